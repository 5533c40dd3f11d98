//! Calls between worker processes (`[host] worker_processes`): a service
//! binding or dispatch namespace of a deployment reaches a deployment that runs
//! in another worker process. The caller's process sends the call to the
//! front's calls socket; the front, which knows which process runs what now,
//! passes it to that process's calls socket, where the deployment's pool
//! answers it. Requests from clients never reach a calls socket (they come in
//! on the worker process's other socket), so a client cannot make one.
//!
//! A call is the `WorkerRequest` a service binding makes: one HTTP POST whose
//! body is a JSON head (method, URL, headers, entrypoint, RPC member, props)
//! and the request body; the answer is the response's head, or the worker's
//! error, and its body (call_wire.rs). A streamed body, either way, passes
//! chunk by chunk as it is written (an event stream never ends).
//!
//! What JS RPC passes by reference (an RpcTarget, a function, a stream's
//! pump) stays in the process that has it: that process lends it out under a
//! random number in its table of exports, and the wire names it by (process,
//! number). The receiving process holds a stub whose calls go back there
//! through the front (`/stub/{process}/{id}`), and whose drop lets it go
//! (`/release/{process}/{id}`); a stub that is passed on is lent again by
//! the process passing it, so each process's table counts its own holders.
//! A process that restarts has an empty table: its objects' stubs say they
//! are gone. A process that dies cannot release what it held: the front says
//! it ended (`/ended/{process}`), and each lender lets go what that process held.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine as _;
use bytes::Bytes;
use futures::StreamExt as _;
use http_body_util::BodyExt as _;
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::Role;

use super::call_wire::{Incoming, OutBody, message};
use super::deployments::Host;
use super::socket_client::SocketClient;
use crate::config::serve::DeploymentConfig;
use crate::http::websocket;
use crate::runtime::Worker;
use crate::runtime::objects::{ObjectCall, Rpc};
use crate::runtime::protocol::{
    EntrypointCall, ErrorKind, Handled, RequestBody, ResponseBody, WorkerError, WorkerRequest, WorkerResponse,
};
use crate::runtime::services::log_callee_exception;
use crate::runtime::settings::Limits;
use crate::runtime::stubs::{GONE, Lent, RemoteObject, Stub};
use crate::runtime::workflows::WorkflowStore;

/// The route of a call on a calls socket: to the deployment it names.
pub(super) const CALL_ROUTE: &str = "/call/{deployment}";
/// A call through a stub to object `id` that worker process `process` lends.
pub(super) const STUB_ROUTE: &str = "/stub/{process}/{id}";
/// The holder of a stub to object `id` of worker process `process` let it go.
pub(super) const RELEASE_ROUTE: &str = "/release/{process}/{id}";
/// Worker process `process` ended: what it held is let go (the front says so
/// to every other worker process).
pub(super) const ENDED_ROUTE: &str = "/ended/{process}";

/// An object lent across processes: (the lending worker process's index, its number there).
type StubRef = (usize, u64);

/// Chunks of a streamed answer buffered between the connection and its reader.
const STREAMED_CHUNKS: usize = 16;

/// A WebSocket answer's head (it has no body to frame it in).
const ANSWER_HEADER: &str = "x-worky-answer";

/// Where a worker process takes calls from other worker processes.
pub(super) fn worker_socket(socket: &Path) -> PathBuf {
    socket.with_extension("calls")
}

/// Where the front takes worker processes' calls, in the sockets' directory.
pub(super) fn front_socket(sockets: &Path) -> PathBuf {
    sockets.join("front.calls")
}

/// A call's head, before the request body.
#[derive(serde::Serialize, serde::Deserialize)]
struct CallHead {
    /// The dispatch namespace the deployment is a user worker of, for a call
    /// through a dispatch namespace binding.
    namespace: Option<String>,
    method: String,
    url: String,
    /// Header values as byte strings: each char one byte (JSON has no bytes).
    headers: Vec<(String, String)>,
    export: Option<String>,
    /// A call to a Durable Object of the deployment: (class, id, name).
    object: Option<(String, String, Option<String>)>,
    /// A JS RPC call (to an entrypoint or an object): (kind, member).
    rpc: Option<(String, String)>,
    /// What its arguments pass by reference.
    stubs: Option<Vec<StubRef>>,
    /// The calling worker process (which holds what the answer passes by reference).
    from: usize,
    /// `ctx.props`, structured-clone bytes in base64.
    props: Option<String>,
    traceparent: Option<String>,
    /// The request body streams (else it is whole).
    streamed: bool,
}

