//! The HTTP front: axum receives requests, the host's `Router` picks the worker
//! (or a failure to show), the worker answers through `runtime::Worker`, and the
//! host's `RequestLog` hears about every request once it is answered.
//!
//! The front owns what is HTTP about a request: the Host header, the body size
//! limit, reading small bodies ahead, the wall-clock limit, error pages. Nothing
//! here knows whether the worker runs in this process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header, request::Parts};
use deno_core::url;
use http_body_util::BodyExt;

use super::body::{self, TooLarge};
use super::encoding;
use super::error_page::{self, CodeFrame, DevContext, RequestSummary};
use super::listen;
use super::trace::TraceContext;
use super::websocket;
use crate::runtime::metrics::RequestMetrics;
use crate::runtime::{
    EMAIL_HANDLER_PATH, ErrorKind, IsolateId, RequestBody, ResponseBody, Worker, WorkerError, WorkerRequest,
    WorkerResponse,
};

/// The header that tells a worker its client's address, as Cloudflare sets it.
const CONNECTING_IP: &str = "cf-connecting-ip";

/// Bodies up to this size with a declared length are read before dispatch.
const INLINE_BODY_BYTES: u64 = 64 * 1024;

/// Why a request cannot reach a worker right now (a build error in dev, say).
#[derive(Debug, Clone)]
pub struct Failure {
    pub title: String,
    pub detail: String,
    pub status: StatusCode,
}

impl Failure {
    /// The worker cannot answer (500).
    pub fn new(title: impl Into<String>, detail: impl Into<String>) -> Failure {
        Failure { title: title.into(), detail: detail.into(), status: StatusCode::INTERNAL_SERVER_ERROR }
    }

    /// The request itself is malformed (400).
    pub fn bad_request(detail: impl Into<String>) -> Failure {
        Failure { title: "Bad Request".into(), detail: detail.into(), status: StatusCode::BAD_REQUEST }
    }

    /// No worker is routed here (404).
    pub fn not_found(detail: impl Into<String>) -> Failure {
        Failure { title: "Not Found".into(), detail: detail.into(), status: StatusCode::NOT_FOUND }
    }
}

/// Where a request goes: the worker, and the names the request is logged under.
#[derive(Clone)]
pub struct Route {
    pub worker: Arc<dyn Worker>,
    pub deployment: Arc<str>,
    pub version: Arc<str>,
    /// Its request metrics, registered once for this version.
    pub metrics: Arc<RequestMetrics>,
}

/// Picks the worker for a request. `host` is the Host header's name, without
/// port, and an IPv6 address without brackets.
pub trait Router: Send + Sync + 'static {
    /// A route is shared, not copied: one reference count a request, on a
    /// line every core's requests touch (issue #15).
    fn route(&self, host: &str, path: &str) -> Result<Arc<Route>, Failure>;
}

/// Why there was no worker response, as the log and the error page tell it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub title: String,
    pub detail: String,
    /// `None` when no worker was reached (nothing routed, the worker not built).
    pub worker_error: Option<ErrorKind>,
    /// Dev only: what the page shows besides `detail`, which then holds only
    /// the user's frames (worky's own are in here).
    pub context: Option<Box<DevContext>>,
}

impl Problem {
    /// A problem whose `detail` may be a stack: in dev, worky's own frames move
    /// out of it, into the context.
    fn new(app: &App, status: StatusCode, title: String, detail: &str, worker_error: Option<ErrorKind>) -> Problem {
        let detail = match &app.source_root {
            Some(root) => detail.replace(root.as_str(), ""),
            None => detail.to_string(),
        };
        let (detail, context) = match app.mode {
            Mode::Dev => {
                let (shown, internal_frames) = error_page::split_stack(&detail);
                (shown, Some(Box::new(DevContext { internal_frames, ..DevContext::default() })))
            }
            Mode::Production => (detail, None),
        };
        Problem { status, title, detail, worker_error, context }
    }

