//! A worky project on disk: `worky.toml`, `.dev.vars` and the entry module.
//!
//! The config mirrors wrangler.toml where it fits. Unknown keys are errors (with
//! file, line and column), never silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "worky.toml";
pub const DEV_VARS_FILE: &str = ".dev.vars";

/// `worky.toml`, as written by the user.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub name: String,
    /// Entry module, relative to the config file.
    pub main: Option<String>,
    /// The package version `worky publish` uses.
    pub version: Option<String>,
    pub compatibility_date: Option<String>,
    #[serde(default)]
    pub compatibility_flags: Vec<String>,
    /// Plain-text or JSON values handed to the worker as `env.NAME`.
    #[serde(default)]
    pub vars: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub kv_namespaces: Vec<KvNamespace>,
    #[serde(default)]
    pub triggers: Triggers,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub pool: PoolSettings,
    #[serde(default)]
    pub dev: DevSettings,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KvNamespace {
    pub binding: String,
    /// Accepted for wrangler.toml compatibility; locally the binding name is the namespace.
    pub id: Option<String>,
    pub preview_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Triggers {
    #[serde(default)]
    pub crons: Vec<String>,
}

/// Per-request and per-isolate resource limits.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// CPU time one uninterrupted stretch of a worker's JS may use, in ms.
    pub cpu_ms: u64,
    /// Time from request to response head, in ms.
    pub wall_ms: u64,
    /// Heap per isolate, in MiB.
    pub memory_mb: u64,
    /// Largest request body accepted, in MiB (413 past it).
    pub max_body_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { cpu_ms: 30_000, wall_ms: 30_000, memory_mb: 128, max_body_mb: 100 }
    }
}

/// `[pool]`: how many isolates run a worker.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PoolSettings {
    /// Isolates kept even when idle (a warm spare comes on top while there is room).
    pub min_isolates: usize,
    /// Most isolates at once; defaults to the number of cores.
    pub max_isolates: usize,
    /// Requests one isolate works on at once before the pool prefers another.
    pub max_concurrent_requests: usize,
    /// Idle isolates above the minimum are retired after this many seconds.
    pub idle_timeout_s: u64,
}

impl Default for PoolSettings {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        PoolSettings { min_isolates: 1, max_isolates: cores.max(1), max_concurrent_requests: 64, idle_timeout_s: 60 }
    }
}

/// `[dev]`: defaults for `worky dev`, overridden by command-line flags.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DevSettings {
    pub port: Option<u16>,
    pub ip: Option<String>,
}

/// A project resolved from the command line and the files next to it.
#[derive(Debug, Clone)]
pub struct Project {
    /// Directory holding worky.toml (or the entry file when there is none).
    pub root: PathBuf,
    pub config: Config,
    /// Absolute path of the entry module.
    pub entry: PathBuf,
    /// Where the config came from, if a file.
    pub config_path: Option<PathBuf>,
}

impl Project {
    /// Loads the project for a command. `entry` (a .js/.ts file) overrides `main`;
    /// with an entry no worky.toml is needed and the worker is named after the file.
    pub fn load(config: Option<&Path>, entry: Option<&Path>) -> Result<Project> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let config_path = match config {
            Some(path) => Some(absolute(&cwd, path)),
            None => find_upwards(&cwd, CONFIG_FILE),
        };
        // An explicit entry outside any project should not pick up an unrelated worky.toml.
        let config_path = match (config, entry, config_path) {
            (None, Some(_), Some(found)) if found.parent() != Some(cwd.as_path()) => None,
            (_, _, found) => found,
        };
        let (root, mut config) = match &config_path {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
                let config = Config::parse(&text, path)?;
                (path.parent().unwrap_or(&cwd).to_path_buf(), config)
            }
            None => (cwd.clone(), Config::default()),
        };
        let entry_from_flag = entry.is_some();
        let entry = match (entry, &config.main) {
            (Some(entry), _) => absolute(&cwd, entry),
            (None, Some(main)) => root.join(main),
            (None, None) => match &config_path {
                Some(path) => bail!(
                    "{}: no entry module: set `main = \"src/index.ts\"` or pass one, as in `worky dev src/index.ts`",
                    path.display()
                ),
                None => bail!(
                    "no {CONFIG_FILE} found in {} or its parents, and no entry module given\n  \
                     create a project with `worky init my-app`, or run a single file with `worky dev worker.ts`",
                    cwd.display()
                ),
            },
        };
        if !entry.is_file() {
            let origin = match (&config_path, entry_from_flag) {
                (Some(path), false) => format!(" (set by `main` in {})", path.display()),
                _ => String::new(),
            };
            bail!(
                "entry module {} does not exist{origin}\n  create it, or point `main` in {CONFIG_FILE} at your worker",
                entry.display()
            );
        }
        if config.name.is_empty() {
            config.name =
                entry.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "worker".into());
        }
        Ok(Project { root, config, entry, config_path })
    }

    /// The local KV database: `.worky/state/kv.sqlite3` in the project, or in `persist_to`.
    pub fn kv_path(&self, persist_to: Option<&Path>) -> PathBuf {
        let dir = match persist_to {
            Some(dir) => dir.to_path_buf(),
            None => self.root.join(".worky").join("state"),
        };
        dir.join("kv.sqlite3")
    }

    /// Secrets for local development, from `.dev.vars` next to worky.toml.
    pub fn dev_secrets(&self) -> Result<BTreeMap<String, String>> {
        read_dev_vars(&self.root.join(DEV_VARS_FILE))
    }

    /// The bindings a worker sees as `env`: `[vars]` then secrets (secrets win, as in wrangler).
    pub fn env_json(&self, secrets: &BTreeMap<String, String>) -> serde_json::Value {
        let mut env = serde_json::Map::new();
        for (name, value) in &self.config.vars {
            env.insert(name.clone(), toml_to_json(value));
        }
        for (name, value) in secrets {
            env.insert(name.clone(), serde_json::Value::String(value.clone()));
        }
        serde_json::Value::Object(env)
    }
}

