//! Embeds the JavaScript of the deno extension crates (and worky's own
//! `runtime_js/`) into the binary.
//!
//! deno_core records extension JS by its path in the cargo registry and reads it
//! at run time unless a startup snapshot holds it; an installed `worky` must not
//! depend on the machine's cargo cache or on the checkout it was built from.
//! This writes `$OUT_DIR/embedded_js.rs`: `(specifier, source)` pairs that
//! `runtime::extensions` substitutes for the on-disk files. A few deno files
//! are corrected on the way (`PATCHES`); the build fails if one no longer applies.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The extension crates whose JS worky loads, by crate (= extension) name.
const CRATES: &[&str] = &["deno_webidl", "deno_web", "deno_fetch", "deno_crypto"];

/// Where deno differs from workerd in a way Workers code depends on:
/// (specifier, text as deno has it, text as worky needs it). Each must match
/// exactly once.
///
/// A body given whole (`new Response("text")`, `Response.json(...)`, a
/// Request's string body) becomes a byte stream when read as `.body`, as every
/// body is on workerd, so that a BYOB reader works on it (OpenNext's image
/// handler reads `response.body.tee()`'s branch with one); deno made a plain
/// stream. The stream gets a copy: a byte stream takes its chunks' buffers
/// over, and the body's bytes may be shared with a clone.
///
/// A body read twice, or a stream locked to a reader read again, fails with
/// workerd's words, which code and tests match.
///
/// A body passed whole into a new Response or Request (`new Response(res.body,
/// res)`) is taken over without being read, so that it keeps its length; the
/// old object's body then reads as used, as on workerd (deno left it unread,
/// readable a second time).
const PATCHES: &[(&str, &str, &str)] = &[
    (
        "ext:deno_web/06_streams.js",
        "function setUpReadableStreamBYOBReader(reader, stream) {\n  if (isReadableStreamLocked(stream)) {\n    throw new TypeError(\"ReadableStream is locked\");",
        "function setUpReadableStreamBYOBReader(reader, stream) {\n  if (isReadableStreamLocked(stream)) {\n    throw new TypeError(\"This ReadableStream is currently locked to a reader.\");",
    ),
    (
        "ext:deno_web/06_streams.js",
        "function setUpReadableStreamDefaultReader(reader, stream) {\n  if (isReadableStreamLocked(stream)) {\n    throw new TypeError(\"ReadableStream is locked\");",
        "function setUpReadableStreamDefaultReader(reader, stream) {\n  if (isReadableStreamLocked(stream)) {\n    throw new TypeError(\"This ReadableStream is currently locked to a reader.\");",
    ),
    (
        "ext:deno_fetch/22_body.js",
        "      source = recoveredSource;\n",
        "      source = recoveredSource;\n      readableStreamDisturb(object);\n",
    ),
    (
        "ext:deno_fetch/22_body.js",
        "if (this.unusable()) throw new TypeError(\"Body already consumed\");",
        "if (this.unusable()) throw new TypeError(\"Body has already been used. It can only be used once. Use tee() first if you need to read it twice.\");",
    ),
    (
        "ext:deno_fetch/22_body.js",
        "  createReadableStream,\n",
        "  createReadableByteStream,\n  createReadableStream,\n",
    ),
    (
        "ext:deno_fetch/22_body.js",
        "        const stream = createReadableStream(
          noop,
          (controller) => {
            controller.enqueue(chunkToU8(body));
            controller.close();
          },
          noopAsync,
          0,
        );",
        "        const stream = createReadableByteStream(
          noop,
          (controller) => {
            const bytes = typeof body === \"string\" ? core.encode(body) : TypedArrayPrototypeSlice(body);
            if (bytes.byteLength > 0) controller.enqueue(bytes);
            controller.close();
            // A BYOB read of an empty body waits on its request until answered.
            controller.byobRequest?.respond(0);
          },
          noopAsync,
        );",
    ),
];

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
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for (specifier, path) in &mut entries {
        if let Some(patched) = patched(specifier, path, &out_dir) {
            *path = patched;
        }
    }

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

/// `path` with its `PATCHES` applied, written under `out_dir`; `None` when it has none.
fn patched(specifier: &str, path: &Path, out_dir: &Path) -> Option<PathBuf> {
    let patches: Vec<_> = PATCHES.iter().filter(|(file, _, _)| *file == specifier).collect();
    if patches.is_empty() {
        return None;
    }
    let mut text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    for (_, find, replace) in patches {
        let found = text.matches(find).count();
        assert_eq!(
            found, 1,
            "build.rs PATCHES: {specifier} holds {found} copies of {find:?}, not one: update the patch"
        );
        text = text.replacen(find, replace, 1);
    }
    let out = out_dir.join("patched").join(specifier.replace([':', '/'], "_"));
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, text).unwrap();
    Some(out)
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