    /// Dev: the request, and the code around the first frame the worker's bundle has the source of.
    fn add_request(&mut self, worker: &dyn Worker, url: &url::Url, parts: &Parts) {
        let Some(context) = self.context.as_mut() else { return };
        let headers = parts
            .headers
            .iter()
            .filter(|(name, _)| name.as_str() != DEPTH_HEADER)
            .map(|(name, value)| (name.to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        context.request = Some(RequestSummary { method: parts.method.to_string(), url: url.to_string(), headers });
        let Some(bundle) = worker.bundle() else { return };
        context.code_frame = self
            .detail
            .lines()
            .filter_map(error_page::frame_location)
            .find_map(|(file, line, column)| CodeFrame::around(file, &bundle.original_source(file)?, line, column));
    }
}

/// One answered request, as the host's log sees it.
pub struct Completed<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// The query string, if any (dev shows it; serve's log leaves it out, as it may carry secrets).
    pub query: Option<&'a str>,
    pub status: u16,
    pub duration: Duration,
    /// CPU time the worker spent on it up to the response head; `None` when
    /// no worker answered (or it failed).
    pub cpu: Option<Duration>,
    pub route: Option<&'a Route>,
    pub isolate: Option<IsolateId>,
    pub problem: Option<&'a Problem>,
    /// The request's W3C trace context (continued from its `traceparent`, or new).
    pub trace: &'a TraceContext,
}

/// The host's view of requests: dev prints a line for people, serve logs.
pub trait RequestLog: Send + Sync + 'static {
    fn completed(&self, request: &Completed<'_>);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Errors shown in full to the client; `/__scheduled` runs the scheduled handler.
    Dev,
    /// Clients see generic errors; details go to the log only.
    Production,
}

struct App {
    router: Arc<dyn Router>,
    log: Arc<dyn RequestLog>,
    mode: Mode,
    /// Stripped from file URLs in stack traces so they read `src/index.ts:4:11`.
    source_root: Option<String>,
    /// Compress what workers leave uncompressed, as Cloudflare's edge does (`[http] compress`).
    compress: bool,
}

/// The HTTP service that hands every request to a worker picked by `router`.
pub fn worker_service(
    router: Arc<dyn Router>,
    log: Arc<dyn RequestLog>,
    mode: Mode,
    source_root: Option<String>,
    compress: bool,
) -> axum::Router {
    let app = Arc::new(App { router, log, mode, source_root, compress });
    axum::Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<Arc<App>>, mut request: Request<Body>) -> Response<Body> {
    let started = Instant::now();
    let upgrade = websocket::wants_upgrade(request.headers()).then(|| hyper::upgrade::on(&mut request));
    let accept = websocket::accept_key(request.headers());
    let (mut parts, body) = request.into_parts();
    let method = parts.method.to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let wants_html = accepts_html(&parts.headers);
    let accept_encoding = parts.headers.get(header::ACCEPT_ENCODING).cloned();
    let trace = TraceContext::continue_or_start(&parts.headers);
    // Routing and the worker read the same URL: the one the URL parser makes
    // of the Host header and the request target (`/b/../a` is `/a` for both).
    let routed = count_hop(&mut parts.headers)
        .and_then(|()| request_url(&parts))
        .and_then(|url| Ok((app.router.route(&url_host(&url), url.path())?, url)));
    let (outcome, isolate) = match &routed {
        Ok((route, url)) => forward(&app, route, url, parts, body, &trace).await,
        Err(failure) => {
            body::drain_in_background(body);
            (Err(Problem::new(&app, failure.status, failure.title.clone(), &failure.detail, None)), None)
        }
    };
    let cpu = outcome.as_ref().ok().map(|response| response.cpu);
    let outcome = match outcome {
        Ok(WorkerResponse { status, headers, body: ResponseBody::WebSocket(end), .. }) => match (upgrade, accept) {
            (Some(upgrade), Some(accept)) => {
                // Connections open now, by deployment (host/metrics.rs renders it).
                let deployment = routed.as_ref().map(|(route, _)| route.deployment.to_string()).unwrap_or_default();
                let open = metrics::gauge!("worky_websockets", "deployment" => deployment);
                open.increment(1.0);
                tokio::spawn(async move {
                    websocket::bridge(upgrade, end).await;
                    open.decrement(1.0);
                });
                Ok(switching_protocols(status, headers, accept))
            }
            _ => Err(not_an_upgrade(&app)),
        },
        Ok(response) => {
            let left_as_is = !response.encoded && app.compress && method != "HEAD";
            let mut out = build_response(response, accept_encoding.as_ref());
            if left_as_is {
                encoding::compress_like_the_edge(&mut out, accept_encoding.as_ref());
            }
            Ok(out)
        }
        Err(problem) => Err(problem),
    };
    let (response, problem) = match outcome {
        Ok(response) => (response, None),
        Err(problem) => {
            let context = problem.context.as_deref();
            let page =
                error_page::render(app.mode, problem.status, &problem.title, &problem.detail, context, wants_html);
            (page, Some(problem))
        }
    };
    app.log.completed(&Completed {
        method: &method,
        path: &path,
        query: query.as_deref(),
        status: response.status().as_u16(),
        duration: started.elapsed(),
        cpu,
        route: routed.as_ref().ok().map(|(route, _)| &**route),
        isolate,
        problem: problem.as_ref(),
        trace: &trace,
    });
    response
}

/// How many times a request may pass through workers that forward it.
const MAX_DEPTH: u32 = 16;
/// The header that counts the passes: a worker that forwards the request it got
/// (`fetch(request)`) forwards the count, so a worker fetching itself, directly
/// or round a longer loop, is stopped instead of running until something breaks.
pub const DEPTH_HEADER: &str = "x-worky-depth";

/// Counts this pass in the request's depth header; a request past `MAX_DEPTH`
/// passes is a loop (508).
fn count_hop(headers: &mut HeaderMap) -> Result<(), Failure> {
    let depth = headers.get(DEPTH_HEADER).and_then(|v| v.to_str().ok()?.trim().parse::<u32>().ok()).unwrap_or(0);
    if depth >= MAX_DEPTH {
        return Err(Failure {
            title: "Loop Detected".into(),
            detail: format!(
                "Subrequest depth limit exceeded: this request passed through workers {depth} times \
                 ({DEPTH_HEADER}). A worker probably fetches itself, directly or through others."
            ),
            status: StatusCode::LOOP_DETECTED,
        });
    }
    headers.insert(DEPTH_HEADER, HeaderValue::from(depth + 1));
    Ok(())
}

/// The request's URL: `http://` + its Host (HTTP/1) or `:authority` (HTTP/2) +
/// its target, as the URL parser normalizes them. A Host that is not a host
/// (`b.test/get?`, `user@b.test`, none at all) is the client's error: 400.
fn request_url(parts: &Parts) -> Result<url::Url, Failure> {
    let authority = match parts.headers.get(header::HOST) {
        Some(value) => value.to_str().ok().and_then(|text| text.parse::<axum::http::uri::Authority>().ok()),
        None => parts.uri.authority().cloned(),
    };
    let bad_host = || Failure::bad_request("The request's Host header is missing or is not a host name");
    let authority = authority.filter(|a| !a.as_str().contains('@') && !a.host().is_empty()).ok_or_else(bad_host)?;
    let target = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let scheme = if parts.extensions.get::<listen::OverTls>().is_some() { "https" } else { "http" };
    url::Url::parse(&format!("{scheme}://{authority}{target}"))
        .ok()
        .filter(|url| url.host().is_some())
        .ok_or_else(bad_host)
}

/// What a request routes by: its host (lowercase, an IPv6 address without
/// brackets) and its normalized path; a Host that is not a host is a 400.
pub fn route_target(parts: &Parts) -> Result<(String, String), Failure> {
    let url = request_url(parts)?;
    Ok((url_host(&url), url.path().to_string()))
}

/// The host a URL routes by: lowercase, an IPv6 address without brackets.
fn url_host(url: &url::Url) -> String {
    match url.host() {
        Some(url::Host::Ipv6(address)) => address.to_string(),
        Some(host) => host.to_string(),
        None => String::new(),
    }
}

/// Hands the request to the route's worker and waits for its response head.
async fn forward(
    app: &App,
    route: &Route,
    url: &url::Url,
    parts: Parts,
    body: Body,
    trace: &TraceContext,
) -> (Result<WorkerResponse, Problem>, Option<IsolateId>) {
    if let Some(answer) = unknown_handler(app.mode, url) {
        body::drain_in_background(body);
        return (Ok(answer), None);
    }
    let limits = route.worker.limits();
    let too_large = TooLarge::default();
    let failed = |error: WorkerError| {
        let mut problem = problem(app, error);
        problem.add_request(route.worker.as_ref(), url, &parts);
        problem
    };
    let request = match worker_request(app, url, &parts, body, limits.max_body_bytes(), &too_large).await {
        Ok(request) => WorkerRequest { traceparent: Some(trace.child_traceparent()), ..request },
        Err(error) => return (Err(failed(error)), None),
    };
    let answered = tokio::time::timeout(limits.wall_time(), route.worker.handle(request)).await;
    let (outcome, isolate) = match answered {
        Ok(handled) => (handled.outcome, handled.isolate),
        Err(_) => {
            let message = format!("exceeded wall-clock time limit of {} ms", limits.wall_ms);
            (Err(WorkerError::new(ErrorKind::Timeout, message)), None)
        }
    };
    let outcome = outcome.map_err(|mut error| {
        // The handler most likely failed because the body was cut off at the limit.
        if too_large.is_set() {
            error.kind = ErrorKind::BodyTooLarge;
        }
        failed(error)
    });
    (outcome, isolate)
}

/// An IP address as text; IPv4 by hand, as `Display` (which pads to a width)
/// costs ~1.9k instructions, made for every request.
fn ip_text(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let mut text = String::with_capacity(15);
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    text.push('.');
                }
                text.push_str(itoa::Buffer::new().format(octet));
            }
            text
        }
        std::net::IpAddr::V6(_) => ip.to_string(),
    }
}

