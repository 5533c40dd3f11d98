//! `env.ASSETS.fetch(request)` (04_serve.js): the worker asks its static
//! assets directly, as Workers' assets binding does; the same answers as a
//! request from outside that the assets serve (assets/answer.rs).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;

use crate::assets::{self, AssetRequest};

/// This worker's static assets, if its bundle has them.
#[derive(Clone, Default)]
pub struct WorkerAssets(pub Option<Arc<assets::Live>>);

/// The binding's name (`ASSETS`), or null when the worker has none.
pub(crate) fn assets_binding(state: &mut OpState) -> Option<String> {
    let live = state.borrow::<WorkerAssets>().0.clone()?;
    live.current().settings.binding.clone()
}

/// `[status, headers, body or null]` for a request to the assets.
#[op2]
#[serde]
pub async fn op_worky_assets_fetch(
    state: Rc<RefCell<OpState>>,
    #[string] method: String,
    #[string] url: String,
    #[serde] headers: Vec<(String, String)>,
) -> Result<(u16, Vec<(String, String)>, Option<ToJsBuffer>), JsErrorBox> {
    let live = state.borrow().borrow::<WorkerAssets>().0.clone();
    let live = live.ok_or_else(|| JsErrorBox::generic("this worker has no static assets"))?;
    let assets = live.current();
    let headers: Vec<(String, Vec<u8>)> = headers.into_iter().map(|(n, v)| (n, v.into_bytes())).collect();
    let url = deno_core::url::Url::parse(&url).map_err(|err| JsErrorBox::type_error(format!("Invalid URL: {err}")))?;
    let request = AssetRequest { method: &method, url: &url, headers: &headers };
    let answer = assets.answer(&request);
    let body = match &answer.body {
        Some(file) => Some(tokio::fs::read(&file.path).await.map_err(|err| JsErrorBox::generic(err.to_string()))?),
        None => None,
    };
    Ok((answer.status, answer.headers, body.map(Into::into)))
}
