//! Ops behind Durable Objects (`runtime_js/06_objects.js`, 14_object_isolate.js): ids, calls into an
//! object (its `fetch` or JS RPC) from any isolate, and, on the object isolate,
//! each object's storage.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use bytes::Bytes;
use deno_core::serde_v8::AnyValue;
use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;
use futures::StreamExt;

use crate::bundle::DurableObjectBinding;
use crate::runtime::objects::ids::Namespace;
use crate::runtime::objects::storage::{self, ListOptions, ObjectStorage, SqlValue, StorageError};
use crate::runtime::objects::{ObjectCall, Objects, ObjectsLink, Rpc};
use crate::runtime::ops::bodies::{AnswerBodies, CallBodies, Chunks};
use crate::runtime::ops::websocket::WebSockets;
use crate::runtime::protocol::{ErrorKind, RequestBody, ResponseBody, WorkerError, WorkerRequest, WorkerResponse};
use crate::runtime::services::{ServiceDirectory, of_other_worker};

/// What an isolate knows of its worker's Durable Objects.
pub struct ObjectBindings {
    pub worker: String,
    pub bindings: Vec<DurableObjectBinding>,
    pub link: ObjectsLink,
    /// Where the workers of bindings with `script_name` are found.
    pub directory: Option<Arc<dyn ServiceDirectory>>,
    /// The config's bindings of kinds worky lacks (an Error when touched).
    pub unsupported: Vec<crate::bundle::UnsupportedBinding>,
}

impl ObjectBindings {
    fn binding(&self, class: &str) -> Result<&DurableObjectBinding, JsErrorBox> {
        let found = self.bindings.iter().find(|binding| binding.class_name == class);
        found.ok_or_else(|| JsErrorBox::type_error(format!("no Durable Object namespace for class {class}")))
    }

    /// The class's namespace: the exporting worker's, so ids agree across the
    /// workers that bind it, under the name its config gives it (a renamed
    /// class keeps its first name's ids).
    fn namespace(&self, class: &str) -> Result<Namespace, JsErrorBox> {
        let binding = self.binding(class)?;
        Ok(match &binding.script_name {
            None => Namespace::new(&self.worker, binding.namespace_name()),
            // An exporter not loaded here (or in another worker process) names
            // the namespace by the class.
            Some(script) => {
                let exporter = self.directory.as_ref().and_then(|directory| directory.objects(script));
                let name = exporter.map(|objects| objects.namespace_name(class));
                Namespace::new(script, name.as_deref().unwrap_or(class))
            }
        })
    }

    /// The namespace of this worker's own class, where its alarms are kept.
    fn own_namespace(&self, class: &str) -> String {
        crate::bundle::object_namespace(&self.bindings, class).to_string()
    }

    /// The object host a call for `class` goes to: this version's, or the
    /// exporting worker's (`script_name`) as the host finds it now.
    fn host(&self, class: &str) -> Result<ObjectHost, JsErrorBox> {
        match &self.binding(class)?.script_name {
            None => self
                .link
                .get()
                .map(ObjectHost::Here)
                .ok_or_else(|| JsErrorBox::generic("the Durable Object host has gone away")),
            Some(script) => {
                let what = format!("the Durable Object class {class}");
                of_other_worker(self.directory.as_ref(), script, &what, |directory| {
                    let here = directory.objects(script).map(ObjectHost::Here);
                    here.or_else(|| directory.objects_elsewhere(script).map(ObjectHost::Elsewhere))
                })
                .map_err(JsErrorBox::generic)
            }
        }
    }
}

/// Where a class's objects live: this process's object host, or a worker
/// process that runs the exporting worker (serve's `[host] worker_processes`).
enum ObjectHost {
    Here(Arc<Objects>),
    Elsewhere(Arc<dyn crate::runtime::Worker>),
}

impl ObjectHost {
    async fn call(self, request: WorkerRequest) -> crate::runtime::protocol::Handled {
        match self {
            ObjectHost::Here(objects) => objects.call(request).await,
            ObjectHost::Elsewhere(worker) => worker.handle(request).await,
        }
    }
}

