//! Health checks for a load balancer or an orchestrator, on serve's listener
//! and without the admin token (they say nothing about the deployments but
//! whether the host is up): `GET /__worky/health` answers while the process
//! serves; `GET /__worky/ready` once every configured deployment has started
//! or been refused for a reason the log gives (503 before).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use super::deployments::Host;

pub(super) const HEALTH_ROUTE: &str = "/__worky/health";
pub(super) const READY_ROUTE: &str = "/__worky/ready";

pub fn routes(host: Arc<Host>) -> axum::Router {
    axum::Router::new().route(HEALTH_ROUTE, get(health)).route(READY_ROUTE, get(ready)).with_state(host)
}

async fn health() -> &'static str {
    "ok\n"
}

async fn ready(State(host): State<Arc<Host>>) -> (StatusCode, &'static str) {
    if host.is_ready() { (StatusCode::OK, "ready\n") } else { (StatusCode::SERVICE_UNAVAILABLE, "starting\n") }
}
