//! The bundler: rolldown behind one small module, since its Rust API carries no
//! semver promise. TypeScript, relative imports and npm packages (package.json
//! `exports`, preferring the `workerd`/`worker`/`browser` conditions) become one
//! ES module with a source map: a `Bundle`.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rolldown::{
    BundleOutput, Bundler as Rolldown, BundlerOptions, CodeSplittingMode, InputItem, IsExternal, OutputFormat,
    Platform, RawMinifyOptions, ResolveOptions, SourceMapType,
};
use rolldown_common::Output;
use rolldown_error::{BuildDiagnostic, DiagnosableResolveError, DiagnosticOptions, EventKind, Severity};
use rolldown_utils::pattern_filter::StringOrRegex;

use super::module_rules::{ModuleRule, ModuleRules, effective_rules};
use super::node_modules::NodeModules;
use super::{Bundle, CODE_FILE, Metadata, NODEJS_COMPAT_DEFAULT_FROM, RUNTIME_MODULES};

/// What to bundle: the entry module of a project, and what its manifest says.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The project directory: rolldown resolves from here and diagnostics are relative to it.
    pub root: PathBuf,
    /// Absolute path of the entry module; `None` for a project of static assets
    /// alone (wrangler's assets-only Worker), whose worker is `NO_WORKER`.
    pub entry: Option<PathBuf>,
    pub metadata: Metadata,
    /// `[[rules]]`: the user's module rules (wrangler's defaults follow them).
    pub rules: Vec<ModuleRule>,
    /// What rules match paths against (wrangler's `base_dir`: by default the entry's directory).
    pub base_dir: PathBuf,
    /// wrangler's `find_additional_modules`.
    pub find_additional_modules: bool,
}

/// A failed build: every diagnostic rendered with file:line:col and a code frame.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{plain}")]
pub struct BuildError {
    /// For the terminal (colored when stderr is one).
    pub rendered: String,
    /// Without colors, for error pages.
    pub plain: String,
    /// Files the failed build read, so a watcher knows what to wait for.
    pub inputs: Vec<PathBuf>,
}

impl BuildError {
    fn internal(message: &str, inputs: Vec<PathBuf>) -> BuildError {
        BuildError { rendered: message.to_string(), plain: message.to_string(), inputs }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub minify: bool,
    /// Render diagnostics with ANSI colors (for a terminal).
    pub color: bool,
    /// Identifiers replaced by JS expressions at build time (`--define KEY:VALUE`).
    pub define: Vec<(String, String)>,
}

/// rolldown refused the options (a bug on our side, not the user's).
#[derive(Debug, thiserror::Error)]
#[error("invalid bundler options: {0}")]
pub struct InvalidOptions(String);

/// The worker of a project without `main` (static assets alone), as wrangler's
/// no-op worker answers; the assets answer every request before it would run
/// (`AssetsManifest::assets_only`).
pub const NO_WORKER: &str = "export default {\n  fetch() {\n    return new Response(\"Not found\", { status: 404, headers: { \"Content-Type\": \"text/html\" } });\n  },\n};\n";

/// A reusable bundler for one project; rebuilding with it is cheap.
pub struct Bundler {
    /// `None` for a project without an entry module (`NO_WORKER`).
    rolldown: Option<Rolldown>,
    source: Source,
    /// Where the bundle is written (or, in dev, would be): map sources are relative to it.
    out_dir: PathBuf,
    color: bool,
    /// Rules that never apply (see `effective_rules`), said with every build's warnings.
    rule_warnings: Vec<String>,
}

impl Bundler {
    pub fn new(source: &Source, out_dir: &Path, options: Options) -> Result<Bundler, InvalidOptions> {
        let (rules, rule_warnings) = effective_rules(&source.rules);
        let rolldown = match &source.entry {
            Some(entry) => Some(Self::rolldown(source, entry, options.minify, &options.define, rules)?),
            None => None,
        };
        Ok(Bundler {
            rolldown,
            source: source.clone(),
            out_dir: out_dir.to_path_buf(),
            color: options.color,
            rule_warnings,
        })
    }

