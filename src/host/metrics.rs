//! Prometheus metrics for operators (`metrics_listen` in serve.toml, `worky dev
//! --metrics-port`): every layer records through the `metrics` facade, and
//! metrics-exporter-prometheus renders the text exposition on a listener of its
//! own (`GET /metrics`), apart from the workers' traffic. Label values are names
//! the host chose (deployment, version) or small fixed sets (status class,
//! reason, operation, outcome), never paths, keys or other user input, so a
//! client cannot grow the series. docs/operations.md lists every metric.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::routing::get;
use metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::http::listen;
use crate::runtime::metrics::status_class;

/// Histogram buckets in seconds: a request of a millisecond to one at the wall limit.
const SECONDS_BUCKETS: &[f64] =
    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// The installed recorder: what `/metrics` renders.
#[derive(Clone)]
pub struct Metrics {
    handle: PrometheusHandle,
}

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("cannot set up metrics: {0}")]
    Build(#[from] metrics_exporter_prometheus::BuildError),
}

/// Whether a recorder is installed: without one, the host records nothing
/// (not even the labels are made), so metrics cost nothing when off.
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Installs the process-wide recorder (once per process) and describes the metrics.
pub fn install() -> Result<Metrics, MetricsError> {
    let handle = PrometheusBuilder::new().set_buckets(SECONDS_BUCKETS)?.install_recorder()?;
    describe();
    INSTALLED.store(true, Ordering::Relaxed);
    Ok(Metrics { handle })
}

fn describe() {
    describe_counter!("worky_requests_total", "Requests answered, by deployment, version and status class.");
    describe_histogram!(
        "worky_request_duration_seconds",
        Unit::Seconds,
        "Time from a request's arrival to its response's headers, by deployment."
    );
    describe_gauge!("worky_isolates", "Isolates running a deployment's worker now.");
    describe_histogram!(
        "worky_isolate_start_seconds",
        Unit::Seconds,
        "Time to start an isolate with a worker's code (its module evaluated), by deployment."
    );
    describe_counter!(
        "worky_isolates_discarded_total",
        "Isolates discarded by a limit, by deployment and reason (cpu, memory, other)."
    );
    describe_counter!("worky_kv_operations_total", "KV operations, by operation and outcome (ok, error).");
    describe_histogram!("worky_kv_operation_duration_seconds", Unit::Seconds, "KV operation latency, by operation.");
    describe_counter!(
        "worky_subrequests_total",
        "Outbound fetch() calls by workers, by deployment and status class (error: no answer)."
    );
    describe_counter!("worky_cron_runs_total", "Scheduled (cron) runs, by deployment and outcome (ok, error).");
    describe_counter!(
        "worky_package_failures_total",
        "Packages a deployment could not run, by deployment and stage (fetch, verify)."
    );
    describe_gauge!("worky_deployments", "Deployments running.");
    describe_counter!(
        "worky_object_activations_total",
        "Durable Objects constructed (activated), by deployment and class."
    );
    describe_gauge!("worky_objects_live", "Durable Objects in memory now, by deployment.");
    describe_gauge!("worky_websockets", "WebSocket connections clients hold open to a deployment's workers.");
}

/// Serves `GET /metrics` on `listener` until `shutdown`; `refresh` sets the
/// gauges that are read, not counted (isolates alive), just before each render.
pub async fn serve(
    listener: tokio::net::TcpListener,
    metrics: Metrics,
    refresh: Arc<dyn Fn() + Send + Sync>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let render = move || {
        let metrics = metrics.clone();
        let refresh = refresh.clone();
        async move {
            refresh();
            metrics.handle.run_upkeep();
            ([("content-type", "text/plain; version=0.0.4; charset=utf-8")], metrics.handle.render())
        }
    };
    let router = axum::Router::new().route("/metrics", get(render));
    listen::serve(listener, router, listen::ConnectionLimits::default(), shutdown).await
}

/// Binds the metrics listener; its error names the address.
pub async fn bind(address: SocketAddr) -> Result<tokio::net::TcpListener, listen::BindError> {
    listen::bind(address).await
}

/// One answered request.
pub fn request_completed(deployment: &str, version: &str, status: u16, duration: Duration) {
    if !INSTALLED.load(Ordering::Relaxed) {
        return;
    }
    let labels = [
        ("deployment", deployment.to_string()),
        ("version", version.to_string()),
        ("status", status_class(status).to_string()),
    ];
    counter!("worky_requests_total", &labels).increment(1);
    histogram!("worky_request_duration_seconds", "deployment" => deployment.to_string()).record(duration.as_secs_f64());
}

/// The reason a limit gave, as one of a few labels.
pub fn discard_reason(reason: &str) -> &'static str {
    if reason.contains("CPU") {
        "cpu"
    } else if reason.contains("memory") {
        "memory"
    } else {
        "other"
    }
}

/// An isolate a limit stopped.
pub fn isolate_discarded(deployment: &str, reason: &str) {
    counter!("worky_isolates_discarded_total", "deployment" => deployment.to_string(), "reason" => discard_reason(reason))
        .increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_small_fixed_sets() {
        assert_eq!(discard_reason("exceeded CPU time limit of 50 ms"), "cpu");
        assert_eq!(discard_reason("exceeded memory limit of 128 MB"), "memory");
        assert_eq!(discard_reason("something else"), "other");
    }
}
