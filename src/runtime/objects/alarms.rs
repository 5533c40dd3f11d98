//! Durable Object alarms: `setAlarm(time)` stores one alarm per object in an
//! index beside the objects' databases (`alarms.sqlite3`), and one scheduler per
//! state directory calls each object's `alarm()` when its time comes, also after
//! a restart. A throwing `alarm()` is retried with exponential backoff (2 s, 4 s,
//! ... up to six retries), as Cloudflare documents; a successful one clears the
//! alarm unless the handler set a new one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, Weak};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::Notify;

use super::storage::StorageError;
use super::{ObjectCall, Objects, Rpc};
use crate::runtime::events::{self, Event};
use crate::runtime::protocol::WorkerRequest;

/// Retries after a failed `alarm()`, with 2^n s between them.
const MAX_RETRIES: u32 = 6;

/// The scheduler of each state directory: alarms outlive the version that set them.
static SCHEDULERS: LazyLock<Mutex<HashMap<PathBuf, Arc<Scheduler>>>> = LazyLock::new(Default::default);

pub struct Scheduler {
    index: Mutex<Connection>,
    changed: Notify,
    /// The version whose objects get the alarms (the newest one attached).
    current: Mutex<Weak<Objects>>,
}

/// One stored alarm. It is kept under its object's namespace (the `class`
/// column: a namespace is named after the class it was made for), so it
/// follows a renamed class.
#[derive(Debug, Clone, PartialEq)]
struct Alarm {
    namespace: String,
    id: String,
    name: Option<String>,
    time_ms: i64,
    retries: u32,
}

/// `time_ms` of an alarm whose `alarm()` is running: not due again, and what
/// `getAlarm()` reads as none. A handler that sets a new alarm replaces it.
const RUNNING: i64 = i64::MAX;

impl Scheduler {
    /// The scheduler for `dir`, started on first use; `objects` gets its alarms from now on.
    pub fn attach(dir: &Path, objects: &Arc<Objects>) -> Result<Arc<Scheduler>, StorageError> {
        let mut schedulers = SCHEDULERS.lock().expect("schedulers lock");
        if let Some(scheduler) = schedulers.get(dir) {
            *scheduler.current.lock().expect("alarm lock") = Arc::downgrade(objects);
            scheduler.changed.notify_one();
            return Ok(scheduler.clone());
        }
        let index = open_index(dir)?;
        // Alarms whose handler was running when the process ended run again now.
        index.execute("UPDATE alarms SET time_ms = 0 WHERE time_ms = ?1", params![RUNNING]).map_err(failed)?;
        let scheduler = Arc::new(Scheduler {
            index: Mutex::new(index),
            changed: Notify::new(),
            current: Mutex::new(Arc::downgrade(objects)),
        });
        schedulers.insert(dir.to_path_buf(), scheduler.clone());
        tokio::spawn(run(scheduler.clone()));
        Ok(scheduler)
    }

    /// The newest version attached to this state directory, if it still runs.
    pub fn current(&self) -> Option<Arc<Objects>> {
        self.current.lock().expect("alarm lock").upgrade()
    }

    fn index(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.index.lock().expect("alarm index lock")
    }

    /// The object's alarm time (ms since the epoch), if one is set.
    pub fn get(&self, namespace: &str, id: &str) -> Result<Option<f64>, StorageError> {
        let time: Option<i64> = self
            .index()
            .query_row("SELECT time_ms FROM alarms WHERE class = ?1 AND id = ?2", params![namespace, id], |row| {
                row.get(0)
            })
            .optional()
            .map_err(failed)?;
        Ok(time.filter(|&time| time != RUNNING).map(|time| time as f64))
    }

    pub fn set(&self, namespace: &str, id: &str, name: Option<&str>, time_ms: i64) -> Result<(), StorageError> {
        self.index()
            .execute(
                "INSERT INTO alarms (class, id, name, time_ms, retries) VALUES (?1, ?2, ?3, ?4, 0)
                 ON CONFLICT(class, id) DO UPDATE SET name = ?3, time_ms = ?4, retries = 0",
                params![namespace, id, name, time_ms.min(RUNNING - 1)],
            )
            .map_err(failed)?;
        self.changed.notify_one();
        Ok(())
    }

    pub fn delete(&self, namespace: &str, id: &str) -> Result<(), StorageError> {
        self.index()
            .execute("DELETE FROM alarms WHERE class = ?1 AND id = ?2", params![namespace, id])
            .map(drop)
            .map_err(failed)
    }

