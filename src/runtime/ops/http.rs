//! The request protocol's ops: how requests, bodies and responses cross between
//! Rust and JS (`runtime_js/03_http.js`, `04_serve.js`).
//!
//! JS pulls the next request with `op_worky_next_request`, reads its body chunk
//! by chunk with `op_worky_read_body`, and answers with `op_worky_respond`
//! (whole body) or `op_worky_respond` + `op_worky_write_body`/`op_worky_end_body`
//! (streamed). In-flight requests live in `InFlight`, keyed by a small id.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use deno_core::{JsBuffer, OpState, ToJsBuffer, op2, v8};
use deno_error::JsErrorBox;
use futures::StreamExt;
use tokio::sync::{mpsc, oneshot};

use crate::bundle::Bundle;
use crate::runtime::console::{self, Console};
use crate::runtime::events;
use crate::runtime::inbox::{Inbox, Load, Reply};
use crate::runtime::objects::Rpc;
use crate::runtime::objects::storage::ObjectStorage;
use crate::runtime::ops::websocket::WebSockets;
use crate::runtime::protocol::{
    BodyStream, ErrorKind, QueueBatch, RequestBody, ResponseBody, WorkerError, WorkerRequest, WorkerResponse,
    WorkflowRun,
};
use crate::runtime::stubs::{OwnAddress, Stub};

/// Chunks buffered between a streaming worker response and the client.
const STREAM_CHANNEL_CAPACITY: usize = 16;

/// The bindings object handed to handlers as `env`, as JSON.
pub struct WorkerEnv(pub serde_json::Value);

/// Requests the isolate has taken but not finished answering.
pub struct InFlight {
    next_id: u32,
    slots: HashMap<u32, Slot>,
    /// Shared with the pool: requests handed to this isolate and not finished.
    load: Arc<Load>,
    /// `fetch()` calls each request may make.
    subrequest_limit: u64,
    cpu: CpuShares,
}

/// CPU time per request on an isolate that serves several at once: the
/// thread's CPU time between two samples is shared equally by the requests in
/// flight then (as a fair scheduler would charge it), and a request's CPU time
/// is what its share grew by from its arrival to its response head. One
/// request at a time, that is exactly the thread's CPU time in between.
#[derive(Default)]
struct CpuShares {
    /// The thread's CPU clock at the last sample, in nanoseconds.
    last: u64,
    /// What one request in flight has been charged since the isolate started.
    per_request: u64,
}

impl CpuShares {
    /// Charges the CPU time since the last sample to the `in_flight` requests;
    /// returns the share so far.
    fn sample(&mut self, in_flight: usize) -> u64 {
        let now = thread_cpu_ns();
        if in_flight > 0 {
            self.per_request += now.saturating_sub(self.last) / in_flight as u64;
        }
        self.last = now;
        self.per_request
    }
}

fn thread_cpu_ns() -> u64 {
    let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: the out-pointer is valid for the call.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) } != 0 {
        return 0;
    }
    (time.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(time.tv_nsec as u64)
}

struct Slot {
    /// The request body not yet read. It stays readable while a streamed response
    /// is going out, so `new Response(request.body)` echoes it.
    body: Option<BodyStream>,
    reply: Option<oneshot::Sender<Reply>>,
    stream: Option<mpsc::Sender<Result<Bytes, std::io::Error>>>,
    /// `CpuShares::per_request` when it arrived.
    cpu_mark: u64,
}

impl InFlight {
    pub fn new(load: Arc<Load>, subrequest_limit: u64) -> InFlight {
        InFlight { next_id: 0, slots: HashMap::new(), load, subrequest_limit, cpu: CpuShares::default() }
    }

    /// Answers every unfinished request with `error` (the isolate is going away).
    pub fn fail_all(&mut self, error: &WorkerError) {
        self.load.finish(self.slots.len());
        for (_, slot) in self.slots.drain() {
            if let Some(reply) = slot.reply {
                let _ = reply.send(Reply::Error(error.clone()));
            }
            if let Some(stream) = slot.stream {
                let _ = stream.try_send(Err(std::io::Error::other(error.message.clone())));
            }
        }
    }

