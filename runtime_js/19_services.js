// worky's JS glue, part 19: the Fetcher bindings. A service binding
// (`[[services]]`): `env.AUTH.fetch()` hands the request to the worker the
// binding names (src/runtime/services.rs, the op in src/runtime/ops/services.rs),
// whole, and gives its whole answer back; a call is one of the request's
// subrequests and carries its loop depth, as a `fetch()` does. The static
// assets binding (`env.ASSETS`): `fetch()` asks the worker's assets.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has one of them (04_serve.js `lazyModule`), not
// restored into every isolate:
// a function of what it needs, not a module. `runtime` is 04_serve.js `LENT`.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  Error,
  ObjectDefineProperty,
  String,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
} = primordials;
const { op_worky_service_call, op_worky_assets_fetch } = core.ops;
const request = core.loadExtScript("ext:deno_fetch/23_request.js");
const response = core.loadExtScript("ext:deno_fetch/23_response.js");
const urls = core.loadExtScript("ext:deno_web/00_url.js");
const { Request } = request;
const { Response } = response;

const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
// As the HTTP front counts them (src/http/front.rs MAX_DEPTH).
const MAX_DEPTH = 16;

async function serviceFetch(binding, input, init) {
  const depth = runtime.takeSubrequest();
  if (depth >= MAX_DEPTH) {
    throw new Error(
      `Subrequest depth limit exceeded: this request passed through workers ${depth} times. ` +
        "A worker probably calls itself, directly or through others.",
    );
  }
  const request = new Request(input, init);
  const body = request.body === null ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
  const headers = [];
  for (const { 0: name, 1: value } of request.headers) {
    if (name !== "x-worky-depth") ArrayPrototypePush(headers, [name, value]);
  }
  ArrayPrototypePush(headers, ["x-worky-depth", String(depth + 1)]);
  const { 0: status, 1: answered, 2: bytes, 3: socket } = await runtime.traced("service", "fetch", binding, (span) =>
    op_worky_service_call(
      binding,
      request.method,
      request.url,
      runtime.headerText(headers),
      body,
      span === null ? runtime.currentTraceparent() : runtime.traceparentOf(span),
    ));
  if (socket !== null) {
    const webSocket = runtime.webSockets().socketFor(socket);
    return new Response(null, { status, headers: runtime.headerPairs(answered), webSocket });
  }
  const responseBody = ArrayPrototypeIncludes(NULL_BODY_STATUSES, status) ? null : bytes;
  return new Response(responseBody, { status, headers: runtime.headerPairs(answered) });
}

/** `env.NAME` of a service binding. */
function newServiceFetcher(binding) {
  const fetcher = {
    fetch(input, init = undefined) {
      return serviceFetch(binding, input, init);
    },
  };
  ObjectDefineProperty(fetcher, SymbolToStringTag, { value: "Fetcher" });
  return fetcher;
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

return { newServiceFetcher, newAssetsFetcher };
})
