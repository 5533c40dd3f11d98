//! `worky secret put|list|delete`: a served deployment's secrets, through the
//! admin API of a running `worky serve` (host/serve/admin.rs), as `wrangler
//! secret` does for Cloudflare. `put` reads the value from stdin, never from
//! the command line (where `ps` and shell history would see it). `worky dev`
//! reads secrets from .dev.vars instead.

use std::io::{IsTerminal, Read};

use anyhow::{Context, Result, bail};

use crate::host::serve::{SecretNames, secret_path, secrets_path};
use crate::ui;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  echo -n \"$API_KEY\" | worky secret put API_KEY --deployment shop
  worky secret list --deployment shop
  worky secret delete API_KEY --deployment shop

The value is read from stdin (a terminal: type it, then Ctrl-D); one trailing newline is dropped.
The deployment's running version starts again with the change: new requests see it.")]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Set a secret (the value from stdin)
    Put {
        /// The name `env` has it under
        name: String,
        #[command(flatten)]
        target: Target,
    },
    /// List a deployment's secrets (names only)
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Delete a secret
    Delete {
        name: String,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(clap::Args)]
struct Target {
    /// The deployment (its name in serve.toml)
    #[arg(long, short)]
    deployment: String,
    /// URL of the worky serve host
    #[arg(long, env = "WORKY_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// Its admin token
    #[arg(long, env = "WORKY_ADMIN_TOKEN", hide_env_values = true)]
    token: String,
}

impl Target {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.trim_end_matches('/'))
    }
}

pub async fn run(args: Args) -> Result<()> {
    let client = reqwest::Client::new();
    let (target, request, done) = match &args.action {
        Action::Put { name, target } => {
            let value = read_value()?;
            let request = client.put(target.url(&secret_path(&target.deployment, name))).body(value);
            (target, request, format!("secret {name} of {}", target.deployment))
        }
        Action::List { target } => (target, client.get(target.url(&secrets_path(&target.deployment))), String::new()),
        Action::Delete { name, target } => {
            let request = client.delete(target.url(&secret_path(&target.deployment, name)));
            (target, request, format!("secret {name} of {}", target.deployment))
        }
    };
    let response = request
        .bearer_auth(&target.token)
        .send()
        .await
        .with_context(|| format!("cannot reach worky serve at {}", target.server))?;
    let status = response.status();
    if !status.is_success() {
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        bail!("worky serve answered {status}: {}", body["error"].as_str().unwrap_or(""));
    }
    let names: SecretNames = response.json().await.context("worky serve sent an answer worky cannot read")?;
    match &args.action {
        Action::Put { .. } => ui::status("Set", done),
        Action::Delete { .. } => ui::status("Deleted", done),
        Action::List { target } if names.names.is_empty() => ui::info(format!("{} has no secrets", target.deployment)),
        Action::List { .. } => {
            for name in &names.names {
                println!("{name}");
            }
        }
    }
    Ok(())
}

/// The value from stdin, without one trailing newline (`echo` adds it).
fn read_value() -> Result<String> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        ui::info("Enter the secret's value, then Ctrl-D:");
    }
    let mut value = String::new();
    stdin.read_to_string(&mut value).context("the secret's value must be UTF-8 text on stdin")?;
    if let Some(stripped) = value.strip_suffix('\n') {
        value = stripped.strip_suffix('\r').unwrap_or(stripped).to_string();
    }
    if value.is_empty() {
        bail!("no value on stdin: pipe it in, as in `echo -n \"$VALUE\" | worky secret put NAME --deployment D`");
    }
    Ok(value)
}
