//! Durable Object storage: one SQLite database per object, as on Cloudflare
//! (`<objects dir>/<namespace>/<id>.sqlite`, the namespace named after the
//! class it was made for, config/object_classes.rs). Its key-value API lives in the table
//! `_cf_KV` (Cloudflare's name; user SQL cannot touch `_cf_` tables), keys as
//! BLOBs so they sort by UTF-8 bytes. Values are the engine's structured-clone
//! bytes, opaque here.
//!
//! Only the isolate that holds an object opens its database, so every call is
//! synchronous on that isolate's thread: a storage call never lets another event
//! in between (Cloudflare's input gate). Writes are coalesced as on Cloudflare:
//! the first call of a turn of the event loop opens a transaction, which commits
//! (`synchronous=FULL` in WAL mode) when the turn ends or before anything leaves
//! the isolate (a response, an RPC answer, a WebSocket message, a `fetch`), so
//! nothing anyone sees can rest on a write that a crash could lose (the output
//! gate), while a loop of puts costs one commit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use crate::bundle::{DurableObjectBinding, object_namespace};

/// The open databases of the objects an isolate holds.
pub struct ObjectStorage {
    dir: Option<PathBuf>,
    /// The worker's Durable Object bindings: a class's folder is its namespace's.
    bindings: Vec<DurableObjectBinding>,
    open: HashMap<(String, String), Connection>,
    /// Objects inside a `transaction()` (a savepoint): their turn's writes wait for it.
    in_transaction: std::collections::HashSet<(String, String)>,
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
    /// `dir: None`: the host keeps no object state (storage calls fail, saying
    /// so). A class's objects are in the folder of its namespace, as `bindings`
    /// (settled, runtime/objects/namespaces.rs) give it.
    pub fn new(dir: Option<PathBuf>, bindings: Vec<DurableObjectBinding>) -> ObjectStorage {
        ObjectStorage { dir, bindings, open: HashMap::new(), in_transaction: Default::default() }
    }

    /// The database of object `id` of `class`, opened on first use, inside this
    /// turn's transaction.
    pub fn db(&mut self, class: &str, id: &str) -> Result<&mut Connection, StorageError> {
        let key = (class.to_string(), id.to_string());
        if !self.open.contains_key(&key) {
            let dir = self.dir.as_ref().ok_or_else(|| {
                StorageError("this host keeps no Durable Object state (no state directory)".to_string())
            })?;
            let connection = open(&dir.join(object_namespace(&self.bindings, class)), id)?;
            self.open.insert(key.clone(), connection);
        }
        let db = self.open.get_mut(&key).expect("opened above");
        if db.is_autocommit() {
            db.execute_batch("BEGIN").map_err(failed)?;
        }
        Ok(db)
    }

    /// Commits every open transaction: at the end of a turn, and before output.
    pub fn commit(&mut self) -> Result<(), StorageError> {
        for (key, db) in &self.open {
            if !db.is_autocommit() && !self.in_transaction.contains(key) {
                db.execute_batch("COMMIT").map_err(failed)?;
            }
        }
        Ok(())
    }

    /// Closes an object's database (the object was evicted), committing first.
    pub fn close(&mut self, class: &str, id: &str) {
        if let Some(db) = self.open.remove(&(class.to_string(), id.to_string()))
            && !db.is_autocommit()
        {
            let _ = db.execute_batch("COMMIT");
        }
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

/// Runs the savepoint statements of batches and `transaction()`.
pub fn execute(db: &Connection, statement: &str) -> Result<(), StorageError> {
    db.execute_batch(statement).map_err(failed)
}

impl ObjectStorage {
    /// A savepoint statement for object `id`, noting whether one is open (the
    /// turn's commit leaves such an object's transaction alone).
    pub fn savepoint(&mut self, class: &str, id: &str, statement: &str) -> Result<(), StorageError> {
        execute(self.db(class, id)?, statement)?;
        let key = (class.to_string(), id.to_string());
        match statement {
            "SAVEPOINT worky" => {
                self.in_transaction.insert(key);
            }
            "RELEASE worky" => {
                self.in_transaction.remove(&key);
            }
            _ => {}
        }
        Ok(())
    }
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
        let mut storage = ObjectStorage::new(Some(dir.path().to_path_buf()), Default::default());
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
        let mut storage = ObjectStorage::new(None, Default::default());
        assert!(storage.db("C", "x").unwrap_err().0.contains("no Durable Object state"));
    }
}

/// A value bound to, or read from, SQL: what `ctx.storage.sql.exec` takes and gives.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum SqlValue {
    Null,
    Number(f64),
    /// A number bound as REAL even when whole (D1 binds every JS number so).
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// What one `exec` gave: the last statement's columns and rows, and the rows
/// SQLite read and wrote for all of them.
#[derive(Debug, Default, PartialEq)]
pub struct SqlResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SqlValue>>,
    pub rows_read: u64,
    pub rows_written: u64,
}

