//! How requests reach an isolate: the pool sends `Job`s into the isolate's
//! inbox and waits on each job's reply; `Load` counts what an isolate has taken
//! and not finished, so the pool can pick the least loaded one.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Requests handed to an isolate and not finished (queued or in flight), shared
/// by the pool, which picks the least loaded isolate, and the isolate, which
/// counts them down and wakes dispatchers waiting for capacity.
pub struct Load {
    count: AtomicUsize,
    /// WebSockets the isolate holds open (they keep its worker from unloading).
    sockets: AtomicUsize,
    freed: Arc<Notify>,
}

impl Load {
    /// `freed` is notified whenever a request finishes (one per pool).
    pub fn new(freed: Arc<Notify>) -> Load {
        Load { count: AtomicUsize::new(0), sockets: AtomicUsize::new(0), freed }
    }

    pub fn get(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    pub fn add(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }

    pub fn sockets(&self) -> usize {
        self.sockets.load(Ordering::SeqCst)
    }

    pub fn set_sockets(&self, open: usize) {
        self.sockets.store(open, Ordering::SeqCst);
    }

    pub fn finish(&self, requests: usize) {
        if requests > 0 {
            self.count.fetch_sub(requests, Ordering::SeqCst);
            self.freed.notify_waiters();
        }
    }
}
