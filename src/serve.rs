//! `worky serve`: the production host. It runs published packages on the same
//! pool and runtime as `worky dev`, routed by Host header and/or path prefix.
//!
//! Every package is fetched (from a registry or a local directory) and checked
//! by `package::unpack` against the trusted publisher keys before anything runs;
//! a refused package is logged with the reason and its deployment stays on what
//! it had. Switching a deployment's version (`POST /__worky/deployments/NAME`
//! with the admin token, or `worky deploy NAME@VERSION`) starts the new pool
//! completely, then swaps it in: new requests go to the new version, requests in
//! flight finish on the old one. Rolling back is switching to an older version.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result, bail};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use deno_core::url::Url;
use serde::{Deserialize, Serialize};

use crate::kv::{KvStore, SqliteStore};
use crate::package::{self, Verified};
use crate::pool::Pool;
use crate::project::{Limits, PoolSettings};
use crate::runtime::IsolateConfig;
use crate::server::{self, Failure, Mode, Router, json_error};
use crate::ui;

/// `serve.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// Address to listen on, e.g. "0.0.0.0:8080".
    #[serde(default = "default_listen")]
    pub listen: String,
    /// Registry to fetch packages from...
    pub registry: Option<String>,
    /// ...or a directory of `<name>-<version>.worky` files.
    pub packages_dir: Option<PathBuf>,
    /// KV state, one directory per deployment.
    #[serde(default = "default_state_dir")]
    pub state_dir: PathBuf,
    /// Public keys (base64) whose packages may run.
    pub trusted_keys: Vec<String>,
    /// Guards the admin endpoint; without it the endpoint is off.
    pub admin_token: Option<String>,
    #[serde(default)]
    pub pool: Option<PoolSettings>,
    #[serde(default)]
    pub deployments: Vec<DeploymentConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentConfig {
    pub name: String,
    /// A version, or "latest" (registry only).
    #[serde(default = "latest")]
    pub version: String,
    /// Host names routed here (the port is ignored).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// A path prefix routed here, e.g. "/shop".
    pub path_prefix: Option<String>,
    /// Overrides the limits from the package's manifest.
    pub limits: Option<Limits>,
    /// Where this deployment's KV data lives [default: <state_dir>/<name>].
    pub state_dir: Option<PathBuf>,
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}

fn default_state_dir() -> PathBuf {
    PathBuf::from(".worky/serve-state")
}

fn latest() -> String {
    "latest".into()
}

impl ServeConfig {
    pub fn load(path: &Path) -> Result<ServeConfig> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut config: ServeConfig = toml::from_str(&text)
            .map_err(|err| anyhow::anyhow!("{}: {}", path.display(), err.to_string().trim_end()))?;
        if config.registry.is_none() && config.packages_dir.is_none() {
            bail!("{}: set `registry = \"http://...\"` or `packages_dir = \"...\"`", path.display());
        }
        let base = path.parent().unwrap_or(Path::new("."));
        config.state_dir = base.join(&config.state_dir);
        config.packages_dir = config.packages_dir.map(|dir| base.join(dir));
        for deployment in &mut config.deployments {
            deployment.state_dir = deployment.state_dir.as_ref().map(|dir| base.join(dir));
        }
        Ok(config)
    }
}

/// One deployment as it runs now.
struct Running {
    config: DeploymentConfig,
    version: String,
    pool: Arc<Pool>,
}

struct Host {
    config: ServeConfig,
    deployments: RwLock<BTreeMap<String, Arc<Running>>>,
    /// One KV store per deployment, opened once and kept across versions.
    stores: std::sync::Mutex<BTreeMap<String, Arc<dyn KvStore>>>,
    /// The cron tasks of each deployment's running version.
    schedules: std::sync::Mutex<BTreeMap<String, Vec<tokio::task::JoinHandle<()>>>>,
    http: reqwest::Client,
}

