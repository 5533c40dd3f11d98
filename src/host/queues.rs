//! Queue consumers: delivers each consumed queue's messages to the worker's
//! `queue` handler in batches, as Cloudflare's Queues does (the worker's
//! `[[queues.consumers]]`). Used by `worky dev` and `worky serve` alike.
//!
//! A batch goes out when it is full (`max_batch_size`) or when its first
//! message has waited `max_batch_timeout`; up to `max_concurrency` batches are
//! out at once. Each message of a batch is leased (no other batch gets it)
//! until the handler's answer settles it: acknowledged (explicitly, by
//! `ackAll()`, or by a handler that returned without deciding) and deleted, or
//! retried (explicitly, by `retryAll()`, or because the handler threw and it
//! was not acknowledged) after its delay with one more attempt counted. A
//! message whose attempts pass `max_retries` goes to the dead-letter queue, or
//! is dropped (with a warning) when there is none. A batch gets the 15 minutes
//! of wall-clock time Workers gives a consumer; one that outlasts them counts
//! as failed for every message.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::bundle::QueueConsumer;
use crate::runtime::protocol::QueueBatch;
use crate::runtime::queues::{Delivery, QueueError, QueueStore, Settle, now_ms};
use crate::runtime::{Handled, ResponseBody, Worker, WorkerRequest};

/// How long one delivery may take.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// How often a consumer looks for messages it was not woken for: sent by
/// another process (worker processes share the files), or made visible by a
/// delay that ended.
const POLL: Duration = Duration::from_secs(1);

/// A delivery that ended, for the host to show: a dev terminal line, a log record.
pub struct Delivered<'a> {
    pub deployment: &'a str,
    pub queue: &'a str,
    pub acknowledged: usize,
    pub messages: usize,
    pub elapsed: Duration,
    /// The handler threw (or could not run): its message and stack.
    pub error: Option<&'a str>,
    /// Messages given up on after `attempts` deliveries: moved to the
    /// dead-letter queue (`Some`), or dropped.
    pub given_up: usize,
    pub dead_letter_queue: Option<&'a str>,
    pub attempts: u32,
}

impl Delivered<'_> {
    /// What became of the messages given up on, if any.
    pub fn given_up_text(&self) -> Option<String> {
        let Delivered { queue, given_up, attempts, .. } = *self;
        let plural = if attempts == 1 { "" } else { "s" };
        (given_up > 0).then(|| match self.dead_letter_queue {
            Some(dead) => format!(
                "{given_up} message(s) of queue \"{queue}\" moved to dead-letter queue \"{dead}\" after {attempts} \
                 failed attempt{plural}"
            ),
            None => format!(
                "{given_up} message(s) of queue \"{queue}\" dropped after {attempts} failed attempt{plural} (it has no \
                 dead_letter_queue)"
            ),
        })
    }
}

/// Shows each delivery (dev prints a line, serve logs a record).
pub type Report = Arc<dyn Fn(&Delivered<'_>) + Send + Sync>;

/// serve's report: a log record a batch.
pub fn log_delivery(delivered: &Delivered<'_>) {
    let Delivered { deployment, queue, acknowledged, messages, elapsed, error, .. } = *delivered;
    if let Some(text) = delivered.given_up_text() {
        tracing::warn!(deployment, queue, "{deployment}: {text}");
    }
    let elapsed_ms = elapsed.as_millis() as u64;
    match error {
        None => tracing::info!(
            deployment,
            queue,
            acknowledged,
            messages,
            elapsed_ms,
            "{deployment}: queue \"{queue}\" {acknowledged}/{messages} acknowledged ({elapsed_ms} ms)"
        ),
        Some(error) => tracing::error!(
            deployment,
            queue,
            acknowledged,
            messages,
            elapsed_ms,
            "{deployment}: queue \"{queue}\" handler failed, {acknowledged}/{messages} acknowledged: {error}"
        ),
    }
}

/// The consumers of one running version; dropping them stops delivery (batches
/// out finish and are settled).
#[derive(Default)]
pub struct Consumers {
    tasks: Vec<JoinHandle<()>>,
    claimed: Vec<(Arc<QueueStore>, String)>,
}

impl Consumers {
    /// Starts delivering every one of `consumers`' queues to `worker`, named
    /// `name` in logs. A queue another deployment of this host consumes
    /// already is logged and left to it.
    pub fn start(
        name: &str,
        consumers: &[QueueConsumer],
        store: &Arc<QueueStore>,
        worker: Arc<dyn Worker>,
        report: Report,
    ) -> Consumers {
        let mut started = Consumers::default();
        for consumer in consumers {
            if let Err(owner) = store.claim(&consumer.queue, name) {
                tracing::error!(
                    deployment = name,
                    queue = consumer.queue,
                    "{name}: queue \"{}\" is consumed by {owner} already; a queue has one consumer, so {name} gets \
                     none of its messages",
                    consumer.queue
                );
                continue;
            }
            started.claimed.push((store.clone(), consumer.queue.clone()));
            let delivery = Feed::new(name, consumer.clone(), store.clone(), worker.clone(), report.clone());
            started.tasks.push(tokio::spawn(delivery.run()));
        }
        started
    }
}

impl Consumers {
    /// The queues delivered.
    pub fn queues(&self) -> Vec<String> {
        self.claimed.iter().map(|(_, queue)| queue.clone()).collect()
    }
}

impl Drop for Consumers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        for (store, queue) in &self.claimed {
            store.release(queue);
        }
    }
}

