//! The HTTP front: axum receives requests, a `Router` picks the pool (or a
//! failure to show), the pool's isolate answers. Error pages differ by mode:
//! dev shows the message and mapped stack, production a generic 500.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header};
use deno_core::url;
use http_body_util::BodyExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_stream::wrappers::ReceiverStream;

use crate::pool::Pool;
use crate::runtime::{ErrorKind, RequestBody, ResponseBody, WorkerError, WorkerReply, WorkerRequest};
use crate::ui;

/// Bodies up to this size with a declared length are read before dispatch.
const INLINE_BODY_BYTES: u64 = 64 * 1024;

/// How often one request may be handed to an isolate that turns out to be stopping.
const MAX_DISPATCHES: usize = 3;

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

    /// No worker is routed here (404).
    pub fn not_found(detail: impl Into<String>) -> Failure {
        Failure { title: "Not Found".into(), detail: detail.into(), status: StatusCode::NOT_FOUND }
    }
}

/// Picks the pool for a request.
pub trait Router: Send + Sync + 'static {
    fn route(&self, host: &str, path: &str) -> Result<Arc<Pool>, Failure>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Errors shown in full to the client and the terminal; a log line per request.
    Dev,
    /// Clients see generic errors; details go to the log only.
    Production,
}

struct App {
    router: Arc<dyn Router>,
    mode: Mode,
    /// Stripped from file URLs in stack traces so they read `src/index.ts:4:11`.
    source_root: Option<String>,
}

/// A JSON error body, `{"error": message}`, for worky's own HTTP APIs.
pub fn json_error(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    use axum::response::IntoResponse;
    (status, axum::Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// The token of an `Authorization: Bearer ...` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}

/// Binds `addr`, with a clear message when the port is taken.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener> {
    match TcpListener::bind(addr).await {
        Ok(listener) => Ok(listener),
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "port {} is already in use on {}\n  stop the process using it, or pick another port with --port",
            addr.port(),
            addr.ip()
        ),
        Err(err) => bail!("cannot listen on {addr}: {err}"),
    }
}

/// The HTTP service that hands every request to a worker picked by `router`.
pub fn worker_service(router: Arc<dyn Router>, mode: Mode, source_root: Option<String>) -> axum::Router {
    let app = Arc::new(App { router, mode, source_root });
    axum::Router::new().fallback(handle).with_state(app)
}

/// Serves until `shutdown` resolves; in-flight requests finish first.
pub async fn serve(
    listener: TcpListener,
    service: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, service.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

async fn handle(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request<Body>,
) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let wants_html = accepts_html(request.headers());
    let response = match respond(&app, peer, request).await {
        Ok(response) => response,
        Err(error) => error_response(&app, &method, &path, &error, wants_html),
    };
    if app.mode == Mode::Dev {
        ui::request_line(&method, &path, response.status().as_u16(), started.elapsed());
    }
    response
}

/// What went wrong before a worker response existed.
enum RequestError {
    Unavailable(Failure),
    Worker(WorkerError),
}

async fn respond(app: &App, peer: SocketAddr, request: Request<Body>) -> Result<Response<Body>, RequestError> {
    let (parts, body) = request.into_parts();
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| peer.to_string());
    let pool = app.router.route(&host, parts.uri.path()).map_err(RequestError::Unavailable)?;
    let limits = pool.config().limits;
    let max_body_bytes = limits.max_body_mb.saturating_mul(1 << 20);
    let declared_length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > max_body_bytes) {
        crate::runtime::drain_body_in_background(body, crate::runtime::MAX_DRAIN_BYTES);
        let message = format!("request body is larger than the limit of {} MB", limits.max_body_mb);
        return Err(RequestError::Worker(WorkerError::new(ErrorKind::BodyTooLarge, message)));
    }
    let path_and_query = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = format!("http://{host}{path_and_query}");
    let has_body = !matches!(parts.method.as_str(), "GET" | "HEAD")
        && (parts.headers.contains_key(header::TRANSFER_ENCODING)
            || parts
                .headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim() != "0"));
    let headers =
        parts.headers.iter().map(|(name, value)| (name.as_str().to_string(), value.as_bytes().to_vec())).collect();
    let body = match (has_body, declared_length) {
        (false, _) => RequestBody::Empty,
        // Small bodies are read here: the worker's request.json() then needs no stream.
        (true, Some(length)) if length <= INLINE_BODY_BYTES => match body.collect().await {
            Ok(collected) => RequestBody::Full(collected.to_bytes()),
            Err(err) => {
                let message = format!("cannot read the request body: {err}");
                return Err(RequestError::Worker(WorkerError::new(ErrorKind::Exception, message)));
            }
        },
        (true, _) => RequestBody::Stream(body),
    };
    // wrangler's convention: in dev, /__scheduled?cron=... runs the scheduled handler.
    let scheduled = (app.mode == Mode::Dev && parts.uri.path() == "/__scheduled").then(|| {
        let query = parts.uri.query().unwrap_or_default();
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "cron")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    });
    let (placeholder, _) = oneshot::channel();
    let mut request = WorkerRequest {
        method: parts.method.to_string(),
        url,
        headers,
        body,
        max_body_bytes,
        scheduled,
        reply: placeholder,
    };
    let deadline = tokio::time::Instant::now() + Duration::from_millis(limits.wall_ms);
    // A request given back by an isolate that was stopping goes to another one.
    for _ in 0..MAX_DISPATCHES {
        let (reply_tx, reply_rx) = oneshot::channel();
        request.reply = reply_tx;
        // Waiting for a free isolate counts against the wall-clock limit too.
        let answered = async {
            pool.dispatch(request).await;
            reply_rx.await
        };
        let error = match tokio::time::timeout_at(deadline, answered).await {
            Ok(Ok(WorkerReply::Response(response))) => return Ok(build_response(response)),
            Ok(Ok(WorkerReply::Retry(returned))) => {
                request = *returned;
                continue;
            }
            Ok(Ok(WorkerReply::Error(error))) => error,
            Ok(Err(_)) => WorkerError::isolate_gone("the isolate stopped before answering"),
            Err(_) => {
                let message = format!("exceeded wall-clock time limit of {} ms", limits.wall_ms);
                WorkerError::new(ErrorKind::Timeout, message)
            }
        };
        return Err(RequestError::Worker(error));
    }
    Err(RequestError::Worker(WorkerError::isolate_gone("no isolate could take the request")))
}