    pub fn has_requests(&self) -> bool {
        !self.slots.is_empty()
    }

    /// Lets go of requests whose caller stopped waiting for the response head
    /// (the wall-clock limit passed, the client went away): a handler that never
    /// answers must not hold its slot for ever. Whatever it still does runs on,
    /// and its late answer goes nowhere.
    pub fn let_go_of_abandoned(&mut self) {
        let before = self.slots.len();
        self.slots.retain(|_, slot| !(slot.stream.is_none() && slot.reply.as_ref().is_some_and(|r| r.is_closed())));
        self.load.finish(before - self.slots.len());
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

/// (id, method, url, headers as `name\0value\0...`, streamed body?, whole body,
/// cron of a scheduled event, the Durable Object it is for as
/// `[class, id, name, [rpc kind, member]]`, client IP, traceparent, and for
/// the rarer events, a `Special`)
type NextRequest = (
    u32,
    String,
    String,
    String,
    bool,
    Option<ToJsBuffer>,
    Option<String>,
    Option<ObjectTarget>,
    Option<String>,
    Option<String>,
    Option<Special>,
);

/// What a request is for besides a plain `fetch` (one slot for them all, so
/// a plain request pays for one `null`), as an array whose first element says which.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Special {
    /// `["queue", name, JSON [messages, backlog count, backlog bytes, oldest
    /// message's timestamp or null], bodies]`, each message `[id, timestamp ms,
    /// content type, body length, attempts]` and the bodies one after another
    /// (one buffer crosses into the engine, not one a message).
    Queue(&'static str, String, String, ToJsBuffer),
    /// `["entrypoint", export or null, [rpc kind, member] or null, the
    /// numbers of the stubs the arguments pass or null, the lent object a
    /// stub's call is for (for a "release", the lent objects to let go) or
    /// null, the entrypoint's `ctx.props` (structured-clone bytes) or null]`:
    /// a service binding's call or a stub's (the RPC arguments are the body).
    Entrypoint(
        &'static str,
        Option<String>,
        Option<(String, String)>,
        Option<Vec<u32>>,
        Option<Lent>,
        Option<ToJsBuffer>,
    ),
    /// `["workflow", class name, workflow, JSON [instance id, run, created ms,
    /// params length, steps, events, step limit], bytes]`: a Workflow instance's run, each
    /// step `[key, record, value length or null]`, each event `[seq, type,
    /// timestamp ms, payload length]`, and the params, values and payloads one
    /// after another in `bytes`.
    Workflow(&'static str, String, String, String, ToJsBuffer),
    /// `["email"]`: run the `email` handler with the request's message.
    Email([&'static str; 1]),
}

fn special(state: &mut OpState, request: &mut WorkerRequest) -> Option<Special> {
    if request.email {
        return Some(Special::Email(["email"]));
    }
    if let Some(batch) = request.queue.take() {
        return Some(queue_target(*batch));
    }
    if let Some(run) = request.workflow.take() {
        return Some(workflow_target(*run));
    }
    let call = request.entrypoint.take()?;
    let (rpc, stubs) = rpc_parts(state, call.rpc);
    let lent = call.lent.map(|lent| match &rpc {
        Some((kind, _)) if kind == "release" => {
            Lent::Released(state.borrow::<OwnAddress>().0.take_released().into_iter().map(|id| id as f64).collect())
        }
        _ => Lent::One(lent as f64),
    });
    let props = call.props.map(|props| ToJsBuffer::from(props.to_vec()));
    Some(Special::Entrypoint("entrypoint", call.export, rpc, stubs, lent, props))
}

/// The objects lent from here a stub's request is for.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Lent {
    One(f64),
    Released(Vec<f64>),
}

/// A JS RPC call's `[kind, member]` for JS, and the numbers of the stubs it
/// passes, now this isolate's.
fn rpc_parts(state: &mut OpState, rpc: Option<Rpc>) -> (Option<(String, String)>, Option<Vec<u32>>) {
    let Some(rpc) = rpc else { return (None, None) };
    (Some((rpc.kind, rpc.member)), super::stubs::import(state, rpc.stubs))
}

fn queue_target(batch: QueueBatch) -> Special {
    let mut bodies = Vec::with_capacity(batch.messages.iter().map(|message| message.body.len()).sum());
    let messages: Vec<serde_json::Value> = batch
        .messages
        .into_iter()
        .map(|message| {
            bodies.extend_from_slice(&message.body);
            let attempts = message.failed_attempts + 1;
            serde_json::json!([message.id, message.timestamp, message.content_type, message.body.len(), attempts])
        })
        .collect();
    let backlog = batch.backlog;
    let header = serde_json::json!([messages, backlog.count, backlog.bytes, backlog.oldest]);
    Special::Queue("queue", batch.queue, header.to_string(), ToJsBuffer::from(bodies))
}
fn workflow_target(call: WorkflowRun) -> Special {
    let run = call.run;
    let mut bytes = run.params;
    let params_length = bytes.len();
    let steps: Vec<serde_json::Value> = run
        .steps
        .into_iter()
        .map(|(key, record, value)| {
            let length = value.as_ref().map(|value| value.len());
            bytes.extend_from_slice(value.as_deref().unwrap_or_default());
            serde_json::json!([key, record, length])
        })
        .collect();
    let events: Vec<serde_json::Value> = run
        .events
        .into_iter()
        .map(|event| {
            bytes.extend_from_slice(&event.payload);
            serde_json::json!([event.seq, event.kind, event.timestamp, event.payload.len()])
        })
        .collect();
    let header = serde_json::json!([run.instance, run.run, run.created, params_length, steps, events, call.step_limit]);
    Special::Workflow("workflow", call.class_name, call.workflow, header.to_string(), ToJsBuffer::from(bytes))
}

type ObjectTarget = (String, String, Option<String>, Option<(String, String)>, Option<Vec<u32>>);

/// Waits for the next request; `None` when the isolate is shutting down.
#[op2]
#[serde]
pub async fn op_worky_next_request(state: Rc<RefCell<OpState>>) -> Option<NextRequest> {
    let inbox = state.borrow().borrow::<Inbox>().0.clone();
    // Borrowed only while polled, so the isolate can close the inbox meanwhile.
    let job = std::future::poll_fn(|cx| inbox.borrow_mut().poll_recv(cx)).await?;
    let mut request = job.request;
    let mut state = state.borrow_mut();
    let special = special(&mut state, &mut request);
    let object = request.object.take().map(|call| {
        let call = *call;
        let (rpc, stubs) = rpc_parts(&mut state, call.rpc);
        (call.class, call.id, call.name, rpc, stubs)
    });
    let in_flight = state.borrow_mut::<InFlight>();
    in_flight.next_id = in_flight.next_id.wrapping_add(1);
    let id = in_flight.next_id;
    let (stream, inline) = match request.body {
        RequestBody::Empty => (None, None),
        RequestBody::Full(bytes) => (None, Some(ToJsBuffer::from(bytes.to_vec()))),
        RequestBody::Stream(body) => (Some(body), None),
    };
    let has_stream = stream.is_some();
    let headers = header_text(&request.headers);
    let cpu_mark = in_flight.cpu.sample(in_flight.slots.len());
    let slot = Slot { body: stream, reply: Some(job.reply), stream: None, cpu_mark };
    in_flight.slots.insert(id, slot);
    Some((
        id,
        request.method,
        request.url,
        headers,
        has_stream,
        inline,
        request.scheduled,
        object,
        request.client_ip,
        request.traceparent,
        special,
    ))
}

/// The next chunk of a request body; an empty buffer means the body has ended.
/// A failure (the client went away, the body passed its size limit) becomes a
/// TypeError with the front's message.
#[op2]
#[buffer]
pub async fn op_worky_read_body(state: Rc<RefCell<OpState>>, #[smi] id: u32) -> Result<Vec<u8>, JsErrorBox> {
    let Some(mut body) = state.borrow_mut().borrow_mut::<InFlight>().slot(id)?.body.take() else {
        return Ok(Vec::new());
    };
    loop {
        match body.next().await {
            None => return Ok(Vec::new()),
            Some(Err(err)) => return Err(JsErrorBox::type_error(err.to_string())),
            Some(Ok(data)) if data.is_empty() => continue,
            Some(Ok(data)) => {
                // Put back for the next read, unless the request finished meanwhile.
                if let Ok(slot) = state.borrow_mut().borrow_mut::<InFlight>().slot(id) {
                    slot.body = Some(body);
                }
                return Ok(data.to_vec());
            }
        }
    }
}

/// Sends the response head. With `stream`, the body follows through
/// `op_worky_write_body`; otherwise `body` is all of it. Headers come as one
/// string (see `header_list`) with its `.length`.
#[op2]
pub fn op_worky_respond<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    #[smi] status: u16,
    headers: v8::Local<'s, v8::String>,
    #[smi] headers_length: u32,
    #[buffer] body: JsBuffer,
    stream: bool,
    encoded: bool,
) -> Result<(), JsErrorBox> {
    let headers = header_list(&utf8_of(scope, headers, headers_length));
    let body = if stream { None } else { Some(Bytes::copy_from_slice(&body)) };
    respond(&mut state.borrow_mut(), id, status, headers, body, encoded, None)
}

/// Sends a whole response whose body is a JS string, given with its `.length`.
#[op2(fast)]
pub fn op_worky_respond_text<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    #[smi] status: u16,
    headers: v8::Local<'s, v8::String>,
    #[smi] headers_length: u32,
    body: v8::Local<'s, v8::String>,
    #[smi] body_length: u32,
    encoded: bool,
) -> Result<(), JsErrorBox> {
    let headers = header_list(&utf8_of(scope, headers, headers_length));
    let body = utf8_of(scope, body, body_length);
    respond(&mut state.borrow_mut(), id, status, headers, Some(Bytes::from(body)), encoded, None)
}

/// Durable Objects' writes of this turn are committed before anything leaves the
/// isolate (Cloudflare's output gate; nothing to do in other isolates).
pub(crate) fn commit_objects(state: &mut OpState) -> Result<(), JsErrorBox> {
    state.borrow_mut::<ObjectStorage>().commit().map_err(|err| JsErrorBox::generic(err.0))
}

/// Answers with 101 and the WebSocket end `socket` (given away: the taker of the
/// response holds it from now on).
#[op2(fast)]
pub fn op_worky_respond_websocket<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    headers: v8::Local<'s, v8::String>,
    #[smi] headers_length: u32,
    #[smi] socket: u32,
) -> Result<(), JsErrorBox> {
    let headers = header_list(&utf8_of(scope, headers, headers_length));
    let mut state = state.borrow_mut();
    commit_objects(&mut state)?;
    let end = state
        .borrow_mut::<WebSockets>()
        .take(socket)
        .ok_or_else(|| JsErrorBox::type_error("The response's WebSocket was already used or closed"))?;
    let in_flight = state.borrow_mut::<InFlight>();
    let slot = in_flight.slot(id)?;
    slot.body = None;
    if let Some(reply) = slot.reply.take() {
        let cpu = Duration::ZERO;
        let response = WorkerResponse {
            status: 101,
            headers,
            body: ResponseBody::WebSocket(end),
            encoded: false,
            cpu,
            stubs: None,
        };
        let _ = reply.send(Reply::Response(response));
    }
    in_flight.retire_if_done(id);
    Ok(())
}

/// A JS string as UTF-8 (lone surrogates become U+FFFD), given its `.length`
/// (free in JS). UTF-8 takes at most 3 bytes per UTF-16 unit, so it is written
/// once into a buffer of that size. The generic conversions (`core.encode`,
/// serde's `ByteString`) go through the QuickJS binding's string shims, which
/// convert a string several times each: ~13k instructions a string, 5-8% of a
/// hello-world request.
fn utf8_of(scope: &mut v8::PinScope, string: v8::Local<v8::String>, utf16_length: u32) -> Vec<u8> {
    let mut bytes = vec![0; utf16_length as usize * 3];
    let written = string.write_utf8_v2(scope, &mut bytes, v8::WriteFlags::kReplaceInvalidUtf8, None);
    bytes.truncate(written);
    bytes
}

/// Request headers for JS as one string, `name\0value\0...`, split only if the
/// handler reads them: one string crosses into the engine cheaply, a dozen small
/// ones cost ~2k instructions each. Values are byte strings: each byte becomes the
/// char of that code (what `ByteString` does), so non-ASCII bytes survive.
pub(crate) fn header_text(headers: &[(String, Vec<u8>)]) -> String {
    let mut text = String::with_capacity(headers.iter().map(|(name, value)| name.len() + value.len() + 2).sum());
    for (name, value) in headers {
        text.push_str(name);
        text.push('\0');
        text.extend(value.iter().map(|&byte| char::from(byte)));
        text.push('\0');
    }
    text
}

/// Headers sent from JS as `name\0value\0name\0value\0...`: NUL cannot occur in a
/// header name or value. Values are byte strings (every char below 256), so a
/// non-ASCII one is decoded back to those bytes.
pub(crate) fn header_list(text: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut fields = text.split(|&byte| byte == 0);
    let mut headers = Vec::new();
    while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
        let value = if value.is_ascii() {
            value.to_vec()
        } else {
            String::from_utf8_lossy(value).chars().map(|c| u8::try_from(c).unwrap_or(b'?')).collect()
        };
        headers.push((String::from_utf8_lossy(name).into_owned(), value));
    }
    headers
}

