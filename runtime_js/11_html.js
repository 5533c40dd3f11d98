// worky's JS glue, part 11: HTMLRewriter, on Cloudflare's lol_html (the Rust half,
// src/runtime/ops/html_rewriter.rs, says how async handlers work). A transform
// pulls the source body one chunk at a time, so the response streams: a large
// page is never held whole. Behaviour next to workerd's:
// tests/workerd/html_rewriter.js.
// Extension code must be 7-bit ASCII.

// Evaluated on a worker's first use of `HTMLRewriter` (04_serve.js `installLazy`),
// not restored into every isolate: a function of what it needs, not a module.

(function (core, primordials) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayPrototypePush,
  Error,
  ErrorPrototype,
  FunctionPrototypeCall,
  ObjectDefineProperties,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  PromisePrototypeCatch,
  RegExpPrototypeExec,
  String,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
} = primordials;

const {
  op_worky_html_selector,
  op_worky_html_start,
  op_worky_html_write,
  op_worky_html_end,
  op_worky_html_call,
  op_worky_html_done,
  op_worky_html_output,
  op_worky_html_close,
} = core.ops;

const { Response, ResponsePrototype } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { ReadableStream, ReadableStreamPrototype, readableStreamDisturb } = core.loadExtScript(
  "ext:deno_web/06_streams.js",
);

const NO_LONGER_VALID = "This content token is no longer valid. Content tokens are only valid during the " +
  "execution of the relevant content handler.";

/** `{html: true}` in a content method's options. */
function isHtml(options) {
  return options !== undefined && options !== null && !!options.html;
}

/** Content given as a body (a Response or a ReadableStream): read before it is inserted. */
function isBodyContent(content) {
  return ObjectPrototypeIsPrototypeOf(ResponsePrototype, content) ||
    ObjectPrototypeIsPrototypeOf(ReadableStreamPrototype, content);
}

/** workerd's message for assigning to one of a token's read-only properties. */
function readOnly(name, type) {
  return () => {
    throw new TypeError(`Cannot assign to read only property '${name}' of object '#<${type}>'`);
  };
}

/**
 * A content token: valid while its handler runs; each method acts on lol_html's
 * live token. As on workerd, a token's properties are its own (accessors),
 * its methods the prototype's, and every one throws once the handler is done.
 */
