//! `worky publish`: build, pack, sign, upload to a registry.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use indicatif::HumanBytes;

use super::build::{Built, build_into};
use crate::bundle;
use crate::config::Project;
use crate::deploy::package::{self, SigningKey};
use crate::deploy::registry::RegistryClient;
use crate::ui;

#[derive(clap::Args)]
#[command(disable_version_flag = true)]
pub struct Args {
    /// Registry URL
    #[arg(long, env = "WORKY_REGISTRY")]
    registry: Option<String>,
    /// Upload token (the registry maps it to your public key)
    #[arg(long, env = "WORKY_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Signing key [default: ~/.config/worky/publisher-key.json, or WORKY_KEY]
    #[arg(long)]
    key: Option<PathBuf>,
    /// Version to publish, semver [default: `version` in worky.toml]
    #[arg(long = "version", value_name = "VERSION")]
    package_version: Option<String>,
    /// Build, pack and sign into dist/, but upload nothing
    #[arg(long)]
    dry_run: bool,
    /// Path to worky.toml [default: found in the current directory or its parents]
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// The config's environment NAME ([env.NAME], as in wrangler)
    #[arg(long, short = 'e', value_name = "NAME")]
    env: Option<String>,
}

pub async fn run(args: Args) -> Result<()> {
    let mut project = Project::load_in(args.config.as_deref(), None, args.env.as_deref())?;
    ui::notices(&project.notices);
    if let Some(version) = args.package_version {
        project.config.version = Some(version);
    }
    let Some(version) = project.config.version.clone() else {
        bail!("no version to publish: set `version = \"1.0.0\"` in worky.toml, or pass --version");
    };
    if let Err(err) = semver::Version::parse(&version) {
        bail!("version \"{version}\" is not a semver version ({err}); use one like \"1.2.0\"");
    }
    let name = &project.config.name;
    if !bundle::is_package_name(name) {
        let origin = project.config_path.as_ref().map(|path| format!("{}: ", path.display())).unwrap_or_default();
        bail!("{origin}name \"{name}\" cannot be published: {}", bundle::PACKAGE_NAME_RULE);
    }
    let key_path = args.key.unwrap_or_else(package::default_key_path);
    let key = SigningKey::load(&key_path)?;

    let out_dir = project.root.join("dist");
    let Built { bundle, assets_dir } = build_into(&project, &out_dir, false).await?;
    let bytes = package::pack(&bundle, &key, assets_dir.as_deref())?;
    let file = out_dir.join(package::file_name(&bundle.manifest));
    std::fs::write(&file, &bytes).with_context(|| format!("cannot write {}", file.display()))?;
    let name = &bundle.manifest.name;
    let size = HumanBytes(bytes.len() as u64);
    ui::status("Packed", format!("{name}@{version} {} ({size}, key {})", file.display(), key.public_key()));
    if args.dry_run {
        ui::status("Dry run", "nothing uploaded");
        return Ok(());
    }
    let registry = args.registry.context("no registry: pass --registry URL or set WORKY_REGISTRY")?;
    let token = args.token.context("no token: pass --token or set WORKY_TOKEN")?;
    let client = RegistryClient::new(&registry);
    let bar = indicatif::ProgressBar::new(bytes.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("  Uploading [{bar:30}] {bytes}/{total_bytes}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let counter = bar.clone();
    let uploaded = client.upload(name, &version, &token, bytes, move |sent| counter.set_position(sent)).await;
    bar.finish_and_clear();
    uploaded?;
    ui::status("Published", format!("{name}@{version} {}", ui::cyan(client.package_url(name, &version))));
    Ok(())
}
