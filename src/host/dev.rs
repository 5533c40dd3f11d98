//! `worky dev`: bundle, serve from an isolate pool, rebuild on save.
//!
//! The current version lives in `Live`: a route to its pool, or the failure to
//! show (a build error, a worker that throws while loading). A reload builds the new version
//! completely before swapping it in, so a broken edit never takes the old
//! version down, and requests already handed to the old pool finish there.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use deno_core::url::Url;
use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::hotkeys::{Action, Hotkeys};
use super::metrics;
use super::queues::{self, Consumers};
use super::workflows::{self, Runners};
use crate::assets::{self, Assets};
use crate::bundle::{self, Bundler, CODE_FILE};
use crate::cache::{self, CacheStore};
use crate::config::{CONFIG_FILE, DEV_VARS_FILE, Project};
use crate::http::listen::{self, Listener};
use crate::http::{self, Completed, Failure, Mode, RequestLog, Route, Router, tls};
use crate::kv::{KvStore, SqliteStore};
use crate::runtime::analytics::AnalyticsStore;
use crate::runtime::console::Stream;
use crate::runtime::d1::D1Store;
use crate::runtime::metrics::RequestMetrics;
use crate::runtime::queues::QueueStore;
use crate::runtime::r2::R2Store;
use crate::runtime::rate_limits::RateLimits;
use crate::runtime::services::ServiceDirectory;
use crate::runtime::workflows::WorkflowStore;
use crate::runtime::{Egress, IsolateConfig, Limits, Pool, PoolSettings, Setting, SettingsError, events};
use crate::ui;

pub const DEFAULT_PORT: u16 = 8787;
/// Editors write a file in several steps; wait this long for the burst to end.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// `request.cf` in dev, besides the client's own properties: the placeholder
/// wrangler dev gives when it cannot fetch Cloudflare's view of the developer
/// (miniflare's `fallbackCf`, the same values), so code that reads
/// `request.cf.country` runs as it does under wrangler dev.
const DEV_REQUEST_CF: &str = r#"{"asOrganization":"","asn":395747,"colo":"DFW","city":"Austin","region":"Texas",
"regionCode":"TX","metroCode":"635","postalCode":"78701","country":"US","continent":"NA",
"timezone":"America/Chicago","latitude":"30.27130","longitude":"-97.74260","clientTcpRtt":0,
"httpProtocol":"HTTP/1.1","requestPriority":"weight=192;exclusive=0","tlsCipher":"AEAD-AES128-GCM-SHA256",
"tlsVersion":"TLSv1.3","tlsClientAuth":{"certPresented":"0","certVerified":"NONE","certRevoked":"0",
"certIssuerDN":"","certSubjectDN":"","certIssuerDNRFC2253":"","certSubjectDNRFC2253":"","certIssuerDNLegacy":"",
"certSubjectDNLegacy":"","certSerial":"","certIssuerSerial":"","certSKI":"","certIssuerSKI":"",
"certFingerprintSHA1":"","certFingerprintSHA256":"","certNotBefore":"","certNotAfter":"","certRFC9440":"",
"certRFC9440TooLarge":false,"certChainRFC9440":"","certChainRFC9440TooLarge":false},
"edgeRequestKeepAliveStatus":0,"clientTrustScore":99,"botManagement":{"corporateProxy":false,
"verifiedBot":false,"ja3Hash":"25b4882c2bcb50cd6b469ff28c596742","staticResource":false,"detectionIds":[],
"score":99}}"#;

#[derive(Debug, Clone, Default)]
pub struct DevOptions {
    pub entry: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub port: Option<u16>,
    pub ip: Option<IpAddr>,
    /// `--metrics-port`: Prometheus metrics on 127.0.0.1 at this port.
    pub metrics_port: Option<u16>,
    /// Host names to answer besides localhost and IP addresses (`--allowed-host`).
    pub allowed_hosts: Vec<String>,
    /// Where local KV state lives instead of `.worky/state/`.
    pub persist_to: Option<PathBuf>,
    /// `--assets DIR`: this folder served as static assets, over the config's.
    pub assets: Option<PathBuf>,
    /// The config's environment to run (`--env NAME`).
    pub env: Option<String>,
    /// `--var KEY:VALUE`: vars that win over the config's.
    pub vars: Vec<(String, String)>,
    /// `--define KEY:VALUE`: identifiers replaced in the code at build time.
    pub defines: Vec<(String, String)>,
    /// `--minify`.
    pub minify: bool,
    /// `--local-protocol https`, and with which certificate.
    pub https: Option<Https>,
    /// Command-line values that win over worky.toml.
    pub overrides: Overrides,
}

/// Where the HTTPS certificate comes from.
#[derive(Debug, Clone)]
pub enum Https {
    /// Made for localhost, kept in the project's `.worky/local-cert`.
    Local,
    /// `--https-cert-path` and `--https-key-path`.
    Files { cert: PathBuf, key: PathBuf },
}

/// `[limits]` and `[pool]` values given on the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub cpu_ms: Option<u64>,
    pub wall_ms: Option<u64>,
    pub memory_mb: Option<u64>,
    pub max_body_mb: Option<u64>,
    pub min_isolates: Option<usize>,
    pub max_isolates: Option<usize>,
}

