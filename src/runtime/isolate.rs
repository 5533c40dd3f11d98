//! One isolate: a `JsRuntime` on its own thread, running one bundle.

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::Poll;
use std::thread::JoinHandle;
use std::time::Duration;

use deno_core::{JsRuntime, ModuleSpecifier, PollEventLoopOptions, RuntimeOptions, v8};
use tokio::sync::{mpsc, oneshot};

use super::console::Console;
use super::egress::Egress;
use super::events::{self, Discard, Event};
use super::extensions;
use super::host_memory;
use super::inbox::{Freed, Inbox, Job, Load, STARTS};
use super::loader::BundleLoader;
use super::objects::ObjectsLink;
use super::objects::storage::ObjectStorage;
use super::ops::assets::WorkerAssets;
use super::ops::cache::WorkerCache;
use super::ops::d1::WorkerD1;
use super::ops::http::{InFlight, WorkerBundle, WorkerEnv, WorkerName};
use super::ops::kv::KvBindings;
use super::ops::objects::LiveObjects;
use super::ops::objects::ObjectBindings;
use super::ops::queues::WorkerQueues;
use super::ops::r2::WorkerR2;
use super::ops::services::WorkerServices;
use super::ops::websocket::WebSockets;
use super::protocol::{IsolateId, WorkerError};
use super::settings::Limits;
use super::stubs::{ImportedStubs, IsolateAddress, OwnAddress};
use super::watchdog::{self, Guard};
use super::{engine, snapshot};
use crate::bundle::Bundle;
use crate::cache::CacheStore;
use crate::kv::KvStore;

/// How long after its stop an isolate that still runs counts as stuck.
const COUNTS_AS_STUCK_AFTER: Duration = Duration::from_secs(1);

/// Module evaluation may take longer than one request's CPU budget (Workers allows
/// startup more too); this is its floor.
const STARTUP_CPU_MS: u64 = 1_000;

/// What an isolate needs to start.
#[derive(Clone)]
pub struct IsolateConfig {
    pub bundle: Arc<Bundle>,
    /// Module specifier the bundle is loaded as; source-map sources resolve against it.
    pub specifier: ModuleSpecifier,
    /// `env`: vars and secrets.
    pub env: serde_json::Value,
    pub limits: Limits,
    /// The KV store behind the bundle's `kv_namespaces`, if it has any.
    pub kv: Option<Arc<dyn KvStore>>,
    /// How long an isolate the pool let go of (a new version, idle retirement) may
    /// finish its in-flight requests and `waitUntil` work before it is stopped.
    pub grace: Duration,
    /// Where the worker's `fetch()` may go.
    pub egress: Egress,
    /// Where its Durable Objects keep their databases (`None`: no object state).
    pub objects_dir: Option<PathBuf>,
    /// Its version's object host (set by `Pool::start`).
    pub objects: ObjectsLink,
    /// Where `caches.default` and `caches.open()` keep responses (`None`: the
    /// Cache API stores nothing).
    pub cache: Option<Arc<CacheStore>>,
    /// Its static assets (`None`: it has none): served before the worker runs
    /// (pool.rs) and to `env.ASSETS.fetch`.
    pub assets: Option<Arc<crate::assets::Live>>,
    /// Where the bundle's D1 databases keep their data (`None`: D1 calls fail, saying so).
    pub d1: Option<Arc<super::d1::D1Store>>,
    /// The workers its service bindings reach (`None`: calling one fails, saying so).
    pub services: Option<Arc<dyn super::services::ServiceDirectory>>,
    /// Where the bundle's R2 buckets keep their objects (`None`: R2 calls fail, saying so).
    pub r2: Option<Arc<super::r2::R2Store>>,
    /// Where the bundle's queues keep their messages (`None`: sending fails, saying so).
    pub queues: Option<Arc<super::queues::QueueStore>>,
    /// Each Hyperdrive binding's connection string, as the host found it.
    pub hyperdrive: Vec<(String, Option<String>)>,
    /// Where Analytics Engine data points go (`None`: writing one fails, logged).
    pub analytics: Option<Arc<super::analytics::AnalyticsStore>>,
    /// Where Workflow instances live (`None`: a workflow binding's calls fail).
    pub workflows: Option<Arc<super::workflows::WorkflowStore>>,
    /// Each Secrets Store binding: its name, its secret's name and value (`None`:
    /// the host has none of that name).
    pub secrets_store: Vec<(String, String, Option<String>)>,
    /// The rate limiters' counters (`None`: a rate limit binding's calls fail).
    pub rate_limits: Option<Arc<super::rate_limits::RateLimits>>,
    /// Where `send_email` bindings keep the messages they send (`None`: sending fails).
    pub email_outbox: Option<PathBuf>,
    /// The `request.cf` properties the host gives every request from outside
    /// besides the client's (a JSON object's text): dev's placeholder, as
    /// wrangler dev's; `None`: the client's alone.
    pub request_cf: Option<Arc<str>>,
    /// A Dynamic Worker's env and outbound (`None`: a worker of the host's own).
    pub dynamic: Option<Arc<super::loaders::DynamicSetup>>,
}

