//! `serve.toml`: what a `worky serve` host runs (see docs/serve.md).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::settings::{LimitsTable, PoolTable, locate};
use super::{ConfigError, SourceText};
use crate::bundle;
use crate::cache;
use crate::runtime::egress::check_entry;
use crate::runtime::{Egress, Limits, PoolSettings};

/// The version a deployment runs when it names none: the highest in the registry.
pub const LATEST: &str = "latest";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServeFile {
    #[serde(default = "default_listen")]
    listen: Spanned<String>,
    metrics_listen: Option<Spanned<String>>,
    otlp_endpoint: Option<Spanned<String>>,
    otlp_protocol: Option<Spanned<String>>,
    otlp_sample_ratio: Option<Spanned<f64>>,
    registry: Option<String>,
    registry_token: Option<String>,
    packages_dir: Option<PathBuf>,
    #[serde(default = "default_state_dir")]
    state_dir: PathBuf,
    trusted_keys: Vec<String>,
    admin_token: Option<String>,
    #[serde(default)]
    limits: LimitsTable,
    #[serde(default)]
    pool: Option<PoolTable>,
    #[serde(default)]
    http: HttpTable,
    #[serde(default)]
    egress: EgressTable,
    #[serde(default)]
    host: HostTable,
    #[serde(default)]
    deployments: Vec<DeploymentFile>,
}

/// `[host]`: what all deployments share.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostTable {
    memory_mb: Option<Spanned<u64>>,
    worker_processes: Option<Spanned<usize>>,
    cache_mb: Option<Spanned<u64>>,
}

/// `[egress]` and `[deployments.egress]`: where workers' `fetch()` may go.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EgressTable {
    allow: Option<Spanned<Vec<String>>>,
    deny: Option<Spanned<Vec<String>>>,
    allow_internal: Option<Spanned<Vec<String>>>,
}

/// `[http]`: what the listener allows its clients.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HttpTable {
    header_timeout_s: Option<Spanned<u64>>,
    max_connections: Option<Spanned<usize>>,
    #[serde(default)]
    compress: bool,
    trusted_proxies: Option<Spanned<Vec<String>>>,
}

/// The listener's settings from `[http]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpSettings {
    /// Seconds a client has to send a request's headers (from the connection
    /// opening or the previous response); `None`: the default.
    pub header_timeout_s: Option<u64>,
    /// Connections open at once; `None`: from the open-file limit.
    pub max_connections: Option<usize>,
    /// Compress the responses workers leave uncompressed, as Cloudflare's edge does.
    pub compress: bool,
    /// The proxies in front (IP addresses and CIDR ranges): they say who and
    /// where the client is (http/listen.rs).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeploymentFile {
    name: Spanned<String>,
    #[serde(default = "latest")]
    version: Spanned<String>,
    #[serde(default)]
    hosts: Vec<String>,
    path_prefix: Option<Spanned<String>>,
    #[serde(default)]
    limits: LimitsTable,
    state_dir: Option<PathBuf>,
    publishers: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    egress: EgressTable,
    dispatch_namespace: Option<Spanned<String>>,
}

