//! `worky analytics query`: SQL over the project's local Analytics Engine
//! datasets (what `env.DATASET.writeDataPoint()` wrote in `worky dev`), as
//! Cloudflare's SQL API answers over an account's datasets: one table a
//! dataset, with `timestamp`, `index1`, `blob1`..`blob20`, `double1`..`double20`
//! and `_sample_interval`. SQLite's SQL, not ClickHouse's; SELECT only.

use anyhow::{Result, bail};

use super::kv::LocalProject;
use crate::runtime::analytics::DATABASE;
use crate::runtime::d1::D1Store;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    local: LocalProject,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Run a SELECT over the datasets (each is a table named after its dataset)
    Query {
        /// The SQL, as `SELECT blob1, SUM(double1) FROM my_dataset GROUP BY blob1`
        sql: String,
        /// Print JSON, as the SQL API's FORMAT JSON: {meta, data, rows}
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> Result<()> {
    let project = args.local.load()?;
    let Command::Query { sql, json } = args.command;
    let first = sql.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    if first != "SELECT" && first != "WITH" {
        bail!("worky analytics query runs SELECT statements only, as Analytics Engine's SQL API does");
    }
    let dir = project.analytics_dir(args.local.persist_to.as_deref());
    if !dir.join(format!("{DATABASE}.sqlite")).is_file() {
        bail!("no Analytics Engine data in {} yet: a worker's writeDataPoint() makes it", dir.display());
    }
    let outcome = D1Store::new(&dir).script(DATABASE, &sql).map_err(|err| anyhow::anyhow!("{err}"))?;
    if json {
        let rows = super::d1::rows_json(&outcome);
        let meta: Vec<serde_json::Value> =
            outcome.columns.iter().map(|name| serde_json::json!({ "name": name })).collect();
        println!("{}", serde_json::json!({ "meta": meta, "data": rows, "rows": rows.len() }));
        return Ok(());
    }
    super::d1::print_outcome(&outcome, false);
    Ok(())
}
