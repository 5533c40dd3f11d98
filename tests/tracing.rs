//! W3C Trace Context end to end: an incoming `traceparent` is continued into
//! the worker's outbound `fetch()` (the test's upstream server sees the same
//! trace id, with worky's span as the parent), a request without one (or with
//! an invalid one) starts a trace of its own, a worker's own header wins, and
//! serve's access record carries the trace id.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::sync::{Arc, Mutex};

use common::*;

/// The `traceparent` each request to an upstream carried ("-" for none).
type Seen = Arc<Mutex<Vec<String>>>;

fn upstream() -> (std::net::SocketAddr, Seen) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Seen::default();
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut traceparent = "-".to_string();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("traceparent:") {
                    traceparent = value.trim().to_string();
                }
                line.clear();
            }
            record.lock().unwrap().push(traceparent);
            let _ = (&stream).write_all(http_response("200 OK", "", "upstream").as_bytes());
        }
    });
    (address, seen)
}

const WORKER: &str = r#"
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const headers = url.searchParams.has("own") ? { traceparent: "00-11111111111111111111111111111111-2222222222222222-01" } : {};
    const reply = await fetch(url.searchParams.get("to"), { headers });
    return new Response(await reply.text());
  },
};
"#;

const INCOMING: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn last_seen(seen: &Seen) -> String {
    seen.lock().unwrap().last().cloned().unwrap()
}

fn fields(traceparent: &str) -> Vec<String> {
    traceparent.split('-').map(str::to_string).collect()
}

fn get_with_traceparent(url: &str, traceparent: Option<&str>) -> Reply {
    let mut request = client().get(url);
    if let Some(value) = traceparent {
        request = request.header("traceparent", value);
    }
    send(request)
}

#[test]
fn an_incoming_trace_is_continued_into_outbound_fetches() {
    let (server, seen) = upstream();
    let dir = project(&[("worky.toml", "name = \"traced\"\nmain = \"src/index.js\"\n"), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    let url = format!("{}/?to=http://{server}/", dev.url);

    assert_eq!(get_with_traceparent(&url, Some(INCOMING)).body, "upstream");
    let continued = fields(&last_seen(&seen));
    assert_eq!(continued.len(), 4, "{continued:?}");
    assert_eq!(
        (continued[0].as_str(), continued[1].as_str(), continued[3].as_str()),
        ("00", "4bf92f3577b34da6a3ce929d0e0e4736", "01")
    );
    assert_eq!(continued[2].len(), 16);
    assert_ne!(continued[2], "00f067aa0ba902b7", "worky's own span is the parent");

    // No traceparent, or one that is not valid: a new trace each time.
    get_with_traceparent(&url, None);
    let first = fields(&last_seen(&seen));
    get_with_traceparent(&url, Some("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
    let second = fields(&last_seen(&seen));
    for new in [&first, &second] {
        assert_eq!(new.len(), 4, "{new:?}");
        assert_eq!(new[1].len(), 32);
        assert_ne!(new[1], "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_ne!(new[1], "00000000000000000000000000000000");
    }
    assert_ne!(first[1], second[1]);

    // A worker that sets its own traceparent keeps it.
    get_with_traceparent(&format!("{url}&own"), Some(INCOMING));
    assert_eq!(last_seen(&seen), "00-11111111111111111111111111111111-2222222222222222-01");
}

/// `worky serve` running `name`@1.0.0 (`toml` added to its worky.toml) on Host
/// `name.test`, allowed to fetch this machine, with `settings` (serve.toml keys).
struct TracedServe {
    serve: Serve,
    host: String,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

fn serve_traced(name: &str, toml: &str, code: &str, settings: &str) -> TracedServe {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), name, "1.0.0", toml, code);
    let extra = format!(
        "{settings}{}[deployments.egress]\nallow_internal = [\"127.0.0.1\"]\n",
        deployment(name, "1.0.0", &format!("{name}.test"))
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    TracedServe { serve, host: format!("{name}.test"), _dirs: (packages, host) }
}

impl TracedServe {
    /// The worker's answer to a request that has it fetch `upstream`.
    fn fetch_through(&self, upstream: std::net::SocketAddr, traceparent: Option<&str>) -> String {
        let mut request = client().get(format!("{}/?to=http://{upstream}/", self.serve.url)).header("host", &self.host);
        if let Some(traceparent) = traceparent {
            request = request.header("traceparent", traceparent);
        }
        send(request).body
    }
}

/// serve.toml keys that send spans, as OTLP/JSON, to `collector`.
fn exporting_to(collector: std::net::SocketAddr) -> String {
    format!("otlp_endpoint = \"http://{collector}\"\notlp_protocol = \"http/json\"\n")
}

#[test]
fn serve_logs_the_trace_id_with_each_request() {
    let (server, _seen) = upstream();
    let traced = serve_traced("traced", "", WORKER, "");
    assert_eq!(traced.fetch_through(server, Some(INCOMING)), "upstream");
    let log = traced.serve.log_with(&["trace_id"]);
    assert!(
        log.contains("trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"")
            || log.contains("trace_id=4bf92f3577b34da6a3ce929d0e0e4736"),
        "{log}"
    );
}

/// What a collector was sent: (content type, body) each time.
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A collector that keeps what it is sent.
fn collector() -> (std::net::SocketAddr, Received) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let received = Arc::new(Mutex::new(Vec::new()));
    let keep = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let keep = keep.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut length, mut kind) = (0usize, String::new());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    let lower = line.to_ascii_lowercase();
                    if let Some(value) = lower.strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    if let Some(value) = lower.strip_prefix("content-type:") {
                        kind = value.trim().to_string();
                    }
                    line.clear();
                }
                let mut body = vec![0u8; length];
                if reader.read_exact(&mut body).is_ok() {
                    keep.lock().unwrap().push((kind, body));
                }
                let _ = (&stream).write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            });
        }
    });
    (address, received)
}