/// Cloudflare's answer to BEGIN or SAVEPOINT in `sql.exec`.
const USE_THE_TRANSACTION_API: &str = "To execute a transaction, please use the state.storage.transaction() or \
    state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The \
    JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts \
    correctly with Durable Objects' automatic atomic write coalescing.";

/// The pragmas user SQL may run (about the schema and its checks; not the journal,
/// the file or versions), as on Cloudflare (recorded in tests/workerd/d1.js).
const ALLOWED_PRAGMAS: &[&str] = &[
    "foreign_keys",
    "defer_foreign_keys",
    "foreign_key_list",
    "foreign_key_check",
    "table_info",
    "table_xinfo",
    "table_list",
    "index_info",
    "index_xinfo",
    "index_list",
    "quick_check",
    "integrity_check",
    "optimize",
    "legacy_alter_table",
    "recursive_triggers",
    "case_sensitive_like",
    "ignore_check_constraints",
    "reverse_unordered_selects",
    "data_version",
];

/// Functions user SQL may not call.
const REFUSED_FUNCTIONS: &[&str] =
    &["sqlite_version", "sqlite_source_id", "load_extension", "sqlite_compileoption_used", "sqlite_compileoption_get"];

/// Runs the user's SQL (one statement or several; `params` bind to the last). It
/// may not touch worky's own `_cf_` tables, nor open transactions itself.
pub fn exec(db: &Connection, query: &str, params: &[SqlValue]) -> Result<SqlResult, StorageError> {
    let refused = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let reason = refused.clone();
    db.authorizer(Some(move |context: rusqlite::hooks::AuthContext<'_>| {
        use rusqlite::hooks::{AuthAction, Authorization};
        let why = match context.action {
            AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => Some(USE_THE_TRANSACTION_API.to_string()),
            AuthAction::Read { table_name, column_name } if is_internal(table_name) => {
                Some(format!("access to {table_name}.{column_name} is prohibited: SQLITE_AUTH"))
            }
            AuthAction::Insert { table_name }
            | AuthAction::Update { table_name, .. }
            | AuthAction::Delete { table_name }
            | AuthAction::CreateTable { table_name }
            | AuthAction::DropTable { table_name }
                if is_internal(table_name) =>
            {
                Some(format!("access to {table_name} is prohibited: SQLITE_AUTH"))
            }
            _ => None,
        };
        // What Cloudflare's SQLite refuses besides: pragmas outside its list,
        // ATTACH and DETACH, and functions about the engine (SQLite words those).
        let refused_plainly = match context.action {
            AuthAction::Pragma { pragma_name, .. } => {
                !ALLOWED_PRAGMAS.contains(&pragma_name.to_ascii_lowercase().as_str())
            }
            AuthAction::Attach { .. } | AuthAction::Detach { .. } => true,
            AuthAction::Function { function_name } => REFUSED_FUNCTIONS.contains(&function_name),
            _ => false,
        };
        if refused_plainly && why.is_none() {
            return Authorization::Deny;
        }
        match why {
            Some(why) => {
                *reason.lock().expect("authorizer lock") = Some(why);
                Authorization::Deny
            }
            None => Authorization::Allow,
        }
    }));
    let result = run_statements(db, query, params);
    db.authorizer(None::<fn(rusqlite::hooks::AuthContext<'_>) -> rusqlite::hooks::Authorization>);
    result.map_err(|err| match refused.lock().expect("authorizer lock").take() {
        Some(why) => StorageError(why),
        None => sql_error(err),
    })
}

fn is_internal(table: &str) -> bool {
    table.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("_cf_"))
}

/// Runs the statements one after another, each prepared only once the ones
/// before it ran (a table made by one is there for the next); the values bind
/// to the last one.
fn run_statements(db: &Connection, query: &str, params: &[SqlValue]) -> rusqlite::Result<SqlResult> {
    use rusqlite::fallible_iterator::FallibleIterator;
    let pieces = split_statements(query);
    let mut result = SqlResult::default();
    for (index, piece) in pieces.iter().enumerate() {
        let Some(mut statement) = rusqlite::Batch::new(db, piece).next()? else { continue };
        let last = index + 1 == pieces.len();
        if last {
            if statement.parameter_count() != params.len() {
                return Err(rusqlite::Error::InvalidParameterCount(params.len(), statement.parameter_count()));
            }
            for (index, value) in params.iter().enumerate() {
                bind(&mut statement, index + 1, value)?;
            }
        }
        let columns: Vec<String> = statement.column_names().iter().map(|name| name.to_string()).collect();
        let changes_before = db.total_changes();
        let mut rows = statement.raw_query();
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            read.push((0..columns.len()).map(|index| value_of(row.get_ref(index))).collect::<rusqlite::Result<_>>()?);
        }
        drop(rows);
        result.rows_read += read.len() as u64;
        result.rows_written += db.total_changes().saturating_sub(changes_before);
        result.columns = columns;
        result.rows = read;
    }
    Ok(result)
}

