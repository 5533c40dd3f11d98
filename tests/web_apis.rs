//! Every global of the Workers set that DESIGN.md lists, exercised by a real handler
//! (those whose JS loads on first use, before and after that use).

mod common;

use common::*;

const WORKER: &str = r##"
import { connect } from "cloudflare:sockets";

/**
 * A global whose JS loads on first use: a data property before and after, of
 * the global scope's prototype (where workerd has its classes) or of `scope`.
 */
function lazyGlobal(name: string, use: () => boolean, scope: object = Object.getPrototypeOf(globalThis)): boolean {
  const shape = (d?: PropertyDescriptor) => d && `${"value" in d} ${d.writable} ${d.enumerable} ${d.configurable}`;
  const before = shape(Object.getOwnPropertyDescriptor(scope, name));
  return before === "true true true true" && use() && shape(Object.getOwnPropertyDescriptor(scope, name)) === before;
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
  r.caches = lazyGlobal("caches", () => caches.default instanceof Cache, globalThis)
    && typeof CacheStorage === "function";
  r.WebSocketPair = lazyGlobal("WebSocketPair", () => {
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    return client instanceof WebSocket && new Response(null, { status: 101, webSocket: client }).webSocket === client;
  });
  let sent = "";
  r.EventSource = lazyGlobal("EventSource", () => {
    const source = EventSource.from(new Blob(["data: sse\n\n"]).stream());
    source.onmessage = (event) => { sent = event.data; };
    return source.readyState === EventSource.OPEN;
  }) && (await new Promise((resolve) => setTimeout(resolve, 50)), sent === "sse");
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
        "EventSource",
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

/// A server of server-sent events: the first connection sends an event with an
/// id and a short retry and ends; the next says which Last-Event-ID it was sent;
/// `/plain` is not an event stream. Each connection's Last-Event-ID is kept.
fn event_server() -> (std::net::SocketAddr, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let log = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut request_line, mut line, mut last_id) = (String::new(), String::new(), String::from("none"));
            let _ = reader.read_line(&mut request_line);
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("last-event-id:") {
                    last_id = value.trim().to_string();
                }
                line.clear();
            }
            let connection = {
                let mut seen = log.lock().unwrap();
                seen.push(last_id.clone());
                seen.len()
            };
            let (kind, body) = if request_line.contains("/plain") {
                ("text/plain", "data: not events\n\n".to_string())
            } else if connection == 1 {
                ("text/event-stream", "retry: 50\nid: 1\ndata: one\n\n".to_string())
            } else {
                ("text/event-stream", format!("data: two after {last_id}\n\n"))
            };
            let _ = stream.write_all(http_response("200 OK", &format!("Content-Type: {kind}\r\n"), &body).as_bytes());
        }
    });
    (address, seen)
}

#[test]
fn an_event_source_reads_reconnects_with_its_last_id_and_gives_up_on_other_content() {
    let (address, seen) = event_server();
    let worker = r#"
export default {
  async fetch(request) {
    const target = new URL(request.url).searchParams.get("sse");
    const source = new EventSource(target);
    const events = [];
    await new Promise((resolve) => {
      source.onopen = () => events.push(`open ${source.readyState}`);
      source.onmessage = (event) => {
        events.push(`${event.lastEventId}: ${event.data}`);
        if (event.data.startsWith("two")) { source.close(); resolve(); }
      };
      source.onerror = () => {
        events.push(`error ${source.readyState}`);
        if (source.readyState === EventSource.CLOSED) resolve();
      };
      setTimeout(resolve, 5000);
    });
    return Response.json({ events, url: source.url, state: source.readyState });
  },
};
"#;
    let dir = project(&[("worker.js", worker)]);
    let dev = Dev::start(dir.path(), &["worker.js"]);
    let reply = dev.get(&format!("/?sse=http://{address}/events"));
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        answer["events"],
        serde_json::json!(["open 1", "1: one", "error 0", "open 1", "1: two after 1"]),
        "{answer}"
    );
    assert_eq!(answer["state"], 2);
    assert_eq!(answer["url"], format!("http://{address}/events"));
    // The reconnection carried the last id; the first connection had none.
    assert_eq!(*seen.lock().unwrap(), ["none", "1"]);

    let reply = dev.get(&format!("/?sse=http://{address}/plain"));
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(answer["events"], serde_json::json!(["error 2"]), "not an event stream: closed, no retry");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

/// A worker's local time is UTC whatever the host's TZ, as on Cloudflare: the
/// dates probe, run with TZ set to zones with their own offsets and DST,
/// answers what workerd answered in UTC (tests/workerd/dates.js).
#[test]
fn a_workers_local_time_is_utc_whatever_the_hosts_time_zone() {
    let expected: serde_json::Value = serde_json::from_str(include_str!("workerd/dates.expected.json")).unwrap();
    let dir = project(&[("worker.js", include_str!("workerd/dates.js"))]);
    for zone in ["America/New_York", "Asia/Kolkata", "Europe/Berlin"] {
        let dev = Dev::start_with_env(dir.path(), &["worker.js"], &[("TZ", zone)]);
        let answered: serde_json::Value = serde_json::from_str(&dev.get("/").body).unwrap();
        assert_eq!(answered, expected, "TZ={zone}");
    }
}
