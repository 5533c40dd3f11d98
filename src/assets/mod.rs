//! Workers Static Assets: a directory of files served with a worker, as
//! wrangler's `assets` config and Cloudflare's asset server serve them.
//!
//! `Assets` is one version's files (an index of URL paths to digests) and where
//! their bytes are: the project's directory in dev, content-addressed copies
//! from a verified package in serve. `resolve` decides which file a path serves
//! (`html_handling`, `not_found_handling`); `answer` makes the response (ETag,
//! 304, HEAD, 405) and decides, as Cloudflare's router does, whether a request
//! from outside goes to the assets or to the worker. `scan` reads a directory
//! (`.assetsignore`, limits). The runtime serves requests with it
//! (runtime/assets.rs) and gives workers `env.ASSETS.fetch`.

pub mod answer;
pub mod resolve;
pub mod rules;
pub mod scan;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use sha2::{Digest, Sha256};

use crate::bundle::AssetsManifest;

pub use answer::{Answer, AssetRequest};
pub use scan::{DigestCache, ScanError};

/// Cloudflare's largest asset.
pub const MAX_ASSET_BYTES: u64 = 25 * 1024 * 1024;
/// The most files miniflare (and a paid Workers plan) serves from one directory.
pub const MAX_ASSET_COUNT: usize = 100_000;

/// One version's static assets.
#[derive(Debug)]
pub struct Assets {
    /// How requests find files, and the files (each with its digest).
    pub settings: AssetsManifest,
    /// The files by decoded URL path (`/blog/ä.html`).
    by_path: HashMap<String, Entry>,
    files: Files,
    headers: rules::HeaderRules,
    redirects: rules::Redirects,
    /// Lines of `_headers` and `_redirects` that were skipped, and why.
    pub skipped: rules::Skipped,
}

#[derive(Debug)]
struct Entry {
    /// The quoted ETag's opaque part: 32 hex digits of a hash of the content and
    /// the file's extension, so equal files with equal extensions share it (as
    /// Cloudflare's do, which the redirect rules rely on).
    etag: String,
    sha256: String,
    size: u64,
    content_type: Option<String>,
}

/// Where the bytes of the files are.
#[derive(Debug, Clone)]
pub enum Files {
    /// The project's directory: a file is read at its path (dev).
    Directory(PathBuf),
    /// Copies named by their sha256, written from a verified package (serve).
    ByDigest(PathBuf),
}

impl Assets {
    /// The assets a manifest lists, with their bytes in `files`.
    pub fn new(settings: AssetsManifest, files: Files) -> Assets {
        let by_path = settings
            .files
            .iter()
            .map(|file| {
                let entry = Entry {
                    etag: etag(&file.sha256, &file.path),
                    sha256: file.sha256.clone(),
                    size: file.size,
                    content_type: content_type(&file.path),
                };
                (file.path.clone(), entry)
            })
            .collect();
        let mut skipped = rules::Skipped::default();
        let headers = rules::HeaderRules::parse(settings.headers.as_deref().unwrap_or_default(), &mut skipped);
        let redirects = rules::Redirects::parse(
            settings.redirects.as_deref().unwrap_or_default(),
            settings.html_handling,
            &mut skipped,
        );
        Assets { settings, by_path, files, headers, redirects, skipped }
    }

    /// The files of `directory` (see `scan`), served from it.
    pub fn scan(directory: &Path, settings: AssetsManifest, cache: &DigestCache) -> Result<Assets, ScanError> {
        let files = scan::scan(directory, cache)?;
        let headers = scan::rules_file(directory, rules::HEADERS_FILE)?;
        let redirects = scan::rules_file(directory, rules::REDIRECTS_FILE)?;
        let settings = AssetsManifest { files, headers, redirects, ..settings };
        Ok(Assets::new(settings, Files::Directory(directory.to_path_buf())))
    }

    /// What a person is told about the rules files: how many rules each has,
    /// and every line skipped with why (as wrangler says it).
    pub fn rules_report(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.settings.headers.is_some() {
            lines.push(format!("{} header rules in {}", self.headers.len(), rules::HEADERS_FILE));
        }
        if self.settings.redirects.is_some() {
            lines.push(format!("{} redirect rules in {}", self.redirects.len(), rules::REDIRECTS_FILE));
        }
        lines
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// Where the bytes of the file at `path` (a decoded URL path the index has) are.
    fn file_of(&self, path: &str, entry: &Entry) -> AssetFile {
        let at = match &self.files {
            Files::Directory(root) => root.join(path.trim_start_matches('/')),
            Files::ByDigest(dir) => dir.join(&entry.sha256),
        };
        AssetFile { path: at, size: entry.size }
    }
}

/// A file an answer sends: the caller reads it (whole, or streamed when large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetFile {
    pub path: PathBuf,
    pub size: u64,
}

impl resolve::Lookup for Assets {
    fn etag(&self, path: &str) -> Option<&str> {
        self.by_path.get(path).map(|entry| entry.etag.as_str())
    }
}

/// The ETag of a file: its content's digest and its extension, hashed.
fn etag(sha256: &str, path: &str) -> String {
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or_default();
    let digest = Sha256::new().chain_update(sha256).chain_update(extension).finalize();
    hex::encode(&digest[..16])
}

/// The Content-Type Cloudflare gives a file: by its extension, text types with
/// `charset=utf-8`; none for an extension it does not know.
pub fn content_type(path: &str) -> Option<String> {
    let extension = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    let mime = match overridden(&extension) {
        Some(mime) => mime?.to_string(),
        None => mime_guess::from_ext(&extension).first()?.essence_str().to_string(),
    };
    Some(if mime.starts_with("text/") && !mime.contains("charset") { format!("{mime}; charset=utf-8") } else { mime })
}

/// Where the table Cloudflare's tools use (npm `mime` 4) gives another type than
/// mime_guess's, for the extensions tests/static_assets records with miniflare
/// (`Some(None)`: it knows no type).
fn overridden(extension: &str) -> Option<Option<&'static str>> {
    Some(Some(match extension {
        "js" | "mjs" => "text/javascript",
        "cjs" => "application/node",
        "jsx" => "text/jsx",
        "map" => "application/json",
        "xml" => "application/xml",
        "ico" => "image/vnd.microsoft.icon",
        "woff" => "font/woff",
        "otf" => "font/otf",
        "rar" => "application/vnd.rar",
        "yaml" | "yml" => "text/yaml",
        "toml" => "application/toml",
        "m4a" => "audio/mp4",
        "flac" => "audio/x-flac",
        "m3u8" => "application/vnd.apple.mpegurl",
        "ts" => "video/mp2t",
        "obj" => "model/obj",
        "stl" => "model/stl",
        "sql" => "application/sql",
        "tgz" | "py" | "dat" => return Some(None),
        _ => return None,
    }))
}

/// The assets a dev server serves now: replaced as a whole when the directory
/// changes, while requests in flight keep the version they started with.
#[derive(Debug)]
pub struct Live {
    current: RwLock<Arc<Assets>>,
}

impl Live {
    pub fn new(assets: Assets) -> Live {
        Live { current: RwLock::new(Arc::new(assets)) }
    }

    pub fn current(&self) -> Arc<Assets> {
        self.current.read().expect("assets lock").clone()
    }

    pub fn replace(&self, assets: Assets) {
        *self.current.write().expect("assets lock") = Arc::new(assets);
    }
}