impl Config {
    /// Parses worky.toml text; errors name the file, line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let config: Config = toml::from_str(text)
            .map_err(|err| anyhow::anyhow!("{}: {}", path.display(), describe_toml_error(text, &err)))?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<()> {
        let at = |needle: &str| -> String {
            match text.lines().position(|line| line.contains(needle)) {
                Some(index) => format!("{}:{}", path.display(), index + 1),
                None => path.display().to_string(),
            }
        };
        for name in self.vars.keys() {
            if !is_js_identifier(name) {
                bail!("{}: [vars] name `{name}` is not a valid JavaScript identifier", at(name));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for ns in &self.kv_namespaces {
            if !is_js_identifier(&ns.binding) {
                bail!(
                    "{}: kv_namespaces binding `{}` is not a valid JavaScript identifier",
                    at(&ns.binding),
                    ns.binding
                );
            }
            if !seen.insert(&ns.binding) || self.vars.contains_key(&ns.binding) {
                bail!("{}: binding `{}` is defined twice", at(&ns.binding), ns.binding);
            }
        }
        for cron in &self.triggers.crons {
            if let Err(err) = crate::scheduler::parse(cron) {
                bail!("{}: {err}", at(cron));
            }
        }
        let positive = [
            ("cpu_ms", self.limits.cpu_ms),
            ("wall_ms", self.limits.wall_ms),
            ("max_body_mb", self.limits.max_body_mb),
            ("min_isolates", self.pool.min_isolates as u64),
            ("max_concurrent_requests", self.pool.max_concurrent_requests as u64),
        ];
        for (key, value) in positive {
            if value == 0 {
                bail!("{}: {key} must be at least 1", at(key));
            }
        }
        if self.limits.memory_mb < 16 {
            bail!("{}: limits.memory_mb must be at least 16", at("memory_mb"));
        }
        if self.pool.max_isolates < self.pool.min_isolates {
            bail!("{}: pool.max_isolates must be at least min_isolates", at("max_isolates"));
        }
        Ok(())
    }
}

/// toml's message already carries "line N, column M" and a code frame; keep it whole.
fn describe_toml_error(_text: &str, err: &toml::de::Error) -> String {
    let message = err.to_string();
    let message = message.trim_end();
    if message.contains("unknown field") {
        format!("{message}\n  remove the key or fix its spelling (see docs/configuration.md)")
    } else {
        message.to_string()
    }
}

/// Parses a dotenv file; a missing file means no secrets.
pub fn read_dev_vars(path: &Path) -> Result<BTreeMap<String, String>> {
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let mut vars = BTreeMap::new();
    let iter = dotenvy::from_path_iter(path).with_context(|| format!("cannot read {}", path.display()))?;
    for item in iter {
        let (key, value) = item.map_err(|err| match err {
            dotenvy::Error::LineParse(line, index) => {
                anyhow::anyhow!("{}: cannot parse `{line}` (at character {index}): expected KEY=value", path.display())
            }
            other => anyhow::anyhow!("{}: {other}", path.display()),
        })?;
        vars.insert(key, value);
    }
    Ok(vars)
}

pub fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            serde_json::Value::Object(table.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect())
        }
    }
}