/// Answers a JS RPC call with its result's bytes and the stubs they pass
/// (ops/stubs.rs).
pub(crate) fn respond_rpc(
    state: &mut OpState,
    id: u32,
    status: u16,
    bytes: Bytes,
    stubs: Vec<Stub>,
) -> Result<(), JsErrorBox> {
    respond(state, id, status, Vec::new(), Some(bytes), false, Some(stubs))
}

/// Hands the response to the server: `body` is all of it, or `None` when it
/// streams through `op_worky_write_body`.
fn respond(
    state: &mut OpState,
    id: u32,
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Option<Bytes>,
    encoded: bool,
    stubs: Option<Vec<Stub>>,
) -> Result<(), JsErrorBox> {
    commit_objects(state)?;
    let in_flight = state.borrow_mut::<InFlight>();
    let cpu_now = in_flight.cpu.sample(in_flight.slots.len());
    let slot = in_flight.slot(id)?;
    let cpu = Duration::from_nanos(cpu_now - slot.cpu_mark);
    let body = match body {
        None => {
            let (tx, rx) = mpsc::channel(STREAM_CHANNEL_CAPACITY);
            slot.stream = Some(tx);
            ResponseBody::Stream(rx)
        }
        Some(bytes) if bytes.is_empty() => ResponseBody::Empty,
        Some(bytes) => ResponseBody::Full(bytes),
    };
    if !matches!(body, ResponseBody::Stream(_)) {
        // A whole response is the end of the request: its unread body goes (as in Workers).
        slot.body = None;
    }
    if let Some(reply) = slot.reply.take() {
        let _ = reply.send(Reply::Response(WorkerResponse { status, headers, body, encoded, cpu, stubs }));
    }
    in_flight.retire_if_done(id);
    Ok(())
}

