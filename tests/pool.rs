//! The pool: growth with overlapping requests and retirement of idle isolates (through the
//! library), and recovery from a pool whose every isolate died (through `worky dev`).

mod common;

use std::sync::Arc;
use std::time::Duration;

use worky::bundle::{Bundle, Metadata};
use worky::runtime::{Handled, IsolateConfig, Limits, Pool, PoolSettings, WorkerRequest};

const WORKER: &str =
    "export default { async fetch() { await new Promise((r) => setTimeout(r, 300)); return new Response('ok'); } };\n";
const EMPTY_MAP: &str = r#"{"version":3,"sources":[],"names":[],"mappings":""}"#;

fn config() -> IsolateConfig {
    let metadata = Metadata::new("pool", Limits::default().into());
    let bundle = Bundle::new(metadata, WORKER.into(), EMPTY_MAP.into(), vec![]);
    IsolateConfig {
        bundle: Arc::new(bundle),
        specifier: "file:///pool/worker.js".parse().unwrap(),
        env: serde_json::json!({}),
        limits: Default::default(),
        kv: None,
        grace: std::time::Duration::from_secs(30),
        egress: worky::runtime::Egress::open(),
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
    }
}

/// Sends a request and returns its answer to come (the request is in the pool once this returns).
async fn request(pool: &Arc<Pool>) -> tokio::task::JoinHandle<Handled> {
    let request = WorkerRequest::new("GET", "http://pool.test/".into());
    let pool = pool.clone();
    let answer = tokio::spawn(async move { pool.run(request).await });
    // Let the request reach an isolate before the caller looks at the pool.
    tokio::time::sleep(Duration::from_millis(20)).await;
    answer
}

async fn wait_for_size(pool: &Pool, size: usize) -> usize {
    for _ in 0..200 {
        if pool.size() == size {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    pool.size()
}

#[tokio::test(flavor = "multi_thread")]
async fn grows_with_overlapping_requests_and_retires_idle_isolates() {
    let settings = PoolSettings {
        min_isolates: 1,
        max_isolates: 3,
        max_concurrent_requests: 1,
        idle_timeout_s: 1,
        grace_s: 30,
        ..Default::default()
    };
    let pool = Arc::new(Pool::start(config(), settings).await.expect("pool starts"));
    // The minimum, and no spare while nothing overlaps.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(pool.size(), 1);
    let alone = request(&pool).await;
    assert!(matches!(alone.await.unwrap().outcome, Ok(r) if r.status == 200));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(pool.size(), 1, "one request at a time needs no second isolate");

    // The only isolate is full (max_concurrent_requests = 1): a second starts
    // for the request that waits, and a third for the one after.
    let first = request(&pool).await;
    let second = request(&pool).await;
    let third = request(&pool).await;
    assert_eq!(wait_for_size(&pool, 3).await, 3);
    for answer in [first, second, third] {
        assert!(matches!(answer.await.unwrap().outcome, Ok(r) if r.status == 200));
    }

    // Idle past the timeout: back to the minimum.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(wait_for_size(&pool, 1).await, 1);
}

/// At the cap (one isolate, one request at a time) requests wait their turn, and
/// each finished request wakes the next: a dispatch registers to wait only when
/// it finds no room, and a finish wakes only while one waits (inbox::Freed), so
/// a wake-up lost between the two would leave a request waiting for ever.
#[tokio::test(flavor = "multi_thread")]
async fn at_the_cap_each_finished_request_wakes_the_next() {
    let settings = PoolSettings {
        min_isolates: 1,
        max_isolates: 1,
        max_concurrent_requests: 1,
        idle_timeout_s: 60,
        grace_s: 30,
        ..Default::default()
    };
    let pool = Arc::new(Pool::start(config(), settings).await.expect("pool starts"));
    let began = std::time::Instant::now();
    let answers: Vec<_> = (0..5)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(WorkerRequest::new("GET", "http://pool.test/".into())).await })
        })
        .collect();
    for (i, answer) in answers.into_iter().enumerate() {
        let handled = tokio::time::timeout(Duration::from_secs(20), answer)
            .await
            .unwrap_or_else(|_| panic!("request {i} was never woken"))
            .unwrap();
        assert!(matches!(handled.outcome, Ok(r) if r.status == 200), "request {i}");
    }
    // One at a time: five of the worker's 300 ms, not one.
    assert!(began.elapsed() >= Duration::from_millis(1400), "{:?}", began.elapsed());
    assert_eq!(pool.size(), 1);
}

