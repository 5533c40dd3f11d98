//! Durable Objects: stateful, single-threaded instances of a worker's exported
//! classes, addressed by id.
//!
//! A worker version with Durable Object bindings gets an object host (`Objects`)
//! next to its request pool: a pool of its own with exactly one isolate, which
//! holds every live object of that version. Requests and RPC calls to an object
//! reach it through `Objects::call` as ordinary `WorkerRequest`s that name their
//! object; so there is one live instance per id, and it runs one event at a time.
//! Its storage (`storage`) is one SQLite database per object.

pub mod alarms;
pub mod ids;
pub mod namespaces;
pub mod storage;

use std::sync::{Arc, OnceLock, Weak};

use tokio::sync::OnceCell;

use super::events;
use super::isolate::{IsolateConfig, StartError};
use super::pool::Pool;
use super::protocol::{Handled, WorkerError, WorkerRequest};
use super::settings::PoolSettings;

/// Which object a request is for, and what it does there.
#[derive(Debug, Clone)]
pub struct ObjectCall {
    /// The exported class.
    pub class: String,
    /// The id, 64 hex digits.
    pub id: String,
    /// The name the id was made from, if any (`ctx.id.name`).
    pub name: Option<String>,
    /// `None`: the object's `fetch`; otherwise a JS RPC call.
    pub rpc: Option<Rpc>,
}

/// A JS RPC call through a stub: the request body carries the structured-clone
/// bytes of its arguments, and the response body those of its result (status
/// 200) or of what it threw (500).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rpc {
    /// `call` (a method), `get` (a property); through a stub also `apply` (a
    /// function) and `release` (the last stub to the object is gone).
    pub kind: String,
    pub member: String,
    /// What the arguments pass by reference, in the order their bytes name
    /// them; `None` when the bytes hold nothing but clones (runtime_js/26_rpc.js).
    #[serde(skip)]
    pub stubs: Option<Vec<super::stubs::Stub>>,
}

/// How an isolate reaches its version's object host.
#[derive(Clone, Default)]
pub enum ObjectsLink {
    /// The worker has no Durable Object bindings.
    #[default]
    None,
    /// A request isolate: keeps the host alive as long as its version runs.
    Owner(Arc<Objects>),
    /// The object isolate itself (the host owns its pool, so not the other way round).
    Member(Weak<Objects>),
}

impl ObjectsLink {
    pub fn get(&self) -> Option<Arc<Objects>> {
        match self {
            ObjectsLink::None => None,
            ObjectsLink::Owner(objects) => Some(objects.clone()),
            ObjectsLink::Member(objects) => objects.upgrade(),
        }
    }
}

/// The object host of one worker version.
pub struct Objects {
    /// What the object isolate runs: the version's own config, linked back here.
    config: IsolateConfig,
    settings: PoolSettings,
    /// Started on the first call.
    pool: OnceCell<Pool>,
    /// The host's runtime: the object pool's tasks must outlive any one isolate.
    runtime: tokio::runtime::Handle,
    /// Alarms of the objects in this state directory (none without one).
    alarms: OnceLock<Arc<alarms::Scheduler>>,
}

/// Each own class's namespace as the state directory has it (namespaces.rs),
/// written into the version's bindings before any isolate reads them. A
/// version that cannot know them does not start: its objects could land in
/// the wrong namespace.
fn settle_namespaces(config: &mut IsolateConfig) -> Result<(), StartError> {
    let Some(dir) = &config.objects_dir else { return Ok(()) };
    let bindings = &config.bundle.manifest.bindings;
    if bindings.durable_objects.iter().all(|b| b.script_name.is_some()) && bindings.gone_object_classes.is_empty() {
        return Ok(());
    }
    let bundle = Arc::make_mut(&mut config.bundle);
    let bindings = &mut bundle.manifest.bindings;
    namespaces::settle(dir, &mut bindings.durable_objects, &bindings.gone_object_classes)
        .map_err(|err| StartError::Worker(format!("its Durable Object namespaces: {}", err.0)))
}

