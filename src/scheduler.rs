//! Cron triggers: fires a deployment's `scheduled` handler at the times its
//! manifest lists (`[triggers] crons` in worky.toml). Used by `worky serve`;
//! `worky dev` triggers by hand (`/__scheduled`), as wrangler does.
//!
//! Expressions have the five Workers fields (minute hour day month weekday); a
//! sixth, leading seconds field is accepted too.

use std::sync::Arc;

use anyhow::{Result, anyhow};
use chrono::Utc;
use croner::Cron;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::pool::Pool;
use crate::runtime::{RequestBody, WorkerReply, WorkerRequest};
use crate::ui;

pub fn parse(expression: &str) -> Result<Cron> {
    Cron::new(expression)
        .with_seconds_optional()
        .parse()
        .map_err(|err| anyhow!("invalid cron expression `{expression}`: {err}"))
}

/// Runs every cron of `name` until the returned task is aborted. `current` gives
/// the pool of the version running at firing time.
pub fn start(
    name: String,
    crons: Vec<String>,
    current: impl Fn() -> Option<Arc<Pool>> + Send + Sync + 'static,
) -> Vec<JoinHandle<()>> {
    let current = Arc::new(current);
    crons
        .into_iter()
        .filter_map(|expression| match parse(&expression) {
            Ok(cron) => Some((expression, cron)),
            Err(err) => {
                ui::error(format!("{name}: {err}"));
                None
            }
        })
        .map(|(expression, cron)| {
            let (name, current) = (name.clone(), current.clone());
            tokio::spawn(async move {
                loop {
                    let Ok(next) = cron.find_next_occurrence(&Utc::now(), false) else { return };
                    let wait = (next - Utc::now()).to_std().unwrap_or_default();
                    tokio::time::sleep(wait).await;
                    match current() {
                        Some(pool) => fire(&name, &expression, &pool).await,
                        None => return,
                    }
                }
            })
        })
        .collect()
}

async fn fire(name: &str, cron: &str, pool: &Pool) {
    let (reply, answer) = oneshot::channel();
    pool.dispatch(WorkerRequest {
        method: "GET".into(),
        url: format!("http://{name}.worky/__scheduled"),
        headers: Vec::new(),
        body: RequestBody::Empty,
        max_body_bytes: 0,
        scheduled: Some(cron.to_string()),
        reply,
    })
    .await;
    match answer.await {
        Ok(WorkerReply::Response(_)) => ui::status("Cron", format!("{name} ran \"{cron}\"")),
        Ok(WorkerReply::Error(error)) => ui::error(format!(
            "{name}: scheduled \"{cron}\" failed: {}\n{}",
            error.message,
            error.stack.unwrap_or_default()
        )),
        Ok(WorkerReply::Retry(_)) | Err(_) => ui::error(format!("{name}: scheduled \"{cron}\" got no answer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_crons_and_seconds() {
        assert!(parse("*/5 * * * *").is_ok());
        assert!(parse("0 12 * * MON-FRI").is_ok());
        assert!(parse("*/2 * * * * *").is_ok(), "an optional leading seconds field");
        assert!(parse("61 * * * *").unwrap_err().to_string().contains("invalid cron expression `61 * * * *`"));
        assert!(parse("every minute").is_err());
    }
}
