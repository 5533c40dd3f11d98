//! SQLite files by name in one directory (`<dir>/<name>.sqlite`), each opened
//! on first use and then shared by every isolate of the host: D1's databases,
//! R2's buckets. WAL with full syncs, as the Durable Objects' files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// A file's connection, one caller at a time.
pub type Shared = Arc<Mutex<Connection>>;

pub struct SqliteFiles {
    dir: PathBuf,
    open: Mutex<HashMap<String, Shared>>,
    /// What a file gets once opened (its tables, its limits).
    setup: fn(&Connection) -> rusqlite::Result<()>,
}

impl SqliteFiles {
    pub fn new(dir: &Path, setup: fn(&Connection) -> rusqlite::Result<()>) -> SqliteFiles {
        SqliteFiles { dir: dir.to_path_buf(), open: Mutex::new(HashMap::new()), setup }
    }

    /// The connection to `name`'s file; the error says which file failed and why.
    pub fn get(&self, name: &str) -> Result<Shared, String> {
        let mut open = self.open.lock().expect("sqlite files lock");
        if let Some(connection) = open.get(name) {
            return Ok(connection.clone());
        }
        std::fs::create_dir_all(&self.dir).map_err(|err| format!("cannot create {}: {err}", self.dir.display()))?;
        let path = self.dir.join(format!("{name}.sqlite"));
        let opened = Connection::open(&path).and_then(|connection| {
            connection
                .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;")?;
            (self.setup)(&connection)?;
            Ok(connection)
        });
        let connection = Arc::new(Mutex::new(opened.map_err(|err| format!("cannot open {}: {err}", path.display()))?));
        open.insert(name.to_string(), connection.clone());
        Ok(connection)
    }
}

/// Runs `work` with its commits not waiting for the disk (WAL's `synchronous
/// = NORMAL`), then syncs as before (`FULL`): a commit made so survives the
/// process being killed, and only an operating-system crash could lose it.
/// For what is safe to lose that way.
pub fn relaxed<T>(
    db: &mut Connection,
    work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    db.execute_batch("PRAGMA synchronous = NORMAL")?;
    let done = work(db);
    let restored = db.execute_batch("PRAGMA synchronous = FULL");
    let done = done?;
    restored?;
    Ok(done)
}
