// Where the globals live, as on workerd: JS's own and a few objects (crypto,
// navigator, caches, ...) on the global object, the Web API classes and
// functions on its prototype (ServiceWorkerGlobalScope.prototype), enumerable,
// EventTarget on WorkerGlobalScope.prototype. So `for (k in globalThis)` lists
// the Web APIs and Object.keys(globalThis) does not.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const shape = (o, n) => {
      const x = Object.getOwnPropertyDescriptor(o, n);
      return `${x.enumerable ? "e" : "-"}${x.configurable ? "c" : "-"}${"writable" in x ? (x.writable ? "w" : "-") : "a"}`;
    };
    const names = (o, withShape) =>
      Object.getOwnPropertyNames(o)
        .filter((n) => n !== "constructor")
        .sort()
        .map((n) => (withShape ? `${n}:${shape(o, n)}` : n))
        .join(" ");
    const scope = Object.getPrototypeOf(globalThis);
    const forIn = [];
    for (const k in globalThis) forIn.push(k);
    return Response.json({
      own: names(globalThis, false),
      ownEnumerable: Object.keys(globalThis).sort().join(" "),
      scope: names(scope, true),
      workerScope: names(Object.getPrototypeOf(scope), true),
      forIn: forIn.sort().join(" "),
      shadowed: (() => {
        const original = fetch;
        globalThis.fetch = () => "mine";
        const mine = fetch();
        delete globalThis.fetch;
        return `${mine} ${fetch === original} ${Object.hasOwn(globalThis, "fetch")}`;
      })(),
    });
  },
};
