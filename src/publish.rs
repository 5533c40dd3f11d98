//! `worky publish`: build, pack, sign, upload to a registry.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use futures::StreamExt;

use crate::bundler::{self, BundleOptions};
use crate::package::{self, SigningKey};
use crate::project::Project;
use crate::ui;

pub struct PublishOptions {
    pub config: Option<PathBuf>,
    pub registry: Option<String>,
    pub token: Option<String>,
    pub key: Option<PathBuf>,
    pub version: Option<String>,
    pub dry_run: bool,
}

pub async fn run(options: PublishOptions) -> Result<()> {
    let mut project = Project::load(options.config.as_deref(), None)?;
    if let Some(version) = options.version {
        project.config.version = Some(version);
    }
    let Some(version) = project.config.version.clone() else {
        bail!("no version to publish: set `version = \"1.0.0\"` in worky.toml, or pass --version");
    };
    let key_path = options.key.unwrap_or_else(package::default_key_path);
    let key = SigningKey::load(&key_path)?;

    let out_dir = project.root.join("dist");
    let bundle = bundler::build_into(&project, &out_dir, BundleOptions::default()).await?;
    let bytes = package::pack(&bundle, &key)?;
    let file = out_dir.join(package::file_name(&bundle.manifest));
    std::fs::write(&file, &bytes).with_context(|| format!("cannot write {}", file.display()))?;
    let name = &bundle.manifest.name;
    ui::status(
        "Packed",
        format!("{name}@{version} {} ({} bytes, key {})", file.display(), bytes.len(), key.public_key()),
    );
    if options.dry_run {
        ui::status("Dry run", "nothing uploaded");
        return Ok(());
    }
    let registry = options.registry.context("no registry: pass --registry URL or set WORKY_REGISTRY")?;
    let token = options.token.context("no token: pass --token or set WORKY_TOKEN")?;
    let url = format!("{}/v1/packages/{name}/{version}", registry.trim_end_matches('/'));
    upload(&url, &token, bytes).await?;
    ui::status("Published", format!("{name}@{version} {}", ui::cyan(&url)));
    Ok(())
}

/// PUTs the package with a progress bar; each refusal gets its own message.
async fn upload(url: &str, token: &str, bytes: Vec<u8>) -> Result<()> {
    let total = bytes.len() as u64;
    let bar = indicatif::ProgressBar::new(total).with_style(
        indicatif::ProgressStyle::with_template("  Uploading [{bar:30}] {bytes}/{total_bytes}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let counter = bar.clone();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = bytes.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let stream = futures::stream::iter(chunks).inspect(move |chunk| {
        if let Ok(chunk) = chunk {
            counter.inc(chunk.len() as u64);
        }
    });
    let response = reqwest::Client::new()
        .put(url)
        .bearer_auth(token)
        .header(reqwest::header::CONTENT_LENGTH, total)
        .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await;
    bar.finish_and_clear();
    let response = response.map_err(|err| anyhow::anyhow!("cannot reach the registry at {url}: {err}"))?;
    let status = response.status().as_u16();
    let reason = response
        .json::<serde_json::Value>()
        .await
        .ok()
        .and_then(|body| body.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_default();
    match status {
        200..=299 => Ok(()),
        401 => bail!("the registry refused the token (401): check --token or WORKY_TOKEN"),
        409 => bail!("{reason} (409): bump `version` in worky.toml to publish again"),
        400 => bail!("the registry refused the package (400): {reason}"),
        413 => bail!("the package is too large for the registry (413)"),
        _ => bail!("the registry answered {status}: {reason}"),
    }
}
