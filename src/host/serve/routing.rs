//! Which deployment a request is for: a Host header match first, then the
//! longest path prefix that matches whole path segments.

use std::collections::HashMap;
use std::sync::Arc;

use crate::http::{Failure, Route, Router};

use super::deployments::Host;
use crate::config::serve::DeploymentConfig;

impl Router for Host {
    fn route(&self, host: &str, path: &str) -> Result<Arc<Route>, Failure> {
        let deployments = self.deployments.read().expect("deployments lock");
        let picked = self.routes.read().expect("routes lock").pick(host, path).and_then(|name| deployments.get(name));
        match picked {
            Some(running) => Ok(running.route.clone()),
            None => Err(Failure::not_found(format!("no deployment serves {host}{path}"))),
        }
    }
}

/// Which deployment a request is for: one that lists its host wins, else the
/// longest path prefix that matches; equals go to the first name in order, so
/// the serve front and a worker process holding a share of the deployments
/// always pick the same one. Hosts are looked up, not compared one deployment
/// after another: that scan was a per-request cost that grew with the host
/// (~2% of the CPU of `worky serve` with 1,000 deployments, bench/fleet.sh).
#[derive(Default)]
pub struct Routes {
    /// A host, lowercase (hosts match without regard to ASCII case) -> the
    /// first deployment by name that lists it.
    by_host: HashMap<String, String>,
    /// (prefix, deployment) of the deployments with a path prefix: longest
    /// first, equals by name.
    by_prefix: Vec<(String, String)>,
}

impl Routes {
    pub fn new<'a>(deployments: impl Iterator<Item = &'a DeploymentConfig>) -> Routes {
        let mut routes = Routes::default();
        deployments.for_each(|deployment| routes.add(deployment));
        routes
    }

    /// Routes a deployment not routed yet too, wherever it comes in the order.
    pub fn add(&mut self, deployment: &DeploymentConfig) {
        let name = &deployment.name;
        for host in &deployment.hosts {
            let first = self.by_host.entry(host.to_ascii_lowercase()).or_insert_with(|| name.clone());
            if name < first {
                first.clone_from(name);
            }
        }
        if let Some(prefix) = &deployment.path_prefix {
            let before = |(other, other_name): &(String, String)| {
                other.len() > prefix.len() || (other.len() == prefix.len() && other_name < name)
            };
            let at = self.by_prefix.partition_point(before);
            self.by_prefix.insert(at, (prefix.clone(), name.clone()));
        }
    }

    /// The name of the deployment that serves `host` and `path`. The hosts
    /// both sides give are lowercase already (config::serve, http::front), so
    /// the lookup does not copy one.
    pub fn pick(&self, host: &str, path: &str) -> Option<&str> {
        let host = if host.bytes().any(|byte| byte.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(host.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(host)
        };
        if let Some(name) = self.by_host.get(host.as_ref()) {
            return Some(name);
        }
        let mut prefixed = self.by_prefix.iter();
        prefixed.find(|(prefix, _)| prefix_matches(prefix, path)).map(|(_, name)| name.as_str())
    }
}

/// `/shop` matches `/shop` and `/shop/...`, never `/shopping`; `/` matches all.
/// Prefixes come without a trailing slash (config::serve normalizes them).
fn prefix_matches(prefix: &str, path: &str) -> bool {
    prefix == "/" || path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::{Routes, prefix_matches};
    use crate::config::serve::DeploymentConfig;
    use crate::runtime::Egress;

    fn deployment(name: &str, hosts: &[&str], prefix: Option<&str>) -> DeploymentConfig {
        DeploymentConfig {
            name: name.into(),
            version: "1.0.0".into(),
            hosts: hosts.iter().map(|host| host.to_string()).collect(),
            path_prefix: prefix.map(str::to_string),
            ceilings: Default::default(),
            state_dir: Default::default(),
            publishers: Vec::new(),
            egress: Egress { allow: None, deny: Vec::new() },
            dispatch_namespace: None,
        }
    }

    #[test]
    fn a_host_wins_over_prefixes_and_equals_go_to_the_first_name() {
        let deployments = [
            deployment("zeta", &["shop.test"], None),
            deployment("alpha", &["shop.test", "a.test"], None),
            deployment("root", &[], Some("/")),
            deployment("cart", &[], Some("/shop/cart")),
            deployment("shop", &["other.test"], Some("/shop")),
            deployment("aaa-shop", &[], Some("/shop")),
        ];
        let routes = Routes::new(deployments.iter());
        assert_eq!(routes.pick("SHOP.test", "/shop/cart"), Some("alpha"), "host, any case, first name");
        assert_eq!(routes.pick("a.test", "/x"), Some("alpha"));
        assert_eq!(routes.pick("other.test", "/"), Some("shop"), "its host, whatever the path");
        assert_eq!(routes.pick("x.test", "/shop/cart/1"), Some("cart"), "longest prefix");
        assert_eq!(routes.pick("x.test", "/shop"), Some("aaa-shop"), "equal prefixes: first name");
        assert_eq!(routes.pick("x.test", "/shopping"), Some("root"));
        assert_eq!(Routes::new(deployments[..2].iter()).pick("x.test", "/"), None);
    }

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
