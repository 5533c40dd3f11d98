//! A worky project on disk: `worky.toml`, `.dev.vars` and the entry module.
//!
//! The config mirrors wrangler.toml where it fits. Unknown keys are errors (with
//! file, line and column), never silently ignored.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::object_classes::{self, Exports, Lifecycle, ObjectClass};
pub use super::object_classes::{Migration, RenamedClass, TransferredClass};
use super::settings::{LimitsTable, PoolTable, locate};
use super::{ConfigError, SourceText, cron, dotenv, is_js_identifier, toml_to_json, wrangler};
use crate::bundle::{self, Metadata};
use crate::runtime::{Limits, PoolSettings};

pub const CONFIG_FILE: &str = "worky.toml";
pub const DEV_VARS_FILE: &str = ".dev.vars";

/// `worky.toml`, as written by the user.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub name: String,
    /// Entry module, relative to the config file.
    pub main: Option<String>,
    /// The package version `worky publish` uses.
    pub version: Option<String>,
    /// YYYY-MM-DD: with the flags, which of Workers' behaviours apply.
    pub compatibility_date: Option<Spanned<String>>,
    #[serde(default)]
    pub compatibility_flags: Vec<String>,
    /// Plain-text or JSON values handed to the worker as `env.NAME`.
    #[serde(default)]
    pub vars: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    pub kv_namespaces: Vec<KvNamespace>,
    /// D1 databases: `env.NAME` is a D1Database on a local SQLite file.
    #[serde(default)]
    pub d1_databases: Vec<D1Database>,
    /// Service bindings: `env.NAME.fetch()` reaches another worker of the host.
    #[serde(default)]
    pub services: Vec<ServiceConfig>,
    /// R2 buckets: `env.NAME` is an R2Bucket on a local SQLite file.
    #[serde(default)]
    pub r2_buckets: Vec<R2Bucket>,
    /// Queues: `[[queues.producers]]` bindings and `[[queues.consumers]]`.
    #[serde(default)]
    pub queues: QueuesConfig,
    /// Hyperdrive: `env.NAME` holds a database's connection details.
    #[serde(default)]
    pub hyperdrive: Vec<HyperdriveConfig>,
    /// `env.NAME` is the running version's id, tag and timestamp.
    pub version_metadata: Option<VersionMetadataConfig>,
    /// wrangler's `[images]`: the Images binding (`env.IMAGES.input(...)`).
    pub images: Option<ImagesConfig>,
    /// Worker Loaders (Dynamic Workers): `env.NAME.get(id, getCode)` starts a
    /// worker from code given at run time.
    #[serde(default)]
    pub worker_loaders: Vec<WorkerLoaderConfig>,
    /// Analytics Engine: `env.NAME.writeDataPoint()`.
    #[serde(default)]
    pub analytics_engine_datasets: Vec<AnalyticsConfig>,
    /// Workflows: `env.NAME.create()` starts an instance of a class this worker exports.
    #[serde(default)]
    pub workflows: Vec<WorkflowConfig>,
    /// Rate limiters: `env.NAME.limit({ key })`.
    #[serde(default)]
    pub ratelimits: Vec<RateLimitConfig>,
    /// Dispatch namespaces: `env.NAME.get(script)` reaches a user worker.
    #[serde(default)]
    pub dispatch_namespaces: Vec<DispatchNamespaceConfig>,
    /// Secrets Store secrets: `await env.NAME.get()`.
    #[serde(default)]
    pub secrets_store_secrets: Vec<SecretsStoreConfig>,
    /// Email senders: `await env.NAME.send(message)`.
    #[serde(default)]
    pub send_email: Vec<SendEmailConfig>,
    #[serde(default)]
    pub durable_objects: DurableObjects,
    /// wrangler's `[[migrations]]`: which classes are Durable Object classes, and
    /// which of them use the SQLite storage backend.
    #[serde(default)]
    pub migrations: Vec<Migration>,
    /// wrangler's declarative `exports` (instead of `migrations`): each class's
    /// lifecycle state and storage.
    #[serde(default)]
    pub exports: Exports,
    #[serde(default)]
    pub triggers: Triggers,
    #[serde(default)]
    pub limits: LimitsTable,
    #[serde(default)]
    pub pool: PoolTable,
    #[serde(default)]
    pub dev: DevSettings,
    /// Identifiers replaced by JS expressions at build time (wrangler's `[define]`).
    #[serde(default)]
    pub define: BTreeMap<String, String>,
    /// wrangler's `[[rules]]`: which files import as what (text, data, wasm, ...).
    #[serde(default)]
    pub rules: Vec<RuleConfig>,
    /// What `rules` globs are relative to (default: the entry's directory).
    pub base_dir: Option<String>,
    /// Bundle every file a rule matches under `base_dir`, for `import()` of computed names.
    #[serde(default)]
    pub find_additional_modules: bool,
    /// wrangler's `assets`: a directory of static files served with the worker.
    pub assets: Option<Spanned<AssetsConfig>>,
    /// wrangler's `[build]`: a command run before every build (a custom build).
    pub build: Option<BuildConfig>,
    /// wrangler's environments: `[env.staging]` and so on (see `select_env`).
    #[serde(default)]
    pub env: BTreeMap<String, EnvConfig>,
    /// The environment selected (`--env NAME`), carried in the manifest.
    #[serde(skip)]
    pub environment: Option<String>,
    /// `file:line:col` of each Durable Object binding's `class_name`, for errors
    /// found after the build (a class the module does not export).
    #[serde(skip)]
    pub class_sites: Vec<String>,
    /// Bindings of a wrangler file that worky does not have yet.
    #[serde(skip)]
    pub unsupported_bindings: Vec<bundle::UnsupportedBinding>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KvNamespace {
    pub binding: Spanned<String>,
    /// Accepted for wrangler.toml compatibility; locally the binding name is the namespace.
    pub id: Option<String>,
    pub preview_id: Option<String>,
}

/// One `[[services]]` entry, as in wrangler: `env.NAME` is a Fetcher to the
/// worker `service` (in serve, the deployment of that name).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub binding: Spanned<String>,
    pub service: Spanned<String>,
    /// A named export of the service (a WorkerEntrypoint class or a handler
    /// object) instead of its default export.
    pub entrypoint: Option<Spanned<String>>,
    /// wrangler's legacy service environments: not supported.
    pub environment: Option<Spanned<String>>,
}

/// One `[[r2_buckets]]` entry, as in wrangler: its objects are kept under its
/// `bucket_name` (`preview_bucket_name` in dev, as wrangler dev does).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct R2Bucket {
    pub binding: Spanned<String>,
    pub bucket_name: Option<String>,
    pub preview_bucket_name: Option<String>,
    /// Cloudflare's data location: nothing to do locally.
    pub jurisdiction: Option<String>,
}

impl R2Bucket {
    /// The name its objects are stored under.
    pub fn storage(&self, dev: bool) -> String {
        let preview = if dev { self.preview_bucket_name.clone() } else { None };
        preview.or_else(|| self.bucket_name.clone()).unwrap_or_else(|| self.binding.get_ref().clone())
    }
}

/// One `[[hyperdrive]]` entry, as in wrangler: `env.NAME` is the database's
/// connection details (worky has no pool in between: the worker connects to
/// the database itself). Its connection string comes from
/// `localConnectionString` or `CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<NAME>`
/// in dev, and from the deployment's secret of the binding's name in serve.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HyperdriveConfig {
    pub binding: Spanned<String>,
    /// The Hyperdrive configuration's id at Cloudflare: nothing to do locally.
    pub id: Option<String>,
    #[serde(rename = "localConnectionString")]
    pub local_connection_string: Option<Spanned<String>>,
}

/// One `[[analytics_engine_datasets]]` entry, as in wrangler: `dataset`
/// defaults to the binding's name.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsConfig {
    pub binding: Spanned<String>,
    pub dataset: Option<Spanned<String>>,
}

impl AnalyticsConfig {
    pub fn dataset(&self) -> String {
        self.dataset.as_ref().unwrap_or(&self.binding).get_ref().clone()
    }
}

/// One `[[workflows]]` entry, as in wrangler: `env.<binding>` creates and
/// finds instances of the workflow `name`, which runs the exported class
/// `class_name` of this worker.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkflowConfig {
    pub binding: Spanned<String>,
    pub name: Spanned<String>,
    pub class_name: Spanned<String>,
    /// Another worker's workflow: its instances are that worker's, run by it
    /// (serve: the deployment of that name).
    pub script_name: Option<Spanned<String>>,
    /// wrangler's remote bindings in dev: nothing to do locally.
    pub remote: Option<bool>,
    /// `limits = { steps = N }`: the most steps an instance may run.
    pub limits: Option<WorkflowLimits>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkflowLimits {
    pub steps: Option<Spanned<u32>>,
}

/// One `[[secrets_store_secrets]]` entry, as in wrangler: `await env.<binding>.get()`
/// is the secret `secret_name` of the store `store_id`: locally, the secret of that
/// name (`.dev.vars` in dev, the deployment's secret in serve).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SecretsStoreConfig {
    pub binding: Spanned<String>,
    pub store_id: Spanned<String>,
    pub secret_name: Spanned<String>,
}

/// One `[[send_email]]` entry, as in wrangler: `await env.<name>.send(message)`
/// sends an email (dev keeps it in a file, as wrangler dev does; serve in the
/// deployment's outbox). `destination_address` or `allowed_destination_addresses`
/// restrict where to, `allowed_sender_addresses` from whom.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SendEmailConfig {
    pub name: Spanned<String>,
    pub destination_address: Option<Spanned<String>>,
    pub allowed_destination_addresses: Option<Spanned<Vec<String>>>,
    pub allowed_sender_addresses: Option<Vec<String>>,
    /// wrangler's remote bindings in dev: nothing to do locally.
    pub remote: Option<bool>,
}

/// One `[[dispatch_namespaces]]` entry, as in wrangler (Workers for Platforms):
/// `env.<binding>.get(script)` is a Fetcher to the user worker `script` of
/// the namespace `namespace` (serve: a deployment with `dispatch_namespace`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DispatchNamespaceConfig {
    pub binding: Spanned<String>,
    pub namespace: Spanned<String>,
    /// An outbound worker that sees the user workers' fetches: refused.
    pub outbound: Option<Spanned<toml::Value>>,
    /// wrangler's remote bindings in dev: nothing to do locally.
    pub remote: Option<bool>,
}

/// One `[[ratelimits]]` entry, as in wrangler: `env.<name>` counts calls by
/// key in the namespace `namespace_id`, `simple.limit` calls a window of
/// `simple.period` seconds (10 or 60).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    pub name: Spanned<String>,
    pub namespace_id: Spanned<String>,
    pub simple: Spanned<SimpleRateLimit>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SimpleRateLimit {
    pub limit: Spanned<f64>,
    pub period: Spanned<u32>,
}

/// wrangler's `[images]`: the binding that transforms images.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    pub binding: Spanned<String>,
}

/// One `[[worker_loaders]]` entry, as in wrangler: the binding of a Worker Loader.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkerLoaderConfig {
    pub binding: Spanned<String>,
}

/// wrangler's `[version_metadata]`: the binding that holds the version's metadata.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VersionMetadataConfig {
    pub binding: Spanned<String>,
}