/// An answer's head, before the response body.
#[derive(serde::Serialize, serde::Deserialize)]
struct AnswerHead {
    status: u16,
    headers: Vec<(String, String)>,
    encoded: bool,
    /// The worker failed: no response.
    error: Option<(ErrorKind, String, Option<String>)>,
    /// The response body streams (else it is whole).
    streamed: bool,
    /// What a JS RPC result passes by reference.
    stubs: Option<Vec<StubRef>>,
    /// The answering worker process (which holds what the call passed by reference).
    by: usize,
}

/// A call through a stub, before its arguments' bytes.
#[derive(serde::Serialize, serde::Deserialize)]
struct StubCallHead {
    kind: String,
    member: String,
    stubs: Option<Vec<StubRef>>,
    traceparent: Option<String>,
    /// The calling worker process.
    from: usize,
}

/// The other worker processes' deployments, as this one's workers reach them,
/// and the objects this one lends them.
pub(super) struct Siblings {
    /// This worker process's index (the front's name for it).
    index: usize,
    /// The front's calls socket.
    front: SocketClient,
    /// What this process lends other processes, by number.
    exports: Mutex<HashMap<u64, Export>>,
    /// The process's main runtime: a stub is let go from there (its last
    /// holder may be an isolate's thread that is ending).
    runtime: tokio::runtime::Handle,
    /// Each deployment that runs in another worker process.
    deployments: HashMap<String, Elsewhere>,
    /// Their Workflow stores, opened here on first use: a store is files its
    /// owner's runners look at again every second, so an instance made here
    /// is run there.
    workflows: Mutex<HashMap<String, Arc<WorkflowStore>>>,
}

/// A call on its way to another process: `head` then `body` to `path`;
/// `websocket`: its answer may be one; `who` names the callee in an error.
struct Outgoing<'a, H> {
    path: String,
    head: &'a H,
    body: OutBody,
    websocket: bool,
    who: &'a str,
}

/// An object lent to another worker process.
struct Export {
    stub: Stub,
    /// The process that holds it, once known (a call's arguments are lent
    /// before the front has picked the process that answers).
    holder: Option<usize>,
}

struct Elsewhere {
    dispatch_namespace: Option<String>,
    /// Its ceilings: the longest it may take to answer.
    limits: Limits,
    state_dir: PathBuf,
}

impl Siblings {
    /// `others`: the deployments of serve.toml that run in other worker processes.
    pub(super) fn new(index: usize, sockets: &Path, others: &[DeploymentConfig]) -> Arc<Siblings> {
        let deployments = others
            .iter()
            .map(|deployment| {
                let elsewhere = Elsewhere {
                    dispatch_namespace: deployment.dispatch_namespace.clone(),
                    limits: deployment.ceilings,
                    state_dir: deployment.state_dir.clone(),
                };
                (deployment.name.clone(), elsewhere)
            })
            .collect();
        let front = SocketClient::new(front_socket(sockets));
        Arc::new(Siblings {
            index,
            front,
            exports: Mutex::default(),
            runtime: tokio::runtime::Handle::current(),
            deployments,
            workflows: Mutex::default(),
        })
    }

    /// Lends `stubs` to process `holder` (`None`: not known yet): each gets
    /// a number in this process's exports (a stub this process holds is lent
    /// again, so the other process's holders count here).
    fn export(&self, stubs: Option<Vec<Stub>>, holder: Option<usize>) -> Option<Vec<StubRef>> {
        let mut exports = self.exports.lock().expect("exports lock");
        let refs = stubs?.into_iter().map(|stub| {
            loop {
                let id = rand::random::<u64>();
                if let std::collections::hash_map::Entry::Vacant(entry) = exports.entry(id) {
                    entry.insert(Export { stub, holder });
                    break (self.index, id);
                }
            }
        });
        Some(refs.collect())
    }

