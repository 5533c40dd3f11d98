//! What the runtime records through the `metrics` facade (isolate starts, KV
//! operations, subrequests) uses these label values; the hosts install the
//! exporter (host/metrics.rs), so nothing is recorded where none asked.

use std::time::Duration;

use metrics::{Counter, Histogram, counter, histogram};

/// The status classes `status_class` names, in order.
const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// A deployment version's request metrics, registered once when it starts, so
/// a request records with a few atomic adds instead of building and looking up
/// its labels (~6k instructions a request otherwise). Without an installed
/// recorder the handles are no-ops.
pub struct RequestMetrics {
    /// `worky_requests_total` by status class (index: `status / 100 - 1`).
    requests: [Counter; 5],
    duration: Histogram,
    cpu: Histogram,
}

impl RequestMetrics {
    pub fn new(deployment: &str, version: &str) -> RequestMetrics {
        let requests = STATUS_CLASSES.map(|class| {
            counter!("worky_requests_total", "deployment" => deployment.to_string(), "version" => version.to_string(), "status" => class)
        });
        RequestMetrics {
            requests,
            duration: histogram!("worky_request_duration_seconds", "deployment" => deployment.to_string()),
            cpu: histogram!("worky_request_cpu_seconds", "deployment" => deployment.to_string()),
        }
    }

    /// One answered request; `cpu` when a worker answered it.
    pub fn record(&self, status: u16, duration: Duration, cpu: Option<Duration>) {
        self.requests[status_index(status)].increment(1);
        self.duration.record(duration.as_secs_f64());
        if let Some(cpu) = cpu {
            self.cpu.record(cpu.as_secs_f64());
        }
    }
}

/// "2xx" for 204: a status class, never the status itself (a handful of series).
pub fn status_class(status: u16) -> &'static str {
    STATUS_CLASSES[status_index(status)]
}

/// The index of `status`'s class in `STATUS_CLASSES` (anything out of range is "5xx").
fn status_index(status: u16) -> usize {
    match status {
        100..=499 => usize::from(status / 100 - 1),
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_go_by_class() {
        assert_eq!([100, 204, 301, 404, 503, 999].map(status_class), ["1xx", "2xx", "3xx", "4xx", "5xx", "5xx"]);
    }
}
