//! worky's ops: the Rust half of `runtime_js/`. `http` carries requests and
//! responses across; `kv` is the KV binding; `engine` replaces two of deno_core's
//! own ops that a worker's values could turn against the process; `lazy` defines
//! the globals whose JS loads on first use.

pub mod analytics;
pub mod assets;
pub mod bindings;
pub mod bodies;
pub mod cache;
pub mod d1;
pub mod email;
pub mod engine;
pub mod html_rewriter;
pub mod http;
pub mod images;
pub mod intl;
pub mod kv;
pub mod lazy;
pub mod loaders;
pub mod node;
pub mod node_keys;
pub mod objects;
pub mod queues;
pub mod r2;
pub mod rate_limits;
pub mod services;
pub mod sockets;
pub mod stubs;
pub mod websocket;
pub mod workflows;
