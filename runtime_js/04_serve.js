// worky's JS glue, part 4, the entry point: the serve loop. Rust calls
// `start()` in every isolate and `serve(namespace)` once the worker's module
// has loaded; serve pulls requests with `op_worky_next_request` and starts a
// handler for each without awaiting it, so one isolate answers many requests
// concurrently, as Workers does.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";
import {
  bindContext,
  contextWith,
  currentRequest,
  currentTraceparent,
  defineGlobal,
  globalScope,
  NO_INTERNET,
  requestDepth,
  runAsRequest,
  socketsRefused,
  startIsolate,
  takeSubrequest,
  traced,
  traceparentOf,
  useOwnOutbound,
  useWebSocketFetch,
  waitUntilOfThisRequest,
} from "ext:worky_runtime/00_globals.js";
import { kvUse, newKVNamespace } from "ext:worky_runtime/01_kv.js";
import {
  ExecutionContext,
  findHandlers,
  installEvents,
  NO_FETCH_HANDLER,
  RpcProperty,
  RpcPromise,
  RpcStub,
  RpcTarget,
  ServiceStub,
  settled,
  useContextWith,
  useLocalStubs,
  useLoopbackExports,
  useWaitUntil,
  workerEnv,
} from "ext:worky_runtime/02_handlers.js";
import {
  abortableCall,
  answerResponse,
  callBody,
  callSignal,
  describe,
  errorDetails,
  headerPairs,
  headerText,
  installRequestCf,
  installResponseInit,
  installResponseType,
  newRequest,
  sendResponse,
  useWebSockets,
  watchClient,
} from "ext:worky_runtime/03_http.js";
import { guardEngine } from "ext:worky_runtime/05_engine.js";
import { installIntl, intlParts } from "ext:worky_runtime/08_intl.js";
import { installNode, nodeUse } from "ext:worky_runtime/09_node.js";
import { installStreamExtras } from "ext:worky_runtime/10_streams.js";
import { installCryptoExtras } from "ext:worky_runtime/16_crypto.js";

useWebSockets({
  // No WebSocket exists before 07_websockets.js is evaluated.
  isWebSocket: (value) => evaluated["07_websockets.js"]?.isWebSocket(value) === true,
  giveAway: (socket) => webSockets().giveAway(socket),
});
useWebSocketFetch((request) => webSockets().fetchWebSocket(request));
useWaitUntil(waitUntilOfThisRequest);
useContextWith(contextWith);
useLocalStubs((target) => rpc().localStub(target));
kvUse({ traced });
nodeUse({ contextWith });
installStreamExtras(defineGlobal, () => lazyModule("28_byte_streams.js"));
installCryptoExtras();
installEvents(defineGlobal);
installRequestCf(defineGlobal);
installResponseInit(defineGlobal);
installResponseType();

const {
  Error,
  JSONParse,
  ObjectAssign,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectKeys,
  ObjectPrototypeIsPrototypeOf,
  ObjectSetPrototypeOf,
  String,
  StringPrototypeEndsWith,
  SymbolFor,
  TypeErrorPrototype,
} = primordials;

const {
  op_worky_next_request,
  op_worky_respond_error,
  op_worky_respond_text,
  op_worky_env,
  op_worky_bindings,
  op_worky_compatibility_flags,
  op_worky_define_lazy,
  op_worky_embedded_source,
} = core.ops;

const { ResponsePrototype } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");

/**
 * V8's serializer for Durable Object storage, queues and workflows. What it
 * cannot take (a function, a symbol: "() => 1 could not be cloned.") is
 * refused with a DataCloneError, as workerd refuses it; deno_core throws a
 * TypeError, which structuredClone converts the same way.
 */
function serializeForStorage(value) {
  try {
    return core.serialize(value, { forStorage: true });
  } catch (error) {
    if (ObjectPrototypeIsPrototypeOf(TypeErrorPrototype, error) && StringPrototypeEndsWith(error.message, " could not be cloned.")) {
      throw new DOMException(error.message, "DataCloneError");
    }
    throw error;
  }
}

/**
 * Answers one request. Whatever the worker does, every request gets an answer:
 * whatever throws below (even describing a `res` whose traps throw) becomes an
 * error reply, so no in-flight slot leaks. One async frame per request, and
 * none for a whole body: they cost the interpreter.
 */
