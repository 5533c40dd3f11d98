//! Live tail of a deployment (`worky tail NAME`, like `wrangler tail`): each
//! request's outcome, the worker's console output and its uncaught exceptions
//! (stacks mapped to the original source), as JSON events on a Server-Sent
//! Events stream of the admin API (`GET /__worky/deployments/{name}/tail`).
//! Events go through a broadcast channel that never waits: a tailer that falls
//! behind is dropped, the worker is never slowed, and nothing is built while
//! nobody tails.

use std::convert::Infallible;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use serde::Serialize;
use tokio::sync::broadcast;

/// Events a tailer may fall behind by before it is dropped.
const BACKLOG: usize = 4096;

static TAIL: LazyLock<broadcast::Sender<TailEvent>> = LazyLock::new(|| broadcast::channel(BACKLOG).0);

/// One event of a deployment's tail.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TailEvent {
    /// A request answered.
    Request {
        deployment: String,
        version: String,
        method: String,
        path: String,
        status: u16,
        /// "ok", or what went wrong: "exception", "exceededResources", "timeout", ...
        outcome: String,
        duration_ms: f64,
        /// CPU time the worker spent on it up to its response head.
        #[serde(skip_serializing_if = "Option::is_none")]
        cpu_ms: Option<f64>,
        /// The worker's error, its stack mapped to the original source.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        timestamp: u64,
    },
    /// A `console` call of the worker.
    Console { deployment: String, level: &'static str, message: String, timestamp: u64 },
    /// An exception or rejection no handler caught.
    Exception { deployment: String, message: String, timestamp: u64 },
}

impl TailEvent {
    fn deployment(&self) -> &str {
        match self {
            TailEvent::Request { deployment, .. }
            | TailEvent::Console { deployment, .. }
            | TailEvent::Exception { deployment, .. } => deployment,
        }
    }
}

/// Whether anyone tails: events are built only then.
pub fn tailing() -> bool {
    TAIL.receiver_count() > 0
}

pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Hands `event` to the tailers (none: it goes nowhere).
pub fn publish(event: TailEvent) {
    let _ = TAIL.send(event);
}

/// The deployment of a worker label (`name@version`).
pub fn deployment_of(worker: &str) -> &str {
    worker.split('@').next().unwrap_or(worker)
}

/// `deployment`'s events as an SSE stream; it ends when the tailer falls behind.
pub fn stream(deployment: String) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = TAIL.subscribe();
    let events = futures::stream::unfold((receiver, false), move |(mut receiver, hello)| {
        let deployment = deployment.clone();
        async move {
            if !hello {
                let connected = serde_json::json!({ "type": "connected", "deployment": deployment });
                return Some((Ok(Event::default().data(connected.to_string())), (receiver, true)));
            }
            loop {
                match receiver.recv().await {
                    Ok(event) if event.deployment() == deployment => {
                        let data = serde_json::to_string(&event).unwrap_or_default();
                        return Some((Ok(Event::default().data(data)), (receiver, true)));
                    }
                    Ok(_) => continue,
                    // Fallen behind, or the host is stopping: this tailer goes.
                    Err(_) => return None,
                }
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
