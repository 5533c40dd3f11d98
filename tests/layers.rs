//! The layers point one way: no module imports a layer above it, so there are
//! no import cycles between them. Every `crate::...` path in src/ is checked
//! against the table below (a folder, or a file at the top of src/, is a layer),
//! and so are the external crates a layer must not know about.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may use, top to bottom.
const LAYERS: &[(&str, &[&str])] = &[
    ("cli", &["host", "deploy", "config", "http", "runtime", "assets", "bundle", "kv", "cache", "ui"]),
    ("host", &["deploy", "config", "http", "runtime", "assets", "bundle", "kv", "cache", "ui"]),
    ("deploy", &["http", "bundle"]),
    ("config", &["runtime", "bundle", "cache"]),
    ("http", &["runtime"]),
    ("runtime", &["assets", "bundle", "kv", "cache"]),
    ("assets", &["bundle"]),
    ("bundle", &[]),
    ("kv", &[]),
    ("cache", &[]),
    ("ui", &[]),
];

/// External crates that would pull a layer's concerns in the wrong place:
/// terminal output, config formats, command-line parsing, HTTP server types.
const FORBIDDEN_CRATES: &[(&str, &[&str])] = &[
    ("runtime", &["axum", "hyper", "http_body_util", "toml", "clap", "owo_colors", "indicatif", "tracing"]),
    ("bundle", &["axum", "toml", "clap", "owo_colors", "indicatif", "deno_core"]),
    ("kv", &["axum", "toml", "clap", "owo_colors", "indicatif", "deno_core"]),
    ("cache", &["axum", "toml", "clap", "owo_colors", "indicatif", "deno_core"]),
    ("assets", &["axum", "toml", "clap", "owo_colors", "indicatif", "deno_core"]),
    ("http", &["toml", "clap", "owo_colors", "indicatif"]),
    ("config", &["axum", "clap", "owo_colors", "indicatif"]),
    ("deploy", &["toml", "clap", "owo_colors", "indicatif"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The layer of a file: its folder under src/, or its own name at the top.
fn layer_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// Code without line comments (doc comments name other layers freely).
fn code_of(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level module of every `crate::` path, including `crate::{a, b::c}`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => return true,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(group.len(), |(i, _)| i);
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain(std::iter::once(',')) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name: String =
                            item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if !name.is_empty() && name != "self" {
                            names.push(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            names.push(name);
        }
    }
    names
}

/// Whether `code` uses the external crate `name` (`use name::`, `name::...`).
fn uses_crate(code: &str, name: &str) -> bool {
    let pattern = format!("{name}::");
    code.match_indices(&pattern).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    })
}

#[test]
fn the_layer_table_has_no_cycles() {
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    // Every layer may only use layers listed after it: a topological order.
    for (index, (layer, uses)) in LAYERS.iter().enumerate() {
        for used in *uses {
            let position = LAYERS.iter().position(|(name, _)| name == used).expect("a known layer");
            assert!(position > index, "{layer} uses {used}, which is not below it");
            assert!(allowed.contains_key(used));
        }
    }
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    let mut seen_layers = std::collections::BTreeSet::new();
    for file in &files {
        let layer = layer_of(&src, file);
        if layer == "lib" || layer == "main" {
            continue;
        }
        seen_layers.insert(layer.clone());
        let Some(uses) = allowed.get(layer.as_str()) else {
            violations.push(format!("{}: not in the layer table", file.display()));
            continue;
        };
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for used in crate_paths(&code) {
            if used != layer && !uses.contains(&used.as_str()) {
                violations.push(format!("{}: {layer} uses crate::{used}", file.display()));
            }
        }
        for (checked, crates) in FORBIDDEN_CRATES {
            if *checked == layer {
                for name in *crates {
                    if uses_crate(&code, name) {
                        violations.push(format!("{}: {layer} uses the {name} crate", file.display()));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "layer violations:\n{}", violations.join("\n"));
    // The check saw the whole tree (a renamed folder would otherwise slip by).
    let expected: std::collections::BTreeSet<String> = LAYERS.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(seen_layers, expected);
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let code = "use crate::{bundle::Bundle, kv::{self, Entry}, runtime};\nfn f() { crate::ui::status(); }";
    assert_eq!(crate_paths(code), ["bundle", "kv", "runtime", "ui"]);
    assert_eq!(crate_paths(&code_of("// see crate::cli\nuse crate::kv;")), ["kv"]);
    assert!(uses_crate("use axum::body::Body;", "axum"));
    assert!(!uses_crate("use crate::runtime::threads;", "tracing"));
    assert!(!uses_crate("my_axum::x", "axum"));
}