/// A script's statements as text, split where SQLite's own `sqlite3_complete`
/// (the sqlite3 shell's splitter) says one ends, so a trigger's body keeps its
/// semicolons; pieces of nothing but whitespace, comments and `;` are left out.
fn split_statements(sql: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (end, _) in sql.match_indices(';') {
        if is_complete(&sql[start..=end]) {
            pieces.push(&sql[start..=end]);
            start = end + 1;
        }
    }
    pieces.push(&sql[start..]);
    pieces.retain(|piece| has_tokens(piece));
    pieces
}

fn is_complete(sql: &str) -> bool {
    let Ok(text) = std::ffi::CString::new(sql) else { return false };
    // SAFETY: sqlite3_complete reads the NUL-terminated string it is given and keeps nothing.
    unsafe { rusqlite::ffi::sqlite3_complete(text.as_ptr()) != 0 }
}

/// Whether SQL has anything but whitespace, comments and semicolons.
fn has_tokens(sql: &str) -> bool {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        if let Some(comment) = rest.strip_prefix("--") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            rest = comment.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return !rest.is_empty();
        }
    }
}

fn bind(statement: &mut rusqlite::Statement<'_>, index: usize, value: &SqlValue) -> rusqlite::Result<()> {
    match value {
        SqlValue::Null => statement.raw_bind_parameter(index, rusqlite::types::Null),
        // Whole numbers bind as INTEGER, as SQLite would store them.
        SqlValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
            statement.raw_bind_parameter(index, *n as i64)
        }
        SqlValue::Number(n) | SqlValue::Real(n) => statement.raw_bind_parameter(index, n),
        SqlValue::Text(text) => statement.raw_bind_parameter(index, text),
        SqlValue::Blob(bytes) => statement.raw_bind_parameter(index, bytes),
    }
}

fn value_of(value: rusqlite::Result<rusqlite::types::ValueRef<'_>>) -> rusqlite::Result<SqlValue> {
    use rusqlite::types::ValueRef;
    Ok(match value? {
        ValueRef::Null => SqlValue::Null,
        ValueRef::Integer(n) => SqlValue::Number(n as f64),
        ValueRef::Real(n) => SqlValue::Number(n),
        ValueRef::Text(text) => SqlValue::Text(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(bytes) => SqlValue::Blob(bytes.to_vec()),
    })
}

/// SQLite's message as Cloudflare words it: `near "SELEC": syntax error at offset 0: SQLITE_ERROR`.
fn sql_error(err: rusqlite::Error) -> StorageError {
    match err {
        rusqlite::Error::SqlInputError { error, msg, offset, .. } => {
            StorageError(format!("{msg} at offset {offset}: {}", code_names(error.extended_code)))
        }
        rusqlite::Error::SqliteFailure(error, msg) => {
            StorageError(format!("{}: {}", msg.unwrap_or_else(|| error.to_string()), code_names(error.extended_code)))
        }
        rusqlite::Error::InvalidParameterCount(..) => {
            StorageError("Wrong number of parameter bindings for SQL query.".to_string())
        }
        other => StorageError(other.to_string()),
    }
}

/// The code as Cloudflare names it, with the extended code where SQLite gives
/// one: `SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`.
fn code_names(code: std::ffi::c_int) -> String {
    use rusqlite::ffi;
    let extended = match code {
        ffi::SQLITE_CONSTRAINT_UNIQUE => "SQLITE_CONSTRAINT_UNIQUE",
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY => "SQLITE_CONSTRAINT_PRIMARYKEY",
        ffi::SQLITE_CONSTRAINT_NOTNULL => "SQLITE_CONSTRAINT_NOTNULL",
        ffi::SQLITE_CONSTRAINT_CHECK => "SQLITE_CONSTRAINT_CHECK",
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => "SQLITE_CONSTRAINT_FOREIGNKEY",
        ffi::SQLITE_CONSTRAINT_TRIGGER => "SQLITE_CONSTRAINT_TRIGGER",
        ffi::SQLITE_CONSTRAINT_ROWID => "SQLITE_CONSTRAINT_ROWID",
        _ => return code_name(code).to_string(),
    };
    format!("{} (extended: {extended})", code_name(code))
}

fn code_name(code: std::ffi::c_int) -> &'static str {
    match code & 0xff {
        rusqlite::ffi::SQLITE_CONSTRAINT => "SQLITE_CONSTRAINT",
        rusqlite::ffi::SQLITE_AUTH => "SQLITE_AUTH",
        rusqlite::ffi::SQLITE_TOOBIG => "SQLITE_TOOBIG",
        rusqlite::ffi::SQLITE_MISMATCH => "SQLITE_MISMATCH",
        rusqlite::ffi::SQLITE_RANGE => "SQLITE_RANGE",
        _ => "SQLITE_ERROR",
    }
}

