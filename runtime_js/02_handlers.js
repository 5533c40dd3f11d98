// worky's JS glue, part 2: the handler protocol. How a worker's handlers are
// found (module syntax's default export, or service-worker event listeners),
// and what they get besides the request: `ctx` and the FetchEvent and
// ScheduledEvent of the service-worker syntax; and the `cloudflare:workers`
// module (its base classes, `env` and `waitUntil`).
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

// Loaded (once, cached by core) by 00_globals.js; the parts import only core, so
// the module graph has no diamonds for the QuickJS binding to re-link.
const event = core.loadExtScript("ext:deno_web/02_event.js");

const {
  ObjectDefineProperty,
  ObjectKeys,
  ObjectFreeze,
  Symbol,
  PromisePrototypeThen,
  SafePromiseAll,
  SymbolFor,
  SymbolToStringTag,
  TypeError,
} = primordials;

/** The promises a context's waitUntil was given (worky's; not a member code sees). */
let pendingOf;

export class ExecutionContext {
  #pending = [];

  static {
    pendingOf = (ctx) => ctx.#pending;
    ObjectDefineProperty(this.prototype, SymbolToStringTag, { value: "ExecutionContext", configurable: true });
  }

  /** Keeps work running after the response went out; failures are logged. */
  waitUntil() {
    // The promise from `arguments`: workerd's waitUntil has length 0.
    const tracked = PromisePrototypeThen(
      arguments[0],
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

  // Code may set it (workers-oauth-provider hands the API handler the token's
  // props so): an own property from then on, as workerd's `props` is.
  set props(value) {
    ObjectDefineProperty(this, "props", { value, writable: true, enumerable: true, configurable: true });
  }
}

/** Settles once every promise `ctx.waitUntil` was given has. */
export function settled(ctx) {
  return SafePromiseAll(pendingOf(ctx));
}

/** Lets worky make the events below; code cannot (workerd's "Illegal constructor"). */
const MAKING = Symbol("worky.event");

/** An event whose handler may extend its request's life: FetchEvent's and ScheduledEvent's base. */
class ExtendableEvent extends event.Event {
  #ctx;

  constructor(type, ctx, key) {
    if (key !== MAKING) throw new TypeError("Illegal constructor");
    super(type);
    this.#ctx = ctx;
  }

  waitUntil(promise) {
    this.#ctx.waitUntil(promise);
  }
}

/** The event of a Tail Worker's `tail` handler, which worky does not run; workerd has the class. */
class TailEvent extends ExtendableEvent {}

/**
 * Defines the events' classes with `defineGlobal` (00_globals.js): TailEvent is
 * also named TraceEvent.
 */
export function installEvents(defineGlobal) {
  defineGlobal("ExtendableEvent", ExtendableEvent);
  defineGlobal("FetchEvent", FetchEvent);
  defineGlobal("ScheduledEvent", ScheduledEvent);
  defineGlobal("TailEvent", TailEvent);
  defineGlobal("TraceEvent", TailEvent);
}

/** The `fetch` event of the service-worker syntax. */
class FetchEvent extends ExtendableEvent {
  #request;
  #response = null;

  constructor(request, ctx) {
    super("fetch", ctx, MAKING);
    this.#request = request;
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

  passThroughOnException() {}

  get responded() {
    return this.#response;
  }
}

/** The `scheduled` event of the service-worker syntax. */
class ScheduledEvent extends ExtendableEvent {
  #controller;

  constructor(controller, ctx) {
    super("scheduled", ctx, MAKING);
    this.#controller = controller;
  }

  get scheduledTime() {
    return this.#controller.scheduledTime;
  }

  get cron() {
    return this.#controller.cron;
  }

  noRetry() {}
}

export const NO_FETCH_HANDLER = "The worker has no fetch handler. Export one:\n" +
  "  export default { async fetch(request, env, ctx) { return new Response(\"ok\"); } }\n" +
  "or use the service-worker syntax: addEventListener(\"fetch\", (event) => event.respondWith(...))";

/**
 * The worker's handlers, from the module's default export or from event
 * listeners: `{ fetch, scheduled, queue }`, each possibly null (an `email`
 * handler is found when an email comes: 27_email.js `emailHandler`).
 */
export function findHandlers(namespace, env) {
  const exported = namespace.default;
  // A class (`export default class extends WorkerEntrypoint`): one instance per
  // event, with `this.env` and `this.ctx`.
  const proto = typeof exported === "function" ? exported.prototype : undefined;
  const handles = (target) =>
    typeof target.fetch === "function" || typeof target.scheduled === "function" ||
    typeof target.queue === "function" || typeof target.email === "function";
  if (proto != null && handles(proto)) {
    return {
      fetch: typeof proto.fetch === "function" ? (req, ctx) => new exported(ctx, env).fetch(req) : null,
      scheduled: typeof proto.scheduled === "function"
        ? (controller, ctx) => new exported(ctx, env).scheduled(controller)
        : null,
      queue: typeof proto.queue === "function" ? (batch, ctx) => new exported(ctx, env).queue(batch) : null,
    };
  }
  if (exported != null && handles(exported)) {
    return {
      fetch: typeof exported.fetch === "function" ? (req, ctx) => exported.fetch(req, env, ctx) : null,
      scheduled: typeof exported.scheduled === "function"
        ? (controller, ctx) => exported.scheduled(controller, env, ctx)
        : null,
      queue: typeof exported.queue === "function" ? (batch, ctx) => exported.queue(batch, env, ctx) : null,
    };
  }
  const listeners = (type) => event.listenerCount(globalThis, type) > 0;
  if (listeners("fetch") || listeners("scheduled") || listeners("queue")) {
    return {
      serviceWorker: true,
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
      // workerd's QueueEvent: the batch's members on an event whose waitUntil is the ctx's.
      queue: listeners("queue")
        ? (batch, ctx) => {
          const queueEvent = new ExtendableEvent("queue", ctx, MAKING);
          queueEvent.queue = batch.queue;
          queueEvent.messages = batch.messages;
          queueEvent.ackAll = () => batch.ackAll();
          queueEvent.retryAll = (options) => batch.retryAll(options);
          globalThis.dispatchEvent(queueEvent);
        }
        : null,
    };
  }
  // Exports that handle no event (JS RPC methods, entrypoint classes): the
  // worker runs, as on workerd, and a request to it is answered NO_FETCH_HANDLER.
  if (exported != null || ObjectKeys(namespace).length > 0) return { fetch: null, scheduled: null, queue: null };
  throw new TypeError(NO_FETCH_HANDLER);
}

// --- The `cloudflare:workers` module ----------------------------------------------
// Its base classes are all a hello-world worker needs of it; Durable Objects
// themselves are 06_objects.js, evaluated on first use.

export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

/**
 * The base class of a Workflow's class: an instance runs its `run(event, step)`
 * (23_workflows.js), with `this.env` and `this.ctx`.
 */
export class WorkflowEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

/** Marks classes whose instances JS RPC passes by reference: a stub to them (26_rpc.js). */
export class RpcTarget {}

// 26_rpc.js's `localStub`, given by the serve loop (it is evaluated on first use).
let localStub = (_target) => {};

export function useLocalStubs(given) {
  localStub = given;
}

/**
 * `new RpcStub(object)`: a stub to an object of this isolate (workerd's
 * JsRpcStub), as one passed over RPC would be; every stub is an instance.
 */
export function RpcStub(target) {
  if (new.target === undefined) {
    throw new TypeError(
      "Failed to construct 'JsRpcStub': Please use the 'new' operator, this object constructor cannot be called as a function.",
    );
  }
  if (target === null || (typeof target !== "object" && typeof target !== "function")) {
    throw new TypeError("Failed to construct 'JsRpcStub': constructor parameter 1 is not of type 'Object'.");
  }
  return localStub(target);
}

function illegalConstructor() {
  throw new TypeError("Illegal constructor");
}

// What a call through a stub answers, a stub's member, and a service binding:
// classes to test with `instanceof`, not to construct.
export const RpcPromise = function RpcPromise() {
  illegalConstructor();
};
export const RpcProperty = function RpcProperty() {
  illegalConstructor();
};
export const ServiceStub = function ServiceStub() {
  illegalConstructor();
};

// 00_globals.js's `waitUntilOfThisRequest`, given by the serve loop.
let waitUntil = (_promise) => {};

export function useWaitUntil(given) {
  waitUntil = given;
}

// The worker's `env`, filled by the serve loop: `import { env } from "cloudflare:workers"`.
export const workerEnv = {};

// What `ctx.exports` holds, given by the serve loop once the module has been
// evaluated (empty before, and where the worker has no ctx.exports).
let loopbackExports = () => ({});

export function useLoopbackExports(given) {
  loopbackExports = given;
}

// 00_globals.js's `contextWith`, given by the serve loop: an async context
// value with one entry more (for withEnv and withExports).
let contextWith = (_key, _value) => undefined;

export function useContextWith(given) {
  contextWith = given;
}

// The async context's entries withEnv and withExports set.
const ENV_OVERRIDE = Symbol("worky.withEnv");
const EXPORTS_OVERRIDE = Symbol("worky.withExports");

// What `env` and `exports` of `cloudflare:workers` answer for the work in
// progress: what withEnv/withExports gave it, or the worker's own env and
// loopback bindings (`ctx.exports`). The module (src/runtime/loader.rs) makes
// the Proxies that look them up at each use, and withEnv and its kin, when a
// worker imports it: a worker that does not pays nothing for them.
const currentEnv = () => core.getAsyncContext()?.[ENV_OVERRIDE] ?? workerEnv;
const currentExports = () => core.getAsyncContext()?.[EXPORTS_OVERRIDE] ?? loopbackExports();
const OVERRIDES = { env: ENV_OVERRIDE, exports: EXPORTS_OVERRIDE };

/**
 * Runs `fn` (for `what`) with the async context's entries set (`[["env" or
 * "exports", value], ...]`), its awaits and timers included.
 */
function runWith(what, entries, fn) {
  if (typeof fn !== "function") {
    throw new TypeError(`Failed to execute '${what}' on 'EnvModule': parameter ${entries.length + 1} is not of type 'function'.`);
  }
  const previous = core.getAsyncContext();
  let context = previous;
  for (let i = 0; i < entries.length; i++) {
    core.setAsyncContext(context);
    context = contextWith(OVERRIDES[entries[i][0]], entries[i][1]);
  }
  core.setAsyncContext(context);
  try {
    return fn();
  } finally {
    core.setAsyncContext(previous);
  }
}

// Taken by the `cloudflare:workers` module (src/runtime/loader.rs).
ObjectDefineProperty(globalThis, SymbolFor("worky.cloudflare:workers"), {
  value: ObjectFreeze({
    DurableObject,
    WorkerEntrypoint,
    WorkflowEntrypoint,
    RpcTarget,
    RpcStub,
    RpcPromise,
    RpcProperty,
    ServiceStub,
    currentEnv,
    currentExports,
    runWith,
    waitUntil: (promise) => waitUntil(promise),
  }),
  enumerable: false,
  configurable: false,
  writable: false,
});
