//! The `Bundle`: one ES module, its source map and a manifest. Immutable and
//! content-addressed. `worky dev` runs it from memory, `worky build` writes it,
//! `worky publish` packs it and `worky serve` runs it again: one type for all.
//!
//! `bundler` makes one from a project with rolldown; `manifest` is its wire format.

pub mod bundler;
mod compatibility;
pub mod dynamic;
pub mod manifest;
mod module_rules;
mod node_modules;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

pub use bundler::{BuildError, Bundler, Options, Source};
pub use compatibility::{Compatibility, NODEJS_COMPAT_DEFAULT_FROM};
pub use dynamic::{DynamicCode, DynamicCodeError, ModuleBody};
pub use manifest::{
    AnalyticsBinding, Assets as AssetsManifest, Bindings, D1Binding, DispatchNamespaceBinding, DurableObjectBinding,
    FileDigest, HtmlHandling, Limits, Manifest, ManifestError, NotFoundHandling, PACKAGE_NAME_RULE, QueueBinding,
    QueueConsumer, R2Binding, RateLimitBinding, RunWorkerFirst, SecretsStoreBinding, SendEmailBinding, ServiceBinding,
    Triggers, UnsupportedBinding, WorkflowBinding, is_package_name, namespace_names, object_class, object_namespace,
};
pub use module_rules::{ModuleKind, ModuleRule};

pub const CODE_FILE: &str = "worker.js";
pub const MAP_FILE: &str = "worker.js.map";
pub const MANIFEST_FILE: &str = "manifest.json";

/// The modules the runtime provides to every bundle; every other import is bundled.
pub const RUNTIME_MODULES: &[&str] =
    &["cloudflare:workers", "cloudflare:sockets", "cloudflare:workflows", "cloudflare:email"];

/// The Node.js modules the runtime provides with `nodejs_compat` (or
/// `nodejs_als`), imported as `node:<name>` or `<name>`: runtime_js/node/dist
/// has a file for each (`/` written `_`), async_hooks aside (09_node.js).
/// The ones Workers lacks (child_process, ...) import, and throw when called.
pub const NODE_MODULES: &[&str] = &[
    "assert",
    "assert/strict",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "dns/promises",
    "domain",
    "events",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "inspector",
    "inspector/promises",
    "module",
    "net",
    "os",
    "path",
    "path/posix",
    "path/win32",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "readline/promises",
    "repl",
    "stream",
    "stream/consumers",
    "stream/promises",
    "stream/web",
    "string_decoder",
    "sys",
    "timers",
    "timers/promises",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "util/types",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// What the manifest says besides the files: everything the project's config
/// decides (name, bindings, triggers, limits), already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub version: Option<String>,
    pub compatibility_date: Option<String>,
    pub compatibility_flags: Vec<String>,
    pub environment: Option<String>,
    pub bindings: Bindings,
    pub triggers: Triggers,
    pub limits: Limits,
}

