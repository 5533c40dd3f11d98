//! The worker runtime: one `Isolate` is a deno_core `JsRuntime` on its own OS
//! thread (a `JsRuntime` is `!Send`) with a current-thread tokio runtime. The
//! HTTP side hands it `WorkerRequest`s over a channel; JS pulls them with an
//! async op (`runtime_js/bootstrap.js`), so one isolate serves many requests
//! concurrently by async interleaving, as Workers does.

mod engine;
mod extensions;
mod isolate;
mod loader;
mod ops;
mod watchdog;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot};

pub use engine::VERSION;
pub use isolate::{Isolate, IsolateConfig, StartError};

/// A request on its way into an isolate.
pub struct WorkerRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, Vec<u8>)>,
    /// `None` for requests without a body (GET, HEAD, empty POST).
    pub body: Option<axum::body::Body>,
    /// Reading past this many body bytes fails (and the answer becomes 413).
    pub max_body_bytes: u64,
    pub reply: oneshot::Sender<WorkerReply>,
}

/// What the isolate answers to one request.
pub enum WorkerReply {
    Response(WorkerResponse),
    /// The handler failed; the server decides how much of this the client sees.
    Error(WorkerError),
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
