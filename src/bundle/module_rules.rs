//! wrangler's module rules: which files import as what. The defaults are
//! wrangler's (`.txt`, `.html`, `.sql` as text; `.bin` as an `ArrayBuffer`,
//! wrangler's Data; `.wasm` as a compiled `WebAssembly.Module`); `[[rules]]` in
//! the config come first, with wrangler's `fallthrough` semantics.
//!
//! With `find_additional_modules`, the files under `base_dir` that a rule
//! matches are part of the bundle too, so that an `import()` whose specifier is
//! only known at run time (``import(`./lang/${code}.js`)``) finds them: such
//! calls go through a small lookup the bundle carries (`ADDITIONAL_MODULES`),
//! since a worky bundle is one module. Rolldown does the rest: the plugin's
//! `load` hook turns a non-JS file into a small JS module, and its `transform`
//! hook rewrites those `import()` calls.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use oxc::allocator::Allocator;
use oxc::ast::ast::{Expression, ImportExpression};
use oxc::ast_visit::{Visit, walk};
use oxc::parser::Parser;
use oxc::span::{GetSpan, SourceType};
use rolldown_common::ModuleType;
use rolldown_plugin::{
    HookLoadArgs, HookLoadOutput, HookLoadReturn, HookResolveIdArgs, HookResolveIdOutput, HookResolveIdReturn,
    HookTransformArgs, HookTransformOutput, HookTransformReturn, HookUsage, Plugin, PluginContext,
    SharedLoadPluginContext, SharedTransformPluginContext,
};
use string_wizard::{MagicString, SourceMapOptions};

/// What a rule makes of a file (wrangler's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleKind {
    ESModule,
    CommonJS,
    CompiledWasm,
    Text,
    Data,
}

impl ModuleKind {
    pub const NAMES: [&str; 5] = ["ESModule", "CommonJS", "CompiledWasm", "Text", "Data"];

    pub fn from_name(name: &str) -> Option<ModuleKind> {
        Some(match name {
            "ESModule" => ModuleKind::ESModule,
            "CommonJS" => ModuleKind::CommonJS,
            "CompiledWasm" => ModuleKind::CompiledWasm,
            "Text" => ModuleKind::Text,
            "Data" => ModuleKind::Data,
            _ => return None,
        })
    }
}

/// One `[[rules]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleRule {
    pub kind: ModuleKind,
    pub globs: Vec<String>,
    pub fallthrough: bool,
}

impl ModuleRule {
    fn new(kind: ModuleKind, globs: &[&str]) -> ModuleRule {
        ModuleRule { kind, globs: globs.iter().map(|glob| glob.to_string()).collect(), fallthrough: false }
    }

    fn matches(&self, relative: &str) -> bool {
        self.globs.iter().any(|glob| fast_glob::glob_match(glob, relative))
    }
}

/// wrangler's default rules, after the user's.
fn default_rules() -> Vec<ModuleRule> {
    vec![
        ModuleRule::new(ModuleKind::Text, &["**/*.txt", "**/*.html", "**/*.sql"]),
        ModuleRule::new(ModuleKind::Data, &["**/*.bin"]),
        ModuleRule::new(ModuleKind::CompiledWasm, &["**/*.wasm", "**/*.wasm?module"]),
    ]
}

/// The rules in force: the user's, then the defaults; a rule of a type an
/// earlier rule (without `fallthrough = true`) already has is dropped, with a
/// warning, as wrangler does.
pub fn effective_rules(user: &[ModuleRule]) -> (Vec<ModuleRule>, Vec<String>) {
    let mut kept: Vec<ModuleRule> = Vec::new();
    let mut warnings = Vec::new();
    let mut closed: Vec<(ModuleKind, usize)> = Vec::new();
    for (index, rule) in user.iter().cloned().chain(default_rules()).enumerate() {
        if let Some((_, at)) = closed.iter().find(|(kind, _)| *kind == rule.kind) {
            if index < user.len() {
                warnings.push(format!(
                    "the module rule at position {index} ({:?} {:?}) has the same type as the rule at position {at} \
                     and is ignored: add `fallthrough = true` to that rule to use both",
                    rule.kind, rule.globs
                ));
            }
            continue;
        }
        if !rule.fallthrough {
            closed.push((rule.kind, index));
        }
        kept.push(rule);
    }
    (kept, warnings)
}

