//! `worky d1`: run SQL on a project's local D1 databases (the data `worky dev`
//! uses) and apply their migrations, as `wrangler d1 execute` and `wrangler d1
//! migrations` do locally: migrations are `.sql` files in the database's
//! `migrations_dir` (default `migrations`), applied in name order, each in one
//! transaction, recorded in its `migrations_table` (default `d1_migrations`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use super::kv::LocalProject;
use crate::config::Project;
use crate::config::project::D1Database;
use crate::runtime::d1::{D1Store, DumpOptions, Outcome};
use crate::runtime::objects::storage::SqlValue;
use crate::ui;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    local: LocalProject,
    /// The data as worky serve names it (the database_id), not the preview_database_id dev uses
    #[arg(long, global = true)]
    deployed: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run SQL (one or more statements) on a database; prints what the last one returned
    Execute {
        /// The database: its `database_name` or its `binding`
        database: String,
        /// The SQL to run
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        command: Option<String>,
        /// A file of SQL to run
        #[arg(long)]
        file: Option<PathBuf>,
        /// Print JSON: [{results, success, meta}]
        #[arg(long)]
        json: bool,
    },
    /// Write a database out as SQL (its schema and rows), as `wrangler d1 export` does
    Export {
        /// The database: its `database_name` or its `binding`
        database: String,
        /// The file to write
        #[arg(long)]
        output: PathBuf,
        /// Only the rows, not the tables' definitions
        #[arg(long, conflicts_with = "no_data")]
        no_schema: bool,
        /// Only the tables' definitions, not their rows
        #[arg(long)]
        no_data: bool,
        /// Only this table (repeat for more)
        #[arg(long = "table", value_name = "TABLE")]
        tables: Vec<String>,
    },
    /// Create, list and apply migrations
    Migrations {
        #[command(subcommand)]
        command: Migrations,
    },
}

#[derive(Subcommand)]
enum Migrations {
    /// Write an empty migration file, numbered after the last one
    Create { database: String, message: String },
    /// List the migrations not applied yet
    List { database: String },
    /// Apply the migrations not applied yet, in order
    Apply { database: String },
}

pub fn run(args: Args) -> Result<()> {
    let project = args.local.load()?;
    let store = D1Store::new(&project.d1_dir(args.local.persist_to.as_deref()));
    let dev = !args.deployed;
    match args.command {
        Command::Execute { database, command, file, json } => {
            let sql = match (command, file) {
                (Some(sql), _) => sql,
                (None, Some(file)) => {
                    std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?
                }
                (None, None) => bail!("give the SQL with --command or --file"),
            };
            let database = find(&project, &database)?;
            let outcome = store.script(&database.storage(dev), &sql).map_err(|err| anyhow::anyhow!("{err}"))?;
            print_outcome(&outcome, json);
            Ok(())
        }
        Command::Export { database, output, no_schema, no_data, tables } => {
            let database = find(&project, &database)?;
            let options = DumpOptions { no_schema, no_data, tables };
            let lines = store.dump(&database.storage(dev), &options).map_err(|err| anyhow::anyhow!("{err}"))?;
            std::fs::write(&output, lines.join("\n")).with_context(|| format!("cannot write {}", output.display()))?;
            let statements = lines.len() - 1;
            ui::status("Exported", format!("{}: {statements} statements to {}", name(database), output.display()));
            Ok(())
        }
        Command::Migrations { command } => match command {
            Migrations::Create { database, message } => create(&project, find(&project, &database)?, &message),
            Migrations::List { database } => {
                let database = find(&project, &database)?;
                let pending = pending(&project, &store, database, dev)?;
                if pending.is_empty() {
                    ui::status("Up to date", format!("{}: no migrations to apply", name(database)));
                }
                for (file, _) in pending {
                    println!("{file}");
                }
                Ok(())
            }
            Migrations::Apply { database } => apply(&project, &store, find(&project, &database)?, dev),
        },
    }
}

fn name(database: &D1Database) -> &str {
    database.database_name.as_deref().unwrap_or(database.binding.get_ref())
}

/// The `[[d1_databases]]` entry named `wanted` (by `database_name` or `binding`).
fn find<'a>(project: &'a Project, wanted: &str) -> Result<&'a D1Database> {
    let databases = &project.config.d1_databases;
    if let Some(found) =
        databases.iter().find(|db| db.database_name.as_deref() == Some(wanted) || db.binding.get_ref() == wanted)
    {
        return Ok(found);
    }
    let known: Vec<&str> = databases.iter().map(name).collect();
    match known.is_empty() {
        true => bail!("no D1 database `{wanted}`: the config has no [[d1_databases]]"),
        false => bail!("no D1 database `{wanted}`; the config has: {}", known.join(", ")),
    }
}