impl Overrides {
    /// worky.toml's settings with the flags laid over them, checked by the
    /// runtime's rules; a bad value names the flag that set it.
    fn settings(&self, project: &Project) -> Result<(Limits, PoolSettings)> {
        let (limits, pool) = (project.config.limits(), project.config.pool_settings());
        let limits = Limits {
            cpu_ms: self.cpu_ms.unwrap_or(limits.cpu_ms),
            wall_ms: self.wall_ms.unwrap_or(limits.wall_ms),
            memory_mb: self.memory_mb.unwrap_or(limits.memory_mb),
            max_body_mb: self.max_body_mb.unwrap_or(limits.max_body_mb),
            ..limits
        };
        let pool = PoolSettings {
            min_isolates: self.min_isolates.unwrap_or(pool.min_isolates),
            max_isolates: self.max_isolates.unwrap_or(pool.max_isolates),
            ..pool
        };
        let err = match limits.validate().and_then(|()| pool.validate()) {
            Ok(()) => return Ok((limits, pool)),
            Err(err) => err,
        };
        let hint = match err {
            SettingsError::MaxBelowMin { max, .. } if self.max_isolates.is_none() => {
                format!("\n  pass --max-isolates too (it is {max} here: [pool] max_isolates, or the number of cores)")
            }
            _ => String::new(),
        };
        match self.flag_for(err.setting()) {
            Some(flag) => anyhow::bail!("invalid {flag}: {err}{hint}"),
            None => anyhow::bail!("{err} (from {CONFIG_FILE} and the command line){hint}"),
        }
    }

    /// The flag that set `setting`, if one did.
    fn flag_for(&self, setting: Setting) -> Option<&'static str> {
        let (given, flag) = match setting {
            Setting::CpuMs => (self.cpu_ms.is_some(), "--cpu-ms"),
            Setting::WallMs => (self.wall_ms.is_some(), "--wall-ms"),
            Setting::MemoryMb => (self.memory_mb.is_some(), "--memory-mb"),
            Setting::MaxBodyMb => (self.max_body_mb.is_some(), "--max-body-mb"),
            Setting::MinIsolates => (self.min_isolates.is_some(), "--min-isolates"),
            Setting::MaxIsolates if self.max_isolates.is_none() => (self.min_isolates.is_some(), "--min-isolates"),
            Setting::MaxIsolates => (true, "--max-isolates"),
            Setting::MaxConcurrentRequests | Setting::Subrequests => (false, ""),
        };
        given.then_some(flag)
    }
}

/// The version being served, or why none can be.
struct Live {
    current: RwLock<Result<Arc<Route>, Failure>>,
    allowed_hosts: AllowedHosts,
}

impl Router for Live {
    fn route(&self, host: &str, _path: &str) -> Result<Arc<Route>, Failure> {
        if !self.allowed_hosts.allows(host) {
            return Err(blocked_host(host));
        }
        self.current.read().expect("live lock").clone()
    }
}

/// The Host names dev answers. A web page can point a DNS name it controls at
/// 127.0.0.1 and read what the dev server answers (DNS rebinding); a page can
/// not make the browser send a Host that is localhost or an IP address, so
/// those are always allowed, and any other name only when the developer says.
struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    fn new(names: impl IntoIterator<Item = String>) -> AllowedHosts {
        AllowedHosts { names: names.into_iter().map(|name| name.trim().to_ascii_lowercase()).collect() }
    }

    /// `host` comes lowercase, without port or IPv6 brackets.
    fn allows(&self, host: &str) -> bool {
        host.parse::<IpAddr>().is_ok()
            || host == "localhost"
            || host.ends_with(".localhost")
            || self.names.iter().any(|name| match name.strip_prefix('.') {
                Some(domain) => host == domain || host.strip_suffix(name.as_str()).is_some_and(|sub| !sub.is_empty()),
                None => host == name,
            })
    }
}

fn blocked_host(host: &str) -> Failure {
    Failure {
        title: "Blocked request".into(),
        detail: format!(
            "The Host \"{host}\" is not allowed. worky dev answers localhost and IP addresses, so that \
             a web page cannot reach it through a DNS name it controls.\n\
             To allow this host, add it to `[dev] allowed_hosts` in worky.toml, or pass `--allowed-host {host}`."
        ),
        status: axum::http::StatusCode::FORBIDDEN,
    }
}

impl Live {
    fn set(&self, next: Result<Arc<Route>, Failure>) {
        *self.current.write().expect("live lock") = next;
    }
}

/// The workers a service binding reaches in dev: the worker itself (by its
/// name), as the version served now; `worky dev` runs no other.
struct ThisWorker {
    name: String,
    live: Arc<Live>,
}

impl ServiceDirectory for ThisWorker {
    fn worker(&self, service: &str) -> Option<Arc<dyn crate::runtime::Worker>> {
        let current = self.live.current.read().expect("live lock");
        (service == self.name).then(|| current.as_ref().ok().map(|route| route.worker.clone())).flatten()
    }

    fn missing(&self, service: &str) -> String {
        format!(
            "no worker named \"{service}\" runs here: worky dev runs one worker, \"{}\" (worky serve reaches \
             other deployments by name)",
            self.name
        )
    }
}

/// The version served now, as a worker a queue consumer delivers to (there
/// are consumers only while a version is served: `Session::reload`).
struct Served(Arc<Live>);

impl crate::runtime::Worker for Served {
    fn limits(&self) -> crate::runtime::Limits {
        match self.0.current.read().expect("live lock").as_ref() {
            Ok(route) => route.worker.limits(),
            Err(_) => crate::runtime::Limits::default(),
        }
    }

    fn handle(
        &self,
        request: crate::runtime::WorkerRequest,
    ) -> std::pin::Pin<Box<dyn Future<Output = crate::runtime::Handled> + Send + '_>> {
        let current = self.0.current.read().expect("live lock").clone();
        Box::pin(async move {
            match current {
                Ok(route) => route.worker.handle(request).await,
                Err(failure) => crate::runtime::Handled {
                    isolate: None,
                    outcome: Err(crate::runtime::WorkerError::isolate_gone(format!(
                        "the worker is not running: {}",
                        failure.title
                    ))),
                },
            }
        })
    }
}

