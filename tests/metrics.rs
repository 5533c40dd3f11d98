//! Operating `worky serve`: a real Prometheus scrapes its metrics listener and
//! reads back exactly the requests sent, `promtool check metrics` accepts the
//! exposition, a limit kill is counted with its reason, KV operations are
//! counted by operation, the health checks answer, `worky dev --metrics-port`
//! counts too, and bad settings are errors naming the key.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/loop") for (;;) {}
    if (path === "/burn") {
      // A fixed amount of computing (not a time: a busy core would stretch it).
      let sum = 0;
      for (let i = 0; i < 1e6; i++) sum += i % 7;
      if (sum < 0) throw new Error("unreachable");
    }
    if (request.headers.get("upgrade") === "websocket") {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.addEventListener("message", (event) => server.send(`echo ${event.data}`));
      return new Response(null, { status: 101, webSocket: client });
    }
    if (path === "/sub") {
      const to = new URL(request.url).searchParams.get("to");
      return fetch(to).then((reply) => new Response(String(reply.status)), () => new Response("refused"));
    }
    if (path === "/kv") {
      await env.KV.put("counter", "1");
      return new Response(await env.KV.get("counter"));
    }
    return new Response("ok", { status: path === "/missing" ? 404 : 200 });
  },
};
"#;

const KV: &str = "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"shop-kv\"\n";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Prometheus {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A real Prometheus (Debian's package) scraping `target` (host:port) every second.
fn start_prometheus(target: &str) -> Prometheus {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: worky\n    static_configs:\n      - targets: [\"{target}\"]\n"
        ),
    )
    .unwrap();
    let port = free_port();
    let child = Command::new("prometheus")
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", dir.path().join("data").display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prometheus (Debian package `prometheus`; ./install.sh --deps-only installs it)");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !client().get(format!("{url}/-/ready")).send().is_ok_and(|r| r.status().is_success()) {
        assert!(Instant::now() < deadline, "Prometheus did not become ready");
        std::thread::sleep(Duration::from_millis(200));
    }
    Prometheus { child, url, _dir: dir }
}

