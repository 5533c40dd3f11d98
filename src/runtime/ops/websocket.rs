//! Ops behind `WebSocketPair` and `WebSocket` (`runtime_js/07_websockets.js`):
//! an isolate's WebSocket ends, by id, and their messages.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use bytes::Bytes;
use deno_core::{OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;
use tokio::sync::mpsc;

use super::sockets::{OutboundError, allowed_addresses};
use crate::runtime::inbox::Load;
use crate::runtime::tls;
use crate::runtime::websocket::{self, MAX_MESSAGE_BYTES, WebSocketEnd, WsMessage};

/// The WebSocket ends this isolate holds. An end's receiver is shared with the
/// op waiting on it, so the end can be handed away (or dropped) meanwhile.
#[derive(Default)]
pub struct WebSockets {
    next: u32,
    ends: HashMap<u32, HeldEnd>,
    /// Where the pool reads how many ends this isolate holds (set when the
    /// isolate is given its worker): open WebSockets keep the worker loaded.
    load: Option<Arc<Load>>,
}

/// An end as held here: its sender, and its receiver shared with `op_worky_ws_next`.
type HeldEnd = (mpsc::Sender<WsMessage>, Rc<RefCell<mpsc::Receiver<WsMessage>>>);

impl WebSockets {
    /// Counts the ends held from now on into `load`.
    pub fn count_into(&mut self, load: Arc<Load>) {
        load.set_sockets(self.ends.len());
        self.load = Some(load);
    }

    /// Holds `end` here; its id for JS.
    pub fn insert(&mut self, end: WebSocketEnd) -> u32 {
        self.next = self.next.wrapping_add(1);
        self.ends.insert(self.next, (end.tx, Rc::new(RefCell::new(end.rx))));
        self.counted();
        self.next
    }

    /// Gives `id` away (to a response); `None` if it is gone or being read.
    pub fn take(&mut self, id: u32) -> Option<WebSocketEnd> {
        let (tx, rx) = self.ends.remove(&id)?;
        self.counted();
        let rx = Rc::try_unwrap(rx).ok()?.into_inner();
        Some(WebSocketEnd { tx, rx })
    }

    fn release(&mut self, id: u32) {
        self.ends.remove(&id);
        self.counted();
    }

    fn counted(&self) {
        if let Some(load) = &self.load {
            load.set_sockets(self.ends.len());
        }
    }

    fn sender(&self, id: u32) -> Result<mpsc::Sender<WsMessage>, JsErrorBox> {
        self.ends.get(&id).map(|(tx, _)| tx.clone()).ok_or_else(|| JsErrorBox::type_error("The WebSocket is closed."))
    }
}

fn send(state: &mut OpState, id: u32, message: WsMessage) -> Result<(), JsErrorBox> {
    super::http::commit_objects(state)?;
    let sender = state.borrow::<WebSockets>().sender(id)?;
    sender.try_send(message).map_err(|err| match err {
        mpsc::error::TrySendError::Full(_) => {
            JsErrorBox::generic("The WebSocket's send buffer is full: the other side is not reading")
        }
        // The other side has gone: like workerd, sending to a closed socket is ignored.
        mpsc::error::TrySendError::Closed(_) => JsErrorBox::generic("The WebSocket is closed."),
    })
}

/// A new pair: (client, server) ids, as `new WebSocketPair()` gives them.
#[op2]
#[serde]
pub fn op_worky_ws_pair(state: &mut OpState) -> (u32, u32) {
    let (client, server) = websocket::pair();
    let sockets = state.borrow_mut::<WebSockets>();
    (sockets.insert(client), sockets.insert(server))
}

#[op2(fast)]
pub fn op_worky_ws_send_text(state: &mut OpState, #[smi] id: u32, #[string] text: String) -> Result<(), JsErrorBox> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(JsErrorBox::range_error(too_big(text.len())));
    }
    send(state, id, WsMessage::Text(text))
}

#[op2(fast)]
pub fn op_worky_ws_send_bytes(state: &mut OpState, #[smi] id: u32, #[buffer] bytes: &[u8]) -> Result<(), JsErrorBox> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(JsErrorBox::range_error(too_big(bytes.len())));
    }
    send(state, id, WsMessage::Binary(Bytes::copy_from_slice(bytes)))
}

fn too_big(bytes: usize) -> String {
    format!("WebSocket message of {bytes} bytes is larger than the limit of {MAX_MESSAGE_BYTES} bytes")
}

#[op2(fast)]
pub fn op_worky_ws_close(
    state: &mut OpState,
    #[smi] id: u32,
    #[smi] code: u16,
    #[string] reason: String,
) -> Result<(), JsErrorBox> {
    send(state, id, WsMessage::Close { code, reason })
}

