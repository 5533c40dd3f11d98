//! Worker Loaders (Dynamic Workers): a worker's `env.LOADER.get(id, getCode)`
//! or `load(code)` runs code it was given at run time in an isolate of its
//! own (runtime_js/30_loaders.js, the ops in ops/loaders.rs). Each Dynamic
//! Worker is a `Pool` of one isolate running the bundle of its modules
//! (bundle::dynamic), with the loading worker's limits and no bindings but
//! what its `env` passes: data, and the loading worker's service bindings
//! and `ctx.exports` entrypoints (`Fetcher`s), which become service bindings
//! of its own.
//!
//! The Dynamic Workers an isolate loaded are its own (in its OpState): they
//! go when it goes, and a later `get` of the same id, in this isolate or
//! another, starts the worker again from `getCode`, as Workers may. Each
//! isolate keeps at most `MAX_LOADED`, and no more of their bundles than its
//! memory limit (`LoaderParent::code_budget`); past either, the least
//! recently used goes.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::bundle::{DynamicCode, ServiceBinding};

use super::egress::Egress;
use super::isolate::{IsolateConfig, StartError};
use super::pool::Pool;
use super::protocol::Worker;
use super::services::ServiceDirectory;
use super::settings::{Limits, PoolSettings};

/// The most Dynamic Workers one isolate keeps loaded at once.
pub const MAX_LOADED: usize = 32;

/// What a Dynamic Worker's `fetch()` and `connect()` reach (`globalOutbound`).
#[derive(Debug, Clone, PartialEq)]
pub enum Outbound {
    /// What the loading worker reaches (its egress policy).
    Inherit,
    /// Nothing: they throw (`globalOutbound: null`).
    Blocked,
    /// Every `fetch()` goes to this one of its env's service bindings.
    Service(usize),
}

/// What makes a Dynamic Worker's isolate one: its `env` (the structured-clone
/// bytes, the Fetchers in them standing for its service bindings, in order)
/// and where its outbound requests go.
#[derive(Debug, Clone)]
pub struct DynamicSetup {
    pub env: Vec<u8>,
    pub outbound: Outbound,
}

/// The name of a Dynamic Worker's n-th service binding: one no `env` key can
/// be (the Fetchers are found through the env's marks, not by name).
pub fn env_service_name(n: usize) -> String {
    format!("\0env:{n}")
}

/// What a Fetcher in a Dynamic Worker's `env` stands for: one of the loading
/// worker's service bindings, or (`LOOPBACK`) one of its own exports.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvService {
    pub binding: String,
    pub export: Option<String>,
}

/// What the loading isolate gives the Dynamic Workers it starts.
#[derive(Clone)]
pub struct LoaderParent {
    /// The loading worker's name: the Dynamic Workers' logs and metrics go under it.
    pub name: String,
    pub limits: Limits,
    pub grace: Duration,
    pub egress: Egress,
    pub services: Option<Arc<dyn ServiceDirectory>>,
    /// The loading worker's own service bindings (an env Fetcher may be one).
    pub service_bindings: Vec<ServiceBinding>,
}

impl LoaderParent {
    /// With the code's own `limits` (workerd's `cpuMs`, `subRequests`) where
    /// they are lower: a Dynamic Worker never gets more than its loader. A CPU
    /// limit of 0 is 1 ms (worky's least).
    pub fn narrowed(mut self, cpu_ms: Option<u64>, subrequests: Option<u64>) -> LoaderParent {
        if let Some(cpu_ms) = cpu_ms {
            self.limits.cpu_ms = self.limits.cpu_ms.min(cpu_ms.max(1));
        }
        if let Some(subrequests) = subrequests {
            self.limits.subrequests = self.limits.subrequests.min(subrequests);
        }
        self
    }
}

/// The Dynamic Workers one isolate loaded, by binding and id.
pub struct DynamicWorkers {
    pub parent: LoaderParent,
    /// The worker's Worker Loader bindings.
    pub bindings: Vec<String>,
    loaded: Kept<Arc<Pool>>,
}

