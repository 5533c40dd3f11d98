//! What `env` holds besides vars and secrets, in one op (04_serve.js `serve`,
//! once per isolate): each kind of binding's names and details, read from what
//! the isolate's state holds for it. One call instead of one an each kind: the
//! isolate start pays one crossing, and every isolate one op less per kind.

use deno_core::{OpState, op2};

use super::{
    analytics, assets, d1, email, http, kv, loaders, objects, queues, r2, rate_limits, services, sockets, workflows,
};

/// The worker's bindings, by kind.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bindings {
    /// KV namespaces, in config order (the first is also the global `KV`).
    kv: Vec<String>,
    d1: Vec<String>,
    r2: Vec<String>,
    services: Vec<String>,
    /// Dispatch namespaces.
    dispatch: Vec<String>,
    /// The static assets' binding, if any.
    assets: Option<String>,
    /// `[name, class name, sqlite, script name or null]` each.
    objects: Vec<(String, String, bool, Option<String>)>,
    queues: Vec<String>,
    /// `[name, connection string or null]` each.
    hyperdrive: Vec<(String, Option<String>)>,
    /// `[name, secret name, value or null]` each.
    secrets_store: Vec<(String, String, Option<String>)>,
    /// Analytics Engine datasets.
    analytics: Vec<String>,
    /// Workflows.
    workflows: Vec<String>,
    /// `[name, limit, period]` of each rate limiter.
    rate_limits: Vec<(String, f64, u32)>,
    /// `[name, destination, allowed destinations, allowed senders]` of each email sender.
    send_email: Vec<email::SenderInfo>,
    /// `[name, id, tag, timestamp]`.
    version_metadata: Option<(String, String, String, String)>,
    /// The Images binding's name.
    images: Option<String>,
    /// Worker Loaders.
    worker_loaders: Vec<String>,
    /// Whether the worker is a Dynamic Worker (its env comes from `op_worky_dynamic_env`).
    dynamic: bool,
    /// `[name, kind]` of each binding worky lacks.
    unsupported: Vec<(String, String)>,
}

/// The worker's Secrets Store bindings: name, secret name, and the value the
/// host has for it (`None`: none; `get()` throws Cloudflare's "not found").
#[derive(Clone, Default)]
pub struct WorkerSecretsStore(pub Vec<(String, String, Option<String>)>);

#[op2]
#[serde]
pub fn op_worky_bindings(state: &mut OpState) -> Bindings {
    Bindings {
        kv: kv::kv_namespaces(state),
        d1: d1::d1_bindings(state),
        r2: r2::r2_bindings(state),
        services: services::service_bindings(state),
        dispatch: services::dispatch_bindings(state),
        assets: assets::assets_binding(state),
        objects: objects::object_bindings(state),
        queues: queues::queue_bindings(state),
        hyperdrive: sockets::hyperdrive_bindings(state),
        secrets_store: state.borrow::<WorkerSecretsStore>().0.clone(),
        analytics: analytics::analytics_bindings(state),
        workflows: workflows::workflow_bindings(state),
        rate_limits: rate_limits::rate_limit_bindings(state),
        send_email: email::email_bindings(state),
        version_metadata: http::version_metadata(state),
        images: http::images_binding(state),
        worker_loaders: loaders::loader_bindings(state),
        dynamic: loaders::is_dynamic(state),
        unsupported: objects::unsupported_bindings(state),
    }
}