/// (kind: 0 text, 1 binary, 2 close; text or close reason; bytes; close code)
type Received = (u8, String, Option<ToJsBuffer>, u16);

/// The next message from the other end; a close (1006, abnormal) when it went away.
#[op2]
#[serde]
pub async fn op_worky_ws_next(state: Rc<RefCell<OpState>>, #[smi] id: u32) -> Option<Received> {
    let receiver = state.borrow().borrow::<WebSockets>().ends.get(&id).map(|(_, rx)| rx.clone())?;
    let message = std::future::poll_fn(|cx| receiver.borrow_mut().poll_recv(cx)).await;
    Some(match message {
        Some(WsMessage::Text(text)) => (0, text, None, 0),
        Some(WsMessage::Binary(bytes)) => (1, String::new(), Some(ToJsBuffer::from(bytes.to_vec())), 0),
        Some(WsMessage::Close { code, reason }) => (2, reason, None, code),
        None => (2, String::new(), None, 1006),
    })
}

/// The end is done with (closed both ways, or its WebSocket collected).
#[op2(fast)]
pub fn op_worky_ws_release(state: &mut OpState, #[smi] id: u32) {
    state.borrow_mut::<WebSockets>().release(id);
}

/// Opens an outbound WebSocket (`new WebSocket(url)`, or `fetch()` with
/// `Upgrade: websocket`) within the isolate's egress policy: the URL and every
/// address its host resolves to are checked, and the connection goes to a
/// checked address (no second lookup). Gives the end's id and the protocol the
/// server chose.
#[op2]
#[serde]
pub async fn op_worky_ws_connect(
    state: Rc<RefCell<OpState>>,
    #[string] url: String,
    #[serde] protocols: Vec<String>,
) -> Result<(u32, String), JsErrorBox> {
    let refused = |target: &str| {
        JsErrorBox::generic(format!("WebSocket to {target} is not allowed by this host's egress policy"))
    };
    let mut url = deno_core::url::Url::parse(&url).map_err(|err| JsErrorBox::new("SyntaxError", err.to_string()))?;
    let secure = match url.scheme() {
        "ws" | "http" => false,
        "wss" | "https" => true,
        other => {
            return Err(JsErrorBox::new("SyntaxError", format!("WebSocket URLs are ws: or wss:, not {other}:")));
        }
    };
    let host =
        url.host_str().ok_or_else(|| JsErrorBox::new("SyntaxError", "the WebSocket URL has no host"))?.to_string();
    let port = url.port_or_known_default().unwrap_or(if secure { 443 } else { 80 });
    let addresses = allowed_addresses(&state, &host, port, "new WebSocket()").await.map_err(|err| match err {
        OutboundError::Refused(target) => refused(&target),
        unresolved => JsErrorBox::generic(unresolved.to_string()),
    })?;
    let _ = url.set_scheme(if secure { "wss" } else { "ws" });
    let shown = url.to_string();
    let failed =
        |err: &dyn std::fmt::Display| JsErrorBox::generic(format!("WebSocket connection to {shown} failed: {err}"));
    let stream = tokio::net::TcpStream::connect(addresses[0]).await.map_err(|err| failed(&err))?;
    let mut request = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url.as_str())
        .map_err(|err| failed(&err))?;
    if !protocols.is_empty()
        && let Ok(value) = protocols.join(", ").parse()
    {
        request.headers_mut().insert("sec-websocket-protocol", value);
    }
    let config = Some(websocket::connection_config());
    let (ours, theirs) = websocket::pair();
    let protocol = if secure {
        let tls = tls::connector()?;
        let name =
            rustls::pki_types::ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']').to_string())
                .map_err(|err| failed(&err))?;
        let stream = tls.connect(name, stream).await.map_err(|err| failed(&err))?;
        let (socket, response) =
            tokio_tungstenite::client_async_with_config(request, stream, config).await.map_err(|err| failed(&err))?;
        tokio::spawn(websocket::bridge(socket, theirs));
        chosen_protocol(&response)
    } else {
        let (socket, response) =
            tokio_tungstenite::client_async_with_config(request, stream, config).await.map_err(|err| failed(&err))?;
        tokio::spawn(websocket::bridge(socket, theirs));
        chosen_protocol(&response)
    };
    let id = state.borrow_mut().borrow_mut::<WebSockets>().insert(ours);
    Ok((id, protocol))
}

fn chosen_protocol(response: &tokio_tungstenite::tungstenite::handshake::client::Response) -> String {
    let protocol = response.headers().get("sec-websocket-protocol");
    protocol.and_then(|value| value.to_str().ok()).unwrap_or_default().to_string()
}
