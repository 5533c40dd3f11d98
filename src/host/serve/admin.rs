//! The admin API of `worky serve` (on when serve.toml sets `admin_token`):
//! `GET /__worky/deployments` lists what runs, `POST /__worky/deployments/{name}`
//! switches a deployment to `{"version": ...}`, and
//! `/__worky/deployments/{name}/secrets[/{secret}]` lists (names only), sets
//! (PUT, the value as the body) and deletes a deployment's secrets, which its
//! running version gets at once (it is started again with them), and
//! `POST /__worky/deployments/{name}/email?from=&to=` hands a raw message to a
//! deployment's `email` handler (an operator's mail server is its client).
//! `worky deploy` and `worky secret` are its clients.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};

use super::deployments::Host;
use crate::http::api::{bearer_token, json_error, token_matches};
use crate::runtime::{ResponseBody, Worker, WorkerRequest};

pub(super) const LIST_ROUTE: &str = "/__worky/deployments";
pub(super) const SWITCH_ROUTE: &str = "/__worky/deployments/{name}";
pub(super) const TAIL_ROUTE: &str = "/__worky/deployments/{name}/tail";
pub(super) const SECRETS_ROUTE: &str = "/__worky/deployments/{name}/secrets";
pub(super) const SECRET_ROUTE: &str = "/__worky/deployments/{name}/secrets/{secret}";
pub(super) const EMAIL_ROUTE: &str = "/__worky/deployments/{name}/email";
/// Room for the largest message Email Routing delivers (25 MiB, which the
/// handler's glue checks and refuses with its words) and a little more.
const EMAIL_BODY_LIMIT: usize = 26 * 1024 * 1024;

/// Where a mail server hands a message to a deployment's `email` handler.
pub fn email_path(name: &str) -> String {
    EMAIL_ROUTE.replace("{name}", name)
}

/// Where `worky tail` listens to a deployment.
pub fn tail_path(name: &str) -> String {
    TAIL_ROUTE.replace("{name}", name)
}

/// Where `worky secret list` asks for a deployment's secret names.
pub fn secrets_path(name: &str) -> String {
    SECRETS_ROUTE.replace("{name}", name)
}

/// Where `worky secret put` and `delete` send one secret.
pub fn secret_path(name: &str, secret: &str) -> String {
    SECRET_ROUTE.replace("{name}", name).replace("{secret}", secret)
}

/// A deployment's secrets, by name only.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct SecretNames {
    pub names: Vec<String>,
}

/// Where `worky deploy` posts a switch of `name`.
pub fn switch_path(name: &str) -> String {
    SWITCH_ROUTE.replace("{name}", name)
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SwitchRequest {
    pub version: String,
}

/// One entry of the listing (and the answer to a switch).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct DeploymentStatus {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub isolates: usize,
    /// The crons the running version fires.
    #[serde(default)]
    pub crons: Vec<String>,
    /// The queues the running version consumes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<String>,
    /// The workflows whose instances the running version runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workflows: Vec<String>,
}

pub fn routes(host: Arc<Host>) -> axum::Router {
    axum::Router::new()
        .route(LIST_ROUTE, get(list_deployments))
        .route(SWITCH_ROUTE, post(switch_version))
        .route(TAIL_ROUTE, get(tail_deployment))
        .route(SECRETS_ROUTE, get(list_secrets))
        .route(SECRET_ROUTE, put(put_secret).delete(delete_secret))
        .route(EMAIL_ROUTE, post(receive_email).layer(DefaultBodyLimit::max(EMAIL_BODY_LIMIT)))
        .with_state(host)
}

fn authorized(host: &Host, headers: &HeaderMap) -> bool {
    match (bearer_token(headers), &host.config.admin_token) {
        (Some(given), Some(expected)) => token_matches(given, expected),
        _ => false,
    }
}

impl Host {
    fn status(&self, name: &str) -> Option<DeploymentStatus> {
        let deployments = self.deployments.read().expect("deployments lock");
        let running = deployments.get(name)?;
        Some(DeploymentStatus {
            name: name.to_string(),
            version: running.route.version.to_string(),
            isolates: running.pool.size(),
            crons: running.schedule.crons().to_vec(),
            queues: running.consumers.queues(),
            workflows: running.runners.workflows().to_vec(),
        })
    }
}

async fn list_deployments(State(host): State<Arc<Host>>, headers: HeaderMap) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    let names: Vec<String> = host.deployments.read().expect("deployments lock").keys().cloned().collect();
    let list: Vec<DeploymentStatus> = names.iter().filter_map(|name| host.status(name)).collect();
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
    if host.config.deployment(&name).is_none() {
        return json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    }
    match host.deploy(&name, &request.version).await {
        Ok(version) => {
            tracing::info!(deployment = name, version, "Switched {name} to {version}");
            // What this switch installed (another may have followed it already).
            let status = host.status(&name).filter(|status| status.version == version).unwrap_or(DeploymentStatus {
                name,
                version,
                isolates: 0,
                crons: vec![],
                queues: vec![],
                workflows: vec![],
            });
            axum::Json(status).into_response()
        }
        Err(err) => {
            tracing::error!(deployment = name, "switching {name} to {}: {err:#}", request.version);
            json_error(StatusCode::BAD_REQUEST, format!("{err:#}"))
        }
    }
}

