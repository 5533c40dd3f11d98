//! `[host] worker_processes = N`: crash containment. This process keeps the
//! front (the listener, its connection limits, routing) and runs no worker
//! code; the deployments are spread over N worker processes (every Nth of
//! serve.toml's list, from each one's index), each a `worky serve` holding its
//! share on a Unix socket in a private directory. A request is routed here as
//! the single process routes it, and passed to its deployment's process as it
//! came (that process applies the limits, runs the worker and logs it). A
//! worker's call to a deployment of another worker process comes in on the
//! front's calls socket and goes on to that process's (calls.rs).
//!
//! A worker process that dies takes only its share down: its requests get 503
//! while it is started again, after 1 s, doubling up to 60 s while it keeps
//! dying soon after starting. A deployment that brings its process down is
//! moved to a process of its own, so its neighbours stop paying for it: at
//! once when the process names it (an isolate it could not stop), or when its
//! requests were in flight at `SUSPECT_CRASHES` of the process's last deaths
//! within `SUSPECT_WINDOW`. Worker processes end with the front (the kernel
//! sends them SIGTERM when it dies, however it dies).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use http_body_util::BodyExt as _;
use hyper_util::rt::TokioIo;

use super::admin::{EMAIL_ROUTE, LIST_ROUTE, SECRET_ROUTE, SECRETS_ROUTE, SWITCH_ROUTE, TAIL_ROUTE};
use super::calls;
use super::routing::Routes;
use super::socket_client::{SocketClient, Unanswered};
use super::{DeploymentStatus, connection_limits};
use crate::config::serve::{DeploymentConfig, ServeConfig};
use crate::host::metrics;
use crate::http::{Mode, error_page, front, listen, websocket};

/// How long a worker process may take to start its deployments.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// A worker process that ran this long before it died is not crash-looping.
const STABLE_AFTER: Duration = Duration::from_secs(60);
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How long a scrape waits for each worker process's metrics.
const SCRAPE_TIMEOUT: Duration = Duration::from_secs(5);

/// Deaths of its process a deployment's requests may be in flight at (within
/// `SUSPECT_WINDOW`) before it gets a process of its own.
const SUSPECT_CRASHES: usize = 3;
const SUSPECT_WINDOW: Duration = Duration::from_secs(600);

/// Every `count`th deployment, from `index`: one worker process's share.
fn share(deployments: &[DeploymentConfig], index: usize, count: usize) -> Vec<String> {
    deployments.iter().enumerate().filter(|(i, _)| i % count == index).map(|(_, d)| d.name.clone()).collect()
}

/// Where a worker process serves its metrics to the front (with `metrics_listen`).
pub(super) fn metrics_socket(socket: &Path) -> PathBuf {
    socket.with_extension("metrics")
}

/// Where a worker process names the deployment that made it end.
pub(super) fn culprit_file(socket: &Path) -> PathBuf {
    socket.with_extension("culprit")
}

/// Asks the kernel to send this process SIGTERM when its parent (the front)
/// dies, so no worker process outlives its host.
pub(super) fn end_with_parent() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_PDEATHSIG only sets this process's parent-death signal.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
    }
}

struct Front {
    config: ServeConfig,
    /// Which deployment (so which worker process) a request is for.
    routes: Routes,
    config_path: PathBuf,
    log_format: String,
    /// Where clients reach the host (worker processes deny it to their workers).
    address: std::net::SocketAddr,
    /// The private directory of the worker processes' sockets.
    sockets: PathBuf,
    /// Each worker process's share of `[host] memory_mb`.
    memory_mb: u64,
    processes: std::sync::RwLock<Vec<Arc<Process>>>,
    /// When each deployment's requests were in flight as its process died.
    suspected: Mutex<std::collections::HashMap<String, Vec<Instant>>>,
    /// Versions switched to through the admin API: a worker process started
    /// again runs these, not serve.toml's.
    switched: Mutex<std::collections::BTreeMap<String, String>>,
    keepers: Mutex<Vec<tokio::task::JoinHandle<()>>>,
    stopping: AtomicBool,
}

