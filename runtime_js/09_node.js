// worky's JS glue, part 9: the Node.js modules `nodejs_compat` (or
// `nodejs_als`) gives a worker.
//
// Each module but one is a script in runtime_js/node/dist (built from npm
// packages by runtime_js/node/build.mjs), loaded the first time the worker
// requires it: an isolate parses only the modules its worker uses, and one
// that never turns the flag on none. The bundler turns every import of a Node.js
// module into a call of `nodeModule` (src/bundle/node_modules.rs), so
// `require()` from CommonJS packages and `import` meet the same objects.
//
// The exception is `node:async_hooks`, here: its AsyncLocalStorage rides on the
// engine's async context, the same one that carries each request's state
// (00_globals.js): a store is one more entry in a new context frame
// (`contextWith`), so it follows `await`, timers, microtasks and promise
// callbacks as the request does. What workerd leaves unimplemented (enterWith,
// disable) throws as there.
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
  JSONParse,
  JSONStringify,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectKeys,
  ReflectApply,
  SafeMap,
  StringPrototypeReplace,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
  Symbol,
  SymbolFor,
  TypeError,
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

// Kept for src/runtime/loader.rs, which makes `node:async_hooks` of it for
// bundles built before the bundler called `nodeModule`.
globalThis[SymbolFor("worky.node:async_hooks")] = asyncHooks;

// ---------------------------------------------------------------------------
// The module registry

/** name (without `node:`) -> { exports } while loading, then its value. */
const modules = new SafeMap();
const loaded = new SafeMap();

/**
 * The value of Node.js module `name`, as `require("node:<name>")` gives it.
 * Modules bundled from ES modules come as a namespace: their default export,
 * with any named export it lacks, is what Node.js's require would give.
 */
function nodeModule(name) {
  if (StringPrototypeStartsWith(name, "node:")) name = StringPrototypeSlice(name, 5);
  const value = loaded.get(name);
  if (value !== undefined) return value;
  if (name === "async_hooks") return asyncHooks;
  const loading = modules.get(name);
  if (loading !== undefined) return loading.exports; // a cycle: CommonJS's partial exports
  // Evaluated here rather than with `core.loadExtScript`: deno_core answers an
  // isolate's first load of an extension script that is not in the startup
  // snapshot by binding every op again (~0.45 MB of functions, for fast calls
  // QuickJS does not have).
  const specifier = `ext:worky_node/${StringPrototypeReplace(name, "/", "_")}.js`;
  const source = op_worky_embedded_source(specifier);
  if (source === null) throw new TypeError(`No such module "node:${name}".`);
  const { 0: factory, 1: error } = core.evalContext(source, specifier);
  if (error !== null) throw error.thrown;
  const module = { exports: {} };
  modules.set(name, module);
  try {
    factory(requireInside, module, module.exports);
  } finally {
    modules.delete(name);
  }
  const result = requireValue(module.exports);
  loaded.set(name, result);
  return result;
}

function requireValue(exports) {
  if (exports === null || typeof exports !== "object" || !exports.__esModule) return exports;
  const value = exports.default;
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    const copy = {};
    for (const key of ObjectKeys(exports)) if (key !== "default") copy[key] = exports[key];
    return copy;
  }
  // Every named export becomes an enumerable member, so that `import * as m`
  // lists what an ES module's namespace would (a class's statics are not).
  for (const key of ObjectKeys(exports)) {
    if (key === "default") continue;
    const own = ObjectGetOwnPropertyDescriptor(value, key);
    if (own !== undefined && (own.enumerable || !own.configurable)) continue;
    try {
      ObjectDefineProperty(value, key, core.propWritable(exports[key]));
    } catch {
      // A frozen default keeps what it has.
    }
  }
  return value;
}

/** `require` inside the modules: other Node.js modules, and worky's host functions. */
function requireInside(specifier) {
  return specifier === "worky:host" ? host : nodeModule(specifier);
}