/// What is wrong with a Hyperdrive connection string, in miniflare's words.
pub fn connection_string_problem(text: &str) -> Option<&'static str> {
    let Ok(url) = url::Url::parse(text) else {
        return Some("it is not a URL, such as postgres://user:password@localhost:5432/database");
    };
    if !matches!(url.scheme(), "postgres" | "postgresql" | "mysql") {
        return Some("Only PostgreSQL-compatible or MySQL-compatible databases are currently supported.");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Some(
            "You must provide a hostname or IP address in your connection string - e.g. \
             'user:password@database-hostname.example.com:5432/databasename",
        );
    }
    if url.path().trim_start_matches('/').is_empty() {
        return Some("You must provide a database name as the path component - e.g. /postgres");
    }
    if url.username().is_empty() {
        return Some("You must provide a username - e.g. 'user:password@database.example.com:port/databasename'");
    }
    if url.password().is_none_or(str::is_empty) {
        return Some("You must provide a password - e.g. 'user:password@database.example.com:port/databasename'");
    }
    None
}

/// wrangler's `queues`: the queues the worker sends to and those it consumes.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QueuesConfig {
    #[serde(default)]
    pub producers: Vec<QueueProducerConfig>,
    #[serde(default)]
    pub consumers: Vec<QueueConsumerConfig>,
}

/// One `[[queues.producers]]` entry: `env.NAME` sends to `queue`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QueueProducerConfig {
    pub binding: Spanned<String>,
    pub queue: Spanned<String>,
    /// Seconds every message waits before delivery, unless its send says otherwise.
    pub delivery_delay: Option<Spanned<i64>>,
}

/// One `[[queues.consumers]]` entry: the worker's `queue` handler gets `queue`'s
/// messages in batches. Unset values take Cloudflare's defaults.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QueueConsumerConfig {
    pub queue: Spanned<String>,
    /// `"worker"` (the default) or `"http_pull"`, which worky does not have.
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub max_batch_size: Option<Spanned<i64>>,
    pub max_batch_timeout: Option<Spanned<f64>>,
    pub max_retries: Option<Spanned<i64>>,
    pub dead_letter_queue: Option<Spanned<String>>,
    pub max_concurrency: Option<Spanned<i64>>,
    pub retry_delay: Option<Spanned<i64>>,
    /// For pull consumers: not used by a worker consumer.
    pub visibility_timeout_ms: Option<Spanned<i64>>,
}

/// Cloudflare's defaults and bounds for a consumer (developers.cloudflare.com/queues/platform/limits).
const QUEUE_BATCH_SIZE: (i64, i64, i64) = (10, 1, 100);
const QUEUE_BATCH_TIMEOUT: (f64, f64, f64) = (5.0, 0.0, 60.0);
const QUEUE_RETRIES: (i64, i64, i64) = (3, 0, 100);
const QUEUE_CONCURRENCY: (i64, i64, i64) = (1, 1, 250);
/// The longest delay a message or a retry may have: 24 hours.
const QUEUE_DELAY: (i64, i64, i64) = (0, 0, 86_400);

/// One `[[d1_databases]]` entry, as in wrangler. Its data is kept under its
/// `database_id` (`preview_database_id` in dev, as wrangler dev does), else its
/// `database_name`, so two databases never share a file by accident.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct D1Database {
    pub binding: Spanned<String>,
    pub database_name: Option<String>,
    pub database_id: Option<String>,
    pub preview_database_id: Option<String>,
    /// Where `worky d1 migrations apply` finds the `.sql` files (default `migrations`).
    pub migrations_dir: Option<String>,
    /// The table that records the migrations applied (default `d1_migrations`).
    pub migrations_table: Option<String>,
}

impl D1Database {
    /// The name its data is stored under.
    pub fn storage(&self, dev: bool) -> String {
        let id = if dev { self.preview_database_id.clone().or_else(|| self.database_id.clone()) } else { None };
        id.or_else(|| self.database_id.clone())
            .or_else(|| self.database_name.clone())
            .unwrap_or_else(|| self.binding.get_ref().clone())
    }
}

/// `[env.NAME]`: an environment, with wrangler's inheritance: `name` (default
/// `{top-level name}-{NAME}`), `main`, `compatibility_date`,
/// `compatibility_flags`, `triggers`, `limits`, `rules`, `base_dir`,
/// `find_additional_modules`, `assets` and `build` are inherited unless set here;
/// `vars` and bindings are not inherited (an environment declares its own).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EnvConfig {
    pub name: Option<String>,
    pub main: Option<String>,
    pub compatibility_date: Option<Spanned<String>>,
    pub compatibility_flags: Option<Vec<String>>,
    #[serde(default)]
    pub vars: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    pub kv_namespaces: Vec<KvNamespace>,
    #[serde(default)]
    pub d1_databases: Vec<D1Database>,
    #[serde(default)]
    pub services: Vec<ServiceConfig>,
    #[serde(default)]
    pub r2_buckets: Vec<R2Bucket>,
    #[serde(default)]
    pub queues: QueuesConfig,
    #[serde(default)]
    pub hyperdrive: Vec<HyperdriveConfig>,
    pub version_metadata: Option<VersionMetadataConfig>,
    /// wrangler's `[images]`: the Images binding (`env.IMAGES.input(...)`).
    pub images: Option<ImagesConfig>,
    #[serde(default)]
    pub worker_loaders: Vec<WorkerLoaderConfig>,
    #[serde(default)]
    pub analytics_engine_datasets: Vec<AnalyticsConfig>,
    #[serde(default)]
    pub workflows: Vec<WorkflowConfig>,
    #[serde(default)]
    pub ratelimits: Vec<RateLimitConfig>,
    #[serde(default)]
    pub dispatch_namespaces: Vec<DispatchNamespaceConfig>,
    #[serde(default)]
    pub secrets_store_secrets: Vec<SecretsStoreConfig>,
    #[serde(default)]
    pub send_email: Vec<SendEmailConfig>,
    #[serde(default)]
    pub durable_objects: DurableObjects,
    pub exports: Option<Exports>,
    pub triggers: Option<Triggers>,
    pub limits: Option<LimitsTable>,
    pub rules: Option<Vec<RuleConfig>>,
    pub base_dir: Option<String>,
    pub find_additional_modules: Option<bool>,
    pub assets: Option<Spanned<AssetsConfig>>,
    pub build: Option<BuildConfig>,
    #[serde(skip)]
    pub class_sites: Vec<String>,
}

/// wrangler's `[build]`: `command` runs (in a shell, in `cwd`, default the
/// config's directory) before every bundle, `worky dev` runs it again when a
/// file under `watch_dir` (default `./src`; a list is allowed) changes.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    pub command: Option<String>,
    pub cwd: Option<String>,
    pub watch_dir: Option<WatchDirs>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum WatchDirs {
    One(String),
    Many(Vec<String>),
}

/// A project's custom build, resolved: what to run, where, and what to watch.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomBuild {
    pub command: String,
    pub cwd: PathBuf,
    pub watch: Vec<PathBuf>,
}

/// wrangler's `assets = { directory = "./public", binding = "ASSETS", ... }`:
/// Workers Static Assets. Inherited by environments that do not set their own.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AssetsConfig {
    /// The folder of files to serve, relative to the config file.
    pub directory: Option<Spanned<String>>,
    pub binding: Option<Spanned<String>>,
    pub html_handling: Option<Spanned<String>>,
    pub not_found_handling: Option<Spanned<String>>,
    pub run_worker_first: Option<Spanned<bundle::RunWorkerFirst>>,
}

/// A project's static assets: where the files are, and how they are served.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetsSource {
    pub directory: PathBuf,
    /// The manifest's `assets` without its `files`, `headers` and `redirects`
    /// (those come from the directory).
    pub settings: bundle::AssetsManifest,
}

/// One `[[rules]]` entry: `{ type = "Text", globs = ["**/*.md"], fallthrough = true }`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub globs: Vec<String>,
    #[serde(default)]
    pub fallthrough: bool,
}

/// A binding of the manifest: its class's kind, and its namespace when that
/// is not the class's own name (a renamed class).
fn object_binding(
    name: String,
    class_name: String,
    class: Option<&ObjectClass>,
    script_name: Option<String>,
) -> bundle::DurableObjectBinding {
    let namespace = class.and_then(|class| class.namespace.clone());
    bundle::DurableObjectBinding {
        name,
        sqlite: class.is_some_and(|class| class.sqlite),
        class_name,
        namespace,
        script_name,
    }
}

/// `[durable_objects]`: `bindings = [{ name, class_name }]`, as in wrangler.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DurableObjects {
    #[serde(default)]
    pub bindings: Vec<DurableObjectBinding>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DurableObjectBinding {
    pub name: Spanned<String>,
    pub class_name: Spanned<String>,
    /// A class another worker exports: its objects, reached through that
    /// worker (serve: the deployment of that name).
    pub script_name: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Triggers {
    #[serde(default)]
    pub crons: Vec<Spanned<String>>,
}

/// `[dev]`: defaults for `worky dev`, overridden by command-line flags.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DevSettings {
    pub port: Option<u16>,
    pub ip: Option<String>,
    /// Host names `worky dev` answers besides localhost and IP addresses
    /// (`.example.test` allows its subdomains too).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// wrangler's other `dev` settings, which the Cloudflare vite plugin
    /// writes into every config it generates: read, so such a file runs, but
    /// with no use here (`worky dev --local-protocol https` serves over TLS;
    /// there is no upstream, inspector or container engine).
    #[serde(default)]
    pub local_protocol: Option<toml::Value>,
    #[serde(default)]
    pub upstream_protocol: Option<toml::Value>,
    #[serde(default)]
    pub host: Option<toml::Value>,
    #[serde(default)]
    pub inspector_port: Option<toml::Value>,
    #[serde(default)]
    pub inspector_ip: Option<toml::Value>,
    #[serde(default)]
    pub enable_containers: Option<toml::Value>,
    #[serde(default)]
    pub container_engine: Option<toml::Value>,
    #[serde(default)]
    pub generate_types: Option<toml::Value>,
}

/// A project resolved from the command line and the files next to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// Directory holding worky.toml (or the entry file when there is none).
    pub root: PathBuf,
    pub config: Config,
    /// Absolute path of the entry module; `None` for static assets alone (no `main`).
    pub entry: Option<PathBuf>,
    /// Where the config came from, if a file.
    pub config_path: Option<PathBuf>,
    /// What the user should hear about the config (ignored platform keys,
    /// unsupported bindings, which of two config files is used).
    pub notices: Vec<String>,
    /// Where `.worky/state` is kept when not in `root`: the user's project,
    /// when its config is one a build tool generated elsewhere (wrangler's
    /// redirect, `redirected_config`), so a rebuild does not wipe the data.
    pub state_root: Option<PathBuf>,
}

impl Project {
    /// Loads the project for a command. `entry` (a .js/.ts file) overrides `main`;
    /// with an entry no worky.toml is needed and the worker is named after the file.
    pub fn load(config: Option<&Path>, entry: Option<&Path>) -> Result<Project, ConfigError> {
        Project::load_in(config, entry, None)
    }

    /// `load`, in the config's environment `env` (`--env NAME`) when one is given.
    pub fn load_in(config: Option<&Path>, entry: Option<&Path>, env: Option<&str>) -> Result<Project, ConfigError> {
        Project::load_with(config, entry, env, None)
    }

