//! The isolate pool: runs one version of a worker on several isolates and hands
//! each request to the least loaded one.
//!
//! - Each isolate is an OS thread, so requests spread over every core.
//! - One isolate serves many requests at once (async interleaving); past
//!   `max_concurrent_requests` the pool prefers another isolate.
//! - Growth with demand: a request that finds no isolate free (each has
//!   requests in flight, or is deep in a computation) starts another while
//!   there is room under `max_isolates`, and goes to whichever is free first.
//!   No spare is kept for a worker served one request at a time: the
//!   process's stock of warm blank isolates (isolate.rs) is what every pool
//!   starts from, a few ms away.
//! - A worker idle for `idle_unload_s` (no request, no WebSocket held) unloads:
//!   no isolate is kept, and the next request starts one.
//! - Isolates idle for `idle_timeout_s` above `min_isolates` are retired; dead
//!   ones (stopped by a limit) are dropped and replaced, one start at a time,
//!   however many requests are waiting.
//!
//! A new version is a new pool, swapped in atomically by its owner; requests
//! already handed to the old pool finish there.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::events::{self, Event};
use super::inbox::{Freed, Job, Reply};
use super::isolate::{Isolate, IsolateConfig, StartError};
use super::objects::Objects;
use super::protocol::{Handled, IsolateId, Worker, WorkerError, WorkerRequest};
use super::settings::{Limits, PoolSettings};
use crate::bundle::Bundle;

/// How long after a pool's first isolate the others start.
const SPARE_DELAY: Duration = Duration::from_millis(100);

/// How often one request may be handed to an isolate that turns out to be stopping.
const MAX_DISPATCHES: usize = 3;

/// Stuck isolates (stopped, but inside an engine call that cannot be interrupted)
/// a pool tolerates before it starts no more: each holds a thread and its share of
/// the host's memory ceiling until the call ends, so a worker that makes them on
/// purpose must not be able to pile them up.
const MAX_STUCK: usize = 2;

pub struct Pool {
    shared: Arc<Shared>,
}

struct Shared {
    config: IsolateConfig,
    settings: PoolSettings,
    members: Mutex<Members>,
    /// Wakes waiting dispatchers: when a request on any of the pool's isolates
    /// finishes (only while one waits), and when a start in the background
    /// succeeds or fails.
    changed: Arc<Freed>,
    /// Background starts that failed so far (changed under the members' lock;
    /// read without it when a dispatch begins).
    failed_starts: AtomicU64,
    /// Whether a browser's navigation prefers the static assets (from the
    /// bundle's compatibility date and flags, read once).
    navigation_prefers_assets: bool,
}

#[derive(Default)]
struct Members {
    isolates: Vec<Member>,
    /// Stopped isolates whose threads still run (most end within milliseconds).
    stopping: Vec<Isolate>,
    /// Isolates being started in the background.
    starting: usize,
    /// The last reason a background start failed.
    last_failure: Option<StartError>,
}

struct Member {
    isolate: Isolate,
    last_used: Instant,
}

/// What one look at the members decided.
enum Pick {
    Sent(IsolateId),
    /// Every isolate is busy or starting: wait for a change.
    Wait(Job),
    /// No isolate is left and starting one failed (the job is dropped).
    Failed(StartError),
}

