// worky's JS glue, part 19: service bindings (`[[services]]`): `env.AUTH` is a
// Fetcher whose `fetch()` hands the request to the worker the binding names
// (src/runtime/services.rs, the op in src/runtime/ops/services.rs), whole, and
// gives its whole answer back. A call is one of the request's subrequests and
// carries its loop depth, as a `fetch()` does.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has a service binding (04_serve.js `lazyModule`):
// a function of what it needs, not a module. `runtime` is 04_serve.js `LENT`.

(function (core, primordials, runtime) {
"use strict";

const { ArrayPrototypeIncludes, ArrayPrototypePush, Error, ObjectDefineProperty, String, SymbolToStringTag, Uint8Array } =
  primordials;
const { op_worky_service_call } = core.ops;
const { Request } = core.loadExtScript("ext:deno_fetch/23_request.js");
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");

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

return { newServiceFetcher };
})
