//! The extensions every isolate loads: the deno Web API crates plus worky's own
//! ops and JS glue (`runtime_js/`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use deno_core::{Extension, ExtensionFileSource, OpDecl};

use super::console::Console;
use super::inbox::{Inbox, Load};
use super::objects::storage::ObjectStorage;
use super::ops::analytics::{self, WorkerAnalytics};
use super::ops::assets::{self, WorkerAssets};
use super::ops::bindings;
use super::ops::bodies;
use super::ops::cache::{self, WorkerCache};
use super::ops::d1::{self, WorkerD1};
use super::ops::engine;
use super::ops::html_rewriter::{self, HtmlRewriters};
use super::ops::http::{self as ops, InFlight, WorkerEnv};
use super::ops::intl;
use super::ops::kv::{self as kv_ops, KvBindings};
use super::ops::lazy;
use super::ops::loaders;
use super::ops::objects::{self, ObjectBindings};
use super::ops::queues::{self, WorkerQueues};
use super::ops::r2::{self, WorkerR2};
use super::ops::rate_limits::{self, WorkerRateLimits};
use super::ops::services::{self, WorkerServices};
use super::ops::sockets::{self, Sockets, WorkerHyperdrive};
use super::ops::websocket::{self, WebSockets};
use super::ops::workflows::{self, WorkerWorkflows};
use super::ops::{node, node_keys, stubs};

// deno_fetch loads `ext:deno_net/02_tls.js` for client certificates; worky has no
// TLS client-cert API, so the module answers "no key pair".
deno_core::extension!(
    deno_net,
    lazy_loaded_js =
        ["ext:deno_net/02_tls.js" = { source = "(function () { return { loadTlsKeyPair() { return null; } }; })();" }],
);

// deno_fetch asks a PermissionsContainer before every outbound request. A warm
// isolate has this placeholder; the isolate puts its worker's egress policy in
// its place before the worker's code runs (runtime/egress.rs).
deno_core::extension!(
    worky_permissions,
    state = |state| {
        state.put(deno_permissions::PermissionsContainer::allow_all(Arc::new(
            deno_permissions::RuntimePermissionDescriptorParser::new(sys_traits::impls::RealSys),
        )));
    },
);

