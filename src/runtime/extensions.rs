//! The extensions every isolate loads: the deno Web API crates plus worky's own
//! ops and JS glue (`runtime_js/`).

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use deno_core::{Extension, ExtensionFileSource};

use super::ops::{self, InFlight, Inbox, WorkerEnv};

// deno_fetch loads `ext:deno_net/02_tls.js` for client certificates; worky has no
// TLS client-cert API, so the module answers "no key pair".
deno_core::extension!(
    deno_net,
    lazy_loaded_js =
        ["ext:deno_net/02_tls.js" = { source = "(function () { return { loadTlsKeyPair() { return null; } }; })();" }],
);

// deno_fetch asks a PermissionsContainer before every outbound request: the
// hook for an egress policy. Workers may reach any host for now.
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
        ops::op_worky_write_body,
        ops::op_worky_end_body,
        ops::op_worky_respond_error,
        ops::op_worky_env,
        ops::op_worky_console_color,
    ],
    esm_entry_point = "ext:worky_runtime/bootstrap.js",
    esm = [ dir "runtime_js", "bootstrap.js" ],
    options = { inbox: Inbox, env: WorkerEnv },
    state = |state, options| {
        state.put(options.inbox);
        state.put(options.env);
        state.put(InFlight::default());
    },
);

const USER_AGENT: &str = concat!("worky/", env!("CARGO_PKG_VERSION"));

pub fn all(inbox: Inbox, env: WorkerEnv) -> Vec<Extension> {
    vec![
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
        deno_fetch::deno_fetch::init(deno_fetch::Options { user_agent: USER_AGENT.to_string(), ..Default::default() }),
        embedded(worky_runtime::init(inbox, env)),
    ]
}

/// deno_core reads extension JS from the source tree at run time unless it is in a
/// snapshot; worky's own glue is compiled into the binary instead, so an installed
/// `worky` does not depend on the checkout it was built from.
fn embedded(mut extension: Extension) -> Extension {
    static BOOTSTRAP: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(include_str!("../../runtime_js/bootstrap.js")));
    extension.esm_files =
        Cow::Owned(vec![ExtensionFileSource::new_computed("ext:worky_runtime/bootstrap.js", BOOTSTRAP.clone())]);
    extension
}
