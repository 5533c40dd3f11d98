//! `manifest.json`: what a bundle is, as `worky build` writes it and a signed
//! package carries it. These are wire types of their own, versioned by
//! `format`, so the worky.toml format can change without changing packages.

use serde::{Deserialize, Serialize};

use super::Compatibility;

/// The newest manifest format this worky writes and understands: 2 adds
/// `assets` (a package written with static assets is format 2, so an older
/// worky refuses it rather than serve the worker without its files); a package
/// without them stays format 1.
pub const FORMAT: u32 = 2;
/// The format of a manifest without `assets`.
pub const FORMAT_WITHOUT_ASSETS: u32 = 1;

/// Whether `name` can name a package: package names (and versions) become file
/// names in dist/, the registry's storage and serve's state directory, so they
/// keep to letters, digits, `-`, `_`, `.` and `+`, never start with a `.` and are
/// at most 100 characters.
pub fn is_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'))
}

/// What a user reads when a name is not a package name.
pub const PACKAGE_NAME_RULE: &str =
    "use letters, digits, `-`, `_` and `.` (not first), at most 100 characters, as in \"my-app\"";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Manifests written before the field existed are format 1.
    #[serde(default = "first_format")]
    pub format: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The module the runtime loads, relative to the manifest.
    pub main: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compatibility_flags: Vec<String>,
    /// The config's environment it was built for (`--env NAME`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub worky_version: String,
    /// Every output file but the manifest itself.
    pub files: Vec<FileDigest>,
    pub bindings: Bindings,
    pub triggers: Triggers,
    pub limits: Limits,
    /// Static assets served with the worker (wrangler's `[assets]`), format 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Assets>,
}

fn first_format() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// What `env` carries, minus secrets: those never enter a bundle.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Bindings {
    #[serde(default)]
    pub vars: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub kv_namespaces: Vec<String>,
    /// Where each KV binding's data is kept, when not under its binding name: its
    /// namespace `id` (`preview_id` in dev), as wrangler keeps it, so two
    /// environments or two namespaces never share data by accident.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub kv_storage: std::collections::BTreeMap<String, String>,
    /// R2 buckets: `env.NAME`, with the name each one's objects are stored under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub r2_buckets: Vec<R2Binding>,
    /// Service bindings: `env.NAME` reaches the worker named `service`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceBinding>,
    /// D1 databases: `env.NAME`, with the name each one's data is stored under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub d1_databases: Vec<D1Binding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub durable_objects: Vec<DurableObjectBinding>,
    /// Durable Object classes an `exports` tombstone says are gone from this
    /// worker (deleted, transferred): a state directory retires their namespaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone_object_classes: Vec<String>,
    /// Queue producers: `env.NAME.send()` puts messages on the queue `queue`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<QueueBinding>,
    /// Analytics Engine datasets: `env.NAME.writeDataPoint()` writes to `dataset`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub analytics_engine: Vec<AnalyticsBinding>,
    /// Workflows: `env.NAME.create()` starts an instance of `workflow`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workflows: Vec<WorkflowBinding>,
    /// Rate limiters: `env.NAME.limit({ key })`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rate_limits: Vec<RateLimitBinding>,
    /// Secrets Store secrets: `await env.NAME.get()` is the secret `secret_name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets_store: Vec<SecretsStoreBinding>,
    /// Dispatch namespaces: `env.NAME.get(script)` reaches a user worker of `namespace`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispatch_namespaces: Vec<DispatchNamespaceBinding>,
    /// Email senders: `env.NAME.send(message)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub send_email: Vec<SendEmailBinding>,
    /// `env.NAME` transforms images (`[images]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<String>,
    /// Worker Loaders: `env.NAME.get(id, getCode)` starts a Dynamic Worker.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worker_loaders: Vec<String>,
    /// `env.NAME` is the version's `{ id, tag, timestamp }` (`[version_metadata]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_metadata: Option<String>,
    /// Hyperdrive bindings, by name: the host gives each its connection string
    /// (never the package: it holds a password).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hyperdrive: Vec<String>,
    /// Bindings the config declares that worky does not have yet: `env.NAME`
    /// throws an Error naming them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<UnsupportedBinding>,
}