fn namespace(state: &OpState, class: &str) -> Result<Namespace, JsErrorBox> {
    state.borrow::<ObjectBindings>().namespace(class)
}

/// `[name, kind]` of each binding the config declares that worky lacks.
pub(crate) fn unsupported_bindings(state: &mut OpState) -> Vec<(String, String)> {
    let bindings = &state.borrow::<ObjectBindings>().unsupported;
    bindings.iter().map(|binding| (binding.name.clone(), binding.kind.clone())).collect()
}

/// The Durable Objects this isolate holds in memory, counted into
/// worky_objects_live; when the isolate goes (a new version, a limit), the
/// objects go with it and so does their count.
#[derive(Default)]
pub struct LiveObjects {
    pub deployment: String,
    count: u64,
}

impl LiveObjects {
    pub fn of(deployment: String) -> LiveObjects {
        LiveObjects { deployment, count: 0 }
    }
}

impl Drop for LiveObjects {
    fn drop(&mut self) {
        if self.count > 0 {
            metrics::gauge!("worky_objects_live", "deployment" => self.deployment.clone()).decrement(self.count as f64);
        }
    }
}

/// An object of `class` was constructed (`true`) or left memory (`false`):
/// worky_object_activations_total and worky_objects_live (host/metrics.rs).
#[op2(fast)]
pub fn op_worky_object_activity(state: &mut OpState, #[string] class: &str, activated: bool) {
    let live = state.borrow_mut::<LiveObjects>();
    let deployment = live.deployment.clone();
    if activated {
        live.count += 1;
        let labels = [("deployment", deployment.clone()), ("class", class.to_string())];
        metrics::counter!("worky_object_activations_total", &labels).increment(1);
        metrics::gauge!("worky_objects_live", "deployment" => deployment).increment(1.0);
    } else {
        live.count = live.count.saturating_sub(1);
        metrics::gauge!("worky_objects_live", "deployment" => deployment).decrement(1.0);
    }
}

/// How long an object may sit idle in memory, in ms (`pool.object_idle_timeout_s`).
#[op2(fast)]
pub fn op_worky_object_idle_ms(state: &mut OpState) -> f64 {
    let objects = state.borrow::<ObjectBindings>().link.get();
    let idle = objects.map_or_else(
        || std::time::Duration::from_secs(crate::runtime::PoolSettings::default().object_idle_timeout_s),
        |objects| objects.idle_timeout(),
    );
    idle.as_millis() as f64
}

/// `[name, class_name, sqlite, script_name]` of each binding, for `env`.
pub(crate) fn object_bindings(state: &mut OpState) -> Vec<(String, String, bool, Option<String>)> {
    let bindings = &state.borrow::<ObjectBindings>().bindings;
    let binding = |b: &DurableObjectBinding| (b.name.clone(), b.class_name.clone(), b.sqlite, b.script_name.clone());
    bindings.iter().map(binding).collect()
}

#[op2]
#[string]
pub fn op_worky_object_id_from_name(
    state: &mut OpState,
    #[string] class: &str,
    #[string] name: &str,
) -> Result<String, JsErrorBox> {
    Ok(namespace(state, class)?.id_from_name(name))
}

#[op2]
#[string]
pub fn op_worky_object_unique_id(state: &mut OpState, #[string] class: &str) -> Result<String, JsErrorBox> {
    Ok(namespace(state, class)?.unique_id())
}

/// The id in canonical form, or workerd's TypeError.
#[op2]
#[string]
pub fn op_worky_object_check_id(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
) -> Result<String, JsErrorBox> {
    namespace(state, class)?.check(id).map_err(|err| JsErrorBox::type_error(err.to_string()))
}

/// (class, id, name): the object a call is for.
type Target = (String, String, Option<String>);

/// What an object answered: (status, headers as `name\0value\0...`, whole body,
/// the id of the WebSocket end it gave away in a 101, now held here, the
/// numbers of the stubs a JS RPC result passes, now this isolate's, the number
/// of its streamed body in `AnswerBodies`).
pub(super) type Answer = (u16, String, ToJsBuffer, Option<u32>, Option<Vec<u32>>, Option<u32>);

