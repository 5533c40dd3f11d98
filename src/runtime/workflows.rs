//! Workflows: each workflow's instances, their steps' results and the events
//! sent to them in a local SQLite file (`<workflows dir>/<workflow>.sqlite`),
//! so an instance survives a restart or a kill -9 and goes on where it was.
//!
//! An instance runs by replay, as on Cloudflare: each run calls the class's
//! `run(event, step)` from the start, and a step already done answers its
//! recorded result instead of running again (runtime_js/23_workflows.js keeps
//! those rules; this file keeps what it records). A run that has to wait (a
//! sleep, a retry's delay, an event not sent yet) ends, and the instance is due
//! again when the wait is over (host/workflows.rs runs what is due). Each run
//! is fenced by its number: once an instance was paused, terminated or
//! restarted, what an older run still writes is refused.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::Notify;

use super::queues::now_ms;
use super::sqlite_files::{Shared, SqliteFiles, relaxed};

/// A failed call; the message is what JS sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WorkflowError(pub String);

fn failed(err: rusqlite::Error) -> WorkflowError {
    WorkflowError(format!("workflow storage failed: {err}"))
}

/// An instance's status, in Cloudflare's words.
pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const PAUSED: &str = "paused";
pub const ERRORED: &str = "errored";
pub const TERMINATED: &str = "terminated";
pub const COMPLETE: &str = "complete";

/// What `instance.status()` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub status: String,
    /// `run`'s result, serialized (complete instances).
    pub output: Option<Vec<u8>>,
    /// The error that ended it: name and message (errored instances).
    pub error: Option<(String, String)>,
}

/// An instance as `worky workflows instances list` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub id: String,
    pub status: String,
    /// Milliseconds since the epoch.
    pub created: f64,
    /// `Name: message` of what ended it.
    pub error: Option<String>,
}

/// A control call on an instance (`instance.pause()` ...).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Control {
    Pause,
    Resume,
    Terminate,
    Restart,
}

/// One run of an instance, as its class's `run` gets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub instance: String,
    /// Its number: what its writes are fenced by.
    pub run: i64,
    /// Milliseconds since the epoch, when the instance was created (`event.timestamp`).
    pub created: f64,
    /// `event.payload`, serialized.
    pub params: Vec<u8>,
    /// Each step recorded so far.
    pub steps: Vec<Recorded>,
    /// Events sent and not taken by a step yet, oldest first.
    pub events: Vec<Event>,
}

/// A step as recorded: key, record (JSON, 23_workflows.js's) and value.
pub type Recorded = (String, String, Option<Vec<u8>>);

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub kind: String,
    pub timestamp: f64,
    pub payload: Vec<u8>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Complete(Vec<u8>),
    Errored {
        name: String,
        message: String,
    },
    /// It waits: due again at this time (ms since the epoch).
    Waiting(f64),
}

/// One step's record as a run writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    pub key: String,
    pub record: String,
    pub value: Option<Vec<u8>>,
    /// The event this step took (`waitForEvent`), by its `seq`.
    pub takes: Option<i64>,
}

/// The workflows of one host, each file opened on first use, and a wake-up
/// per workflow for its runner when an instance becomes due in this process.
pub struct WorkflowStore {
    files: SqliteFiles,
    wakers: Mutex<HashMap<String, Arc<Notify>>>,
    /// What this store marks the instances it runs with (`owner`; 0: none): an
    /// owner of another token is a process that ended mid-run.
    token: i64,
}

