//! What the runtime records through the `metrics` facade (isolate starts, KV
//! operations, subrequests) uses these label values; the hosts install the
//! exporter (host/metrics.rs), so nothing is recorded where none asked.

/// "2xx" for 204: a status class, never the status itself (a handful of series).
pub fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
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
