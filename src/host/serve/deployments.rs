//! Deployments: what each one runs now, and how a version becomes that.
//!
//! Every package is fetched (from a local directory or the registry) and checked
//! by `package::unpack` against the trusted publisher keys before anything runs;
//! a refused package is logged with the reason and its deployment stays on what
//! it had. A switch starts the new version's pool completely, then swaps the
//! pool and its cron schedule in together: new requests go to the new version,
//! requests in flight finish on the old one. Switches of one deployment are
//! serialized, so two at once cannot leave the pool of one version running with
//! the schedule of the other. Rolling back is switching to an older version.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};

use anyhow::{Context, Result};
use deno_core::url::Url;

use super::super::cron::Schedule;
use super::super::queues::{self, Consumers};
use super::super::workflows::{self, Runners};
use super::calls::Siblings;
use super::routing::Routes;
use super::secrets::Secrets;
use crate::assets::{self, Assets, Files};
use crate::cache::CacheStore;
use crate::config::serve::{DeploymentConfig, LATEST, ServeConfig};
use crate::deploy::package::{self, PackageError, Verified};
use crate::deploy::registry::RegistryClient;
use crate::http::Route;
use crate::kv::{KvStore, SqliteStore};
use crate::runtime::analytics::AnalyticsStore;
use crate::runtime::d1::D1Store;
use crate::runtime::metrics::RequestMetrics;
use crate::runtime::objects::Objects;
use crate::runtime::queues::QueueStore;
use crate::runtime::r2::R2Store;
use crate::runtime::rate_limits::RateLimits;
use crate::runtime::services::ServiceDirectory;
use crate::runtime::workflows::WorkflowStore;
use crate::runtime::{IsolateConfig, Pool, Worker};

/// One deployment as it runs now.
pub(super) struct Running {
    pub config: DeploymentConfig,
    pub pool: Arc<Pool>,
    /// What requests routed to it get: its pool, names (its version's too) and metrics.
    pub route: Arc<Route>,
    /// The crons of this version; replaced (and stopped) with it.
    pub schedule: Schedule,
    /// Delivery of the queues this version consumes; replaced (and stopped) with it.
    pub consumers: Consumers,
    /// The runs of its workflows' instances; replaced (and stopped) with it.
    pub runners: Runners,
    /// Its workflows' instances (the deployment's, kept across versions).
    pub workflows: Arc<WorkflowStore>,
}

pub struct Host {
    pub(super) config: ServeConfig,
    pub(super) deployments: Arc<RwLock<BTreeMap<String, Arc<Running>>>>,
    /// Which of them serves a host and path; made again with each change of `deployments`.
    pub(super) routes: RwLock<Routes>,
    /// One KV store per deployment, opened once and kept across versions.
    stores: Mutex<BTreeMap<String, Arc<dyn KvStore>>>,
    /// One workflow store per deployment (`<its state_dir>/workflows/`), kept
    /// across versions: a new version goes on with the instances of the old.
    workflows: Mutex<BTreeMap<String, Arc<WorkflowStore>>>,
    /// Held by a switch of that deployment from its start to its swap.
    switching: Mutex<BTreeMap<String, Arc<tokio::sync::Mutex<()>>>>,
    registry: Option<RegistryClient>,
    /// Every configured deployment has started or been refused (logged).
    ready: std::sync::atomic::AtomicBool,
    pub(super) secrets: Secrets,
    /// Every deployment's queues (`<state_dir>/queues/`): a queue is the
    /// host's, so one deployment sends to it and another consumes it.
    queues: Arc<QueueStore>,
    /// Analytics Engine's datasets (`<state_dir>/analytics/`): an account's on
    /// Cloudflare, so the host's here.
    analytics: Arc<AnalyticsStore>,
    /// The rate limiters' counts: the process's, each deployment's namespaces its own.
    rate_limits: Arc<RateLimits>,
    /// In a worker process: the deployments the other worker processes run.
    siblings: Option<Arc<Siblings>>,
}

/// The deployments as service bindings find them: by name, the version each
/// runs now; in this process, or (with `[host] worker_processes`) called in
/// the other worker process that runs it (calls.rs).
struct Directory {
    here: Arc<RwLock<BTreeMap<String, Arc<Running>>>>,
    siblings: Option<Arc<Siblings>>,
}

