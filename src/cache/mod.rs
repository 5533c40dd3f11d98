//! The Workers Cache API's storage: `caches.default` and `caches.open(name)`
//! for one worker (dev: the project; serve: a deployment), in one SQLite file,
//! bounded in size (least recently used entries go first). The rules of what
//! may be stored and for how long are in `policy.rs`; what a match answers
//! (304, ranges) in `answer.rs`. Calls block: the runtime makes them from a
//! blocking pool.

pub mod answer;
pub mod policy;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

pub use answer::Answer;
pub use policy::Headers;

/// Cloudflare's largest cacheable object.
pub const MAX_OBJECT_BYTES: u64 = 512 * 1024 * 1024;
/// A worker's cache when its host sets no bound.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;
/// Hits remembered in memory before they are written to the table: a hit does
/// not write, eviction (which needs the order) writes them first.
const MAX_PENDING_USES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the cache at {path} is unavailable: {reason}")]
pub struct CacheError {
    path: String,
    reason: String,
}

/// One worker's caches. The file is opened on first use, so a worker that
/// never caches leaves nothing on disk.
pub struct CacheStore {
    path: PathBuf,
    max_bytes: u64,
    db: OnceLock<Result<Mutex<Db>, CacheError>>,
}

struct Db {
    connection: Connection,
    /// Bytes stored now (bodies and headers), kept beside the table.
    stored: u64,
    /// Last use of entries hit since the table last learned of it.
    uses: HashMap<(String, String), i64>,
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

impl CacheStore {
    pub fn new(path: &Path, max_bytes: u64) -> CacheStore {
        CacheStore { path: path.to_path_buf(), max_bytes, db: OnceLock::new() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, reason: impl ToString) -> CacheError {
        CacheError { path: self.path.display().to_string(), reason: reason.to_string() }
    }

    fn db(&self) -> Result<std::sync::MutexGuard<'_, Db>, CacheError> {
        let db = self.db.get_or_init(|| self.open().map(Mutex::new));
        match db {
            Ok(db) => Ok(db.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(err) => Err(err.clone()),
        }
    }

    fn open(&self) -> Result<Db, CacheError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|err| self.error(err))?;
        }
        let connection = Connection::open(&self.path).map_err(|err| self.error(err))?;
        // A cache may lose its last writes in a crash, never its integrity.
        connection
            .execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                 CREATE TABLE IF NOT EXISTS entries (
                    cache TEXT NOT NULL,
                    key TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    headers TEXT NOT NULL,
                    body BLOB NOT NULL,
                    size INTEGER NOT NULL,
                    expires INTEGER NOT NULL,
                    used INTEGER NOT NULL,
                    PRIMARY KEY (cache, key)
                 ) WITHOUT ROWID;
                 CREATE INDEX IF NOT EXISTS entries_by_use ON entries (used);",
            )
            .map_err(|err| self.error(err))?;
        let stored: i64 = connection
            .query_row("SELECT COALESCE(SUM(size), 0) FROM entries", [], |row| row.get(0))
            .map_err(|err| self.error(err))?;
        Ok(Db { connection, stored: stored as u64, uses: HashMap::new() })
    }

    /// Stores a response under `key` in `cache` if the policy lets it (a
    /// refusal is silent, as on Workers); evicts the least recently used
    /// entries past the bound.
    #[allow(clippy::too_many_arguments)]
    pub fn put(
        &self,
        cache: &str,
        key: &str,
        request: &Headers,
        status: u16,
        response: &Headers,
        body: &[u8],
        now: i64,
    ) -> Result<bool, CacheError> {
        let Some(storable) = policy::storable(request, status, response, now) else {
            return Ok(false);
        };
        let headers = serde_json::to_string(&storable.headers).map_err(|err| self.error(err))?;
        let size = (body.len() + headers.len() + key.len()) as u64;
        if size > MAX_OBJECT_BYTES.min(self.max_bytes) {
            return Ok(false);
        }
        let mut db = self.db()?;
        let previous = entry_size(&db.connection, cache, key).map_err(|err| self.error(err))?;
        db.connection
            .execute(
                "INSERT OR REPLACE INTO entries (cache, key, status, headers, body, size, expires, used)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![cache, key, status, headers, body, size as i64, now + storable.ttl_ms, now],
            )
            .map_err(|err| self.error(err))?;
        db.stored = db.stored - previous.unwrap_or(0) + size;
        self.evict(&mut db, now).map_err(|err| self.error(err))?;
        Ok(true)
    }

    /// The entry under `key`, answered for `request`'s headers; an expired
    /// entry is removed and missed.
    pub fn get(&self, cache: &str, key: &str, request: &Headers, now: i64) -> Result<Option<Answer>, CacheError> {
        let mut db = self.db()?;
        let found = db
            .connection
            .prepare_cached("SELECT status, headers, body, expires, used FROM entries WHERE cache = ?1 AND key = ?2")
            .and_then(|mut select| {
                select
                    .query_row(params![cache, key], |row| {
                        Ok((
                            row.get::<_, u16>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, Vec<u8>>(2)?,
                            row.get::<_, i64>(3)?,
                            row.get::<_, i64>(4)?,
                        ))
                    })
                    .optional()
            })
            .map_err(|err| self.error(err))?;
        let Some((status, headers, body, expires, used)): Option<(u16, String, Vec<u8>, i64, i64)> = found else {
            return Ok(None);
        };
        if expires <= now {
            remove(&mut db, cache, key).map_err(|err| self.error(err))?;
            return Ok(None);
        }
        db.uses.insert((cache.to_string(), key.to_string()), now.max(used));
        if db.uses.len() >= MAX_PENDING_USES {
            record_uses(&mut db).map_err(|err| self.error(err))?;
        }
        let headers: Headers = serde_json::from_str(&headers).map_err(|err| self.error(err))?;
        Ok(Some(answer::answer(request, status, headers, body)))
    }

    /// Removes the entry under `key`; whether a live one was there.
    pub fn delete(&self, cache: &str, key: &str, now: i64) -> Result<bool, CacheError> {
        let mut db = self.db()?;
        let expires: Option<i64> = db
            .connection
            .query_row("SELECT expires FROM entries WHERE cache = ?1 AND key = ?2", params![cache, key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|err| self.error(err))?;
        let Some(expires) = expires else { return Ok(false) };
        remove(&mut db, cache, key).map_err(|err| self.error(err))?;
        Ok(expires > now)
    }

    /// Drops expired entries, then the least recently used, until the cache
    /// fits its bound.
    fn evict(&self, db: &mut Db, now: i64) -> rusqlite::Result<()> {
        if db.stored <= self.max_bytes {
            return Ok(());
        }
        record_uses(db)?;
        db.connection.execute("DELETE FROM entries WHERE expires <= ?1", params![now])?;
        loop {
            db.stored =
                db.connection.query_row("SELECT COALESCE(SUM(size), 0) FROM entries", [], |row| row.get::<_, i64>(0))?
                    as u64;
            if db.stored <= self.max_bytes {
                return Ok(());
            }
            let oldest: Option<(String, String)> = db
                .connection
                .query_row("SELECT cache, key FROM entries ORDER BY used LIMIT 1", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()?;
            let Some((cache, key)) = oldest else { return Ok(()) };
            db.connection.execute("DELETE FROM entries WHERE cache = ?1 AND key = ?2", params![cache, key])?;
        }
    }
}

/// Writes the hits remembered in memory to the table.
fn record_uses(db: &mut Db) -> rusqlite::Result<()> {
    let transaction = db.connection.unchecked_transaction()?;
    {
        let mut update = transaction.prepare_cached("UPDATE entries SET used = ?3 WHERE cache = ?1 AND key = ?2")?;
        for ((cache, key), used) in db.uses.drain() {
            update.execute(params![cache, key, used])?;
        }
    }
    transaction.commit()
}

fn entry_size(connection: &Connection, cache: &str, key: &str) -> rusqlite::Result<Option<u64>> {
    connection
        .query_row("SELECT size FROM entries WHERE cache = ?1 AND key = ?2", params![cache, key], |row| {
            row.get::<_, i64>(0)
        })
        .optional()
        .map(|size| size.map(|s| s as u64))
}

fn remove(db: &mut Db, cache: &str, key: &str) -> rusqlite::Result<()> {
    if let Some(size) = entry_size(&db.connection, cache, key)? {
        db.connection.execute("DELETE FROM entries WHERE cache = ?1 AND key = ?2", params![cache, key])?;
        db.stored = db.stored.saturating_sub(size);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_age() -> Headers {
        vec![("cache-control".into(), "max-age=60".into())]
    }

    #[test]
    fn entries_live_for_their_lifetime_then_miss() {
        let dir = tempfile::tempdir().unwrap();
        let store = CacheStore::new(&dir.path().join("cache.sqlite3"), DEFAULT_MAX_BYTES);
        let now = 1_000_000;
        assert!(store.put("default", "https://a/", &Vec::new(), 200, &max_age(), b"body", now).unwrap());
        let hit = store.get("default", "https://a/", &Vec::new(), now + 59_999).unwrap().unwrap();
        assert_eq!((hit.status, hit.body.as_slice()), (200, &b"body"[..]));
        assert!(store.get("other", "https://a/", &Vec::new(), now).unwrap().is_none(), "caches are apart");
        assert!(store.get("default", "https://a/", &Vec::new(), now + 60_000).unwrap().is_none());
        assert!(!store.delete("default", "https://a/", now + 60_000).unwrap(), "gone once expired");
    }

    #[test]
    fn the_least_recently_used_entries_go_past_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let store = CacheStore::new(&dir.path().join("cache.sqlite3"), 3_000);
        let body = vec![b'x'; 900];
        for (at, key) in ["a", "b", "c"].iter().enumerate() {
            assert!(store.put("default", key, &Vec::new(), 200, &max_age(), &body, 1_000 + at as i64).unwrap());
        }
        // "a" is read, so "b" is now the least recently used.
        assert!(store.get("default", "a", &Vec::new(), 2_000).unwrap().is_some());
        assert!(store.put("default", "d", &Vec::new(), 200, &max_age(), &body, 3_000).unwrap());
        let present = |key| store.get("default", key, &Vec::new(), 4_000).unwrap().is_some();
        assert_eq!([present("a"), present("b"), present("c"), present("d")], [true, false, true, true]);
        assert!(!store.put("default", "big", &Vec::new(), 200, &max_age(), &vec![0; 3_001], 5_000).unwrap());
    }

    #[test]
    fn the_file_survives_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let now = now_ms();
        CacheStore::new(&path, DEFAULT_MAX_BYTES)
            .put("default", "k", &Vec::new(), 200, &max_age(), b"kept", now)
            .unwrap();
        let again = CacheStore::new(&path, DEFAULT_MAX_BYTES);
        assert_eq!(again.get("default", "k", &Vec::new(), now).unwrap().unwrap().body, b"kept");
    }
}
