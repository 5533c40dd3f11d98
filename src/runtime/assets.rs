//! Static assets in front of a worker: a request from outside that the assets
//! answer (`assets::Assets::runs_worker`) never reaches an isolate; the rest
//! run the worker, which may fetch the assets itself through its binding
//! (`env.ASSETS.fetch`, ops/assets.rs).

use bytes::Bytes;
use deno_core::url::Url;

use super::protocol::{Handled, ResponseBody, WorkerError, WorkerRequest, WorkerResponse};
use crate::assets::{Answer, AssetRequest, Assets};

/// The assets' answer to `request` when the router sends it to them; the
/// request back when it runs the worker (scheduled and email events and
/// Durable Object calls always do).
pub(super) async fn answer_first(
    assets: &Assets,
    request: WorkerRequest,
    navigation_prefers_assets: bool,
) -> Result<Handled, WorkerRequest> {
    if request.scheduled.is_some() || request.email || request.object.is_some() || request.queue.is_some() {
        return Err(request);
    }
    let Ok(url) = Url::parse(&request.url) else { return Err(request) };
    let asked = AssetRequest { method: &request.method, url: &url, headers: &request.headers };
    if assets.runs_worker(&asked, !assets.settings.assets_only, navigation_prefers_assets) {
        return Err(request);
    }
    let answer = assets.answer(&asked);
    let outcome = response(answer).await.map_err(|err| {
        let message = format!("cannot read the static asset for {}: {err}", url.path());
        WorkerError::new(super::ErrorKind::Exception, message)
    });
    Ok(Handled { isolate: None, outcome })
}

/// Files up to this size are read whole; larger ones are streamed in chunks.
const READ_WHOLE_BYTES: u64 = 1024 * 1024;
const CHUNK_BYTES: usize = 64 * 1024;

async fn response(answer: Answer) -> std::io::Result<WorkerResponse> {
    let Answer { status, mut headers, body } = answer;
    let body = match body {
        None => ResponseBody::Empty,
        Some(file) if file.size <= READ_WHOLE_BYTES => {
            ResponseBody::Full(Bytes::from(tokio::fs::read(&file.path).await?))
        }
        Some(file) => {
            // The length goes with the stream: the front frames the response by it.
            headers.push(("content-length".into(), file.size.to_string()));
            ResponseBody::Stream(stream(tokio::fs::File::open(&file.path).await?))
        }
    };
    Ok(WorkerResponse {
        status,
        headers: headers.into_iter().map(|(name, value)| (name, value.into_bytes())).collect(),
        body,
        encoded: false,
        cpu: std::time::Duration::ZERO,
        stubs: None,
    })
}

/// A file's chunks as a response body, read as the client takes them.
fn stream(mut file: tokio::fs::File) -> tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>> {
    use tokio::io::AsyncReadExt;
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    tokio::spawn(async move {
        loop {
            let mut chunk = bytes::BytesMut::with_capacity(CHUNK_BYTES);
            match file.read_buf(&mut chunk).await {
                Ok(0) => return,
                Ok(_) => {
                    if sender.send(Ok(chunk.freeze())).await.is_err() {
                        return;
                    }
                }
                Err(err) => {
                    let _ = sender.send(Err(err)).await;
                    return;
                }
            }
        }
    });
    receiver
}
