//! The Cache API's ops (runtime_js/12_cache.js): put, match and delete on the
//! worker's `CacheStore`, run on the blocking pool. A worker without a store
//! (none configured) caches nothing: puts are dropped and matches miss, as on
//! a workers.dev subdomain.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;

use crate::cache::{CacheStore, Headers, now_ms};

/// This worker's cache store, if its host gave it one.
#[derive(Clone, Default)]
pub struct WorkerCache(pub Option<Arc<CacheStore>>);

async fn with_store<T: Send + 'static>(
    state: &Rc<RefCell<OpState>>,
    missing: T,
    work: impl FnOnce(&CacheStore) -> Result<T, crate::cache::CacheError> + Send + 'static,
) -> Result<T, JsErrorBox> {
    let Some(store) = state.borrow().borrow::<WorkerCache>().0.clone() else {
        return Ok(missing);
    };
    tokio::task::spawn_blocking(move || work(&store))
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.to_string()))
}

#[op2]
#[allow(clippy::too_many_arguments)]
pub async fn op_worky_cache_put(
    state: Rc<RefCell<OpState>>,
    #[string] cache: String,
    #[string] key: String,
    #[serde] request: Headers,
    #[smi] status: u16,
    #[serde] response: Headers,
    #[buffer] body: JsBuffer,
) -> Result<(), JsErrorBox> {
    let body = body.to_vec();
    with_store(&state, false, move |store| store.put(&cache, &key, &request, status, &response, &body, now_ms()))
        .await?;
    Ok(())
}

/// `[status, statusText, headers, body]`, or null on a miss.
#[op2]
#[serde]
pub async fn op_worky_cache_match(
    state: Rc<RefCell<OpState>>,
    #[string] cache: String,
    #[string] key: String,
    #[serde] request: Headers,
) -> Result<Option<(u16, &'static str, Headers, ToJsBuffer)>, JsErrorBox> {
    let found = with_store(&state, None, move |store| store.get(&cache, &key, &request, now_ms())).await?;
    Ok(found.map(|answer| {
        let reason = http::StatusCode::from_u16(answer.status).ok().and_then(|status| status.canonical_reason());
        (answer.status, reason.unwrap_or(""), answer.headers, answer.body.into())
    }))
}

#[op2]
pub async fn op_worky_cache_delete(
    state: Rc<RefCell<OpState>>,
    #[string] cache: String,
    #[string] key: String,
) -> Result<bool, JsErrorBox> {
    with_store(&state, false, move |store| store.delete(&cache, &key, now_ms())).await
}
