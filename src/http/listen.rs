//! Listening: bind with a clear message, serve until a signal, stop gracefully.

use std::net::SocketAddr;

use tokio::net::TcpListener;

/// Why a server could not listen.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("port {} is already in use on {}\n  stop the process using it, or pick another port with --port", .0.port(), .0.ip())]
    InUse(SocketAddr),
    #[error("cannot listen on {address}: {source}")]
    Other { address: SocketAddr, source: std::io::Error },
}

/// Binds `address` (port 0 takes a free port: read it back from `local_addr`).
pub async fn bind(address: SocketAddr) -> Result<TcpListener, BindError> {
    TcpListener::bind(address).await.map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => BindError::InUse(address),
        _ => BindError::Other { address, source },
    })
}

/// Serves `service` until `shutdown` resolves; in-flight requests finish first.
pub async fn serve(
    listener: TcpListener,
    service: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, service.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
