// Cloudflare R2, the object storage binding of Workers (env.BUCKET), as miniflare (the
// runtime of `wrangler dev`) answers: put / get / head / delete / list, the shape of
// R2Object and R2ObjectBody (etag, httpEtag, version, uploaded, checksums, metadata),
// ranges, conditional requests (onlyIf), list pagination / ordering / delimiter /
// include, key and argument validation with the exact error messages, and whether
// createMultipartUpload exists. workerd alone has no R2 bucket, so this is recorded
// under miniflare (see r2.miniflare; the binding comes from r2.miniflare.json).
// Volatile values (upload times, versions, cursors, upload ids) are reported by their
// type or a boolean; every observation is either its value or {error: {name, message}}
// (with the error's cause, when it has one).
const te = new TextEncoder();

// An error as a plain object: name, message, and its cause's, when there is one.
// A message that carries a stack trace is cut where the trace begins.
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

// The method and getter names of a prototype chain (up to Object.prototype), sorted, per level.
const protoNames = (obj) => {
  const levels = [];
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const names = Object.getOwnPropertyNames(p).filter((n) => n !== "constructor").sort();
    const kinds = {};
    for (const n of names) {
      const d = Object.getOwnPropertyDescriptor(p, n);
      kinds[n] = d.get ? "getter" : typeof d.value;
    }
    levels.push({ constructor: p.constructor?.name, members: kinds });
  }
  return levels;
};

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const md5Of = async (text) => crypto.subtle.digest("MD5", te.encode(text));

// A Date (or anything else), as JSON can hold it.
const dateOf = (d) => (d instanceof Date ? { isDate: true, iso: d.toISOString() } : { isDate: false, type: typeof d, value: d === undefined ? "undefined" : d });

// The version string: random, so only its form.
const versionOf = (v) => ({ type: typeof v, length: typeof v === "string" ? v.length : null, lowercaseHex: /^[0-9a-f]+$/.test(v) });
// The upload time: only its type, and whether it is close to now.
const uploadedOf = (u) => ({ type: Object.prototype.toString.call(u), isDate: u instanceof Date, recent: u instanceof Date && Math.abs(Date.now() - u.getTime()) < 60_000, wholeMillis: u instanceof Date && Number.isInteger(u.getTime()) });

// checksums: its class, own keys, toJSON(), each digest as hex.
const checksumsOf = (c) => {
  if (c === null || typeof c !== "object") return { type: typeof c, value: c ?? null };
  const out = { constructor: Object.getPrototypeOf(c).constructor?.name, ownKeys: Object.keys(c).sort(), prototype: protoNames(c) };
  for (const k of ["md5", "sha1", "sha256", "sha384", "sha512"]) {
    const v = c[k];
    out[k] = v === undefined ? "undefined" : v instanceof ArrayBuffer ? { ArrayBuffer: hex(v) } : { type: Object.prototype.toString.call(v) };
  }
  if (typeof c.toJSON === "function") out.toJSON = c.toJSON();
  return out;
};

// httpMetadata with cacheExpiry (a Date) made JSON.
const httpMetadataOf = (m) => {
  if (m === null || typeof m !== "object") return { type: typeof m, value: m ?? null };
  const out = { constructor: Object.getPrototypeOf(m)?.constructor?.name, keys: Object.keys(m) };
  for (const [k, v] of Object.entries(m)) out[k] = v instanceof Date ? dateOf(v) : v === undefined ? "undefined" : v;
  return out;
};

// Every field of an R2Object / R2ObjectBody, volatile ones by their form.
const objectOf = (o) => {
  if (o === null) return null;
  if (o === undefined) return "undefined";
  return {
    constructor: Object.getPrototypeOf(o).constructor?.name,
    ownKeys: Object.keys(o).sort(),
    key: o.key,
    size: o.size,
    etag: o.etag,
    httpEtag: o.httpEtag,
    version: versionOf(o.version),
    uploaded: uploadedOf(o.uploaded),
    httpMetadata: httpMetadataOf(o.httpMetadata),
    customMetadata: o.customMetadata === undefined ? "undefined" : o.customMetadata,
    checksums: checksumsOf(o.checksums),
    storageClass: o.storageClass === undefined ? "undefined" : o.storageClass,
    range: o.range === undefined ? "undefined" : o.range,
    hasBody: "body" in o,
  };
};
// The short form: what a conditional or ranged read returns.
const briefOf = async (o) => {
  if (o === null) return null;
  const out = { constructor: Object.getPrototypeOf(o).constructor?.name, key: o.key, size: o.size, hasBody: "body" in o, range: o.range === undefined ? "undefined" : o.range };
  if ("body" in o) out.text = await o.text();
  return out;
};