impl IsolateConfig {
    /// The worker as events name it: `name@version`, or the name alone.
    pub fn label(&self) -> Arc<str> {
        let manifest = &self.bundle.manifest;
        match &manifest.version {
            Some(version) => format!("{}@{version}", manifest.name).into(),
            None => manifest.name.as_str().into(),
        }
    }
}

/// Why an isolate did not start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StartError {
    /// The worker's module threw while loading, or has no handler.
    #[error("{0}")]
    Worker(String),
    /// A limit stopped the module's evaluation.
    #[error("the worker {0} while starting")]
    Limit(String),
    #[error("cannot start an isolate thread: {0}")]
    Thread(String),
    #[error("cannot start the isolate's event loop: {0}")]
    EventLoop(String),
    #[error("cannot create an isolate: {0}")]
    Engine(String),
    #[error("the isolate stopped while starting")]
    Stopped,
    #[error(
        "{0} of the worker's isolates are still stuck in engine calls that cannot be interrupted; new ones start \
         once they end"
    )]
    Stuck(usize),
    #[error(transparent)]
    HostMemory(#[from] host_memory::HostFull),
}

/// Isolate ids, unique in the process.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Handle to a running isolate. Dropping it closes the inbox: the isolate
/// finishes what it has in flight and its thread ends.
pub struct Isolate {
    id: IsolateId,
    inbox: mpsc::UnboundedSender<Job>,
    alive: Arc<AtomicBool>,
    guard: Arc<Guard>,
    /// Requests handed to this isolate and not finished (queued or in flight).
    load: Arc<Load>,
    thread: Option<JoinHandle<()>>,
}

impl Isolate {
    /// Starts an isolate and waits until the bundle has loaded and its handler is found.
    /// `freed` wakes the pool's waiting dispatchers each time one of its requests finishes.
    ///
    /// A warm blank isolate (runtime created, globals set up, no worker yet) is
    /// taken from the process's stock when one fits; the stock is then topped up
    /// at once, so an isolate start mostly costs loading the worker's module. The
    /// new blank makes way while this start has not answered its first request
    /// (`RefillPause`, inbox.rs `STARTS`), so that the two do not share a core.
    pub async fn start(config: IsolateConfig, freed: Arc<Freed>) -> Result<Isolate, StartError> {
        let memory = host_memory::reserve(host_memory::START_HEAP_MB.min(config.limits.memory_mb))?;
        let load = Arc::new(Load::starting(freed));
        let blank = match take_warm() {
            Some(blank) => blank,
            None => Blank::spawn(Warmth::hurried())?,
        };
        warm_another();
        let (inbox, receiver) = mpsc::unbounded_channel();
        let (ready_tx, ready_rx) = oneshot::channel();
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        blank.guard.set_cpu_limit(config.limits.cpu_ms);
        let address = IsolateAddress::new(&inbox, load.clone());
        let claim = Claim { id, config, receiver, load: load.clone(), address, ready: ready_tx, memory };
        if blank.claims.send(claim).is_err() {
            return Err(StartError::Stopped);
        }
        match ready_rx.await {
            Ok(Ok(())) => {
                Ok(Isolate { id, inbox, alive: blank.alive, guard: blank.guard, load, thread: Some(blank.thread) })
            }
            Ok(Err(err)) => Err(err),
            Err(_) => Err(StartError::Stopped),
        }
    }

    pub fn id(&self) -> IsolateId {
        self.id
    }

    /// Hands a job to the isolate; gives it back if the isolate is gone.
    pub(crate) fn dispatch(&self, job: Job) -> Result<(), Box<Job>> {
        self.load.add();
        self.inbox.send(job).map_err(|err| {
            self.load.finish(1);
            Box::new(err.0)
        })
    }

    /// Running one turn of JS for a while already (busy computing, maybe runaway).
    pub fn is_busy(&self) -> bool {
        self.guard.in_long_turn()
    }

    /// Requests queued or in flight on this isolate.
    pub fn load(&self) -> usize {
        self.load.get()
    }

    /// What it holds for others (open WebSockets, objects lent over JS RPC):
    /// it is not retired while it holds any.
    pub fn held(&self) -> usize {
        self.load.held()
    }

    /// False once a limit stopped it, even while its thread is still winding down.
    pub fn is_alive(&self) -> bool {
        self.alive.load(Ordering::SeqCst) && !self.inbox.is_closed() && !self.guard.is_stopped()
    }

    /// Whether its thread still runs (it may have been stopped).
    pub fn thread_runs(&self) -> bool {
        self.alive.load(Ordering::SeqCst)
    }

    /// Stopped over a second ago, yet its thread still runs: inside an engine call
    /// that cannot be interrupted (a stop otherwise lands within milliseconds).
    pub fn is_stuck(&self) -> bool {
        self.thread_runs() && self.guard.stopped_for().is_some_and(|stopped| stopped > COUNTS_AS_STUCK_AFTER)
    }
}

