//! The Durable Object classes a worker's config declares, and the namespace
//! each one's objects live in. The lifecycle is wrangler's: `[[migrations]]`
//! replayed in order, or the declarative `exports` (one or the other).
//!
//! A namespace is named after the class it was made for and keeps that name
//! when the class is renamed, as Cloudflare keeps a renamed class's objects:
//! their ids (made from the namespace's key) and their storage follow the
//! namespace, not the class name. A class made again after its name was used
//! gets a namespace of its own (`Name@2`), empty, as a new namespace is.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::is_js_identifier;
use crate::bundle::namespace_names;

/// One of wrangler's `[[migrations]]`: the Durable Object classes it makes,
/// deletes, renames and takes over from another worker, replayed in order.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    pub tag: String,
    #[serde(default)]
    pub new_classes: Vec<Spanned<String>>,
    #[serde(default)]
    pub new_sqlite_classes: Vec<Spanned<String>>,
    #[serde(default)]
    pub deleted_classes: Vec<Spanned<String>>,
    #[serde(default)]
    pub renamed_classes: Vec<RenamedClass>,
    #[serde(default)]
    pub transferred_classes: Vec<TransferredClass>,
}

/// `renamed_classes = [{ from = "Old", to = "New" }]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RenamedClass {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

/// `transferred_classes = [{ from = "Old", from_script = "other", to = "New" }]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TransferredClass {
    pub from: Spanned<String>,
    pub from_script: Spanned<String>,
    pub to: Spanned<String>,
}

/// One entry of wrangler's declarative `exports` (keyed by class name):
/// `{ type = "durable-object", storage = "sqlite" }` is a live class; `state`
/// marks the tombstones (`deleted`, `renamed` with `renamed_to`, `transferred`
/// with `transferred_to`) and a class taken from another worker
/// (`expecting-transfer` with `transfer_from`). `type = "worker"` entries carry
/// cache settings, which worky has no use for.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Export {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub state: Option<Spanned<String>>,
    pub storage: Option<Spanned<String>>,
    pub renamed_to: Option<Spanned<String>>,
    pub transferred_to: Option<Spanned<String>>,
    pub transfer_from: Option<Spanned<String>>,
    /// The Container this class runs in (worky runs no containers).
    pub container: Option<Spanned<toml::Value>>,
    /// A worker export's cache settings.
    pub cache: Option<Spanned<toml::Value>>,
}

pub type Exports = BTreeMap<Spanned<String>, Export>;

/// A Durable Object class the lifecycle leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectClass {
    /// SQLite storage (`new_sqlite_classes`, `storage = "sqlite"`) rather than key-value.
    pub sqlite: bool,
    /// The namespace its objects are in, where the config says it: migrations
    /// always do (a renamed class's first name, `Name@2` for a class made
    /// again), `exports` through a `renamed` tombstone. `None`: the one the
    /// state directory has for the class, its own name at first
    /// (runtime/objects/namespaces.rs).
    pub namespace: Option<String>,
}

/// What the lifecycle leaves: the live classes, and the classes an `exports`
/// tombstone says are gone from this worker (`deleted`, `transferred`), whose
/// namespaces a state directory retires.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    pub classes: BTreeMap<String, ObjectClass>,
    pub gone: Vec<String>,
}

/// A lifecycle step that cannot apply, and where the config says it.
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleError {
    pub span: Range<usize>,
    pub message: String,
}

fn error<T>(span: Range<usize>, message: String) -> Result<T, LifecycleError> {
    Err(LifecycleError { span, message })
}

