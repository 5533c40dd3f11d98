//! The worker runtime: one `Isolate` is a deno_core `JsRuntime` on its own OS
//! thread (a `JsRuntime` is `!Send`) with a current-thread tokio runtime. The
//! HTTP side hands it `WorkerRequest`s over a channel; JS pulls them with an
//! async op (`runtime_js/bootstrap.js`), so one isolate serves many requests
//! concurrently by async interleaving, as Workers does.

mod engine;
mod extensions;
mod isolate;
mod kv_ops;
mod loader;
mod ops;
pub mod snapshot;
mod watchdog;

use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot};

pub use engine::VERSION;
pub use isolate::{Isolate, IsolateConfig, StartError};

/// A request on its way into an isolate.
pub struct WorkerRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: RequestBody,
    /// Reading past this many body bytes fails (and the answer becomes 413).
    pub max_body_bytes: u64,
    /// `Some(cron)`: run the `scheduled` handler instead of `fetch` (dev's `/__scheduled`).
    pub scheduled: Option<String>,
    pub reply: oneshot::Sender<WorkerReply>,
}

/// Requests handed to an isolate and not finished (queued or in flight), shared
/// by the pool, which picks the least loaded isolate, and the isolate, which
/// counts them down and wakes dispatchers waiting for capacity.
pub struct Load {
    count: std::sync::atomic::AtomicUsize,
    freed: Arc<tokio::sync::Notify>,
}

impl Load {
    /// `freed` is notified whenever a request finishes (one per pool).
    pub fn new(freed: Arc<tokio::sync::Notify>) -> Load {
        Load { count: Default::default(), freed }
    }

    pub fn get(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn add(&self) {
        self.count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn finish(&self, requests: usize) {
        if requests > 0 {
            self.count.fetch_sub(requests, std::sync::atomic::Ordering::SeqCst);
            self.freed.notify_waiters();
        }
    }
}

/// Reads and discards what is left of a request body we will not use (up to
/// `max_bytes`, for at most a few seconds), so the client can finish sending and
/// read our answer instead of seeing the connection reset.
pub fn drain_body_in_background(mut body: axum::body::Body, max_bytes: u64) {
    use http_body_util::BodyExt;
    tokio::spawn(async move {
        let drain = async {
            let mut read = 0u64;
            while let Some(Ok(frame)) = body.frame().await {
                read += frame.data_ref().map_or(0, |data| data.len() as u64);
                if read > max_bytes {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain).await;
    });
}

/// Draining an oversized body stops after this much.
pub const MAX_DRAIN_BYTES: u64 = 16 << 20;

impl WorkerRequest {
    /// Gives an untouched request back to its sender (the isolate is going away
    /// before it started on it), to be dispatched to another isolate.
    pub fn send_back(mut self) {
        let (placeholder, _) = oneshot::channel();
        let reply = std::mem::replace(&mut self.reply, placeholder);
        let _ = reply.send(WorkerReply::Retry(Box::new(self)));
    }
}

/// A request body as the isolate gets it.
pub enum RequestBody {
    /// GET, HEAD, an empty POST.
    Empty,
    /// A small body the server read ahead: the worker gets it without a stream.
    Full(Bytes),
    /// Anything else, read chunk by chunk as the worker asks.
    Stream(axum::body::Body),
}

/// What the isolate answers to one request.
pub enum WorkerReply {
    Response(WorkerResponse),
    /// The handler failed; the server decides how much of this the client sees.
    Error(WorkerError),
    /// Not started: dispatch it again (its `reply` must be replaced first).
    Retry(Box<WorkerRequest>),
}

pub struct WorkerResponse {
    pub status: u16,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: ResponseBody,
}

pub enum ResponseBody {
    Empty,
    Full(Bytes),
    /// Chunks as the worker's ReadableStream yields them; an `Err` aborts the response.
    Stream(mpsc::Receiver<Result<Bytes, std::io::Error>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The handler threw or its promise rejected.
    Exception,
    /// The handler returned something that is not a Response.
    NotAResponse,
    /// The module has no usable handler for this event.
    NoHandler,
    /// The isolate went away before answering (crashed, shut down).
    IsolateGone,
    /// A resource limit stopped the isolate (CPU, memory).
    LimitExceeded,
    /// No response head within the wall-clock limit.
    Timeout,
    /// The request body is larger than allowed.
    BodyTooLarge,
}

#[derive(Debug, Clone)]
pub struct WorkerError {
    pub kind: ErrorKind,
    pub message: String,
    /// Source-mapped stack trace, if there is one.
    pub stack: Option<String>,
}

impl WorkerError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> WorkerError {
        WorkerError { kind, message: message.into(), stack: None }
    }

    pub fn isolate_gone(reason: impl Into<String>) -> WorkerError {
        WorkerError::new(ErrorKind::IsolateGone, reason)
    }

    pub fn limit_exceeded(reason: impl Into<String>) -> WorkerError {
        WorkerError::new(ErrorKind::LimitExceeded, reason)
    }
}
