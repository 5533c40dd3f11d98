// worky's JS glue. Its top level runs once per isolate, or once in all when a
// startup snapshot is made (so it must be snapshot-safe):
//  1. installs the Workers global set from the deno extension crates;
//  2. leaves `start()` (per-isolate setup) and `serve(namespace)` for Rust:
//     serve finds the worker's handler and pulls requests from Rust with async
//     ops, answering each one concurrently.
// Extension code must be 7-bit ASCII.

import { core, internals, primordials } from "ext:core/mod.js";
import { newKVNamespace } from "ext:worky_runtime/kv.js";

const {
  ArrayBufferIsView,
  ArrayPrototypePush,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  ObjectSetPrototypeOf,
  PromisePrototypeThen,
  SafePromiseAll,
  StringPrototypeSplit,
  Symbol,
  SymbolFor,
  TypeError,
  Uint8Array,
  ArrayBufferPrototype,
} = primordials;

const {
  op_worky_next_request,
  op_worky_read_body,
  op_worky_respond,
  op_worky_respond_text,
  op_worky_write_body,
  op_worky_end_body,
  op_worky_respond_error,
  op_worky_env,
  op_worky_console_color,
  op_worky_kv_namespaces,
} = core.ops;

// --- 1. Globals -------------------------------------------------------------

// deno_fetch loads tracing modules unless these are present; worky has no tracing.
const noop = () => {};
internals.__telemetry = {
  TRACING_ENABLED: false,
  PROPAGATORS: [],
  builtinTracer: noop,
  ContextManager: { active: noop },
  DID_NOT_ENTER: undefined,
  enterSpan: noop,
  exitSpan: noop,
};
internals.__telemetryUtil = {
  updateSpanFromClientResponse: noop,
  updateSpanFromError: noop,
  updateSpanFromRequest: noop,
};
// deno_crypto brands CryptoKeys with this symbol; it must exist before it loads.
internals.kKeyObject = Symbol("kKeyObject");

const load = (specifier) => core.loadExtScript(specifier);
const webidl = load("ext:deno_webidl/00_webidl.js");
const domException = load("ext:deno_web/01_dom_exception.js");
const url = load("ext:deno_web/00_url.js");
const urlPattern = load("ext:deno_web/01_urlpattern.js");
const event = load("ext:deno_web/02_event.js");
const timers = load("ext:deno_web/02_timers.js");
const abortSignal = load("ext:deno_web/03_abort_signal.js");
const globalInterfaces = load("ext:deno_web/04_global_interfaces.js");
const base64 = load("ext:deno_web/05_base64.js");
const streams = load("ext:deno_web/06_streams.js");
const encoding = load("ext:deno_web/08_text_encoding.js");
const file = load("ext:deno_web/09_file.js");
const messagePort = load("ext:deno_web/13_message_port.js");
const compression = load("ext:deno_web/14_compression.js");
const performance = load("ext:deno_web/15_performance.js");
const consoleModule = load("ext:deno_web/01_console.js");
const crypto = load("ext:deno_crypto/00_crypto.js");
const headers = load("ext:deno_fetch/20_headers.js");
const formData = load("ext:deno_fetch/21_formdata.js");
const body = load("ext:deno_fetch/22_body.js");
const request = load("ext:deno_fetch/23_request.js");
const response = load("ext:deno_fetch/23_response.js");
const fetch = load("ext:deno_fetch/26_fetch.js");

// Ops throw DOMExceptions by class name (crypto, streams, abort).
for (
  const name of [
    "AbortError",
    "DataError",
    "IndexSizeError",
    "InvalidAccessError",
    "InvalidCharacterError",
    "InvalidStateError",
    "NetworkError",
    "NotSupportedError",
    "OperationError",
    "QuotaExceededError",
    "SyntaxError",
    "TimeoutError",
    "TypeMismatchError",
  ]
) {
  core.registerErrorBuilder(
    "DOMException" + name,
    (message) => new domException.DOMException(message, name),
  );
}