/// One worker process, as the front knows it.
struct Process {
    index: usize,
    socket: PathBuf,
    /// The deployments it runs (from its next start on, when changed).
    deployments: Mutex<Vec<String>>,
    /// Requests from the front: clients', and the admin API's.
    requests: SocketClient,
    /// Calls from other worker processes' workers (calls.rs).
    calls: SocketClient,
    /// Requests passed to it and not answered yet, by deployment.
    in_flight: Mutex<std::collections::HashMap<String, usize>>,
    /// Deployments whose requests it failed to answer (it died under them): the
    /// front may hear of that before it hears the process ended.
    lost: Mutex<std::collections::HashSet<String>>,
    pid: Mutex<Option<u32>>,
}

pub(super) async fn run(config: ServeConfig, config_path: &Path, log_format: &str) -> anyhow::Result<()> {
    let listener = listen::bind(config.listen).await?;
    let sockets = tempfile::Builder::new().prefix("worky-serve-").tempdir()?;
    let count = config.worker_processes;
    let total_mb = config.host_memory_mb.unwrap_or_else(crate::runtime::host_memory::default_ceiling_mb);
    let front = Arc::new(Front {
        config_path: std::path::absolute(config_path)?,
        log_format: log_format.to_string(),
        address: listener.local_addr()?,
        sockets: sockets.path().to_path_buf(),
        memory_mb: (total_mb / count as u64).max(16),
        routes: Routes::new(config.deployments.iter()),
        processes: std::sync::RwLock::new(Vec::new()),
        suspected: Mutex::default(),
        switched: Mutex::default(),
        keepers: Mutex::default(),
        stopping: AtomicBool::new(false),
        config,
    });
    // Worker processes' calls to each other's deployments (calls.rs), from
    // connections they keep idle as the front does to theirs.
    let calls_socket = calls::front_socket(&front.sockets);
    let calls_listener = tokio::net::UnixListener::bind(&calls_socket)?;
    let router = axum::Router::new()
        .route(calls::CALL_ROUTE, post(pass_call))
        .route(calls::STUB_ROUTE, post(pass_to_lender))
        .route(calls::RELEASE_ROUTE, post(pass_to_lender))
        .with_state(front.clone());
    let calls_limits = listen::ConnectionLimits { header_timeout: super::FRONT_IDLE_TIMEOUT, ..Default::default() };
    tokio::spawn(listen::serve(calls_listener, router, calls_limits, listen::shutdown_signal()));
    for index in 0..count {
        front.add_process(share(&front.config.deployments, index, count));
    }
    for process in front.processes() {
        if !process.wait_until_ready(START_TIMEOUT).await {
            tracing::error!(worker = process.index, "worker process {} did not start in time", process.index + 1);
        }
    }
    if let Some(address) = front.config.metrics_listen {
        let metrics_listener = metrics::bind(address).await?;
        tracing::info!("Metrics on http://{}/metrics", metrics_listener.local_addr()?);
        let router = axum::Router::new().route("/metrics", get(merged_metrics)).with_state(front.clone());
        tokio::spawn(listen::serve(metrics_listener, router, Default::default(), listen::shutdown_signal()));
    }
    tracing::info!("Serving on http://{} ({count} worker processes)", front.address);
    let limits = connection_limits(&front.config);
    listen::serve(listener, routes(front.clone()), limits, listen::shutdown_signal()).await?;
    front.stop().await;
    tracing::info!("worky serve stopped");
    Ok(())
}