    /// What a call lent (`lent`) is held by the process that answered it
    /// (`by`), or, with no answer, by nobody: let go.
    fn settle(&self, lent: Option<Vec<StubRef>>, by: Option<usize>) {
        let mut let_go = Vec::new();
        let mut exports = self.exports.lock().expect("exports lock");
        for (_, id) in lent.into_iter().flatten() {
            match by {
                Some(by) => exports.get_mut(&id).into_iter().for_each(|export| export.holder = Some(by)),
                None => let_go.extend(exports.remove(&id)),
            }
        }
        // Dropped outside the lock: a stub's drop may send a release.
        drop(exports);
        drop(let_go);
    }

    /// Process `process` ended: what it held is let go.
    fn ended(&self, process: usize) {
        let mut exports = self.exports.lock().expect("exports lock");
        let held: Vec<u64> =
            exports.iter().filter(|(_, export)| export.holder == Some(process)).map(|(id, _)| *id).collect();
        let let_go: Vec<Export> = held.iter().filter_map(|id| exports.remove(id)).collect();
        drop(exports);
        drop(let_go);
    }

    /// Stubs for what another process lends (or, for this process's own
    /// number, what it lends: the object where it is).
    fn import(self: &Arc<Self>, refs: Option<Vec<StubRef>>) -> Option<Vec<Stub>> {
        let stubs = refs?.into_iter().map(|(process, id)| {
            let exports = || self.exports.lock().expect("exports lock").get(&id).map(|export| export.stub.clone());
            let own = (process == self.index).then(exports);
            own.flatten().unwrap_or_else(|| Lent::remote(Box::new(RemoteStub { siblings: self.clone(), process, id })))
        });
        Some(stubs.collect())
    }

    /// Sends a framed call to `path` through the front (`websocket`: its
    /// answer may be one), and reads the answer: `who` names the callee in
    /// the error when there is none. What the call `lent` is then held by
    /// the answering process, or let go when none answered.
    async fn send(
        self: &Arc<Self>,
        outgoing: Outgoing<'_, impl serde::Serialize>,
        lent: Option<Vec<StubRef>>,
    ) -> Result<WorkerResponse, WorkerError> {
        let mut by = None;
        let outcome = self.exchange(outgoing, &mut by).await;
        self.settle(lent, by);
        outcome
    }

