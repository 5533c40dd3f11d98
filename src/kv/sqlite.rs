//! The embedded KV store: one SQLite file (WAL), all namespaces in one table.
//!
//! Writes go to one writer thread that commits whatever has queued up in one
//! transaction (group commit) with `synchronous=FULL`: a `put` returns only
//! after its transaction is on disk, yet concurrent puts share the fsync.
//! Reads use a small pool of their own connections (WAL lets them run beside
//! the writer). Keys are BLOBs, so SQLite orders them by UTF-8 bytes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Entry, KvError, KvResult, KvStore, ListedKey, now_seconds};

/// Most writes folded into one transaction.
const MAX_BATCH: usize = 512;
/// How often expired entries are swept from disk (reads skip them regardless).
const SWEEP_EVERY: Duration = Duration::from_secs(60);

pub struct SqliteStore {
    path: PathBuf,
    readers: Mutex<Vec<Connection>>,
    writer: Mutex<mpsc::Sender<WriteJob>>,
}

enum Write {
    Put { namespace: String, key: String, entry: Entry },
    Delete { namespace: String, key: String },
}

struct WriteJob {
    write: Write,
    done: mpsc::Sender<KvResult<()>>,
}

impl SqliteStore {
    /// Opens (or creates) the store at `path`; a corrupt or locked file is a clear error.
    pub fn open(path: &Path) -> KvResult<SqliteStore> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|err| KvError::Unavailable(format!("cannot create {}: {err}", dir.display())))?;
        }
        let connection = open_connection(path)?;
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS kv (
                    namespace TEXT NOT NULL,
                    key BLOB NOT NULL,
                    value BLOB NOT NULL,
                    metadata TEXT,
                    expiration INTEGER,
                    PRIMARY KEY (namespace, key)
                 ) WITHOUT ROWID;",
            )
            .map_err(|err| describe(path, err))?;
        let (writer, jobs) = mpsc::channel();
        let thread_path = path.to_path_buf();
        std::thread::Builder::new()
            .name("worky-kv-writer".into())
            .spawn(move || write_loop(connection, &thread_path, jobs))
            .map_err(|err| KvError::Unavailable(format!("cannot start the KV writer: {err}")))?;
        Ok(SqliteStore { path: path.to_path_buf(), readers: Mutex::new(Vec::new()), writer: Mutex::new(writer) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self, write: Write) -> KvResult<()> {
        let (done, result) = mpsc::channel();
        self.writer
            .lock()
            .expect("kv writer lock")
            .send(WriteJob { write, done })
            .map_err(|_| KvError::Unavailable("the KV writer stopped".into()))?;
        result.recv().map_err(|_| KvError::Unavailable("the KV writer stopped".into()))?
    }

    fn read<T>(&self, query: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> KvResult<T> {
        let connection = match self.readers.lock().expect("kv readers lock").pop() {
            Some(connection) => connection,
            None => open_connection(&self.path)?,
        };
        let result = query(&connection).map_err(|err| describe(&self.path, err));
        self.readers.lock().expect("kv readers lock").push(connection);
        result
    }
}

impl KvStore for SqliteStore {
    fn get(&self, namespace: &str, key: &str) -> KvResult<Option<Entry>> {
        let row = self.read(|db| {
            db.prepare_cached("SELECT value, metadata, expiration FROM kv WHERE namespace = ?1 AND key = ?2")?
                .query_row(params![namespace, key.as_bytes()], |row| {
                    Ok(Entry { value: row.get(0)?, metadata: row.get(1)?, expiration: row.get(2)? })
                })
                .optional()
        })?;
        Ok(row.filter(|entry| entry.expiration.is_none_or(|at| at > now_seconds())))
    }

    fn put(&self, namespace: &str, key: &str, entry: Entry) -> KvResult<()> {
        self.write(Write::Put { namespace: namespace.into(), key: key.into(), entry })
    }

    fn delete(&self, namespace: &str, key: &str) -> KvResult<()> {
        self.write(Write::Delete { namespace: namespace.into(), key: key.into() })
    }

    fn list(&self, namespace: &str, prefix: &str, start_after: Option<&str>, limit: usize) -> KvResult<Vec<ListedKey>> {
        let lower: &[u8] = match start_after {
            Some(after) if after.as_bytes() >= prefix.as_bytes() => after.as_bytes(),
            _ => prefix.as_bytes(),
        };
        // `key > ?` after a cursor, `key >= prefix` from the start.
        let after_cursor = start_after.is_some_and(|after| after.as_bytes() >= prefix.as_bytes());
        let upper = prefix_upper_bound(prefix.as_bytes());
        let now = now_seconds();
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT key, expiration, metadata FROM kv
                 WHERE namespace = ?1
                   AND (CASE WHEN ?2 THEN key > ?3 ELSE key >= ?3 END)
                   AND (?4 IS NULL OR key < ?4)
                   AND (expiration IS NULL OR expiration > ?5)
                 ORDER BY key LIMIT ?6",
            )?;
            let rows =
                statement.query_map(params![namespace, after_cursor, lower, upper, now, limit as i64], |row| {
                    let key: Vec<u8> = row.get(0)?;
                    Ok(ListedKey {
                        name: String::from_utf8_lossy(&key).into_owned(),
                        expiration: row.get(1)?,
                        metadata: row.get(2)?,
                    })
                })?;
            rows.collect()
        })
    }
}

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < 0xff {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

fn open_connection(path: &Path) -> KvResult<Connection> {
    let connection = Connection::open(path).map_err(|err| describe(path, err))?;
    connection.busy_timeout(Duration::from_secs(5)).map_err(|err| describe(path, err))?;
    // WAL: readers beside the writer; FULL: a commit is on disk before it is acknowledged.
    connection
        .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .map_err(|err| describe(path, err))?;
    Ok(connection)
}

/// SQLite's errors, said in terms of what the user can do about them.
fn describe(path: &Path, err: rusqlite::Error) -> KvError {
    use rusqlite::ErrorCode;
    let (path, detail) = (path.to_path_buf(), err.to_string());
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => KvError::Corrupt { path, detail },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => KvError::Locked { path, detail },
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => {
            KvError::CannotOpen { path, detail }
        }
        _ => KvError::Storage { path, detail },
    }
}

