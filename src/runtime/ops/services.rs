//! Service bindings' op (runtime_js/19_services.js): a request to the worker a
//! binding names, through the host's `ServiceDirectory`, its answer back (a
//! streamed body as it comes: ops/bodies.rs).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, op2};
use deno_error::JsErrorBox;

use super::bodies::CallBodies;
use super::objects::{Answer, answer_of, call_request, rpc_of};
use crate::bundle::{DispatchNamespaceBinding, ServiceBinding};
use crate::runtime::loaders::DynamicWorkers;
use crate::runtime::ops::http::WorkerName;
use crate::runtime::protocol::{EntrypointCall, Handled};
use crate::runtime::services::{LOOPBACK, ServiceDirectory, WORKER_NOT_FOUND};

/// The worker's service bindings and where their workers are found.
#[derive(Clone, Default)]
pub struct WorkerServices {
    pub directory: Option<Arc<dyn ServiceDirectory>>,
    pub bindings: Vec<ServiceBinding>,
    /// Dispatch namespaces: their Fetchers' calls go through the same op.
    pub dispatch: Vec<DispatchNamespaceBinding>,
}

/// The names of the service bindings, for `env`.
/// (A Dynamic Worker's env Fetchers are its bindings too, named so that no
/// env key can be: they are not listed.)
pub(crate) fn service_bindings(state: &mut OpState) -> Vec<String> {
    let bindings = &state.borrow::<WorkerServices>().bindings;
    bindings.iter().filter(|binding| !binding.name.starts_with('\0')).map(|binding| binding.name.clone()).collect()
}

/// The names of the dispatch namespace bindings, for `env`.
pub(crate) fn dispatch_bindings(state: &mut OpState) -> Vec<String> {
    state.borrow::<WorkerServices>().dispatch.iter().map(|binding| binding.name.clone()).collect()
}

/// Where a call goes.
struct Target {
    worker: Arc<dyn crate::runtime::Worker>,
    /// The export it names.
    export: Option<String>,
    /// Whose the worker is, for its logs: a service or user worker's name,
    /// this worker's own for `ctx.exports` and for its Dynamic Workers, with
    /// `dynamic`, the Dynamic Worker's id.
    name: String,
    dynamic: Option<String>,
}

/// The worker a call goes to: the binding's service, with `script`, that
/// user worker of the binding's dispatch namespace (or the Dynamic Worker of
/// that id a Worker Loader binding loaded, and its export `export`), or for
/// `LOOPBACK`, this worker (`own`) and its export `script` (`ctx.exports`).
fn target(
    state: &mut OpState,
    binding: &str,
    script: Option<&str>,
    export: Option<String>,
) -> Result<Target, JsErrorBox> {
    let own = state.borrow::<WorkerName>().0.clone();
    if let Some(loaders) = state.try_borrow_mut::<DynamicWorkers>()
        && loaders.bindings.iter().any(|name| name == binding)
    {
        let id = script.unwrap_or_default();
        let worker = loaders.get(binding, id).ok_or_else(|| JsErrorBox::generic(NOT_LOADED))?;
        return Ok(Target { worker, export, name: own, dynamic: Some(id.to_string()) });
    }
    let state = &*state;
    let services = state.borrow::<WorkerServices>();
    let directory = services.directory.clone();
    let directory = directory.ok_or_else(|| JsErrorBox::generic("this host has no service bindings"))?;
    if binding == LOOPBACK {
        let worker = directory.this_worker(&own).ok_or_else(|| JsErrorBox::generic(directory.missing(&own)))?;
        return Ok(Target { worker, export: script.map(str::to_string), name: own, dynamic: None });
    }
    if let Some(script) = script {
        let found = services.dispatch.iter().find(|b| b.name == binding);
        let found = found.ok_or_else(|| JsErrorBox::generic(format!("no dispatch namespace binding {binding}")))?;
        let worker = directory.dispatch(&found.namespace, script);
        let worker = worker.ok_or_else(|| JsErrorBox::generic(WORKER_NOT_FOUND))?;
        return Ok(Target { worker, export: None, name: script.to_string(), dynamic: None });
    }
    let found = services.bindings.iter().find(|b| b.name == binding);
    let found = found.ok_or_else(|| JsErrorBox::generic(format!("no service binding {binding}")))?;
    let worker = directory.worker(&found.service);
    let worker = worker.ok_or_else(|| JsErrorBox::generic(directory.missing(&found.service)))?;
    Ok(Target { worker, export: found.entrypoint.clone(), name: found.service.clone(), dynamic: None })
}