/// Sends a request to an object (its `fetch`, or with `rpc` a JS RPC call whose
/// body is the arguments' structured-clone bytes) and waits for its answer. A
/// streamed body is `streamed`, the number JS writes it under (ops/bodies.rs;
/// 0: none).
#[op2]
#[serde]
pub async fn op_worky_object_call(
    state: Rc<RefCell<OpState>>,
    #[serde] target: Target,
    #[serde] rpc: Option<(String, String, Option<Vec<i64>>)>,
    #[string] method: String,
    #[string] url: String,
    #[string] headers: String,
    #[buffer] body: JsBuffer,
    #[smi] streamed: u32,
    #[string] traceparent: Option<String>,
) -> Result<Answer, JsErrorBox> {
    let streamed = CallBodies::take(&mut state.borrow_mut(), (streamed != 0).then_some(streamed))?;
    let (class, id, name) = target;
    let objects = state.borrow().borrow::<ObjectBindings>().host(&class)?;
    let rpc = rpc_of(&state.borrow(), rpc)?;
    let mut request = call_request(method, url, &headers, &body, streamed, traceparent);
    let whole = rpc.is_some();
    request.object = Some(Box::new(ObjectCall { class, id, name, rpc }));
    answer_of(&state, objects.call(request).await.outcome, whole).await
}

/// A JS RPC call from JS's `[kind, member, entries of the stubs it passes
/// (null: its bytes hold nothing but clones)]`.
pub(super) fn rpc_of(
    state: &OpState,
    rpc: Option<(String, String, Option<Vec<i64>>)>,
) -> Result<Option<Rpc>, JsErrorBox> {
    let Some((kind, member, entries)) = rpc else { return Ok(None) };
    let stubs = entries.map(|entries| super::stubs::stubs_of(state, &entries)).transpose()?;
    Ok(Some(Rpc { kind, member, stubs }))
}

/// A worker's request to another worker (an object, a service): its body
/// `body` whole, or `streamed` as JS writes it (ops/bodies.rs).
pub(super) fn call_request(
    method: String,
    url: String,
    headers: &str,
    body: &[u8],
    streamed: Option<Chunks>,
    traceparent: Option<String>,
) -> WorkerRequest {
    let body = match streamed {
        Some(chunks) => RequestBody::Stream(Box::pin(tokio_stream::wrappers::ReceiverStream::new(chunks))),
        None if body.is_empty() => RequestBody::Empty,
        None => RequestBody::Full(Bytes::copy_from_slice(body)),
    };
    WorkerRequest {
        headers: super::http::header_list(headers.as_bytes()),
        body,
        traceparent,
        ..WorkerRequest::new(&method, url)
    }
}

/// Another worker's answer (an object's, a service's) for the calling worker:
/// status, headers, the body whole or, as it streams, its number for JS to
/// read it by (ops/bodies.rs), or the WebSocket end it gave away (now held
/// here); its failure as an Error (see `thrown_across`). A JS RPC result is
/// read whole (`whole`): its bytes are one structured clone.
pub(super) async fn answer_of(
    state: &Rc<RefCell<OpState>>,
    outcome: Result<WorkerResponse, WorkerError>,
    whole: bool,
) -> Result<Answer, JsErrorBox> {
    let response = outcome.map_err(thrown_across)?;
    let headers = super::http::header_text(&response.headers);
    let (body, streamed) = match response.body {
        ResponseBody::WebSocket(end) => {
            let socket = state.borrow_mut().borrow_mut::<WebSockets>().insert(end);
            return Ok((response.status, headers, ToJsBuffer::from(Vec::new()), Some(socket), None, None));
        }
        ResponseBody::Empty => (Vec::new(), None),
        ResponseBody::Full(bytes) => (bytes.to_vec(), None),
        ResponseBody::Stream(chunks) if !whole => {
            (Vec::new(), Some(state.borrow_mut().borrow_mut::<AnswerBodies>().insert(chunks)))
        }
        ResponseBody::Stream(receiver) => {
            let mut chunks = tokio_stream::wrappers::ReceiverStream::new(receiver);
            let mut body = Vec::new();
            while let Some(chunk) = chunks.next().await {
                body.extend_from_slice(&chunk.map_err(|err| JsErrorBox::type_error(err.to_string()))?);
            }
            (body, None)
        }
    };
    let stubs = super::stubs::import(&mut state.borrow_mut(), response.stubs);
    Ok((response.status, headers, ToJsBuffer::from(body), None, stubs, streamed))
}

