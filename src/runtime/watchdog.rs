//! Stopping isolates that misbehave.
//!
//! Each isolate has a `Guard`: its thread's CPU clock, when the JS turn now
//! running started (by that clock), and the reason it was stopped, if it was. One
//! watchdog thread for the whole process reads every isolate's clock a few times
//! per millisecond-scale tick and calls `terminate_execution` on a turn that ran
//! past its CPU limit, and parks while no isolate runs JS. The heap-limit callback
//! stops an isolate the same way.
//! A stopped isolate is discarded: its JS state may be half-updated.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use deno_core::v8;

use super::events::{self, Discard, Event};
use super::threads;

/// A stopped isolate still running JS after this long is stuck (see `report_if_stuck`).
const STUCK_AFTER: Duration = Duration::from_secs(5);
/// How often the watchdog looks; a runaway turn overshoots its limit by about this much.
const TICK: Duration = Duration::from_millis(2);
/// A turn running longer than this marks its isolate as busy for dispatching.
const LONG_TURN: Duration = Duration::from_millis(2);
/// Ticks without any JS turn before the watchdog parks. Parking between the turns
/// of a busy server would make every next turn pay a wake-up (measured: 0.3 -> 0.9
/// context switches a request on one core), so only a quiet spell parks it.
const IDLE_TICKS_BEFORE_PARKING: u32 = 50;
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

pub struct Guard {
    /// The isolate thread's CPU clock (set by that thread).
    clock: OnceLock<libc::clockid_t>,
    /// The isolate thread's kernel id (set by that thread).
    thread: OnceLock<i32>,
    /// CPU nanoseconds (+1) when the running turn began; 0 while the isolate waits.
    turn_started: AtomicU64,
    /// Turns begun so far: tells the watchdog JS ran between two of its ticks.
    turns: AtomicU64,
    /// The CPU limit of the running turn, in nanoseconds.
    turn_limit: AtomicU64,
    /// Wall-clock nanoseconds (since `EPOCH`, +1) when the running turn began; 0 while waiting.
    turn_started_wall: AtomicU64,
    cpu_limit_ms: AtomicU64,
    handle: Mutex<Option<v8::IsolateHandle>>,
    /// Why the isolate was stopped; set before `terminate_execution`.
    stopped: Mutex<Option<(Discard, String)>>,
    /// Whether `stopped` is set: read after every turn, so no lock on that path.
    is_stopped: AtomicBool,
    /// Wall-clock nanoseconds (since `EPOCH`) when it was stopped.
    stopped_at: AtomicU64,
    /// Whether it was reported as still running long after it was stopped.
    stuck_reported: AtomicBool,
    /// The worker it runs, as events name it (set when it is claimed).
    worker: OnceLock<Arc<str>>,
    /// The isolate's id (set when it is claimed).
    isolate: AtomicU64,
}

impl Guard {
    pub fn new(cpu_limit_ms: u64) -> Guard {
        Guard {
            clock: OnceLock::new(),
            thread: OnceLock::new(),
            turn_started: AtomicU64::new(0),
            turns: AtomicU64::new(0),
            turn_started_wall: AtomicU64::new(0),
            turn_limit: AtomicU64::new(cpu_limit_ms.saturating_mul(1_000_000)),
            cpu_limit_ms: AtomicU64::new(cpu_limit_ms),
            handle: Mutex::new(None),
            stopped: Mutex::new(None),
            is_stopped: AtomicBool::new(false),
            stopped_at: AtomicU64::new(0),
            stuck_reported: AtomicBool::new(false),
            worker: OnceLock::new(),
            isolate: AtomicU64::new(0),
        }
    }

    /// Names the worker this isolate runs, and the isolate, for the events about it.
    pub fn set_worker(&self, worker: Arc<str>, isolate: u64) {
        let _ = self.worker.set(worker);
        self.isolate.store(isolate, Ordering::Relaxed);
    }

    pub fn isolate_id(&self) -> u64 {
        self.isolate.load(Ordering::Relaxed)
    }

    /// The per-turn CPU limit of the worker this isolate runs.
    pub fn set_cpu_limit(&self, cpu_limit_ms: u64) {
        self.cpu_limit_ms.store(cpu_limit_ms, Ordering::Relaxed);
    }

