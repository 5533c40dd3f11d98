//! Cron triggers: fires a deployment's `scheduled` handler at the times its
//! manifest lists (`[triggers] crons` in worky.toml). Used by `worky serve`;
//! `worky dev` triggers by hand (`/__scheduled`), as wrangler does.
//!
//! Every occurrence fires on time as its own invocation, whether or not an
//! earlier run is still going: on Workers each Cron Trigger event is an
//! independent invocation, so a run that outlasts the period neither delays nor
//! swallows the next one (runs may overlap; a worker that must not overlap
//! keeps a lock in its storage, as on Workers).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;

use crate::config::cron;
use crate::runtime::{Worker, WorkerRequest};

/// The cron tasks of one running version; dropping them stops the schedule
/// (runs already started finish).
#[derive(Default)]
pub struct Schedule {
    crons: Vec<String>,
    tasks: Vec<JoinHandle<()>>,
}

impl Schedule {
    /// Starts firing every one of `crons` on `worker`, named `name` in logs.
    /// The expressions were checked when the package was built; one that no
    /// longer parses is logged and skipped.
    pub fn start(name: &str, crons: &[String], worker: Arc<dyn Worker>) -> Schedule {
        let mut tasks = Vec::new();
        for expression in crons {
            match cron::parse(expression) {
                Ok(parsed) => tasks.push(tokio::spawn(run(name.into(), expression.clone(), parsed, worker.clone()))),
                Err(err) => tracing::error!(deployment = name, "{err}"),
            }
        }
        Schedule { crons: crons.to_vec(), tasks }
    }

    pub fn crons(&self) -> &[String] {
        &self.crons
    }
}

impl Drop for Schedule {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

async fn run(name: Arc<str>, expression: String, cron: croner::Cron, worker: Arc<dyn Worker>) {
    let mut last: DateTime<Utc> = Utc::now();
    loop {
        // After the last occurrence fired, not after "now": a timer that wakes a
        // hair early must not fire the same occurrence twice.
        let from = last.max(Utc::now());
        let Ok(next) = cron.find_next_occurrence(&from, false) else { return };
        tokio::time::sleep((next - Utc::now()).to_std().unwrap_or_default()).await;
        last = next;
        tokio::spawn(fire(name.clone(), expression.clone(), worker.clone()));
    }
}

async fn fire(name: Arc<str>, cron: String, worker: Arc<dyn Worker>) {
    let handled = worker.handle(WorkerRequest::scheduled(&name, &cron)).await;
    match handled.outcome {
        Ok(_) => tracing::info!(deployment = &*name, cron, isolate = handled.isolate, "{name} ran \"{cron}\""),
        Err(error) => tracing::error!(
            deployment = &*name,
            cron,
            isolate = handled.isolate,
            "{name}: scheduled \"{cron}\" failed: {}\n{}",
            error.message,
            error.stack.unwrap_or_default()
        ),
    }
}
