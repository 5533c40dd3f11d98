// Cloudflare D1, the SQLite database binding of Workers (env.DB), as miniflare (the
// runtime of `wrangler dev`) answers: exec, prepare / bind / run / all / first / raw,
// batch, sessions, the type mapping of bound and returned values, result and meta
// shapes, and the exact error messages. workerd alone has no D1, so this is recorded
// under miniflare (see d1.miniflare; the binding comes from d1.miniflare.json).
// Volatile values (durations, database sizes, bookmarks, versions) are reported by
// their type; every observation is either its value or {error: {name, message}}
// (with the error's cause, when it has one).
const TABLES = ["t", "vals", "items", "users", "orders", "counts", "batch_t", "tx_t", "exec_t", "session_t"];

// An error as a plain object: name, message, and its cause's, when there is one.
// A message that carries a stack trace (miniflare's "Failed to parse body as JSON, got:
// ZodError\n    at ...", with its own file paths) is cut where the trace begins.
const messageOf = (e) => {
  const at = e.message.indexOf("\n    at ");
  return at < 0 ? { message: e.message } : { message: e.message.slice(0, at), stackInMessage: true };
};
const errorOf = (e) => {
  if (!(e instanceof Error)) return { thrown: typeof e, value: String(e) };
  const out = { name: e.name, ...messageOf(e) };
  if (e.cause !== undefined) out.cause = e.cause instanceof Error ? { name: e.cause.name, ...messageOf(e.cause) } : { value: String(e.cause) };
  return out;
};

// A value as JSON can hold it, with its JavaScript type: blobs as their class and bytes.
const describe = (v) => {
  if (v === null) return { type: "null", value: null };
  if (v === undefined) return { type: "undefined" };
  if (typeof v === "bigint") return { type: "bigint", value: String(v) };
  if (typeof v === "number") return { type: "number", value: Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? "-0" : String(v) };
  if (typeof v !== "object") return { type: typeof v, value: v };
  const tag = Object.prototype.toString.call(v);
  if (v instanceof ArrayBuffer) return { type: tag, bytes: [...new Uint8Array(v)] };
  if (ArrayBuffer.isView(v)) return { type: tag, bytes: [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] };
  if (Array.isArray(v)) return { type: tag, itemTypes: [...new Set(v.map((x) => typeof x))], items: v };
  return { type: tag, value: v };
};
// Each column of a row object (in the row's own key order), described.
const describeRow = (row) => (row === null ? null : Object.entries(row).map(([k, v]) => [k, describe(v)]));

