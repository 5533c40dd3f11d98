//! Module loading for a bundle: the bundle is the only module, served from
//! memory, and its source map turns every stack frame back into the original
//! `.ts` file:line:col. The modules the runtime provides are façades over what
//! runtime_js set aside for them: `cloudflare:workers` (02_handlers.js),
//! `cloudflare:sockets` (13_sockets.js), and with
//! `nodejs_compat` `node:async_hooks` (09_node.js).

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

/// `cloudflare:workers`: the classes and values 02_handlers.js keeps under a
/// symbol of its own until this module takes them. `env` and `exports` are
/// Proxies that look up, at each use, what the work in progress sees (the
/// worker's own, or what withEnv/withExports gave it), made here so that a
/// worker that never imports the module pays nothing for them.
const CLOUDFLARE_WORKERS_SOURCE: &str = "const m = globalThis[Symbol.for(\"worky.cloudflare:workers\")];\n\
    const lookedUp = (current) => new Proxy({}, {\n\
      get: (_target, key) => current()[key],\n\
      set: (_target, key, value) => Reflect.set(current(), key, value),\n\
      has: (_target, key) => Reflect.has(current(), key),\n\
      ownKeys: () => Reflect.ownKeys(current()),\n\
      getOwnPropertyDescriptor: (_target, key) => {\n\
        const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);\n\
        if (descriptor !== undefined) descriptor.configurable = true;\n\
        return descriptor;\n\
      },\n\
    });\n\
    export const DurableObject = m.DurableObject;\n\
    export const WorkerEntrypoint = m.WorkerEntrypoint;\n\
    export const WorkflowEntrypoint = m.WorkflowEntrypoint;\n\
    export const RpcTarget = m.RpcTarget;\n\
    export const RpcStub = m.RpcStub;\n\
    export const RpcPromise = m.RpcPromise;\n\
    export const RpcProperty = m.RpcProperty;\n\
    export const ServiceStub = m.ServiceStub;\n\
    export const env = lookedUp(m.currentEnv);\n\
    export const exports = lookedUp(m.currentExports);\n\
    export const waitUntil = m.waitUntil;\n\
    export const withEnv = (newEnv, fn) => m.runWith(\"withEnv\", [[\"env\", newEnv]], fn);\n\
    export const withExports = (newExports, fn) => m.runWith(\"withExports\", [[\"exports\", newExports]], fn);\n\
    export const withEnvAndExports = (newEnv, newExports, fn) =>\n\
      m.runWith(\"withEnvAndExports\", [[\"env\", newEnv], [\"exports\", newExports]], fn);\n\
    export default { DurableObject, WorkerEntrypoint, WorkflowEntrypoint, RpcTarget, RpcStub, RpcPromise, RpcProperty, \
    ServiceStub, env, exports, waitUntil, withEnv, withExports, withEnvAndExports };\n";

const CLOUDFLARE_WORKFLOWS: &str = "cloudflare:workflows";

/// `cloudflare:workflows`: the error a step throws so that it is not retried
/// (workerd's class: a name of its own may be given).
const CLOUDFLARE_WORKFLOWS_SOURCE: &str = "export class NonRetryableError extends Error {\n\
    constructor(message, name = \"NonRetryableError\") { super(message); this.name = name; }\n\
    }\n\
    export default { NonRetryableError };\n";

const CLOUDFLARE_EMAIL: &str = "cloudflare:email";

/// `cloudflare:email`: the EmailMessage a `send_email` binding sends, as
/// miniflare (wrangler dev's runtime) makes it: a plain object with `from`,
/// `to` and the raw message under miniflare's key (tests/workerd/
/// cloudflare_email.js). Packages import it whether or not they send mail.
const CLOUDFLARE_EMAIL_SOURCE: &str = "export class EmailMessage {\n\
    constructor(from, to, raw) { return { from, to, [\"EmailMessage::raw\"]: raw }; }\n\
    }\n";

const CLOUDFLARE_SOCKETS: &str = "cloudflare:sockets";

/// `cloudflare:sockets`: `connect`, which 13_sockets.js sets aside.
const CLOUDFLARE_SOCKETS_SOURCE: &str = "const m = globalThis[Symbol.for(\"worky.cloudflare:sockets\")];\n\
    export const connect = m.connect;\n";

/// `node:async_hooks` (also imported as `async_hooks`): what 09_node.js set
/// aside, for bundles built before the bundler resolved Node.js modules itself
/// (bundle/node_modules.rs); no other Node.js module is ever an import.
const NODE_ASYNC_HOOKS: &str = "node:async_hooks";
const NODE_ASYNC_HOOKS_SOURCE: &str = "const m = globalThis[Symbol.for(\"worky.node:async_hooks\")];\n\
    export const AsyncLocalStorage = m.AsyncLocalStorage;\n\
    export const AsyncResource = m.AsyncResource;\n\
    export const asyncWrapProviders = m.asyncWrapProviders;\n\
    export const createHook = m.createHook;\n\
    export const executionAsyncId = m.executionAsyncId;\n\
    export const executionAsyncResource = m.executionAsyncResource;\n\
    export const triggerAsyncId = m.triggerAsyncId;\n\
    export default m;\n";

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
        if [CLOUDFLARE_WORKERS, CLOUDFLARE_SOCKETS, CLOUDFLARE_WORKFLOWS, CLOUDFLARE_EMAIL].contains(&specifier) {
            return ModuleSpecifier::parse(specifier).map_err(|err| JsErrorBox::type_error(err.to_string()));
        }
        let node = self.module.get().is_some_and(|(_, bundle)| bundle.manifest.compatibility().node_modules());
        if node && (specifier == NODE_ASYNC_HOOKS || specifier == "async_hooks") {
            return ModuleSpecifier::parse(NODE_ASYNC_HOOKS).map_err(|err| JsErrorBox::type_error(err.to_string()));
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
        let source = match specifier.as_str() {
            CLOUDFLARE_WORKERS => Some(CLOUDFLARE_WORKERS_SOURCE),
            CLOUDFLARE_SOCKETS => Some(CLOUDFLARE_SOCKETS_SOURCE),
            CLOUDFLARE_WORKFLOWS => Some(CLOUDFLARE_WORKFLOWS_SOURCE),
            CLOUDFLARE_EMAIL => Some(CLOUDFLARE_EMAIL_SOURCE),
            NODE_ASYNC_HOOKS => Some(NODE_ASYNC_HOOKS_SOURCE),
            _ => None,
        };
        if let Some(source) = source {
            let code = ModuleSourceCode::String(source.to_string().into());
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
