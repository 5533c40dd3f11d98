// The global scope's own classes as workerd has them (a current compatibility
// date): globalThis is a ServiceWorkerGlobalScope, `origin` is "null",
// `navigator` is a Navigator, FetchEvent and ScheduledEvent are
// ExtendableEvents; none of these classes can be constructed.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (k, f) => {
      try {
        r[k] = f();
      } catch (err) {
        r[k] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const describe = (name) => {
      const d = Object.getOwnPropertyDescriptor(globalThis, name);
      return d === undefined ? "not own" : `${typeof d.value} ${d.writable} ${d.enumerable} ${d.configurable}`;
    };
    t("origin", () => `${typeof origin} ${JSON.stringify(origin)} ${describe("origin")}`);
    t("navigatorClass", () => `${typeof Navigator} ${navigator instanceof Navigator} ${navigator.constructor === Navigator} ${describe("Navigator")}`);
    t("newNavigator", () => new Navigator());
    t("globalChain", () => {
      const names = [];
      for (let p = Object.getPrototypeOf(globalThis); p; p = Object.getPrototypeOf(p)) names.push(p.constructor?.name);
      return names.join(" > ");
    });
    t("serviceWorkerScope", () => `${self instanceof ServiceWorkerGlobalScope} ${typeof WorkerGlobalScope} ${describe("ServiceWorkerGlobalScope")}`);
    t("newScope", () => new ServiceWorkerGlobalScope());
    t("newWorkerScope", () => new WorkerGlobalScope());
    t("extendableEvent", () => `${typeof ExtendableEvent} ${describe("ExtendableEvent")}`);
    t("newExtendableEvent", () => new ExtendableEvent("x"));
    t("eventChains", () => [FetchEvent, ScheduledEvent].map((E) => `${Object.getPrototypeOf(E.prototype) === ExtendableEvent.prototype} ${Object.getPrototypeOf(ExtendableEvent.prototype) === Event.prototype} ${typeof E.prototype.waitUntil}`).join(" | "));
    t("extendableMembers", () => Object.getOwnPropertyNames(ExtendableEvent.prototype).sort().join(","));
    t("ownGlobalsStillWork", () => `${typeof addEventListener} ${typeof fetch} ${typeof Object.prototype.hasOwnProperty.call(globalThis, "fetch")}`);
    return Response.json(r);
  },
};
