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
    /// A `send_email` binding kept a message in its outbox (`path`).
    EmailSent { worker: Arc<str>, action: String, from: String, to: Vec<String>, path: String },
    /// A limit stopped an isolate; its in-flight requests got the error.
    IsolateDiscarded { worker: Arc<str>, isolate: IsolateId, cause: Discard, reason: String },
    /// A stopped isolate still runs JS seconds later: a native operation that
    /// never looks at the engine's interrupt flag (a sort of a huge array), and
    /// its thread cannot be ended before that operation does.
    IsolateStuck { worker: Arc<str>, seconds: u64 },
    /// An exception or rejection no handler caught (the isolate keeps serving).
    UncaughtException { worker: Arc<str>, isolate: IsolateId, message: String },
    /// A worker got no request for `idle_s` seconds and holds no isolate now;
    /// its next request starts one.
    WorkerUnloaded { worker: Arc<str>, idle_s: u64 },
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
    /// A call a traced request made (a `fetch()`, a KV operation, a Durable
    /// Object call) has ended: its span, for a host that exports spans (only
    /// made when `spans_wanted`).
    ChildSpan(Box<ChildSpan>),
}

/// Why an isolate was discarded, as metrics label it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discard {
    /// A turn of JS ran past the CPU limit.
    Cpu,
    /// The heap grew past the memory limit.
    Memory,
    /// Its version was replaced and it still had work when the grace period ended.
    Wall,
    /// Its thread panicked (a fault in the engine or in worky, not in the worker).
    Crash,
}

impl Discard {
    pub fn label(self) -> &'static str {
        match self {
            Discard::Cpu => "cpu",
            Discard::Memory => "memory",
            Discard::Wall => "wall",
            Discard::Crash => "crash",
        }
    }
}

/// What a request's child span called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// An outbound `fetch()`: `name` is its method, `status` the answer's (0: none).
    Fetch,
    /// A KV operation: `name` is the operation, `target` the binding.
    Kv,
    /// A Durable Object call: `name` is "fetch" or the RPC member, `target` the class.
    Object,
}

/// A finished call as a child span of its request.
#[derive(Debug, Clone)]
pub struct ChildSpan {
    /// `name@version`.
    pub worker: Arc<str>,
    pub trace_id: [u8; 16],
    pub span_id: [u8; 8],
    /// The request's span.
    pub parent_id: [u8; 8],
    pub sampled: bool,
    pub kind: CallKind,
    pub name: String,
    pub target: String,
    pub status: u16,
    /// It answered (a fetch) or did not throw.
    pub ok: bool,
    pub start: std::time::SystemTime,
    pub end: std::time::SystemTime,
}

static SPANS_WANTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The host exports spans (serve with `otlp_endpoint`): isolates make child spans.
pub fn want_spans() {
    SPANS_WANTED.store(true, std::sync::atomic::Ordering::Relaxed);
}

pub fn spans_wanted() -> bool {
    SPANS_WANTED.load(std::sync::atomic::Ordering::Relaxed)
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
            Event::EmailSent { action, from, to, path, .. } => {
                write!(f, "{action} from {from} to {}, kept in {path}", to.join(", "))
            }
            Event::IsolateDiscarded { worker, reason, .. } => write!(f, "worker {worker}: {reason}; isolate discarded"),
            Event::UncaughtException { message, .. } => write!(f, "uncaught exception in worker: {message}"),
            Event::IsolateStuck { worker, seconds } => write!(
                f,
                "worker {worker}: its isolate still runs JavaScript {seconds} s after it was stopped (a native \
                 operation the engine does not interrupt); its thread cannot be ended from inside the process"
            ),
            Event::SpareNotStarted { error, .. } => write!(f, "could not start a spare isolate: {error}"),
            Event::WorkerUnloaded { worker, idle_s } => {
                write!(f, "{worker} unloaded: no request for {idle_s} s (the next one starts an isolate)")
            }
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
            Event::ChildSpan(span) => write!(f, "worker {}: {:?} {} ended", span.worker, span.kind, span.name),
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
