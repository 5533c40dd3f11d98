//! The Rate Limiting binding's counters (`[[ratelimits]]`): calls a key in a
//! fixed window of `period` seconds aligned to the clock, as Cloudflare counts
//! them (and miniflare, tests/workerd/rate_limits.js). Kept in memory, one set a
//! host process: on Cloudflare a limit is counted per location, not globally,
//! and a window is at most a minute, so a restart loses at most one window's
//! counts. A deployment's namespaces are its own: two deployments that name
//! the same `namespace_id` do not share counts.

use std::collections::HashMap;
use std::sync::Mutex;

/// The periods Cloudflare takes, in seconds.
pub const PERIODS: [u32; 2] = [10, 60];

/// Most keys counted in one window of one namespace: past it, a new key is
/// refused (`success: false`) rather than the host's memory growing without bound.
pub const MAX_KEYS: usize = 100_000;

/// One namespace's counts in its current windows, by period.
#[derive(Default)]
struct Windows {
    /// period -> (window number, count by key)
    by_period: HashMap<u32, (u64, HashMap<String, u64>)>,
}

#[derive(Default)]
pub struct RateLimits {
    /// (deployment, namespace id) -> counts
    namespaces: Mutex<HashMap<(String, String), Windows>>,
}

impl RateLimits {
    /// Counts a call for `key` if it is within `limit` calls in the current
    /// window of `period` seconds (a clock time in ms gives the window):
    /// whether it may go ahead.
    pub fn limit(&self, owner: &str, namespace: &str, key: &str, limit: f64, period: u32, now_ms: f64) -> bool {
        let window = (now_ms / (f64::from(period) * 1000.0)).floor() as u64;
        let mut namespaces = self.namespaces.lock().expect("rate limits lock");
        let windows = namespaces.entry((owner.to_string(), namespace.to_string())).or_default();
        let (current, counts) = windows.by_period.entry(period).or_insert_with(|| (window, HashMap::new()));
        if *current != window {
            *current = window;
            counts.clear();
        }
        let count = counts.get(key).copied().unwrap_or(0);
        if count as f64 >= limit || (count == 0 && counts.len() >= MAX_KEYS) {
            return false;
        }
        counts.insert(key.to_string(), count + 1);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_limit_a_window_and_owners_count_apart() {
        let limits = RateLimits::default();
        let at = 120_000.0;
        let calls: Vec<bool> = (0..4).map(|_| limits.limit("a", "1", "k", 3.0, 60, at)).collect();
        assert_eq!(calls, [true, true, true, false]);
        assert!(limits.limit("a", "1", "other", 3.0, 60, at));
        assert!(limits.limit("b", "1", "k", 3.0, 60, at), "another deployment's namespace is its own");
        assert!(limits.limit("a", "1", "k", 3.0, 10, at), "another period counts apart");
        assert!(!limits.limit("a", "1", "k", 3.0, 60, at + 59_999.0), "the same window");
        assert!(limits.limit("a", "1", "k", 3.0, 60, at + 60_000.0), "the next window");
    }

    #[test]
    fn a_window_counts_at_most_max_keys() {
        let limits = RateLimits::default();
        for i in 0..MAX_KEYS {
            assert!(limits.limit("a", "1", &i.to_string(), 3.0, 60, 0.0));
        }
        assert!(!limits.limit("a", "1", "one more", 3.0, 60, 0.0), "a new key past the bound is refused");
        assert!(limits.limit("a", "1", "0", 3.0, 60, 0.0), "a key counted already goes on counting");
        assert!(limits.limit("a", "1", "one more", 3.0, 60, 60_000.0), "the next window starts empty");
    }
}