// meta with its keys sorted; timings, durations, sizes and the server's name by their type.
// served_by names the instance that answered (miniflare's, worky's, a Cloudflare region's).
const VOLATILE = new Set(["duration", "size_after", "served_by", "served_by_region", "served_by_colo", "served_by_primary", "sql_duration_ms", "total_attempts"]);
const normMeta = (meta) => {
  if (meta === null || typeof meta !== "object") return describe(meta);
  const out = {};
  for (const key of Object.keys(meta).sort()) {
    const v = meta[key];
    if (key === "timings" && v && typeof v === "object") out[key] = normMeta(v);
    else if (VOLATILE.has(key)) out[key] = `typeof ${typeof v}`;
    else out[key] = v;
  }
  return out;
};
// A D1Result (run / all): its keys in order, success, results, normalised meta.
const normResult = (r) => {
  if (r === null || typeof r !== "object") return describe(r);
  const out = { keys: Object.keys(r) };
  for (const key of Object.keys(r)) out[key] = key === "meta" ? normMeta(r.meta) : r[key];
  return out;
};
// The method names of a prototype chain (up to Object.prototype), sorted, per level.
const protoNames = (obj) => {
  const levels = [];
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    levels.push({ constructor: p.constructor?.name, names: Object.getOwnPropertyNames(p).sort() });
  }
  return levels;
};

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ready");
    const db = env.DB;
    const out = {};
    // Observation names without dots: a documented difference names a path in them (`a.b`).
    const attempt = async (label, fn) => {
      const name = label.replaceAll(".", " ");
      try {
        out[name] = await fn();
      } catch (e) {
        out[name] = { error: errorOf(e) };
      }
    };
    const q = (sql, ...params) => db.prepare(sql).bind(...params);

    // Start from a clean database, whatever an earlier run left.
    for (const table of TABLES) await db.prepare(`DROP TABLE IF EXISTS ${table}`).run();

    // ---- 11. The binding itself: classes, methods, deprecated dump.
    await attempt("binding.typeof", () => typeof db);
    await attempt("binding.constructor", () => Object.getPrototypeOf(db).constructor.name);
    await attempt("binding.String", () => String(db));
    await attempt("binding.toStringTag", () => Object.prototype.toString.call(db));
    await attempt("binding.ownKeys", () => Object.keys(db).sort());
    await attempt("binding.prototype", () => protoNames(db));
    await attempt("binding.typeof methods", () => Object.fromEntries(["prepare", "batch", "exec", "dump", "withSession"].map((m) => [m, typeof db[m]])));
    await attempt("dump()", async () => { const d = await db.dump(); return describe(d); });
    const stmt = db.prepare("SELECT 1 AS one");
    await attempt("statement.constructor", () => Object.getPrototypeOf(stmt).constructor.name);
    await attempt("statement.String", () => String(stmt));
    await attempt("statement.ownKeys", () => Object.keys(stmt).sort());
    await attempt("statement.prototype", () => protoNames(stmt));

    // ---- 1. exec(): several statements, one per line; its result; errors.
    await attempt("exec.multi", async () => {
      const r = await db.exec("CREATE TABLE exec_t (id INTEGER PRIMARY KEY, name TEXT)\nINSERT INTO exec_t (name) VALUES ('a')\nINSERT INTO exec_t (name) VALUES ('b')");
      return { keys: Object.keys(r), count: r.count, duration: typeof r.duration };
    });
    await attempt("exec.multi rows", async () => (await db.prepare("SELECT * FROM exec_t ORDER BY id").all()).results);
    await attempt("exec.select", async () => { const r = await db.exec("SELECT * FROM exec_t"); return { keys: Object.keys(r), count: r.count }; });
    await attempt("exec.semicolons on one line", async () => { const r = await db.exec("INSERT INTO exec_t (name) VALUES ('c'); INSERT INTO exec_t (name) VALUES ('d');"); return { count: r.count }; });
    await attempt("exec.blank lines", async () => { const r = await db.exec("INSERT INTO exec_t (name) VALUES ('e')\n\n\nINSERT INTO exec_t (name) VALUES ('f')\n"); return { count: r.count }; });
    await attempt("exec.rows after", async () => (await db.prepare("SELECT name FROM exec_t ORDER BY id").raw()).flat());
    await attempt("exec.syntax error", async () => db.exec("SELEC 1"));
    await attempt("exec.second line fails", async () => db.exec("INSERT INTO exec_t (name) VALUES ('g')\nINSERT INTO nope VALUES (1)"));
    await attempt("exec.second line fails: first kept?", async () => (await db.prepare("SELECT count(*) AS n FROM exec_t WHERE name = 'g'").first("n")));
    await attempt("exec.third line fails", async () => db.exec("INSERT INTO exec_t (name) VALUES ('h')\nINSERT INTO exec_t (name) VALUES ('i')\nSELEC 1"));
    await attempt("exec.third line fails: first kept?", async () => (await db.prepare("SELECT count(*) AS n FROM exec_t WHERE name IN ('h', 'i')").first("n")));
    await attempt("exec.first line fails", async () => db.exec("SELEC 1\nINSERT INTO exec_t (name) VALUES ('j')"));
    await attempt("exec.first line fails: second run?", async () => (await db.prepare("SELECT count(*) AS n FROM exec_t WHERE name = 'j'").first("n")));
    await attempt("exec.empty", async () => db.exec(""));
    await attempt("exec.no argument", async () => db.exec());

    // ---- 2. run(): CREATE TABLE and INSERTs, the whole result.
    await attempt("run.create", async () => normResult(await db.prepare("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, n INTEGER)").run()));
    await attempt("run.insert", async () => normResult(await q("INSERT INTO t (name, score, n) VALUES (?, ?, ?)", "a", 1.5, 10).run()));
    await attempt("run.insert second", async () => normResult(await q("INSERT INTO t (name, score, n) VALUES (?, ?, ?)", "b", 2, 20).run()));
    await attempt("run.insert two rows", async () => normResult(await q("INSERT INTO t (name, score, n) VALUES (?, ?, ?), (?, ?, ?)", "c", 3.25, 30, "d", -1, 40).run()));
    await attempt("run.insert explicit id", async () => normResult(await q("INSERT INTO t (id, name) VALUES (?, ?)", 100, "e").run()));
    await attempt("run.select", async () => normResult(await db.prepare("SELECT name FROM t ORDER BY id").run()));
    await attempt("run.update none", async () => normResult(await db.prepare("UPDATE t SET n = 0 WHERE id = -5").run()));
    await attempt("run.delete", async () => normResult(await db.prepare("DELETE FROM t WHERE id = 100").run()));
    await attempt("run.size_after", async () => {
      const r = await db.prepare("SELECT 1").run();
      return { typeof: typeof r.meta.size_after, positive: r.meta.size_after > 0, pages: r.meta.size_after % 4096 === 0 };
    });

    // ---- 3. bind(): what each JavaScript value becomes, read straight back.
    // ?1 twice: the value, and SQLite's typeof() of it.
    const bound = (v) => async () => {
      const row = await db.prepare("SELECT ?1 AS v, typeof(?1) AS t").bind(v).first();
      return { v: describe(row.v), sqliteType: row.t };
    };
    await attempt("bind.integer", bound(42));
    await attempt("bind.negative integer", bound(-7));
    await attempt("bind.zero", bound(0));
    await attempt("bind.negative zero", bound(-0));
    await attempt("bind.float", bound(1.5));
    await attempt("bind.float 0.1", bound(0.1));
    await attempt("bind.integral float 2.0", bound(2.0));
    await attempt("bind.2^53+1 as number", bound(2 ** 53 + 1));
    await attempt("bind.1e300", bound(1e300));
    await attempt("bind.NaN", bound(NaN));
    await attempt("bind.Infinity", bound(Infinity));
    await attempt("bind.string", bound("hello"));
    await attempt("bind.empty string", bound(""));
    await attempt("bind.unicode string", bound("h\u00e9 \u{1F600}"));
    await attempt("bind.numeric string", bound("12"));
    await attempt("bind.null", bound(null));
    await attempt("bind.true", bound(true));
    await attempt("bind.false", bound(false));
    await attempt("bind.ArrayBuffer", bound(new Uint8Array([1, 2, 255]).buffer));
    await attempt("bind.Uint8Array", bound(new Uint8Array([0, 1, 2])));
    await attempt("bind.empty Uint8Array", bound(new Uint8Array(0)));
    await attempt("bind.Uint8Array subarray", bound(new Uint8Array([9, 8, 7, 6]).subarray(1, 3)));
    await attempt("bind.Int16Array", bound(new Int16Array([1, -1])));
    await attempt("bind.DataView", bound(new DataView(new Uint8Array([5, 6]).buffer)));
    await attempt("bind.BigInt", bound(10n));
    await attempt("bind.BigInt 2^53+1", bound(2n ** 53n + 1n));
    await attempt("bind.undefined", bound(undefined));
    await attempt("bind.object", bound({ a: 1 }));
    await attempt("bind.array", bound([1, 2]));
    await attempt("bind.Date", bound(new Date(0)));
    await attempt("bind.function", bound(() => 1));
    await attempt("bind.symbol", bound(Symbol("s")));
    // When the error comes: bind() itself, or the query?
    await attempt("bind.undefined at bind()", () => { db.prepare("SELECT ? AS v").bind(undefined); return "bind() returned"; });
    await attempt("bind.object at bind()", () => { db.prepare("SELECT ? AS v").bind({ a: 1 }); return "bind() returned"; });
    await attempt("bind.symbol at bind()", () => { db.prepare("SELECT ? AS v").bind(Symbol("s")); return "bind() returned"; });
    await attempt("bind.BigInt at bind()", () => { db.prepare("SELECT ? AS v").bind(10n); return "bind() returned"; });
    // Parameter counts and styles.
    await attempt("bind.too many", async () => q("SELECT ? AS v", 1, 2).first());
    await attempt("bind.too few", async () => q("SELECT ? AS a, ? AS b", 1).first());
    await attempt("bind.none for one", async () => db.prepare("SELECT ? AS v").first());
    await attempt("bind.none needed, one given", async () => q("SELECT 1 AS v", 1).first());
    await attempt("bind.numbered ?1 ?2", async () => q("SELECT ?2 AS b, ?1 AS a, ?1 AS a2", "one", "two").first());
    await attempt("bind.numbered ?2 only, one value", async () => q("SELECT ?2 AS b", "one").first());
    await attempt("bind.numbered ?2 only, two values", async () => q("SELECT ?2 AS b", "one", "two").first());
    await attempt("bind.named :x positional", async () => q("SELECT :x AS x, :y AS y", 1, 2).first());
    await attempt("bind.named $x positional", async () => q("SELECT $x AS x", 1).first());
    await attempt("bind.named @x positional", async () => q("SELECT @x AS x", 1).first());
    await attempt("bind.?NNN too large", async () => q("SELECT ?40000 AS v", 1).first());
    // bind() and the statement it was called on.
    await attempt("bind.returns", async () => {
      const s = db.prepare("SELECT ? AS v");
      const a = s.bind(1);
      const b = s.bind(2);
      const c = a.bind(3);
      return {
        sameAsStatement: a === s,
        twoBindsDiffer: a !== b,
        rebindSame: c === a,
        constructor: Object.getPrototypeOf(a).constructor.name,
        a: await a.first("v"),
        b: await b.first("v"),
        c: await c.first("v"),
        aAgain: await a.first("v"),
      };
    });
    await attempt("bind.unbound original after bind", async () => { const s = db.prepare("SELECT ? AS v"); s.bind(1); return s.first("v"); });
    await attempt("bind.no arguments", async () => db.prepare("SELECT 5 AS v").bind().first("v"));
    // Stored and read back through a table without affinity, and one with.
    await attempt("bind.stored", async () => {
      await db.prepare("CREATE TABLE vals (id INTEGER PRIMARY KEY, v, txt TEXT, num REAL, i INTEGER, b BLOB)").run();
      const values = [42, 1.5, "s", null, true, false, new Uint8Array([1, 2, 3]), new Uint8Array([4, 5]).buffer, "7", [6, 7]];
      for (const v of values) await db.prepare("INSERT INTO vals (v, txt, num, i, b) VALUES (?1, ?1, ?1, ?1, ?1)").bind(v).run();
      const { results } = await db.prepare("SELECT v, typeof(v) AS tv, txt, typeof(txt) AS ttxt, num, typeof(num) AS tnum, i, typeof(i) AS ti, b, typeof(b) AS tb FROM vals ORDER BY id").all();
      return results.map(describeRow);
    });
    await attempt("bind.blob via first()", async () => describe(await db.prepare("SELECT v FROM vals WHERE typeof(v) = 'blob' ORDER BY id").first("v")));
    await attempt("bind.blob via raw()", async () => (await db.prepare("SELECT v FROM vals WHERE typeof(v) = 'blob' ORDER BY id").raw()).map((r) => r.map(describe)));
    await attempt("bind.blob via all()", async () => (await db.prepare("SELECT v FROM vals WHERE typeof(v) = 'blob' ORDER BY id").all()).results.map(describeRow));
    await attempt("bind.blob literal", async () => describe(await db.prepare("SELECT x'00ff10' AS b").first("b")));
    await attempt("bind.zeroblob", async () => describe(await db.prepare("SELECT zeroblob(3) AS b").first("b")));
    await attempt("bind.blob compares equal", async () => db.prepare("SELECT v = x'010203' AS eq FROM vals WHERE typeof(v) = 'blob' ORDER BY id").raw());

    // ---- 4. all(): result shape, rows, column names, numbers.
    await attempt("all.shape", async () => normResult(await db.prepare("SELECT id, name, score, n FROM t ORDER BY id").all()));
    await attempt("all.no rows", async () => normResult(await db.prepare("SELECT id FROM t WHERE id < 0").all()));
    await attempt("all.insert", async () => normResult(await q("INSERT INTO t (name, score, n) VALUES (?, ?, ?)", "f", 0.5, 60).all()));
    await attempt("all.insert returning", async () => normResult(await q("INSERT INTO t (name, n) VALUES (?, ?) RETURNING id, name", "g", 70).all()));
    await attempt("all.duplicate names", async () => (await db.prepare("SELECT 1 AS a, 2 AS a").all()).results.map(describeRow));
    await attempt("all.duplicate names raw", async () => db.prepare("SELECT 1 AS a, 2 AS a").raw({ columnNames: true }));
    await attempt("all.join duplicate names", async () => {
      await db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)\nCREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, name TEXT)\nINSERT INTO users VALUES (1, 'ann')\nINSERT INTO orders VALUES (7, 1, 'book')");
      const r = await db.prepare("SELECT * FROM users JOIN orders ON orders.user_id = users.id").all();
      return { rows: r.results.map(describeRow), raw: await db.prepare("SELECT * FROM users JOIN orders ON orders.user_id = users.id").raw({ columnNames: true }) };
    });
    await attempt("all.unnamed columns", async () => (await db.prepare("SELECT 1, 1 + 1, 'x', count(*) FROM t").all()).results.map(describeRow));
    await attempt("all.integer vs real", async () => (await db.prepare("SELECT 1 AS i, 1.0 AS r, 1.5 AS f, typeof(1.0) AS tr, -0.0 AS nz, 1e308 * 10 AS inf, 0.1 + 0.2 AS sum").all()).results.map(describeRow));
    await attempt("all.large integers", async () => {
      await db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, big INTEGER)\nINSERT INTO items VALUES (1, 9007199254740993)\nINSERT INTO items VALUES (2, 9223372036854775807)\nINSERT INTO items VALUES (3, -9223372036854775808)\nINSERT INTO items VALUES (4, 9007199254740991)");
      const { results } = await db.prepare("SELECT id, big, typeof(big) AS t, CAST(big AS TEXT) AS text FROM items ORDER BY id").all();
      return results.map(describeRow);
    });
    await attempt("all.large integer raw", async () => (await db.prepare("SELECT big FROM items ORDER BY id").raw()).map((r) => r.map(describe)));
    await attempt("all.large integer first", async () => describe(await db.prepare("SELECT big FROM items WHERE id = 1").first("big")));
    await attempt("all.large integer comparison", async () => db.prepare("SELECT big = 9007199254740993 AS exact, big = ?1 AS viaNumber, big = CAST(?2 AS INTEGER) AS viaString FROM items WHERE id = 1").bind(2 ** 53 + 1, "9007199254740993").first());
    await attempt("all.large rowid", async () => normMeta((await db.prepare("INSERT INTO items (id, big) VALUES (9007199254740993, 0)").run()).meta));
    await attempt("all.typeof values", async () => {
      const row = await db.prepare("SELECT 1 AS i, 2.5 AS f, 'x' AS s, NULL AS n, x'01' AS b").first();
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Object.prototype.toString.call(v)]));
    });
    await attempt("all.row prototype", async () => { const row = await db.prepare("SELECT 1 AS a").first(); return { proto: Object.getPrototypeOf(row) === Object.prototype, frozen: Object.isFrozen(row) }; });
    await attempt("all.results is array", async () => { const r = await db.prepare("SELECT 1 AS a").all(); return Array.isArray(r.results); });
    await attempt("all.special column names", async () => (await db.prepare('SELECT 1 AS "with space", 2 AS "", 3 AS "__proto__", 4 AS "constructor", 5 AS "0"').all()).results.map(describeRow));

    // ---- 5. first().
    await attempt("first.no rows", async () => describe(await db.prepare("SELECT id FROM t WHERE id < 0").first()));
    await attempt("first.no rows column", async () => describe(await db.prepare("SELECT id FROM t WHERE id < 0").first("id")));
    await attempt("first.rows", async () => db.prepare("SELECT id, name FROM t ORDER BY id").first());
    await attempt("first.column", async () => describe(await db.prepare("SELECT id, name FROM t ORDER BY id").first("name")));
    await attempt("first.missing column", async () => db.prepare("SELECT id, name FROM t ORDER BY id").first("nope"));
    await attempt("first.missing column, no rows", async () => describe(await db.prepare("SELECT id FROM t WHERE id < 0").first("nope")));
    await attempt("first.column null value", async () => describe(await db.prepare("SELECT NULL AS x").first("x")));
    await attempt("first.empty string column", async () => db.prepare("SELECT 1 AS a").first(""));
    await attempt("first.non-string column", async () => db.prepare("SELECT 1 AS a").first(1));
    await attempt("first.column undefined", async () => db.prepare("SELECT 1 AS a").first(undefined));
    await attempt("first.insert", async () => describe(await q("INSERT INTO t (name) VALUES (?)", "h").first()));
    await attempt("first.duplicate names", async () => db.prepare("SELECT 1 AS a, 2 AS a").first());
    await attempt("first.duplicate name column", async () => db.prepare("SELECT 1 AS a, 2 AS a").first("a"));

    // ---- 6. raw().
    await attempt("raw.plain", async () => db.prepare("SELECT id, name FROM t ORDER BY id LIMIT 2").raw());
    await attempt("raw.columnNames", async () => db.prepare("SELECT id, name FROM t ORDER BY id LIMIT 2").raw({ columnNames: true }));
    await attempt("raw.columnNames false", async () => db.prepare("SELECT id, name FROM t ORDER BY id LIMIT 2").raw({ columnNames: false }));
    await attempt("raw.no rows", async () => db.prepare("SELECT id, name FROM t WHERE id < 0").raw());
    await attempt("raw.no rows columnNames", async () => db.prepare("SELECT id, name FROM t WHERE id < 0").raw({ columnNames: true }));
    await attempt("raw.insert", async () => q("INSERT INTO t (name) VALUES (?)", "i").raw());
    await attempt("raw.insert columnNames", async () => q("INSERT INTO t (name) VALUES (?)", "j").raw({ columnNames: true }));
    await attempt("raw.is array", async () => { const r = await db.prepare("SELECT 1 AS a").raw(); return [Array.isArray(r), Array.isArray(r[0])]; });

    // ---- 7. batch().
    await db.prepare("CREATE TABLE batch_t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)").run();
    await attempt("batch.ok", async () => {
      const rs = await db.batch([
        q("INSERT INTO batch_t (v) VALUES (?)", "one"),
        q("INSERT INTO batch_t (v) VALUES (?)", "two"),
        db.prepare("SELECT v FROM batch_t ORDER BY id"),
        db.prepare("SELECT count(*) AS n FROM batch_t"),
      ]);
      return { isArray: Array.isArray(rs), length: rs.length, results: rs.map(normResult) };
    });
    await attempt("batch.one fails", async () => db.batch([
      q("INSERT INTO batch_t (v) VALUES (?)", "three"),
      q("INSERT INTO batch_t (v) VALUES (?)", "one"),
      q("INSERT INTO batch_t (v) VALUES (?)", "four"),
    ]));
    await attempt("batch.one fails: rows after", async () => (await db.prepare("SELECT v FROM batch_t ORDER BY id").raw()).flat());
    await attempt("batch.no such table", async () => db.batch([q("INSERT INTO batch_t (v) VALUES (?)", "five"), db.prepare("SELECT * FROM nope")]));
    await attempt("batch.no such table: rows after", async () => (await db.prepare("SELECT v FROM batch_t ORDER BY id").raw()).flat());
    await attempt("batch.empty", async () => db.batch([]));
    await attempt("batch.not array", async () => db.batch(db.prepare("SELECT 1")));
    await attempt("batch.no argument", async () => db.batch());
    await attempt("batch.non-statement", async () => db.batch(["SELECT 1"]));
    await attempt("batch.single", async () => (await db.batch([db.prepare("SELECT 1 AS a")])).map(normResult));
    await attempt("batch.begin inside", async () => db.batch([db.prepare("BEGIN"), db.prepare("SELECT 1")]));
    await attempt("batch.bad bind inside", async () => db.batch([q("INSERT INTO batch_t (v) VALUES (?)", "six"), q("SELECT ? AS v", undefined)]));
    await attempt("batch.bad bind inside: rows after", async () => (await db.prepare("SELECT v FROM batch_t ORDER BY id").raw()).flat());

    // ---- 8. Errors from run / all / first / raw: name, message, cause.
    for (const method of ["run", "all", "first", "raw"]) {
      await attempt(`error.no such table ${method}`, async () => db.prepare("SELECT * FROM missing_table")[method]());
      await attempt(`error.unique ${method}`, async () => q("INSERT INTO t (name) VALUES (?)", "a")[method]());
      await attempt(`error.syntax ${method}`, async () => db.prepare("SELEC * FROM t")[method]());
    }
    await attempt("error.no such column", async () => db.prepare("SELECT nope FROM t").all());
    await attempt("error.not null", async () => { await db.exec("CREATE TABLE counts (id INTEGER PRIMARY KEY, k TEXT NOT NULL, c INTEGER CHECK (c >= 0))"); return q("INSERT INTO counts (k) VALUES (?)", null).run(); });
    await attempt("error.check", async () => q("INSERT INTO counts (k, c) VALUES (?, ?)", "x", -1).run());
    await attempt("error.primary key", async () => { await db.prepare("INSERT INTO counts (id, k) VALUES (1, 'a')").run(); return db.prepare("INSERT INTO counts (id, k) VALUES (1, 'b')").run(); });
    await attempt("error.datatype mismatch", async () => db.prepare("INSERT INTO counts (id, k) VALUES ('x', 'b')").run());
    await attempt("error.table exists", async () => db.prepare("CREATE TABLE t (x)").run());
    await attempt("error.raise", async () => db.prepare("SELECT RAISE(ABORT, 'custom message')").run());
    await attempt("error.instance", async () => {
      try { await db.prepare("SELECT * FROM missing_table").all(); return "no error"; } catch (e) {
        return { isError: e instanceof Error, constructor: e.constructor.name, ownKeys: Object.getOwnPropertyNames(e).sort(), causeConstructor: e.cause?.constructor?.name, causeOwnKeys: e.cause ? Object.getOwnPropertyNames(e.cause).sort() : null, causeIsSame: e.cause === e };
      }
    });

    // ---- 9. Odd statements.
    await attempt("prepare.empty at prepare()", () => { db.prepare(""); return "prepare() returned"; });
    await attempt("prepare.empty run", async () => db.prepare("").run());
    await attempt("prepare.empty all", async () => db.prepare("").all());
    await attempt("prepare.whitespace", async () => db.prepare("   \n ").all());
    await attempt("prepare.comment only", async () => db.prepare("-- nothing").all());
    await attempt("prepare.no argument", async () => db.prepare().all());
    await attempt("prepare.non-string", async () => db.prepare(42).all());
    await attempt("prepare.two statements", async () => normResult(await db.prepare("SELECT 1 AS a; SELECT 2 AS b").all()));
    await attempt("prepare.two statements raw", async () => db.prepare("SELECT 1 AS a; SELECT 2 AS b").raw());
    await attempt("prepare.two statements with params", async () => normResult(await q("SELECT ? AS a; SELECT ? AS b", 1, 2).all()));
    await attempt("prepare.trailing semicolon", async () => db.prepare("SELECT 1 AS a;").all().then((r) => r.results));
    await attempt("prepare.two inserts", async () => {
      await db.prepare("INSERT INTO counts (k, c) VALUES ('p', 1); INSERT INTO counts (k, c) VALUES ('q', 2)").run();
      return (await db.prepare("SELECT k FROM counts WHERE k IN ('p', 'q') ORDER BY k").raw()).flat();
    });

    // ---- 10. Sessions.
    await attempt("session.typeof withSession", () => typeof db.withSession);
    await attempt("session.default", async () => {
      const s = db.withSession();
      await s.prepare("CREATE TABLE session_t (x)").run();
      const r = await s.prepare("SELECT 1 AS a").all();
      return { constructor: Object.getPrototypeOf(s).constructor.name, prototype: protoNames(s), results: r.results, meta: normMeta(r.meta), bookmark: typeof s.getBookmark() };
    });
    await attempt("session.first-primary", async () => {
      const s = db.withSession("first-primary");
      const before = s.getBookmark();
      const r = await s.prepare("SELECT 1 AS a").all();
      const after = s.getBookmark();
      return { before: describe(before).type, after: typeof after, results: r.results };
    });
    await attempt("session.first-unconstrained", async () => {
      const s = db.withSession("first-unconstrained");
      return { before: describe(s.getBookmark()).type, results: (await s.prepare("SELECT 2 AS b").all()).results, after: typeof s.getBookmark() };
    });
    await attempt("session.batch", async () => (await db.withSession().batch([db.prepare("SELECT 1 AS a")])).map((r) => r.results));
    await attempt("session.exec", async () => typeof db.withSession().exec);
    await attempt("session.bad constraint", async () => { const s = db.withSession("nonsense"); return (await s.prepare("SELECT 1 AS a").all()).results; });
    await attempt("session.bookmark round trip", async () => {
      const s = db.withSession();
      await s.prepare("INSERT INTO session_t VALUES (1)").run();
      const b = s.getBookmark();
      const s2 = db.withSession(b);
      return { bookmark: typeof b, results: (await s2.prepare("SELECT count(*) AS n FROM session_t").all()).results, after: typeof s2.getBookmark() };
    });

    // ---- 12. Transactions and pragmas in SQL.
    await db.prepare("CREATE TABLE tx_t (x)").run();
    await attempt("tx.BEGIN run", async () => db.prepare("BEGIN TRANSACTION").run());
    await attempt("tx.BEGIN exec", async () => db.exec("BEGIN TRANSACTION"));
    await attempt("tx.BEGIN; ... COMMIT in one exec", async () => db.exec("BEGIN\nINSERT INTO tx_t VALUES (1)\nCOMMIT"));
    await attempt("tx.COMMIT run", async () => db.prepare("COMMIT").run());
    await attempt("tx.SAVEPOINT", async () => db.prepare("SAVEPOINT sp").run());
    await attempt("tx.rows after", async () => db.prepare("SELECT count(*) AS n FROM tx_t").first("n"));
    await attempt("pragma.foreign_keys", async () => db.prepare("PRAGMA foreign_keys").all().then((r) => r.results));
    await attempt("pragma.table_list", async () => (await db.prepare("PRAGMA table_list").all()).results.filter((r) => TABLES.includes(r.name)).sort((a, b) => (a.name < b.name ? -1 : 1)));
    await attempt("pragma.table_info", async () => (await db.prepare("PRAGMA table_info(t)").all()).results);
    await attempt("pragma.journal_mode", async () => db.prepare("PRAGMA journal_mode").all().then((r) => r.results));
    await attempt("pragma.user_version", async () => db.prepare("PRAGMA user_version").all().then((r) => r.results));
    await attempt("pragma.set user_version", async () => db.prepare("PRAGMA user_version = 3").all().then((r) => r.results));
    await attempt("pragma.defer_foreign_keys", async () => db.prepare("PRAGMA defer_foreign_keys = on").run().then((r) => r.success));
    await attempt("sqlite_version", async () => typeof (await db.prepare("SELECT sqlite_version() AS v").first("v")));
    await attempt("sqlite_master", async () => (await db.prepare("SELECT type, name FROM sqlite_master WHERE type = 'table' ORDER BY name").raw()).map((r) => r.join(" ")).filter((s) => !s.startsWith("table _cf")));
    await attempt("sqlite_master _cf tables", async () => (await db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '_cf%' ORDER BY name").raw()).flat());
    await attempt("ATTACH", async () => db.prepare("ATTACH DATABASE ':memory:' AS other").run());
    await attempt("VACUUM", async () => db.prepare("VACUUM").run().then((r) => r.success));

    // ---- 13. Row counts, which do not depend on time.
    await attempt("counts.setup", async () => {
      await db.exec("DELETE FROM counts");
      const r = await db.prepare("INSERT INTO counts (k, c) VALUES ('x', 1), ('y', 2), ('z', 3)").run();
      return { changes: r.meta.changes, rows_read: r.meta.rows_read, rows_written: r.meta.rows_written, last_row_id: r.meta.last_row_id };
    });
    await attempt("counts.select 3 rows", async () => { const r = await db.prepare("SELECT * FROM counts").all(); return { rows: r.results.length, rows_read: r.meta.rows_read, rows_written: r.meta.rows_written, changes: r.meta.changes, changed_db: r.meta.changed_db }; });
    await attempt("counts.select count(*)", async () => { const r = await db.prepare("SELECT count(*) AS n FROM counts").all(); return { n: r.results[0].n, rows_read: r.meta.rows_read, rows_written: r.meta.rows_written }; });
    await attempt("counts.update 2 rows", async () => { const r = await db.prepare("UPDATE counts SET c = c + 10 WHERE c >= 2").run(); return { changes: r.meta.changes, rows_read: r.meta.rows_read, rows_written: r.meta.rows_written, changed_db: r.meta.changed_db, last_row_id: r.meta.last_row_id }; });
    await attempt("counts.delete 1 row", async () => { const r = await db.prepare("DELETE FROM counts WHERE k = 'x'").run(); return { changes: r.meta.changes, rows_read: r.meta.rows_read, rows_written: r.meta.rows_written }; });
    await attempt("counts.select by primary key", async () => { const r = await db.prepare("SELECT * FROM counts WHERE id = (SELECT max(id) FROM counts)").all(); return { rows_read: r.meta.rows_read, rows_written: r.meta.rows_written }; });

    // Leave the database as it was found.
    for (const table of TABLES) await db.prepare(`DROP TABLE IF EXISTS ${table}`).run();
    return Response.json(out);
  },
};