// Classes are non-enumerable, functions enumerable, as on the web.
const classes = {
  AbortController: abortSignal.AbortController,
  AbortSignal: abortSignal.AbortSignal,
  Blob: file.Blob,
  ByteLengthQueuingStrategy: streams.ByteLengthQueuingStrategy,
  CompressionStream: compression.CompressionStream,
  CountQueuingStrategy: streams.CountQueuingStrategy,
  Crypto: crypto.Crypto,
  CryptoKey: crypto.CryptoKey,
  CustomEvent: event.CustomEvent,
  DecompressionStream: compression.DecompressionStream,
  DOMException: domException.DOMException,
  ErrorEvent: event.ErrorEvent,
  Event: event.Event,
  EventTarget: event.EventTarget,
  File: file.File,
  FormData: formData.FormData,
  Headers: headers.Headers,
  MessageChannel: messagePort.MessageChannel,
  MessageEvent: event.MessageEvent,
  MessagePort: messagePort.MessagePort,
  Performance: performance.Performance,
  PromiseRejectionEvent: event.PromiseRejectionEvent,
  ReadableByteStreamController: streams.ReadableByteStreamController,
  ReadableStream: streams.ReadableStream,
  ReadableStreamBYOBReader: streams.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: streams.ReadableStreamBYOBRequest,
  ReadableStreamDefaultController: streams.ReadableStreamDefaultController,
  ReadableStreamDefaultReader: streams.ReadableStreamDefaultReader,
  Request: request.Request,
  Response: response.Response,
  SubtleCrypto: crypto.SubtleCrypto,
  TextDecoder: encoding.TextDecoder,
  TextDecoderStream: encoding.TextDecoderStream,
  TextEncoder: encoding.TextEncoder,
  TextEncoderStream: encoding.TextEncoderStream,
  TransformStream: streams.TransformStream,
  TransformStreamDefaultController: streams.TransformStreamDefaultController,
  URL: url.URL,
  URLPattern: urlPattern.URLPattern,
  URLSearchParams: url.URLSearchParams,
  WritableStream: streams.WritableStream,
  WritableStreamDefaultController: streams.WritableStreamDefaultController,
  WritableStreamDefaultWriter: streams.WritableStreamDefaultWriter,
};
for (const name in classes) {
  ObjectDefineProperty(globalThis, name, core.propNonEnumerable(classes[name]));
}

const functions = {
  atob: base64.atob,
  btoa: base64.btoa,
  clearInterval: timers.clearInterval,
  clearTimeout: timers.clearTimeout,
  fetch: fetch.fetch,
  performance: performance.performance,
  reportError: event.reportError,
  setInterval: timers.setInterval,
  setTimeout: timers.setTimeout,
  structuredClone: messagePort.structuredClone,
};
for (const name in functions) {
  ObjectDefineProperty(globalThis, name, core.propWritable(functions[name]));
}

// Native objects behind `crypto` cannot exist at snapshot time: create on first use.
ObjectDefineProperty(globalThis, "crypto", {
  get() {
    return crypto.crypto;
  },
  enumerable: true,
  configurable: true,
});

ObjectDefineProperty(globalThis, "self", core.propGetterOnly(() => globalThis));

// globalThis is an EventTarget, so `addEventListener("fetch", ...)` works.
ObjectSetPrototypeOf(globalThis, globalInterfaces.WorkerGlobalScope.prototype);
globalThis[webidl.brand] = webidl.brand;
event.setEventTargetData(globalThis);
event.saveGlobalThisReference(globalThis);

// --- Per-isolate start (after the snapshot point) ---------------------------