impl Router for Host {
    fn route(&self, host: &str, path: &str) -> Result<Arc<Pool>, Failure> {
        let host = host.rsplit_once(':').map_or(host, |(name, _)| name);
        let deployments = self.deployments.read().expect("deployments lock");
        // The longest matching path prefix wins; a host match counts as the most specific.
        let best = deployments
            .values()
            .filter_map(|d| {
                let host_match = d.config.hosts.iter().any(|h| h.eq_ignore_ascii_case(host));
                let prefix = d.config.path_prefix.as_deref().filter(|p| path.starts_with(p));
                match (host_match, prefix) {
                    (true, _) => Some((usize::MAX, d)),
                    (false, Some(prefix)) => Some((prefix.len(), d)),
                    _ => None,
                }
            })
            .max_by_key(|(score, _)| *score);
        match best {
            Some((_, deployment)) => Ok(deployment.pool.clone()),
            None => Err(Failure::not_found(format!("no deployment serves {host}{path}"))),
        }
    }
}

pub async fn run(config_path: &Path) -> Result<()> {
    let config = ServeConfig::load(config_path)?;
    let address: SocketAddr =
        config.listen.parse().with_context(|| format!("listen = \"{}\" is not an address:port", config.listen))?;
    let listener = server::bind(address).await?;
    let host = Arc::new(Host {
        deployments: RwLock::new(BTreeMap::new()),
        stores: Default::default(),
        schedules: Default::default(),
        http: reqwest::Client::new(),
        config: config.clone(),
    });
    for deployment in &config.deployments {
        match host.deploy(&deployment.name, &deployment.version).await {
            Ok(version) => ui::status("Deployed", format!("{}@{version}", deployment.name)),
            // One bad package does not keep the others down; the log says why.
            Err(err) => ui::error(format!("deployment {} not started: {err:#}", deployment.name)),
        }
    }
    let mut service = server::worker_service(host.clone(), Mode::Production, None);
    if config.admin_token.is_some() {
        let admin = axum::Router::new()
            .route("/__worky/deployments", get(list_deployments))
            .route("/__worky/deployments/{name}", post(switch_version))
            .with_state(host.clone());
        service = admin.merge(service);
    }
    ui::status("Serving", format!("on {}", ui::cyan(format!("http://{}", listener.local_addr()?))));
    server::serve(listener, service, server::shutdown_signal()).await?;
    ui::status("Stopped", "worky serve");
    Ok(())
}

impl Host {
    /// Fetches, verifies and starts `name@version`, then swaps it in; returns the version.
    async fn deploy(self: &Arc<Self>, name: &str, version: &str) -> Result<String> {
        let deployment = self
            .config
            .deployments
            .iter()
            .find(|d| d.name == name)
            .cloned()
            .with_context(|| format!("no deployment named {name} in the serve config"))?;
        let version = self.resolve(name, version).await?;
        let bytes = self.fetch(name, &version).await?;
        let Verified { bundle, publisher } = package::unpack(&bytes, &self.config.trusted_keys)
            .map_err(|err| anyhow::anyhow!("refused {name}@{version}: {err}"))?;
        if bundle.manifest.name != name || bundle.manifest.version.as_deref() != Some(version.as_str()) {
            bail!("refused {name}@{version}: the package is {}@{:?}", bundle.manifest.name, bundle.manifest.version);
        }
        let limits = deployment.limits.unwrap_or(bundle.manifest.limits);
        let crons = bundle.manifest.triggers.crons.clone();
        let kv = match bundle.manifest.bindings.kv_namespaces.is_empty() {
            true => None,
            false => Some(self.store(&deployment)?),
        };
        let specifier = Url::parse(&format!("file:///worky/{name}/{version}/worker.js"))?;
        let config = IsolateConfig {
            env: serde_json::Value::Object(bundle.manifest.bindings.vars.clone()),
            limits,
            bundle: Arc::new(bundle),
            specifier,
            kv,
        };
        let settings = self.config.pool.unwrap_or_default();
        let pool = Pool::start(config, settings)
            .await
            .map_err(|err| anyhow::anyhow!("{name}@{version} failed to start: {err}"))?;
        let running = Arc::new(Running { config: deployment, version: version.clone(), pool: Arc::new(pool) });
        self.deployments.write().expect("deployments lock").insert(name.to_string(), running);
        self.schedule(name, crons);
        ui::status("Verified", format!("{name}@{version} signed by {publisher}"));
        Ok(version)
    }

    /// Replaces the deployment's cron tasks with those of the version now running.
    fn schedule(self: &Arc<Self>, name: &str, crons: Vec<String>) {
        let host = Arc::downgrade(self);
        let key = name.to_string();
        let current = move || {
            let host = host.upgrade()?;
            let deployments = host.deployments.read().expect("deployments lock");
            deployments.get(&key).map(|running| running.pool.clone())
        };
        let tasks = crate::scheduler::start(name.to_string(), crons, current);
        let old = self.schedules.lock().expect("schedules lock").insert(name.to_string(), tasks);
        for task in old.into_iter().flatten() {
            task.abort();
        }
    }

