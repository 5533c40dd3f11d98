//! The command line: one binary, one subcommand per job.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::bundler::{self, BundleOptions};
use crate::dev::{self, DevOptions, Overrides};
use crate::project::Project;
use crate::{init, kv, types, ui};

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
    Init(InitArgs),
    /// Serve the project locally on an isolate, rebuilding and reloading on save
    Dev(DevArgs),
    /// Bundle the project into dist/: worker.js, worker.js.map and manifest.json
    Build(BuildArgs),
    /// Look at and edit the project's local KV data
    Kv(KvArgs),
    /// Write worker-configuration.d.ts: the Env interface from worky.toml, plus Workers types
    Types(TypesArgs),
    /// Create the ed25519 key that signs your packages
    Keygen(KeygenArgs),
    /// Build, pack and sign the project, and upload it to a registry
    Publish(PublishArgs),
    /// Run a package registry that `worky publish` uploads to
    Registry(RegistryArgs),
    /// Run published packages in production (routes, verified packages, version switches)
    Serve(ServeArgs),
    /// Switch a deployment of a running `worky serve` to another version (or back)
    Deploy(DeployArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// The serve config: deployments, routes, registry, trusted keys (see docs/serve.md)
    #[arg(long, short, default_value = "serve.toml")]
    config: PathBuf,
}

#[derive(Args)]
struct DeployArgs {
    /// NAME@VERSION
    target: String,
    /// URL of the worky serve host
    #[arg(long, env = "WORKY_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// Its admin token
    #[arg(long, env = "WORKY_ADMIN_TOKEN", hide_env_values = true)]
    token: String,
}

#[derive(Args)]
struct KeygenArgs {
    /// Where to write the key [default: ~/.config/worky/publisher-key.json, or WORKY_KEY]
    #[arg(long)]
    key: Option<PathBuf>,
}

#[derive(Args)]
#[command(disable_version_flag = true)]
struct PublishArgs {
    /// Registry URL
    #[arg(long, env = "WORKY_REGISTRY")]
    registry: Option<String>,
    /// Upload token (the registry maps it to your public key)
    #[arg(long, env = "WORKY_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Signing key [default: ~/.config/worky/publisher-key.json, or WORKY_KEY]
    #[arg(long)]
    key: Option<PathBuf>,
    /// Version to publish [default: `version` in worky.toml]
    #[arg(long = "version", value_name = "VERSION")]
    package_version: Option<String>,
    /// Build, pack and sign into dist/, but upload nothing
    #[arg(long)]
    dry_run: bool,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short)]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct RegistryArgs {
    /// Port to listen on
    #[arg(long, short, default_value_t = 8790)]
    port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    ip: IpAddr,
    /// Directory for packages and the index
    #[arg(long, value_name = "DIR")]
    storage: PathBuf,
    /// A publisher allowed to upload, as TOKEN=PUBLIC_KEY (repeatable)
    #[arg(long = "publisher", value_name = "TOKEN=PUBLIC_KEY")]
    publishers: Vec<String>,
}