    /// The alarms due at `now_ms` (marked running), and when the next one is.
    fn take_due(&self, now_ms: i64) -> Result<(Vec<Alarm>, Option<i64>), StorageError> {
        let index = self.index();
        let due = {
            let mut statement = index
                .prepare_cached(
                    "SELECT class, id, name, time_ms, retries FROM alarms WHERE time_ms <= ?1 ORDER BY time_ms",
                )
                .map_err(failed)?;
            let rows = statement
                .query_map(params![now_ms], |row| {
                    Ok(Alarm {
                        namespace: row.get(0)?,
                        id: row.get(1)?,
                        name: row.get(2)?,
                        time_ms: row.get(3)?,
                        retries: row.get(4)?,
                    })
                })
                .map_err(failed)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(failed)?
        };
        index
            .execute("UPDATE alarms SET time_ms = ?2 WHERE time_ms <= ?1", params![now_ms, RUNNING])
            .map_err(failed)?;
        let next: Option<i64> = index
            .query_row("SELECT min(time_ms) FROM alarms WHERE time_ms < ?1", params![RUNNING], |row| row.get(0))
            .map_err(failed)?;
        Ok((due, next))
    }

    /// `alarm()` returned: clear the alarm, unless the handler set another one.
    fn succeeded(&self, alarm: &Alarm) -> Result<(), StorageError> {
        self.index()
            .execute(
                "DELETE FROM alarms WHERE class = ?1 AND id = ?2 AND time_ms = ?3",
                params![alarm.namespace, alarm.id, RUNNING],
            )
            .map(drop)
            .map_err(failed)
    }

    /// `alarm()` threw (or could not run): try again later, up to the last retry.
    fn failed(&self, alarm: &Alarm, now_ms: i64) -> Result<(), StorageError> {
        if alarm.retries >= MAX_RETRIES {
            return self.succeeded(alarm);
        }
        let later = now_ms + 2_000 * (1i64 << alarm.retries);
        self.index()
            .execute(
                "UPDATE alarms SET time_ms = ?4, retries = ?5 WHERE class = ?1 AND id = ?2 AND time_ms = ?3",
                params![alarm.namespace, alarm.id, RUNNING, later, alarm.retries + 1],
            )
            .map(drop)
            .map_err(failed)
    }
}

fn open_index(dir: &Path) -> Result<Connection, StorageError> {
    std::fs::create_dir_all(dir).map_err(|err| StorageError(format!("cannot create {}: {err}", dir.display())))?;
    let path = dir.join("alarms.sqlite3");
    Connection::open(&path)
        .and_then(|connection| {
            connection.execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 CREATE TABLE IF NOT EXISTS alarms (
                     class TEXT NOT NULL, id TEXT NOT NULL, name TEXT,
                     time_ms INTEGER NOT NULL, retries INTEGER NOT NULL DEFAULT 0,
                     PRIMARY KEY (class, id));",
            )?;
            Ok(connection)
        })
        .map_err(|err| StorageError(format!("cannot open {}: {err}", path.display())))
}

fn failed(err: rusqlite::Error) -> StorageError {
    StorageError(format!("Durable Object alarms failed: {err}"))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Fires due alarms, then sleeps until the next one or a change.
async fn run(scheduler: Arc<Scheduler>) {
    loop {
        let objects = scheduler.current.lock().expect("alarm lock").upgrade();
        let now = now_ms();
        // With no version to run them (between reloads), due alarms wait for one.
        let (due, next) = match &objects {
            Some(_) => scheduler.take_due(now).unwrap_or_else(|err| {
                events::emit(Event::ObjectStateFailed { error: err.0 });
                (Vec::new(), Some(now + 1_000))
            }),
            None => (Vec::new(), None),
        };
        if let Some(objects) = objects {
            for alarm in due {
                tokio::spawn(fire(scheduler.clone(), objects.clone(), alarm));
            }
        }
        let sleep = next.map_or(Duration::from_secs(3600), |next| Duration::from_millis((next - now).max(1) as u64));
        tokio::select! {
            _ = tokio::time::sleep(sleep) => {}
            _ = scheduler.changed.notified() => {}
        }
    }
}

/// Runs the object's `alarm()` (the retry count travels as the RPC member).
async fn fire(scheduler: Arc<Scheduler>, objects: Arc<Objects>, alarm: Alarm) {
    // The class that has the namespace's objects now runs it; with none (a
    // class gone from the config), the call fails and is retried as one that threw.
    let class = objects.class_of(&alarm.namespace).unwrap_or_else(|| alarm.namespace.clone());
    let request = WorkerRequest {
        object: Some(Box::new(ObjectCall {
            class,
            id: alarm.id.clone(),
            name: alarm.name.clone(),
            rpc: Some(Rpc { kind: "alarm".into(), member: alarm.retries.to_string(), stubs: None }),
        })),
        ..WorkerRequest::new("POST", "http://alarm.worky/".into())
    };
    let handled = objects.call(request).await;
    let ran = matches!(&handled.outcome, Ok(response) if response.status == 200);
    let recorded = if ran { scheduler.succeeded(&alarm) } else { scheduler.failed(&alarm, now_ms()) };
    if let Err(err) = recorded {
        events::emit(Event::ObjectStateFailed { error: err.0 });
    }
    scheduler.changed.notify_one();
}
