//! wrangler's own config files, read as they are: `wrangler.toml`,
//! `wrangler.json` and `wrangler.jsonc` (comments and trailing commas).
//!
//! Every top-level key is sorted before the config is read: the keys worky
//! supports mean what they mean in wrangler (worky.toml's format is wrangler's
//! where they meet); keys that only make sense on Cloudflare's platform are
//! accepted with one warning naming them; bindings worky does not have yet are
//! kept as names (touching one in code throws an Error naming it); keys that
//! wrangler's tools write into a config they generate (the Cloudflare vite
//! plugin's `build/server/wrangler.json`), and any key left empty, are passed
//! over in silence. Anything else is warned about, as wrangler warns, each with
//! its line and a "did you mean", and ignored: a config made by a newer
//! wrangler still runs.

use std::path::Path;

use super::json_positions::JsonPositions;
use super::project::Config;
use super::{ConfigError, SourceText};
use crate::bundle::UnsupportedBinding;

pub const FILES: [&str; 3] = ["wrangler.toml", "wrangler.jsonc", "wrangler.json"];

/// The wrangler whose config schema (its npm package's config-schema.json)
/// the key lists below were last checked against.
const WRANGLER_SCHEMA: &str = "4.164";

/// worky.toml's keys, which wrangler's files share.
const SUPPORTED: &[&str] = &[
    "name",
    "main",
    "version",
    "compatibility_date",
    "compatibility_flags",
    "vars",
    "kv_namespaces",
    "d1_databases",
    "services",
    "r2_buckets",
    "queues",
    "hyperdrive",
    "version_metadata",
    "analytics_engine_datasets",
    "workflows",
    "ratelimits",
    "dispatch_namespaces",
    "secrets_store_secrets",
    "send_email",
    "images",
    "worker_loaders",
    "durable_objects",
    "migrations",
    "exports",
    "triggers",
    "limits",
    "dev",
    "env",
    "define",
    "rules",
    "base_dir",
    "find_additional_modules",
    "assets",
    "build",
];

/// Keys for Cloudflare's platform (deployment, routing, analytics): nothing to do here.
const PLATFORM: &[&str] = &[
    "$schema",
    "account_id",
    "workers_dev",
    "preview_urls",
    "route",
    "routes",
    "zone_id",
    "placement",
    "observability",
    "upload_source_maps",
    "tail_consumers",
    "logpush",
    "send_metrics",
    "keep_vars",
    "usage_model",
    "minify",
    "node_compat",
    "no_bundle",
    "legacy_env",
    "first_party_worker",
    "preserve_file_names",
    "alias",
    "jsx_factory",
    "jsx_fragment",
    "tsconfig",
    "access",
    "addresses",
    "cache",
    "compliance_region",
    "dependencies_instrumentation",
    "keep_names",
    "previews",
    "python_modules",
    "cloudchamber",
    "containers",
    "secrets",
    "streaming_tail_consumers",
];

/// What wrangler's tools write into a config they generate, about where it
/// came from (`.wrangler/deploy/config.json` points at such a file).
const GENERATED: &[&str] =
    &["configPath", "userConfigPath", "topLevelName", "definedEnvironments", "targetEnvironment"];

/// What a wrangler project serves besides its worker, which worky does not yet:
/// (key, what a user calls it). Not platform settings: without them the project
/// answers differently, so the notice says so. (Static assets, `assets`, are served.)
const NOT_SERVED: &[(&str, &str)] =
    &[("site", "Workers Sites"), ("pages_build_output_dir", "a Pages project"), ("connect", "raw TCP listeners")];

/// Binding kinds worky does not have yet: (key, what a user calls it).
const UNSUPPORTED_BINDINGS: &[(&str, &str)] = &[
    ("ai", "Workers AI"),
    ("vectorize", "Vectorize index"),
    ("browser", "Browser Rendering"),
    ("mtls_certificates", "mTLS certificate"),
    ("pipelines", "Pipeline"),
    ("unsafe", "unsafe binding"),
    ("agent_memory", "Agent Memory namespace"),
    ("ai_search", "AI Search instance"),
    ("ai_search_namespaces", "AI Search namespace"),
    ("analytics", "Analytics SQL"),
    ("artifacts", "Artifacts"),
    ("flagship", "Flagship feature flags"),
    ("k2", "K2 producer"),
    ("media", "Media Transformations"),
    ("stream", "Stream"),
    ("unsafe_hello_world", "hello world binding"),
    ("vpc_services", "VPC service"),
    ("vpc_networks", "VPC network"),
    ("logfwdr", "logfwdr"),
    ("wasm_modules", "wasm module"),
    ("text_blobs", "text blob"),
    ("data_blobs", "data blob"),
];