/// The dev terminal: a line per request, and the whole story of a failure.
struct Terminal;

impl RequestLog for Terminal {
    fn completed(&self, request: &Completed<'_>) {
        if let Some(route) = request.route {
            route.metrics.record(request.status, request.duration, request.cpu);
        }
        if let Some(problem) = request.problem {
            let internal = problem.context.as_ref().map_or(&[][..], |context| &context.internal_frames[..]);
            let detail = with_internal_frames(problem.detail.clone(), internal);
            ui::error(format!("{} {}: {}\n{}", request.method, request.path, problem.title, indent(&detail)));
        }
        let target = match request.query {
            Some(query) => format!("{}?{query}", request.path),
            None => request.path.to_string(),
        };
        ui::request_line(request.method, &target, request.status, request.duration);
    }
}

/// A stack as the terminal shows it: worky's own frames listed at
/// `--log-level debug`, otherwise counted.
fn with_internal_frames(mut detail: String, internal: &[String]) -> String {
    if ui::shows(ui::Level::Debug) {
        for frame in internal {
            detail.push_str(&format!("\n    {frame}"));
        }
    } else if !internal.is_empty() {
        let hidden = http::error_page::hidden_frames_note(internal.len());
        detail.push_str(&ui::dim(format!("\n    ({hidden}: --log-level debug shows them)")));
    }
    detail
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("  {line}")).collect::<Vec<_>>().join("\n")
}

/// The runtime's events, as terminal lines.
fn print_event(event: &events::Event) {
    use std::io::Write as _;
    match event {
        // The worker's own output, as it wrote it (colors and all).
        events::Event::Console { stream: Stream::Out, text, .. } => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        events::Event::Console { stream: Stream::Err, text, .. } => {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
        // Spans are for a trace exporter, which dev has none of.
        events::Event::ChildSpan(_) => {}
        events::Event::EmailSent { from, to, path, .. } => ui::email_line(from, to, path),
        // A called worker's (a service's, a Dynamic Worker's): its stack as a request's shows.
        events::Event::UncaughtException { message, .. } => {
            let (shown, internal) = http::error_page::split_stack(message);
            ui::error(format!("uncaught exception in worker: {}", with_internal_frames(shown, &internal)));
        }
        event if event.is_error() => ui::error(event),
        event => ui::warn(event),
    }
}

pub async fn run(options: DevOptions) -> Result<()> {
    events::set_handler(print_event);
    let project = load_project(&options)?;
    ui::notices(&project.notices);
    options.overrides.settings(&project)?;
    let ip = match (options.ip, &project.config.dev.ip) {
        (Some(ip), _) => ip,
        // wrangler's default, which the configs it generates write out.
        (None, Some(ip)) if ip == "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
        (None, Some(ip)) => {
            ip.parse().with_context(|| format!("[dev] ip = \"{ip}\" is not an IP address (or \"localhost\")"))?
        }
        (None, None) => IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    let port = options.port.or(project.config.dev.port).unwrap_or(DEFAULT_PORT);
    // Bind before building: a taken port fails fast, with nothing else to read.
    let listener = listen::bind(SocketAddr::new(ip, port)).await?;
    let address = listener.local_addr()?;
    let metrics = match options.metrics_port {
        Some(port) => {
            let installed = metrics::install()?;
            Some((installed, metrics::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)).await?))
        }
        None => None,
    };
    let (listener, scheme) = match &options.https {
        None => (Listener::Tcp(listener), "http"),
        Some(https) => {
            let local_dir = project.root.join(".worky").join("local-cert");
            let certificate = match https {
                Https::Local => tls::Certificate::Local { dir: &local_dir },
                Https::Files { cert, key } => tls::Certificate::Files { cert, key },
            };
            (Listener::Tls(listener, tls::acceptor(certificate)?), "https")
        }
    };

    let source_root = Url::from_directory_path(&project.root).ok().map(String::from);
    let allowed_hosts =
        AllowedHosts::new(project.config.dev.allowed_hosts.iter().chain(&options.allowed_hosts).cloned());
    let live = Arc::new(Live { current: RwLock::new(Err(starting())), allowed_hosts });
    let mut session = Session::new(project, options, live.clone())?;
    ui::status("Starting", format!("{} {}", ui::bold(&session.project.config.name), ui::dim(session.entry_label())));
    let mut watched = session.reload(&live, true, true).await;
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only changes: the bundler opening a file to read it must not trigger a reload.
        let is_change = |kind: &notify::EventKind| match kind {
            notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
            kind => kind.is_create() || kind.is_modify() || kind.is_remove(),
        };
        if let Ok(event) = event
            && is_change(&event.kind)
        {
            let _ = events_tx.send(event.paths);
        }
    })
    .context("cannot watch the project's files")?;
    let mut watched_dirs = watch_dirs(&mut watcher, &session.project, &watched, &BTreeSet::new());
    let mut watched_trees = watch_trees(&mut watcher, session.trees(), BTreeSet::new());
    // Only now: a file saved right after "Ready" is seen.
    let url = ui::cyan(format!("{scheme}://{address}"));
    if live.current.read().expect("live lock").is_ok() {
        ui::status("Ready", format!("on {url}"));
    } else {
        // Not "Ready": the worker did not start. The page says why until it is fixed.
        ui::status("Listening", format!("on {url} (the worker did not start: fix the error above and save)"));
    }
    if let Some((installed, metrics_listener)) = metrics {
        ui::info(format!("  Metrics on {}", ui::cyan(format!("http://{}/metrics", metrics_listener.local_addr()?))));
        tokio::spawn(metrics::serve(metrics_listener, installed, Arc::new(|| {}), listen::shutdown_signal()));
    }
    ui::info(ui::dim("  Watching for changes. Press Ctrl-C to stop."));

    let reloads = {
        let live = live.clone();
        async move {
            while let Some(paths) = events.recv().await {
                let assets_dir: Vec<PathBuf> = session.assets_dir().into_iter().collect();
                let build_dirs = session.project.custom_build().map(|build| build.watch).unwrap_or_default();
                let under = |paths: &[PathBuf], dirs: &[PathBuf]| {
                    paths.iter().any(|path| dirs.iter().any(|dir| path.starts_with(dir)))
                };
                let mut reload = touches(&paths, &watched);
                let mut rescan = under(&paths, &assets_dir);
                let mut custom = under(&paths, &build_dirs);
                if !reload && !rescan && !custom {
                    continue;
                }
                // Let the editor finish writing, and fold the burst into one reload.
                tokio::time::sleep(DEBOUNCE).await;
                while let Ok(more) = events.try_recv() {
                    reload |= touches(&more, &watched);
                    rescan |= under(&more, &assets_dir);
                    custom |= under(&more, &build_dirs);
                }
                if reload || custom {
                    // Scans the assets too.
                    watched = session.reload(&live, false, custom).await;
                    watched_dirs = watch_dirs(&mut watcher, &session.project, &watched, &watched_dirs);
                    watched_trees = watch_trees(&mut watcher, session.trees(), watched_trees);
                } else if rescan {
                    session.rescan_assets();
                }
            }
        }
    };
    // As wrangler dev: no edge in front to compress what the worker leaves as it is.
    let service = http::worker_service(live, Arc::new(Terminal), Mode::Dev, source_root, false);
    // Keys on an interactive terminal; the guard restores the terminal when dev stops.
    let (_hotkeys, mut actions) = match Hotkeys::start(format!("{scheme}://{address}")) {
        Some((guard, actions)) => (Some(guard), Some(actions)),
        None => (None, None),
    };
    let shutdown = async move {
        let exit_key = async {
            match actions.as_mut() {
                Some(actions) => while !matches!(actions.recv().await, Some(Action::Exit) | None) {},
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = listen::shutdown_signal() => {}
            _ = exit_key => {}
        }
    };
    let server = listen::serve(listener, service, listen::ConnectionLimits::default(), shutdown);
    tokio::select! {
        result = server => result?,
        _ = reloads => {}
    }
    ui::status("Stopped", "dev server");
    Ok(())
}

