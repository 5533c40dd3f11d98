//! Which deployment a request is for: a Host header match first, then the
//! longest path prefix that matches whole path segments.

use crate::http::{Failure, Route, Router};
use crate::runtime::Worker;

use super::deployments::Host;
use crate::config::serve::DeploymentConfig;

impl Router for Host {
    fn route(&self, host: &str, path: &str) -> Result<Route, Failure> {
        let deployments = self.deployments.read().expect("deployments lock");
        let picked = pick(deployments.values().map(|running| &running.config), host, path);
        match picked.and_then(|config| deployments.get(&config.name)) {
            Some(running) => Ok(Route {
                worker: running.pool.clone() as std::sync::Arc<dyn Worker>,
                deployment: running.name.clone(),
                version: running.version.clone(),
                metrics: running.metrics.clone(),
            }),
            None => Err(Failure::not_found(format!("no deployment serves {host}{path}"))),
        }
    }
}

/// The deployment a request is for: one that lists its host wins, else the
/// longest path prefix that matches; equals go to the first name in order, so
/// the serve front and a worker process holding a share of the deployments
/// always pick the same one.
pub fn pick<'a>(
    deployments: impl Iterator<Item = &'a DeploymentConfig>,
    host: &str,
    path: &str,
) -> Option<&'a DeploymentConfig> {
    let score = |d: &DeploymentConfig| {
        let host_match = d.hosts.iter().any(|h| h.eq_ignore_ascii_case(host));
        let prefix = d.path_prefix.as_deref().filter(|p| prefix_matches(p, path));
        match (host_match, prefix) {
            (true, _) => Some(usize::MAX),
            (false, Some(prefix)) => Some(prefix.len()),
            _ => None,
        }
    };
    deployments
        .filter_map(|d| Some((score(d)?, d)))
        .max_by(|(a, x), (b, y)| a.cmp(b).then_with(|| y.name.cmp(&x.name)))
        .map(|(_, d)| d)
}

/// `/shop` matches `/shop` and `/shop/...`, never `/shopping`; `/` matches all.
/// Prefixes come without a trailing slash (config::serve normalizes them).
fn prefix_matches(prefix: &str, path: &str) -> bool {
    prefix == "/" || path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::prefix_matches;

    #[test]
    fn prefixes_match_whole_path_segments() {
        assert!(prefix_matches("/shop", "/shop"));
        assert!(prefix_matches("/shop", "/shop/"));
        assert!(prefix_matches("/shop", "/shop/cart/1"));
        assert!(!prefix_matches("/shop", "/shopping"));
        assert!(!prefix_matches("/shop", "/sho"));
        assert!(!prefix_matches("/shop/cart", "/shop/carts"));
        assert!(prefix_matches("/", "/anything"));
        assert!(prefix_matches("/", "/"));
    }
}