    /// `load_in`, with `assets` (`--assets DIR`, as wrangler dev's) as the
    /// static assets' directory, over the config's.
    pub fn load_with(
        config: Option<&Path>,
        entry: Option<&Path>,
        env: Option<&str>,
        assets: Option<&Path>,
    ) -> Result<Project, ConfigError> {
        let cwd = std::env::current_dir()
            .map_err(|err| ConfigError::Entry(format!("cannot read the current directory: {err}")))?;
        let mut notices = Vec::new();
        let (config_path, state_root) = match config {
            Some(path) => (Some(absolute(&cwd, path)), None),
            None => redirected_config(&cwd, find_config(&cwd, &mut notices), &mut notices)?,
        };
        // An explicit entry outside any project should not pick up an unrelated worky.toml.
        let config_path = match (config, entry, config_path) {
            (None, Some(_), Some(found)) if found.parent() != Some(cwd.as_path()) => None,
            (_, _, found) => found,
        };
        let (root, mut config) = match &config_path {
            Some(path) => {
                let (config, said) = Config::read_file(path)?;
                notices.extend(said);
                let config = match env {
                    Some(env) => config.select_env(env, path)?,
                    None => config,
                };
                (path.parent().unwrap_or(&cwd).to_path_buf(), config)
            }
            None if env.is_some() => {
                return Err(ConfigError::Entry(format!(
                    "--env needs a config file with [env.{}]: no {CONFIG_FILE} or wrangler.toml found",
                    env.unwrap_or_default()
                )));
            }
            None => (cwd.clone(), Config::default()),
        };
        if let Some(dir) = assets {
            config.assets = Some(assets_from_flag(&absolute(&cwd, dir), config.assets.take())?);
        }
        let entry_from_flag = entry.is_some();
        let entry = match (entry, &config.main) {
            (Some(entry), _) => absolute(&cwd, entry),
            (None, Some(main)) => root.join(main),
            (None, None) if config.assets.is_some() => {
                let path = config_path.as_deref().unwrap_or(Path::new(CONFIG_FILE));
                config.check_assets_only(path)?;
                if config.name.is_empty() {
                    config.name = "assets".into();
                }
                return Ok(Project { root, config, entry: None, config_path, notices, state_root });
            }
            (None, None) => {
                return Err(ConfigError::Entry(match &config_path {
                    Some(path) => format!(
                        "{}: no entry module: set `main = \"src/index.ts\"` or pass one, as in `worky dev src/index.ts`",
                        path.display()
                    ),
                    None => format!(
                        "no {CONFIG_FILE} found in {} or its parents, and no entry module given\n  \
                         create a project with `worky init my-app`, or run a single file with `worky dev worker.ts`",
                        cwd.display()
                    ),
                }));
            }
        };
        // A custom build may make the entry: it is checked once the build ran (`check_entry`).
        let built = config.build.as_ref().is_some_and(|build| build.command.is_some());
        if !entry.is_file() && !built {
            let origin = match (&config_path, entry_from_flag) {
                (Some(path), false) => format!(" (set by `main` in {})", path.display()),
                _ => String::new(),
            };
            let config_name = config_path.as_deref().and_then(Path::file_name).map(|name| name.to_string_lossy());
            let config_name = config_name.unwrap_or(CONFIG_FILE.into());
            return Err(ConfigError::Entry(format!(
                "entry module {} does not exist{origin}\n  create it, or point `main` in {config_name} at your worker",
                entry.display()
            )));
        }
        if !entry_from_flag {
            ensure_inside(&root, &entry, config_path.as_deref())?;
        }
        if config.name.is_empty() {
            config.name =
                entry.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "worker".into());
        }
        Ok(Project { root, config, entry: Some(entry), config_path, notices, state_root })
    }

    /// The custom build (`[build] command`), if the project has one.
    pub fn custom_build(&self) -> Option<CustomBuild> {
        let build = self.config.build.as_ref()?;
        let command = build.command.clone()?;
        let cwd = build.cwd.as_ref().map_or_else(|| self.root.clone(), |cwd| self.root.join(cwd));
        let watch = match &build.watch_dir {
            None => vec![self.root.join("src")],
            Some(WatchDirs::One(dir)) => vec![self.root.join(dir)],
            Some(WatchDirs::Many(dirs)) => dirs.iter().map(|dir| self.root.join(dir)).collect(),
        };
        Some(CustomBuild { command, cwd, watch })
    }

    /// After a custom build: the entry module it should have made exists.
    pub fn check_entry(&self) -> Result<(), ConfigError> {
        let Some(entry) = &self.entry else { return Ok(()) };
        if entry.is_file() {
            return Ok(());
        }
        let config = self.config_path.as_deref().and_then(Path::file_name).map(|name| name.to_string_lossy());
        let config = config.unwrap_or(CONFIG_FILE.into());
        let command = self.custom_build().map(|build| build.command).unwrap_or_default();
        Err(ConfigError::Entry(format!(
            "the expected output file at \"{}\" was not found after running custom build: {command}\n  \
             `main` in {config} should point at the file the custom build writes",
            self.entry_label()
        )))
    }

    /// The entry module as a person reads it: relative to the project, or what
    /// stands in for it in a project of static assets alone.
    pub fn entry_label(&self) -> String {
        match &self.entry {
            Some(entry) => entry.strip_prefix(&self.root).unwrap_or(entry).display().to_string(),
            None => "static assets only".to_string(),
        }
    }

    /// The local KV database: `.worky/state/kv.sqlite3` in the project, or in `persist_to`.
    pub fn kv_path(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("kv.sqlite3")
    }

    /// The Cache API's responses: `.worky/state/cache.sqlite3` (or under `persist_to`).
    pub fn cache_path(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("cache.sqlite3")
    }

    /// Analytics Engine: `.worky/state/analytics/analytics.sqlite` (or under `persist_to`).
    pub fn analytics_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("analytics")
    }

    /// Workflows: `.worky/state/workflows/<workflow>.sqlite` (or under `persist_to`).
    pub fn workflows_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("workflows")
    }

    /// Where `send_email` bindings keep what they send (`.worky/state/email`).
    pub fn email_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("email")
    }

    /// Queues: `.worky/state/queues/<queue>.sqlite` (or under `persist_to`).
    pub fn queues_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("queues")
    }

    /// R2 buckets: `.worky/state/r2/<bucket name>.sqlite` (or under `persist_to`).
    pub fn r2_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("r2")
    }

    /// D1 databases: `.worky/state/d1/<database id>.sqlite` (or under `persist_to`).
    pub fn d1_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("d1")
    }

    /// Durable Objects' databases: `.worky/state/objects/` (or under `persist_to`).
    pub fn objects_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        self.state_dir(persist_to).join("objects")
    }

    fn state_dir(&self, persist_to: Option<&Path>) -> PathBuf {
        match persist_to {
            Some(dir) => dir.to_path_buf(),
            None => self.state_root.as_ref().unwrap_or(&self.root).join(".worky").join("state"),
        }
    }

    /// Secrets for local development, from `.dev.vars` next to worky.toml.
    pub fn dev_secrets(&self) -> Result<BTreeMap<String, String>, ConfigError> {
        read_dev_vars(&self.root.join(DEV_VARS_FILE))
    }

    /// The bindings a worker sees as `env`: `[vars]` then secrets (secrets win, as in wrangler).
    pub fn env_json(&self, secrets: &BTreeMap<String, String>) -> serde_json::Value {
        let mut env = self.config.vars_json();
        for (name, value) in secrets {
            env.insert(name.clone(), serde_json::Value::String(value.clone()));
        }
        serde_json::Value::Object(env)
    }

    /// The project's static assets (validated: the directory exists), if it has any.
    pub fn assets(&self) -> Option<AssetsSource> {
        let table = self.config.assets.as_ref()?.get_ref();
        let directory = self.root.join(table.directory.as_ref()?.get_ref());
        fn name(value: &Option<Spanned<String>>) -> &str {
            value.as_ref().map(|v| v.get_ref().as_str()).unwrap_or_default()
        }
        let settings = bundle::AssetsManifest {
            assets_only: self.entry.is_none(),
            binding: table.binding.as_ref().map(|binding| binding.get_ref().clone()),
            html_handling: bundle::HtmlHandling::from_name(name(&table.html_handling)).unwrap_or_default(),
            not_found_handling: bundle::NotFoundHandling::from_name(name(&table.not_found_handling))
                .unwrap_or_default(),
            run_worker_first: table.run_worker_first.as_ref().map(|r| r.get_ref().clone()).unwrap_or_default(),
            ..Default::default()
        };
        Some(AssetsSource { directory, settings })
    }

    /// What `worky build` bundles, and what its manifest says.
    pub fn bundle_source(&self) -> bundle::Source {
        let base_dir = match (&self.config.base_dir, &self.entry) {
            (Some(dir), _) => self.root.join(dir),
            (None, Some(entry)) => entry.parent().unwrap_or(&self.root).to_path_buf(),
            (None, None) => self.root.clone(),
        };
        bundle::Source {
            root: self.root.clone(),
            entry: self.entry.clone(),
            metadata: self.config.metadata(),
            rules: self.config.module_rules(),
            base_dir,
            find_additional_modules: self.config.find_additional_modules,
        }
    }
}

impl Config {
    /// Reads a config file: worky.toml, or one of wrangler's (see `wrangler`),
    /// with what to tell the user about it.
    pub fn read_file(path: &Path) -> Result<(Config, Vec<String>), ConfigError> {
        let text = super::read(path)?;
        let file_name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if !wrangler::FILES.contains(&file_name) {
            return Ok((Config::parse(&text, path)?, Vec::new()));
        }
        let read = wrangler::parse(&text, path)?;
        let mut notices: Vec<String> =
            read.unknown.iter().map(|unknown| format!("{unknown} (ignored, as wrangler ignores it)")).collect();
        if !read.platform_keys.is_empty() {
            notices.push(format!(
                "{}: ignoring Cloudflare platform settings worky has no use for: {}",
                path.display(),
                read.platform_keys.join(", ")
            ));
        }
        if !read.not_served.is_empty() {
            notices.push(format!(
                "{}: worky does not serve {} yet: every request runs the worker",
                path.display(),
                read.not_served.join(" or ")
            ));
        }
        if !read.unsupported.is_empty() {
            let listed: Vec<String> = read.unsupported.iter().map(|b| format!("{} ({})", b.name, b.kind)).collect();
            notices.push(format!(
                "bindings worky does not support yet (using one throws an Error): {}",
                listed.join(", ")
            ));
        }
        let mut config = read.config;
        config.unsupported_bindings = read.unsupported;
        Ok((config, notices))
    }