impl Drop for Isolate {
    fn drop(&mut self) {
        // Closing the inbox (by dropping the sender after this) ends the JS serve loop
        // once in-flight requests finish; the thread is detached, not joined, so a
        // drop never blocks an async task.
        self.thread.take();
    }
}

/// An isolate thread that has created its runtime (from the snapshot, with every
/// global) and waits to be told which worker to run.
struct Blank {
    claims: oneshot::Sender<Claim>,
    alive: Arc<AtomicBool>,
    warmth: Arc<Warmth>,
    guard: Arc<Guard>,
    thread: JoinHandle<()>,
}

/// How far a blank isolate has come.
#[derive(Default)]
struct Warmth {
    /// Make the runtime now, even while isolates are starting: it was taken.
    hurry: AtomicBool,
    /// It has begun making its runtime (it may still pause: `RefillPause`).
    making: AtomicBool,
    /// Its runtime is made (the thread is waiting for a worker).
    warmed: AtomicBool,
}

impl Warmth {
    fn hurried() -> Arc<Warmth> {
        Arc::new(Warmth { hurry: AtomicBool::new(true), ..Warmth::default() })
    }
}

/// How a blank isolate made for the stock makes way for isolates that are
/// starting (inbox.rs, `STARTS`). Making one takes ~7 ms of CPU, in one engine
/// call for the most part (restoring the snapshot), and the threads that serve
/// a wake-up, woken meanwhile, do not preempt it (threads.rs): on a core the two
/// share, the wake-up waited for it. So before it begins, and every few hundred
/// values the engine restores (engine.rs, `with_read_pauses`), it waits while
/// isolates are starting, for `REFILL_WAIT` in all, and lets any thread that
/// wants the core have it every `YIELD_EVERY`. Once taken (`Warmth::hurry`) it
/// goes straight on.
struct RefillPause {
    warmth: Arc<Warmth>,
    wait_left: Duration,
    last_yield: std::time::Instant,
}

/// Long enough for a hello-world wake-up (~0.5 ms) and its tail; short of the
/// next start the stock should serve when starts come one after another (a
/// worker stopped by its CPU limit restarts some tens of milliseconds later:
/// tests/hostile.rs).
const REFILL_WAIT: Duration = Duration::from_millis(5);
const YIELD_EVERY: Duration = Duration::from_micros(100);

impl RefillPause {
    fn new(warmth: Arc<Warmth>) -> RefillPause {
        RefillPause { warmth, wait_left: REFILL_WAIT, last_yield: std::time::Instant::now() }
    }

    fn pause(&mut self) {
        if self.warmth.hurry.load(Ordering::Relaxed) {
            return;
        }
        if !self.wait_left.is_zero() {
            let waited = STARTS.wait_for_none(self.wait_left, &self.warmth.hurry);
            self.wait_left = self.wait_left.saturating_sub(waited);
        }
        if self.last_yield.elapsed() >= YIELD_EVERY {
            std::thread::yield_now();
            self.last_yield = std::time::Instant::now();
        }
    }
}

/// What turns a blank isolate into a worker's isolate.
struct Claim {
    id: IsolateId,
    config: IsolateConfig,
    receiver: mpsc::UnboundedReceiver<Job>,
    load: Arc<Load>,
    /// Where stubs to the objects it lends reach it (runtime/stubs.rs).
    address: IsolateAddress,
    ready: oneshot::Sender<Result<(), StartError>>,
    /// Its share of the host's memory ceiling, held until the thread ends.
    memory: host_memory::Reservation,
}

/// Blank isolates kept warm for the next starts: one, and more (up to
/// `MAX_STOCK`) while starts come faster than one warms (each start that finds
/// none warm raises the target; `STOCK_DECAY` without such a miss lowers it
/// back to one, and `shrink_stock` drops the blanks beyond it: each holds ~3 MB,
/// and one that ends leaves ~1 KB behind, benches/isolate_start.rs).
static STOCK: std::sync::Mutex<Stock> = std::sync::Mutex::new(Stock { blanks: Vec::new(), target: 1, last_miss: None });
const MAX_STOCK: usize = 4;
const STOCK_DECAY: Duration = Duration::from_secs(10);

struct Stock {
    blanks: Vec<Blank>,
    target: usize,
    last_miss: Option<std::time::Instant>,
}

/// A blank isolate from the stock: a warmed one first (every blank starts with
/// the same small heap, whatever limit its worker will have), else the one
/// furthest along, told to hurry. Finding none warm is a miss.
fn take_warm() -> Option<Blank> {
    let mut stock = STOCK.lock().expect("warm isolates lock");
    stock.blanks.retain(|blank| blank.alive.load(Ordering::SeqCst));
    let progress = |blank: &Blank| {
        let warmth = &blank.warmth;
        usize::from(warmth.making.load(Ordering::SeqCst)) + usize::from(warmth.warmed.load(Ordering::SeqCst))
    };
    let furthest = stock.blanks.iter().map(progress).enumerate().max_by_key(|&(_, progress)| progress);
    if !matches!(furthest, Some((_, 2))) {
        stock.target = (stock.target + 1).min(MAX_STOCK);
        stock.last_miss = Some(std::time::Instant::now());
        shrink_later();
    }
    let blank = stock.blanks.swap_remove(furthest?.0);
    STARTS.hurry(&blank.warmth.hurry);
    Some(blank)
}

