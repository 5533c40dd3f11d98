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

use std::collections::BTreeMap;

use crate::bundle::SecretsStoreBinding;

/// Each Secrets Store binding's value, `(binding, secret name, value)`: the
/// host's secret of its `secret_name` (`.dev.vars` in dev, the deployment's in
/// serve), taken out of `secrets` so it is not also a string in `env`.
pub fn secrets_store_values(
    bindings: &[SecretsStoreBinding],
    secrets: &mut BTreeMap<String, String>,
) -> Vec<(String, String, Option<String>)> {
    let values: Vec<_> = bindings
        .iter()
        .map(|binding| (binding.name.clone(), binding.secret_name.clone(), secrets.get(&binding.secret_name).cloned()))
        .collect();
    for binding in bindings {
        secrets.remove(&binding.secret_name);
    }
    values
}
