//! Workflow runners: run each Workflow instance that is due (created, woken
//! from a sleep, a retry's delay or an event's wait, resumed, restarted) in
//! the worker's isolates, as Cloudflare's Workflows engine does, a run at a
//! time an instance. A run replays the class's `run(event, step)` and ends
//! complete, errored, or waiting until a time (runtime/workflows.rs keeps
//! what it recorded; runtime_js/23_workflows.js keeps the rules). Used by
//! `worky dev` and `worky serve` alike.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::bundle::WorkflowBinding;
use crate::runtime::protocol::WorkflowRun;
use crate::runtime::queues::now_ms;
use crate::runtime::workflows::{Outcome, Run, WorkflowError, WorkflowStore};
use crate::runtime::{Handled, ResponseBody, Worker, WorkerRequest};

/// The most steps an instance runs when its binding sets no `limits.steps` (Cloudflare's).
const DEFAULT_STEP_LIMIT: u32 = 10_000;

/// How many runs of one workflow are out at once.
const MOST_RUNNING: usize = 16;

/// How often a runner looks for instances it was not woken for (due by a
/// clock it did not set, or changed by another process).
const POLL: Duration = Duration::from_secs(1);

/// A run that ended, for the host to show: a dev terminal line, a log record.
pub struct Ran<'a> {
    pub deployment: &'a str,
    pub workflow: &'a str,
    pub instance: &'a str,
    /// "complete", "errored", "waiting", or "stopped" (paused, terminated or
    /// restarted while it ran).
    pub outcome: &'a str,
    pub elapsed: Duration,
    /// What ended an errored instance.
    pub error: Option<&'a str>,
}

/// Shows each run (dev prints a line, serve logs a record).
pub type Report = Arc<dyn Fn(&Ran<'_>) + Send + Sync>;

/// serve's report: a log record a run.
pub fn log_run(ran: &Ran<'_>) {
    let Ran { deployment, workflow, instance, outcome, elapsed, error } = *ran;
    let elapsed_ms = elapsed.as_millis() as u64;
    match error {
        None => tracing::info!(
            deployment,
            workflow,
            instance,
            outcome,
            elapsed_ms,
            "{deployment}: workflow \"{workflow}\" instance {instance} {outcome} ({elapsed_ms} ms)"
        ),
        Some(error) => tracing::error!(
            deployment,
            workflow,
            instance,
            outcome,
            elapsed_ms,
            "{deployment}: workflow \"{workflow}\" instance {instance} errored: {error}"
        ),
    }
}

/// The runners of one running version; dropping them stops new runs (runs
/// out finish).
#[derive(Default)]
pub struct Runners {
    tasks: Vec<JoinHandle<()>>,
    workflows: Vec<String>,
}

impl Runners {
    /// Runs the instances of every workflow `bindings` name in `worker`, named
    /// `name` in logs.
    pub fn start(
        name: &str,
        bindings: &[WorkflowBinding],
        store: &Arc<WorkflowStore>,
        worker: Arc<dyn Worker>,
        report: Report,
    ) -> Runners {
        let mut started = Runners::default();
        // Another worker's workflows (`script_name`) are run by that worker.
        let workflows: BTreeSet<(&str, &str, Option<u32>)> = bindings
            .iter()
            .filter(|binding| binding.script_name.is_none())
            .map(|binding| (binding.workflow.as_str(), binding.class_name.as_str(), binding.step_limit))
            .collect();
        for (workflow, class_name, step_limit) in workflows {
            let runner = Arc::new(Runner {
                name: name.into(),
                workflow: workflow.into(),
                class_name: class_name.into(),
                step_limit: step_limit.unwrap_or(DEFAULT_STEP_LIMIT),
                store: store.clone(),
                worker: worker.clone(),
                report: report.clone(),
            });
            started.tasks.push(tokio::spawn(runner.run()));
            started.workflows.push(workflow.to_string());
        }
        started
    }

    /// The workflows run.
    pub fn workflows(&self) -> &[String] {
        &self.workflows
    }
}

impl Drop for Runners {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// One workflow's runs in one worker.
struct Runner {
    name: Arc<str>,
    workflow: String,
    class_name: String,
    step_limit: u32,
    store: Arc<WorkflowStore>,
    worker: Arc<dyn Worker>,
    report: Report,
}

/// Runs a store call on the blocking pool (SQLite syncs to disk).
async fn blocking<T: Send + 'static>(
    store: &Arc<WorkflowStore>,
    work: impl FnOnce(&WorkflowStore) -> Result<T, WorkflowError> + Send + 'static,
) -> Result<T, WorkflowError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || work(&store)).await.map_err(|err| WorkflowError(err.to_string()))?
}