deno_core::extension!(
    worky_runtime,
    deps = [deno_webidl, deno_web, deno_crypto, deno_fetch],
    ops = [
        ops::op_worky_next_request,
        ops::op_worky_read_body,
        ops::op_worky_respond,
        ops::op_worky_respond_text,
        ops::op_worky_write_body,
        ops::op_worky_end_body,
        ops::op_worky_respond_error,
        ops::op_worky_env,
        ops::op_worky_host_cf,
        ops::op_worky_compatibility_flags,
        analytics::op_worky_analytics_write,
        workflows::op_worky_workflow,
        workflows::op_worky_workflow_write,
        rate_limits::op_worky_rate_limit,
        bindings::op_worky_bindings,
        ops::op_worky_console_color,
        ops::op_worky_console_write,
        ops::op_worky_subrequest_limit,
        ops::op_worky_subrequest_done,
        ops::op_worky_span_done,
        ops::op_worky_spans_wanted,
        kv_ops::op_worky_kv_get,
        kv_ops::op_worky_kv_get_many,
        kv_ops::op_worky_kv_put,
        kv_ops::op_worky_kv_delete,
        kv_ops::op_worky_kv_list,
        engine::op_worky_set_uncaught_reporter,
        lazy::op_worky_define_lazy,
        lazy::op_worky_embedded_source,
        objects::op_worky_object_idle_ms,
        objects::op_worky_object_activity,
        objects::op_worky_object_id_from_name,
        objects::op_worky_object_unique_id,
        objects::op_worky_object_check_id,
        objects::op_worky_object_call,
        objects::op_worky_storage_get,
        objects::op_worky_storage_put,
        objects::op_worky_storage_delete,
        objects::op_worky_storage_delete_all,
        objects::op_worky_storage_execute,
        objects::op_worky_storage_list,
        objects::op_worky_storage_close,
        objects::op_worky_storage_commit,
        objects::op_worky_sql_exec,
        objects::op_worky_sql_size,
        objects::op_worky_alarm_get,
        objects::op_worky_alarm_set,
        objects::op_worky_alarm_delete,
        ops::op_worky_respond_websocket,
        websocket::op_worky_ws_pair,
        websocket::op_worky_ws_send_text,
        websocket::op_worky_ws_send_bytes,
        websocket::op_worky_ws_close,
        websocket::op_worky_ws_next,
        websocket::op_worky_ws_release,
        websocket::op_worky_ws_connect,
        intl::op_worky_intl_canonical,
        intl::op_worky_intl_available,
        intl::op_worky_intl_number,
        intl::op_worky_intl_number_text,
        intl::op_worky_intl_currency_digits,
        intl::op_worky_intl_plural,
        intl::op_worky_intl_plural_categories,
        intl::op_worky_intl_range_symbols,
        intl::op_worky_intl_plural_range,
        intl::op_worky_intl_collate,
        intl::op_worky_intl_segment,
        intl::op_worky_intl_list,
        intl::op_worky_intl_time_zone,
        intl::op_worky_intl_datetime,
        intl::op_worky_intl_datetime_text,
        intl::op_worky_intl_datetime_pattern,
        intl::op_worky_intl_datetime_range,
        intl::op_worky_intl_datetime_locale,
        intl::op_worky_intl_numbering_system,
        intl::op_worky_intl_relative,
        intl::op_worky_intl_display_name,
        intl::op_worky_intl_change_case,
        intl::op_worky_intl_likely_subtags,
        intl::op_worky_intl_supported_values,
        intl::op_worky_intl_unit_check,
        node::op_worky_node_hash,
        node::op_worky_node_hash_known,
        node::op_worky_node_hmac,
        node::op_worky_node_pbkdf2,
        node::op_worky_node_hkdf,
        node::op_worky_node_scrypt,
        node::op_worky_node_aes,
        node::op_worky_node_zlib,
        node_keys::op_worky_node_key_import,
        node_keys::op_worky_node_key_pkcs1,
        node_keys::op_worky_node_sign,
        node_keys::op_worky_node_verify,
        node_keys::op_worky_node_generate_key_pair,
        node_keys::op_worky_node_ecdh_public,
        node_keys::op_worky_node_ecdh_generate,
        node_keys::op_worky_node_ecdh_secret,
        node_keys::op_worky_node_ecdh_convert,
        html_rewriter::op_worky_html_selector,
        html_rewriter::op_worky_html_start,
        html_rewriter::op_worky_html_write,
        html_rewriter::op_worky_html_end,
        html_rewriter::op_worky_html_call,
        html_rewriter::op_worky_html_done,
        html_rewriter::op_worky_html_output,
        html_rewriter::op_worky_html_close,
        assets::op_worky_assets_fetch,
        queues::op_worky_queue_send,
        queues::op_worky_queue_metrics,
        r2::op_worky_r2_put,
        r2::op_worky_r2_get,
        r2::op_worky_r2_head,
        r2::op_worky_r2_delete,
        r2::op_worky_r2_list,
        r2::op_worky_r2_create_upload,
        r2::op_worky_r2_upload_part,
        r2::op_worky_r2_complete_upload,
        r2::op_worky_r2_abort_upload,
        services::op_worky_service_call,
        bodies::op_worky_read_answer,
        bodies::op_worky_drop_answer,
        bodies::op_worky_pass_answer,
        bodies::op_worky_call_body_open,
        bodies::op_worky_call_body_write,
        bodies::op_worky_call_body_end,
        loaders::op_worky_loader_has,
        loaders::op_worky_loader_load,
        loaders::op_worky_dynamic_env,
        stubs::op_worky_stub_call,
        super::ops::email::op_worky_email_send,
        super::ops::images::op_worky_images_info,
        super::ops::images::op_worky_images_transform,
        stubs::op_worky_stub_release,
        stubs::op_worky_stub_import,
        stubs::op_worky_respond_rpc,
        d1::op_worky_d1_batch,
        d1::op_worky_d1_exec,
        cache::op_worky_cache_put,
        cache::op_worky_cache_match,
        cache::op_worky_cache_delete,
        sockets::op_worky_socket_connect,
        sockets::op_worky_socket_read,
        sockets::op_worky_socket_write,
        sockets::op_worky_socket_shutdown,
        sockets::op_worky_socket_close,
        sockets::op_worky_socket_start_tls,
    ],
    esm_entry_point = "ext:worky_runtime/04_serve.js",
    // The entry point first: deno_core links each listed module as it loads it,
    // and the QuickJS binding re-resolves the imports of a module linked before,
    // so the whole graph must link in one piece, from its root.
    esm = [ dir "runtime_js", "04_serve.js", "00_globals.js", "01_kv.js", "02_handlers.js", "03_http.js", "05_engine.js", "08_intl.js", "09_node.js", "10_streams.js", "16_crypto.js" ],
    options = { inbox: Inbox, env: WorkerEnv, load: Arc<Load>, kv: Option<KvBindings> },
    middleware = replace_core_ops,
    state = |state, options| {
        state.put(options.inbox);
        state.put(options.env);
        state.put(InFlight::new(options.load, 0));
        // Replaced by the worker's own when the isolate is claimed.
        state.put(Console::new("worker".into()));
        state.put(ObjectBindings {
            worker: String::new(),
            bindings: Vec::new(),
            link: Default::default(),
            directory: None,
            unsupported: Vec::new(),
        });
        state.put(ObjectStorage::new(None, Default::default()));
        state.put(WebSockets::default());
        state.put(bodies::AnswerBodies::default());
        state.put(bodies::CallBodies::default());
        state.put(HtmlRewriters::default());
        state.put(WorkerCache::default());
        state.put(WorkerAssets::default());
        state.put(WorkerD1::default());
        state.put(WorkerServices::default());
        state.put(WorkerR2::default());
        state.put(WorkerQueues::default());
        state.put(WorkerAnalytics::default());
        state.put(WorkerWorkflows::default());
        state.put(WorkerRateLimits::default());
        state.put(super::ops::email::WorkerEmail::default());
        state.put(bindings::WorkerSecretsStore::default());
        state.put(WorkerHyperdrive::default());
        state.put(Sockets::default());
        state.put(ops::WorkerName(String::new()));
        state.put(objects::LiveObjects::default());
        if let Some(kv) = options.kv {
            state.put(kv);
        }
    },
);

