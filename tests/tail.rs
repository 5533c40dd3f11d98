//! `worky tail` end to end: two tailers of a running `worky serve` at once get
//! a request's console line and outcome, and a thrown error with its stack
//! mapped to the worker's source; `--status error` keeps the failures only;
//! the admin token guards it.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

const WORKER: &str = r#"export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/throw") {
      throw new Error("boom from the worker");
    }
    console.log("hello from the worker", path);
    return new Response("ok");
  },
};
"#;

struct Tailer {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Drop for Tailer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tail(serve: &Serve, args: &[&str]) -> Tailer {
    let mut child = worky()
        .args(["tail", "shop", "--server", &serve.url, "--token", "admin"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                return;
            }
        }
    });
    Tailer { child, lines }
}

/// Lines until every one of `needles` has come (or 15 s): console lines are
/// written apart from requests and may come after a later request's outcome.
fn lines_until(tailer: &Tailer, needles: &[&str]) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen: Vec<String> = Vec::new();
    while Instant::now() < deadline && !needles.iter().all(|needle| seen.iter().any(|line| line.contains(needle))) {
        if let Ok(line) = tailer.lines.recv_timeout(Duration::from_millis(200)) {
            seen.push(line);
        }
    }
    seen
}

#[test]
fn tailers_see_requests_console_lines_and_mapped_errors() {
    tailers_see_what_happens("");
}

/// The same through serve's front, from the worker process that runs the deployment.
#[test]
fn tailing_works_through_worker_processes() {
    tailers_see_what_happens("[host]\nworker_processes = 1\n");
}

fn tailers_see_what_happens(extra: &str) {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", WORKER);
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!("{extra}{}", deployment("shop", "1.0.0", "shop.test")),
    );
    let serve = Serve::start(&config);
    let everything = tail(&serve, &["--format", "json"]);
    let failures = tail(&serve, &["--status", "error"]);
    let log = serve.log_with(&["a tailer of shop connected"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while serve.log().matches("a tailer of shop connected").count() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(log.contains("a tailer of shop connected"), "{log}");

    assert_eq!(serve.get("/hi", Some("shop.test")).body, "ok");
    assert_eq!(serve.get("/throw", Some("shop.test")).status, 500);

    let events: Vec<serde_json::Value> = lines_until(&everything, &["hello from the worker", "\"/throw\"", "\"/hi\""])
        .iter()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let console = events.iter().find(|e| e["type"] == "console").expect("the console line");
    assert_eq!(
        (console["level"].as_str(), console["message"].as_str()),
        (Some("log"), Some("hello from the worker /hi"))
    );
    let hi = events.iter().find(|e| e["type"] == "request" && e["path"] == "/hi").expect("the /hi request");
    assert_eq!(
        (hi["status"].as_u64(), hi["outcome"].as_str(), hi["method"].as_str()),
        (Some(200), Some("ok"), Some("GET"))
    );
    let thrown = events.iter().find(|e| e["type"] == "request" && e["path"] == "/throw").expect("the /throw request");
    assert_eq!((thrown["status"].as_u64(), thrown["outcome"].as_str()), (Some(500), Some("exception")));
    let error = thrown["error"].as_str().unwrap();
    assert!(error.contains("Error: boom from the worker") && error.contains("src/index.js:5:"), "{error}");

    let pretty = lines_until(&failures, &["src/index.js:5:"]);
    let text = pretty.join("\n");
    assert!(text.contains("GET /throw 500 exception"), "{text}");
    assert!(!text.contains("GET /hi"), "--status error leaves out the requests that went well: {text}");
}

/// A deployment whose `fetch` throws when another calls it through a service
/// binding: its own tailers see the exception (the caller gets the error), in
/// one process and when the caller runs in another worker process.
#[test]
fn a_services_uncaught_exception_reaches_its_tailers() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", WORKER);
    let caller = "export default { async fetch(request, env) {\n  \
                  try { return await env.SHOP.fetch(request); } catch (error) { return new Response(`caught ${error.message}`); }\n} };\n";
    let binding = "[[services]]\nbinding = \"SHOP\"\nservice = \"shop\"\n";
    pack_worker(&publisher, packages.path(), "caller", "1.0.0", binding, caller);
    for processes in [0, 2] {
        let deployments = [("caller", "caller.test"), ("shop", "shop.test")];
        let (_host, serve) = serve_in_processes(&publisher, packages.path(), processes, &deployments);
        let tailer = tail(&serve, &["--format", "json"]);
        serve.log_with(&["a tailer of shop connected"]);
        assert_eq!(serve.get("/throw", Some("caller.test")).body, "caught boom from the worker");
        let events = lines_until(&tailer, &["boom from the worker"]);
        let exception = events
            .iter()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
            .find(|event| event["type"] == "exception")
            .unwrap_or_else(|| panic!("{processes} processes: no exception in {events:?}"));
        let message = exception["message"].as_str().unwrap();
        assert!(message.contains("Error: boom from the worker") && message.contains("src/index.js:5:"), "{message}");
    }
}

