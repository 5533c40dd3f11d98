//! Durable Object storage: one SQLite database per object, as on Cloudflare
//! (`<objects dir>/<class>/<id>.sqlite`). Its key-value API lives in the table
//! `_cf_KV` (Cloudflare's name; user SQL cannot touch `_cf_` tables), keys as
//! BLOBs so they sort by UTF-8 bytes. Values are the engine's structured-clone
//! bytes, opaque here.
//!
//! Only the isolate that holds an object opens its database, so every call is
//! synchronous on that isolate's thread: a storage call never lets another event
//! in between (Cloudflare's input gate), and it has committed (`synchronous=FULL`
//! in WAL mode) before it returns, so any output after it (Cloudflare's output
//! gate) follows durable state.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

/// The open databases of the objects an isolate holds.
pub struct ObjectStorage {
    dir: Option<PathBuf>,
    open: HashMap<(String, String), Connection>,
}

/// A storage call that failed; the message is what JS sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StorageError(pub String);

/// `list()` options, already checked in JS.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListOptions {
    pub start: Option<String>,
    #[serde(rename = "startAfter")]
    pub start_after: Option<String>,
    pub end: Option<String>,
    pub prefix: Option<String>,
    #[serde(default)]
    pub reverse: bool,
    pub limit: Option<u32>,
}

impl ObjectStorage {
    /// `dir: None`: the host keeps no object state (storage calls fail, saying so).
    pub fn new(dir: Option<PathBuf>) -> ObjectStorage {
        ObjectStorage { dir, open: HashMap::new() }
    }

    /// The database of object `id` of `class`, opened on first use.
    pub fn db(&mut self, class: &str, id: &str) -> Result<&mut Connection, StorageError> {
        let key = (class.to_string(), id.to_string());
        if !self.open.contains_key(&key) {
            let dir = self.dir.as_ref().ok_or_else(|| {
                StorageError("this host keeps no Durable Object state (no state directory)".to_string())
            })?;
            let connection = open(&dir.join(class), id)?;
            self.open.insert(key.clone(), connection);
        }
        Ok(self.open.get_mut(&key).expect("opened above"))
    }

    /// Closes an object's database (the object was reset or evicted).
    pub fn close(&mut self, class: &str, id: &str) {
        self.open.remove(&(class.to_string(), id.to_string()));
    }
}

fn open(dir: &Path, id: &str) -> Result<Connection, StorageError> {
    std::fs::create_dir_all(dir).map_err(|err| StorageError(format!("cannot create {}: {err}", dir.display())))?;
    let path = dir.join(format!("{id}.sqlite"));
    let failed = |err: rusqlite::Error| StorageError(format!("cannot open {}: {err}", path.display()));
    let connection = Connection::open(&path).map_err(failed)?;
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA busy_timeout = 5000;
             CREATE TABLE IF NOT EXISTS _cf_KV (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;",
        )
        .map_err(failed)?;
    Ok(connection)
}

fn failed(err: rusqlite::Error) -> StorageError {
    StorageError(format!("Durable Object storage failed: {err}"))
}

pub fn get(db: &Connection, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
    db.prepare_cached("SELECT value FROM _cf_KV WHERE key = ?1")
        .and_then(|mut statement| statement.query_row(params![key.as_bytes()], |row| row.get(0)).optional())
        .map_err(failed)
}

