//! `worky build`: bundle the project into dist/ (worker.js, its source map,
//! manifest.json). `worky publish` builds through the same function.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::HumanBytes;

use crate::bundle::{self, Bundle, Bundler, MANIFEST_FILE};
use crate::config::Project;
use crate::ui;

#[derive(clap::Args)]
pub struct Args {
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
    /// The config's environment NAME ([env.NAME], as in wrangler)
    #[arg(long, short = 'e', value_name = "NAME")]
    env: Option<String>,
}

pub async fn run(args: Args) -> Result<()> {
    let project = Project::load_in(args.config.as_deref(), args.entry.as_deref(), args.env.as_deref())?;
    ui::notices(&project.notices);
    let out_dir = match args.outdir {
        Some(dir) => std::path::absolute(dir)?,
        None => project.root.join("dist"),
    };
    let spinner = indicatif::ProgressBar::new_spinner().with_message(format!("Bundling {}", project.config.name));
    spinner.enable_steady_tick(Duration::from_millis(80));
    let started = Instant::now();
    let built = build_into(&project, &out_dir, args.minify).await;
    spinner.finish_and_clear();
    let bundle = built?;
    let shown = out_dir.strip_prefix(std::env::current_dir()?).unwrap_or(&out_dir).to_path_buf();
    ui::status("Built", format!("{} in {}", ui::bold(&project.config.name), ui::format_duration(started.elapsed())));
    for file in &bundle.manifest.files {
        eprintln!("  {:<28} {}", shown.join(&file.path).display(), ui::dim(HumanBytes(file.size)));
    }
    eprintln!("  {}", shown.join(MANIFEST_FILE).display());
    Ok(())
}

/// Bundles `project` and writes the bundle into `out_dir`: what `worky build` and
/// `worky publish` both do. Diagnostics and warnings go to the terminal.
pub async fn build_into(project: &Project, out_dir: &Path, minify: bool) -> Result<Bundle> {
    let define = project.config.define.clone().into_iter().collect();
    let options = bundle::Options { minify, color: ui::stderr_has_color(), define };
    let mut bundler = Bundler::new(&project.bundle_source(), out_dir, options)?;
    let (bundle, warnings) = match bundler.build().await {
        Ok(built) => built,
        Err(error) => {
            eprintln!("{}", error.rendered);
            bail!("build failed");
        }
    };
    for warning in warnings {
        eprintln!("{warning}");
    }
    project.config.check_object_classes(&bundle.exports, &project.entry)?;
    bundle.write_to(out_dir).with_context(|| format!("cannot write the bundle to {}", out_dir.display()))?;
    Ok(bundle)
}