/// Where request `id`'s streamed response body goes, once its head went out.
pub(super) fn response_sender(state: &mut OpState, id: u32) -> Option<mpsc::Sender<Result<Bytes, std::io::Error>>> {
    state.borrow_mut::<InFlight>().slot(id).ok()?.stream.clone()
}

/// Streams one chunk; resolves `false` when the client has gone away.
#[op2]
pub async fn op_worky_write_body(state: Rc<RefCell<OpState>>, #[smi] id: u32, #[buffer] chunk: JsBuffer) -> bool {
    let sender = response_sender(&mut state.borrow_mut(), id);
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
        if let Some(reply) = slot.reply.take() {
            let _ = reply.send(Reply::Error(WorkerError { kind, message, stack }));
        }
    }
    in_flight.retire_if_done(id);
}

/// The `env` bindings for this isolate (vars and secrets) as JSON text, read once
/// at start. Text, not a serde value: serde_json's `arbitrary_precision` (which a
/// dependency turns on) would hand JS every number as an object.
#[op2]
#[string]
pub fn op_worky_env(state: &mut OpState) -> String {
    state.borrow::<WorkerEnv>().0.to_string()
}

/// The `request.cf` properties the host gives every request from outside
/// besides the client's own (a JSON object's text; `None`: none).
pub struct HostCf(pub Option<Arc<str>>);