    /// Parses worky.toml text (or the part of a wrangler file worky reads); errors
    /// name the file, line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        Config::parse_source(&SourceText::new(path, text))
    }

    /// As `parse`, with positions given by `source` (a JSON file's, for its TOML equivalent).
    pub fn parse_source(source: &SourceText<'_>) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(source.text).map_err(|err| source.syntax(&err))?;
        config.validate(source)?;
        for name in config.env.keys() {
            config.in_env(name).validate(source)?;
        }
        config.class_sites = config.class_sites_in(source);
        for env in config.env.values_mut() {
            let sites: Vec<String> =
                env.durable_objects.bindings.iter().map(|binding| source.at(binding.class_name.span())).collect();
            env.class_sites = sites;
        }
        Ok(config)
    }

    fn class_sites_in(&self, source: &SourceText<'_>) -> Vec<String> {
        self.durable_objects.bindings.iter().map(|binding| source.at(binding.class_name.span())).collect()
    }

    /// This config in environment `name` (`--env NAME`), as wrangler merges it; an
    /// environment the config does not have is an error listing those it has.
    pub fn select_env(self, name: &str, path: &Path) -> Result<Config, ConfigError> {
        if !self.env.contains_key(name) {
            let known: Vec<&str> = self.env.keys().map(String::as_str).collect();
            let have =
                if known.is_empty() { "it has none".to_string() } else { format!("it has: {}", known.join(", ")) };
            return Err(ConfigError::Entry(format!(
                "{}: no environment `{name}` ([env.{name}]); {have}",
                path.display()
            )));
        }
        Ok(self.in_env(name))
    }

    fn in_env(&self, name: &str) -> Config {
        let env = self.env.get(name).cloned().unwrap_or_default();
        Config {
            name: env.name.unwrap_or_else(|| format!("{}-{name}", self.name)),
            main: env.main.or_else(|| self.main.clone()),
            compatibility_date: env.compatibility_date.or_else(|| self.compatibility_date.clone()),
            compatibility_flags: env.compatibility_flags.unwrap_or_else(|| self.compatibility_flags.clone()),
            vars: env.vars,
            kv_namespaces: env.kv_namespaces,
            d1_databases: env.d1_databases,
            services: env.services,
            r2_buckets: env.r2_buckets,
            queues: env.queues,
            hyperdrive: env.hyperdrive,
            version_metadata: env.version_metadata,
            images: env.images,
            worker_loaders: env.worker_loaders,
            analytics_engine_datasets: env.analytics_engine_datasets,
            workflows: env.workflows,
            ratelimits: env.ratelimits,
            dispatch_namespaces: env.dispatch_namespaces,
            secrets_store_secrets: env.secrets_store_secrets,
            send_email: env.send_email,
            durable_objects: env.durable_objects,
            exports: env.exports.unwrap_or_else(|| self.exports.clone()),
            triggers: env.triggers.unwrap_or_else(|| self.triggers.clone()),
            limits: env.limits.unwrap_or_else(|| self.limits.clone()),
            rules: env.rules.unwrap_or_else(|| self.rules.clone()),
            base_dir: env.base_dir.or_else(|| self.base_dir.clone()),
            find_additional_modules: env.find_additional_modules.unwrap_or(self.find_additional_modules),
            assets: env.assets.or_else(|| self.assets.clone()),
            build: env.build.or_else(|| self.build.clone()),
            environment: Some(name.to_string()),
            class_sites: env.class_sites,
            env: BTreeMap::new(),
            ..self.clone()
        }
    }

    fn validate(&self, source: &SourceText<'_>) -> Result<(), ConfigError> {
        if let Some(date) = &self.compatibility_date {
            // chrono alone takes "2026-8-4" too; workerd and wrangler want the 10 characters.
            let text = date.get_ref();
            if text.len() != 10 || chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_err() {
                let message = format!(
                    "compatibility_date `{text}` is not a date written YYYY-MM-DD, such as \"{}\"",
                    chrono::Utc::now().format("%Y-%m-%d")
                );
                return Err(source.invalid(date.span(), message));
            }
        }
        for name in self.vars.keys() {
            if !is_js_identifier(name.get_ref()) {
                let message = format!("[vars] name `{}` is not a valid JavaScript identifier", name.get_ref());
                return Err(source.invalid(name.span(), message));
            }
        }
        let mut seen = HashSet::new();
        for namespace in &self.kv_namespaces {
            self.check_binding("kv_namespaces", &namespace.binding, source, &mut seen)?;
        }
        for database in &self.d1_databases {
            self.check_binding("d1_databases", &database.binding, source, &mut seen)?;
            let names = [database.storage(false), database.storage(true)];
            check_storage_names("d1_databases", &database.binding, &names, source)?;
        }
        for service in &self.services {
            self.validate_service(service, source, &mut seen)?;
        }
        for bucket in &self.r2_buckets {
            self.check_binding("r2_buckets", &bucket.binding, source, &mut seen)?;
            check_storage_names("r2_buckets", &bucket.binding, &[bucket.storage(false), bucket.storage(true)], source)?;
        }
        self.validate_queues(source, &mut seen)?;
        for dataset in &self.analytics_engine_datasets {
            self.check_binding("analytics_engine_datasets", &dataset.binding, source, &mut seen)?;
            let name = dataset.dataset.as_ref().unwrap_or(&dataset.binding);
            if name.get_ref().is_empty() || name.get_ref().starts_with('_') {
                let message = format!(
                    "analytics_engine_datasets: dataset `{}` must not be empty or start with `_`",
                    name.get_ref()
                );
                return Err(source.invalid(name.span(), message));
            }
        }
        for workflow in &self.workflows {
            self.validate_workflow(workflow, source, &mut seen)?;
        }
        for secret in &self.secrets_store_secrets {
            self.validate_secrets_store(secret, source, &mut seen)?;
        }
        for sender in &self.send_email {
            self.validate_send_email(sender, source, &mut seen)?;
        }
        for dispatch in &self.dispatch_namespaces {
            self.validate_dispatch_namespace(dispatch, source, &mut seen)?;
        }
        for limiter in &self.ratelimits {
            self.validate_rate_limit(limiter, source, &mut seen)?;
        }
        if let Some(metadata) = &self.version_metadata {
            self.check_binding("version_metadata", &metadata.binding, source, &mut seen)?;
        }
        if let Some(images) = &self.images {
            self.check_binding("images", &images.binding, source, &mut seen)?;
        }
        for loader in &self.worker_loaders {
            self.check_binding("worker_loaders", &loader.binding, source, &mut seen)?;
        }
        for hyperdrive in &self.hyperdrive {
            self.check_binding("hyperdrive", &hyperdrive.binding, source, &mut seen)?;
            if let Some(text) = &hyperdrive.local_connection_string
                && let Some(problem) = connection_string_problem(text.get_ref())
            {
                let message =
                    format!("hyperdrive `{}`: localConnectionString: {problem}", hyperdrive.binding.get_ref());
                return Err(source.invalid(text.span(), message));
            }
        }
        for binding in &self.durable_objects.bindings {
            self.validate_object_binding(binding, source, &mut seen)?;
        }
        self.validate_object_lifecycle(source)?;
        if let Some(assets) = &self.assets {
            self.validate_assets(assets, source, &mut seen)?;
        }
        for rule in &self.rules {
            let kind = rule.kind.get_ref();
            if bundle::ModuleKind::from_name(kind).is_none() {
                let message = match kind.as_str() {
                    "PythonModule" | "PythonRequirement" => {
                        format!("rules: type `{kind}` is for Python Workers, which worky does not run")
                    }
                    _ => {
                        let closest =
                            bundle::ModuleKind::NAMES.iter().min_by_key(|name| strsim::levenshtein(kind, name));
                        format!(
                            "rules: unknown type `{kind}`; did you mean `{}`? (one of {})",
                            closest.unwrap_or(&"Text"),
                            bundle::ModuleKind::NAMES.join(", ")
                        )
                    }
                };
                return Err(source.invalid(rule.kind.span(), message));
            }
        }
        for cron in &self.triggers.crons {
            if let Err(err) = cron::parse(cron.get_ref()) {
                return Err(source.invalid(cron.span(), err.to_string()));
            }
        }
        let checked = self.limits().validate().and_then(|()| self.pool_settings().validate());
        checked.map_err(|err| locate(source, err, &self.limits, &self.pool, 0..0))
    }

    /// A binding's name (`kind`: its config key): a JavaScript identifier no
    /// other binding or var has.
    fn check_binding<'a>(
        &'a self,
        kind: &str,
        binding: &'a Spanned<String>,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        let name = binding.get_ref();
        if !is_js_identifier(name) {
            let message = format!("{kind} binding `{name}` is not a valid JavaScript identifier");
            return Err(source.invalid(binding.span(), message));
        }
        if !seen.insert(name) || self.vars.keys().any(|var| var.get_ref() == name) {
            return Err(source.invalid(binding.span(), format!("binding `{name}` is defined twice")));
        }
        Ok(())
    }

    /// A Secrets Store secret binding: a name not taken, a store and a secret named.
    fn validate_secrets_store<'a>(
        &'a self,
        secret: &'a SecretsStoreConfig,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        self.check_binding("secrets_store_secrets", &secret.binding, source, seen)?;
        for (key, value) in [("store_id", &secret.store_id), ("secret_name", &secret.secret_name)] {
            if value.get_ref().trim().is_empty() {
                let message = format!("secrets_store_secrets `{}`: {key} must not be empty", secret.binding.get_ref());
                return Err(source.invalid(value.span(), message));
            }
        }
        Ok(())
    }

    /// An email sender: a name not taken, at most one way to restrict destinations.
    fn validate_send_email<'a>(
        &'a self,
        sender: &'a SendEmailConfig,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        self.check_binding("send_email", &sender.name, source, seen)?;
        if let (Some(_), Some(allowed)) = (&sender.destination_address, &sender.allowed_destination_addresses) {
            let message = format!(
                "send_email `{}`: give destination_address or allowed_destination_addresses, not both",
                sender.name.get_ref()
            );
            return Err(source.invalid(allowed.span(), message));
        }
        Ok(())
    }

    /// A dispatch namespace binding: a name not taken, a namespace, no outbound worker (worky has none).
    fn validate_dispatch_namespace<'a>(
        &'a self,
        dispatch: &'a DispatchNamespaceConfig,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        self.check_binding("dispatch_namespaces", &dispatch.binding, source, seen)?;
        if dispatch.namespace.get_ref().trim().is_empty() {
            let message = format!("dispatch_namespaces: `{}` needs a namespace", dispatch.binding.get_ref());
            return Err(source.invalid(dispatch.namespace.span(), message));
        }
        if let Some(outbound) = &dispatch.outbound {
            let message = format!(
                "dispatch_namespaces `{}`: worky has no outbound workers; remove outbound (a user worker's \
                 fetch() goes out under its deployment's [egress] settings)",
                dispatch.binding.get_ref()
            );
            return Err(source.invalid(outbound.span(), message));
        }
        Ok(())
    }

    /// A rate limiter: a name not taken, a namespace, a limit above 0, a period Cloudflare takes.
    fn validate_rate_limit<'a>(
        &'a self,
        limiter: &'a RateLimitConfig,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        self.check_binding("ratelimits", &limiter.name, source, seen)?;
        if limiter.namespace_id.get_ref().trim().is_empty() {
            let message = format!("ratelimits: `{}` needs a namespace_id", limiter.name.get_ref());
            return Err(source.invalid(limiter.namespace_id.span(), message));
        }
        let simple = limiter.simple.get_ref();
        let limit = *simple.limit.get_ref();
        if limit.is_nan() || limit <= 0.0 {
            let message = format!("ratelimits: `{}`: simple.limit must be greater than 0", limiter.name.get_ref());
            return Err(source.invalid(simple.limit.span(), message));
        }
        if !crate::runtime::rate_limits::PERIODS.contains(simple.period.get_ref()) {
            let message = format!(
                "ratelimits: `{}`: simple.period must be 10 or 60 (seconds), not {}",
                limiter.name.get_ref(),
                simple.period.get_ref()
            );
            return Err(source.invalid(simple.period.span(), message));
        }
        Ok(())
    }

    /// A Durable Object binding: a name not taken, a class name, a worker's name in script_name,
    /// and no class name that another binding takes from another worker.
    fn validate_object_binding<'a>(
        &'a self,
        binding: &'a DurableObjectBinding,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        let name = binding.name.get_ref();
        self.check_binding("durable_objects", &binding.name, source, seen)?;
        let class = binding.class_name.get_ref();
        if !is_js_identifier(class) {
            let message = format!("class_name `{class}` is not a valid JavaScript class name");
            return Err(source.invalid(binding.class_name.span(), message));
        }
        if let Some(script) = &binding.script_name
            && !bundle::is_package_name(script.get_ref())
        {
            let message = format!("script_name: binding `{name}`: `{}` is not a worker's name", script.get_ref());
            return Err(source.invalid(script.span(), message));
        }
        let worker = self.other_script(binding);
        let clash = self
            .durable_objects
            .bindings
            .iter()
            .find(|other| other.class_name.get_ref() == class && self.other_script(other) != worker);
        if let Some(other) = clash {
            let message = format!(
                "durable_objects: bindings `{}` and `{name}` name classes `{class}` of different workers; worky \
                 tells a worker's Durable Object namespaces apart by class name, so one class name may come \
                 from one worker only",
                other.name.get_ref()
            );
            return Err(source.invalid(binding.class_name.span(), message));
        }
        Ok(())
    }

    /// `migrations` or `exports` (wrangler takes one or the other), each step
    /// one that can apply.
    fn validate_object_lifecycle(&self, source: &SourceText<'_>) -> Result<(), ConfigError> {
        if let (Some(migration), Some((class, _))) = (self.migrations.first(), self.exports.first_key_value()) {
            let message = format!(
                "`migrations` and `exports` are mutually exclusive. Choose one or the other to declare your Durable \
                 Object lifecycle, but not both (the first migration is tagged `{}`)",
                migration.tag
            );
            return Err(source.invalid(class.span(), message));
        }
        self.object_classes().map(drop).map_err(|err| source.invalid(err.span, err.message))
    }

    /// A workflow binding: a name not taken, a workflow name Cloudflare takes,
    /// a class of this worker.
    fn validate_workflow<'a>(
        &'a self,
        workflow: &'a WorkflowConfig,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        self.check_binding("workflows", &workflow.binding, source, seen)?;
        let name = workflow.name.get_ref();
        let valid = !name.is_empty()
            && name.len() <= 64
            && !name.starts_with('-')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            let message = format!(
                "workflows: name `{name}` is not a valid workflow name: up to 64 letters, digits, `-` and `_`, not \
                 starting with `-`"
            );
            return Err(source.invalid(workflow.name.span(), message));
        }
        if !is_js_identifier(workflow.class_name.get_ref()) {
            let message = format!("workflows: class_name `{}` is not a class name", workflow.class_name.get_ref());
            return Err(source.invalid(workflow.class_name.span(), message));
        }
        if let Some(steps) = workflow.limits.as_ref().and_then(|limits| limits.steps.as_ref())
            && *steps.get_ref() == 0
        {
            let message = format!("workflows: limits.steps of `{name}` must be at least 1");
            return Err(source.invalid(steps.span(), message));
        }
        if let Some(script) = &workflow.script_name
            && !bundle::is_package_name(script.get_ref())
        {
            let message = format!(
                "script_name: workflow binding `{}`: `{}` is not a worker's name",
                workflow.binding.get_ref(),
                script.get_ref()
            );
            return Err(source.invalid(script.span(), message));
        }
        Ok(())
    }

    /// A service binding: a name not taken; an entrypoint that can be an export's
    /// name; no environment, which worky lacks.
    fn validate_service<'a>(
        &'a self,
        service: &'a ServiceConfig,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        let name = service.binding.get_ref();
        self.check_binding("services", &service.binding, source, seen)?;
        if let Some(entrypoint) =
            service.entrypoint.as_ref().filter(|entrypoint| !is_js_identifier(entrypoint.get_ref()))
        {
            let message = format!(
                "services `{name}`: entrypoint `{}` is not the name of an export (a JavaScript identifier)",
                entrypoint.get_ref()
            );
            return Err(source.invalid(entrypoint.span(), message));
        }
        if let Some(environment) = &service.environment {
            let message = format!(
                "services `{name}`: environment `{}`: name the deployment itself in `service` (worky has no service \
                 environments)",
                environment.get_ref()
            );
            return Err(source.invalid(environment.span(), message));
        }
        Ok(())
    }

    /// `queues`: producer bindings not taken, queue names that can name a file,
    /// each value within Cloudflare's bounds, one consumer a queue.
    fn validate_queues<'a>(
        &'a self,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        for producer in &self.queues.producers {
            self.check_binding("queues.producers", &producer.binding, source, seen)?;
            check_storage_names("queues.producers", &producer.queue, &[producer.queue.get_ref().clone()], source)?;
            check_bound("delivery_delay", producer.delivery_delay.as_ref(), QUEUE_DELAY, source)?;
        }
        let mut consumed = HashSet::new();
        for consumer in &self.queues.consumers {
            let queue = consumer.queue.get_ref();
            check_storage_names("queues.consumers", &consumer.queue, std::slice::from_ref(queue), source)?;
            if !consumed.insert(queue) {
                let message = format!("queues.consumers: queue `{queue}` has two consumers; a queue has one");
                return Err(source.invalid(consumer.queue.span(), message));
            }
            if let Some(kind) = consumer.kind.as_ref().filter(|kind| kind.get_ref() != "worker") {
                let message = format!(
                    "queues.consumers `{queue}`: type `{}`: worky delivers a queue's messages to the worker's \
                     queue() handler (type \"worker\"); it has no HTTP pull consumers\n  remove `type`",
                    kind.get_ref()
                );
                return Err(source.invalid(kind.span(), message));
            }
            check_bound("max_batch_size", consumer.max_batch_size.as_ref(), QUEUE_BATCH_SIZE, source)?;
            check_bound("max_batch_timeout", consumer.max_batch_timeout.as_ref(), QUEUE_BATCH_TIMEOUT, source)?;
            check_bound("max_retries", consumer.max_retries.as_ref(), QUEUE_RETRIES, source)?;
            check_bound("max_concurrency", consumer.max_concurrency.as_ref(), QUEUE_CONCURRENCY, source)?;
            check_bound("retry_delay", consumer.retry_delay.as_ref(), QUEUE_DELAY, source)?;
            if let Some(dead) = &consumer.dead_letter_queue {
                check_storage_names("dead_letter_queue", dead, &[dead.get_ref().clone()], source)?;
                if dead.get_ref() == queue {
                    let message = format!("dead_letter_queue `{queue}` is the queue itself; name another queue");
                    return Err(source.invalid(dead.span(), message));
                }
            }
        }
        Ok(())
    }

    /// `assets`: a directory that exists, known handling names, a binding name
    /// not taken, `run_worker_first` patterns that are paths.
    fn validate_assets<'a>(
        &'a self,
        assets: &'a Spanned<AssetsConfig>,
        source: &SourceText<'_>,
        seen: &mut HashSet<&'a String>,
    ) -> Result<(), ConfigError> {
        let table = assets.get_ref();
        let Some(directory) = &table.directory else {
            let message = "assets: `directory` is missing: name the folder of files to serve, as in \
                           `assets = { directory = \"./public\" }`";
            return Err(source.invalid(assets.span(), message));
        };
        let root = source.path.parent().unwrap_or(Path::new("."));
        let path = root.join(directory.get_ref());
        if !path.is_dir() {
            let message = format!(
                "assets.directory `{}` is not a folder ({} does not exist)\n  create it, or point `directory` at \
                 the folder your build writes",
                directory.get_ref(),
                path.display()
            );
            return Err(source.invalid(directory.span(), message));
        }
        if let Some(binding) = &table.binding {
            self.check_binding("assets", binding, source, seen)?;
        }
        let one_of = |key: &str, value: &Spanned<String>, names: &[&str]| {
            let closest = names.iter().min_by_key(|name| strsim::levenshtein(value.get_ref(), name));
            let message = format!(
                "assets.{key}: unknown value `{}`; did you mean `{}`? (one of {})",
                value.get_ref(),
                closest.unwrap_or(&names[0]),
                names.join(", ")
            );
            source.invalid(value.span(), message)
        };
        if let Some(value) = &table.html_handling
            && bundle::HtmlHandling::from_name(value.get_ref()).is_none()
        {
            return Err(one_of("html_handling", value, &bundle::HtmlHandling::NAMES));
        }
        if let Some(value) = &table.not_found_handling
            && bundle::NotFoundHandling::from_name(value.get_ref()).is_none()
        {
            return Err(one_of("not_found_handling", value, &bundle::NotFoundHandling::NAMES));
        }
        if let Some(first) = &table.run_worker_first
            && let bundle::RunWorkerFirst::Paths(patterns) = first.get_ref()
            && let Some(problem) = run_worker_first_problem(patterns)
        {
            return Err(source.invalid(first.span(), format!("assets.run_worker_first: {problem}")));
        }
        Ok(())
    }

    /// A project without `main` serves its assets alone: as in wrangler, it can
    /// have no assets binding and no `run_worker_first` (nothing would run).
    fn check_assets_only(&self, path: &Path) -> Result<(), ConfigError> {
        let Some(assets) = &self.assets else { return Ok(()) };
        let assets = assets.get_ref();
        let text = super::read(path).unwrap_or_default();
        let source = SourceText::new(path, &text);
        let at = |span: std::ops::Range<usize>| {
            // A JSON file's positions are its own; point at the file then.
            if path.extension().is_some_and(|ext| ext == "toml") { source.at(span) } else { path.display().to_string() }
        };
        if let Some(binding) = &assets.binding {
            return Err(ConfigError::Invalid {
                location: at(binding.span()),
                message: "assets.binding: a project without `main` serves its static assets alone and has no \
                          worker to bind them to\n  remove `binding`, or set `main` to your worker"
                    .into(),
            });
        }
        if let Some(first) = &assets.run_worker_first {
            return Err(ConfigError::Invalid {
                location: at(first.span()),
                message: "assets.run_worker_first: a project without `main` has no worker to run first\n  \
                          remove `run_worker_first`, or set `main` to your worker"
                    .into(),
            });
        }
        Ok(())
    }

    /// `[[rules]]` for the bundler (validated: every type is known).
    pub fn module_rules(&self) -> Vec<bundle::ModuleRule> {
        self.rules
            .iter()
            .filter_map(|rule| {
                let kind = bundle::ModuleKind::from_name(rule.kind.get_ref())?;
                Some(bundle::ModuleRule { kind, globs: rule.globs.clone(), fallthrough: rule.fallthrough })
            })
            .collect()
    }

    /// `[limits]` over the runtime's defaults.
    pub fn limits(&self) -> Limits {
        self.limits.over(Limits::default())
    }

    /// `[pool]` over the runtime's defaults.
    pub fn pool_settings(&self) -> PoolSettings {
        self.pool.settings()
    }

    pub fn vars_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.vars.iter().map(|(name, value)| (name.get_ref().clone(), toml_to_json(value))).collect()
    }

    pub fn kv_bindings(&self) -> Vec<String> {
        self.kv_namespaces.iter().map(|ns| ns.binding.get_ref().clone()).collect()
    }

    /// R2 bindings and the names their objects are stored under (`dev`: the preview names).
    pub fn r2_bindings(&self, dev: bool) -> Vec<bundle::R2Binding> {
        let binding = |b: &R2Bucket| bundle::R2Binding { name: b.binding.get_ref().clone(), storage: b.storage(dev) };
        self.r2_buckets.iter().map(binding).collect()
    }

    /// Each Hyperdrive binding and its connection string in dev: wrangler's
    /// `CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<NAME>` (or the older
    /// `WRANGLER_HYPERDRIVE_...`), else its `localConnectionString`. One with
    /// neither, or a variable that is not a connection string, is an error
    /// saying what to set, as wrangler's.
    pub fn hyperdrive_dev(&self) -> Result<Vec<(String, Option<String>)>, ConfigError> {
        let mut found = Vec::new();
        for hyperdrive in &self.hyperdrive {
            let name = hyperdrive.binding.get_ref();
            let variable = format!("CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_{name}");
            let from_env = [variable.clone(), format!("WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_{name}")]
                .into_iter()
                .find_map(|key| std::env::var(&key).ok().map(|value| (key, value)));
            let connection = match (from_env, &hyperdrive.local_connection_string) {
                (Some((key, value)), _) => {
                    if let Some(problem) = connection_string_problem(&value) {
                        return Err(ConfigError::Entry(format!("{key}: {problem}")));
                    }
                    value
                }
                (None, Some(local)) => local.get_ref().clone(),
                (None, None) => {
                    return Err(ConfigError::Entry(format!(
                        "When developing locally, you should use a local Postgres connection string to emulate \
                         Hyperdrive functionality. Please setup Postgres locally and set the value of the \
                         '{variable}' variable or \"{name}\"'s \"localConnectionString\" to the Postgres connection \
                         string."
                    )));
                }
            };
            found.push((name.clone(), Some(connection)));
        }
        Ok(found)
    }

    /// Queue producers: each binding, its queue and its default delivery delay.
    pub fn queue_bindings(&self) -> Vec<bundle::QueueBinding> {
        let binding = |p: &QueueProducerConfig| bundle::QueueBinding {
            name: p.binding.get_ref().clone(),
            queue: p.queue.get_ref().clone(),
            delivery_delay: p.delivery_delay.as_ref().map_or(0, |delay| *delay.get_ref() as u32),
        };
        self.queues.producers.iter().map(binding).collect()
    }

    /// Queue consumers, Cloudflare's defaults filled in.
    pub fn queue_consumers(&self) -> Vec<bundle::QueueConsumer> {
        let or = |value: &Option<Spanned<i64>>, (default, _, _): (i64, i64, i64)| {
            value.as_ref().map_or(default, |value| *value.get_ref()) as u32
        };
        let consumer = |c: &QueueConsumerConfig| bundle::QueueConsumer {
            queue: c.queue.get_ref().clone(),
            max_batch_size: or(&c.max_batch_size, QUEUE_BATCH_SIZE),
            max_batch_timeout: c.max_batch_timeout.as_ref().map_or(QUEUE_BATCH_TIMEOUT.0, |t| *t.get_ref()),
            max_retries: or(&c.max_retries, QUEUE_RETRIES),
            dead_letter_queue: c.dead_letter_queue.as_ref().map(|dead| dead.get_ref().clone()),
            retry_delay: or(&c.retry_delay, QUEUE_DELAY),
            max_concurrency: or(&c.max_concurrency, QUEUE_CONCURRENCY),
        };
        self.queues.consumers.iter().map(consumer).collect()
    }

    /// Service bindings: each binding and the worker it reaches.
    pub fn service_bindings(&self) -> Vec<bundle::ServiceBinding> {
        let binding = |s: &ServiceConfig| bundle::ServiceBinding {
            name: s.binding.get_ref().clone(),
            service: s.service.get_ref().clone(),
            entrypoint: s.entrypoint.as_ref().map(|entrypoint| entrypoint.get_ref().clone()),
        };
        self.services.iter().map(binding).collect()
    }

    /// D1 bindings and the names their data is stored under (`dev`: the preview ids).
    pub fn d1_bindings(&self, dev: bool) -> Vec<bundle::D1Binding> {
        let binding =
            |db: &D1Database| bundle::D1Binding { name: db.binding.get_ref().clone(), storage: db.storage(dev) };
        self.d1_databases.iter().map(binding).collect()
    }

    /// The Durable Object classes the lifecycle (`migrations` or `exports`)
    /// leaves, each with its kind and namespace; the first step that cannot
    /// apply is an error (`validate` reports it, with where it is).
    pub fn object_classes(&self) -> Result<Lifecycle, object_classes::LifecycleError> {
        if self.exports.is_empty() {
            object_classes::from_migrations(&self.migrations)
        } else {
            object_classes::from_exports(&self.exports)
        }
    }

    /// Durable Object bindings; a class the lifecycle makes SQLite-backed
    /// (`new_sqlite_classes`, `storage = "sqlite"`) has the SQL API, and a
    /// renamed one keeps its first name's namespace. A class of the lifecycle
    /// that no binding names comes with no name: not in `env`, but in
    /// `ctx.exports`, as workerd has it.
    pub fn durable_object_bindings(&self) -> Vec<bundle::DurableObjectBinding> {
        self.object_bindings(&self.object_classes().unwrap_or_default().classes)
    }

    /// The bindings, given the classes the lifecycle leaves.
    fn object_bindings(&self, classes: &BTreeMap<String, ObjectClass>) -> Vec<bundle::DurableObjectBinding> {
        let own = |class_name: &str| classes.get(class_name);
        let mut bindings: Vec<bundle::DurableObjectBinding> = self
            .durable_objects
            .bindings
            .iter()
            .map(|binding| {
                let class_name = binding.class_name.get_ref().clone();
                let script_name = self.other_script(binding);
                let class = own(&class_name).filter(|_| script_name.is_none());
                object_binding(binding.name.get_ref().clone(), class_name, class, script_name)
            })
            .collect();
        let bound = |class: &str| bindings.iter().any(|b| b.script_name.is_none() && b.class_name == class);
        let unbound: Vec<_> = classes
            .iter()
            .filter(|(class, _)| !bound(class))
            .map(|(class_name, class)| object_binding(String::new(), class_name.clone(), Some(class), None))
            .collect();
        bindings.extend(unbound);
        bindings
    }

    /// The other worker a Durable Object binding's class is exported by
    /// (`script_name`; `None` when it names this worker, or is left out).
    fn other_script(&self, binding: &DurableObjectBinding) -> Option<String> {
        binding.script_name.as_ref().map(|script| script.get_ref().clone()).filter(|script| *script != self.name)
    }

    /// Every class a Durable Object binding names must be exported by the module;
    /// the error names where the config names it.
    pub fn check_object_classes(&self, exports: &[String], entry: &str) -> Result<(), ConfigError> {
        for (index, binding) in self.durable_objects.bindings.iter().enumerate() {
            let class = binding.class_name.get_ref();
            if self.other_script(binding).is_some() || exports.iter().any(|export| export == class) {
                continue;
            }
            let location = self.class_sites.get(index).cloned().unwrap_or_else(|| CONFIG_FILE.to_string());
            let message = format!(
                "durable_objects binding `{}` names class `{class}`, which {} does not export\n  \
                 export it from the entry module: `export class {class} extends DurableObject {{ ... }}`",
                binding.name.get_ref(),
                entry
            );
            return Err(ConfigError::Invalid { location, message });
        }
        Ok(())
    }

    pub fn crons(&self) -> Vec<String> {
        self.triggers.crons.iter().map(|cron| cron.get_ref().clone()).collect()
    }

    /// Where each KV binding's data is kept when not under its binding name: the
    /// namespace `id`, or in dev its `preview_id` first (as wrangler does).
    pub fn kv_storage(&self, dev: bool) -> BTreeMap<String, String> {
        self.kv_namespaces
            .iter()
            .filter_map(|ns| {
                let id = if dev { ns.preview_id.clone().or_else(|| ns.id.clone()) } else { ns.id.clone() };
                id.map(|id| (ns.binding.get_ref().clone(), id))
            })
            .collect()
    }

    /// The manifest's view of this config: every value resolved.
    pub fn metadata(&self) -> Metadata {
        let lifecycle = self.object_classes().unwrap_or_default();
        Metadata {
            name: self.name.clone(),
            version: self.version.clone(),
            compatibility_date: self.compatibility_date.as_ref().map(|date| date.get_ref().clone()),
            compatibility_flags: self.compatibility_flags.clone(),
            environment: self.environment.clone(),
            bindings: bundle::Bindings {
                vars: self.vars_json(),
                kv_namespaces: self.kv_bindings(),
                kv_storage: self.kv_storage(false),
                d1_databases: self.d1_bindings(false),
                services: self.service_bindings(),
                r2_buckets: self.r2_bindings(false),
                durable_objects: self.object_bindings(&lifecycle.classes),
                gone_object_classes: lifecycle.gone,
                queues: self.queue_bindings(),
                hyperdrive: self.hyperdrive.iter().map(|h| h.binding.get_ref().clone()).collect(),
                version_metadata: self.version_metadata.as_ref().map(|m| m.binding.get_ref().clone()),
                images: self.images.as_ref().map(|images| images.binding.get_ref().clone()),
                worker_loaders: self.worker_loaders.iter().map(|loader| loader.binding.get_ref().clone()).collect(),
                analytics_engine: self
                    .analytics_engine_datasets
                    .iter()
                    .map(|d| bundle::AnalyticsBinding { name: d.binding.get_ref().clone(), dataset: d.dataset() })
                    .collect(),
                workflows: self
                    .workflows
                    .iter()
                    .map(|w| bundle::WorkflowBinding {
                        name: w.binding.get_ref().clone(),
                        workflow: w.name.get_ref().clone(),
                        class_name: w.class_name.get_ref().clone(),
                        step_limit: w.limits.as_ref().and_then(|limits| limits.steps.as_ref()).map(|s| *s.get_ref()),
                        script_name: w
                            .script_name
                            .as_ref()
                            .map(|script| script.get_ref().clone())
                            .filter(|script| *script != self.name),
                    })
                    .collect(),
                send_email: self
                    .send_email
                    .iter()
                    .map(|s| bundle::SendEmailBinding {
                        name: s.name.get_ref().clone(),
                        destination_address: s.destination_address.as_ref().map(|a| a.get_ref().clone()),
                        allowed_destination_addresses: s
                            .allowed_destination_addresses
                            .as_ref()
                            .map(|a| a.get_ref().clone()),
                        allowed_sender_addresses: s.allowed_sender_addresses.clone(),
                    })
                    .collect(),
                secrets_store: self
                    .secrets_store_secrets
                    .iter()
                    .map(|s| bundle::SecretsStoreBinding {
                        name: s.binding.get_ref().clone(),
                        store_id: s.store_id.get_ref().clone(),
                        secret_name: s.secret_name.get_ref().clone(),
                    })
                    .collect(),
                dispatch_namespaces: self
                    .dispatch_namespaces
                    .iter()
                    .map(|d| bundle::DispatchNamespaceBinding {
                        name: d.binding.get_ref().clone(),
                        namespace: d.namespace.get_ref().clone(),
                    })
                    .collect(),
                rate_limits: self
                    .ratelimits
                    .iter()
                    .map(|r| bundle::RateLimitBinding {
                        name: r.name.get_ref().clone(),
                        namespace: r.namespace_id.get_ref().clone(),
                        limit: *r.simple.get_ref().limit.get_ref(),
                        period: *r.simple.get_ref().period.get_ref(),
                    })
                    .collect(),
                unsupported: self.unsupported_bindings.clone(),
            },
            triggers: bundle::Triggers { crons: self.crons(), queues: self.queue_consumers() },
            limits: self.limits().into(),
        }
    }
}

