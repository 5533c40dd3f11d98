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
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::http::listen;
use crate::runtime::events::Discard;
use crate::runtime::metrics::status_class;

/// Histogram buckets in seconds: a request of a millisecond to one at the wall limit.
const SECONDS_BUCKETS: &[f64] =
    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// CPU time buckets: most requests take well under a millisecond of CPU.
const CPU_BUCKETS: &[f64] = &[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

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
    let handle = PrometheusBuilder::new()
        .set_buckets(SECONDS_BUCKETS)?
        .set_buckets_for_metric(Matcher::Full("worky_request_cpu_seconds".into()), CPU_BUCKETS)?
        .install_recorder()?;
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
    describe_histogram!(
        "worky_request_cpu_seconds",
        Unit::Seconds,
        "CPU time a worker spent on a request up to its response head, by deployment."
    );
    describe_gauge!("worky_isolates", "Isolates running a deployment's worker now.");
    describe_gauge!("worky_isolates_starting", "Isolates of a deployment being started now.");
    describe_histogram!(
        "worky_isolate_start_seconds",
        Unit::Seconds,
        "Time to start an isolate with a worker's code (its module evaluated), by deployment."
    );
    describe_counter!(
        "worky_isolates_discarded_total",
        "Isolates discarded, by deployment and reason (cpu, memory, wall: work unfinished at a replaced version's grace period, crash)."
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
    listener: impl Into<listen::Listener>,
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

/// A request no deployment serves (deployment and version "-"); the others
/// record through their route's `RequestMetrics`.
pub fn unrouted_request(status: u16, duration: Duration) {
    if !INSTALLED.load(Ordering::Relaxed) {
        return;
    }
    let labels = [("deployment", "-"), ("version", "-"), ("status", status_class(status))];
    counter!("worky_requests_total", &labels).increment(1);
    histogram!("worky_request_duration_seconds", "deployment" => "-").record(duration.as_secs_f64());
}

/// An isolate discarded (a limit stopped it, its version left it with work
/// past the grace period, its thread crashed).
pub fn isolate_discarded(deployment: &str, cause: Discard) {
    counter!("worky_isolates_discarded_total", "deployment" => deployment.to_string(), "reason" => cause.label())
        .increment(1);
}

/// The expositions of several worker processes (`[host] worker_processes`) as
/// one: each sample gets a `process` label (1, 2, ...: the process of its
/// deployment, so no two processes' series collide), and each metric keeps one
/// `# HELP` and `# TYPE` with all processes' samples under them, as the text
/// format requires. The samples themselves are the exporter's, unchanged.
pub fn merge_processes(expositions: &[(usize, String)]) -> String {
    // Families in the order first seen: (name, help and type lines, samples).
    let mut families: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (process, text) in expositions {
        let mut current: Option<usize> = None;
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            if let Some(comment) = line.strip_prefix("# ") {
                let mut words = comment.splitn(3, ' ');
                let (Some(kind @ ("HELP" | "TYPE")), Some(name)) = (words.next(), words.next()) else { continue };
                let index = match families.iter().position(|(family, _, _)| family == name) {
                    Some(index) => index,
                    None => {
                        families.push((name.to_string(), Vec::new(), Vec::new()));
                        families.len() - 1
                    }
                };
                let head = &mut families[index].1;
                if !head.iter().any(|kept| kept.starts_with(&format!("# {kind} "))) {
                    head.push(line.to_string());
                }
                current = Some(index);
            } else if let Some(index) = current {
                families[index].2.push(with_process_label(line, *process));
            }
        }
    }
    let mut merged = String::new();
    for (_, head, samples) in families {
        for line in head.iter().chain(&samples) {
            merged.push_str(line);
            merged.push('\n');
        }
        merged.push('\n');
    }
    merged
}

/// `name{a="b"} 1` -> `name{a="b",process="2"} 1`; `name 1` -> `name{process="2"} 1`.
fn with_process_label(sample: &str, process: usize) -> String {
    match (sample.find('{'), sample.find(' ')) {
        (Some(brace), Some(space)) if brace < space => {
            let empty = sample[brace + 1..].starts_with('}');
            let separator = if empty { "" } else { "," };
            format!("{}process=\"{process}\"{separator}{}", &sample[..=brace], &sample[brace + 1..])
        }
        (_, Some(space)) => format!("{}{{process=\"{process}\"}}{}", &sample[..space], &sample[space..]),
        _ => sample.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_expositions_merge_into_one_family_each() {
        let one = "# HELP worky_requests_total Requests.\n# TYPE worky_requests_total counter\n\
            worky_requests_total{deployment=\"a\",status=\"2xx\"} 3\n\n\
            # TYPE worky_deployments gauge\nworky_deployments 1\n";
        let two = "# HELP worky_requests_total Requests.\n# TYPE worky_requests_total counter\n\
            worky_requests_total{deployment=\"b\",status=\"2xx\"} 2\n\n\
            # TYPE worky_deployments gauge\nworky_deployments 1\n\
            # TYPE worky_kv_seconds histogram\nworky_kv_seconds_bucket{le=\"0.5\"} 1\nworky_kv_seconds_sum 0.1\n";
        let merged = merge_processes(&[(1, one.to_string()), (2, two.to_string())]);
        assert_eq!(
            merged,
            "# HELP worky_requests_total Requests.\n# TYPE worky_requests_total counter\n\
             worky_requests_total{process=\"1\",deployment=\"a\",status=\"2xx\"} 3\n\
             worky_requests_total{process=\"2\",deployment=\"b\",status=\"2xx\"} 2\n\n\
             # TYPE worky_deployments gauge\nworky_deployments{process=\"1\"} 1\nworky_deployments{process=\"2\"} 1\n\n\
             # TYPE worky_kv_seconds histogram\nworky_kv_seconds_bucket{process=\"2\",le=\"0.5\"} 1\n\
             worky_kv_seconds_sum{process=\"2\"} 0.1\n\n"
        );
    }

    #[test]
    fn a_label_is_added_to_any_sample() {
        assert_eq!(with_process_label("m{} 1", 3), "m{process=\"3\"} 1");
        assert_eq!(with_process_label("m 1 1700000000", 3), "m{process=\"3\"} 1 1700000000");
        assert_eq!(with_process_label("m{a=\"x y\"} 1", 3), "m{process=\"3\",a=\"x y\"} 1");
    }
}