// A list() result: its keys, truncated, cursor by type, the listed keys, prefixes.
const listOf = (r) => ({
  constructor: Object.getPrototypeOf(r).constructor?.name,
  keys: Object.keys(r).sort(),
  truncated: r.truncated,
  cursor: r.cursor === undefined ? "undefined" : typeof r.cursor,
  objects: r.objects.map((o) => o.key),
  delimitedPrefixes: r.delimitedPrefixes,
});

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ready");
    const bucket = env.BUCKET;
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

    // Start from an empty bucket, whatever an earlier run left.
    for (;;) {
      const page = await bucket.list({ limit: 1000 });
      if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
      if (!page.truncated) break;
    }

    // ---- 8. The binding itself.
    await attempt("binding/typeof", () => typeof bucket);
    await attempt("binding/String", () => String(bucket));
    await attempt("binding/constructor", () => Object.getPrototypeOf(bucket).constructor.name);
    await attempt("binding/ownKeys", () => Object.keys(bucket).sort());
    await attempt("binding/prototype", () => protoNames(bucket));

    // ---- 1. put(): each kind of value, and the R2Object it returns.
    await attempt("put/string", async () => objectOf(await bucket.put("str", "hello")));
    await attempt("put/ArrayBuffer", async () => objectOf(await bucket.put("ab", te.encode("abc").buffer)));
    await attempt("put/Uint8Array", async () => objectOf(await bucket.put("u8", new Uint8Array([1, 2, 3, 255]))));
    await attempt("put/Uint8Array view of part", async () => {
      const whole = te.encode("0123456789");
      await bucket.put("u8-part", whole.subarray(2, 5));
      return (await bucket.get("u8-part")).text();
    });
    await attempt("put/ReadableStream with length", async () => objectOf(await bucket.put("rs", new Response("stream!").body)));
    await attempt("put/ReadableStream without length", async () => {
      const stream = new ReadableStream({ start(c) { c.enqueue(te.encode("no length")); c.close(); } });
      return objectOf(await bucket.put("rs-nolen", stream));
    });
    await attempt("put/FixedLengthStream", async () => {
      const { readable, writable } = new FixedLengthStream(5);
      const w = writable.getWriter();
      w.write(te.encode("fixed")); w.close();
      return objectOf(await bucket.put("fls", readable));
    });
    await attempt("put/Blob", async () => objectOf(await bucket.put("blob", new Blob(["blob!"], { type: "text/x-blob" }))));
    await attempt("put/null", async () => objectOf(await bucket.put("null", null)));
    await attempt("put/undefined", async () => objectOf(await bucket.put("undef", undefined)));
    await attempt("put/empty string", async () => objectOf(await bucket.put("empty", "")));
    await attempt("put/unicode string", async () => { const o = await bucket.put("uni", "é€😀"); return { size: o.size, text: await (await bucket.get("uni")).text() }; });
    await attempt("put/plain object", async () => objectOf(await bucket.put("obj", { a: 1 })));
    await attempt("put/number", async () => objectOf(await bucket.put("num", 42)));

    // httpMetadata and customMetadata.
    const httpMetadata = {
      contentType: "text/plain; charset=utf-8",
      contentLanguage: "en-GB",
      contentDisposition: 'attachment; filename="a.txt"',
      contentEncoding: "identity",
      cacheControl: "max-age=60",
      cacheExpiry: new Date("2030-01-02T03:04:05.678Z"),
    };
    await attempt("put/httpMetadata object", async () => objectOf(await bucket.put("meta", "m", { httpMetadata, customMetadata: { a: "1", "b c": "two words" } })));
    await attempt("put/httpMetadata Headers", async () => {
      const headers = new Headers({
        "content-type": "application/json",
        "content-language": "fr",
        "content-disposition": "inline",
        "content-encoding": "gzip",
        "cache-control": "no-store",
        expires: "Wed, 21 Oct 2037 07:28:00 GMT",
        "x-other": "ignored?",
      });
      return objectOf(await bucket.put("meta-headers", "{}", { httpMetadata: headers }));
    });
    await attempt("put/httpMetadata unknown field", async () => httpMetadataOf((await bucket.put("meta-unknown", "x", { httpMetadata: { contentType: "a/b", bogus: "y" } })).httpMetadata));
    await attempt("put/httpMetadata cacheExpiry string", async () => httpMetadataOf((await bucket.put("meta-exp-str", "x", { httpMetadata: { cacheExpiry: "2030-01-01T00:00:00Z" } })).httpMetadata));
    await attempt("put/customMetadata non-string value", async () => (await bucket.put("cm-num", "x", { customMetadata: { n: 1 } })).customMetadata);
    await attempt("put/overwrite keeps old metadata?", async () => {
      await bucket.put("ow", "one", { customMetadata: { old: "1" }, httpMetadata: { contentType: "a/b" } });
      const o = await bucket.put("ow", "two!");
      const h = await bucket.head("ow");
      return { size: o.size, customMetadata: h.customMetadata, httpMetadata: httpMetadataOf(h.httpMetadata) };
    });

    // md5 and the other checksum options.
    await attempt("put/md5 correct ArrayBuffer", async () => checksumsOf((await bucket.put("md5-ok", "hello", { md5: await md5Of("hello") })).checksums));
    await attempt("put/md5 correct hex string", async () => checksumsOf((await bucket.put("md5-hex", "hello", { md5: hex(await md5Of("hello")) })).checksums));
    await attempt("put/md5 wrong", async () => objectOf(await bucket.put("md5-bad", "hello", { md5: await md5Of("other") })));
    await attempt("put/md5 wrong: absent after", async () => (await bucket.head("md5-bad")) === null);
    await attempt("put/md5 wrong length", async () => objectOf(await bucket.put("md5-len", "hello", { md5: new Uint8Array([1, 2, 3]).buffer })));
    await attempt("put/md5 and sha1 together", async () => objectOf(await bucket.put("two-hashes", "hello", { md5: await md5Of("hello"), sha1: await crypto.subtle.digest("SHA-1", te.encode("hello")) })));

    // onlyIf on put.
    const base = await bucket.put("cond-put", "v1");
    await attempt("put/onlyIf etagMatches ok", async () => (await bucket.put("cond-put", "v2", { onlyIf: { etagMatches: base.etag } }))?.size ?? null);
    await attempt("put/onlyIf etagMatches fails", async () => {
      const r = await bucket.put("cond-put", "v3!!", { onlyIf: { etagMatches: base.etag } });
      return { result: r === null ? null : typeof r, stored: await (await bucket.get("cond-put")).text() };
    });
    await attempt("put/onlyIf etagDoesNotMatch fails", async () => {
      const cur = await bucket.head("cond-put");
      const r = await bucket.put("cond-put", "v4", { onlyIf: { etagDoesNotMatch: cur.etag } });
      return { result: r === null ? null : typeof r, stored: await (await bucket.get("cond-put")).text() };
    });
    await attempt("put/onlyIf etagDoesNotMatch ok", async () => (await bucket.put("cond-put", "v5", { onlyIf: { etagDoesNotMatch: base.etag } }))?.size ?? null);
    await attempt("put/onlyIf on missing key etagMatches", async () => { const r = await bucket.put("cond-missing", "x", { onlyIf: { etagMatches: base.etag } }); return r === null ? null : r.key; });
    await attempt("put/onlyIf Headers If-Match fails", async () => { const r = await bucket.put("cond-put", "v6", { onlyIf: new Headers({ "If-Match": '"0000"' }) }); return r === null ? null : r.key; });
    await attempt("put/onlyIf quoted etag", async () => { const cur = await bucket.head("cond-put"); const r = await bucket.put("cond-put", "v7", { onlyIf: { etagMatches: cur.httpEtag } }); return r === null ? null : r.key; });
    await attempt("put/onlyIf uploadedBefore epoch", async () => { const r = await bucket.put("cond-put", "v8", { onlyIf: { uploadedBefore: new Date(0) } }); return r === null ? null : r.key; });

    // ---- 2. get(): the R2ObjectBody and its readers.
    await attempt("get/missing", async () => bucket.get("no-such-key"));
    await attempt("get/object", async () => objectOf(await bucket.get("meta")));
    await attempt("get/prototype", async () => protoNames(await bucket.get("str")));
    await attempt("get/body", async () => {
      const o = await bucket.get("str");
      const before = o.bodyUsed;
      const isStream = o.body instanceof ReadableStream;
      const text = await new Response(o.body).text();
      return { isStream, bodyUsedBefore: before, bodyUsedAfter: o.bodyUsed, text };
    });
    await attempt("get/text", async () => (await bucket.get("str")).text());
    await attempt("get/json", async () => (await bucket.get("meta-headers")).json());
    await attempt("get/json invalid", async () => (await bucket.get("str")).json());
    await attempt("get/arrayBuffer", async () => { const b = await (await bucket.get("u8")).arrayBuffer(); return { type: Object.prototype.toString.call(b), bytes: [...new Uint8Array(b)] }; });
    await attempt("get/blob", async () => { const b = await (await bucket.get("blob")).blob(); return { type: Object.prototype.toString.call(b), blobType: b.type, size: b.size, text: await b.text() }; });
    await attempt("get/blob with contentType", async () => { const b = await (await bucket.get("meta")).blob(); return { blobType: b.type, text: await b.text() }; });
    await attempt("get/read twice", async () => { const o = await bucket.get("str"); await o.text(); return o.text(); });
    await attempt("get/ReadableStream without length stored", async () => (await bucket.get("rs-nolen"))?.text() ?? null);
    await attempt("get/null stored", async () => { const o = await bucket.get("null"); return { size: o.size, text: await o.text() }; });
    await attempt("get/writeHttpMetadata", async () => {
      const headers = new Headers({ "x-keep": "1" });
      const o = await bucket.get("meta");
      const r = o.writeHttpMetadata(headers);
      return { returns: r === undefined ? "undefined" : typeof r, headers: [...headers] };
    });
    await attempt("get/writeHttpMetadata from Headers", async () => {
      const headers = new Headers();
      (await bucket.get("meta-headers")).writeHttpMetadata(headers);
      return [...headers];
    });
    await attempt("get/writeHttpMetadata none", async () => {
      const headers = new Headers();
      (await bucket.get("str")).writeHttpMetadata(headers);
      return [...headers];
    });
    await attempt("get/writeHttpMetadata overwrites", async () => {
      const headers = new Headers({ "content-type": "old/type" });
      (await bucket.get("meta")).writeHttpMetadata(headers);
      return headers.get("content-type");
    });
    await attempt("get/writeHttpMetadata plain object", async () => { const o = {}; (await bucket.get("meta")).writeHttpMetadata(o); return o; });

    // Ranges: "0123456789" under range-key.
    await bucket.put("range", "0123456789");
    const ranged = (label, range) => attempt(`get/range ${label}`, async () => briefOf(await bucket.get("range", { range })));
    await ranged("offset 2 length 3", { offset: 2, length: 3 });
    await ranged("offset 7", { offset: 7 });
    await ranged("length 4", { length: 4 });
    await ranged("suffix 3", { suffix: 3 });
    await ranged("offset 0 length 0", { offset: 0, length: 0 });
    await ranged("offset 8 length 5", { offset: 8, length: 5 });
    await ranged("offset 10", { offset: 10 });
    await ranged("offset 11", { offset: 11 });
    await ranged("offset 20 length 2", { offset: 20, length: 2 });
    await ranged("suffix 20", { suffix: 20 });
    await ranged("suffix 0", { suffix: 0 });
    await ranged("offset -1", { offset: -1 });
    await ranged("offset and suffix", { offset: 1, suffix: 2 });
    await ranged("empty object", {});
    await ranged("Headers bytes=0-2", new Headers({ Range: "bytes=0-2" }));
    await ranged("Headers bytes=5-", new Headers({ Range: "bytes=5-" }));
    await ranged("Headers bytes=-4", new Headers({ Range: "bytes=-4" }));
    await ranged("Headers bytes=0-1,4-5", new Headers({ Range: "bytes=0-1,4-5" }));
    await ranged("Headers bytes=20-30", new Headers({ Range: "bytes=20-30" }));
    await ranged("Headers garbage", new Headers({ Range: "garbage" }));
    await attempt("head/range field", async () => (await bucket.head("range")).range ?? "undefined");
    await attempt("get/range field without range", async () => (await bucket.get("range")).range ?? "undefined");
    await attempt("get/range on empty object", async () => briefOf(await bucket.get("empty", { range: { offset: 0, length: 1 } })));

    // Conditional reads.
    const cond = await bucket.put("cond", "conditional");
    const cg = (label, onlyIf) => attempt(`get/onlyIf ${label}`, async () => briefOf(await bucket.get("cond", { onlyIf })));
    await cg("etagMatches matching", { etagMatches: cond.etag });
    await cg("etagMatches not matching", { etagMatches: "0123456789abcdef0123456789abcdef" });
    await cg("etagMatches quoted", { etagMatches: cond.httpEtag });
    await cg("etagMatches wildcard", { etagMatches: "*" });
    await cg("etagMatches array", { etagMatches: ["nope", cond.etag] });
    await cg("etagDoesNotMatch matching", { etagDoesNotMatch: cond.etag });
    await cg("etagDoesNotMatch not matching", { etagDoesNotMatch: "nope" });
    await cg("etagDoesNotMatch wildcard", { etagDoesNotMatch: "*" });
    await cg("uploadedBefore epoch", { uploadedBefore: new Date(0) });
    await cg("uploadedBefore future", { uploadedBefore: new Date(Date.now() + 86_400_000) });
    await cg("uploadedAfter epoch", { uploadedAfter: new Date(0) });
    await cg("uploadedAfter future", { uploadedAfter: new Date(Date.now() + 86_400_000) });
    await cg("etagMatches ok and uploadedBefore fails", { etagMatches: cond.etag, uploadedBefore: new Date(0) });
    await cg("etagDoesNotMatch fails and uploadedAfter ok", { etagDoesNotMatch: cond.etag, uploadedAfter: new Date(0) });
    await cg("Headers If-None-Match matching", new Headers({ "If-None-Match": cond.httpEtag }));
    await cg("Headers If-None-Match other", new Headers({ "If-None-Match": '"nope"' }));
    await cg("Headers If-Match matching", new Headers({ "If-Match": cond.httpEtag }));
    await cg("Headers If-Match other", new Headers({ "If-Match": '"nope"' }));
    await cg("Headers If-Modified-Since future", new Headers({ "If-Modified-Since": new Date(Date.now() + 86_400_000).toUTCString() }));
    await cg("Headers If-Unmodified-Since epoch", new Headers({ "If-Unmodified-Since": new Date(0).toUTCString() }));
    await attempt("get/onlyIf failed: full object", async () => objectOf(await bucket.get("cond", { onlyIf: { etagDoesNotMatch: cond.etag } })));
    await attempt("get/onlyIf on missing key", async () => bucket.get("no-such-key", { onlyIf: { etagMatches: "x" } }));
    await attempt("get/onlyIf with range failing", async () => briefOf(await bucket.get("cond", { onlyIf: { etagDoesNotMatch: cond.etag }, range: { offset: 1, length: 2 } })));
    await attempt("get/onlyIf with range passing", async () => briefOf(await bucket.get("cond", { onlyIf: { etagMatches: cond.etag }, range: { offset: 1, length: 2 } })));

    // ---- 3. head().
    await attempt("head/missing", async () => bucket.head("no-such-key"));
    await attempt("head/object", async () => objectOf(await bucket.head("meta")));
    await attempt("head/prototype", async () => protoNames(await bucket.head("str")));
    await attempt("head/same as put", async () => {
      const p = await bucket.put("same", "same");
      const h = await bucket.head("same");
      return { etag: p.etag === h.etag, version: p.version === h.version, uploaded: p.uploaded.getTime() === h.uploaded.getTime(), size: p.size === h.size };
    });
    await attempt("head/version changes on overwrite", async () => {
      const a = await bucket.put("ver", "same");
      const b = await bucket.put("ver", "same");
      return { sameEtag: a.etag === b.etag, sameVersion: a.version === b.version };
    });

    // ---- 4. delete().
    await bucket.put("d1", "x"); await bucket.put("d2", "x"); await bucket.put("d3", "x");
    await attempt("delete/one", async () => { const r = await bucket.delete("d1"); return { result: r === undefined ? "undefined" : r, gone: (await bucket.head("d1")) === null }; });
    await attempt("delete/array", async () => { const r = await bucket.delete(["d2", "d3"]); return { result: r === undefined ? "undefined" : r, gone: (await bucket.head("d2")) === null && (await bucket.head("d3")) === null }; });
    await attempt("delete/missing", async () => { const r = await bucket.delete("never-was"); return r === undefined ? "undefined" : r; });
    await attempt("delete/empty array", async () => { const r = await bucket.delete([]); return r === undefined ? "undefined" : r; });
    await attempt("delete/1001 keys", async () => { const r = await bucket.delete(Array.from({ length: 1001 }, (_, i) => `k${i}`)); return r === undefined ? "undefined" : r; });
    await attempt("delete/no argument", async () => { const r = await bucket.delete(); return r === undefined ? "undefined" : r; });

    // ---- 5. list().
    for (;;) {
      const page = await bucket.list({ limit: 1000 });
      if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
      if (!page.truncated) break;
    }
    // Unicode keys: U+FF21 sorts after U+1F600 in UTF-16, before it in UTF-8.
    const listKeys = ["b", "a", "B", "a/1", "a/2", "a/b/3", "c/x", "é", "\u{1F600}", "\uFF21", "a-", "a0"];
    for (const k of listKeys) await bucket.put(k, k, { httpMetadata: { contentType: "text/x-list" }, customMetadata: { k } });
    await attempt("list/all", async () => listOf(await bucket.list()));
    await attempt("list/object fields", async () => { const r = await bucket.list({ prefix: "a/1" }); return objectOf(r.objects[0]); });
    await attempt("list/include both", async () => { const r = await bucket.list({ prefix: "a/1", include: ["httpMetadata", "customMetadata"] }); return objectOf(r.objects[0]); });
    await attempt("list/include httpMetadata", async () => { const r = await bucket.list({ prefix: "a/1", include: ["httpMetadata"] }); const o = r.objects[0]; return { httpMetadata: httpMetadataOf(o.httpMetadata), customMetadata: o.customMetadata ?? "undefined" }; });
    await attempt("list/include customMetadata", async () => { const r = await bucket.list({ prefix: "a/1", include: ["customMetadata"] }); const o = r.objects[0]; return { httpMetadata: httpMetadataOf(o.httpMetadata), customMetadata: o.customMetadata ?? "undefined" }; });
    await attempt("list/include bogus", async () => listOf(await bucket.list({ prefix: "a/1", include: ["bogus"] })));
    await attempt("list/prefix a", async () => listOf(await bucket.list({ prefix: "a" })));
    await attempt("list/prefix none match", async () => listOf(await bucket.list({ prefix: "zzz" })));
    await attempt("list/delimiter", async () => listOf(await bucket.list({ delimiter: "/" })));
    await attempt("list/delimiter with prefix", async () => listOf(await bucket.list({ prefix: "a/", delimiter: "/" })));
    await attempt("list/delimiter limit 2", async () => listOf(await bucket.list({ delimiter: "/", limit: 2 })));
    await attempt("list/delimiter other char", async () => listOf(await bucket.list({ delimiter: "-" })));
    await attempt("list/startAfter a/1", async () => listOf(await bucket.list({ startAfter: "a/1" })));
    await attempt("list/startAfter not a key", async () => listOf(await bucket.list({ startAfter: "a/15" })));
    await attempt("list/startAfter with prefix", async () => listOf(await bucket.list({ prefix: "a", startAfter: "a-" })));
    await attempt("list/limit 1", async () => listOf(await bucket.list({ limit: 1 })));
    await attempt("list/limit 0", async () => listOf(await bucket.list({ limit: 0 })));
    await attempt("list/limit 1000", async () => listOf(await bucket.list({ limit: 1000, prefix: "a/" })));
    await attempt("list/limit 1001", async () => listOf(await bucket.list({ limit: 1001 })));
    await attempt("list/limit -1", async () => listOf(await bucket.list({ limit: -1 })));
    await attempt("list/limit one and a half", async () => listOf(await bucket.list({ limit: 1.5, prefix: "a/" })));
    await attempt("list/cursor invalid", async () => listOf(await bucket.list({ cursor: "not-a-cursor" })));
    await attempt("list/unknown option", async () => listOf(await bucket.list({ prefix: "c", bogus: 1 })));
    // Pagination: limit 2 over 5 keys, following cursors until truncated is false.
    for (const k of ["p/1", "p/2", "p/3", "p/4", "p/5"]) await bucket.put(k, k);
    await attempt("list/pagination", async () => {
      const pages = [];
      let cursor;
      for (let i = 0; i < 10; i++) {
        const r = await bucket.list({ prefix: "p/", limit: 2, cursor });
        pages.push(listOf(r));
        if (!r.truncated) break;
        cursor = r.cursor;
      }
      return pages;
    });
    await attempt("list/pagination cursor with other prefix", async () => {
      const r = await bucket.list({ prefix: "p/", limit: 2 });
      return listOf(await bucket.list({ prefix: "a", cursor: r.cursor }));
    });
    await attempt("list/pagination delimiter", async () => {
      const pages = [];
      let cursor;
      for (let i = 0; i < 10; i++) {
        const r = await bucket.list({ delimiter: "/", limit: 3, cursor });
        pages.push(listOf(r));
        if (!r.truncated) break;
        cursor = r.cursor;
      }
      return pages;
    });
    await attempt("list/cursor is base64 of last key", async () => {
      const r = await bucket.list({ prefix: "p/", limit: 2 });
      let decoded = null;
      try { decoded = new TextDecoder().decode(Uint8Array.from(atob(r.cursor), (c) => c.charCodeAt(0))); } catch {}
      return { lastKey: r.objects.at(-1).key, decoded };
    });
    await attempt("list/include caps limit at 100", async () => {
      for (let i = 0; i < 101; i++) await bucket.put(`many/${String(i).padStart(3, "0")}`, "x");
      const plain = await bucket.list({ prefix: "many/" });
      const withInclude = await bucket.list({ prefix: "many/", include: ["customMetadata"] });
      const withIncludeLimit = await bucket.list({ prefix: "many/", include: ["httpMetadata"], limit: 150 });
      return {
        plain: { count: plain.objects.length, truncated: plain.truncated },
        include: { count: withInclude.objects.length, truncated: withInclude.truncated },
        includeLimit150: { count: withIncludeLimit.objects.length, truncated: withIncludeLimit.truncated },
      };
    });
    await attempt("list/cursor when not truncated", async () => { const r = await bucket.list({ prefix: "p/" }); return { truncated: r.truncated, cursor: r.cursor === undefined ? "undefined" : r.cursor }; });

    // ---- 6. Keys and arguments.
    await attempt("key/empty put", async () => objectOf(await bucket.put("", "x")));
    await attempt("key/empty get", async () => briefOf(await bucket.get("")));
    await attempt("key/1024 bytes", async () => (await bucket.put("k".repeat(1024), "x")).key.length);
    await attempt("key/1025 bytes put", async () => (await bucket.put("k".repeat(1025), "x")).key.length);
    await attempt("key/1025 bytes get", async () => bucket.get("k".repeat(1025)));
    await attempt("key/1025 bytes head", async () => bucket.head("k".repeat(1025)));
    await attempt("key/1025 bytes delete", async () => { const r = await bucket.delete("k".repeat(1025)); return r === undefined ? "undefined" : r; });
    await attempt("key/512 two-byte chars", async () => (await bucket.put("é".repeat(512), "x")).key.length);
    await attempt("key/513 two-byte chars", async () => (await bucket.put("é".repeat(513), "x")).key.length);
    await attempt("key/number put", async () => (await bucket.put(42, "x")).key);
    await attempt("key/number get", async () => (await bucket.get(42))?.key ?? null);
    await attempt("key/undefined put", async () => (await bucket.put(undefined, "x")).key);
    await attempt("key/no argument get", async () => bucket.get());
    await attempt("key/slashes and spaces", async () => (await bucket.put("/a b//c?d#e", "x")).key);
    await attempt("put/no value", async () => objectOf(await bucket.put("novalue")));
    await attempt("put/options not an object", async () => (await bucket.put("optstr", "x", "nope")).key);
    await attempt("get/options not an object", async () => (await bucket.get("str", "nope"))?.key ?? null);
    await attempt("list/options not an object", async () => listOf(await bucket.list("nope")));

    // ---- 7. createMultipartUpload, lightly.
    await attempt("multipart/typeof", () => typeof bucket.createMultipartUpload);
    await attempt("multipart/create", async () => {
      const u = await bucket.createMultipartUpload("mp");
      const out = { constructor: Object.getPrototypeOf(u).constructor?.name, key: u.key, uploadId: typeof u.uploadId, prototype: protoNames(u) };
      await u.abort();
      return out;
    });

    return Response.json(out);
  },
};
