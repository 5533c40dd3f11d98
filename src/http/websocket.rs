//! A worker's WebSocket on the client's connection: the front answers the
//! upgrade with 101, then tokio-tungstenite carries frames between the
//! connection and the worker's end of the pair (runtime/websocket.rs).

use axum::http::{HeaderMap, HeaderValue, header};
use futures::{SinkExt, StreamExt};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error, Message, error::CapacityError};

use crate::runtime::websocket::{MAX_MESSAGE_BYTES, WebSocketEnd, WsMessage};

/// Whether the client asks for a WebSocket (`Upgrade: websocket`).
pub fn wants_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

/// `Sec-WebSocket-Accept` for the client's `Sec-WebSocket-Key`.
pub fn accept_key(headers: &HeaderMap) -> Option<HeaderValue> {
    let key = headers.get(header::SEC_WEBSOCKET_KEY)?;
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
    HeaderValue::from_str(&accept).ok()
}

/// Carries messages both ways until either side closes. A message over 1 MiB
/// from the client closes the socket with 1009 (Cloudflare's limit).
pub async fn bridge(upgrade: OnUpgrade, end: WebSocketEnd) {
    let Ok(upgraded) = upgrade.await else { return };
    let config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_BYTES)).max_frame_size(Some(MAX_MESSAGE_BYTES));
    let mut socket = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config)).await;
    let WebSocketEnd { tx: to_worker, rx: mut from_worker } = end;
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
                        // Wait for the worker's answer to the close, below.
                        let _ = to_worker.send(WsMessage::Close { code, reason }).await;
                        continue;
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(Error::Capacity(CapacityError::MessageTooLong { .. }))) => {
                        let reason = "message too big".to_string();
                        let _ = to_worker.send(WsMessage::Close { code: 1009, reason: reason.clone() }).await;
                        let frame = CloseFrame { code: CloseCode::Size, reason: reason.into() };
                        let _ = socket.close(Some(frame)).await;
                        return;
                    }
                    // The client went away (or broke the protocol): 1006 to the worker.
                    Some(Err(Error::ConnectionClosed)) | Some(Err(_)) | None => {
                        let _ = to_worker.send(WsMessage::Close { code: 1006, reason: String::new() }).await;
                        return;
                    }
                };
                if to_worker.send(message).await.is_err() {
                    let _ = socket.close(None).await;
                    return;
                }
            }
            outgoing = from_worker.recv() => {
                let sent = match outgoing {
                    Some(WsMessage::Text(text)) => socket.send(Message::text(text)).await,
                    Some(WsMessage::Binary(bytes)) => socket.send(Message::binary(bytes)).await,
                    Some(WsMessage::Close { code, reason }) => {
                        let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                        let _ = socket.close(Some(frame)).await;
                        // Let the client's close frame arrive, then end.
                        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain(&mut socket)).await;
                        return;
                    }
                    // The worker's side is gone (its isolate ended): tell the client.
                    None => {
                        let frame = CloseFrame { code: CloseCode::Away, reason: "the worker went away".into() };
                        let _ = socket.close(Some(frame)).await;
                        return;
                    }
                };
                if sent.is_err() {
                    let _ = to_worker.send(WsMessage::Close { code: 1006, reason: String::new() }).await;
                    return;
                }
            }
        }
    }
}

async fn drain(socket: &mut WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>) {
    while let Some(Ok(_)) = socket.next().await {}
}