/// The virtual module holding the additional modules and the lookup.
pub const ADDITIONAL_MODULES: &str = "worky:additional-modules";

#[derive(Debug)]
pub struct ModuleRules {
    rules: Vec<ModuleRule>,
    /// Rules match paths relative to this directory (wrangler's `base_dir`).
    base_dir: PathBuf,
    /// `find_additional_modules`: bundle what the rules match (looked for on every build).
    find_additional_modules: bool,
}

impl ModuleRules {
    pub fn new(rules: Vec<ModuleRule>, base_dir: &Path, find_additional_modules: bool) -> ModuleRules {
        ModuleRules { rules, base_dir: base_dir.to_path_buf(), find_additional_modules }
    }

    /// `path` relative to `base_dir`, with forward slashes (what globs and names match).
    fn relative(&self, path: &str) -> Option<String> {
        let relative = Path::new(path).strip_prefix(&self.base_dir).ok()?;
        Some(relative.to_string_lossy().replace('\\', "/"))
    }

    /// What `id` imports as: globs match its path under `base_dir`, or (a file
    /// outside it, `../assets/page.html`) its whole path, so `**/*.html` still does.
    fn kind_of(&self, id: &str) -> Option<ModuleKind> {
        let path = self.relative(id).unwrap_or_else(|| id.replace('\\', "/"));
        self.rules.iter().find(|rule| rule.matches(&path)).map(|rule| rule.kind)
    }

    /// The lookup module: every additional module behind an `import()` the
    /// bundler inlines, by name relative to `base_dir`.
    fn lookup_module(&self, modules: &[String]) -> String {
        let mut table = String::new();
        for name in modules {
            let path = self.base_dir.join(name);
            let path = serde_json::to_string(&path.to_string_lossy()).expect("a string serializes");
            let name = serde_json::to_string(name).expect("a string serializes");
            table.push_str(&format!("    {name}: () => import({path}),\n"));
        }
        format!(
            "// worky: modules found by find_additional_modules, for import() with a computed specifier.\n\
             function modules() {{\n  return {{\n{table}  }};\n}}\n\
             export function __worky_import(specifier, from) {{\n\
             \x20 const name = resolve(String(specifier), from);\n\
             \x20 const load = name === null ? undefined : modules()[name];\n\
             \x20 if (load) return load();\n\
             \x20 if (name === null) return import(specifier);\n\
             \x20 return Promise.reject(new Error(`No such module \"${{name}}\".\\n  imported from \"${{from || \".\"}}\"`));\n\
             }}\n\
             function resolve(specifier, from) {{\n\
             \x20 if (!specifier.startsWith(\"./\") && !specifier.startsWith(\"../\") && !specifier.startsWith(\"/\")) return null;\n\
             \x20 const parts = specifier.startsWith(\"/\") ? [] : from.split(\"/\").filter(Boolean);\n\
             \x20 for (const part of specifier.split(\"/\")) {{\n\
             \x20   if (part === \"..\") parts.pop();\n\
             \x20   else if (part !== \".\" && part !== \"\") parts.push(part);\n\
             \x20 }}\n\
             \x20 return parts.join(\"/\");\n\
             }}\n"
        )
    }
}

/// The files under `base_dir` some rule matches (not node_modules, dot
/// directories or build output), sorted.
fn find_modules(rules: &[ModuleRule], base_dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![base_dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" || name == "dist" {
                continue;
            }
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(base_dir) else { continue };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if rules.iter().any(|rule| rule.matches(&relative)) {
                found.push(relative);
            }
        }
    }
    found.sort();
    found
}