/// The value of a PromQL query with one result, once Prometheus has it.
fn query_until(prometheus: &Prometheus, query: &str, wanted: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let reply: serde_json::Value = client()
            .get(format!("{}/api/v1/query", prometheus.url))
            .query(&[("query", query)])
            .send()
            .unwrap()
            .json()
            .unwrap();
        let value = reply["data"]["result"][0]["value"][1].as_str().unwrap_or("").to_string();
        if value == wanted || Instant::now() > deadline {
            return value;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// `promtool check metrics` accepts `exposition`.
fn assert_promtool_accepts(exposition: &str) {
    let mut promtool = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(promtool.stdin.as_mut().unwrap(), exposition.as_bytes()).unwrap();
    let checked = promtool.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "promtool: {}{}\n{exposition}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

fn serve_shop(extra: &str) -> (Serve, tempfile::TempDir, tempfile::TempDir) {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", KV, WORKER);
    let extra = format!("metrics_listen = \"127.0.0.1:0\"\n{extra}{}", deployment("shop", "1.0.0", "shop.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    (serve, packages, host)
}

/// Prometheus reads back exactly the N requests sent to a deployment, and
/// promtool accepts what it scraped.
#[test]
fn prometheus_scrapes_the_requests_of_a_deployment() {
    let (serve, _packages, _host) = serve_shop("");
    let metrics = metrics_url(&serve.log_with(&["Metrics on"]));
    for _ in 0..7 {
        assert_eq!(serve.get("/", Some("shop.test")).body, "ok");
    }
    assert_eq!(serve.get("/missing", Some("shop.test")).status, 404);
    let target = metrics.trim_start_matches("http://").trim_end_matches("/metrics");
    let prometheus = start_prometheus(target);
    let ok = query_until(&prometheus, r#"worky_requests_total{deployment="shop",status="2xx"}"#, "7");
    assert_eq!(ok, "7");
    let missing = query_until(&prometheus, r#"worky_requests_total{deployment="shop",status="4xx"}"#, "1");
    assert_eq!(missing, "1");

    // The dashboard shipped in docs/ asks Prometheus only what it understands.
    let dashboard: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/grafana-dashboard.json")).unwrap(),
    )
    .unwrap();
    for panel in dashboard["panels"].as_array().unwrap() {
        for target in panel["targets"].as_array().unwrap() {
            let expr = target["expr"].as_str().unwrap().replace("$__rate_interval", "1m").replace("$deployment", ".*");
            let reply: serde_json::Value = client()
                .get(format!("{}/api/v1/query", prometheus.url))
                .query(&[("query", expr.as_str())])
                .send()
                .unwrap()
                .json()
                .unwrap();
            assert_eq!(reply["status"], "success", "{}: {expr}: {reply}", panel["title"]);
        }
    }

    let exposition = client().get(&metrics).send().unwrap().text().unwrap();
    assert_promtool_accepts(&exposition);
    assert!(exposition.contains("worky_request_duration_seconds_bucket{deployment=\"shop\""), "{exposition}");
    assert!(exposition.contains("worky_isolates{deployment=\"shop\"}"), "{exposition}");
    assert!(exposition.contains("worky_isolate_start_seconds_count{deployment=\"shop\"}"), "{exposition}");
    // Paths never become labels.
    assert!(!exposition.contains("/missing"), "{exposition}");
}

/// An isolate stopped by its CPU limit is counted with the reason; KV
/// operations by operation.
#[test]
fn limit_kills_and_kv_operations_are_counted() {
    let (serve, _packages, _host) = serve_shop("[limits]\ncpu_ms = 50\n");
    let metrics = metrics_url(&serve.log_with(&["Metrics on"]));
    assert_eq!(serve.get("/loop", Some("shop.test")).status, 503);
    assert_eq!(serve.get("/kv", Some("shop.test")).body, "1");
    // serve's egress policy refuses internal addresses: a subrequest with no answer.
    assert_eq!(serve.get("/sub?to=http://127.0.0.1:1/", Some("shop.test")).body, "refused");
    let exposition = client().get(&metrics).send().unwrap().text().unwrap();
    assert!(
        exposition.contains("worky_isolates_discarded_total{deployment=\"shop\",reason=\"cpu\"} 1"),
        "{exposition}"
    );
    assert!(exposition.contains("worky_kv_operations_total{operation=\"put\",outcome=\"ok\"} 1"), "{exposition}");
    assert!(exposition.contains("worky_kv_operations_total{operation=\"get\",outcome=\"ok\"} 1"), "{exposition}");
    assert!(exposition.contains("worky_subrequests_total{deployment=\"shop\",status=\"error\"} 1"), "{exposition}");
}

/// Each request's CPU time goes into a histogram: a worker computing a million
/// loop turns lands above 2.5 ms, the quick ones below it.
#[test]
fn cpu_time_per_request_is_a_histogram() {
    let (serve, _packages, _host) = serve_shop("[limits]\ncpu_ms = 10000\n");
    let metrics = metrics_url(&serve.log_with(&["Metrics on"]));
    for _ in 0..3 {
        assert_eq!(serve.get("/", Some("shop.test")).body, "ok");
    }
    assert_eq!(serve.get("/burn", Some("shop.test")).body, "ok");
    let exposition = client().get(&metrics).send().unwrap().text().unwrap();
    let value = |series: &str| -> f64 {
        let line = exposition
            .lines()
            .find(|line| line.starts_with(series))
            .unwrap_or_else(|| panic!("{series}: {exposition}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    assert_eq!(value("worky_request_cpu_seconds_count{deployment=\"shop\"}"), 4.0);
    assert_eq!(value("worky_request_cpu_seconds_bucket{deployment=\"shop\",le=\"0.0025\"}"), 3.0, "{exposition}");
    let sum = value("worky_request_cpu_seconds_sum{deployment=\"shop\"}");
    assert!((0.0025..10.0).contains(&sum), "{exposition}");
}

/// An isolate of a replaced version that still has work (a timer) when the
/// grace period ends is discarded, counted with reason "wall"; the idle ones
/// just end. Isolates starting are a gauge of their own.
#[test]
fn work_left_past_the_grace_period_is_a_wall_discard() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let worker = "export default { fetch(request, env, ctx) {\n\
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 60000)));\n\
        return new Response('started'); } };\n";
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", worker);
    pack_worker(&publisher, packages.path(), "shop", "1.0.1", "", worker);
    let extra =
        format!("metrics_listen = \"127.0.0.1:0\"\n[pool]\ngrace_s = 1\n{}", deployment("shop", "1.0.0", "shop.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let metrics = metrics_url(&serve.log_with(&["Metrics on"]));
    assert_eq!(serve.get("/", Some("shop.test")).body, "started");
    assert_eq!(switch_version(&serve, "shop", "1.0.1"), 200);
    let wall = "worky_isolates_discarded_total{deployment=\"shop\",reason=\"wall\"} 1";
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut exposition = String::new();
    while !exposition.contains(wall) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        exposition = client().get(&metrics).send().unwrap().text().unwrap();
    }
    assert!(exposition.contains(wall), "{exposition}");
    assert!(exposition.contains("worky_isolates_starting{deployment=\"shop\"} 0"), "{exposition}");
    assert!(serve.log_with(&["grace period; isolate discarded"]).contains("shop@1.0.0"));
}

fn teapot(_path: &str) -> String {
    http_response("418 I'm a teapot", "", "short and stout")
}

/// The health checks answer on serve's listener without the admin token.
#[test]
fn health_and_readiness_answer() {
    let (serve, _packages, _host) = serve_shop("");
    let health = serve.get("/__worky/health", None);
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
    let ready = serve.get("/__worky/ready", None);
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready\n"));
}

/// `worky dev --metrics-port` serves the same metrics for the worker being developed.
#[test]
fn dev_serves_metrics_on_request() {
    let dir = project(&[
        ("worky.toml", &format!("name = \"shop\"\nmain = \"src/index.js\"\n{KV}")),
        ("src/index.js", WORKER),
    ]);
    let dev = Dev::start(dir.path(), &["--metrics-port", "0"]);
    assert_eq!(dev.get("/").body, "ok");
    assert_eq!(dev.get("/kv").body, "1");
    let upstream = http_server("127.0.0.1", teapot);
    assert_eq!(dev.get(&format!("/sub?to=http://{upstream}/")).body, "418");
    let metrics = metrics_url(&dev.output());
    let exposition = client().get(&metrics).send().unwrap().text().unwrap();
    assert!(exposition.contains("worky_requests_total{deployment=\"shop\""), "{exposition}");
    assert!(exposition.contains("status=\"2xx\"} 3"), "{exposition}");
    assert!(exposition.contains("worky_subrequests_total{deployment=\"shop\",status=\"4xx\"} 1"), "{exposition}");
}

/// metrics_listen must be an address; otlp_endpoint an http(s) URL,
/// otlp_protocol one of OTLP/HTTP's two.
#[test]
fn bad_metrics_settings_name_the_key() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (extra, wanted) in [
        ("metrics_listen = \"nowhere\"\n", "metrics_listen = \"nowhere\" is not an address:port"),
        ("otlp_endpoint = \"collector:4318\"\n", "otlp_endpoint = \"collector:4318\" is not an http(s) URL"),
        ("otlp_sample_ratio = 1.5\n", "otlp_sample_ratio = 1.5 is not between 0 and 1"),
        (
            "otlp_endpoint = \"http://127.0.0.1:4318\"\notlp_protocol = \"grpc\"\n",
            "use \"http/protobuf\" or \"http/json\"",
        ),
    ] {
        let config = serve_toml(host.path(), packages.path(), &publisher, extra);
        std::fs::write(&config, std::fs::read_to_string(&config).unwrap().replace("@PORT@", "0")).unwrap();
        let out = worky().args(["serve", "--config", config.to_str().unwrap()]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains("serve.toml:") && err.contains(wanted), "{err}");
    }
}

/// With worker processes, the front serves every process's metrics as one
/// exposition (each sample labelled with its process), which promtool accepts
/// and a real Prometheus reads back exactly.
#[test]
fn worker_processes_metrics_are_merged_by_the_front() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", KV, WORKER);
    pack_worker(&publisher, packages.path(), "blog", "1.0.0", "", WORKER);
    let extra = format!(
        "metrics_listen = \"127.0.0.1:0\"\n[host]\nworker_processes = 2\n{}{}",
        deployment("shop", "1.0.0", "shop.test"),
        deployment("blog", "1.0.0", "blog.test")
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let metrics = metrics_url(&serve.log_with(&["Metrics on"]));
    for _ in 0..3 {
        assert_eq!(serve.get("/", Some("shop.test")).body, "ok");
    }
    assert_eq!(serve.get("/kv", Some("shop.test")).body, "1");
    for _ in 0..2 {
        assert_eq!(serve.get("/", Some("blog.test")).body, "ok");
    }
    let exposition = client().get(&metrics).send().unwrap().text().unwrap();
    // Each deployment's series come from its own process (every 2nd from index 0).
    for wanted in [
        "worky_requests_total{process=\"1\",deployment=\"shop\",version=\"1.0.0\",status=\"2xx\"} 4",
        "worky_requests_total{process=\"2\",deployment=\"blog\",version=\"1.0.0\",status=\"2xx\"} 2",
        "worky_deployments{process=\"1\"} 1",
        "worky_deployments{process=\"2\"} 1",
        "worky_kv_operations_total{process=\"1\",operation=\"put\",outcome=\"ok\"} 1",
        "worky_isolates{process=\"2\",deployment=\"blog\"}",
    ] {
        assert!(exposition.contains(wanted), "{wanted}:\n{exposition}");
    }
    assert_eq!(exposition.matches("# TYPE worky_requests_total counter").count(), 1, "{exposition}");
    assert_promtool_accepts(&exposition);
    let target = metrics.trim_start_matches("http://").trim_end_matches("/metrics");
    let prometheus = start_prometheus(target);
    let total = query_until(&prometheus, r#"sum(worky_requests_total{status="2xx"})"#, "6");
    assert_eq!(total, "6");
}

/// WebSocket connections a deployment holds open, as they open and close.
#[test]
fn open_websockets_are_counted() {
    use std::io::Read as _;
    use tungstenite::client::IntoClientRequest;
    let (serve, _packages, _host) = serve_shop("");
    let metrics = metrics_url(&serve.log_with(&["Metrics on"]));
    let gauge = || {
        let exposition = client().get(&metrics).send().unwrap().text().unwrap();
        exposition.lines().find(|line| line.starts_with("worky_websockets{deployment=\"shop\"}")).map(str::to_string)
    };
    let mut request = serve.url.replace("http://", "ws://").into_client_request().unwrap();
    request.headers_mut().insert("host", "shop.test".parse().unwrap());
    let stream = std::net::TcpStream::connect(serve.url.trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (mut socket, response) = tungstenite::client(request, stream).unwrap();
    assert_eq!(response.status(), 101);
    socket.send(tungstenite::Message::text("hi")).unwrap();
    assert_eq!(socket.read().unwrap().into_text().unwrap().as_str(), "echo hi");
    assert_eq!(gauge().as_deref(), Some("worky_websockets{deployment=\"shop\"} 1"));
    socket.close(None).unwrap();
    while socket.read().is_ok() {}
    let mut rest = Vec::new();
    let _ = socket.get_mut().read_to_end(&mut rest);
    let deadline = Instant::now() + Duration::from_secs(10);
    while gauge().as_deref() != Some("worky_websockets{deployment=\"shop\"} 0") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(gauge().as_deref(), Some("worky_websockets{deployment=\"shop\"} 0"));
}

const OBJECTS: &str = r#"
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  fetch() {
    return new Response("counted");
  }
}
export default {
  fetch(request, env) {
    return env.COUNTER.get(env.COUNTER.idFromName(new URL(request.url).pathname)).fetch(request);
  },
};
"#;

const OBJECTS_TOML: &str = "name = \"counters\"\nmain = \"src/index.js\"\n\
    [[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Counter\"\n\
    [[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Counter\"]\n\
    [pool]\nobject_idle_timeout_s = 1\n";

/// Durable Objects constructed are counted by class; the live gauge goes up
/// with them and back down when idle ones leave memory.
#[test]
fn durable_object_activations_and_live_objects_are_counted() {
    let dir = project(&[("worky.toml", OBJECTS_TOML), ("src/index.js", OBJECTS)]);
    let dev = Dev::start(dir.path(), &["--metrics-port", "0"]);
    assert_eq!(dev.get("/a").body, "counted");
    assert_eq!(dev.get("/b").body, "counted");
    assert_eq!(dev.get("/a").body, "counted");
    let metrics = metrics_url(&dev.output());
    let exposition = || client().get(&metrics).send().unwrap().text().unwrap();
    let now = exposition();
    assert!(now.contains("worky_object_activations_total{deployment=\"counters\",class=\"Counter\"} 2"), "{now}");
    assert!(now.contains("worky_objects_live{deployment=\"counters\"} 2"), "{now}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !exposition().contains("worky_objects_live{deployment=\"counters\"} 0") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(exposition().contains("worky_objects_live{deployment=\"counters\"} 0"), "{}", exposition());
}
