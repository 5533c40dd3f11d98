//! D1 databases: `env.DB` on a local SQLite file per database
//! (`<d1 dir>/<storage>.sqlite`), shared by every isolate of a host (dev: the
//! project; serve: the deployment). Statements run as a Durable Object's SQL
//! does (objects/storage.rs `exec`: the same value mapping, error words and
//! `_cf_` guard, which is what D1 runs on at Cloudflare and in miniflare); a
//! batch runs in one transaction, rolled back when a statement fails.

use std::path::Path;

use rusqlite::Connection;

use super::objects::storage::{self, SqlValue, StorageError};
use super::sqlite_files::{Shared, SqliteFiles};

/// The D1 databases of one host, opened on first use.
pub struct D1Store {
    files: SqliteFiles,
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
        // D1 takes at most 100 bound values a statement.
        let setup =
            |db: &Connection| db.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 100).map(|_| ());
        D1Store { files: SqliteFiles::new(dir, setup) }
    }

    fn connection(&self, database: &str) -> Result<Shared, StorageError> {
        self.files.get(database).map_err(StorageError)
    }

    /// Runs statements in one transaction: all of them, or (one failed) none.
    pub fn batch(&self, database: &str, statements: &[Statement]) -> Result<Vec<Outcome>, StorageError> {
        let connection = self.connection(database)?;
        let db = connection.lock().expect("d1 connection lock");
        atomically(&db, || statements.iter().map(|statement| run(&db, statement)).collect())
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
        atomically(&db, || lines.iter().try_for_each(|line| storage::exec(&db, line, &[]).map(|_| ())))
    }
}

/// `work` in a savepoint: kept when it succeeds, rolled back when it fails.
fn atomically<T>(db: &Connection, work: impl FnOnce() -> Result<T, StorageError>) -> Result<T, StorageError> {
    storage::execute(db, "SAVEPOINT d1")?;
    let result = work();
    storage::execute(db, if result.is_ok() { "RELEASE d1" } else { "ROLLBACK TO d1; RELEASE d1" })?;
    result
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