/// `serve.toml`, validated, with paths resolved against its directory.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on, e.g. "0.0.0.0:8080" (port 0: any free port).
    pub listen: SocketAddr,
    /// Where Prometheus scrapes `/metrics` (`metrics_listen`); `None`: no metrics.
    pub metrics_listen: Option<SocketAddr>,
    /// An OTLP collector's base URL (`otlp_endpoint`): each request's span goes there.
    pub otlp_endpoint: Option<String>,
    /// `otlp_protocol`: true for "http/json", false for "http/protobuf" (the default).
    pub otlp_json: bool,
    /// `otlp_sample_ratio`: the share of new traces recorded and exported (a
    /// continued trace follows its caller's decision); 1.0 by default.
    pub otlp_sample_ratio: f64,
    /// Registry to fetch packages from...
    pub registry: Option<String>,
    /// ...with this read token, if the registry wants one.
    pub registry_token: Option<String>,
    /// ...or a directory of `<name>-<version>.worky` files.
    pub packages_dir: Option<PathBuf>,
    /// KV state, one directory per deployment.
    pub state_dir: PathBuf,
    /// Public keys (base64) whose packages may run.
    pub trusted_keys: Vec<String>,
    /// Guards the admin endpoint; without it the endpoint is off.
    pub admin_token: Option<String>,
    /// Host-wide ceilings of every deployment's limits (`[limits]`; the runtime's
    /// defaults where unset).
    pub limits: Limits,
    pub pool: PoolSettings,
    pub http: HttpSettings,
    /// `[host] memory_mb`: the most all isolates' heap limits may add up to;
    /// `None`: three quarters of the machine's memory.
    pub host_memory_mb: Option<u64>,
    /// `[host] worker_processes`: how many processes the deployments are spread
    /// over, behind this one's front; 0: all in this process.
    pub worker_processes: usize,
    /// Each deployment's Cache API storage bound, in bytes (`[host] cache_mb`).
    pub cache_max_bytes: u64,
    pub deployments: Vec<DeploymentConfig>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentConfig {
    pub name: String,
    /// A version, or "latest" (registry only).
    pub version: String,
    /// Host names routed here, lowercase, IPv6 addresses without brackets.
    pub hosts: Vec<String>,
    /// A path prefix routed here, e.g. "/shop": it matches `/shop` and `/shop/...`,
    /// never `/shopping`.
    pub path_prefix: Option<String>,
    /// The most this deployment's package may ask for: `[deployments.limits]`,
    /// and the host-wide `[limits]` for keys it leaves out.
    pub ceilings: Limits,
    /// Where this deployment's KV data lives.
    pub state_dir: PathBuf,
    /// The publisher keys whose packages this deployment runs (each also in
    /// `trusted_keys`); empty: any trusted key.
    pub publishers: Vec<String>,
    /// Where its workers' `fetch()` may go: internal networks are denied but for
    /// `allow_internal`; `[egress]` with this deployment's own on top.
    pub egress: Egress,
    /// The dispatch namespace it is a user worker of (Workers for Platforms):
    /// reached by the `get()` of a dispatch namespace binding of that name, and
    /// by no service binding.
    pub dispatch_namespace: Option<String>,
}

impl DeploymentConfig {
    /// The limits a package runs with: what it asks for, up to this deployment's
    /// ceilings (an operator's limits are ceilings a package can only lower).
    pub fn limits_for(&self, package: Limits) -> Limits {
        let ceilings = self.ceilings;
        Limits {
            cpu_ms: package.cpu_ms.min(ceilings.cpu_ms),
            wall_ms: package.wall_ms.min(ceilings.wall_ms),
            memory_mb: package.memory_mb.min(ceilings.memory_mb),
            max_body_mb: package.max_body_mb.min(ceilings.max_body_mb),
            subrequests: package.subrequests.min(ceilings.subrequests),
        }
    }

    /// The keys a package for this deployment may be signed with.
    pub fn allowed_publishers<'a>(&'a self, trusted: &'a [String]) -> &'a [String] {
        if self.publishers.is_empty() { trusted } else { &self.publishers }
    }
}

fn default_listen() -> Spanned<String> {
    Spanned::new(0..0, "127.0.0.1:8080".into())
}

fn default_state_dir() -> PathBuf {
    PathBuf::from(".worky/serve-state")
}

fn latest() -> Spanned<String> {
    Spanned::new(0..0, LATEST.into())
}

