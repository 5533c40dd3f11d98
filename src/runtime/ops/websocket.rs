//! Ops behind `WebSocketPair` and `WebSocket` (`runtime_js/07_websockets.js`):
//! an isolate's WebSocket ends, by id, and their messages.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use bytes::Bytes;
use deno_core::{OpState, ToJsBuffer, op2};
use deno_error::JsErrorBox;
use tokio::sync::mpsc;

use crate::runtime::websocket::{self, MAX_MESSAGE_BYTES, WebSocketEnd, WsMessage};

/// The WebSocket ends this isolate holds. An end's receiver is shared with the
/// op waiting on it, so the end can be handed away (or dropped) meanwhile.
#[derive(Default)]
pub struct WebSockets {
    next: u32,
    ends: HashMap<u32, HeldEnd>,
}

/// An end as held here: its sender, and its receiver shared with `op_worky_ws_next`.
type HeldEnd = (mpsc::Sender<WsMessage>, Rc<RefCell<mpsc::Receiver<WsMessage>>>);

impl WebSockets {
    /// Holds `end` here; its id for JS.
    pub fn insert(&mut self, end: WebSocketEnd) -> u32 {
        self.next = self.next.wrapping_add(1);
        self.ends.insert(self.next, (end.tx, Rc::new(RefCell::new(end.rx))));
        self.next
    }

    /// Gives `id` away (to a response); `None` if it is gone or being read.
    pub fn take(&mut self, id: u32) -> Option<WebSocketEnd> {
        let (tx, rx) = self.ends.remove(&id)?;
        let rx = Rc::try_unwrap(rx).ok()?.into_inner();
        Some(WebSocketEnd { tx, rx })
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
    state.borrow_mut::<WebSockets>().ends.remove(&id);
}