/// The runtime's request: URL, headers, and the body read ahead (small) or streamed.
async fn worker_request(
    app: &App,
    url: &url::Url,
    parts: &Parts,
    body: Body,
    max_body_bytes: u64,
    too_large: &TooLarge,
) -> Result<WorkerRequest, WorkerError> {
    let declared_length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > max_body_bytes) {
        body::drain_in_background(body);
        return Err(WorkerError::new(ErrorKind::BodyTooLarge, body::too_large_message(max_body_bytes)));
    }
    // A declared length of 0 is an empty body, not none: workerd's request.body
    // is then an empty stream (better-auth tells a bodiless POST by it).
    let has_body = !matches!(parts.method.as_str(), "GET" | "HEAD")
        && (parts.headers.contains_key(header::TRANSFER_ENCODING) || declared_length.is_some());
    let body = match (has_body, declared_length) {
        (false, _) => RequestBody::Empty,
        // Small bodies are read here: the worker's request.json() then needs no stream.
        (true, Some(length)) if length <= INLINE_BODY_BYTES => match body.collect().await {
            Ok(collected) => RequestBody::Full(collected.to_bytes()),
            Err(err) => {
                let message = format!("cannot read the request body: {err}");
                return Err(WorkerError::new(ErrorKind::Exception, message));
            }
        },
        (true, _) => RequestBody::Stream(body::limited(body, max_body_bytes, too_large.clone())),
    };
    let client_ip = parts.extensions.get::<listen::ClientAddress>().map(|client| ip_text(client.0));
    // As Cloudflare's edge (and wrangler dev) do: the client's address in
    // CF-Connecting-IP, never what the client itself sent under that name.
    let mut headers: Vec<(String, Vec<u8>)> = parts
        .headers
        .iter()
        .filter(|(name, _)| name.as_str() != CONNECTING_IP)
        .map(|(name, value)| (name.as_str().to_string(), value.as_bytes().to_vec()))
        .collect();
    if let Some(ip) = &client_ip {
        headers.push((CONNECTING_IP.to_string(), ip.as_bytes().to_vec()));
    }
    Ok(WorkerRequest {
        headers,
        body,
        scheduled: scheduled_cron(app.mode, url),
        email: app.mode == Mode::Dev && url.path() == EMAIL_HANDLER_PATH,
        client_ip,
        ..WorkerRequest::new(parts.method.as_str(), url.as_str().to_string())
    })
}