/// One queue's delivery to one worker.
struct Feed {
    name: Arc<str>,
    consumer: QueueConsumer,
    store: Arc<QueueStore>,
    worker: Arc<dyn Worker>,
    report: Report,
}

/// Runs a store call on the blocking pool (SQLite syncs to disk).
async fn blocking<T: Send + 'static>(
    store: &Arc<QueueStore>,
    work: impl FnOnce(&QueueStore) -> Result<T, QueueError> + Send + 'static,
) -> Result<T, QueueError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || work(&store)).await.map_err(|err| QueueError(err.to_string()))?
}

impl Feed {
    fn new(
        name: &str,
        consumer: QueueConsumer,
        store: Arc<QueueStore>,
        worker: Arc<dyn Worker>,
        report: Report,
    ) -> Arc<Feed> {
        Arc::new(Feed { name: name.into(), consumer, store, worker, report })
    }

    async fn run(self: Arc<Feed>) {
        self.release_leases().await;
        let permits = Arc::new(tokio::sync::Semaphore::new(self.consumer.max_concurrency.max(1) as usize));
        loop {
            self.wait_for_batch().await;
            let Ok(permit) = permits.clone().acquire_owned().await else { return };
            if let Some(batch) = self.take_batch().await {
                let delivery = self.clone();
                tokio::spawn(async move {
                    delivery.deliver(batch).await;
                    drop(permit);
                });
            }
        }
    }

    /// What a process that ended mid-delivery left is delivered again.
    async fn release_leases(&self) {
        let queue = self.consumer.queue.clone();
        match blocking(&self.store, move |store| store.release_leases(&queue)).await {
            Ok(0) => {}
            Ok(released) => tracing::warn!(
                deployment = &*self.name,
                queue = self.consumer.queue,
                "{released} messages of queue \"{}\" were being delivered when worky last stopped; they count as \
                 failed attempts and are delivered again",
                self.consumer.queue
            ),
            Err(err) => self.failed(&err),
        }
    }

    /// Waits until a batch should go: `max_batch_size` messages are ready, or
    /// the first ready one has waited `max_batch_timeout`. Wakes for a send in
    /// this process, and looks again at least every `POLL` (sends from other
    /// processes, delays that end).
    async fn wait_for_batch(&self) {
        let waker = self.store.waker(&self.consumer.queue);
        let batch_size = u64::from(self.consumer.max_batch_size.max(1));
        let batch_timeout = Duration::from_secs_f64(self.consumer.max_batch_timeout);
        // When the batch now filling got its first message.
        let mut filling_since: Option<tokio::time::Instant> = None;
        loop {
            let woken = waker.notified();
            let queue = self.consumer.queue.clone();
            let ready = match blocking(&self.store, move |store| store.ready(&queue)).await {
                Ok(ready) => ready,
                Err(err) => {
                    self.failed(&err);
                    tokio::time::sleep(POLL).await;
                    continue;
                }
            };
            if ready.count == 0 {
                filling_since = None;
                let until_visible =
                    ready.next_visible.map(|at| Duration::from_secs_f64(((at - now_ms()) / 1000.0).max(0.0)));
                let _ = tokio::time::timeout(until_visible.unwrap_or(POLL).min(POLL), woken).await;
                continue;
            }
            let since = *filling_since.get_or_insert_with(tokio::time::Instant::now);
            if ready.count >= batch_size || since.elapsed() >= batch_timeout {
                return;
            }
            let _ = tokio::time::timeout_at(since + batch_timeout, woken).await;
        }
    }

