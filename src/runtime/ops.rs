//! worky's ops: how requests, bodies and responses cross between Rust and JS.
//!
//! JS pulls the next request with `op_worky_next_request`, reads its body chunk
//! by chunk with `op_worky_read_body`, and answers with `op_worky_respond`
//! (whole body) or `op_worky_respond` + `op_worky_write_body`/`op_worky_end_body`
//! (streamed). In-flight requests live in `InFlight`, keyed by a small id.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use bytes::Bytes;
use deno_core::{ByteString, JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;
use http_body_util::BodyExt;
use tokio::sync::{mpsc, oneshot};

use super::{ErrorKind, Load, RequestBody, ResponseBody, WorkerError, WorkerReply, WorkerRequest, WorkerResponse};

/// Chunks buffered between a streaming worker response and the client.
const STREAM_CHANNEL_CAPACITY: usize = 16;

/// Where requests for this isolate arrive.
pub struct Inbox(pub Rc<RefCell<mpsc::UnboundedReceiver<WorkerRequest>>>);

impl Inbox {
    /// Stops taking requests and gives back the ones not yet started.
    pub fn close_and_send_back(&self) {
        let mut receiver = self.0.borrow_mut();
        receiver.close();
        while let Ok(request) = receiver.try_recv() {
            request.send_back();
        }
    }
}

/// The bindings object handed to handlers as `env`, as JSON.
pub struct WorkerEnv(pub serde_json::Value);

/// Requests the isolate has taken but not finished answering.
pub struct InFlight {
    next_id: u32,
    slots: HashMap<u32, Slot>,
    /// Shared with the pool: requests handed to this isolate and not finished.
    load: Arc<Load>,
}

struct Slot {
    body: Option<axum::body::Body>,
    /// Bytes of the request body read so far, and the most allowed.
    body_read: u64,
    max_body_bytes: u64,
    body_too_large: bool,
    reply: Option<oneshot::Sender<WorkerReply>>,
    stream: Option<mpsc::Sender<Result<Bytes, std::io::Error>>>,
}

impl InFlight {
    pub fn new(load: Arc<Load>) -> InFlight {
        InFlight { next_id: 0, slots: HashMap::new(), load }
    }

    /// Answers every unfinished request with `error` (the isolate is going away).
    pub fn fail_all(&mut self, error: &WorkerError) {
        self.load.finish(self.slots.len());
        for (_, slot) in self.slots.drain() {
            if let Some(reply) = slot.reply {
                let _ = reply.send(WorkerReply::Error(error.clone()));
            }
            if let Some(stream) = slot.stream {
                let _ = stream.try_send(Err(std::io::Error::other(error.message.clone())));
            }
        }
    }

    fn slot(&mut self, id: u32) -> Result<&mut Slot, JsErrorBox> {
        self.slots.get_mut(&id).ok_or_else(|| JsErrorBox::generic(format!("request {id} is not in flight")))
    }

    /// Drops the slot once nothing more can happen on it.
    fn retire_if_done(&mut self, id: u32) {
        if self.slots.get(&id).is_some_and(|slot| slot.reply.is_none() && slot.stream.is_none()) {
            self.slots.remove(&id);
            self.load.finish(1);
        }
    }
}

/// (id, method, url, headers, streamed body?, whole body, cron of a scheduled event)
type NextRequest = (u32, String, String, Vec<(ByteString, ByteString)>, bool, Option<ToJsBuffer>, Option<String>);

/// Waits for the next request; `None` when the isolate is shutting down.
#[op2]
#[serde]
pub async fn op_worky_next_request(state: Rc<RefCell<OpState>>) -> Option<NextRequest> {
    let inbox = state.borrow().borrow::<Inbox>().0.clone();
    // Borrowed only while polled, so the isolate can close the inbox meanwhile.
    let request = std::future::poll_fn(|cx| inbox.borrow_mut().poll_recv(cx)).await?;
    let mut state = state.borrow_mut();
    let in_flight = state.borrow_mut::<InFlight>();
    in_flight.next_id = in_flight.next_id.wrapping_add(1);
    let id = in_flight.next_id;
    let (stream, inline) = match request.body {
        RequestBody::Empty => (None, None),
        RequestBody::Full(bytes) => (None, Some(ToJsBuffer::from(bytes.to_vec()))),
        RequestBody::Stream(body) => (Some(body), None),
    };
    let has_stream = stream.is_some();
    let headers =
        request.headers.into_iter().map(|(name, value)| (ByteString::from(name), ByteString::from(value))).collect();
    let slot = Slot {
        body: stream,
        body_read: 0,
        max_body_bytes: request.max_body_bytes,
        body_too_large: false,
        reply: Some(request.reply),
        stream: None,
    };
    in_flight.slots.insert(id, slot);
    Some((id, request.method, request.url, headers, has_stream, inline, request.scheduled))
}

/// The next chunk of a request body; an empty buffer means the body has ended.
#[op2]
#[buffer]
pub async fn op_worky_read_body(state: Rc<RefCell<OpState>>, #[smi] id: u32) -> Result<Vec<u8>, JsErrorBox> {
    let Some(mut body) = state.borrow_mut().borrow_mut::<InFlight>().slot(id)?.body.take() else {
        return Ok(Vec::new());
    };
    loop {
        match body.frame().await {
            None => return Ok(Vec::new()),
            Some(Err(err)) => return Err(JsErrorBox::type_error(format!("request body: {err}"))),
            Some(Ok(frame)) => {
                let Ok(data) = frame.into_data() else { continue };
                if data.is_empty() {
                    continue;
                }
                let mut state = state.borrow_mut();
                let Ok(slot) = state.borrow_mut::<InFlight>().slot(id) else { return Ok(Vec::new()) };
                slot.body_read += data.len() as u64;
                if slot.body_read > slot.max_body_bytes {
                    slot.body_too_large = true;
                    super::drain_body_in_background(body, super::MAX_DRAIN_BYTES);
                    return Err(JsErrorBox::type_error(format!(
                        "request body is larger than the limit of {} MB",
                        slot.max_body_bytes >> 20
                    )));
                }
                slot.body = Some(body);
                return Ok(data.to_vec());
            }
        }
    }
}

/// Sends the response head. With `stream`, the body follows through
/// `op_worky_write_body`; otherwise `body` is all of it.
#[op2]
pub fn op_worky_respond(
    state: &mut OpState,
    #[smi] id: u32,
    #[smi] status: u16,
    #[serde] headers: Vec<(ByteString, ByteString)>,
    #[buffer] body: JsBuffer,
    stream: bool,
) -> Result<(), JsErrorBox> {
    let in_flight = state.borrow_mut::<InFlight>();
    let slot = in_flight.slot(id)?;
    // The request body is no longer readable once the response is out (as in Workers).
    slot.body = None;
    let body = if stream {
        let (tx, rx) = mpsc::channel(STREAM_CHANNEL_CAPACITY);
        slot.stream = Some(tx);
        ResponseBody::Stream(rx)
    } else if body.is_empty() {
        ResponseBody::Empty
    } else {
        ResponseBody::Full(Bytes::copy_from_slice(&body))
    };
    let headers = headers
        .into_iter()
        .map(|(name, value)| (String::from_utf8_lossy(&name).into_owned(), value.to_vec()))
        .collect();
    if let Some(reply) = slot.reply.take() {
        let _ = reply.send(WorkerReply::Response(WorkerResponse { status, headers, body }));
    }
    in_flight.retire_if_done(id);
    Ok(())
}

/// Streams one chunk; resolves `false` when the client has gone away.
#[op2]
pub async fn op_worky_write_body(state: Rc<RefCell<OpState>>, #[smi] id: u32, #[buffer] chunk: JsBuffer) -> bool {
    let sender = match state.borrow_mut().borrow_mut::<InFlight>().slot(id) {
        Ok(slot) => slot.stream.clone(),
        Err(_) => None,
    };
    match sender {
        Some(sender) => sender.send(Ok(Bytes::copy_from_slice(&chunk))).await.is_ok(),
        None => false,
    }
}

/// Ends a streamed body; `error` aborts it so the client sees a broken response.
#[op2]
pub fn op_worky_end_body(state: &mut OpState, #[smi] id: u32, #[string] error: Option<String>) {
    let in_flight = state.borrow_mut::<InFlight>();
    if let Ok(slot) = in_flight.slot(id)
        && let Some(stream) = slot.stream.take()
        && let Some(error) = error
    {
        let _ = stream.try_send(Err(std::io::Error::other(error)));
    }
    in_flight.retire_if_done(id);
}

/// The handler failed before producing a response.
#[op2]
pub fn op_worky_respond_error(
    state: &mut OpState,
    #[smi] id: u32,
    #[string] kind: &str,
    #[string] message: String,
    #[string] stack: Option<String>,
) {
    let kind = match kind {
        "not-a-response" => ErrorKind::NotAResponse,
        "no-handler" => ErrorKind::NoHandler,
        _ => ErrorKind::Exception,
    };
    let in_flight = state.borrow_mut::<InFlight>();
    if let Ok(slot) = in_flight.slot(id) {
        slot.body = None;
        // The handler most likely failed because the body was cut off at the limit.
        let kind = if slot.body_too_large { ErrorKind::BodyTooLarge } else { kind };
        if let Some(reply) = slot.reply.take() {
            let _ = reply.send(WorkerReply::Error(WorkerError { kind, message, stack }));
        }
    }
    in_flight.retire_if_done(id);
}

/// The `env` bindings for this isolate (vars and secrets), read once at start.
#[op2]
#[serde]
pub fn op_worky_env(state: &mut OpState) -> serde_json::Value {
    state.borrow::<WorkerEnv>().0.clone()
}

/// Whether console output may use ANSI colors (stdout is a terminal, NO_COLOR unset).
#[op2(fast)]
pub fn op_worky_console_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}
