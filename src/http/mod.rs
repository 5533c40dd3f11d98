//! The HTTP front and the HTTP helpers every server of worky shares.
//!
//! - `front`: axum receives a request, a `Router` (the host's) picks a worker,
//!   the worker answers through `runtime::Worker`; one `RequestLog` call per
//!   request tells the host what happened.
//! - `body`: request bodies into byte streams (with the size limit), worker
//!   response bodies out.
//! - `error_page`: what a client sees when there is no worker response (dev:
//!   everything, production: the status).
//! - `listen` and `api`: binding, graceful shutdown, bearer tokens, JSON errors
//!   (also used by the registry and the admin API).
//! - `shards`: the threads connections are served on, one runtime per core.
//! - `tls`: HTTPS for `worky dev --local-protocol https` (rcgen + rustls).

pub mod api;
pub mod body;
pub mod encoding;
pub mod error_page;
pub mod front;
pub mod listen;
mod shards;
pub mod tls;
pub mod trace;
pub mod websocket;

pub use front::{Completed, Failure, Mode, Problem, RequestLog, Route, Router, worker_service};