/// Where wrangler dev's handler triggers live (`/cdn-cgi/handler/scheduled`
/// and `/cdn-cgi/handler/email`).
const HANDLER_PREFIX: &str = "/cdn-cgi/handler/";
const SCHEDULED_HANDLER_PATH: &str = "/cdn-cgi/handler/scheduled";

/// In dev, a path under `/cdn-cgi/handler/` that names no handler is
/// answered as wrangler dev answers it: 404, naming the two there are.
fn unknown_handler(mode: Mode, url: &url::Url) -> Option<WorkerResponse> {
    let path = url.path();
    let known = matches!(path, SCHEDULED_HANDLER_PATH | EMAIL_HANDLER_PATH);
    if mode != Mode::Dev || known || !path.starts_with(HANDLER_PREFIX) {
        return None;
    }
    let text = format!(
        "\"{path}\" is not a valid handler. Did you mean to use \"{SCHEDULED_HANDLER_PATH}\" or \"{EMAIL_HANDLER_PATH}\"?"
    );
    Some(WorkerResponse {
        status: 404,
        headers: vec![("content-type".into(), b"text/plain;charset=UTF-8".to_vec())],
        body: ResponseBody::Full(text.into()),
        encoded: false,
        cpu: Duration::ZERO,
        stubs: None,
    })
}

