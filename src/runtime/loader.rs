//! Module loading for a bundle: the bundle is the only module, served from
//! memory, and its source map turns every stack frame back into the original
//! `.ts` file:line:col.

use std::borrow::Cow;
use std::sync::Arc;

use deno_core::{
    ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse, ModuleLoader, ModuleResolveResponse, ModuleSpecifier,
    ResolutionKind,
};
use deno_error::JsErrorBox;

use crate::bundle::Bundle;

pub struct BundleLoader {
    pub specifier: ModuleSpecifier,
    pub bundle: Arc<Bundle>,
}

impl ModuleLoader for BundleLoader {
    fn resolve(&self, specifier: &str, referrer: &str, _kind: ResolutionKind) -> ModuleResolveResponse {
        if specifier == self.specifier.as_str() {
            return Ok(self.specifier.clone());
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
        (file_name == self.specifier.as_str()).then(|| Cow::Borrowed(self.bundle.map.as_bytes()))
    }

    /// The map is ours and its sources are exact, whether or not they exist on this
    /// host (in `worky serve` they do not): always show the original file names.
    fn source_map_source_exists(&self, _source_url: &str) -> Option<bool> {
        Some(true)
    }
}