/// The database's size in bytes (`sql.databaseSize`).
pub fn size(db: &Connection) -> Result<u64, StorageError> {
    db.query_row("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|size| size.max(0) as u64)
    .map_err(failed)
}

#[cfg(test)]
mod sql_tests {
    use super::*;

    fn db() -> (tempfile::TempDir, ObjectStorage) {
        let dir = tempfile::tempdir().unwrap();
        let storage = ObjectStorage::new(Some(dir.path().to_path_buf()), Default::default());
        (dir, storage)
    }

    #[test]
    fn statements_bindings_and_counts() {
        let (_dir, mut storage) = db();
        let db = storage.db("C", "x").unwrap();
        exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)", &[]).unwrap();
        let params =
            [SqlValue::Text("a".into()), SqlValue::Number(1.5), SqlValue::Blob(vec![1, 2]), SqlValue::Text("b".into())];
        let inserted = exec(db, "INSERT INTO t (name, score, data) VALUES (?, ?, ?), (?, 2, NULL)", &params).unwrap();
        assert_eq!((inserted.rows_read, inserted.rows_written), (0, 2));
        let selected = exec(db, "SELECT * FROM t ORDER BY id", &[]).unwrap();
        assert_eq!(selected.columns, ["id", "name", "score", "data"]);
        assert_eq!(
            selected.rows[0],
            [SqlValue::Number(1.0), SqlValue::Text("a".into()), SqlValue::Number(1.5), SqlValue::Blob(vec![1, 2])]
        );
        assert_eq!(selected.rows[1][3], SqlValue::Null);
        let last = exec(db, "INSERT INTO t (name) VALUES ('c'); SELECT count(*) AS n FROM t", &[]).unwrap();
        assert_eq!(
            (last.columns.as_slice(), last.rows.as_slice()),
            (&["n".to_string()][..], &[vec![SqlValue::Number(3.0)]][..])
        );
    }

    /// A script whose statements use what the ones before made (a migration:
    /// a table, then its index and rows), a trigger whose body has semicolons,
    /// a semicolon in a string, the values bound to the last statement.
    #[test]
    fn each_statement_is_prepared_after_the_ones_before_ran() {
        let (_dir, mut storage) = db();
        let db = storage.db("C", "x").unwrap();
        let script = "-- a migration\nCREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\n\
                      CREATE INDEX t_name ON t (name);\n\
                      CREATE TABLE log (what TEXT);\n\
                      CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('a;b'); END;\n\
                      INSERT INTO t (name) VALUES ('x;y'); /* done */ ;\n\
                      SELECT (SELECT count(*) FROM log) AS logged, name FROM t WHERE id = ?";
        let last = exec(db, script, &[SqlValue::Number(1.0)]).unwrap();
        assert_eq!(last.rows, [vec![SqlValue::Number(1.0), SqlValue::Text("x;y".into())]]);
        assert_eq!(split_statements("SELECT 1; ; -- nothing\n /* more */").len(), 1);
        assert_eq!(split_statements("SELECT 1; SELECT 2").len(), 2);
    }

    #[test]
    fn errors_read_as_cloudflares() {
        let (_dir, mut storage) = db();
        let db = storage.db("C", "x").unwrap();
        assert_eq!(exec(db, "SELEC 1", &[]).unwrap_err().0, "near \"SELEC\": syntax error at offset 0: SQLITE_ERROR");
        assert_eq!(exec(db, "SELECT ?", &[]).unwrap_err().0, "Wrong number of parameter bindings for SQL query.");
        assert!(exec(db, "BEGIN TRANSACTION", &[]).unwrap_err().0.starts_with("To execute a transaction"));
        assert_eq!(
            exec(db, "SELECT * FROM _cf_KV", &[]).unwrap_err().0,
            "access to _cf_KV.key is prohibited: SQLITE_AUTH"
        );
        assert!(exec(db, "DROP TABLE _CF_kv", &[]).unwrap_err().0.contains("prohibited"));
        // Our own statements still work once the user's are done.
        execute(db, "SAVEPOINT worky").unwrap();
        execute(db, "RELEASE worky").unwrap();
        assert!(size(db).unwrap() > 0);
    }
}
