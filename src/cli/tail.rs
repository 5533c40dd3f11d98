//! `worky tail NAME`: a served deployment's requests, console output and
//! uncaught exceptions as they happen, like `wrangler tail`, from the admin
//! API of a running `worky serve` (host/serve/tail.rs). Pretty lines for
//! people, or `--format json` (one event a line) for tools; the filters apply
//! to what arrives.

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use serde_json::Value;

use crate::host::serve::tail_path;
use crate::ui;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  worky tail shop --server https://host:8080 --token T
  worky tail shop --format json --status error
  worky tail shop --method POST --search checkout --sampling-rate 0.1")]
pub struct Args {
    /// The deployment (its name in serve.toml)
    name: String,
    /// URL of the worky serve host
    #[arg(long, env = "WORKY_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// Its admin token
    #[arg(long, env = "WORKY_ADMIN_TOKEN", hide_env_values = true)]
    token: String,
    /// pretty (for people) or json (one event a line)
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    format: Format,
    /// Only requests that went well (ok) or not (error); console lines and exceptions follow
    #[arg(long, value_enum)]
    status: Option<Status>,
    /// Only requests with this method (repeatable)
    #[arg(long)]
    method: Vec<String>,
    /// Only requests, console lines and exceptions whose text holds TEXT
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// The share of requests to show, from 0 to 1
    #[arg(long, default_value_t = 1.0, value_parser = sampling_rate)]
    sampling_rate: f64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Pretty,
    Json,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Status {
    Ok,
    Error,
}

fn sampling_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("{text} is not a rate from 0 to 1")),
    }
}

pub async fn run(args: Args) -> Result<()> {
    let url = format!("{}{}", args.server.trim_end_matches('/'), tail_path(&args.name));
    let response = reqwest::Client::new()
        .get(&url)
        .bearer_auth(&args.token)
        .header("accept", "text/event-stream")
        .send()
        .await
        .with_context(|| format!("cannot reach worky serve at {}", args.server))?;
    let status = response.status();
    if !status.is_success() {
        let body: Value = response.json().await.unwrap_or_default();
        bail!("worky serve answered {status}: {}", body["error"].as_str().unwrap_or(""));
    }
    let mut body = response.bytes_stream();
    let mut pending = String::new();
    while let Some(chunk) = body.next().await {
        pending.push_str(&String::from_utf8_lossy(&chunk.context("the tail stream broke")?));
        // One event per `data:` line; blank lines and comments (keep-alives) between.
        while let Some(end) = pending.find('\n') {
            let line = pending[..end].trim_end_matches('\r').to_string();
            pending.drain(..=end);
            if let Some(data) = line.strip_prefix("data:") {
                let event: Value =
                    serde_json::from_str(data.trim()).context("worky serve sent an event worky cannot read")?;
                show(&args, &event);
            }
        }
    }
    bail!("the tail of {} ended: worky serve stopped, or this tailer fell behind and was dropped", args.name)
}

fn show(args: &Args, event: &Value) {
    let kind = event["type"].as_str().unwrap_or("");
    if kind == "connected" {
        ui::status("Tailing", format!("{} (Ctrl-C to stop)", args.name));
        return;
    }
    if !wanted(args, kind, event) {
        return;
    }
    match args.format {
        Format::Json => println!("{event}"),
        Format::Pretty => println!("{}", pretty(kind, event)),
    }
}

fn wanted(args: &Args, kind: &str, event: &Value) -> bool {
    if let Some(search) = &args.search
        && !event.to_string().contains(search.as_str())
    {
        return false;
    }
    if kind != "request" {
        return args.status != Some(Status::Ok) || kind == "console";
    }
    let ok = event["outcome"] == "ok";
    if args.status.is_some_and(|status| (status == Status::Ok) != ok) {
        return false;
    }
    let method = event["method"].as_str().unwrap_or("");
    if !args.method.is_empty() && !args.method.iter().any(|wanted| wanted.eq_ignore_ascii_case(method)) {
        return false;
    }
    args.sampling_rate >= 1.0 || rand::random::<f64>() < args.sampling_rate
}

fn pretty(kind: &str, event: &Value) -> String {
    let text = |key: &str| event[key].as_str().unwrap_or("").to_string();
    match kind {
        "request" => {
            let cpu = event["cpu_ms"].as_f64().map(|cpu| format!(", cpu {cpu} ms")).unwrap_or_default();
            let head = format!(
                "{} {} {} {} ({} ms{cpu})",
                text("method"),
                text("path"),
                event["status"],
                text("outcome"),
                event["duration_ms"]
            );
            match event["error"].as_str() {
                Some(error) => format!("{head}\n{}", indent(error)),
                None => head,
            }
        }
        "console" => format!("  ({}) {}", text("level"), text("message")),
        "exception" => format!("  uncaught: {}", text("message")),
        _ => event.to_string(),
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}")).collect::<Vec<_>>().join("\n")
}
