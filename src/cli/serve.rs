//! `worky serve`: the production host (host/serve does the work).

use std::path::PathBuf;

use anyhow::Result;

use super::logging::LogFormat;
use crate::config::serve::ServeConfig;
use crate::host;

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
}

pub async fn run(args: Args) -> Result<()> {
    let config = ServeConfig::load(&args.config)?;
    host::serve::run(config).await
}
