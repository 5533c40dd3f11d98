// JS RPC with the web types workerd passes over it (workerd alone: the worker
// binds its own entrypoint): a Response or a ReadableStream returned, a Request
// or a ReadableStream passed, a streamed body written over time, Headers, and
// what is refused.
import { WorkerEntrypoint } from "cloudflare:workers";

const streamOf = (...chunks) => new ReadableStream({
  start(controller) {
    for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
    controller.close();
  },
});

export class Api extends WorkerEntrypoint {
  response() {
    return new Response("made here", { status: 201, statusText: "Made", headers: { "x-made": "yes", "content-type": "text/plain" } });
  }
  streamedResponse() {
    const { readable, writable } = new TransformStream();
    (async () => {
      const writer = writable.getWriter();
      for (const part of ["a", "b", "c"]) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await writer.write(new TextEncoder().encode(part));
      }
      await writer.close();
    })();
    return new Response(readable);
  }
  stream() {
    return streamOf("one ", "two");
  }
  async readRequest(request) {
    return [request instanceof Request, request.method, request.url, request.headers.get("x-a"), await request.text()];
  }
  async readStream(stream) {
    return [stream instanceof ReadableStream, await new Response(stream).text()];
  }
  headers() {
    return new Headers({ "x-h": "1" });
  }
  echo(value) {
    return value;
  }
  nested() {
    return { response: new Response("inner"), label: "n" };
  }
  emptyResponse() {
    return new Response(null, { status: 204 });
  }
}

const describe = (value) => {
  if (value === null || typeof value !== "object") return value === undefined ? "undefined" : value;
  if (Array.isArray(value)) return value.map(describe);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
};

const attempt = async (f) => {
  try {
    return { ok: describe(await f()) };
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}` };
  }
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ok");
    const out = {};
    out.response = await attempt(async () => {
      const r = await env.API.response();
      return [r instanceof Response, r.status, r.statusText, r.headers.get("x-made"), r.headers.get("content-type"), await r.text()];
    });
    out.streamedResponse = await attempt(async () => {
      const r = await env.API.streamedResponse();
      return [r.status, await r.text()];
    });
    out.stream = await attempt(async () => {
      const s = await env.API.stream();
      return [s instanceof ReadableStream, await new Response(s).text()];
    });
    out.request = await attempt(() => env.API.readRequest(new Request("https://example.com/path?q=1", { method: "POST", headers: { "x-a": "A" }, body: "request body" })));
    out.getRequest = await attempt(() => env.API.readRequest(new Request("https://example.com/", { headers: { "x-a": "B" } })));
    out.streamArg = await attempt(() => env.API.readStream(streamOf("x", "y", "z")));
    out.headers = await attempt(async () => {
      const h = await env.API.headers();
      return [h instanceof Headers, h.get("x-h")];
    });
    out.headersArg = await attempt(async () => {
      const h = await env.API.echo(new Headers({ "x-e": "2" }));
      return [h instanceof Headers, h.get("x-e")];
    });
    out.nested = await attempt(async () => {
      const r = await env.API.nested();
      return [r.label, r.response instanceof Response, await r.response.text()];
    });
    out.emptyResponse = await attempt(async () => {
      const r = await env.API.emptyResponse();
      return [r.status, r.body === null];
    });
    out.echoResponse = await attempt(async () => {
      const r = await env.API.echo(new Response("back", { headers: { "x-b": "1" } }));
      return [r instanceof Response, r.headers.get("x-b"), await r.text()];
    });
    out.blob = await attempt(async () => {
      const b = await env.API.echo(new Blob(["blob"]));
      return [typeof b, b instanceof Blob];
    });
    out.url = await attempt(async () => String(await env.API.echo(new URL("https://x.test/a"))));
    out.usedBody = await attempt(async () => {
      const r = new Response("used");
      await r.text();
      return await env.API.echo(r);
    });
    return Response.json(out);
  },
};
