//! worky: a self-hosted runtime and toolchain for Cloudflare-Workers-style code.
//!
//! The layers, each folder one of them, and every import points down this list
//! (`tests/layers.rs` checks it):
//!
//! ```text
//! cli       one file per command; anyhow lives here
//! host      dev (watch + swap) and serve (deployments, routing, admin API), cron
//! deploy    signed packages, the registry server and its one client
//! config    worky.toml + .dev.vars, serve.toml: parsed, validated, located
//! http      the axum front: requests in, worker answers out, error pages
//! runtime   isolates, the pool, limits, snapshots: runs a Bundle
//! bundle    rolldown -> Bundle {code, map, manifest}
//! kv        the Workers KV rules over a store trait, and SQLite
//! cache     the Cache API's storage: HTTP caching rules, SQLite, a size bound
//! ```
//!
//! `ui` is the terminal printer for people (cli and host use it); logs go
//! through `tracing`. The binary is `src/main.rs`; the library exists so tests
//! and benchmarks can drive the runtime directly.

pub mod assets;
pub mod bundle;
pub mod cache;
pub mod cli;
pub mod config;
pub mod deploy;
pub mod host;
pub mod http;
pub mod kv;
pub mod runtime;
pub mod ui;