/// Tops the stock up to its target.
fn warm_another() {
    let mut stock = STOCK.lock().expect("warm isolates lock");
    stock.decay();
    while stock.blanks.len() < stock.target {
        match Blank::spawn(Arc::default()) {
            Ok(blank) => stock.blanks.push(blank),
            Err(_) => break,
        }
    }
}

impl Stock {
    fn decay(&mut self) {
        if self.last_miss.is_some_and(|miss| miss.elapsed() > STOCK_DECAY) {
            self.target = 1;
            self.last_miss = None;
        }
    }
}

/// Wakes the thread that shrinks the stock (one for the process, started with the
/// first miss): it checks every `SHRINK_CHECK` until the target has decayed back
/// to one, then sleeps until the next miss.
fn shrink_later() {
    static SHRINKER: std::sync::OnceLock<Option<std::thread::Thread>> = std::sync::OnceLock::new();
    let shrinker = SHRINKER.get_or_init(|| {
        let thread = std::thread::Builder::new().name("blank-stock".into()).spawn(|| {
            loop {
                std::thread::park();
                while shrink_stock() {
                    std::thread::sleep(SHRINK_CHECK);
                }
            }
        });
        thread.ok().map(|handle| handle.thread().clone())
    });
    if let Some(thread) = shrinker {
        thread.unpark();
    }
}

const SHRINK_CHECK: Duration = Duration::from_secs(1);

/// Drops the stock's blank isolates beyond its target (the warmed ones stay),
/// once starts have slowed down. True while the target is above one: more may
/// be dropped later.
fn shrink_stock() -> bool {
    let (surplus, shrinking) = {
        let mut stock = STOCK.lock().expect("warm isolates lock");
        stock.decay();
        let target = stock.target;
        let keep = target.min(stock.blanks.len());
        stock.blanks.sort_by_key(|blank| std::cmp::Reverse(blank.warmth.warmed.load(Ordering::SeqCst)));
        (stock.blanks.split_off(keep), target > 1)
    };
    // Outside the lock: each ends its thread, its runtime unclaimed.
    drop(surplus);
    shrinking
}

/// The engine's heap was freed with the runtime, into this thread's malloc
/// arena, which glibc keeps (for another thread) rather than give back: an
/// unloaded worker would go on holding its memory. malloc_trim returns the
/// free pages of every arena to the system.
///
/// A trim walks the free memory of every arena, each locked meanwhile, so its
/// cost grows with the process, and when many isolates end together (a fleet of
/// deployments unloading) one trim a little later serves them all: each ending
/// isolate asks the trimming thread, which waits `TRIM_AFTER` for more to end and
/// trims once. Trimming as each thread ended, a wake-up while a fleet of 1,000
/// deployments unloaded took up to a second (benchmarks.md, "Shared bytecode").
/// Less is trimmed now anyway: the engine's heap pages are its own (engine.rs).
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static TRIMMER: std::sync::OnceLock<Option<std::sync::mpsc::SyncSender<()>>> = std::sync::OnceLock::new();
        let trimmer = TRIMMER.get_or_init(|| {
            let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
            let thread = std::thread::Builder::new().name("malloc-trim".into()).spawn(move || {
                while asked.recv().is_ok() {
                    std::thread::sleep(TRIM_AFTER);
                    while asked.try_recv().is_ok() {}
                    // SAFETY: malloc_trim only releases free memory; it is safe from any thread.
                    unsafe { libc::malloc_trim(0) };
                }
            });
            thread.ok().map(|_| ask)
        });
        match trimmer {
            // Full: a trim is already asked for, and this isolate's memory will be in it.
            Some(ask) => {
                let _ = ask.try_send(());
            }
            // SAFETY: as above; without the thread, trim here.
            None => unsafe {
                libc::malloc_trim(0);
            },
        }
    }
}

/// How long the trimming thread waits for more isolates to end before it trims.
const TRIM_AFTER: Duration = Duration::from_millis(250);

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => text.to_string(),
        (_, Some(text)) => text.clone(),
        _ => "panic".to_string(),
    }
}

