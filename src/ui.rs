//! Terminal output: short, colored when the terminal supports it (NO_COLOR respected).

use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use owo_colors::{OwoColorize, Stream, Style};

fn paint(stream: Stream, text: impl Display, style: Style) -> String {
    text.if_supports_color(stream, |t| t.style(style)).to_string()
}

/// How much worky says, as wrangler's `--log-level` (the worker's own console
/// output is the worker's, and always shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Level {
    /// Nothing from worky.
    None,
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warn,
    /// Also what happens: ready, reloads, one line per request (the default).
    Info,
    /// Same as info, wrangler's name for it.
    Log,
    /// Also what worky usually leaves out: its own stack frames, timings.
    Debug,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Log as u8);

pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// Whether messages of `level` are shown.
pub fn shows(level: Level) -> bool {
    level as u8 <= LEVEL.load(Ordering::Relaxed)
}

/// Whether stderr gets ANSI colors (a terminal, and NO_COLOR unset), for text we color ourselves.
pub fn stderr_has_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// `  label message`, cargo-style, on stderr.
pub fn status(label: &str, message: impl Display) {
    if !shows(Level::Info) {
        return;
    }
    eprintln!("{} {message}", paint(Stream::Stderr, format!("{label:>9}"), Style::new().green().bold()));
}

/// What loading a project had to say (see `Project::notices`), one warning each.
pub fn notices(notices: &[String]) {
    for notice in notices {
        warn(notice);
    }
}

pub fn warn(message: impl Display) {
    if !shows(Level::Warn) {
        return;
    }
    eprintln!("{} {message}", paint(Stream::Stderr, "warning:", Style::new().yellow().bold()));
}

pub fn error(message: impl Display) {
    if !shows(Level::Error) {
        return;
    }
    eprintln!("{} {message}", paint(Stream::Stderr, "error:", Style::new().red().bold()));
}

pub fn dim(text: impl Display) -> String {
    paint(Stream::Stderr, text, Style::new().dimmed())
}

pub fn bold(text: impl Display) -> String {
    paint(Stream::Stderr, text, Style::new().bold())
}

pub fn cyan(text: impl Display) -> String {
    paint(Stream::Stderr, text, Style::new().cyan())
}

/// A plain line of information (a hint, a table), shown at `info` and above.
pub fn info(message: impl Display) {
    if shows(Level::Info) {
        eprintln!("{message}");
    }
}

/// What only `--log-level debug` shows.
pub fn debug(message: impl Display) {
    if shows(Level::Debug) {
        eprintln!("{} {message}", paint(Stream::Stderr, "debug:", Style::new().dimmed()));
    }
}

/// One line per queue batch, as `worky dev` prints it beside the requests:
/// the queue, how many of its messages were acknowledged, the duration.
pub fn queue_line(queue: &str, acknowledged: usize, messages: usize, elapsed: Duration) {
    if !shows(Level::Info) {
        return;
    }
    let style = match acknowledged {
        _ if acknowledged == messages => Style::new().green(),
        0 => Style::new().red(),
        _ => Style::new().yellow(),
    };
    let line = format!(
        "{} {queue} {} {}\n",
        paint(Stream::Stderr, format!("{:<7}", "QUEUE"), Style::new().bold()),
        paint(Stream::Stderr, format!("{acknowledged}/{messages}"), style),
        dim(format_duration(elapsed)),
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
}

/// One line per Workflow run in `worky dev`: the workflow, the instance, how the run ended.
pub fn workflow_line(workflow: &str, instance: &str, outcome: &str, elapsed: Duration) {
    if !shows(Level::Info) {
        return;
    }
    let style = match outcome {
        "complete" => Style::new().green(),
        "errored" => Style::new().red(),
        _ => Style::new().cyan(),
    };
    let line = format!(
        "{} {workflow} {instance} {} {}\n",
        paint(Stream::Stderr, format!("{:<7}", "FLOW"), Style::new().bold()),
        paint(Stream::Stderr, outcome, style),
        dim(format_duration(elapsed)),
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
}

/// One line per email a `send_email` binding sends in `worky dev`: who to, and
/// the file that keeps it (as wrangler dev keeps it).
pub fn email_line(from: &str, to: &[String], path: &str) {
    if !shows(Level::Info) {
        return;
    }
    let line = format!(
        "{} {from} -> {} {}\n",
        paint(Stream::Stderr, format!("{:<7}", "EMAIL"), Style::new().bold()),
        to.join(", "),
        dim(path),
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
}

/// One line per request, as `worky dev` prints it: method, path, status, duration.
pub fn request_line(method: &str, path: &str, status: u16, elapsed: Duration) {
    if !shows(Level::Info) {
        return;
    }
    let style = match status {
        200..=299 => Style::new().green(),
        300..=399 => Style::new().cyan(),
        400..=499 => Style::new().yellow(),
        _ => Style::new().red(),
    };
    let line = format!(
        "{} {} {} {}\n",
        paint(Stream::Stderr, format!("{method:<7}"), Style::new().bold()),
        path,
        paint(Stream::Stderr, status, style),
        dim(format_duration(elapsed)),
    );
    // One write: stderr is unbuffered, and `eprintln!` makes a system call per
    // formatted piece, several per request on a busy dev server.
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
}

pub fn format_duration(elapsed: Duration) -> String {
    let micros = elapsed.as_micros();
    if micros < 1_000 {
        format!("{micros}µs")
    } else if micros < 10_000_000 {
        format!("{:.1}ms", micros as f64 / 1000.0)
    } else {
        format!("{:.1}s", elapsed.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_show_what_is_at_least_as_severe() {
        set_level(Level::Warn);
        assert!(shows(Level::Error) && shows(Level::Warn) && !shows(Level::Info));
        set_level(Level::None);
        assert!(!shows(Level::Error));
        set_level(Level::Debug);
        assert!(shows(Level::Debug) && shows(Level::Info));
        set_level(Level::Log);
        assert!(shows(Level::Info) && !shows(Level::Debug));
    }

    #[test]
    fn durations_are_short_and_readable() {
        assert_eq!(format_duration(Duration::from_micros(250)), "250µs");
        assert_eq!(format_duration(Duration::from_micros(1_500)), "1.5ms");
        assert_eq!(format_duration(Duration::from_secs(12)), "12.0s");
    }
}