#[test]
fn tail_needs_the_admin_token() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", WORKER);
    let serve =
        Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployment("shop", "1.0.0", "shop.test")));
    let out = worky().args(["tail", "shop", "--server", &serve.url, "--token", "wrong"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("admin token required"), "{}", stderr(&out));
    let out = worky().args(["tail", "nowhere", "--server", &serve.url, "--token", "admin"]).output().unwrap();
    assert!(stderr(&out).contains("no deployment named nowhere"), "{}", stderr(&out));
}

/// A tailer that stops reading is dropped once it falls a queue (4,096 events)
/// behind: the requests meanwhile are all answered, the stalled tailer's
/// stream ends when it reads again, having missed events, and a new tailer is
/// served as before.
#[test]
fn a_tailer_that_stops_reading_is_dropped() {
    use std::io::{Read, Write};
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", WORKER);
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("shop", "1.0.0", "shop.test"));
    // Without the access log: thousands of long paths would only fill the test's memory.
    let serve = Serve::start_with(&config, &[], &[("RUST_LOG", "info,worky::access=warn")]);
    let address = serve.url.trim_start_matches("http://").to_string();

    let mut stalled = connect_with_small_receive_buffer(&address);
    let request = "GET /__worky/deployments/shop/tail HTTP/1.1\r\nHost: tail\r\nAuthorization: Bearer admin\r\nConnection: close\r\n\r\n";
    stalled.write_all(request.as_bytes()).unwrap();
    let mut first = [0u8; 512];
    let read = stalled.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).contains("200 OK"));
    std::thread::sleep(Duration::from_millis(200));

    // Each request makes two events (its console line and its outcome), the
    // outcome carrying a 16 KiB path: the socket buffers fill (the server's
    // send buffer grows to 4 MiB at most: ~250 requests), then the queue
    // (4,096 events: ~2,050 requests).
    let path = format!("/{}", "x".repeat(16 * 1024));
    let sent = 3_200;
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..sent / 4 {
                    assert_eq!(serve.get(&path, Some("shop.test")).body, "ok");
                }
            });
        }
    });

    // Reading again, it gets what was buffered, then its stream ends (SSE
    // keep-alive comments would keep a stream that did not end going forever).
    stalled.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut received = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match stalled.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(err) => panic!("{err}"),
        }
        assert!(Instant::now() < deadline, "the stalled tailer's stream did not end");
    }
    let outcomes = String::from_utf8_lossy(&received).matches("\"type\":\"request\"").count();
    assert!(outcomes < sent, "dropped after falling behind: got {outcomes} of {sent} outcomes");

    let fresh = tail(&serve, &["--format", "json"]);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(serve.get("/after", Some("shop.test")).body, "ok");
    let lines = lines_until(&fresh, &["\"/after\""]);
    assert!(lines.iter().any(|line| line.contains("\"/after\"")), "{lines:?}");
}

/// A connection whose receive buffer is as small as the kernel allows, set
/// before connecting (so the window it offers stays small too): a reader that
/// stops reading holds back the server's writes sooner.
fn connect_with_small_receive_buffer(address: &str) -> std::net::TcpStream {
    use std::os::fd::FromRawFd;
    let address: std::net::SocketAddrV4 = address.parse().unwrap();
    // SAFETY: a new socket, options on it with valid pointers and sizes, and a
    // connect to a valid sockaddr_in; the descriptor is handed to TcpStream once.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0);
        let size: libc::c_int = 4096;
        let set = libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            &size as *const _ as *const libc::c_void,
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
        assert_eq!(set, 0);
        let sockaddr = libc::sockaddr_in {
            sin_family: libc::AF_INET as libc::sa_family_t,
            sin_port: address.port().to_be(),
            sin_addr: libc::in_addr { s_addr: u32::from(*address.ip()).to_be() },
            sin_zero: [0; 8],
        };
        let connected = libc::connect(
            fd,
            &sockaddr as *const _ as *const libc::sockaddr,
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
        );
        assert_eq!(connected, 0);
        std::net::TcpStream::from_raw_fd(fd)
    }
}