/// deno_core's ops that worky replaces (see ops/engine.rs for why).
fn replace_core_ops(op: OpDecl) -> OpDecl {
    match op.name {
        "op_destructure_error" => op.with_implementation_from(&engine::op_worky_destructure_error()),
        "op_dispatch_exception" => op.with_implementation_from(&engine::op_worky_dispatch_exception()),
        _ => op,
    }
}

const USER_AGENT: &str = concat!("worky/", env!("CARGO_PKG_VERSION"));

pub fn all(inbox: Inbox, env: WorkerEnv, load: Arc<Load>, kv: Option<KvBindings>) -> Vec<Extension> {
    with_sources(inbox, env, load, kv, &EMBEDDED)
}

/// The same set for making the startup snapshot, with compacted JS: QuickJS keeps
/// every function's source text in the heap (for `Function.prototype.toString`),
/// and a snapshot restores it into every isolate, so the comments and indentation
/// of the extension crates would cost each isolate ~0.35 MB.
pub fn all_for_snapshot(inbox: Inbox, env: WorkerEnv, load: Arc<Load>) -> Vec<Extension> {
    static COMPACT: LazyLock<Sources> = LazyLock::new(|| {
        EMBEDDED_JS.iter().map(|(specifier, source)| (*specifier, Arc::from(compact(specifier, source)))).collect()
    });
    with_sources(inbox, env, load, None, &COMPACT)
}