async function handle(handlers, request) {
  const { 0: id, 1: method, 2: url, 3: headers, 4: hasStream, 5: inline, 6: cron, 7: object, 8: clientIp } = request;
  try {
    if (object !== null) return await objectIsolate().serveObject(request, handlers.exported, handlers.env);
    if (cron !== null) return await runScheduled(handlers, id, cron);
    const special = request[10];
    if (special !== null) {
      if (special[0] === "queue") return await lazyModule("21_queues.js").runQueue(handlers, id, special);
      if (special[0] === "workflow") return await lazyModule("23_workflows.js").runWorkflow(handlers, id, special);
      if (special[0] === "email") return await lazyModule("27_email.js").runEmail(handlers, request);
      return await lazyModule("19_services.js").serveEntrypoint(handlers, request);
    }
    if (handlers.fetch === null) {
      op_worky_respond_error(id, "no-handler", NO_FETCH_HANDLER, null);
      return;
    }
    const ctx = new ExecutionContext();
    bindContext(ctx);
    const incoming = newRequest(id, method, url, headers, hasStream, inline, clientIp);
    const clientGone = compatibilityFlags().enable_request_signal ? watchClient(incoming) : undefined;
    const res = await handlers.fetch(incoming, ctx);
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
    const pumping = sendResponse(id, res, clientGone);
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
    await settled(ctx);
  } catch (error) {
    const [message, stack] = errorDetails(error);
    op_worky_respond_error(id, "exception", message, stack);
    return;
  }
  const headers = headerText([["content-type", "text/plain; charset=utf-8"]]);
  const text = `Ran scheduled event (cron "${cron}")\n`;
  op_worky_respond_text(id, 200, headers, headers.length, text, text.length, false);
}

/**
 * Called by Rust once the worker module has evaluated. Throws synchronously if
 * the module has no handler; otherwise serves until Rust closes the inbox.
 */
function serve(namespace) {
  const env = ObjectAssign(workerEnv, JSONParse(op_worky_env()));
  const bindings = op_worky_bindings();
  // KV bindings are objects on `env`; the first namespace is also the global `KV`.
  for (const name of bindings.kv) env[name] = newKVNamespace(name);
  if (bindings.kv.length > 0 && !("KV" in globalThis)) {
    ObjectDefineProperty(globalThis, "KV", core.propWritable(env[bindings.kv[0]]));
  }
  if (bindings.d1.length > 0) {
    const { D1Database } = lazyModule("18_d1.js");
    for (const name of bindings.d1) env[name] = new D1Database(name);
  }
  if (bindings.r2.length > 0) {
    const { R2Bucket } = lazyModule("20_r2.js");
    for (const name of bindings.r2) env[name] = new R2Bucket(name);
  }
  if (bindings.queues.length > 0) {
    const { WorkerQueue } = lazyModule("21_queues.js");
    for (const name of bindings.queues) env[name] = new WorkerQueue(name);
  }
  if (bindings.analytics.length > 0) {
    const { AnalyticsEngineDataset } = lazyModule("22_analytics.js");
    for (const name of bindings.analytics) env[name] = new AnalyticsEngineDataset(name);
  }
  if (bindings.rateLimits.length > 0) {
    const { RateLimit } = lazyModule("24_rate_limits.js");
    for (const { 0: name, 1: limit, 2: period } of bindings.rateLimits) env[name] = new RateLimit(name, limit, period);
  }
  if (bindings.workflows.length > 0) {
    const { Workflow } = lazyModule("23_workflows.js");
    for (const name of bindings.workflows) env[name] = new Workflow(name);
  }
  if (bindings.versionMetadata !== null) {
    const { 0: name, 1: id, 2: tag, 3: timestamp } = bindings.versionMetadata;
    env[name] = { id, tag, timestamp };
  }
  if (bindings.images !== null) env[bindings.images] = new (lazyModule("29_images.js").ImagesBinding)();
  if (bindings.hyperdrive.length > 0) {
    const { Hyperdrive } = lazyModule("13_sockets.js");
    for (const { 0: name, 1: connection } of bindings.hyperdrive) env[name] = new Hyperdrive(name, connection);
  }
  if (bindings.services.length > 0) {
    const { newServiceFetcher } = lazyModule("19_services.js");
    for (const name of bindings.services) env[name] = newServiceFetcher(name);
  }
  for (const { 0: name, 1: destination, 2: destinations, 3: senders } of bindings.sendEmail) {
    env[name] = new (lazyModule("27_email.js").SendEmail)(name, destination, destinations, senders);
  }
  for (const { 0: name, 1: secretName, 2: value } of bindings.secretsStore) {
    env[name] = new (lazyModule("25_secrets_store.js").SecretsStoreSecret)(secretName, value);
  }
  if (bindings.dispatch.length > 0) {
    const { DispatchNamespace } = lazyModule("19_services.js");
    for (const name of bindings.dispatch) env[name] = new DispatchNamespace(name);
  }
  if (bindings.assets !== null) env[bindings.assets] = lazyModule("19_services.js").newAssetsFetcher();
  if (bindings.workerLoaders.length > 0) {
    const { WorkerLoader } = lazyModule("30_loaders.js");
    for (const name of bindings.workerLoaders) env[name] = new WorkerLoader(name);
  }
  if (bindings.objects.length > 0) ObjectAssign(env, durableObjects().objectBindings(namespace, bindings.objects));
  loopbackSource = [namespace, bindings.objects];
  if (ctxExportsOn()) {
    ObjectDefineProperty(ExecutionContext.prototype, "exports", { get: ctxExports, configurable: true });
    useLoopbackExports(ctxExports);
  }
  // Bindings of kinds worky lacks: touching one says so, rather than `undefined`.
  for (const { 0: name, 1: kind } of bindings.unsupported) {
    ObjectDefineProperty(env, name, {
      get() {
        throw new Error(`env.${name} is a ${kind} binding, which worky does not support yet`);
      },
      enumerable: true,
      configurable: true,
    });
  }
  const handlers = findHandlers(namespace, env);
  handlers.exported = namespace;
  handlers.env = env;
  // The service-worker syntax has no `env`: each binding is a global, as on
  // workerd (from the first event on; the script itself ran before).
  if (handlers.serviceWorker === true) {
    for (const name in env) {
      // The property as it is (a binding worky lacks throws only when read).
      if (!(name in globalThis)) ObjectDefineProperty(globalThis, name, ObjectGetOwnPropertyDescriptor(env, name));
    }
  }
  (async () => {
    while (true) {
      const next = await op_worky_next_request();
      if (next === null) return;
      // Everything the handler starts counts against this request (next[3]: its headers).
      runAsRequest(next[3], next[9], () => handle(handlers, next));
    }
  })();
}