/// wrangler's convention: in dev, `/__scheduled?cron=...` (or
/// `/cdn-cgi/handler/scheduled`) runs the scheduled handler.
fn scheduled_cron(mode: Mode, url: &url::Url) -> Option<String> {
    (mode == Mode::Dev && matches!(url.path(), "/__scheduled" | SCHEDULED_HANDLER_PATH))
        .then(|| url.query_pairs().find(|(k, _)| k == "cron").map(|(_, v)| v.into_owned()).unwrap_or_default())
}

/// Headers the HTTP layer owns; a worker's values for them would contradict the body we send.
fn is_connection_header(name: &str) -> bool {
    matches!(name, "content-length" | "transfer-encoding" | "connection" | "keep-alive")
}

/// The 101 that hands the connection to the worker's WebSocket.
fn switching_protocols(status: u16, headers: Vec<(String, Vec<u8>)>, accept: HeaderValue) -> Response<Body> {
    let mut out = build_response(
        WorkerResponse { status, headers, body: ResponseBody::Empty, encoded: false, cpu: Duration::ZERO, stubs: None },
        None,
    );
    *out.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = out.headers_mut();
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    out
}

/// A worker answered a plain request with a WebSocket.
fn not_an_upgrade(app: &App) -> Problem {
    let error = WorkerError::new(
        ErrorKind::NotAResponse,
        "The worker answered with a WebSocket (status 101), but the request did not ask to upgrade \
         (no `Upgrade: websocket` and `Sec-WebSocket-Key` headers)",
    );
    problem(app, error)
}