fn with_sources(
    inbox: Inbox,
    env: WorkerEnv,
    load: Arc<Load>,
    kv: Option<KvBindings>,
    sources: &Sources,
) -> Vec<Extension> {
    [
        worky_permissions::init(),
        deno_webidl::deno_webidl::init(),
        deno_web::deno_web::init(
            Arc::new(deno_web::BlobStore::default()) as Arc<dyn deno_web::BlobStoreTrait>,
            None,
            Default::default(),
            Default::default(),
        ),
        deno_crypto::deno_crypto::init(None),
        deno_net::init(),
        deno_fetch::deno_fetch::init(deno_fetch::Options {
            user_agent: USER_AGENT.to_string(),
            root_cert_store_provider: Some(Arc::new(super::tls::FetchRoots)),
            ..Default::default()
        }),
        worky_runtime::init(inbox, env, load, kv),
    ]
    .into_iter()
    .map(|extension| embedded(extension, sources))
    .collect()
}

/// Extension JS by specifier.
type Sources = HashMap<&'static str, Arc<str>>;

static EMBEDDED: LazyLock<Sources> =
    LazyLock::new(|| EMBEDDED_JS.iter().map(|(specifier, source)| (*specifier, Arc::from(*source))).collect());

/// `source` printed without comments and whitespace. The extension scripts are
/// IIFEs and worky's own files are modules; anything that does not parse as
/// either is kept as it is (and fails loudly when loaded, as it would anyway).
fn compact(specifier: &str, source: &str) -> String {
    use oxc::allocator::Allocator;
    use oxc::codegen::{Codegen, CodegenOptions};
    use oxc::parser::Parser;
    use oxc::span::SourceType;
    let allocator = Allocator::default();
    let source_type =
        if specifier.starts_with("ext:worky_runtime/") { SourceType::mjs() } else { SourceType::script() };
    let parsed = Parser::new(&allocator, source, source_type).parse();
    if parsed.panicked || parsed.diagnostics.has_errors() {
        return source.to_string();
    }
    ascii_escaped(&Codegen::new().with_options(CodegenOptions::minify()).build(&parsed.program).code)
}