function startIsolate() {
  performance.setTimeOrigin();
  const color = op_worky_console_color();
  consoleModule.setNoColorFns(() => !color, () => !color);
  ObjectDefineProperty(
    globalThis,
    "console",
    core.propNonEnumerable(
      new consoleModule.Console((message, level) => core.print(message, level > 1)),
    ),
  );
  // An exception or rejection nobody handled is logged, and the isolate goes on
  // serving, as in Workers.
  core.setUnhandledPromiseRejectionHandler((_promise, reason) => {
    globalThis.console.error("Uncaught (in promise)", reason);
    return true;
  });
  core.setReportExceptionCallback((error) => {
    globalThis.console.error("Uncaught", error);
  });
  // Internals are for the bootstrap only: user code sees the Workers globals.
  delete globalThis.Deno;
  delete globalThis.__bootstrap;
}

// --- 2. Serving requests ------------------------------------------------------

const { InnerBody } = body;
const { newInnerRequest, fromInnerRequest } = request;
const { toInnerResponse, wireHeaderList, ResponsePrototype } = response;
const { ReadableStream, isReadableStream } = streams;
const EMPTY = new Uint8Array(0);
// Strings up to this many UTF-16 units go to Rust as strings (a 3x buffer on the
// Rust side); longer ones are encoded first.
const TEXT_IN_ONE_WRITE = 1 << 20;

class ExecutionContext {
  #pending = [];

  /** Keeps work running after the response went out; failures are logged. */
  waitUntil(promise) {
    const tracked = PromisePrototypeThen(
      promise,
      undefined,
      (error) => globalThis.console.error("Uncaught (in waitUntil)", error),
    );
    this.#pending.push(tracked);
  }

  /** Accepted for compatibility: worky has no origin to fall back to. */
  passThroughOnException() {}

  get props() {
    return {};
  }

  settled() {
    return SafePromiseAll(this.#pending);
  }
}

/** The `fetch` event of the service-worker syntax. */
class FetchEvent extends event.Event {
  #request;
  #ctx;
  #response = null;

  constructor(request, ctx) {
    super("fetch");
    this.#request = request;
    this.#ctx = ctx;
  }

  get request() {
    return this.#request;
  }

  respondWith(response) {
    if (this.#response !== null) {
      throw new TypeError("respondWith() was already called for this request");
    }
    this.#response = response;
  }

  waitUntil(promise) {
    this.#ctx.waitUntil(promise);
  }

  passThroughOnException() {}

  get responded() {
    return this.#response;
  }
}

ObjectDefineProperty(globalThis, "FetchEvent", core.propNonEnumerable(FetchEvent));

/** The `scheduled` event of the service-worker syntax. */
class ScheduledEvent extends event.Event {
  #controller;
  #ctx;

  constructor(controller, ctx) {
    super("scheduled");
    this.#controller = controller;
    this.#ctx = ctx;
  }

  get scheduledTime() {
    return this.#controller.scheduledTime;
  }

  get cron() {
    return this.#controller.cron;
  }

  noRetry() {}

  waitUntil(promise) {
    this.#ctx.waitUntil(promise);
  }
}

ObjectDefineProperty(globalThis, "ScheduledEvent", core.propNonEnumerable(ScheduledEvent));

const NO_FETCH_HANDLER = "The worker has no fetch handler. Export one:\n" +
  "  export default { async fetch(request, env, ctx) { return new Response(\"ok\"); } }\n" +
  "or use the service-worker syntax: addEventListener(\"fetch\", (event) => event.respondWith(...))";

/**
 * The worker's handlers, from the module's default export or from event
 * listeners: `{ fetch, scheduled }`, either possibly null.
 */
function findHandlers(namespace, env) {
  const exported = namespace.default;
  if (exported != null && (typeof exported.fetch === "function" || typeof exported.scheduled === "function")) {
    return {
      fetch: typeof exported.fetch === "function" ? (req, ctx) => exported.fetch(req, env, ctx) : null,
      scheduled: typeof exported.scheduled === "function"
        ? (controller, ctx) => exported.scheduled(controller, env, ctx)
        : null,
    };
  }
  const listeners = (type) => event.listenerCount(globalThis, type) > 0;
  if (listeners("fetch") || listeners("scheduled")) {
    return {
      fetch: listeners("fetch")
        ? (req, ctx) => {
          const fetchEvent = new FetchEvent(req, ctx);
          globalThis.dispatchEvent(fetchEvent);
          if (fetchEvent.responded === null) {
            throw new TypeError(
              "No response: the \"fetch\" event listener did not call event.respondWith()",
            );
          }
          return fetchEvent.responded;
        }
        : null,
      scheduled: listeners("scheduled")
        ? (controller, ctx) => {
          globalThis.dispatchEvent(new ScheduledEvent(controller, ctx));
        }
        : null,
    };
  }
  throw new TypeError(NO_FETCH_HANDLER);
}

function requestBody(id) {
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      const chunk = await op_worky_read_body(id);
      if (chunk.byteLength === 0) {
        controller.close();
        // A BYOB reader waits on its request until it is answered.
        controller.byobRequest?.respond(0);
      } else {
        controller.enqueue(chunk);
      }
    },
  });
}