impl ServeConfig {
    pub fn load(path: &Path) -> Result<ServeConfig, ConfigError> {
        let text = super::read(path)?;
        ServeConfig::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<ServeConfig, ConfigError> {
        let source = SourceText::new(path, text);
        let file: ServeFile = toml::from_str(text).map_err(|err| source.syntax(&err))?;
        if file.registry.is_none() && file.packages_dir.is_none() {
            return Err(ConfigError::Invalid {
                location: path.display().to_string(),
                message: "set `registry = \"http://...\"` or `packages_dir = \"...\"`".into(),
            });
        }
        let listen = file.listen.get_ref().parse().map_err(|_| {
            let message =
                format!("listen = \"{}\" is not an address:port, as in \"0.0.0.0:8080\"", file.listen.get_ref());
            source.invalid(file.listen.span(), message)
        })?;
        let metrics_listen = match &file.metrics_listen {
            Some(address) => Some(address.get_ref().parse().map_err(|_| {
                let message = format!(
                    "metrics_listen = \"{}\" is not an address:port, as in \"127.0.0.1:9464\"",
                    address.get_ref()
                );
                source.invalid(address.span(), message)
            })?),
            None => None,
        };
        let otlp_endpoint = match &file.otlp_endpoint {
            Some(url) if !(url.get_ref().starts_with("http://") || url.get_ref().starts_with("https://")) => {
                let message = format!(
                    "otlp_endpoint = \"{}\" is not an http(s) URL, as in \"http://127.0.0.1:4318\" (OTLP over HTTP)",
                    url.get_ref()
                );
                return Err(source.invalid(url.span(), message));
            }
            url => url.as_ref().map(|url| url.get_ref().trim_end_matches('/').to_string()),
        };
        let otlp_json = match &file.otlp_protocol {
            None => false,
            Some(protocol) if protocol.get_ref() == "http/protobuf" => false,
            Some(protocol) if protocol.get_ref() == "http/json" => true,
            Some(protocol) => {
                let message =
                    format!("otlp_protocol = \"{}\": use \"http/protobuf\" or \"http/json\"", protocol.get_ref());
                return Err(source.invalid(protocol.span(), message));
            }
        };
        let otlp_sample_ratio = match &file.otlp_sample_ratio {
            None => 1.0,
            Some(ratio) if (0.0..=1.0).contains(ratio.get_ref()) => *ratio.get_ref(),
            Some(ratio) => {
                let message = format!(
                    "otlp_sample_ratio = {} is not between 0 and 1 (0.1: one new trace in ten is recorded)",
                    ratio.get_ref()
                );
                return Err(source.invalid(ratio.span(), message));
            }
        };
        let host_limits = file.limits.over(Limits::default());
        host_limits.validate().map_err(|err| locate(&source, err, &file.limits, &PoolTable::default(), 0..0))?;
        let pool_table = file.pool.unwrap_or_default();
        let pool = pool_table.settings();
        pool.validate().map_err(|err| locate(&source, err, &LimitsTable::default(), &pool_table, 0..0))?;
        let http = http_settings(&source, &file.http)?;
        let host_memory_mb = match &file.host.memory_mb {
            Some(memory) if *memory.get_ref() < MIN_HOST_MEMORY_MB => {
                let message =
                    format!("[host] memory_mb must be at least {MIN_HOST_MEMORY_MB} (one isolate's smallest heap)");
                return Err(source.invalid(memory.span(), message));
            }
            memory => memory.as_ref().map(|m| *m.get_ref()),
        };
        let worker_processes = match &file.host.worker_processes {
            Some(count) if *count.get_ref() > MAX_WORKER_PROCESSES => {
                let message = format!("[host] worker_processes must be at most {MAX_WORKER_PROCESSES}");
                return Err(source.invalid(count.span(), message));
            }
            count => count.as_ref().map_or(0, |c| *c.get_ref()),
        };
        let cache_max_bytes = match &file.host.cache_mb {
            Some(mb) if *mb.get_ref() == 0 => {
                return Err(source.invalid(mb.span(), "[host] cache_mb must be at least 1".to_string()));
            }
            Some(mb) => mb.get_ref() * 1024 * 1024,
            None => cache::DEFAULT_MAX_BYTES,
        };
        // Checked on its own too: a host with no deployments yet still has a policy.
        egress(&source, &file.egress, &EgressTable::default())?;
        let base = path.parent().unwrap_or(Path::new("."));
        let state_dir = base.join(&file.state_dir);
        let mut names = HashSet::new();
        let mut deployments = Vec::new();
        for deployment in file.deployments {
            let name = deployment.name.get_ref().clone();
            if !bundle::is_package_name(&name) {
                let message =
                    format!("deployment name \"{name}\" is not a package name: {}", bundle::PACKAGE_NAME_RULE);
                return Err(source.invalid(deployment.name.span(), message));
            }
            if !names.insert(name.clone()) {
                return Err(source.invalid(deployment.name.span(), format!("deployment `{name}` is defined twice")));
            }
            let ceilings = deployment.limits.over(host_limits);
            ceilings.validate().map_err(|err| locate(&source, err, &deployment.limits, &PoolTable::default(), 0..0))?;
            let publishers = match &deployment.publishers {
                Some(keys) => {
                    if let Some(key) = keys.get_ref().iter().find(|key| !file.trusted_keys.contains(key)) {
                        let message = format!("publisher {key} is not in trusted_keys: add it there too");
                        return Err(source.invalid(keys.span(), message));
                    }
                    keys.get_ref().clone()
                }
                None => Vec::new(),
            };
            if let Some(namespace) = &deployment.dispatch_namespace
                && namespace.get_ref().trim().is_empty()
            {
                let message = "dispatch_namespace must name a namespace (or be left out)";
                return Err(source.invalid(namespace.span(), message));
            }
            deployments.push(DeploymentConfig {
                dispatch_namespace: deployment.dispatch_namespace.as_ref().map(|n| n.get_ref().clone()),
                egress: egress(&source, &file.egress, &deployment.egress)?,
                publishers,
                version: version(&source, &deployment.version)?,
                hosts: deployment.hosts.iter().map(|host| normalize_host(host)).collect(),
                path_prefix: deployment.path_prefix.as_ref().map(|prefix| path_prefix(&source, prefix)).transpose()?,
                ceilings,
                state_dir: match &deployment.state_dir {
                    Some(dir) => base.join(dir),
                    None => state_dir.join(&name),
                },
                name,
            });
        }
        Ok(ServeConfig {
            listen,
            metrics_listen,
            otlp_endpoint,
            otlp_json,
            otlp_sample_ratio,
            registry: file.registry,
            registry_token: file.registry_token,
            packages_dir: file.packages_dir.map(|dir| base.join(dir)),
            state_dir,
            trusted_keys: file.trusted_keys,
            admin_token: file.admin_token,
            limits: host_limits,
            pool,
            http,
            host_memory_mb,
            worker_processes,
            cache_max_bytes,
            deployments,
        })
    }

    pub fn deployment(&self, name: &str) -> Option<&DeploymentConfig> {
        self.deployments.iter().find(|deployment| deployment.name == name)
    }
}

/// A deployment's egress policy: its `allow` and `allow_internal` replace the
/// host's, its `deny` adds to the host's.
fn egress(source: &SourceText<'_>, host: &EgressTable, deployment: &EgressTable) -> Result<Egress, ConfigError> {
    for list in [&host.allow, &host.deny, &deployment.allow, &deployment.deny].into_iter().flatten() {
        if let Some(err) = list.get_ref().iter().find_map(|entry| check_entry(entry).err()) {
            return Err(source.invalid(list.span(), err.to_string()));
        }
    }
    let internal = deployment.allow_internal.as_ref().or(host.allow_internal.as_ref());
    let exceptions = ip_nets(source, "allow_internal", internal)?;
    let allow = deployment.allow.as_ref().or(host.allow.as_ref()).map(|list| list.get_ref().clone());
    let deny = [&host.deny, &deployment.deny].into_iter().flatten().flat_map(|list| list.get_ref().clone()).collect();
    Ok(Egress::internal_denied(allow, deny, &exceptions))
}

/// More worker processes than this is a typo, not a plan.
const MAX_WORKER_PROCESSES: usize = 256;

/// The smallest host memory ceiling: one isolate at the smallest heap limit.
const MIN_HOST_MEMORY_MB: u64 = 16;

/// The most a header timeout may be: past an hour it no longer guards anything.
const MAX_HEADER_TIMEOUT_S: u64 = 3600;

fn http_settings(source: &SourceText<'_>, table: &HttpTable) -> Result<HttpSettings, ConfigError> {
    if let Some(timeout) = &table.header_timeout_s
        && !(1..=MAX_HEADER_TIMEOUT_S).contains(timeout.get_ref())
    {
        let message = format!("header_timeout_s must be between 1 and {MAX_HEADER_TIMEOUT_S} seconds");
        return Err(source.invalid(timeout.span(), message));
    }
    if let Some(max) = &table.max_connections
        && *max.get_ref() == 0
    {
        return Err(source.invalid(max.span(), "max_connections must be at least 1".to_string()));
    }
    Ok(HttpSettings {
        header_timeout_s: table.header_timeout_s.as_ref().map(|t| *t.get_ref()),
        max_connections: table.max_connections.as_ref().map(|m| *m.get_ref()),
        compress: table.compress,
        trusted_proxies: ip_nets(source, "trusted_proxies", table.trusted_proxies.as_ref())?,
    })
}

/// A list of IP addresses and CIDR ranges (`key` names it in the error).
fn ip_nets(
    source: &SourceText<'_>,
    key: &str,
    list: Option<&Spanned<Vec<String>>>,
) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let Some(list) = list else { return Ok(Vec::new()) };
    let parse = |entry: &String| {
        entry.parse::<ipnet::IpNet>().or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from)).map_err(
            |_| {
                let message = format!(
                    "{key} takes IP addresses and CIDR ranges, like \"10.0.5.7\" or \"10.1.0.0/16\"; `{entry}` is neither"
                );
                source.invalid(list.span(), message)
            },
        )
    };
    list.get_ref().iter().map(parse).collect()
}

