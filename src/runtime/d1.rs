//! D1 databases: `env.DB` on a local SQLite file per database
//! (`<d1 dir>/<storage>.sqlite`), shared by every isolate of a host (dev: the
//! project; serve: the deployment). Statements run as a Durable Object's SQL
//! does (objects/storage.rs `exec`: the same value mapping, error words and
//! `_cf_` guard, which is what D1 runs on at Cloudflare and in miniflare); a
//! batch runs in one transaction, rolled back when a statement fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::objects::storage::{self, SqlValue, StorageError};

/// The D1 databases of one host, opened on first use.
pub struct D1Store {
    dir: PathBuf,
    open: Mutex<HashMap<String, Arc<Mutex<Connection>>>>,
}

/// One statement and its bound values.
#[derive(Debug)]
pub struct Statement {
    pub sql: String,
    pub params: Vec<SqlValue>,
}

/// What a statement gave, with D1's `meta` counts.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SqlValue>>,
    pub changes: u64,
    pub last_row_id: i64,
    pub changed_db: bool,
    pub rows_read: u64,
    pub rows_written: u64,
    pub size_after: u64,
}

impl D1Store {
    pub fn new(dir: &Path) -> D1Store {
        D1Store { dir: dir.to_path_buf(), open: Mutex::new(HashMap::new()) }
    }

    fn connection(&self, database: &str) -> Result<Arc<Mutex<Connection>>, StorageError> {
        let mut open = self.open.lock().expect("d1 lock");
        if let Some(connection) = open.get(database) {
            return Ok(connection.clone());
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|err| StorageError(format!("cannot create {}: {err}", self.dir.display())))?;
        let path = self.dir.join(format!("{database}.sqlite"));
        let failed = |err: rusqlite::Error| StorageError(format!("cannot open {}: {err}", path.display()));
        let connection = Connection::open(&path).map_err(failed)?;
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;")
            .map_err(failed)?;
        // D1 takes at most 100 bound values a statement.
        connection.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100).map_err(failed)?;
        let connection = Arc::new(Mutex::new(connection));
        open.insert(database.to_string(), connection.clone());
        Ok(connection)
    }

    /// Runs statements in one transaction: all of them, or (one failed) none.
    pub fn batch(&self, database: &str, statements: &[Statement]) -> Result<Vec<Outcome>, StorageError> {
        let connection = self.connection(database)?;
        let db = connection.lock().expect("d1 connection lock");
        storage::execute(&db, "SAVEPOINT d1_batch")?;
        let outcomes: Result<Vec<Outcome>, StorageError> =
            statements.iter().map(|statement| run(&db, statement)).collect();
        let end = if outcomes.is_ok() { "RELEASE d1_batch" } else { "ROLLBACK TO d1_batch; RELEASE d1_batch" };
        storage::execute(&db, end)?;
        outcomes
    }

    /// SQL of any number of statements (a migration, `worky d1 execute`), in one
    /// transaction; what the last one gave.
    pub fn script(&self, database: &str, sql: &str) -> Result<Outcome, StorageError> {
        let statement = Statement { sql: sql.to_string(), params: Vec::new() };
        let mut outcomes = self.batch(database, std::slice::from_ref(&statement))?;
        Ok(outcomes.pop().unwrap_or_default())
    }

    /// `exec()`: statements without values, one a line, in one transaction:
    /// all of them, or none.
    pub fn exec(&self, database: &str, lines: &[String]) -> Result<(), StorageError> {
        let connection = self.connection(database)?;
        let db = connection.lock().expect("d1 connection lock");
        storage::execute(&db, "SAVEPOINT d1_exec")?;
        let ran = lines.iter().try_for_each(|line| storage::exec(&db, line, &[]).map(|_| ()));
        let end = if ran.is_ok() { "RELEASE d1_exec" } else { "ROLLBACK TO d1_exec; RELEASE d1_exec" };
        storage::execute(&db, end)?;
        ran.map(|_| ())
    }
}

fn run(db: &Connection, statement: &Statement) -> Result<Outcome, StorageError> {
    let changes_before = db.total_changes();
    let schema_before = schema_version(db)?;
    let result = storage::exec(db, &statement.sql, &statement.params)?;
    let changed = db.total_changes() > changes_before || schema_version(db)? != schema_before;
    Ok(Outcome {
        columns: result.columns,
        rows: result.rows,
        changes: db.total_changes().saturating_sub(changes_before),
        last_row_id: db.last_insert_rowid(),
        changed_db: changed,
        rows_read: result.rows_read,
        rows_written: result.rows_written,
        size_after: storage::size(db)?,
    })
}

/// Changes with every change of the schema (a CREATE changes the database, too).
fn schema_version(db: &Connection) -> Result<i64, StorageError> {
    db.query_row("PRAGMA schema_version", [], |row| row.get(0)).map_err(|err| StorageError(err.to_string()))
}
