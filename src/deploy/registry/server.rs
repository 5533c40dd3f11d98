//! `worky registry`: stores signed packages and serves them to `worky serve`.
//!
//! An upload's token names a publisher and the public key it signs with; the
//! package must unpack and verify against that key, match the URL, carry a
//! semver version, and be new: a published version never changes (409).
//!
//! Storage is atomic and never blocks readers: the upload is verified in memory,
//! the version is claimed (under the index lock, briefly), the file is written to
//! a temp file, fsynced and renamed into place with no lock held, and only then
//! entered in the SQLite index, which is what the read endpoints trust. Reads use
//! their own connection beside the writer's (WAL). A registry killed mid-upload
//! leaves at most a temp file that nothing serves.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt as _;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest as _, Sha256};
use tokio::io::AsyncWriteExt as _;

use super::{Listing, OWNERS_ROUTE, Owners, PACKAGE_ROUTE, Published, VERSIONS_ROUTE, VersionInfo};
use crate::bundle::{is_package_name, sha256_hex};
use crate::deploy::package::{self, Layout, MAX_PACKAGE_BYTES, PackageError};
use crate::http::api::{bearer_token, json_error, token_matches};
use crate::http::body::drain_in_background;
use crate::http::listen;

pub struct RegistryOptions {
    pub listen: SocketAddr,
    pub storage: PathBuf,
    /// (token, publisher public key in base64)
    pub publishers: Vec<(String, String)>,
    /// When any: reads (listings, downloads, owners) need one of these or a
    /// publisher's token.
    pub read_tokens: Vec<String>,
}

/// Why a registry request was refused; each answers with its own status.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("unknown or missing token")]
    Unauthorized,
    #[error("the package is over the limit of {MAX_PACKAGE_BYTES} bytes")]
    TooLarge,
    #[error("name and version may use letters, digits, '-', '_', '.', '+'")]
    BadName,
    #[error("version {0} is not a semver version (like 1.2.0)")]
    NotSemver(String),
    #[error("invalid package: {0}")]
    InvalidPackage(#[from] PackageError),
    #[error("the package is {found}, not {name}@{version}")]
    Mismatch { found: String, name: String, version: String },
    #[error("{name}@{version} is already published; versions never change")]
    AlreadyPublished { name: String, version: String },
    #[error(
        "{name} belongs to another publisher; one of its owners can share it with your key: \
         worky owner add {name} <your public key>"
    )]
    NotOwner { name: String },
    #[error("{0} is not an ed25519 public key (base64 of 32 bytes, as `worky keygen` prints)")]
    BadPublicKey(String),
    #[error("no package named {0}")]
    NoPackage(String),
    #[error("{name}@{version} is not published")]
    NotPublished { name: String, version: String },
    #[error("{name}@{version} is damaged on disk")]
    Damaged { name: String, version: String },
    #[error("the registry index failed: {0}")]
    Index(#[from] rusqlite::Error),
    #[error("the registry storage failed: {0}")]
    Storage(#[from] std::io::Error),
}

impl RegistryError {
    pub fn status(&self) -> StatusCode {
        match self {
            RegistryError::Unauthorized => StatusCode::UNAUTHORIZED,
            RegistryError::BadName
            | RegistryError::BadPublicKey(_)
            | RegistryError::NotSemver(_)
            | RegistryError::InvalidPackage(_)
            | RegistryError::Mismatch { .. } => StatusCode::BAD_REQUEST,
            RegistryError::AlreadyPublished { .. } => StatusCode::CONFLICT,
            RegistryError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            RegistryError::NotOwner { .. } => StatusCode::FORBIDDEN,
            RegistryError::NoPackage(_) | RegistryError::NotPublished { .. } => StatusCode::NOT_FOUND,
            RegistryError::Damaged { .. } | RegistryError::Index(_) | RegistryError::Storage(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for RegistryError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "registry request failed");
        }
        json_error(status, self.to_string())
    }
}

pub struct Registry {
    storage: PathBuf,
    publishers: Vec<(String, String)>,
    read_tokens: Vec<String>,
    /// The index connection that writes, and the versions being written now.
    writer: Mutex<Writer>,
    /// A connection for the read endpoints, beside the writer's.
    reader: Mutex<Connection>,
    /// Uploads being verified at once.
    verifying: tokio::sync::Semaphore,
}

/// How many uploads are verified at once (each may hold up to
/// `MAX_UNPACKED_BYTES` of unpacked bundle in memory).
const VERIFYING_AT_ONCE: usize = 2;

/// An upload received into a temp file (removed when dropped unstored).
pub struct Upload {
    file: tempfile::NamedTempFile,
    sha256: String,
    size: u64,
}

struct Writer {
    index: Connection,
    /// (name, version) being written now, and by whom.
    claimed: HashMap<(String, String), String>,
}

/// A version being written; unclaimed when dropped, whatever happened.
struct Claim<'a> {
    registry: &'a Registry,
    key: (String, String),
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.registry.writer.lock().expect("registry writer lock").claimed.remove(&self.key);
    }
}

