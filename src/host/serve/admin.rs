//! The admin API of `worky serve` (on when serve.toml sets `admin_token`):
//! `GET /__worky/deployments` lists what runs, `POST /__worky/deployments/{name}`
//! switches a deployment to `{"version": ...}`. `worky deploy` is its client.

use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::deployments::Host;
use crate::http::api::{bearer_token, json_error, token_matches};

pub(super) const LIST_ROUTE: &str = "/__worky/deployments";
pub(super) const SWITCH_ROUTE: &str = "/__worky/deployments/{name}";

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
}

pub fn routes(host: Arc<Host>) -> axum::Router {
    axum::Router::new()
        .route(LIST_ROUTE, get(list_deployments))
        .route(SWITCH_ROUTE, post(switch_version))
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
            version: running.version.to_string(),
            isolates: running.pool.size(),
            crons: running.schedule.crons().to_vec(),
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
            });
            axum::Json(status).into_response()
        }
        Err(err) => {
            tracing::error!(deployment = name, "switching {name} to {}: {err:#}", request.version);
            json_error(StatusCode::BAD_REQUEST, format!("{err:#}"))
        }
    }
}