    /// Called on the isolate's thread: from now on its CPU clock is the one read.
    pub fn bind_to_current_thread(&self) {
        let mut clock: libc::clockid_t = 0;
        // SAFETY: pthread_self is the calling thread; the out-pointer is valid.
        if unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clock) } == 0 {
            let _ = self.clock.set(clock);
        }
        if let Some(id) = threads::current_thread_id() {
            let _ = self.thread.set(id);
        }
    }

    /// Lets the watchdog (and the heap callback) terminate this isolate.
    pub fn arm(&self, handle: v8::IsolateHandle) {
        *self.handle.lock().expect("guard lock") = Some(handle);
    }

    /// A turn of JS starts; `limit_ms` overrides the per-request CPU limit (startup).
    pub fn begin_turn(&self, limit_ms: Option<u64>) {
        let limit = limit_ms.unwrap_or(self.cpu_limit_ms.load(Ordering::Relaxed)).saturating_mul(1_000_000);
        self.turn_limit.store(limit, Ordering::Relaxed);
        self.turns.fetch_add(1, Ordering::Relaxed);
        self.turn_started.store(self.cpu_now() + 1, Ordering::SeqCst);
        self.turn_started_wall.store(EPOCH.elapsed().as_nanos() as u64 + 1, Ordering::Release);
        wake_watchdog();
    }

    pub fn end_turn(&self) {
        self.turn_started.store(0, Ordering::Release);
        self.turn_started_wall.store(0, Ordering::Release);
    }

    /// Whether JS has been running without a break for a while (a long computation
    /// or a runaway loop): the pool then prefers other isolates.
    pub fn in_long_turn(&self) -> bool {
        let started = self.turn_started_wall.load(Ordering::Acquire);
        started != 0 && EPOCH.elapsed().as_nanos() as u64 > started - 1 + LONG_TURN.as_nanos() as u64
    }

    /// Stops the isolate for `reason`; the first reason wins. True for that first call.
    pub fn stop(&self, cause: Discard, reason: String) -> bool {
        let mut stopped = self.stopped.lock().expect("guard lock");
        if stopped.is_some() {
            return false;
        }
        *stopped = Some((cause, reason));
        self.stopped_at.store(EPOCH.elapsed().as_nanos() as u64, Ordering::SeqCst);
        self.is_stopped.store(true, Ordering::SeqCst);
        drop(stopped);
        self.terminate();
        true
    }

    fn terminate(&self) {
        if let Some(handle) = self.handle.lock().expect("guard lock").as_ref() {
            handle.terminate_execution();
        }
    }

    pub fn is_stopped(&self) -> bool {
        self.is_stopped.load(Ordering::SeqCst)
    }

    /// How long ago it was stopped, if it was.
    pub fn stopped_for(&self) -> Option<Duration> {
        if !self.is_stopped() {
            return None;
        }
        let stopped_at = self.stopped_at.load(Ordering::SeqCst);
        Some(Duration::from_nanos((EPOCH.elapsed().as_nanos() as u64).saturating_sub(stopped_at)))
    }

    pub fn stopped(&self) -> Option<String> {
        self.stopped.lock().expect("guard lock").as_ref().map(|(_, reason)| reason.clone())
    }

    /// Why it was stopped, and what the limit said.
    pub fn stopped_by(&self) -> Option<(Discard, String)> {
        self.stopped.lock().expect("guard lock").clone()
    }

    /// The worker it runs, once claimed.
    pub fn worker(&self) -> Option<Arc<str>> {
        self.worker.get().cloned()
    }

    /// Some native operations never look at the engine's interrupt flag (QuickJS
    /// sorts an array in one call): a stopped isolate then runs on until that
    /// operation ends, and its thread cannot be ended from inside. Said once, so
    /// the host can end the process instead; meanwhile the thread runs only on
    /// CPU nobody else wants.
    fn report_if_stuck(&self) {
        let since = self.stopped_for().unwrap_or_default();
        if since >= STUCK_AFTER && !self.stuck_reported.swap(true, Ordering::SeqCst) {
            if let Some(&thread) = self.thread.get() {
                threads::run_only_when_idle(thread);
            }
            let worker = self.worker.get().cloned().unwrap_or_else(|| "worker".into());
            events::emit(Event::IsolateStuck { worker, seconds: since.as_secs() });
        }
    }

    fn cpu_now(&self) -> u64 {
        let Some(clock) = self.clock.get() else { return 0 };
        let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: the out-pointer is valid; a stale clock id only yields an error.
        if unsafe { libc::clock_gettime(*clock, &mut time) } != 0 {
            return 0;
        }
        (time.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(time.tv_nsec as u64)
    }

    fn in_turn(&self) -> bool {
        self.turn_started.load(Ordering::SeqCst) != 0
    }

    fn check(&self) {
        let started = self.turn_started.load(Ordering::Acquire);
        if started == 0 {
            return;
        }
        if self.is_stopped() {
            // Stopped, yet still running JS: termination is not sticky (deno_core
            // cancels it to build its error) and one interrupted job is not the
            // end of a chain of promise reactions. Interrupt again, every tick,
            // until the turn ends and the isolate's thread can wind down.
            self.terminate();
            self.report_if_stuck();
            return;
        }
        let used = self.cpu_now().saturating_sub(started - 1);
        let limit = self.turn_limit.load(Ordering::Relaxed);
        if used > limit {
            self.stop(Discard::Cpu, format!("exceeded CPU time limit of {} ms", limit / 1_000_000));
        }
    }
}