impl Metadata {
    pub fn compatibility(&self) -> Compatibility<'_> {
        Compatibility::new(self.compatibility_date.as_deref(), &self.compatibility_flags)
    }

    /// A worker named `name` with no bindings or triggers.
    pub fn new(name: impl Into<String>, limits: Limits) -> Metadata {
        Metadata {
            name: name.into(),
            version: None,
            compatibility_date: None,
            compatibility_flags: Vec::new(),
            environment: None,
            bindings: Bindings::default(),
            triggers: Triggers::default(),
            limits,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Bundle {
    pub manifest: Manifest,
    pub code: Arc<str>,
    /// Source map (JSON); `sources` are relative to the bundle's directory.
    pub map: Arc<str>,
    /// Source files that went into the bundle (absolute), for the dev file watcher.
    pub inputs: Vec<PathBuf>,
    /// The module's export names, when the bundler made it (not kept in packages).
    pub exports: Vec<String>,
}

impl Bundle {
    pub fn new(metadata: Metadata, code: String, map: String, inputs: Vec<PathBuf>) -> Bundle {
        let files = vec![digest(CODE_FILE, code.as_bytes()), digest(MAP_FILE, map.as_bytes())];
        let Metadata {
            name,
            version,
            compatibility_date,
            compatibility_flags,
            environment,
            bindings,
            triggers,
            limits,
        } = metadata;
        let manifest = Manifest {
            format: manifest::FORMAT_WITHOUT_ASSETS,
            name,
            version,
            main: CODE_FILE.to_string(),
            compatibility_date,
            compatibility_flags,
            environment,
            worky_version: env!("CARGO_PKG_VERSION").to_string(),
            files,
            bindings,
            triggers,
            limits,
            assets: None,
        };
        Bundle { manifest, code: code.into(), map: map.into(), inputs, exports: Vec::new() }
    }

    /// The bundle with its static assets listed in the manifest (which makes it
    /// format 2: an older worky refuses it instead of serving it without them).
    pub fn with_assets(mut self, assets: Option<AssetsManifest>) -> Bundle {
        self.manifest.format = if assets.is_some() { manifest::FORMAT } else { manifest::FORMAT_WITHOUT_ASSETS };
        self.manifest.assets = assets;
        self
    }

    /// Content address: sha256 of the code, short form, for logs and version ids.
    pub fn id(&self) -> &str {
        &self.manifest.files[0].sha256[..12]
    }

    /// A bundle from a manifest and its files, as a package holds them. The caller
    /// has checked the files against the manifest's digests.
    pub fn from_manifest(manifest: Manifest, code: String, map: String) -> Bundle {
        Bundle { manifest, code: code.into(), map: map.into(), inputs: Vec::new(), exports: Vec::new() }
    }

    /// The original text of `file` (a stack frame's file: a path or URL ending in
    /// one of the map's sources), as the source map carries it: the code that ran,
    /// even if the file has changed since. Only error pages ask, so the map is
    /// parsed on demand.
    pub fn original_source(&self, file: &str) -> Option<String> {
        let map: serde_json::Value = serde_json::from_str(&self.map).ok()?;
        let sources = map.get("sources")?.as_array()?;
        let index = sources.iter().position(|source| {
            let source = source.as_str().unwrap_or_default().trim_start_matches("../").trim_start_matches("./");
            !source.is_empty() && (file == source || file.ends_with(&format!("/{source}")))
        })?;
        map.get("sourcesContent")?.get(index)?.as_str().map(str::to_string)
    }

    /// `manifest.json` exactly as written to disk and signed in packages.
    pub fn manifest_json(&self) -> String {
        serde_json::to_string_pretty(&self.manifest).expect("a manifest serializes") + "\n"
    }

    /// Writes worker.js, worker.js.map and manifest.json into `dir`; returns the paths.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|err| with_path(err, "cannot create", dir))?;
        let manifest = self.manifest_json();
        let outputs =
            [(CODE_FILE, self.code.as_bytes()), (MAP_FILE, self.map.as_bytes()), (MANIFEST_FILE, manifest.as_bytes())];
        let mut written = Vec::new();
        for (name, bytes) in outputs {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|err| with_path(err, "cannot write", &path))?;
            written.push(path);
        }
        Ok(written)
    }
}

fn with_path(err: std::io::Error, what: &str, path: &Path) -> std::io::Error {
    std::io::Error::new(err.kind(), format!("{what} {}: {err}", path.display()))
}

fn digest(path: &str, bytes: &[u8]) -> FileDigest {
    FileDigest { path: path.to_string(), sha256: sha256_hex(bytes), size: bytes.len() as u64 }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn limits() -> Limits {
        Limits { cpu_ms: 50, wall_ms: 30_000, memory_mb: 128, max_body_mb: 100, subrequests: 50 }
    }

    #[test]
    fn original_sources_come_from_the_map() {
        let map = r#"{"version":3,"sources":["../src/index.ts","../node_modules/x/i.js"],"sourcesContent":["let a = 1;","x"],"mappings":""}"#;
        let bundle = Bundle::new(Metadata::new("app", limits()), "".into(), map.into(), vec![]);
        assert_eq!(bundle.original_source("src/index.ts").as_deref(), Some("let a = 1;"));
        assert_eq!(bundle.original_source("file:///p/src/index.ts").as_deref(), Some("let a = 1;"));
        assert_eq!(bundle.original_source("file:///p/node_modules/x/i.js").as_deref(), Some("x"));
        assert_eq!(bundle.original_source("file:///p/other/index.ts"), None);
        assert_eq!(bundle.original_source("ext:worky_runtime/04_serve.js"), None);
    }

    #[test]
    fn manifest_digests_match_written_files() {
        let bundle = Bundle::new(Metadata::new("app", limits()), "export default {}\n".into(), "{}".into(), vec![]);
        let dir = tempfile::tempdir().unwrap();
        bundle.write_to(dir.path()).unwrap();
        let manifest = Manifest::parse(&std::fs::read(dir.path().join(MANIFEST_FILE)).unwrap()).unwrap();
        assert_eq!(manifest, bundle.manifest);
        assert_eq!(manifest.format, manifest::FORMAT_WITHOUT_ASSETS);
        for file in &manifest.files {
            let bytes = std::fs::read(dir.path().join(&file.path)).unwrap();
            assert_eq!(file.size, bytes.len() as u64);
            assert_eq!(file.sha256, sha256_hex(&bytes));
        }
        assert_eq!(bundle.id().len(), 12);
    }
}