fn build_response(response: WorkerResponse, accept_encoding: Option<&HeaderValue>) -> Response<Body> {
    // A streamed body may say its length (a FixedLengthStream's does): hyper then
    // frames it by that length, and ends the connection if the stream breaks it.
    let streamed = matches!(response.body, ResponseBody::Stream(_));
    let has_body = !matches!(response.body, ResponseBody::Empty);
    let mut out = Response::new(body::response_body(response.body));
    *out.status_mut() = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    for (name, value) in response.headers {
        let length =
            streamed && name == "content-length" && std::str::from_utf8(&value).is_ok_and(|v| v.parse::<u64>().is_ok());
        if is_connection_header(&name) && !length {
            continue;
        }
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(&value)) {
            headers.append(name, value);
        }
    }
    if has_body && !response.encoded {
        let body = std::mem::take(out.body_mut());
        *out.body_mut() = encoding::encode_response(out.headers_mut(), body, accept_encoding);
    }
    out
}

/// Whether the client reads HTML (a browser): error pages are HTML for it.
pub fn accepts_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// A worker error as the page and the log show it.
fn problem(app: &App, error: WorkerError) -> Problem {
    let status = match error.kind {
        ErrorKind::IsolateGone | ErrorKind::LimitExceeded => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
        ErrorKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::Exception | ErrorKind::NotAResponse | ErrorKind::NoHandler => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let detail = error.stack.as_deref().unwrap_or(&error.message);
    Problem::new(app, status, worker_error_title(error.kind).to_string(), detail, Some(error.kind))
}

fn worker_error_title(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Exception => "Uncaught exception in the worker",
        ErrorKind::NotAResponse => "The worker did not return a Response",
        ErrorKind::NoHandler => "The worker has no handler for this request",
        ErrorKind::IsolateGone => "The worker stopped before answering",
        ErrorKind::LimitExceeded => "The worker exceeded a resource limit",
        ErrorKind::Timeout => "The worker did not answer in time",
        ErrorKind::BodyTooLarge => "Request body too large",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_are_written_as_display_writes_them() {
        for ip in ["0.0.0.0", "127.0.0.1", "255.255.255.255", "10.20.3.40", "::1", "2001:db8::8a2e:370:7334"] {
            let ip: std::net::IpAddr = ip.parse().unwrap();
            assert_eq!(ip_text(ip), ip.to_string());
        }
    }

    fn url_of(host: Option<&str>, target: &str) -> Result<String, StatusCode> {
        let mut builder = Request::builder().uri(target);
        if let Some(host) = host {
            builder = builder.header(header::HOST, host);
        }
        let (parts, ()) = builder.body(()).unwrap().into_parts();
        request_url(&parts).map(|url| format!("{} {} {}", url_host(&url), url.path(), url)).map_err(|f| f.status)
    }

    #[test]
    fn routing_and_the_worker_see_one_normalized_url() {
        assert_eq!(url_of(Some("Shop.Test:8080"), "/a?x=1"), Ok("shop.test /a http://shop.test:8080/a?x=1".into()));
        assert_eq!(url_of(Some("b.test"), "/b/../a/ok"), Ok("b.test /a/ok http://b.test/a/ok".into()));
        assert_eq!(url_of(Some("b.test"), "/b/%2e%2E/a/ok"), Ok("b.test /a/ok http://b.test/a/ok".into()));
        assert_eq!(url_of(Some("[::1]:8080"), "/"), Ok("::1 / http://[::1]:8080/".into()));
        assert_eq!(url_of(Some("127.0.0.1"), "/"), Ok("127.0.0.1 / http://127.0.0.1/".into()));
        // HTTP/2 and absolute-form requests carry the authority in the target.
        assert_eq!(url_of(None, "http://a.test/x"), Ok("a.test /x http://a.test/x".into()));
    }

    #[test]
    fn a_host_that_is_not_a_host_is_a_bad_request() {
        for host in ["b.test/get?", "b.test?x", "b.test#f", "user@b.test", "", ":80", "b test", "b.test:port"] {
            assert_eq!(url_of(Some(host), "/b/ok"), Err(StatusCode::BAD_REQUEST), "Host: {host:?}");
        }
        assert_eq!(url_of(None, "/b/ok"), Err(StatusCode::BAD_REQUEST));
    }
}