impl Blank {
    fn spawn(warmth: Arc<Warmth>) -> Result<Blank, StartError> {
        let (claims, claimed) = oneshot::channel::<Claim>();
        let alive = Arc::new(AtomicBool::new(true));
        let guard = Arc::new(Guard::new(Limits::default().cpu_ms));
        let (thread_alive, thread_guard, thread_warmth) = (alive.clone(), guard.clone(), warmth.clone());
        let thread = std::thread::Builder::new()
            .name("isolate".into())
            .spawn(move || {
                let guard = thread_guard.clone();
                let run = || run_thread(claimed, guard, thread_warmth);
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
                thread_alive.store(false, Ordering::SeqCst);
                give_back_freed_memory();
                // A panic is a fault in the engine or in worky: its requests failed
                // (their reply channels went with the thread); say so, and why.
                if let (Err(panic), Some(worker)) = (ran, thread_guard.worker()) {
                    let message = panic_message(&*panic);
                    let reason = format!("the isolate's thread crashed: {message}");
                    let isolate = thread_guard.isolate_id();
                    events::emit(Event::IsolateDiscarded { worker, isolate, cause: Discard::Crash, reason });
                }
            })
            .map_err(|err| StartError::Thread(err.to_string()))?;
        Ok(Blank { claims, alive, warmth, guard, thread })
    }
}

fn run_thread(claimed: oneshot::Receiver<Claim>, guard: Arc<Guard>, warmth: Arc<Warmth>) {
    super::threads::prefer_throughput();
    let mut refill = RefillPause::new(warmth.clone());
    refill.pause();
    warmth.making.store(true, Ordering::SeqCst);
    // An isolate's own I/O is a few sockets at most (its fetches, `connect()`s):
    // 64 events a poll instead of tokio's 1,024 is 12 KB less per isolate.
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().max_io_events_per_tick(64).build() {
        Ok(runtime) => runtime,
        Err(err) => {
            if let Ok(claim) = claimed.blocking_recv() {
                let _ = claim.ready.send(Err(StartError::EventLoop(err.to_string())));
            }
            return;
        }
    };
    guard.bind_to_current_thread();
    engine::stop_jobs_when_stopped(guard.clone());
    watchdog::watch(Arc::downgrade(&guard));
    runtime.block_on(async move {
        // Warm up before anyone asks: the runtime, the globals, the per-isolate start.
        let warmed = engine::with_read_pauses(move || refill.pause(), || create(&guard));
        warmth.warmed.store(true, Ordering::SeqCst);
        // Dropped unclaimed: the process is ending.
        let Ok(Claim { id, config, receiver, load, address, ready, memory }) = claimed.await else { return };
        heap::give_budget(memory, config.limits.memory_mb);
        let (mut js, loader, bootstrap) = match warmed {
            Ok(warmed) => warmed,
            Err(err) => {
                let _ = ready.send(Err(err));
                return;
            }
        };
        guard.set_worker(config.label(), id);
        match run_worker(&mut js, &loader, &bootstrap, &config, (receiver, address), load, &guard).await {
            Ok(()) => {
                let _ = ready.send(Ok(()));
            }
            Err(err) => {
                let _ = ready.send(Err(err));
                return;
            }
        }
        serve(&mut js, id, &config, &guard).await;
    });
    heap::give_back();
}

/// Creates a runtime with every global and runs the bootstrap's per-isolate start;
/// returns it with its (still empty) loader and the rest of the bootstrap.
fn create(guard: &Arc<Guard>) -> Result<(JsRuntime, Rc<BundleLoader>, Bootstrap), StartError> {
    engine::init();
    let (inbox, env, load) = extensions::placeholder_options();
    let loader = Rc::new(BundleLoader::default());
    let startup_snapshot = snapshot::current();
    let mut js = JsRuntime::try_new(RuntimeOptions {
        extensions: extensions::all(inbox, env, load, None),
        module_loader: Some(loader.clone()),
        create_params: Some(engine::create_params(host_memory::START_HEAP_MB)),
        startup_snapshot,
        // The snapshot was made with these same extensions, so it holds every op
        // already; binding them all again would put a second function per op
        // (~1.3 MB) into every heap.
        skip_op_registration: startup_snapshot.is_some(),
        residual_lazy_js_sources: extensions::EMBEDDED_JS,
        ..Default::default()
    })
    .map_err(|err| StartError::Engine(err.to_string()))?;
    guard.arm(js.v8_isolate().thread_safe_handle());
    js.v8_isolate().set_prepare_stack_trace_callback(engine::prepare_stack_trace);
    // The heap is full: a step up while the worker's limit and the host's
    // ceiling allow; past them, stop the script (the serve loop then discards
    // this isolate).
    let heap_guard = guard.clone();
    js.add_near_heap_limit_callback(move |current, _initial| match heap::step_up(current) {
        Ok(next) => next,
        Err(reason) => {
            let first = heap_guard.stop(Discard::Memory, reason);
            engine::heap_limit_after_stop(current, first)
        }
    });
    let bootstrap = take_bootstrap(&mut js).map_err(StartError::Engine)?;
    Ok((js, loader, bootstrap))
}

/// The heap budget of the isolate on this thread: its share of the host's
/// ceiling and its worker's limit. The engine's near-heap-limit callback runs on
/// this thread, so it finds the budget here.
mod heap {
    use std::cell::RefCell;

    use crate::runtime::engine;
    use crate::runtime::host_memory::{self, Reservation};

    struct Budget {
        reservation: Reservation,
        limit_mb: u64,
    }

    thread_local! {
        static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
    }

