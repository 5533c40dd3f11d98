//! `worky registry`: the package registry (deploy/registry/server.rs).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Result, bail};

use super::logging::LogFormat;
use crate::deploy::registry::{self, RegistryOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Port to listen on; 0 takes any free port (the log says which)
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
    /// Require this token (or a publisher's) to list and download packages (repeatable;
    /// default: reads are open to anyone who can reach the registry)
    #[arg(long = "read-token", value_name = "TOKEN", env = "WORKY_REGISTRY_READ_TOKEN", hide_env_values = true)]
    read_tokens: Vec<String>,
    /// How log records are written
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

pub async fn run(args: Args) -> Result<()> {
    let publishers = args.publishers.iter().map(|flag| parse_publisher(flag)).collect::<Result<_>>()?;
    if args.read_tokens.iter().any(String::is_empty) {
        bail!("--read-token may not be empty");
    }
    let options = RegistryOptions {
        listen: SocketAddr::new(args.ip, args.port),
        storage: args.storage,
        publishers,
        read_tokens: args.read_tokens,
    };
    Ok(registry::server::run(options).await?)
}

/// Parses a `TOKEN=PUBLIC_KEY` publisher flag.
fn parse_publisher(flag: &str) -> Result<(String, String)> {
    let Some((token, key)) = flag.split_once('=') else {
        bail!("--publisher takes TOKEN=PUBLIC_KEY (the public key `worky keygen` prints), got `{flag}`");
    };
    if token.is_empty() || key.is_empty() {
        bail!("--publisher takes TOKEN=PUBLIC_KEY; neither may be empty");
    }
    Ok((token.to_string(), key.to_string()))
}
