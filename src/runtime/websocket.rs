//! WebSockets as the runtime sees them: a pair of ends joined by two bounded
//! channels. `new WebSocketPair()` makes one in an isolate; a worker returns
//! one end in a 101 response, and whoever takes the response (the HTTP front,
//! or an isolate that called a Durable Object's `fetch`) holds that end from
//! then on. The front bridges its end to the client's connection.

use bytes::Bytes;
use tokio::sync::mpsc;

/// Messages waiting in one direction before a sender waits (the front) or is
/// refused (an isolate, whose `send` cannot wait).
pub const CHANNEL_MESSAGES: usize = 4096;

/// The largest message either way (Cloudflare's limit); past it the socket is
/// closed with 1009.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq)]
pub enum WsMessage {
    Text(String),
    Binary(Bytes),
    /// The sender closed its side with this code and reason.
    Close {
        code: u16,
        reason: String,
    },
}

/// One end of a pair: what it sends, and what the other end sent it.
#[derive(Debug)]
pub struct WebSocketEnd {
    pub tx: mpsc::Sender<WsMessage>,
    pub rx: mpsc::Receiver<WsMessage>,
}

/// Two joined ends: what one sends, the other receives.
pub fn pair() -> (WebSocketEnd, WebSocketEnd) {
    let (a_tx, a_rx) = mpsc::channel(CHANNEL_MESSAGES);
    let (b_tx, b_rx) = mpsc::channel(CHANNEL_MESSAGES);
    (WebSocketEnd { tx: a_tx, rx: b_rx }, WebSocketEnd { tx: b_tx, rx: a_rx })
}
