//! Listening: bind with a clear message, accept connections up to a cap, give
//! each client a deadline for its request headers, stop gracefully.
//!
//! hyper's own connection handling serves each connection; what this module adds
//! is what axum's `serve` leaves out and a host facing the internet needs: a
//! header-read timeout (hyper has one, but only with a timer, which axum does not
//! give it) and a cap on open connections, so slow or idle clients cannot hold
//! every file descriptor the process has.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use ipnet::IpNet;
use tokio::net::{TcpListener, TcpStream, UnixListener, UnixStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;
use tower::Service;

use super::shards;

/// Why a server could not listen.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("port {} is already in use on {}\n  stop the process using it, or pick another port with --port", .0.port(), .0.ip())]
    InUse(SocketAddr),
    #[error("cannot listen on {address}: {source}")]
    Other { address: SocketAddr, source: std::io::Error },
}

/// What one listener allows its clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a client has to send a request's headers, counted from the
    /// connection opening or from the previous response: an idle keep-alive
    /// connection is closed after it too.
    pub header_timeout: Duration,
    /// Connections open at once; more wait in the kernel's accept queue.
    pub max_connections: usize,
    /// Proxies in front of this listener (`[http] trusted_proxies`): they say
    /// who the client is (`CF-Connecting-IP`, `X-Forwarded-For`) and where
    /// (Cloudflare's visitor location headers). Anyone else's such claims go.
    pub trusted_proxies: Arc<[IpNet]>,
}

/// Cloudflare's visitor location headers (its "Add visitor location headers"
/// transform), kept only from a trusted proxy: `request.cf` takes them.
pub const LOCATION_HEADERS: [&str; 10] = [
    "cf-ipcountry",
    "cf-ipcity",
    "cf-ipcontinent",
    "cf-iplatitude",
    "cf-iplongitude",
    "cf-region",
    "cf-region-code",
    "cf-metro-code",
    "cf-postal-code",
    "cf-timezone",
];

/// The default header timeout: generous for a real client on a slow link, short
/// enough that a slowloris connection is gone before it matters.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// File descriptors kept back from connections for everything else the process
/// opens: KV databases, packages, outgoing fetches, the log.
const RESERVED_DESCRIPTORS: u64 = 256;

impl Default for ConnectionLimits {
    /// The default header timeout, and half the process's open-file limit in
    /// connections (at most 10 000).
    fn default() -> ConnectionLimits {
        let descriptors = raise_open_file_limit();
        let max_connections = (descriptors / 2).clamp(16, 10_000) as usize;
        ConnectionLimits { header_timeout: DEFAULT_HEADER_TIMEOUT, max_connections, trusted_proxies: Arc::new([]) }
    }
}

impl ConnectionLimits {
    /// The most connections this process can hold open and still open files:
    /// a configured cap above it would fail at accept() instead of queueing.
    pub fn descriptor_ceiling() -> usize {
        raise_open_file_limit().saturating_sub(RESERVED_DESCRIPTORS).max(16) as usize
    }
}

/// Raises the soft open-file limit to the hard one (servers need many; the
/// soft default is often 1024) and returns it.
fn raise_open_file_limit() -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
    }
    limit.rlim_cur
}

/// Marks a request that came over TLS (its URL is `https:`).
#[derive(Debug, Clone, Copy)]
pub struct OverTls;

/// The address of the client that sent a request (`request.cf.clientIp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// How `worky serve` tells a worker process, over its Unix socket, who the
/// client was; dropped from requests arriving any other way.
pub const CLIENT_IP_HEADER: &str = "x-worky-client-ip";

/// Who is at the other end of a connection.
#[derive(Debug, Clone)]
enum Peer {
    /// A client, at this address.
    Client(IpAddr),
    /// A trusted proxy, at this address, with the proxies trusted (a chain of
    /// them may have forwarded the request).
    Proxy(IpAddr, Arc<[IpNet]>),
    /// The host process (a worker process's Unix socket): it names the client.
    Host,
}

impl Peer {
    fn at(ip: IpAddr, trusted: &Arc<[IpNet]>) -> Peer {
        if trusted.iter().any(|net| net.contains(&ip)) { Peer::Proxy(ip, trusted.clone()) } else { Peer::Client(ip) }
    }
}