/// The classes `migrations` leave, replayed in order; within one migration
/// deletions, renames, new classes and transfers apply in that order, as in
/// wrangler (its error texts, too).
pub fn from_migrations(migrations: &[Migration]) -> Result<Lifecycle, LifecycleError> {
    let mut classes = BTreeMap::new();
    let mut namespaces = Namespaces::default();
    for migration in migrations {
        for class in &migration.deleted_classes {
            if classes.remove(class.get_ref()).is_none() {
                let message =
                    format!("Cannot apply deleted_classes migration to non-existent class {}", class.get_ref());
                return error(class.span(), message);
            }
        }
        for renamed in &migration.renamed_classes {
            let Some(class) = classes.remove(renamed.from.get_ref()) else {
                let message =
                    format!("Cannot apply renamed_classes migration to non-existent class {}", renamed.from.get_ref());
                return error(renamed.from.span(), message);
            };
            existing_class_error("renamed_classes", &renamed.to, &classes)?;
            classes.insert(renamed.to.get_ref().clone(), class);
        }
        let new = migration.new_classes.iter().map(|class| (class, false, "new_classes"));
        let new_sqlite = migration.new_sqlite_classes.iter().map(|class| (class, true, "new_sqlite_classes"));
        // A transferred class's objects stay with the other worker (not yet
        // taken over): here it is a new key-value class.
        let transferred = migration.transferred_classes.iter().map(|class| (&class.to, false, "transferred_classes"));
        for (class, sqlite, step) in new.chain(new_sqlite).chain(transferred) {
            existing_class_error(step, class, &classes)?;
            let namespace = Some(namespaces.make(class.get_ref()));
            classes.insert(class.get_ref().clone(), ObjectClass { sqlite, namespace });
        }
    }
    Ok(Lifecycle { classes, gone: Vec::new() })
}

fn existing_class_error(
    step: &str,
    class: &Spanned<String>,
    classes: &BTreeMap<String, ObjectClass>,
) -> Result<(), LifecycleError> {
    if classes.contains_key(class.get_ref()) {
        return error(class.span(), format!("Cannot apply {step} migration to existing class {}", class.get_ref()));
    }
    Ok(())
}

/// The namespace names made so far: a name is used once.
#[derive(Default)]
struct Namespaces(HashSet<String>);

impl Namespaces {
    fn make(&mut self, class: &str) -> String {
        let name = namespace_names(class).find(|name| !self.0.contains(name)).expect("some name is free");
        self.0.insert(name.clone());
        name
    }
}

/// What an `exports` entry declares.
enum Declared<'a> {
    Live { sqlite: bool },
    RenamedTo(&'a Spanned<String>),
    Gone,
}

/// The classes `exports` declares live (`created`, the default, and
/// `expecting-transfer`), each in the namespace of the class its `renamed`
/// tombstones lead back to. Checked as wrangler checks it, with its texts, and
/// as Cloudflare checks a rename: its target must be declared too, and be the
/// target of one rename only.
pub fn from_exports(exports: &Exports) -> Result<Lifecycle, LifecycleError> {
    let mut declared = BTreeMap::new();
    for (class, export) in exports {
        if let Some(what) = check_export(class, export)? {
            declared.insert(class.get_ref().as_str(), what);
        }
    }
    let mut renamed_from: BTreeMap<&str, &str> = BTreeMap::new();
    for (class, what) in &declared {
        let Declared::RenamedTo(to) = what else { continue };
        if !declared.contains_key(to.get_ref().as_str()) {
            let message = format!(
                "\"exports.{class}.renamed_to\" names \"{}\", which exports does not declare; add it \
                 as a live class: `{} = {{ type = \"durable-object\", storage = \"sqlite\" }}`",
                to.get_ref(),
                to.get_ref()
            );
            return error(to.span(), message);
        }
        if let Some(other) = renamed_from.insert(to.get_ref(), class) {
            let message =
                format!("class '{}' cannot be the target of more than one rename ({other}, {class})", to.get_ref());
            return error(to.span(), message);
        }
    }
    let mut lifecycle = Lifecycle::default();
    for (class, what) in &declared {
        let sqlite = match what {
            Declared::Live { sqlite } => *sqlite,
            Declared::Gone => {
                lifecycle.gone.push(class.to_string());
                continue;
            }
            Declared::RenamedTo(_) => continue,
        };
        let mut first = *class;
        let mut seen = HashSet::from([first]);
        while let Some(from) = renamed_from.get(first).filter(|from| seen.insert(from)) {
            first = from;
        }
        let namespace = Some(first.to_string()).filter(|first| first != class);
        lifecycle.classes.insert(class.to_string(), ObjectClass { sqlite, namespace });
    }
    Ok(lifecycle)
}

