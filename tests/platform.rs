//! Workers' platform globals end to end: what libraries read to tell the
//! runtime, and what they call. Values next to workerd's are in
//! tests/workerd/platform_globals.js.

mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;

/// Paths the beacon target saw.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn beacon_target(path: &str) -> String {
    SEEN.lock().unwrap().push(path.to_string());
    http_response("204 No Content", "", "")
}

const BEACON: &str = r#"
export default {
  fetch(request) {
    const target = new URL(request.url).searchParams.get("target");
    const queued = navigator.sendBeacon(`${target}/beacon`, "payload");
    return new Response(`${queued} ${navigator.userAgent}`);
  },
};
"#;

/// navigator.sendBeacon answers at once and POSTs in the background: the
/// request's answer does not wait for it, and the POST still arrives.
#[test]
fn send_beacon_posts_in_the_background() {
    let dir = project(&[("worky.toml", "name = \"beacon\"\nmain = \"src/index.js\"\n"), ("src/index.js", BEACON)]);
    let upstream = http_server("127.0.0.1", beacon_target);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get(&format!("/?target=http://{upstream}"));
    assert_eq!(reply.body, "true Cloudflare-Workers");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !SEEN.lock().unwrap().iter().any(|path| path == "/beacon") {
        assert!(Instant::now() < deadline, "no beacon arrived: {:?}", SEEN.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
}

const REPORTS: &str = r#"
export default {
  fetch() {
    let heard = "";
    addEventListener("error", (event) => (heard = event.message));
    reportError(new Error("reported"));
    return new Response(`still here; heard: ${heard}`);
  },
};
"#;

/// reportError tells the global scope's error listeners and the log, and the
/// request (and its isolate) goes on.
#[test]
fn report_error_dispatches_an_event_and_logs_without_ending_the_request() {
    let dir = project(&[("worky.toml", "name = \"reports\"\nmain = \"src/index.js\"\n"), ("src/index.js", REPORTS)]);
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    let reply = dev.get("/");
    assert_eq!((reply.status, reply.body.as_str()), (200, "still here; heard: Uncaught Error: reported"));
    assert!(dev.wait_for_output("Uncaught Error: reported", Duration::from_secs(5)), "{}", dev.output());
    assert_eq!(dev.get("/").status, 200, "the isolate serves on");
}

const FIXED: &str = r#"
export default {
  fetch(request) {
    const { readable, writable } = new FixedLengthStream(11);
    const writer = writable.getWriter();
    writer.write(new TextEncoder().encode("hello ")).then(() => writer.write(new TextEncoder().encode("world"))).then(() => writer.close());
    return new Response(readable);
  },
};
"#;

/// A FixedLengthStream's readable as a response body is sent with its
/// content-length, not chunked, as on Workers.
#[test]
fn a_fixed_length_stream_gives_the_response_its_length() {
    let dir = project(&[("worky.toml", "name = \"fixed\"\nmain = \"src/index.js\"\n"), ("src/index.js", FIXED)]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/");
    assert_eq!((reply.status, reply.body.as_str()), (200, "hello world"));
    assert_eq!(reply.headers["content-length"], "11", "{:?}", reply.headers);
    assert!(reply.headers.get("transfer-encoding").is_none(), "{:?}", reply.headers);
}

const BYOB: &str = r#"
export default {
  async fetch(request) {
    const reader = request.body.getReader({ mode: "byob" });
    let total = 0;
    let largest = 0;
    while (true) {
      const { value, done } = await reader.read(new Uint8Array(4096));
      if (done) break;
      total += value.byteLength;
      largest = Math.max(largest, value.byteLength);
    }
    return new Response(`${total} ${largest <= 4096}`);
  },
};
"#;

/// A BYOB reader works on request bodies, whether the server read them ahead
/// (up to 64 KiB) or streams them (past it): on both sides of that line.
#[test]
fn byob_readers_read_request_bodies_of_any_size() {
    let dir = project(&[("worky.toml", "name = \"byob\"\nmain = \"src/index.js\"\n"), ("src/index.js", BYOB)]);
    let dev = Dev::start(dir.path(), &[]);
    for size in [1, 5, 64 * 1024, 64 * 1024 + 1, 300_000] {
        let reply = dev.post("/", vec![b'a'; size]);
        assert_eq!((reply.status, reply.body.clone()), (200, format!("{size} true")), "a body of {size} bytes");
    }
}

const CF: &str = r#"
export default {
  fetch(request) {
    return new Response(JSON.stringify({ cf: request.cf, frozen: Object.isFrozen(request.cf) }));
  },
};
"#;

/// request.cf holds the client's address and Accept-Encoding, in dev and
/// through serve's worker processes alike, frozen through; a client cannot
/// claim another address with the header serve uses internally. In dev it also
/// has wrangler dev's placeholder for where the client is (miniflare's
/// `fallbackCf`); serve claims no place it does not know.
#[test]
fn request_cf_carries_the_client_address() {
    let dir = project(&[("worky.toml", "name = \"cf\"\nmain = \"src/index.js\"\n"), ("src/index.js", CF)]);
    let dev = Dev::start(dir.path(), &[]);
    let get = |url: &str, host: &str| {
        let request = client().get(url).header("host", host).header("x-worky-client-ip", "6.6.6.6");
        let reply = send(request.header("accept-encoding", "gzip, br"));
        serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()
    };
    let seen = get(&format!("{}/", dev.url), "localhost");
    assert_eq!(seen["frozen"], true);
    let cf = &seen["cf"];
    assert_eq!((&cf["clientIp"], &cf["clientAcceptEncoding"]), (&"127.0.0.1".into(), &"gzip, br".into()));
    assert_eq!((&cf["country"], &cf["colo"], &cf["asn"]), (&"US".into(), &"DFW".into(), &395747.into()));
    assert_eq!(cf["botManagement"]["score"], 99);
    let frozen = "export default { fetch(r) { 'use strict'; try { r.cf.botManagement.score = 1; } catch (e) { \
                  return new Response(e.name); } return new Response(String(r.cf.botManagement.score)); } };";
    std::fs::write(dir.path().join("src/index.js"), frozen).unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |reply| !reply.body.starts_with('{'));
    assert_eq!(reply.body, "TypeError", "nested cf objects are frozen too");

    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "cf", "1.0.0", "", CF);
    let extra = format!("[host]\nworker_processes = 1\n{}", deployment("cf", "1.0.0", "cf.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let seen = get(&format!("{}/", serve.url), "cf.test");
    let expected =
        serde_json::json!({ "cf": { "clientAcceptEncoding": "gzip, br", "clientIp": "127.0.0.1" }, "frozen": true });
    assert_eq!(seen, expected);
}

/// A request carries its client's address in CF-Connecting-IP, as on
/// Cloudflare (Sentry reads the user's address from it): the address the
/// server saw, not one the client sent under that name.
#[test]
fn cf_connecting_ip_is_the_clients_address_whatever_the_client_sent() {
    let worker =
        "export default { fetch: (r) => new Response(`${r.headers.get('cf-connecting-ip')} ${r.cf.clientIp}`) };";
    let dir = project(&[("worky.toml", "name = \"ip\"\nmain = \"src/index.js\"\n"), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "127.0.0.1 127.0.0.1");
    let spoofed = send(client().get(format!("{}/", dev.url)).header("cf-connecting-ip", "203.0.113.9"));
    assert_eq!(spoofed.body, "127.0.0.1 127.0.0.1");
}

/// Behind a proxy (`[http] trusted_proxies`), serve takes the client from the
/// proxy's `CF-Connecting-IP`, or else from `X-Forwarded-For`, and where the
/// client is from Cloudflare's visitor location headers, into `request.cf`;
/// through worker processes too. From anyone else those headers go.
#[test]
fn a_trusted_proxy_says_who_and_where_the_client_is() {
    let worker = r#"
export default {
  fetch: (r) => Response.json({ cf: r.cf, ip: r.headers.get("cf-connecting-ip"), country: r.headers.get("cf-ipcountry") }),
};
"#;
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "geo", "1.0.0", "", worker);
    let ask = |serve: &Serve, headers: &[(&str, &str)]| {
        let mut request = client().get(format!("{}/", serve.url)).header("host", "geo.test");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        serde_json::from_str::<serde_json::Value>(&send(request).body).unwrap()
    };
    let located = [("cf-connecting-ip", "203.0.113.9"), ("cf-ipcountry", "DE"), ("cf-ipcity", "Berlin")];
    for processes in [0, 1] {
        let extra = format!(
            "[http]\ntrusted_proxies = [\"127.0.0.0/8\"]\n[host]\nworker_processes = {processes}\n{}",
            deployment("geo", "1.0.0", "geo.test")
        );
        let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
        let seen = ask(&serve, &located);
        assert_eq!((&seen["cf"]["clientIp"], &seen["ip"]), (&"203.0.113.9".into(), &"203.0.113.9".into()), "{seen}");
        assert_eq!((&seen["cf"]["country"], &seen["cf"]["city"]), (&"DE".into(), &"Berlin".into()), "{seen}");
        let seen = ask(&serve, &[("x-forwarded-for", "198.51.100.7, 127.0.0.2")]);
        assert_eq!(seen["cf"]["clientIp"], "198.51.100.7", "the last address no trusted proxy has: {seen}");
        assert_eq!(seen["cf"].get("country"), None, "no place it was not told");
    }
    let extra = deployment("geo", "1.0.0", "geo.test");
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let seen = ask(&serve, &located);
    assert_eq!((&seen["cf"]["clientIp"], &seen["ip"]), (&"127.0.0.1".into(), &"127.0.0.1".into()), "{seen}");
    assert_eq!((seen["cf"].get("country"), &seen["country"]), (None, &serde_json::Value::Null), "{seen}");
}

const WATCHER: &str = r#"
let seen = "nothing yet";
export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/seen") return new Response(seen);
    const signal = request.signal;
    seen = `streaming, aborted ${signal.aborted}`;
    signal.addEventListener("abort", () => {
      seen = `${signal.reason.name}: ${signal.reason.message} (retryable ${signal.reason.retryable})`;
    });
    let n = 0;
    return new Response(new ReadableStream({
      async pull(controller) {
        if (n > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        controller.enqueue(new TextEncoder().encode(`data: ${n++}\n\n`));
      },
    }), { headers: { "content-type": "text/event-stream" } });
  },
};
"#;

/// Reads the first chunk of a streamed answer, then hangs up.
fn hang_up_after_first_chunk(url: &str, host: Option<&str>) {
    use std::io::Read;
    let mut request = client().get(url);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    let mut response = request.send().expect("the stream's head comes");
    let mut first = [0u8; 64];
    assert!(response.read(&mut first).expect("a first chunk") > 0);
}

/// `request.signal` aborts when the client hangs up on a streamed response,
/// with workerd's reason, only with `enable_request_signal` (as on workerd,
/// tests/workerd/request_signal.js), in dev and behind serve's worker
/// processes; without the flag it never aborts.
#[test]
fn request_signal_aborts_when_the_client_hangs_up_only_with_its_flag() {
    const ABORTED: &str = "AbortError: The client has disconnected (retryable true)";
    for (flags, expected) in [("[\"enable_request_signal\"]", ABORTED), ("[]", "streaming, aborted false")] {
        let config = format!("name = \"watcher\"\nmain = \"worker.js\"\ncompatibility_flags = {flags}\n");
        let dir = project(&[("worky.toml", config.as_str()), ("worker.js", WATCHER)]);
        let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
        hang_up_after_first_chunk(&format!("{}/events", dev.url), None);
        // Time for many more chunks, each of which finds the client gone.
        std::thread::sleep(Duration::from_millis(300));
        let seen = dev.wait_until("/seen", Duration::from_secs(5), |reply| reply.body == expected);
        assert_eq!(seen.body, expected, "flags {flags}");
    }
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let config = "compatibility_flags = [\"enable_request_signal\"]\n";
    pack_worker(&publisher, packages.path(), "watcher", "1.0.0", config, WATCHER);
    let host = tempfile::tempdir().unwrap();
    let deployments = format!(
        "[host]\nworker_processes = 2\n[pool]\nmax_isolates = 1\n{}",
        deployment("watcher", "1.0.0", "watcher.test")
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    hang_up_after_first_chunk(&format!("{}/events", serve.url), Some("watcher.test"));
    let seen = serve.wait_until("/seen", Some("watcher.test"), Duration::from_secs(5), |reply| reply.body == ABORTED);
    assert_eq!(seen.body, ABORTED, "behind worker processes");
}
