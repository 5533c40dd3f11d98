//! The `send_email` binding's op (runtime_js/27_email.js): a message the JS
//! checked (as miniflare checks it) is kept as an `.eml` file in the worker's
//! outbox, as `wrangler dev` keeps it in a file, and reported (dev prints an
//! EMAIL line, serve logs it).

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use deno_core::{JsBuffer, OpState, op2};
use deno_error::JsErrorBox;

use crate::bundle::SendEmailBinding;
use crate::runtime::events::{self, Event};

/// The worker's email senders and where their messages go (`outbox`: `None`,
/// sending fails, saying so).
#[derive(Default)]
pub struct WorkerEmail {
    pub worker: std::sync::Arc<str>,
    pub bindings: Vec<SendEmailBinding>,
    pub outbox: Option<PathBuf>,
}

/// `[name, destination address, allowed destinations, allowed senders]` of
/// each sender, for `env`.
pub(crate) type SenderInfo = (String, Option<String>, Option<Vec<String>>, Option<Vec<String>>);

pub(crate) fn email_bindings(state: &mut OpState) -> Vec<SenderInfo> {
    let bindings = &state.borrow::<WorkerEmail>().bindings;
    let info = |b: &SendEmailBinding| {
        (
            b.name.clone(),
            b.destination_address.clone(),
            b.allowed_destination_addresses.clone(),
            b.allowed_sender_addresses.clone(),
        )
    };
    bindings.iter().map(info).collect()
}

/// Distinguishes messages kept in the same millisecond.
static SENT: AtomicU64 = AtomicU64::new(0);

/// Keeps message `raw` (from `from` to `to`, already checked) in the
/// binding's outbox; answers the file's path.
#[op2]
#[string]
pub async fn op_worky_email_send(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[string] from: String,
    #[serde] to: Vec<String>,
    #[buffer] raw: JsBuffer,
) -> Result<String, JsErrorBox> {
    let (worker, outbox) = {
        let state = state.borrow();
        let email = state.borrow::<WorkerEmail>();
        (email.worker.clone(), email.outbox.clone())
    };
    let outbox = outbox.ok_or_else(|| JsErrorBox::generic("this host keeps no email: send_email has no outbox"))?;
    let raw = raw.to_vec();
    let dir = outbox.join(&binding);
    let path = tokio::task::spawn_blocking(move || -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&dir)?;
        let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_millis();
        let path = dir.join(format!("{millis}-{}.eml", SENT.fetch_add(1, Ordering::Relaxed)));
        std::fs::write(&path, raw)?;
        Ok(path)
    })
    .await
    .map_err(|err| JsErrorBox::generic(err.to_string()))?
    .map_err(|err| JsErrorBox::generic(format!("cannot keep the email in {}: {err}", outbox.display())))?;
    let path = path.display().to_string();
    events::emit(Event::EmailSent { worker, binding, from, to, path: path.clone() });
    Ok(path)
}