impl Plugin for ModuleRules {
    fn name(&self) -> Cow<'static, str> {
        "worky:module-rules".into()
    }

    fn register_hook_usage(&self) -> HookUsage {
        HookUsage::ResolveId | HookUsage::Load | HookUsage::Transform
    }

    async fn resolve_id(&self, _ctx: &PluginContext, args: &HookResolveIdArgs<'_>) -> HookResolveIdReturn {
        Ok((args.specifier == ADDITIONAL_MODULES && self.find_additional_modules)
            .then(|| HookResolveIdOutput::from_id(ADDITIONAL_MODULES)))
    }

    async fn load(&self, _ctx: SharedLoadPluginContext, args: &HookLoadArgs<'_>) -> HookLoadReturn {
        if args.id == ADDITIONAL_MODULES && self.find_additional_modules {
            let code = self.lookup_module(&find_modules(&self.rules, &self.base_dir));
            return Ok(Some(HookLoadOutput {
                code: code.into(),
                module_type: Some(ModuleType::Js),
                ..Default::default()
            }));
        }
        let Some(kind) = self.kind_of(args.id) else { return Ok(None) };
        // `x.wasm?module` is the file x.wasm.
        let path = args.id.split('?').next().unwrap_or(args.id);
        let code = match kind {
            ModuleKind::ESModule | ModuleKind::CommonJS => return Ok(None),
            ModuleKind::Text => {
                let text = std::fs::read_to_string(path)?;
                format!("export default {};\n", serde_json::to_string(&text).expect("a string serializes"))
            }
            ModuleKind::Data | ModuleKind::CompiledWasm => {
                let encoded = base64::engine::general_purpose::STANDARD.encode(std::fs::read(path)?);
                let value = if kind == ModuleKind::Data { "bytes.buffer" } else { "new WebAssembly.Module(bytes)" };
                // Decoded natively: `Uint8Array.from(atob(..), mapper)` made a JS
                // array of every byte first (16 bytes each), so a 3 MB wasm module
                // (Prisma's query compiler) did not fit a 128 MB isolate.
                format!("const bytes = Uint8Array.fromBase64(\"{encoded}\");\nexport default {value};\n")
            }
        };
        Ok(Some(HookLoadOutput { code: code.into(), module_type: Some(ModuleType::Js), ..Default::default() }))
    }

    async fn transform(&self, _ctx: SharedTransformPluginContext, args: &HookTransformArgs<'_>) -> HookTransformReturn {
        if !self.find_additional_modules || args.id == ADDITIONAL_MODULES || args.id.contains("/node_modules/") {
            return Ok(None);
        }
        let Some(relative) = self.relative(args.id) else { return Ok(None) };
        let from = relative.rsplit_once('/').map_or("", |(dir, _)| dir);
        Ok(rewrite_computed_imports(args.id, args.code, from).map(|(code, map)| HookTransformOutput {
            code: Some(code),
            map: map.into(),
            ..Default::default()
        }))
    }
}

/// `import(expr)` with a specifier that is not a string literal becomes
/// `__worky_import(expr, "<dir of the importer>")`; `None` when there is none.
fn rewrite_computed_imports(id: &str, code: &str, from: &str) -> Option<(String, rolldown_sourcemap::SourceMap)> {
    let allocator = Allocator::default();
    let source_type = SourceType::from_path(id.split('?').next().unwrap_or(id)).unwrap_or_default();
    let parsed = Parser::new(&allocator, code, source_type).parse();
    let mut finder = ComputedImports::default();
    finder.visit_program(&parsed.program);
    if finder.found.is_empty() {
        return None;
    }
    let mut edited = MagicString::new(code);
    let from = serde_json::to_string(from).expect("a string serializes");
    for (keyword_start, source_end) in finder.found {
        edited.update(keyword_start, keyword_start + "import".len() as u32, "__worky_import").ok()?;
        edited.append_left(source_end, format!(", {from}")).ok()?;
    }
    // At the end, so no line moves; imports are hoisted wherever they stand.
    edited.append(format!("\nimport {{ __worky_import }} from \"{ADDITIONAL_MODULES}\";\n"));
    let map = edited.source_map(SourceMapOptions { source: id.into(), ..Default::default() });
    Some((edited.to_string(), map))
}