/// Why a Dynamic Worker could not be started; the text is what the call rejects with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub String);

impl DynamicWorkers {
    pub fn new(parent: LoaderParent, bindings: Vec<String>) -> DynamicWorkers {
        let loaded = Kept::new(MAX_LOADED, parent.code_budget());
        DynamicWorkers { parent, bindings, loaded }
    }

    /// The worker loaded as `id` through `binding`, if it still is.
    pub fn get(&mut self, binding: &str, id: &str) -> Option<Arc<Pool>> {
        self.loaded.get(&(binding.to_string(), id.to_string()))
    }

    /// Keeps `pool` (whose bundle is `bytes` long) as `id` of `binding`,
    /// letting the least recently used go while there are more than
    /// `MAX_LOADED` or their bundles pass the loader's code budget.
    pub fn insert(&mut self, binding: &str, id: &str, pool: Arc<Pool>, bytes: usize) {
        self.loaded.insert((binding.to_string(), id.to_string()), pool, bytes);
    }
}

impl LoaderParent {
    /// The most bytes of Dynamic Workers' bundles one isolate keeps: its own
    /// memory limit, so a worker cannot hold more of them than of its heap
    /// (each may be 64 MiB; 32 of them would be 2 GiB outside any heap).
    pub fn code_budget(&self) -> usize {
        usize::try_from(self.limits.memory_mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX)
    }
}

/// Values by key, the least recently used going first while there are more
/// than `max_items` or their sizes add up to more than `max_bytes`.
struct Kept<T> {
    items: HashMap<(String, String), (T, usize, u64)>,
    max_items: usize,
    max_bytes: usize,
    bytes: usize,
    /// A clock of uses.
    uses: u64,
}

impl<T: Clone> Kept<T> {
    fn new(max_items: usize, max_bytes: usize) -> Kept<T> {
        Kept { items: HashMap::new(), max_items, max_bytes, bytes: 0, uses: 0 }
    }

    fn get(&mut self, key: &(String, String)) -> Option<T> {
        self.uses += 1;
        let (value, _, last_used) = self.items.get_mut(key)?;
        *last_used = self.uses;
        Some(value.clone())
    }

    fn insert(&mut self, key: (String, String), value: T, bytes: usize) {
        self.uses += 1;
        if let Some((_, replaced, _)) = self.items.insert(key.clone(), (value, bytes, self.uses)) {
            self.bytes -= replaced;
        }
        self.bytes += bytes;
        while self.items.len() > self.max_items || (self.bytes > self.max_bytes && self.items.len() > 1) {
            let oldest = self
                .items
                .iter()
                .filter(|(other, _)| **other != key)
                .min_by_key(|(_, (_, _, last_used))| *last_used)
                .map(|(other, _)| other.clone());
            let Some(oldest) = oldest else { break };
            if let Some((_, gone, _)) = self.items.remove(&oldest) {
                self.bytes -= gone;
            }
        }
    }
}