/// What is wrong with `run_worker_first` patterns, by wrangler's rules: 1 to 100
/// of them, each at most 100 characters, starting with `/` or `!/`, no two the
/// same, at least one that is not negated.
fn run_worker_first_problem(patterns: &[String]) -> Option<String> {
    if patterns.is_empty() {
        return Some("no rules: give at least one (as \"/api/*\"), or `true` or `false`".into());
    }
    if patterns.len() > 100 {
        return Some(format!("{} rules; at most 100 are allowed", patterns.len()));
    }
    if let Some(long) = patterns.iter().find(|p| p.chars().count() > 100) {
        return Some(format!("`{long}` is over 100 characters"));
    }
    if let Some(bad) = patterns.iter().find(|p| !p.starts_with('/') && !p.starts_with("!/")) {
        return Some(format!(
            "`{bad}` is not a path pattern: each starts with `/` (run the worker first there, as in \"/api/*\") \
             or `!/` (not there)"
        ));
    }
    if let Some((_, twice)) = patterns.iter().enumerate().find(|(at, p)| patterns[..*at].contains(p)) {
        return Some(format!("`{twice}` is there twice; rules must be unique"));
    }
    if patterns.iter().all(|p| p.starts_with('!')) {
        return Some("only negative rules (`!/...`): give at least one rule that runs the worker first".into());
    }
    None
}

