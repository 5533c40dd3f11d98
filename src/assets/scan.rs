//! Reading an assets directory, as wrangler and miniflare read it: every file
//! under it (links followed), but `.assetsignore`, `_headers` and `_redirects`
//! at its top and what `.assetsignore` lists (gitignore's syntax); at most
//! `MAX_ASSET_COUNT` files of at most `MAX_ASSET_BYTES` each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::{MAX_ASSET_BYTES, MAX_ASSET_COUNT};
use crate::bundle::{FileDigest, sha256_hex};

/// The ignore file wrangler reads at the top of the directory.
pub const IGNORE_FILE: &str = ".assetsignore";
/// Files at the top that are configuration, never served.
const NEVER_SERVED: [&str; 3] = ["/.assetsignore", "/_redirects", "/_headers"];

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot read the assets directory {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "asset too large: {path} is {size} bytes; Workers serves assets of up to 25 MiB\n  \
         keep it out of the assets directory (list it in {IGNORE_FILE}), or split it"
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "the assets directory {path} has more than {MAX_ASSET_COUNT} files\n  \
         check that `directory` names the folder your build writes, and list what is not served in {IGNORE_FILE}"
    )]
    TooMany { path: PathBuf },
    /// `.assetsignore` that does not parse, or a rules file too large.
    #[error("{path}: {message}")]
    BadIgnore { path: PathBuf, message: String },
    #[error("asset {path}: its name is not UTF-8, which a URL path cannot carry")]
    NotUtf8 { path: PathBuf },
}

/// The largest `_headers` or `_redirects` read (wrangler reads 100 header rules,
/// 2,100 redirect rules of at most 2,000 characters a line).
const MAX_RULES_FILE_BYTES: u64 = 512 * 1024;

/// The text of `_headers` or `_redirects` at the top of `directory`, if it has one.
pub fn rules_file(directory: &Path, name: &str) -> Result<Option<String>, ScanError> {
    let path = directory.join(name);
    match std::fs::metadata(&path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ScanError::Io { path, source }),
        Ok(meta) if meta.len() > MAX_RULES_FILE_BYTES => {
            let message = format!("is {} bytes, over the {MAX_RULES_FILE_BYTES} worky reads", meta.len());
            return Err(ScanError::BadIgnore { path, message });
        }
        Ok(_) => {}
    }
    let bytes = std::fs::read(&path).map_err(|source| ScanError::Io { path: path.clone(), source })?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Digests already computed, by file: (size, modified time, sha256). A dev
/// server scans its folder again on every change; a file whose size and
/// modification time are those of its last scan is not read again.
#[derive(Debug, Default)]
pub struct DigestCache(std::sync::Mutex<HashMap<PathBuf, (u64, SystemTime, String)>>);

impl DigestCache {
    fn digest(&self, path: &Path, size: u64, modified: Option<SystemTime>) -> std::io::Result<String> {
        let mut known = self.0.lock().expect("digest cache lock");
        if let Some(modified) = modified
            && let Some((was_size, was_modified, sha256)) = known.get(path)
            && (*was_size, *was_modified) == (size, modified)
        {
            return Ok(sha256.clone());
        }
        let sha256 = sha256_hex(&std::fs::read(path)?);
        if let Some(modified) = modified {
            known.insert(path.to_path_buf(), (size, modified, sha256.clone()));
        }
        Ok(sha256)
    }
}

