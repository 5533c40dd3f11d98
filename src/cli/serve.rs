//! `worky serve`: the production host (host/serve does the work).

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum as _;

use super::logging::LogFormat;
use crate::config::serve::ServeConfig;
use crate::host;
use crate::host::serve::{Role, Shard};

#[derive(clap::Args)]
#[command(after_help = "Logs go to stderr: worky's records at info and up (RUST_LOG=worky=debug for more,\n\
  worky::access=warn to drop the access log), as text lines or, with --log-format json, JSON objects.")]
pub struct Args {
    /// The serve config: deployments, routes, registry, trusted keys (see docs/serve.md)
    #[arg(long, short, default_value = "serve.toml")]
    config: PathBuf,
    /// How log records are written
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Run as worker process N of the host (started by the serve front itself)
    #[arg(long, hide = true, requires_all = ["worker_socket", "front", "worker_memory_mb"])]
    worker_index: Option<usize>,
    /// The deployments a worker process runs (comma-separated)
    #[arg(long, hide = true, value_delimiter = ',')]
    worker_deployments: Vec<String>,
    /// Versions a worker process runs instead of serve.toml's (name@version, comma-separated)
    #[arg(long, hide = true, value_delimiter = ',')]
    worker_versions: Vec<String>,
    /// A worker process's share of [host] memory_mb
    #[arg(long, hide = true)]
    worker_memory_mb: Option<u64>,
    /// The Unix socket a worker process answers the front on
    #[arg(long, hide = true)]
    worker_socket: Option<PathBuf>,
    /// The address the front serves clients on
    #[arg(long, hide = true)]
    front: Option<std::net::SocketAddr>,
}

pub async fn run(args: Args) -> Result<()> {
    let config = ServeConfig::load(&args.config)?;
    crate::runtime::tls::check_extra_roots().map_err(anyhow::Error::msg)?;
    let role = match (args.worker_index, args.worker_socket, args.front, args.worker_memory_mb) {
        (Some(index), Some(socket), Some(front), Some(memory_mb)) => {
            let versions = args
                .worker_versions
                .iter()
                .filter_map(|v| v.split_once('@'))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            Role::Worker(Shard { index, deployments: args.worker_deployments, versions, memory_mb, socket, front })
        }
        _ if config.worker_processes > 0 => {
            let log_format = args.log_format.to_possible_value().expect("a value").get_name().to_string();
            Role::Front { config_path: args.config, log_format }
        }
        _ => Role::Single,
    };
    host::serve::run(config, role).await
}