/// Starts a Dynamic Worker: its code bundled, an isolate of its own running
/// it, `env` and `outbound` as the loading worker gave them; answers it and
/// its bundle's size.
pub async fn start(
    parent: &LoaderParent,
    label: &str,
    code: &DynamicCode,
    env: Vec<u8>,
    env_services: &[EnvService],
    outbound: Outbound,
) -> Result<(Arc<Pool>, usize), LoadError> {
    let mut bundle = bundle_aside(code.clone(), parent.name.clone(), label.to_string(), parent.limits).await?;
    let bytes = bundle.code.len() + bundle.map.len();
    if bytes > parent.code_budget() {
        return Err(LoadError(format!(
            "The Dynamic Worker's code is {bytes} bytes once built, more than this worker may keep: its memory \
             limit ({} MB) bounds the Dynamic Workers' code it holds.",
            parent.limits.memory_mb
        )));
    }
    bundle.manifest.bindings.services = service_bindings(parent, env_services)?;
    let bundle = Arc::new(bundle);
    let specifier =
        deno_core::ModuleSpecifier::parse(&format!("{DYNAMIC_ROOT}{}", crate::bundle::CODE_FILE)).expect("a valid URL");
    let egress = match outbound {
        Outbound::Inherit => parent.egress.clone(),
        // Nothing goes out but through the worker's bindings; the JS says so
        // in workerd's words, and this makes sure.
        Outbound::Blocked | Outbound::Service(_) => Egress::nowhere(),
    };
    let own = Arc::new(OwnDirectory {
        parent: parent.services.clone(),
        parent_name: parent.name.clone(),
        own: std::sync::OnceLock::new(),
    });
    let config = IsolateConfig {
        bundle,
        specifier,
        env: serde_json::Value::Object(Default::default()),
        limits: parent.limits,
        kv: None,
        grace: parent.grace,
        egress,
        objects_dir: None,
        objects: Default::default(),
        cache: None,
        assets: None,
        d1: None,
        services: Some(own.clone()),
        r2: None,
        queues: None,
        hyperdrive: Vec::new(),
        analytics: None,
        workflows: None,
        secrets_store: Vec::new(),
        rate_limits: None,
        email_outbox: None,
        request_cf: None,
        dynamic: Some(Arc::new(DynamicSetup { env, outbound })),
    };
    let settings =
        PoolSettings { min_isolates: 1, max_isolates: 1, grace_s: parent.grace.as_secs(), ..PoolSettings::default() };
    let pool = Pool::start(config, settings).await.map_err(|err| LoadError(start_failure(&err)))?;
    let pool = Arc::new(pool);
    let _ = own.own.set(Arc::downgrade(&pool));
    Ok((pool, bytes))
}

/// Why the worker did not start, as workerd says it: an exception its module
/// threw is "Uncaught", and its frames name the modules as the code did.
fn start_failure(err: &StartError) -> String {
    match err {
        StartError::Worker(message) => {
            let message = message.replace(DYNAMIC_ROOT, "").replace("\n    at ", "\n  at ");
            format!("Failed to start Worker:\nUncaught {message}")
        }
        other => format!("Failed to start Worker:\n{other}"),
    }
}

/// Where a Dynamic Worker's modules are, as its stack frames name them.
const DYNAMIC_ROOT: &str = "file:///dynamic/";

/// Bundles the code on a thread of its own: the bundler's work is not the
/// loading isolate's (its CPU limit counts what runs on its thread).
async fn bundle_aside(
    code: DynamicCode,
    name: String,
    label: String,
    limits: Limits,
) -> Result<crate::bundle::Bundle, LoadError> {
    let built = tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        let runtime = runtime.map_err(|err| LoadError(format!("cannot start the bundler: {err}")))?;
        runtime.block_on(code.bundle(&name, &label, limits.into())).map_err(|err| LoadError(err.0))
    });
    built.await.map_err(|err| LoadError(format!("the bundler failed: {err}")))?
}

/// The env's Fetchers as service bindings of the Dynamic Worker (`\0env:n`).
fn service_bindings(parent: &LoaderParent, env_services: &[EnvService]) -> Result<Vec<ServiceBinding>, LoadError> {
    env_services
        .iter()
        .enumerate()
        .map(|(n, service)| {
            let name = env_service_name(n);
            if service.binding == super::services::LOOPBACK {
                return Ok(ServiceBinding { name, service: parent.name.clone(), entrypoint: service.export.clone() });
            }
            let found = parent.service_bindings.iter().find(|binding| binding.name == service.binding);
            let found = found.ok_or_else(|| {
                LoadError(format!(
                    "env.{} cannot be passed to a Dynamic Worker: worky passes the loading worker's service \
                     bindings and ctx.exports entrypoints",
                    service.binding
                ))
            })?;
            Ok(ServiceBinding { name, ..found.clone() })
        })
        .collect()
}

/// Whom a Dynamic Worker's service bindings reach: the loading worker's
/// (its own exports among them), and for its own `ctx.exports`, itself.
struct OwnDirectory {
    parent: Option<Arc<dyn ServiceDirectory>>,
    parent_name: String,
    own: std::sync::OnceLock<Weak<Pool>>,
}

