//! The isolate pool: runs one version of a worker on several isolates and hands
//! each request to the least loaded one.
//!
//! - Each isolate is an OS thread, so requests spread over every core.
//! - One isolate serves many requests at once (async interleaving); past
//!   `max_concurrent_requests` the pool prefers another isolate.
//! - A warm spare: whenever no isolate is idle and there is room under
//!   `max_isolates`, a new one starts in the background, so no request waits
//!   for an isolate to start.
//! - Isolates idle for `idle_timeout_s` above `min_isolates` are retired; dead
//!   ones (stopped by a limit) are dropped and replaced.
//!
//! A new version is a new pool, swapped in atomically by its owner; requests
//! already handed to the old pool finish there.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::project::PoolSettings;
use crate::runtime::{Isolate, IsolateConfig, StartError, WorkerError, WorkerReply, WorkerRequest};
use crate::ui;

/// How long after a pool's first isolate the others start.
const SPARE_DELAY: Duration = Duration::from_millis(100);

pub struct Pool {
    shared: Arc<Shared>,
}

struct Shared {
    config: IsolateConfig,
    settings: PoolSettings,
    members: Mutex<Members>,
    /// Notified whenever a request on any of the pool's isolates finishes.
    freed: Arc<Notify>,
}

#[derive(Default)]
struct Members {
    isolates: Vec<Member>,
    /// Isolates being started in the background.
    starting: usize,
}

struct Member {
    isolate: Isolate,
    last_used: Instant,
}

impl Pool {
    /// Starts the first isolate (failing if the worker cannot start at all), then
    /// the rest of the minimum and a spare in the background.
    pub async fn start(config: IsolateConfig, settings: PoolSettings) -> Result<Pool, StartError> {
        let freed = Arc::new(Notify::new());
        let first = Isolate::start(config.clone(), freed.clone()).await?;
        let shared = Arc::new(Shared { config, settings, members: Mutex::new(Members::default()), freed });
        shared.lock().isolates.push(Member { isolate: first, last_used: Instant::now() });
        let wanted = settings.min_isolates.max(1) + usize::from(settings.max_isolates > settings.min_isolates);
        // The rest start a moment later, so they do not compete for the CPU with the
        // first requests of a version that was just swapped in (a reload, a deploy).
        let later = Arc::downgrade(&shared);
        tokio::spawn(async move {
            tokio::time::sleep(SPARE_DELAY).await;
            if let Some(shared) = later.upgrade() {
                for _ in 1..wanted.min(settings.max_isolates) {
                    Shared::grow(&shared);
                }
            }
        });
        tokio::spawn(retire_idle(Arc::downgrade(&shared)));
        Ok(Pool { shared })
    }

    pub fn config(&self) -> &IsolateConfig {
        &self.shared.config
    }

    /// Isolates alive now (for tests and metrics).
    pub fn size(&self) -> usize {
        self.shared.lock().isolates.iter().filter(|m| m.isolate.is_alive()).count()
    }

    /// Hands `request` to the least loaded isolate; when every isolate already has
    /// `max_concurrent_requests`, waits until one finishes a request.
    pub async fn dispatch(&self, mut request: WorkerRequest) {
        let limit = self.shared.settings.max_concurrent_requests;
        loop {
            // Registered before looking, so a request finishing meanwhile is not missed.
            let freed = self.shared.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            // Ok(sent or given back by a dying isolate), Err(request) when none can take it.
            let picked = {
                let mut members = self.shared.lock();
                members.isolates.retain(|member| member.isolate.is_alive());
                // An isolate stuck in a long computation cannot interleave: prefer the others.
                match members.isolates.iter_mut().min_by_key(|m| (m.isolate.is_busy(), m.isolate.load())) {
                    Some(member) if member.isolate.load() < limit => {
                        member.last_used = Instant::now();
                        Ok(member.isolate.dispatch(request))
                    }
                    _ => Err(request),
                }
            };
            match picked {
                Ok(Ok(())) => {
                    self.shared.keep_a_spare();
                    return;
                }
                // It died between the check and the send: pick again.
                Ok(Err(returned)) => request = *returned,
                // All busy: wait for capacity (a spare may be on its way too).
                Err(returned) if self.size() > 0 => {
                    request = returned;
                    self.shared.keep_a_spare();
                    freed.await;
                }
                // Every isolate is gone (stopped by limits): start one and wait for it.
                Err(returned) => {
                    request = returned;
                    match Isolate::start(self.shared.config.clone(), self.shared.freed.clone()).await {
                        Ok(isolate) => self.shared.lock().isolates.push(Member { isolate, last_used: Instant::now() }),
                        Err(err) => {
                            let error = WorkerError::isolate_gone(format!("the worker failed to start: {err}"));
                            let _ = request.reply.send(WorkerReply::Error(error));
                            return;
                        }
                    }
                }
            }
        }
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Members> {
        self.members.lock().expect("pool lock")
    }

    /// Starts one more isolate if none is idle (or about to be) and there is room.
    fn keep_a_spare(self: &Arc<Self>) {
        let needed = {
            let members = self.lock();
            let idle =
                members.isolates.iter().any(|m| m.isolate.is_alive() && m.isolate.load() == 0 && !m.isolate.is_busy());
            !idle && members.starting == 0 && members.isolates.len() < self.settings.max_isolates
        };
        if needed {
            Shared::grow(self);
        }
    }

    fn grow(shared: &Arc<Shared>) {
        shared.lock().starting += 1;
        let shared = shared.clone();
        tokio::spawn(async move {
            let started = Isolate::start(shared.config.clone(), shared.freed.clone()).await;
            let mut members = shared.lock();
            members.starting -= 1;
            match started {
                Ok(isolate) => members.isolates.push(Member { isolate, last_used: Instant::now() }),
                Err(err) => ui::warn(format!("could not start a spare isolate: {err}")),
            }
        });
    }

    /// Drops isolates idle past the timeout, keeping the minimum plus a spare.
    fn retire_idle(&self) {
        let keep = self.settings.min_isolates + usize::from(self.settings.max_isolates > self.settings.min_isolates);
        let timeout = Duration::from_secs(self.settings.idle_timeout_s);
        let mut members = self.lock();
        while members.isolates.len() > keep {
            let idle = members.isolates.iter().position(|m| m.isolate.load() == 0 && m.last_used.elapsed() > timeout);
            match idle {
                Some(index) => drop(members.isolates.remove(index)),
                None => break,
            }
        }
    }
}

async fn retire_idle(shared: Weak<Shared>) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        // The pool is gone once nothing holds it: stop with it.
        let Some(shared) = shared.upgrade() else { return };
        shared.retire_idle();
    }
}