/// The printer writes escapes such as `"\u00ff"` as the characters themselves,
/// but deno_core hands extension code to the engine as one-byte strings, so it
/// must stay ASCII. `\uXXXX` (a surrogate pair beyond the BMP) means the same in
/// strings, templates and regular expressions, the only places deno's code has them.
fn ascii_escaped(code: &str) -> String {
    if code.is_ascii() {
        return code.to_string();
    }
    let mut escaped = String::with_capacity(code.len() + 64);
    for c in code.chars() {
        if c.is_ascii() {
            escaped.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    escaped
}

// `EMBEDDED_JS`: (specifier, source) for every extension JS file, sorted by
// specifier, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/embedded_js.rs"));

/// The JS compiled into the binary for `specifier`, as written.
pub(crate) fn embedded_source(specifier: &str) -> Option<Arc<str>> {
    EMBEDDED.get(specifier).cloned()
}

/// The source of a module of worky's that an isolate evaluates on first use
/// (04_serve.js `lazyModule`), compacted as the snapshot's copies are: QuickJS
/// keeps a function's source text for `Function.prototype.toString`, so every
/// isolate that used one held its comments and indentation (14_object_isolate.js:
/// 22 KB as written). Compacted once per process. Anything else is as written.
pub(crate) fn lazy_module_source(specifier: &str) -> Option<Arc<str>> {
    static COMPACTED: LazyLock<std::sync::Mutex<HashMap<&'static str, Arc<str>>>> = LazyLock::new(Default::default);
    if !specifier.starts_with("ext:worky_runtime/") {
        return embedded_source(specifier);
    }
    let (&specifier, source) = EMBEDDED.get_key_value(specifier)?;
    let mut compacted = COMPACTED.lock().expect("compacted sources lock");
    Some(compacted.entry(specifier).or_insert_with(|| Arc::from(compact(specifier, source))).clone())
}

/// Options for the worky extension where no requests will ever arrive (snapshots, tests).
pub fn placeholder_options() -> (Inbox, WorkerEnv, Arc<Load>) {
    let (_sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    let load = Arc::new(Load::new(Default::default()));
    (Inbox::new(receiver), WorkerEnv(serde_json::Value::Null), load)
}

/// deno_core reads extension JS from the cargo registry at run time unless a
/// snapshot holds it. Swap in the copies compiled into the binary, so an
/// installed `worky` needs neither the cargo cache nor its source checkout.
fn embedded(mut extension: Extension, sources: &Sources) -> Extension {
    let swap = |files: &[ExtensionFileSource]| -> Cow<'static, [ExtensionFileSource]> {
        files
            .iter()
            .map(|file| match sources.get(file.specifier) {
                Some(source) => ExtensionFileSource::new_computed(file.specifier, source.clone()),
                None => file.clone(),
            })
            .collect()
    };
    extension.js_files = swap(&extension.js_files);
    extension.esm_files = swap(&extension.esm_files);
    extension.lazy_loaded_js_files = swap(&extension.lazy_loaded_js_files);
    extension.lazy_loaded_esm_files = swap(&extension.lazy_loaded_esm_files);
    extension
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing is left to be read from the cargo registry at run time.
    #[test]
    fn every_extension_script_is_compiled_into_the_binary() {
        let (inbox, env, load) = placeholder_options();
        for extension in all(inbox, env, load, None) {
            let files = extension.js_files.iter().chain(extension.esm_files.iter());
            let files =
                files.chain(extension.lazy_loaded_js_files.iter()).chain(extension.lazy_loaded_esm_files.iter());
            for file in files {
                assert!(file.is_runtime_loadable(), "{} would be read from disk", file.specifier);
                let embedded = matches!(file.code, deno_core::ExtensionFileSourceCode::Computed(_));
                let inline = file.specifier.starts_with("ext:deno_net/");
                assert!(embedded || inline, "{} is not embedded", file.specifier);
            }
        }
    }

    /// The snapshot's copies are compacted, every one: a script that fell back to
    /// its original text would mean the parser and the runtime disagree on it.
    #[test]
    fn every_extension_script_compacts_for_the_snapshot() {
        for (specifier, source) in EMBEDDED_JS {
            let compacted = compact(specifier, source);
            assert!(compacted.len() < source.len(), "{specifier} did not compact");
            assert!(compacted.is_ascii(), "{specifier} is no longer ASCII");
        }
        let (inbox, env, load) = placeholder_options();
        let streams = all_for_snapshot(inbox, env, load)
            .into_iter()
            .flat_map(|extension| extension.lazy_loaded_js_files.into_owned())
            .find(|file| file.specifier == "ext:deno_web/06_streams.js")
            .expect("deno_web's streams are loaded");
        let deno_core::ExtensionFileSourceCode::Computed(code) = &streams.code else { panic!("not embedded") };
        assert!(!code.contains("\n  "), "the snapshot's copy is still indented");
    }

    #[test]
    fn embedded_sources_are_found_by_specifier() {
        let path = embedded_source("ext:worky_node/path.js").expect("node:path is compiled in");
        assert!(path.contains("function (require, module, exports)"), "{}", &path[..80]);
        assert!(embedded_source("ext:worky_runtime/04_serve.js").is_some());
        assert_eq!(embedded_source("ext:worky_node/no_such_module.js"), None);
    }

    #[test]
    fn lazily_evaluated_modules_are_compacted() {
        let objects =
            lazy_module_source("ext:worky_runtime/14_object_isolate.js").expect("14_object_isolate.js is compiled in");
        let written = embedded_source("ext:worky_runtime/14_object_isolate.js").unwrap();
        assert!(objects.len() < written.len() * 3 / 4, "{} of {} bytes", objects.len(), written.len());
        assert!(objects.trim_start().starts_with("(function(core,primordials,runtime)"), "{}", &objects[..60]);
        let path = lazy_module_source("ext:worky_node/path.js").unwrap();
        assert_eq!(path, embedded_source("ext:worky_node/path.js").unwrap(), "node: modules stay as built");
    }

    #[test]
    fn non_ascii_characters_become_escapes() {
        assert_eq!(ascii_escaped("a\u{ff}b\u{1F600}"), "a\\u00ffb\\ud83d\\ude00");
        assert_eq!(ascii_escaped("plain"), "plain");
    }
}
