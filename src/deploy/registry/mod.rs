//! The package registry: its HTTP API (paths and JSON shapes, written once
//! here), the server (`worky registry`) and the client (`worky publish`,
//! `worky serve`).
//!
//! - `PUT /v1/packages/{name}/{version}` (Bearer token) uploads a package.
//! - `GET /v1/packages/{name}` lists the versions, in semver order.
//! - `GET /v1/packages/{name}/{version}` downloads one.
//! - `GET /v1/owners/{name}` lists who may publish `name` (its first publisher,
//!   and whom the owners shared it with); `POST` there, with an owner's token and
//!   `{"public_key": ...}`, shares it.

pub mod client;
pub mod server;

use serde::{Deserialize, Serialize};

pub use client::{ClientError, RegistryClient};
pub use server::{RegistryError, RegistryOptions, RunError};

/// The route of a package's version list (axum path syntax).
const VERSIONS_ROUTE: &str = "/v1/packages/{name}";
/// The route of one published version.
const PACKAGE_ROUTE: &str = "/v1/packages/{name}/{version}";
/// The route of a package's owners: who may publish it.
const OWNERS_ROUTE: &str = "/v1/owners/{name}";

/// `VERSIONS_ROUTE` for `name`.
pub fn versions_path(name: &str) -> String {
    VERSIONS_ROUTE.replace("{name}", name)
}

/// `OWNERS_ROUTE` for `name`.
pub fn owners_path(name: &str) -> String {
    OWNERS_ROUTE.replace("{name}", name)
}

/// `PACKAGE_ROUTE` for `name@version`.
pub fn package_path(name: &str, version: &str) -> String {
    PACKAGE_ROUTE.replace("{name}", name).replace("{version}", version)
}

/// One published version, as the listing shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VersionInfo {
    pub version: String,
    pub sha256: String,
    pub size: u64,
    pub publisher: String,
    /// Seconds since the epoch.
    pub published_at: i64,
}

/// `GET /v1/packages/{name}`: every version, in semver order (lowest first).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Listing {
    pub name: String,
    pub versions: Vec<VersionInfo>,
}

impl Listing {
    /// The highest version by semver (a pre-release only when nothing else is published).
    pub fn latest(&self) -> Option<&VersionInfo> {
        let parsed = self.versions.iter().filter_map(|v| Some((semver::Version::parse(&v.version).ok()?, v)));
        let (releases, pre): (Vec<_>, Vec<_>) = parsed.partition(|(version, _)| version.pre.is_empty());
        let pick = if releases.is_empty() { pre } else { releases };
        pick.into_iter().max_by(|a, b| a.0.cmp(&b.0)).map(|(_, info)| info)
    }
}

/// `GET /v1/owners/{name}`: the publishers (public keys) who may publish `name`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Owners {
    pub name: String,
    pub owners: Vec<String>,
}

/// `POST /v1/owners/{name}` (by an owner's token): share the name with this key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewOwner {
    pub public_key: String,
}

/// `PUT` answered 201 with this.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Published {
    pub name: String,
    pub version: String,
    pub sha256: String,
    pub size: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(versions: &[&str]) -> Listing {
        let info = |v: &&str| VersionInfo {
            version: v.to_string(),
            sha256: String::new(),
            size: 0,
            publisher: String::new(),
            published_at: 0,
        };
        Listing { name: "shop".into(), versions: versions.iter().map(info).collect() }
    }

    #[test]
    fn latest_is_the_highest_semver_not_the_last_published() {
        assert_eq!(listing(&["1.10.0", "1.9.0", "1.2.0"]).latest().unwrap().version, "1.10.0");
        assert_eq!(listing(&["1.0.0", "2.0.0-beta.1"]).latest().unwrap().version, "1.0.0");
        assert_eq!(listing(&["2.0.0-beta.1", "2.0.0-alpha"]).latest().unwrap().version, "2.0.0-beta.1");
        assert_eq!(listing(&[]).latest(), None);
    }

    #[test]
    fn paths_are_written_once() {
        assert_eq!(versions_path("shop"), "/v1/packages/shop");
        assert_eq!(package_path("shop", "1.0.0"), "/v1/packages/shop/1.0.0");
    }
}