    /// `send`'s exchange; `by` is set once an answer's head names who answered.
    async fn exchange(
        self: &Arc<Self>,
        outgoing: Outgoing<'_, impl serde::Serialize>,
        by: &mut Option<usize>,
    ) -> Result<WorkerResponse, WorkerError> {
        let Outgoing { path, head, body, websocket, who } = outgoing;
        let mut call = Request::post(path).header(header::HOST, "worky");
        if websocket {
            // The answer may be a WebSocket: the connection becomes its pipe.
            call = call.header(header::CONNECTION, "upgrade").header(header::UPGRADE, "websocket");
        }
        let call = call.body(message(head, body)).map_err(|err| WorkerError::isolate_gone(err.to_string()))?;
        let gone = |why: String| WorkerError::isolate_gone(format!("{who} did not answer: {why}"));
        let mut response = self.front.send(call).await.map_err(|err| gone(err.to_string()))?;
        if response.status() == StatusCode::SWITCHING_PROTOCOLS {
            let head =
                response.headers().get(ANSWER_HEADER).and_then(|head| serde_json::from_slice(head.as_bytes()).ok());
            let head: AnswerHead = head.ok_or_else(|| gone("a WebSocket answer without its head".into()))?;
            *by = Some(head.by);
            let upgraded = hyper::upgrade::on(&mut response).await.map_err(|err| gone(err.to_string()))?;
            let config = Some(crate::runtime::websocket::connection_config());
            let socket = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Client, config).await;
            let (ours, theirs) = crate::runtime::websocket::pair();
            tokio::spawn(crate::runtime::websocket::bridge(socket, theirs));
            return Ok(self.response_of(head, ResponseBody::WebSocket(ours)));
        }
        let status = response.status();
        if status != StatusCode::OK {
            let bytes = response.into_body().collect().await.map_err(|err| gone(err.to_string()))?.to_bytes();
            return Err(WorkerError::isolate_gone(String::from_utf8_lossy(&bytes).into_owned()));
        }
        let mut incoming = Incoming::new(response.into_body());
        let head = incoming.head::<AnswerHead>().await.map_err(gone)?;
        *by = Some(head.by);
        if let Some((kind, message, stack)) = head.error {
            return Err(WorkerError { kind, message, stack });
        }
        let body = if head.streamed {
            let who = who.to_string();
            let mut chunks = incoming.streamed(move |why| format!("{who} did not finish its answer: {why}"));
            let (sender, receiver) = tokio::sync::mpsc::channel(STREAMED_CHUNKS);
            tokio::spawn(async move {
                while let Some(chunk) = chunks.next().await {
                    // The reader let the body go: so does this connection.
                    if sender.send(chunk).await.is_err() {
                        break;
                    }
                }
            });
            ResponseBody::Stream(receiver)
        } else {
            match incoming.whole().await.map_err(gone)? {
                body if body.is_empty() => ResponseBody::Empty,
                body => ResponseBody::Full(body),
            }
        };
        Ok(self.response_of(head, body))
    }

    fn response_of(self: &Arc<Self>, head: AnswerHead, body: ResponseBody) -> WorkerResponse {
        WorkerResponse {
            status: head.status,
            headers: from_text(head.headers),
            body,
            encoded: head.encoded,
            cpu: std::time::Duration::ZERO,
            stubs: self.import(head.stubs),
        }
    }

    /// The Workflow instances of deployment `script`, if another process runs it.
    pub(super) fn workflows(&self, script: &str) -> Option<Arc<WorkflowStore>> {
        let elsewhere = self.deployments.get(script)?;
        let mut stores = self.workflows.lock().expect("workflow stores lock");
        let store = stores.entry(script.to_string());
        Some(store.or_insert_with(|| Arc::new(WorkflowStore::new(&elsewhere.state_dir.join("workflows")))).clone())
    }

    /// Deployment `name`, if another process runs it and it is no dispatch
    /// namespace's user worker (those are reached through their namespace).
    pub(super) fn worker(self: &Arc<Self>, name: &str) -> Option<Arc<dyn Worker>> {
        let elsewhere = self.deployments.get(name).filter(|elsewhere| elsewhere.dispatch_namespace.is_none())?;
        Some(self.sibling(name, None, elsewhere))
    }

    /// User worker `script` of dispatch namespace `namespace`, if another process runs it.
    pub(super) fn dispatch(self: &Arc<Self>, namespace: &str, script: &str) -> Option<Arc<dyn Worker>> {
        let elsewhere = self.deployments.get(script)?;
        (elsewhere.dispatch_namespace.as_deref() == Some(namespace))
            .then(|| self.sibling(script, Some(namespace), elsewhere))
    }

    /// The Durable Objects of deployment `script`, if another process runs it.
    pub(super) fn objects(self: &Arc<Self>, script: &str) -> Option<Arc<dyn Worker>> {
        let elsewhere = self.deployments.get(script)?;
        Some(self.sibling(script, elsewhere.dispatch_namespace.as_deref(), elsewhere))
    }

    fn sibling(self: &Arc<Self>, name: &str, namespace: Option<&str>, elsewhere: &Elsewhere) -> Arc<dyn Worker> {
        Arc::new(Sibling {
            siblings: self.clone(),
            name: name.to_string(),
            namespace: namespace.map(str::to_string),
            limits: elsewhere.limits,
        })
    }
}

/// A deployment of another worker process, as a worker here calls it.
struct Sibling {
    siblings: Arc<Siblings>,
    name: String,
    namespace: Option<String>,
    limits: Limits,
}

impl Worker for Sibling {
    fn limits(&self) -> Limits {
        self.limits
    }

    fn handle(&self, request: WorkerRequest) -> std::pin::Pin<Box<dyn Future<Output = Handled> + Send + '_>> {
        Box::pin(async move { Handled { isolate: None, outcome: self.call(request).await } })
    }
}

