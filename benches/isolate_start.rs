//! Isolate start time and memory per isolate, with the whole Web API set loaded:
//! the time from asking for an isolate to its worker being ready to serve, when the
//! process's warm blank isolate is there (it is re-warmed after each start).
//! For scale it also reports a bare deno_core runtime (no Web APIs, no worky): the
//! floor of any isolate on this engine.
//! Run: `cargo bench --bench isolate_start` (bench/compare.sh runs it too);
//! `WORKER=intl` starts a worker that uses Intl at load, `WORKER=node` one with
//! `nodejs_compat` that uses nothing of it, `WORKER=node-buffer` one that uses
//! Buffer at load, `WORKER=node:<name>` one that requires that Node.js module at
//! load (bench/compat.sh runs them); `WORKER=large` one whose module is 1 MB of JS;
//! `WORKER=objects` one with a Durable Object binding, `WORKER=websocket` one that
//! takes `WebSocketPair` at load (the JS of both is evaluated on first use).

use std::sync::Arc;
use std::time::{Duration, Instant};

use worky::bundle::{Bundle, Metadata};
use worky::runtime::{Isolate, IsolateConfig, Limits};

const WORKER: &str = "export default { fetch() { return new Response('Hello World'); } };\n";
/// Formats, sorts and picks a plural form while the module loads: Intl's first use.
const INTL_WORKER: &str = "const price = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(42.5);\n\
    const sorted = ['z', 'a', 'ä'].sort(new Intl.Collator('de').compare).join('');\n\
    const plural = new Intl.PluralRules('ru').select(21);\n\
    export default { fetch() { return new Response(price + sorted + plural); } };\n";
/// Uses `nodejs_compat`'s Buffer (node:buffer's first load) while the module loads.
const BUFFER_WORKER: &str = "const encoded = Buffer.from('hello world').toString('base64');\n\
    export default { fetch() { return new Response(encoded); } };\n";
/// Exports a Durable Object class its binding names: `env.COUNTERS` is made as it starts.
const OBJECTS_WORKER: &str = "import { DurableObject } from 'cloudflare:workers';\n\
    export class Counter extends DurableObject { fetch() { return new Response('1'); } }\n\
    export default { fetch(request, env) { return new Response(String(env.COUNTERS)); } };\n";
/// Takes `WebSocketPair` at load (WebSockets' first use).
const WEBSOCKET_WORKER: &str = "const Pair = WebSocketPair;\n\
    export default { fetch() { const { 0: client, 1: server } = new Pair(); server.accept(); \
    return new Response(null, { status: 101, webSocket: client }); } };\n";
const EMPTY_MAP: &str = r#"{"version":3,"sources":[],"names":[],"mappings":""}"#;