/// The host's `request.cf` properties as JSON text, read on the worker's first
/// look at an incoming request's cf (03_http.js).
#[op2]
#[string]
pub fn op_worky_host_cf(state: &mut OpState) -> String {
    state.try_borrow::<HostCf>().and_then(|cf| cf.0.as_deref()).unwrap_or("{}").to_string()
}

/// The bundle this isolate runs, for what is read from its manifest on demand.
pub struct WorkerBundle(pub Arc<Bundle>);

/// `Cloudflare.compatibilityFlags` as JSON text (bundle/compatibility.rs), made
/// on the worker's first read of it (04_serve.js), not at every isolate start.
#[op2]
#[string]
pub fn op_worky_compatibility_flags(state: &mut OpState) -> String {
    state
        .try_borrow::<WorkerBundle>()
        .map_or_else(|| "{}".to_string(), |bundle| bundle.0.manifest.compatibility().reported_json())
}

/// The `[images]` binding's name, when the worker has one.
pub(crate) fn images_binding(state: &mut OpState) -> Option<String> {
    state.try_borrow::<WorkerBundle>()?.0.manifest.bindings.images.clone()
}

/// The `[version_metadata]` binding, when the worker has one: (its name, the
/// version's id, its tag, its timestamp), as Cloudflare's `{ id, tag, timestamp }`.
/// The id is a UUID made from the digest of the whole manifest (code, config,
/// bindings): the same version has the same id in every isolate and process; the
/// tag is the package's version (empty in dev); the timestamp is when this
/// version first started in this process (a reload in dev, a deploy in serve).
pub(crate) fn version_metadata(state: &mut OpState) -> Option<(String, String, String, String)> {
    use sha2::Digest;
    let manifest = &state.try_borrow::<WorkerBundle>()?.0.manifest;
    let name = manifest.bindings.version_metadata.clone()?;
    let digest = hex::encode(sha2::Sha256::digest(serde_json::to_vec(manifest).unwrap_or_default()));
    let id = format!("{}-{}-{}-{}-{}", &digest[..8], &digest[8..12], &digest[12..16], &digest[16..20], &digest[20..32]);
    let tag = manifest.version.clone().unwrap_or_default();
    Some((name, id, tag, first_started(&digest)))
}