    /// The isolate on this thread now runs a worker whose heap may grow to `limit_mb`.
    pub(super) fn give_budget(reservation: Reservation, limit_mb: u64) {
        BUDGET.with(|budget| *budget.borrow_mut() = Some(Budget { reservation, limit_mb }));
    }

    /// Its isolate has ended: its share goes back to the host.
    pub(super) fn give_back() {
        BUDGET.with(|budget| budget.borrow_mut().take());
    }

    /// The next heap limit in bytes after `current` (double, at most the
    /// worker's limit), once reserved; or why the heap may not grow.
    pub(super) fn step_up(current: usize) -> Result<usize, String> {
        BUDGET.with(|budget| {
            let mut budget = budget.borrow_mut();
            let Some(budget) = budget.as_mut() else {
                let start = host_memory::START_HEAP_MB;
                return Err(format!("exceeded the memory of a starting isolate ({start} MB)"));
            };
            let limit = usize::try_from(budget.limit_mb).unwrap_or(usize::MAX >> 20) << 20;
            if engine::pending_allocation() > limit {
                // One allocation larger than the whole limit (`new ArrayBuffer(2 ** 40)`):
                // refused, catchable, as on V8; the heap has not filled up.
                return Ok(current);
            }
            if current >= limit {
                return Err(format!("exceeded memory limit of {} MB", budget.limit_mb));
            }
            let next = current.saturating_mul(2).min(limit);
            let next_mb = (next as u64).div_ceil(1 << 20);
            budget.reservation.grow_to(next_mb).map_err(|full| full.to_string())?;
            Ok(next)
        })
    }
}

/// Gives a warmed runtime its worker: requests, env, KV, the bundle; evaluates it.
async fn run_worker(
    js: &mut JsRuntime,
    loader: &BundleLoader,
    bootstrap: &Bootstrap,
    config: &IsolateConfig,
    (receiver, address): (mpsc::UnboundedReceiver<Job>, IsolateAddress),
    load: Arc<Load>,
    guard: &Guard,
) -> Result<(), StartError> {
    {
        let state = js.op_state();
        let mut state = state.borrow_mut();
        state.put(Inbox::new(receiver));
        state.put(OwnAddress(address));
        state.put(ImportedStubs::default());
        state.put(WorkerEnv(config.env.clone()));
        state.put(WorkerBundle(config.bundle.clone()));
        state.borrow_mut::<WebSockets>().count_into(load.clone());
        state.put(InFlight::new(load, config.limits.subrequests));
        state.put(Console::new(config.label()));
        // Replaces the warm isolate's placeholder before the worker's code runs.
        state.put(config.egress.permissions().map_err(|err| StartError::Worker(err.to_string()))?);
        if let Some(kv) = kv_bindings(config) {
            state.put(kv);
        }
        state.put(ObjectBindings {
            worker: config.bundle.manifest.name.clone(),
            bindings: config.bundle.manifest.bindings.durable_objects.clone(),
            link: config.objects.clone(),
            directory: config.services.clone(),
            unsupported: config.bundle.manifest.bindings.unsupported.clone(),
        });
        let bindings = config.bundle.manifest.bindings.durable_objects.clone();
        state.put(ObjectStorage::new(config.objects_dir.clone(), bindings));
        state.put(WorkerCache(config.cache.clone()));
        state.put(WorkerAssets(config.assets.clone()));
        state
            .put(WorkerD1 { store: config.d1.clone(), bindings: config.bundle.manifest.bindings.d1_databases.clone() });
        let bindings = config.bundle.manifest.bindings.services.clone();
        let dispatch = config.bundle.manifest.bindings.dispatch_namespaces.clone();
        state.put(WorkerServices { directory: config.services.clone(), bindings, dispatch });
        state.put(WorkerR2 { store: config.r2.clone(), bindings: config.bundle.manifest.bindings.r2_buckets.clone() });
        let bindings = config.bundle.manifest.bindings.queues.clone();
        state.put(WorkerQueues { store: config.queues.clone(), bindings });
        state.put(super::ops::sockets::WorkerHyperdrive(config.hyperdrive.clone()));
        state.put(super::ops::bindings::WorkerSecretsStore(config.secrets_store.clone()));
        let bindings = config.bundle.manifest.bindings.analytics_engine.clone();
        state.put(super::ops::analytics::WorkerAnalytics { store: config.analytics.clone(), bindings });
        let bindings = config.bundle.manifest.bindings.workflows.clone();
        state.put(super::ops::workflows::WorkerWorkflows {
            store: config.workflows.clone(),
            bindings,
            directory: config.services.clone(),
        });
        state.put(super::ops::rate_limits::WorkerRateLimits {
            store: config.rate_limits.clone(),
            owner: config.bundle.manifest.name.clone(),
            bindings: config.bundle.manifest.bindings.rate_limits.clone(),
        });
        state.put(super::ops::email::WorkerEmail {
            worker: config.label(),
            bindings: config.bundle.manifest.bindings.send_email.clone(),
            outbox: config.email_outbox.clone(),
        });
        state.put(super::ops::http::HostCf(config.request_cf.clone()));
        state.put(WorkerName(config.bundle.manifest.name.clone()));
        let loaders = config.bundle.manifest.bindings.worker_loaders.clone();
        if !loaders.is_empty() {
            state.put(super::loaders::DynamicWorkers::new(loader_parent(config), loaders));
        }
        if let Some(dynamic) = &config.dynamic {
            state.put(super::ops::loaders::WorkerDynamic(dynamic.clone()));
        }
        state.put(LiveObjects::of(config.bundle.manifest.name.clone()));
    }
    loader.set(config.specifier.clone(), config.bundle.clone());
    guard.begin_turn(Some(config.limits.cpu_ms.max(STARTUP_CPU_MS)));
    let began = std::time::Instant::now();
    let started = start_worker(js, config, bootstrap).await;
    guard.end_turn();
    match (started, guard.stopped()) {
        (_, Some(reason)) => Err(StartError::Limit(reason)),
        (Err(message), None) => Err(StartError::Worker(message)),
        (Ok(()), None) => {
            let deployment = config.bundle.manifest.name.clone();
            metrics::histogram!("worky_isolate_start_seconds", "deployment" => deployment)
                .record(began.elapsed().as_secs_f64());
            Ok(())
        }
    }
}

