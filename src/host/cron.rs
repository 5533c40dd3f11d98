//! Cron triggers: fires a deployment's `scheduled` handler at the times its
//! manifest lists (`[triggers] crons` in worky.toml). Used by `worky serve`;
//! `worky dev` triggers by hand (`/__scheduled`), as wrangler does.
//!
//! Every occurrence fires on time as its own invocation, whether or not an
//! earlier run is still going: on Workers each Cron Trigger event is an
//! independent invocation, so a run that outlasts the period neither delays nor
//! swallows the next one (runs may overlap; a worker that must not overlap
//! keeps a lock in its storage, as on Workers).
//!
//! A run gets 15 minutes, the wall-clock time Workers gives a Cron Trigger
//! (`waitUntil` work included); one that has not finished by then is logged as
//! failed and its isolate lets go of it, so a run that never settles holds no
//! request slot.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;

use crate::config::cron;
use crate::runtime::{Worker, WorkerRequest};

/// How long one scheduled run may take.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(15 * 60);

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
        tokio::spawn(fire(name.clone(), expression.clone(), worker.clone(), RUN_TIMEOUT));
    }
}

/// A cron run's outcome (ok, error, timeout), for worky_cron_runs_total.
fn ran(deployment: &str, outcome: &'static str) {
    metrics::counter!("worky_cron_runs_total", "deployment" => deployment.to_string(), "outcome" => outcome)
        .increment(1);
}

async fn fire(name: Arc<str>, cron: String, worker: Arc<dyn Worker>, timeout: Duration) {
    let Ok(handled) = tokio::time::timeout(timeout, worker.handle(WorkerRequest::scheduled(&name, &cron))).await else {
        let minutes = timeout.as_secs_f64() / 60.0;
        tracing::error!(deployment = &*name, cron, "{name}: scheduled \"{cron}\" did not finish in {minutes} minutes");
        ran(&name, "timeout");
        return;
    };
    ran(&name, if handled.outcome.is_ok() { "ok" } else { "error" });
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

#[cfg(test)]
mod tests {
    use std::pin::Pin;

    use super::*;
    use crate::runtime::{Handled, Limits};

    /// A worker whose scheduled handler never settles (its `waitUntil` hangs).
    struct Hangs;

    impl Worker for Hangs {
        fn limits(&self) -> Limits {
            Limits::default()
        }

        fn handle(&self, _: WorkerRequest) -> Pin<Box<dyn Future<Output = Handled> + Send + '_>> {
            Box::pin(std::future::pending())
        }
    }

    #[tokio::test]
    async fn a_run_that_never_settles_ends_at_the_timeout() {
        let timeout = Duration::from_millis(50);
        let ended = tokio::time::timeout(
            Duration::from_secs(10),
            fire("app".into(), "* * * * *".into(), Arc::new(Hangs), timeout),
        );
        assert!(ended.await.is_ok(), "the run was given up at its timeout");
    }
}
