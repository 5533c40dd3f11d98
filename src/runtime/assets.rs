//! Static assets in front of a worker: a request from outside that the assets
//! answer (`assets::Assets::runs_worker`) never reaches an isolate; the rest
//! run the worker, which may fetch the assets itself through its binding
//! (`env.ASSETS.fetch`, ops/assets.rs).

use bytes::Bytes;
use deno_core::url::Url;

use super::protocol::{Handled, ResponseBody, WorkerError, WorkerRequest, WorkerResponse};
use crate::assets::{Answer, AssetRequest, Assets};

/// The assets' answer to `request` when the router sends it to them; the
/// request back when it runs the worker (scheduled events and Durable Object
/// calls always do).
pub(super) async fn answer_first(
    assets: &Assets,
    request: WorkerRequest,
    navigation_prefers_assets: bool,
) -> Result<Handled, WorkerRequest> {
    if request.scheduled.is_some() || request.object.is_some() {
        return Err(request);
    }
    let Ok(url) = Url::parse(&request.url) else { return Err(request) };
    let asked = AssetRequest { method: &request.method, url: &url, headers: &request.headers };
    if assets.runs_worker(&asked, !assets.settings.assets_only, navigation_prefers_assets) {
        return Err(request);
    }
    let outcome = match assets.answer(&asked).await {
        Ok(answer) => Ok(response(answer)),
        Err(err) => Err(WorkerError::new(
            super::ErrorKind::Exception,
            format!("cannot read the static asset for {}: {err}", url.path()),
        )),
    };
    Ok(Handled { isolate: None, outcome })
}

fn response(answer: Answer) -> WorkerResponse {
    let Answer { status, headers, body } = answer;
    WorkerResponse {
        status,
        headers: headers.into_iter().map(|(name, value)| (name, value.into_bytes())).collect(),
        body: match body {
            Some(bytes) => ResponseBody::Full(Bytes::from(bytes)),
            None => ResponseBody::Empty,
        },
        encoded: false,
        cpu: std::time::Duration::ZERO,
    }
}