/// The spans a collector was sent as OTLP/JSON, once there are `at_least`
/// (the batch processor sends within its delay, 5 s).
fn spans_received(received: &Received, at_least: usize) -> Vec<serde_json::Value> {
    let spans = || -> Vec<serde_json::Value> {
        let mut spans = Vec::new();
        for (kind, body) in received.lock().unwrap().iter().filter(|(kind, _)| kind.contains("json")) {
            let export: serde_json::Value = serde_json::from_slice(body).unwrap_or_else(|_| panic!("{kind}"));
            for resource in export["resourceSpans"].as_array().into_iter().flatten() {
                for scope in resource["scopeSpans"].as_array().into_iter().flatten() {
                    spans.extend(scope["spans"].as_array().into_iter().flatten().cloned());
                }
            }
        }
        spans
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while spans().len() < at_least && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    spans()
}

/// An attribute of an OTLP/JSON span, as its JSON value.
fn attribute<'a>(span: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    span["attributes"].as_array()?.iter().find(|pair| pair["key"] == key).map(|pair| &pair["value"])
}

/// With `otlp_endpoint`, each request's span reaches the collector (OTLP/HTTP)
/// in the incoming trace, under the caller's span, and each outbound fetch as
/// a client span under it, whose id the upstream got as its parent.
#[test]
fn spans_reach_an_otlp_collector_and_link_to_outbound_fetches() {
    let (server, seen) = upstream();
    let (collector, received) = collector();
    let traced = serve_traced("traced", "", WORKER, &exporting_to(collector));
    assert_eq!(traced.fetch_through(server, Some(INCOMING)), "upstream");
    let fetch_span = fields(&last_seen(&seen))[2].clone();
    let spans = spans_received(&received, 2);
    let body = serde_json::to_string_pretty(&spans).unwrap();
    let server = spans.iter().find(|span| span["kind"] == 2).unwrap_or_else(|| panic!("no server span: {body}"));
    let client = spans.iter().find(|span| span["kind"] == 3).unwrap_or_else(|| panic!("no client span: {body}"));
    assert_eq!(server["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736", "{body}");
    assert_eq!(server["parentSpanId"], "00f067aa0ba902b7", "under the caller's span: {body}");
    assert_eq!(client["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736", "{body}");
    assert_eq!(client["parentSpanId"], server["spanId"], "the fetch is a child of the request: {body}");
    assert_eq!(
        client["spanId"].as_str(),
        Some(fetch_span.as_str()),
        "the upstream's parent is the fetch's span: {body}"
    );
    assert!(body.contains("\"worky.deployment\"") && body.contains("\"traced\""), "{body}");
}

const CALLS: &str = r#"
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async bump() { return 1; }
  async fetch(request) {
    const reply = await fetch(new URL(request.url).searchParams.get("to"));
    return new Response("object saw " + (await reply.text()));
  }
}
export default {
  async fetch(request, env) {
    await env.STORE.put("key", "value");
    if ((await env.STORE.get("key")) !== "value") throw new Error("KV lost the value");
    await env.STORE.get("missing");
    const stub = env.COUNTER.get(env.COUNTER.idFromName("one"));
    await stub.bump();
    // Some CPU work, for the span's CPU time.
    let sum = 0;
    for (let i = 0; i < 2e5; i++) sum += i % 7;
    return stub.fetch(request.url + "&sum=" + sum);
  },
};
"#;

const CALLS_TOML: &str = "[[kv_namespaces]]\nbinding = \"STORE\"\n\
    [[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Counter\"\n\
    [[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Counter\"]\n";

/// KV operations and Durable Object calls are client spans under the request's
/// span, each named for what it called; a Durable Object's own fetch() carries
/// the trace on (its span's child); the request's span has its CPU time.
#[test]
fn kv_and_durable_object_calls_are_child_spans() {
    let (server, seen) = upstream();
    let (collector, received) = collector();
    let traced = serve_traced("calls", CALLS_TOML, CALLS, &exporting_to(collector));
    assert_eq!(traced.fetch_through(server, Some(INCOMING)), "object saw upstream");
    // The request, put, get, get, bump, the object's fetch, and the object's own fetch().
    let spans = spans_received(&received, 7);
    let body = serde_json::to_string_pretty(&spans).unwrap();
    let named = |name: &str| spans.iter().filter(|span| span["name"] == name).collect::<Vec<_>>();
    let server_span = spans.iter().find(|span| span["kind"] == 2).unwrap_or_else(|| panic!("no server span: {body}"));
    let (puts, gets) = (named("kv put"), named("kv get"));
    assert_eq!((puts.len(), gets.len()), (1, 2), "{body}");
    let (bump, object_fetch) = (named("Counter.bump"), named("Counter.fetch"));
    assert_eq!((bump.len(), object_fetch.len()), (1, 1), "{body}");
    for span in puts.iter().chain(&gets).chain(&bump).chain(&object_fetch) {
        assert_eq!(span["kind"], 3, "a client span: {body}");
        assert_eq!(span["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736", "{body}");
        assert_eq!(span["parentSpanId"], server_span["spanId"], "a child of the request: {body}");
    }
    assert_eq!(attribute(puts[0], "worky.kv.binding").unwrap()["stringValue"], "STORE", "{body}");
    assert_eq!(attribute(bump[0], "worky.object.class").unwrap()["stringValue"], "Counter", "{body}");
    // The object's own fetch() is a span under the call that reached it, and
    // the upstream was told that span is its parent.
    let inner = named("fetch");
    assert_eq!(inner.len(), 1, "{body}");
    assert_eq!(inner[0]["parentSpanId"], object_fetch[0]["spanId"], "{body}");
    let upstream_saw = fields(&last_seen(&seen));
    assert_eq!(upstream_saw[1], "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(inner[0]["spanId"].as_str(), Some(upstream_saw[2].as_str()), "{body}");
    // The request's CPU time: more than nothing, less than its whole duration.
    let cpu = attribute(server_span, "worky.cpu_time_ms").unwrap_or_else(|| panic!("no CPU time: {body}"));
    let cpu = cpu["doubleValue"].as_f64().unwrap();
    let wall = (server_span["endTimeUnixNano"].as_str().unwrap().parse::<u64>().unwrap()
        - server_span["startTimeUnixNano"].as_str().unwrap().parse::<u64>().unwrap()) as f64
        / 1e6;
    assert!(cpu > 0.0 && cpu <= wall, "cpu {cpu} ms, wall {wall} ms: {body}");
}

/// `otlp_sample_ratio = 0`: a new trace is not sampled (its fetches say so in
/// their traceparent, flags 00) and none of its spans are exported; a trace
/// the caller sampled is still recorded (parent-based), one it did not is not.
#[test]
fn unsampled_traces_are_not_exported() {
    let (server, seen) = upstream();
    let (collector, received) = collector();
    let settings = format!("{}otlp_sample_ratio = 0.0\n", exporting_to(collector));
    let traced = serve_traced("traced", "", WORKER, &settings);
    let get = |traceparent: Option<&str>| {
        assert_eq!(traced.fetch_through(server, traceparent), "upstream");
        fields(&last_seen(&seen))
    };
    let new_trace = get(None);
    assert_eq!(new_trace[3], "00", "a new trace is not sampled: {new_trace:?}");
    let not_sampled = get(Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"));
    assert_eq!(not_sampled[3], "00", "{not_sampled:?}");
    let sampled = get(Some(INCOMING));
    assert_eq!(sampled[3], "01", "{sampled:?}");
    // The sampled request's two spans come; nothing of the other two, even
    // after another of the batch processor's 5 s rounds.
    spans_received(&received, 2);
    std::thread::sleep(std::time::Duration::from_secs(6));
    let spans = spans_received(&received, 0);
    let body = serde_json::to_string_pretty(&spans).unwrap();
    assert_eq!(spans.len(), 2, "{body}");
    assert!(spans.iter().all(|span| span["traceId"] == "4bf92f3577b34da6a3ce929d0e0e4736"), "{body}");
}
