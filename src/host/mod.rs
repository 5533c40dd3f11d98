//! Hosts run workers for someone: `dev` for a developer at a terminal (build,
//! watch, swap on save), `serve` for production (verified packages, routing,
//! version switches, an admin API). Both put the runtime's pools behind the
//! HTTP front; `cron` fires scheduled events for `serve`.

pub mod cron;
pub mod custom_build;
pub mod dev;
mod hotkeys;
pub mod metrics;
pub mod queues;
pub mod serve;
pub mod workflows;