/// About 1 MB of JS in one module, the size of a large real bundle: what an
/// isolate pays for its worker's code rather than for the runtime.
fn large_worker() -> String {
    let mut code = String::new();
    for i in 0..4000 {
        code.push_str(&format!(
            "export function handler{i}(request, env) {{\n  const url = new URL(request.url);\n  \
             const key = \"item-{i}-\" + url.pathname;\n  if (env && env.flag{}) {{ return {{ status: {}, body: \
             key.toUpperCase() }}; }}\n  return {{ status: 404, body: \"not found: \" + key }};\n}}\n",
            i % 7,
            200 + i % 5
        ));
    }
    code + WORKER
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let count: usize = std::env::var("ISOLATES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let mut metadata = Metadata::new("bench", Limits::default().into());
    let worker = std::env::var("WORKER").unwrap_or_default();
    // What a bundled `import "node:<name>"` becomes (bundle/node_modules.rs).
    let requiring = worker
        .strip_prefix("node:")
        .map(|name| format!("globalThis[Symbol.for(\"worky.node\")](\"{name}\");\n{WORKER}"));
    let (code, description, node) = match (worker.as_str(), &requiring) {
        ("intl", _) => (INTL_WORKER.to_string(), "uses Intl at load".to_string(), false),
        ("node", _) => (WORKER.to_string(), "hello world with nodejs_compat".to_string(), true),
        ("node-buffer", _) => (BUFFER_WORKER.to_string(), "nodejs_compat, uses Buffer at load".to_string(), true),
        (_, Some(code)) => (code.clone(), format!("nodejs_compat, requires {worker} at load"), true),
        _ => (WORKER.to_string(), "hello world".to_string(), false),
    };
    let (code, description) = match worker.as_str() {
        "large" => (large_worker(), "a 1 MB module (4,000 small exported functions)".to_string()),
        "objects" => (OBJECTS_WORKER.to_string(), "a Durable Object binding".to_string()),
        "websocket" => (WEBSOCKET_WORKER.to_string(), "takes WebSocketPair at load".to_string()),
        _ => (code, description),
    };
    if worker == "objects" {
        metadata.bindings.durable_objects = vec![worky::bundle::DurableObjectBinding {
            name: "COUNTERS".into(),
            class_name: "Counter".into(),
            sqlite: false,
            namespace: None,
            script_name: None,
        }];
    }
    if node {
        metadata.compatibility_flags = vec!["nodejs_compat".to_string()];
    }
    println!("worker: {description}");
    let bundle = Arc::new(Bundle::new(metadata, code.as_str().into(), EMPTY_MAP.into(), vec![]));
    let isolate_config = IsolateConfig {
        bundle,
        specifier: "file:///bench/worker.js".parse().unwrap(),
        env: serde_json::json!({}),
        limits: Default::default(),
        kv: None,
        grace: std::time::Duration::from_secs(30),
        // What serve gives an isolate: building its permissions is part of the start.
        egress: worky::runtime::Egress::internal_denied(None, Vec::new(), &[]),
        objects_dir: None,
        objects: Default::default(),
        cache: None,
        assets: None,
        d1: None,
        services: None,
        r2: None,
        queues: None,
        hyperdrive: Vec::new(),
        analytics: None,
        workflows: None,
        rate_limits: None,
        email_outbox: None,
        request_cf: None,
        dynamic: None,
        secrets_store: Vec::new(),
    };
    let snapshot = std::env::var_os("WORKY_SNAPSHOT").is_none_or(|v| v != "0");
    if snapshot {
        assert!(worky::runtime::snapshot::wait_until_ready(Duration::from_secs(120)), "no startup snapshot");
    }
    println!("startup snapshot: {}", if snapshot { "yes" } else { "no (WORKY_SNAPSHOT=0)" });
    runtime.block_on(async {
        // The first isolate in a process pays one-time engine setup; report it apart.
        let started = Instant::now();
        let first = Isolate::start(isolate_config.clone(), Default::default()).await.expect("isolate starts");
        let first_time = started.elapsed();
        // Count from a settled stock (its next blank warmed).
        tokio::time::sleep(Duration::from_millis(200)).await;
        let before = rss_kib();
        let in_use_before = malloc_in_use();
        let cpu_before = process_cpu();
        let mut isolates = vec![first];
        let mut times = Vec::with_capacity(count);
        for _ in 0..count {
            // Give the process's next warm blank isolate time to come up, as it has
            // between a pool's isolate starts in practice.
            tokio::time::sleep(Duration::from_millis(150)).await;
            let started = Instant::now();
            isolates.push(Isolate::start(isolate_config.clone(), Default::default()).await.expect("isolate starts"));
            times.push(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let cpu = process_cpu() - cpu_before;
        let after = rss_kib();
        let in_use_after = malloc_in_use();
        times.sort();
        let mean = times.iter().sum::<Duration>() / count as u32;
        println!("isolate start (first in process): {:.1} ms", first_time.as_secs_f64() * 1e3);
        println!(
            "isolate start ({count} more): mean {:.1} ms, median {:.1} ms, max {:.1} ms",
            mean.as_secs_f64() * 1e3,
            times[count / 2].as_secs_f64() * 1e3,
            times[count - 1].as_secs_f64() * 1e3
        );
        // The start above is the worker's part; making the blank isolate it took
        // (and the one that replaces it, in the background) is most of the CPU.
        println!(
            "CPU per isolate start, the stock's next blank isolate included: {:.1} ms",
            cpu.as_secs_f64() * 1e3 / count as f64
        );
        println!(
            "memory per idle isolate: {:.1} MB (RSS delta over {count} isolates), {:.4} MB in use by malloc",
            (after - before) as f64 / 1024.0 / count as f64,
            in_use_after.saturating_sub(in_use_before) as f64 / 1048576.0 / count as f64
        );
        drop(isolates);
        churn(&isolate_config, count).await;
    });
    bare_runtime_floor(count);
}

/// CPU time of the whole process so far.
fn process_cpu() -> Duration {
    let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: the out-pointer is valid.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut time) };
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// Bytes malloc counts as in use (glibc), plus the engine's heap pages, which
/// it maps itself: unlike RSS, it does not hide a leak in arena slack nor count
/// freed memory a thread's arena keeps.
fn malloc_in_use() -> usize {
    // SAFETY: mallinfo2 only reads the allocator's counters.
    let info = unsafe { libc::mallinfo2() };
    info.uordblks + info.hblkhd + worky::runtime::heap_page_bytes()
}

/// What an isolate leaves behind when it ends: rounds of `count` isolates started
/// and dropped, malloc's bytes in use compared across rounds (the first round
/// warms up one-time state: the engine, the warm blank isolate stock).
async fn churn(config: &IsolateConfig, count: usize) {
    async fn round(config: &IsolateConfig, count: usize) {
        let mut isolates = Vec::with_capacity(count);
        for _ in 0..count {
            tokio::time::sleep(Duration::from_millis(50)).await;
            isolates.push(Isolate::start(config.clone(), Default::default()).await.expect("isolate starts"));
        }
        drop(isolates);
        // Isolate threads end (and trim) asynchronously.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    const ROUNDS: usize = 3;
    round(config, count).await;
    let before = malloc_in_use();
    let cpu_before = process_cpu();
    for _ in 0..ROUNDS {
        round(config, count).await;
    }
    let cpu = process_cpu() - cpu_before;
    let grown = malloc_in_use().saturating_sub(before);
    println!(
        "CPU per isolate start while others end, the next blank and the ending included: {:.1} ms",
        cpu.as_secs_f64() * 1e3 / (ROUNDS * count) as f64
    );
    println!(
        "memory left behind per ended isolate: {:.1} KB (malloc in use after {ROUNDS} rounds of {count})",
        grown as f64 / 1024.0 / (ROUNDS * count) as f64
    );
}

/// Memory of `count` bare `JsRuntime`s (deno_core's own JS only) on this thread.
fn bare_runtime_floor(count: usize) {
    let before = rss_kib();
    let runtimes: Vec<_> =
        (0..count).map(|_| deno_core::JsRuntime::new(deno_core::RuntimeOptions::default())).collect();
    let after = rss_kib();
    let mut first = runtimes.into_iter().next().expect("count > 0");
    let heap = first.v8_isolate().get_heap_statistics().total_heap_size();
    println!(
        "bare deno_core runtime, for scale: {:.1} MB per runtime (RSS delta over {count}), engine heap {:.1} MB",
        (after - before) as f64 / 1024.0 / count as f64,
        heap as f64 / 1024.0 / 1024.0
    );
}
