//! `worky serve`: the production host. It runs published packages on the same
//! pool and runtime as `worky dev`, routed by Host header and/or path prefix.
//!
//! - `deployments`: fetching, verifying, starting and switching versions;
//! - `routing`: which deployment a request is for;
//! - `admin`: the admin API behind `worky deploy`;
//! - `supervisor`: the front of worker processes (`[host] worker_processes`),
//!   and `calls`: their deployments' bindings to each other.
//!
//! Everything it reports goes to the log (`tracing`): a line per request (the
//! access log), the runtime's events, deployments started, refused or switched.

mod admin;
mod call_wire;
mod calls;
mod deployments;
mod health;
mod otlp;
mod routing;
mod secrets;
mod socket_client;
mod supervisor;
mod tail;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context as _;
use std::sync::Arc;
use std::time::Duration;

use crate::config::serve::ServeConfig;
use crate::host::metrics;
use crate::http::{self, Completed, Mode, RequestLog, listen};
use crate::runtime::console::{self, Stream};
use crate::runtime::events::{self, Event};
use crate::runtime::host_memory;
use crate::runtime::protocol::ErrorKind;

pub use admin::{
    DeploymentStatus, SecretNames, SwitchRequest, email_path, secret_path, secrets_path, switch_path, tail_path,
};
pub use deployments::Host;

/// Set in a worker process: there an isolate that cannot be stopped ends the
/// process, which the front starts again; the deployment it ran is written to
/// this file first, so the front can give it a process of its own.
static CULPRIT_FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
/// How long a worker process keeps an idle connection from the front.
const FRONT_IDLE_TIMEOUT: Duration = Duration::from_secs(3600);
/// The exit status of a worker process ended for a stuck isolate.
const STUCK_EXIT_CODE: i32 = 70;

/// How this process takes part in a `worky serve` host.
pub enum Role {
    /// The whole host in this process (`[host] worker_processes = 0`).
    Single,
    /// The front of a host whose deployments run in worker processes; they are
    /// started with the config at `config_path`, logging as `log_format` says.
    Front { config_path: PathBuf, log_format: String },
    /// One worker process: its share of the deployments, behind the front.
    Worker(Shard),
}

/// A worker process's place: the deployments it runs, the heap ceiling it
/// has, where the front reaches it, and the front's own address (which its
/// workers must not fetch).
pub struct Shard {
    pub index: usize,
    pub deployments: Vec<String>,
    /// (name, version) switched to through the admin API since serve started.
    pub versions: Vec<(String, String)>,
    pub memory_mb: u64,
    pub socket: PathBuf,
    pub front: SocketAddr,
}

/// Runs `config` in `role` until Ctrl-C or SIGTERM.
pub async fn run(config: ServeConfig, role: Role) -> anyhow::Result<()> {
    match role {
        Role::Single => run_single(config).await,
        Role::Front { config_path, log_format } => supervisor::run(config, &config_path, &log_format).await,
        Role::Worker(shard) => run_worker(config, shard).await,
    }
}

async fn run_single(config: ServeConfig) -> anyhow::Result<()> {
    let listener = listen::bind(config.listen).await?;
    // Installed before the deployments start, so their starts and failures count.
    let metrics = match config.metrics_listen {
        Some(address) => Some((metrics::install()?, metrics::bind(address).await?)),
        None => None,
    };
    let memory_mb = config.host_memory_mb.unwrap_or_else(host_memory::default_ceiling_mb);
    let host = start_deployments(config.clone(), None, listener.local_addr()?, memory_mb).await?;
    if let Some((metrics, metrics_listener)) = metrics {
        tracing::info!("Metrics on http://{}/metrics", metrics_listener.local_addr()?);
        let gauges = host.clone();
        let refresh = Arc::new(move || gauges.record_gauges());
        tokio::spawn(metrics::serve(metrics_listener, metrics, refresh, listen::shutdown_signal()));
    }
    tracing::info!("Serving on http://{}", listener.local_addr()?);
    listen::serve(listener, host_service(&host), connection_limits(&config), listen::shutdown_signal()).await?;
    otlp::shutdown();
    tracing::info!("worky serve stopped");
    Ok(())
}

