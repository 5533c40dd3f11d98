// Bodies that stream between workers: a Durable Object's `fetch` and a service
// binding's `fetch` answer with a stream whose first chunk must reach the
// caller before the stream ends (an event stream never ends), a request body
// reaches the callee as it is written, a cancel reaches the callee's stream,
// and an error mid-way reaches the caller after the bytes before it. Each wait
// is a signal the caller gives after it read what came first, not a timer: an
// answer read whole first would never see it (the probe says "timed out").
import { DurableObject } from "cloudflare:workers";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or "timed out" after `ms`. */
const within = (promise, ms = 3000) => Promise.race([promise, sleep(ms).then(() => "timed out")]);

/** A stream of `first`, then (once `wait()` resolves) `rest`, then its end, or `error`. */
function gated(first, wait, rest, { error, onCancel } = {}) {
  let step = 0;
  return new ReadableStream({
    async pull(controller) {
      step++;
      if (step === 1) return controller.enqueue(encoder.encode(first));
      if (step === 2) {
        await wait();
        if (error) return controller.error(new Error(error));
        return controller.enqueue(encoder.encode(rest));
      }
      controller.close();
    },
    cancel(reason) {
      onCancel?.(String(reason));
    },
  });
}

/** Flags and a log any isolate can reach: in the object "flags". */
export class Ticker extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    const flags = this.env.TICKER.getByName("flags");
    if (url.pathname === "/gated") {
      return new Response(gated("first;", () => waitFor(flags, "object"), "second;"), {
        status: 206,
        headers: { "content-type": "text/event-stream", "x-from": "object" },
      });
    }
    if (url.pathname === "/failing") {
      return new Response(gated("before;", () => waitFor(flags, "failing"), "", { error: "broke mid-way" }));
    }
    if (url.pathname === "/endless") {
      let n = 0;
      return new Response(new ReadableStream({
        async pull(controller) {
          await sleep(10);
          controller.enqueue(encoder.encode(`data: ${n++}\n\n`));
        },
        cancel(reason) {
          flags.set("endless cancelled", String(reason === undefined ? "undefined" : typeof reason));
        },
      }), { headers: { "content-type": "text/event-stream" } });
    }
    if (url.pathname === "/big") {
      const size = 1024 * 1024 + 1;
      let sent = 0;
      return new Response(new ReadableStream({
        pull(controller) {
          const n = Math.min(64 * 1024, size - sent);
          if (n === 0) return controller.close();
          controller.enqueue(new Uint8Array(n).fill(sent % 251));
          sent += n;
        },
      }));
    }
    if (url.pathname === "/echo-first") {
      // Answers with the request body's first chunk while the caller still writes.
      const reader = request.body.getReader();
      const { value } = await reader.read();
      const first = decoder.decode(value);
      return new Response(new ReadableStream({
        async start(controller) {
          controller.enqueue(encoder.encode(`got ${first};`));
          let rest = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            rest += decoder.decode(value);
          }
          controller.enqueue(encoder.encode(`then ${rest};`));
          controller.close();
        },
      }));
    }
    return new Response("?", { status: 404 });
  }
  set(key, value = true) {
    return this.ctx.storage.put(key, value);
  }
  get(key) {
    return this.ctx.storage.get(key);
  }
  reset() {
    return this.ctx.storage.deleteAll();
  }
}

/** Resolves once `key` is set in the flags object. */
async function waitFor(flags, key) {
  for (let i = 0; i < 500; i++) {
    if (await flags.get(key)) return;
    await sleep(10);
  }
}

/** Reads a body: the first chunk within the time, then all of it. */
async function firstThenRest(response, signal) {
  const reader = response.body.getReader();
  const first = await within(reader.read());
  if (first === "timed out") return { first };
  await signal();
  let rest = "";
  let error;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  return { first: decoder.decode(first.value), rest, ...(error === undefined ? {} : { error }) };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ready");
    const flags = env.TICKER.getByName("flags");
    if (url.pathname === "/service-gated") {
      return new Response(gated("one;", () => waitFor(flags, "service"), "two;"), {
        headers: { "x-from": "service" },
      });
    }
    const out = {};
    const stub = env.TICKER.getByName("t");
    await flags.reset();

    const gatedObject = await stub.fetch("http://do/gated");
    out.objectHead = [gatedObject.status, gatedObject.headers.get("content-type"), gatedObject.headers.get("x-from")];
    out.object = await firstThenRest(gatedObject, () => flags.set("object"));

    const gatedService = await env.SELF.fetch("http://self/service-gated");
    out.serviceHead = [gatedService.status, gatedService.headers.get("x-from")];
    out.service = await firstThenRest(gatedService, () => flags.set("service"));

    out.failing = await firstThenRest(await stub.fetch("http://do/failing"), () => flags.set("failing"));

    const endless = await stub.fetch("http://do/endless");
    const endlessReader = endless.body.getReader();
    out.endlessFirst = decoder.decode((await within(endlessReader.read())).value ?? new Uint8Array());
    await endlessReader.cancel("enough");
    let cancelled;
    for (let i = 0; i < 300 && cancelled === undefined; i++) {
      cancelled = await flags.get("endless cancelled");
      if (cancelled === undefined) await sleep(10);
    }
    out.endlessCancelSeen = cancelled ?? "not seen";

    const big = new Uint8Array(await (await stub.fetch("http://do/big")).arrayBuffer());
    out.big = [big.length, big[0], big[65536], big[big.length - 1]];

    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    writer.write(encoder.encode("hello"));
    const echoing = within(stub.fetch("http://do/echo-first", { method: "POST", body: readable }));
    const echoed = await echoing;
    if (echoed === "timed out") {
      out.requestStream = "timed out";
      writer.abort();
    } else {
      const reader = echoed.body.getReader();
      const head = decoder.decode((await within(reader.read())).value ?? new Uint8Array());
      await writer.write(encoder.encode("world"));
      await writer.close();
      let rest = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        rest += decoder.decode(value);
      }
      out.requestStream = head + rest;
    }
    return Response.json(out);
  },
};
