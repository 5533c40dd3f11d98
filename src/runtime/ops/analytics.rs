//! Analytics Engine's op (runtime_js/22_analytics.js): a checked data point
//! written to the binding's dataset on the blocking pool.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use deno_core::{OpState, op2};
use deno_error::JsErrorBox;

use crate::bundle::AnalyticsBinding;
use crate::runtime::analytics::{AnalyticsStore, DataPoint};

/// The worker's dataset bindings and the store their points go to.
#[derive(Clone, Default)]
pub struct WorkerAnalytics {
    pub store: Option<Arc<AnalyticsStore>>,
    pub bindings: Vec<AnalyticsBinding>,
}

pub(crate) fn analytics_bindings(state: &mut OpState) -> Vec<String> {
    state.borrow::<WorkerAnalytics>().bindings.iter().map(|binding| binding.name.clone()).collect()
}

#[op2]
pub async fn op_worky_analytics_write(
    state: Rc<RefCell<OpState>>,
    #[string] binding: String,
    #[serde] point: DataPoint,
) -> Result<(), JsErrorBox> {
    let (store, dataset) = {
        let state = state.borrow();
        let analytics = state.borrow::<WorkerAnalytics>();
        let store = analytics.store.clone().ok_or_else(|| JsErrorBox::generic("this host keeps no analytics"))?;
        let found = analytics.bindings.iter().find(|b| b.name == binding);
        (store, found.ok_or_else(|| JsErrorBox::generic(format!("no dataset binding {binding}")))?.dataset.clone())
    };
    tokio::task::spawn_blocking(move || store.write(&dataset, &point))
        .await
        .map_err(|err| JsErrorBox::generic(err.to_string()))?
        .map_err(|err| JsErrorBox::generic(err.0))
}