/// After every isolate was stopped by a limit, a burst of requests starts one
/// isolate (as many as `max_isolates` allows), not one per request.
#[test]
fn a_burst_after_every_isolate_died_starts_one_isolate() {
    let dir = common::project(&[
        ("worky.toml", "name = \"burst\"\nmain = \"src/index.ts\"\n"),
        (
            "src/index.ts",
            "const isolate = crypto.randomUUID();\n\
             export default { fetch(req: Request) {\n\
               if (new URL(req.url).pathname === '/spin') { while (true) {} }\n\
               return new Response(isolate);\n\
             } };\n",
        ),
    ]);
    let dev = common::Dev::start(dir.path(), &["--max-isolates", "1", "--cpu-ms", "50"]);
    let before = dev.get("/").body;
    assert_eq!(dev.get("/spin").status, 503, "the only isolate is stopped by the CPU limit");
    let replies = common::get_concurrently(&dev.url, (0..12).map(|_| "/".to_string()));
    let mut isolates: Vec<&str> = replies.iter().map(|reply| reply.body.as_str()).collect();
    assert!(replies.iter().all(|reply| reply.status == 200), "{replies:?}");
    isolates.sort();
    isolates.dedup();
    assert_eq!(isolates.len(), 1, "one new isolate served the whole burst: {isolates:?}");
    assert_ne!(isolates[0], before, "a new isolate, not the stopped one");
}

const COUNTING: &str = r#"
let count = 0;
export default {
  fetch(request) {
    if (request.headers.get("upgrade") === "websocket") {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.addEventListener("message", (event) => server.send(`echo ${event.data}`));
      return new Response(null, { status: 101, webSocket: client });
    }
    count += 1;
    return new Response(String(count));
  },
};
"#;