impl Pool {
    /// Starts the first isolate (failing if the worker cannot start at all), then
    /// the rest of the minimum and a spare in the background. With
    /// `min_isolates = 0`, none: the first request starts one.
    pub async fn start(mut config: IsolateConfig, settings: PoolSettings) -> Result<Pool, StartError> {
        Objects::attach(&mut config, settings)?;
        let changed = Arc::new(Freed::default());
        let mut members = Members::default();
        if settings.min_isolates > 0 {
            let first = Isolate::start(config.clone(), changed.clone()).await?;
            members.isolates.push(Member { isolate: first, last_used: Instant::now() });
        }
        let manifest = &config.bundle.manifest;
        let navigation_prefers_assets = crate::assets::answer::navigation_prefers_assets(
            manifest.compatibility_date.as_deref(),
            &manifest.compatibility_flags,
        );
        let members = Mutex::new(members);
        let shared = Arc::new(Shared {
            config,
            settings,
            members,
            changed,
            failed_starts: AtomicU64::new(0),
            navigation_prefers_assets,
        });
        // The rest start a moment later, so they do not compete for the CPU with the
        // first requests of a version that was just swapped in (a reload, a deploy).
        let later = Arc::downgrade(&shared);
        tokio::spawn(async move {
            tokio::time::sleep(SPARE_DELAY).await;
            if let Some(shared) = later.upgrade() {
                for _ in 1..settings.min_isolates.min(settings.max_isolates) {
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

    /// Isolates being started now (for metrics).
    pub fn starting(&self) -> usize {
        self.shared.lock().starting
    }

    /// Isolates alive now (for tests and metrics).
    pub fn size(&self) -> usize {
        self.shared.lock().isolates.iter().filter(|m| m.isolate.is_alive()).count()
    }

    /// Runs `request` on the least loaded isolate; a request an isolate gave back
    /// untouched (it was stopping) goes to another one.
    pub async fn run(&self, mut request: WorkerRequest) -> Handled {
        for _ in 0..MAX_DISPATCHES {
            let (reply, answer) = oneshot::channel();
            let isolate = match self.dispatch(Job { request, reply }).await {
                Ok(isolate) => isolate,
                Err(error) => return Handled { isolate: None, outcome: Err(error) },
            };
            let outcome = match answer.await {
                Ok(Reply::Response(response)) => Ok(response),
                Ok(Reply::Error(error)) => Err(error),
                Ok(Reply::Retry(returned)) => {
                    request = returned;
                    continue;
                }
                Err(_) => Err(WorkerError::isolate_gone("the isolate stopped before answering")),
            };
            return Handled { isolate: Some(isolate), outcome };
        }
        Handled { isolate: None, outcome: Err(WorkerError::isolate_gone("no isolate could take the request")) }
    }

    /// Hands `job` to the least loaded isolate; when every isolate already has
    /// `max_concurrent_requests`, or none is left, waits for one.
    async fn dispatch(&self, job: Job) -> Result<IsolateId, WorkerError> {
        let shared = &self.shared;
        let failures_before = shared.failed_starts.load(Ordering::SeqCst);
        // Nearly always an isolate has room: no waiting is registered for it.
        let mut job = match shared.pick(job, failures_before) {
            Pick::Sent(isolate) => return Ok(isolate),
            Pick::Wait(job) => job,
            Pick::Failed(err) => return Err(start_failed(err)),
        };
        let waiting = shared.changed.wait();
        loop {
            // Registered before looking again, so a change meanwhile is not missed.
            let changed = waiting.changed();
            tokio::pin!(changed);
            changed.as_mut().enable();
            match shared.pick(job, failures_before) {
                Pick::Sent(isolate) => return Ok(isolate),
                Pick::Wait(returned) => {
                    job = returned;
                    changed.await;
                }
                Pick::Failed(err) => return Err(start_failed(err)),
            }
        }
    }
}

fn start_failed(err: StartError) -> WorkerError {
    WorkerError::isolate_gone(format!("the worker failed to start: {err}"))
}

impl Worker for Pool {
    fn limits(&self) -> Limits {
        self.shared.config.limits
    }

    fn handle(&self, request: WorkerRequest) -> Pin<Box<dyn Future<Output = Handled> + Send + '_>> {
        let Some(live) = &self.shared.config.assets else { return Box::pin(self.run(request)) };
        let assets = live.current();
        let navigation = self.shared.navigation_prefers_assets;
        Box::pin(async move {
            match super::assets::answer_first(&assets, request, navigation).await {
                Ok(handled) => handled,
                Err(request) => self.run(request).await,
            }
        })
    }

    fn bundle(&self) -> Option<Arc<Bundle>> {
        Some(self.shared.config.bundle.clone())
    }
}

impl Members {
    /// Moves stopped isolates out of the way; keeps the ones whose thread still
    /// runs until it ends, so stuck ones can be counted.
    fn set_aside_the_stopped(&mut self) {
        self.stopping.retain(Isolate::thread_runs);
        // On every dispatch: no allocation unless one has stopped.
        if self.isolates.iter().all(|member| member.isolate.is_alive()) {
            return;
        }
        let (alive, stopped): (Vec<Member>, Vec<Member>) =
            std::mem::take(&mut self.isolates).into_iter().partition(|member| member.isolate.is_alive());
        self.isolates = alive;
        self.stopping.extend(stopped.into_iter().map(|member| member.isolate).filter(Isolate::thread_runs));
    }

    fn stuck(&self) -> usize {
        self.stopping.iter().filter(|isolate| isolate.is_stuck()).count()
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Members> {
        self.members.lock().expect("pool lock")
    }

    /// Sends `job` to the least loaded isolate with room, or says why it cannot.
    fn pick(self: &Arc<Self>, mut job: Job, failures_before: u64) -> Pick {
        let limit = self.settings.max_concurrent_requests;
        let mut members = self.lock();
        loop {
            members.set_aside_the_stopped();
            // An isolate stuck in a long computation cannot interleave: prefer the others.
            let best = (0..members.isolates.len())
                .min_by_key(|&i| (members.isolates[i].isolate.is_busy(), members.isolates[i].isolate.load()));
            if let Some(index) = best {
                let (load, busy) = (members.isolates[index].isolate.load(), members.isolates[index].isolate.is_busy());
                // No isolate is free: this request would share one with others (and
                // wait behind any computation there). While there is room, another
                // isolate (a few ms from the process's warm blank ones) is started for
                // it, and it goes to whichever is free first; a start that failed
                // during this dispatch is not tried again for it.
                let may_start = members.isolates.len() + members.starting < self.settings.max_isolates
                    && members.stuck() < MAX_STUCK
                    && members.starting == 0
                    && self.failed_starts.load(Ordering::SeqCst) == failures_before;
                if load >= limit || ((load > 0 || busy) && (may_start || members.starting > 0)) {
                    if may_start {
                        members.starting += 1;
                        drop(members);
                        Shared::start_one(self);
                    }
                    return Pick::Wait(job);
                }
                let member = &mut members.isolates[index];
                member.last_used = Instant::now();
                match member.isolate.dispatch(job) {
                    Ok(()) => return Pick::Sent(member.isolate.id()),
                    // It died between the check and the send: look again.
                    Err(returned) => job = *returned,
                }
                continue;
            }
            if members.starting > 0 {
                return Pick::Wait(job);
            }
            if self.failed_starts.load(Ordering::SeqCst) > failures_before {
                return Pick::Failed(members.last_failure.clone().unwrap_or(StartError::Stopped));
            }
            if members.stuck() >= MAX_STUCK {
                return Pick::Failed(StartError::Stuck(members.stuck()));
            }
            // Every isolate is gone (stopped by limits): start one, and wait for it
            // with whoever else is waiting.
            members.starting += 1;
            drop(members);
            Shared::start_one(self);
            return Pick::Wait(job);
        }
    }

    fn grow(shared: &Arc<Shared>) {
        shared.lock().starting += 1;
        Shared::start_one(shared);
    }

    /// Starts an isolate in the background; the caller has counted it in `starting`.
    fn start_one(shared: &Arc<Shared>) {
        let shared = shared.clone();
        tokio::spawn(async move {
            let started = Isolate::start(shared.config.clone(), shared.changed.clone()).await;
            {
                let mut members = shared.lock();
                members.starting -= 1;
                match started {
                    Ok(isolate) => members.isolates.push(Member { isolate, last_used: Instant::now() }),
                    Err(err) => {
                        shared.failed_starts.fetch_add(1, Ordering::SeqCst);
                        members.last_failure = Some(err.clone());
                        events::emit(Event::SpareNotStarted { worker: shared.config.label(), error: err.to_string() });
                    }
                }
            }
            shared.changed.notify();
        });
    }

    /// Drops isolates idle past the timeout, keeping the minimum;
    /// past `idle_unload_s` without a request, all of them (the next request
    /// starts one). An isolate holding a WebSocket open stays.
    fn retire_idle(&self) {
        let unload_after = Duration::from_secs(self.settings.idle_unload_s);
        let mut members = self.lock();
        let quiet = members.isolates.iter().all(|m| m.isolate.load() == 0 && m.isolate.held() == 0);
        let last_used = members.isolates.iter().map(|m| m.last_used).max();
        if self.settings.idle_unload_s > 0
            && quiet
            && members.starting == 0
            && last_used.is_some_and(|used| used.elapsed() > unload_after)
        {
            let unloaded = std::mem::take(&mut members.isolates);
            drop(members);
            // Dropped outside the lock: each closes its inbox and its thread ends.
            drop(unloaded);
            events::emit(Event::WorkerUnloaded { worker: self.config.label(), idle_s: self.settings.idle_unload_s });
            return;
        }
        let keep = self.settings.min_isolates;
        let timeout = Duration::from_secs(self.settings.idle_timeout_s);
        while members.isolates.len() > keep {
            let idle = members
                .isolates
                .iter()
                .position(|m| m.isolate.load() == 0 && m.isolate.held() == 0 && m.last_used.elapsed() > timeout);
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