impl WorkflowStore {
    pub fn new(dir: &Path) -> WorkflowStore {
        let setup = |db: &Connection| {
            db.execute_batch(
                "CREATE TABLE IF NOT EXISTS instances (id TEXT PRIMARY KEY, params BLOB NOT NULL,
                   created REAL NOT NULL, status TEXT NOT NULL, output BLOB, error_name TEXT,
                   error_message TEXT, due REAL, owner INTEGER NOT NULL DEFAULT 0,
                   run INTEGER NOT NULL DEFAULT 0);
                 CREATE INDEX IF NOT EXISTS instances_due ON instances (owner, due);
                 CREATE TABLE IF NOT EXISTS steps (instance TEXT NOT NULL, key TEXT NOT NULL,
                   record TEXT NOT NULL, value BLOB, PRIMARY KEY (instance, key));
                 CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT,
                   instance TEXT NOT NULL, type TEXT NOT NULL, timestamp REAL NOT NULL,
                   payload BLOB NOT NULL, taken INTEGER NOT NULL DEFAULT 0);
                 CREATE INDEX IF NOT EXISTS events_waiting ON events (instance, taken);",
            )
        };
        WorkflowStore {
            files: SqliteFiles::new(dir, setup),
            wakers: Mutex::new(HashMap::new()),
            token: rand::random::<i64>().abs().max(1),
        }
    }

    fn workflow(&self, workflow: &str) -> Result<Shared, WorkflowError> {
        self.files.get(workflow).map_err(WorkflowError)
    }

    /// What wakes `workflow`'s runner when an instance becomes due in this process.
    pub fn waker(&self, workflow: &str) -> Arc<Notify> {
        self.wakers.lock().expect("workflow wakers lock").entry(workflow.to_string()).or_default().clone()
    }

    fn wake(&self, workflow: &str) {
        self.waker(workflow).notify_one();
    }

    /// Creates instance `id`, due now; an id taken already is refused.
    pub fn create(&self, workflow: &str, id: &str, params: &[u8]) -> Result<(), WorkflowError> {
        let shared = self.workflow(workflow)?;
        let db = shared.lock().expect("workflow file lock");
        let now = now_ms();
        let added = db
            .execute(
                "INSERT OR IGNORE INTO instances (id, params, created, status, due) VALUES (?1, ?2, ?3, ?4, ?3)",
                params![id, params, now, QUEUED],
            )
            .map_err(failed)?;
        drop(db);
        if added == 0 {
            return Err(WorkflowError("WorkflowError: (instance.already_exists) Instance already exists".into()));
        }
        self.wake(workflow);
        Ok(())
    }

    pub fn status(&self, workflow: &str, id: &str) -> Result<Option<Status>, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let db = shared.lock().expect("workflow file lock");
        db.query_row("SELECT status, output, error_name, error_message FROM instances WHERE id = ?1", [id], |row| {
            Ok(Status { status: row.get(0)?, output: row.get(1)?, error: error_at(row, 2)? })
        })
        .optional()
        .map_err(failed)
    }

    /// Every instance, newest first: id, status, when it was created (ms since
    /// the epoch), and the error that ended it, if one did.
    pub fn list(&self, workflow: &str) -> Result<Vec<Listed>, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let db = shared.lock().expect("workflow file lock");
        let mut select = db
            .prepare("SELECT id, status, created, error_name, error_message FROM instances ORDER BY created DESC, id")
            .map_err(failed)?;
        let rows = select
            .query_map([], |row| {
                let error = error_at(row, 3)?.map(|(name, message)| format!("{name}: {message}"));
                Ok(Listed { id: row.get(0)?, status: row.get(1)?, created: row.get(2)?, error })
            })
            .map_err(failed)?;
        rows.collect::<Result<_, _>>().map_err(failed)
    }

    /// The steps instance `id` recorded, in the order they were last written: key
    /// (kind, name, count) and record (JSON), and how many bytes its value has.
    pub fn steps(&self, workflow: &str, id: &str) -> Result<Vec<(String, String, usize)>, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let db = shared.lock().expect("workflow file lock");
        let mut select = db
            .prepare("SELECT key, record, coalesce(length(value), 0) FROM steps WHERE instance = ?1 ORDER BY rowid")
            .map_err(failed)?;
        let rows = select.query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).map_err(failed)?;
        rows.collect::<Result<_, _>>().map_err(failed)
    }

    /// Pauses, resumes, terminates or restarts instance `id`. A run out now is
    /// fenced off: what it writes from here on is refused.
    pub fn control(&self, workflow: &str, id: &str, control: Control) -> Result<(), WorkflowError> {
        let shared = self.workflow(workflow)?;
        let mut db = shared.lock().expect("workflow file lock");
        let transaction = db.transaction().map_err(failed)?;
        let status: Option<String> = transaction
            .query_row("SELECT status FROM instances WHERE id = ?1", [id], |row| row.get(0))
            .optional()
            .map_err(failed)?;
        let Some(status) = status else {
            return Err(WorkflowError("instance.not_found".into()));
        };
        let ended = [COMPLETE, ERRORED, TERMINATED].contains(&status.as_str());
        let now = now_ms();
        // (new status, due) for what changes; ending runs too.
        let change: Option<(&str, Option<f64>)> = match control {
            Control::Pause if ended || status == PAUSED => None,
            Control::Pause => Some((PAUSED, None)),
            Control::Resume if status == PAUSED => Some((RUNNING, Some(now))),
            Control::Resume => None,
            Control::Terminate if ended => {
                return Err(WorkflowError(
                    "WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state"
                        .into(),
                ));
            }
            Control::Terminate => Some((TERMINATED, None)),
            Control::Restart => {
                transaction.execute("DELETE FROM steps WHERE instance = ?1", [id]).map_err(failed)?;
                Some((QUEUED, Some(now)))
            }
        };
        if let Some((status, due)) = change {
            transaction
                .execute(
                    "UPDATE instances SET status = ?2, due = ?3, owner = 0, run = run + 1, output = NULL,
                       error_name = NULL, error_message = NULL WHERE id = ?1",
                    params![id, status, due],
                )
                .map_err(failed)?;
        }
        transaction.commit().map_err(failed)?;
        drop(db);
        if change.is_some_and(|(_, due)| due.is_some()) {
            self.wake(workflow);
        }
        Ok(())
    }

    /// Keeps an event for instance `id`'s `waitForEvent` steps, and makes a
    /// waiting instance due now.
    pub fn send_event(&self, workflow: &str, id: &str, kind: &str, payload: &[u8]) -> Result<(), WorkflowError> {
        let shared = self.workflow(workflow)?;
        let mut db = shared.lock().expect("workflow file lock");
        let now = now_ms();
        let transaction = db.transaction().map_err(failed)?;
        let known: Option<String> = transaction
            .query_row("SELECT status FROM instances WHERE id = ?1", [id], |row| row.get(0))
            .optional()
            .map_err(failed)?;
        if known.is_none() {
            return Err(WorkflowError("instance.not_found".into()));
        }
        transaction
            .execute(
                "INSERT INTO events (instance, type, timestamp, payload) VALUES (?1, ?2, ?3, ?4)",
                params![id, kind, now, payload],
            )
            .map_err(failed)?;
        let woken = transaction
            .execute(
                "UPDATE instances SET due = min(coalesce(due, ?2), ?2) WHERE id = ?1 AND status IN (?3, ?4)",
                params![id, now, QUEUED, RUNNING],
            )
            .map_err(failed)?;
        transaction.commit().map_err(failed)?;
        drop(db);
        if woken > 0 {
            self.wake(workflow);
        }
        Ok(())
    }

    /// Runs a process that ended mid-run left: due again now (their steps done
    /// stay done). Called by a workflow's runner as it starts.
    pub fn release_runs(&self, workflow: &str) -> Result<usize, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let db = shared.lock().expect("workflow file lock");
        db.execute(
            "UPDATE instances SET owner = 0, due = ?1, run = run + 1 WHERE owner != 0 AND owner != ?2",
            params![now_ms(), self.token],
        )
        .map_err(failed)
    }

    /// Takes up to `most` instances that are due, each a run of its own. Not
    /// synced to disk: a run an operating-system crash loses is run again.
    pub fn take_due(&self, workflow: &str, most: usize) -> Result<Vec<Run>, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let mut db = shared.lock().expect("workflow file lock");
        relaxed(&mut db, |db| {
            let transaction = db.transaction()?;
            let due: Vec<(String, f64, Vec<u8>, i64)> = {
                let mut select = transaction.prepare_cached(
                    "SELECT id, created, params, run + 1 FROM instances WHERE owner = 0 AND due <= ?1
                     ORDER BY due LIMIT ?2",
                )?;
                let rows = select.query_map(params![now_ms(), most as i64], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?;
                rows.collect::<Result<_, _>>()?
            };
            let mut runs = Vec::with_capacity(due.len());
            for (instance, created, params, run) in due {
                transaction.execute(
                    "UPDATE instances SET owner = ?2, run = ?3, status = ?4, due = NULL WHERE id = ?1",
                    params![instance, self.token, run, RUNNING],
                )?;
                let steps = journal(&transaction, &instance)?;
                let events = waiting_events(&transaction, &instance)?;
                runs.push(Run { instance, run, created, params, steps, events });
            }
            transaction.commit()?;
            Ok(runs)
        })
        .map_err(failed)
    }

    /// When the next instance not due yet becomes due (ms since the epoch).
    pub fn next_due(&self, workflow: &str) -> Result<Option<f64>, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let db = shared.lock().expect("workflow file lock");
        db.query_row("SELECT min(due) FROM instances WHERE owner = 0", [], |row| row.get(0)).map_err(failed)
    }

    /// Records a step of run `run` of `instance`; false when that run was
    /// fenced off (paused, terminated, restarted): it should stop. Not synced
    /// to disk (`sqlite_files::relaxed`): a record an operating-system crash
    /// loses runs its step again, as Cloudflare may (steps are to be idempotent).
    pub fn record(&self, workflow: &str, instance: &str, run: i64, step: &StepRecord) -> Result<bool, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let mut db = shared.lock().expect("workflow file lock");
        relaxed(&mut db, |db| {
            let transaction = db.transaction()?;
            if !holds(&transaction, instance, run, self.token)? {
                return Ok(false);
            }
            transaction.execute(
                "INSERT OR REPLACE INTO steps (instance, key, record, value) VALUES (?1, ?2, ?3, ?4)",
                params![instance, step.key, step.record, step.value],
            )?;
            if let Some(seq) = step.takes {
                transaction.execute("UPDATE events SET taken = 1 WHERE seq = ?1", [seq])?;
            }
            transaction.commit()?;
            Ok(true)
        })
        .map_err(failed)
    }

    /// Ends run `run` of `instance`: complete, errored, or waiting until a
    /// time (sooner if an event came that it has not seen). A run fenced off
    /// changes nothing (false). Not synced to disk: an end an operating-system
    /// crash loses runs the instance again, its steps done answering as recorded.
    pub fn finish(
        &self,
        workflow: &str,
        instance: &str,
        run: i64,
        outcome: &Outcome,
        events_seen: i64,
    ) -> Result<bool, WorkflowError> {
        let shared = self.workflow(workflow)?;
        let mut db = shared.lock().expect("workflow file lock");
        let finished = relaxed(&mut db, |db| {
            let transaction = db.transaction()?;
            if !holds(&transaction, instance, run, self.token)? {
                return Ok(false);
            }
            let ended = "UPDATE instances SET status = ?2, output = ?3, error_name = ?4, error_message = ?5,
                           due = NULL, owner = 0 WHERE id = ?1";
            match outcome {
                Outcome::Complete(output) => {
                    transaction.execute(ended, params![instance, COMPLETE, output, None::<String>, None::<String>])?;
                }
                Outcome::Errored { name, message } => {
                    transaction.execute(ended, params![instance, ERRORED, None::<Vec<u8>>, name, message])?;
                }
                Outcome::Waiting(at) => {
                    let unseen: bool = transaction.query_row(
                        "SELECT EXISTS (SELECT 1 FROM events WHERE instance = ?1 AND taken = 0 AND seq > ?2)",
                        params![instance, events_seen],
                        |row| row.get(0),
                    )?;
                    let due = if unseen { now_ms() } else { *at };
                    transaction
                        .execute("UPDATE instances SET due = ?2, owner = 0 WHERE id = ?1", params![instance, due])?;
                }
            }
            transaction.commit()?;
            Ok(true)
        })
        .map_err(failed)?;
        drop(db);
        if finished {
            self.wake(workflow);
        }
        Ok(finished)
    }
}