// worky's modules that few workers use, and the globals they give. Their JS is
// evaluated on a worker's first read of one of those globals instead of being
// restored into every isolate's heap; until then each global is a data property
// that makes its value when first read (src/runtime/ops/lazy.rs), so a worker
// sees it as any other (tests/workerd/platform_globals.js). Each row: the file,
// the object that holds the property (null: the global scope's prototype, where
// workerd has its Web API classes, 00_globals.js; "globalThis": the global object
// itself; else a global's name), the property, whether it is enumerable and
// whether it is fixed (not writable nor configurable: the one the
// `cloudflare:sockets` module takes, src/runtime/loader.rs). A lazy module's
// first use in an isolate runs it from the engine's bytecode cache, which still
// costs time on a wake-up, so what many workers use at load stays in the
// snapshot: Intl, the Node.js layer.
const LAZY = [
  ["11_html.js", null, "HTMLRewriter", true, false],
  ["12_cache.js", null, "Cache", true, false],
  ["12_cache.js", null, "CacheStorage", true, false],
  ["12_cache.js", "globalThis", "caches", true, false],
  ["13_sockets.js", "globalThis", SymbolFor("worky.cloudflare:sockets"), false, true],
  ["07_websockets.js", null, "WebSocket", true, false],
  ["07_websockets.js", null, "WebSocketPair", true, false],
  ["07_websockets.js", null, "WebSocketRequestResponsePair", true, false],
  ["07_websockets.js", null, "CloseEvent", true, false],
  ["17_event_source.js", null, "EventSource", true, false],
  ["15_duration_format.js", "Intl", "DurationFormat", false, false],
];

/** Defines the lazy properties; per isolate (the snapshot has none of them; Intl is made in `start` first). */
function installLazy() {
  for (let i = 0; i < LAZY.length; i++) {
    const { 0: file, 1: within, 2: key, 3: enumerable, 4: fixed } = LAZY[i];
    const holder = within === null ? globalScope : globalThis[within];
    if (!op_worky_define_lazy(holder, key, () => lazyModule(file)[key], enumerable, !fixed, !fixed)) {
      throw new Error(`worky could not define ${within ?? "globalThis"}[${String(key)}]`);
    }
  }
  // Read-only and enumerable, as workerd has it; the worker's flags, frozen.
  if (!op_worky_define_lazy(globalThis.Cloudflare, "compatibilityFlags", compatibilityFlags, true, false, true)) {
    throw new Error("worky could not define Cloudflare.compatibilityFlags");
  }
}

