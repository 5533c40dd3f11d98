//! wrangler's custom build: `[build] command`, run in a shell before a bundle is
//! made (dev: at start and when a file under `watch_dir` changes; build and
//! publish: first). Its output is shown line by line behind `[custom build]`,
//! as wrangler shows it; it sees `WRANGLER_COMMAND` (`dev` or `deploy`), as
//! under wrangler, so scripts written for wrangler behave the same.

use std::process::Stdio;

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use crate::config::CustomBuild;
use crate::ui;

const PREFIX: &str = "[custom build]";

/// Runs the custom build to its end; fails, naming the command, when it does.
pub async fn run(build: &CustomBuild, wrangler_command: &str) -> Result<()> {
    ui::info(format!("{} Running: {}", ui::cyan(PREFIX), build.command));
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(&build.command)
        .current_dir(&build.cwd)
        .env("WRANGLER_COMMAND", wrangler_command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot run the custom build `{}` in {}", build.command, build.cwd.display()))?;
    let out = tokio::spawn(show_lines(child.stdout.take().expect("piped"), false));
    let err = tokio::spawn(show_lines(child.stderr.take().expect("piped"), true));
    let status = child.wait().await?;
    let _ = tokio::join!(out, err);
    if !status.success() {
        bail!(
            "Running custom build `{}` failed ({status}). There are likely more logs from your build command above.",
            build.command
        );
    }
    Ok(())
}

async fn show_lines(stream: impl AsyncRead + Unpin, errors: bool) {
    let mut lines = BufReader::new(stream).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let prefix = if errors { ui::dim(PREFIX) } else { ui::cyan(PREFIX) };
        eprintln!("{prefix} {line}");
    }
}
