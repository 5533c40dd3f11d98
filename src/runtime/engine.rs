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

/// Sets up the engine for the process; runs before the first runtime (an
/// isolate's or the startup snapshot's) is made, and once.
///
/// deno_core sets the engine's flags when it makes the first runtime, and those
/// of a snapshot runtime (a fixed random seed) when that comes first, as the
/// background snapshot could; starting the platform here makes them always the
/// flags for serving.
///
/// QuickJS: `--no-harmony-temporal` (after deno_core's `--harmony-temporal`).
/// Workers has no `Temporal` (workerd removes V8's unless a worker opts in;
/// tests/workerd/platform_globals.js), and on QuickJS it is a polyfill of ~880
/// functions every heap would hold: a fifth of an idle isolate's memory. V8's
/// flags are fixed once it has started, so on V8 05_engine.js removes it instead.
/// And `--no-intl-polyfill` (the engine binding's own flag): worky brings its
/// own `Intl` (runtime_js/08_intl.js), so the binding's placeholder, ~110
/// functions parsed into every new isolate, would only be replaced.
pub fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        deno_core::JsRuntime::init_platform(None);
        #[cfg(feature = "quickjs")]
        deno_core::v8_set_flags(vec![String::new(), "--no-harmony-temporal".into(), "--no-intl-polyfill".into()]);
        #[cfg(feature = "quickjs")]
        v8::quickjs_set_read_checkpoint(Some(read_checkpoint));
    });
}

thread_local! {
    static READ_PAUSE: std::cell::RefCell<Option<Box<dyn FnMut()>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `work` (say, restoring a runtime from the startup snapshot) with `pause`
/// called every few hundred values the engine reads meanwhile (QuickJS; V8 reads
/// its snapshot without stopping). A restore is one engine call of some
/// milliseconds: this is where one made ahead of need can make way for others.
/// `pause` must not call into the engine.
pub fn with_read_pauses<R>(pause: impl FnMut() + 'static, work: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            READ_PAUSE.with(|slot| slot.borrow_mut().take());
        }
    }
    READ_PAUSE.with(|slot| *slot.borrow_mut() = Some(Box::new(pause)));
    let _reset = Reset;
    work()
}

#[cfg(feature = "quickjs")]
unsafe extern "C" fn read_checkpoint() {
    // A pause that panicked is gone (taken before the call, not put back), so
    // a panic never unwinds into the engine twice; this one is caught here.
    let Some(mut pause) = READ_PAUSE.with(|slot| slot.borrow_mut().take()) else { return };
    let paused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(&mut pause));
    if paused.is_ok() {
        READ_PAUSE.with(|slot| *slot.borrow_mut() = Some(pause));
    }
}

/// Isolate creation parameters with the heap capped at `memory_mb`.
pub fn create_params(memory_mb: u64) -> v8::CreateParams {
    let max_bytes = usize::try_from(memory_mb).unwrap_or(usize::MAX / (1 << 20)) << 20;
    v8::CreateParams::default().heap_limits(0, max_bytes)
}

/// Inside the near-heap-limit callback: the size of the allocation that did not
/// fit when that is what ran it (QuickJS), else 0 (V8 runs it as the heap fills,
/// and fails an oversized ArrayBuffer outside the heap).
pub fn pending_allocation() -> usize {
    #[cfg(feature = "quickjs")]
    return v8::quickjs_pending_allocation();
    #[cfg(not(feature = "quickjs"))]
    return 0;
}

/// Bytes of the pages that hold the engine's small heap blocks, process-wide,
/// where malloc does not count them: QuickJS maps each runtime's arenas itself
/// (vendor/README.md, 17). 0 on V8, whose heap is its own anyway.
pub fn heap_page_bytes() -> usize {
    #[cfg(feature = "quickjs")]
    return v8::quickjs_arena_page_bytes();
    #[cfg(not(feature = "quickjs"))]
    return 0;
}