impl Sibling {
    async fn call(&self, request: WorkerRequest) -> Result<WorkerResponse, WorkerError> {
        let entrypoint = request.entrypoint.as_deref();
        let object = request.object.as_deref();
        let rpc = entrypoint.and_then(|call| call.rpc.as_ref()).or(object.and_then(|call| call.rpc.as_ref()));
        let websocket = websocket::wants_upgrade(&header_map(&request.headers));
        let (body, streamed) = match request.body {
            RequestBody::Empty => (OutBody::Whole(Bytes::new()), false),
            RequestBody::Full(bytes) => (OutBody::Whole(bytes), false),
            RequestBody::Stream(chunks) => (OutBody::Streamed(chunks), true),
        };
        let head = CallHead {
            namespace: self.namespace.clone(),
            method: request.method,
            url: request.url,
            headers: to_text(&request.headers),
            export: entrypoint.and_then(|call| call.export.clone()),
            object: object.map(|call| (call.class.clone(), call.id.clone(), call.name.clone())),
            rpc: rpc.map(|rpc| (rpc.kind.clone(), rpc.member.clone())),
            stubs: self.siblings.export(rpc.and_then(|rpc| rpc.stubs.clone()), None),
            from: self.siblings.index,
            props: entrypoint.and_then(|call| call.props.as_ref()).map(|props| base64_engine().encode(props)),
            traceparent: request.traceparent,
            streamed,
        };
        let who = format!("deployment \"{}\"", self.name);
        let lent = head.stubs.clone();
        let outgoing = Outgoing { path: format!("/call/{}", self.name), head: &head, body, websocket, who: &who };
        self.siblings.send(outgoing, lent).await
    }
}

/// An object another worker process lends, as a stub here holds it.
struct RemoteStub {
    siblings: Arc<Siblings>,
    process: usize,
    id: u64,
}

impl RemoteObject for RemoteStub {
    fn call(
        &self,
        rpc: Rpc,
        args: Vec<u8>,
        traceparent: Option<String>,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<WorkerResponse, WorkerError>> + Send + '_>> {
        Box::pin(async move {
            let head = StubCallHead {
                kind: rpc.kind,
                member: rpc.member,
                stubs: self.siblings.export(rpc.stubs, Some(self.process)),
                traceparent,
                from: self.siblings.index,
            };
            let path = format!("/stub/{}/{}", self.process, self.id);
            let who = format!("worker process {}", self.process + 1);
            let lent = head.stubs.clone();
            let body = OutBody::Whole(args.into());
            self.siblings.send(Outgoing { path, head: &head, body, websocket: false, who: &who }, lent).await
        })
    }
}

impl Drop for RemoteStub {
    /// The lending process may let the object go; nobody waits for its answer.
    fn drop(&mut self) {
        let siblings = self.siblings.clone();
        let path = format!("/release/{}/{}", self.process, self.id);
        self.siblings.runtime.spawn(async move {
            if let Ok(request) = Request::post(path).header(header::HOST, "worky").body(Body::empty()) {
                let _ = siblings.front.send(request).await;
            }
        });
    }
}

fn header_map(headers: &[(String, Vec<u8>)]) -> HeaderMap {
    let upgrade = headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("upgrade"));
    upgrade.filter_map(|(_, value)| Some((header::UPGRADE, HeaderValue::from_bytes(value).ok()?))).collect()
}

/// `POST /call/{deployment}` on a worker process's calls socket: runs the call
/// on the deployment's pool here, and answers what it answered.
pub(super) async fn answer(
    State(host): State<Arc<Host>>,
    UrlPath(name): UrlPath<String>,
    mut request: Request<Body>,
) -> Response<Body> {
    let upgrade = websocket::wants_upgrade(request.headers()).then(|| hyper::upgrade::on(&mut request));
    let (head, body) = match read_call::<CallHead>(request).await {
        Ok(call) => call,
        Err(refused) => return refused,
    };
    let Some(siblings) = host.siblings() else { return not_a_worker_process() };
    let missing = || {
        let missing = format!("no deployment named \"{name}\" runs in this worker process now");
        (StatusCode::NOT_FOUND, missing).into_response()
    };
    let from = head.from;
    let body = if head.streamed {
        RequestBody::Stream(body.streamed(|why| format!("the caller's request body broke off: {why}")))
    } else {
        match body.whole().await {
            Ok(body) if body.is_empty() => RequestBody::Empty,
            Ok(body) => RequestBody::Full(body),
            Err(err) => return (StatusCode::BAD_REQUEST, err).into_response(),
        }
    };
    let handled = if head.object.is_some() {
        let Some(objects) = host.objects_of(&name) else { return missing() };
        objects.call(call_request(siblings, head, body)).await
    } else {
        let Some(pool) = host.pool_of(&name, head.namespace.as_deref()) else { return missing() };
        let is_fetch = head.rpc.is_none();
        let handled = pool.handle(call_request(siblings, head, body)).await;
        // Logged here, where the deployment's log and tailers are.
        if is_fetch {
            log_callee_exception(&name, &handled, None);
        }
        handled
    };
    answer_with(siblings, from, handled.outcome, upgrade).await
}

