//! `worky deploy NAME@VERSION`: asks a running `worky serve` to switch a
//! deployment (its admin API, host/serve/admin.rs).

use anyhow::{Context, Result, bail};

use crate::host::serve::{DeploymentStatus, SwitchRequest, switch_path};
use crate::ui;

#[derive(clap::Args)]
pub struct Args {
    /// NAME@VERSION
    target: String,
    /// URL of the worky serve host
    #[arg(long, env = "WORKY_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// Its admin token
    #[arg(long, env = "WORKY_ADMIN_TOKEN", hide_env_values = true)]
    token: String,
}

pub async fn run(args: Args) -> Result<()> {
    let Some((name, version)) = args.target.split_once('@') else {
        bail!("give the deployment as NAME@VERSION, e.g. shop@1.0.1");
    };
    let url = format!("{}{}", args.server.trim_end_matches('/'), switch_path(name));
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(&args.token)
        .json(&SwitchRequest { version: version.to_string() })
        .send()
        .await
        .with_context(|| format!("cannot reach worky serve at {url}"))?;
    let status = response.status();
    if !status.is_success() {
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        bail!("worky serve answered {status}: {}", body["error"].as_str().unwrap_or(""));
    }
    let deployed: DeploymentStatus = response.json().await.context("worky serve sent an answer worky cannot read")?;
    ui::status("Deployed", format!("{}@{}", deployed.name, deployed.version));
    Ok(())
}