/// Why a registry could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Bind(#[from] listen::BindError),
    #[error("cannot open the registry storage {}: {source}", path.display())]
    Open { path: PathBuf, source: RegistryError },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Serves the registry until Ctrl-C or SIGTERM.
pub async fn run(options: RegistryOptions) -> Result<(), RunError> {
    if options.publishers.is_empty() {
        tracing::warn!("no --publisher TOKEN=PUBLIC_KEY given: every upload will be refused");
    }
    let registry = Registry::open(&options.storage, options.publishers)
        .map_err(|source| RunError::Open { path: options.storage.clone(), source })?
        .with_read_tokens(options.read_tokens);
    let listener = listen::bind(options.listen).await?;
    let address = listener.local_addr()?;
    tracing::info!(storage = %options.storage.display(), "Registry on http://{address}");
    listen::serve(listener, router(Arc::new(registry)), listen::ConnectionLimits::default(), listen::shutdown_signal())
        .await?;
    tracing::info!("registry stopped");
    Ok(())
}

/// The registry's HTTP API.
pub fn router(registry: Arc<Registry>) -> axum::Router {
    axum::Router::new()
        .route(VERSIONS_ROUTE, get(list_versions))
        .route(PACKAGE_ROUTE, get(download).put(upload))
        .route(OWNERS_ROUTE, get(list_owners).post(add_owner))
        .with_state(registry)
}