/// The names a binding's data is kept under (dev's preview name and serve's)
/// name files: letters, digits, `-`, `_` and `.`, not first.
fn check_storage_names(
    kind: &str,
    binding: &Spanned<String>,
    names: &[String],
    source: &SourceText<'_>,
) -> Result<(), ConfigError> {
    let unusable =
        |name: &&String| name.starts_with('.') || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    match names.iter().find(unusable) {
        Some(storage) => Err(source.invalid(
            binding.span(),
            format!(
                "{kind} `{}`: `{storage}` cannot name its local file; use letters, digits, `-`, `_` and `.`",
                binding.get_ref()
            ),
        )),
        None => Ok(()),
    }
}

/// A number setting within `(default, least, most)`; the error names the setting and its bounds.
fn check_bound<T: PartialOrd + std::fmt::Display + Copy>(
    key: &str,
    value: Option<&Spanned<T>>,
    (_, least, most): (T, T, T),
    source: &SourceText<'_>,
) -> Result<(), ConfigError> {
    match value {
        Some(value) if *value.get_ref() < least || *value.get_ref() > most => Err(source.invalid(
            value.span(),
            format!("{key} = {} is out of range: it must be from {least} to {most}", value.get_ref()),
        )),
        _ => Ok(()),
    }
}

