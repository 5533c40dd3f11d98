//! The op that sends email (runtime_js/27_email.js): a message the JS checked
//! (as miniflare checks it), sent by a `send_email` binding or forwarded or
//! replied to by an `email` handler, is kept as an `.eml` file in the worker's
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

/// The outbox folder of a message `kind` sends and what the report says of it:
/// a binding's own folder, `forwarded/` or `replies/` for an `email` handler's.
fn outbox_of(kind: &str, binding: &str) -> Result<(String, String), JsErrorBox> {
    match kind {
        "send" => Ok((binding.to_string(), format!("env.{binding} sent an email"))),
        "forward" => Ok(("forwarded".into(), "the email handler forwarded an email".into())),
        "reply" => Ok(("replies".into(), "the email handler replied with an email".into())),
        _ => Err(JsErrorBox::type_error(format!("no such way to send email: {kind}"))),
    }
}

/// Keeps message `raw` (from `from` to `to`, already checked), which `kind`
/// sends ("send" through `binding`, "forward" or "reply"), in the outbox;
/// answers the file's path.
#[op2]
#[string]
pub async fn op_worky_email_send(
    state: Rc<RefCell<OpState>>,
    #[string] kind: String,
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
    let outbox = outbox.ok_or_else(|| JsErrorBox::generic("this host keeps no email: it has no outbox"))?;
    let (folder, action) = outbox_of(&kind, &binding)?;
    let raw = raw.to_vec();
    let dir = outbox.join(folder);
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
    events::emit(Event::EmailSent { worker, action, from, to, path: path.clone() });
    Ok(path)
}
