//! Embeds the JavaScript of the deno extension crates (and worky's own
//! `runtime_js/`) into the binary.
//!
//! deno_core records extension JS by its path in the cargo registry and reads it
//! at run time unless a startup snapshot holds it; an installed `worky` must not
//! depend on the machine's cargo cache or on the checkout it was built from.
//! This writes `$OUT_DIR/embedded_js.rs`: `(specifier, source)` pairs that
//! `runtime::extensions` substitutes for the on-disk files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The extension crates whose JS worky loads, by crate (= extension) name.
const CRATES: &[&str] = &["deno_webidl", "deno_web", "deno_fetch", "deno_crypto"];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=Cargo.lock");
    // File by file: a directory is watched with everything under it, and
    // runtime_js/node/node_modules (build.mjs's) is large. dist/ is flat.
    println!("cargo:rerun-if-changed=runtime_js/node/dist");
    for dir in ["runtime_js", "runtime_js/node/dist"] {
        for entry in std::fs::read_dir(manifest_dir.join(dir)).into_iter().flatten().flatten() {
            println!("cargo:rerun-if-changed={dir}/{}", entry.file_name().to_string_lossy());
        }
    }
    wrap_engine_job_loop();
    let lock = std::fs::read_to_string(manifest_dir.join("Cargo.lock")).expect("Cargo.lock is committed");
    let registry_src = cargo_home().join("registry").join("src");

    let mut entries = Vec::new();
    for name in CRATES {
        let version = locked_version(&lock, name).unwrap_or_else(|| panic!("{name} is not in Cargo.lock"));
        let Some(dir) = find_crate_dir(&registry_src, name, &version) else {
            println!(
                "cargo:warning={name} {version} not found under {}; its JS is read from disk at run time",
                registry_src.display()
            );
            continue;
        };
        add_js_files(&mut entries, name, &dir);
    }
    add_js_files(&mut entries, "worky_runtime", &manifest_dir.join("runtime_js"));
    // nodejs_compat's modules, loaded by runtime_js/09_node.js when first required.
    add_js_files(&mut entries, "worky_node", &manifest_dir.join("runtime_js/node/dist"));
    // deno_core looks residual sources up by binary search.
    entries.sort();

    let mut code = String::from("pub static EMBEDDED_JS: &[(&str, &str)] = &[\n");
    for (specifier, path) in entries {
        // Our own files by a path relative to the crate being compiled: clones in
        // other directories may share one target directory (CI does), and cargo
        // need not rerun this script for each of them.
        let include = match path.strip_prefix(&manifest_dir) {
            Ok(relative) => format!("concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{}\")", relative.display()),
            Err(_) => format!("{:?}", path.display().to_string()),
        };
        writeln!(code, "    ({specifier:?}, include_str!({include})),").unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_js.rs");
    std::fs::write(out, code).unwrap();
}

/// Routes the engine binding's calls to QuickJS's `JS_ExecutePendingJob` through
/// `runtime::engine`'s wrapper, which stops the job loop of a stopped isolate (the
/// binding offers no hook for it). GNU ld and lld both know `--wrap`.
fn wrap_engine_job_loop() {
    let quickjs = std::env::var_os("CARGO_FEATURE_QUICKJS").is_some();
    if quickjs && std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg=-Wl,--wrap=JS_ExecutePendingJob");
    }
}

fn add_js_files(entries: &mut Vec<(String, PathBuf)>, extension: &str, dir: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "js"))
        .collect();
    files.sort();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        entries.push((format!("ext:{extension}/{file}"), path));
    }
}

fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cargo")
}

/// The version of `name` in Cargo.lock (`[[package]]` blocks of name/version lines).
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            let version = lines.next()?.trim().strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

/// `registry/src/<index>/<name>-<version>`, whichever index holds it.
fn find_crate_dir(registry_src: &Path, name: &str, version: &str) -> Option<PathBuf> {
    std::fs::read_dir(registry_src)
        .ok()?
        .filter_map(|index| Some(index.ok()?.path().join(format!("{name}-{version}"))))
        .find(|dir| dir.is_dir())
}