#[derive(Args)]
struct KvArgs {
    #[command(subcommand)]
    command: KvCommand,
    /// KV namespace (a `binding` of [[kv_namespaces]]); optional when there is only one
    #[arg(long, short, global = true)]
    binding: Option<String>,
    /// Directory of the local state [default: .worky/state in the project]
    #[arg(long, value_name = "DIR", global = true)]
    persist_to: Option<PathBuf>,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short, global = true)]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum KvCommand {
    /// List keys (all pages), sorted by their UTF-8 bytes
    List {
        /// Only keys starting with this
        #[arg(long, default_value = "")]
        prefix: String,
        /// Print JSON: [{name, expiration?, metadata?}]
        #[arg(long)]
        json: bool,
    },
    /// Print a value (raw bytes; --json for value, metadata and expiration)
    Get {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Store a value given as an argument or read from a file
    Put {
        key: String,
        value: Option<String>,
        /// Read the value from this file instead
        #[arg(long, conflicts_with = "value")]
        path: Option<PathBuf>,
        /// Expire after this many seconds (at least 60)
        #[arg(long, value_name = "SECONDS")]
        ttl: Option<f64>,
        /// Expire at this time (seconds since the epoch)
        #[arg(long, value_name = "EPOCH_SECONDS")]
        expiration: Option<f64>,
        /// JSON metadata to store with the value (at most 1024 bytes)
        #[arg(long)]
        metadata: Option<String>,
    },
    /// Delete a key
    Delete { key: String },
}

#[derive(Args)]
struct TypesArgs {
    /// Where to write [default: worker-configuration.d.ts next to worky.toml]
    #[arg(long)]
    path: Option<PathBuf>,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short)]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct InitArgs {
    /// Directory to create (must not exist, or be empty)
    dir: PathBuf,
    /// Template to start from (`hello` is TypeScript); an unknown name lists them all
    #[arg(short, long, default_value = "hello")]
    template: String,
}

#[derive(Args)]
#[command(after_help = "Limits (flags override [limits] and [pool] in worky.toml):
  CPU time      --cpu-ms, default 30000: one uninterrupted stretch of JS past it is stopped (503)
  wall clock    --wall-ms, default 30000: no response head by then answers 504
  heap          --memory-mb, default 128 per isolate: past it the isolate is stopped (503)
  request body  --max-body-mb, default 100: larger bodies answer 413
An isolate stopped by a limit is discarded and replaced; other isolates never notice.")]
struct DevArgs {
    /// Entry module (.js or .ts); overrides `main` in worky.toml, which is then optional
    entry: Option<PathBuf>,
    /// Port to listen on [default: 8787, or [dev] port in worky.toml]
    #[arg(long, short)]
    port: Option<u16>,
    /// Address to listen on [default: 127.0.0.1, or [dev] ip in worky.toml]
    #[arg(long)]
    ip: Option<IpAddr>,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Directory for local state (KV) [default: .worky/state in the project]
    #[arg(long, value_name = "DIR")]
    persist_to: Option<PathBuf>,
    /// CPU time limit per uninterrupted stretch of JS, in ms
    #[arg(long, value_name = "MS")]
    cpu_ms: Option<u64>,
    /// Time limit from request to response head, in ms
    #[arg(long, value_name = "MS")]
    wall_ms: Option<u64>,
    /// Heap limit per isolate, in MB
    #[arg(long, value_name = "MB")]
    memory_mb: Option<u64>,
    /// Largest accepted request body, in MB
    #[arg(long, value_name = "MB")]
    max_body_mb: Option<u64>,
    /// Isolates kept running when idle [default: 1]
    #[arg(long, value_name = "N")]
    min_isolates: Option<usize>,
    /// Most isolates at once [default: number of cores]
    #[arg(long, value_name = "N")]
    max_isolates: Option<usize>,
}