fn load_project(options: &DevOptions) -> Result<Project> {
    let (config, entry, env) = (options.config.as_deref(), options.entry.as_deref(), options.env.as_deref());
    Ok(Project::load_with(config, entry, env, options.assets.as_deref())?)
}

fn new_bundler(project: &Project, options: &DevOptions) -> Result<Bundler> {
    // The config's [define], then the command line's (which win).
    let define = project.config.define.clone().into_iter().chain(options.defines.iter().cloned()).collect();
    let options = bundle::Options { minify: options.minify, color: ui::stderr_has_color(), define };
    Ok(Bundler::new(&project.bundle_source(), &project.root.join("dist"), options)?)
}

fn starting() -> Failure {
    Failure::new("Starting", "The worker is still starting.")
}

/// What `worky dev` rebuilds from. Config changes re-read the project.
struct Session {
    project: Project,
    options: DevOptions,
    bundler: Bundler,
    /// Opened on first need (a `kv_namespaces` entry), then kept across reloads.
    kv: Option<Arc<dyn KvStore>>,
    /// The Cache API's store, kept across reloads (its file is made on first use).
    cache: Arc<CacheStore>,
    /// The bindings table last printed: printed again only when it changes.
    bindings_shown: Option<String>,
    /// The project's static assets, scanned again when their directory changes.
    assets: Option<Arc<assets::Live>>,
    /// Their files' digests: a rescan reads only the files that changed.
    digests: assets::DigestCache,
    /// The D1 databases' files, kept across reloads (opened on first use).
    d1: Arc<D1Store>,
    /// The R2 buckets' files, kept across reloads (opened on first use).
    r2: Arc<R2Store>,
    /// The queues' files, kept across reloads (opened on first use).
    queues: Arc<QueueStore>,
    /// Analytics Engine's file, kept across reloads (opened on first write).
    analytics: Arc<AnalyticsStore>,
    /// Delivery of the queues the worker consumes, to whatever version is served;
    /// started again when `[[queues.consumers]]` changes.
    consumers: Option<(Vec<bundle::QueueConsumer>, Consumers)>,
    /// The workflows' files, kept across reloads (opened on first use).
    workflows: Arc<WorkflowStore>,
    /// The rate limiters' counts, kept across reloads.
    rate_limits: Arc<RateLimits>,
    /// The runs of the worker's workflows' instances, in whatever version is
    /// served; started again when `[[workflows]]` changes.
    runners: Option<(Vec<bundle::WorkflowBinding>, Runners)>,
    /// What is served now: a service binding to the worker itself reaches it.
    live: Arc<Live>,
}