/// The config's `assets` with `--assets DIR` as its directory (the rest kept).
fn assets_from_flag(dir: &Path, table: Option<Spanned<AssetsConfig>>) -> Result<Spanned<AssetsConfig>, ConfigError> {
    if !dir.is_dir() {
        return Err(ConfigError::Entry(format!(
            "--assets {}: not a folder\n  give the folder of files to serve, as in `--assets ./public`",
            dir.display()
        )));
    }
    let directory = Some(Spanned::new(0..0, dir.to_string_lossy().into_owned()));
    let table = match table {
        Some(table) => AssetsConfig { directory, ..table.into_inner() },
        None => AssetsConfig {
            directory,
            binding: None,
            html_handling: None,
            not_found_handling: None,
            run_worker_first: None,
        },
    };
    Ok(Spanned::new(0..0, table))
}

/// Reads a dotenv file as wrangler does (no `$VAR` expansion); a missing file
/// means no secrets.
pub fn read_dev_vars(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let failed = |message: String| ConfigError::DevVars { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|err| failed(format!("cannot read it: {err}")))?;
    let pairs = dotenv::parse(&text)
        .map_err(|bad| failed(format!("line {}: cannot parse `{}`: expected KEY=value", bad.line, bad.text)))?;
    Ok(pairs.into_iter().collect())
}

/// `main` names a module of the project: one outside it (`../../etc/passwd`, or a
/// link out) would be read, bundled and shown in error pages as if it were ours.
fn ensure_inside(root: &Path, entry: &Path, config_path: Option<&Path>) -> Result<(), ConfigError> {
    let real = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let root = real(root);
    if real(entry).starts_with(&root) {
        return Ok(());
    }
    let config = config_path.map(|path| path.display().to_string()).unwrap_or_else(|| CONFIG_FILE.to_string());
    Err(ConfigError::Entry(format!(
        "{config}: `main` points outside the project: {} is not under {}\n  \
         move the entry module into the project, or run it directly with `worky dev <file>`",
        entry.display(),
        root.display()
    )))
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}

/// Where a build tool redirects wrangler, next to the user's config.
const DEPLOY_REDIRECT: &str = ".wrangler/deploy/config.json";

/// wrangler's redirect: a build tool (the Cloudflare vite plugin) that
/// generates the config to run (`build/server/wrangler.json`) writes
/// `.wrangler/deploy/config.json`, `{"configPath": "../../build/server/wrangler.json"}`,
/// next to the user's wrangler config, and `wrangler dev` without `--config`
/// then runs the generated one, as worky does. A worky.toml project is not
/// redirected. Answers the config to read and the user's project (where the
/// state stays).
fn redirected_config(
    cwd: &Path,
    found: Option<PathBuf>,
    notices: &mut Vec<String>,
) -> Result<(Option<PathBuf>, Option<PathBuf>), ConfigError> {
    if found.as_deref().and_then(Path::file_name).is_some_and(|name| name == CONFIG_FILE) {
        return Ok((found, None));
    }
    let Some(deploy) = cwd.ancestors().map(|dir| dir.join(DEPLOY_REDIRECT)).find(|path| path.is_file()) else {
        return Ok((found, None));
    };
    let project = deploy.ancestors().nth(3).unwrap_or(cwd).to_path_buf();
    let invalid = |message: String| ConfigError::Entry(format!("{}: {message}", deploy.display()));
    if let Some(user) = &found
        && user.parent() != Some(project.as_path())
    {
        return Err(invalid(format!(
            "this deploy configuration (which a build tool writes to point wrangler at the config it \
             generated) is not beside {}, so which to use is not clear\n  delete it if a past build left \
             it, or run worky from the folder of the config you want",
            user.display()
        )));
    }
    let text = super::read(&deploy)?;
    let value = jsonc_parser::parse_to_serde_value(&text, &Default::default())
        .map_err(|err| invalid(format!("cannot parse it: {err}")))?;
    let target = value.as_ref().and_then(|value| value.get("configPath")).and_then(|path| path.as_str());
    let target = target.ok_or_else(|| invalid(format!("no \"configPath\" in it; it holds: {}", text.trim())))?;
    let path = deploy.parent().unwrap_or(cwd).join(target);
    let path = path.canonicalize().unwrap_or_else(|_| lexically_normal(&path));
    if !path.is_file() {
        return Err(invalid(format!(
            "it points at {}, which does not exist\n  build the project again, or delete it if a past build left it",
            path.display()
        )));
    }
    notices.push(format!(
        "using the configuration a build tool generated, {} (redirected by {})",
        path.display(),
        deploy.display()
    ));
    Ok((Some(path), Some(project)))
}

/// `path` without its `.` and `..` parts, for a path that is not there to resolve.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            part => normal.push(part),
        }
    }
    normal
}

