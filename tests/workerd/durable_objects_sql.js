// The SQL API of SQLite-backed Durable Objects (ctx.storage.sql), as workerd answers.
import { DurableObject } from "cloudflare:workers";
const tryIt = (f) => { try { return f(); } catch (e) { return `${e.name}: ${e.message}`; } };
export class ChatRoom extends DurableObject {
  sql() {
    const sql = this.ctx.storage.sql;
    const out = {};
    // (rowsRead/rowsWritten of DDL are SQLite internals: not compared.)
    out.create = tryIt(() => { const c = sql.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)"); return [c.columnNames, c.toArray()]; });
    out.insert = tryIt(() => { const c = sql.exec("INSERT INTO t (name, score, data) VALUES (?, ?, ?), (?, ?, ?)", "a", 1.5, new Uint8Array([1,2]), "b", 2, null); return [c.rowsRead, c.rowsWritten, c.toArray()]; });
    out.select = tryIt(() => { const c = sql.exec("SELECT * FROM t ORDER BY id"); const rows = c.toArray(); return [c.columnNames, rows.map(r => Object.entries(r).map(([k, v]) => [k, Object.prototype.toString.call(v), v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v])), c.rowsRead, c.rowsWritten]; });
    out.iter = tryIt(() => { const names = []; for (const row of sql.exec("SELECT name FROM t ORDER BY id")) names.push(row.name); return names; });
    out.raw = tryIt(() => [...sql.exec("SELECT id, name FROM t ORDER BY id").raw()]);
    out.one = tryIt(() => sql.exec("SELECT name FROM t WHERE id = ?", 1).one());
    out.oneNone = tryIt(() => sql.exec("SELECT name FROM t WHERE id = ?", 99).one());
    out.oneMany = tryIt(() => sql.exec("SELECT name FROM t").one());
    out.next = tryIt(() => { const c = sql.exec("SELECT id FROM t ORDER BY id"); return [c.next(), c.next(), c.next()]; });
    out.multi = tryIt(() => sql.exec("INSERT INTO t (name) VALUES ('c'); SELECT count(*) AS n FROM t").toArray());
    out.begin = tryIt(() => sql.exec("BEGIN TRANSACTION"));
    out.syntax = tryIt(() => sql.exec("SELEC 1"));
    out.bigint = tryIt(() => sql.exec("SELECT 9007199254740993 AS big, 42 AS small").one());
    out.bindBig = tryIt(() => sql.exec("SELECT ? AS v", 10n).one());
    out.bindBool = tryIt(() => sql.exec("SELECT ? AS v", true).one());
    out.bindObj = tryIt(() => sql.exec("SELECT ? AS v", {}).one());
    out.tooFew = tryIt(() => sql.exec("SELECT ? AS v").one());
    out.size = typeof sql.databaseSize;
    out.txSync = tryIt(() => this.ctx.storage.transactionSync(() => { sql.exec("INSERT INTO t (name) VALUES ('d')"); throw new Error("undo"); }));
    out.afterTx = tryIt(() => sql.exec("SELECT count(*) AS n FROM t").one());
    out.kvToo = tryIt(() => { this.ctx.storage.put("x", 1); return "ok"; });
    return out;
  }
}
export default { async fetch(request, env) { if (new URL(request.url).pathname === "/ready") return new Response("ready"); return Response.json(await env.ROOMS.getByName("s").sql()); } };