/// What the worker's Dynamic Workers take from it.
fn loader_parent(config: &IsolateConfig) -> super::loaders::LoaderParent {
    super::loaders::LoaderParent {
        name: config.bundle.manifest.name.clone(),
        limits: config.limits,
        grace: config.grace,
        egress: config.egress.clone(),
        services: config.services.clone(),
        service_bindings: config.bundle.manifest.bindings.services.clone(),
    }
}

fn kv_bindings(config: &IsolateConfig) -> Option<KvBindings> {
    let namespaces = config.bundle.manifest.bindings.kv_namespaces.clone();
    let store = config.kv.clone()?;
    let storage = config.bundle.manifest.bindings.kv_storage.clone();
    (!namespaces.is_empty()).then_some(KvBindings { store, namespaces, storage })
}

/// Evaluates the bundle and hands its namespace to the bootstrap's serve loop.
async fn start_worker(js: &mut JsRuntime, config: &IsolateConfig, bootstrap: &Bootstrap) -> Result<(), String> {
    let manifest = &config.bundle.manifest;
    let compatibility = manifest.compatibility();
    if compatibility.node_modules() {
        let arguments: Vec<v8::Global<v8::Value>> = {
            deno_core::scope!(scope, js);
            [compatibility.populates_process_env(), compatibility.full_process()]
                .into_iter()
                .map(|on| v8::Global::new(scope, v8::Boolean::new(scope, on).cast::<v8::Value>()))
                .collect()
        };
        let installed = js.call_with_args(&bootstrap.install_node, &arguments);
        js.with_event_loop_future(installed, PollEventLoopOptions::default()).await.map_err(|err| err.to_string())?;
    }
    if config.dynamic.is_some() {
        let installed = js.call_with_args(&bootstrap.install_dynamic, &[]);
        js.with_event_loop_future(installed, PollEventLoopOptions::default()).await.map_err(|err| err.to_string())?;
    }
    let module = js
        .load_main_es_module_from_code(&config.specifier, config.bundle.code.to_string())
        .await
        .map_err(|err| err.to_string())?;
    let evaluation = js.mod_evaluate(module);
    js.with_event_loop_future(evaluation, PollEventLoopOptions::default()).await.map_err(|err| err.to_string())?;
    let namespace = js.get_module_namespace(module).map_err(|err| err.to_string())?;
    let namespace: v8::Global<v8::Value> = {
        deno_core::scope!(scope, js);
        let local = v8::Local::new(scope, namespace);
        v8::Global::new(scope, local.cast::<v8::Value>())
    };
    // `serve` checks for a handler synchronously, then runs its loop in the background.
    let started = js.call_with_args(&bootstrap.serve, &[namespace]);
    js.with_event_loop_future(started, PollEventLoopOptions::default())
        .await
        .map(|_| ())
        .map_err(|err| err.exception_message.trim_start_matches("Uncaught ").to_string())
}

/// How often an isolate lets go of requests nobody waits for any more.
const ABANDONED_SWEEP: Duration = Duration::from_millis(500);

/// How one stretch of the event loop ended.
enum Served {
    /// The event loop has nothing left to do (or it failed).
    Done(Result<(), deno_core::error::CoreError>),
    /// A limit stopped the isolate.
    Stopped((Discard, String)),
    /// The isolate's version is gone and the grace period after it is over.
    Retired,
}