#[derive(Args)]
struct BuildArgs {
    /// Entry module (.js or .ts); overrides `main` in worky.toml, which is then optional
    entry: Option<PathBuf>,
    /// Output directory [default: dist next to worky.toml]
    #[arg(long)]
    outdir: Option<PathBuf>,
    /// Minify the bundle (names mangled; the source map still points at your code)
    #[arg(long)]
    minify: bool,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short)]
    config: Option<PathBuf>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Dev(_) | Command::Serve(_)) {
        // The main thread accepts connections in the servers (see threads.rs).
        crate::threads::prefer_throughput();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(crate::threads::prefer_throughput)
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

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init(args) => {
            // Starts making the startup snapshot (if this binary has none yet) while
            // the project is written and npm installs.
            crate::runtime::snapshot::current();
            let created = init::init(&args.dir, &args.template)?;
            init::wait_for_runtime_snapshot();
            created.print_next_steps();
            Ok(())
        }
        Command::Dev(args) => {
            let overrides = Overrides {
                cpu_ms: args.cpu_ms,
                wall_ms: args.wall_ms,
                memory_mb: args.memory_mb,
                max_body_mb: args.max_body_mb,
                min_isolates: args.min_isolates,
                max_isolates: args.max_isolates,
            };
            dev::run(DevOptions {
                entry: args.entry,
                config: args.config,
                port: args.port,
                ip: args.ip,
                persist_to: args.persist_to,
                overrides,
            })
            .await
        }
        Command::Build(args) => build(args).await,
        Command::Kv(args) => {
            let project = Project::load(args.config.as_deref(), None)?;
            let command = match args.command {
                KvCommand::List { prefix, json } => kv::cli::Command::List { prefix, json },
                KvCommand::Get { key, json } => kv::cli::Command::Get { key, json },
                KvCommand::Put { key, value, path, ttl, expiration, metadata } => {
                    kv::cli::Command::Put { key, value, path, ttl, expiration, metadata }
                }
                KvCommand::Delete { key } => kv::cli::Command::Delete { key },
            };
            kv::cli::run(&project, args.persist_to.as_deref(), args.binding.as_deref(), command)
        }
        Command::Keygen(args) => {
            let path = args.key.unwrap_or_else(crate::package::default_key_path);
            if path.exists() {
                bail!("{} already exists; worky never overwrites a key (pass --key for another file)", path.display());
            }
            let key = crate::package::SigningKey::generate();
            key.save(&path)?;
            ui::status("Created", format!("signing key {}", path.display()));
            eprintln!("  public key: {}", ui::bold(key.public_key()));
            eprintln!("{}", ui::dim("  register it with a registry: worky registry --publisher TOKEN=<public key>"));
            println!("{}", key.public_key());
            Ok(())
        }
        Command::Publish(args) => {
            crate::publish::run(crate::publish::PublishOptions {
                config: args.config,
                registry: args.registry,
                token: args.token,
                key: args.key,
                version: args.package_version,
                dry_run: args.dry_run,
            })
            .await
        }
        Command::Registry(args) => {
            let publishers =
                args.publishers.iter().map(|p| crate::registry::parse_publisher(p)).collect::<Result<_>>()?;
            crate::registry::run(crate::registry::RegistryOptions {
                port: args.port,
                ip: args.ip,
                storage: args.storage,
                publishers,
            })
            .await
        }
        Command::Serve(args) => crate::serve::run(&args.config).await,
        Command::Deploy(args) => crate::serve::deploy_command(&args.target, &args.server, &args.token).await,
        Command::Types(args) => {
            let project = Project::load(args.config.as_deref(), None)?;
            let path = args.path.unwrap_or_else(|| project.root.join(types::FILE));
            types::write(&project, &path)?;
            ui::status("Wrote", path.display());
            Ok(())
        }
    }
}

async fn build(args: BuildArgs) -> Result<()> {
    let project = Project::load(args.config.as_deref(), args.entry.as_deref())?;
    let out_dir = match args.outdir {
        Some(dir) => std::path::absolute(dir)?,
        None => project.root.join("dist"),
    };
    let spinner = indicatif::ProgressBar::new_spinner().with_message(format!("Bundling {}", project.config.name));
    spinner.enable_steady_tick(std::time::Duration::from_millis(80));
    let started = std::time::Instant::now();
    let built = bundler::build_into(&project, &out_dir, BundleOptions { minify: args.minify }).await;
    spinner.finish_and_clear();
    let bundle = built?;
    let shown = out_dir.strip_prefix(std::env::current_dir()?).unwrap_or(&out_dir).to_path_buf();
    ui::status("Built", format!("{} in {}", ui::bold(&project.config.name), ui::format_duration(started.elapsed())));
    for file in &bundle.manifest.files {
        eprintln!("  {:<28} {}", shown.join(&file.path).display(), ui::dim(format_size(file.size)));
    }
    eprintln!("  {}", shown.join(crate::bundle::MANIFEST_FILE).display());
    Ok(())
}

fn format_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