/// `POST /stub/{process}/{id}` on a worker process's calls socket: a call
/// through a stub to object `id` this process lends.
pub(super) async fn answer_stub(
    State(host): State<Arc<Host>>,
    UrlPath((_, id)): UrlPath<(usize, u64)>,
    request: Request<Body>,
) -> Response<Body> {
    let Some(siblings) = host.siblings() else { return not_a_worker_process() };
    let (head, args) = match read_call::<StubCallHead>(request).await {
        Ok(call) => call,
        Err(refused) => return refused,
    };
    let args = match args.whole().await {
        Ok(args) => args,
        Err(err) => return (StatusCode::BAD_REQUEST, err).into_response(),
    };
    let lent = siblings.exports.lock().expect("exports lock").get(&id).map(|export| export.stub.clone());
    let outcome = match lent {
        Some(lent) => {
            let rpc = Rpc { kind: head.kind, member: head.member, stubs: siblings.import(head.stubs) };
            lent.call(rpc, args.to_vec(), head.traceparent.clone()).await
        }
        None => Err(WorkerError::isolate_gone(GONE)),
    };
    answer_with(siblings, head.from, outcome, None).await
}

/// `POST /release/{process}/{id}` on a worker process's calls socket: the
/// other process's last holder let object `id` go.
pub(super) async fn release_stub(State(host): State<Arc<Host>>, UrlPath((_, id)): UrlPath<(usize, u64)>) -> StatusCode {
    let Some(siblings) = host.siblings() else { return StatusCode::NOT_FOUND };
    // Taken out of the table first: dropping it may send a release of its own.
    let released = siblings.exports.lock().expect("exports lock").remove(&id);
    drop(released);
    StatusCode::OK
}

/// `POST /ended/{process}` on a worker process's calls socket: the front says
/// worker process `process` ended; what it held is let go.
pub(super) async fn release_held_by(State(host): State<Arc<Host>>, UrlPath(process): UrlPath<usize>) -> StatusCode {
    let Some(siblings) = host.siblings() else { return StatusCode::NOT_FOUND };
    siblings.ended(process);
    StatusCode::OK
}

fn not_a_worker_process() -> Response<Body> {
    (StatusCode::NOT_FOUND, "this process takes no calls from others").into_response()
}

/// A call's head, and its body to read.
async fn read_call<T: serde::de::DeserializeOwned>(
    request: Request<Body>,
) -> Result<(T, Incoming<Body>), Response<Body>> {
    let mut incoming = Incoming::new(request.into_body());
    match incoming.head::<T>().await {
        Ok(head) => Ok((head, incoming)),
        Err(err) => Err((StatusCode::BAD_REQUEST, err).into_response()),
    }
}

/// The framed answer for what the callee gave to process `from`: a
/// response, or its failure.
async fn answer_with(
    siblings: &Arc<Siblings>,
    from: usize,
    outcome: Result<WorkerResponse, WorkerError>,
    upgrade: Option<OnUpgrade>,
) -> Response<Body> {
    match outcome {
        Ok(response) => respond(siblings, from, response, upgrade).await,
        Err(error) => {
            let head = AnswerHead {
                status: 0,
                headers: Vec::new(),
                encoded: false,
                error: Some((error.kind, error.message, error.stack)),
                streamed: false,
                stubs: None,
                by: siblings.index,
            };
            Response::new(message(&head, OutBody::Whole(Bytes::new())))
        }
    }
}

