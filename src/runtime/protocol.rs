//! What crosses between a front (the HTTP server, the cron scheduler) and a
//! worker: plain data and byte streams, no HTTP library types. A front holds a
//! `dyn Worker`; today that is a `Pool` in this process, and a pool in another
//! process would implement the same trait without the front changing.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures::Stream;
use tokio::sync::mpsc;

use super::objects::{ObjectCall, Rpc};
use super::queues::{Backlog, Delivery};
use super::settings::Limits;
use super::websocket::WebSocketEnd;
use super::workflows::Run;
use crate::bundle::Bundle;

/// A request body arriving chunk by chunk; an `Err` ends it with that message
/// (the front's reading failed, or it cut the body off at its size limit).
pub type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

/// Where `wrangler dev` takes a message for a worker's `email` handler.
pub const EMAIL_HANDLER_PATH: &str = "/cdn-cgi/handler/email";

/// Identifies an isolate in events and logs (unique in this process).
pub type IsolateId = u64;

/// A request on its way into a worker.
pub struct WorkerRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: RequestBody,
    /// `Some(cron)`: run the `scheduled` handler instead of `fetch`.
    pub scheduled: Option<String>,
    /// Run the `email` handler instead of `fetch`: the body is the raw
    /// message, the URL's `from` and `to` its envelope (as wrangler dev's
    /// `/cdn-cgi/handler/email` takes them).
    pub email: bool,
    /// `Some`: for a Durable Object, not the worker's own handler.
    pub object: Option<Box<ObjectCall>>,
    /// `Some(batch)`: run the `queue` handler with a queue's messages instead of `fetch`.
    pub queue: Option<Box<QueueBatch>>,
    /// `Some`: a service binding's call to a named export, or a JS RPC call.
    pub entrypoint: Option<Box<EntrypointCall>>,
    /// `Some`: run a Workflow instance's `run(event, step)` (host/workflows.rs).
    pub workflow: Option<Box<WorkflowRun>>,
    /// The client's IP address (`request.cf.clientIp`), for a request from outside.
    pub client_ip: Option<String>,
    /// The `traceparent` its outbound `fetch()`es carry (W3C Trace Context).
    pub traceparent: Option<String>,
}

impl WorkerRequest {
    /// A request with no headers, no body and nothing special, for the
    /// constructors below and the struct-update syntax (`..WorkerRequest::new(..)`).
    pub fn new(method: &str, url: String) -> WorkerRequest {
        WorkerRequest {
            method: method.into(),
            url,
            headers: Vec::new(),
            body: RequestBody::Empty,
            scheduled: None,
            email: false,
            object: None,
            queue: None,
            entrypoint: None,
            workflow: None,
            client_ip: None,
            traceparent: None,
        }
    }

    /// The request that runs a worker's `scheduled` handler for `cron`.
    pub fn scheduled(name: &str, cron: &str) -> WorkerRequest {
        let url = format!("http://{name}.worky/__scheduled");
        WorkerRequest { scheduled: Some(cron.to_string()), ..WorkerRequest::new("GET", url) }
    }

    /// The request that runs a worker's `email` handler with the message
    /// `raw`, its envelope in `query` (`from=...&to=...`, URL-encoded).
    pub fn email(name: &str, query: &str, raw: Bytes) -> WorkerRequest {
        let request = WorkerRequest::new("POST", format!("http://{name}.worky{EMAIL_HANDLER_PATH}?{query}"));
        WorkerRequest { email: true, body: RequestBody::Full(raw), ..request }
    }

    /// The request that runs a worker's `queue` handler with `batch`.
    pub fn queue(name: &str, batch: QueueBatch) -> WorkerRequest {
        WorkerRequest {
            queue: Some(Box::new(batch)),
            ..WorkerRequest::new("GET", format!("http://{name}.worky/__queue"))
        }
    }

    /// The request that runs one run of a Workflow instance.
    pub fn workflow(name: &str, run: WorkflowRun) -> WorkerRequest {
        let url = format!("http://{name}.worky/__workflow");
        WorkerRequest { workflow: Some(Box::new(run)), ..WorkerRequest::new("GET", url) }
    }
}

/// A call through a service binding that is not a plain `fetch` of the
/// default export.
#[derive(Debug, Clone)]
pub struct EntrypointCall {
    /// The export (`None`: the default export).
    pub export: Option<String>,
    /// `None`: its `fetch`; otherwise a JS RPC call, its arguments the body.
    pub rpc: Option<Rpc>,
    /// `Some(n)`: a call through a stub, to object `n` this isolate lent out
    /// (runtime/stubs.rs), not to an export.
    pub lent: Option<u64>,
    /// `ctx.props` of the entrypoint (structured-clone bytes), as a Dynamic
    /// Worker's `getEntrypoint(name, { props })` gives them.
    pub props: Option<bytes::Bytes>,
}

/// Messages of one queue for a worker's `queue` handler.
#[derive(Debug, Clone)]
pub struct QueueBatch {
    pub queue: String,
    pub messages: Vec<Delivery>,
    /// The queue's backlog once these were taken (`batch.metadata.metrics`).
    pub backlog: Backlog,
}

/// One run of a Workflow instance: the class that runs it, which workflow
/// (as its binding names it) and what the instance recorded so far.
#[derive(Debug, Clone)]
pub struct WorkflowRun {
    pub class_name: String,
    pub workflow: String,
    /// The most steps an instance may run.
    pub step_limit: u32,
    pub run: Run,
}

/// A request body as the isolate gets it.
pub enum RequestBody {
    /// GET, HEAD, an empty POST.
    Empty,
    /// A small body the front read ahead: the worker gets it without a stream.
    Full(Bytes),
    /// Anything else, read chunk by chunk as the worker asks.
    Stream(BodyStream),
}

pub struct WorkerResponse {
    pub status: u16,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: ResponseBody,
    /// The body is already in its `content-encoding` (`encodeBody: "manual"`);
    /// otherwise the front compresses it (http/encoding.rs).
    pub encoded: bool,
    /// CPU time the isolate spent on this request up to its response head (see
    /// `CpuShares` in ops/http.rs); zero from a response not made by an isolate.
    pub cpu: std::time::Duration,
    /// What a JS RPC result passes by reference (runtime/stubs.rs), in the
    /// order its bytes name them; `None` when its bytes hold nothing but clones.
    pub stubs: Option<Vec<super::stubs::Stub>>,
}

pub enum ResponseBody {
    Empty,
    Full(Bytes),
    /// Chunks as the worker's ReadableStream yields them; an `Err` aborts the response.
    Stream(mpsc::Receiver<Result<Bytes, std::io::Error>>),
    /// A 101 response's WebSocket: the end the worker gave away.
    WebSocket(WebSocketEnd),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// A request that got no response; the front decides how much of it the client sees.
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

/// The answer to one request, and the isolate that gave it (for logs).
pub struct Handled {
    pub isolate: Option<IsolateId>,
    pub outcome: Result<WorkerResponse, WorkerError>,
}

/// A worker as a front sees it.
pub trait Worker: Send + Sync {
    /// The limits the front enforces around each request (wall clock, body size).
    fn limits(&self) -> Limits;
    /// Runs one request to its response head (a streamed body may follow).
    fn handle(&self, request: WorkerRequest) -> Pin<Box<dyn Future<Output = Handled> + Send + '_>>;
    /// The bundle it runs, where the worker has one here (dev error pages read its sources).
    fn bundle(&self) -> Option<Arc<Bundle>> {
        None
    }
}