impl Objects {
    /// The object host for a version about to start with `config` (called on the
    /// host's runtime); `config.objects` becomes the link request isolates use.
    pub fn attach(config: &mut IsolateConfig, settings: PoolSettings) -> Result<(), StartError> {
        // Only classes of its own: another worker's objects are that worker's (`script_name`).
        let own = config.bundle.manifest.bindings.durable_objects.iter().any(|binding| binding.script_name.is_none());
        if !matches!(config.objects, ObjectsLink::None) {
            return Ok(());
        }
        settle_namespaces(config)?;
        if !own {
            return Ok(());
        }
        let runtime = tokio::runtime::Handle::current();
        let objects = Arc::new_cyclic(|this| {
            let mut own = config.clone();
            own.objects = ObjectsLink::Member(this.clone());
            // One isolate holds every object: one live instance per id.
            // It takes every call for every object, so no per-isolate cap applies.
            let settings = PoolSettings {
                min_isolates: 1,
                max_isolates: 1,
                max_concurrent_requests: 100_000,
                // Objects leave memory on their own idle timeout; their isolate stays.
                idle_unload_s: 0,
                ..settings
            };
            Objects { config: own, settings, pool: OnceCell::new(), runtime, alarms: OnceLock::new() }
        });
        if let Some(dir) = &config.objects_dir {
            match alarms::Scheduler::attach(dir, &objects) {
                Ok(scheduler) => {
                    let _ = objects.alarms.set(scheduler);
                }
                Err(err) => events::emit(events::Event::ObjectStateFailed { error: err.0 }),
            }
        }
        config.objects = ObjectsLink::Owner(objects);
        Ok(())
    }

    /// Runs `request` (which names its object) on the object isolate of the
    /// newest version using this state directory: after a reload or a version
    /// switch, the old version's isolates (finishing their requests) reach the
    /// same live objects as the new one, so there is still one instance per id.
    pub async fn call(self: Arc<Self>, request: WorkerRequest) -> Handled {
        let newest = self.alarms().and_then(|scheduler| scheduler.current());
        let this = match newest {
            Some(newest) if !Arc::ptr_eq(&newest, &self) => newest,
            _ => self,
        };
        this.call_here(request).await
    }

    async fn call_here(self: Arc<Self>, request: WorkerRequest) -> Handled {
        let runtime = self.runtime.clone();
        let handled = runtime
            .spawn(async move {
                let pool = self.pool.get_or_try_init(|| Pool::start(self.config.clone(), self.settings)).await.map_err(
                    |err| WorkerError::isolate_gone(format!("the Durable Object host failed to start: {err}")),
                );
                match pool {
                    Ok(pool) => pool.run(request).await,
                    Err(error) => Handled { isolate: None, outcome: Err(error) },
                }
            })
            .await;
        handled.unwrap_or_else(|_| Handled {
            isolate: None,
            outcome: Err(WorkerError::isolate_gone("the Durable Object host went away")),
        })
    }

    /// The namespace of this worker's class `class` (config/object_classes.rs).
    pub fn namespace_name(&self, class: &str) -> String {
        crate::bundle::object_namespace(&self.config.bundle.manifest.bindings.durable_objects, class).to_string()
    }

    /// The class whose objects are in `namespace` now, if one is.
    pub fn class_of(&self, namespace: &str) -> Option<String> {
        crate::bundle::object_class(&self.config.bundle.manifest.bindings.durable_objects, namespace)
            .map(str::to_string)
    }

    /// How long an object may sit idle in memory.
    pub fn idle_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.settings.object_idle_timeout_s)
    }

    /// The alarm scheduler, if the host keeps state.
    pub fn alarms(&self) -> Option<&Arc<alarms::Scheduler>> {
        self.alarms.get()
    }
}