    async fn resolve(&self, name: &str, version: &str) -> Result<String> {
        if version != "latest" {
            return Ok(version.to_string());
        }
        let registry = self.config.registry.as_deref().context("version \"latest\" needs a registry")?;
        let url = format!("{}/v1/packages/{name}", registry.trim_end_matches('/'));
        let listing: serde_json::Value = self.http.get(&url).send().await?.error_for_status()?.json().await?;
        listing["versions"]
            .as_array()
            .and_then(|versions| versions.last())
            .and_then(|v| v["version"].as_str())
            .map(str::to_string)
            .with_context(|| format!("{url} lists no versions"))
    }

    async fn fetch(&self, name: &str, version: &str) -> Result<Vec<u8>> {
        if let Some(dir) = &self.config.packages_dir {
            let path = dir.join(format!("{name}-{version}.{}", package::EXTENSION));
            if path.is_file() || self.config.registry.is_none() {
                return std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()));
            }
        }
        let registry = self.config.registry.as_deref().context("no registry configured")?;
        let url = format!("{}/v1/packages/{name}/{version}", registry.trim_end_matches('/'));
        let response =
            self.http.get(&url).send().await.with_context(|| format!("cannot reach the registry at {url}"))?;
        if !response.status().is_success() {
            bail!("{url} answered {}", response.status());
        }
        Ok(response.bytes().await?.to_vec())
    }

    fn store(&self, deployment: &DeploymentConfig) -> Result<Arc<dyn KvStore>> {
        let mut stores = self.stores.lock().expect("stores lock");
        if let Some(store) = stores.get(&deployment.name) {
            return Ok(store.clone());
        }
        let dir = deployment.state_dir.clone().unwrap_or_else(|| self.config.state_dir.join(&deployment.name));
        let store: Arc<dyn KvStore> = Arc::new(SqliteStore::open(&dir.join("kv.sqlite3"))?);
        stores.insert(deployment.name.clone(), store.clone());
        Ok(store)
    }
}

#[derive(Serialize, Deserialize)]
pub struct SwitchRequest {
    pub version: String,
}

fn authorized(host: &Host, headers: &HeaderMap) -> bool {
    let token = server::bearer_token(headers);
    matches!((token, &host.config.admin_token), (Some(given), Some(expected)) if given == expected)
}

async fn list_deployments(State(host): State<Arc<Host>>, headers: HeaderMap) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    let deployments = host.deployments.read().expect("deployments lock");
    let list: Vec<_> = deployments
        .values()
        .map(|d| serde_json::json!({ "name": d.config.name, "version": d.version, "isolates": d.pool.size() }))
        .collect();
    axum::Json(list).into_response()
}

async fn switch_version(
    State(host): State<Arc<Host>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    axum::Json(request): axum::Json<SwitchRequest>,
) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    if !host.config.deployments.iter().any(|d| d.name == name) {
        return json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    }
    match host.deploy(&name, &request.version).await {
        Ok(version) => {
            ui::status("Switched", format!("{name} to {version}"));
            axum::Json(serde_json::json!({ "name": name, "version": version })).into_response()
        }
        Err(err) => {
            ui::error(format!("switching {name} to {}: {err:#}", request.version));
            json_error(StatusCode::BAD_REQUEST, format!("{err:#}"))
        }
    }
}

/// `worky deploy NAME@VERSION`: asks a running `worky serve` to switch.
pub async fn deploy_command(target: &str, server: &str, token: &str) -> Result<()> {
    let Some((name, version)) = target.split_once('@') else {
        bail!("give the deployment as NAME@VERSION, e.g. shop@1.0.1");
    };
    let url = format!("{}/__worky/deployments/{name}", server.trim_end_matches('/'));
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(token)
        .json(&SwitchRequest { version: version.to_string() })
        .send()
        .await
        .with_context(|| format!("cannot reach worky serve at {url}"))?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    if !status.is_success() {
        bail!("worky serve answered {status}: {}", body["error"].as_str().unwrap_or(""));
    }
    ui::status("Deployed", format!("{name}@{}", body["version"].as_str().unwrap_or(version)));
    Ok(())
}