/** `name\0value\0...` (from op_worky_next_request) as deno_fetch's header list. */
function headerPairs(text) {
  const parts = StringPrototypeSplit(text, "\0");
  const list = [];
  for (let i = 0; i + 1 < parts.length; i += 2) ArrayPrototypePush(list, [parts[i], parts[i + 1]]);
  return list;
}

function newRequest(id, method, url, headers, hasStream, inline) {
  let body = null;
  if (inline !== null) {
    // Read ahead by the server: a static body, streamed only if the worker asks for .body.
    body = new InnerBody({ body: inline, consumed: false });
    body.length = inline.byteLength;
  } else if (hasStream) {
    body = new InnerBody(requestBody(id));
  }
  // Split only if the handler reads the headers.
  const inner = newInnerRequest(method, url, () => headerPairs(headers), body, false);
  return fromInnerRequest(inner, "immutable");
}

function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object") {
    const name = value.constructor?.name;
    return name ? `an object of type ${name}` : "an object";
  }
  return `a ${typeof value}`;
}

function toBytes(chunk) {
  if (typeof chunk === "string") return core.encode(chunk);
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, chunk)) {
    return new Uint8Array(chunk);
  }
  if (ArrayBufferIsView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  throw new TypeError(
    `A response body stream yielded ${describe(chunk)}; chunks must be Uint8Array, ArrayBuffer or string`,
  );
}

/**
 * A header list as one string for the respond ops, `name\0value\0...` (NUL never
 * occurs in headers): one string crosses into Rust cheaply, many small ones do not.
 */
function headerText(list) {
  let text = "";
  for (let i = 0; i < list.length; i++) text += list[i][0] + "\0" + list[i][1] + "\0";
  return text;
}

/**
 * Sends `res`. A whole body (none, a string, bytes) is sent at once and nothing is
 * returned; a stream body returns the promise of pumping it (an async frame per
 * request costs the interpreter, so only streams get one).
 */
function sendResponse(id, res) {
  const inner = toInnerResponse(res);
  if (inner.type === "error") {
    throw new TypeError("The handler returned Response.error(), a network error");
  }
  const headers = headerText(wireHeaderList(inner));
  const innerBody = inner.body;
  if (innerBody === null) {
    op_worky_respond(id, inner.status, headers, headers.length, EMPTY, false);
    return undefined;
  }
  if (innerBody.unusable()) {
    throw new TypeError("The response body was already read or is locked");
  }
  const source = innerBody.streamOrStatic;
  if (!isReadableStream(source)) {
    // A string or bytes: sent whole, without building a stream.
    source.consumed = true;
    const whole = source.body;
    if (typeof whole === "string" && whole.length <= TEXT_IN_ONE_WRITE) {
      op_worky_respond_text(id, inner.status, headers, headers.length, whole, whole.length);
    } else {
      op_worky_respond(id, inner.status, headers, headers.length, toBytes(whole), false);
    }
    return undefined;
  }
  op_worky_respond(id, inner.status, headers, headers.length, EMPTY, true);
  return pumpBody(id, source);
}

