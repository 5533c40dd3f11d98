//! JS RPC stubs: what a worker passes by reference over RPC (an `RpcTarget`
//! instance, a function) stays in the isolate that made it, which lends it
//! out; the isolate given it holds a stub whose calls go back there
//! (runtime_js/26_rpc.js). A stub names its object by the lending isolate's
//! address and the object's number in that isolate's table of lent objects;
//! JS never sees either, only its own numbers for the stubs it holds
//! (`ImportedStubs`), so a worker can reach no object it was not given.
//!
//! The lending isolate keeps the object while any stub to it exists anywhere:
//! every holder shares one `Lent`, and dropping the last one (each holder
//! disposed its stub, or let it be collected, or ended) tells that isolate to
//! let the object go.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, oneshot};

use super::inbox::{Job, Load, Reply};
use super::objects::Rpc;
use super::protocol::{EntrypointCall, RequestBody, WorkerError, WorkerRequest, WorkerResponse};

/// The most stubs one isolate may hold at once: each is memory outside its
/// JS heap, and objects kept alive in the isolates that lent them.
pub const MAX_IMPORTED: usize = 100_000;

/// Where a running isolate takes requests directly, bypassing its pool: a
/// stub's calls must reach the very isolate that holds the object. Weak: an
/// address does not keep an isolate's inbox open.
#[derive(Clone)]
pub struct IsolateAddress {
    inbox: mpsc::WeakUnboundedSender<Job>,
    load: Arc<Load>,
    /// Lent objects whose last stub has gone, for the isolate to let go of:
    /// one request takes all that gathered meanwhile (a caller that drops
    /// thousands of stubs at once costs the lender one request, not thousands).
    released: Arc<Mutex<Vec<u64>>>,
}

impl IsolateAddress {
    pub(crate) fn new(inbox: &mpsc::UnboundedSender<Job>, load: Arc<Load>) -> IsolateAddress {
        IsolateAddress { inbox: inbox.downgrade(), load, released: Arc::default() }
    }

    /// The lent objects released since the last time it was asked.
    pub fn take_released(&self) -> Vec<u64> {
        std::mem::take(&mut *self.released.lock().expect("released lock"))
    }

    /// Hands `request` to the isolate, counted in its load as a pool's
    /// request is; `None` when it has gone.
    fn send(&self, request: WorkerRequest) -> Option<oneshot::Receiver<Reply>> {
        let inbox = self.inbox.upgrade()?;
        let (reply, answer) = oneshot::channel();
        self.load.add();
        if inbox.send(Job { request, reply }).is_err() {
            self.load.finish(1);
            return None;
        }
        Some(answer)
    }
}

/// The isolate's own address (in its OpState), for the objects it lends.
pub struct OwnAddress(pub IsolateAddress);

/// One object lent out: number `id` in an isolate's table, or an object
/// another process lends (serve's worker processes).
pub struct Lent {
    target: Target,
}

enum Target {
    Isolate { address: IsolateAddress, id: u64 },
    Remote(Box<dyn RemoteObject>),
}

/// An object that another process lends (host/serve/calls.rs): calls go
/// there, and dropping this lets it go there.
pub trait RemoteObject: Send + Sync {
    fn call(
        &self,
        rpc: Rpc,
        args: Vec<u8>,
        traceparent: Option<String>,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<WorkerResponse, WorkerError>> + Send + '_>>;
}

/// A stub as Rust holds it: every holder of one object shares its `Lent`.
pub type Stub = Arc<Lent>;

/// The error a call through a stub whose object has gone gets.
pub const GONE: &str = "The RPC stub's object is gone: the isolate that held it has stopped \
     (a new version, an idle unload or a limit). Make the object again.";

impl Lent {
    /// Object `id` of the isolate at `address`, lent out: the isolate is held
    /// (not retired) until the last stub to it is gone.
    pub fn new(address: IsolateAddress, id: u64) -> Stub {
        address.load.lend(true);
        Arc::new(Lent { target: Target::Isolate { address, id } })
    }

