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