/// What the near-heap-limit callback returns once it has stopped the isolate:
/// a little room, once, for the termination to unwind (V8 ends the process when
/// the limit is not raised), and never more after that. Raising it each time
/// (the callback runs again near every new limit) let one request grow to 17
/// times its limit before the termination landed.
pub fn heap_limit_after_stop(current: usize, first_stop: bool) -> usize {
    if first_stop { current + current / 8 } else { current }
}

/// Stops QuickJS's job loop between two jobs once the isolate on this thread has
/// been stopped.
///
/// Termination in QuickJS is an uncatchable error raised when the engine polls
/// its interrupt flag (once every 10,000 calls), and the binding's microtask
/// checkpoint runs jobs until one fails. QuickJS turns an error in a thenable job
/// into a rejection, uncatchable or not, so a chain of promise reactions whose
/// period divides 10,000 can take every interrupt in such a job and never fail:
/// the checkpoint never returned and the isolate's thread spun for ever. The
/// linker routes the binding's calls to `JS_ExecutePendingJob` through
/// `__wrap_JS_ExecutePendingJob` (`--wrap`, see build.rs), which reports "no job
/// left" once this thread's isolate is stopped; the queued jobs are dropped with
/// the runtime.
#[cfg(all(feature = "quickjs", target_os = "linux"))]
mod job_loop {
    use std::cell::RefCell;
    use std::ffi::{c_int, c_void};
    use std::sync::Arc;

    use crate::runtime::watchdog::Guard;

    thread_local! {
        static ISOLATE: RefCell<Option<Arc<Guard>>> = const { RefCell::new(None) };
    }

    pub fn bind(guard: Arc<Guard>) {
        ISOLATE.with(|isolate| *isolate.borrow_mut() = Some(guard));
    }

    fn stopped() -> bool {
        ISOLATE.with(|isolate| isolate.borrow().as_ref().is_some_and(|guard| guard.is_stopped()))
    }

    unsafe extern "C" {
        fn __real_JS_ExecutePendingJob(runtime: *mut c_void, context: *mut *mut c_void) -> c_int;
    }

    /// # Safety
    /// Called by the engine binding with its own runtime and out-pointer.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn __wrap_JS_ExecutePendingJob(runtime: *mut c_void, context: *mut *mut c_void) -> c_int {
        if stopped() {
            // SAFETY: the binding passes a valid out-pointer, as QuickJS requires.
            unsafe { *context = std::ptr::null_mut() };
            return 0;
        }
        // SAFETY: the caller's arguments, passed on unchanged.
        unsafe { __real_JS_ExecutePendingJob(runtime, context) }
    }
}

/// Makes the engine's job loop stop once `guard`'s isolate (the one that runs on
/// this thread) is stopped. See `job_loop`; other engines need nothing.
pub fn stop_jobs_when_stopped(guard: std::sync::Arc<super::watchdog::Guard>) {
    #[cfg(all(feature = "quickjs", target_os = "linux"))]
    job_loop::bind(guard);
    #[cfg(not(all(feature = "quickjs", target_os = "linux")))]
    drop(guard);
}

/// deno_core's stack-trace formatter, but for an error made while the isolate is
/// being stopped (a memory or CPU limit): its call sites can no longer be read,
/// and deno_core would print "Failed to create JsStackFrame ... This is a bug in
/// deno" to stderr for it. Such an error keeps its message alone; the isolate is
/// discarded anyway.
pub fn prepare_stack_trace<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    error: v8::Local<'s, v8::Value>,
    callsites: v8::Local<'s, v8::Array>,
) -> v8::Local<'s, v8::Value> {
    if scope.is_execution_terminating() {
        return match error.to_string(scope) {
            Some(message) => message.into(),
            None => v8::undefined(scope).into(),
        };
    }
    deno_core::error::prepare_stack_trace_callback(scope, error, callsites)
}
