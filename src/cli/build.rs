//! `worky build`: bundle the project into dist/ (worker.js, its source map,
//! manifest.json). `worky publish` builds through the same function.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::HumanBytes;

use crate::assets::Assets;
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
    let started = Instant::now();
    let Built { bundle, assets_dir } = build_into(&project, &out_dir, args.minify).await?;
    let shown = out_dir.strip_prefix(std::env::current_dir()?).unwrap_or(&out_dir).to_path_buf();
    ui::status("Built", format!("{} in {}", ui::bold(&project.config.name), ui::format_duration(started.elapsed())));
    for file in &bundle.manifest.files {
        eprintln!("  {:<28} {}", shown.join(&file.path).display(), ui::dim(HumanBytes(file.size)));
    }
    eprintln!("  {}", shown.join(MANIFEST_FILE).display());
    if let (Some(assets), Some(dir)) = (&bundle.manifest.assets, assets_dir) {
        let dir = dir.strip_prefix(std::env::current_dir()?).unwrap_or(&dir).to_path_buf();
        let size: u64 = assets.files.iter().map(|file| file.size).sum();
        let listed = format!("{} static assets (listed in the manifest)", assets.files.len());
        let rules = [("_headers", &assets.headers), ("_redirects", &assets.redirects)];
        let listed =
            rules.iter().filter(|(_, text)| text.is_some()).fold(listed, |all, (file, _)| format!("{all}, {file}"));
        eprintln!("  {:<28} {}", format!("{}/", dir.display()), ui::dim(format!("{listed}, {}", HumanBytes(size))));
    }
    Ok(())
}

/// A bundle as built, and the directory its static assets were read from.
pub struct Built {
    pub bundle: Bundle,
    pub assets_dir: Option<PathBuf>,
}

/// Bundles `project` and writes the bundle into `out_dir`: what `worky build` and
/// `worky publish` both do. Diagnostics and warnings go to the terminal.
pub async fn build_into(project: &Project, out_dir: &Path, minify: bool) -> Result<Built> {
    // First, as wrangler does: it may write the entry module.
    if let Some(build) = project.custom_build() {
        crate::host::custom_build::run(&build, "deploy").await?;
        project.check_entry()?;
    }
    let define = project.config.define.clone().into_iter().collect();
    let options = bundle::Options { minify, color: ui::stderr_has_color(), define };
    let mut bundler = Bundler::new(&project.bundle_source(), out_dir, options)?;
    let spinner = indicatif::ProgressBar::new_spinner().with_message(format!("Bundling {}", project.config.name));
    spinner.enable_steady_tick(Duration::from_millis(80));
    let built = bundler.build().await;
    spinner.finish_and_clear();
    let (bundle, warnings) = match built {
        Ok(built) => built,
        Err(error) => {
            eprintln!("{}", error.rendered);
            bail!("build failed");
        }
    };
    for warning in warnings {
        eprintln!("{warning}");
    }
    project.config.check_object_classes(&bundle.exports, &project.entry_label())?;
    let (bundle, assets_dir) = match project.assets() {
        None => (bundle, None),
        Some(source) => {
            check_apart(&source.directory, out_dir)?;
            let assets = Assets::scan(&source.directory, source.settings, &Default::default())?;
            crate::host::dev::warn_skipped_rules(&assets);
            (bundle.with_assets(Some(assets.settings)), Some(source.directory))
        }
    };
    bundle.write_to(out_dir).with_context(|| format!("cannot write the bundle to {}", out_dir.display()))?;
    Ok(Built { bundle, assets_dir })
}

/// The build's output must not be in the assets directory: the bundle (and its
/// source map, with the sources) would be served as assets. (Assets under the
/// output, as `dist/client`, are fine.)
fn check_apart(assets_dir: &Path, out_dir: &Path) -> Result<()> {
    let real = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let (assets, out) = (real(assets_dir), real(out_dir));
    if out.starts_with(&assets) {
        bail!(
            "the build's output {1} is inside assets.directory {0}: worker.js and its source map would be served \
             as static assets\n  point `directory` at another folder (as \"./public\"), or build elsewhere with --outdir",
            assets_dir.display(),
            out_dir.display()
        );
    }
    Ok(())
}
