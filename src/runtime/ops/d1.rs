//! D1's ops (runtime_js/17_d1.js): a batch of statements, or `exec()`'s
//! statements, on the worker's D1 store, run on the blocking pool.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::serde_v8::AnyValue;
use deno_core::{OpState, op2};
use deno_error::JsErrorBox;

use super::objects::{sql_out, sql_param};
use crate::bundle::D1Binding;
use crate::runtime::d1::{D1Store, Outcome, Statement};
use crate::runtime::objects::storage::SqlValue;

/// The worker's D1 bindings and the store their data is in.
#[derive(Clone, Default)]
pub struct WorkerD1 {
    pub store: Option<Arc<D1Store>>,
    pub bindings: Vec<D1Binding>,
}

impl WorkerD1 {
    fn database(&self, binding: &str) -> Result<(Arc<D1Store>, String), JsErrorBox> {
        let store = self.store.clone().ok_or_else(|| JsErrorBox::generic("this host keeps no D1 data"))?;
        let found = self.bindings.iter().find(|b| b.name == binding);
        let found = found.ok_or_else(|| JsErrorBox::generic(format!("no D1 binding {binding}")))?;
        Ok((store, found.storage.clone()))
    }
}

/// The names of the D1 bindings, for `env`.
pub(crate) fn d1_bindings(state: &mut OpState) -> Vec<String> {
    state.borrow::<WorkerD1>().bindings.iter().map(|binding| binding.name.clone()).collect()
}

/// A bound value: every number as REAL, as D1 binds them (18_d1.js mapped the rest).
fn d1_param(value: Option<AnyValue>) -> Result<SqlValue, JsErrorBox> {
    Ok(match sql_param(value)? {
        SqlValue::Number(n) => SqlValue::Real(n),
        other => other,
    })
}

/// (columns, rows, [changes, last_row_id, changed_db, rows_read, rows_written, size_after]).
type Answer = (Vec<String>, Vec<Vec<Option<AnyValue>>>, [f64; 6]);

fn answer(outcome: Outcome) -> Answer {
    let rows = outcome.rows.into_iter().map(|row| row.into_iter().map(sql_out).collect()).collect();
    let meta = [
        outcome.changes as f64,
        outcome.last_row_id as f64,
        if outcome.changed_db { 1.0 } else { 0.0 },
        outcome.rows_read as f64,
        outcome.rows_written as f64,
        outcome.size_after as f64,
    ];
    (outcome.columns, rows, meta)
}

/// Runs statements (one, or a `batch()`) in one transaction.
#[op2]
#[serde]
pub async fn op_worky_d1_batch(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[serde] statements: Vec<(String, Vec<Option<AnyValue>>)>,
) -> Result<Vec<Answer>, JsErrorBox> {
    let (store, database) = state.borrow().borrow::<WorkerD1>().database(&binding)?;
    let statements = statements
        .into_iter()
        .map(|(sql, params)| Ok(Statement { sql, params: params.into_iter().map(d1_param).collect::<Result<_, _>>()? }))
        .collect::<Result<Vec<_>, JsErrorBox>>()?;
    let outcomes = tokio::task::spawn_blocking(move || store.batch(&database, &statements))
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.0))?;
    Ok(outcomes.into_iter().map(answer).collect())
}

/// `exec()`: statements without values, one a line, in one transaction.
#[op2]
pub async fn op_worky_d1_exec(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[serde] lines: Vec<String>,
) -> Result<(), JsErrorBox> {
    let (store, database) = state.borrow().borrow::<WorkerD1>().database(&binding)?;
    tokio::task::spawn_blocking(move || store.exec(&database, &lines))
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.0))
}
