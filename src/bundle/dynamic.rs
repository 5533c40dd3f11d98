//! A Dynamic Worker's code (a Worker Loader's `get`/`load`): modules given at
//! run time by name, each of a kind, made into a `Bundle` by the same bundler
//! a project goes through, so that the runtime runs it as it runs any worker.
//! The modules are written to a directory of their own for the build and
//! removed with it; module rules that name each file exactly say what its
//! kind imports as (workerd's kinds, not the file's extension).

use std::path::Path;

use super::module_rules::{ModuleKind, ModuleRule};
use super::{Bundle, Bundler, Limits, Metadata, Options, Source};

/// One module's content and what it imports as (workerd's `WorkerLoaderModule`).
#[derive(Debug, Clone, PartialEq)]
pub enum ModuleBody {
    EsModule(String),
    CommonJs(String),
    /// Imports as a string.
    Text(String),
    /// Imports as an ArrayBuffer.
    Data(Vec<u8>),
    /// JSON text: imports as the value it holds.
    Json(String),
    /// Imports as a compiled `WebAssembly.Module`.
    Wasm(Vec<u8>),
}

impl ModuleBody {
    fn len(&self) -> usize {
        match self {
            ModuleBody::EsModule(text)
            | ModuleBody::CommonJs(text)
            | ModuleBody::Text(text)
            | ModuleBody::Json(text) => text.len(),
            ModuleBody::Data(bytes) | ModuleBody::Wasm(bytes) => bytes.len(),
        }
    }
}

/// What a Worker Loader was given to run.
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicCode {
    pub compatibility_date: String,
    pub compatibility_flags: Vec<String>,
    /// The module that is the worker (its exports are the entrypoints).
    pub main_module: String,
    pub modules: Vec<(String, ModuleBody)>,
}

/// The most code a Dynamic Worker may have, all modules together: workerd's
/// bound (the paid plan's uncompressed Worker size).
pub const MAX_CODE_BYTES: usize = 64 * 1024 * 1024;

/// Why the code cannot run; the text is what the caller's call rejects with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DynamicCodeError(pub String);

impl DynamicCode {
    /// The bundle of the code, under `metadata` (its name, limits, no bindings).
    pub async fn bundle(&self, name: &str, version: &str, limits: Limits) -> Result<Bundle, DynamicCodeError> {
        self.check()?;
        let dir = tempfile::Builder::new().prefix("worky-dynamic-").tempdir().map_err(|err| {
            DynamicCodeError(format!("cannot make a directory to build the Dynamic Worker in: {err}"))
        })?;
        let root = dir.path().canonicalize().unwrap_or_else(|_| dir.path().to_path_buf());
        let mut rules = Vec::new();
        for (name, body) in &self.modules {
            write_module(&root, name, body)?;
            if let Some(kind) = rule_kind(body) {
                rules.push(ModuleRule { kind, globs: vec![escape_glob(name)], fallthrough: false });
            }
        }
        let mut metadata = Metadata::new(name, limits);
        metadata.version = Some(version.to_string());
        metadata.compatibility_date = Some(self.compatibility_date.clone());
        metadata.compatibility_flags = self.compatibility_flags.clone();
        let source = Source {
            root: root.clone(),
            entry: Some(root.join(&self.main_module)),
            metadata,
            rules,
            base_dir: root.clone(),
            find_additional_modules: false,
        };
        let failed = |message: String| DynamicCodeError(format!("Failed to start Worker:\n{message}"));
        let mut bundler = Bundler::new(&source, &root, Options::default()).map_err(|err| failed(err.to_string()))?;
        let (bundle, _warnings) = bundler.build().await.map_err(|err| failed(err.plain.trim_end().to_string()))?;
        Ok(bundle)
    }

    /// What workerd checks before it builds anything, in its words.
    fn check(&self) -> Result<(), DynamicCodeError> {
        let total: usize = self.modules.iter().map(|(_, body)| body.len()).sum();
        if total > MAX_CODE_BYTES {
            return Err(DynamicCodeError(format!(
                "Dynamic Worker code size ({total} bytes) exceeds the maximum allowed size of {MAX_CODE_BYTES} bytes."
            )));
        }
        for (name, _) in &self.modules {
            if !is_module_path(name) {
                return Err(DynamicCodeError(format!(
                    "Module name \"{name}\" is not a relative path within the worker: use names such as \
                     \"main.js\" or \"lib/util.js\", without \"..\", a leading \"/\" or empty parts."
                )));
            }
        }
        if !self.modules.iter().any(|(name, _)| *name == self.main_module) {
            return Err(DynamicCodeError(format!(
                "Failed to start Worker:\nUncaught Error: No such module: {}",
                self.main_module
            )));
        }
        Ok(())
    }
}