impl Session {
    fn new(project: Project, options: DevOptions, live: Arc<Live>) -> Result<Session> {
        let bundler = new_bundler(&project, &options)?;
        let cache_path = project.cache_path(options.persist_to.as_deref());
        let cache = Arc::new(CacheStore::new(&cache_path, cache::DEFAULT_MAX_BYTES));
        let d1 = Arc::new(D1Store::new(&project.d1_dir(options.persist_to.as_deref())));
        let digests = assets::DigestCache::default();
        let r2 = Arc::new(R2Store::new(&project.r2_dir(options.persist_to.as_deref())));
        let queues = Arc::new(QueueStore::new(&project.queues_dir(options.persist_to.as_deref())));
        let analytics = Arc::new(AnalyticsStore::new(&project.analytics_dir(options.persist_to.as_deref())));
        let workflows = Arc::new(WorkflowStore::new(&project.workflows_dir(options.persist_to.as_deref())));
        Ok(Session {
            project,
            options,
            bundler,
            kv: None,
            cache,
            bindings_shown: None,
            assets: None,
            digests,
            d1,
            r2,
            queues,
            analytics,
            consumers: None,
            workflows,
            rate_limits: Arc::default(),
            runners: None,
            live,
        })
    }

    fn entry_label(&self) -> String {
        format!("({})", self.project.entry_label())
    }

    /// Rebuilds and swaps in the new version (or the failure), after the custom
    /// build when `custom` (at start, and when a file it watches changed);
    /// returns the files to watch.
    async fn reload(&mut self, live: &Live, first: bool, custom: bool) -> BTreeSet<PathBuf> {
        let watched = self.rebuild(live, first, custom).await;
        // Nothing serves: queues keep their messages until a version does, rather
        // than spending their attempts on a worker that is not there.
        if live.current.read().expect("live lock").is_err() {
            self.consumers = None;
            self.runners = None;
        }
        watched
    }

    async fn rebuild(&mut self, live: &Live, first: bool, custom: bool) -> BTreeSet<PathBuf> {
        let started = Instant::now();
        if !first && let Err(failure) = self.reread_project() {
            ui::error(&failure.detail);
            // As for a build error: the last good version keeps serving.
            if live.current.read().expect("live lock").is_ok() {
                ui::error("invalid configuration; the last good version keeps serving until you fix it");
            } else {
                live.set(Err(failure));
            }
            return self.config_files();
        }
        let mut watched = self.config_files();
        if custom && let Err(err) = self.custom_build().await {
            ui::error(format!("{err:#}"));
            ui::error("custom build failed; the last good version keeps serving until you fix it");
            if first || live.current.read().expect("live lock").is_err() {
                live.set(Err(Failure::new("Custom build failed", format!("{err:#}"))));
            }
            return watched;
        }
        let (bundle, warnings) = match self.bundler.build().await {
            Ok(built) => built,
            Err(error) => {
                if ui::shows(ui::Level::Error) {
                    eprintln!("{}", error.rendered);
                }
                ui::error("build failed; the last good version keeps serving until you fix it");
                watched.extend(error.inputs.iter().cloned());
                // Keep the old version if there is one; show the error only when there is nothing to serve.
                let has_version = live.current.read().expect("live lock").is_ok();
                if !has_version || first {
                    live.set(Err(Failure::new("Build failed", error.plain)));
                }
                return watched;
            }
        };
        let build_time = started.elapsed();
        for warning in warnings.iter().filter(|_| ui::shows(ui::Level::Warn)) {
            eprintln!("{warning}");
        }
        if let Err(err) = self.project.config.check_object_classes(&bundle.exports, &self.project.entry_label()) {
            let failure = Failure::new("Invalid configuration", err.to_string());
            ui::error(&failure.detail);
            live.set(Err(failure));
            return watched;
        }
        watched.extend(bundle.inputs.iter().cloned());
        let (config, pool_settings) = match self.isolate_config(bundle) {
            Ok(config) => config,
            Err(err) => {
                let failure = Failure::new("The worker cannot start", format!("{err:#}"));
                ui::error(&failure.detail);
                live.set(Err(failure));
                return watched;
            }
        };
        let id = config.bundle.id().to_string();
        let deployment: Arc<str> = self.project.config.name.as_str().into();
        let consumers = config.bundle.manifest.triggers.queues.clone();
        let workflows = config.bundle.manifest.bindings.workflows.clone();
        match Pool::start(config, pool_settings).await {
            Ok(pool) => {
                let metrics = Arc::new(RequestMetrics::new(&deployment, &id));
                let route = Route { worker: Arc::new(pool), deployment, version: id.as_str().into(), metrics };
                live.set(Ok(Arc::new(route)));
                self.consume(consumers);
                self.run_workflows(workflows);
                if !first {
                    let total = started.elapsed();
                    let detail = format!(
                        "(build {}, isolate {})",
                        ui::format_duration(build_time),
                        ui::format_duration(total - build_time)
                    );
                    ui::status(
                        "Reloaded",
                        format!("{} in {} {}", ui::dim(id), ui::format_duration(total), ui::dim(detail)),
                    );
                }
            }
            Err(err) => {
                let detail = err.to_string();
                ui::error(format!("the worker failed to start:\n{detail}"));
                live.set(Err(Failure::new("The worker failed to start", detail)));
            }
        }
        watched
    }