    fn rolldown(
        source: &Source,
        entry: &Path,
        minify: bool,
        define: &[(String, String)],
        rules: Vec<ModuleRule>,
    ) -> Result<Rolldown, InvalidOptions> {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rolldown_options = BundlerOptions {
            input: Some(vec![InputItem { name: Some("worker".into()), import: entry.to_string_lossy().into_owned() }]),
            cwd: Some(source.root.clone()),
            format: Some(OutputFormat::Esm),
            platform: Some(Platform::Browser),
            file: Some(CODE_FILE.into()),
            sourcemap: Some(SourceMapType::Hidden),
            minify: Some(RawMinifyOptions::Bool(minify)),
            define: (!define.is_empty()).then(|| define.iter().cloned().collect()),
            // A worker is one module: dynamic imports are inlined.
            code_splitting: Some(CodeSplittingMode::Bool(false)),
            resolve: Some(ResolveOptions {
                condition_names: Some(strings(&["workerd", "worker", "browser", "module"])),
                main_fields: Some(strings(&["browser", "module", "main"])),
                ..Default::default()
            }),
            // The modules the runtime provides stay imports (Node.js's: see
            // node_modules.rs); any other import that does not resolve fails the
            // build (see `unresolved_import`).
            external: Some(IsExternal::StringOrRegex(
                RUNTIME_MODULES.iter().map(|name| StringOrRegex::String(name.to_string())).collect(),
            )),
            ..Default::default()
        };
        // Module rules (module_rules.rs): what .html, .wasm, ... import as.
        let module_rules = ModuleRules::new(rules, &source.base_dir, source.find_additional_modules);
        let mut plugins: Vec<rolldown_plugin::__inner::SharedPluginable> = vec![Arc::new(module_rules)];
        if source.metadata.compatibility().node_modules() {
            plugins.insert(0, Arc::new(NodeModules));
        }
        Rolldown::with_plugins(rolldown_options, plugins)
            .map_err(|errors| InvalidOptions(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")))
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Bundles the project; warnings are returned alongside the bundle.
    pub async fn build(&mut self) -> Result<(Bundle, Vec<String>), BuildError> {
        let Some(rolldown) = self.rolldown.as_mut() else {
            let map = r#"{"version":3,"sources":[],"names":[],"mappings":""}"#;
            let mut bundle = Bundle::new(self.source.metadata.clone(), NO_WORKER.into(), map.into(), Vec::new());
            bundle.exports = vec!["default".into()];
            return Ok((bundle, Vec::new()));
        };
        let diagnostic_options = DiagnosticOptions { cwd: self.source.root.clone() };
        let color = self.color;
        let render_as =
            |d: &BuildDiagnostic, color: bool| d.to_diagnostic_with(&diagnostic_options).convert_to_string(color);
        let render = |d: &BuildDiagnostic| render_as(d, color);
        // Files may have appeared or gone since the last build.
        rolldown.clear_resolver_cache();
        rolldown.clear_transform_tsconfig_cache();
        let result = rolldown.generate().await;
        let mut inputs: Vec<PathBuf> = rolldown
            .watch_files()
            .iter()
            .map(|file| PathBuf::from(file.key().as_str()))
            .filter(|path| path.is_absolute())
            .collect();
        inputs.sort();
        let fail = |errors: &[BuildDiagnostic], inputs: Vec<PathBuf>| {
            let rendered = errors.iter().map(render).collect::<Vec<_>>().join("\n");
            let plain = errors.iter().map(|d| render_as(d, false)).collect::<Vec<_>>().join("\n");
            BuildError { rendered, plain, inputs }
        };
        let mut output: BundleOutput = match result {
            Ok(output) => output,
            Err(errors) => return Err(fail(&errors, inputs)),
        };
        // rolldown leaves an import it cannot resolve as an import, with a warning;
        // the runtime could only fail on it later, so it is an error here.
        let (unresolved, warnings): (Vec<_>, Vec<_>) = std::mem::take(&mut output.warnings)
            .into_iter()
            .partition(|d| matches!(d.kind(), EventKind::UnresolvedImport));
        if !unresolved.is_empty() {
            let node = self.source.metadata.compatibility().node_modules();
            let errors: Vec<_> = unresolved.into_iter().map(|diagnostic| unresolved_import(diagnostic, node)).collect();
            return Err(fail(&errors, inputs));
        }
        let warnings = self.rule_warnings.iter().cloned().chain(warnings.iter().map(render)).collect();
        let chunk = output.assets.iter().find_map(|asset| match asset {
            Output::Chunk(chunk) if chunk.is_entry => Some(chunk.clone()),
            _ => None,
        });
        let Some(chunk) = chunk else {
            return Err(BuildError::internal("the bundler produced no entry chunk", inputs));
        };
        // An entry that exports and does nothing bundles to nothing at all.
        if chunk.code.trim().is_empty() {
            return Err(BuildError::internal(&self.nothing_to_run(), inputs));
        }
        let mut map = chunk
            .map
            .clone()
            .ok_or_else(|| BuildError::internal("the bundler produced no source map", inputs.clone()))?;
        // rolldown writes sources relative to the project root; a map's sources are
        // relative to the map itself, which lives in the output directory.
        let sources: Vec<String> =
            map.get_sources().map(|source| relative_path(&self.out_dir, &self.source.root.join(source))).collect();
        map.set_sources(sources);
        let mut bundle = Bundle::new(self.source.metadata.clone(), chunk.code.clone(), map.to_json_string(), inputs);
        bundle.exports = chunk.exports.iter().map(|name| name.to_string()).collect();
        Ok((bundle, warnings))
    }

    fn nothing_to_run(&self) -> String {
        let entry = self.source.entry.as_deref().unwrap_or(&self.source.root);
        let entry = entry.strip_prefix(&self.source.root).unwrap_or(entry);
        format!(
            "{} has no default export and registers no event listener, so the worker has nothing to run.\n\
             help: export the handlers: `export default {{ async fetch(request, env, ctx) {{ return new Response(\"Hello\"); }} }}`",
            entry.display()
        )
    }
}

/// An import that did not resolve, as an error that says what to do about it.
fn unresolved_import(mut diagnostic: BuildDiagnostic, node: bool) -> BuildDiagnostic {
    let specifier = diagnostic.exporter().unwrap_or_default();
    if let Some(error) = diagnostic.downcast_mut::<DiagnosableResolveError>() {
        (error.reason, error.help) = unresolved_import_advice(&specifier, node);
    }
    diagnostic.with_severity(Severity::Error)
}

/// Why an import cannot be provided, and what to do instead.
/// `node`: the bundle has `nodejs_compat`.
fn unresolved_import_advice(specifier: &str, node: bool) -> (String, Option<String>) {
    if specifier.starts_with("node:") {
        let reason = format!("\"{specifier}\" is a Node.js built-in module, which worky does not provide");
        let help = if node {
            "worky's nodejs_compat provides the Node.js modules Workers has: use a Web API or an npm package instead"
                .to_string()
        } else {
            format!(
                "add compatibility_flags = [\"nodejs_compat\"] to worky.toml for the Node.js modules Workers has \
                 (node:buffer, node:crypto, node:events, node:stream, ...); a compatibility_date of \
                 {NODEJS_COMPAT_DEFAULT_FROM} or later has them without the flag"
            )
        };
        return (reason, Some(help));
    }
    if specifier.starts_with("cloudflare:") {
        let provided = RUNTIME_MODULES.join(", ");
        let reason = format!("\"{specifier}\" is a Cloudflare runtime module that worky does not provide");
        return (reason, Some(format!("worky provides: {provided}")));
    }
    if specifier == "__STATIC_CONTENT_MANIFEST" {
        let reason =
            "\"__STATIC_CONTENT_MANIFEST\" is Workers Sites' manifest ([site]), which worky does not serve".to_string();
        let help = "serve the files as static assets instead: assets = { directory = \"./public\" } in the config \
                    (answered before the worker, no @cloudflare/kv-asset-handler needed)";
        return (reason, Some(help.to_string()));
    }
    let package = package_name(specifier);
    let reason = "Module not found".to_string();
    let help = format!(
        "worky bundles every import at build time: install the package (npm install {package}) or fix the path"
    );
    (reason, Some(help))
}

/// `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`.
fn package_name(specifier: &str) -> &str {
    let parts = if specifier.starts_with('@') { 2 } else { 1 };
    match specifier.match_indices('/').nth(parts - 1) {
        Some((at, _)) => &specifier[..at],
        None => specifier,
    }
}

/// `to` relative to directory `from`, with forward slashes (for source maps).
fn relative_path(from: &Path, to: &Path) -> String {
    let (from, to) = (normalize(from), normalize(to));
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_of_specifiers() {
        assert_eq!(package_name("lodash"), "lodash");
        assert_eq!(package_name("lodash/fp"), "lodash");
        assert_eq!(package_name("@scope/pkg"), "@scope/pkg");
        assert_eq!(package_name("@scope/pkg/sub/x"), "@scope/pkg");
    }

    #[test]
    fn relative_paths_for_source_maps() {
        assert_eq!(relative_path(Path::new("/p/dist"), Path::new("/p/src/index.ts")), "../src/index.ts");
        assert_eq!(relative_path(Path::new("/p"), Path::new("/p/src/a.ts")), "src/a.ts");
        assert_eq!(
            relative_path(Path::new("/p/./out/x"), Path::new("/p/node_modules/h/i.js")),
            "../../node_modules/h/i.js"
        );
    }
}
