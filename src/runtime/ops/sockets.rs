//! `cloudflare:sockets` (runtime_js/13_sockets.js): outbound TCP connections,
//! plain or TLS (rustls, trusting what runtime/tls.rs says, as wss:// and fetch), with
//! STARTTLS. A connection is checked against the worker's egress policy by
//! name and by every address its name resolves to, as `fetch()` and WebSocket
//! connections are (`allowed_addresses`, shared with ops/websocket.rs).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::rc::Rc;

use deno_core::{JsBuffer, OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::sync::Notify;

use crate::runtime::tls;

/// A read's largest chunk.
const READ_CHUNK: usize = 64 * 1024;

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}
type Connection = Box<dyn Stream>;

/// One socket: its halves, each taken by the op that uses it for the length
/// of the call (JavaScript reads and writes one at a time per direction).
struct Socket {
    reader: Option<ReadHalf<Connection>>,
    writer: Option<WriteHalf<Connection>>,
    /// Set by `close`, which wakes a read waiting on the peer.
    closed: Rc<Cell<bool>>,
    wake: Rc<Notify>,
}

/// The sockets open in this isolate.
#[derive(Default)]
pub struct Sockets {
    next: u32,
    open: HashMap<u32, Rc<RefCell<Socket>>>,
}

impl Sockets {
    fn insert(&mut self, connection: Connection) -> u32 {
        let (reader, writer) = tokio::io::split(connection);
        self.next = self.next.wrapping_add(1);
        let socket = Socket {
            reader: Some(reader),
            writer: Some(writer),
            closed: Rc::new(Cell::new(false)),
            wake: Rc::new(Notify::new()),
        };
        self.open.insert(self.next, Rc::new(RefCell::new(socket)));
        self.next
    }
}

fn socket(state: &Rc<RefCell<OpState>>, id: u32) -> Result<Rc<RefCell<Socket>>, JsErrorBox> {
    state
        .borrow()
        .borrow::<Sockets>()
        .open
        .get(&id)
        .cloned()
        .ok_or_else(|| JsErrorBox::type_error("This socket has been closed."))
}

/// Why an outbound connection was not made.
#[derive(Debug, thiserror::Error)]
pub enum OutboundError {
    #[error("{0} is not allowed by this host's egress policy")]
    Refused(String),
    #[error("cannot resolve {0}: {1}")]
    Unresolved(String, String),
}

/// The addresses `host` resolves to, when the egress policy lets `api` reach
/// the name and every one of them (a name that resolves to an internal
/// address is refused, whatever it is called).
pub(crate) async fn allowed_addresses(
    state: &Rc<RefCell<OpState>>,
    host: &str,
    port: u16,
    api: &str,
) -> Result<Vec<SocketAddr>, OutboundError> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let target = format!("{host}:{port}");
    let check = |name: &str| {
        let mut state = state.borrow_mut();
        let permissions = state.borrow_mut::<deno_permissions::PermissionsContainer>();
        permissions.check_net(&(name, Some(port)), api).is_ok()
    };
    if !check(host) {
        return Err(OutboundError::Refused(target));
    }
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|err| OutboundError::Unresolved(host.to_string(), err.to_string()))?
        .collect();
    if addresses.is_empty() || !addresses.iter().all(|address| check(&address.ip().to_string())) {
        return Err(OutboundError::Refused(target));
    }
    Ok(addresses)
}

fn tls_name(host: &str) -> Result<rustls::pki_types::ServerName<'static>, String> {
    rustls::pki_types::ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']').to_string())
        .map_err(|err| err.to_string())
}

/// Connects to `host:port` (TLS from the start when `secure`): the socket's
/// id and the address it reached. A failure's message says why (the worker
/// knows what it asked for).
#[op2]
#[serde]
pub async fn op_worky_socket_connect(
    state: Rc<RefCell<OpState>>,
    #[string] host: String,
    #[smi] port: u16,
    secure: bool,
) -> Result<(u32, String), JsErrorBox> {
    let failed = |reason: &dyn std::fmt::Display| JsErrorBox::generic(reason.to_string());
    if host.is_empty() {
        return Err(failed(&"no host name was given"));
    }
    if port == 0 {
        return Err(failed(&"port 0 cannot be connected to"));
    }
    let addresses = allowed_addresses(&state, &host, port, "connect()").await.map_err(|err| failed(&err))?;
    let mut last_error = None;
    let mut connected = None;
    for address in addresses {
        match tokio::net::TcpStream::connect(address).await {
            Ok(stream) => {
                connected = Some((stream, address));
                break;
            }
            Err(err) => last_error = Some(err),
        }
    }
    let Some((stream, address)) = connected else {
        let reason = last_error.map(|err| err.to_string()).unwrap_or_else(|| "no address".into());
        return Err(failed(&reason));
    };
    let _ = stream.set_nodelay(true);
    let connection: Connection = if secure {
        let name = tls_name(&host).map_err(|err| failed(&err))?;
        let secure = tls::connector()?.connect(name, stream).await;
        Box::new(secure.map_err(|err| failed(&format!("TLS handshake failed: {err}")))?)
    } else {
        Box::new(stream)
    };
    let id = state.borrow_mut().borrow_mut::<Sockets>().insert(connection);
    Ok((id, address.to_string()))
}