/// A worker process: its share of the deployments (every `count`th, from its
/// index), answering the front on a Unix socket once they are started.
async fn run_worker(mut config: ServeConfig, shard: Shard) -> anyhow::Result<()> {
    supervisor::end_with_parent();
    let _ = CULPRIT_FILE.set(supervisor::culprit_file(&shard.socket));
    let (mine, others) = config.deployments.into_iter().partition(|d| shard.deployments.contains(&d.name));
    config.deployments = mine;
    let sockets = shard.socket.parent().context("a worker socket is in the sockets' directory")?;
    let siblings = calls::Siblings::new(shard.index, sockets, &others);
    for deployment in &mut config.deployments {
        if let Some((_, version)) = shard.versions.iter().find(|(name, _)| *name == deployment.name) {
            deployment.version = version.clone();
        }
    }
    // With metrics_listen, its metrics go to the front on a socket of their own,
    // which the front merges into what it serves.
    let metrics = match config.metrics_listen {
        Some(_) => Some(metrics::install()?),
        None => None,
    };
    let host = start_deployments(config.clone(), Some(siblings), shard.front, shard.memory_mb).await?;
    if let Some(metrics) = metrics {
        let path = supervisor::metrics_socket(&shard.socket);
        let _ = std::fs::remove_file(&path);
        let listener =
            tokio::net::UnixListener::bind(&path).with_context(|| format!("cannot listen on {}", path.display()))?;
        let gauges = host.clone();
        let refresh = Arc::new(move || gauges.record_gauges());
        tokio::spawn(metrics::serve(listener, metrics, refresh, listen::shutdown_signal()));
    }
    // The front keeps idle connections to reuse (to both sockets); closing them
    // while idle would race its next request on them (which would then fail).
    let limits = listen::ConnectionLimits { header_timeout: FRONT_IDLE_TIMEOUT, ..Default::default() };
    // Calls from other worker processes' workers, before the socket the front
    // waits for: a process the front reaches takes calls too.
    let calls_socket = calls::worker_socket(&shard.socket);
    let _ = std::fs::remove_file(&calls_socket);
    let calls_listener = tokio::net::UnixListener::bind(&calls_socket)
        .with_context(|| format!("cannot listen on {}", calls_socket.display()))?;
    let router = axum::Router::new()
        .route(calls::CALL_ROUTE, axum::routing::post(calls::answer))
        .route(calls::STUB_ROUTE, axum::routing::post(calls::answer_stub))
        .route(calls::RELEASE_ROUTE, axum::routing::post(calls::release_stub))
        .route(calls::ENDED_ROUTE, axum::routing::post(calls::release_held_by))
        .with_state(host.clone());
    tokio::spawn(listen::serve(calls_listener, router, limits.clone(), listen::shutdown_signal()));
    let _ = std::fs::remove_file(&shard.socket);
    let listener = tokio::net::UnixListener::bind(&shard.socket)
        .with_context(|| format!("cannot listen on {}", shard.socket.display()))?;
    let names: Vec<&str> = config.deployments.iter().map(|d| d.name.as_str()).collect();
    tracing::info!(worker = shard.index, "worker process {} serves {}", shard.index + 1, names.join(", "));
    listen::serve(listener, host_service(&host), limits, listen::shutdown_signal()).await?;
    otlp::shutdown();
    Ok(())
}

/// Sets up the runtime for this process and starts every deployment of
/// `config` (one that fails is logged and left out); `front` is the address
/// clients reach the host on, which workers must not fetch.
async fn start_deployments(
    mut config: ServeConfig,
    siblings: Option<Arc<calls::Siblings>>,
    front: SocketAddr,
    memory_mb: u64,
) -> anyhow::Result<Arc<Host>> {
    events::set_handler(log_event);
    if let Some(endpoint) = &config.otlp_endpoint {
        otlp::start(endpoint, config.otlp_json, config.otlp_sample_ratio)?;
    }
    console::set_colors(false);
    host_memory::set_ceiling_mb(Some(memory_mb));
    tracing::info!(memory_mb, "isolates' heaps may hold {memory_mb} MB in all ([host] memory_mb)");
    // Workers must not reach this host's own front (or its admin API) by address.
    let own = own_listener(front);
    for deployment in &mut config.deployments {
        deployment.egress.deny.extend(own.iter().cloned());
    }
    let host = Arc::new(Host::new(config.clone(), siblings)?);
    for deployment in &config.deployments {
        if deployment.publishers.is_empty() && config.trusted_keys.len() > 1 {
            tracing::warn!(
                deployment = deployment.name,
                "deployment {} runs packages signed by any of the {} trusted keys: pin it with `publishers = [...]`",
                deployment.name,
                config.trusted_keys.len()
            );
        }
        // One bad package does not keep the others down; the log says why.
        if let Err(err) = host.deploy(&deployment.name, &deployment.version).await {
            tracing::error!(deployment = deployment.name, "deployment {} not started: {err:#}", deployment.name);
        }
    }
    host.set_ready();
    Ok(host)
}