pub fn put(db: &Connection, key: &str, value: &[u8]) -> Result<(), StorageError> {
    db.prepare_cached("INSERT INTO _cf_KV (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .and_then(|mut statement| statement.execute(params![key.as_bytes(), value]))
        .map(drop)
        .map_err(failed)
}

/// Whether the key was there.
pub fn delete(db: &Connection, key: &str) -> Result<bool, StorageError> {
    db.prepare_cached("DELETE FROM _cf_KV WHERE key = ?1")
        .and_then(|mut statement| statement.execute(params![key.as_bytes()]))
        .map(|deleted| deleted > 0)
        .map_err(failed)
}

pub fn delete_all(db: &Connection) -> Result<(), StorageError> {
    db.execute("DELETE FROM _cf_KV", []).map(drop).map_err(failed)
}

/// Runs `statements` (BEGIN, COMMIT, ROLLBACK) for batches and transactions.
pub fn execute(db: &Connection, statement: &str) -> Result<(), StorageError> {
    db.execute_batch(statement).map_err(failed)
}

/// Entries in key order (UTF-8 bytes), as `list()` selects them.
pub fn list(db: &Connection, options: &ListOptions) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
    let mut clauses = Vec::new();
    let mut bounds: Vec<Vec<u8>> = Vec::new();
    if let Some(start) = &options.start {
        clauses.push("key >= ?");
        bounds.push(start.as_bytes().to_vec());
    }
    if let Some(after) = &options.start_after {
        clauses.push("key > ?");
        bounds.push(after.as_bytes().to_vec());
    }
    if let Some(end) = &options.end {
        clauses.push("key < ?");
        bounds.push(end.as_bytes().to_vec());
    }
    if let Some(prefix) = &options.prefix {
        // Keys from the prefix up to (not including) the next prefix of that length.
        clauses.push("key >= ?");
        bounds.push(prefix.as_bytes().to_vec());
        if let Some(next) = next_prefix(prefix.as_bytes()) {
            clauses.push("key < ?");
            bounds.push(next);
        }
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    let order = if options.reverse { "DESC" } else { "ASC" };
    let limit = options.limit.map(|limit| format!("LIMIT {limit}")).unwrap_or_default();
    let sql = format!("SELECT key, value FROM _cf_KV {filter} ORDER BY key {order} {limit}");
    let mut statement = db.prepare(&sql).map_err(failed)?;
    let rows = statement
        .query_map(params_from_iter(bounds.iter()), |row| {
            let key: Vec<u8> = row.get(0)?;
            Ok((String::from_utf8_lossy(&key).into_owned(), row.get(1)?))
        })
        .map_err(failed)?;
    rows.collect::<Result<_, _>>().map_err(failed)
}

/// The smallest byte string greater than every string starting with `prefix`.
fn next_prefix(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut next = prefix.to_vec();
    while let Some(last) = next.pop() {
        if last < u8::MAX {
            next.push(last + 1);
            return Some(next);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_byte_order_with_every_option() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage = ObjectStorage::new(Some(dir.path().to_path_buf()));
        let db = storage.db("Counter", "abc").unwrap();
        for key in ["b", "a", "ab", "b\u{ff}", "c", "é"] {
            put(db, key, key.as_bytes()).unwrap();
        }
        let keys = |options: ListOptions| list(db, &options).unwrap().into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(keys(ListOptions::default()), ["a", "ab", "b", "b\u{ff}", "c", "é"]);
        assert_eq!(keys(ListOptions { prefix: Some("a".into()), ..Default::default() }), ["a", "ab"]);
        assert_eq!(keys(ListOptions { prefix: Some("b".into()), ..Default::default() }), ["b", "b\u{ff}"]);
        let range = ListOptions { start: Some("ab".into()), end: Some("c".into()), ..Default::default() };
        assert_eq!(keys(range), ["ab", "b", "b\u{ff}"]);
        let after = ListOptions { start_after: Some("ab".into()), limit: Some(2), ..Default::default() };
        assert_eq!(keys(after), ["b", "b\u{ff}"]);
        assert_eq!(keys(ListOptions { reverse: true, limit: Some(2), ..Default::default() }), ["é", "c"]);
        assert!(delete(db, "a").unwrap());
        assert!(!delete(db, "a").unwrap());
        assert_eq!(get(db, "ab").unwrap().as_deref(), Some("ab".as_bytes()));
        delete_all(db).unwrap();
        assert!(keys(ListOptions::default()).is_empty());
        assert!(dir.path().join("Counter").join("abc.sqlite").is_file());
    }

    #[test]
    fn no_state_directory_is_a_clear_error() {
        let mut storage = ObjectStorage::new(None);
        assert!(storage.db("C", "x").unwrap_err().0.contains("no Durable Object state"));
    }
}
