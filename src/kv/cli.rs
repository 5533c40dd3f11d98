//! `worky kv`: look at and seed a project's local KV data without writing a worker.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Entry, KvStore, SqliteStore};
use crate::kv;
use crate::project::Project;
use crate::ui;

pub enum Command {
    List {
        prefix: String,
        json: bool,
    },
    Get {
        key: String,
        json: bool,
    },
    Put {
        key: String,
        value: Option<String>,
        path: Option<PathBuf>,
        ttl: Option<f64>,
        expiration: Option<f64>,
        metadata: Option<String>,
    },
    Delete {
        key: String,
    },
}

/// Runs `command` on the namespace `binding` (optional when the project has exactly one).
pub fn run(project: &Project, persist_to: Option<&Path>, binding: Option<&str>, command: Command) -> Result<()> {
    let namespace = pick_binding(project, binding)?;
    let path = project.kv_path(persist_to);
    let store = SqliteStore::open(&path)?;
    match command {
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
    let bindings: Vec<&str> = project.config.kv_namespaces.iter().map(|ns| ns.binding.as_str()).collect();
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