/// When the version of `digest` first started in this process, as ISO 8601.
fn first_started(digest: &str) -> String {
    static STARTED: std::sync::OnceLock<std::sync::Mutex<HashMap<String, String>>> = std::sync::OnceLock::new();
    let mut started = STARTED.get_or_init(Default::default).lock().expect("version start times lock");
    let now = || chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    started.entry(digest.to_string()).or_insert_with(now).clone()
}

/// Whether console output may use ANSI colors: the host's choice (never in
/// serve's logs), else when stdout is a terminal and NO_COLOR is unset.
#[op2(fast)]
pub fn op_worky_console_color() -> bool {
    use std::io::IsTerminal;
    console::colors().unwrap_or_else(|| std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal())
}

/// `fetch()` calls each request may make (limits.subrequests); the count is kept
/// per request in JS (00_globals.js), which can tell the requests apart.
#[op2(fast)]
#[number]
pub fn op_worky_subrequest_limit(state: &mut OpState) -> u64 {
    state.borrow::<InFlight>().subrequest_limit
}

/// The name of the worker this isolate runs (its deployment), for metrics' labels.
pub struct WorkerName(pub String);

/// A `fetch()` of the worker's has its answer (`status`; 0: it failed).
#[op2(fast)]
pub fn op_worky_subrequest_done(state: &mut OpState, #[smi] status: u32) {
    let class = if status == 0 { "error" } else { crate::runtime::metrics::status_class(status as u16) };
    let deployment = state.borrow::<WorkerName>().0.clone();
    metrics::counter!("worky_subrequests_total", "deployment" => deployment, "status" => class).increment(1);
}

