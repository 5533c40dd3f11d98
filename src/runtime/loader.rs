//! Module loading for a bundle: the bundle is the only module, served from
//! memory, and its source map turns every stack frame back into the original
//! `.ts` file:line:col.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use deno_core::{
    ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse, ModuleLoader, ModuleResolveResponse, ModuleSpecifier,
    ResolutionKind,
};
use deno_error::JsErrorBox;

use crate::bundle::Bundle;

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
