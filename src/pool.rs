//! The isolate pool: runs one version of a worker and hands requests to its
//! isolates. `worky dev` (and later `worky serve`) route every request through
//! a `Pool`; a new version is a new pool, swapped in atomically by its owner,
//! while requests already handed to the old one finish there.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Mutex;

use crate::runtime::{Isolate, IsolateConfig, StartError, WorkerError, WorkerReply, WorkerRequest};

pub struct Pool {
    config: IsolateConfig,
    /// One slot per isolate; a slot whose isolate died is refilled on the next request.
    slots: Vec<Mutex<Option<Isolate>>>,
    next: AtomicUsize,
}

impl Pool {
    /// Starts the pool's first isolate; fails if the worker cannot start at all.
    pub async fn start(config: IsolateConfig, size: usize) -> Result<Pool, StartError> {
        let first = Isolate::start(config.clone()).await?;
        let mut slots = vec![Mutex::new(Some(first))];
        slots.extend((1..size.max(1)).map(|_| Mutex::new(None)));
        Ok(Pool { config, slots, next: AtomicUsize::new(0) })
    }

    pub fn config(&self) -> &IsolateConfig {
        &self.config
    }

    /// Hands `request` to an isolate, starting a replacement if the chosen one died.
    pub async fn dispatch(&self, request: WorkerRequest) {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len();
        let mut slot = self.slots[index].lock().await;
        if !slot.as_ref().is_some_and(Isolate::is_alive) {
            match Isolate::start(self.config.clone()).await {
                Ok(isolate) => *slot = Some(isolate),
                Err(err) => {
                    let error = WorkerError::isolate_gone(format!("the worker failed to start: {err}"));
                    let _ = request.reply.send(WorkerReply::Error(error));
                    return;
                }
            }
        }
        let isolate = slot.as_ref().expect("slot filled above");
        if let Err(request) = isolate.dispatch(request) {
            let _ = request.reply.send(WorkerReply::Error(WorkerError::isolate_gone("the isolate stopped")));
        }
    }
}