/// Runs the event loop until the isolate has nothing left to do, must be
/// discarded, or its version has left and the grace period is over. Every poll
/// is one turn of JS, timed by the watchdog.
async fn serve(js: &mut JsRuntime, id: IsolateId, config: &IsolateConfig, guard: &Guard) {
    // Set once the pool lets go of this isolate (a new version, idle retirement):
    // in-flight requests and `waitUntil` work get until then, timers no longer.
    let mut retire: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
    let mut sweep = tokio::time::interval(ABANDONED_SWEEP);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let served = std::future::poll_fn(|cx| {
            // Only while requests are in flight: an idle isolate (and the watchdog,
            // which every turn wakes) sleeps. Until pending, so the next tick wakes us.
            while js.op_state().borrow().borrow::<InFlight>().has_requests() && sweep.poll_tick(cx).is_ready() {
                js.op_state().borrow_mut().borrow_mut::<InFlight>().let_go_of_abandoned();
            }
            guard.begin_turn(None);
            let poll = js.poll_event_loop(cx, PollEventLoopOptions::default());
            guard.end_turn();
            commit_objects(js);
            // Checked after every turn, not only when the loop is done: a stopped
            // isolate's in-flight requests get their 503 now, not at wall_ms.
            if let Some(stopped_by) = guard.stopped_by() {
                return Poll::Ready(Served::Stopped(stopped_by));
            }
            if let Poll::Ready(result) = poll {
                return Poll::Ready(Served::Done(result));
            }
            if retire.is_none() && inbox_closed(js) {
                retire = Some(Box::pin(tokio::time::sleep(config.grace)));
            }
            match retire.as_mut().map(|sleep| sleep.as_mut().poll(cx)) {
                Some(Poll::Ready(())) => Poll::Ready(Served::Retired),
                _ => Poll::Pending,
            }
        })
        .await;
        let error = match served {
            Served::Done(Ok(())) => return,
            // An exception nobody caught: report it and go on serving, as Workers does.
            Served::Done(Err(err)) => {
                let message = err.to_string();
                events::emit(Event::UncaughtException { worker: config.label(), isolate: id, message });
                continue;
            }
            Served::Stopped((cause, reason)) => {
                events::emit(Event::IsolateDiscarded {
                    worker: config.label(),
                    isolate: id,
                    cause,
                    reason: reason.clone(),
                });
                WorkerError::limit_exceeded(reason)
            }
            Served::Retired => {
                let reason = format!(
                    "the isolate was let go of (its version replaced, or idle), and its work did not finish in the {} s grace period",
                    config.grace.as_secs_f64()
                );
                let cause = Discard::Wall;
                events::emit(Event::IsolateDiscarded {
                    worker: config.label(),
                    isolate: id,
                    cause,
                    reason: reason.clone(),
                });
                WorkerError::isolate_gone(reason)
            }
        };
        let state = js.op_state();
        let mut state = state.borrow_mut();
        // Queued requests never started here: they go to another isolate.
        state.borrow::<Inbox>().close_and_send_back();
        state.borrow_mut::<InFlight>().fail_all(&error);
        // Returning drops the runtime: its timers and pending work go with it.
        return;
    }
}

/// A turn's Durable Object writes are committed when it ends (see objects/storage.rs).
fn commit_objects(js: &mut JsRuntime) {
    let state = js.op_state();
    let mut state = state.borrow_mut();
    if let Err(err) = state.borrow_mut::<ObjectStorage>().commit() {
        events::emit(Event::ObjectStateFailed { error: err.0 });
    }
}

/// Whether the pool has let go of this isolate (no request can arrive any more).
fn inbox_closed(js: &mut JsRuntime) -> bool {
    let state = js.op_state();
    let state = state.borrow();
    state.borrow::<Inbox>().is_closed()
}

/// What 04_serve.js leaves for Rust to call once the isolate has its worker.
struct Bootstrap {
    /// Serves the worker's requests, given its module namespace.
    serve: v8::Global<v8::Function>,
    /// Adds `nodejs_compat`'s globals, given whether process.env is populated
    /// and whether `process` is the full one.
    install_node: v8::Global<v8::Function>,
    /// Gives a Dynamic Worker its env and its way out (runtime/loaders.rs).
    install_dynamic: v8::Global<v8::Function>,
}

/// Runs the bootstrap's per-isolate `start`, and takes the rest; all are removed
/// from the global scope so user code cannot reach them.
fn take_bootstrap(js: &mut JsRuntime) -> Result<Bootstrap, String> {
    const SCRIPT: &str = "(() => { const key = Symbol.for('worky.internal'); \
        const internal = globalThis[key]; delete globalThis[key]; internal.start(); \
        return [internal.serve, internal.installNode, internal.installDynamic]; })()";
    let value = js.execute_script("[worky:internal]", SCRIPT).map_err(|err| err.to_string())?;
    deno_core::scope!(scope, js);
    let local = v8::Local::new(scope, value);
    let missing = || "the bootstrap left no serve loop".to_string();
    let array = v8::Local::<v8::Array>::try_from(local).map_err(|_| missing())?;
    let function = |index: u32| -> Result<v8::Global<v8::Function>, String> {
        let item = array.get_index(scope, index).ok_or_else(missing)?;
        let function = v8::Local::<v8::Function>::try_from(item).map_err(|_| missing())?;
        Ok(v8::Global::new(scope, function))
    };
    Ok(Bootstrap { serve: function(0)?, install_node: function(1)?, install_dynamic: function(2)? })
}