/// The service-worker syntax's bindings: a table of name -> file.
const NAMED_BY_KEY: &[&str] = &["wasm_modules", "text_blobs", "data_blobs"];

/// A wrangler file, read: the config worky runs, and what to tell the user.
pub struct Wrangler {
    pub config: Config,
    /// Platform keys present (one warning line names them).
    pub platform_keys: Vec<String>,
    pub unsupported: Vec<UnsupportedBinding>,
    /// What the project serves that worky does not (`Workers Sites (site)`).
    pub not_served: Vec<String>,
    /// Keys neither worky nor wrangler knows, ignored: `file:line:col: unknown
    /// key ...; did you mean ...?` for each.
    pub unknown: Vec<String>,
}

pub fn parse(text: &str, path: &Path) -> Result<Wrangler, ConfigError> {
    let is_json = path.extension().is_some_and(|ext| ext == "json" || ext == "jsonc");
    if is_json { parse_json(text, path) } else { parse_toml(text, path) }
}

/// The keys of a wrangler file, sorted out.
#[derive(Default)]
struct Sorted {
    platform_keys: Vec<String>,
    unsupported: Vec<UnsupportedBinding>,
    not_served: Vec<String>,
    unknown: Vec<String>,
    /// Keys to leave out of what worky reads.
    dropped: Vec<String>,
    /// A build tool wrote the file (it has `GENERATED` keys).
    generated: bool,
}

impl Sorted {
    /// The wrangler file read: `config` (what worky runs) and what to tell the
    /// user; not the platform settings of a generated file, which its user did
    /// not write there.
    fn read(self, config: Config) -> Wrangler {
        let Sorted { mut platform_keys, unsupported, not_served, unknown, dropped: _, generated } = self;
        if generated {
            platform_keys.clear();
        }
        Wrangler { config, platform_keys, unsupported, not_served, unknown }
    }
}

/// An empty array or table: a generated config writes one for every kind of
/// binding it has none of.
fn is_empty(value: Option<&toml::Value>) -> bool {
    match value {
        Some(toml::Value::Array(items)) => items.is_empty(),
        Some(toml::Value::Table(table)) => table.values().all(|inner| is_empty(Some(inner))),
        _ => false,
    }
}

fn sort_keys<'a>(
    keys: impl Iterator<Item = (&'a str, Option<&'a toml::Value>)>,
    locate: impl Fn(&str) -> String,
) -> Sorted {
    let mut sorted = Sorted::default();
    for (key, value) in keys {
        if SUPPORTED.contains(&key) {
            continue;
        }
        sorted.dropped.push(key.to_string());
        sorted.generated |= GENERATED.contains(&key);
        if GENERATED.contains(&key) || is_empty(value) {
            continue;
        }
        if NAMED_BY_KEY.contains(&key) {
            let names: Vec<String> =
                value.and_then(|v| v.as_table()).map(|t| t.keys().cloned().collect()).unwrap_or_default();
            let kind = UNSUPPORTED_BINDINGS.iter().find(|(name, _)| *name == key).map_or("", |(_, kind)| kind);
            let binding = |name: String| UnsupportedBinding { name, kind: kind.to_string() };
            sorted.unsupported.extend(names.into_iter().map(binding));
        } else if PLATFORM.contains(&key) {
            sorted.platform_keys.push(key.to_string());
        } else if let Some((_, what)) = NOT_SERVED.iter().find(|(name, _)| *name == key) {
            sorted.not_served.push(format!("{what} ({key})"));
            sorted.unsupported.extend(
                binding_names(value).into_iter().map(|name| UnsupportedBinding { name, kind: what.to_string() }),
            );
        } else if let Some((_, kind)) = UNSUPPORTED_BINDINGS.iter().find(|(name, _)| *name == key) {
            sorted.unsupported.extend(
                binding_names(value).into_iter().map(|name| UnsupportedBinding { name, kind: kind.to_string() }),
            );
        } else {
            sorted.unknown.push(format!("{}: {}", locate(key), unknown_key(key)));
        }
    }
    sorted
}

