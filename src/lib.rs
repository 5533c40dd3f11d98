//! worky: a self-hosted runtime and toolchain for Cloudflare-Workers-style code.
//!
//! The flow: `cli` -> `project` (worky.toml, .dev.vars) -> `bundler` (rolldown)
//! -> `bundle::Bundle` -> `pool` of `runtime` isolates <- `server` (HTTP).
//! The binary is `src/main.rs`; the library exists so benchmarks can drive the
//! runtime directly.

pub mod bundle;
pub mod bundler;
pub mod cli;
pub mod dev;
pub mod init;
pub mod kv;
pub mod package;
pub mod pool;
pub mod project;
pub mod publish;
pub mod registry;
pub mod runtime;
pub mod scheduler;
pub mod serve;
pub mod server;
pub mod threads;
pub mod types;
pub mod ui;