/// What the caller's call throws for the callee's failure: an exception the
/// callee's handler threw is thrown again as itself (its class and message),
/// as workerd tunnels it (tests/workerd/worker_loader.js `fetchThrows`); any
/// other failure is an Error with its message and, where there is one, the
/// callee's stack.
fn thrown_across(error: WorkerError) -> JsErrorBox {
    const CLASSES: [&str; 7] =
        ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"];
    if error.kind == ErrorKind::Exception
        && let Some((class, message)) = error.message.split_once(": ")
        && let Some(class) = CLASSES.into_iter().find(|known| *known == class)
    {
        return JsErrorBox::new(class, message.to_string());
    }
    match error.stack {
        Some(stack) => JsErrorBox::generic(format!("{}\n{stack}", error.message)),
        None => JsErrorBox::generic(error.message),
    }
}

fn storage_error(err: StorageError) -> JsErrorBox {
    JsErrorBox::generic(err.0)
}

fn with_db<T>(
    state: &mut OpState,
    class: &str,
    id: &str,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T, StorageError>,
) -> Result<T, JsErrorBox> {
    let db = state.borrow_mut::<ObjectStorage>().db(class, id).map_err(storage_error)?;
    work(db).map_err(storage_error)
}

#[op2]
#[buffer]
pub fn op_worky_storage_get(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[string] key: &str,
) -> Result<Option<Vec<u8>>, JsErrorBox> {
    with_db(state, class, id, |db| storage::get(db, key))
}

#[op2(fast)]
pub fn op_worky_storage_put(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[string] key: &str,
    #[buffer] value: &[u8],
) -> Result<(), JsErrorBox> {
    with_db(state, class, id, |db| storage::put(db, key, value))
}

#[op2(fast)]
pub fn op_worky_storage_delete(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[string] key: &str,
) -> Result<bool, JsErrorBox> {
    with_db(state, class, id, |db| storage::delete(db, key))
}

#[op2(fast)]
pub fn op_worky_storage_delete_all(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
) -> Result<(), JsErrorBox> {
    with_db(state, class, id, storage::delete_all)
}

/// The savepoint around a batch or a `transaction()` (inside the turn's transaction).
#[op2(fast)]
pub fn op_worky_storage_execute(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[string] statement: &str,
) -> Result<(), JsErrorBox> {
    if !matches!(statement, "SAVEPOINT worky" | "RELEASE worky" | "ROLLBACK TO worky") {
        return Err(JsErrorBox::type_error(format!("not a transaction statement: {statement}")));
    }
    state.borrow_mut::<ObjectStorage>().savepoint(class, id, statement).map_err(storage_error)
}

#[op2]
#[serde]
pub fn op_worky_storage_list(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[serde] options: ListOptions,
) -> Result<Vec<(String, ToJsBuffer)>, JsErrorBox> {
    let entries = with_db(state, class, id, |db| storage::list(db, &options))?;
    Ok(entries.into_iter().map(|(key, value)| (key, ToJsBuffer::from(value))).collect())
}

/// Commits the turn's writes now: before a `fetch()` leaves the isolate.
#[op2(fast)]
pub fn op_worky_storage_commit(state: &mut OpState) -> Result<(), JsErrorBox> {
    state.borrow_mut::<ObjectStorage>().commit().map_err(storage_error)
}

/// Closes an object's database when its instance is dropped (a reset).
#[op2(fast)]
pub fn op_worky_storage_close(state: &mut OpState, #[string] class: &str, #[string] id: &str) {
    state.borrow_mut::<ObjectStorage>().close(class, id);
}

