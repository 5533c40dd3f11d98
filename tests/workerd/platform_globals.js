// The globals libraries read to tell the runtime, and Workers' small ones:
// navigator, scheduler.wait, timers that take functions only, no `require`.
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
    await t("userAgent", () => navigator.userAgent);
    await t("hardwareConcurrency", () => navigator.hardwareConcurrency);
    await t("sendBeacon", () => typeof navigator.sendBeacon);
    await t("navigatorSame", () => navigator === globalThis.navigator && typeof navigator);
    await t("schedulerWait", async () => {
      const started = Date.now();
      const value = await scheduler.wait(20);
      return `${value} ${Date.now() - started >= 15}`;
    });
    await t("schedulerWaitAborted", async () => {
      const controller = new AbortController();
      const waiting = scheduler.wait(10000, { signal: controller.signal });
      controller.abort(new Error("stop"));
      try {
        await waiting;
        return "resolved";
      } catch (err) {
        return `rejected ${err.message}`;
      }
    });
    await t("stringTimeout", () => {
      setTimeout("1 + 1", 0);
      return "no throw";
    });
    await t("stringInterval", () => {
      setInterval("1 + 1", 1000);
      return "no throw";
    });
    await t("functionTimeout", () => new Promise((resolve) => setTimeout((a, b) => resolve(`${a}${b}`), 1, "x", "y")));
    await t("timeoutName", () => setTimeout.name);
    // A property read: a bundler rewrites a bare `typeof require` (esbuild and
    // rolldown both make it their own shim's, "function").
    await t("requireGlobal", () => `${typeof globalThis.require} ${"require" in globalThis}`);
    // Read before anything uses them (worky evaluates their JS on first use).
    const descriptor = (name) => {
      const d = Object.getOwnPropertyDescriptor(globalThis, name);
      if (d === undefined) return `not own, ${typeof globalThis[name]}`;
      return `${typeof d.value} ${"get" in d} ${d.writable} ${d.enumerable} ${d.configurable}`;
    };
    await t("htmlRewriterDescriptor", () => descriptor("HTMLRewriter"));
    await t("cachesDescriptor", () => descriptor("caches"));
    await t("cacheDescriptor", () => descriptor("Cache"));
    await t("cacheStorageDescriptor", () => descriptor("CacheStorage"));
    await t("webSocketDescriptor", () => descriptor("WebSocket"));
    await t("webSocketPairDescriptor", () => descriptor("WebSocketPair"));
    await t("lazyNotEnumerated", () => Object.keys(globalThis).filter((k) => /^(HTMLRewriter|caches|Cache|CacheStorage|WebSocket|WebSocketPair)$/.test(k)).length);
    // workerd leaves V8's Temporal out unless a worker opts in.
    await t("temporal", () => `${typeof globalThis.Temporal} ${"Temporal" in globalThis} ${typeof Date.prototype.toTemporalInstant}`);
    // What `for (k in value)` lists: no methods of the built-in prototypes
    // (worky replaces some of them: the locale-sensitive ones, 08_intl.js).
    await t("enumerableOnBuiltins", () => {
      const names = [];
      for (const value of [new Date(0), new String("s"), new Number(1), []]) for (const name in value) names.push(name);
      return names.join(",");
    });
    await t("eventTargetEnumerated", () => {
      const names = [];
      for (const name in new EventTarget()) names.push(name);
      return names.sort().join(",");
    });
    await t("webAssemblyDescriptor", () => descriptor("WebAssembly"));
    await t("moduleGlobal", () => `${typeof globalThis.module} ${typeof globalThis.exports}`);
    await t("responseType", () => new Response("x").type);
    await t("eval", () => eval("1 + 1"));
    await t("indirectEval", () => (0, eval)("1 + 1"));
    await t("newFunction", () => new Function("return 2")());
    await t("callFunction", () => Function("return 3")());
    await t("constructorOfAFunction", () => (function () {}).constructor("return 4")());
    await t("asyncFunctionConstructor", () => (async function () {}).constructor("return 5"));
    await t("generatorConstructor", () => (function* () {}).constructor("yield 6"));
    await t("instanceofFunction", () => `${(() => 1) instanceof Function} ${(async () => 1) instanceof Function} ${Function.prototype === Object.getPrototypeOf(() => 1)}`);
    await t("functionName", () => `${Function.name} ${typeof Function}`);
    await t("timeOrigin", () => performance.timeOrigin);
    await t("nowIsEpochTime", () => Math.abs(performance.now() - Date.now()) < 1000);
    await t("nowAdvances", async () => {
      const before = performance.now();
      await scheduler.wait(5);
      return performance.now() > before;
    });
    await t("cloneTransfer", () => {
      const buffer = new ArrayBuffer(8);
      new Uint8Array(buffer)[0] = 7;
      const clone = structuredClone(buffer, { transfer: [buffer] });
      return `${buffer.byteLength} ${clone.byteLength} ${new Uint8Array(clone)[0]}`;
    });
    await t("cloneTransferNested", () => {
      const bytes = new Uint8Array([1, 2, 3]);
      const clone = structuredClone({ bytes }, { transfer: [bytes.buffer] });
      return `${bytes.byteLength} ${clone.bytes.byteLength} ${clone.bytes[2]}`;
    });
    await t("cloneWithoutTransfer", () => {
      const buffer = new ArrayBuffer(4);
      structuredClone(buffer);
      return buffer.byteLength;
    });
    await t("reportErrorEvents", () => {
      const seen = [];
      const listener = (e) => seen.push(`${e.type} ${e.constructor.name} ${e.error?.message} ${e.message} ${e.cancelable}`);
      addEventListener("error", listener);
      reportError(new Error("reported"));
      reportError("a string");
      removeEventListener("error", listener);
      return seen.join(" | ");
    });
    await t("reportErrorNoArgument", () => reportError());
    return Response.json(r);
  },
};