fn migrations_dir(project: &Project, database: &D1Database) -> PathBuf {
    project.root.join(database.migrations_dir.as_deref().unwrap_or("migrations"))
}

fn migrations_table(database: &D1Database) -> &str {
    database.migrations_table.as_deref().unwrap_or("d1_migrations")
}

/// The migration files not applied yet, in order: (file name, SQL).
fn pending(project: &Project, store: &D1Store, database: &D1Database, dev: bool) -> Result<Vec<(String, String)>> {
    let dir = migrations_dir(project, database);
    let mut files: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|file| file.ends_with(".sql"))
            .collect(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", dir.display())),
    };
    files.sort();
    let table = migrations_table(database);
    let storage = database.storage(dev);
    let create = format!(
        "CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, \
         applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)"
    );
    store.script(&storage, &create).map_err(|err| anyhow::anyhow!("{err}"))?;
    let applied =
        store.script(&storage, &format!("SELECT name FROM {table}")).map_err(|err| anyhow::anyhow!("{err}"))?;
    let applied: Vec<&SqlValue> = applied.rows.iter().filter_map(|row| row.first()).collect();
    let mut out = Vec::new();
    for file in files {
        if applied.iter().any(|name| matches!(name, SqlValue::Text(name) if *name == file)) {
            continue;
        }
        let sql = std::fs::read_to_string(dir.join(&file)).with_context(|| format!("cannot read {file}"))?;
        out.push((file, sql));
    }
    Ok(out)
}

/// Applies each pending migration with its record, in one transaction each;
/// stops at the first that fails, naming it.
fn apply(project: &Project, store: &D1Store, database: &D1Database, dev: bool) -> Result<()> {
    let pending = pending(project, store, database, dev)?;
    if pending.is_empty() {
        ui::status("Up to date", format!("{}: no migrations to apply", name(database)));
        return Ok(());
    }
    let table = migrations_table(database);
    for (file, sql) in pending {
        let quoted = file.replace('\'', "''");
        let script = format!("{sql}\n;\nINSERT INTO {table} (name) VALUES ('{quoted}');");
        store
            .script(&database.storage(dev), &script)
            .map_err(|err| anyhow::anyhow!("migration {file} failed (nothing of it was applied): {err}"))?;
        ui::status("Applied", format!("{file} to {}", name(database)));
    }
    Ok(())
}

/// `migrations/NNNN_message.sql`, numbered one after the highest there.
fn create(project: &Project, database: &D1Database, message: &str) -> Result<()> {
    let dir = migrations_dir(project, database);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let highest = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|file| file.split('_').next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let slug: String =
        message.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let path = dir.join(format!("{:04}_{slug}.sql", highest + 1));
    std::fs::write(&path, format!("-- Migration number: {:04}\n", highest + 1))
        .with_context(|| format!("cannot write {}", path.display()))?;
    ui::status("Created", shown(&path));
    Ok(())
}

fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// The rows as JSON objects, column by column.
pub(super) fn rows_json(outcome: &Outcome) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let value = |value: &SqlValue| match value {
        SqlValue::Null => serde_json::Value::Null,
        // Whole numbers as JavaScript writes them (2, not 2.0), as wrangler prints them.
        SqlValue::Number(n) | SqlValue::Real(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
            serde_json::json!(*n as i64)
        }
        SqlValue::Number(n) | SqlValue::Real(n) => serde_json::json!(n),
        SqlValue::Text(text) => serde_json::json!(text),
        SqlValue::Blob(bytes) => serde_json::json!(bytes),
    };
    outcome.rows.iter().map(|row| outcome.columns.iter().cloned().zip(row.iter().map(value)).collect()).collect()
}

pub(super) fn print_outcome(outcome: &Outcome, json: bool) {
    let rows = rows_json(outcome);
    if json {
        let meta = serde_json::json!({
            "changes": outcome.changes, "last_row_id": outcome.last_row_id, "changed_db": outcome.changed_db,
            "rows_read": outcome.rows_read, "rows_written": outcome.rows_written, "size_after": outcome.size_after,
        });
        println!("{}", serde_json::json!([{ "results": rows, "success": true, "meta": meta }]));
        return;
    }
    if !outcome.columns.is_empty() {
        println!("{}", outcome.columns.join("\t"));
        for row in &rows {
            let cells: Vec<String> = outcome
                .columns
                .iter()
                .map(|column| match &row[column] {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect();
            println!("{}", cells.join("\t"));
        }
    }
    ui::status("Executed", format!("{} rows changed, {} rows returned", outcome.changes, rows.len()));
}