/// Workers Static Assets: the files and how requests find them, as wrangler's
/// `[assets]` says. `files` are the directory's files (`.assetsignore`d ones
/// left out), each as its URL path (`/blog/index.html`) with its digest.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Assets {
    /// `env.NAME` fetches the assets (`env.ASSETS.fetch(request)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<String>,
    #[serde(default)]
    pub html_handling: HtmlHandling,
    #[serde(default)]
    pub not_found_handling: NotFoundHandling,
    /// Which requests run the worker before an asset is looked for.
    #[serde(default, skip_serializing_if = "RunWorkerFirst::is_never")]
    pub run_worker_first: RunWorkerFirst,
    /// The project has no worker of its own (no `main`): the assets answer
    /// every request, a miss with an empty 404.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assets_only: bool,
    /// The directory's `_headers` file: headers for the assets' answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<String>,
    /// The directory's `_redirects` file: redirects and rewrites before any file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirects: Option<String>,
    pub files: Vec<FileDigest>,
}

/// How a path finds its HTML file, and which form of it redirects to which.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum HtmlHandling {
    #[default]
    AutoTrailingSlash,
    ForceTrailingSlash,
    DropTrailingSlash,
    None,
}

impl HtmlHandling {
    pub const NAMES: [&str; 4] = ["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"];

    pub fn from_name(name: &str) -> Option<HtmlHandling> {
        let all = [
            HtmlHandling::AutoTrailingSlash,
            HtmlHandling::ForceTrailingSlash,
            HtmlHandling::DropTrailingSlash,
            HtmlHandling::None,
        ];
        HtmlHandling::NAMES.iter().position(|n| *n == name).map(|i| all[i])
    }
}

/// What a path that matches no file answers.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NotFoundHandling {
    #[default]
    None,
    #[serde(rename = "404-page")]
    NotFoundPage,
    SinglePageApplication,
}

impl NotFoundHandling {
    pub const NAMES: [&str; 3] = ["none", "404-page", "single-page-application"];

    pub fn from_name(name: &str) -> Option<NotFoundHandling> {
        let all = [NotFoundHandling::None, NotFoundHandling::NotFoundPage, NotFoundHandling::SinglePageApplication];
        NotFoundHandling::NAMES.iter().position(|n| *n == name).map(|i| all[i])
    }
}

/// `run_worker_first`: `true` (every request), or path patterns (`/api/*`,
/// `!/api/docs/*`) for the requests that run the worker first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum RunWorkerFirst {
    All(bool),
    Paths(Vec<String>),
}

impl Default for RunWorkerFirst {
    fn default() -> RunWorkerFirst {
        RunWorkerFirst::All(false)
    }
}

impl RunWorkerFirst {
    pub fn is_never(&self) -> bool {
        matches!(self, RunWorkerFirst::All(false))
    }
}

/// `env.NAME` is an R2 bucket whose objects are stored as `storage`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct R2Binding {
    pub name: String,
    pub storage: String,
}

/// `env.NAME` creates and finds instances of the workflow `workflow`, which
/// runs this worker's exported class `class_name`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WorkflowBinding {
    pub name: String,
    pub workflow: String,
    pub class_name: String,
    /// The most steps an instance may run (`limits.steps`; Cloudflare's 10,000 without).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_limit: Option<u32>,
    /// The worker whose workflow it is, when not this one: that worker runs its
    /// instances and keeps them (serve: the deployment of that name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_name: Option<String>,
}

/// `await env.NAME.get()` is the secret `secret_name` of the store `store_id`
/// (the host's secret of that name: `.dev.vars` in dev, the deployment's in serve).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SecretsStoreBinding {
    pub name: String,
    pub store_id: String,
    pub secret_name: String,
}

