// An AbortSignal on a call to another worker (a service binding's and a
// Durable Object stub's `fetch`), as workerd heeds it: a signal that aborts
// before the answer rejects the call with its reason (a timeout's
// TimeoutError, an abort's AbortError, a reason of the worker's own) without
// waiting for the slow answer; one aborted already rejects at once; one that
// aborts while the body streams errors the next read with its reason.
import { DurableObject } from "cloudflare:workers";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (e) => `${Object.prototype.toString.call(e)} ${e?.name}: ${e?.message}`;
export class Slow extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/stream") {
      let n = 0;
      return new Response(new ReadableStream({ async pull(c) { if (n > 0) await sleep(50); c.enqueue(new TextEncoder().encode(`${n++};`)); } }));
    }
    await sleep(1000);
    return new Response("slow");
  }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ready");
    if (url.pathname === "/slow") { await sleep(1000); return new Response("slow"); }
    if (url.pathname === "/stream") {
      let n = 0;
      return new Response(new ReadableStream({ async pull(c) { if (n > 0) await sleep(50); c.enqueue(new TextEncoder().encode(`${n++};`)); } }));
    }
    const out = {};
    const attempt = async (key, f) => { const t = Date.now(); try { out[key] = `ok ${await f()}`; } catch (e) { out[key] = describe(e); } out[key + "Quick"] = Date.now() - t < 800; };
    await attempt("serviceTimeout", async () => (await env.SELF.fetch("http://x/slow", { signal: AbortSignal.timeout(100) })).status);
    await attempt("serviceRequestSignal", async () => (await env.SELF.fetch(new Request("http://x/slow", { signal: AbortSignal.timeout(100) }))).status);
    await attempt("serviceAborted", async () => (await env.SELF.fetch("http://x/slow", { signal: AbortSignal.abort() })).status);
    await attempt("serviceAbortReason", async () => (await env.SELF.fetch("http://x/slow", { signal: AbortSignal.abort(new RangeError("mine")) })).status);
    const stub = env.SLOW.getByName("s");
    await attempt("objectTimeout", async () => (await stub.fetch("http://x/slow", { signal: AbortSignal.timeout(100) })).status);
    await attempt("objectAborted", async () => (await stub.fetch("http://x/slow", { signal: AbortSignal.abort() })).status);
    await attempt("serviceBodyAbort", async () => {
      const controller = new AbortController();
      const response = await env.SELF.fetch("http://x/stream", { signal: controller.signal });
      const reader = response.body.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      try { await reader.read(); return `${first} then read`; } catch (e) { return `${first} then ${describe(e)}`; }
    });
    await attempt("objectBodyAbort", async () => {
      const controller = new AbortController();
      const response = await stub.fetch("http://x/stream", { signal: controller.signal });
      const reader = response.body.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      try { await reader.read(); return `${first} then read`; } catch (e) { return `${first} then ${describe(e)}`; }
    });
    return Response.json(out);
  },
};