/// The files of `directory` as URL paths (`/blog/index.html`) with their
/// digests, sorted by path (`cache`: the digests of a scan before).
pub fn scan(directory: &Path, cache: &DigestCache) -> Result<Vec<FileDigest>, ScanError> {
    let ignored = ignore_rules(directory)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| ScanError::Io { path, source }
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(directory).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(directory).to_path_buf();
            ScanError::Io { path, source: err.into() }
        })?;
        let relative = entry.path().strip_prefix(directory).unwrap_or(entry.path());
        if relative.as_os_str().is_empty() {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if ignored.matched_path_or_any_parents(relative, is_dir).is_ignore() || is_dir {
            continue;
        }
        let text = relative.to_str().ok_or_else(|| ScanError::NotUtf8 { path: entry.path().to_path_buf() })?;
        let url_path = format!("/{}", text.replace(std::path::MAIN_SEPARATOR, "/"));
        let metadata = entry.metadata().map_err(|err| io(entry.path())(err.into()))?;
        let size = metadata.len();
        if size > MAX_ASSET_BYTES {
            return Err(ScanError::TooLarge { path: entry.path().to_path_buf(), size });
        }
        if files.len() == MAX_ASSET_COUNT {
            return Err(ScanError::TooMany { path: directory.to_path_buf() });
        }
        let sha256 = cache.digest(entry.path(), size, metadata.modified().ok()).map_err(io(entry.path()))?;
        files.push(FileDigest { path: url_path, sha256, size });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `.assetsignore`'s patterns (gitignore's syntax, relative to the directory),
/// after the files that are never served.
fn ignore_rules(directory: &Path) -> Result<Gitignore, ScanError> {
    let mut builder = GitignoreBuilder::new(directory);
    for pattern in NEVER_SERVED {
        builder.add_line(None, pattern).expect("a valid pattern");
    }
    let path = directory.join(IGNORE_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            for line in text.lines() {
                builder
                    .add_line(Some(path.clone()), line)
                    .map_err(|err| ScanError::BadIgnore { path: path.clone(), message: err.to_string() })?;
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(ScanError::Io { path, source }),
    }
    builder.build().map_err(|err| ScanError::BadIgnore { path, message: err.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn every_file_but_the_ignored_ones_by_url_path() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                ("index.html", "home"),
                ("blog/post.html", "post"),
                (".well-known/security.txt", "contact"),
                ("_headers", "/*\n  X-A: b"),
                ("_redirects", "/a /b"),
                (".assetsignore", "*.map\ndrafts/\n"),
                ("app.js.map", "{}"),
                ("drafts/x.html", "draft"),
                ("blog/_headers", "kept: only the top one is configuration"),
            ],
        );
        let files = scan(dir.path(), &DigestCache::default()).unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["/.well-known/security.txt", "/blog/_headers", "/blog/post.html", "/index.html"]);
        assert_eq!(files[3].sha256, sha256_hex(b"home"));
        assert_eq!(files[3].size, 4);
    }

    /// A file changed since the last scan is read again (its size or its time
    /// moved); one that did not change keeps its digest without a read.
    #[test]
    fn a_rescan_reads_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[("a.txt", "one"), ("b.txt", "two")]);
        let cache = DigestCache::default();
        assert_eq!(scan(dir.path(), &cache).unwrap()[0].sha256, sha256_hex(b"one"));
        // Same size, a later time: read again.
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "ONE").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&a).unwrap().set_modified(later).unwrap();
        let files = scan(dir.path(), &cache).unwrap();
        assert_eq!(
            (files[0].sha256.as_str(), files[1].sha256.as_str()),
            (sha256_hex(b"ONE").as_str(), sha256_hex(b"two").as_str())
        );
        // Unchanged (size and time): the digest of the scan before, not a read.
        let b = dir.path().join("b.txt");
        let modified = std::fs::metadata(&b).unwrap().modified().unwrap();
        cache.0.lock().unwrap().insert(b.clone(), (3, modified, "cached".into()));
        assert_eq!(scan(dir.path(), &cache).unwrap()[1].sha256, "cached");
    }

    #[test]
    fn a_file_over_25_mib_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("video.mp4");
        std::fs::File::create(&big).unwrap().set_len(MAX_ASSET_BYTES + 1).unwrap();
        match scan(dir.path(), &DigestCache::default()) {
            Err(ScanError::TooLarge { path, size }) => {
                assert_eq!((path, size), (big.clone(), MAX_ASSET_BYTES + 1));
            }
            other => panic!("{other:?}"),
        }
        std::fs::File::create(&big).unwrap().set_len(MAX_ASSET_BYTES).unwrap();
        assert_eq!(scan(dir.path(), &DigestCache::default()).unwrap()[0].size, MAX_ASSET_BYTES);
    }
}