/// Whether run `run` of `instance` is held by `token` (this process) and still current.
fn holds(db: &Connection, instance: &str, run: i64, token: i64) -> rusqlite::Result<bool> {
    db.query_row(
        "SELECT EXISTS (SELECT 1 FROM instances WHERE id = ?1 AND run = ?2 AND owner = ?3 AND status = ?4)",
        params![instance, run, token, RUNNING],
        |row| row.get(0),
    )
}

/// The error that ended an instance, from its `error_name` column at `at`
/// and `error_message` after it.
fn error_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<(String, String)>> {
    Ok(match (row.get::<_, Option<String>>(at)?, row.get::<_, Option<String>>(at + 1)?) {
        (Some(name), Some(message)) => Some((name, message)),
        _ => None,
    })
}

fn journal(db: &Connection, instance: &str) -> rusqlite::Result<Vec<Recorded>> {
    let mut select = db.prepare_cached("SELECT key, record, value FROM steps WHERE instance = ?1")?;
    let rows = select.query_map([instance], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    rows.collect()
}

fn waiting_events(db: &Connection, instance: &str) -> rusqlite::Result<Vec<Event>> {
    let mut select = db.prepare_cached(
        "SELECT seq, type, timestamp, payload FROM events WHERE instance = ?1 AND taken = 0 ORDER BY seq",
    )?;
    let rows = select.query_map([instance], |row| {
        Ok(Event { seq: row.get(0)?, kind: row.get(1)?, timestamp: row.get(2)?, payload: row.get(3)? })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(key: &str) -> StepRecord {
        StepRecord { key: key.into(), record: "{}".into(), value: Some(vec![1]), takes: None }
    }

    #[test]
    fn a_run_records_steps_and_a_later_run_gets_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = WorkflowStore::new(dir.path());
        store.create("wf", "a", b"p").unwrap();
        assert!(store.create("wf", "a", b"p").unwrap_err().0.contains("already_exists"));
        let run = store.take_due("wf", 10).unwrap().remove(0);
        assert!(store.take_due("wf", 10).unwrap().is_empty(), "a run out is not taken twice");
        assert!(store.record("wf", "a", run.run, &step("s1")).unwrap());
        store.finish("wf", "a", run.run, &Outcome::Waiting(0.0), 0).unwrap();
        let again = store.take_due("wf", 10).unwrap().remove(0);
        assert_eq!(again.steps, vec![("s1".to_string(), "{}".to_string(), Some(vec![1]))]);
        assert!(!store.record("wf", "a", run.run, &step("old")).unwrap(), "an older run is fenced off");
        store.finish("wf", "a", again.run, &Outcome::Complete(vec![7]), 0).unwrap();
        let status = store.status("wf", "a").unwrap().unwrap();
        assert_eq!((status.status.as_str(), status.output), (COMPLETE, Some(vec![7])));
        assert!(store.control("wf", "a", Control::Terminate).is_err(), "an ended instance is not terminated");
    }

    #[test]
    fn pause_fences_the_run_out_and_an_event_wakes_a_waiting_instance() {
        let dir = tempfile::tempdir().unwrap();
        let store = WorkflowStore::new(dir.path());
        store.create("wf", "a", b"p").unwrap();
        let run = store.take_due("wf", 10).unwrap().remove(0);
        store.control("wf", "a", Control::Pause).unwrap();
        assert!(!store.record("wf", "a", run.run, &step("s")).unwrap());
        assert_eq!(store.status("wf", "a").unwrap().unwrap().status, PAUSED);
        store.control("wf", "a", Control::Resume).unwrap();
        let run = store.take_due("wf", 10).unwrap().remove(0);
        store.finish("wf", "a", run.run, &Outcome::Waiting(now_ms() + 3_600_000.0), 0).unwrap();
        assert!(store.take_due("wf", 10).unwrap().is_empty());
        store.send_event("wf", "a", "approve", b"yes").unwrap();
        let run = store.take_due("wf", 10).unwrap().remove(0);
        assert_eq!(run.events.len(), 1);
        let takes = StepRecord { takes: Some(run.events[0].seq), ..step("w") };
        assert!(store.record("wf", "a", run.run, &takes).unwrap());
        store.finish("wf", "a", run.run, &Outcome::Waiting(now_ms() + 3_600_000.0), run.events[0].seq).unwrap();
        assert!(store.take_due("wf", 10).unwrap().is_empty(), "an event taken does not wake it again");
    }

    #[test]
    fn a_dead_process_run_is_due_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = WorkflowStore::new(dir.path());
        store.create("wf", "a", b"p").unwrap();
        store.take_due("wf", 10).unwrap();
        assert_eq!(store.release_runs("wf").unwrap(), 0, "this process's runs are left to finish");
        let store = WorkflowStore::new(dir.path());
        assert_eq!(store.release_runs("wf").unwrap(), 1);
        assert_eq!(store.take_due("wf", 10).unwrap().len(), 1);
    }
}