/// One entry checked (wrangler's rules and texts); `None` for a worker export.
fn check_export<'a>(class: &Spanned<String>, export: &'a Export) -> Result<Option<Declared<'a>>, LifecycleError> {
    let name = class.get_ref();
    let at = class.span();
    match export.kind.get_ref().as_str() {
        "worker" => {
            let allowed = ["type", "cache"];
            forbidden(export, &allowed, |key| format!("Unexpected fields found in exports.{name} field: \"{key}\""))?;
            return Ok(None);
        }
        "durable-object" => {}
        other => {
            let message =
                format!("\"exports.{name}.type\" must be \"durable-object\" or \"worker\", but got \"{other}\".");
            return error(export.kind.span(), message);
        }
    }
    let state = export.state.as_ref().map_or("created", |state| state.get_ref().as_str());
    let required = |field: &'a Option<Spanned<String>>, key: &str| match field {
        Some(value) if !value.get_ref().is_empty() => Ok(value),
        _ => error(
            field.as_ref().map_or(at.clone(), Spanned::span),
            format!("\"exports.{name}.{key}\" is required for state \"{state}\" and must be a non-empty string."),
        ),
    };
    let storage = || match export.storage.as_ref().map(|storage| storage.get_ref().as_str()) {
        Some("sqlite") => Ok(true),
        Some("legacy-kv") => Ok(false),
        got => error(
            export.storage.as_ref().map_or(at.clone(), Spanned::span),
            format!(
                "\"exports.{name}.storage\" is required for state \"{state}\" and must be one of sqlite and \
                 legacy-kv, but got {}",
                got.map_or("undefined".to_string(), |got| format!("\"{got}\""))
            ),
        ),
    };
    let declared = match state {
        "created" => {
            let sqlite = storage()?;
            forbidden_on_state(name, state, export, &["type", "state", "storage", "container"])?;
            Declared::Live { sqlite }
        }
        "expecting-transfer" => {
            let sqlite = storage()?;
            required(&export.transfer_from, "transfer_from")?;
            forbidden_on_state(name, state, export, &["type", "state", "storage", "transfer_from", "container"])?;
            Declared::Live { sqlite }
        }
        "renamed" => {
            let to = required(&export.renamed_to, "renamed_to")?;
            if !is_js_identifier(to.get_ref()) {
                let message = format!(
                    "\"exports.{name}.renamed_to\" must be a valid JavaScript identifier (got \"{}\").",
                    to.get_ref()
                );
                return error(to.span(), message);
            }
            if to.get_ref() == name {
                return error(
                    to.span(),
                    format!("\"exports.{name}.renamed_to\" cannot equal the source class name \"{name}\"."),
                );
            }
            forbidden_on_state(name, state, export, &["type", "state", "renamed_to"])?;
            Declared::RenamedTo(to)
        }
        "transferred" => {
            required(&export.transferred_to, "transferred_to")?;
            forbidden_on_state(name, state, export, &["type", "state", "transferred_to"])?;
            Declared::Gone
        }
        "deleted" => {
            forbidden_on_state(name, state, export, &["type", "state"])?;
            Declared::Gone
        }
        other => {
            let message = format!(
                "\"exports.{name}.state\" must be one of \"created\", \"deleted\", \"renamed\", \"transferred\", or \
                 \"expecting-transfer\" but got \"{other}\"."
            );
            return error(export.state.as_ref().map_or(at, Spanned::span), message);
        }
    };
    Ok(Some(declared))
}

fn forbidden_on_state(name: &str, state: &str, export: &Export, allowed: &[&str]) -> Result<(), LifecycleError> {
    let list = english_list(allowed);
    forbidden(export, allowed, |key| {
        format!("\"exports.{name}.{key}\" is forbidden on state \"{state}\". Allowed properties are: {list}.")
    })
}

