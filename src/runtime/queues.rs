//! Queues: each queue's messages in a local SQLite file
//! (`<queues dir>/<queue>.sqlite`), shared by every isolate and consumer of a
//! host, so a message sent survives a restart or a kill -9 until its consumer
//! has acknowledged it. Producers (runtime_js/21_queues.js) add messages; a
//! consumer (host/queues.rs) leases a batch, runs the worker's `queue` handler
//! and settles each message: deleted, made visible again after a delay, or
//! moved to a dead-letter queue. What a worker sees follows Cloudflare's Queues
//! as miniflare answers (tests/workerd/queues.js).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, params};
use tokio::sync::Notify;

use super::sqlite_files::{Shared, SqliteFiles};

/// A message's largest body, as Cloudflare counts it.
pub const MAX_MESSAGE_BYTES: usize = 128_000;
/// A `sendBatch`'s most messages and most bytes.
pub const MAX_BATCH_MESSAGES: usize = 100;
pub const MAX_BATCH_BYTES: usize = 256_000;

/// A failed call; the message is what JS sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct QueueError(pub String);

fn failed(err: rusqlite::Error) -> QueueError {
    QueueError(format!("queue storage failed: {err}"))
}

/// A message as a producer sends it: its body already in its content type's bytes.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub content_type: String,
    pub body: Vec<u8>,
    /// Seconds before it may be delivered.
    pub delay: u32,
}

/// A message as a consumer gets it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The row: how the consumer settles it.
    pub seq: i64,
    pub id: String,
    /// Milliseconds since the epoch, when it was first sent.
    pub timestamp: f64,
    pub content_type: String,
    pub body: Vec<u8>,
    /// Deliveries before this one that did not acknowledge it.
    pub failed_attempts: u32,
}

/// A queue's backlog: what waits to be delivered (not what is out in a batch now).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Backlog {
    pub count: u64,
    pub bytes: u64,
    /// Milliseconds since the epoch of the oldest message (`None`: no backlog).
    pub oldest: Option<f64>,
}

/// What waits in a queue for a consumer now.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ready {
    /// Messages visible now and not leased to a delivery.
    pub count: u64,
    /// When the next message not visible yet becomes visible (ms since the epoch).
    pub next_visible: Option<f64>,
}

/// How one delivered message ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Settle {
    Ack,
    /// Visible again after this many seconds, one more failed attempt counted.
    Retry {
        delay: u32,
    },
    /// Given up (too many attempts): deleted here (after a copy went to a dead-letter queue).
    Remove,
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The queues of one host, each file opened on first use, and a wake-up per
/// queue for its consumer when a message is sent in this process.
pub struct QueueStore {
    files: SqliteFiles,
    wakers: Mutex<HashMap<String, Arc<Notify>>>,
    /// Which deployment consumes each queue here (and how many of its versions).
    consumers: Mutex<HashMap<String, (String, usize)>>,
    /// What this store marks its leases with (`leased`; 0: none): a lease of
    /// another token is a process's that ended, one of this token a delivery
    /// still out (a version being replaced finishes its batches).
    token: i64,
}