impl Directory {
    fn here(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<String, Arc<Running>>> {
        self.here.read().expect("deployments lock")
    }
}

/// The pool of deployment `name` reached as a user worker of dispatch
/// namespace `namespace` (`None`: as no namespace's, which a user worker is
/// not, as on Cloudflare).
fn pool_as(deployments: &BTreeMap<String, Arc<Running>>, name: &str, namespace: Option<&str>) -> Option<Arc<Pool>> {
    let running = deployments.get(name)?;
    (running.config.dispatch_namespace.as_deref() == namespace).then(|| running.pool.clone())
}

/// The Durable Object host of deployment `name`.
fn objects_of(deployments: &BTreeMap<String, Arc<Running>>, name: &str) -> Option<Arc<Objects>> {
    deployments.get(name)?.pool.config().objects.get()
}

impl ServiceDirectory for Directory {
    /// A deployment that is no dispatch namespace's user worker: those are
    /// reached through their namespace only, as on Cloudflare.
    fn worker(&self, service: &str) -> Option<Arc<dyn Worker>> {
        let deployments = self.here();
        match deployments.contains_key(service) {
            true => pool_as(&deployments, service, None).map(|pool| pool as Arc<dyn Worker>),
            false => self.siblings.as_ref()?.worker(service),
        }
    }

    /// A deployment reaches itself, user worker of a dispatch namespace or not.
    fn this_worker(&self, name: &str) -> Option<Arc<dyn Worker>> {
        self.here().get(name).map(|running| running.pool.clone() as Arc<dyn Worker>)
    }

    fn workflows(&self, script: &str) -> Option<Arc<WorkflowStore>> {
        match self.here().get(script) {
            Some(running) => Some(running.workflows.clone()),
            None => self.siblings.as_ref()?.workflows(script),
        }
    }

    fn objects(&self, script: &str) -> Option<Arc<Objects>> {
        objects_of(&self.here(), script)
    }

    fn objects_elsewhere(&self, script: &str) -> Option<Arc<dyn Worker>> {
        self.siblings.as_ref()?.objects(script)
    }

    fn dispatch(&self, namespace: &str, script: &str) -> Option<Arc<dyn Worker>> {
        let deployments = self.here();
        match deployments.contains_key(script) {
            true => pool_as(&deployments, script, Some(namespace)).map(|pool| pool as Arc<dyn Worker>),
            false => self.siblings.as_ref()?.dispatch(namespace, script),
        }
    }