    /// Leases the next batch (`None`: another took the messages, or the store failed).
    async fn take_batch(&self) -> Option<QueueBatch> {
        let (queue, most) = (self.consumer.queue.clone(), self.consumer.max_batch_size.max(1) as usize);
        let taken = blocking(&self.store, move |store| {
            let messages = store.lease(&queue, most)?;
            Ok((messages, store.backlog(&queue)?))
        });
        match taken.await {
            Ok((messages, _)) if messages.is_empty() => None,
            Ok((messages, backlog)) => Some(QueueBatch { queue: self.consumer.queue.clone(), messages, backlog }),
            Err(err) => {
                self.failed(&err);
                None
            }
        }
    }

    fn failed(&self, err: &QueueError) {
        tracing::error!(deployment = &*self.name, queue = self.consumer.queue, "{}: {err}", self.name);
    }

    /// Runs the handler with `batch` and settles every message by its answer.
    async fn deliver(&self, batch: QueueBatch) {
        let messages = batch.messages.clone();
        let started = std::time::Instant::now();
        let request = WorkerRequest::queue(&self.name, batch);
        let handled = tokio::time::timeout(RUN_TIMEOUT, self.worker.handle(request)).await;
        let answer = match handled {
            Ok(handled) => Answer::of(handled).await,
            Err(_) => Answer::failed(format!("did not finish in {} minutes", RUN_TIMEOUT.as_secs() / 60)),
        };
        let outcomes = self.outcomes(&messages, &answer);
        (self.report)(&Delivered {
            deployment: &self.name,
            queue: &self.consumer.queue,
            acknowledged: outcomes.iter().filter(|(_, outcome)| *outcome == Outcome::Acked).count(),
            messages: messages.len(),
            elapsed: started.elapsed(),
            error: answer.error.as_deref(),
            given_up: outcomes.iter().filter(|(_, outcome)| *outcome == Outcome::GivenUp).count(),
            dead_letter_queue: self.consumer.dead_letter_queue.as_deref(),
            attempts: self.consumer.max_retries + 1,
        });
        self.settle(&messages, outcomes).await;
    }