impl ServiceDirectory for OwnDirectory {
    fn worker(&self, service: &str) -> Option<Arc<dyn Worker>> {
        let parent = self.parent.as_ref()?;
        if service == self.parent_name { parent.this_worker(service) } else { parent.worker(service) }
    }

    fn missing(&self, service: &str) -> String {
        match &self.parent {
            Some(parent) => parent.missing(service),
            None => format!("no worker named \"{service}\" runs on this host"),
        }
    }

    fn this_worker(&self, _name: &str) -> Option<Arc<dyn Worker>> {
        Some(self.own.get()?.upgrade()? as Arc<dyn Worker>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ModuleBody;

    fn key(id: &str) -> (String, String) {
        ("LOADER".to_string(), id.to_string())
    }

    /// Code that alone is more than the loader may keep is refused once built,
    /// before any isolate starts; code within it is not refused for its size.
    #[tokio::test]
    async fn code_over_the_loaders_budget_is_refused_before_it_starts() {
        let parent = LoaderParent {
            name: "loader".into(),
            limits: Limits { memory_mb: 1, ..Limits::default() },
            grace: Duration::from_secs(1),
            egress: Egress::open(),
            services: None,
            service_bindings: Vec::new(),
        };
        let code = |text_bytes: usize| DynamicCode {
            compatibility_date: "2025-06-01".into(),
            compatibility_flags: Vec::new(),
            main_module: "m.js".into(),
            modules: vec![
                ("m.js".into(), ModuleBody::EsModule("import t from './t.txt'; export default { t };".into())),
                ("t.txt".into(), ModuleBody::Text("x".repeat(text_bytes))),
            ],
        };
        let start_of = |text_bytes| {
            let code = code(text_bytes);
            let parent = parent.clone();
            async move { start(&parent, "big", &code, Vec::new(), &[], Outbound::Blocked).await.map(|_| ()) }
        };
        let err = start_of(600 * 1024).await.unwrap_err();
        assert!(err.0.starts_with("The Dynamic Worker's code is "), "{err}");
        assert!(err.0.contains("memory limit (1 MB)"), "{err}");
        // Half as much fits (the source map holds the text again): what fails
        // then is the start itself, there being no isolate stock in a unit test
        // or not, never the budget.
        if let Err(err) = start_of(200 * 1024).await {
            assert!(!err.0.contains("more than this worker may keep"), "{err}");
        }
    }

    #[test]
    fn the_least_recently_used_goes_past_the_count() {
        let mut kept = Kept::new(2, usize::MAX);
        kept.insert(key("a"), 1, 0);
        kept.insert(key("b"), 2, 0);
        assert_eq!(kept.get(&key("a")), Some(1));
        kept.insert(key("c"), 3, 0);
        assert_eq!((kept.get(&key("a")), kept.get(&key("b")), kept.get(&key("c"))), (Some(1), None, Some(3)));
    }

    #[test]
    fn the_least_recently_used_goes_past_the_bytes_but_never_the_new_one() {
        let mut kept = Kept::new(32, 100);
        kept.insert(key("a"), 1, 50);
        kept.insert(key("b"), 2, 50);
        assert_eq!((kept.get(&key("a")), kept.get(&key("b"))), (Some(1), Some(2)), "100 bytes fit 100");
        kept.insert(key("c"), 3, 1);
        assert_eq!((kept.get(&key("a")), kept.get(&key("b")), kept.get(&key("c"))), (None, Some(2), Some(3)));
        assert_eq!(kept.bytes, 51);
        // Replacing a value counts its new size only.
        kept.insert(key("c"), 4, 10);
        assert_eq!(kept.bytes, 60);
        // One alone over the budget stays (start refuses such code before).
        kept.insert(key("d"), 5, 500);
        assert_eq!((kept.get(&key("b")), kept.get(&key("c")), kept.get(&key("d"))), (None, None, Some(5)));
        assert_eq!(kept.bytes, 500);
    }
}
