//! wrangler's default module rules for what is not JavaScript: `.html` and
//! `.txt` import as text (rolldown's own Text type, set in bundler.rs), `.bin`
//! as an `ArrayBuffer` (wrangler's Data) and `.wasm` as a compiled
//! `WebAssembly.Module` (CompiledWasm). The last two are this plugin: the file's
//! bytes become base64 in a small module that decodes them when it loads.

use std::borrow::Cow;

use base64::Engine as _;
use rolldown_common::ModuleType;
use rolldown_plugin::{HookLoadArgs, HookLoadOutput, HookLoadReturn, HookUsage, Plugin, SharedLoadPluginContext};

#[derive(Debug)]
pub struct BinaryModules;

impl Plugin for BinaryModules {
    fn name(&self) -> Cow<'static, str> {
        "worky:binary-modules".into()
    }

    fn register_hook_usage(&self) -> HookUsage {
        HookUsage::Load
    }

    async fn load(&self, _ctx: SharedLoadPluginContext, args: &HookLoadArgs<'_>) -> HookLoadReturn {
        let value = if args.id.ends_with(".wasm") {
            "new WebAssembly.Module(bytes)"
        } else if args.id.ends_with(".bin") {
            "bytes.buffer"
        } else {
            return Ok(None);
        };
        let bytes = std::fs::read(args.id)?;
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        let code = format!(
            "const bytes = Uint8Array.from(atob(\"{encoded}\"), (c) => c.charCodeAt(0));\nexport default {value};\n"
        );
        Ok(Some(HookLoadOutput { code: code.into(), module_type: Some(ModuleType::Js), ..Default::default() }))
    }
}