/// `await env.NAME.send(message)` sends an email, to `destination_address`
/// only, or to one of `allowed_destination_addresses`, from one of
/// `allowed_sender_addresses` (each unset: any).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SendEmailBinding {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_destination_addresses: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_sender_addresses: Option<Vec<String>>,
}

/// `env.NAME` reaches the user workers of the dispatch namespace `namespace`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DispatchNamespaceBinding {
    pub name: String,
    pub namespace: String,
}

/// `env.NAME` counts calls by key in the rate limit namespace `namespace`:
/// `limit` calls a window of `period` seconds unless a call gives its own.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RateLimitBinding {
    pub name: String,
    pub namespace: String,
    pub limit: f64,
    pub period: u32,
}

/// `env.NAME` writes data points to the Analytics Engine dataset `dataset`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AnalyticsBinding {
    pub name: String,
    pub dataset: String,
}

/// `env.NAME` is a Fetcher to the worker named `service`: its default export,
/// or the export `entrypoint` (a WorkerEntrypoint class, or a handler object).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ServiceBinding {
    pub name: String,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
}

/// `env.NAME` is a D1 database whose data is stored as `storage`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct D1Binding {
    pub name: String,
    pub storage: String,
}

/// A binding of a kind worky lacks (an R2 bucket, a D1 database, ...).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UnsupportedBinding {
    pub name: String,
    /// What wrangler's users call the kind: "R2 bucket".
    pub kind: String,
}

/// `env.NAME` is the namespace of the worker's exported class `class_name`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DurableObjectBinding {
    pub name: String,
    pub class_name: String,
    /// Declared in `new_sqlite_classes`: `ctx.storage.sql` is available.
    #[serde(default)]
    pub sqlite: bool,
    /// The namespace the class's objects are in, where the config says it
    /// (config/object_classes.rs): a renamed class keeps its first name's
    /// objects (their ids and storage), as on Cloudflare. Where it does not,
    /// the host fills it in from its state directory's record
    /// (runtime/objects/namespaces.rs); once settled, `None` is the class's own name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The worker that exports the class, when it is not this one: its
    /// objects are that worker's (serve: the deployment of that name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_name: Option<String>,
}

impl DurableObjectBinding {
    /// The namespace its objects are in: the class's own name unless it was renamed.
    pub fn namespace_name(&self) -> &str {
        self.namespace.as_deref().unwrap_or(&self.class_name)
    }
}

/// The names a new namespace for `class` may have, in order: its own, then
/// `class@2`, `class@3`, ... (a class made again after its name was used).
pub fn namespace_names(class: &str) -> impl Iterator<Item = String> + '_ {
    (1..).map(move |n| if n == 1 { class.to_string() } else { format!("{class}@{n}") })
}

/// The namespace of a worker's own Durable Object class `class`, given its `bindings`.
pub fn object_namespace<'a>(bindings: &'a [DurableObjectBinding], class: &'a str) -> &'a str {
    let own = bindings.iter().find(|b| b.script_name.is_none() && b.class_name == class);
    own.map_or(class, DurableObjectBinding::namespace_name)
}

/// A worker's own class whose objects are in `namespace`, if it has one.
pub fn object_class<'a>(bindings: &'a [DurableObjectBinding], namespace: &str) -> Option<&'a str> {
    let own = bindings.iter().find(|b| b.script_name.is_none() && b.namespace_name() == namespace);
    own.map(|binding| binding.class_name.as_str())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Triggers {
    #[serde(default)]
    pub crons: Vec<String>,
    /// The queues whose messages the worker's `queue` handler consumes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<QueueConsumer>,
}

/// `env.NAME` sends to the queue `queue`, each message delivered no sooner
/// than `delivery_delay` seconds after it was sent unless the send says otherwise.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct QueueBinding {
    pub name: String,
    pub queue: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delivery_delay: u32,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