/// `[pool] idle_unload_s`: a deployment with no request for that long holds
/// no isolate; the next request wakes it on a new isolate (module state starts
/// again, as on Workers); a WebSocket held open keeps it loaded.
#[test]
fn an_idle_deployment_unloads_and_wakes_on_its_next_request() {
    use common::*;
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", COUNTING);
    let extra = format!("[pool]\nidle_unload_s = 1\n{}", deployment("shop", "1.0.0", "shop.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let isolates = || serve.isolates("shop");
    let wait_for = |wanted: u64| {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        while isolates() != wanted && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        isolates()
    };
    assert_eq!(serve.get("/", Some("shop.test")).body, "1");
    assert_eq!(serve.get("/", Some("shop.test")).body, "2");
    assert!(isolates() >= 1);
    assert_eq!(wait_for(0), 0, "unloaded after a second without requests");
    assert!(serve.log_with(&["shop@1.0.0 unloaded"]).contains("no request for 1 s"));
    // Woken on a new isolate: its module state starts again.
    assert_eq!(serve.get("/", Some("shop.test")).body, "1");
    assert_eq!(serve.get("/", Some("shop.test")).body, "2");

    // A WebSocket held open keeps it loaded past the idle time.
    use tungstenite::client::IntoClientRequest;
    let mut request = serve.url.replace("http://", "ws://").into_client_request().unwrap();
    request.headers_mut().insert("host", "shop.test".parse().unwrap());
    let stream = std::net::TcpStream::connect(serve.url.trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (mut socket, response) = tungstenite::client(request, stream).unwrap();
    assert_eq!(response.status(), 101);
    std::thread::sleep(Duration::from_millis(3_000));
    assert!(isolates() >= 1, "a held WebSocket keeps the deployment loaded");
    socket.send(tungstenite::Message::text("still here")).unwrap();
    assert_eq!(socket.read().unwrap().into_text().unwrap().as_str(), "echo still here");
    socket.close(None).unwrap();
    while socket.read().is_ok() {}
    assert_eq!(wait_for(0), 0, "unloaded once the WebSocket closed");
    assert_eq!(serve.get("/", Some("shop.test")).body, "1");
}

/// `[pool] min_isolates = 0`: deployments start no isolate until their first
/// request, so a host's memory goes to the deployments in use; a worker that
/// cannot start is found by its first request (503, the reason logged).
#[test]
fn with_no_minimum_a_deployment_starts_its_isolate_on_its_first_request() {
    use common::*;
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", "", COUNTING);
    pack_worker(&publisher, packages.path(), "blog", "1.0.0", "", COUNTING);
    pack_worker(
        &publisher,
        packages.path(),
        "broken",
        "1.0.0",
        "",
        "throw new Error('cannot start');\nexport default {};\n",
    );
    let extra = format!(
        "[pool]\nmin_isolates = 0\n{}{}{}",
        deployment("shop", "1.0.0", "shop.test"),
        deployment("blog", "1.0.0", "blog.test"),
        deployment("broken", "1.0.0", "broken.test")
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let isolates = |name: &str| serve.isolates(name);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!((isolates("shop"), isolates("blog"), isolates("broken")), (0, 0, 0), "none before a request");
    assert_eq!(serve.get("/", Some("shop.test")).body, "1");
    assert_eq!(serve.get("/", Some("shop.test")).body, "2");
    assert!(isolates("shop") >= 1);
    assert_eq!(isolates("blog"), 0, "a deployment nobody asked holds nothing");
    let broken = serve.get("/", Some("broken.test"));
    assert_eq!(broken.status, 503, "{}", broken.body);
    assert!(serve.log_with(&["cannot start"]).contains("cannot start"));
}

/// A burst of wake-ups grows the process's stock of warm blank isolates (each start
/// that finds none warm raises its target, up to 4), and once they stop, the stock
/// shrinks back to one blank (10 s without such a miss), so its memory (~3 MB a
/// blank) goes back too.
#[test]
fn a_burst_of_wake_ups_grows_the_blank_stock_and_it_shrinks_back_after() {
    use common::*;
    const DEPLOYMENTS: usize = 12;
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut extra = String::from("[pool]\nmin_isolates = 0\nidle_timeout_s = 600\n");
    for app in 0..DEPLOYMENTS {
        pack_worker(&publisher, packages.path(), &format!("app{app}"), "1.0.0", "", COUNTING);
        extra += &deployment(&format!("app{app}"), "1.0.0", &format!("app{app}.test"));
    }
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    std::thread::scope(|scope| {
        for app in 0..DEPLOYMENTS {
            let serve = &serve;
            scope.spawn(move || assert_eq!(serve.get("/", Some(&format!("app{app}.test"))).body, "1"));
        }
    });
    let blanks = || isolate_threads(serve.pid()).len() - DEPLOYMENTS;
    let waited = |check: &dyn Fn(usize) -> bool, timeout: Duration| {
        let deadline = std::time::Instant::now() + timeout;
        while !check(blanks()) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        blanks()
    };
    let grown = waited(&|blanks| blanks >= 2, Duration::from_secs(3));
    assert!((2..=4).contains(&grown), "{grown} blank isolates after the burst");
    assert_eq!(waited(&|blanks| blanks == 1, Duration::from_secs(20)), 1, "the stock shrank back");
    assert_eq!(serve.get("/", Some("app0.test")).body, "2", "the awake deployments stayed");
}
