// What workerd answers for the engine-level behaviours worky guards: blocking
// and asynchronous Atomics waits, revocable proxies, engine-internal globals.
// tests/workerd/record.sh records workerd's answers next to this file
// (engine_guards.expected.json); tests/workerd.rs checks worky answers the same.
export default {
  async fetch() {
    const out = {};
    const attempt = async (name, fn) => {
      try {
        out[name] = { value: await fn() };
      } catch (error) {
        out[name] = { error: error.constructor.name, message: error.message };
      }
    };
    const shared = () => new Int32Array(new SharedArrayBuffer(8));

    await attempt("Atomics.wait", () => Atomics.wait(shared(), 0, 0, 1));
    await attempt("Atomics.waitAsync not-equal", () => Atomics.waitAsync(shared(), 0, 1));
    await attempt("Atomics.waitAsync timeout 0", () => Atomics.waitAsync(shared(), 0, 0, 0));
    // (A waitAsync that really waits never settles in workerd: no notify or timeout
    // wakes it. worky wakes it; tests/hostile.rs checks that on its own.)
    await attempt("Atomics.notify non-shared", () => Atomics.notify(new Int32Array(4), 0));
    await attempt("Atomics.notify out of range", () => Atomics.notify(shared(), 5));
    await attempt("Atomics.waitAsync non-shared", () => Atomics.waitAsync(new Int32Array(4), 0, 0));
    await attempt("Atomics.waitAsync Float64Array", () => Atomics.waitAsync(new Float64Array(new SharedArrayBuffer(8)), 0, 0));

    const target = { a: 1 };
    const { proxy, revoke } = Proxy.revocable(target, { get: (t, key) => (key === "b" ? 2 : t[key]) });
    await attempt("live revocable get", () => [proxy.a, proxy.b, "a" in proxy, Object.keys(proxy)]);
    revoke();
    revoke();
    await attempt("revoked get", () => proxy.a);
    await attempt("revoked set", () => { proxy.a = 2; });
    await attempt("revoked has", () => "a" in proxy);
    await attempt("revoked keys", () => Object.keys(proxy));
    await attempt("revoked typeof", () => typeof proxy);
    await attempt("revoked Array.isArray", () => Array.isArray(proxy));
    const { proxy: fn, revoke: revokeFn } = Proxy.revocable(function () { return 1; }, {});
    await attempt("live revocable call", () => fn());
    revokeFn();
    await attempt("revoked call", () => fn());
    await attempt("revoked typeof function", () => typeof fn);
    await attempt("Proxy.revocable non-object", () => Proxy.revocable(1, {}));
    await attempt("Proxy.revocable shape", () => [Proxy.revocable.name, Proxy.revocable.length, Object.keys(Proxy.revocable({}, {}))]);

    await attempt("typeof gc", () => typeof globalThis.gc);
    await attempt("typeof ShadowRealm", () => typeof globalThis.ShadowRealm);
    await attempt("globals starting with __", () => Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("__")));
    return Response.json(out);
  },
};
