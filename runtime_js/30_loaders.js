// worky's JS glue, part 30: Worker Loaders (Dynamic Workers), as workerd has
// them (tests/workerd/worker_loader.js). `env.LOADER.get(id, getCode)` is a
// WorkerStub for the Dynamic Worker `id`: `getCode()` runs when this isolate
// first calls it, and again if it had to let it go (src/runtime/loaders.rs);
// `load(code)` is a new one each time. `getEntrypoint(name, { props })` is a
// Fetcher to one of its exports (fetch and JS RPC, 19_services.js), with
// `ctx.props`. The code is checked here with workerd's words, then built and
// started in Rust (op_worky_loader_load). Its `env` crosses as structured-clone
// bytes; the Fetchers in it (this worker's service bindings and ctx.exports
// entrypoints) become service bindings of the Dynamic Worker (`becomeDynamic`,
// run in its isolate before its module).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has a Worker Loader binding, or is a Dynamic Worker
// (04_serve.js `lazyModule`): a function of what it needs, not a module.
// `runtime` is 04_serve.js `LENT`.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayIsArray,
  ArrayPrototypePush,
  Error,
  JSONStringify,
  Map,
  MapPrototype,
  MapPrototypeDelete,
  MapPrototypeGet,
  MapPrototypeSet,
  NumberIsInteger,
  ObjectDefineProperty,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototype,
  ObjectPrototypeIsPrototypeOf,
  RegExpPrototypeTest,
  SafeMap,
  SafeMapIterator,
  SafeSetIterator,
  Set,
  SetPrototype,
  String,
  StringPrototypeEndsWith,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
} = primordials;
const { op_worky_loader_has, op_worky_loader_load, op_worky_dynamic_env } = core.ops;
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");
const WebAssemblyModulePrototype = globalThis.WebAssembly.Module.prototype;

// The largest env a Dynamic Worker may be given (workerd's bound).
const MAX_ENV_BYTES = 1024 * 1024;
// A Fetcher in an env's bytes: `{ [FETCHER]: n }`, its n-th service binding.
const FETCHER = "__workyEnvFetcher";
// The binding name of a Dynamic Worker's n-th env Fetcher (runtime/loaders.rs).
const envServiceName = (n) => `\0env:${n}`;
// A loopback call's binding (src/runtime/services.rs LOOPBACK).
const LOOPBACK = "\0loopback";
const MODULE_KINDS = ["js", "cjs", "text", "data", "json", "py", "wasm"];
const TRANSFER_REFUSED = "Entrypoints to dynamically-loaded workers cannot be transferred to other Workers, " +
  "because the system does not know how to reload this Worker from scratch. Instead, have the parent Worker " +
  "expose an entrypoint which constructs the dynamic worker and forwards to it.";

function notCloned(value) {
  return new DOMException(`${String(value)} could not be cloned.`, "DataCloneError");
}

// --- The code, checked --------------------------------------------------------

function bytesOf(value, what) {
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, value)) return new Uint8Array(value.slice(0));
  if (ArrayBufferIsView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw new TypeError(`${what} must be an ArrayBuffer or an ArrayBufferView`);
}

/** A module as `[name, kind, text or null, byte length or null]`, its bytes kept in `chunks`. */
function moduleOf(name, content, chunks) {
  if (typeof content === "string") {
    if (StringPrototypeEndsWith(name, ".js")) return [name, "js", content, null];
    if (StringPrototypeEndsWith(name, ".py")) throw pythonRefused(name);
    const base = "Module name must end with '.js' or '.py' (or the content must be an object indicating the type " +
      `explicitly). Got: ${name}`;
    const typescript = StringPrototypeEndsWith(name, ".ts") || StringPrototypeEndsWith(name, ".tsx") ||
      StringPrototypeEndsWith(name, ".jsx");
    throw new TypeError(
      typescript
        ? `${base}. If you're trying to load TypeScript, bundle it first with '@cloudflare/worker-bundler' and pass ` +
          "the generated JavaScript modules."
        : base,
    );
  }
  if (ObjectPrototypeIsPrototypeOf(WebAssemblyModulePrototype, content)) throw compiledWasmRefused(name);
  if (content === null || typeof content !== "object") {
    throw new TypeError(`Module '${name}' must be a string or an object`);
  }
  let count = 0;
  for (let i = 0; i < MODULE_KINDS.length; i++) {
    if (content[MODULE_KINDS[i]] !== undefined) count++;
  }
  if (count !== 1) {
    throw new TypeError(
      "Each module must contain exactly one of 'js', 'cjs', 'text', 'data', 'json', 'py', or 'wasm'. " +
        `Module '${name}' contained ${count} properties.`,
    );
  }
  if (content.js !== undefined) return [name, "js", String(content.js), null];
  if (content.cjs !== undefined) return [name, "cjs", String(content.cjs), null];
  if (content.text !== undefined) return [name, "text", String(content.text), null];
  if (content.json !== undefined) return [name, "json", JSONStringify(content.json), null];
  if (content.py !== undefined) throw pythonRefused(name);
  const kind = content.data !== undefined ? "data" : "wasm";
  if (kind === "wasm" && ObjectPrototypeIsPrototypeOf(WebAssemblyModulePrototype, content.wasm)) throw compiledWasmRefused(name);
  const bytes = bytesOf(content[kind], `Module '${name}'s ${kind}`);
  ArrayPrototypePush(chunks, bytes);
  return [name, kind, null, bytes.length];
}