    fn missing(&self, service: &str) -> String {
        format!("no deployment named \"{service}\" runs in this worky serve")
    }
}

/// Writes a verified package's assets under `dir`, each named by its sha256
/// (content-addressed: versions share what did not change; a file already
/// there is not written again). Written to a temporary name and renamed, so a
/// crash never leaves a partial file under a digest.
fn store_assets(dir: &std::path::Path, assets: Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (sha256, bytes) in assets {
        let path = dir.join(&sha256);
        if path.exists() {
            continue;
        }
        let temporary = dir.join(format!(".{sha256}.partial"));
        std::fs::write(&temporary, &bytes)?;
        std::fs::rename(&temporary, &path)?;
    }
    Ok(())
}

/// A package `deployment` could not run: its fetch or its verification failed.
fn package_failed(deployment: &str, stage: &'static str) {
    metrics::counter!("worky_package_failures_total", "deployment" => deployment.to_string(), "stage" => stage)
        .increment(1);
}

impl Host {
    pub(super) fn new(config: ServeConfig, siblings: Option<Arc<Siblings>>) -> Result<Host> {
        let secrets = Secrets::open(&config.state_dir)?;
        let queues = Arc::new(QueueStore::new(&config.state_dir.join("queues")));
        let analytics = Arc::new(AnalyticsStore::new(&config.state_dir.join("analytics")));
        Ok(Host {
            secrets,
            queues,
            analytics,
            rate_limits: Arc::default(),
            siblings,
            registry: config
                .registry
                .as_deref()
                .map(|url| RegistryClient::new(url).with_read_token(config.registry_token.clone())),
            config,
            deployments: Arc::new(RwLock::new(BTreeMap::new())),
            routes: RwLock::new(Routes::default()),
            stores: Mutex::new(BTreeMap::new()),
            workflows: Mutex::new(BTreeMap::new()),
            switching: Mutex::new(BTreeMap::new()),
            ready: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// In a worker process: the other worker processes, as its workers reach them.
    pub(super) fn siblings(&self) -> Option<&Arc<Siblings>> {
        self.siblings.as_ref()
    }

    /// The pool of deployment `name` here, for a call from another worker
    /// process: through `namespace` for a dispatch namespace's user worker.
    pub(super) fn pool_of(&self, name: &str, namespace: Option<&str>) -> Option<Arc<Pool>> {
        pool_as(&self.deployments.read().expect("deployments lock"), name, namespace)
    }

    /// The Durable Object host of deployment `name` here, for a call from
    /// another worker process.
    pub(super) fn objects_of(&self, name: &str) -> Option<Arc<Objects>> {
        objects_of(&self.deployments.read().expect("deployments lock"), name)
    }

    /// Every configured deployment has been tried: `/__worky/ready` answers yes.
    pub fn set_ready(&self) {
        self.ready.store(true, std::sync::atomic::Ordering::Release);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The gauges read at scrape time: isolates per deployment, deployments running.
    pub fn record_gauges(&self) {
        let deployments = self.deployments.read().expect("deployments lock");
        for (name, running) in deployments.iter() {
            metrics::gauge!("worky_isolates", "deployment" => name.clone()).set(running.pool.size() as f64);
            metrics::gauge!("worky_isolates_starting", "deployment" => name.clone())
                .set(running.pool.starting() as f64);
        }
        metrics::gauge!("worky_deployments").set(deployments.len() as f64);
    }

    /// Fetches, verifies and starts `name@version`, then swaps it in; returns the
    /// version (what "latest" resolved to).
    pub async fn deploy(&self, name: &str, version: &str) -> Result<String> {
        let deployment = self
            .config
            .deployment(name)
            .cloned()
            .with_context(|| format!("no deployment named {name} in the serve config"))?;
        let lock = self.switching.lock().expect("switching lock").entry(name.to_string()).or_default().clone();
        let _switching = lock.lock().await;
        let version = self.resolve(name, version).await.inspect_err(|_| package_failed(name, "fetch"))?;
        let bytes = self.fetch(name, &version).await.inspect_err(|_| package_failed(name, "fetch"))?;
        // Only the keys this deployment is pinned to (or, unpinned, any trusted key).
        let allowed = deployment.allowed_publishers(&self.config.trusted_keys);
        let refused = |err: anyhow::Error| {
            package_failed(name, "verify");
            err
        };
        let Verified { bundle, publisher, assets } = package::unpack(&bytes, allowed)
            .map_err(|err| match err {
                PackageError::UntrustedKey(key) if self.config.trusted_keys.contains(&key) => {
                    anyhow::anyhow!(
                        "refused {name}@{version}: signed by {key}, which is not one of this deployment's publishers"
                    )
                }
                err => anyhow::anyhow!("refused {name}@{version}: {err}"),
            })
            .map_err(refused)?;
        if bundle.manifest.name != name || bundle.manifest.version.as_deref() != Some(version.as_str()) {
            let err = anyhow::anyhow!(
                "refused {name}@{version}: the package is {}@{:?}",
                bundle.manifest.name,
                bundle.manifest.version
            );
            return Err(refused(err));
        }
        let limits = deployment.limits_for(bundle.manifest.limits.into());
        limits.validate().map_err(|err| refused(anyhow::anyhow!("refused {name}@{version}: {err}")))?;
        let assets = match &bundle.manifest.assets {
            None => None,
            Some(settings) => {
                let dir = deployment.state_dir.join("assets");
                store_assets(&dir, assets).with_context(|| format!("{name}@{version}: cannot store its assets"))?;
                Some(Arc::new(assets::Live::new(Assets::new(settings.clone(), Files::ByDigest(dir)))))
            }
        };
        let crons = bundle.manifest.triggers.crons.clone();
        let consumed = bundle.manifest.triggers.queues.clone();
        let workflow_bindings = bundle.manifest.bindings.workflows.clone();
        let workflows = self.workflow_store(&deployment);
        let kv = match bundle.manifest.bindings.kv_namespaces.is_empty() {
            true => None,
            false => Some(self.store(&deployment)?),
        };
        let specifier = Url::parse(&format!("file:///worky/{name}/{version}/worker.js"))?;
        // The package's vars, then the deployment's secrets (which win, as in wrangler).
        let mut env = bundle.manifest.bindings.vars.clone();
        let mut secrets =
            self.secrets.values(&deployment.state_dir, name).map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
        // A Hyperdrive binding's connection string is the secret of its name (not also a string in env).
        let hyperdrive: Vec<(String, Option<String>)> = bundle
            .manifest
            .bindings
            .hyperdrive
            .iter()
            .map(|binding| {
                let secret = secrets.remove(binding);
                let problem = secret.as_deref().and_then(crate::config::project::connection_string_problem);
                if let Some(problem) = problem {
                    tracing::error!(
                        deployment = name,
                        "{name}: the secret {binding}, Hyperdrive's connection string: {problem}"
                    );
                    return (binding.clone(), None);
                }
                (binding.clone(), secret)
            })
            .collect();
        let secrets_store = super::super::secrets_store_values(&bundle.manifest.bindings.secrets_store, &mut secrets);
        env.extend(secrets.into_iter().map(|(key, value)| (key, serde_json::Value::String(value))));
        let env = serde_json::Value::Object(env);
        let grace = self.config.pool.grace();
        let egress = deployment.egress.clone();
        let objects_dir = Some(deployment.state_dir.join("objects"));
        let config = IsolateConfig {
            env,
            limits,
            bundle: Arc::new(bundle),
            specifier,
            kv,
            grace,
            egress,
            objects_dir,
            objects: Default::default(),
            cache: Some(Arc::new(CacheStore::new(
                &deployment.state_dir.join("cache.sqlite3"),
                self.config.cache_max_bytes,
            ))),
            assets,
            d1: Some(Arc::new(D1Store::new(&deployment.state_dir.join("d1")))),
            services: Some(Arc::new(Directory { here: self.deployments.clone(), siblings: self.siblings.clone() })),
            r2: Some(Arc::new(R2Store::new(&deployment.state_dir.join("r2")))),
            queues: Some(self.queues.clone()),
            hyperdrive,
            analytics: Some(self.analytics.clone()),
            workflows: Some(workflows.clone()),
            rate_limits: Some(self.rate_limits.clone()),
            secrets_store,
            email_outbox: Some(deployment.state_dir.join("email")),
            // A self-hosted edge knows the client's address, not its place.
            request_cf: None,
            dynamic: None,
        };
        let pool = Arc::new(
            Pool::start(config, self.config.pool)
                .await
                .map_err(|err| anyhow::anyhow!("{name}@{version} failed to start: {err}"))?,
        );
        let schedule = Schedule::start(name, &crons, pool.clone() as Arc<dyn Worker>);
        let report: queues::Report = Arc::new(queues::log_delivery);
        let consumers = Consumers::start(name, &consumed, &self.queues, pool.clone() as Arc<dyn Worker>, report);
        let report: workflows::Report = Arc::new(workflows::log_run);
        let runners = Runners::start(name, &workflow_bindings, &workflows, pool.clone() as Arc<dyn Worker>, report);
        let metrics = Arc::new(RequestMetrics::new(name, &version));
        let route = Arc::new(Route {
            worker: pool.clone() as Arc<dyn Worker>,
            deployment: name.into(),
            version: version.as_str().into(),
            metrics,
        });
        let running = Running { config: deployment, pool, route, schedule, consumers, runners, workflows };
        // The old version (its pool and its crons) goes with this one assignment.
        {
            let mut deployments = self.deployments.write().expect("deployments lock");
            let config = running.config.clone();
            let replaced = deployments.insert(name.to_string(), Arc::new(running));
            let mut routes = self.routes.write().expect("routes lock");
            match replaced {
                // A new version of the same deployment routes as the old one.
                Some(old) if old.config == config => {}
                Some(_) => *routes = Routes::new(deployments.values().map(|running| &running.config)),
                None => routes.add(&config),
            }
        }
        tracing::info!(deployment = name, version, publisher, "Deployed {name}@{version}, signed by {publisher}");
        Ok(version)
    }

    async fn resolve(&self, name: &str, version: &str) -> Result<String> {
        if version != LATEST {
            return Ok(version.to_string());
        }
        let registry = self.registry.as_ref().context("version \"latest\" needs a registry")?;
        Ok(registry.latest(name).await?)
    }

    async fn fetch(&self, name: &str, version: &str) -> Result<Vec<u8>> {
        if let Some(dir) = &self.config.packages_dir {
            let path = dir.join(format!("{name}-{version}.{}", package::EXTENSION));
            if path.is_file() || self.registry.is_none() {
                return std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()));
            }
        }
        let registry = self.registry.as_ref().context("no registry configured")?;
        Ok(registry.download(name, version).await?)
    }

    fn workflow_store(&self, deployment: &DeploymentConfig) -> Arc<WorkflowStore> {
        let mut stores = self.workflows.lock().expect("workflow stores lock");
        let store = stores.entry(deployment.name.clone());
        store.or_insert_with(|| Arc::new(WorkflowStore::new(&deployment.state_dir.join("workflows")))).clone()
    }

    fn store(&self, deployment: &DeploymentConfig) -> Result<Arc<dyn KvStore>> {
        let mut stores = self.stores.lock().expect("stores lock");
        if let Some(store) = stores.get(&deployment.name) {
            return Ok(store.clone());
        }
        let store: Arc<dyn KvStore> = Arc::new(SqliteStore::open(&deployment.state_dir.join("kv.sqlite3"))?);
        stores.insert(deployment.name.clone(), store.clone());
        Ok(store)
    }
}
