//! `worky owner`: who may publish a package name. The first publisher of a name
//! owns it; an owner shares it with another publisher's key.

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::deploy::registry::RegistryClient;
use crate::ui;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// Registry URL
    #[arg(long, env = "WORKY_REGISTRY", global = true)]
    registry: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// List the public keys that may publish NAME
    List {
        name: String,
        /// A read token (or your upload token), for a registry started with --read-token
        #[arg(long, env = "WORKY_REGISTRY_READ_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// Let the publisher with PUBLIC_KEY publish NAME too (your token must own NAME)
    Add {
        name: String,
        public_key: String,
        /// Your upload token
        #[arg(long, env = "WORKY_TOKEN", hide_env_values = true)]
        token: String,
    },
}

pub async fn run(args: Args) -> Result<()> {
    let registry = args.registry.context("no registry: pass --registry URL or set WORKY_REGISTRY")?;
    let client = RegistryClient::new(&registry);
    let owners = match args.command {
        Command::List { name, token } => client.with_read_token(token).owners(&name).await?,
        Command::Add { name, public_key, token } => {
            let owners = client.add_owner(&name, &public_key, &token).await?;
            ui::status("Shared", format!("{name} with {public_key}"));
            owners
        }
    };
    // The keys alone on stdout, one a line, for scripts.
    for owner in &owners.owners {
        println!("{owner}");
    }
    Ok(())
}
