//! `worky kv`: look at and seed a project's local KV data without writing a
//! worker, through the same rules and store the KV binding uses.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use crate::config::Project;
use crate::kv::{self, Entry, KvStore, SqliteStore};
use crate::ui;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// KV namespace (a `binding` of [[kv_namespaces]]); optional when there is only one
    #[arg(long, short, global = true)]
    binding: Option<String>,
    #[command(flatten)]
    local: LocalProject,
}

/// The project and its local state: what `worky kv` and `worky d1` work on.
#[derive(clap::Args)]
pub struct LocalProject {
    /// Directory of the local state [default: .worky/state in the project]
    #[arg(long, value_name = "DIR", global = true)]
    pub persist_to: Option<PathBuf>,
    /// Path to worky.toml or wrangler's config [default: found in the current directory or its parents]
    #[arg(long, short, global = true)]
    config: Option<PathBuf>,
    /// The config's environment NAME ([env.NAME], as in wrangler)
    #[arg(long, short = 'e', value_name = "NAME", global = true)]
    env: Option<String>,
}

impl LocalProject {
    /// The project, its notices said.
    pub fn load(&self) -> Result<Project> {
        let project = Project::load_in(self.config.as_deref(), None, self.env.as_deref())?;
        ui::notices(&project.notices);
        Ok(project)
    }
}

#[derive(Subcommand)]
enum Command {
    /// List keys (all pages), sorted by their UTF-8 bytes
    List {
        /// Only keys starting with this
        #[arg(long, default_value = "")]
        prefix: String,
        /// Print JSON: [{name, expiration?, metadata?}]
        #[arg(long)]
        json: bool,
    },
    /// Print a value (raw bytes; --json for value, metadata and expiration)
    Get {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Store a value given as an argument or read from a file
    Put {
        key: String,
        value: Option<String>,
        /// Read the value from this file instead
        #[arg(long, conflicts_with = "value")]
        path: Option<PathBuf>,
        /// Expire after this many seconds (at least 60)
        #[arg(long, value_name = "SECONDS")]
        ttl: Option<f64>,
        /// Expire at this time (seconds since the epoch)
        #[arg(long, value_name = "EPOCH_SECONDS")]
        expiration: Option<f64>,
        /// JSON metadata to store with the value (at most 1024 bytes)
        #[arg(long)]
        metadata: Option<String>,
    },
    /// Delete a key
    Delete { key: String },
}

/// Runs the command on the namespace `--binding` (optional when the project has exactly one).
pub fn run(args: Args) -> Result<()> {
    let project = args.local.load()?;
    let binding = pick_binding(&project, args.binding.as_deref())?;
    // The data `worky dev` keeps for that binding: under its preview_id or id, if it has one.
    let namespace = project.config.kv_storage(true).remove(&binding).unwrap_or(binding);
    let path = project.kv_path(args.local.persist_to.as_deref());
    let store = SqliteStore::open(&path)?;
    match args.command {
        Command::List { prefix, json } => list(&store, &namespace, &prefix, json),
        Command::Get { key, json } => get(&store, &namespace, &key, json),
        Command::Put { key, value, path, ttl, expiration, metadata } => {
            let value = match (value, path) {
                (Some(value), None) => value.into_bytes(),
                (None, Some(path)) => {
                    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?
                }
                _ => bail!("give the value either as an argument or with --path FILE"),
            };
            if let Some(metadata) = &metadata {
                serde_json::from_str::<serde_json::Value>(metadata).context("--metadata must be JSON")?;
            }
            kv::validate_key(&key)?;
            let expiration = kv::validate_put(value.len(), metadata.as_deref(), expiration, ttl, kv::now_seconds())?;
            store.put(&namespace, &key, Entry { value, metadata, expiration })?;
            ui::status("Stored", format!("{key} in {namespace}"));
            Ok(())
        }
        Command::Delete { key } => {
            kv::validate_key(&key)?;
            store.delete(&namespace, &key)?;
            ui::status("Deleted", format!("{key} from {namespace}"));
            Ok(())
        }
    }
}

fn pick_binding(project: &Project, binding: Option<&str>) -> Result<String> {
    let bindings = project.config.kv_bindings();
    let bindings: Vec<&str> = bindings.iter().map(String::as_str).collect();
    match (binding, bindings.as_slice()) {
        (Some(binding), _) if bindings.contains(&binding) => Ok(binding.to_string()),
        (Some(binding), []) => {
            bail!("no KV namespace `{binding}`: this project binds none (add [[kv_namespaces]] to worky.toml)")
        }
        (Some(binding), _) => bail!("no KV namespace `{binding}`; the project binds: {}", bindings.join(", ")),
        (None, [only]) => Ok(only.to_string()),
        (None, []) => bail!("this project binds no KV namespace: add [[kv_namespaces]] binding = \"KV\" to worky.toml"),
        (None, _) => bail!("choose a namespace with --binding: {}", bindings.join(", ")),
    }
}

fn list(store: &dyn KvStore, namespace: &str, prefix: &str, json: bool) -> Result<()> {
    let mut keys = Vec::new();
    let mut cursor = None;
    loop {
        let page = kv::list(store, namespace, prefix, None, cursor.as_deref())?;
        keys.extend(page.keys);
        if page.list_complete {
            break;
        }
        cursor = page.cursor;
    }
    let mut out = std::io::stdout().lock();
    if json {
        let keys: Vec<serde_json::Value> = keys
            .into_iter()
            .map(|key| {
                let mut item = serde_json::json!({ "name": key.name });
                if let Some(expiration) = key.expiration {
                    item["expiration"] = expiration.into();
                }
                if let Some(metadata) = key.metadata {
                    item["metadata"] = serde_json::from_str(&metadata).unwrap_or(serde_json::Value::Null);
                }
                item
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&keys)?)?;
    } else {
        for key in &keys {
            let mut extra = String::new();
            if let Some(expiration) = key.expiration {
                extra.push_str(&format!("  expires in {}s", expiration - kv::now_seconds()));
            }
            if let Some(metadata) = &key.metadata {
                extra.push_str(&format!("  metadata {metadata}"));
            }
            writeln!(out, "{}{}", key.name, ui::dim(extra))?;
        }
        if keys.is_empty() {
            ui::status(
                "Empty",
                format!(
                    "no keys in {namespace}{}",
                    if prefix.is_empty() { String::new() } else { format!(" with prefix `{prefix}`") }
                ),
            );
        }
    }
    Ok(())
}

fn get(store: &dyn KvStore, namespace: &str, key: &str, json: bool) -> Result<()> {
    kv::validate_key(key)?;
    let Some(entry) = store.get(namespace, key)? else {
        bail!("no value for `{key}` in {namespace}");
    };
    let mut out = std::io::stdout().lock();
    if json {
        let value =
            String::from_utf8(entry.value.clone()).unwrap_or_else(|_| String::from_utf8_lossy(&entry.value).into());
        let metadata = entry.metadata.as_deref().map(serde_json::from_str::<serde_json::Value>).transpose()?;
        let report = serde_json::json!({ "value": value, "metadata": metadata, "expiration": entry.expiration });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        out.write_all(&entry.value)?;
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            writeln!(out)?;
        }
    }
    Ok(())
}