/// "latest", or a semver version (packages are published with one).
fn version(source: &SourceText<'_>, version: &Spanned<String>) -> Result<String, ConfigError> {
    let text = version.get_ref();
    if text != LATEST && semver::Version::parse(text).is_err() {
        let message = format!("version \"{text}\" is not a semver version (like \"1.2.0\") or \"{LATEST}\"");
        return Err(source.invalid(version.span(), message));
    }
    Ok(text.clone())
}

/// A prefix starts with `/`; a trailing `/` is dropped, since prefixes match whole path segments.
fn path_prefix(source: &SourceText<'_>, prefix: &Spanned<String>) -> Result<String, ConfigError> {
    let text = prefix.get_ref();
    if !text.starts_with('/') {
        let message = format!("path_prefix \"{text}\" must start with `/`, as in \"/shop\"");
        return Err(source.invalid(prefix.span(), message));
    }
    let trimmed = text.trim_end_matches('/');
    Ok(if trimmed.is_empty() { "/".into() } else { trimmed.into() })
}

/// Host names compare case-insensitively; `[::1]` and `::1` are the same host.
pub fn normalize_host(host: &str) -> String {
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ServeConfig, ConfigError> {
        ServeConfig::parse(text, Path::new("/srv/serve.toml"))
    }

    const HEAD: &str = "packages_dir = \"pkgs\"\ntrusted_keys = []\n";

    #[test]
    fn paths_resolve_against_the_config_and_prefixes_are_normalized() {
        let config = parse(&format!(
            "{HEAD}[[deployments]]\nname = \"shop\"\nversion = \"1.0.0\"\nhosts = [\"Shop.Test\", \"[::1]\"]\n\
             path_prefix = \"/shop/\"\n[[deployments]]\nname = \"root\"\npath_prefix = \"/\"\nstate_dir = \"r\"\n"
        ))
        .unwrap();
        assert_eq!(config.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(config.packages_dir.as_deref(), Some(Path::new("/srv/pkgs")));
        let shop = config.deployment("shop").unwrap();
        assert_eq!(shop.hosts, vec!["shop.test", "::1"]);
        assert_eq!(shop.path_prefix.as_deref(), Some("/shop"));
        assert_eq!(shop.state_dir, Path::new("/srv/.worky/serve-state/shop"));
        let root = config.deployment("root").unwrap();
        assert_eq!((root.version.as_str(), root.path_prefix.as_deref()), (LATEST, Some("/")));
        assert_eq!(root.state_dir, Path::new("/srv/r"));
    }

    /// Keys left out of `[deployments.limits]` keep the package's values, up to the
    /// host-wide `[limits]`: an operator's limits are ceilings a package can only lower.
    #[test]
    fn operator_limits_are_ceilings() {
        let config = parse(&format!(
            "{HEAD}[limits]\nmemory_mb = 256\n[[deployments]]\nname = \"shop\"\n[deployments.limits]\ncpu_ms = 10\n"
        ))
        .unwrap();
        let shop = config.deployment("shop").unwrap();
        let package = Limits { cpu_ms: 50, wall_ms: 700, memory_mb: 64, max_body_mb: 3, subrequests: 20 };
        assert_eq!(shop.limits_for(package), Limits { cpu_ms: 10, ..package });
        // A package asking for more than the host allows gets the ceiling.
        let greedy =
            Limits { cpu_ms: 5, wall_ms: 10_000_000, memory_mb: 100_000, max_body_mb: 10_000, subrequests: 10_000 };
        let defaults = Limits::default();
        assert_eq!(
            shop.limits_for(greedy),
            Limits {
                cpu_ms: 5,
                wall_ms: defaults.wall_ms,
                memory_mb: 256,
                max_body_mb: defaults.max_body_mb,
                subrequests: defaults.subrequests
            }
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let invalid = |text: &str| match parse(text) {
            Err(ConfigError::Invalid { location, message }) => (location, message),
            other => panic!("expected an invalid value, got {other:?}"),
        };
        let (at, message) = invalid(&format!("listen = \"nowhere\"\n{HEAD}"));
        assert_eq!(at, "/srv/serve.toml:1:10");
        assert!(message.contains("is not an address:port"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[[deployments]]\nname = \"a\"\npath_prefix = \"shop\"\n"));
        assert_eq!(at, "/srv/serve.toml:5:15");
        assert!(message.contains("must start with `/`"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[[deployments]]\nname = \"a\"\nversion = \"one\"\n"));
        assert_eq!(at, "/srv/serve.toml:5:11");
        assert!(message.contains("not a semver version"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[[deployments]]\nname = \"a\"\n[[deployments]]\nname = \"a\"\n"));
        assert_eq!((at.as_str(), message.as_str()), ("/srv/serve.toml:6:8", "deployment `a` is defined twice"));
        let (at, message) =
            invalid(&format!("{HEAD}[[deployments]]\nname = \"a\"\n[deployments.limits]\nmemory_mb = 1\n"));
        assert_eq!(at, "/srv/serve.toml:6:13");
        assert!(message.contains("memory_mb must be at least 16"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[pool]\nmax_isolates = 0\n"));
        assert_eq!(at, "/srv/serve.toml:4:16");
        assert!(message.contains("max_isolates must be at least 1"), "{message}");
        assert!(matches!(parse("trusted_keys = []\n"), Err(ConfigError::Invalid { .. })));
        let (at, message) = invalid(&format!("{HEAD}[[deployments]]\nname = \"a\"\npublishers = [\"not-trusted\"]\n"));
        assert_eq!(at, "/srv/serve.toml:5:14");
        assert!(message.contains("publisher not-trusted is not in trusted_keys"), "{message}");
        assert!(matches!(parse(&format!("{HEAD}bogus = 1\n")), Err(ConfigError::Syntax { .. })));
        // A deployment's name is a directory under state_dir and a package file name.
        let (at, message) = invalid(&format!("{HEAD}[[deployments]]\nname = \"../../etc\"\n"));
        assert_eq!(at, "/srv/serve.toml:4:8");
        assert!(message.contains("deployment name \"../../etc\" is not a package name"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[http]\nheader_timeout_s = 0\n"));
        assert_eq!(at, "/srv/serve.toml:4:20");
        assert!(message.contains("header_timeout_s must be between 1 and 3600"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[http]\nmax_connections = 0\n"));
        assert_eq!(at, "/srv/serve.toml:4:19");
        assert!(message.contains("max_connections must be at least 1"), "{message}");
        let (at, message) = invalid(&format!("{HEAD}[http]\ntrusted_proxies = [\"lb.example\"]\n"));
        assert_eq!(at, "/srv/serve.toml:4:19");
        assert!(message.contains("trusted_proxies takes IP addresses and CIDR ranges"), "{message}");
    }

    #[test]
    fn http_settings_default_to_none() {
        let config = parse(HEAD).unwrap();
        assert_eq!(config.http, HttpSettings::default());
        let text = "[http]\nheader_timeout_s = 5\nmax_connections = 100\ncompress = true\n\
                    trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n";
        let config = parse(&format!("{HEAD}{text}")).unwrap();
        let trusted_proxies = vec!["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        let expected =
            HttpSettings { header_timeout_s: Some(5), max_connections: Some(100), compress: true, trusted_proxies };
        assert_eq!(config.http, expected);
    }
}