/// The worker front for `host`'s deployments, with the health checks, and the
/// admin API when enabled.
fn host_service(host: &Arc<Host>) -> axum::Router {
    let compress = host.config.http.compress;
    let service = http::worker_service(host.clone(), Arc::new(AccessLog), Mode::Production, None, compress);
    let service = health::routes(host.clone()).merge(service);
    match host.config.admin_token {
        Some(_) => admin::routes(host.clone()).merge(service),
        None => service,
    }
}

/// The addresses this host's listener answers on, as egress deny entries.
fn own_listener(listen: SocketAddr) -> Vec<String> {
    let ips = if listen.ip().is_unspecified() { interface_addresses() } else { vec![listen.ip()] };
    ips.into_iter().map(|ip| SocketAddr::new(ip, listen.port()).to_string()).collect()
}

/// Every address of this host's network interfaces.
fn interface_addresses() -> Vec<IpAddr> {
    let mut addresses = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs hands us a linked list we only read and then free once.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return addresses;
        }
        let mut cursor = list;
        while let Some(interface) = cursor.as_ref() {
            if let Some(address) = interface.ifa_addr.as_ref() {
                match i32::from(address.sa_family) {
                    libc::AF_INET => {
                        let v4 = &*(interface.ifa_addr as *const libc::sockaddr_in);
                        addresses.push(IpAddr::V4(Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr))));
                    }
                    libc::AF_INET6 => {
                        let v6 = &*(interface.ifa_addr as *const libc::sockaddr_in6);
                        addresses.push(IpAddr::V6(Ipv6Addr::from(v6.sin6_addr.s6_addr)));
                    }
                    _ => {}
                }
            }
            cursor = interface.ifa_next;
        }
        libc::freeifaddrs(list);
    }
    addresses
}

/// `[http]` over the listener's defaults; a connection cap the open-file limit
/// cannot hold is lowered to what it can, with a warning.
fn connection_limits(config: &ServeConfig) -> listen::ConnectionLimits {
    let mut limits = listen::ConnectionLimits::default();
    if let Some(seconds) = config.http.header_timeout_s {
        limits.header_timeout = Duration::from_secs(seconds);
    }
    if let Some(max) = config.http.max_connections {
        let ceiling = listen::ConnectionLimits::descriptor_ceiling();
        if max > ceiling {
            tracing::warn!(
                "[http] max_connections = {max} is more than the open-file limit allows; using {ceiling} (raise `ulimit -n` for more)"
            );
        }
        limits.max_connections = max.min(ceiling);
    }
    limits.trusted_proxies = config.http.trusted_proxies.as_slice().into();
    limits
}

/// One info line per request; a worker's failure also at error, with its trace.
/// Requests no deployment serves are only access lines: a scanner does not
/// flood the log with errors.
struct AccessLog;

impl RequestLog for AccessLog {
    fn completed(&self, request: &Completed<'_>) {
        let (deployment, version) = match request.route {
            Some(route) => (&*route.deployment, &*route.version),
            None => ("-", "-"),
        };
        match request.route {
            Some(route) => route.metrics.record(request.status, request.duration, request.cpu),
            None => super::metrics::unrouted_request(request.status, request.duration),
        }
        if request.route.is_some() {
            otlp::export(request, deployment, version);
            if tail::tailing() {
                tail::publish(tail_event(request, deployment, version));
            }
        }
        if let Some(problem) = request.problem.filter(|problem| problem.worker_error.is_some()) {
            // The detail is the worker's message and stack: escaped, as console output is.
            let message = format!("{} {}: {}\n{}", request.method, request.path, problem.title, problem.detail);
            tracing::error!(deployment, version, isolate = request.isolate, "{}", escape_controls(&message));
        }
        tracing::info!(
            target: "worky::access",
            deployment,
            version,
            method = request.method,
            path = request.path,
            status = request.status,
            duration_ms = millis(request.duration),
            cpu_ms = request.cpu.map(millis),
            isolate = request.isolate,
            trace_id = request.trace.trace_id_hex().as_str(),
            "{} {} {}",
            request.method,
            request.path,
            request.status
        );
    }
}