class Token {
  #transform;
  /** Content methods given a body, and those called after one: applied in order when the handler is done. */
  #queued = [];
  constructor(transform) {
    this.#transform = transform;
  }
  /** Throws unless this token's handler is running. */
  _check() {
    this.#transform.check(this);
  }
  /** Sends a method call to the rewriter's coroutine; its answer. */
  _call(call) {
    return this.#transform.call(this, call);
  }
  /** Keeps an onEndTag callback; its number for the rewriter. */
  _register(handler) {
    return this.#transform.callbackId(handler);
  }
  _content(method, content, options) {
    this._check();
    const html = isHtml(options);
    if (isBodyContent(content) || this.#queued.length > 0) {
      ArrayPrototypePush(this.#queued, { method, content, html });
    } else {
      this._call({ method, content: String(content), html });
    }
    return this;
  }
  /** Applies queued content, reading the bodies among it. */
  async _flush() {
    for (let i = 0; i < this.#queued.length; i++) {
      const { method, content, html } = this.#queued[i];
      let text;
      if (ObjectPrototypeIsPrototypeOf(ResponsePrototype, content)) text = await content.text();
      else if (isBodyContent(content)) text = await new Response(content).text();
      else text = String(content);
      this._call({ method, content: text, html });
    }
    this.#queued = [];
  }
  _hasQueued() {
    return this.#queued.length > 0;
  }
}

/** Iterates an element's attributes as [name, value] pairs. */
class AttributeIterator {
  #pairs;
  #next = 0;
  constructor(pairs) {
    this.#pairs = pairs;
  }
  next() {
    if (this.#next >= this.#pairs.length) return { done: true };
    return { done: false, value: this.#pairs[this.#next++] };
  }
  [SymbolIterator]() {
    return this;
  }
}

class Element extends Token {
  constructor(transform) {
    super(transform);
    ObjectDefineProperties(this, Element.#properties);
  }
  static #properties = {
    tagName: {
      get() {
        return this._call({ method: "tagName" });
      },
      set(value) {
        this._call({ method: "setTagName", value: String(value) });
      },
      enumerable: true,
    },
    attributes: {
      get() {
        return new AttributeIterator(this._call({ method: "attributes" }));
      },
      set: readOnly("attributes", "Element"),
      enumerable: true,
    },
    namespaceURI: {
      get() {
        return this._call({ method: "namespaceUri" });
      },
      set: readOnly("namespaceURI", "Element"),
      enumerable: true,
    },
    removed: {
      get() {
        return this._call({ method: "removed" });
      },
      set: readOnly("removed", "Element"),
      enumerable: true,
    },
  };
  getAttribute(name) {
    return this._call({ method: "getAttribute", name: String(name) });
  }
  hasAttribute(name) {
    return this._call({ method: "hasAttribute", name: String(name) });
  }
  setAttribute(name, value) {
    this._call({ method: "setAttribute", name: String(name), value: String(value) });
    return this;
  }
  removeAttribute(name) {
    this._call({ method: "removeAttribute", name: String(name) });
    return this;
  }
  before(content, options) {
    return this._content("before", content, options);
  }
  after(content, options) {
    return this._content("after", content, options);
  }
  prepend(content, options) {
    return this._content("prepend", content, options);
  }
  append(content, options) {
    return this._content("append", content, options);
  }
  setInnerContent(content, options) {
    return this._content("setInnerContent", content, options);
  }
  replace(content, options) {
    return this._content("replace", content, options);
  }
  remove() {
    this._call({ method: "remove" });
    return this;
  }
  removeAndKeepContent() {
    this._call({ method: "removeAndKeepContent" });
    return this;
  }
  onEndTag(handler) {
    this._check();
    if (typeof handler !== "function") {
      throw new TypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'function'.");
    }
    this._call({ method: "onEndTag", callback: this._register(handler) });
  }
}

class EndTag extends Token {
  #name;
  constructor(transform, name) {
    super(transform);
    this.#name = name;
    ObjectDefineProperties(this, EndTag.#properties);
  }
  static #properties = {
    name: {
      get() {
        this._check();
        return this.#name;
      },
      set(value) {
        this._call({ method: "setName", value: String(value) });
        this.#name = String(value);
      },
      enumerable: true,
    },
  };
  before(content, options) {
    return this._content("before", content, options);
  }
  after(content, options) {
    return this._content("after", content, options);
  }
  remove() {
    this._call({ method: "remove" });
    return this;
  }
}

class Comment extends Token {
  #text;
  constructor(transform, text) {
    super(transform);
    this.#text = text;
    ObjectDefineProperties(this, Comment.#properties);
  }
  static #properties = {
    text: {
      get() {
        this._check();
        return this.#text;
      },
      set(value) {
        this._call({ method: "setText", value: String(value) });
        this.#text = String(value);
      },
      enumerable: true,
    },
    removed: {
      get() {
        return this._call({ method: "removed" });
      },
      set: readOnly("removed", "Comment"),
      enumerable: true,
    },
  };
  before(content, options) {
    return this._content("before", content, options);
  }
  after(content, options) {
    return this._content("after", content, options);
  }
  replace(content, options) {
    return this._content("replace", content, options);
  }
  remove() {
    this._call({ method: "remove" });
    return this;
  }
}

class Text extends Token {
  #text;
  #last;
  constructor(transform, text, last) {
    super(transform);
    this.#text = text;
    this.#last = last;
    ObjectDefineProperties(this, Text.#properties);
  }
  static #properties = {
    text: {
      get() {
        this._check();
        return this.#text;
      },
      set: readOnly("text", "Text"),
      enumerable: true,
    },
    lastInTextNode: {
      get() {
        this._check();
        return this.#last;
      },
      set: readOnly("lastInTextNode", "Text"),
      enumerable: true,
    },
    removed: {
      get() {
        return this._call({ method: "removed" });
      },
      set: readOnly("removed", "Text"),
      enumerable: true,
    },
  };
  before(content, options) {
    return this._content("before", content, options);
  }
  after(content, options) {
    return this._content("after", content, options);
  }
  replace(content, options) {
    return this._content("replace", content, options);
  }
  remove() {
    this._call({ method: "remove" });
    return this;
  }
}

class Doctype extends Token {
  #name;
  #publicId;
  #systemId;
  constructor(transform, name, publicId, systemId) {
    super(transform);
    this.#name = name;
    this.#publicId = publicId;
    this.#systemId = systemId;
    ObjectDefineProperties(this, Doctype.#properties);
  }
  static #properties = {
    name: {
      get() {
        this._check();
        return this.#name;
      },
      set: readOnly("name", "Doctype"),
      enumerable: true,
    },
    publicId: {
      get() {
        this._check();
        return this.#publicId;
      },
      set: readOnly("publicId", "Doctype"),
      enumerable: true,
    },
    systemId: {
      get() {
        this._check();
        return this.#systemId;
      },
      set: readOnly("systemId", "Doctype"),
      enumerable: true,
    },
  };
}

class DocumentEnd extends Token {
  append(content, options) {
    return this._content("append", content, options);
  }
}

/** One transform: the rewriter's coroutine and the handlers it calls. */
class Transform {
  id;
  current = null;
  thrown = undefined;
  #elements;
  #documents;
  #callbacks = [];

  constructor(elements, documents, charset) {
    this.#elements = elements;
    this.#documents = documents;
    const elementSpecs = [];
    for (let i = 0; i < elements.length; i++) {
      const { selector, element, comments, text } = elements[i];
      ArrayPrototypePush(elementSpecs, {
        selector,
        element: element !== undefined,
        comments: comments !== undefined,
        text: text !== undefined,
      });
    }
    const documentSpecs = [];
    for (let i = 0; i < documents.length; i++) {
      const { doctype, comments, text, end } = documents[i];
      ArrayPrototypePush(documentSpecs, {
        doctype: doctype !== undefined,
        comments: comments !== undefined,
        text: text !== undefined,
        end: end !== undefined,
      });
    }
    this.id = op_worky_html_start(elementSpecs, documentSpecs, charset);
  }

  check(token) {
    if (this.current !== token) throw new TypeError(NO_LONGER_VALID);
  }

  call(token, call) {
    this.check(token);
    const { value } = op_worky_html_call(this.id, call);
    if (value !== null && typeof value === "object" && value.error !== undefined) {
      throw new TypeError(`Parser error: ${value.error}`);
    }
    return value;
  }

  callbackId(handler) {
    ArrayPrototypePush(this.#callbacks, handler);
    return this.#callbacks.length - 1;
  }

  /** The token and the handler (with its `this`) for an event. */
  #dispatch(step) {
    switch (step.kind) {
      case "element": {
        const registration = this.#elements[step.index];
        return [new Element(this), registration.element, registration.handlers];
      }
      case "comment": {
        const registration = step.document ? this.#documents[step.index] : this.#elements[step.index];
        return [new Comment(this, step.text), registration.comments, registration.handlers];
      }
      case "text": {
        const registration = step.document ? this.#documents[step.index] : this.#elements[step.index];
        return [new Text(this, step.text, step.lastInTextNode), registration.text, registration.handlers];
      }
      case "doctype": {
        const registration = this.#documents[step.index];
        const token = new Doctype(this, step.name, step.publicId, step.systemId);
        return [token, registration.doctype, registration.handlers];
      }
      case "end": {
        const registration = this.#documents[step.index];
        return [new DocumentEnd(this), registration.end, registration.handlers];
      }
      case "endTag":
        return [new EndTag(this, step.name), this.#callbacks[step.callback], undefined];
    }
    throw new TypeError(`HTMLRewriter: unexpected step ${step.kind}`);
  }

  /** Runs handlers until lol_html wants input again (or has finished). */
  async run(step) {
    while (step.kind !== "need" && step.kind !== "finished") {
      const { 0: token, 1: handler, 2: thisArg } = this.#dispatch(step);
      this.current = token;
      let failed = false;
      try {
        const result = FunctionPrototypeCall(handler, thisArg, token);
        if (result !== null && typeof result === "object" && typeof result.then === "function") await result;
        if (token._hasQueued()) await token._flush();
      } catch (error) {
        failed = true;
        // What the rewritten body errors with: an Error, as on workerd.
        this.thrown = ObjectPrototypeIsPrototypeOf(ErrorPrototype, error) ? error : new Error(String(error));
      }
      this.current = null;
      step = op_worky_html_done(this.id, failed ? String(this.thrown.message) : null);
    }
    return step;
  }
}

/** A source body chunk as bytes. */
function chunkBytes(chunk) {
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, chunk)) return new Uint8Array(chunk);
  if (ArrayBufferIsView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("This TransformStream is being used as a byte stream, but received a string on its writable side.");
}

/** The charset a content-type names, utf-8 when it names none. */
function charsetOf(contentType) {
  if (contentType === null) return "utf-8";
  const match = RegExpPrototypeExec(/;\s*charset\s*=\s*"?([^";\s]+)/i, contentType);
  return match === null ? "utf-8" : match[1];
}

/** The rewritten body: each pull feeds the rewriter source chunks until it has output. */
function rewrittenBody(source, transform) {
  const reader = source.getReader();
  // The source response's body is now the rewriter's: bodyUsed, as on workerd.
  readableStreamDisturb(source);
  const id = transform.id;
  let closed = false;
  const close = () => {
    if (!closed) op_worky_html_close(id);
    closed = true;
  };
  return new ReadableStream({
    async pull(controller) {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          let step = done ? op_worky_html_end(id) : op_worky_html_write(id, chunkBytes(value));
          step = await transform.run(step);
          const output = op_worky_html_output(id);
          if (step.kind === "finished") {
            close();
            if (step.error !== null) throw transform.thrown !== undefined ? transform.thrown : new TypeError(step.error);
            if (output.byteLength > 0) controller.enqueue(output);
            controller.close();
            return;
          }
          if (output.byteLength > 0) {
            controller.enqueue(output);
            return;
          }
        }
      } catch (error) {
        close();
        PromisePrototypeCatch(reader.cancel(error), () => {});
        throw error;
      }
    },
    cancel(reason) {
      close();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

const ELEMENT_HANDLERS = ["element", "comments", "text"];
const DOCUMENT_HANDLERS = ["doctype", "comments", "text", "end"];

/** The handler functions of `.on()`'s or `.onDocument()`'s second argument, read once, as workerd does. */
function handlersOf(handlers, method, type, names) {
  if (handlers === null) return {};
  if (typeof handlers !== "object" && typeof handlers !== "function") {
    throw new TypeError(`Failed to execute '${method}' on 'HTMLRewriter': parameter ${method === "on" ? 2 : 1} is not of type '${type}'.`);
  }
  const found = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const handler = handlers[name];
    if (handler === undefined) continue;
    if (typeof handler !== "function") {
      throw new TypeError(`Incorrect type for the '${name}' field on '${type}': the provided value is not of type 'function'.`);
    }
    found[name] = handler;
  }
  return found;
}

class HTMLRewriter {
  #elements = [];
  #documents = [];

  on(selector, handlers) {
    if (selector === undefined) {
      throw new TypeError("Failed to execute 'on' on 'HTMLRewriter': parameter 1 is not of type 'string'.");
    }
    selector = String(selector);
    op_worky_html_selector(selector);
    const { element, comments, text } = handlersOf(handlers, "on", "ElementContentHandlers", ELEMENT_HANDLERS);
    ArrayPrototypePush(this.#elements, { selector, element, comments, text, handlers });
    return this;
  }

  onDocument(handlers) {
    const { doctype, comments, text, end } = handlersOf(handlers, "onDocument", "DocumentContentHandlers", DOCUMENT_HANDLERS);
    ArrayPrototypePush(this.#documents, { doctype, comments, text, end, handlers });
    return this;
  }

  transform(response) {
    if (!ObjectPrototypeIsPrototypeOf(ResponsePrototype, response)) {
      throw new TypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.");
    }
    const source = response.body;
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (source === null) return new Response(null, init);
    const transform = new Transform([...this.#elements], [...this.#documents], charsetOf(response.headers.get("content-type")));
    const rewritten = new Response(rewrittenBody(source, transform), init);
    rewritten.headers.delete("content-length");
    return rewritten;
  }

  get [SymbolToStringTag]() {
    return "HTMLRewriter";
  }
}

return { HTMLRewriter };
})