/// Whether the host exports spans: if not, JS makes none (a fetch still
/// carries its trace context).
#[op2(fast)]
pub fn op_worky_spans_wanted() -> bool {
    events::spans_wanted()
}

/// A call a traced request made has ended: its span (hex ids, `start_ms` since
/// the epoch); see `endSpan` in 00_globals.js for `kind`, `name` and `target`.
#[op2(fast)]
#[allow(clippy::too_many_arguments)]
pub fn op_worky_span_done(
    state: &mut OpState,
    #[string] kind: &str,
    #[string] name: &str,
    #[string] target: &str,
    #[smi] status: u32,
    ok: bool,
    #[string] trace: &str,
    #[string] span: &str,
    #[string] parent: &str,
    sampled: bool,
    start_ms: f64,
) {
    let kind = match kind {
        "fetch" => events::CallKind::Fetch,
        "kv" => events::CallKind::Kv,
        _ => events::CallKind::Object,
    };
    let ids = (hex_bytes::<16>(trace), hex_bytes::<8>(span), hex_bytes::<8>(parent));
    if let (Some(trace_id), Some(span_id), Some(parent_id)) = ids {
        let start = std::time::UNIX_EPOCH + std::time::Duration::from_millis(start_ms.max(0.0) as u64);
        events::emit(events::Event::ChildSpan(Box::new(events::ChildSpan {
            worker: state.borrow::<Console>().worker(),
            trace_id,
            span_id,
            parent_id,
            sampled,
            kind,
            name: name.to_string(),
            target: target.to_string(),
            status: status as u16,
            ok,
            start,
            end: std::time::SystemTime::now(),
        })));
    }
}

fn hex_bytes<const N: usize>(text: &str) -> Option<[u8; N]> {
    hex::decode(text).ok()?.try_into().ok()
}

/// One `console` call's output (a line, or several), on stderr for warn/error,
/// with the lines JS dropped since the last one (over their request's budget).
#[op2(fast)]
pub fn op_worky_console_write(state: &mut OpState, #[string] text: &str, is_error: bool, #[smi] dropped: u32) {
    let stream = if is_error { console::Stream::Err } else { console::Stream::Out };
    let console = state.borrow_mut::<console::Console>();
    console.count_dropped(dropped);
    console.write(stream, text);
}

#[cfg(test)]
mod tests {
    use super::{header_list, header_text};

    #[test]
    fn header_text_splits_into_names_and_byte_values() {
        assert_eq!(header_list(b""), vec![]);
        assert_eq!(
            header_list(b"content-type\0text/plain\0x-empty\0\0"),
            vec![("content-type".to_string(), b"text/plain".to_vec()), ("x-empty".to_string(), vec![])]
        );
        // A byte-string value with 0xE9 arrives UTF-8 encoded and goes back to one byte.
        assert_eq!(header_list("x-name\0caf\u{e9}\0".as_bytes()), vec![("x-name".to_string(), b"caf\xe9".to_vec())]);
    }

    #[test]
    fn request_headers_become_one_text_and_back() {
        let headers = vec![("host".to_string(), b"example.com".to_vec()), ("x-raw".to_string(), b"caf\xe9".to_vec())];
        let text = header_text(&headers);
        assert_eq!(text, "host\0example.com\0x-raw\0caf\u{e9}\0");
        assert_eq!(header_list(text.as_bytes()), headers);
    }
}
