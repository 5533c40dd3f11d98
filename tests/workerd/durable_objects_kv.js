// ctx.storage.kv: the synchronous key-value API of SQLite-backed Durable Objects
// (the same entries the asynchronous get/put/list see), as workerd answers.
import { DurableObject } from "cloudflare:workers";
const tryIt = (f) => {
  try {
    return f();
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
};
const show = (value) => (value instanceof Map ? ["Map", [...value]] : value === undefined ? "undefined" : value);
export class ChatRoom extends DurableObject {
  async kv() {
    const kv = this.ctx.storage.kv;
    const out = {};
    out.type = `${typeof kv} ${Object.prototype.toString.call(kv)} ${kv === this.ctx.storage.kv}`;
    out.getMissing = tryIt(() => show(kv.get("nope")));
    out.put = tryIt(() => show(kv.put("a", { n: 1 })));
    out.putMore = tryIt(() => [kv.put("b", [1, 2]), kv.put("c/1", "x"), kv.put("c/2", new Uint8Array([7])), kv.put("d", null)].map(show));
    out.get = tryIt(() => show(kv.get("a")));
    out.getTyped = tryIt(() => { const v = kv.get("c/2"); return `${Object.prototype.toString.call(v)} ${[...v]}`; });
    out.getNull = tryIt(() => show(kv.get("d")));
    out.getMany = tryIt(() => show(kv.get(["a", "b"])));
    out.putUndefined = tryIt(() => kv.put("u", undefined));
    out.putNumberKey = tryIt(() => { kv.put(5, "five"); return show(kv.get("5")); });
    out.asyncSees = show(await this.ctx.storage.get("a"));
    out.asyncWrites = await (async () => { await this.ctx.storage.put("e", "from async"); return show(kv.get("e")); })();
    out.listType = tryIt(() => { const l = kv.list(); return `${typeof l} ${Object.prototype.toString.call(l)} ${typeof l[Symbol.iterator]} ${typeof l.next}`; });
    out.list = tryIt(() => [...kv.list()].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" "));
    out.listPrefix = tryIt(() => [...kv.list({ prefix: "c/" })].map(([k]) => k).join(","));
    out.listReverseLimit = tryIt(() => [...kv.list({ reverse: true, limit: 2 })].map(([k]) => k).join(","));
    out.listStartEnd = tryIt(() => [...kv.list({ start: "b", end: "d" })].map(([k]) => k).join(","));
    out.listBadLimit = tryIt(() => [...kv.list({ limit: 0 })].length);
    out.delete = tryIt(() => [kv.delete("a"), kv.delete("a"), show(kv.get("a"))].map(String).join(" "));
    out.deleteMany = tryIt(() => kv.delete(["b", "zz"]));
    out.bigValue = tryIt(() => kv.put("big", "x".repeat(2 * 1024 * 1024 + 10)));
    out.afterAll = tryIt(() => [...kv.list()].map(([k]) => k).join(","));
    return out;
  }
  async fetch() {
    return Response.json(await this.kv());
  }
}
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    return env.ROOMS.getByName("kv").fetch("https://x/");
  },
};
