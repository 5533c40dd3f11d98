//! Ops behind JS RPC stubs (runtime_js/26_rpc.js, src/runtime/stubs.rs): what
//! a call passes by reference crosses as a list of entries beside its bytes,
//! and arrives as the receiving isolate's own stub numbers.

use std::cell::RefCell;
use std::rc::Rc;

use deno_core::{JsBuffer, OpState, op2};
use deno_error::JsErrorBox;

use super::objects::{Answer, answer_of};
use crate::runtime::objects::Rpc;
use crate::runtime::stubs::{ImportedStubs, Lent, OwnAddress, Stub, StubError};

fn stub_error(err: StubError) -> JsErrorBox {
    JsErrorBox::generic(err.to_string())
}

/// The stubs a call passes, from JS's entries: `n > 0` is object `n` of this
/// isolate's table, lent out now; `-n` this isolate's stub `n`, passed on (the
/// receiver reaches the object where it lives, not through here).
pub(crate) fn stubs_of(state: &OpState, entries: &[i64]) -> Result<Vec<Stub>, JsErrorBox> {
    entries
        .iter()
        .map(|&entry| match u32::try_from(-entry) {
            Ok(imported) => state.borrow::<ImportedStubs>().get(imported).map_err(stub_error),
            Err(_) => Ok(Lent::new(state.borrow::<OwnAddress>().0.clone(), entry.unsigned_abs())),
        })
        .collect()
}

/// Takes the stubs a call or an answer brought in; answers their numbers for
/// JS (`None` when its bytes hold nothing but clones). A stub over the
/// isolate's bound becomes 0: JS has a stub whose every use throws the bound's error.
pub(crate) fn import(state: &mut OpState, stubs: Option<Vec<Stub>>) -> Option<Vec<u32>> {
    let imported = state.borrow_mut::<ImportedStubs>();
    Some(stubs?.into_iter().map(|stub| imported.insert(stub).unwrap_or(0)).collect())
}

/// Calls through stub `stub` (`kind` "apply", "call" or "get"), the arguments'
/// bytes and what they pass by reference beside, and waits for the answer.
#[op2]
#[serde]
pub async fn op_worky_stub_call(
    state: Rc<RefCell<OpState>>,
    #[smi] stub: u32,
    #[string] kind: String,
    #[string] member: String,
    #[buffer] args: JsBuffer,
    #[serde] entries: Option<Vec<i64>>,
    #[string] traceparent: Option<String>,
) -> Result<Answer, JsErrorBox> {
    let (target, stubs) = {
        let state = state.borrow();
        let target = state.borrow::<ImportedStubs>().get(stub).map_err(stub_error)?;
        (target, entries.map(|entries| stubs_of(&state, &entries)).transpose()?)
    };
    let outcome = target.call(Rpc { kind, member, stubs }, args.to_vec(), traceparent).await;
    answer_of(&state, outcome, true).await
}

/// JS disposed stub `stub`, or let it be collected.
#[op2(fast)]
pub fn op_worky_stub_release(state: &mut OpState, #[smi] stub: u32) {
    state.borrow_mut::<ImportedStubs>().remove(stub);
}

/// A new stub for `entry` (read as `stubs_of` reads it): `-n`, `dup()` of
/// stub n (the same object, disposed on its own); `n`, `new RpcStub(object)`
/// of object n lent from here now.
#[op2(fast)]
#[smi]
pub fn op_worky_stub_import(state: &mut OpState, entry: f64) -> Result<u32, JsErrorBox> {
    let stub = stubs_of(state, &[entry as i64])?.remove(0);
    state.borrow_mut::<ImportedStubs>().insert(stub).map_err(stub_error)
}

/// Answers request `id`, a JS RPC call, with its result's (or error's) bytes
/// and what they pass by reference.
#[op2]
pub fn op_worky_respond_rpc(
    state: &mut OpState,
    #[smi] id: u32,
    #[smi] status: u16,
    #[buffer] bytes: JsBuffer,
    #[serde] entries: Vec<i64>,
) -> Result<(), JsErrorBox> {
    let stubs = stubs_of(state, &entries)?;
    super::http::respond_rpc(state, id, status, bytes::Bytes::copy_from_slice(&bytes), stubs)
}
