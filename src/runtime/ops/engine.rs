//! Two of deno_core's own ops, replaced (extensions.rs swaps them in by name)
//! because of what they do with a value a worker threw:
//!
//! - `op_destructure_error` builds deno_core's `JsError` from the value, which
//!   asks the engine binding for the value's string; when that conversion throws
//!   (a `toString` that throws, an object without a prototype, a proxy whose traps
//!   throw) the binding unwraps nothing and the whole process aborts. The
//!   replacement builds it from a plain copy made here, where a conversion that
//!   throws only costs the message.
//! - `op_dispatch_exception` ends the isolate's execution, as Deno ends its
//!   program on an uncaught error. A worker's uncaught error is logged and the
//!   isolate serves on, as on Workers: the replacement hands the value to the
//!   reporter runtime_js installed (`op_worky_set_uncaught_reporter`).

use std::cell::RefCell;

use deno_core::error::JsError;
use deno_core::{op2, v8};

/// How deep `cause`s are copied (deno_core stops at a few levels too).
const MAX_CAUSES: usize = 8;

thread_local! {
    /// The isolate's reporter of uncaught values (one runtime per thread).
    static REPORTER: RefCell<Option<v8::Global<v8::Function>>> = const { RefCell::new(None) };
}

/// Installs the function that logs uncaught values (runtime_js/00_globals.js).
#[op2(fast)]
pub fn op_worky_set_uncaught_reporter<'s>(scope: &mut v8::PinScope<'s, '_>, reporter: v8::Local<'s, v8::Function>) {
    let reporter = v8::Global::new(scope, reporter);
    REPORTER.with(|slot| *slot.borrow_mut() = Some(reporter));
}

/// Replaces deno_core's `op_destructure_error`: the same `JsError`, made from a
/// copy of `error` that the engine can always turn into text.
#[op2(reentrant)]
pub fn op_worky_destructure_error<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    error: v8::Local<'s, v8::Value>,
) -> JsError {
    let plain = plain_error(scope, error, 0);
    *JsError::from_v8_exception(scope, plain)
}

/// Replaces deno_core's `op_dispatch_exception`: reports the value instead of
/// terminating the isolate.
#[op2(fast, reentrant)]
pub fn op_worky_dispatch_exception<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    exception: v8::Local<'s, v8::Value>,
    _promise: bool,
) {
    let Some(reporter) = REPORTER.with(|slot| slot.borrow().clone()) else { return };
    v8::tc_scope!(let scope, scope);
    let reporter = v8::Local::new(scope, reporter);
    let undefined = v8::undefined(scope).into();
    // The reporter never throws; if it somehow did, the error stays here.
    let _ = reporter.call(scope, undefined, &[exception]);
}

/// An Error with plain data copied from `value`: its text (or what can be said
/// of it), and for an Error its name, stack string and causes.
fn plain_error<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    value: v8::Local<'s, v8::Value>,
    depth: usize,
) -> v8::Local<'s, v8::Value> {
    v8::tc_scope!(let scope, scope);
    let is_error = value.is_native_error();
    let object = value.to_object(scope).filter(|_| is_error);
    let text = |scope: &mut v8::PinScope<'s, '_>, value: Option<v8::Local<'s, v8::Value>>| -> Option<String> {
        let string = value?.to_string(scope)?;
        Some(string.to_rust_string_lossy(scope))
    };
    let (name, message, stack, cause) = match object {
        Some(object) => {
            let get = |scope: &mut v8::PinScope<'s, '_>, key: &str| {
                let key = v8::String::new(scope, key)?;
                object.get(scope, key.into())
            };
            let name = get(scope, "name");
            let message = get(scope, "message");
            let stack = get(scope, "stack").filter(|stack| stack.is_string());
            let cause = get(scope, "cause").filter(|cause| !cause.is_undefined());
            (text(scope, name), text(scope, message), text(scope, stack), cause)
        }
        None => {
            let message = match text(scope, Some(value)) {
                Some(message) => format!("Uncaught {message}"),
                None => {
                    let kind = value.type_of(scope).to_rust_string_lossy(scope);
                    format!("Uncaught {kind} (it cannot be turned into a message)")
                }
            };
            (None, Some(message), None, None)
        }
    };
    scope.reset();
    let message = v8::String::new(scope, message.as_deref().unwrap_or("")).unwrap_or_else(|| v8::String::empty(scope));
    let copy = v8::Exception::error(scope, message);
    if let Some(copy) = copy.to_object(scope) {
        let set = |scope: &mut v8::PinScope<'s, '_>, key: &str, value: v8::Local<'s, v8::Value>| {
            if let Some(key) = v8::String::new(scope, key) {
                copy.set(scope, key.into(), value);
            }
        };
        for (key, value) in [("name", name), ("stack", stack)] {
            if let Some(value) = value.and_then(|value| v8::String::new(scope, &value)) {
                set(scope, key, value.into());
            }
        }
        if let Some(cause) = cause.filter(|_| depth < MAX_CAUSES) {
            let cause = plain_error(scope, cause, depth + 1);
            set(scope, "cause", cause);
        }
    }
    scope.reset();
    copy
}
