//! Worker Loader ops (runtime_js/30_loaders.js, src/runtime/loaders.rs): a
//! worker starts a Dynamic Worker from code it was given; the Dynamic Worker's
//! isolate reads the env it was given.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;

use crate::bundle::{DynamicCode, ModuleBody};
use crate::runtime::loaders::{self, DynamicSetup, DynamicWorkers, EnvService, Outbound};

/// A Dynamic Worker's isolate: what it was given.
pub struct WorkerDynamic(pub Arc<DynamicSetup>);

/// The names of the worker's Worker Loader bindings, for `env`.
pub(crate) fn loader_bindings(state: &mut OpState) -> Vec<String> {
    state.try_borrow::<DynamicWorkers>().map(|loaders| loaders.bindings.clone()).unwrap_or_default()
}

/// Whether this isolate runs a Dynamic Worker (its env is `op_worky_dynamic_env`'s).
pub(crate) fn is_dynamic(state: &mut OpState) -> bool {
    state.has::<WorkerDynamic>()
}

/// The code as 30_loaders.js checked it: each module `[name, kind, text or
/// null]`, the bytes of `data` and `wasm` modules one after another in a
/// buffer beside, in module order.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeSpec {
    compatibility_date: String,
    compatibility_flags: Vec<String>,
    main_module: String,
    modules: Vec<(String, String, Option<String>, Option<usize>)>,
    /// `[cpuMs, subRequests]`, each null when not given.
    limits: Option<(Option<u64>, Option<u64>)>,
}

impl CodeSpec {
    fn into_code(self, bytes: &[u8]) -> Result<DynamicCode, JsErrorBox> {
        let mut rest = bytes;
        let mut modules = Vec::with_capacity(self.modules.len());
        for (name, kind, text, length) in self.modules {
            let mut take = || -> Result<Vec<u8>, JsErrorBox> {
                let length = length.unwrap_or(0);
                if length > rest.len() {
                    return Err(JsErrorBox::type_error("the module bytes are shorter than their lengths"));
                }
                let (taken, left) = rest.split_at(length);
                rest = left;
                Ok(taken.to_vec())
            };
            let text = text.unwrap_or_default();
            let body = match kind.as_str() {
                "js" => ModuleBody::EsModule(text),
                "cjs" => ModuleBody::CommonJs(text),
                "text" => ModuleBody::Text(text),
                "json" => ModuleBody::Json(text),
                "data" => ModuleBody::Data(take()?),
                "wasm" => ModuleBody::Wasm(take()?),
                other => return Err(JsErrorBox::type_error(format!("unknown module kind {other}"))),
            };
            modules.push((name, body));
        }
        Ok(DynamicCode {
            compatibility_date: self.compatibility_date,
            compatibility_flags: self.compatibility_flags,
            main_module: self.main_module,
            modules,
        })
    }
}

/// Whether `id` of `binding` is loaded in this isolate (and counts as used).
#[op2(fast)]
pub fn op_worky_loader_has(state: &mut OpState, #[string] binding: &str, #[string] id: &str) -> bool {
    state.try_borrow_mut::<DynamicWorkers>().is_some_and(|loaders| loaders.get(binding, id).is_some())
}

/// Starts `id` of `binding` from `code`, its `env` (structured-clone bytes;
/// the Fetchers in it `[binding, export or null]` each) and its outbound
/// (`["inherit" | "none" | "service", env Fetcher number or null]`).
#[op2]
#[allow(clippy::too_many_arguments)]
pub async fn op_worky_loader_load(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] id: String,
    #[string] label: String,
    #[serde] code: CodeSpec,
    #[buffer] bytes: JsBuffer,
    #[buffer] env: JsBuffer,
    #[serde] services: Vec<(String, Option<String>)>,
    #[serde] outbound: (String, Option<usize>),
) -> Result<(), JsErrorBox> {
    let parent = {
        let state = state.borrow();
        let loaders = state.try_borrow::<DynamicWorkers>();
        let loaders = loaders.ok_or_else(|| JsErrorBox::generic("this worker has no Worker Loader binding"))?;
        loaders.parent.clone()
    };
    let parent = match code.limits {
        Some((cpu_ms, subrequests)) => parent.narrowed(cpu_ms, subrequests),
        None => parent,
    };
    let code = code.into_code(&bytes)?;
    let outbound = match outbound {
        (kind, _) if kind == "none" => Outbound::Blocked,
        (kind, Some(n)) if kind == "service" && n < services.len() => Outbound::Service(n),
        _ => Outbound::Inherit,
    };
    let services: Vec<EnvService> =
        services.into_iter().map(|(binding, export)| EnvService { binding, export }).collect();
    let (pool, bytes) = loaders::start(&parent, &label, &code, env.to_vec(), &services, outbound)
        .await
        .map_err(|err| JsErrorBox::generic(err.0))?;
    let mut state = state.borrow_mut();
    if let Some(loaders) = state.try_borrow_mut::<DynamicWorkers>() {
        loaders.insert(&binding, &id, pool, bytes);
    }
    Ok(())
}

/// A Dynamic Worker's env bytes and outbound: `[bytes, "inherit" | "none" |
/// "service", env Fetcher number or null]`; null for any other worker.
#[op2]
#[serde]
pub fn op_worky_dynamic_env(state: &mut OpState) -> Option<(ToJsBuffer, &'static str, Option<usize>)> {
    let setup = state.try_borrow::<WorkerDynamic>()?.0.clone();
    let (kind, n) = match setup.outbound {
        Outbound::Inherit => ("inherit", None),
        Outbound::Blocked => ("none", None),
        Outbound::Service(n) => ("service", Some(n)),
    };
    Some((ToJsBuffer::from(setup.env.clone()), kind, n))
}