// What the glue in runtime_js/node/src takes from the runtime.
const {
  op_worky_env,
  op_worky_node_aes,
  op_worky_embedded_source,
  op_worky_node_generate_key_pair,
  op_worky_node_ecdh_convert,
  op_worky_node_ecdh_generate,
  op_worky_node_ecdh_public,
  op_worky_node_ecdh_secret,
  op_worky_node_key_import,
  op_worky_node_key_pkcs1,
  op_worky_node_sign,
  op_worky_node_verify,
  op_worky_node_hash,
  op_worky_node_hash_known,
  op_worky_node_hkdf,
  op_worky_node_hmac,
  op_worky_node_pbkdf2,
  op_worky_node_scrypt,
  op_worky_node_zlib,
  op_base64_decode,
  op_base64_encode_from_buffer,
  op_base64url_decode,
  op_base64url_encode_from_buffer,
} = core.ops;

/** Node.js's util.inspect defaults, on deno's inspector (the one console uses). */
const NODE_INSPECT = { depth: 2, colors: false, compact: 3, quotes: ["'", '"', "`"], trailingComma: false };

const host = {
  ops: {
    aes: op_worky_node_aes,
    generateKeyPair: op_worky_node_generate_key_pair,
    ecdhConvert: op_worky_node_ecdh_convert,
    ecdhGenerate: op_worky_node_ecdh_generate,
    ecdhPublic: op_worky_node_ecdh_public,
    ecdhSecret: op_worky_node_ecdh_secret,
    keyImport: op_worky_node_key_import,
    keyPkcs1: op_worky_node_key_pkcs1,
    sign: op_worky_node_sign,
    verify: op_worky_node_verify,
    hash: op_worky_node_hash,
    hashKnown: op_worky_node_hash_known,
    hkdf: op_worky_node_hkdf,
    hmac: op_worky_node_hmac,
    pbkdf2: op_worky_node_pbkdf2,
    scrypt: op_worky_node_scrypt,
    zlib: op_worky_node_zlib,
    // deno_web's, made for Node.js's Buffer: (bytes, offset, length) -> text.
    base64Encode: op_base64_encode_from_buffer,
    base64urlEncode: op_base64url_encode_from_buffer,
    base64Decode: op_base64_decode,
    base64urlDecode: op_base64url_decode,
    utf8Encode: core.encode,
  },
  console: () => core.loadExtScript("ext:deno_web/01_console.js"),
  inspectDefaults: NODE_INSPECT,
  /** process.env's contents: set by installNode. */
  env: {},
};

/**
 * Gives the worker what `nodejs_compat` adds to the global scope; called by Rust
 * before the worker's module runs. `populateEnv`: whether process.env holds the
 * worker's vars and secrets (Workers' nodejs_compat_populate_process_env);
 * `processV2`: whether `process` is the full one (enable_nodejs_process_v2).
 */
function installNode(populateEnv, processV2) {
  if (populateEnv) {
    // Text as it is, JSON vars as their JSON text, as Workers does.
    const env = JSONParse(op_worky_env());
    for (const key of ObjectKeys(env)) host.env[key] = typeof env[key] === "string" ? env[key] : JSONStringify(env[key]);
  }
  host.processV2 = processV2;
  lazyGlobal("Buffer", () => nodeModule("buffer").Buffer);
  lazyGlobal("process", () => nodeModule("process"));
  lazyGlobal("setImmediate", () => nodeModule("timers").setImmediate);
  lazyGlobal("clearImmediate", () => nodeModule("timers").clearImmediate);
  ObjectDefineProperty(globalThis, "global", { value: globalThis, writable: true, configurable: true });
  globalThis[SymbolFor("worky.node")] = nodeModule;
}

/**
 * A global that loads its module the first time it is read. Read while that
 * module loads (unenv's buffer asks for `globalThis.Buffer` first), it is
 * undefined, and stays lazy.
 */
function lazyGlobal(name, load) {
  const define = (value) =>
    ObjectDefineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  let loading = false;
  ObjectDefineProperty(globalThis, name, {
    get() {
      if (loading) return undefined;
      loading = true;
      let value;
      try {
        value = load();
      } finally {
        loading = false;
      }
      // Undefined: the module is loading already (its own code asked), so later.
      if (value !== undefined) define(value);
      return value;
    },
    set: define,
    configurable: true,
    enumerable: false,
  });
}

export { installNode };