/// Where each `import(<not a string>)` starts and where its specifier ends.
#[derive(Default)]
struct ComputedImports {
    found: Vec<(u32, u32)>,
}

impl<'a> Visit<'a> for ComputedImports {
    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        if !matches!(it.source, Expression::StringLiteral(_)) {
            self.found.push((it.span.start, it.source.span().end));
        }
        walk::walk_import_expression(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(kind: ModuleKind, globs: &[&str], fallthrough: bool) -> ModuleRule {
        ModuleRule { fallthrough, ..ModuleRule::new(kind, globs) }
    }

    #[test]
    fn user_rules_come_first_and_close_their_type_unless_they_fall_through() {
        let (rules, warnings) = effective_rules(&[rule(ModuleKind::Text, &["**/*.md"], false)]);
        // The default Text rule is dropped: .txt no longer imports as text.
        assert!(rules.iter().all(|r| !r.globs.contains(&"**/*.txt".to_string())));
        assert!(rules.iter().any(|r| r.kind == ModuleKind::Data), "other defaults stay");
        assert!(warnings.is_empty(), "defaults dropped silently: {warnings:?}");

        let (rules, _) = effective_rules(&[rule(ModuleKind::Text, &["**/*.md"], true)]);
        let text: Vec<&ModuleRule> = rules.iter().filter(|r| r.kind == ModuleKind::Text).collect();
        assert_eq!(text.len(), 2, "fallthrough keeps the default Text rule");

        let (rules, warnings) = effective_rules(&[
            rule(ModuleKind::ESModule, &["**/*.js"], false),
            rule(ModuleKind::ESModule, &["**/*.mjs"], false),
        ]);
        assert_eq!(rules.iter().filter(|r| r.kind == ModuleKind::ESModule).count(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("position 1") && warnings[0].contains("fallthrough = true"));
    }

    #[test]
    fn globs_match_paths_under_the_base_dir() {
        let plugin = ModuleRules::new(effective_rules(&[]).0, Path::new("/p/src"), false);
        assert_eq!(plugin.kind_of("/p/src/page.html"), Some(ModuleKind::Text));
        assert_eq!(plugin.kind_of("/p/src/deep/q.sql"), Some(ModuleKind::Text));
        assert_eq!(plugin.kind_of("/p/src/a.wasm?module"), Some(ModuleKind::CompiledWasm));
        assert_eq!(plugin.kind_of("/p/src/index.ts"), None);
        assert_eq!(plugin.kind_of("/elsewhere/page.html"), Some(ModuleKind::Text), "outside base_dir");
        assert_eq!(plugin.kind_of("/elsewhere/page.md"), None);
    }

    #[test]
    fn computed_imports_are_rewritten_literal_ones_are_not() {
        let code = "const a = await import(\"./fixed.js\");\nconst b = await import(`./lang/${x}.js`);\nf(import(y + \".js\"), 1);\n";
        let (out, _) = rewrite_computed_imports("/p/src/i.js", code, "src").unwrap();
        assert!(out.contains("import(\"./fixed.js\")"), "{out}");
        assert!(out.contains("__worky_import(`./lang/${x}.js`, \"src\")"), "{out}");
        assert!(out.contains("f(__worky_import(y + \".js\", \"src\"), 1);"), "{out}");
        assert_eq!(out.lines().count(), code.lines().count() + 2, "no line moves: {out}");
        assert!(
            rewrite_computed_imports("/p/i.ts", "const x: number = await import('./a').then(m => m.x);", "").is_none()
        );
    }
}