impl QueueStore {
    pub fn new(dir: &Path) -> QueueStore {
        let setup = |db: &Connection| {
            db.execute_batch(
                "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,
                   timestamp REAL NOT NULL, content_type TEXT NOT NULL, body BLOB NOT NULL,
                   failed_attempts INTEGER NOT NULL DEFAULT 0, visible_at REAL NOT NULL,
                   leased INTEGER NOT NULL DEFAULT 0);
                 CREATE INDEX IF NOT EXISTS messages_ready ON messages (leased, visible_at);",
            )
        };
        QueueStore {
            files: SqliteFiles::new(dir, setup),
            wakers: Mutex::new(HashMap::new()),
            consumers: Mutex::new(HashMap::new()),
            token: rand::random::<i64>().abs().max(1),
        }
    }

    fn queue(&self, queue: &str) -> Result<Shared, QueueError> {
        self.files.get(queue).map_err(QueueError)
    }

    /// What wakes `queue`'s consumer when a message is sent in this process.
    pub fn waker(&self, queue: &str) -> Arc<Notify> {
        self.wakers.lock().expect("queue wakers lock").entry(queue.to_string()).or_default().clone()
    }

    /// Adds `messages` to `queue` (all or none); answers the backlog as it was before.
    pub fn send(&self, queue: &str, messages: &[Outgoing]) -> Result<Backlog, QueueError> {
        let shared = self.queue(queue)?;
        let mut db = shared.lock().expect("queue file lock");
        let before = backlog_in(&db)?;
        let now = now_ms();
        let transaction = db.transaction().map_err(failed)?;
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT INTO messages (id, timestamp, content_type, body, visible_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(failed)?;
            for message in messages {
                let visible_at = now + f64::from(message.delay) * 1000.0;
                insert
                    .execute(params![new_id(), now, message.content_type, message.body, visible_at])
                    .map_err(failed)?;
            }
        }
        transaction.commit().map_err(failed)?;
        drop(db);
        self.waker(queue).notify_one();
        Ok(before)
    }

    /// Moves `messages` (given up on by another queue's consumer) onto `queue`
    /// as they are: their ids and timestamps kept, no failed attempts yet.
    pub fn take_over(&self, queue: &str, messages: &[Delivery]) -> Result<(), QueueError> {
        let shared = self.queue(queue)?;
        let mut db = shared.lock().expect("queue file lock");
        let now = now_ms();
        let transaction = db.transaction().map_err(failed)?;
        for message in messages {
            transaction
                .execute(
                    "INSERT INTO messages (id, timestamp, content_type, body, visible_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![message.id, message.timestamp, message.content_type, message.body, now],
                )
                .map_err(failed)?;
        }
        transaction.commit().map_err(failed)?;
        drop(db);
        self.waker(queue).notify_one();
        Ok(())
    }

    pub fn backlog(&self, queue: &str) -> Result<Backlog, QueueError> {
        backlog_in(&self.queue(queue)?.lock().expect("queue file lock"))
    }

    /// What `queue`'s consumer could take now, and when more becomes visible.
    pub fn ready(&self, queue: &str) -> Result<Ready, QueueError> {
        let shared = self.queue(queue)?;
        let db = shared.lock().expect("queue file lock");
        let now = now_ms();
        let count = db
            .query_row("SELECT count(*) FROM messages WHERE leased = 0 AND visible_at <= ?1", [now], |row| row.get(0))
            .map_err(failed)?;
        let next_visible = db
            .query_row("SELECT min(visible_at) FROM messages WHERE leased = 0 AND visible_at > ?1", [now], |row| {
                row.get(0)
            })
            .map_err(failed)?;
        Ok(Ready { count, next_visible })
    }

    /// Leases up to `most` visible messages, oldest first, for one delivery.
    /// Not synced to disk (see `relaxed`).
    pub fn lease(&self, queue: &str, most: usize) -> Result<Vec<Delivery>, QueueError> {
        let shared = self.queue(queue)?;
        let mut db = shared.lock().expect("queue file lock");
        relaxed(&mut db, |db| {
            let transaction = db.transaction()?;
            let batch = {
                let mut select = transaction.prepare_cached(
                    "SELECT seq, id, timestamp, content_type, body, failed_attempts FROM messages
                     WHERE leased = 0 AND visible_at <= ?1 ORDER BY seq LIMIT ?2",
                )?;
                let rows = select.query_map(params![now_ms(), most as i64], |row| {
                    Ok(Delivery {
                        seq: row.get(0)?,
                        id: row.get(1)?,
                        timestamp: row.get(2)?,
                        content_type: row.get(3)?,
                        body: row.get(4)?,
                        failed_attempts: row.get(5)?,
                    })
                })?;
                rows.collect::<Result<Vec<_>, _>>()?
            };
            for message in &batch {
                transaction
                    .execute("UPDATE messages SET leased = ?2 WHERE seq = ?1", params![message.seq, self.token])?;
            }
            transaction.commit()?;
            Ok(batch)
        })
    }

    /// Ends a delivery: each leased message acknowledged (deleted), retried or
    /// removed. Not synced to disk (see `relaxed`).
    pub fn settle(&self, queue: &str, outcomes: &[(i64, Settle)]) -> Result<(), QueueError> {
        let shared = self.queue(queue)?;
        let mut db = shared.lock().expect("queue file lock");
        let now = now_ms();
        relaxed(&mut db, |db| {
            let transaction = db.transaction()?;
            for (seq, outcome) in outcomes {
                match outcome {
                    Settle::Ack | Settle::Remove => {
                        transaction.execute("DELETE FROM messages WHERE seq = ?1", [seq])?;
                    }
                    Settle::Retry { delay } => {
                        let visible_at = now + f64::from(*delay) * 1000.0;
                        transaction.execute(
                            "UPDATE messages SET leased = 0, failed_attempts = failed_attempts + 1, visible_at = ?2
                             WHERE seq = ?1",
                            params![seq, visible_at],
                        )?;
                    }
                }
            }
            transaction.commit()
        })
    }

    /// Leases a process that ended mid-delivery left (killed, crashed): those
    /// deliveries count as failed attempts and the messages are visible again.
    /// Called by a queue's consumer as it starts, before it leases anything;
    /// leases of this store (an older version's batches still out) are left to finish.
    pub fn release_leases(&self, queue: &str) -> Result<usize, QueueError> {
        let shared = self.queue(queue)?;
        let db = shared.lock().expect("queue file lock");
        db.execute(
            "UPDATE messages SET leased = 0, failed_attempts = failed_attempts + 1, visible_at = ?1
             WHERE leased != 0 AND leased != ?2",
            params![now_ms(), self.token],
        )
        .map_err(failed)
    }

    /// Registers `owner` as `queue`'s consumer here; `Err` names the
    /// deployment that consumes it already. A new version of the same owner may
    /// start while the old one still runs.
    pub fn claim(&self, queue: &str, owner: &str) -> Result<(), String> {
        let mut consumers = self.consumers.lock().expect("queue consumers lock");
        let entry = consumers.entry(queue.to_string()).or_insert_with(|| (owner.to_string(), 0));
        if entry.0 != owner {
            return Err(entry.0.clone());
        }
        entry.1 += 1;
        Ok(())
    }

    /// Undoes one `claim`.
    pub fn release(&self, queue: &str) {
        let mut consumers = self.consumers.lock().expect("queue consumers lock");
        if let Some(entry) = consumers.get_mut(queue) {
            entry.1 -= 1;
            if entry.1 == 0 {
                consumers.remove(queue);
            }
        }
    }
}

