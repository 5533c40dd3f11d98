// worky's JS glue, part 6: Durable Objects, as any isolate of a worker with
// Durable Object bindings holds them: namespaces (`env.ROOMS`), ids and stubs.
// A stub's `fetch` and RPC calls go through `op_worky_object_call` to the
// version's object isolate (src/runtime/objects), where 14_object_isolate.js
// runs the objects themselves.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker with Durable Object bindings starts (04_serve.js
// `durableObjects`), not restored into every isolate: a function of what it
// needs, not a module. The base classes of `cloudflare:workers` are
// 02_handlers.js's. `runtime` is what the other parts lend (04_serve.js `LENT`):
// here 00_globals.js's `traced`, `traceparentOf`, `currentTraceparent`,
// 03_http.js's `headerText`, `headerPairs`, `callBody`, `answerResponse`, and
// `webSockets()`, 07_websockets.js's exports.

(function (core, primordials, runtime) {
"use strict";

const {
  Error,
  EvalError,
  ObjectPrototypeIsPrototypeOf,
  RangeError,
  ReferenceError,
  SafeWeakSet,
  String,
  Symbol,
  SyntaxError,
  TypeError,
  Uint8Array,
  URIError,
} = primordials;

const {
  op_worky_object_call,
  op_worky_object_check_id,
  op_worky_object_id_from_name,
  op_worky_object_unique_id,
} = core.ops;
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");

const INTERNAL = Symbol("worky.internal");

// --- Ids and namespaces ------------------------------------------------------

class DurableObjectId {
  #class;
  #id;
  #name;

  constructor(key, className, id, name) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#class = className;
    this.#id = id;
    this.#name = name;
  }

  toString() {
    return this.#id;
  }

  equals(other) {
    return other instanceof DurableObjectId && other.#id === this.#id;
  }

  get name() {
    return this.#name;
  }

  static classOf(id) {
    return id.#class;
  }
}

function stringArgument(value, method) {
  if (typeof value !== "string") {
    throw new TypeError(
      `Failed to execute '${method}' on 'DurableObjectNamespace': parameter 1 is not of type 'string'.`,
    );
  }
  return value;
}

class DurableObjectNamespace {
  #class;

  constructor(key, className) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#class = className;
  }

  idFromName(name) {
    stringArgument(name, "idFromName");
    return new DurableObjectId(INTERNAL, this.#class, op_worky_object_id_from_name(this.#class, name), name);
  }

  newUniqueId(_options = undefined) {
    return new DurableObjectId(INTERNAL, this.#class, op_worky_object_unique_id(this.#class), undefined);
  }

  idFromString(id) {
    stringArgument(id, "idFromString");
    return new DurableObjectId(INTERNAL, this.#class, op_worky_object_check_id(this.#class, id), undefined);
  }

  get(id, _options = undefined) {
    if (!(id instanceof DurableObjectId) || DurableObjectId.classOf(id) !== this.#class) {
      throw new TypeError("Durable Object ID is not valid for this namespace.");
    }
    return newStub(this.#class, id);
  }

  getByName(name, options = undefined) {
    stringArgument(name, "getByName");
    return this.get(this.idFromName(name), options);
  }

  jurisdiction(_name) {
    return this;
  }
}

// --- Stubs: fetch and JS RPC ---------------------------------------------------

function targetOf(className, id) {
  return [className, id.toString(), id.name ?? null];
}

async function objectFetch(className, id, input, init) {
  const request = new Request(input, init);
  const signal = runtime.callSignal(input, init);
  signal?.throwIfAborted();
  const { 0: body, 1: streamed } = await runtime.callBody(request);
  const headerText = runtime.headerText([...request.headers]);
  const answer = await runtime.abortableCall(signal, runtime.traced("object", "fetch", className, (span) =>
    op_worky_object_call(
      targetOf(className, id),
      null,
      request.method,
      request.url,
      headerText,
      body,
      streamed ?? 0,
      span === null ? runtime.currentTraceparent() : runtime.traceparentOf(span),
    )));
  return runtime.answerResponse(answer, signal);
}

const ERRORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

/** What crosses back for an exception: its class name, message and stack. */
function errorRecord(error) {
  if (ObjectPrototypeIsPrototypeOf(DOMException.prototype, error)) {
    return { [INTERNAL_ERROR]: true, name: error.name, message: error.message, stack: error.stack, dom: true };
  }
  if (error instanceof Error) {
    return { [INTERNAL_ERROR]: true, name: error.name, message: error.message, stack: error.stack };
  }
  return { [INTERNAL_ERROR]: true, value: error };
}
const INTERNAL_ERROR = "__workyRpcError";

function revive(record) {
  if (record === null || typeof record !== "object" || record[INTERNAL_ERROR] !== true) return record;
  if ("value" in record) return record.value;
  if (record.dom === true) return new DOMException(record.message, record.name);
  // An error of another class arrives as an Error naming it in its message, as workerd's do.
  if (!(record.name in ERRORS)) return new Error(`${record.name}: ${record.message}`);
  return new ERRORS[record.name](record.message);
}

function serialize(value) {
  return runtime.serializeForStorage(value);
}

function deserialize(bytes) {
  return core.deserialize(bytes, { forStorage: true });
}

async function rpc(className, id, kind, member, args) {
  return runtime.rpc().exchange(args, (bytes, entries) =>
    runtime.traced("object", String(member), className, (span) =>
      op_worky_object_call(
        targetOf(className, id),
        [kind, member, entries],
        "POST",
        "http://rpc.worky/",
        "",
        bytes,
        0,
        span === null ? runtime.currentTraceparent() : runtime.traceparentOf(span),
      )));
}

/** A member of a stub: a method to call, or (awaited) a property to read. */
function rpcMember(className, id, member) {
  return runtime.rpc().rpcValue(
    () => rpc(className, id, "get", member, []),
    (args) => rpc(className, id, "call", member, args),
    runtime.RpcProperty,
  );
}

// Every stub made here, for JS RPC to tell one (26_rpc.js passes it by reference).
const stubs = new SafeWeakSet();

function isObjectStub(value) {
  return stubs.has(value);
}

function newStub(className, id) {
  const stub = {
    id,
    name: id.name,
    fetch: (input, init = undefined) => objectFetch(className, id, input, init),
  };
  const proxy = new Proxy(stub, {
    get(target, property) {
      if (property in target) return target[property];
      // Not thenable: `await stub` is the stub itself.
      if (typeof property === "symbol" || property === "then") return undefined;
      return rpcMember(className, id, property);
    },
  });
  stubs.add(proxy);
  return proxy;
}
// --- Bindings and the module -----------------------------------------------------

// className -> true when it has SQLite storage; set per isolate by `objectBindings`.
const objectClasses = {};

function isSqlite(className) {
  return objectClasses[className] === true;
}

/**
 * The worker's Durable Object namespaces for `env`, from its `bindings`
 * (`op_worky_bindings().objects`); throws if the module does not export a class a
 * binding names (the worker then does not start).
 */
function objectBindings(exported, bindings) {
  const namespaces = {};
  for (const { 0: name, 1: className, 2: sqlite, 3: script } of bindings) {
    // A class only in [[migrations]]: none in env (ctx.exports makes its
    // namespace); one the worker no longer exports is left alone.
    if (name === "") {
      if (typeof exported[className] === "function") objectClasses[className] = sqlite;
      continue;
    }
    // Another worker's class (`script_name`): its objects are that worker's.
    if (script !== null) {
      namespaces[name] = new DurableObjectNamespace(INTERNAL, className);
      continue;
    }
    if (typeof exported[className] !== "function") {
      throw new TypeError(
        `Durable Object binding ${name} names the class ${className}, which the worker does not export`,
      );
    }
    objectClasses[className] = sqlite;
    namespaces[name] = new DurableObjectNamespace(INTERNAL, className);
  }
  return namespaces;
}

// What the object isolate's part (14_object_isolate.js) shares.
return { objectBindings, isSqlite, isObjectStub, DurableObjectId, INTERNAL, serialize, deserialize, errorRecord, revive };
})
