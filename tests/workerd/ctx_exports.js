// ctx.exports (on by compatibility date from 2025-11-17, `enable_ctx_exports`):
// loopback bindings to the worker's own exports: a service binding for each
// WorkerEntrypoint class and for the default handler (fetch and JS RPC), a
// Durable Object namespace for each Durable Object class with storage; nothing
// for other exports. Also inside an entrypoint (`this.ctx.exports`).
import { DurableObject, WorkerEntrypoint, exports as moduleExports } from "cloudflare:workers";

export class Greeter extends WorkerEntrypoint {
  greet(name) {
    return `Hello, ${name}!`;
  }
  async fetch(request) {
    return new Response(`greeter saw ${new URL(request.url).pathname}`);
  }
  async viaOwnCtx() {
    return typeof this.ctx.exports?.Greeter?.greet;
  }
}

export class Counter extends DurableObject {
  async inc() {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return n;
  }
}

// A class with storage (in [[migrations]]) that no binding names: ctx.exports only.
export class Unbound extends DurableObject {
  async hi() {
    return `unbound ${typeof this.ctx.storage.sql}`;
  }
}

export const helper = () => 1;


const attempt = async (f) => {
  try {
    return { ok: await f() };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/ready") return new Response("ok");
    if (path !== "/") return new Response(`default saw ${path}`);
    const exports = ctx.exports;
    const out = {};
    out.type = Object.prototype.toString.call(exports);
    out.keys = Object.keys(exports).sort();
    out.has = ["Greeter", "Counter", "default", "helper"].map((name) => name in exports);
    out.same = ctx.exports === exports;
    out.greet = await attempt(() => exports.Greeter.greet("World"));
    out.greeterFetch = await attempt(async () => (await exports.Greeter.fetch("http://x/path")).text());
    out.defaultFetch = await attempt(async () => (await exports.default.fetch("http://x/loop")).text());
    out.viaOwnCtx = await attempt(() => exports.Greeter.viaOwnCtx());
    out.counter = await attempt(async () => [
      await exports.Counter.getByName("a").inc(),
      await exports.Counter.getByName("a").inc(),
      await env.COUNTER.getByName("a").inc(),
    ]);
    out.counterIds = exports.Counter.idFromName("a").toString() === env.COUNTER.idFromName("a").toString();
    out.unbound = await attempt(() => exports.Unbound.getByName("u").hi());
    out.unboundInEnv = "Unbound" in env;
    // The module's `exports`: the same loopback bindings.
    out.moduleExports = {
      type: typeof moduleExports,
      keys: Object.keys(moduleExports).sort(),
      greet: await attempt(() => moduleExports.Greeter.greet("Module")),
    };
    return Response.json(out);
  },
};