/// The first key of `export` not in `allowed`, as an error.
fn forbidden(export: &Export, allowed: &[&str], message: impl Fn(&str) -> String) -> Result<(), LifecycleError> {
    let spans = [
        ("state", export.state.as_ref().map(Spanned::span)),
        ("storage", export.storage.as_ref().map(Spanned::span)),
        ("renamed_to", export.renamed_to.as_ref().map(Spanned::span)),
        ("transferred_to", export.transferred_to.as_ref().map(Spanned::span)),
        ("transfer_from", export.transfer_from.as_ref().map(Spanned::span)),
        ("container", export.container.as_ref().map(Spanned::span)),
        ("cache", export.cache.as_ref().map(Spanned::span)),
    ];
    for (key, span) in spans {
        if let Some(span) = span
            && !allowed.contains(&key)
        {
            return error(span, message(key));
        }
    }
    Ok(())
}

/// "a, b, and c", as `Intl.ListFormat("en-US")` writes it (wrangler's lists).
fn english_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrations(text: &str) -> Vec<Migration> {
        #[derive(Deserialize)]
        struct File {
            migrations: Vec<Migration>,
        }
        toml::from_str::<File>(text).unwrap().migrations
    }

    fn exports(text: &str) -> Exports {
        #[derive(Deserialize)]
        struct File {
            exports: Exports,
        }
        toml::from_str::<File>(text).unwrap().exports
    }

    fn namespaces(lifecycle: &Lifecycle) -> Vec<(String, String, bool)> {
        let namespace = |class: &String, it: &ObjectClass| it.namespace.clone().unwrap_or_else(|| class.clone());
        lifecycle.classes.iter().map(|(class, it)| (class.clone(), namespace(class, it), it.sqlite)).collect()
    }

    fn owned(rows: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
        rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), *c)).collect()
    }

    #[test]
    fn a_renamed_class_keeps_its_namespace_and_kind() {
        let text = r#"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["ChatRoom"]
new_classes = ["Legacy"]
[[migrations]]
tag = "v2"
renamed_classes = [{ from = "ChatRoom", to = "Room" }]
[[migrations]]
tag = "v3"
renamed_classes = [{ from = "Room", to = "Hall" }]
"#;
        let classes = from_migrations(&migrations(text)).unwrap();
        assert_eq!(namespaces(&classes), owned(&[("Hall", "ChatRoom", true), ("Legacy", "Legacy", false)]));
        let legacy = &classes.classes["Legacy"];
        assert_eq!(legacy.namespace.as_deref(), Some("Legacy"), "migrations say every namespace");
    }

    #[test]
    fn a_class_made_again_gets_a_new_namespace() {
        let text = r#"
[[migrations]]
tag = "v1"
new_classes = ["A"]
[[migrations]]
tag = "v2"
deleted_classes = ["A"]
[[migrations]]
tag = "v3"
new_sqlite_classes = ["A"]
renamed_classes = []
[[migrations]]
tag = "v4"
renamed_classes = [{ from = "A", to = "B" }]
new_classes = ["A"]
"#;
        let classes = from_migrations(&migrations(text)).unwrap();
        assert_eq!(namespaces(&classes), owned(&[("A", "A@3", false), ("B", "A@2", true)]));
    }

    #[test]
    fn steps_that_cannot_apply_say_so_where_they_are() {
        let cases = [
            ("deleted_classes = [\"X\"]", "Cannot apply deleted_classes migration to non-existent class X"),
            (
                "renamed_classes = [{ from = \"X\", to = \"Y\" }]",
                "Cannot apply renamed_classes migration to non-existent class X",
            ),
            ("new_classes = [\"A\"]", "Cannot apply new_classes migration to existing class A"),
            ("new_sqlite_classes = [\"A\"]", "Cannot apply new_sqlite_classes migration to existing class A"),
            (
                "renamed_classes = [{ from = \"A\", to = \"B\" }]",
                "Cannot apply renamed_classes migration to existing class B",
            ),
        ];
        for (step, expected) in cases {
            let text = format!(
                "[[migrations]]\ntag = \"v1\"\nnew_classes = [\"A\", \"B\"]\n[[migrations]]\ntag = \"v2\"\n{step}\n"
            );
            let err = from_migrations(&migrations(&text)).unwrap_err();
            assert_eq!(err.message, expected);
            let named = &text[err.span.clone()];
            assert!(expected.ends_with(named.trim_matches('"')), "{named} for {expected}");
        }
    }

    #[test]
    fn exports_follow_renames_back_to_the_first_class() {
        let text = r#"
[exports.ChatRoom]
type = "durable-object"
state = "renamed"
renamed_to = "Room"
[exports.Room]
type = "durable-object"
state = "renamed"
renamed_to = "Hall"
[exports.Hall]
type = "durable-object"
storage = "sqlite"
[exports.Old]
type = "durable-object"
state = "deleted"
[exports.Kv]
type = "durable-object"
storage = "legacy-kv"
[exports.Incoming]
type = "durable-object"
state = "expecting-transfer"
storage = "sqlite"
transfer_from = "other"
[exports.default]
type = "worker"
cache = { enabled = true }
"#;
        let lifecycle = from_exports(&exports(text)).unwrap();
        assert_eq!(
            namespaces(&lifecycle),
            owned(&[("Hall", "ChatRoom", true), ("Incoming", "Incoming", true), ("Kv", "Kv", false)])
        );
        assert_eq!(lifecycle.gone, ["Old"]);
        assert_eq!(lifecycle.classes["Kv"].namespace, None, "the state directory's, its own at first");
    }

    #[test]
    fn bad_exports_get_wranglers_errors() {
        let cases = [
            (
                "type = \"durable-object\"",
                "\"exports.A.storage\" is required for state \"created\" and must be one of sqlite and legacy-kv, but got undefined",
            ),
            (
                "type = \"durable-object\"\nstorage = \"kv\"",
                "\"exports.A.storage\" is required for state \"created\" and must be one of sqlite and legacy-kv, but got \"kv\"",
            ),
            ("type = \"class\"", "\"exports.A.type\" must be \"durable-object\" or \"worker\", but got \"class\"."),
            (
                "type = \"durable-object\"\nstate = \"gone\"",
                "\"exports.A.state\" must be one of \"created\", \"deleted\", \"renamed\", \"transferred\", or \"expecting-transfer\" but got \"gone\".",
            ),
            (
                "type = \"durable-object\"\nstate = \"renamed\"",
                "\"exports.A.renamed_to\" is required for state \"renamed\" and must be a non-empty string.",
            ),
            (
                "type = \"durable-object\"\nstate = \"renamed\"\nrenamed_to = \"A\"",
                "\"exports.A.renamed_to\" cannot equal the source class name \"A\".",
            ),
            (
                "type = \"durable-object\"\nstate = \"renamed\"\nrenamed_to = \"a-b\"",
                "\"exports.A.renamed_to\" must be a valid JavaScript identifier (got \"a-b\").",
            ),
            (
                "type = \"durable-object\"\nstate = \"deleted\"\nstorage = \"sqlite\"",
                "\"exports.A.storage\" is forbidden on state \"deleted\". Allowed properties are: type and state.",
            ),
            (
                "type = \"durable-object\"\nstorage = \"sqlite\"\nrenamed_to = \"B\"",
                "\"exports.A.renamed_to\" is forbidden on state \"created\". Allowed properties are: type, state, storage, and container.",
            ),
            (
                "type = \"durable-object\"\nstate = \"transferred\"",
                "\"exports.A.transferred_to\" is required for state \"transferred\" and must be a non-empty string.",
            ),
            (
                "type = \"durable-object\"\nstate = \"expecting-transfer\"\nstorage = \"sqlite\"",
                "\"exports.A.transfer_from\" is required for state \"expecting-transfer\" and must be a non-empty string.",
            ),
        ];
        for (entry, expected) in cases {
            let err = from_exports(&exports(&format!("[exports.A]\n{entry}\n"))).unwrap_err();
            assert_eq!(err.message, expected);
        }
        let text = "[exports.A]\ntype = \"durable-object\"\nstate = \"renamed\"\nrenamed_to = \"Nowhere\"\n";
        let err = from_exports(&exports(text)).unwrap_err();
        assert!(err.message.starts_with("\"exports.A.renamed_to\" names \"Nowhere\", which exports does not declare"));
        assert_eq!(&text[err.span], "\"Nowhere\"");
    }
}