    /// An object another process lends.
    pub fn remote(object: Box<dyn RemoteObject>) -> Stub {
        Arc::new(Lent { target: Target::Remote(object) })
    }

    /// Calls the object (`rpc.kind` "apply" a function, "call" a method, "get"
    /// a property; `args` its arguments' bytes) and waits for the answer.
    pub async fn call(
        &self,
        rpc: Rpc,
        args: Vec<u8>,
        traceparent: Option<String>,
    ) -> Result<WorkerResponse, WorkerError> {
        let (address, id) = match &self.target {
            Target::Isolate { address, id } => (address, *id),
            Target::Remote(object) => return object.call(rpc, args, traceparent).await,
        };
        let request = Lent::request(id, rpc, args, traceparent);
        let answer = address.send(request).ok_or_else(|| WorkerError::isolate_gone(GONE))?;
        match answer.await {
            Ok(Reply::Response(response)) => Ok(response),
            Ok(Reply::Error(error)) => Err(error),
            Ok(Reply::Retry(_)) | Err(_) => Err(WorkerError::isolate_gone(GONE)),
        }
    }

    fn request(id: u64, rpc: Rpc, args: Vec<u8>, traceparent: Option<String>) -> WorkerRequest {
        WorkerRequest {
            body: if args.is_empty() { RequestBody::Empty } else { RequestBody::Full(args.into()) },
            entrypoint: Some(Box::new(EntrypointCall { export: None, rpc: Some(rpc), lent: Some(id), props: None })),
            traceparent,
            ..WorkerRequest::new("POST", "http://rpc.worky/".into())
        }
    }
}

impl Drop for Lent {
    /// The last stub to the object is gone: its isolate may let it go. The
    /// first release since the isolate last took them sends it a request to
    /// (`take_released`); later ones ride on it.
    fn drop(&mut self) {
        // A remote object is let go by its own drop.
        let Target::Isolate { address, id } = &self.target else { return };
        address.load.lend(false);
        let first = {
            let mut released = address.released.lock().expect("released lock");
            released.push(*id);
            released.len() == 1
        };
        if first {
            let release = Rpc { kind: "release".into(), member: String::new(), stubs: None };
            // Nobody waits for the answer; an isolate that has gone took its objects with it.
            let _ = address.send(Lent::request(*id, release, Vec::new(), None));
        }
    }
}

impl std::fmt::Debug for Lent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.target {
            Target::Isolate { id, .. } => write!(f, "Lent({id})"),
            Target::Remote(_) => write!(f, "Lent(remote)"),
        }
    }
}

/// The stubs an isolate's JS holds, by the numbers JS knows them by (from 1).
#[derive(Default)]
pub struct ImportedStubs {
    next: u32,
    stubs: HashMap<u32, Stub>,
}

/// Why a stub cannot be taken or used.
#[derive(Debug, thiserror::Error)]
pub enum StubError {
    #[error("RPC stub used after being disposed.")]
    Disposed,
    #[error(
        "This isolate holds too many RPC stubs ({MAX_IMPORTED}): dispose the ones it no longer needs \
         (stub[Symbol.dispose](), or `using`)."
    )]
    TooMany,
}

impl ImportedStubs {
    /// Takes `stub` in; answers the number JS knows it by.
    pub fn insert(&mut self, stub: Stub) -> Result<u32, StubError> {
        if self.stubs.len() >= MAX_IMPORTED {
            return Err(StubError::TooMany);
        }
        loop {
            self.next = self.next.wrapping_add(1).max(1);
            if let std::collections::hash_map::Entry::Vacant(entry) = self.stubs.entry(self.next) {
                entry.insert(stub);
                return Ok(self.next);
            }
        }
    }

    /// Stub `id`; 0 stands for one that arrived over the bound.
    pub fn get(&self, id: u32) -> Result<Stub, StubError> {
        if id == 0 {
            return Err(StubError::TooMany);
        }
        self.stubs.get(&id).cloned().ok_or(StubError::Disposed)
    }

    /// JS disposed its stub (or let it be collected).
    pub fn remove(&mut self, id: u32) {
        self.stubs.remove(&id);
    }
}
