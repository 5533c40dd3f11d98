// worky's JS glue, part 19: the Fetcher bindings. A service binding
// (`[[services]]`): `env.AUTH.fetch()` hands the request to the worker the
// binding names (src/runtime/services.rs, the op in src/runtime/ops/services.rs)
// and gives its answer back, a streamed body either way as it is written
// (src/runtime/ops/bodies.rs); `env.AUTH.verify(token)` is a JS RPC call to a
// method of its entrypoint (a WorkerEntrypoint class, a new instance
// a call, or a handler object), arguments and result structured-cloned, as
// workerd does (tests/workerd/service_rpc.js). A call is one of the request's
// subrequests and carries its loop depth, as a `fetch()` does. The serving
// side is `serveEntrypoint`. The static assets binding (`env.ASSETS`):
// `fetch()` asks the worker's assets.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has one of them (04_serve.js `lazyModule`), not
// restored into every isolate:
// a function of what it needs, not a module. `runtime` is 04_serve.js `LENT`.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayPrototypePush,
  Error,
  ObjectAssign,
  ObjectCreate,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectPrototype,
  ObjectPrototypeIsPrototypeOf,
  Proxy,
  ReflectApply,
  SafeWeakMap,
  String,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
} = primordials;
const { op_worky_service_call, op_worky_assets_fetch, op_worky_respond_error } = core.ops;
const request = core.loadExtScript("ext:deno_fetch/23_request.js");
const response = core.loadExtScript("ext:deno_fetch/23_response.js");
const urls = core.loadExtScript("ext:deno_web/00_url.js");
const { Request } = request;

// As the HTTP front counts them (src/http/front.rs MAX_DEPTH).
const MAX_DEPTH = 16;

/**
 * Counts a call as a subrequest (unless `counted` is false: a Dynamic
 * Worker's fetch() that its outbound Fetcher carries was counted as a
 * fetch); answers its depth, refusing a loop.
 */
function takeCall(counted = true) {
  const depth = counted ? runtime.takeSubrequest() : runtime.requestDepth();
  if (depth >= MAX_DEPTH) {
    throw new Error(
      `Subrequest depth limit exceeded: this request passed through workers ${depth} times. ` +
        "A worker probably calls itself, directly or through others.",
    );
  }
  return depth;
}

// A call's target: `{ binding, script }`, script null for a service binding,
// the user worker's name for a dispatch namespace's Fetcher.

// A Worker Loader's call also has `export` (null: the default export), `props`
// (structured-clone bytes, empty: none) and `ready()`, which loads the Dynamic
// Worker when this isolate does not have it (30_loaders.js).
const NO_PROPS = new Uint8Array(0);

async function serviceFetch(target, input, init) {
  const depth = takeCall(target.counted !== false);
  if (target.ready !== undefined) await target.ready();
  const request = new Request(input, init);
  const signal = runtime.callSignal(input, init);
  signal?.throwIfAborted();
  const { 0: body, 1: streamed } = await runtime.callBody(request);
  const headers = [];
  for (const { 0: name, 1: value } of request.headers) {
    if (name !== "x-worky-depth") ArrayPrototypePush(headers, [name, value]);
  }
  ArrayPrototypePush(headers, ["x-worky-depth", String(depth + 1)]);
  const answer = await runtime.abortableCall(signal, runtime.traced("service", "fetch", target.binding, (span) =>
    op_worky_service_call(
      target.binding,
      request.method,
      request.url,
      runtime.headerText(headers),
      body,
      null,
      [span === null ? runtime.currentTraceparent() : runtime.traceparentOf(span), target.script, target.export ?? null, streamed],
      target.props ?? NO_PROPS,
    )));
  return runtime.answerResponse(answer, signal);
}

/** A JS RPC call (`kind` "call" a method, "get" a property) through a binding. */
function serviceRpc(target, kind, member, args) {
  const depth = takeCall();
  const headers = runtime.headerText([["x-worky-depth", String(depth + 1)]]);
  return runtime.rpc().exchange(args, async (bytes, entries) => {
    if (target.ready !== undefined) await target.ready();
    return await runtime.traced("service", member, target.binding, (span) =>
      op_worky_service_call(
        target.binding,
        "POST",
        "http://rpc.worky/",
        headers,
        bytes,
        [kind, member, entries],
        [span === null ? runtime.currentTraceparent() : runtime.traceparentOf(span), target.script, target.export ?? null, null],
        target.props ?? NO_PROPS,
      ));
  });
}

/** `stub.member`: a method to call, or (awaited) a property to read. */
function rpcMember(target, member) {
  return runtime.rpc().rpcValue(
    () => serviceRpc(target, "get", member, []),
    (args) => serviceRpc(target, "call", member, args),
    runtime.RpcProperty,
  );
}

function illegalConstructor() {
  throw new TypeError("Illegal constructor");
}

/**
 * `env.NAME` of a service binding: a Fetcher whose `fetch` sends a request and
 * whose every other member (but Object's own, such as `toString`) is the
 * service's RPC method or property. Not thenable: `await env.NAME` is the
 * binding itself. With `script`, the user worker of that name in the
 * dispatch namespace `binding` names.
 */
function newServiceFetcher(binding, script = null, more = null) {
  const target = { binding, script };
  if (more !== null) ObjectAssign(target, more);
  const fetch = (input, init = undefined) => serviceFetch(target, input, init);
  const fetcher = new Proxy(ObjectCreate(runtime.ServiceStub.prototype), {
    get(_target, property) {
      if (property === "fetch") return fetch;
      if (property === "constructor") return illegalConstructor;
      if (property === SymbolToStringTag) return "Fetcher";
      if (typeof property === "symbol" || property === "then" || property === "toJSON") return undefined;
      // Object's own members (toString, valueOf, ...) stay Object's, as on a workerd stub.
      if (property in ObjectPrototype) return ObjectPrototype[property];
      return rpcMember(target, property);
    },
  });
  targets.set(fetcher, target);
  return fetcher;
}