fn write_loop(mut connection: Connection, path: &Path, jobs: mpsc::Receiver<WriteJob>) {
    let mut last_sweep = Instant::now();
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let sweep = last_sweep.elapsed() > SWEEP_EVERY;
        let result = commit(&mut connection, &batch, sweep).map_err(|err| describe(path, err));
        if sweep {
            last_sweep = Instant::now();
        }
        for job in batch {
            let _ = job.done.send(result.clone());
        }
    }
}

fn commit(connection: &mut Connection, batch: &[WriteJob], sweep: bool) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for job in batch {
        match &job.write {
            Write::Put { namespace, key, entry } => {
                transaction
                    .prepare_cached(
                        "INSERT INTO kv (namespace, key, value, metadata, expiration) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (namespace, key) DO UPDATE SET
                           value = excluded.value, metadata = excluded.metadata, expiration = excluded.expiration",
                    )?
                    .execute(params![namespace, key.as_bytes(), entry.value, entry.metadata, entry.expiration])?;
            }
            Write::Delete { namespace, key } => {
                transaction
                    .prepare_cached("DELETE FROM kv WHERE namespace = ?1 AND key = ?2")?
                    .execute(params![namespace, key.as_bytes()])?;
            }
        }
    }
    if sweep {
        transaction.execute("DELETE FROM kv WHERE expiration IS NOT NULL AND expiration <= ?1", [now_seconds()])?;
    }
    transaction.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("state/kv.sqlite3")).unwrap();
        (dir, store)
    }

    fn entry(value: &str) -> Entry {
        Entry { value: value.as_bytes().to_vec(), metadata: None, expiration: None }
    }

    #[test]
    fn put_get_delete_and_namespaces_are_separate() {
        let (_dir, store) = store();
        store.put("A", "k", entry("1")).unwrap();
        store.put("B", "k", Entry { metadata: Some("{\"m\":1}".into()), ..entry("2") }).unwrap();
        assert_eq!(store.get("A", "k").unwrap().unwrap().value, b"1");
        assert_eq!(store.get("B", "k").unwrap().unwrap().metadata.as_deref(), Some("{\"m\":1}"));
        store.put("A", "k", entry("3")).unwrap();
        assert_eq!(store.get("A", "k").unwrap().unwrap().value, b"3");
        store.delete("A", "k").unwrap();
        assert_eq!(store.get("A", "k").unwrap(), None);
        assert!(store.get("B", "k").unwrap().is_some());
    }

    #[test]
    fn expired_entries_are_never_returned() {
        let (_dir, store) = store();
        store.put("A", "old", Entry { expiration: Some(now_seconds() - 1), ..entry("x") }).unwrap();
        store.put("A", "new", Entry { expiration: Some(now_seconds() + 600), ..entry("y") }).unwrap();
        assert_eq!(store.get("A", "old").unwrap(), None);
        let page = kv::list(&store, "A", "", None, None).unwrap();
        assert_eq!(page.keys.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["new"]);
        assert!(page.keys[0].expiration.is_some());
    }

    #[test]
    fn list_sorts_by_utf8_bytes_and_pages_with_stable_cursors() {
        let (_dir, store) = store();
        for i in 0..2500 {
            store.put("A", &format!("key-{i:05}"), entry("v")).unwrap();
        }
        // Byte order, not UTF-16 order: U+FF61 (EF BD A1) sorts before U+1F600 (F0 9F 98 80).
        store.put("A", "\u{1F600}", entry("v")).unwrap();
        store.put("A", "\u{FF61}", entry("v")).unwrap();
        store.put("A", "Z", entry("v")).unwrap();
        let page = kv::list(&store, "A", "", Some(3.0), None).unwrap();
        assert_eq!(page.keys.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["Z", "key-00000", "key-00001"]);

        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = kv::list(&store, "A", "key-", None, cursor.as_deref()).unwrap();
            assert!(page.keys.len() <= 1000);
            seen.extend(page.keys.iter().map(|k| k.name.clone()));
            // Keys added mid-listing before the cursor are not repeated; after it, they appear.
            if seen.len() == 1000 {
                store.put("A", "key-00000a", entry("late, before the cursor")).unwrap();
                store.put("A", "key-99999", entry("late, after the cursor")).unwrap();
            }
            if page.list_complete {
                assert!(page.cursor.is_none());
                break;
            }
            cursor = page.cursor;
        }
        assert_eq!(seen.len(), 2501, "2500 keys plus the one added after the cursor");
        assert!(seen.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        // After every ASCII key: U+FF61 (EF BD A1), then U+1F600 (F0 9F 98 80), whatever UTF-16 says.
        let tail = kv::list(&store, "A", "", None, Some(&kv::encode_cursor("key-99999"))).unwrap();
        let tail: Vec<&str> = tail.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(tail, ["\u{FF61}", "\u{1F600}"]);
        let full = kv::list(&store, "A", "", Some(1000.0), None).unwrap();
        assert!(!full.list_complete && full.cursor.is_some());
        assert_eq!(kv::list(&store, "A", "", Some(1001.0), None), Err(KvError::ListLimitTooLarge(1001.0)));
        assert_eq!(kv::list(&store, "A", "", Some(0.0), None), Err(KvError::ListLimitTooSmall(0.0)));
    }

    #[test]
    fn concurrent_puts_are_all_kept() {
        let (_dir, store) = store();
        let store = std::sync::Arc::new(store);
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        store.put("A", &format!("{t}-{i}"), entry("v")).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(store.list("A", "", None, 1000).unwrap().len(), 400);
    }

    #[test]
    fn corrupt_state_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kv.sqlite3");
        std::fs::write(&path, b"this is not a database, just some bytes that are long enough".repeat(100)).unwrap();
        let err = SqliteStore::open(&path).err().expect("a corrupt file is refused");
        assert!(matches!(&err, KvError::Corrupt { path: named, .. } if *named == path), "{err}");
        let err = err.to_string();
        assert!(err.contains("corrupt or not a SQLite database") && err.contains("kv.sqlite3"), "{err}");
    }

    #[test]
    fn upper_bounds() {
        assert_eq!(prefix_upper_bound(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_upper_bound(b"a\xff"), Some(b"b".to_vec()));
        assert_eq!(prefix_upper_bound(b"\xff"), None);
        assert_eq!(prefix_upper_bound(b""), None);
    }
}