    /// What the new version's isolates run with, and how many of them.
    fn isolate_config(&mut self, mut bundle: bundle::Bundle) -> Result<(IsolateConfig, PoolSettings)> {
        // Dev keeps KV and D1 data under their preview ids when they have them, as wrangler dev does.
        bundle.manifest.bindings.kv_storage = self.project.config.kv_storage(true);
        bundle.manifest.bindings.d1_databases = self.project.config.d1_bindings(true);
        bundle.manifest.bindings.r2_buckets = self.project.config.r2_bindings(true);
        let (limits, pool) = self.options.overrides.settings(&self.project)?;
        let mut secrets = self.project.dev_secrets()?;
        let secrets_store = super::secrets_store_values(&bundle.manifest.bindings.secrets_store, &mut secrets);
        let assets = self.scan_assets()?;
        let mut table = bindings_table(&bundle.manifest.bindings, &secrets, &self.options.vars);
        if let (Some(live), Some(dir)) = (&assets, self.assets_dir()) {
            let dir = dir.strip_prefix(&self.project.root).unwrap_or(&dir).display().to_string();
            let files = live.current().len();
            let binding = live.current().settings.binding.clone();
            let binding = binding.map(|name| format!(" (env.{name})")).unwrap_or_default();
            let plural = if files == 1 { "" } else { "s" };
            let rules = live.current().rules_report().iter().map(|rule| format!(", {rule}")).collect::<String>();
            table.push_str(&format!("\n  {} {dir}/: {files} file{plural}{binding}{rules}", ui::bold("Static assets")));
        }
        for consumer in &bundle.manifest.triggers.queues {
            let dead = consumer.dead_letter_queue.as_ref().map(|dead| format!(", then to {dead}")).unwrap_or_default();
            table.push_str(&format!(
                "\n  {} {}: batches of up to {} within {} s, {} retries{dead}",
                ui::bold("Consumes queue"),
                consumer.queue,
                consumer.max_batch_size,
                consumer.max_batch_timeout,
                consumer.max_retries
            ));
        }
        if self.bindings_shown.as_ref() != Some(&table) {
            ui::info(&table);
            self.bindings_shown = Some(table);
        }
        if !bundle.manifest.bindings.kv_namespaces.is_empty() && self.kv.is_none() {
            let path = self.project.kv_path(self.options.persist_to.as_deref());
            self.kv = Some(Arc::new(SqliteStore::open(&path)?));
        }
        let out_dir = self.project.root.join("dist");
        let specifier = Url::from_file_path(out_dir.join(CODE_FILE))
            .map_err(|_| anyhow::anyhow!("cannot make a module URL from {}", out_dir.display()))?;
        let config = IsolateConfig {
            env: with_vars(self.project.env_json(&secrets), &self.options.vars),
            limits,
            bundle: Arc::new(bundle),
            specifier,
            kv: self.kv.clone(),
            grace: pool.grace(),
            egress: Egress::open(),
            objects_dir: Some(self.project.objects_dir(self.options.persist_to.as_deref())),
            objects: Default::default(),
            cache: Some(self.cache.clone()),
            assets,
            d1: Some(self.d1.clone()),
            services: Some(Arc::new(ThisWorker { name: self.project.config.name.clone(), live: self.live.clone() })),
            r2: Some(self.r2.clone()),
            queues: Some(self.queues.clone()),
            hyperdrive: self.project.config.hyperdrive_dev()?,
            analytics: Some(self.analytics.clone()),
            workflows: Some(self.workflows.clone()),
            rate_limits: Some(self.rate_limits.clone()),
            secrets_store,
            email_outbox: Some(self.project.email_dir(self.options.persist_to.as_deref())),
            request_cf: Some(DEV_REQUEST_CF.into()),
            dynamic: None,
        };
        Ok((config, pool))
    }

