//! What the runtime has to report that is not the answer to a request: an
//! isolate discarded, an exception nobody caught, a snapshot not cached. The
//! runtime prints nothing; the host installs a handler that turns these into
//! terminal lines (dev) or log records (serve).

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use super::console::{RATE_BYTES_PER_S, Stream};
use super::protocol::IsolateId;

#[derive(Debug, Clone)]
pub enum Event {
    /// A limit stopped an isolate; its in-flight requests got the error.
    IsolateDiscarded { worker: Arc<str>, isolate: IsolateId, reason: String },
    /// A stopped isolate still runs JS seconds later: a native operation that
    /// never looks at the engine's interrupt flag (a sort of a huge array), and
    /// its thread cannot be ended before that operation does.
    IsolateStuck { worker: Arc<str>, seconds: u64 },
    /// An exception or rejection no handler caught (the isolate keeps serving).
    UncaughtException { worker: Arc<str>, isolate: IsolateId, message: String },
    /// A spare isolate could not start (the ones running keep serving).
    SpareNotStarted { worker: Arc<str>, error: String },
    /// The startup snapshot could not be made; isolates start without it.
    SnapshotNotMade { reason: String },
    /// The snapshot was made but not written to the cache.
    SnapshotNotCached { path: PathBuf, error: String },
    /// The snapshot cache is not the user's alone; it is not loaded.
    SnapshotNotTrusted { path: PathBuf, reason: String },
    /// A worker's `console` output: one call's text, as the worker wrote it.
    Console { worker: Arc<str>, stream: Stream, text: String },
    /// Console lines of a worker that were dropped: over its budget, or the
    /// host's output fell behind.
    ConsoleDropped { worker: Arc<str>, lines: u64 },
    /// Durable Object state (storage, the alarm index) could not be read or written.
    ObjectStateFailed { error: String },
    /// A worker's `fetch()` in a traced request has its answer: its span, for a
    /// host that exports spans (the others ignore it).
    SubrequestSpan(Box<SubrequestSpan>),
}

/// A finished outbound `fetch()` as a child span of its request.
#[derive(Debug, Clone)]
pub struct SubrequestSpan {
    /// `name@version`.
    pub worker: Arc<str>,
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
    /// The request's span.
    pub parent_id: [u8; 8],
    pub sampled: bool,
    pub method: String,
    /// 0: no answer (refused, failed).
    pub status: u16,
    pub start: std::time::SystemTime,
    pub end: std::time::SystemTime,
}

impl Event {
    /// Errors are worth an operator's attention; the rest are warnings.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Event::IsolateDiscarded { .. }
                | Event::UncaughtException { .. }
                | Event::IsolateStuck { .. }
                | Event::ObjectStateFailed { .. }
        )
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Event::IsolateDiscarded { worker, reason, .. } => write!(f, "worker {worker}: {reason}; isolate discarded"),
            Event::UncaughtException { message, .. } => write!(f, "uncaught exception in worker: {message}"),
            Event::IsolateStuck { worker, seconds } => write!(
                f,
                "worker {worker}: its isolate still runs JavaScript {seconds} s after it was stopped (a native \
                 operation the engine does not interrupt); its thread cannot be ended from inside the process"
            ),
            Event::SpareNotStarted { error, .. } => write!(f, "could not start a spare isolate: {error}"),
            Event::SnapshotNotMade { reason } => write!(f, "startup snapshot not made: {reason}"),
            Event::SnapshotNotCached { path, error } => {
                write!(f, "cannot cache the startup snapshot at {}: {error}", path.display())
            }
            Event::SnapshotNotTrusted { path, reason } => {
                write!(f, "not loading the startup snapshot {}: {reason}", path.display())
            }
            Event::Console { text, .. } => f.write_str(text.strip_suffix('\n').unwrap_or(text)),
            Event::ConsoleDropped { worker, lines } => write!(
                f,
                "worker {worker}: {lines} console lines dropped (over 256 KiB/s for a request or {} KiB/s for an \
                 isolate, or the output fell behind)",
                RATE_BYTES_PER_S as u64 / 1024
            ),
            Event::ObjectStateFailed { error } => write!(f, "Durable Object state: {error}"),
            Event::SubrequestSpan(span) => write!(f, "worker {}: a fetch() answered {}", span.worker, span.status),
        }
    }
}

type Handler = Arc<dyn Fn(&Event) + Send + Sync>;

static HANDLER: RwLock<Option<Handler>> = RwLock::new(None);

/// Where events go from now on (one handler per process: the host's).
pub fn set_handler(handler: impl Fn(&Event) + Send + Sync + 'static) {
    *HANDLER.write().expect("events lock") = Some(Arc::new(handler));
}

/// Reports `event` to the handler; without one (a library user) it is dropped.
pub(crate) fn emit(event: Event) {
    let handler = HANDLER.read().expect("events lock").clone();
    if let Some(handler) = handler {
        handler(&event);
    }
}
