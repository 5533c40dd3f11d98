//! The only engine-specific code: which JS engine sits under deno_core's `v8::`
//! API (QuickJS-ng by default, V8 with `--features v8`) and how its heap is capped.

use deno_core::v8;

#[cfg(feature = "v8")]
pub const ENGINE: &str = "v8";
#[cfg(not(feature = "v8"))]
pub const ENGINE: &str = "quickjs-ng";

/// `worky --version`: the version and the engine this binary was built with.
#[cfg(feature = "v8")]
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (engine: v8)");
#[cfg(not(feature = "v8"))]
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (engine: quickjs-ng)");

/// Isolate creation parameters with the heap capped at `memory_mb`.
pub fn create_params(memory_mb: u64) -> v8::CreateParams {
    let max_bytes = usize::try_from(memory_mb).unwrap_or(usize::MAX / (1 << 20)) << 20;
    v8::CreateParams::default().heap_limits(0, max_bytes)
}

/// What the near-heap-limit callback returns once it has stopped the isolate:
/// a little room, once, for the termination to unwind (V8 ends the process when
/// the limit is not raised), and never more after that. Raising it each time
/// (the callback runs again near every new limit) let one request grow to 17
/// times its limit before the termination landed.
pub fn heap_limit_after_stop(current: usize, first_stop: bool) -> usize {
    if first_stop { current + current / 8 } else { current }
}
