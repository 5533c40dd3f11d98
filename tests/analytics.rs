//! Workers Analytics Engine end to end: a wrangler project's
//! `[[analytics_engine_datasets]]` under `worky dev` writes data points
//! (workerd's checks at their edges refuse what Cloudflare refuses), and
//! `worky analytics query` answers SQL over them; `worky serve` keeps them in
//! its state directory.

mod common;

use std::time::Duration;

use common::*;

const WRANGLER_TOML: &str = r#"
name = "shop"
main = "src/index.js"
compatibility_date = "2025-11-01"

[[analytics_engine_datasets]]
binding = "EVENTS"
dataset = "shop_events"
"#;

/// `/write?path=..&ms=..` writes a point; `/edge?what=` tries one at a limit and answers what happened.
const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const attempt = (point) => {
      try {
        return env.EVENTS.writeDataPoint(point) === undefined ? "written" : "returned something";
      } catch (error) {
        return `${error.name}: ${error.message}`;
      }
    };
    if (url.pathname === "/edge") {
      const n = Number(url.searchParams.get("n"));
      const what = url.searchParams.get("what");
      if (what === "blobs") return new Response(attempt({ blobs: Array.from({ length: n }, () => "b") }));
      if (what === "doubles") return new Response(attempt({ doubles: Array.from({ length: n }, () => 1) }));
      if (what === "bytes") return new Response(attempt({ blobs: ["x".repeat(n)] }));
      if (what === "index") return new Response(attempt({ indexes: ["i".repeat(n)] }));
      if (what === "indexes") return new Response(attempt({ indexes: ["a", "b"] }));
    }
    const path = url.searchParams.get("path");
    env.EVENTS.writeDataPoint({
      indexes: [path],
      blobs: [request.method, path, new Uint8Array([7, 8]).buffer],
      doubles: [Number(url.searchParams.get("ms")), 1],
    });
    return new Response("ok");
  },
};
"#;

fn query(dir: &std::path::Path, sql: &str) -> serde_json::Value {
    let out = run(dir, &["analytics", "query", sql, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn dev_writes_data_points_and_query_reads_them() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.EVENTS") && dev.output().contains("dataset shop_events"), "{}", dev.output());
    for (path, ms) in [("/a", 10), ("/b", 20), ("/a", 30)] {
        assert_eq!(dev.get(&format!("/write?path={path}&ms={ms}")).body, "ok");
    }
    // On both sides of each of workerd's limits.
    let edge = |what: &str, n: usize| dev.get(&format!("/edge?what={what}&n={n}")).body;
    assert_eq!(edge("blobs", 20), "written");
    assert_eq!(edge("blobs", 21), "TypeError: writeDataPoint(): Maximum of 20 blobs supported.");
    assert_eq!(edge("doubles", 20), "written");
    assert_eq!(edge("doubles", 21), "TypeError: writeDataPoint(): Maximum of 20 doubles supported.");
    assert_eq!(edge("bytes", 5120), "written");
    assert_eq!(edge("bytes", 5121), "TypeError: writeDataPoint(): Cumulative size of blobs exceeds 5120 bytes).");
    assert_eq!(edge("index", 96), "written");
    assert_eq!(edge("index", 97), "TypeError: writeDataPoint(): Size of indexes[0] exceeds 96 bytes).");
    assert_eq!(edge("indexes", 2), "TypeError: writeDataPoint(): Maximum of 1 indexes supported.");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let sql = "SELECT blob2 AS path, SUM(double1) AS ms, COUNT(*) AS n FROM shop_events WHERE blob1 = 'GET' \
               AND double2 = 1 GROUP BY blob2 ORDER BY blob2";
    // Each point is written on its own, in the background: wait for all three
    // (the database itself comes with the first), not for the two groups.
    let expected = serde_json::json!([{"path": "/a", "ms": 40, "n": 2}, {"path": "/b", "ms": 20, "n": 1}]);
    let mut answer = serde_json::Value::Null;
    while answer["data"] != expected && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let out = run(dir.path(), &["analytics", "query", sql, "--json"]);
        if out.status.success() {
            answer = serde_json::from_slice(&out.stdout).unwrap();
        }
    }
    assert_eq!(answer["data"], expected);
    // The point of the first request (each is written in the background, so
    // the table's order is not the requests' order).
    let columns =
        query(dir.path(), "SELECT index1, blob3, _sample_interval FROM shop_events WHERE double1 = 10 LIMIT 1");
    assert_eq!(columns["data"], serde_json::json!([{"index1": "/a", "blob3": [7, 8], "_sample_interval": 1}]));
    let out = run(dir.path(), &["analytics", "query", "DELETE FROM shop_events"]);
    assert!(stderr(&out).contains("SELECT statements only"), "{}", stderr(&out));
}

#[test]
fn serve_keeps_the_datasets_in_its_state_directory() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let worker = "export default { fetch(request, env) { env.HITS.writeDataPoint({ blobs: ['hit'] }); \
                  return new Response('ok'); } };\n";
    let toml = "[[analytics_engine_datasets]]\nbinding = \"HITS\"\n";
    pack_worker(&publisher, packages.path(), "site", "1.0.0", toml, worker);
    let host = tempfile::tempdir().unwrap();
    let serve =
        Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployment("site", "1.0.0", "site.test")));
    assert_eq!(serve.get("/", Some("site.test")).body, "ok");
    let file = host.path().join(".worky/serve-state/analytics/analytics.sqlite");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !file.is_file() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(file.is_file(), "the dataset is in serve's state directory");
}