/// A name the build can write where it belongs: relative, plain parts only
/// (no empty part, `.` or `..`).
fn is_module_path(name: &str) -> bool {
    !name.contains('\0')
        && !name.contains('\\')
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The rule kind that makes the bundler import a module as workerd would,
/// `None` where its name already says so (JS, whose extension the bundler reads).
fn rule_kind(body: &ModuleBody) -> Option<ModuleKind> {
    match body {
        ModuleBody::Text(_) => Some(ModuleKind::Text),
        ModuleBody::Data(_) => Some(ModuleKind::Data),
        ModuleBody::Wasm(_) => Some(ModuleKind::CompiledWasm),
        ModuleBody::EsModule(_) | ModuleBody::CommonJs(_) | ModuleBody::Json(_) => None,
    }
}

/// Writes the module where its name says, as the bundler reads it: a JSON
/// module not named `.json` becomes the JS module of its value.
fn write_module(root: &Path, name: &str, body: &ModuleBody) -> Result<(), DynamicCodeError> {
    let path = root.join(name);
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| match body {
        ModuleBody::EsModule(text) | ModuleBody::CommonJs(text) | ModuleBody::Text(text) => std::fs::write(&path, text),
        ModuleBody::Json(text) if name.ends_with(".json") => std::fs::write(&path, text),
        ModuleBody::Json(text) => std::fs::write(&path, format!("export default {text};\n")),
        ModuleBody::Data(bytes) | ModuleBody::Wasm(bytes) => std::fs::write(&path, bytes),
    });
    written.map_err(|err| DynamicCodeError(format!("cannot write module \"{name}\" to build it: {err}")))
}

/// A glob that matches exactly `name`.
fn escape_glob(name: &str) -> String {
    let mut escaped = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '!' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(modules: Vec<(&str, ModuleBody)>) -> DynamicCode {
        DynamicCode {
            compatibility_date: "2025-06-01".into(),
            compatibility_flags: Vec::new(),
            main_module: modules[0].0.to_string(),
            modules: modules.into_iter().map(|(name, body)| (name.to_string(), body)).collect(),
        }
    }

    fn limits() -> Limits {
        crate::bundle::tests::limits()
    }

    #[tokio::test]
    async fn modules_of_every_kind_bundle_into_one() {
        let main = "import text from './t.txt'; import json from './d.json'; import cjs from './lib/c.cjs';\n\
                    import data from './b.dat'; export default { show: () => [text, json.v, cjs.x, data.byteLength] };";
        let bundle = code(vec![
            ("main.js", ModuleBody::EsModule(main.into())),
            ("t.txt", ModuleBody::Text("hi".into())),
            ("d.json", ModuleBody::Json("{\"v\":1}".into())),
            ("lib/c.cjs", ModuleBody::CommonJs("module.exports = { x: 2 };".into())),
            ("b.dat", ModuleBody::Data(vec![1, 2, 3])),
        ])
        .bundle("parent", "dynamic", limits())
        .await
        .unwrap();
        assert!(bundle.code.contains("\"hi\""), "{}", bundle.code);
        assert!(bundle.map.contains("lib/c.cjs"), "the map names the modules: {}", bundle.map);
        assert_eq!(bundle.manifest.compatibility_date.as_deref(), Some("2025-06-01"));
    }

    #[tokio::test]
    async fn a_text_module_named_like_code_is_text() {
        let bundle = code(vec![
            ("main.js", ModuleBody::EsModule("import t from './x.js'; export default { t };".into())),
            ("x.js", ModuleBody::Text("not code (".into())),
        ])
        .bundle("parent", "dynamic", limits())
        .await
        .unwrap();
        assert!(bundle.code.contains("not code ("), "{}", bundle.code);
    }

    #[tokio::test]
    async fn names_outside_the_worker_and_a_missing_main_module_are_refused() {
        for name in ["../x.js", "/abs.js", "a//b.js", "dir/", ""] {
            let err = code(vec![(name, ModuleBody::EsModule(String::new()))])
                .bundle("parent", "dynamic", limits())
                .await
                .unwrap_err();
            assert!(err.0.contains("is not a relative path"), "{name}: {err}");
        }
        let mut missing = code(vec![("a.js", ModuleBody::EsModule("export default {}".into()))]);
        missing.main_module = "x.js".into();
        let err = missing.bundle("parent", "dynamic", limits()).await.unwrap_err();
        assert_eq!(err.0, "Failed to start Worker:\nUncaught Error: No such module: x.js");
    }

    #[tokio::test]
    async fn an_import_that_is_not_there_fails_the_start_naming_it() {
        let err =
            code(vec![("imp.js", ModuleBody::EsModule("import x from './gone.js'; export default { x };".into()))])
                .bundle("parent", "dynamic", limits())
                .await
                .unwrap_err();
        assert!(err.0.starts_with("Failed to start Worker:\n") && err.0.contains("gone.js"), "{err}");
    }

    #[test]
    fn code_over_64_mib_is_refused_in_workerds_words() {
        let big = code(vec![("a.js", ModuleBody::Data(vec![0; MAX_CODE_BYTES + 1]))]);
        let err = big.check().unwrap_err();
        assert_eq!(
            err.0,
            format!(
                "Dynamic Worker code size ({} bytes) exceeds the maximum allowed size of {MAX_CODE_BYTES} bytes.",
                MAX_CODE_BYTES + 1
            )
        );
        let fits = code(vec![("a.js", ModuleBody::Data(vec![0; MAX_CODE_BYTES]))]);
        assert_eq!(fits.check(), Ok(()));
    }
}