function pythonRefused(name) {
  return new TypeError(`Module '${name}' is a Python module: worky does not run Python Workers.`);
}

function compiledWasmRefused(name) {
  return new TypeError(
    `Module '${name}' is a compiled WebAssembly.Module: worky takes a wasm module's bytes ({ wasm: bytes }).`,
  );
}

/** A `limits` member (workerd's ResourceLimits: a uint32), or null when not given. */
function limitOf(value, name) {
  if (value === undefined) return null;
  if (typeof value === "number" && value < 0) {
    throw new TypeError("The value cannot be converted because it is negative and this API expects a positive number.");
  }
  if (typeof value !== "number" || !NumberIsInteger(value) || value > 0xffffffff) {
    throw new TypeError(`limits.${name} must be a whole number from 0 to 4294967295`);
  }
  return value;
}

function strings(list) {
  const out = [];
  for (let i = 0; i < list.length; i++) ArrayPrototypePush(out, String(list[i]));
  return out;
}

function concat(chunks) {
  let length = 0;
  for (let i = 0; i < chunks.length; i++) length += chunks[i].length;
  const all = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    all.set(chunks[i], at);
    at += chunks[i].length;
  }
  return all;
}

/**
 * `code` (workerd's WorkerCode) checked and made ready for the op, or the
 * error workerd throws for it: `[spec, module bytes, env bytes, env
 * Fetchers, outbound]`.
 */
function prepare(code) {
  if (code === null || typeof code !== "object") throw new TypeError("The Dynamic Worker's code must be an object");
  const date = code.compatibilityDate;
  if (typeof date !== "string" || !RegExpPrototypeTest(/^\d{4}-\d{2}-\d{2}$/, date)) {
    throw new Error(`Invalid compatibility date: ${date}`);
  }
  const flags = code.compatibilityFlags === undefined ? [] : code.compatibilityFlags;
  if (!ArrayIsArray(flags)) throw new TypeError("compatibilityFlags must be an array of strings");
  const modules = code.modules;
  if (modules === null || typeof modules !== "object") throw new TypeError("modules must be an object");
  const names = ObjectKeys(modules);
  if (names.length === 0) throw new TypeError("Dynamic Worker code must contain at least one module.");
  if (code.tails !== undefined || code.streamingTails !== undefined) {
    throw new TypeError("Tail Workers of a Dynamic Worker (tails, streamingTails) are not supported by worky.");
  }
  const chunks = [];
  const specs = [];
  for (let i = 0; i < names.length; i++) ArrayPrototypePush(specs, moduleOf(names[i], modules[names[i]], chunks));
  const services = [];
  const env = code.env === undefined ? {} : code.env;
  const envBytes = runtime.durableObjects().serialize(marked(env, services, true));
  if (envBytes.length > MAX_ENV_BYTES) {
    throw new Error(
      `Dynamic Worker env size (${envBytes.length} bytes) exceeds the maximum allowed size of ${MAX_ENV_BYTES} bytes.`,
    );
  }
  let outbound = ["inherit", null];
  if (code.globalOutbound === null) {
    outbound = ["none", null];
  } else if (code.globalOutbound !== undefined) {
    const mark = marked(code.globalOutbound, services, true);
    if (mark === null || typeof mark !== "object" || typeof mark[FETCHER] !== "number") {
      throw new TypeError("globalOutbound must be a Fetcher (a service binding or a ctx.exports entrypoint) or null");
    }
    outbound = ["service", mark[FETCHER]];
  }
  const limits = code.limits === undefined || code.limits === null
    ? null
    : [limitOf(code.limits.cpuMs, "cpuMs"), limitOf(code.limits.subRequests, "subRequests")];
  const spec = {
    compatibilityDate: date,
    compatibilityFlags: strings(flags),
    mainModule: String(code.mainModule),
    modules: specs,
    limits,
  };
  return [spec, concat(chunks), envBytes, services, outbound];
}