impl Registry {
    /// Opens (or creates) the storage directory and its index.
    pub fn open(storage: &Path, publishers: Vec<(String, String)>) -> Result<Registry, RegistryError> {
        std::fs::create_dir_all(storage.join("packages"))?;
        std::fs::create_dir_all(storage.join("tmp"))?;
        let index_path = storage.join("index.sqlite3");
        let index = Connection::open(&index_path)?;
        index.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
             CREATE TABLE IF NOT EXISTS packages (
                 name TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
                 publisher TEXT NOT NULL, published_at INTEGER NOT NULL, PRIMARY KEY (name, version));
             CREATE TABLE IF NOT EXISTS owners (
                 name TEXT NOT NULL, publisher TEXT NOT NULL, PRIMARY KEY (name, publisher));
             -- Names published before owners were recorded belong to who published them.
             INSERT OR IGNORE INTO owners (name, publisher)
                 SELECT DISTINCT name, publisher FROM packages
                 WHERE name NOT IN (SELECT name FROM owners);",
        )?;
        let reader = Connection::open(&index_path)?;
        reader.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Registry {
            storage: storage.to_path_buf(),
            publishers,
            read_tokens: Vec::new(),
            writer: Mutex::new(Writer { index, claimed: HashMap::new() }),
            reader: Mutex::new(reader),
            verifying: tokio::sync::Semaphore::new(VERIFYING_AT_ONCE),
        })
    }

    /// Reads need one of `tokens` (or a publisher's token); none: reads are open.
    pub fn with_read_tokens(mut self, tokens: Vec<String>) -> Registry {
        self.read_tokens = tokens;
        self
    }

    /// Whether a request with these headers may read.
    fn may_read(&self, headers: &HeaderMap) -> Result<(), RegistryError> {
        if self.read_tokens.is_empty() {
            return Ok(());
        }
        let token = bearer_token(headers).unwrap_or_default();
        // Every token is compared, so timing does not tell which one nearly matched.
        let readers = self.read_tokens.iter().fold(false, |found, known| token_matches(token, known) | found);
        if readers || self.publisher(token).is_some() { Ok(()) } else { Err(RegistryError::Unauthorized) }
    }

    /// The publisher key a token stands for (compared in constant time).
    fn publisher(&self, token: &str) -> Option<&str> {
        let mut found = None;
        for (known, key) in &self.publishers {
            // Every token is compared, so timing does not tell which one nearly matched.
            if token_matches(token, known) {
                found = Some(key.as_str());
            }
        }
        found
    }

    fn package_file(&self, name: &str, version: &str) -> PathBuf {
        self.storage.join("packages").join(name).join(format!("{version}.{}", package::EXTENSION))
    }

    /// Verifies and stores one received upload: the signature first (nothing
    /// else is inflated before it verifies), then the name and version, then the
    /// file is moved into place and entered in the index.
    pub fn store(
        &self,
        name: &str,
        version: &str,
        publisher: &str,
        upload: Upload,
    ) -> Result<Published, RegistryError> {
        let file = std::io::BufReader::new(upload.file.reopen()?);
        let verified = package::unpack_from(file, &[publisher.to_string()], Layout::SignedFirst)?;
        let manifest = &verified.bundle.manifest;
        if manifest.name != name || manifest.version.as_deref() != Some(version) {
            let found = format!("{}@{}", manifest.name, manifest.version.as_deref().unwrap_or("(no version)"));
            return Err(RegistryError::Mismatch { found, name: name.into(), version: version.into() });
        }
        drop(verified);
        let claim = self.claim(name, version, publisher)?;
        let path = self.package_file(name, version);
        place_file(upload.file, &path)?;
        let Upload { sha256, size, .. } = upload;
        let published_at = chrono::Utc::now().timestamp();
        let inserted = (|| {
            let mut writer = self.writer.lock().expect("registry writer lock");
            let transaction = writer.index.transaction()?;
            transaction.execute(
                "INSERT INTO packages (name, version, sha256, size, publisher, published_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![name, version, sha256, size as i64, publisher, published_at],
            )?;
            // The first publisher of a name owns it.
            transaction.execute(
                "INSERT INTO owners (name, publisher) SELECT ?1, ?2
                 WHERE NOT EXISTS (SELECT 1 FROM owners WHERE name = ?1)",
                params![name, publisher],
            )?;
            transaction.commit()
        })();
        drop(claim);
        if let Err(err) = inserted {
            let _ = std::fs::remove_file(&path);
            return Err(err.into());
        }
        tracing::info!(name, version, size, publisher, "stored {name}@{version}");
        Ok(Published { name: name.into(), version: version.into(), sha256, size })
    }

    /// Streams a request body into a temp file, up to `MAX_PACKAGE_BYTES`,
    /// hashing it on the way: an upload is never held in memory whole.
    pub async fn receive(&self, body: Body) -> Result<Upload, RegistryError> {
        let temp = tempfile::NamedTempFile::new_in(self.storage.join("tmp"))?;
        let mut out = tokio::fs::File::from_std(temp.reopen()?);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut stream = body.into_data_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|err| RegistryError::Storage(std::io::Error::other(err)))?;
            size += chunk.len() as u64;
            if size > MAX_PACKAGE_BYTES {
                return Err(RegistryError::TooLarge);
            }
            hasher.update(&chunk);
            out.write_all(&chunk).await?;
        }
        out.flush().await?;
        Ok(Upload { file: temp, sha256: hex::encode(hasher.finalize()), size })
    }

    /// Whether `publisher` may publish `name@version` now: checked before an
    /// upload's body is read, and again (under the claim) when it is stored.
    fn may_publish(&self, name: &str, version: &str, publisher: &str) -> Result<(), RegistryError> {
        let writer = self.writer.lock().expect("registry writer lock");
        refusal(&writer, name, version, publisher)
    }

    /// Reserves `name@version` for one upload by `publisher`: refused if published
    /// or being written, or if the name belongs to someone else (the first
    /// publisher of a name owns it, also while that first upload is being written).
    fn claim(&self, name: &str, version: &str, publisher: &str) -> Result<Claim<'_>, RegistryError> {
        let mut writer = self.writer.lock().expect("registry writer lock");
        refusal(&writer, name, version, publisher)?;
        let key = (name.to_string(), version.to_string());
        writer.claimed.insert(key.clone(), publisher.to_string());
        Ok(Claim { registry: self, key })
    }

    /// The publishers who may publish `name` (empty: nobody has yet).
    pub fn owners(&self, name: &str) -> Result<Vec<String>, RegistryError> {
        owners_of(&self.reader.lock().expect("registry reader lock"), name)
    }

    /// Shares `name` with `new_owner`; `by` must own it already.
    pub fn add_owner(&self, name: &str, by: &str, new_owner: &str) -> Result<Vec<String>, RegistryError> {
        if !package::is_public_key(new_owner) {
            return Err(RegistryError::BadPublicKey(new_owner.to_string()));
        }
        let writer = self.writer.lock().expect("registry writer lock");
        let owners = owners_of(&writer.index, name)?;
        if owners.is_empty() {
            return Err(RegistryError::NoPackage(name.to_string()));
        }
        if !owners.iter().any(|owner| owner == by) {
            return Err(RegistryError::NotOwner { name: name.into() });
        }
        writer
            .index
            .execute("INSERT OR IGNORE INTO owners (name, publisher) VALUES (?1, ?2)", params![name, new_owner])?;
        tracing::info!(name, by, new_owner, "{name} shared with {new_owner}");
        owners_of(&writer.index, name)
    }

    /// Every version of `name`, lowest semver first.
    pub fn versions(&self, name: &str) -> Result<Listing, RegistryError> {
        let reader = self.reader.lock().expect("registry reader lock");
        let mut statement = reader
            .prepare_cached("SELECT version, sha256, size, publisher, published_at FROM packages WHERE name = ?1")?;
        let rows = statement.query_map([name], |row| {
            Ok(VersionInfo {
                version: row.get(0)?,
                sha256: row.get(1)?,
                size: row.get::<_, i64>(2)? as u64,
                publisher: row.get(3)?,
                published_at: row.get(4)?,
            })
        })?;
        let mut versions = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        if versions.is_empty() {
            return Err(RegistryError::NoPackage(name.to_string()));
        }
        versions.sort_by_cached_key(|info| semver::Version::parse(&info.version).ok());
        Ok(Listing { name: name.to_string(), versions })
    }

    /// The bytes of `name@version`, checked against the digest in the index.
    pub fn package(&self, name: &str, version: &str) -> Result<Vec<u8>, RegistryError> {
        let indexed: Option<String> = {
            let reader = self.reader.lock().expect("registry reader lock");
            reader
                .query_row(
                    "SELECT sha256 FROM packages WHERE name = ?1 AND version = ?2",
                    params![name, version],
                    |row| row.get(0),
                )
                .optional()?
        };
        let not_published = || RegistryError::NotPublished { name: name.into(), version: version.into() };
        let sha256 = indexed.ok_or_else(not_published)?;
        let bytes = std::fs::read(self.package_file(name, version))?;
        if sha256_hex(&bytes) != sha256 {
            return Err(RegistryError::Damaged { name: name.into(), version: version.into() });
        }
        Ok(bytes)
    }
}

