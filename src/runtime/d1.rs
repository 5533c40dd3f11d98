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

/// What `dump` writes: the schema, the rows, or both; only some tables.
#[derive(Debug, Default)]
pub struct DumpOptions {
    pub no_schema: bool,
    pub no_data: bool,
    /// Empty: every table.
    pub tables: Vec<String>,
}

impl D1Store {
    /// The database as SQL statements that make it again, one a line, as
    /// `wrangler d1 export` writes them (miniflare's dumpSql, after SQLite's
    /// `.dump`): `PRAGMA defer_foreign_keys`, each table's schema and rows,
    /// then its indexes, triggers and views. worky's `_cf_` tables are left out.
    pub fn dump(&self, database: &str, options: &DumpOptions) -> Result<Vec<String>, StorageError> {
        let connection = self.connection(database)?;
        let db = connection.lock().expect("d1 connection lock");
        let failed = |err: rusqlite::Error| StorageError(err.to_string());
        let virtual_tables: i64 = db
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
                [],
                |row| row.get(0),
            )
            .map_err(failed)?;
        if virtual_tables > 0 {
            return Err(StorageError("D1 Export error: cannot export databases with Virtual Tables (fts5)".into()));
        }
        dump(&db, options).map_err(failed)
    }
}

fn dump(db: &Connection, options: &DumpOptions) -> rusqlite::Result<Vec<String>> {
    let wanted = |name: &str| options.tables.is_empty() || options.tables.iter().any(|table| table == name);
    let mut lines = vec!["PRAGMA defer_foreign_keys=TRUE;".to_string()];
    let tables: Vec<(String, String)> = db
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT NULL
             ORDER BY tbl_name = 'sqlite_sequence', rowid",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (table, sql) in tables.iter().filter(|(table, _)| wanted(table)) {
        if table == "sqlite_sequence" {
            if !options.no_schema {
                lines.push("DELETE FROM sqlite_sequence;".into());
            }
        } else if table.starts_with("sqlite_stat") {
            if !options.no_schema {
                lines.push("ANALYZE sqlite_schema;".into());
            }
        } else {
            if table.starts_with("_cf_") || table.starts_with("sqlite_") {
                continue;
            }
            if !options.no_schema {
                // A quoted table name: SQLite's .dump makes it `IF NOT EXISTS`.
                match sql.strip_prefix("CREATE TABLE ").filter(|rest| rest.starts_with(['"', '\''])) {
                    Some(rest) => lines.push(format!("CREATE TABLE IF NOT EXISTS {rest};")),
                    None => lines.push(format!("{sql};")),
                }
            }
        }
        if !options.no_data {
            dump_rows(db, table, &mut lines)?;
        }
    }
    if !options.no_schema {
        let mut rest = db.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE sql NOT NULL AND type IN ('index', 'trigger', 'view')
             ORDER BY type COLLATE NOCASE",
        )?;
        let rest = rest.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
        for entry in rest {
            let (name, sql) = entry?;
            if wanted(&name) {
                lines.push(format!("{sql};"));
            }
        }
    }
    Ok(lines)
}

/// A table's rows as `INSERT INTO "t" VALUES(...);` lines.
fn dump_rows(db: &Connection, table: &str, lines: &mut Vec<String>) -> rusqlite::Result<()> {
    let columns: Vec<String> = db
        .prepare(&format!("PRAGMA table_info={}", quoted_id(table)))?
        .query_map([], |row| row.get(1))?
        .collect::<Result<_, _>>()?;
    let list = columns.iter().map(|column| quoted_id(column)).collect::<Vec<_>>().join(", ");
    let mut select = db.prepare(&format!("SELECT {list} FROM {}", quoted_id(table)))?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let cells: Vec<String> =
            (0..columns.len()).map(|index| row.get_ref(index).map(sql_literal)).collect::<Result<_, _>>()?;
        lines.push(format!("INSERT INTO {} VALUES({});", quoted_id(table), cells.join(",")));
    }
    Ok(())
}

