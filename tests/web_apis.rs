//! Every global of the Workers set that DESIGN.md lists, exercised by a real handler
//! (those whose JS loads on first use, before and after that use).

mod common;

use common::*;

const WORKER: &str = r##"
import { connect } from "cloudflare:sockets";

/** A global whose JS loads on first use: a data property before and after. */
function lazyGlobal(name: string, use: () => boolean): boolean {
  const shape = (d?: PropertyDescriptor) => d && `${"value" in d} ${d.writable} ${d.configurable}`;
  const before = shape(Object.getOwnPropertyDescriptor(globalThis, name));
  return before === "true true true" && use() && shape(Object.getOwnPropertyDescriptor(globalThis, name)) === before;
}

async function check(): Promise<Record<string, unknown>> {
  const r: Record<string, unknown> = {};
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  r.fetch = typeof fetch === "function";
  const req = new Request("https://example.com/a?b=1", { method: "POST", body: "hi", headers: { "x-a": "1" } });
  r.Request = req.method === "POST" && (await req.text()) === "hi" && req.headers.get("x-a") === "1";
  const res = new Response("body", { status: 201, headers: { "x-b": "2" } });
  r.Response = res.status === 201 && (await res.text()) === "body" && (await Response.json({ a: 1 }).json()).a === 1;
  const h = new Headers({ "Content-Type": "text/plain" });
  h.append("x-c", "3");
  r.Headers = h.get("content-type") === "text/plain" && [...h.keys()].length === 2;
  const u = new URL("https://user@example.com:8080/p/a/t/h?query=string#hash");
  r.URL = u.port === "8080" && u.pathname === "/p/a/t/h" && u.hash === "#hash";
  const sp = new URLSearchParams("a=1&b=2&a=3");
  r.URLSearchParams = sp.getAll("a").join(",") === "1,3";
  const pattern = new URLPattern({ pathname: "/books/:id" });
  r.URLPattern = pattern.exec("https://x.test/books/42")?.pathname.groups.id === "42";
  r.TextEncoder = enc.encode("h\u00e9").length === 3;
  r.TextDecoder = dec.decode(enc.encode("h\u00e9llo")) === "h\u00e9llo";
  const encoded = new Response(new Blob(["abc"]).stream().pipeThrough(new TextDecoderStream()).pipeThrough(new TextEncoderStream()));
  r.TextEncoderStream = (await encoded.text()) === "abc";
  r.TextDecoderStream = r.TextEncoderStream;
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  let out = "";
  for await (const chunk of rs as any) out += chunk;
  r.ReadableStream = out === "ab";
  const written: string[] = [];
  const ws = new WritableStream({ write(chunk) { written.push(chunk); } });
  const writer = ws.getWriter();
  await writer.write("x");
  await writer.close();
  r.WritableStream = written.join() === "x";
  const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
  const w2 = upper.writable.getWriter();
  w2.write("up");
  w2.close();
  r.TransformStream = (await upper.readable.getReader().read()).value === "UP";
  const compressed = new Blob(["hello hello hello"]).stream().pipeThrough(new CompressionStream("gzip"));
  const roundTrip = await new Response(compressed.pipeThrough(new DecompressionStream("gzip"))).text();
  r.CompressionStream = roundTrip === "hello hello hello";
  const blob = new Blob(["ab", "cd"], { type: "text/plain" });
  r.Blob = blob.size === 4 && (await blob.text()) === "abcd" && blob.type === "text/plain";
  const file = new File(["x"], "a.txt", { lastModified: 5 });
  r.File = file.name === "a.txt" && file.lastModified === 5;
  const fd = new FormData();
  fd.append("k", "v");
  fd.append("f", file);
  const parsed = await new Response(fd).formData();
  r.FormData = parsed.get("k") === "v" && (parsed.get("f") as File).name === "a.txt";
  const ac = new AbortController();
  let aborted = false;
  ac.signal.addEventListener("abort", () => { aborted = true; });
  ac.abort();
  r.AbortController = aborted && ac.signal.aborted;
  r.AbortSignal = AbortSignal.abort().aborted && typeof AbortSignal.timeout === "function";
  const et = new EventTarget();
  let got = "";
  et.addEventListener("ping", (e) => { got = e.type; });
  et.dispatchEvent(new Event("ping"));
  r.Event = got === "ping";
  r.EventTarget = r.Event;
  const dx = new DOMException("nope", "NotFoundError");
  r.DOMException = dx.name === "NotFoundError" && dx.code === 8;
  r.atob = atob("aGk=") === "hi";
  r.btoa = btoa("hi") === "aGk=";
  const original = { a: [1, { b: new Date(0) }], m: new Map([[1, 2]]) };
  const cloned = structuredClone(original);
  r.structuredClone = cloned !== original && cloned.m.get(1) === 2 && cloned.a[1] instanceof Object;
  r.queueMicrotask = await new Promise((resolve) => queueMicrotask(() => resolve(true)));
  r.setTimeout = await new Promise((resolve) => setTimeout(() => resolve(true), 5));
  r.setInterval = await new Promise((resolve) => {
    let n = 0;
    const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(true); } }, 1);
  });
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  r["crypto.getRandomValues"] = bytes.length === 16 && bytes.some((b) => b !== 0);
  r["crypto.randomUUID"] = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID());
  const digest = await crypto.subtle.digest("SHA-256", enc.encode("abc"));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const key = await crypto.subtle.importKey("raw", enc.encode("secret"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const sig = await crypto.subtle.sign("HMAC", key, enc.encode("msg"));
  r["crypto.subtle"] = hex === "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    && (await crypto.subtle.verify("HMAC", key, sig, enc.encode("msg")));
  console.log("console works", { nested: [1, 2] });
  console.info("info"); console.warn("warn"); console.error("error");
  r.console = typeof console.log === "function";
  const t0 = performance.now();
  r["performance.now"] = typeof t0 === "number" && performance.now() >= t0;
  let rewritten: Response | undefined;
  r.HTMLRewriter = lazyGlobal("HTMLRewriter", () => {
    rewritten = new HTMLRewriter().on("p", { element(e) { e.setInnerContent("ok"); } }).transform(new Response("<p>x</p>"));
    return true;
  }) && (await rewritten!.text()) === "<p>ok</p>";
  r.caches = lazyGlobal("caches", () => caches.default instanceof Cache)
    && typeof CacheStorage === "function";
  r.WebSocketPair = lazyGlobal("WebSocketPair", () => {
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    return client instanceof WebSocket && new Response(null, { status: 101, webSocket: client }).webSocket === client;
  });
  r.connect = typeof connect === "function";
  r.self = self === globalThis;
  r.noDeno = typeof (globalThis as any).Deno === "undefined";
  return r;
}

export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/source") {
      // The platform's functions keep no source text (in a snapshot, or evaluated on
      // first use); the worker's do.
      return Response.json({
        fetch: String(fetch),
        Response: String(Response),
        WebSocketPair: String(WebSocketPair),
        HTMLRewriter: String(HTMLRewriter),
        worker: String(check),
      });
    }
    return Response.json(await check());
  },
};
"##;