/// A request as `worky tail` shows it.
fn tail_event(request: &Completed<'_>, deployment: &str, version: &str) -> tail::TailEvent {
    let worker_error = request.problem.and_then(|problem| problem.worker_error.map(|kind| (kind, problem)));
    let outcome = match worker_error.map(|(kind, _)| kind) {
        None => "ok",
        Some(ErrorKind::Exception | ErrorKind::NotAResponse | ErrorKind::NoHandler) => "exception",
        Some(ErrorKind::LimitExceeded) => "exceededResources",
        Some(ErrorKind::Timeout) => "timeout",
        Some(ErrorKind::IsolateGone) => "canceled",
        Some(ErrorKind::BodyTooLarge) => "requestTooLarge",
    };
    tail::TailEvent::Request {
        deployment: deployment.to_string(),
        version: version.to_string(),
        method: request.method.to_string(),
        path: request.path.to_string(),
        status: request.status,
        outcome: outcome.to_string(),
        duration_ms: millis(request.duration),
        cpu_ms: request.cpu.map(millis),
        error: worker_error.map(|(_, problem)| format!("{}\n{}", problem.title, problem.detail)),
        timestamp: tail::now_ms(),
    }
}

fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e6).round() / 1e3
}

fn log_event(event: &Event) {
    // A worker writes what it likes: its text is escaped, so it can neither forge
    // log lines (a newline) nor reach the operator's terminal (escapes).
    let text = escape_controls(&event.to_string()).into_owned();
    match event {
        Event::Console { worker, stream, text: line } => {
            if tail::tailing() {
                let level = if *stream == Stream::Err { "error" } else { "log" };
                let deployment = tail::deployment_of(worker).to_string();
                let message = line.strip_suffix('\n').unwrap_or(line).to_string();
                tail::publish(tail::TailEvent::Console { deployment, level, message, timestamp: tail::now_ms() });
            }
            match stream {
                Stream::Out => tracing::info!(target: "worky::console", worker = &**worker, "{text}"),
                Stream::Err => tracing::warn!(target: "worky::console", worker = &**worker, "{text}"),
            }
        }
        Event::ConsoleDropped { worker, .. } => tracing::warn!(worker = &**worker, "{text}"),
        Event::IsolateStuck { worker, .. } => stuck(worker, &text),
        Event::IsolateDiscarded { worker, isolate, cause, .. } => {
            // `name@version`: the deployment is the name.
            super::metrics::isolate_discarded(worker.split('@').next().unwrap_or(worker), *cause);
            tracing::error!(worker = &**worker, isolate, "{text}")
        }
        Event::UncaughtException { worker, isolate, message } => {
            if tail::tailing() {
                let deployment = tail::deployment_of(worker).to_string();
                tail::publish(tail::TailEvent::Exception {
                    deployment,
                    message: message.clone(),
                    timestamp: tail::now_ms(),
                });
            }
            tracing::error!(worker = &**worker, isolate, "{text}")
        }
        Event::SpareNotStarted { worker, .. } => tracing::warn!(worker = &**worker, "{text}"),
        Event::WorkerUnloaded { worker, .. } => tracing::info!(worker = &**worker, "{text}"),
        Event::EmailSent { worker, path, .. } => tracing::info!(worker = &**worker, path = path.as_str(), "{text}"),
        Event::ObjectStateFailed { .. } => tracing::error!("{text}"),
        Event::ChildSpan(span) => otlp::export_call(span),
        Event::SnapshotNotMade { .. } | Event::SnapshotNotCached { .. } | Event::SnapshotNotTrusted { .. } => {
            tracing::warn!("{text}")
        }
    }
}

/// An isolate that cannot be stopped: a worker process names its deployment
/// for the front and ends (the front starts it again); a single process can
/// only say so.
fn stuck(worker: &str, text: &str) {
    let Some(file) = CULPRIT_FILE.get() else {
        tracing::error!(
            worker,
            "{text}; it holds a core until serve restarts: with [host] worker_processes only its worker process would"
        );
        return;
    };
    // The deployment's name, without its version.
    let _ = std::fs::write(file, worker.split('@').next().unwrap_or(worker));
    tracing::error!(worker, "{text}; this worker process ends to stop it, and the front starts it again");
    // A moment for the log writer's thread to write what is queued.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(200));
        std::process::exit(STUCK_EXIT_CODE);
    });
}

/// `text` with control characters written as escapes (`\n`, `\u{1b}`): one
/// record stays one line, and no byte of it is a terminal control.
fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}
