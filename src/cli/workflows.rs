//! `worky workflows instances list|describe|pause|resume|terminate|restart`:
//! the project's local Workflow instances (what `worky dev` runs, in
//! `.worky/state/workflows/`), as `wrangler workflows instances` shows and
//! changes an account's. A running `worky dev` sees a change within a second
//! (its runner looks at the file again); a run out when an instance is paused,
//! terminated or restarted stops at its next step.

use anyhow::{Result, bail};

use super::kv::LocalProject;
use crate::runtime::workflows::{Control, WorkflowStore};
use crate::ui;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  worky workflows instances list orders
  worky workflows instances describe orders order-42
  worky workflows instances terminate orders order-42")]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    local: LocalProject,
}

#[derive(clap::Subcommand)]
enum Command {
    /// A workflow's local instances
    #[command(subcommand)]
    Instances(Instances),
}

#[derive(clap::Subcommand)]
enum Instances {
    /// Each instance: id, status, when it was created, what ended it
    List {
        /// The workflow's name (`[[workflows]]` name)
        workflow: String,
    },
    /// One instance: its status and the steps it recorded
    Describe { workflow: String, id: String },
    /// Pause an instance (a run out stops at its next step)
    Pause { workflow: String, id: String },
    /// Resume a paused instance
    Resume { workflow: String, id: String },
    /// End an instance for good
    Terminate { workflow: String, id: String },
    /// Run an instance again from its start, its steps forgotten
    Restart { workflow: String, id: String },
}

pub fn run(args: Args) -> Result<()> {
    let project = args.local.load()?;
    let Command::Instances(command) = args.command;
    let dir = project.workflows_dir(args.local.persist_to.as_deref());
    let store_of = |workflow: &str| -> Result<WorkflowStore> {
        if !project.config.workflows.iter().any(|w| w.name.get_ref() == workflow) {
            let known: Vec<&str> = project.config.workflows.iter().map(|w| w.name.get_ref().as_str()).collect();
            bail!("the project has no workflow named \"{workflow}\" (its [[workflows]]: {})", known.join(", "));
        }
        if !dir.join(format!("{workflow}.sqlite")).is_file() {
            bail!("no instances of workflow \"{workflow}\" in {} yet: env.BINDING.create() makes one", dir.display());
        }
        Ok(WorkflowStore::new(&dir))
    };
    let control = |workflow: &str, id: &str, control: Control, done: &str| -> Result<()> {
        store_of(workflow)?.control(workflow, id, control).map_err(|err| anyhow::anyhow!("{err}"))?;
        ui::status(done, format!("instance {id} of workflow {workflow}"));
        Ok(())
    };
    match command {
        Instances::List { workflow } => list(&store_of(&workflow)?, &workflow),
        Instances::Describe { workflow, id } => describe(&store_of(&workflow)?, &workflow, &id),
        Instances::Pause { workflow, id } => control(&workflow, &id, Control::Pause, "Paused"),
        Instances::Resume { workflow, id } => control(&workflow, &id, Control::Resume, "Resumed"),
        Instances::Terminate { workflow, id } => control(&workflow, &id, Control::Terminate, "Terminated"),
        Instances::Restart { workflow, id } => control(&workflow, &id, Control::Restart, "Restarted"),
    }
}

fn created(ms: f64) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map_or_else(String::new, |at| at.format("%Y-%m-%d %H:%M:%S").to_string())
}

fn list(store: &WorkflowStore, workflow: &str) -> Result<()> {
    let instances = store.list(workflow).map_err(|err| anyhow::anyhow!("{err}"))?;
    println!("{:<40} {:<11} {:<20} error", "id", "status", "created (UTC)");
    for instance in instances {
        let error = instance.error.unwrap_or_default();
        println!("{:<40} {:<11} {:<20} {error}", instance.id, instance.status, created(instance.created));
    }
    Ok(())
}

fn describe(store: &WorkflowStore, workflow: &str, id: &str) -> Result<()> {
    let listed = store.list(workflow).map_err(|err| anyhow::anyhow!("{err}"))?;
    let Some(instance) = listed.into_iter().find(|instance| instance.id == id) else {
        bail!("workflow \"{workflow}\" has no instance \"{id}\"");
    };
    println!("instance  {id}\nstatus    {}\ncreated   {} UTC", instance.status, created(instance.created));
    if let Some(error) = &instance.error {
        println!("error     {error}");
    }
    println!("steps");
    for (key, record, bytes) in store.steps(workflow, id).map_err(|err| anyhow::anyhow!("{err}"))? {
        // The key is kind:name:count; the record says where the step is.
        let record: serde_json::Value = serde_json::from_str(&record).unwrap_or_default();
        let state = record["state"].as_str().unwrap_or("?");
        let detail = match state {
            "done" => format!("{bytes} bytes"),
            "failed" => {
                format!("{}: {}", record["name"].as_str().unwrap_or(""), record["message"].as_str().unwrap_or(""))
            }
            "sleep" | "wait" => format!("until {} UTC", created(record["until"].as_f64().unwrap_or(0.0))),
            "retry" => format!(
                "attempt {} failed, next at {} UTC",
                record["attempts"],
                created(record["at"].as_f64().unwrap_or(0.0))
            ),
            _ => format!("attempt {}", record["attempts"]),
        };
        println!("  {key:<40} {state:<8} {detail}");
    }
    Ok(())
}
