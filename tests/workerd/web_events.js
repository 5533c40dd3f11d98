// Events, abort signals, timers' order, compression and streams' edges as
// workerd has them: AbortSignal.timeout/any/abort reasons, EventTarget
// listeners (once, signal, handleEvent, order), microtask and timer order,
// CompressionStream round trips, TextEncoderStream/TextDecoderStream, tee and
// pipeThrough, structuredClone's refusals.
// Recorded with a current compatibility date (web_events.capnp.in), as a new
// project has; older dates turn some of workerd's standard behaviour off.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const describe = (value) => (value instanceof Error || value instanceof DOMException ? `${value.name}: ${value.message}` : String(value));

    await t("abortDefaultReason", () => {
      const c = new AbortController();
      c.abort();
      return `${c.signal.aborted} ${describe(c.signal.reason)} ${c.signal.reason instanceof DOMException}`;
    });
    await t("abortCustomReason", () => {
      const c = new AbortController();
      c.abort("why");
      return describe(c.signal.reason);
    });
    await t("throwIfAborted", () => {
      const c = new AbortController();
      c.abort(new RangeError("r"));
      c.signal.throwIfAborted();
    });
    await t("abortStatic", () => `${AbortSignal.abort().aborted} ${describe(AbortSignal.abort().reason)}`);
    await t("abortTimeout", async () => {
      const signal = AbortSignal.timeout(10);
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      return `${signal.aborted} ${describe(signal.reason)}`;
    });
    await t("abortAny", () => {
      const a = new AbortController();
      const b = new AbortController();
      const any = AbortSignal.any([a.signal, b.signal]);
      b.abort("second");
      return `${any.aborted} ${describe(any.reason)}`;
    });
    await t("abortEventOrder", () => {
      const c = new AbortController();
      const seen = [];
      c.signal.onabort = () => seen.push("onabort");
      c.signal.addEventListener("abort", (e) => seen.push(`listener ${e.type} ${e.isTrusted}`));
      c.abort();
      c.abort();
      return seen.join(", ");
    });
    await t("eventTarget", () => {
      const target = new EventTarget();
      const seen = [];
      target.addEventListener("x", () => seen.push("once"), { once: true });
      target.addEventListener("x", { handleEvent: (e) => seen.push(`object ${e.type}`) });
      const listener = () => seen.push("twice?");
      target.addEventListener("x", listener);
      target.addEventListener("x", listener);
      const c = new AbortController();
      target.addEventListener("x", () => seen.push("removed by signal"), { signal: c.signal });
      c.abort();
      target.dispatchEvent(new Event("x"));
      target.dispatchEvent(new Event("x"));
      return seen.join(", ");
    });
    await t("eventProps", () => {
      const e = new Event("type", { cancelable: true, bubbles: true });
      e.preventDefault();
      return [e.type, e.bubbles, e.cancelable, e.defaultPrevented, e.composed, e.eventPhase, e.isTrusted, typeof e.timeStamp, e.target].join(" ");
    });
    await t("dispatchReturn", () => {
      const target = new EventTarget();
      target.addEventListener("x", (e) => e.preventDefault());
      return `${target.dispatchEvent(new Event("x", { cancelable: true }))} ${target.dispatchEvent(new Event("x"))}`;
    });
    await t("listenerThrows", async () => {
      const target = new EventTarget();
      const seen = [];
      target.addEventListener("x", () => {
        throw new Error("inside");
      });
      target.addEventListener("x", () => seen.push("second ran"));
      target.dispatchEvent(new Event("x"));
      return seen.join();
    });
    await t("customEvent", () => {
      const e = new CustomEvent("c", { detail: { a: 1 } });
      return `${e.detail.a} ${e instanceof Event}`;
    });
    await t("order", async () => {
      const seen = [];
      setTimeout(() => seen.push("timeout 0"), 0);
      queueMicrotask(() => seen.push("microtask"));
      Promise.resolve().then(() => seen.push("then"));
      setTimeout(() => seen.push("timeout 1"), 1);
      seen.push("sync");
      await new Promise((resolve) => setTimeout(resolve, 20));
      return seen.join(", ");
    });
    await t("timerIds", () => {
      const a = setTimeout(() => {}, 1000);
      clearTimeout(a);
      return `${typeof a} ${typeof setInterval(() => {}, 100000)}`;
    });
    await t("clearTimeoutJunk", () => {
      clearTimeout("nope");
      clearTimeout(undefined);
      clearInterval(null);
      return "fine";
    });
    await t("gzipRoundTrip", async () => {
      const data = new TextEncoder().encode("hello hello hello hello");
      const compressed = await new Response(new Blob([data]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
      const back = await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
      const bytes = new Uint8Array(compressed);
      return `${back} ${bytes[0]} ${bytes[1]} ${bytes[2]}`;
    });
    await t("deflateRawRoundTrip", async () => {
      const compressed = await new Response(new Blob(["abcabcabc"]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer();
      return await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).text();
    });
    await t("badFormat", () => new CompressionStream("lzma"));
    await t("brotli", async () => {
      const compressed = await new Response(new Blob(["brotli brotli"]).stream().pipeThrough(new CompressionStream("brotli"))).arrayBuffer();
      return await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream("brotli"))).text();
    });
    await t("corruptGzip", async () => new Response(new Blob([new Uint8Array([1, 2, 3, 4])]).stream().pipeThrough(new DecompressionStream("gzip"))).text());
    await t("textStreams", async () => {
      const stream = new Blob(["h\u00e9llo"]).stream().pipeThrough(new TextDecoderStream()).pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream());
      let out = "";
      for await (const chunk of stream) out += chunk;
      return out;
    });
    await t("tee", async () => {
      const [a, b] = new Blob(["tee"]).stream().tee();
      return `${await new Response(a).text()} ${await new Response(b).text()}`;
    });
    await t("readerRelease", async () => {
      const stream = new ReadableStream({ start(c) { c.enqueue("x"); c.close(); } });
      const reader = stream.getReader();
      reader.releaseLock();
      return `${stream.locked} ${(await stream.getReader().read()).value}`;
    });
    await t("lockedRead", () => {
      const stream = new ReadableStream();
      stream.getReader();
      return stream.getReader();
    });
    await t("byobRead", async () => {
      const stream = new ReadableStream({
        type: "bytes",
        pull(c) {
          c.enqueue(new Uint8Array([1, 2, 3]));
          c.close();
        },
      });
      const reader = stream.getReader({ mode: "byob" });
      const { value } = await reader.read(new Uint8Array(8));
      return `${value.constructor.name} ${value.byteLength} ${value}`;
    });
    await t("readableFrom", async () => typeof ReadableStream.from === "function" ? (await new Response(ReadableStream.from(["a", "b"]).pipeThrough(new TextEncoderStream())).text()) : "no from");
    await t("cloneFunction", () => structuredClone(() => {}));
    await t("cloneSymbol", () => structuredClone(Symbol("s")));
    await t("cloneError", () => {
      const e = structuredClone(new TypeError("m"));
      return `${e.constructor.name} ${e.message}`;
    });
    await t("cloneTransfer", () => {
      const buffer = new ArrayBuffer(4);
      const copy = structuredClone(buffer, { transfer: [buffer] });
      return `${buffer.byteLength} ${copy.byteLength}`;
    });
    await t("cloneCycle", () => {
      const a = { name: "a" };
      a.self = a;
      const c = structuredClone(a);
      return c.self === c;
    });
    await t("reportError", () => typeof reportError);
    return Response.json(r);
  },
};
