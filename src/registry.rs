//! `worky registry`: stores signed packages and serves them to `worky serve`.
//!
//! - `PUT /v1/packages/{name}/{version}` (Bearer token) uploads a package. The
//!   token names a publisher and the public key it signs with; the package must
//!   unpack and verify against that key (`package::unpack`), match the URL, and
//!   be new: a published version never changes (409).
//! - `GET /v1/packages/{name}` lists versions; `GET /v1/packages/{name}/{version}`
//!   downloads one.
//!
//! Storage is atomic: the upload is verified in memory, written to a temp file,
//! fsynced and renamed into place, and only then entered in the SQLite index,
//! which is what the read endpoints trust. A registry killed mid-upload leaves at
//! most a temp file that nothing serves.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::bundle::sha256_hex;
use crate::package::{self, MAX_PACKAGE_BYTES};
use crate::server::{self, json_error};
use crate::ui;

pub struct RegistryOptions {
    pub port: u16,
    pub ip: std::net::IpAddr,
    pub storage: PathBuf,
    /// token -> publisher public key (base64)
    pub publishers: HashMap<String, String>,
}

struct Registry {
    storage: PathBuf,
    publishers: HashMap<String, String>,
    /// The index; also serialises the check-and-store of uploads.
    index: Mutex<Connection>,
}

#[derive(Serialize)]
struct VersionInfo {
    version: String,
    sha256: String,
    size: u64,
    publisher: String,
    published_at: i64,
}

/// Parses `TOKEN=PUBLIC_KEY` publisher flags.
pub fn parse_publisher(flag: &str) -> Result<(String, String)> {
    let Some((token, key)) = flag.split_once('=') else {
        bail!("--publisher takes TOKEN=PUBLIC_KEY (the public key `worky keygen` prints), got `{flag}`");
    };
    if token.is_empty() || key.is_empty() {
        bail!("--publisher takes TOKEN=PUBLIC_KEY; neither may be empty");
    }
    Ok((token.to_string(), key.to_string()))
}

pub async fn run(options: RegistryOptions) -> Result<()> {
    if options.publishers.is_empty() {
        ui::warn("no --publisher TOKEN=PUBLIC_KEY given: every upload will be refused");
    }
    let registry = Arc::new(open(&options.storage, options.publishers)?);
    let listener = server::bind(SocketAddr::new(options.ip, options.port)).await?;
    let address = listener.local_addr()?;
    let app = axum::Router::new()
        .route("/v1/packages/{name}", get(list_versions))
        .route("/v1/packages/{name}/{version}", get(download).put(upload))
        .layer(DefaultBodyLimit::max(MAX_PACKAGE_BYTES as usize))
        .with_state(registry);
    ui::status(
        "Registry",
        format!("on {} storing in {}", ui::cyan(format!("http://{address}")), options.storage.display()),
    );
    axum::serve(listener, app).with_graceful_shutdown(server::shutdown_signal()).await?;
    Ok(())
}

fn open(storage: &Path, publishers: HashMap<String, String>) -> Result<Registry> {
    std::fs::create_dir_all(storage.join("packages"))
        .with_context(|| format!("cannot create {}", storage.display()))?;
    std::fs::create_dir_all(storage.join("tmp"))?;
    let index = Connection::open(storage.join("index.sqlite3")).context("cannot open the registry index")?;
    index.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE IF NOT EXISTS packages (
             name TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
             publisher TEXT NOT NULL, published_at INTEGER NOT NULL, PRIMARY KEY (name, version));",
    )?;
    Ok(Registry { storage: storage.to_path_buf(), publishers, index: Mutex::new(index) })
}

/// Names and versions become file names: keep them to a safe alphabet.
fn valid_part(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 100
        && !part.starts_with('.')
        && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'))
}

fn package_path(registry: &Registry, name: &str, version: &str) -> PathBuf {
    registry.storage.join("packages").join(name).join(format!("{version}.{}", package::EXTENSION))
}