fn is_js_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}

fn find_upwards(start: &Path, file: &str) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(file)).find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new("/p/worky.toml"))
    }

    #[test]
    fn parses_the_documented_shape() {
        let config = parse(
            r#"
name = "my-app"
main = "src/index.ts"
compatibility_date = "2026-11-01"
[vars]
GREETING = "hello"
LIMITS = { max = 3 }
[[kv_namespaces]]
binding = "KV"
[triggers]
crons = ["*/5 * * * *"]
[limits]
memory_mb = 64
cpu_ms = 50
[pool]
max_isolates = 4
"#,
        )
        .unwrap();
        assert_eq!(config.name, "my-app");
        assert_eq!(config.main.as_deref(), Some("src/index.ts"));
        assert_eq!(config.kv_namespaces[0].binding, "KV");
        assert_eq!(config.triggers.crons, vec!["*/5 * * * *"]);
        assert_eq!(config.limits.memory_mb, 64);
        assert_eq!(config.limits.cpu_ms, 50);
        assert_eq!(config.limits.max_body_mb, 100, "defaults fill the rest");
        assert_eq!(config.pool.max_isolates, 4);
        assert_eq!(config.pool.min_isolates, 1);
        assert_eq!(toml_to_json(&config.vars["LIMITS"]), serde_json::json!({"max": 3}));
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err = parse("name = \"a\"\nmian = \"src/index.ts\"\n").unwrap_err().to_string();
        assert!(err.contains("/p/worky.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("unknown field `mian`"), "{err}");
    }

    #[test]
    fn unknown_key_in_a_table_is_an_error() {
        let err = parse("name = \"a\"\n[limits]\ncpu = 5\n").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("unknown field `cpu`"), "{err}");
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let err = parse("name = \"a\"\n\nmain = src/index.ts\n").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn bad_crons_are_errors_with_the_line() {
        let err = parse("name = \"a\"\n[triggers]\ncrons = [\"*/5 * * *\"]\n").unwrap_err().to_string();
        assert!(err.contains("worky.toml:3") && err.contains("invalid cron expression"), "{err}");
    }

    #[test]
    fn limits_are_validated() {
        let err = parse("name = \"a\"\n[limits]\ncpu_ms = 0\n").unwrap_err().to_string();
        assert!(err.contains("worky.toml:3") && err.contains("cpu_ms must be at least 1"), "{err}");
        let err = parse("name = \"a\"\n[pool]\nmin_isolates = 3\nmax_isolates = 2\n").unwrap_err().to_string();
        assert!(err.contains("max_isolates must be at least min_isolates"), "{err}");
    }

    #[test]
    fn wrong_type_is_an_error() {
        let err = parse("name = 5\n").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn bad_binding_names_are_rejected_with_line() {
        let err = parse("name = \"a\"\n[[kv_namespaces]]\nbinding = \"my-kv\"\n").unwrap_err().to_string();
        assert!(err.contains("worky.toml:3"), "{err}");
        let err =
            parse("name = \"a\"\n[vars]\nKV = \"x\"\n[[kv_namespaces]]\nbinding = \"KV\"\n").unwrap_err().to_string();
        assert!(err.contains("defined twice"), "{err}");
    }

    #[test]
    fn env_merges_vars_and_secrets() {
        let project = Project {
            root: PathBuf::from("/p"),
            config: parse("name = \"a\"\n[vars]\nA = \"1\"\nB = 2\n").unwrap(),
            entry: PathBuf::from("/p/src/index.ts"),
            config_path: None,
        };
        let secrets = BTreeMap::from([("A".to_string(), "secret".to_string())]);
        assert_eq!(project.env_json(&secrets), serde_json::json!({"A": "secret", "B": 2}));
    }

    #[test]
    fn dev_vars_are_dotenv() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dev.vars");
        std::fs::write(&path, "# comment\nAPI_KEY=abc\nQUOTED=\"a b\"\n").unwrap();
        let vars = read_dev_vars(&path).unwrap();
        assert_eq!(vars["API_KEY"], "abc");
        assert_eq!(vars["QUOTED"], "a b");
        std::fs::write(&path, "GOOD=1\nthis is not valid\n").unwrap();
        let err = read_dev_vars(&path).unwrap_err().to_string();
        assert!(err.contains(".dev.vars"), "{err}");
        assert!(read_dev_vars(&dir.path().join("missing")).unwrap().is_empty());
    }
}
