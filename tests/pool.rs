//! The pool through the library: growth to a warm spare, retirement of idle isolates.

use std::sync::Arc;
use std::time::Duration;

use worky::bundle::Bundle;
use worky::pool::Pool;
use worky::project::{Config, PoolSettings};
use worky::runtime::{IsolateConfig, WorkerReply, WorkerRequest};

const WORKER: &str =
    "export default { async fetch() { await new Promise((r) => setTimeout(r, 300)); return new Response('ok'); } };\n";
const EMPTY_MAP: &str = r#"{"version":3,"sources":[],"names":[],"mappings":""}"#;

fn config() -> IsolateConfig {
    let bundle =
        Bundle::new(&Config { name: "pool".into(), ..Default::default() }, WORKER.into(), EMPTY_MAP.into(), vec![]);
    IsolateConfig {
        bundle: Arc::new(bundle),
        specifier: "file:///pool/worker.js".parse().unwrap(),
        env: serde_json::json!({}),
        limits: Default::default(),
        kv: None,
    }
}

async fn request(pool: &Pool) -> tokio::sync::oneshot::Receiver<WorkerReply> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    let request = WorkerRequest {
        method: "GET".into(),
        url: "http://pool.test/".into(),
        headers: vec![],
        body: worky::runtime::RequestBody::Empty,
        max_body_bytes: 1 << 20,
        scheduled: None,
        reply,
    };
    pool.dispatch(request).await;
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
async fn grows_a_warm_spare_under_load_and_retires_idle_isolates() {
    let settings = PoolSettings { min_isolates: 1, max_isolates: 3, max_concurrent_requests: 1, idle_timeout_s: 1 };
    let pool = Pool::start(config(), settings).await.expect("pool starts");
    // The minimum plus a warm spare.
    assert_eq!(wait_for_size(&pool, 2).await, 2);

    // Two busy isolates and no idle one: a third starts.
    let first = request(&pool).await;
    let second = request(&pool).await;
    assert_eq!(wait_for_size(&pool, 3).await, 3);
    for answer in [first, second] {
        assert!(matches!(answer.await, Ok(WorkerReply::Response(r)) if r.status == 200));
    }

    // Idle past the timeout: back to the minimum plus the spare.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(wait_for_size(&pool, 2).await, 2);
}
