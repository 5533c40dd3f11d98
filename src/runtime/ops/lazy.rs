//! worky's JS that is evaluated on a worker's first use of it rather than
//! restored into every isolate's heap: the globals of runtime_js/04_serve.js
//! `installLazy`, and nodejs_compat's `node:` modules (runtime_js/09_node.js).
//! Until first read each of those globals is a data property whose value is made
//! then (V8's lazy data property; the engine binding makes it a QuickJS autoinit
//! property), so a worker sees it as any other global, descriptor included.

use deno_core::{op2, v8};

/// Defines `key` (a string or a symbol) on `target`, with the value `load()`
/// returns the first time it is read, with the attributes given.
#[op2(fast)]
pub fn op_worky_define_lazy<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    target: v8::Local<'s, v8::Object>,
    key: v8::Local<'s, v8::Value>,
    load: v8::Local<'s, v8::Function>,
    enumerable: bool,
    writable: bool,
    configurable: bool,
) -> bool {
    let Ok(key) = v8::Local::<v8::Name>::try_from(key) else { return false };
    let mut attributes = v8::PropertyAttribute::NONE;
    if !enumerable {
        attributes = attributes | v8::PropertyAttribute::DONT_ENUM;
    }
    if !writable {
        attributes = attributes | v8::PropertyAttribute::READ_ONLY;
    }
    if !configurable {
        attributes = attributes | v8::PropertyAttribute::DONT_DELETE;
    }
    target
        .set_lazy_data_property_with_data(
            scope,
            key,
            loaded_value,
            load.into(),
            attributes,
            v8::SideEffectType::HasSideEffect,
            v8::SideEffectType::HasSideEffect,
        )
        .unwrap_or(false)
}

/// The lazy property's value: what its `load` returns (an exception propagates).
fn loaded_value<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    _name: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut value: v8::ReturnValue<v8::Value>,
) {
    let Ok(load) = v8::Local::<v8::Function>::try_from(args.data()) else { return };
    let receiver = v8::undefined(scope).into();
    if let Some(loaded) = load.call(scope, receiver, &[]) {
        value.set(loaded);
    }
}

/// The source of `specifier` (`ext:worky_runtime/...` or `ext:worky_node/...`, in
/// the binary), or null if there is none: the JS that is not in the snapshot, which
/// 04_serve.js (lazy globals) and 09_node.js (`node:` modules) evaluate on first use
/// (worky's own compacted, extensions.rs `lazy_module_source`).
#[op2]
#[string]
pub fn op_worky_embedded_source(#[string] specifier: &str) -> Option<String> {
    crate::runtime::extensions::lazy_module_source(specifier).map(|source| source.to_string())
}
