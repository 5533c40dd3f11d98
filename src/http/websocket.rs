//! A worker's WebSocket on the client's connection: the front answers the
//! upgrade with 101, then `runtime::websocket::bridge` (tokio-tungstenite)
//! carries frames between the connection and the worker's end of the pair.

use axum::http::{HeaderMap, HeaderValue, header};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::Role;

use crate::runtime::websocket::{self, WebSocketEnd};

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

/// Answers the client's upgrade and carries its messages to and from `end`.
pub async fn bridge(upgrade: OnUpgrade, end: WebSocketEnd) {
    let Ok(upgraded) = upgrade.await else { return };
    let config = Some(websocket::connection_config());
    let socket = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, config).await;
    websocket::bridge(socket, end).await;
}