async fn list_secrets(State(host): State<Arc<Host>>, UrlPath(name): UrlPath<String>, headers: HeaderMap) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    let Some(deployment) = host.config.deployment(&name) else {
        return json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    };
    match host.secrets.names(&deployment.state_dir) {
        Ok(names) => axum::Json(SecretNames { names }).into_response(),
        Err(err) => json_error(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    }
}

async fn put_secret(
    State(host): State<Arc<Host>>,
    UrlPath((name, secret)): UrlPath<(String, String)>,
    headers: HeaderMap,
    value: String,
) -> Response {
    change_secret(host, name, secret, headers, Some(value)).await
}

async fn delete_secret(
    State(host): State<Arc<Host>>,
    UrlPath((name, secret)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Response {
    change_secret(host, name, secret, headers, None).await
}

/// Sets (`Some`) or deletes a secret, then starts the running version again
/// with it: new requests see the change, the host does not restart. The
/// value is never logged.
async fn change_secret(
    host: Arc<Host>,
    name: String,
    secret: String,
    headers: HeaderMap,
    value: Option<String>,
) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    let Some(deployment) = host.config.deployment(&name) else {
        return json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    };
    let dir = deployment.state_dir.clone();
    let changed = match &value {
        Some(value) => host.secrets.put(&dir, &name, &secret, value).map(|()| true),
        None => host.secrets.delete(&dir, &secret),
    };
    match changed {
        Ok(true) => {}
        Ok(false) => return json_error(StatusCode::NOT_FOUND, format!("{name} has no secret named {secret}")),
        Err(err) => return json_error(StatusCode::BAD_REQUEST, err.to_string()),
    }
    let action = if value.is_some() { "set" } else { "deleted" };
    let running = host.status(&name).map(|status| status.version);
    if let Some(version) = running {
        if let Err(err) = host.deploy(&name, &version).await {
            tracing::error!(
                deployment = name,
                "secret {secret} {action}, but {name}@{version} did not start again: {err:#}"
            );
            return json_error(StatusCode::INTERNAL_SERVER_ERROR, format!("{err:#}"));
        }
        tracing::info!(deployment = name, version, "Secret {secret} of {name} {action}; {name}@{version} runs with it");
    } else {
        tracing::info!(deployment = name, "Secret {secret} of {name} {action}");
    }
    match host.secrets.names(&dir) {
        Ok(names) => axum::Json(SecretNames { names }).into_response(),
        Err(err) => json_error(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    }
}

/// `worky tail`: the deployment's events as Server-Sent Events, until the tailer
/// goes or falls behind.
async fn tail_deployment(
    State(host): State<Arc<Host>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    if host.config.deployment(&name).is_none() {
        return json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    }
    tracing::info!(deployment = name, "a tailer of {name} connected");
    super::tail::stream(name).into_response()
}

/// A message for the deployment's `email` handler: the raw message as the
/// body, its envelope as `?from=&to=`, as wrangler dev's
/// `/cdn-cgi/handler/email` takes it. The answer is the handler's, as there:
/// 200, or 400 with its rejection or with why the message cannot be taken;
/// a handler that throws is a 500 (logged), so the mail server can retry.
async fn receive_email(
    State(host): State<Arc<Host>>,
    UrlPath(name): UrlPath<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    raw: bytes::Bytes,
) -> Response {
    if !authorized(&host, &headers) {
        return json_error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    let running = host.deployments.read().expect("deployments lock").get(&name).cloned();
    let Some(running) = running else {
        return json_error(StatusCode::NOT_FOUND, format!("no deployment named {name}"));
    };
    let request = WorkerRequest::email(&name, query.as_deref().unwrap_or_default(), raw);
    let wall_time = running.pool.limits().wall_time();
    let handled = match tokio::time::timeout(wall_time, running.pool.handle(request)).await {
        Ok(handled) => handled,
        Err(_) => return json_error(StatusCode::GATEWAY_TIMEOUT, "the email handler did not finish in time"),
    };
    match handled.outcome {
        Ok(answer) => {
            let text = match answer.body {
                ResponseBody::Full(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                _ => String::new(),
            };
            tracing::info!(deployment = name, status = answer.status, "{name} email handler: {text}");
            let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, text).into_response()
        }
        Err(error) => {
            let stack = error.stack.as_deref().unwrap_or_default();
            tracing::error!(deployment = name, "{name}: the email handler failed: {}\n{stack}", error.message);
            json_error(StatusCode::INTERNAL_SERVER_ERROR, format!("the email handler failed: {}", error.message))
        }
    }
}
