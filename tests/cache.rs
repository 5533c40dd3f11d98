//! The Cache API end to end: the read-through pattern Workers apps use, entries
//! that outlive a restart of `worky dev`, and in `worky serve` a cache per
//! deployment held to its size bound. Its API next to Cloudflare's (recorded
//! from miniflare) is in tests/workerd/cache_api.js.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;

const WORKER: &str = r#"
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const key = `https://cache.test/${url.searchParams.get("key")}`;
    switch (url.pathname) {
      case "/put": {
        const body = "x".repeat(Number(url.searchParams.get("size") ?? 1));
        await caches.default.put(key, new Response(body, { headers: { "cache-control": "max-age=3600" } }));
        return new Response("stored");
      }
      case "/get":
        return (await caches.default.match(key)) ?? new Response("miss", { status: 404 });
      case "/page": {
        const hit = await caches.default.match(request);
        if (hit) return hit;
        const upstream = await fetch(url.searchParams.get("upstream"));
        const response = new Response(upstream.body, upstream);
        response.headers.set("cache-control", "max-age=60");
        ctx.waitUntil(caches.default.put(request, response.clone()));
        return response;
      }
    }
    return new Response("?", { status: 404 });
  },
};
"#;

static UPSTREAM_HITS: AtomicUsize = AtomicUsize::new(0);

fn counted_page(_path: &str) -> String {
    let n = UPSTREAM_HITS.fetch_add(1, Ordering::SeqCst) + 1;
    http_response("200 OK", "Content-Type: text/html\r\n", &format!("<p>page {n}</p>"))
}

fn project_with_cache() -> tempfile::TempDir {
    project(&[("worky.toml", "name = \"cached\"\nmain = \"src/index.js\"\n"), ("src/index.js", WORKER)])
}

/// match, else fetch and put in waitUntil: the second request is answered
/// from the cache (cf-cache-status: HIT) and the upstream is asked once.
#[test]
fn the_read_through_pattern_asks_the_upstream_once() {
    let dir = project_with_cache();
    let upstream = http_server("127.0.0.1", counted_page);
    let dev = Dev::start(dir.path(), &[]);
    let path = format!("/page?upstream=http://{upstream}/a");
    let first = dev.get(&path);
    assert_eq!((first.status, first.body.as_str()), (200, "<p>page 1</p>"));
    assert!(!first.headers.contains_key("cf-cache-status"));
    let second = dev.wait_until(&path, Duration::from_secs(10), |reply| reply.headers.contains_key("cf-cache-status"));
    assert_eq!(second.body, "<p>page 1</p>");
    assert_eq!(second.headers["cf-cache-status"], "HIT");
    assert_eq!(second.headers["content-type"], "text/html");
    assert_eq!(UPSTREAM_HITS.load(Ordering::SeqCst), 1);
}

/// Entries live in .worky/state/cache.sqlite3: a restarted `worky dev` still
/// has them.
#[test]
fn entries_outlive_a_restart_of_dev() {
    let dir = project_with_cache();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/get?key=kept").status, 404);
    assert_eq!(dev.get("/put?key=kept&size=70000").body, "stored");
    dev.stop();
    assert!(dir.path().join(".worky/state/cache.sqlite3").exists());
    let dev = Dev::start(dir.path(), &[]);
    let hit = dev.get("/get?key=kept");
    assert_eq!((hit.status, hit.body.len()), (200, 70_000));
    assert_eq!(hit.headers["content-length"], "70000");
}

/// In serve each deployment has its own cache, held to `[host] cache_mb`: past
/// the bound the least recently used entries go.
#[test]
fn serve_keeps_a_bounded_cache_per_deployment() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "one", "1.0.0", "", WORKER);
    pack_worker(&publisher, packages.path(), "two", "1.0.0", "", WORKER);
    let deployments = format!("{}{}", deployment("one", "1.0.0", "one.test"), deployment("two", "1.0.0", "two.test"));
    let config = serve_toml(host.path(), packages.path(), &publisher, &format!("[host]\ncache_mb = 1\n{deployments}"));
    let serve = Serve::start(&config);
    let one = Some("one.test");
    assert_eq!(serve.get("/put?key=a&size=400000", one).body, "stored");
    assert_eq!(serve.get("/put?key=b&size=400000", one).body, "stored");
    assert_eq!(serve.get("/get?key=a", one).status, 200);
    assert_eq!(serve.get("/get?key=b", Some("two.test")).status, 404, "the other deployment's cache is its own");
    // A third entry passes 1 MiB: "b", the least recently used, goes.
    assert_eq!(serve.get("/put?key=c&size=400000", one).body, "stored");
    let present: Vec<u16> =
        ["a", "b", "c"].iter().map(|key| serve.get(&format!("/get?key={key}"), one).status).collect();
    assert_eq!(present, [200, 404, 200]);
    // One entry larger than the whole bound is not kept.
    assert_eq!(serve.get("/put?key=huge&size=1100000", one).body, "stored");
    assert_eq!(serve.get("/get?key=huge", one).status, 404);
    assert_eq!(serve.get("/get?key=c", one).status, 200);
}
