//! Which deployment a request is for: a Host header match first, then the
//! longest path prefix that matches whole path segments.

use crate::http::{Failure, Route, Router};
use crate::runtime::Worker;

use super::deployments::Host;

impl Router for Host {
    fn route(&self, host: &str, path: &str) -> Result<Route, Failure> {
        let deployments = self.deployments.read().expect("deployments lock");
        // The longest matching path prefix wins; a host match counts as the most specific.
        let best = deployments
            .values()
            .filter_map(|d| {
                let host_match = d.config.hosts.iter().any(|h| h.eq_ignore_ascii_case(host));
                let prefix = d.config.path_prefix.as_deref().filter(|p| prefix_matches(p, path));
                match (host_match, prefix) {
                    (true, _) => Some((usize::MAX, d)),
                    (false, Some(prefix)) => Some((prefix.len(), d)),
                    _ => None,
                }
            })
            .max_by_key(|(score, _)| *score);
        match best {
            Some((_, running)) => Ok(Route {
                worker: running.pool.clone() as std::sync::Arc<dyn Worker>,
                deployment: running.config.name.as_str().into(),
                version: running.version.clone(),
            }),
            None => Err(Failure::not_found(format!("no deployment serves {host}{path}"))),
        }
    }
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