async fn upload(
    State(registry): State<Arc<Registry>>,
    UrlPath((name, version)): UrlPath<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = server::bearer_token(&headers).unwrap_or_default();
    let Some(publisher) = registry.publishers.get(token).cloned() else {
        return json_error(StatusCode::UNAUTHORIZED, "unknown or missing token");
    };
    if !valid_part(&name) || !valid_part(&version) {
        return json_error(StatusCode::BAD_REQUEST, "name and version may use letters, digits, '-', '_', '.', '+'");
    }
    let registry_for_work = registry.clone();
    let stored =
        tokio::task::spawn_blocking(move || store(&registry_for_work, &name, &version, &publisher, &body)).await;
    match stored {
        Ok(Ok(info)) => (StatusCode::CREATED, axum::Json(info)).into_response(),
        Ok(Err((status, message))) => json_error(status, message),
        Err(err) => json_error(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    }
}

/// Verifies and stores one upload; (status, reason) when refused.
fn store(
    registry: &Registry,
    name: &str,
    version: &str,
    publisher: &str,
    bytes: &[u8],
) -> Result<serde_json::Value, (StatusCode, String)> {
    let bad = |message: String| (StatusCode::BAD_REQUEST, message);
    let verified =
        package::unpack(bytes, &[publisher.to_string()]).map_err(|err| bad(format!("invalid package: {err}")))?;
    let manifest = &verified.bundle.manifest;
    if manifest.name != name || manifest.version.as_deref() != Some(version) {
        return Err(bad(format!(
            "the package is {}@{}, not {name}@{version}",
            manifest.name,
            manifest.version.as_deref().unwrap_or("(no version)")
        )));
    }
    let internal = |err: &dyn std::fmt::Display| (StatusCode::INTERNAL_SERVER_ERROR, err.to_string());
    let index = registry.index.lock().expect("registry index lock");
    let exists = index
        .query_row("SELECT 1 FROM packages WHERE name = ?1 AND version = ?2", params![name, version], |_| Ok(()))
        .optional()
        .map_err(|e| internal(&e))?
        .is_some();
    if exists {
        return Err((StatusCode::CONFLICT, format!("{name}@{version} is already published; versions never change")));
    }
    let path = package_path(registry, name, version);
    write_atomically(&registry.storage.join("tmp"), &path, bytes).map_err(|e| internal(&e))?;
    let sha256 = sha256_hex(bytes);
    index
        .execute(
            "INSERT INTO packages (name, version, sha256, size, publisher, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, version, sha256, bytes.len() as i64, publisher, crate::kv::now_seconds()],
        )
        .map_err(|e| internal(&e))?;
    ui::status("Stored", format!("{name}@{version} ({} bytes)", bytes.len()));
    Ok(serde_json::json!({ "name": name, "version": version, "sha256": sha256, "size": bytes.len() }))
}

/// temp file, fsync, rename, fsync the directory: the final name only ever holds a whole file.
fn write_atomically(tmp_dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().expect("package path has a directory");
    std::fs::create_dir_all(dir)?;
    let temp = tmp_dir.join(format!("upload-{}-{}", std::process::id(), sha256_hex(bytes)));
    let mut file = std::fs::File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temp, path)?;
    std::fs::File::open(dir)?.sync_all()
}

async fn list_versions(State(registry): State<Arc<Registry>>, UrlPath(name): UrlPath<String>) -> Response {
    let versions: rusqlite::Result<Vec<VersionInfo>> = {
        let index = registry.index.lock().expect("registry index lock");
        index
            .prepare("SELECT version, sha256, size, publisher, published_at FROM packages WHERE name = ?1 ORDER BY published_at, version")
            .and_then(|mut statement| {
                statement
                    .query_map([&name], |row| {
                        Ok(VersionInfo {
                            version: row.get(0)?,
                            sha256: row.get(1)?,
                            size: row.get::<_, i64>(2)? as u64,
                            publisher: row.get(3)?,
                            published_at: row.get(4)?,
                        })
                    })?
                    .collect()
            })
    };
    match versions {
        Ok(versions) if versions.is_empty() => json_error(StatusCode::NOT_FOUND, format!("no package named {name}")),
        Ok(versions) => axum::Json(serde_json::json!({ "name": name, "versions": versions })).into_response(),
        Err(err) => json_error(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    }
}

async fn download(
    State(registry): State<Arc<Registry>>,
    UrlPath((name, version)): UrlPath<(String, String)>,
) -> Response {
    let indexed: Option<String> = {
        let index = registry.index.lock().expect("registry index lock");
        index
            .query_row("SELECT sha256 FROM packages WHERE name = ?1 AND version = ?2", params![name, version], |row| {
                row.get(0)
            })
            .optional()
            .unwrap_or(None)
    };
    let Some(sha256) = indexed else {
        return json_error(StatusCode::NOT_FOUND, format!("{name}@{version} is not published"));
    };
    match tokio::fs::read(package_path(&registry, &name, &version)).await {
        Ok(bytes) if sha256_hex(&bytes) == sha256 => {
            ([(header::CONTENT_TYPE, "application/octet-stream")], Body::from(bytes)).into_response()
        }
        Ok(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, format!("{name}@{version} is damaged on disk")),
        Err(err) => json_error(StatusCode::INTERNAL_SERVER_ERROR, format!("{name}@{version}: {err}")),
    }
}
