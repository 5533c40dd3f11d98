//! HTTP/1.1 to a Unix socket of this host's own (a worker process's, or the
//! front's for calls between worker processes), keeping idle connections for
//! the next request.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, Response};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

/// Idle connections kept to one socket.
const IDLE_CONNECTIONS: usize = 256;

pub(super) struct SocketClient {
    socket: PathBuf,
    /// Connections ready for another request.
    idle: Arc<Mutex<Vec<SendRequest<Body>>>>,
}

/// Why a request over the socket got no answer.
#[derive(Debug, thiserror::Error)]
pub(super) enum Unanswered {
    /// Nobody listens (a worker process starting again, say): the request
    /// never reached it.
    #[error("it cannot be reached: {0}")]
    Unreachable(String),
    /// It took the request and ended before answering.
    #[error("it ended while answering: {0}")]
    Lost(String),
}

impl SocketClient {
    pub(super) fn new(socket: PathBuf) -> SocketClient {
        SocketClient { socket, idle: Arc::default() }
    }

    /// Forgets the idle connections (their listener ended).
    pub(super) fn forget_idle(&self) {
        self.idle.lock().expect("idle lock").clear();
    }

    /// Sends `request` over an idle connection, or a new one.
    pub(super) async fn send(&self, request: Request<Body>) -> Result<Response<hyper::body::Incoming>, Unanswered> {
        let idle = self.idle.lock().expect("idle lock").pop();
        let mut sender = match idle {
            Some(sender) if sender.is_ready() => sender,
            _ => self.connect().await.map_err(|err| Unanswered::Unreachable(format!("{err:#}")))?,
        };
        let response = sender.send_request(request).await.map_err(|err| Unanswered::Lost(err.to_string()))?;
        // Back to the idle list once the response has been read to its end.
        let idle = self.idle.clone();
        tokio::spawn(async move {
            if sender.ready().await.is_ok() {
                let mut idle = idle.lock().expect("idle lock");
                if idle.len() < IDLE_CONNECTIONS {
                    idle.push(sender);
                }
            }
        });
        Ok(response)
    }

    async fn connect(&self) -> anyhow::Result<SendRequest<Body>> {
        let stream = tokio::net::UnixStream::connect(&self.socket).await?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        // With upgrades: a WebSocket's connection becomes the socket's pipe.
        tokio::spawn(connection.with_upgrades());
        Ok(sender)
    }
}
