//! WebSockets as the runtime sees them: a pair of ends joined by two bounded
//! channels. `new WebSocketPair()` makes one in an isolate; a worker returns
//! one end in a 101 response, and whoever takes the response (the HTTP front,
//! or an isolate that called a Durable Object's `fetch`) holds that end from
//! then on. The front bridges its end to the client's connection.

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error, Message, error::CapacityError};

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

/// The limits every WebSocket connection of worky's has (Cloudflare's 1 MiB).
pub fn connection_config() -> WebSocketConfig {
    WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_BYTES)).max_frame_size(Some(MAX_MESSAGE_BYTES))
}

/// Carries messages between a WebSocket connection (the client's, for the HTTP
/// front; a server's, for an outbound WebSocket) and `end`, until either side
/// closes. A message over 1 MiB from the connection closes it with 1009; a
/// connection that vanishes is a 1006 close for the end; an end that goes away
/// (its isolate ended) closes the connection with 1001.
pub async fn bridge<S: AsyncRead + AsyncWrite + Unpin>(mut socket: WebSocketStream<S>, end: WebSocketEnd) {
    let WebSocketEnd { tx: to_end, rx: mut from_end } = end;
    loop {
        tokio::select! {
            incoming = socket.next() => {
                let message = match incoming {
                    Some(Ok(Message::Text(text))) => WsMessage::Text(text.as_str().to_string()),
                    Some(Ok(Message::Binary(bytes))) => WsMessage::Binary(bytes),
                    Some(Ok(Message::Close(frame))) => {
                        let (code, reason) = frame.map_or((1005, String::new()), |frame| {
                            (u16::from(frame.code), frame.reason.as_str().to_string())
                        });
                        // The end answers the close; its answer ends the loop below.
                        let _ = to_end.send(WsMessage::Close { code, reason }).await;
                        continue;
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(Error::Capacity(CapacityError::MessageTooLong { .. }))) => {
                        let reason = "message too big".to_string();
                        let _ = to_end.send(WsMessage::Close { code: 1009, reason: reason.clone() }).await;
                        let _ = socket.close(Some(CloseFrame { code: CloseCode::Size, reason: reason.into() })).await;
                        return;
                    }
                    Some(Err(_)) | None => {
                        let _ = to_end.send(WsMessage::Close { code: 1006, reason: String::new() }).await;
                        return;
                    }
                };
                if to_end.send(message).await.is_err() {
                    let _ = socket.close(None).await;
                    return;
                }
            }
            outgoing = from_end.recv() => {
                let sent = match outgoing {
                    Some(WsMessage::Text(text)) => socket.send(Message::text(text)).await,
                    Some(WsMessage::Binary(bytes)) => socket.send(Message::binary(bytes)).await,
                    Some(WsMessage::Close { code, reason }) => {
                        // 1005 is "no status": a close frame without a code (`ws.close()`).
                        // A reason past a close frame's 123 bytes (workerd takes one) is cut short.
                        let frame = (code != 1005)
                            .then(|| CloseFrame { code: CloseCode::from(code), reason: close_reason(reason).into() });
                        let _ = socket.close(frame).await;
                        // Let the other side's close frame arrive, then end.
                        let drain = async { while let Some(Ok(_)) = socket.next().await {} };
                        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain).await;
                        return;
                    }
                    None => {
                        let frame = CloseFrame { code: CloseCode::Away, reason: "the worker went away".into() };
                        let _ = socket.close(Some(frame)).await;
                        return;
                    }
                };
                if sent.is_err() {
                    let _ = to_end.send(WsMessage::Close { code: 1006, reason: String::new() }).await;
                    return;
                }
            }
        }
    }
}

/// `reason` cut to the 123 bytes a close frame has room for, on a character boundary.
fn close_reason(mut reason: String) -> String {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason.truncate(end);
    reason
}

#[cfg(test)]
mod tests {
    use super::close_reason;

    #[test]
    fn close_reasons_fit_a_close_frame() {
        assert_eq!(close_reason("bye".into()), "bye");
        assert_eq!(close_reason("x".repeat(123)).len(), 123);
        assert_eq!(close_reason("x".repeat(124)).len(), 123);
        // "é" is two bytes: 61 of them are 122 bytes, the 62nd would pass 123.
        assert_eq!(close_reason("é".repeat(70)), "é".repeat(61));
    }
}
