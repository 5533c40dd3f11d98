//! R2's ops (runtime_js/20_r2.js): put, get, head, delete and list on the
//! worker's R2 store, run on the blocking pool. The checks of arguments, and
//! the shapes of what comes back, are made in JS.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;

use crate::bundle::R2Binding;
use crate::runtime::r2::{Condition, Meta, R2Error, R2Store};

/// The worker's R2 bindings and the store their objects are in.
#[derive(Clone, Default)]
pub struct WorkerR2 {
    pub store: Option<Arc<R2Store>>,
    pub bindings: Vec<R2Binding>,
}

fn bucket(state: &Rc<RefCell<OpState>>, binding: &str) -> Result<(Arc<R2Store>, String), JsErrorBox> {
    let state = state.borrow();
    let r2 = state.borrow::<WorkerR2>();
    let store = r2.store.clone().ok_or_else(|| JsErrorBox::generic("this host keeps no R2 data"))?;
    let found = r2.bindings.iter().find(|b| b.name == binding);
    let found = found.ok_or_else(|| JsErrorBox::generic(format!("no R2 binding {binding}")))?;
    Ok((store, found.storage.clone()))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, R2Error> + Send + 'static,
) -> Result<T, JsErrorBox> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.0))
}

fn condition(text: Option<String>) -> Result<Option<Condition>, JsErrorBox> {
    text.map(|text| serde_json::from_str(&text).map_err(|err| JsErrorBox::type_error(err.to_string()))).transpose()
}

pub(crate) fn r2_bindings(state: &mut OpState) -> Vec<String> {
    state.borrow::<WorkerR2>().bindings.iter().map(|binding| binding.name.clone()).collect()
}

#[op2]
#[serde]
#[allow(clippy::too_many_arguments)]
pub async fn op_worky_r2_put(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
    #[buffer] body: JsBuffer,
    #[string] http: String,
    #[string] custom: String,
    #[string] checksums: String,
    #[string] only_if: Option<String>,
) -> Result<Option<Meta>, JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    let condition = condition(only_if)?;
    let checksums = serde_json::from_str(&checksums).map_err(|err| JsErrorBox::type_error(err.to_string()))?;
    let body = body.to_vec();
    blocking(move || store.put(&name, &key, &body, &http, &custom, checksums, condition.as_ref())).await
}

#[op2]
#[serde]
pub async fn op_worky_r2_get(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
    #[string] only_if: Option<String>,
) -> Result<Option<(Meta, Option<ToJsBuffer>)>, JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    let condition = condition(only_if)?;
    let found = blocking(move || store.get(&name, &key, condition.as_ref())).await?;
    Ok(found.map(|(meta, body)| (meta, body.map(ToJsBuffer::from))))
}

#[op2]
#[serde]
pub async fn op_worky_r2_head(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
) -> Result<Option<Meta>, JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    blocking(move || store.head(&name, &key)).await
}

#[op2]
pub async fn op_worky_r2_delete(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[serde] keys: Vec<String>,
) -> Result<(), JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    blocking(move || store.delete(&name, &keys)).await
}

/// (objects, delimited prefixes, the key to continue after when truncated).
#[op2]
#[serde]
pub async fn op_worky_r2_list(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] prefix: String,
    #[string] start_after: String,
    #[string] delimiter: Option<String>,
    #[number] limit: usize,
) -> Result<(Vec<Meta>, Vec<String>, Option<String>), JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    let listing = blocking(move || store.list(&name, &prefix, &start_after, delimiter.as_deref(), limit)).await?;
    Ok((listing.objects, listing.prefixes, listing.continue_after))
}

/// Starts a multipart upload; answers its id.
#[op2]
#[string]
pub async fn op_worky_r2_create_upload(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
    #[string] http: String,
    #[string] custom: String,
) -> Result<String, JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    blocking(move || store.create_upload(&name, &key, &http, &custom)).await
}

/// Stores one part of an upload; answers its etag.
#[op2]
#[string]
pub async fn op_worky_r2_upload_part(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
    #[string] upload_id: String,
    #[smi] part_number: u32,
    #[buffer] body: JsBuffer,
) -> Result<String, JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    let body = body.to_vec();
    blocking(move || store.upload_part(&name, &key, &upload_id, part_number, &body)).await
}

/// Joins the parts named ([number, etag] each) into the object.
#[op2]
#[serde]
pub async fn op_worky_r2_complete_upload(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
    #[string] upload_id: String,
    #[serde] parts: Vec<(u32, String)>,
) -> Result<Meta, JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    blocking(move || store.complete_upload(&name, &key, &upload_id, &parts)).await
}

#[op2]
pub async fn op_worky_r2_abort_upload(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] key: String,
    #[string] upload_id: String,
) -> Result<(), JsErrorBox> {
    let (store, name) = bucket(&state, &binding)?;
    blocking(move || store.abort_upload(&name, &key, &upload_id)).await
}