    /// Delivers the queues in `consumers` to the version served (from now on, or
    /// as before when they have not changed).
    fn consume(&mut self, consumers: Vec<bundle::QueueConsumer>) {
        if self.consumers.as_ref().is_some_and(|(running, _)| *running == consumers) {
            return;
        }
        // The old deliveries let go of their queues before the new ones claim them.
        self.consumers = None;
        let worker = Arc::new(Served(self.live.clone()));
        let report: queues::Report = Arc::new(|delivered: &queues::Delivered<'_>| {
            ui::queue_line(delivered.queue, delivered.acknowledged, delivered.messages, delivered.elapsed);
            if let Some(error) = delivered.error {
                ui::error(format!("queue \"{}\" handler failed:\n{}", delivered.queue, indent(error)));
            }
            if let Some(text) = delivered.given_up_text() {
                ui::warn(text);
            }
        });
        let started = Consumers::start(&self.project.config.name, &consumers, &self.queues, worker, report);
        self.consumers = Some((consumers, started));
    }

    /// Runs the instances of the workflows `bindings` name in the version served
    /// (from now on, or as before when they have not changed).
    fn run_workflows(&mut self, bindings: Vec<bundle::WorkflowBinding>) {
        if self.runners.as_ref().is_some_and(|(running, _)| *running == bindings) {
            return;
        }
        self.runners = None;
        let worker = Arc::new(Served(self.live.clone()));
        let report: workflows::Report = Arc::new(|ran: &workflows::Ran<'_>| {
            ui::workflow_line(ran.workflow, ran.instance, ran.outcome, ran.elapsed);
            if let Some(error) = ran.error {
                ui::error(format!(
                    "workflow \"{}\" instance {} errored:\n{}",
                    ran.workflow,
                    ran.instance,
                    indent(error)
                ));
            }
        });
        let started = Runners::start(&self.project.config.name, &bindings, &self.workflows, worker, report);
        self.runners = Some((bindings, started));
    }

    /// Scans the assets directory again; every pool of this session serves
    /// the new files from the next request on.
    fn scan_assets(&mut self) -> Result<Option<Arc<assets::Live>>> {
        let Some(source) = self.project.assets() else {
            self.assets = None;
            return Ok(None);
        };
        let scanned = Assets::scan(&source.directory, source.settings, &self.digests)?;
        warn_skipped_rules(&scanned);
        match &self.assets {
            Some(live) => live.replace(scanned),
            None => self.assets = Some(Arc::new(assets::Live::new(scanned))),
        }
        Ok(self.assets.clone())
    }

    /// A file in the assets directory changed: serve the directory as it is now
    /// (the worker keeps running); a directory that cannot be read keeps the
    /// files served before.
    fn rescan_assets(&mut self) {
        let started = Instant::now();
        match self.scan_assets() {
            Ok(Some(live)) => ui::status(
                "Reloaded",
                format!("assets ({} in all) in {}", live.current().len(), ui::format_duration(started.elapsed())),
            ),
            Ok(None) => {}
            Err(err) => ui::error(format!("{err:#}\nthe assets served before keep serving until you fix it")),
        }
    }

    /// The custom build, then the check that it made the entry module.
    async fn custom_build(&self) -> Result<()> {
        let Some(build) = self.project.custom_build() else { return Ok(()) };
        super::custom_build::run(&build, "dev").await?;
        Ok(self.project.check_entry()?)
    }

    /// The directories watched with everything under them: the assets', and
    /// those the custom build watches (the ones that exist).
    fn trees(&self) -> BTreeSet<PathBuf> {
        let build = self.project.custom_build().map(|build| build.watch).unwrap_or_default();
        self.assets_dir().into_iter().chain(build).filter(|dir| dir.is_dir()).collect()
    }

    /// The assets directory, watched with everything under it.
    fn assets_dir(&self) -> Option<PathBuf> {
        self.project.assets().map(|source| source.directory)
    }

    /// worky.toml and .dev.vars may have changed: load them again.
    fn reread_project(&mut self) -> Result<(), Failure> {
        let invalid = |err: anyhow::Error| Failure::new("Invalid configuration", format!("{err:#}"));
        let project = load_project(&self.options).map_err(invalid)?;
        if project != self.project {
            self.bundler = new_bundler(&project, &self.options).map_err(invalid)?;
        }
        self.project = project;
        Ok(())
    }

    /// The files watched whatever the build made of them: the config (and the
    /// redirect to it that a build tool writes), `.dev.vars`, and the entry
    /// module, so a rebuild that deletes and writes them again (Nuxt empties
    /// `.output/`) is followed even while the config cannot be read.
    fn config_files(&self) -> BTreeSet<PathBuf> {
        let mut files: BTreeSet<PathBuf> = [self.project.root.join(DEV_VARS_FILE)].into();
        files.insert(self.project.config_path.clone().unwrap_or_else(|| self.project.root.join(CONFIG_FILE)));
        files.extend(self.project.entry.clone());
        files.extend(self.project.state_root.as_ref().map(|project| project.join(".wrangler/deploy/config.json")));
        files
    }
}