#[test]
fn every_workers_global_works_in_a_handler() {
    let dir = project(&[("worky.toml", "name = \"globals\"\nmain = \"src/index.ts\"\n"), ("src/index.ts", WORKER)]);
    let dev = Dev::start_with_env(dir.path(), &[], &[("WORKY_SNAPSHOT", "0")]);
    check_globals(&dev);
}

/// The same globals, in isolates restored from a startup snapshot.
#[test]
fn every_global_works_in_isolates_restored_from_a_snapshot() {
    let dir = project(&[("worky.toml", "name = \"globals\"\nmain = \"src/index.ts\"\n"), ("src/index.ts", WORKER)]);
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    {
        // The first run makes the snapshot in the background.
        let dev = Dev::start_with_env(dir.path(), &[], &[("WORKY_CACHE_DIR", cache_dir)]);
        check_globals(&dev);
        let snapshots = cache.path().join("snapshots");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !has_snapshot(&snapshots) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(has_snapshot(&snapshots), "a snapshot was cached in {}", snapshots.display());
    }
    let dev = Dev::start_with_env(dir.path(), &[], &[("WORKY_CACHE_DIR", cache_dir)]);
    check_globals(&dev);
    // As on workerd: `[native code]` for the platform, the worker's own source.
    let source: serde_json::Value = serde_json::from_str(&dev.get("/source").body).unwrap();
    assert_eq!(source["fetch"], "function fetch() { [native code] }", "{source}");
    assert_eq!(source["Response"], "function Response() { [native code] }", "{source}");
    // Those whose JS is evaluated on first use too (from the bytecode cache, without source text).
    assert_eq!(source["WebSocketPair"], "function WebSocketPair() { [native code] }", "{source}");
    assert_eq!(source["HTMLRewriter"], "function HTMLRewriter() { [native code] }", "{source}");
    assert!(source["worker"].as_str().unwrap().starts_with("async function check() {"), "{source}");
}

fn has_snapshot(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().any(|e| e.path().extension().is_some_and(|ext| ext == "bin")))
        .unwrap_or(false)
}

fn check_globals(dev: &Dev) {
    let reply = dev.get("/");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let results: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&reply.body).unwrap();
    let failed: Vec<&String> =
        results.iter().filter(|(_, ok)| **ok != serde_json::Value::Bool(true)).map(|(name, _)| name).collect();
    assert!(failed.is_empty(), "globals that failed: {failed:?}\n{}", reply.body);
    let expected = [
        "fetch",
        "Request",
        "Response",
        "Headers",
        "URL",
        "URLSearchParams",
        "URLPattern",
        "TextEncoder",
        "TextDecoder",
        "TextEncoderStream",
        "TextDecoderStream",
        "ReadableStream",
        "WritableStream",
        "TransformStream",
        "CompressionStream",
        "Blob",
        "File",
        "FormData",
        "AbortController",
        "AbortSignal",
        "Event",
        "EventTarget",
        "DOMException",
        "atob",
        "btoa",
        "structuredClone",
        "queueMicrotask",
        "setTimeout",
        "setInterval",
        "crypto.getRandomValues",
        "crypto.randomUUID",
        "crypto.subtle",
        "console",
        "performance.now",
        "HTMLRewriter",
        "caches",
        "connect",
        "self",
        "noDeno",
    ];
    for name in expected {
        assert!(results.contains_key(name), "{name} not checked: {}", reply.body);
    }
    for line in ["console works", "info", "warn", "error"] {
        assert!(dev.wait_for_output(line, std::time::Duration::from_secs(5)), "{line}: {}", dev.output());
    }
}