/// Why `publisher` may not publish `name@version`: the name is someone else's
/// (also while its first upload is being written), or the version is published
/// or being written.
fn refusal(writer: &Writer, name: &str, version: &str, publisher: &str) -> Result<(), RegistryError> {
    let owners = owners_of(&writer.index, name)?;
    let writing = writer.claimed.iter().find(|((claimed, _), _)| claimed == name).map(|(_, by)| by.as_str());
    let owned_by_other = match (owners.is_empty(), writing) {
        (false, _) => !owners.iter().any(|owner| owner == publisher),
        (true, Some(first)) => first != publisher,
        (true, None) => false,
    };
    if owned_by_other {
        return Err(RegistryError::NotOwner { name: name.into() });
    }
    let published = writer
        .index
        .query_row("SELECT 1 FROM packages WHERE name = ?1 AND version = ?2", params![name, version], |_| Ok(()))
        .optional()?
        .is_some();
    if published || writer.claimed.contains_key(&(name.to_string(), version.to_string())) {
        return Err(RegistryError::AlreadyPublished { name: name.into(), version: version.into() });
    }
    Ok(())
}

/// Moves a received upload into place: fsynced, renamed, the directory fsynced;
/// the final name only ever holds a whole file.
fn place_file(temp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    let dir = path.parent().expect("a package path has a directory");
    std::fs::create_dir_all(dir)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    std::fs::File::open(dir)?.sync_all()
}