/// The client a trusted proxy forwarded for: its `CF-Connecting-IP` (as
/// Cloudflare's edge sends it), else the last address in `X-Forwarded-For`
/// that no trusted proxy has (each proxy appends the one it saw), else the
/// proxy itself.
fn forwarded_client(headers: &http::HeaderMap, proxy: IpAddr, trusted: &[IpNet]) -> IpAddr {
    let address = |value: &str| value.trim().parse::<IpAddr>().ok();
    if let Some(ip) = headers.get("cf-connecting-ip").and_then(|value| address(value.to_str().ok()?)) {
        return ip;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(address)
        .collect();
    let untrusted = forwarded.iter().rev().find(|ip| !trusted.iter().any(|net| net.contains(*ip)));
    untrusted.or(forwarded.first()).copied().unwrap_or(proxy)
}

/// What `serve` takes connections from: clients over TCP (or TLS over TCP, for
/// `worky dev --local-protocol https`), or (serve's worker processes) the serve
/// front over a Unix socket.
pub enum Listener {
    Tcp(TcpListener),
    Tls(TcpListener, TlsAcceptor),
    Unix(UnixListener),
}

enum Accepted {
    Tcp(TcpStream, SocketAddr),
    Tls(TcpStream, TlsAcceptor, SocketAddr),
    Unix(UnixStream),
}

impl Listener {
    async fn accept(&self) -> std::io::Result<Accepted> {
        match self {
            Listener::Tcp(listener) => {
                let (stream, peer) = listener.accept().await?;
                Ok(Accepted::Tcp(stream, peer))
            }
            Listener::Tls(listener, acceptor) => {
                let (stream, peer) = listener.accept().await?;
                Ok(Accepted::Tls(stream, acceptor.clone(), peer))
            }
            Listener::Unix(listener) => Ok(Accepted::Unix(listener.accept().await?.0)),
        }
    }
}

impl From<TcpListener> for Listener {
    fn from(listener: TcpListener) -> Listener {
        Listener::Tcp(listener)
    }
}

impl From<UnixListener> for Listener {
    fn from(listener: UnixListener) -> Listener {
        Listener::Unix(listener)
    }
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
    listener: impl Into<Listener>,
    service: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = listener.into();
    let builder = connection_builder(limits.header_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // At the cap, stop accepting: new clients wait in the kernel's queue
        // until a connection closes (the header timeout sees that idle ones do).
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    wait_after_accept_error(&error).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let service = service.clone();
        match accepted {
            Accepted::Tcp(stream, peer) => {
                let _ = stream.set_nodelay(true);
                let peer = Peer::at(peer.ip(), &limits.trusted_proxies);
                let Ok(stream) = stream.into_std() else { continue };
                shards::spawn(async move {
                    let Ok(stream) = TcpStream::from_std(stream) else { return };
                    serve_connection(&builder, watcher, stream, peer, service, slot, false).await;
                });
            }
            Accepted::Tls(stream, acceptor, peer) => {
                let _ = stream.set_nodelay(true);
                let peer = Peer::at(peer.ip(), &limits.trusted_proxies);
                let Ok(stream) = stream.into_std() else { continue };
                let handshake_timeout = limits.header_timeout;
                // The handshake runs on the connection's shard: a slow one must
                // not hold up the accept loop, and is held to the header timeout.
                shards::spawn(async move {
                    let Ok(stream) = TcpStream::from_std(stream) else { return };
                    let Ok(Ok(stream)) = tokio::time::timeout(handshake_timeout, acceptor.accept(stream)).await else {
                        return;
                    };
                    serve_connection(&builder, watcher, stream, peer, service, slot, true).await;
                });
            }
            Accepted::Unix(stream) => {
                let Ok(stream) = stream.into_std() else { continue };
                shards::spawn(async move {
                    let Ok(stream) = UnixStream::from_std(stream) else { return };
                    serve_connection(&builder, watcher, stream, Peer::Host, service, slot, false).await;
                });
            }
        }
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

fn connection_builder(header_timeout: Duration) -> auto::Builder<shards::Executor> {
    let mut builder = auto::Builder::new(shards::Executor);
    // half_close: a client may end its sending side and still wait for the
    // answer (as `cloudflare:sockets` with allowHalfOpen does, and workerd answers it).
    builder.http1().timer(TokioTimer::new()).header_read_timeout(header_timeout).half_close(true);
    // HTTP/2 has no header timeout; pings at least find peers that are gone.
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(header_timeout).keep_alive_timeout(header_timeout);
    builder
}

/// The connection served to its end, on its shard's thread (shards.rs; requests
/// marked `OverTls` when it is TLS, and with their client's address); its slot
/// frees then.
fn serve_connection<S>(
    builder: &auto::Builder<shards::Executor>,
    watcher: Watcher,
    stream: S,
    peer: Peer,
    router: axum::Router,
    slot: OwnedSemaphorePermit,
    over_tls: bool,
) -> impl Future<Output = ()> + Send + 'static
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
        if over_tls {
            request.extensions_mut().insert(OverTls);
        }
        // Only the host process may say who the client is; a client's own claim goes.
        let claimed = request.headers_mut().remove(CLIENT_IP_HEADER);
        let client = match &peer {
            Peer::Client(ip) => {
                // One pass over the names the client sent: most requests have none of these.
                if request.headers().keys().any(|name| name.as_str().starts_with("cf-")) {
                    for name in LOCATION_HEADERS {
                        request.headers_mut().remove(name);
                    }
                }
                Some(*ip)
            }
            Peer::Proxy(ip, trusted) => Some(forwarded_client(request.headers(), *ip, trusted)),
            Peer::Host => claimed.and_then(|value| value.to_str().ok()?.parse().ok()),
        };
        if let Some(ip) = client {
            request.extensions_mut().insert(ClientAddress(ip));
        }
        router.clone().call(request)
    });
    let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
    async move {
        let _ = watcher.watch(connection).await;
        drop(slot);
    }
}

/// A refused or reset connection is that client's problem: accept the next.
/// Anything else (out of file descriptors, say) waits a moment so the loop
/// does not spin on it.
async fn wait_after_accept_error(error: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(error.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset) {
        return;
    }
    tracing::warn!(%error, "cannot accept a connection; retrying in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
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
