// node:events under nodejs_compat: EventEmitter listener order and removal,
// once, prepend, counts and names, the unhandled 'error' throw, newListener,
// max listeners, events.once() as a promise, and the bare "events" specifier.
import EventEmitter, { once, EventEmitter as Named, errorMonitor, captureRejectionSymbol } from "node:events";
import * as events from "node:events";
import BareEventEmitter from "events";

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    const ta = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    t("defaultIsClass", () => typeof EventEmitter === "function" && events.default === EventEmitter);
    t("namedEqualsDefault", () => Named === EventEmitter && EventEmitter.EventEmitter === EventEmitter);
    t("bareSpecifier", () => BareEventEmitter === EventEmitter);
    t("order", () => {
      const e = new EventEmitter();
      const seen = [];
      e.on("x", (a) => seen.push("a" + a));
      e.once("x", (a) => seen.push("once" + a));
      e.on("x", (a) => seen.push("b" + a));
      const first = e.emit("x", 1);
      e.emit("x", 2);
      return `${seen.join(",")} ${first} ${e.emit("none")}`;
    });
    t("off", () => {
      const e = new EventEmitter();
      const seen = [];
      const f = () => seen.push("f");
      e.on("x", f);
      e.on("x", () => seen.push("g"));
      e.off("x", f);
      e.emit("x");
      e.removeAllListeners("x");
      e.emit("x");
      return `${seen.join(",")} ${e.listenerCount("x")}`;
    });
    t("removeDuringEmit", () => {
      const e = new EventEmitter();
      const seen = [];
      const b = () => seen.push("b");
      e.on("x", () => { seen.push("a"); e.off("x", b); });
      e.on("x", b);
      e.emit("x");
      e.emit("x");
      return seen.join(",");
    });
    t("prependListener", () => {
      const e = new EventEmitter();
      const seen = [];
      e.on("x", () => seen.push("on"));
      e.prependListener("x", () => seen.push("prepend"));
      e.prependOnceListener("x", () => seen.push("prependOnce"));
      e.emit("x");
      e.emit("x");
      return seen.join(",");
    });
    t("listenerCount", () => {
      const e = new EventEmitter();
      e.on("a", () => {});
      e.on("a", () => {});
      e.once("b", () => {});
      return [e.listenerCount("a"), e.listenerCount("b"), e.listenerCount("c"), e.listeners("a").length, e.rawListeners("b").length].join(",");
    });
    t("eventNames", () => {
      const e = new EventEmitter();
      const sym = Symbol("s");
      e.on("b", () => {});
      e.on("a", () => {});
      e.on(sym, () => {});
      return e.eventNames().map(String).join(",");
    });
    t("errorNoListener", () => {
      const e = new EventEmitter();
      e.emit("error", new Error("boom"));
      return "no throw";
    });
    t("errorNonError", () => {
      const e = new EventEmitter();
      e.emit("error", "just a string");
      return "no throw";
    });
    t("errorCode", () => {
      try {
        new EventEmitter().emit("error", "s");
      } catch (err) {
        return `${err.code} ${err.context}`;
      }
    });
    t("errorWithListener", () => {
      const e = new EventEmitter();
      let got;
      e.on("error", (err) => { got = err.message; });
      e.emit("error", new Error("handled"));
      return got;
    });
    t("errorMonitor", () => {
      const e = new EventEmitter();
      let got;
      e.on(errorMonitor, (err) => { got = err.message; });
      try { e.emit("error", new Error("mon")); } catch (err) { return `${got} then threw ${err.message}`; }
      return got;
    });
    t("newListener", () => {
      const e = new EventEmitter();
      const seen = [];
      e.on("newListener", (name) => seen.push(`new:${String(name)}:${e.listenerCount(name)}`));
      e.on("removeListener", (name) => seen.push(`removed:${String(name)}`));
      const f = () => {};
      e.on("x", f);
      e.once("y", () => {});
      e.off("x", f);
      e.emit("y");
      return seen.join(",");
    });
    t("maxListeners", () => {
      const e = new EventEmitter();
      const before = e.getMaxListeners();
      const same = e.setMaxListeners(3) === e;
      return `${before} ${e.getMaxListeners()} ${same} ${EventEmitter.defaultMaxListeners}`;
    });
    t("thisInListener", () => {
      const e = new EventEmitter();
      let self;
      e.on("x", function () { self = this; });
      e.emit("x");
      return self === e;
    });
    t("chaining", () => {
      const e = new EventEmitter();
      return e.on("x", () => {}) === e && e.once("y", () => {}) === e && e.off("x", () => {}) === e;
    });
    await ta("oncePromise", async () => {
      const e = new EventEmitter();
      setTimeout(() => e.emit("ready", 1, 2), 1);
      const args = await once(e, "ready");
      return JSON.stringify(args);
    });
    await ta("oncePromiseError", async () => {
      const e = new EventEmitter();
      setTimeout(() => e.emit("error", new Error("bad")), 1);
      try {
        await once(e, "ready");
        return "resolved";
      } catch (err) {
        return `rejected ${err.message}`;
      }
    });
    await ta("onceEventTarget", async () => {
      const target = new EventTarget();
      setTimeout(() => target.dispatchEvent(new Event("go")), 1);
      const [event] = await once(target, "go");
      return event.type;
    });
    t("captureRejections", () => `${typeof EventEmitter.captureRejections} ${typeof captureRejectionSymbol}`);
    t("subclass", () => {
      class My extends EventEmitter {}
      const m = new My();
      let got;
      m.on("x", (v) => { got = v; });
      m.emit("x", "sub");
      return `${got} ${m instanceof EventEmitter}`;
    });
    t("staticHelpers", () => ["once", "on", "getEventListeners", "listenerCount", "setMaxListeners", "EventEmitterAsyncResource"].map((k) => `${k}:${typeof events[k]}`).join(","));
    t("exports", () => Object.keys(events).sort().join(","));
    return Response.json(r);
  },
};
