//! Workflows' ops (runtime_js/23_workflows.js), on the blocking pool: one for
//! what a binding does (create, status, pause/resume/terminate/restart,
//! sendEvent), one for what a run writes (a step's record, and how the run
//! ended). Two ops rather than one a call: every isolate binds each op.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;

use crate::bundle::WorkflowBinding;
use crate::runtime::services::{ServiceDirectory, of_other_worker};
use crate::runtime::workflows::{Control, Outcome, StepRecord, WorkflowError, WorkflowStore};

/// The worker's workflow bindings and the store their instances live in.
#[derive(Clone, Default)]
pub struct WorkerWorkflows {
    pub store: Option<Arc<WorkflowStore>>,
    pub bindings: Vec<WorkflowBinding>,
    /// Where the workers of bindings with `script_name` are found.
    pub directory: Option<Arc<dyn ServiceDirectory>>,
}

pub(crate) fn workflow_bindings(state: &mut OpState) -> Vec<String> {
    state.borrow::<WorkerWorkflows>().bindings.iter().map(|binding| binding.name.clone()).collect()
}

fn store(state: &Rc<RefCell<OpState>>) -> Result<Arc<WorkflowStore>, JsErrorBox> {
    let state = state.borrow();
    state.borrow::<WorkerWorkflows>().store.clone().ok_or_else(|| JsErrorBox::generic("this host keeps no workflows"))
}

/// The workflow a binding names, and the store its instances live in: this
/// worker's, or the exporting worker's (`script_name`) as the host finds it now.
fn workflow_of(state: &Rc<RefCell<OpState>>, binding: &str) -> Result<(Arc<WorkflowStore>, String), JsErrorBox> {
    let state = state.borrow();
    let workflows = state.borrow::<WorkerWorkflows>();
    let found = workflows.bindings.iter().find(|b| b.name == binding);
    let found = found.ok_or_else(|| JsErrorBox::generic(format!("no workflow binding {binding}")))?;
    let store = match &found.script_name {
        None => workflows.store.clone().ok_or_else(|| JsErrorBox::generic("this host keeps no workflows"))?,
        Some(script) => {
            let what = format!("the workflow \"{}\"", found.workflow);
            of_other_worker(workflows.directory.as_ref(), script, &what, |directory| directory.workflows(script))
                .map_err(JsErrorBox::generic)?
        }
    };
    Ok((store, found.workflow.clone()))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, WorkflowError> + Send + 'static,
) -> Result<T, JsErrorBox> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.0))
}

/// `[status, output or null, [error name, message] or null]`.
type Status = (String, Option<ToJsBuffer>, Option<(String, String)>);

/// A binding's call on instance `id`: "create" (`bytes` the params),
/// "status", "pause", "resume", "terminate", "restart", or "event" (`kind`
/// its type, `bytes` its payload). Answers a status for "status", null otherwise.
#[op2]
#[serde]
pub async fn op_worky_workflow(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] call: String,
    #[string] id: String,
    #[string] kind: Option<String>,
    #[serde] bytes: Option<JsBuffer>,
) -> Result<Option<Status>, JsErrorBox> {
    let (store, workflow) = workflow_of(&state, &binding)?;
    let bytes = bytes.map(|bytes| bytes.to_vec()).unwrap_or_default();
    let control = |control| {
        let (store, workflow, id) = (store.clone(), workflow.clone(), id.clone());
        blocking(move || store.control(&workflow, &id, control))
    };
    match call.as_str() {
        "create" => blocking(move || store.create(&workflow, &id, &bytes)).await.map(|()| None),
        "status" => {
            let status = blocking(move || store.status(&workflow, &id)).await?;
            let status = status.ok_or_else(|| JsErrorBox::generic("instance.not_found"))?;
            Ok(Some((status.status, status.output.map(ToJsBuffer::from), status.error)))
        }
        "pause" => control(Control::Pause).await.map(|()| None),
        "resume" => control(Control::Resume).await.map(|()| None),
        "terminate" => control(Control::Terminate).await.map(|()| None),
        "restart" => control(Control::Restart).await.map(|()| None),
        "event" => {
            let kind = kind.unwrap_or_default();
            blocking(move || store.send_event(&workflow, &id, &kind, &bytes)).await.map(|()| None)
        }
        other => Err(JsErrorBox::type_error(format!("no workflow call {other}"))),
    }
}

/// How a run ended, as 23_workflows.js says it.
#[derive(serde::Deserialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
enum Ended {
    Complete,
    Errored { name: String, message: String },
    Waiting { until: f64 },
}

/// What run `run` of `instance` writes: a step's record under `key`
/// (`record` its JSON, `bytes` its value, `takes` the event it took), or with
/// no key, how the run ended (`record` an `Ended`, `bytes` the output,
/// `takes` the last event it saw). False: the run was fenced off (paused,
/// terminated, restarted) and should stop.
#[op2]
pub async fn op_worky_workflow_write(
    state: Rc<RefCell<OpState>>,
    #[string] workflow: String,
    #[string] instance: String,
    run: f64,
    #[string] key: Option<String>,
    #[string] record: String,
    #[serde] bytes: Option<JsBuffer>,
    takes: Option<f64>,
) -> Result<bool, JsErrorBox> {
    let store = store(&state)?;
    let (run, takes) = (run as i64, takes.map(|seq| seq as i64));
    let value = bytes.map(|bytes| bytes.to_vec());
    if let Some(key) = key {
        let step = StepRecord { key, record, value, takes };
        return blocking(move || store.record(&workflow, &instance, run, &step)).await;
    }
    let ended: Ended = serde_json::from_str(&record).map_err(|err| JsErrorBox::type_error(err.to_string()))?;
    let outcome = match ended {
        Ended::Complete => Outcome::Complete(value.unwrap_or_default()),
        Ended::Errored { name, message } => Outcome::Errored { name, message },
        Ended::Waiting { until } => Outcome::Waiting(until),
    };
    blocking(move || store.finish(&workflow, &instance, run, &outcome, takes.unwrap_or(0))).await
}