/** Streams a response body to the client chunk by chunk. */
async function pumpBody(id, source) {
  const reader = source.getReader();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(await op_worky_write_body(id, toBytes(value)))) {
        // The client went away: stop producing.
        await reader.cancel("client disconnected");
        op_worky_end_body(id, null);
        return;
      }
    }
    op_worky_end_body(id, null);
  } catch (error) {
    op_worky_end_body(id, String(error?.message ?? error));
    globalThis.console.error("Uncaught (in response body stream)", error);
  }
}

function errorDetails(error) {
  if (error instanceof Error || (error !== null && typeof error === "object" && "stack" in error)) {
    const message = `${error.name ?? "Error"}: ${error.message ?? ""}`;
    return [message, typeof error.stack === "string" ? error.stack : message];
  }
  const message = `Uncaught ${describe(error)}: ${String(error)}`;
  return [message, null];
}

async function handle(handlers, [id, method, url, headers, hasStream, inline, cron]) {
  if (cron !== null) return runScheduled(handlers, id, cron);
  if (handlers.fetch === null) {
    op_worky_respond_error(id, "no-handler", NO_FETCH_HANDLER, null);
    return;
  }
  const ctx = new ExecutionContext();
  let res;
  try {
    res = await handlers.fetch(newRequest(id, method, url, headers, hasStream, inline), ctx);
  } catch (error) {
    const [message, stack] = errorDetails(error);
    op_worky_respond_error(id, "exception", message, stack);
    return;
  }
  if (!ObjectPrototypeIsPrototypeOf(ResponsePrototype, res)) {
    op_worky_respond_error(
      id,
      "not-a-response",
      `The fetch handler returned ${describe(res)} instead of a Response. ` +
        "Return a Response (or a Promise of one), e.g. `return new Response(\"ok\")`.",
      null,
    );
    return;
  }
  try {
    const pumping = sendResponse(id, res);
    if (pumping !== undefined) await pumping;
  } catch (error) {
    const [message, stack] = errorDetails(error);
    op_worky_respond_error(id, "exception", message, stack);
  }
}

/** Runs the scheduled handler and its waitUntil work, then answers the trigger. */
async function runScheduled(handlers, id, cron) {
  if (handlers.scheduled === null) {
    op_worky_respond_error(id, "no-handler", "The worker has no scheduled handler", null);
    return;
  }
  const ctx = new ExecutionContext();
  const controller = { scheduledTime: Date.now(), cron, noRetry() {} };
  try {
    await handlers.scheduled(controller, ctx);
    await ctx.settled();
  } catch (error) {
    const [message, stack] = errorDetails(error);
    op_worky_respond_error(id, "exception", message, stack);
    return;
  }
  const headers = headerText([["content-type", "text/plain; charset=utf-8"]]);
  const text = `Ran scheduled event (cron "${cron}")\n`;
  op_worky_respond_text(id, 200, headers, headers.length, text, text.length);
}

/**
 * Called by Rust once the worker module has evaluated. Throws synchronously if
 * the module has no handler; otherwise serves until Rust closes the inbox.
 */
function serve(namespace) {
  const env = op_worky_env();
  // KV bindings are objects on `env`; the first namespace is also the global `KV`.
  const kvNamespaces = op_worky_kv_namespaces();
  for (const name of kvNamespaces) env[name] = newKVNamespace(name);
  if (kvNamespaces.length > 0 && !("KV" in globalThis)) {
    ObjectDefineProperty(globalThis, "KV", core.propWritable(env[kvNamespaces[0]]));
  }
  const handlers = findHandlers(namespace, env);
  (async () => {
    while (true) {
      const next = await op_worky_next_request();
      if (next === null) return;
      handle(handlers, next);
    }
  })();
}

// Rust takes these (and removes them) when it starts an isolate: `start` runs
// per isolate (also after restoring a startup snapshot), `serve` once the
// worker's module has loaded.
globalThis[SymbolFor("worky.internal")] = { start: startIsolate, serve };