/// `unknown key `x``, with the closest key worky or wrangler knows.
fn unknown_key(key: &str) -> String {
    let known = SUPPORTED
        .iter()
        .chain(PLATFORM)
        .chain(GENERATED)
        .copied()
        .chain(NOT_SERVED.iter().chain(UNSUPPORTED_BINDINGS).map(|(name, _)| *name));
    let closest = known
        .map(|candidate| (strsim::levenshtein(key, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min();
    match closest {
        Some((_, candidate)) => format!("unknown key `{key}`; did you mean `{candidate}`?"),
        None => format!("unknown key `{key}`: neither worky nor wrangler {WRANGLER_SCHEMA} has it"),
    }
}

/// The binding names of a bindings entry: `binding`, or `name` for some kinds.
fn binding_names(value: Option<&toml::Value>) -> Vec<String> {
    let name_of = |table: &toml::Table| {
        ["binding", "name"].iter().find_map(|key| table.get(*key).and_then(|v| v.as_str()).map(str::to_string))
    };
    match value {
        Some(toml::Value::Array(items)) => items.iter().filter_map(|item| item.as_table().and_then(name_of)).collect(),
        // `queues = { producers = [{ binding = ... }], consumers = [...] }`
        Some(toml::Value::Table(table)) => match name_of(table) {
            Some(name) => vec![name],
            None => table.values().flat_map(|inner| binding_names(Some(inner))).collect(),
        },
        _ => Vec::new(),
    }
}

/// TOML: the keys worky leaves out are blanked where they stand (spaces for
/// their characters, newlines kept), so every error still points at the user's
/// own line and column.
fn parse_toml(text: &str, path: &Path) -> Result<Wrangler, ConfigError> {
    let source = SourceText::new(path, text);
    let document = toml_edit::ImDocument::parse(text.to_string())
        .map_err(|err| ConfigError::Syntax { path: path.to_path_buf(), message: err.to_string() })?;
    let plain: toml::Table = toml::from_str(text).map_err(|err| source.syntax(&err))?;
    let root = document.as_table();
    let locate = |key: &str| {
        let span = root.get_key_value(key).and_then(|(key, item)| key.span().or_else(|| item.span()));
        span.map_or_else(|| path.display().to_string(), |span| source.at(span))
    };
    let sorted = sort_keys(plain.iter().map(|(key, value)| (key.as_str(), Some(value))), locate);
    let mut kept = text.as_bytes().to_vec();
    for key in &sorted.dropped {
        if let Some((key, item)) = root.get_key_value(key) {
            blank_item(&mut kept, key.span(), item);
        }
    }
    let kept = String::from_utf8(kept).expect("only ASCII spaces were written over whole items");
    let config = Config::parse(&kept, path)?;
    Ok(sorted.read(config))
}

/// Writes spaces over an item (a value, a table with its header, an array of
/// tables) and the key before it.
fn blank_item(text: &mut [u8], key: Option<std::ops::Range<usize>>, item: &toml_edit::Item) {
    match item {
        toml_edit::Item::Value(value) => {
            if let (Some(key), Some(value)) = (key.clone(), value.span()) {
                blank(text, Some(key.start..value.end));
            }
        }
        toml_edit::Item::Table(table) => {
            blank(text, table.span());
            blank(text, key);
            for (key, item) in table.iter() {
                let key = table.key(key).and_then(|key| key.span());
                blank_item(text, key, item);
            }
        }
        toml_edit::Item::ArrayOfTables(tables) => {
            for table in tables.iter() {
                blank_item(text, None, &toml_edit::Item::Table(table.clone()));
            }
        }
        toml_edit::Item::None => {}
    }
}

fn blank(text: &mut [u8], span: Option<std::ops::Range<usize>>) {
    let Some(span) = span else { return };
    let end = span.end.min(text.len());
    for byte in &mut text[span.start.min(end)..end] {
        if *byte != b'\n' {
            *byte = b' ';
        }
    }
}

/// JSON(C): sorted the same way, then read as the equivalent TOML; positions in
/// that TOML are turned back into the JSON's own lines and columns.
fn parse_json(text: &str, path: &Path) -> Result<Wrangler, ConfigError> {
    let value = jsonc_parser::parse_to_serde_value(text, &Default::default())
        .map_err(|err| ConfigError::Invalid {
            location: format!("{}:{}:{}", path.display(), err.line_display(), err.column_display()),
            message: err.kind().to_string(),
        })?
        .unwrap_or(serde_json::Value::Object(Default::default()));
    let serde_json::Value::Object(object) = value else {
        return Err(ConfigError::Syntax { path: path.to_path_buf(), message: "expected a JSON object".into() });
    };
    let table: toml::Table =
        object.into_iter().filter_map(|(key, value)| json_to_toml(value).map(|value| (key, value))).collect();
    let keys = JsonPositions::new(text, "");
    let locate = |key: &str| SourceText::new(path, text).at(keys.key(key).map_or(0..0, |at| at..at));
    let sorted = sort_keys(table.iter().map(|(key, value)| (key.as_str(), Some(value))), locate);
    let kept: toml::Table = table.into_iter().filter(|(key, _)| !sorted.dropped.contains(key)).collect();
    let equivalent = toml::to_string(&kept)
        .map_err(|err| ConfigError::Syntax { path: path.to_path_buf(), message: err.to_string() })?;
    let positions = JsonPositions::new(text, &equivalent);
    let config = Config::parse_source(&SourceText::json_equivalent(path, &equivalent, text, &positions))?;
    Ok(sorted.read(config))
}

fn json_to_toml(value: serde_json::Value) -> Option<toml::Value> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => toml::Value::Boolean(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        serde_json::Value::String(s) => toml::Value::String(s),
        serde_json::Value::Array(items) => toml::Value::Array(items.into_iter().filter_map(json_to_toml).collect()),
        serde_json::Value::Object(object) => toml::Value::Table(
            object.into_iter().filter_map(|(key, value)| json_to_toml(value).map(|value| (key, value))).collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRANGLER_TOML: &str = r#"name = "shop"
main = "src/index.ts"
account_id = "abc"
workers_dev = true
compatibility_date = "2026-11-01"
routes = [
  { pattern = "shop.example.com/*", zone_name = "example.com" },
]

[observability]
enabled = true

[vars]
GREETING = "hi"

[[r2_buckets]]
binding = "IMAGES"
bucket_name = "images"

[[d1_databases]]
binding = "DB"
database_name = "db"
database_id = "x"

[ai]
binding = "AI"
"#;

    #[test]
    fn platform_keys_are_accepted_and_unsupported_bindings_kept_as_names() {
        let read = parse(WRANGLER_TOML, Path::new("/p/wrangler.toml")).unwrap();
        assert_eq!(read.config.name, "shop");
        assert_eq!(read.config.vars_json()["GREETING"], "hi");
        assert_eq!(read.platform_keys, ["account_id", "observability", "routes", "workers_dev"]);
        let unsupported: Vec<_> = read.unsupported.iter().map(|b| format!("{} {}", b.name, b.kind)).collect();
        assert_eq!(unsupported, ["AI Workers AI"]);
        assert_eq!(
            read.config.r2_bindings(false)[0].storage,
            "images",
            "an R2 bucket is supported, kept under its name"
        );
        assert_eq!(read.config.d1_bindings(false)[0].storage, "x", "a D1 database is supported, kept under its id");
    }

    /// Workers Sites change what the project answers: named as not served (not
    /// as a platform setting).
    #[test]
    fn sites_are_named_as_not_served() {
        let text = "name = \"a\"\n[site]\nbucket = \"./public\"\n";
        let read = parse(text, Path::new("/p/wrangler.toml")).unwrap();
        assert!(read.platform_keys.is_empty());
        assert_eq!(read.not_served, ["Workers Sites (site)"]);
        let unknown =
            parse("name = \"a\"\nasets = { directory = \"x\" }\n", Path::new("/p/wrangler.toml")).unwrap().unknown;
        assert_eq!(unknown, ["/p/wrangler.toml:2:1: unknown key `asets`; did you mean `assets`?"]);
    }

    #[test]
    fn errors_point_at_the_users_lines_and_come_all_at_once() {
        let text = format!("{WRANGLER_TOML}\n[limits]\ncpu_ms = 0\n");
        let err = parse(&text, Path::new("/p/wrangler.toml")).err().unwrap().to_string();
        assert!(err.starts_with("/p/wrangler.toml:29:10: limits.cpu_ms"), "{err}");
        // Unknown keys are warned about, as wrangler warns, and ignored.
        let text = "name = \"a\"\nkv_namespace = [{ binding = \"KV\" }]\nobservabilty = { enabled = true }\nzzz = 1\n";
        let read = parse(text, Path::new("/p/wrangler.toml")).unwrap();
        assert_eq!(
            read.unknown,
            [
                "/p/wrangler.toml:2:1: unknown key `kv_namespace`; did you mean `kv_namespaces`?",
                "/p/wrangler.toml:3:1: unknown key `observabilty`; did you mean `observability`?",
                "/p/wrangler.toml:4:1: unknown key `zzz`: neither worky nor wrangler 4.164 has it",
            ]
        );
        assert_eq!(read.config.name, "a");
    }

    /// What the Cloudflare vite plugin writes (build/server/wrangler.json):
    /// where it came from, and every kind of binding, mostly empty. It runs
    /// with no warning but for the settings that are there.
    #[test]
    fn a_config_the_vite_plugin_generated_reads_quietly() {
        let text = r#"{"configPath": "/p/wrangler.jsonc", "userConfigPath": "/p/wrangler.jsonc", "topLevelName": "app",
          "definedEnvironments": [], "compatibility_date": "2026-06-01", "jsx_factory": "React.createElement",
          "name": "app", "main": "index.js", "triggers": {}, "vars": {"A": "b"}, "durable_objects": {"bindings": []},
          "workflows": [], "migrations": [], "exports": {}, "kv_namespaces": [], "cloudchamber": {}, "send_email": [],
          "queues": {"producers": [], "consumers": []}, "connect": [], "vectorize": [], "ai_search": [], "k2": [],
          "agent_memory": [], "artifacts": [], "unsafe_hello_world": [], "flagship": [], "worker_loaders": [],
          "vpc_services": [], "vpc_networks": [], "logfwdr": {"bindings": []}, "upload_source_maps": true,
          "python_modules": {"exclude": ["**/*.pyc"]}, "no_bundle": true,
          "images": {"binding": "IMAGES"}, "text_blobs": {"TEXT": "a.txt"},
          "dev": {"ip": "localhost", "local_protocol": "http", "upstream_protocol": "http", "enable_containers": true, "generate_types": false}}"#;
        let read = parse(text, Path::new("/p/build/server/wrangler.json")).unwrap();
        assert_eq!(read.config.name, "app");
        assert!(read.unknown.is_empty(), "{:?}", read.unknown);
        assert!(read.platform_keys.is_empty(), "the file's user did not write them: {:?}", read.platform_keys);
        let unsupported: Vec<_> = read.unsupported.iter().map(|b| format!("{} ({})", b.name, b.kind)).collect();
        assert_eq!(unsupported, ["TEXT (text blob)"]);
        assert_eq!(read.config.images.map(|images| images.binding.into_inner()).as_deref(), Some("IMAGES"));
    }

    #[test]
    fn jsonc_with_comments_and_trailing_commas() {
        let text = r#"{
  // the worker
  "name": "shop",
  "main": "src/index.ts",
  "account_id": "abc",
  "vars": { "GREETING": "hi", },
  "kv_namespaces": [{ "binding": "CACHE", "id": "123" }],
  "queues": { "producers": [{ "binding": "JOBS", "queue": "jobs" }] },
}"#;
        let read = parse(text, Path::new("/p/wrangler.jsonc")).unwrap();
        assert_eq!(read.config.name, "shop");
        assert_eq!(read.config.kv_bindings(), ["CACHE"]);
        assert_eq!(read.config.queue_bindings()[0].queue, "jobs", "queues are read as wrangler writes them");
        assert_eq!(read.platform_keys, ["account_id"]);
        let read = parse(r#"{"name": "a", "varz": {"A": "b"}}"#, Path::new("/p/wrangler.json")).unwrap();
        assert_eq!(read.unknown, ["/p/wrangler.json:1:15: unknown key `varz`; did you mean `vars`?"]);
    }
}