/// The request a call's head and body make.
fn call_request(siblings: &Arc<Siblings>, head: CallHead, body: RequestBody) -> WorkerRequest {
    let props = head.props.and_then(|props| base64_engine().decode(props).ok()).map(Bytes::from);
    let stubs = siblings.import(head.stubs);
    let rpc = head.rpc.map(|(kind, member)| Rpc { kind, member, stubs });
    let (object, entrypoint) = match head.object {
        Some((class, id, name)) => (Some(Box::new(ObjectCall { class, id, name, rpc })), None),
        None => {
            let entrypoint = (head.export.is_some() || rpc.is_some() || props.is_some())
                .then(|| Box::new(EntrypointCall { export: head.export, rpc, lent: None, props }));
            (None, entrypoint)
        }
    };
    WorkerRequest {
        headers: from_text(head.headers),
        body,
        object,
        entrypoint,
        traceparent: head.traceparent,
        ..WorkerRequest::new(&head.method, head.url)
    }
}

/// The answer for a response: its body whole or as it streams, what a JS RPC
/// result passes by reference lent out. A WebSocket is answered with 101 (its
/// head in a header), and the call's connection carries its messages from
/// then on.
async fn respond(
    siblings: &Arc<Siblings>,
    from: usize,
    response: WorkerResponse,
    upgrade: Option<OnUpgrade>,
) -> Response<Body> {
    let mut head = AnswerHead {
        status: response.status,
        headers: to_text(&response.headers),
        encoded: response.encoded,
        error: None,
        streamed: false,
        stubs: siblings.export(response.stubs, Some(from)),
        by: siblings.index,
    };
    let body = match response.body {
        ResponseBody::Empty => OutBody::Whole(Bytes::new()),
        ResponseBody::Full(bytes) => OutBody::Whole(bytes),
        ResponseBody::Stream(receiver) => {
            head.streamed = true;
            OutBody::Streamed(Box::pin(tokio_stream::wrappers::ReceiverStream::new(receiver)))
        }
        ResponseBody::WebSocket(end) => {
            let Some(upgrade) = upgrade else {
                let message_text = "a WebSocket answers a request that asked for none";
                head.error = Some((ErrorKind::NotAResponse, message_text.to_string(), None));
                return Response::new(message(&head, OutBody::Whole(Bytes::new())));
            };
            let Ok(head) = HeaderValue::from_bytes(&serde_json::to_vec(&head).expect("an answer's head serializes"))
            else {
                return (StatusCode::INTERNAL_SERVER_ERROR, "a WebSocket answer's head is no header").into_response();
            };
            tokio::spawn(websocket::bridge(upgrade, end));
            return Response::builder()
                .status(StatusCode::SWITCHING_PROTOCOLS)
                .header(header::CONNECTION, "upgrade")
                .header(header::UPGRADE, "websocket")
                .header(ANSWER_HEADER, head)
                .body(Body::empty())
                .expect("a 101 answer");
        }
    };
    Response::new(message(&head, body))
}

fn base64_engine() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// Header values as byte strings in text: each byte one char.
fn to_text(headers: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    headers.iter().map(|(name, value)| (name.clone(), value.iter().map(|&byte| char::from(byte)).collect())).collect()
}

fn from_text(headers: Vec<(String, String)>) -> Vec<(String, Vec<u8>)> {
    headers.into_iter().map(|(name, value)| (name, value.chars().map(|c| c as u8).collect())).collect()
}

/// `head` as JSON, its length first (4 bytes, big-endian), then `payload`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answers_head_keeps_byte_headers_and_stub_numbers() {
        let head = AnswerHead {
            status: 201,
            headers: to_text(&[("x".into(), b"caf\xe9".to_vec())]),
            encoded: false,
            error: None,
            streamed: true,
            stubs: Some(vec![(1, u64::MAX)]),
            by: 2,
        };
        let back: AnswerHead = serde_json::from_slice(&serde_json::to_vec(&head).unwrap()).unwrap();
        assert_eq!((back.status, back.streamed), (201, true));
        assert_eq!(back.stubs, Some(vec![(1, u64::MAX)]), "a stub's number survives JSON");
        assert_eq!(from_text(back.headers), [("x".to_string(), b"caf\xe9".to_vec())]);
    }
}
