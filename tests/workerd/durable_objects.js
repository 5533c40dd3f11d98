import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
export class ChatRoom extends DurableObject {
  constructor(ctx, env) { super(ctx, env); this.made = (this.made ?? 0) + 1; }
  async fetch(request) { const n = ((await this.ctx.storage.get("n")) ?? 0) + 1; await this.ctx.storage.put("n", n); return new Response(`n=${n} id=${this.ctx.id} name=${this.ctx.id.name}`); }
  add(a, b) { return a + b; }
  fail() { throw new RangeError("bad range"); }
  async values() {
    const s = this.ctx.storage;
    await s.put({ a: 1, b: new Map([[1, 2]]), c: new Date(0), d: new Uint8Array([1, 2]) });
    const got = await s.get(["a", "b", "c", "d", "zz"]);
    const list = await s.list();
    const errs = {};
    try { await s.put("k".repeat(2049), 1); } catch (e) { errs.longKey = `${e.name}: ${e.message}`; }
    try { await s.put("v", "x".repeat(128 * 1024 + 100)); } catch (e) { errs.bigValue = `${e.name}: ${e.message}`; }
    try { await s.get(undefined); } catch (e) { errs.undefKey = `${e.name}: ${e.message}`; }
    try { await s.put("u", undefined); } catch (e) { errs.undefValue = `${e.name}: ${e.message}`; }
    return { got: [...got.entries()].map(([k, v]) => [k, Object.prototype.toString.call(v), v instanceof Map ? [...v] : v instanceof Uint8Array ? [...v] : v instanceof Date ? v.toISOString() : v]), keys: [...list.keys()], errs,
      del: await s.delete("a"), delMany: await s.delete(["b", "c", "nope"]) };
  }
  get prop() { return 42; }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ready");
    const out = {};
    const ns = env.ROOMS;
    const a = ns.idFromName("lobby"), b = ns.idFromName("lobby");
    out.idFromName = a.toString();
    out.idLen = a.toString().length;
    out.equals = a.equals(b);
    out.name = a.name;
    out.idType = Object.prototype.toString.call(a);
    out.nsType = Object.prototype.toString.call(ns);
    const u = ns.newUniqueId();
    out.uniqueLen = u.toString().length;
    out.uniqueName = u.name === undefined ? "undefined" : u.name;
    const fromStr = ns.idFromString(a.toString());
    out.fromStringEquals = fromStr.equals(a);
    out.fromStringName = fromStr.name === undefined ? "undefined" : fromStr.name;
    for (const [k, v] of [["short", "abc"], ["nonhex", "z".repeat(64)], ["otherNs", "0".repeat(64)], ["upper", a.toString().toUpperCase()]]) {
      try { ns.idFromString(v); out["idFromString_" + k] = "ok"; } catch (e) { out["idFromString_" + k] = `${e.name}: ${e.message}`; }
    }
    const stub = ns.get(a);
    out.stubType = Object.prototype.toString.call(stub);
    out.stubId = stub.id.toString() === a.toString();
    out.stubName = stub.name;
    out.fetch1 = await (await stub.fetch("http://x/")).text();
    out.fetch2 = await (await ns.getByName("lobby").fetch(new Request("http://y/"))).text();
    out.add = await stub.add(2, 3);
    try { await stub.fail(); } catch (e) { out.fail = `${e.name}: ${e.message} ${e instanceof RangeError}`; }
    try { await stub.nope(); } catch (e) { out.nope = `${e.name}: ${e.message}`; }
    try { out.prop = await stub.prop; } catch (e) { out.prop = `${e.name}: ${e.message}`; }
    out.values = await ns.getByName("vals").values();
    try { ns.idFromName(); out.noName = "ok"; } catch (e) { out.noName = `${e.name}: ${e.message}`; }
    out.doType = typeof DurableObject; out.weType = typeof WorkerEntrypoint;
    return Response.json(out);
  },
};
