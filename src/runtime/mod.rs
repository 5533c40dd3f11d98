//! The worker runtime: runs a `Bundle` on isolates.
//!
//! One `Isolate` is a deno_core `JsRuntime` on its own OS thread (a `JsRuntime`
//! is `!Send`) with a current-thread tokio runtime. A `Pool` runs one version of
//! a worker on several isolates and is what a front talks to, through the
//! `Worker` trait and the plain-data types of `protocol`. JS pulls requests with
//! an async op (`runtime_js/`), so one isolate serves many requests concurrently
//! by async interleaving, as Workers does.
//!
//! The runtime owns its settings (`settings`), reports through `events`, and
//! knows nothing of config files, terminals or HTTP libraries.

pub mod analytics;
mod assets;
pub mod console;
pub mod d1;
pub mod egress;
mod engine;
pub mod events;
mod extensions;
pub mod host_memory;
mod inbox;
mod intl;
mod isolate;
mod loader;
pub mod loaders;
pub mod metrics;
pub mod objects;
mod ops;
mod pool;
pub mod protocol;
pub mod queues;
pub mod r2;
pub mod rate_limits;
pub mod services;
pub mod settings;
pub mod snapshot;
mod sqlite_files;
pub mod stubs;
pub mod threads;
pub mod tls;
mod watchdog;
pub mod websocket;
pub mod workflows;

pub use egress::Egress;
pub use engine::{VERSION, heap_page_bytes};
pub use isolate::{Isolate, IsolateConfig, StartError};
pub use pool::Pool;
pub use protocol::{
    BodyStream, EMAIL_HANDLER_PATH, ErrorKind, Handled, IsolateId, RequestBody, ResponseBody, Worker, WorkerError,
    WorkerRequest, WorkerResponse,
};
pub use settings::{Limits, PoolSettings, Setting, SettingsError};