/**
 * `value` for a Dynamic Worker: data as it is (copied where it holds
 * Fetchers), each Fetcher replaced by its mark and listed in `services` as
 * `[binding, export]`; what cannot be passed throws workerd's DataCloneError.
 * Fetchers only where `fetchers` (an env; props carry data alone).
 */
function marked(value, services, fetchers) {
  if (typeof value === "function") throw notCloned(value);
  if (value === null || typeof value !== "object") return value;
  const target = runtime.services().fetcherTarget(value);
  if (target !== undefined) {
    if (target.dynamic === true) throw new DOMException(TRANSFER_REFUSED, "DataCloneError");
    if (!fetchers) {
      throw new DOMException("worky passes data alone in a Dynamic Worker's props, not bindings.", "DataCloneError");
    }
    const isExport = target.binding === LOOPBACK;
    if (!isExport && target.script !== null) {
      throw new DOMException("A dispatch namespace's Fetcher cannot be passed to a Dynamic Worker.", "DataCloneError");
    }
    ArrayPrototypePush(services, [target.binding, isExport ? target.script : null]);
    return { [FETCHER]: services.length - 1 };
  }
  if (ArrayIsArray(value)) {
    const copy = [];
    for (let i = 0; i < value.length; i++) copy[i] = marked(value[i], services, fetchers);
    return copy;
  }
  if (ObjectPrototypeIsPrototypeOf(MapPrototype, value)) {
    const copy = new Map();
    for (const { 0: key, 1: item } of new SafeMapIterator(value)) {
      copy.set(marked(key, services, fetchers), marked(item, services, fetchers));
    }
    return copy;
  }
  if (ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
    const copy = new Set();
    for (const item of new SafeSetIterator(value)) copy.add(marked(item, services, fetchers));
    return copy;
  }
  if (runtime.durableObjects().isObjectStub(value) || ObjectPrototypeIsPrototypeOf(runtime.RpcTarget.prototype, value)) {
    throw new DOMException(
      "worky passes data, service bindings and ctx.exports entrypoints to a Dynamic Worker, not a Durable Object " +
        "stub or an RpcTarget.",
      "DataCloneError",
    );
  }
  const proto = ObjectGetPrototypeOf(value);
  if (proto !== ObjectPrototype && proto !== null) return value;
  const copy = {};
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) copy[keys[i]] = marked(value[keys[i]], services, fetchers);
  return copy;
}

// --- The binding ----------------------------------------------------------------

// Numbers for workers loaded without an id: each is a worker of its own.
let anonymous = 0;

function illegalConstructor() {
  throw new TypeError("Illegal constructor");
}

/** `env.LOADER`: a Worker Loader binding. */
class WorkerLoader {
  #binding;

  constructor(binding) {
    this.#binding = binding;
  }