/// The next bytes from the peer; `None` once it has finished sending (or the
/// socket was closed).
#[op2]
#[serde]
pub async fn op_worky_socket_read(
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
) -> Result<Option<ToJsBuffer>, JsErrorBox> {
    let socket = socket(&state, id)?;
    let Some(mut reader) = socket.borrow_mut().reader.take() else {
        return Err(JsErrorBox::type_error("This socket is already being read."));
    };
    let mut buffer = vec![0u8; READ_CHUNK];
    let (closed, wake) = {
        let socket = socket.borrow();
        (socket.closed.clone(), socket.wake.clone())
    };
    let read = {
        // Made before the check: a close in between still wakes it.
        let woken = wake.notified();
        if closed.get() {
            None
        } else {
            tokio::select! {
                read = reader.read(&mut buffer) => Some(read),
                () = woken => None,
            }
        }
    };
    socket.borrow_mut().reader = Some(reader);
    match read {
        None | Some(Ok(0)) => Ok(None),
        Some(Ok(n)) => {
            buffer.truncate(n);
            Ok(Some(buffer.into()))
        }
        Some(Err(err)) => Err(JsErrorBox::generic(err.to_string())),
    }
}

/// Sends `bytes` (all of them) to the peer.
#[op2]
pub async fn op_worky_socket_write(
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    #[buffer] bytes: JsBuffer,
) -> Result<(), JsErrorBox> {
    let socket = socket(&state, id)?;
    let Some(mut writer) = socket.borrow_mut().writer.take() else {
        return Err(JsErrorBox::type_error("This socket is already being written."));
    };
    let written = writer.write_all(&bytes).await;
    socket.borrow_mut().writer = Some(writer);
    written.map_err(|err| JsErrorBox::generic(err.to_string()))
}

/// Ends the sending half (the peer reads the end; it may still answer).
#[op2]
pub async fn op_worky_socket_shutdown(state: Rc<RefCell<OpState>>, #[smi] id: u32) -> Result<(), JsErrorBox> {
    let socket = socket(&state, id)?;
    let Some(mut writer) = socket.borrow_mut().writer.take() else {
        return Err(JsErrorBox::type_error("This socket is already being written."));
    };
    let shut = writer.shutdown().await;
    socket.borrow_mut().writer = Some(writer);
    shut.map_err(|err| JsErrorBox::generic(err.to_string()))
}

/// Closes the socket: a read waiting on the peer ends, the connection goes
/// once no op holds a half.
#[op2(fast)]
pub fn op_worky_socket_close(state: &mut OpState, #[smi] id: u32) {
    if let Some(socket) = state.borrow_mut::<Sockets>().open.remove(&id) {
        let socket = socket.borrow();
        socket.closed.set(true);
        socket.wake.notify_waiters();
    }
}

/// STARTTLS: the TLS handshake over the open connection; the new socket's id.
#[op2]
#[smi]
pub async fn op_worky_socket_start_tls(
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    #[string] host: String,
) -> Result<u32, JsErrorBox> {
    let socket = state.borrow_mut().borrow_mut::<Sockets>().open.remove(&id);
    let socket = socket.ok_or_else(|| JsErrorBox::type_error("This socket has been closed."))?;
    let (reader, writer) = {
        let mut socket = socket.borrow_mut();
        (socket.reader.take(), socket.writer.take())
    };
    let (Some(reader), Some(writer)) = (reader, writer) else {
        return Err(JsErrorBox::type_error("startTls() cannot run while the socket is being read or written."));
    };
    let plain = reader.unsplit(writer);
    let failed = |reason: &dyn std::fmt::Display| JsErrorBox::generic(format!("TLS handshake failed: {reason}"));
    let name = tls_name(&host).map_err(|err| failed(&err))?;
    let secure = tls::connector()?.connect(name, plain).await.map_err(|err| failed(&err))?;
    Ok(state.borrow_mut().borrow_mut::<Sockets>().insert(Box::new(secure)))
}

/// The worker's Hyperdrive bindings: each name and its database's connection
/// string (`None`: the host was given none for it).
#[derive(Clone, Default)]
pub struct WorkerHyperdrive(pub Vec<(String, Option<String>)>);

pub(crate) fn hyperdrive_bindings(state: &mut OpState) -> Vec<(String, Option<String>)> {
    state.borrow::<WorkerHyperdrive>().0.clone()
}
