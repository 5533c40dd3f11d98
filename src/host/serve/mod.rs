//! `worky serve`: the production host. It runs published packages on the same
//! pool and runtime as `worky dev`, routed by Host header and/or path prefix.
//!
//! - `deployments`: fetching, verifying, starting and switching versions;
//! - `routing`: which deployment a request is for;
//! - `admin`: the admin API behind `worky deploy`.
//!
//! Everything it reports goes to the log (`tracing`): a line per request (the
//! access log), the runtime's events, deployments started, refused or switched.

mod admin;
mod deployments;
mod routing;

use std::sync::Arc;
use std::time::Duration;

use crate::config::serve::ServeConfig;
use crate::http::{self, Completed, Mode, RequestLog, listen};
use crate::runtime::events::{self, Event};

pub use admin::{DeploymentStatus, SwitchRequest, switch_path};
pub use deployments::Host;

/// Runs `config` until Ctrl-C or SIGTERM.
pub async fn run(config: ServeConfig) -> anyhow::Result<()> {
    events::set_handler(log_event);
    let listener = listen::bind(config.listen).await?;
    let host = Arc::new(Host::new(config.clone()));
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
    let mut service = http::worker_service(host.clone(), Arc::new(AccessLog), Mode::Production, None);
    if config.admin_token.is_some() {
        service = admin::routes(host.clone()).merge(service);
    }
    tracing::info!("Serving on http://{}", listener.local_addr()?);
    listen::serve(listener, service, connection_limits(&config), listen::shutdown_signal()).await?;
    tracing::info!("worky serve stopped");
    Ok(())
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
        if let Some(problem) = request.problem.filter(|problem| problem.worker_error.is_some()) {
            tracing::error!(
                deployment,
                version,
                isolate = request.isolate,
                "{} {}: {}\n{}",
                request.method,
                request.path,
                problem.title,
                problem.detail
            );
        }
        tracing::info!(
            target: "worky::access",
            deployment,
            version,
            method = request.method,
            path = request.path,
            status = request.status,
            duration_ms = millis(request.duration),
            isolate = request.isolate,
            "{} {} {}",
            request.method,
            request.path,
            request.status
        );
    }
}

fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e6).round() / 1e3
}

fn log_event(event: &Event) {
    match event {
        Event::IsolateDiscarded { worker, isolate, .. } | Event::UncaughtException { worker, isolate, .. } => {
            tracing::error!(worker = &**worker, isolate, "{event}")
        }
        Event::SpareNotStarted { worker, .. } => tracing::warn!(worker = &**worker, "{event}"),
        Event::SnapshotNotMade { .. } | Event::SnapshotNotCached { .. } => tracing::warn!("{event}"),
    }
}
