//! Bodies that stream between workers (a service binding's or a Durable
//! Object's `fetch`), both ways, as on workerd: the caller reads an answer's
//! body as the answering worker writes it (runtime_js/03_http.js
//! `answerBody`), and the called worker reads a request's streamed body as the
//! caller writes it (`callBody`), so an event stream, a large download or an
//! upload passes through chunk by chunk instead of being read whole first.
//!
//! Each body is held here under a number until it ends, fails, or one side
//! lets it go (a stream cancelled, or collected unread); letting go drops its
//! channel, which tells the other side's stream to stop.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use bytes::Bytes;
use deno_core::JsBuffer;
use deno_core::{OpState, op2};
use deno_error::JsErrorBox;
use tokio::sync::mpsc;

/// Chunks of one body, as its writer gives them; an `Err` ends it failed.
pub type Chunks = mpsc::Receiver<Result<Bytes, std::io::Error>>;
type ChunkSender = mpsc::Sender<Result<Bytes, std::io::Error>>;

/// Chunks buffered between the writer of a request body and the called worker.
const CALL_BODY_CAPACITY: usize = 16;

/// The answers' bodies this isolate has not read to their end, by number.
#[derive(Default)]
pub struct AnswerBodies {
    next: u32,
    /// `None` while a read waits on it.
    bodies: HashMap<u32, Option<Chunks>>,
}

impl AnswerBodies {
    /// Holds `chunks` for JS to read; its number.
    pub fn insert(&mut self, chunks: Chunks) -> u32 {
        self.next = self.next.wrapping_add(1);
        self.bodies.insert(self.next, Some(chunks));
        self.next
    }
}

/// The next chunk of answer `id`; empty at its end (and for a body let go).
/// A body whose stream failed rejects with what failed, as workerd passes the
/// answering stream's error on.
#[op2]
#[buffer]
pub async fn op_worky_read_answer(state: Rc<RefCell<OpState>>, #[smi] id: u32) -> Result<Vec<u8>, JsErrorBox> {
    let taken = state.borrow_mut().borrow_mut::<AnswerBodies>().bodies.get_mut(&id).and_then(Option::take);
    let Some(mut chunks) = taken else { return Ok(Vec::new()) };
    loop {
        match chunks.recv().await {
            Some(Ok(chunk)) if chunk.is_empty() => continue,
            Some(Ok(chunk)) => {
                // Back for the next read, unless JS let it go meanwhile.
                if let Some(slot) = state.borrow_mut().borrow_mut::<AnswerBodies>().bodies.get_mut(&id) {
                    *slot = Some(chunks);
                }
                return Ok(chunk.to_vec());
            }
            end => {
                state.borrow_mut().borrow_mut::<AnswerBodies>().bodies.remove(&id);
                return match end {
                    Some(Err(err)) => Err(JsErrorBox::generic(err.to_string())),
                    _ => Ok(Vec::new()),
                };
            }
        }
    }
}

/// Passes answer `answer` on as request `id`'s streamed response body (the
/// response head went out), chunk by chunk in Rust: a worker that returns
/// another worker's answer as it is (`return env.SVC.fetch(request)`) spends
/// no JS on its chunks. Answers `(client gone, the answer's failure)`;
/// request `id`'s body is then ended by JS (`op_worky_end_body`).
#[op2]
#[serde]
pub async fn op_worky_pass_answer(
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    #[smi] answer: u32,
) -> (bool, Option<String>) {
    let (chunks, sender) = {
        let mut state = state.borrow_mut();
        let chunks = state.borrow_mut::<AnswerBodies>().bodies.remove(&answer).flatten();
        (chunks, super::http::response_sender(&mut state, id))
    };
    let (Some(mut chunks), Some(sender)) = (chunks, sender) else { return (false, None) };
    loop {
        match chunks.recv().await {
            Some(Ok(chunk)) => {
                if sender.send(Ok(chunk)).await.is_err() {
                    // Dropping the answer's channel cancels its worker's stream.
                    return (true, None);
                }
            }
            Some(Err(err)) => return (false, Some(err.to_string())),
            None => return (false, None),
        }
    }
}

/// JS is done with answer `id` before its end: the answering worker's stream
/// is cancelled (its channel closes).
#[op2(fast)]
pub fn op_worky_drop_answer(state: &mut OpState, #[smi] id: u32) {
    state.borrow_mut::<AnswerBodies>().bodies.remove(&id);
}

/// Request bodies on their way to another worker, by number: JS writes each
/// (its sender) while the call's request reads it (its receiver, taken by the
/// call's op).
#[derive(Default)]
pub struct CallBodies {
    next: u32,
    senders: HashMap<u32, ChunkSender>,
    receivers: HashMap<u32, Chunks>,
}

impl CallBodies {
    /// The streamed request body JS opened as `id`, for the call that sends it.
    pub fn take(state: &mut OpState, id: Option<u32>) -> Result<Option<Chunks>, JsErrorBox> {
        let Some(id) = id else { return Ok(None) };
        let receiver = state.borrow_mut::<CallBodies>().receivers.remove(&id);
        receiver.map(Some).ok_or_else(|| JsErrorBox::generic("the request body was already sent"))
    }
}

/// A new request body for a call to another worker; its number (not 0).
#[op2(fast)]
#[smi]
pub fn op_worky_call_body_open(state: &mut OpState) -> u32 {
    let bodies = state.borrow_mut::<CallBodies>();
    let (sender, receiver) = mpsc::channel(CALL_BODY_CAPACITY);
    // Never 0, which stands for no body.
    bodies.next = bodies.next.checked_add(1).unwrap_or(1);
    bodies.senders.insert(bodies.next, sender);
    bodies.receivers.insert(bodies.next, receiver);
    bodies.next
}

/// Writes a chunk of request body `id` once the called worker has room for
/// it; false when it let the body go (JS stops reading its source).
#[op2]
pub async fn op_worky_call_body_write(state: Rc<RefCell<OpState>>, #[smi] id: u32, #[buffer] chunk: JsBuffer) -> bool {
    let sender = state.borrow().borrow::<CallBodies>().senders.get(&id).cloned();
    match sender {
        Some(sender) => sender.send(Ok(Bytes::copy_from_slice(&chunk))).await.is_ok(),
        None => false,
    }
}

/// Request body `id` is written to its end, or (with `error`) failed after
/// what was written: the called worker's read fails with it.
#[op2]
pub async fn op_worky_call_body_end(state: Rc<RefCell<OpState>>, #[smi] id: u32, #[string] error: Option<String>) {
    let sender = state.borrow_mut().borrow_mut::<CallBodies>().senders.remove(&id);
    if let (Some(sender), Some(error)) = (sender, error) {
        let _ = sender.send(Err(std::io::Error::other(error))).await;
    }
}
