//! `worky init`: scaffold a project from a template embedded in the binary.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};

use super::types;
use crate::config::{CONFIG_FILE, Project};
use crate::runtime::snapshot;
use crate::ui;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

#[derive(clap::Args)]
pub struct Args {
    /// Directory to create (must not exist, or be empty)
    dir: PathBuf,
    /// Template to start from (`hello` is TypeScript); an unknown name lists them all
    #[arg(short, long, default_value = "hello")]
    template: String,
}

pub fn run(args: Args) -> Result<()> {
    // Starts making the startup snapshot (if this binary has none yet) while the
    // project is written and npm installs.
    snapshot::current();
    let created = init(&args.dir, &args.template)?;
    wait_for_runtime_snapshot();
    created.print_next_steps();
    Ok(())
}

/// Files stored under another name so they do not act inside this repository.
fn output_name(stored: &str) -> &str {
    match stored {
        "_gitignore" => ".gitignore",
        other => other,
    }
}

fn template_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = TEMPLATES.dirs().filter_map(|dir| dir.path().file_name()?.to_str()).collect();
    names.sort_unstable();
    names
}

/// A project `init` wrote.
#[derive(Debug)]
struct Created {
    dir: PathBuf,
    /// The template has npm dependencies and `npm install` did not succeed.
    install_pending: bool,
}

impl Created {
    fn print_next_steps(&self) {
        eprintln!("\nNext steps:");
        eprintln!("  cd {}", self.dir.display());
        if self.install_pending {
            eprintln!("  npm install        {}", ui::dim("# the template's npm dependencies"));
        }
        eprintln!("  worky dev          {}", ui::dim("# serve on http://127.0.0.1:8787/"));
        eprintln!("  worky build        {}", ui::dim("# write dist/"));
    }
}

/// Waits for the runtime's startup snapshot (made once per worky binary, in the
/// background, see runtime::snapshot), so the first `worky dev` after `worky init`
/// starts isolates from it instead of competing with making it.
fn wait_for_runtime_snapshot() {
    if snapshot::current().is_some() {
        return;
    }
    let spinner = indicatif::ProgressBar::new_spinner().with_message("Preparing the runtime (once per worky version)");
    spinner.enable_steady_tick(std::time::Duration::from_millis(80));
    let ready = snapshot::wait_until_ready(std::time::Duration::from_secs(120));
    spinner.finish_and_clear();
    if ready {
        ui::status("Prepared", "the runtime's startup snapshot");
    }
}

/// Writes template `template` into `dir`, which must not exist or be empty.
fn init(dir: &Path, template: &str) -> Result<Created> {
    let Some(source) = TEMPLATES.get_dir(template) else {
        bail!("unknown template `{template}`\n  available templates: {}", template_names().join(", "));
    };
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} exists and is not a directory", dir.display());
        }
        if std::fs::read_dir(dir)?.next().is_some() {
            bail!(
                "{} is not empty; worky init only writes into a new or empty directory\n  \
                 pick another name, as in `worky init my-app`",
                dir.display()
            );
        }
    }
    let name = project_name(dir)?;
    let date = today();
    let mut written = Vec::new();
    write_dir(source, source.path(), dir, &name, &date, &mut written)?;
    // The Env type comes from the template's worky.toml, through the same generator as `worky types`.
    let project = Project::load(Some(&dir.join(CONFIG_FILE)), None)?;
    types::write(&project, &dir.join(types::FILE), !types::uses_workers_types(dir))?;
    ui::status("Created", format!("{} from template `{template}` ({} files)", dir.display(), written.len() + 1));

    let needs_install = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|package| {
            package.get("dependencies").is_some_and(|deps| deps.as_object().is_some_and(|d| !d.is_empty()))
        });
    let installed = needs_install && npm_install(dir);
    Ok(Created { dir: dir.to_path_buf(), install_pending: needs_install && !installed })
}

/// Runs `npm install` in the new project; false (with a warning) when npm is missing or fails.
fn npm_install(dir: &Path) -> bool {
    let spinner = indicatif::ProgressBar::new_spinner().with_message("npm install");
    spinner.enable_steady_tick(std::time::Duration::from_millis(80));
    let result = std::process::Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .output();
    spinner.finish_and_clear();
    match result {
        Ok(output) if output.status.success() => {
            ui::status("Installed", "npm dependencies");
            true
        }
        Ok(output) => {
            ui::warn(format!("npm install failed:\n{}", String::from_utf8_lossy(&output.stderr).trim_end()));
            false
        }
        Err(_) => {
            ui::warn("npm not found: install Node.js, then run `npm install` in the project");
            false
        }
    }
}

fn write_dir(
    dir: &Dir<'_>,
    base: &Path,
    target: &Path,
    name: &str,
    date: &str,
    written: &mut Vec<PathBuf>,
) -> Result<()> {
    for file in dir.files() {
        let relative = file.path().strip_prefix(base).expect("template file under its template");
        let file_name = output_name(relative.file_name().and_then(|n| n.to_str()).unwrap_or_default());
        let path = target.join(relative).with_file_name(file_name);
        std::fs::create_dir_all(path.parent().expect("file has a parent"))
            .with_context(|| format!("cannot create {}", target.display()))?;
        let contents = match file.contents_utf8() {
            Some(text) => text.replace("{{name}}", name).replace("{{date}}", date).into_bytes(),
            None => file.contents().to_vec(),
        };
        std::fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    for sub in dir.dirs() {
        write_dir(sub, base, target, name, date, written)?;
    }
    Ok(())
}

/// The project name is the directory's name, as npm and wrangler do.
fn project_name(dir: &Path) -> Result<String> {
    let absolute = std::path::absolute(dir)?;
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .context("cannot name a project after this directory; pass a directory name")?;
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    Ok(cleaned)
}

/// Today's date (UTC) as YYYY-MM-DD, for `compatibility_date`.
fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_an_iso_date() {
        let today = today();
        assert!(chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").is_ok(), "{today}");
    }

    #[test]
    fn hello_template_is_embedded_and_written() {
        assert!(template_names().contains(&"hello"));
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("My App");
        init(&dir, "hello").unwrap();
        for file in
            ["worky.toml", "src/index.ts", "tsconfig.json", "package.json", ".gitignore", "README.md", types::FILE]
        {
            assert!(dir.join(file).is_file(), "{file} missing");
        }
        let toml = std::fs::read_to_string(dir.join("worky.toml")).unwrap();
        assert!(toml.contains("name = \"my-app\""), "{toml}");
        assert!(!toml.contains("{{"), "{toml}");
    }

    #[test]
    fn refuses_non_empty_dir_and_unknown_template() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
        let err = init(tmp.path(), "hello").unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(), "mine");
        let err = init(&tmp.path().join("new"), "nope").unwrap_err().to_string();
        assert!(err.contains("unknown template `nope`") && err.contains("hello"), "{err}");
    }
}