const evaluated = { __proto__: null };

let flagsOfWorker;

/** The worker's compatibility flags, each on or off (src/bundle/compatibility.rs), frozen; read once. */
function compatibilityFlags() {
  flagsOfWorker ??= ObjectFreeze(ObjectSetPrototypeOf(JSONParse(op_worky_compatibility_flags()), null));
  return flagsOfWorker;
}

// --- ctx.exports: loopback bindings to the worker's own exports ---------------

// The binding name of loopback calls (src/runtime/services.rs LOOPBACK).
const LOOPBACK = "\0loopback";
// [module namespace, Durable Object bindings], set by `serve`.
let loopbackSource = null;
let loopback = null;

/** Whether `ctx.exports` is there (`enable_ctx_exports`, on by date from 2025-11-17). */
function ctxExportsOn() {
  return compatibilityFlags().enable_ctx_exports === true;
}

/**
 * `ctx.exports`, made on first use: for each export, a Durable Object
 * namespace when it is a class of one of the worker's own Durable Object
 * bindings, otherwise (a class, a function, a handler object) a service
 * binding to that export of this very worker, as workerd makes them.
 */
function ctxExports() {
  if (loopback !== null) return loopback;
  const { 0: namespace, 1: objects } = loopbackSource;
  const made = {};
  for (const name of ObjectKeys(namespace)) {
    const value = namespace[name];
    let object = null;
    for (let i = 0; i < objects.length; i++) {
      if (objects[i][1] === name && objects[i][3] === null) object = objects[i];
    }
    if (object !== null) {
      made[name] = durableObjects().objectBindings(namespace, [[name, name, object[2], null]])[name];
    } else if (typeof value === "function" || (typeof value === "object" && value !== null)) {
      made[name] = lazyModule("19_services.js").newServiceFetcher(LOOPBACK, name);
    }
  }
  return (loopback = made);
}

/**
 * What worky's `file` (a function of core, primordials and `LENT`) returns,
 * evaluated once per isolate.
 */
function lazyModule(file) {
  if (evaluated[file] !== undefined) return evaluated[file];
  const specifier = `ext:worky_runtime/${file}`;
  const { 0: factory, 1: error } = core.evalContext(op_worky_embedded_source(specifier), specifier);
  if (error !== null) throw error.thrown;
  const exports = factory(core, primordials, LENT);
  return (evaluated[file] = exports);
}

function webSockets() {
  return lazyModule("07_websockets.js");
}

function durableObjects() {
  return lazyModule("06_objects.js");
}

function objectIsolate() {
  return lazyModule("14_object_isolate.js");
}

function rpc() {
  return lazyModule("26_rpc.js");
}

function services() {
  return lazyModule("19_services.js");
}

// What the other parts lend the lazy modules (the parts import only core).
const LENT = ObjectFreeze({
  ExecutionContext,
  settled,
  newRequest,
  sendResponse,
  callBody,
  callSignal,
  abortableCall,
  answerResponse: (answer, signal) => answerResponse(answer, (socket) => webSockets().socketFor(socket), signal),
  errorDetails,
  headerText,
  headerPairs,
  traced,
  traceparentOf,
  currentTraceparent,
  currentRequest,
  defineGlobal,
  // As it is before any worker code runs: a worker cannot slow Durable Objects' gates down.
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  webSockets,
  durableObjects,
  rpc,
  services,
  useOwnOutbound,
  socketsRefused,
  NO_INTERNET,
  RpcTarget,
  RpcStub,
  RpcPromise,
  RpcProperty,
  ServiceStub,
  SymbolDispose: Symbol.dispose,
  takeSubrequest,
  requestDepth,
  intl: intlParts,
  ctxExportsOn,
  ctxExports,
  compatibilityFlags,
  serializeForStorage,
});

// Rust takes these (and removes them) when it starts an isolate: `start` runs
// per isolate (also after restoring a startup snapshot), `installNode` before
// the module of a worker with `nodejs_compat` runs, `installDynamic` before a
// Dynamic Worker's module runs, `serve` once it has loaded.
function start() {
  startIsolate();
  guardEngine();
  installIntl();
  installLazy();
}

/** A Dynamic Worker's env and way out, before its module runs (30_loaders.js). */
function installDynamic() {
  lazyModule("30_loaders.js").becomeDynamic(workerEnv);
}

globalThis[SymbolFor("worky.internal")] = { start, serve, installNode, installDynamic };