/// Whether the watchdog is parked because no isolate was running JS.
static SLEEPING: AtomicBool = AtomicBool::new(false);
static WATCHDOG: OnceLock<std::thread::Thread> = OnceLock::new();

static WATCHED: LazyLock<Mutex<Vec<Weak<Guard>>>> = LazyLock::new(|| {
    let thread = std::thread::Builder::new()
        .name("worky-watchdog".into())
        .spawn(|| {
            // It must cut into a runaway isolate's thread, not wait for it.
            threads::prefer_latency();
            let mut quiet = Quiet::default();
            loop {
                std::thread::sleep(TICK);
                let guards: Vec<_> = {
                    let mut watched = WATCHED.lock().expect("watchdog lock");
                    watched.retain(|guard| guard.strong_count() > 0);
                    watched.iter().filter_map(Weak::upgrade).collect()
                };
                for guard in &guards {
                    guard.check();
                }
                if quiet.tick(&guards) >= IDLE_TICKS_BEFORE_PARKING {
                    park_while_idle(&guards);
                    quiet = Quiet::default();
                }
            }
        })
        .expect("the watchdog thread starts");
    let _ = WATCHDOG.set(thread.thread().clone());
    Mutex::new(Vec::new())
});

/// How long no isolate has run any JS, in ticks.
#[derive(Default)]
struct Quiet {
    ticks: u32,
    turns_seen: u64,
}

impl Quiet {
    fn tick(&mut self, guards: &[std::sync::Arc<Guard>]) -> u32 {
        let turns = guards.iter().map(|guard| guard.turns.load(Ordering::Relaxed)).sum();
        if turns != self.turns_seen || guards.iter().any(|guard| guard.in_turn()) {
            self.turns_seen = turns;
            self.ticks = 0;
        } else {
            self.ticks += 1;
        }
        self.ticks
    }
}

/// An idle server should not wake 500 times a second: after a quiet spell with no
/// JS running anywhere the watchdog parks until a turn begins. (Both sides use SeqCst: either the
/// watchdog sees the new turn, or `begin_turn` sees it asleep and wakes it.)
fn park_while_idle(guards: &[std::sync::Arc<Guard>]) {
    if guards.iter().any(|guard| guard.in_turn()) {
        return;
    }
    SLEEPING.store(true, Ordering::SeqCst);
    if guards.iter().any(|guard| guard.in_turn()) {
        SLEEPING.store(false, Ordering::SeqCst);
        return;
    }
    while SLEEPING.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

fn wake_watchdog() {
    if SLEEPING.load(Ordering::SeqCst)
        && SLEEPING.swap(false, Ordering::SeqCst)
        && let Some(thread) = WATCHDOG.get()
    {
        thread.unpark();
    }
}

/// Puts an isolate under the watchdog until its guard is dropped.
pub fn watch(guard: Weak<Guard>) {
    WATCHED.lock().expect("watchdog lock").push(guard);
}
