//! The `Bundle`: one ES module, its source map and a manifest. Immutable and
//! content-addressed. `worky dev` runs it from memory, `worky build` writes it,
//! `worky publish` packs it and `worky serve` runs it again: one type for all.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::project::{Config, Limits, Triggers, toml_to_json};

pub const CODE_FILE: &str = "worker.js";
pub const MAP_FILE: &str = "worker.js.map";
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The module the runtime loads, relative to the manifest.
    pub main: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compatibility_flags: Vec<String>,
    pub worky_version: String,
    /// Every output file but the manifest itself.
    pub files: Vec<FileDigest>,
    pub bindings: Bindings,
    pub triggers: Triggers,
    pub limits: Limits,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// What `env` carries, minus secrets: those never enter a bundle.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Bindings {
    #[serde(default)]
    pub vars: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub kv_namespaces: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Bundle {
    pub manifest: Manifest,
    pub code: Arc<str>,
    /// Source map (JSON); `sources` are relative to the bundle's directory.
    pub map: Arc<str>,
    /// Source files that went into the bundle (absolute), for the dev file watcher.
    pub inputs: Vec<PathBuf>,
}

impl Bundle {
    pub fn new(config: &Config, code: String, map: String, inputs: Vec<PathBuf>) -> Bundle {
        let files = vec![digest(CODE_FILE, code.as_bytes()), digest(MAP_FILE, map.as_bytes())];
        let manifest = Manifest {
            name: config.name.clone(),
            version: config.version.clone(),
            main: CODE_FILE.to_string(),
            compatibility_date: config.compatibility_date.clone(),
            compatibility_flags: config.compatibility_flags.clone(),
            worky_version: env!("CARGO_PKG_VERSION").to_string(),
            files,
            bindings: Bindings {
                vars: config.vars.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect(),
                kv_namespaces: config.kv_namespaces.iter().map(|ns| ns.binding.clone()).collect(),
            },
            triggers: config.triggers.clone(),
            limits: config.limits,
        };
        Bundle { manifest, code: code.into(), map: map.into(), inputs }
    }

    /// Content address: sha256 of the code, short form, for logs and version ids.
    pub fn id(&self) -> &str {
        &self.manifest.files[0].sha256[..12]
    }

    /// A bundle from a manifest and its files, as a package holds them. The caller
    /// has checked the files against the manifest's digests.
    pub fn from_manifest(manifest: Manifest, code: String, map: String) -> Bundle {
        Bundle { manifest, code: code.into(), map: map.into(), inputs: Vec::new() }
    }

    /// `manifest.json` exactly as written to disk and signed in packages.
    pub fn manifest_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(&self.manifest)? + "\n")
    }

    /// Writes worker.js, worker.js.map and manifest.json into `dir`; returns the paths.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let manifest = self.manifest_json()?;
        let outputs =
            [(CODE_FILE, self.code.as_bytes()), (MAP_FILE, self.map.as_bytes()), (MANIFEST_FILE, manifest.as_bytes())];
        let mut written = Vec::new();
        for (name, bytes) in outputs {
            let path = dir.join(name);
            std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
            written.push(path);
        }
        Ok(written)
    }
}

fn digest(path: &str, bytes: &[u8]) -> FileDigest {
    FileDigest { path: path.to_string(), sha256: sha256_hex(bytes), size: bytes.len() as u64 }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_digests_match_written_files() {
        let config = Config { name: "app".into(), ..Default::default() };
        let bundle = Bundle::new(&config, "export default {}\n".into(), "{\"version\":3}".into(), vec![]);
        let dir = tempfile::tempdir().unwrap();
        bundle.write_to(dir.path()).unwrap();
        let manifest: Manifest =
            serde_json::from_slice(&std::fs::read(dir.path().join(MANIFEST_FILE)).unwrap()).unwrap();
        assert_eq!(manifest, bundle.manifest);
        for file in &manifest.files {
            let bytes = std::fs::read(dir.path().join(&file.path)).unwrap();
            assert_eq!(file.size, bytes.len() as u64);
            assert_eq!(file.sha256, sha256_hex(&bytes));
        }
        assert_eq!(bundle.id().len(), 12);
    }
}
