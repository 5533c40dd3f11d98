//! Where a worker's `fetch()` may go: an allow list and a deny list of hosts,
//! `host:port`s, IP addresses and CIDR ranges, enforced by deno_permissions,
//! which deno_fetch asks before every request: once for the URL (every
//! redirect included: each hop is a new request), and again, against the deny
//! list only, for every address a host name resolves to, before a socket is
//! opened. A name that resolves to a denied address (`127.0.0.1.nip.io`, DNS
//! rebinding) is refused like the address itself.

use std::sync::Arc;

use std::net::IpAddr;

use deno_permissions::{
    Host, NetDescriptor, Permissions, PermissionsContainer, PermissionsOptions, RuntimePermissionDescriptorParser,
};
use ipnet::IpNet;

/// Addresses no public service has: loopback, private, link-local (cloud
/// metadata), carrier-grade NAT, benchmarking, multicast, reserved and
/// unspecified ranges. `worky serve` denies them unless an operator lets one in.
pub const INTERNAL_NETWORKS: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "224.0.0.0/3",
    "::/128",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
];

/// A worker's egress policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Egress {
    /// The only destinations allowed; `None`: any not denied.
    pub allow: Option<Vec<String>>,
    /// Destinations refused whatever `allow` says.
    pub deny: Vec<String>,
}

/// An allow or deny entry deno_permissions cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{entry}` is not a host, host:port, IP address or CIDR range ({reason})")]
pub struct EgressError {
    pub entry: String,
    pub reason: String,
}

impl Egress {
    /// Anything goes (`worky dev`: the developer's own code, which may well call
    /// a service on localhost).
    pub fn open() -> Egress {
        Egress { allow: None, deny: Vec::new() }
    }

    /// Nowhere at all: every address denied (a Dynamic Worker whose
    /// `globalOutbound` is null or a binding).
    pub fn nowhere() -> Egress {
        Egress { allow: None, deny: vec!["0.0.0.0/0".into(), "::/0".into()] }
    }

    /// The internal networks denied, but for `exceptions` (addresses or ranges an
    /// operator lets in), then `deny` on top.
    pub fn internal_denied(allow: Option<Vec<String>>, deny: Vec<String>, exceptions: &[IpNet]) -> Egress {
        let internal = INTERNAL_NETWORKS.iter().map(|net| net.parse::<IpNet>().expect("a valid built-in range"));
        let mut denied: Vec<String> =
            internal.flat_map(|net| subtract_all(net, exceptions)).map(|net| net.to_string()).collect();
        denied.extend(deny);
        Egress { allow, deny: denied }
    }

    /// The permissions deno_fetch checks: net as this policy says, nothing else.
    pub fn permissions(&self) -> Result<PermissionsContainer, EgressError> {
        let parser = Arc::new(RuntimePermissionDescriptorParser::new(sys_traits::impls::RealSys));
        let descriptors = |list: &[String]| list.iter().map(|entry| descriptor(entry)).collect::<Result<Vec<_>, _>>();
        // An empty allow list is deno_permissions' "every host".
        let allow = descriptors(self.allow.as_deref().unwrap_or_default())?;
        let deny = descriptors(&self.deny)?;
        let mut permissions = Permissions::from_options(parser.as_ref(), &PermissionsOptions::default())
            .expect("no options, nothing to parse");
        permissions.net = Permissions::new_unary(Some(allow), (!deny.is_empty()).then_some(deny), false);
        Ok(PermissionsContainer::new(parser, permissions))
    }
}

/// Whether `entry` is a host, `host:port`, IP address or CIDR range.
pub fn check_entry(entry: &str) -> Result<(), EgressError> {
    descriptor(entry).map(|_| ())
}

/// `entry` as deno_permissions' net descriptor. CIDR ranges and bare IPv6
/// addresses are read here: its own parser splits at the first `:`, which
/// leaves IPv6 ranges (`fc00::/7`) unreadable.
fn descriptor(entry: &str) -> Result<NetDescriptor, EgressError> {
    let failed = |reason: String| EgressError { entry: entry.to_string(), reason };
    if entry.trim().is_empty() {
        return Err(failed("it is empty".into()));
    }
    if let Ok(net) = entry.parse::<IpNet>() {
        return Ok(NetDescriptor(Host::IpSubnet(net), None));
    }
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Ok(NetDescriptor(Host::Ip(ip), None));
    }
    let parser = RuntimePermissionDescriptorParser::new(sys_traits::impls::RealSys);
    deno_permissions::PermissionDescriptorParser::parse_net_descriptor(&parser, entry)
        .map_err(|err| failed(err.to_string()))
}

/// `net` without every range of `holes` (each hole that lies inside it
/// splits it into the CIDR ranges around the hole).
fn subtract_all(net: IpNet, holes: &[IpNet]) -> Vec<IpNet> {
    holes.iter().fold(vec![net], |nets, hole| nets.into_iter().flat_map(|net| subtract(net, *hole)).collect())
}

fn subtract(net: IpNet, hole: IpNet) -> Vec<IpNet> {
    if hole.contains(&net) {
        return Vec::new();
    }
    if !net.contains(&hole) {
        return vec![net];
    }
    // Halve `net`: keep the half without the hole, split the half with it.
    let halves: Vec<IpNet> = net.subnets(net.prefix_len() + 1).expect("a shorter prefix than the hole's").collect();
    halves.into_iter().flat_map(|half| subtract(half, hole)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn a_hole_splits_a_range_into_the_ranges_around_it() {
        let around = subtract("10.0.0.0/8".parse().unwrap(), "10.0.5.7/32".parse().unwrap());
        assert_eq!(around.len(), 24);
        assert!(around.iter().all(|net| !net.contains(&"10.0.5.7".parse::<std::net::IpAddr>().unwrap())));
        for kept in ["10.0.5.6", "10.0.5.8", "10.255.0.1", "10.0.0.0"] {
            assert!(around.iter().any(|net| net.contains(&kept.parse::<std::net::IpAddr>().unwrap())), "{kept}");
        }
        assert_eq!(subtract_all("127.0.0.0/8".parse().unwrap(), &nets(&["127.0.0.0/8"])), Vec::<IpNet>::new());
        assert_eq!(subtract_all("127.0.0.0/8".parse().unwrap(), &nets(&["10.0.0.1/32"])), nets(&["127.0.0.0/8"]));
    }

    #[test]
    fn entries_are_hosts_ports_addresses_or_ranges() {
        for entry in
            ["example.com", "*.example.com", "example.com:443", "10.0.0.1", "10.0.0.0/8", "[::1]:80", "fc00::/7", "::1"]
        {
            assert_eq!(check_entry(entry), Ok(()), "{entry}");
        }
        for entry in ["", "http://example.com", "exa mple.com", "example.com:port"] {
            assert!(check_entry(entry).is_err(), "{entry}");
        }
        let policy = Egress::internal_denied(None, vec!["evil.test".into()], &[]);
        assert!(policy.deny.contains(&"127.0.0.0/8".to_string()) && policy.deny.contains(&"evil.test".to_string()));
        assert!(policy.permissions().is_ok());
        assert!(Egress::nowhere().permissions().is_ok());
    }
}