/// A lease or a settlement is committed without waiting for the disk (see
/// `sqlite_files::relaxed`): what an operating-system crash could lose of it
/// is safe to lose (a lease lost, or an acknowledgement lost, delivers a
/// message again: at least once, as on Cloudflare). Sends stay synced: an
/// accepted message is on disk. Halves a delivery's disk waits (bench/queues.sh).
fn relaxed<T>(db: &mut Connection, work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, QueueError> {
    super::sqlite_files::relaxed(db, work).map_err(failed)
}

fn backlog_in(db: &Connection) -> Result<Backlog, QueueError> {
    let waiting = "SELECT count(*), coalesce(sum(length(body)), 0), min(timestamp) FROM messages WHERE leased = 0";
    db.query_row(waiting, [], |row| Ok(Backlog { count: row.get(0)?, bytes: row.get(1)?, oldest: row.get(2)? }))
        .map_err(failed)
}

/// A message id: 32 hex digits of randomness, as Cloudflare's.
fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str, delay: u32) -> Outgoing {
        Outgoing { content_type: "text".into(), body: text.as_bytes().to_vec(), delay }
    }

    #[test]
    fn a_message_is_leased_once_and_retried_with_its_attempts_counted() {
        let dir = tempfile::tempdir().unwrap();
        let store = QueueStore::new(dir.path());
        assert_eq!(store.send("q", &[message("a", 0), message("b", 0)]).unwrap().count, 0);
        assert_eq!(store.backlog("q").unwrap().count, 2);
        let batch = store.lease("q", 10).unwrap();
        assert_eq!(batch.iter().map(|m| m.body.clone()).collect::<Vec<_>>(), [b"a".to_vec(), b"b".to_vec()]);
        assert!(store.lease("q", 10).unwrap().is_empty(), "leased messages are not delivered twice");
        store.settle("q", &[(batch[0].seq, Settle::Ack), (batch[1].seq, Settle::Retry { delay: 0 })]).unwrap();
        let again = store.lease("q", 10).unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!((again[0].id.as_str(), again[0].failed_attempts), (batch[1].id.as_str(), 1));
    }

    #[test]
    fn a_delayed_message_waits_and_a_dead_process_lease_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let store = QueueStore::new(dir.path());
        store.send("q", &[message("later", 60), message("now", 0)]).unwrap();
        let ready = store.ready("q").unwrap();
        assert_eq!(ready.count, 1);
        assert!(ready.next_visible.unwrap() > now_ms() + 50_000.0);
        assert_eq!(store.lease("q", 10).unwrap().len(), 1);
        // A new version's consumer in the same process leaves the old one's batch out.
        assert_eq!(store.release_leases("q").unwrap(), 0);
        // A new process: the lease of the one that died is a failed attempt.
        let store = QueueStore::new(dir.path());
        assert_eq!(store.release_leases("q").unwrap(), 1);
        assert_eq!(store.lease("q", 10).unwrap()[0].failed_attempts, 1);
    }

    #[test]
    fn one_deployment_consumes_a_queue() {
        let dir = tempfile::tempdir().unwrap();
        let store = QueueStore::new(dir.path());
        store.claim("q", "a").unwrap();
        store.claim("q", "a").unwrap();
        assert_eq!(store.claim("q", "b"), Err("a".to_string()));
        store.release("q");
        store.release("q");
        store.claim("q", "b").unwrap();
    }
}
