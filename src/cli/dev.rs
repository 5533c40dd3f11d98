//! `worky dev`: the local server (host/dev.rs does the work).

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Result;

use crate::host::dev::{self, DevOptions, Https, Overrides};
use crate::ui::Level;

#[derive(clap::Args)]
#[command(after_help = "Limits (flags override [limits] and [pool] in worky.toml):
  CPU time      --cpu-ms, default 30000: one uninterrupted stretch of JS past it is stopped (503)
  wall clock    --wall-ms, default 30000: no response head by then answers 504
  heap          --memory-mb, default 128 per isolate (at least 16): past it the isolate is stopped (503)
  request body  --max-body-mb, default 100: larger bodies answer 413
An isolate stopped by a limit is discarded and replaced; other isolates never notice.")]
pub struct Args {
    /// Entry module (.js or .ts); overrides `main` in worky.toml, which is then optional
    entry: Option<PathBuf>,
    /// Port to listen on; 0 takes any free port [default: 8787, or [dev] port in worky.toml]
    #[arg(long, short)]
    port: Option<u16>,
    /// Address to listen on [default: 127.0.0.1, or [dev] ip in worky.toml]
    #[arg(long)]
    ip: Option<IpAddr>,
    /// Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (0: any free port)
    #[arg(long, value_name = "PORT")]
    metrics_port: Option<u16>,
    /// Also answer requests for this Host (besides localhost and IP addresses; `.example.test` allows
    /// its subdomains); repeatable, adds to [dev] allowed_hosts
    #[arg(long = "allowed-host", value_name = "HOST")]
    allowed_hosts: Vec<String>,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Directory for local state (KV, D1, Durable Objects) [default: .worky/state in the project]
    #[arg(long, value_name = "DIR")]
    persist_to: Option<PathBuf>,
    /// Serve this folder as static assets, before the worker (wrangler dev's --assets; over [assets]
    /// directory); with no entry module, the folder alone
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
    /// Run the config's environment NAME ([env.NAME], as in wrangler)
    #[arg(long, short = 'e', value_name = "NAME")]
    env: Option<String>,
    /// A var for env, winning over the config's (repeatable), as in wrangler: --var GREETING:hi
    #[arg(long = "var", value_name = "KEY:VALUE", value_parser = key_value)]
    vars: Vec<(String, String)>,
    /// Replace an identifier with a JS expression at build time (repeatable): --define DEBUG:true
    #[arg(long = "define", value_name = "KEY:VALUE", value_parser = key_value)]
    defines: Vec<(String, String)>,
    /// Accepted for wrangler compatibility: /__scheduled and /cdn-cgi/handler/scheduled always work in dev
    #[arg(long)]
    test_scheduled: bool,
    /// Minify the bundle (stack traces stay mapped to your sources)
    #[arg(long)]
    minify: bool,
    /// How much worky prints (the worker's console output is always shown)
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "log", env = "WORKY_LOG_LEVEL")]
    log_level: Level,
    /// Serve over http, or https with a certificate for localhost made on the fly
    /// (kept in .worky/local-cert) unless --https-cert-path/--https-key-path give one
    #[arg(long, value_enum, value_name = "PROTOCOL", default_value = "http")]
    local_protocol: Protocol,
    /// PEM certificate for --local-protocol https
    #[arg(long, value_name = "PATH", requires = "https_key_path")]
    https_cert_path: Option<PathBuf>,
    /// PEM private key for --local-protocol https
    #[arg(long, value_name = "PATH", requires = "https_cert_path")]
    https_key_path: Option<PathBuf>,
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
    /// Isolates kept running when idle; 0: none until a request [default: 1]
    #[arg(long, value_name = "N")]
    min_isolates: Option<usize>,
    /// Most isolates at once [default: number of cores]
    #[arg(long, value_name = "N")]
    max_isolates: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Protocol {
    Http,
    Https,
}

/// `KEY:VALUE` (the value may hold more colons).
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!("expected KEY:VALUE, got `{text}`")),
    }
}

pub async fn run(args: Args) -> Result<()> {
    crate::ui::set_level(args.log_level);
    crate::runtime::tls::check_extra_roots().map_err(anyhow::Error::msg)?;
    let https = match (args.local_protocol, args.https_cert_path, args.https_key_path) {
        (Protocol::Http, None, None) => None,
        (Protocol::Http, _, _) => anyhow::bail!("--https-cert-path and --https-key-path need --local-protocol https"),
        (Protocol::Https, Some(cert), Some(key)) => Some(Https::Files { cert, key }),
        (Protocol::Https, _, _) => Some(Https::Local),
    };
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
        metrics_port: args.metrics_port,
        allowed_hosts: args.allowed_hosts,
        persist_to: args.persist_to,
        assets: args.assets,
        env: args.env,
        vars: args.vars,
        defines: args.defines,
        minify: args.minify,
        https,
        overrides,
    })
    .await
}