impl Runner {
    async fn run(self: Arc<Runner>) {
        let workflow = self.workflow.clone();
        match blocking(&self.store, move |store| store.release_runs(&workflow)).await {
            Ok(0) => {}
            Ok(released) => tracing::warn!(
                deployment = &*self.name,
                workflow = self.workflow,
                "{released} instances of workflow \"{}\" were running when worky last stopped; they run again \
                 from their last step done",
                self.workflow
            ),
            Err(err) => self.failed(&err),
        }
        let permits = Arc::new(tokio::sync::Semaphore::new(MOST_RUNNING));
        let waker = self.store.waker(&self.workflow);
        loop {
            let woken = waker.notified();
            let free = permits.available_permits();
            let workflow = self.workflow.clone();
            let taken = blocking(&self.store, move |store| {
                let due = if free == 0 { Vec::new() } else { store.take_due(&workflow, free)? };
                Ok((due, store.next_due(&workflow)?))
            });
            let next_due = match taken.await {
                Ok((due, next_due)) => {
                    for run in due {
                        let Ok(permit) = permits.clone().acquire_owned().await else { return };
                        let runner = self.clone();
                        tokio::spawn(async move {
                            runner.run_one(run).await;
                            drop(permit);
                        });
                    }
                    next_due
                }
                Err(err) => {
                    self.failed(&err);
                    None
                }
            };
            let until_due = next_due.map(|at| Duration::from_secs_f64(((at - now_ms()) / 1000.0).max(0.0)));
            let _ = tokio::time::timeout(until_due.unwrap_or(POLL).min(POLL), woken).await;
        }
    }

    fn failed(&self, err: &WorkflowError) {
        tracing::error!(deployment = &*self.name, workflow = self.workflow, "{}: {err}", self.name);
    }

    /// Runs one run of an instance and reports how it ended. A run the worker
    /// could not finish (no such class, the isolate failed) errors the instance.
    async fn run_one(&self, run: Run) {
        let started = std::time::Instant::now();
        let (instance, number) = (run.instance.clone(), run.run);
        let call = WorkflowRun {
            class_name: self.class_name.clone(),
            workflow: self.workflow.clone(),
            step_limit: self.step_limit,
            run,
        };
        let handled = self.worker.handle(WorkerRequest::workflow(&self.name, call)).await;
        let (outcome, error) = match answer(handled).await {
            Ok(answered) => answered,
            Err(error) => {
                let (workflow, id) = (self.workflow.clone(), instance.clone());
                let ended = Outcome::Errored { name: "Error".into(), message: error.clone() };
                let finished = blocking(&self.store, move |store| store.finish(&workflow, &id, number, &ended, 0));
                if let Err(err) = finished.await {
                    self.failed(&err);
                }
                ("errored".to_string(), Some(error))
            }
        };
        let labels =
            [("deployment", self.name.to_string()), ("workflow", self.workflow.clone()), ("outcome", outcome.clone())];
        metrics::counter!("worky_workflow_runs_total", &labels).increment(1);
        (self.report)(&Ran {
            deployment: &self.name,
            workflow: &self.workflow,
            instance: &instance,
            outcome: &outcome,
            elapsed: started.elapsed(),
            error: error.as_deref(),
        });
    }
}

/// The run's answer (23_workflows.js `runWorkflow`): its outcome, and for
/// an errored instance what ended it; `Err` when the worker failed to run it.
async fn answer(handled: Handled) -> Result<(String, Option<String>), String> {
    let response = match handled.outcome {
        Ok(response) => response,
        Err(error) => {
            let stack = error.stack.map(|stack| format!("\n{stack}")).unwrap_or_default();
            return Err(format!("{}{stack}", error.message));
        }
    };
    let body = match response.body {
        ResponseBody::Full(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        _ => String::new(),
    };
    match body.split_once('\n') {
        Some((outcome, error)) => Ok((outcome.to_string(), Some(error.to_string()))),
        None => Ok((body, None)),
    }
}