/// How a queue's messages reach the worker's `queue` handler (wrangler's
/// `[[queues.consumers]]`, every value resolved).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QueueConsumer {
    pub queue: String,
    /// At most this many messages a batch.
    pub max_batch_size: u32,
    /// Seconds a batch waits to fill before it is delivered as it is.
    pub max_batch_timeout: f64,
    /// Deliveries after the first before a message goes to the dead-letter queue (or is dropped).
    pub max_retries: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter_queue: Option<String>,
    /// Seconds a retried message waits, unless its retry says otherwise.
    #[serde(default)]
    pub retry_delay: u32,
    /// Batches delivered at once.
    pub max_concurrency: u32,
}

/// The limits the worker was built with, every one resolved (a host may override them).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Limits {
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_mb: u64,
    pub max_body_mb: u64,
    /// Absent in manifests written before worky had the limit: Workers' default.
    #[serde(default = "default_subrequests")]
    pub subrequests: u64,
}

fn default_subrequests() -> u64 {
    50
}

/// A manifest this worky cannot read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ManifestError {
    #[error("manifest.json is malformed: {0}")]
    Malformed(String),
    #[error("the package has manifest format {found}, newer than this worky understands ({FORMAT}); upgrade worky")]
    NewerFormat { found: u32 },
}

impl Manifest {
    pub fn compatibility(&self) -> Compatibility<'_> {
        Compatibility::new(self.compatibility_date.as_deref(), &self.compatibility_flags)
    }

    /// Parses `manifest.json`, refusing formats from a newer worky.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|err| ManifestError::Malformed(err.to_string()))?;
        if manifest.format > FORMAT {
            return Err(ManifestError::NewerFormat { found: manifest.format });
        }
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An assets section reads back as written, in wrangler's spellings.
    #[test]
    fn assets_are_written_with_wranglers_names() {
        let assets = Assets {
            binding: Some("ASSETS".into()),
            html_handling: HtmlHandling::DropTrailingSlash,
            not_found_handling: NotFoundHandling::NotFoundPage,
            run_worker_first: RunWorkerFirst::Paths(vec!["/api/*".into(), "!/api/docs/*".into()]),
            assets_only: false,
            headers: None,
            redirects: Some("/a /b 301\n".into()),
            files: vec![FileDigest { path: "/index.html".into(), sha256: "ab".repeat(32), size: 5 }],
        };
        let json = serde_json::to_value(&assets).unwrap();
        assert_eq!(json["html_handling"], "drop-trailing-slash");
        assert_eq!(json["not_found_handling"], "404-page");
        assert_eq!(json["run_worker_first"], serde_json::json!(["/api/*", "!/api/docs/*"]));
        assert!(json.get("assets_only").is_none());
        assert_eq!(serde_json::from_value::<Assets>(json).unwrap(), assets);
        let defaults: Assets = serde_json::from_str(r#"{"files":[]}"#).unwrap();
        assert_eq!(defaults.html_handling, HtmlHandling::AutoTrailingSlash);
        assert_eq!(defaults.not_found_handling, NotFoundHandling::None);
        assert_eq!(defaults.run_worker_first, RunWorkerFirst::All(false));
    }

    const WITHOUT_FORMAT: &str = r#"{"name":"a","main":"worker.js","worky_version":"0.1.0","files":[],
        "bindings":{},"triggers":{"crons":[]},"limits":{"cpu_ms":1,"wall_ms":2,"memory_mb":16,"max_body_mb":4}}"#;

    #[test]
    fn manifests_from_before_the_format_field_are_format_one() {
        assert_eq!(Manifest::parse(WITHOUT_FORMAT.as_bytes()).unwrap().format, 1);
    }

    #[test]
    fn newer_formats_are_refused_by_name() {
        let newer = WITHOUT_FORMAT.replacen('{', "{\"format\":3,", 1);
        assert_eq!(Manifest::parse(newer.as_bytes()), Err(ManifestError::NewerFormat { found: 3 }));
        assert!(matches!(Manifest::parse(b"{}"), Err(ManifestError::Malformed(_))));
    }
}