/// The nearest directory with a config file: its worky.toml, or else its
/// wrangler.toml / wrangler.jsonc / wrangler.json (saying which when there are two).
fn find_config(start: &Path, notices: &mut Vec<String>) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let found: Vec<PathBuf> = std::iter::once(CONFIG_FILE)
            .chain(wrangler::FILES)
            .map(|file| dir.join(file))
            .filter(|candidate| candidate.is_file())
            .collect();
        if let Some(first) = found.first() {
            if found.len() > 1 {
                let others: Vec<String> =
                    found[1..].iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
                notices.push(format!("using {} (not {})", first.display(), others.join(", ")));
            }
            return Some(first.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/p/worky.toml"))
    }

    /// The `file:line:col` of an invalid value, and its message.
    fn invalid(text: &str) -> (String, String) {
        match parse(text) {
            Err(ConfigError::Invalid { location, message }) => (location, message),
            other => panic!("expected an invalid value, got {other:?}"),
        }
    }

    #[test]
    fn parses_the_documented_shape() {
        let config = parse(
            r#"
name = "my-app"
main = "src/index.ts"
compatibility_date = "2026-11-01"
[vars]
GREETING = "hello"
LIMITS = { max = 3 }
[[kv_namespaces]]
binding = "KV"
[triggers]
crons = ["*/5 * * * *"]
[limits]
memory_mb = 64
cpu_ms = 50
[pool]
max_isolates = 4
"#,
        )
        .unwrap();
        assert_eq!(config.name, "my-app");
        assert_eq!(config.main.as_deref(), Some("src/index.ts"));
        assert_eq!(config.kv_bindings(), vec!["KV"]);
        assert_eq!(config.crons(), vec!["*/5 * * * *"]);
        assert_eq!(config.limits().memory_mb, 64);
        assert_eq!(config.limits().cpu_ms, 50);
        assert_eq!(config.limits().max_body_mb, 100, "defaults fill the rest");
        assert_eq!(config.pool_settings().max_isolates, 4);
        assert_eq!(config.pool_settings().min_isolates, 1);
        assert_eq!(config.vars_json()["LIMITS"], serde_json::json!({"max": 3}));
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = parse("name = \"a\"\nmian = \"src/index.ts\"\n").unwrap_err().to_string();
        assert!(err.contains("/p/worky.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("unknown field `mian`"), "{err}");
    }

    #[test]
    fn unknown_key_in_a_table_is_an_error() {
        let err = parse("name = \"a\"\n[limits]\ncpu = 5\n").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("unknown field `cpu`"), "{err}");
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let err = parse("name = \"a\"\n\nmain = src/index.ts\n").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn bad_crons_are_errors_with_the_line_and_column() {
        let (at, message) = invalid("name = \"a\"\n[triggers]\ncrons = [\"*/5 * * * *\", \"*/5 * * *\"]\n");
        assert_eq!(at, "/p/worky.toml:3:25");
        assert!(message.starts_with("invalid cron expression `*/5 * * *`"), "{message}");
    }

    /// The date picks which flags are on (bundle/compatibility.rs compares dates
    /// as text): anything but YYYY-MM-DD is an error where it is written.
    #[test]
    fn compatibility_dates_are_yyyy_mm_dd() {
        for bad in ["2026-8-4", "2026-02-30", "26-08-04", "2026/08/04", "today"] {
            let (at, message) = invalid(&format!("name = \"a\"\ncompatibility_date = \"{bad}\"\n"));
            assert_eq!(at, "/p/worky.toml:2:22", "{bad}");
            assert!(message.starts_with(&format!("compatibility_date `{bad}` is not a date written YYYY-MM-DD")));
        }
        let (at, _) =
            invalid("name = \"a\"\ncompatibility_date = \"2026-01-01\"\n[env.x]\ncompatibility_date = \"1\"\n");
        assert_eq!(at, "/p/worky.toml:4:22");
        assert!(parse("name = \"a\"\ncompatibility_date = \"2024-02-29\"\n").is_ok());
    }

    #[test]
    fn limits_are_validated_where_they_are_written() {
        let (at, message) = invalid("name = \"a\"\n[limits]\ncpu_ms = 0\n");
        assert_eq!((at.as_str(), message.as_str()), ("/p/worky.toml:3:10", "limits.cpu_ms must be at least 1 (got 0)"));
        let (at, message) = invalid("name = \"a\"\n[limits]\nwall_ms = 5\nmemory_mb = 15\n");
        assert_eq!(at, "/p/worky.toml:4:13");
        assert!(message.contains("memory_mb must be at least 16"), "{message}");
        assert!(parse("name = \"a\"\n[limits]\nmemory_mb = 16\n").is_ok());
        let (at, message) = invalid("name = \"a\"\n[pool]\nmin_isolates = 3\nmax_isolates = 2\n");
        assert_eq!(at, "/p/worky.toml:4:16");
        assert!(message.contains("max_isolates must be at least min_isolates"), "{message}");
    }

    #[test]
    fn a_substring_elsewhere_does_not_move_the_location() {
        // The old substring search pointed at the first line containing the value.
        let (at, _) =
            invalid("name = \"KV\"\n[[kv_namespaces]]\nbinding = \"KV\"\n[[kv_namespaces]]\nbinding = \"KV\"\n");
        assert_eq!(at, "/p/worky.toml:5:11");
    }

    #[test]
    fn wrong_type_is_an_error() {
        let err = parse("name = 5\n").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn bad_binding_names_are_rejected_with_line() {
        let (at, message) = invalid("name = \"a\"\n[[kv_namespaces]]\nbinding = \"my-kv\"\n");
        assert_eq!(at, "/p/worky.toml:3:11");
        assert!(message.contains("not a valid JavaScript identifier"), "{message}");
        let (at, message) = invalid("name = \"a\"\n[vars]\nKV = \"x\"\n[[kv_namespaces]]\nbinding = \"KV\"\n");
        assert_eq!((at.as_str(), message.as_str()), ("/p/worky.toml:5:11", "binding `KV` is defined twice"));
        let (at, _) = invalid("name = \"a\"\n[vars]\n\"not-js\" = 1\n");
        assert_eq!(at, "/p/worky.toml:3:1");
        // A D1 database's id names its file, in dev (its preview id) and in serve.
        let (at, message) = invalid(
            "name = \"a\"\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"ok\"\npreview_database_id = \"../x\"\n",
        );
        assert_eq!(at, "/p/worky.toml:3:11");
        assert!(message.contains("`../x` cannot name its local file"), "{message}");
    }

    #[test]
    fn queues_take_cloudflares_defaults_and_bounds() {
        let config = parse(
            "name = \"a\"\n[[queues.producers]]\nbinding = \"JOBS\"\nqueue = \"jobs\"\ndelivery_delay = 5\n\
             [[queues.consumers]]\nqueue = \"jobs\"\n[[queues.consumers]]\nqueue = \"other\"\nmax_batch_size = 100\n\
             max_batch_timeout = 0.5\nmax_retries = 0\ndead_letter_queue = \"dead\"\nretry_delay = 86400\n",
        )
        .unwrap();
        let producers = config.queue_bindings();
        assert_eq!(
            (producers[0].name.as_str(), producers[0].queue.as_str(), producers[0].delivery_delay),
            ("JOBS", "jobs", 5)
        );
        let consumers = config.queue_consumers();
        let first = &consumers[0];
        assert_eq!((first.max_batch_size, first.max_batch_timeout, first.max_retries), (10, 5.0, 3));
        assert_eq!((first.retry_delay, first.max_concurrency, first.dead_letter_queue.clone()), (0, 1, None));
        let second = &consumers[1];
        assert_eq!((second.max_batch_size, second.max_batch_timeout, second.max_retries), (100, 0.5, 0));
        assert_eq!((second.retry_delay, second.dead_letter_queue.as_deref()), (86_400, Some("dead")));
        assert_eq!(config.metadata().triggers.queues, consumers, "the manifest carries the consumers");

        let consumer = |line: &str| format!("name = \"a\"\n[[queues.consumers]]\nqueue = \"q\"\n{line}\n");
        for (line, words) in [
            ("max_batch_size = 0", "max_batch_size = 0 is out of range: it must be from 1 to 100"),
            ("max_batch_size = 101", "max_batch_size = 101 is out of range: it must be from 1 to 100"),
            ("max_batch_timeout = 60.5", "max_batch_timeout = 60.5 is out of range: it must be from 0 to 60"),
            ("max_retries = 101", "max_retries = 101 is out of range: it must be from 0 to 100"),
            ("retry_delay = 86401", "retry_delay = 86401 is out of range: it must be from 0 to 86400"),
            ("max_concurrency = 0", "max_concurrency = 0 is out of range: it must be from 1 to 250"),
            ("dead_letter_queue = \"q\"", "dead_letter_queue `q` is the queue itself; name another queue"),
            ("type = \"http_pull\"", "it has no HTTP pull consumers"),
        ] {
            let (at, message) = invalid(&consumer(line));
            assert!(at.starts_with("/p/worky.toml:4:"), "{line}: {at}");
            assert!(message.contains(words), "{line}: {message}");
        }
        // On both sides of the bounds, the values Cloudflare allows are taken.
        for line in ["max_batch_size = 1", "max_batch_size = 100", "max_batch_timeout = 0", "max_batch_timeout = 60"] {
            parse(&consumer(line)).unwrap_or_else(|err| panic!("{line}: {err}"));
        }
        let (at, message) = invalid(&format!("{}[[queues.consumers]]\nqueue = \"q\"\n", consumer("")));
        assert_eq!(at, "/p/worky.toml:6:9");
        assert!(message.contains("queue `q` has two consumers"), "{message}");
        let (at, message) =
            invalid("name = \"a\"\n[[queues.producers]]\nbinding = \"Q\"\nqueue = \"../q\"\ndelivery_delay = 1\n");
        assert_eq!(at, "/p/worky.toml:4:9");
        assert!(message.contains("`../q` cannot name its local file"), "{message}");
        let (at, _) =
            invalid("name = \"a\"\n[[queues.producers]]\nbinding = \"Q\"\nqueue = \"q\"\ndelivery_delay = -1\n");
        assert_eq!(at, "/p/worky.toml:5:18");
    }

    /// An environment has the top level's assets unless it sets its own.
    #[test]
    fn environments_inherit_assets() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("public")).unwrap();
        std::fs::create_dir_all(dir.path().join("staging-site")).unwrap();
        let path = dir.path().join("wrangler.toml");
        let text = "name = \"a\"\n[assets]\ndirectory = \"./public\"\nhtml_handling = \"none\"\n\
                    [env.plain]\n[env.staging]\nassets = { directory = \"./staging-site\" }\n";
        let config = Config::parse(text, &path).unwrap();
        let directory = |env: &str| {
            let config = config.clone().select_env(env, &path).unwrap();
            let assets = config.assets.unwrap().into_inner();
            (assets.directory.unwrap().into_inner(), assets.html_handling.map(|h| h.into_inner()))
        };
        assert_eq!(directory("plain"), ("./public".to_string(), Some("none".to_string())));
        assert_eq!(directory("staging"), ("./staging-site".to_string(), None));
    }

    #[test]
    fn run_worker_first_patterns_follow_wranglers_rules() {
        let patterns = |list: &[&str]| list.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert_eq!(run_worker_first_problem(&patterns(&["/api/*", "!/api/docs/*"])), None);
        for (list, said) in [
            (&[][..], "no rules"),
            (&["api/*"][..], "`api/*` is not a path pattern"),
            (&["/a", "/a"][..], "`/a` is there twice"),
            (&["!/a"][..], "only negative rules"),
        ] {
            let problem = run_worker_first_problem(&patterns(list)).unwrap();
            assert!(problem.contains(said), "{list:?}: {problem}");
        }
        let many: Vec<String> = (0..101).map(|i| format!("/{i}")).collect();
        assert!(run_worker_first_problem(&many).unwrap().contains("101 rules"));
        assert_eq!(run_worker_first_problem(&many[..100]), None);
        let long = format!("/{}", "a".repeat(100));
        assert!(run_worker_first_problem(std::slice::from_ref(&long)).unwrap().contains("over 100 characters"));
        assert_eq!(run_worker_first_problem(&[long[..100].to_string()]), None);
    }

    #[test]
    fn workflows_name_a_class_of_this_worker() {
        let base = "name = \"shop\"\n[[workflows]]\nbinding = \"ORDERS\"\n";
        let config =
            parse(&format!("{base}name = \"orders\"\nclass_name = \"Order\"\nscript_name = \"shop\"\n")).unwrap();
        assert_eq!(config.workflows[0].class_name.get_ref(), "Order");
        let (location, message) =
            invalid(&format!("{base}name = \"orders\"\nclass_name = \"Order\"\nscript_name = \"Billing!\"\n"));
        assert!(location.ends_with(":6:15"), "{location}");
        assert!(message.contains("`Billing!`") && message.contains("not a worker's name"), "{message}");
        let config =
            parse(&format!("{base}name = \"orders\"\nclass_name = \"Order\"\nscript_name = \"billing\"\n")).unwrap();
        assert_eq!(config.workflows[0].script_name.as_ref().unwrap().get_ref(), "billing");
        let (location, message) = invalid(&format!("{base}name = \"no spaces\"\nclass_name = \"Order\"\n"));
        assert!(location.ends_with(":4:8"), "{location}");
        assert!(message.contains("not a valid workflow name"), "{message}");
        let (_, message) = invalid(&format!("{base}name = \"{}\"\nclass_name = \"Order\"\n", "w".repeat(65)));
        assert!(message.contains("not a valid workflow name"), "{message}");
        parse(&format!("{base}name = \"{}\"\nclass_name = \"Order\"\n", "w".repeat(64))).unwrap();
        let (_, message) = invalid(&format!("{base}name = \"orders\"\nclass_name = \"not-a-class\"\n"));
        assert!(message.contains("class_name `not-a-class`"), "{message}");
    }

    #[test]
    fn env_merges_vars_and_secrets() {
        let project = Project {
            root: PathBuf::from("/p"),
            config: parse("name = \"a\"\n[vars]\nA = \"1\"\nB = 2\n").unwrap(),
            entry: Some(PathBuf::from("/p/src/index.ts")),
            config_path: None,
            notices: Vec::new(),
            state_root: None,
        };
        let secrets = BTreeMap::from([("A".to_string(), "secret".to_string())]);
        assert_eq!(project.env_json(&secrets), serde_json::json!({"A": "secret", "B": 2}));
    }

    #[test]
    fn dev_vars_are_dotenv() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dev.vars");
        std::fs::write(&path, "# comment\nAPI_KEY=abc\nQUOTED=\"a b\"\n").unwrap();
        let vars = read_dev_vars(&path).unwrap();
        assert_eq!(vars["API_KEY"], "abc");
        assert_eq!(vars["QUOTED"], "a b");
        std::fs::write(&path, "GOOD=1\nthis is not valid\n").unwrap();
        let err = read_dev_vars(&path).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(matches!(&err, ConfigError::DevVars { path: named, .. } if *named == path), "{err}");
        assert!(err.to_string().contains(".dev.vars"), "{err}");
        assert!(read_dev_vars(&dir.path().join("missing")).unwrap().is_empty());
    }
}
