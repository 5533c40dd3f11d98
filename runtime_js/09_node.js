// worky's JS glue, part 9: the Node.js modules `nodejs_compat` (or
// `nodejs_als`) gives a worker. So far: `node:async_hooks`, whose
// AsyncLocalStorage rides on the engine's async context, the same one that
// carries each request's state (00_globals.js): a store is one more entry in a
// new context frame (`contextWith`), so it follows `await`, timers, microtasks
// and promise callbacks as the request does. What workerd leaves unimplemented (enterWith, disable) throws as there.
// src/runtime/loader.rs serves the module from what this file sets aside.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

// 00_globals.js's `contextWith`, lent by 04_serve.js (extension modules import
// only from the entry point's graph root, see src/runtime/extensions.rs).
let frameWith;

/** Takes the helpers this file borrows; called once, by 04_serve.js. */
export function nodeUse(helpers) {
  frameWith = helpers.contextWith;
}

const {
  Error,
  ObjectDefineProperty,
  ReflectApply,
  StringPrototypeSplit,
  Symbol,
  SymbolFor,
} = primordials;

/** Calls `fn` with `frame` as the async context, then puts the previous one back. */
function runIn(frame, fn, thisArg, args) {
  const previous = core.getAsyncContext();
  core.setAsyncContext(frame);
  try {
    return ReflectApply(fn, thisArg, args);
  } finally {
    core.setAsyncContext(previous);
  }
}

function notImplemented(name) {
  return new Error(`asyncLocalStorage.${name}() is not implemented`);
}

class AsyncLocalStorage {
  #key = Symbol("AsyncLocalStorage");
  #name;

  constructor(options) {
    this.#name = options?.name === undefined ? "" : String(options.name);
  }

  get name() {
    return this.#name;
  }

  run(store, fn, ...args) {
    return runIn(frameWith(this.#key, store), fn, undefined, args);
  }

  exit(fn, ...args) {
    return runIn(frameWith(this.#key, undefined), fn, undefined, args);
  }

  getStore() {
    return core.getAsyncContext()?.[this.#key];
  }

  enterWith() {
    throw notImplemented("enterWith");
  }

  disable() {
    throw notImplemented("disable");
  }

  /** `fn`, to be called later in the context it was bound in. */
  static bind(fn) {
    const frame = core.getAsyncContext();
    return function bound(...args) {
      return runIn(frame, fn, this, args);
    };
  }

  /** A function that calls what it is given in the context of this moment. */
  static snapshot() {
    const frame = core.getAsyncContext();
    return (fn, ...args) => runIn(frame, fn, undefined, args);
  }
}
ObjectDefineProperty(AsyncLocalStorage.prototype, "name", { enumerable: true });

class AsyncResource {
  #frame = core.getAsyncContext();
  #type;

  constructor(type) {
    this.#type = type;
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runIn(this.#frame, fn, thisArg, args);
  }

  bind(fn, thisArg) {
    const resource = this;
    return function bound(...args) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args);
    };
  }

  static bind(fn, type, thisArg) {
    return new AsyncResource(type ?? "bound-anonymous-fn").bind(fn, thisArg);
  }

  asyncId() {
    return 0;
  }

  triggerAsyncId() {
    return 0;
  }

  emitDestroy() {
    return this;
  }
}

// Node's async_wrap provider names: workerd lists them, each 0.
const PROVIDERS = "NONE DIRHANDLE DNSCHANNEL ELDHISTOGRAM FILEHANDLE FILEHANDLECLOSEREQ BLOBREADER FSEVENTWRAP " +
  "FSREQCALLBACK FSREQPROMISE GETADDRINFOREQWRAP GETNAMEINFOREQWRAP HEAPSNAPSHOT HTTP2SESSION HTTP2STREAM HTTP2PING " +
  "HTTP2SETTINGS HTTPINCOMINGMESSAGE HTTPCLIENTREQUEST LOCKS JSSTREAM JSUDPWRAP MESSAGEPORT PIPECONNECTWRAP " +
  "PIPESERVERWRAP PIPEWRAP PROCESSWRAP PROMISE QUERYWRAP QUIC_ENDPOINT QUIC_LOGSTREAM QUIC_SESSION QUIC_STREAM " +
  "QUIC_UDP SHUTDOWNWRAP SIGNALWRAP STATWATCHER STREAMPIPE TCPCONNECTWRAP TCPSERVERWRAP TCPWRAP TTYWRAP UDPSENDWRAP " +
  "UDPWRAP SIGINTWATCHDOG WORKER WORKERCPUPROFILE WORKERCPUUSAGE WORKERHEAPPROFILE WORKERHEAPSNAPSHOT " +
  "WORKERHEAPSTATISTICS WRITEWRAP ZLIB CHECKPRIMEREQUEST PBKDF2REQUEST KEYPAIRGENREQUEST KEYGENREQUEST " +
  "KEYEXPORTREQUEST ARGON2REQUEST CIPHERREQUEST DERIVEBITSREQUEST HASHREQUEST RANDOMBYTESREQUEST RANDOMPRIMEREQUEST " +
  "SCRYPTREQUEST SIGNREQUEST TLSWRAP VERIFYREQUEST QUIC_PACKET";
const asyncWrapProviders = { __proto__: null };
for (const name of StringPrototypeSplit(PROVIDERS, " ")) asyncWrapProviders[name] = 0;

const asyncHooks = {
  AsyncLocalStorage,
  AsyncResource,
  asyncWrapProviders,
  // Async hooks themselves do not exist on Workers: a hook that never fires.
  createHook() {
    return {
      enable() {
        return this;
      },
      disable() {
        return this;
      },
    };
  },
  executionAsyncId() {
    return 0;
  },
  triggerAsyncId() {
    return 0;
  },
  executionAsyncResource() {
    return {};
  },
};

// Kept for src/runtime/loader.rs, which makes `node:async_hooks` of it.
globalThis[SymbolFor("worky.node:async_hooks")] = asyncHooks;
