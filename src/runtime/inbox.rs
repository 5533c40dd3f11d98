//! How requests reach an isolate: the pool sends `Job`s into the isolate's
//! inbox and waits on each job's reply; `Load` counts what an isolate has taken
//! and not finished, so the pool can pick the least loaded one.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::futures::Notified;
use tokio::sync::{Notify, mpsc, oneshot};

use super::protocol::{WorkerError, WorkerRequest, WorkerResponse};

/// One request handed to one isolate.
pub struct Job {
    pub request: WorkerRequest,
    pub reply: oneshot::Sender<Reply>,
}

/// What an isolate answers to a job.
pub enum Reply {
    Response(WorkerResponse),
    Error(WorkerError),
    /// Not started: the isolate is going away; dispatch it again elsewhere.
    Retry(WorkerRequest),
}

impl Job {
    /// Gives an untouched request back to the pool (the isolate is going away
    /// before it started on it), to be dispatched to another isolate.
    pub fn send_back(self) {
        let _ = self.reply.send(Reply::Retry(self.request));
    }
}

/// Where jobs for an isolate arrive; shared with its ops.
#[derive(Clone)]
pub struct Inbox(pub Rc<RefCell<mpsc::UnboundedReceiver<Job>>>);

impl Inbox {
    pub fn new(receiver: mpsc::UnboundedReceiver<Job>) -> Inbox {
        Inbox(Rc::new(RefCell::new(receiver)))
    }

    /// Whether every sender is gone: no job can arrive any more.
    pub fn is_closed(&self) -> bool {
        self.0.borrow().is_closed()
    }

    /// Stops taking jobs and gives back the ones not yet started.
    pub fn close_and_send_back(&self) {
        let mut receiver = self.0.borrow_mut();
        receiver.close();
        while let Ok(job) = receiver.try_recv() {
            job.send_back();
        }
    }
}

/// Wakes a pool's dispatchers that wait for an isolate with room (or for a start
/// to end). A request that finishes wakes them only when one waits: nearly every
/// dispatch finds room at once, and `Notify` takes a lock that every front thread
/// and every isolate thread of the pool would otherwise share on every request
/// (issue #15: what each request shares limits scaling across cores).
#[derive(Default)]
pub struct Freed {
    notify: Notify,
    /// Dispatchers between registering to wait and giving up waiting.
    waiting: AtomicUsize,
}

impl Freed {
    /// Wakes every waiting dispatcher (a start ended, an isolate went away).
    pub fn notify(&self) {
        self.notify.notify_waiters();
    }

    /// Wakes waiting dispatchers, if any; after a request's load was counted down.
    fn notify_waiting(&self) {
        // SeqCst with the count's decrement and `wait`'s increment: either this
        // sees the waiter, or the waiter's next look sees the freed room.
        if self.waiting.load(Ordering::SeqCst) > 0 {
            self.notify.notify_waiters();
        }
    }

    /// Registers a dispatcher as waiting until the guard is dropped. Look for
    /// room again after each `changed()`, before awaiting it.
    pub fn wait(&self) -> Waiting<'_> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        Waiting(self)
    }
}

pub struct Waiting<'a>(&'a Freed);

impl Waiting<'_> {
    /// Completes at the next notification after this call.
    pub fn changed(&self) -> Notified<'_> {
        self.0.notify.notified()
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Requests handed to an isolate and not finished (queued or in flight), shared
/// by the pool, which picks the least loaded isolate, and the isolate, which
/// counts them down and wakes dispatchers waiting for capacity.
pub struct Load {
    count: AtomicUsize,
    /// WebSockets the isolate holds open (they keep its worker from unloading).
    sockets: AtomicUsize,
    /// Objects it lent out over JS RPC that a stub somewhere still reaches
    /// (runtime/stubs.rs): they keep it from retiring, as sockets do.
    lent: AtomicUsize,
    freed: Arc<Freed>,
    /// Counted in `STARTS` until its first request finishes (or it ends).
    starting: AtomicBool,
}

impl Load {
    /// `freed` (one per pool) wakes its waiting dispatchers whenever a request finishes.
    pub fn new(freed: Arc<Freed>) -> Load {
        Load {
            count: AtomicUsize::new(0),
            sockets: AtomicUsize::new(0),
            lent: AtomicUsize::new(0),
            freed,
            starting: AtomicBool::new(false),
        }
    }

    /// The load of an isolate that is starting: it counts in `STARTS` until its
    /// first request finishes.
    pub fn starting(freed: Arc<Freed>) -> Load {
        STARTS.begin();
        let load = Load::new(freed);
        load.starting.store(true, Ordering::Relaxed);
        load
    }

    fn started(&self) {
        if self.starting.load(Ordering::Relaxed) && self.starting.swap(false, Ordering::AcqRel) {
            STARTS.end();
        }
    }

    pub fn get(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    pub fn add(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }

    /// What it holds for others: open WebSockets and objects lent out.
    pub fn held(&self) -> usize {
        self.sockets.load(Ordering::SeqCst) + self.lent.load(Ordering::SeqCst)
    }

    /// An object lent out (`true`) or let go by its last stub (`false`).
    pub fn lend(&self, lent: bool) {
        if lent {
            self.lent.fetch_add(1, Ordering::SeqCst);
        } else {
            self.lent.fetch_sub(1, Ordering::SeqCst);
        }
    }

    pub fn set_sockets(&self, open: usize) {
        self.sockets.store(open, Ordering::SeqCst);
    }

    pub fn finish(&self, requests: usize) {
        if requests > 0 {
            self.count.fetch_sub(requests, Ordering::SeqCst);
            self.freed.notify_waiting();
            self.started();
        }
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        self.started();
    }
}

/// Isolates of this process that are starting: from taking a blank isolate
/// until their first request has been answered (a wake-up's whole latency).
/// The warm stock's next blank isolate, made meanwhile, pauses for them
/// (isolate.rs, `RefillPause`): on a core the two share, the wake-up's answer
/// would wait for it (making a blank isolate takes ~7 ms of CPU; benchmarks.md,
/// "A refill that makes way").
pub(crate) static STARTS: Starts = Starts { count: Mutex::new(0), none: Condvar::new() };

pub(crate) struct Starts {
    count: Mutex<usize>,
    none: Condvar,
}

impl Starts {
    fn begin(&self) {
        *self.count.lock().expect("starts lock") += 1;
    }

    fn end(&self) {
        let mut count = self.count.lock().expect("starts lock");
        *count = count.saturating_sub(1);
        if *count == 0 {
            self.none.notify_all();
        }
    }

    /// Blocks until no isolate is starting, `hurry` is set (see `hurry`), or
    /// `bound` has passed; returns how long it waited.
    pub(crate) fn wait_for_none(&self, bound: Duration, hurry: &AtomicBool) -> Duration {
        let began = Instant::now();
        let mut count = self.count.lock().expect("starts lock");
        while *count > 0 && !hurry.load(Ordering::SeqCst) {
            let left = bound.saturating_sub(began.elapsed());
            if left.is_zero() {
                break;
            }
            count = self.none.wait_timeout(count, left).expect("starts lock").0;
        }
        began.elapsed()
    }

    /// Sets `hurry` and wakes whoever waits in `wait_for_none` with it.
    pub(crate) fn hurry(&self, hurry: &AtomicBool) {
        hurry.store(true, Ordering::SeqCst);
        let _count = self.count.lock().expect("starts lock");
        self.none.notify_all();
    }
}