    /// What becomes of each message, by workerd's rules (see 21_queues.js).
    fn outcomes<'a>(&self, messages: &'a [Delivery], answer: &Answer) -> Vec<(&'a Delivery, Outcome)> {
        let decided = &answer.decisions;
        messages
            .iter()
            .map(|message| {
                let own_retry = decided.retries.iter().find(|(id, _)| *id == message.id);
                let retry =
                    decided.retry_all || own_retry.is_some() || (answer.error.is_some() && !decided.acked(message));
                if !retry {
                    return (message, Outcome::Acked);
                }
                let delay = own_retry
                    .and_then(|(_, delay)| *delay)
                    .or(decided.retry_all_delay)
                    .map_or(self.consumer.retry_delay, |delay| delay.clamp(0.0, 86_400.0) as u32);
                if message.failed_attempts + 1 > self.consumer.max_retries {
                    (message, Outcome::GivenUp)
                } else {
                    (message, Outcome::Retried { delay })
                }
            })
            .collect()
    }

    async fn settle(&self, messages: &[Delivery], outcomes: Vec<(&Delivery, Outcome)>) {
        let given_up: Vec<Delivery> =
            outcomes.iter().filter(|(_, outcome)| *outcome == Outcome::GivenUp).map(|(m, _)| (*m).clone()).collect();
        let queue = &self.consumer.queue;
        for outcome in ["acked", "retried", "dead_lettered", "dropped"] {
            let count =
                outcomes.iter().filter(|(_, o)| o.label(self.consumer.dead_letter_queue.is_some()) == outcome).count();
            if count > 0 {
                let deployment = self.name.to_string();
                let labels = [("deployment", deployment), ("queue", queue.clone()), ("outcome", outcome.to_string())];
                metrics::counter!("worky_queue_messages_total", &labels).increment(count as u64);
            }
        }
        if let (false, Some(dead)) = (given_up.is_empty(), &self.consumer.dead_letter_queue) {
            let dead = dead.clone();
            if let Err(err) = blocking(&self.store, move |store| store.take_over(&dead, &given_up)).await {
                // Kept (and delivered again) rather than lost.
                self.failed(&err);
                let retry = Settle::Retry { delay: self.consumer.retry_delay };
                let retried: Vec<(i64, Settle)> = messages.iter().map(|m| (m.seq, retry)).collect();
                let queue = queue.clone();
                let _ = blocking(&self.store, move |store| store.settle(&queue, &retried)).await;
                return;
            }
        }
        let settled: Vec<(i64, Settle)> = outcomes
            .iter()
            .map(|(message, outcome)| {
                let settle = match outcome {
                    Outcome::Acked => Settle::Ack,
                    Outcome::Retried { delay } => Settle::Retry { delay: *delay },
                    Outcome::GivenUp => Settle::Remove,
                };
                (message.seq, settle)
            })
            .collect();
        let queue = queue.clone();
        if let Err(err) = blocking(&self.store, move |store| store.settle(&queue, &settled)).await {
            self.failed(&err);
        }
        // Messages retried without a delay are ready at once.
        self.store.waker(&self.consumer.queue).notify_one();
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Acked,
    Retried {
        delay: u32,
    },
    /// Past `max_retries`: to the dead-letter queue, or dropped.
    GivenUp,
}

impl Outcome {
    /// worky_queue_messages_total's label.
    fn label(self, has_dead_letter_queue: bool) -> &'static str {
        match self {
            Outcome::Acked => "acked",
            Outcome::Retried { .. } => "retried",
            Outcome::GivenUp if has_dead_letter_queue => "dead_lettered",
            Outcome::GivenUp => "dropped",
        }
    }
}

/// What the handler decided (21_queues.js's `Decisions`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Decisions {
    #[serde(default)]
    ack_all: bool,
    #[serde(default)]
    retry_all: bool,
    retry_all_delay: Option<f64>,
    #[serde(default)]
    acks: Vec<String>,
    #[serde(default)]
    retries: Vec<(String, Option<f64>)>,
}

impl Decisions {
    fn acked(&self, message: &Delivery) -> bool {
        self.ack_all || self.acks.contains(&message.id)
    }
}

/// A delivery's answer: the decisions, and the failure if the handler threw
/// (or never ran: every message not acknowledged is retried).
struct Answer {
    decisions: Decisions,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
struct Reported {
    #[serde(flatten)]
    decisions: Decisions,
    error: Option<String>,
    stack: Option<String>,
}

impl Answer {
    fn failed(error: String) -> Answer {
        Answer { decisions: Decisions::default(), error: Some(error) }
    }

    async fn of(handled: Handled) -> Answer {
        let response = match handled.outcome {
            Ok(response) => response,
            Err(error) => {
                let stack = error.stack.map(|stack| format!("\n{stack}")).unwrap_or_default();
                return Answer::failed(format!("{}{stack}", error.message));
            }
        };
        let body = match response.body {
            ResponseBody::Full(bytes) => bytes.to_vec(),
            ResponseBody::Empty => Vec::new(),
            _ => return Answer::failed("the queue handler's answer was not whole".into()),
        };
        match serde_json::from_slice::<Reported>(&body) {
            Ok(reported) => {
                // A stack starts with the message.
                let error =
                    reported.error.map(|error| reported.stack.filter(|stack| !stack.is_empty()).unwrap_or(error));
                Answer { decisions: reported.decisions, error }
            }
            Err(err) => Answer::failed(format!("the queue handler's answer could not be read: {err}")),
        }
    }
}
