//! Module loading for a bundle: the bundle is the only module, served from
//! memory, and its source map turns every stack frame back into the original
//! `.ts` file:line:col. The one module the runtime provides is
//! `cloudflare:workers`: a façade over what `runtime_js/06_objects.js` set aside
//! for it.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use deno_core::{
    ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse, ModuleLoader, ModuleResolveResponse, ModuleSource,
    ModuleSourceCode, ModuleSpecifier, ModuleType, ResolutionKind,
};
use deno_error::JsErrorBox;

use crate::bundle::Bundle;

const CLOUDFLARE_WORKERS: &str = "cloudflare:workers";

/// `cloudflare:workers`: the classes and values 06_objects.js keeps under a
/// symbol of its own until this module takes them.
const CLOUDFLARE_WORKERS_SOURCE: &str = "const m = globalThis[Symbol.for(\"worky.cloudflare:workers\")];\n\
    export const DurableObject = m.DurableObject;\n\
    export const WorkerEntrypoint = m.WorkerEntrypoint;\n\
    export const RpcTarget = m.RpcTarget;\n\
    export const env = m.env;\n\
    export const waitUntil = m.waitUntil;\n\
    export default { DurableObject, WorkerEntrypoint, RpcTarget, env, waitUntil };\n";

/// Loads nothing until `set` gives it its bundle: isolates are created (and
/// warmed up) before they know which worker they will run.
#[derive(Default)]
pub struct BundleLoader {
    module: OnceCell<(ModuleSpecifier, Arc<Bundle>)>,
}

impl BundleLoader {
    /// Gives the loader its bundle; false if it already had one.
    pub fn set(&self, specifier: ModuleSpecifier, bundle: Arc<Bundle>) -> bool {
        self.module.set((specifier, bundle)).is_ok()
    }
}

impl ModuleLoader for BundleLoader {
    fn resolve(&self, specifier: &str, referrer: &str, _kind: ResolutionKind) -> ModuleResolveResponse {
        if let Some((own, _)) = self.module.get()
            && specifier == own.as_str()
        {
            return Ok(own.clone());
        }
        if specifier == CLOUDFLARE_WORKERS {
            return ModuleSpecifier::parse(CLOUDFLARE_WORKERS).map_err(|err| JsErrorBox::type_error(err.to_string()));
        }
        Err(JsErrorBox::type_error(format!(
            "Cannot import \"{specifier}\" from {referrer}: worky bundles every dependency at build time, \
             and the runtime provides no module by that name"
        )))
    }

    fn load(
        &self,
        specifier: &ModuleSpecifier,
        _referrer: Option<&ModuleLoadReferrer>,
        _options: ModuleLoadOptions,
    ) -> ModuleLoadResponse {
        if specifier.as_str() == CLOUDFLARE_WORKERS {
            let code = ModuleSourceCode::String(CLOUDFLARE_WORKERS_SOURCE.to_string().into());
            return ModuleLoadResponse::Sync(Ok(ModuleSource::new(ModuleType::JavaScript, code, specifier, None)));
        }
        ModuleLoadResponse::Sync(Err(JsErrorBox::type_error(format!("Module not found: {specifier}"))))
    }

    fn get_source_map(&self, file_name: &str) -> Option<Cow<'_, [u8]>> {
        let (specifier, bundle) = self.module.get()?;
        (file_name == specifier.as_str()).then(|| Cow::Borrowed(bundle.map.as_bytes()))
    }

    /// The map is ours and its sources are exact, whether or not they exist on this
    /// host (in `worky serve` they do not): always show the original file names.
    fn source_map_source_exists(&self, _source_url: &str) -> Option<bool> {
        Some(true)
    }
}