fn owners_of(index: &Connection, name: &str) -> Result<Vec<String>, RegistryError> {
    let mut statement = index.prepare_cached("SELECT publisher FROM owners WHERE name = ?1 ORDER BY rowid")?;
    let owners = statement.query_map([name], |row| row.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(owners)
}

/// Everything that needs no body is checked before a byte of it is read: the
/// token, the name and version, the declared size, the right to publish.
async fn upload(
    State(registry): State<Arc<Registry>>,
    UrlPath((name, version)): UrlPath<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, RegistryError> {
    let publisher = match may_upload(&registry, &name, &version, &headers) {
        Ok(publisher) => publisher,
        Err(refusal) => {
            // Discarded, not stored: the client finishes sending and reads the refusal.
            drain_in_background(body);
            return Err(refusal);
        }
    };
    let upload = registry.receive(body).await?;
    // A few verifications at once: each may hold an unpacked bundle in memory.
    let _verifying = registry.verifying.acquire().await.expect("the semaphore is never closed");
    let storing = registry.clone();
    let stored = tokio::task::spawn_blocking(move || storing.store(&name, &version, &publisher, upload)).await;
    let published = stored.map_err(|err| RegistryError::Storage(std::io::Error::other(err)))??;
    Ok((StatusCode::CREATED, axum::Json(published)).into_response())
}

/// The publisher an upload's token stands for, if it may upload `name@version`
/// of the size it declares.
fn may_upload(registry: &Registry, name: &str, version: &str, headers: &HeaderMap) -> Result<String, RegistryError> {
    let token = bearer_token(headers).unwrap_or_default();
    let publisher = registry.publisher(token).ok_or(RegistryError::Unauthorized)?.to_string();
    if !is_package_name(name) || !is_package_name(version) {
        return Err(RegistryError::BadName);
    }
    if semver::Version::parse(version).is_err() {
        return Err(RegistryError::NotSemver(version.to_string()));
    }
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_PACKAGE_BYTES) {
        return Err(RegistryError::TooLarge);
    }
    registry.may_publish(name, version, &publisher)?;
    Ok(publisher)
}

async fn list_owners(
    State(registry): State<Arc<Registry>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, RegistryError> {
    registry.may_read(&headers)?;
    let owners = tokio::task::spawn_blocking({
        let name = name.clone();
        move || registry.owners(&name)
    })
    .await
    .map_err(|err| RegistryError::Storage(std::io::Error::other(err)))??;
    if owners.is_empty() {
        return Err(RegistryError::NoPackage(name));
    }
    Ok(axum::Json(Owners { name, owners }).into_response())
}

async fn add_owner(
    State(registry): State<Arc<Registry>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    axum::Json(request): axum::Json<super::NewOwner>,
) -> Result<Response, RegistryError> {
    let token = bearer_token(&headers).unwrap_or_default();
    let by = registry.publisher(token).ok_or(RegistryError::Unauthorized)?.to_string();
    let owners = tokio::task::spawn_blocking({
        let name = name.clone();
        move || registry.add_owner(&name, &by, &request.public_key)
    })
    .await
    .map_err(|err| RegistryError::Storage(std::io::Error::other(err)))??;
    Ok((StatusCode::CREATED, axum::Json(Owners { name, owners })).into_response())
}

async fn list_versions(
    State(registry): State<Arc<Registry>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, RegistryError> {
    registry.may_read(&headers)?;
    let listing = tokio::task::spawn_blocking(move || registry.versions(&name)).await;
    let listing = listing.map_err(|err| RegistryError::Storage(std::io::Error::other(err)))??;
    Ok(axum::Json(listing).into_response())
}

async fn download(
    State(registry): State<Arc<Registry>>,
    UrlPath((name, version)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, RegistryError> {
    registry.may_read(&headers)?;
    let bytes = tokio::task::spawn_blocking(move || registry.package(&name, &version)).await;
    let bytes = bytes.map_err(|err| RegistryError::Storage(std::io::Error::other(err)))??;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], Body::from(bytes)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{Bundle, Metadata};
    use crate::deploy::package::SigningKey;

    fn package(key: &SigningKey, version: &str) -> Vec<u8> {
        let metadata =
            Metadata { version: Some(version.into()), ..Metadata::new("shop", crate::bundle::tests::limits()) };
        let bundle = Bundle::new(metadata, "export default {}\n".into(), "{}".into(), vec![]);
        package::pack(&bundle, key, None).unwrap()
    }

    /// `bytes` as if an upload had just been received.
    fn received(registry: &Registry, bytes: &[u8]) -> Upload {
        let mut file = tempfile::NamedTempFile::new_in(registry.storage.join("tmp")).unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        Upload { file, sha256: sha256_hex(bytes), size: bytes.len() as u64 }
    }

    fn registry(key: &SigningKey) -> (tempfile::TempDir, Registry) {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::open(dir.path(), vec![("t".into(), key.public_key())]).unwrap();
        (dir, registry)
    }

    #[test]
    fn refusals_are_typed_and_carry_their_status() {
        let key = SigningKey::generate();
        let (_dir, registry) = registry(&key);
        let bytes = package(&key, "1.0.0");
        registry.store("shop", "1.0.0", &key.public_key(), received(&registry, &bytes)).unwrap();
        let again = registry.store("shop", "1.0.0", &key.public_key(), received(&registry, &bytes)).unwrap_err();
        assert!(matches!(again, RegistryError::AlreadyPublished { .. }), "{again}");
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let other = registry.store("other", "1.0.0", &key.public_key(), received(&registry, &bytes)).unwrap_err();
        assert!(matches!(other, RegistryError::Mismatch { .. }), "{other}");
        let stranger = SigningKey::generate().public_key();
        let untrusted =
            registry.store("shop", "1.0.1", &stranger, received(&registry, &package(&key, "1.0.1"))).unwrap_err();
        assert!(matches!(untrusted, RegistryError::InvalidPackage(PackageError::UntrustedKey(_))), "{untrusted}");
        assert!(matches!(registry.versions("none"), Err(RegistryError::NoPackage(_))));
        assert!(matches!(registry.package("shop", "9.9.9"), Err(RegistryError::NotPublished { .. })));
        assert_eq!(registry.publisher("t"), Some(key.public_key().as_str()));
        assert_eq!(registry.publisher("T"), None);
    }

    /// A broken index is a server error (500), never "not found".
    #[test]
    fn an_index_failure_is_not_a_404() {
        let key = SigningKey::generate();
        let (dir, registry) = registry(&key);
        registry.store("shop", "1.0.0", &key.public_key(), received(&registry, &package(&key, "1.0.0"))).unwrap();
        Connection::open(dir.path().join("index.sqlite3")).unwrap().execute_batch("DROP TABLE packages").unwrap();
        let err = registry.package("shop", "1.0.0").unwrap_err();
        assert!(matches!(err, RegistryError::Index(_)), "{err}");
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(matches!(registry.versions("shop"), Err(RegistryError::Index(_))));
    }

    /// While a version is being written (claimed, file not yet indexed), reads of
    /// the index go on and a second upload of the same version is refused.
    #[test]
    fn reads_do_not_wait_for_a_write_in_progress() {
        let key = SigningKey::generate();
        let (_dir, registry) = registry(&key);
        registry.store("shop", "1.0.0", &key.public_key(), received(&registry, &package(&key, "1.0.0"))).unwrap();
        let key_text = key.public_key();
        let claim = registry.claim("shop", "1.0.1", &key_text).unwrap();
        let registry = &registry;
        std::thread::scope(|scope| {
            let (done, finished) = std::sync::mpsc::channel();
            scope.spawn(move || {
                let listed = registry.versions("shop").map(|listing| listing.versions.len());
                let downloaded = registry.package("shop", "1.0.0").map(|bytes| !bytes.is_empty());
                done.send((listed.ok(), downloaded.ok())).unwrap();
            });
            let answered = finished.recv_timeout(std::time::Duration::from_secs(10));
            assert_eq!(answered.ok(), Some((Some(1), Some(true))), "reads answered while a write is claimed");
        });
        let twice = registry.claim("shop", "1.0.1", &key_text).err().expect("one writer per version");
        assert!(matches!(twice, RegistryError::AlreadyPublished { .. }));
        drop(claim);
        assert!(registry.claim("shop", "1.0.1", &key_text).is_ok(), "free again once the first writer is done");
    }

    /// A name belongs to its first publisher: others get 403 until an owner shares it.
    #[test]
    fn names_belong_to_their_first_publisher() {
        let (first, second) = (SigningKey::generate(), SigningKey::generate());
        let dir = tempfile::tempdir().unwrap();
        let registry =
            Registry::open(dir.path(), vec![("a".into(), first.public_key()), ("b".into(), second.public_key())])
                .unwrap();
        registry.store("shop", "1.0.0", &first.public_key(), received(&registry, &package(&first, "1.0.0"))).unwrap();
        let taken = registry
            .store("shop", "2.0.0", &second.public_key(), received(&registry, &package(&second, "2.0.0")))
            .unwrap_err();
        assert!(matches!(&taken, RegistryError::NotOwner { name } if name == "shop"), "{taken}");
        assert_eq!(taken.status(), StatusCode::FORBIDDEN);
        assert_eq!(registry.owners("shop").unwrap(), [first.public_key()]);
        // Only an owner shares it.
        let refused = registry.add_owner("shop", &second.public_key(), &second.public_key()).unwrap_err();
        assert!(matches!(refused, RegistryError::NotOwner { .. }));
        assert!(matches!(
            registry.add_owner("shop", &first.public_key(), "not a key"),
            Err(RegistryError::BadPublicKey(_))
        ));
        let owners = registry.add_owner("shop", &first.public_key(), &second.public_key()).unwrap();
        assert_eq!(owners, [first.public_key(), second.public_key()]);
        registry.store("shop", "2.0.0", &second.public_key(), received(&registry, &package(&second, "2.0.0"))).unwrap();
        assert!(matches!(
            registry.add_owner("none", &first.public_key(), &second.public_key()),
            Err(RegistryError::NoPackage(_))
        ));
    }

    /// While the first upload of a new name is being written, another publisher
    /// cannot slip in a version of it.
    #[test]
    fn a_name_being_published_for_the_first_time_is_taken() {
        let (first, second) = (SigningKey::generate(), SigningKey::generate());
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::open(dir.path(), vec![]).unwrap();
        let claim = registry.claim("fresh", "1.0.0", &first.public_key()).unwrap();
        let other = registry.claim("fresh", "1.0.1", &second.public_key()).err().expect("refused");
        assert!(matches!(other, RegistryError::NotOwner { .. }));
        assert!(registry.claim("fresh", "1.0.1", &first.public_key()).is_ok());
        drop(claim);
    }

    #[test]
    fn versions_list_in_semver_order() {
        let key = SigningKey::generate();
        let (_dir, registry) = registry(&key);
        for version in ["1.10.0", "1.2.0", "1.9.0"] {
            registry.store("shop", version, &key.public_key(), received(&registry, &package(&key, version))).unwrap();
        }
        let listing = registry.versions("shop").unwrap();
        let versions: Vec<&str> = listing.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(versions, ["1.2.0", "1.9.0", "1.10.0"]);
        assert_eq!(listing.latest().unwrap().version, "1.10.0");
    }
}