fn quoted_id(id: &str) -> String {
    format!("\"{}\"", id.replace('"', "\"\""))
}

/// A value as SQL: numbers as JavaScript writes them (what wrangler's export
/// does), text quoted with its line breaks made `char(10)`/`char(13)`, blobs as `X'..'`.
fn sql_literal(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(number) => number.to_string(),
        ValueRef::Real(number) => js_number(number),
        ValueRef::Text(text) => {
            let text = String::from_utf8_lossy(text);
            let mut literal = format!("'{}'", text.replace('\'', "''").replace('\n', "\\n").replace('\r', "\\r"));
            if text.contains('\r') {
                literal = format!("replace({literal},'\\r',char(13))");
            }
            if text.contains('\n') {
                literal = format!("replace({literal},'\\n',char(10))");
            }
            literal
        }
        ValueRef::Blob(bytes) => format!("X'{}'", hex::encode(bytes)),
    }
}

/// `String(number)` in JavaScript: the shortest digits that read back the
/// same, with an exponent from 1e21 up and below 1e-6.
fn js_number(number: f64) -> String {
    if number.is_nan() {
        return "NaN".into();
    }
    if number.is_infinite() {
        return if number > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if number == 0.0 {
        return "0".into();
    }
    let magnitude = number.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{number:e}");
        return match text.split_once('e') {
            Some((digits, exponent)) if !exponent.starts_with('-') => format!("{digits}e+{exponent}"),
            _ => text,
        };
    }
    format!("{number}")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `wrangler d1 export app --local` (wrangler 4, miniflare 4.20260426)
    /// wrote for this database, with and without the schema and the data.
    #[test]
    fn dumps_as_wrangler_exports() {
        let dir = tempfile::tempdir().unwrap();
        let store = D1Store::new(dir.path());
        let setup = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, avatar BLOB, score REAL); \
                     CREATE INDEX users_name ON users(name); \
                     INSERT INTO users VALUES (1, 'Ada', x'0102', 1.5), (2, 'O''Brien', NULL, NULL); \
                     CREATE VIEW named AS SELECT name FROM users; CREATE TABLE \"odd name\" (\"a b\" TEXT);";
        store.script("app", setup).unwrap();
        let all = store.dump("app", &DumpOptions::default()).unwrap().join("\n");
        assert_eq!(
            all,
            "PRAGMA defer_foreign_keys=TRUE;\n\
             CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, avatar BLOB, score REAL);\n\
             INSERT INTO \"users\" VALUES(1,'Ada',X'0102',1.5);\n\
             INSERT INTO \"users\" VALUES(2,'O''Brien',NULL,NULL);\n\
             CREATE TABLE IF NOT EXISTS \"odd name\" (\"a b\" TEXT);\n\
             CREATE INDEX users_name ON users(name);\n\
             CREATE VIEW named AS SELECT name FROM users;"
        );
        let schema = store.dump("app", &DumpOptions { no_data: true, ..Default::default() }).unwrap();
        assert_eq!(schema.len(), 5, "{schema:?}");
        let users = DumpOptions { no_schema: true, tables: vec!["users".into()], ..Default::default() };
        assert_eq!(
            store.dump("app", &users).unwrap(),
            [
                "PRAGMA defer_foreign_keys=TRUE;",
                "INSERT INTO \"users\" VALUES(1,'Ada',X'0102',1.5);",
                "INSERT INTO \"users\" VALUES(2,'O''Brien',NULL,NULL);"
            ]
        );
    }

    #[test]
    fn values_are_written_as_wrangler_writes_them() {
        use rusqlite::types::ValueRef;
        assert_eq!(
            sql_literal(ValueRef::Text(b"a\nb\rc")),
            "replace(replace('a\\nb\\rc','\\r',char(13)),'\\n',char(10))"
        );
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(123456.789), "123456.789");
        assert_eq!(js_number(-0.0), "0");
        assert_eq!(js_number(2.0), "2");
    }
}
