//! The command line: one binary, one file per command. Each command file holds
//! its clap arguments and its body; this file only parses and dispatches.
//! Errors are `anyhow` here and nowhere below.

mod analytics;
mod build;
mod d1;
mod deploy;
mod dev;
mod init;
mod keygen;
mod kv;
mod log_lines;
mod logging;
mod owner;
mod publish;
mod registry;
mod secret;
mod serve;
mod tail;
mod types;
mod workflows;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::ui;

#[derive(Parser)]
#[command(
    name = "worky",
    version = crate::runtime::VERSION,
    about = "Run Cloudflare-Workers-style JavaScript and TypeScript on your own machines",
    long_about = "worky runs code written for Cloudflare Workers (module syntax) on a self-hosted runtime, \
                  with the whole toolchain in one binary.\n\n  worky init my-app && cd my-app && worky dev",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new project from a template
    Init(init::Args),
    /// Serve the project locally on an isolate, rebuilding and reloading on save
    Dev(dev::Args),
    /// Bundle the project into dist/: worker.js, worker.js.map and manifest.json
    Build(build::Args),
    /// Look at and edit the project's local KV data
    Kv(kv::Args),
    /// Run SQL on the project's local D1 databases, and apply their migrations
    D1(d1::Args),
    /// Query the project's local Analytics Engine datasets with SQL
    Analytics(analytics::Args),
    /// List, inspect, pause, resume, terminate or restart the project's local Workflow instances
    Workflows(workflows::Args),
    /// Write worker-configuration.d.ts: the Env interface from worky.toml, plus Workers types
    Types(types::Args),
    /// Create the ed25519 key that signs your packages
    Keygen(keygen::Args),
    /// Build, pack and sign the project, and upload it to a registry
    Publish(publish::Args),
    /// See or share who may publish a package name in a registry
    Owner(owner::Args),
    /// Run a package registry that `worky publish` uploads to
    Registry(registry::Args),
    /// Run published packages in production (routes, verified packages, version switches)
    Serve(serve::Args),
    /// Switch a deployment of a running `worky serve` to another version (or back)
    Deploy(deploy::Args),
    /// Set, list or delete a served deployment's secrets (the value from stdin)
    Secret(secret::Args),
    /// Watch a served deployment's requests, console output and exceptions live
    Tail(tail::Args),
}

/// wrangler commands worky has no counterpart for, and what it offers instead
/// (clap would otherwise suggest a look-alike command). An entry goes when worky
/// gains the command.
const WRANGLER_ONLY: &[(&str, &str)] = &[
    ("r2", "an R2 bucket needs no creating: worky keeps its objects in .worky/state/r2/ from the first put"),
    ("queues", "a queue needs no creating: worky keeps its messages in .worky/state/queues/ from the first send"),
    ("versions", "`worky publish` makes versions and `worky deploy NAME@VERSION` switches a served one"),
    ("deployments", "`worky deploy NAME@VERSION` switches what a `worky serve` runs"),
    ("rollback", "`worky deploy NAME@VERSION` switches back to any published version"),
    ("login", "worky needs no login: `worky publish` takes --registry and --token"),
    ("logout", "worky needs no login"),
    ("whoami", "worky needs no login: publishers are keys (`worky keygen`)"),
];

pub fn main() -> ExitCode {
    if let Some((command, instead)) =
        std::env::args().nth(1).and_then(|first| WRANGLER_ONLY.iter().find(|(command, _)| *command == first))
    {
        ui::error(format!("`{command}` is a wrangler command worky does not have: {instead}"));
        return ExitCode::FAILURE;
    }
    // `worky -v` prints the version, as `wrangler -v` does (clap's flag is -V).
    let args = std::env::args_os()
        .enumerate()
        .map(|(index, arg)| if index == 1 && arg == "-v" { "--version".into() } else { arg });
    let cli = Cli::parse_from(args);
    let _log_writer = match &cli.command {
        Command::Serve(args) => Some(logging::init_for_server(args.log_format)),
        Command::Registry(args) => Some(logging::init_for_server(args.log_format)),
        _ => {
            logging::init_for_terminal();
            None
        }
    };
    if matches!(cli.command, Command::Dev(_) | Command::Serve(_)) {
        // The main thread accepts connections in the servers (see runtime/threads.rs).
        crate::runtime::threads::prefer_throughput();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(crate::runtime::threads::prefer_throughput)
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            ui::error(format!("cannot start the async runtime: {err}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            ui::error(format!("{err:#}"));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Init(args) => init::run(args),
        Command::Dev(args) => dev::run(args).await,
        Command::Build(args) => build::run(args).await,
        Command::Kv(args) => kv::run(args),
        Command::D1(args) => d1::run(args),
        Command::Analytics(args) => analytics::run(args),
        Command::Workflows(args) => workflows::run(args),
        Command::Types(args) => types::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Publish(args) => publish::run(args).await,
        Command::Owner(args) => owner::run(args).await,
        Command::Registry(args) => registry::run(args).await,
        Command::Serve(args) => serve::run(args).await,
        Command::Deploy(args) => deploy::run(args).await,
        Command::Secret(args) => secret::run(args).await,
        Command::Tail(args) => tail::run(args).await,
    }
}
