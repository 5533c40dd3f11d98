//! Ops behind the KV binding (`runtime_js/01_kv.js`). Every store call runs on the
//! blocking pool, so SQLite never holds up an isolate's thread.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;

use crate::kv::{self, Entry, KvError, KvStore, ListPage};

/// The store and the namespaces (binding names) this isolate may use.
#[derive(Clone)]
pub struct KvBindings {
    pub store: Arc<dyn KvStore>,
    pub namespaces: Vec<String>,
    /// Where a binding's data is kept when not under its name (its namespace id).
    pub storage: std::collections::BTreeMap<String, String>,
}

type Found = Option<(ToJsBuffer, Option<String>)>;

/// Runs `work` on the blocking pool with this isolate's store, after checking the namespace.
async fn with_store<T: Send + 'static>(
    state: &Rc<RefCell<OpState>>,
    operation: &'static str,
    namespace: &str,
    work: impl FnOnce(&dyn KvStore, &str) -> Result<T, KvError> + Send + 'static,
) -> Result<T, JsErrorBox> {
    let (store, storage) = {
        let state = state.borrow();
        let bindings = state.try_borrow::<KvBindings>();
        match bindings {
            Some(bindings) if bindings.namespaces.iter().any(|n| n == namespace) => {
                let storage = bindings.storage.get(namespace).cloned().unwrap_or_else(|| namespace.to_string());
                (bindings.store.clone(), storage)
            }
            _ => return Err(JsErrorBox::type_error(format!("KV namespace {namespace} is not bound to this worker"))),
        }
    };
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || work(store.as_ref(), &storage))
        .await
        .map_err(|err| JsErrorBox::generic(format!("KV {operation} failed: {err}")))?;
    // For operators (host/metrics.rs): by operation and outcome, never by key.
    let outcome = if result.is_ok() { "ok" } else { "error" };
    metrics::counter!("worky_kv_operations_total", "operation" => operation.to_ascii_lowercase(), "outcome" => outcome)
        .increment(1);
    metrics::histogram!("worky_kv_operation_duration_seconds", "operation" => operation.to_ascii_lowercase())
        .record(started.elapsed().as_secs_f64());
    // Workers' wording: `KV PUT failed: 414 UTF-8 encoded length of 513 exceeds ...`
    result.map_err(|err| JsErrorBox::generic(format!("KV {operation} failed: {} {err}", err.status())))
}

fn found(entry: Option<Entry>) -> Found {
    entry.map(|entry| (ToJsBuffer::from(entry.value), entry.metadata))
}

#[op2]
#[serde]
pub async fn op_worky_kv_get(
    state: Rc<RefCell<OpState>>,
    #[string] namespace: String,
    #[string] key: String,
) -> Result<Found, JsErrorBox> {
    with_store(&state, "GET", &namespace, move |store, ns| {
        kv::validate_key(&key)?;
        store.get(ns, &key).map(found)
    })
    .await
}

#[op2]
#[serde]
pub async fn op_worky_kv_get_many(
    state: Rc<RefCell<OpState>>,
    #[string] namespace: String,
    #[serde] keys: Vec<String>,
) -> Result<Vec<Found>, JsErrorBox> {
    with_store(&state, "GET_BULK", &namespace, move |store, ns| {
        if keys.len() > kv::MAX_BULK_KEYS {
            return Err(KvError::TooManyKeys);
        }
        keys.iter().map(|key| kv::validate_key(key).and_then(|()| store.get(ns, key).map(found))).collect()
    })
    .await
}

/// `put()`'s options; `metadata` is already JSON text.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutOptions {
    metadata: Option<String>,
    expiration: Option<f64>,
    expiration_ttl: Option<f64>,
}

#[op2]
pub async fn op_worky_kv_put(
    state: Rc<RefCell<OpState>>,
    #[string] namespace: String,
    #[string] key: String,
    #[buffer] value: JsBuffer,
    #[serde] options: PutOptions,
) -> Result<(), JsErrorBox> {
    let value = value.to_vec();
    with_store(&state, "PUT", &namespace, move |store, ns| {
        kv::validate_key(&key)?;
        let PutOptions { metadata, expiration, expiration_ttl } = options;
        let expiration =
            kv::validate_put(value.len(), metadata.as_deref(), expiration, expiration_ttl, kv::now_seconds())?;
        store.put(ns, &key, Entry { value, metadata, expiration })
    })
    .await
}

#[op2]
pub async fn op_worky_kv_delete(
    state: Rc<RefCell<OpState>>,
    #[string] namespace: String,
    #[string] key: String,
) -> Result<(), JsErrorBox> {
    with_store(&state, "DELETE", &namespace, move |store, ns| {
        kv::validate_key(&key)?;
        store.delete(ns, &key)
    })
    .await
}

/// `list()`'s options.
#[derive(serde::Deserialize)]
pub struct ListOptions {
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    limit: Option<f64>,
    #[serde(default)]
    cursor: Option<String>,
}

#[op2]
#[serde]
pub async fn op_worky_kv_list(
    state: Rc<RefCell<OpState>>,
    #[string] namespace: String,
    #[serde] options: ListOptions,
) -> Result<ListPage, JsErrorBox> {
    with_store(&state, "LIST", &namespace, move |store, ns| {
        let prefix = options.prefix.unwrap_or_default();
        kv::list(store, ns, &prefix, options.limit, options.cursor.as_deref())
    })
    .await
}

/// The namespaces bound to this worker, in worky.toml order (the first is also `KV`).
pub(crate) fn kv_namespaces(state: &mut OpState) -> Vec<String> {
    state.try_borrow::<KvBindings>().map(|bindings| bindings.namespaces.clone()).unwrap_or_default()
}
