//! The Rate Limiting binding's op (runtime_js/24_rate_limits.js checks the
//! options, in miniflare's words): one call counted against the binding's
//! namespace, in memory (src/runtime/rate_limits.rs).

use std::sync::Arc;

use deno_core::{OpState, op2};
use deno_error::JsErrorBox;

use crate::bundle::RateLimitBinding;
use crate::runtime::queues::now_ms;
use crate::runtime::rate_limits::RateLimits;

/// The worker's rate limiters, the host's counters, and whose they are.
#[derive(Clone, Default)]
pub struct WorkerRateLimits {
    pub store: Option<Arc<RateLimits>>,
    /// The deployment (the worker's name): its namespaces are its own.
    pub owner: String,
    pub bindings: Vec<RateLimitBinding>,
}

/// `[name, limit, period]` of each binding.
pub(crate) fn rate_limit_bindings(state: &mut OpState) -> Vec<(String, f64, u32)> {
    let limits = state.borrow::<WorkerRateLimits>();
    limits.bindings.iter().map(|binding| (binding.name.clone(), binding.limit, binding.period)).collect()
}

/// Whether a call for `key` through `binding` is within `limit` calls a window of `period` seconds.
#[op2(fast)]
pub fn op_worky_rate_limit(
    state: &mut OpState,
    #[string] binding: &str,
    #[string] key: &str,
    limit: f64,
    period: u32,
) -> Result<bool, JsErrorBox> {
    let limits = state.borrow::<WorkerRateLimits>();
    let store = limits.store.as_ref().ok_or_else(|| JsErrorBox::generic("this host keeps no rate limits"))?;
    let found = limits.bindings.iter().find(|b| b.name == binding);
    let found = found.ok_or_else(|| JsErrorBox::generic(format!("no rate limit binding {binding}")))?;
    Ok(store.limit(&limits.owner, &found.namespace, key, limit, period, now_ms()))
}