/// A value from JS for `sql.exec` (already converted as Cloudflare converts:
/// booleans and objects to strings, BigInts refused).
pub(super) fn sql_param(value: Option<AnyValue>) -> Result<SqlValue, JsErrorBox> {
    Ok(match value {
        None => SqlValue::Null,
        Some(AnyValue::Number(n)) => SqlValue::Number(n),
        Some(AnyValue::String(text)) => SqlValue::Text(text),
        Some(AnyValue::V8Buffer(bytes)) => SqlValue::Blob(bytes.to_vec()),
        Some(AnyValue::RustBuffer(_)) => return Err(JsErrorBox::type_error("unexpected buffer")),
        Some(AnyValue::Bool(flag)) => SqlValue::Text(flag.to_string()),
        Some(AnyValue::BigInt(_)) => return Err(JsErrorBox::type_error("Cannot convert a BigInt value to a number")),
    })
}

pub(super) fn sql_out(value: SqlValue) -> Option<AnyValue> {
    match value {
        SqlValue::Null => None,
        SqlValue::Number(n) | SqlValue::Real(n) => Some(AnyValue::Number(n)),
        SqlValue::Text(text) => Some(AnyValue::String(text)),
        SqlValue::Blob(bytes) => Some(AnyValue::RustBuffer(ToJsBuffer::from(bytes))),
    }
}

/// (columns, rows, rows read, rows written) of the last statement.
type SqlAnswer = (Vec<String>, Vec<Vec<Option<AnyValue>>>, f64, f64);

#[op2]
#[serde]
pub fn op_worky_sql_exec(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[string] query: &str,
    #[serde] params: Vec<Option<AnyValue>>,
) -> Result<SqlAnswer, JsErrorBox> {
    let params = params.into_iter().map(sql_param).collect::<Result<Vec<_>, _>>()?;
    let result = with_db(state, class, id, |db| storage::exec(db, query, &params))?;
    let rows = result.rows.into_iter().map(|row| row.into_iter().map(sql_out).collect()).collect();
    Ok((result.columns, rows, result.rows_read as f64, result.rows_written as f64))
}

#[op2(fast)]
pub fn op_worky_sql_size(state: &mut OpState, #[string] class: &str, #[string] id: &str) -> Result<f64, JsErrorBox> {
    with_db(state, class, id, storage::size).map(|size| size as f64)
}

/// The object host, which keeps the alarms, and the namespace of `class`,
/// which they are kept under (they follow a renamed class).
fn alarms(state: &OpState, class: &str) -> Result<(Arc<Objects>, String), JsErrorBox> {
    let bindings = state.borrow::<ObjectBindings>();
    match bindings.link.get() {
        Some(objects) if objects.alarms().is_some() => Ok((objects, bindings.own_namespace(class))),
        _ => Err(JsErrorBox::generic("this host keeps no Durable Object state, so no alarms")),
    }
}

/// The object's alarm (ms since the epoch), or null.
#[op2]
pub fn op_worky_alarm_get(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
) -> Result<Option<f64>, JsErrorBox> {
    let (objects, namespace) = alarms(state, class)?;
    objects.alarms().expect("checked").get(&namespace, id).map_err(storage_error)
}

#[op2]
pub fn op_worky_alarm_set(
    state: &mut OpState,
    #[string] class: &str,
    #[string] id: &str,
    #[string] name: Option<String>,
    time_ms: f64,
) -> Result<(), JsErrorBox> {
    let (objects, namespace) = alarms(state, class)?;
    objects.alarms().expect("checked").set(&namespace, id, name.as_deref(), time_ms as i64).map_err(storage_error)
}

#[op2(fast)]
pub fn op_worky_alarm_delete(state: &mut OpState, #[string] class: &str, #[string] id: &str) -> Result<(), JsErrorBox> {
    let (objects, namespace) = alarms(state, class)?;
    objects.alarms().expect("checked").delete(&namespace, id).map_err(storage_error)
}