/// A fetch handler of the called worker threw: the caller gets the error, and
/// the log gets it as the callee's uncaught exception, as workerd logs it (an
/// RPC method's exception is its answer, and is not logged). A worker of
/// another worker process (no isolate here) logged it there (host/serve/calls.rs).
fn log_callee_exception(target: &Target, handled: &Handled) {
    if handled.isolate.is_none() {
        return;
    }
    // 30_loaders.js's ids: "n:" and the name given to get(), "a:" and a count for load().
    let label = match target.dynamic.as_deref().map(|id| id.split_once(':').map_or(("n", id), |split| split)) {
        Some(("a", _)) => Some("(a Dynamic Worker from load())".to_string()),
        Some((_, name)) => Some(format!("(Dynamic Worker \"{name}\")")),
        None => None,
    };
    crate::runtime::services::log_callee_exception(&target.name, handled, label.as_deref());
}

/// What a call to a Dynamic Worker that is not loaded (any more) answers;
/// 30_loaders.js loads it before every call, so only a call racing an
/// eviction sees it.
const NOT_LOADED: &str = "The Dynamic Worker is not loaded here any more: call it again to load it.";

/// Sends a request to the binding's worker (its `fetch`, or with `rpc`,
/// `[kind, member]`, a JS RPC call whose arguments are the body) and waits for
/// its answer. `call` is `[traceparent, script, export, streamed]` (one argument:
/// deno_core's async ops take nine at most, and the engine binding eight). With
/// `script`, the binding is a dispatch namespace and
/// the worker its user worker of that name, or a Worker Loader and the worker
/// the Dynamic Worker of that id, called at its `export` with `props`
/// (structured-clone bytes, empty: none) as `ctx.props`. `streamed` is the
/// number a streamed request body is written under (ops/bodies.rs).
#[op2]
#[serde]
#[allow(clippy::too_many_arguments)]
pub async fn op_worky_service_call(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] method: String,
    #[string] url: String,
    #[string] headers: String,
    #[buffer] body: JsBuffer,
    #[serde] rpc: Option<(String, String, Option<Vec<i64>>)>,
    #[serde] call: (Option<String>, Option<String>, Option<String>, Option<u32>),
    #[buffer] props: JsBuffer,
) -> Result<Answer, JsErrorBox> {
    let (traceparent, script, export, streamed) = call;
    let (target, rpc, streamed) = {
        let mut state = state.borrow_mut();
        let streamed = CallBodies::take(&mut state, streamed)?;
        let target = target(&mut state, &binding, script.as_deref(), export)?;
        (target, rpc_of(&state, rpc)?, streamed)
    };
    let mut request = call_request(method, url, &headers, &body, streamed, traceparent);
    let props = (!props.is_empty()).then(|| bytes::Bytes::copy_from_slice(&props));
    let is_fetch = rpc.is_none();
    let export = target.export.clone();
    if export.is_some() || rpc.is_some() || props.is_some() {
        request.entrypoint = Some(Box::new(EntrypointCall { export, rpc, lent: None, props }));
    }
    let limit = target.worker.limits().wall_time();
    let handled = match tokio::time::timeout(limit, target.worker.handle(request)).await {
        Ok(handled) => handled,
        Err(_) => return Err(JsErrorBox::generic("the service's worker did not answer in time")),
    };
    if is_fetch {
        log_callee_exception(&target, &handled);
    }
    answer_of(&state, handled.outcome, !is_fetch).await
}
