//! Workers' console output on `worky serve`: attributed to its deployment,
//! escaped, held to a budget, and never able to block the host.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use common::*;

const LOGGER: &str = r#"
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/flood") {
      const line = "x".repeat(1024);
      for (let i = 0; i < 100000; i++) console.log(line);
      return new Response("flooded");
    }
    if (path === "/forge") {
      console.log("real\n2026-01-01T00:00:00.000000Z  INFO worky::access: GET /admin 200 \u001b[2J\u001b[31mred");
      console.error("to stderr \u0007");
      return new Response("forged");
    }
    if (path === "/long") {
      console.log("y".repeat(100 * 1024));
      return new Response("long");
    }
    if (path === "/steady-flood") {
      // 64 lines of 1 KiB every 5 ms for 2 s (12.8 MB/s), yielding in between:
      // small lines, so a shared budget would be kept near empty.
      const line = "w".repeat(1024);
      for (let i = 0; i < 400; i++) {
        for (let j = 0; j < 64; j++) console.log(line);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return new Response("flooded");
    }
    if (path === "/heard") {
      // 8 KiB: more than a budget shared with the flood could have saved up
      // between two of its rounds (a line, and 5 ms at 256 KiB/s).
      console.log("still heard during the flood " + "h".repeat(8192));
      return new Response("heard");
    }
    if (path === "/chatty") {
      console.log("z".repeat(8 * 1024));
      return new Response("chatty");
    }
    return new Response("ok");
  },
};
"#;

/// `logger` (the worker above) and `bystander` on one serve.
fn two_tenants(packages: &std::path::Path, host: &std::path::Path) -> std::path::PathBuf {
    let publisher = keygen();
    pack_worker(&publisher, packages, "logger", "1.0.0", "", LOGGER);
    pack_worker(
        &publisher,
        packages,
        "bystander",
        "1.0.0",
        "",
        "export default { fetch: () => new Response('fine') };\n",
    );
    let deployments =
        [deployment("logger", "1.0.0", "logger.test"), deployment("bystander", "1.0.0", "bystander.test")];
    serve_toml(host, packages, &publisher, &deployments.concat())
}

#[test]
fn console_lines_name_their_deployment_and_cannot_forge_or_control_the_log() {
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let serve = Serve::start(&two_tenants(packages.path(), host.path()));
    assert_eq!(serve.get("/forge", Some("logger.test")).body, "forged");
    assert_eq!(serve.get("/long", Some("logger.test")).body, "long");
    let log = serve.log_with(&["to stderr", "more bytes cut"]);
    let line = log.lines().find(|line| line.contains("real\\n2026")).unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("worker=\"logger@1.0.0\""), "attributed: {line}");
    assert!(line.contains("\\u{1b}[2J\\u{1b}[31mred"), "escapes written out: {line}");
    assert!(!log.lines().any(|line| line.starts_with("2026-01-01")), "no forged line: {log}");
    assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'), "no control byte reaches the log");
    let error = log.lines().find(|line| line.contains("to stderr")).unwrap();
    assert!(error.contains("WARN") && error.contains("\\u{7}"), "{error}");
    let long = log.lines().find(|line| line.contains("more bytes cut")).unwrap();
    assert!(long.len() < 17 * 1024, "a line is cut at 16 KiB: {} bytes", long.len());
}

#[test]
fn a_log_flood_is_held_to_its_budget_while_the_other_tenant_answers() {
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let serve = Serve::start(&two_tenants(packages.path(), host.path()));
    std::thread::scope(|scope| {
        let flood = scope.spawn(|| serve.get("/flood", Some("logger.test")));
        for _ in 0..20 {
            assert_eq!(serve.get("/", Some("bystander.test")).body, "fine");
        }
        assert_eq!(flood.join().unwrap().body, "flooded");
    });
    // A later request has a budget of its own: its lines get through, and with
    // them the report of the flood's drops.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(serve.get("/forge", Some("logger.test")).body, "forged");
    let log = serve.log_with(&["console lines dropped"]);
    assert!(log.contains("console lines dropped"), "{}", &log[log.len().saturating_sub(2000)..]);
    // 100 MB logged; the budget is a 1 MiB burst and 256 KiB/s.
    assert!(log.len() < 8 << 20, "{} MB of log from a 100 MB flood", log.len() >> 20);
}

/// Budgets are per request: a request that keeps flooding loses its own lines,
/// not those of the other requests on its isolate.
#[test]
fn one_request_flooding_the_log_does_not_silence_the_others() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "logger", "1.0.0", "", LOGGER);
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!("[pool]\nmax_isolates = 1\n{}", deployment("logger", "1.0.0", "logger.test")),
    );
    let serve = Serve::start(&config);
    std::thread::scope(|scope| {
        let flood = scope.spawn(|| serve.get("/steady-flood", Some("logger.test")));
        // Past the flood's 1 MiB burst (0.1 s), on the same isolate.
        std::thread::sleep(Duration::from_millis(800));
        assert_eq!(serve.get("/heard", Some("logger.test")).body, "heard");
        assert_eq!(flood.join().unwrap().body, "flooded");
    });
    let log = serve.log_with(&["still heard during the flood"]);
    assert!(log.contains("still heard during the flood"), "{}", &log[log.len().saturating_sub(2000)..]);
    assert!(log.contains("console lines dropped"), "the flood was held to its budget");
    assert!(log.len() < 8 << 20, "{} MB of log from a 25 MB flood", log.len() >> 20);
}

/// serve's stderr is a pipe nobody reads: once it is full, log records are
/// dropped rather than waited for, and every request is still answered.
#[test]
fn an_undrained_log_never_blocks_a_request() {
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = two_tenants(packages.path(), host.path());
    let text = std::fs::read_to_string(&config).unwrap().replace("@PORT@", "0");
    std::fs::write(&config, text).unwrap();
    let mut child = worky()
        .args(["serve", "--config", config.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let url = loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "serve ended before it was ready");
        if let Some(at) = line.find("Serving on http://") {
            break line[at + "Serving on ".len()..].split_whitespace().next().unwrap().to_string();
        }
    };
    // From here on nobody reads stderr: its pipe (64 KiB) fills within a few requests.
    let quick = reqwest::blocking::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    for i in 0..300 {
        let reply = quick.get(format!("{url}/chatty")).header("host", "logger.test").send();
        let body = reply.and_then(|reply| reply.text()).unwrap_or_else(|err| panic!("request {i}: {err}"));
        assert_eq!(body, "chatty", "request {i}");
    }
    let _ = child.kill();
    let _ = child.wait();
    drop(stderr);
}