// Each Fetcher's target, for a Dynamic Worker's env (30_loaders.js).
const targets = new SafeWeakMap();

/** What `value` calls, when it is one of the Fetchers made here: `{ binding, script, ... }`. */
function fetcherTarget(value) {
  return targets.get(value);
}

/**
 * `env.NAME` of a dispatch namespace (Workers for Platforms): `get(script)`
 * is a Fetcher to that user worker, whether or not it exists; its calls
 * throw "Worker not found." when it does not, as on Cloudflare.
 */
class DispatchNamespace {
  #binding;

  constructor(binding) {
    this.#binding = binding;
  }

  get(name, _args = undefined, _options = undefined) {
    return newServiceFetcher(this.#binding, String(name));
  }
}

const WRONG_ARGUMENTS = "with the wrong number of arguments. When calling a top-level handler function that is " +
  "not declared as part of a class, you must always send exactly one argument. In order to support variable " +
  "numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.";

/**
 * Serves a service binding's call to this worker (04_serve.js; `request[10]`
 * is `["entrypoint", export or null, [kind, member] or null, the stubs the
 * arguments pass, the lent object a stub's call is for]`): the export's
 * `fetch`, or a JS RPC call (its arguments the body) answered with the
 * structured-clone bytes of its result (200) or of what it threw (500), or a
 * call through a stub to an object lent from here (26_rpc.js). A
 * WorkerEntrypoint class gets a new instance a call; a handler object's
 * method gets exactly one argument, then `env` and `ctx`, as on workerd.
 */
async function serveEntrypoint(handlers, request) {
  const { 0: id, 1: method, 2: url, 3: headers, 4: hasStream, 5: inline, 8: clientIp } = request;
  const { 1: exportName, 2: call, 3: stubs, 4: lent, 5: props } = request[10];
  // A call through a stub, to an object lent from here.
  if (lent !== null) return await runtime.rpc().serveLent(id, call, inline, stubs, lent);
  const target = exportName === null ? handlers.exported.default : handlers.exported[exportName];
  const isClass = typeof target === "function";
  if (!isClass && (target === null || typeof target !== "object")) {
    // workerd's words (its server.c++).
    op_worky_respond_error(id, "no-handler", `Worker has no such entrypoint: ${exportName ?? "default"}`, null);
    return;
  }
  const ctx = new runtime.ExecutionContext();
  if (props !== null) ctx.props = runtime.durableObjects().deserialize(props);
  if (call === null) {
    const handler = isClass ? new target(ctx, handlers.env) : target;
    if (typeof handler.fetch !== "function") {
      op_worky_respond_error(id, "no-handler", `The entrypoint "${exportName}" has no fetch handler`, null);
      return;
    }
    const incoming = runtime.newRequest(id, method, url, headers, hasStream, inline, clientIp);
    const res = isClass ? await handler.fetch(incoming) : await handler.fetch(incoming, handlers.env, ctx);
    if (!ObjectPrototypeIsPrototypeOf(response.ResponsePrototype, res)) {
      throw new TypeError(`The entrypoint's fetch handler returned something that is not a Response`);
    }
    const pumping = runtime.sendResponse(id, res);
    if (pumping !== undefined) await pumping;
    return;
  }
  const { 0: kind, 1: member } = call;
  await runtime.rpc().serveCall(id, inline, stubs, (args) => {
    if (member === "constructor") throw new TypeError("Illegal constructor");
    const receiver = isClass ? new target(ctx, handlers.env) : target;
    const found = receiver[member];
    if (kind === "get") return found;
    if (typeof found !== "function") throw runtime.rpc().notImplemented(member);
    if (isClass) return ReflectApply(found, receiver, args);
    if (args.length !== 1) throw new TypeError(`Attempted to call RPC function "${member}" ${WRONG_ARGUMENTS}`);
    return FunctionPrototypeCall(found, receiver, args[0], handlers.env, ctx);
  });
}

/**
 * The static assets binding (`env.ASSETS`): a Fetcher whose `fetch()` asks the
 * worker's assets, with the answers a request from outside gets from them
 * (src/assets/answer.rs); the URL's host does not matter. As any fetch, it
 * follows redirects unless the request says `redirect: "manual"`.
 */
function newAssetsFetcher() {
  const fetcher = {
    async fetch(input, init = undefined) {
      let asked = new request.Request(input, init);
      for (let redirects = 0; ; redirects++) {
        const headers = [];
        for (const { 0: name, 1: value } of asked.headers) ArrayPrototypePush(headers, [name, value]);
        const answer = await op_worky_assets_fetch(asked.method, asked.url, headers);
        const answered = new response.Response(answer[2], { status: answer[0], headers: answer[1] });
        const location = answered.headers.get("location");
        if (location === null || asked.redirect === "manual") return answered;
        if (asked.redirect === "error") throw new TypeError("Fetch failed: the response was a redirect");
        if (redirects === 20) throw new TypeError("Too many redirects.");
        const next = new urls.URL(location, asked.url).href;
        asked = new request.Request(next, { method: asked.method, headers: asked.headers });
      }
    },
  };
  ObjectDefineProperty(fetcher, SymbolToStringTag, { value: "Fetcher" });
  return fetcher;
}

return { newServiceFetcher, newAssetsFetcher, serveEntrypoint, DispatchNamespace, fetcherTarget };
})