/// Starts a worker process, and starts it again whenever it ends, until the
/// front stops.
async fn keep_running(front: Arc<Front>, process: Arc<Process>) {
    let mut backoff = Duration::from_secs(1);
    while !front.stopping.load(Ordering::SeqCst) {
        let started = Instant::now();
        let status = match front.spawn(&process) {
            Ok(mut child) => {
                *process.pid.lock().expect("pid lock") = child.id();
                child.wait().await.map(|status| status.to_string()).unwrap_or_else(|err| err.to_string())
            }
            Err(err) => format!("could not start: {err}"),
        };
        *process.pid.lock().expect("pid lock") = None;
        process.requests.forget_idle();
        process.calls.forget_idle();
        if front.stopping.load(Ordering::SeqCst) {
            return;
        }
        if started.elapsed() > STABLE_AFTER {
            backoff = Duration::from_secs(1);
        }
        tracing::error!(
            worker = process.index,
            "worker process {} ended ({status}); its deployments answer 503 until it is started again in {} s",
            process.index + 1,
            backoff.as_secs()
        );
        front.isolate_the_cause(&process);
        front.tell_the_others_it_ended(&process).await;
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

impl Front {
    fn processes(&self) -> Vec<Arc<Process>> {
        self.processes.read().expect("processes lock").clone()
    }

    /// Adds a worker process running `deployments`, and keeps it running.
    fn add_process(self: &Arc<Self>, deployments: Vec<String>) {
        let mut processes = self.processes.write().expect("processes lock");
        let index = processes.len();
        let socket = self.sockets.join(format!("worker-{index}.sock"));
        let process = Arc::new(Process {
            index,
            requests: SocketClient::new(socket.clone()),
            calls: SocketClient::new(calls::worker_socket(&socket)),
            socket,
            deployments: Mutex::new(deployments),
            in_flight: Mutex::default(),
            lost: Mutex::default(),
            pid: Mutex::new(None),
        });
        processes.push(process.clone());
        let keeper = tokio::spawn(keep_running(self.clone(), process));
        self.keepers.lock().expect("keepers lock").push(keeper);
    }

    /// After `process` died: the deployment it named, or one whose requests were
    /// in flight at too many of its deaths, moves to a process of its own.
    fn isolate_the_cause(self: &Arc<Self>, process: &Process) {
        let culprit = std::fs::read_to_string(culprit_file(&process.socket)).ok();
        let _ = std::fs::remove_file(culprit_file(&process.socket));
        let in_flight: std::collections::HashSet<String> = {
            let mut in_flight = process.in_flight.lock().expect("in-flight lock");
            let mut names: std::collections::HashSet<String> =
                in_flight.iter().filter(|(_, count)| **count > 0).map(|(name, _)| name.clone()).collect();
            in_flight.clear();
            names.extend(process.lost.lock().expect("lost lock").drain());
            names
        };
        let mut moved = Vec::new();
        if let Some(name) = culprit.filter(|name| !name.is_empty()) {
            moved.push((name, "its isolate could not be stopped".to_string()));
        }
        let mut suspected = self.suspected.lock().expect("suspects lock");
        for name in in_flight {
            let deaths = suspected.entry(name.clone()).or_default();
            deaths.retain(|at| at.elapsed() < SUSPECT_WINDOW);
            deaths.push(Instant::now());
            if deaths.len() >= SUSPECT_CRASHES {
                moved.push((name, format!("its requests were in flight at {} deaths of its process", deaths.len())));
            }
        }
        drop(suspected);
        for (name, why) in moved {
            let mut deployments = process.deployments.lock().expect("deployments lock");
            if deployments.len() < 2 || !deployments.contains(&name) {
                continue;
            }
            deployments.retain(|deployment| *deployment != name);
            drop(deployments);
            tracing::warn!(deployment = name, "{name} moves to a worker process of its own: {why}");
            self.add_process(vec![name]);
        }
    }

    /// What the other worker processes lent `ended` is let go there (calls.rs):
    /// it held their objects, and nothing will release them now.
    async fn tell_the_others_it_ended(&self, ended: &Process) {
        let others = self.processes().into_iter().filter(|other| other.index != ended.index);
        let told = others.map(|other| async move {
            let path = format!("/ended/{}", ended.index);
            if let Ok(request) = Request::post(path).header(header::HOST, "worky").body(Body::empty()) {
                let _ = other.calls.send(request).await;
            }
        });
        futures::future::join_all(told).await;
    }

    fn spawn(&self, process: &Process) -> std::io::Result<tokio::process::Child> {
        let exe = std::env::current_exe()?;
        let deployments = process.deployments.lock().expect("deployments lock").join(",");
        let switched = self.switched.lock().expect("switched lock");
        let versions: Vec<String> = switched.iter().map(|(name, version)| format!("{name}@{version}")).collect();
        tokio::process::Command::new(exe)
            .arg("serve")
            .arg("--config")
            .arg(&self.config_path)
            .args(["--log-format", &self.log_format])
            .args(["--worker-index", &process.index.to_string()])
            .args(["--worker-deployments", &deployments])
            .args(["--worker-versions", &versions.join(",")])
            .args(["--worker-memory-mb", &self.memory_mb.to_string()])
            .arg("--worker-socket")
            .arg(&process.socket)
            .args(["--front", &self.address.to_string()])
            .stdin(std::process::Stdio::null())
            .spawn()
    }

    /// The worker process that runs deployment `name`.
    fn process_of(&self, name: &str) -> Option<Arc<Process>> {
        let processes = self.processes.read().expect("processes lock");
        processes
            .iter()
            .find(|process| process.deployments.lock().expect("deployments lock").iter().any(|d| d == name))
            .cloned()
    }

    /// SIGTERM to every worker process, then waits (up to 30 s) for them to finish.
    async fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        for process in self.processes() {
            if let Some(pid) = *process.pid.lock().expect("pid lock") {
                // SAFETY: kill only sends a signal to the worker process we started.
                unsafe { libc::kill(pid as i32, libc::SIGTERM) };
            }
        }
        let keepers = std::mem::take(&mut *self.keepers.lock().expect("keepers lock"));
        let _ = tokio::time::timeout(Duration::from_secs(30), futures::future::join_all(keepers)).await;
    }
}

impl Process {
    async fn wait_until_ready(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if tokio::net::UnixStream::connect(&self.socket).await.is_ok() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }
}

fn routes(front: Arc<Front>) -> axum::Router {
    let mut router = axum::Router::new();
    if front.config.admin_token.is_some() {
        router = router
            .route(LIST_ROUTE, get(list_deployments))
            .route(SWITCH_ROUTE, post(switch_version))
            .route(SECRETS_ROUTE, get(to_owner))
            .route(TAIL_ROUTE, get(to_owner))
            .route(EMAIL_ROUTE, post(to_owner))
            .route(SECRET_ROUTE, put(to_owner_secret).delete(to_owner_secret));
    }
    router.fallback(proxy).with_state(front)
}

/// Routes a request as the single process would, and passes it on as it came;
/// requests no deployment serves go to the first process, which answers 404.
async fn proxy(State(front): State<Arc<Front>>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let wants_html = front::accepts_html(&parts.headers);
    let (host, path) = match front::route_target(&parts) {
        Ok(target) => target,
        Err(failure) => {
            return error_page::render(
                Mode::Production,
                failure.status,
                &failure.title,
                &failure.detail,
                None,
                wants_html,
            );
        }
    };
    let deployment = front.routes.pick(&host, &path).map(str::to_string);
    let process = match deployment.as_deref().and_then(|name| front.process_of(name)) {
        Some(process) => process,
        None => front.processes()[0].clone(),
    };
    let request = origin_form(with_client_ip(Request::from_parts(parts, body)));
    let answer = pass(&process, &process.requests, deployment.as_deref(), request).await;
    answer.unwrap_or_else(|_| restarting(wants_html))
}

/// A worker's call to deployment `name` in another worker process (calls.rs),
/// passed to that process's calls socket as it came.
async fn pass_call(
    State(front): State<Arc<Front>>,
    UrlPath(name): UrlPath<String>,
    request: Request<Body>,
) -> Response<Body> {
    let Some(process) = front.process_of(&name) else {
        return (StatusCode::NOT_FOUND, format!("no deployment named \"{name}\" runs in this worky serve"))
            .into_response();
    };
    pass(&process, &process.calls, Some(&name), request).await.unwrap_or_else(|_| {
        let restarting = format!("the worker process of deployment \"{name}\" is restarting");
        (StatusCode::SERVICE_UNAVAILABLE, restarting).into_response()
    })
}

/// A call through a stub (or its release) to the worker process that lends
/// its object (calls.rs); one that is not running has lost its objects.
async fn pass_to_lender(
    State(front): State<Arc<Front>>,
    UrlPath((index, _)): UrlPath<(usize, u64)>,
    request: Request<Body>,
) -> Response<Body> {
    let process = front.processes().get(index).cloned();
    let answer = match &process {
        Some(process) => pass(process, &process.calls, None, request).await.ok(),
        None => None,
    };
    answer.unwrap_or_else(|| (StatusCode::SERVICE_UNAVAILABLE, crate::runtime::stubs::GONE).into_response())
}

/// `GET /metrics` with worker processes: each process's exposition, merged
/// (host/metrics.rs) with a `process` label. A process that does not answer
/// (starting again, say) is left out of this scrape.
async fn merged_metrics(State(front): State<Arc<Front>>) -> Response<Body> {
    let scrapes = front.processes().into_iter().map(|process| async move {
        let text = scrape(&metrics_socket(&process.socket)).await.ok()?;
        Some((process.index + 1, text))
    });
    let expositions: Vec<(usize, String)> = futures::future::join_all(scrapes).await.into_iter().flatten().collect();
    let body = metrics::merge_processes(&expositions);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

/// A worker process's exposition, from its metrics socket.
async fn scrape(socket: &Path) -> anyhow::Result<String> {
    let stream = tokio::time::timeout(SCRAPE_TIMEOUT, tokio::net::UnixStream::connect(socket)).await??;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let request = Request::get("/metrics").header(header::HOST, "worker").body(Body::empty())?;
    let response = tokio::time::timeout(SCRAPE_TIMEOUT, sender.send_request(request)).await??;
    let body = tokio::time::timeout(SCRAPE_TIMEOUT, response.into_body().collect()).await??;
    Ok(String::from_utf8_lossy(&body.to_bytes()).into_owned())
}

/// A WebSocket through the front: once both sides have switched protocols, bytes
/// flow as they are between the one who asked (a client, or a worker process's
/// call) and the worker process (whose own front speaks WebSocket to the worker).
async fn pipe(client: hyper::upgrade::OnUpgrade, worker: hyper::upgrade::OnUpgrade) {
    let (Ok(client), Ok(worker)) = tokio::join!(client, worker) else { return };
    let _ = tokio::io::copy_bidirectional(&mut TokioIo::new(client), &mut TokioIo::new(worker)).await;
}

impl Process {
    /// Counts a request of `deployment` in (1) or out (-1) of flight.
    fn count_in(&self, deployment: &str, change: isize) {
        let mut in_flight = self.in_flight.lock().expect("in-flight lock");
        let count = in_flight.entry(deployment.to_string()).or_default();
        *count = count.saturating_add_signed(change);
    }
}

/// Passes an admin request to `process`; its answer, or why there is none (logged).
async fn forward(process: &Process, request: Request<Body>) -> Result<Response<Body>, Unanswered> {
    pass(process, &process.requests, None, origin_form(with_client_ip(request))).await
}

/// Passes `request` through `via`, one of `process`'s sockets; its answer, or
/// why there is none (logged). A request of a `deployment` counts as in flight
/// there meanwhile: against that deployment if the process dies under it. A
/// WebSocket the worker process answers (101) is piped to the one who asked.
async fn pass(
    process: &Process,
    via: &SocketClient,
    deployment: Option<&str>,
    mut request: Request<Body>,
) -> Result<Response<Body>, Unanswered> {
    let asker_upgrade = websocket::wants_upgrade(request.headers()).then(|| hyper::upgrade::on(&mut request));
    if let Some(name) = deployment {
        process.count_in(name, 1);
    }
    let mut answer = via.send(request).await;
    if let (Some(asker), Ok(response)) = (asker_upgrade, &mut answer)
        && response.status() == StatusCode::SWITCHING_PROTOCOLS
    {
        tokio::spawn(pipe(asker, hyper::upgrade::on(response)));
    }
    if let Some(name) = deployment {
        process.count_in(name, -1);
        // Only a request it took counts against a deployment when its process dies.
        if let Err(Unanswered::Lost(_)) = answer {
            process.lost.lock().expect("lost lock").insert(name.to_string());
        }
    }
    if let Err(unanswered) = &answer {
        tracing::error!(worker = process.index, "worker process {} did not answer: {unanswered}", process.index + 1);
    }
    answer.map(|response| response.map(Body::new))
}

/// The client's address for the worker process, which sees only this host
/// on its socket (its listener drops the header from anyone else).
fn with_client_ip(mut request: Request<Body>) -> Request<Body> {
    let client = request.extensions().get::<listen::ClientAddress>().copied();
    if let Some(value) = client.and_then(|client| HeaderValue::from_str(&client.0.to_string()).ok()) {
        request.headers_mut().insert(listen::CLIENT_IP_HEADER, value);
    }
    request
}

/// What a client gets when a deployment's worker process did not answer.
fn restarting(wants_html: bool) -> Response<Body> {
    let title = "The worker process for this deployment is restarting";
    error_page::render(Mode::Production, StatusCode::SERVICE_UNAVAILABLE, title, "", None, wants_html)
}

/// The request as HTTP/1.1 sends it on: its target a path, its authority in Host
/// (an HTTP/2 request carries it in the target instead).
fn origin_form(mut request: Request<Body>) -> Request<Body> {
    if let Some(authority) = request.uri().authority().map(|a| a.as_str().to_string()) {
        if !request.headers().contains_key(header::HOST)
            && let Ok(value) = HeaderValue::from_str(&authority)
        {
            request.headers_mut().insert(header::HOST, value);
        }
        let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        if let Ok(uri) = target.parse() {
            *request.uri_mut() = uri;
        }
    }
    *request.version_mut() = axum::http::Version::HTTP_11;
    request
}

/// The admin listing: every worker process's deployments, together.
async fn list_deployments(State(front): State<Arc<Front>>, request: Request<Body>) -> Response<Body> {
    let (parts, _) = request.into_parts();
    let mut all: Vec<DeploymentStatus> = Vec::new();
    for process in front.processes() {
        let ask = Request::from_parts(parts.clone(), Body::empty());
        let response = forward(&process, ask).await.unwrap_or_else(|_| restarting(false));
        if !response.status().is_success() {
            return response;
        }
        let Ok(body) = response.into_body().collect().await else {
            return StatusCode::BAD_GATEWAY.into_response();
        };
        all.extend(serde_json::from_slice::<Vec<DeploymentStatus>>(&body.to_bytes()).unwrap_or_default());
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    axum::Json(all).into_response()
}

/// A deployment's secrets are its worker process's to list and change.
async fn to_owner(
    State(front): State<Arc<Front>>,
    UrlPath(name): UrlPath<String>,
    request: Request<Body>,
) -> Response<Body> {
    let Some(process) = front.process_of(&name) else {
        return crate::http::api::json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    };
    forward(&process, request).await.unwrap_or_else(|_| restarting(false))
}

async fn to_owner_secret(
    State(front): State<Arc<Front>>,
    UrlPath((name, _)): UrlPath<(String, String)>,
    request: Request<Body>,
) -> Response<Body> {
    to_owner(State(front), UrlPath(name), request).await
}

/// A switch goes to the worker process that runs the deployment.
async fn switch_version(
    State(front): State<Arc<Front>>,
    UrlPath(name): UrlPath<String>,
    request: Request<Body>,
) -> Response<Body> {
    let Some(process) = front.process_of(&name) else {
        return crate::http::api::json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    };
    let response = forward(&process, request).await.unwrap_or_else(|_| restarting(false));
    if !response.status().is_success() {
        return response;
    }
    // Remembered, so the process runs this version when it is started again.
    let (parts, body) = response.into_parts();
    let Ok(body) = body.collect().await.map(|collected| collected.to_bytes()) else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    if let Ok(status) = serde_json::from_slice::<DeploymentStatus>(&body) {
        front.switched.lock().expect("switched lock").insert(status.name, status.version);
    }
    Response::from_parts(parts, Body::from(body))
}
