//! Queues' producer ops (runtime_js/21_queues.js): send a batch of messages
//! (already in their content type's bytes) and read a queue's backlog, on the
//! blocking pool. The checks of values and content types are made in JS; the
//! limits on sizes and delays here, with Cloudflare's words.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{JsBuffer, OpState, op2};
use deno_error::JsErrorBox;

use crate::bundle::QueueBinding;
use crate::runtime::queues::{
    Backlog, MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, Outgoing, QueueError, QueueStore,
};

/// The worker's queue producers and the store their messages go to.
#[derive(Clone, Default)]
pub struct WorkerQueues {
    pub store: Option<Arc<QueueStore>>,
    pub bindings: Vec<QueueBinding>,
}

fn producer(state: &Rc<RefCell<OpState>>, binding: &str) -> Result<(Arc<QueueStore>, QueueBinding), JsErrorBox> {
    let state = state.borrow();
    let queues = state.borrow::<WorkerQueues>();
    let store = queues.store.clone().ok_or_else(|| JsErrorBox::generic("this host keeps no queues"))?;
    let found = queues.bindings.iter().find(|b| b.name == binding);
    let found = found.ok_or_else(|| JsErrorBox::generic(format!("no queue binding {binding}")))?;
    Ok((store, found.clone()))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, QueueError> + Send + 'static,
) -> Result<T, JsErrorBox> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.0))
}

/// (backlogCount, backlogBytes, oldestMessageTimestamp in ms or null)
type Metrics = (f64, f64, Option<f64>);

fn metrics(backlog: Backlog) -> Metrics {
    (backlog.count as f64, backlog.bytes as f64, backlog.oldest)
}

pub(crate) fn queue_bindings(state: &mut OpState) -> Vec<String> {
    state.borrow::<WorkerQueues>().bindings.iter().map(|binding| binding.name.clone()).collect()
}

/// Sends `messages` ((content type, body length, delay seconds or null) each,
/// their bodies one after another in `bodies`) to the binding's queue, all or
/// none; `batch` says the call was `sendBatch` (for the errors' words), `delay`
/// is its `delaySeconds`. Answers the queue's backlog before the send.
#[op2]
#[serde]
pub async fn op_worky_queue_send(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[serde] messages: Vec<(String, usize, Option<f64>)>,
    #[buffer] bodies: JsBuffer,
    batch: bool,
    delay: Option<f64>,
) -> Result<Metrics, JsErrorBox> {
    let (store, producer) = producer(&state, &binding)?;
    let call = if batch { "sendBatch" } else { "send" };
    let refuse = |why: String| JsErrorBox::generic(format!("Queue {call} failed: {why}"));
    let whole_delay = delay.map(|delay| checked_delay(delay).map_err(&refuse)).transpose()?;
    let largest = messages.iter().map(|(_, length, _)| *length).max().unwrap_or(0);
    let total: usize = messages.iter().map(|(_, length, _)| *length).sum();
    if !batch && largest > MAX_MESSAGE_BYTES {
        return Err(refuse(format!("message length of {largest} bytes exceeds limit of {MAX_MESSAGE_BYTES}")));
    }
    if messages.len() > MAX_BATCH_MESSAGES {
        let count = messages.len();
        return Err(refuse(format!("batch message count of {count} exceeds limit of {MAX_BATCH_MESSAGES}")));
    }
    if largest > MAX_MESSAGE_BYTES {
        return Err(refuse(format!(
            "message in batch has length {largest} bytes which exceeds single message size limit of {MAX_MESSAGE_BYTES}"
        )));
    }
    if total > MAX_BATCH_BYTES {
        return Err(refuse(format!("batch size of {total} bytes exceeds limit of {MAX_BATCH_BYTES}")));
    }
    let mut outgoing = Vec::with_capacity(messages.len());
    let mut offset = 0;
    for (content_type, length, own_delay) in messages {
        let body =
            bodies.get(offset..offset + length).ok_or_else(|| JsErrorBox::type_error("message bodies cut short"))?;
        offset += length;
        let delay = match own_delay {
            Some(delay) => checked_delay(delay).map_err(&refuse)?,
            None => whole_delay.unwrap_or(producer.delivery_delay),
        };
        outgoing.push(Outgoing { content_type, body: body.to_vec(), delay });
    }
    let queue = producer.queue;
    blocking(move || store.send(&queue, &outgoing).map(metrics)).await
}

/// The binding's queue's backlog now.
#[op2]
#[serde]
pub async fn op_worky_queue_metrics(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
) -> Result<Metrics, JsErrorBox> {
    let (store, producer) = producer(&state, &binding)?;
    blocking(move || store.backlog(&producer.queue).map(metrics)).await
}

/// A delay in whole seconds from 0 to 24 hours, as Cloudflare takes it.
fn checked_delay(seconds: f64) -> Result<u32, String> {
    if seconds.fract() == 0.0 && (0.0..=86_400.0).contains(&seconds) {
        Ok(seconds as u32)
    } else {
        Err(format!(
            "message delay {seconds} is invalid: delaySeconds must be a whole number of seconds from 0 to 86400"
        ))
    }
}
