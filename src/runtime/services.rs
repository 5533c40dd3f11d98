//! Service bindings: `env.AUTH.fetch(request)` hands the request to another
//! worker of the same host (serve: the deployment named `service`; dev: the
//! worker itself), as Workers' service bindings do, without a network hop.
//! The host says which workers there are; the runtime only asks.

use std::sync::Arc;

use super::events::{self, Event};
use super::protocol::{ErrorKind, Handled, Worker};

/// The workers a service binding can reach, by name.
pub trait ServiceDirectory: Send + Sync {
    /// The worker running as `service` now, if there is one here.
    fn worker(&self, service: &str) -> Option<Arc<dyn Worker>>;
    /// What to tell a worker whose service is not here.
    fn missing(&self, service: &str) -> String {
        format!("no worker named \"{service}\" runs on this host")
    }
    /// The worker `name` itself, for its own loopback bindings (`ctx.exports`):
    /// by default as a service binding finds it.
    fn this_worker(&self, name: &str) -> Option<Arc<dyn Worker>> {
        self.worker(name)
    }
    /// The user worker `script` of the dispatch namespace `namespace`, if
    /// there is one here (Workers for Platforms); none by default.
    fn dispatch(&self, _namespace: &str, _script: &str) -> Option<Arc<dyn Worker>> {
        None
    }
    /// The Durable Object host of the worker `script` (the objects of the
    /// classes it exports, for a binding with `script_name`); none by default.
    fn objects(&self, _script: &str) -> Option<Arc<super::objects::Objects>> {
        None
    }
    /// The Durable Objects of the worker `script` where another process runs
    /// it: a worker that takes requests naming their object
    /// (`WorkerRequest::object`); none by default.
    fn objects_elsewhere(&self, _script: &str) -> Option<Arc<dyn Worker>> {
        None
    }
    /// The Workflow instances of the worker `script` (for a workflow binding
    /// with `script_name`); none by default.
    fn workflows(&self, _script: &str) -> Option<Arc<super::workflows::WorkflowStore>> {
        None
    }
}

/// The binding name of a worker's loopback calls (`ctx.exports`): no binding
/// can have it, as it is no JavaScript identifier.
pub const LOOPBACK: &str = "\0loopback";

/// What a dispatch namespace's Fetcher throws for a script it does not have, in
/// Cloudflare's words.
pub const WORKER_NOT_FOUND: &str = "Worker not found.";

/// What another worker has that a binding of this one reaches (its objects,
/// its workflows: `find` them), found through the host's `directory` now; the
/// error names `what` and why that worker is not there.
pub fn of_other_worker<T>(
    directory: Option<&Arc<dyn ServiceDirectory>>,
    script: &str,
    what: &str,
    find: impl FnOnce(&dyn ServiceDirectory) -> Option<T>,
) -> Result<T, String> {
    let directory = directory.ok_or("this host runs no other workers")?;
    find(directory.as_ref())
        .ok_or_else(|| format!("{what} of worker \"{script}\" cannot be reached: {}", directory.missing(script)))
}

/// A called worker's fetch handler threw (`handled`): logged as worker
/// `name`'s uncaught exception (its caller gets the error too), with `label`
/// (which Dynamic Worker it was) before the message.
pub fn log_callee_exception(name: &str, handled: &Handled, label: Option<&str>) {
    let Err(error) = &handled.outcome else { return };
    if error.kind != ErrorKind::Exception {
        return;
    }
    let text = error.stack.as_deref().unwrap_or(&error.message);
    let message = match label {
        Some(label) => format!("{label} {text}"),
        None => text.to_string(),
    };
    events::emit(Event::UncaughtException {
        worker: name.into(),
        isolate: handled.isolate.unwrap_or_default(),
        message,
    });
}