/// Headers the HTTP layer owns; a worker's values for them would contradict the body we send.
fn is_connection_header(name: &str) -> bool {
    matches!(name, "content-length" | "transfer-encoding" | "connection" | "keep-alive")
}

fn build_response(response: crate::runtime::WorkerResponse) -> Response<Body> {
    let body = match response.body {
        ResponseBody::Empty => Body::empty(),
        ResponseBody::Full(bytes) => Body::from(bytes),
        ResponseBody::Stream(chunks) => Body::from_stream(ReceiverStream::new(chunks)),
    };
    let mut out = Response::new(body);
    *out.status_mut() = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    for (name, value) in response.headers {
        if is_connection_header(&name) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(&value)) {
            headers.append(name, value);
        }
    }
    out
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

fn error_response(app: &App, method: &str, path: &str, error: &RequestError, wants_html: bool) -> Response<Body> {
    let (status, title, detail) = match error {
        RequestError::Unavailable(failure) => {
            (failure.status, failure.title.clone(), display_stack(app, &failure.detail))
        }
        RequestError::Worker(error) => {
            let status = match error.kind {
                ErrorKind::IsolateGone | ErrorKind::LimitExceeded => StatusCode::SERVICE_UNAVAILABLE,
                ErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
                ErrorKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                ErrorKind::Exception | ErrorKind::NotAResponse | ErrorKind::NoHandler => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            };
            let detail = match &error.stack {
                Some(stack) => display_stack(app, stack),
                None => error.message.clone(),
            };
            (status, worker_error_title(&error.kind).to_string(), detail)
        }
    };
    // The terminal (dev) or the log (production) always gets the whole story.
    ui::error(format!("{method} {path}: {title}\n{}", indent(&detail)));
    let (title, detail) = match app.mode {
        Mode::Dev => (title, detail),
        Mode::Production => (status.canonical_reason().unwrap_or("Error").to_string(), String::new()),
    };
    let mut response = if wants_html {
        Response::new(Body::from(html_page(status, &title, &detail)))
    } else if detail.is_empty() {
        Response::new(Body::from(format!("{title}\n")))
    } else {
        Response::new(Body::from(format!("{title}\n\n{detail}\n")))
    };
    *response.status_mut() = status;
    let content_type = if wants_html { "text/html; charset=utf-8" } else { "text/plain; charset=utf-8" };
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn worker_error_title(kind: &ErrorKind) -> &'static str {
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

fn display_stack(app: &App, stack: &str) -> String {
    match &app.source_root {
        Some(root) => stack.replace(root.as_str(), ""),
        None => stack.to_string(),
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("  {line}")).collect::<Vec<_>>().join("\n")
}

fn html_page(status: StatusCode, title: &str, detail: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{code} {title}</title>\
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}}\
h1{{font-size:1.3rem;color:#b00020}}pre{{background:#f6f6f6;padding:1rem;overflow-x:auto;border-radius:6px;\
font:13px/1.45 ui-monospace,monospace}}small{{color:#777}}</style></head>\
<body><h1>{code} · {title}</h1><pre>{detail}</pre><small>worky</small></body></html>\n",
        code = status.as_u16(),
        title = escape_html(title),
        detail = escape_html(detail),
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoRoutes;
    impl Router for NoRoutes {
        fn route(&self, _: &str, _: &str) -> Result<Arc<Pool>, Failure> {
            Err(Failure::new("none", ""))
        }
    }

    async fn body_text(response: Response<Body>) -> String {
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// Dev shows what went wrong; production tells the client only the status.
    #[tokio::test]
    async fn production_errors_are_generic() {
        let error = RequestError::Worker(WorkerError {
            kind: ErrorKind::LimitExceeded,
            message: "exceeded CPU time limit of 50 ms".into(),
            stack: Some("Error: at secret/path.ts:1:1".into()),
        });
        for (mode, expected) in [(Mode::Dev, "exceeded"), (Mode::Production, "Service Unavailable\n")] {
            let app = App { router: Arc::new(NoRoutes), mode, source_root: None };
            for html in [false, true] {
                let response = error_response(&app, "GET", "/", &error, html);
                assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
                let body = body_text(response).await;
                assert!(body.contains(expected.trim_end()), "{mode:?}: {body}");
                if mode == Mode::Production {
                    assert!(!body.contains("secret/path") && !body.contains("CPU"), "{body}");
                }
            }
        }
    }

    #[test]
    fn html_is_escaped() {
        let page = html_page(StatusCode::INTERNAL_SERVER_ERROR, "x", "<script>alert(1)</script>");
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>alert"));
    }
}