/// What `env` holds, one binding a line, as wrangler dev lists them at startup.
fn bindings_table(
    bindings: &bundle::Bindings,
    secrets: &BTreeMap<String, String>,
    cli_vars: &[(String, String)],
) -> String {
    let mut rows: Vec<(String, &str, String)> = Vec::new();
    for name in &bindings.kv_namespaces {
        let stored = bindings.kv_storage.get(name).map_or(name.as_str(), String::as_str);
        rows.push((name.clone(), "KV namespace", format!("local, stored as {stored}")));
    }
    for bucket in &bindings.r2_buckets {
        rows.push((bucket.name.clone(), "R2 bucket", format!("local, stored as {}", bucket.storage)));
    }
    for service in &bindings.services {
        let entrypoint = service.entrypoint.as_ref().map(|export| format!(", entrypoint {export}")).unwrap_or_default();
        rows.push((service.name.clone(), "Service", format!("worker {}{entrypoint}", service.service)));
    }
    for secret in &bindings.secrets_store {
        let detail = format!("local: .dev.vars {}, store {}", secret.secret_name, secret.store_id);
        rows.push((secret.name.clone(), "Secrets Store", detail));
    }
    for sender in &bindings.send_email {
        rows.push((sender.name.clone(), "Send Email", "local: kept in .worky/state/email".to_string()));
    }
    for dispatch in &bindings.dispatch_namespaces {
        let detail = format!("namespace {}: no user workers in dev (serve has them)", dispatch.namespace);
        rows.push((dispatch.name.clone(), "Dispatch Namespace", detail));
    }
    for limiter in &bindings.rate_limits {
        let detail =
            format!("local, {} calls a {} s window, namespace {}", limiter.limit, limiter.period, limiter.namespace);
        rows.push((limiter.name.clone(), "Rate Limit", detail));
    }
    for workflow in &bindings.workflows {
        let detail = match &workflow.script_name {
            Some(script) => format!("workflow {} of worker {script} (serve runs it)", workflow.workflow),
            None => format!("local, workflow {}, class {}", workflow.workflow, workflow.class_name),
        };
        rows.push((workflow.name.clone(), "Workflow", detail));
    }
    for dataset in &bindings.analytics_engine {
        rows.push((dataset.name.clone(), "Analytics Engine", format!("local, dataset {}", dataset.dataset)));
    }
    if let Some(name) = &bindings.images {
        rows.push((name.clone(), "Images", "local: PNG, JPEG, GIF and WebP, transformed here".to_string()));
    }
    for name in &bindings.worker_loaders {
        rows.push((name.clone(), "Worker Loader", "local: Dynamic Workers in isolates of their own".to_string()));
    }
    for name in &bindings.hyperdrive {
        rows.push((name.clone(), "Hyperdrive", "local: the database itself".to_string()));
    }
    for queue in &bindings.queues {
        rows.push((queue.name.clone(), "Queue", format!("local, sends to {}", queue.queue)));
    }
    for database in &bindings.d1_databases {
        rows.push((database.name.clone(), "D1 database", format!("local, stored as {}", database.storage)));
    }
    // A class only in [[migrations]] or exports has no name: it is in ctx.exports, not env.
    for object in bindings.durable_objects.iter().filter(|object| !object.name.is_empty()) {
        let class = &object.class_name;
        let renamed = Some(object.namespace_name()).filter(|namespace| namespace != class);
        let objects = renamed.map(|namespace| format!(" (the objects of {namespace})")).unwrap_or_default();
        rows.push((object.name.clone(), "Durable Object", format!("local, class {class}{objects}")));
    }
    for (name, value) in &bindings.vars {
        if !secrets.contains_key(name) && !cli_vars.iter().any(|(var, _)| var == name) {
            rows.push((name.clone(), "var", truncate(&value.to_string(), 40)));
        }
    }
    for (name, value) in cli_vars {
        rows.push((name.clone(), "var (--var)", truncate(&format!("{value:?}"), 40)));
    }
    for name in secrets.keys().filter(|name| !cli_vars.iter().any(|(var, _)| var == *name)) {
        rows.push((name.clone(), "secret (.dev.vars)", "(hidden)".to_string()));
    }
    for binding in &bindings.unsupported {
        rows.push((binding.name.clone(), &binding.kind, "not supported by worky: using it throws".to_string()));
    }
    if rows.is_empty() {
        return ui::dim("  No bindings: env is empty.");
    }
    let name_width = rows.iter().map(|(name, _, _)| name.len() + 4).max().unwrap_or(0);
    let kind_width = rows.iter().map(|(_, kind, _)| kind.len()).max().unwrap_or(0);
    let mut table = format!("  {}", ui::bold("Bindings"));
    for (name, kind, resource) in rows {
        let name = format!("env.{name}");
        table.push_str(&format!("\n    {name:<name_width$}  {kind:<kind_width$}  {}", ui::dim(resource)));
    }
    table
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `env` with the `--var` values on top (they win, as in wrangler).
fn with_vars(mut env: serde_json::Value, vars: &[(String, String)]) -> serde_json::Value {
    if let serde_json::Value::Object(env) = &mut env {
        for (name, value) in vars {
            env.insert(name.clone(), serde_json::Value::String(value.clone()));
        }
    }
    env
}

/// Whether a change is to a watched file, or to a directory on the way to one
/// (a build's output folder deleted or made again).
fn touches(paths: &[PathBuf], watched: &BTreeSet<PathBuf>) -> bool {
    paths.iter().any(|path| watched.contains(path) || watched.iter().any(|file| file.starts_with(path)))
}

/// Watches the directories holding the watched files (not whole trees: node_modules
/// is large), adding and removing watches as the module graph changes. A
/// directory that is not there (yet, or any more) is waited for in the nearest
/// one that is.
fn watch_dirs(
    watcher: &mut impl Watcher,
    project: &Project,
    files: &BTreeSet<PathBuf>,
    before: &BTreeSet<PathBuf>,
) -> BTreeSet<PathBuf> {
    let existing = |dir: &Path| dir.ancestors().find(|dir| dir.is_dir()).map(Path::to_path_buf);
    let mut dirs: BTreeSet<PathBuf> = files.iter().filter_map(|f| f.parent().and_then(existing)).collect();
    dirs.insert(project.root.clone());
    for gone in before.difference(&dirs) {
        let _ = watcher.unwatch(gone);
    }
    // Each again, not only the new ones: a folder deleted and made again
    // between two reloads has the same path and a new inode, not watched yet.
    for dir in &dirs {
        if let Err(err) = watcher.watch(dir, RecursiveMode::NonRecursive) {
            ui::warn(format!("cannot watch {}: {err}", dir.display()));
        }
    }
    dirs
}

/// The lines of `_headers` and `_redirects` that are not used, and why (as wrangler warns).
pub fn warn_skipped_rules(assets: &Assets) {
    for skipped in &assets.skipped.0 {
        ui::warn(format!("static assets: {skipped}"));
    }
}

/// Watches directories with everything under them (the assets', the custom
/// build's), moving the watches when the config moves them. Each is watched
/// again every time: `watch_dirs` may have dropped a directory both watch (its
/// watch of one level ends the deeper one too).
fn watch_trees(watcher: &mut impl Watcher, dirs: BTreeSet<PathBuf>, before: BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
    for gone in before.difference(&dirs) {
        let _ = watcher.unwatch(gone);
    }
    for new in &dirs {
        if let Err(err) = watcher.watch(new, RecursiveMode::Recursive) {
            ui::warn(format!("cannot watch {}: {err}", new.display()));
        }
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::AllowedHosts;

    #[test]
    fn localhost_and_ip_addresses_are_always_allowed_other_names_only_when_listed() {
        let none = AllowedHosts::new([]);
        for host in ["localhost", "app.localhost", "127.0.0.1", "::1", "192.168.1.20"] {
            assert!(none.allows(host), "{host}");
        }
        for host in ["evil.test", "localhost.evil.test", "127.0.0.1.nip.io", "xlocalhost"] {
            assert!(!none.allows(host), "{host}");
        }
        let listed = AllowedHosts::new(["My.Test".to_string(), ".apps.test".to_string()]);
        assert!(listed.allows("my.test"));
        assert!(!listed.allows("sub.my.test"));
        assert!(listed.allows("apps.test") && listed.allows("a.apps.test") && listed.allows("a.b.apps.test"));
        assert!(!listed.allows("xapps.test"));
    }
}