  /** The Dynamic Worker `name` (a new one when null), its code from `getCode()` when needed. */
  get(name, getCode) {
    if (typeof getCode !== "function") throw new TypeError("The code getter must be a function");
    const id = name === null || name === undefined ? `a:${++anonymous}` : `n:${String(name)}`;
    const label = name === null || name === undefined ? "anonymous" : String(name);
    return newWorkerStub(this.#binding, id, label, async () => prepare(await getCode()));
  }

  /** A new Dynamic Worker running `code`. */
  load(code) {
    const prepared = prepare(code);
    return newWorkerStub(this.#binding, `a:${++anonymous}`, "anonymous", () => prepared);
  }
}
ObjectDefineProperty(WorkerLoader.prototype, SymbolToStringTag, { value: "WorkerLoader", configurable: true });

/** What `get` and `load` answer: the Dynamic Worker, whose entrypoints a caller picks. */
class WorkerStub {
  #entrypoint;

  constructor(key, entrypoint) {
    if (key !== MAKING) illegalConstructor();
    this.#entrypoint = entrypoint;
  }

  /** A Fetcher to export `name` (the default export when none), whose `ctx.props` are `options.props`. */
  getEntrypoint(name = undefined, options = undefined) {
    if (options?.limits !== undefined) {
      throw new TypeError(
        "worky applies a Dynamic Worker's limits to the whole worker (the `limits` of its code), not to one entrypoint.",
      );
    }
    const exportName = name === undefined || name === null || name === "default" ? null : String(name);
    const props = options?.props === undefined ? null : runtime.durableObjects().serialize(marked(options.props, [], false));
    return this.#entrypoint(exportName, props);
  }

  getDurableObjectClass(_name = undefined, _options = undefined) {
    throw new Error("getDurableObjectClass() (a Dynamic Worker's Durable Object facets) is not supported by worky yet.");
  }
}
ObjectDefineProperty(WorkerStub.prototype, SymbolToStringTag, { value: "WorkerStub", configurable: true });
const MAKING = Symbol("worky.workerStub");

// `binding\0id` -> the load in progress: calls at once, through any stub of
// the id, share one.
const loading = new SafeMap();

function newWorkerStub(binding, id, label, getPrepared) {
  const key = `${binding}\0${id}`;
  // Loads the worker when this isolate does not have it.
  const ready = () => {
    if (op_worky_loader_has(binding, id)) return undefined;
    let load = MapPrototypeGet(loading, key);
    if (load === undefined) {
      load = (async () => {
        try {
          const { 0: spec, 1: bytes, 2: env, 3: services, 4: outbound } = await getPrepared();
          await op_worky_loader_load(binding, id, `${binding}:${label}`, spec, bytes, env, services, outbound);
        } finally {
          MapPrototypeDelete(loading, key);
        }
      })();
      MapPrototypeSet(loading, key, load);
    }
    return load;
  };
  const entrypoint = (exportName, props) =>
    runtime.services().newServiceFetcher(binding, id, { export: exportName, props, ready, dynamic: true });
  return new WorkerStub(MAKING, entrypoint);
}

// --- In the Dynamic Worker --------------------------------------------------------

/** `value` from its env bytes, each mark replaced by its Fetcher. */
function unmarked(value) {
  if (value === null || typeof value !== "object") return value;
  if (typeof value[FETCHER] === "number" && ObjectKeys(value).length === 1) {
    return runtime.services().newServiceFetcher(envServiceName(value[FETCHER]));
  }
  if (ArrayIsArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unmarked(value[i]);
    return value;
  }
  if (ObjectPrototypeIsPrototypeOf(MapPrototype, value)) {
    const entries = [];
    for (const entry of new SafeMapIterator(value)) ArrayPrototypePush(entries, entry);
    value.clear();
    for (let i = 0; i < entries.length; i++) value.set(unmarked(entries[i][0]), unmarked(entries[i][1]));
    return value;
  }
  if (ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
    const items = [];
    for (const item of new SafeSetIterator(value)) ArrayPrototypePush(items, item);
    value.clear();
    for (let i = 0; i < items.length; i++) value.add(unmarked(items[i]));
    return value;
  }
  const proto = ObjectGetPrototypeOf(value);
  if (proto !== ObjectPrototype && proto !== null) return value;
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) value[keys[i]] = unmarked(value[keys[i]]);
  return value;
}

/**
 * Makes this isolate the Dynamic Worker it was started as: `env` gets what
 * the loading worker passed, and fetch() goes where its `globalOutbound` says
 * (nowhere: workerd's error; a Fetcher: that Fetcher).
 */
function becomeDynamic(env) {
  const given = op_worky_dynamic_env();
  if (given === null) return;
  const { 0: bytes, 1: outbound, 2: n } = given;
  const value = unmarked(runtime.durableObjects().deserialize(bytes));
  if (value !== null && typeof value === "object") {
    const keys = ObjectKeys(value);
    for (let i = 0; i < keys.length; i++) env[keys[i]] = value[keys[i]];
  }
  if (outbound === "none") {
    runtime.useOwnOutbound(async () => {
      throw new Error(runtime.NO_INTERNET);
    });
  } else if (outbound === "service") {
    // Each fetch() was counted as a subrequest already: its way out is not another.
    const fetcher = runtime.services().newServiceFetcher(envServiceName(n), null, { counted: false });
    runtime.useOwnOutbound((request) => fetcher.fetch(request));
  }
}

return { WorkerLoader, becomeDynamic };
})
