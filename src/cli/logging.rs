//! Logs, as opposed to the human output of `ui`: `tracing` records with levels
//! and timestamps, filtered by `RUST_LOG` (`worky=debug`, `worky::access=warn`,
//! ...). The servers (`serve`, `registry`) log worky's records at info by
//! default (other crates' at warn), as text or JSON lines; the developer
//! commands print for people through `ui` and log only worky's warnings,
//! unless `RUST_LOG` asks for more.

use clap::ValueEnum;
use tracing_subscriber::EnvFilter;

use super::log_lines::LineFormat;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One line per record: time, level, target, message, fields.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// `serve` and `registry`: records at info and above (or as `RUST_LOG` says).
/// They are written by a thread of their own, so a stderr nobody drains never
/// blocks a request (records past its queue are dropped, and counted). Keep
/// the guard until the process ends: dropping it writes what is queued.
pub fn init_for_server(format: LogFormat) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn,worky=info"));
    // Buffered: the writer thread takes what is queued, writes it in one go and
    // flushes when the queue is empty (a write(2) per record cost ~5% of
    // hello-world's requests/s on one core).
    let stderr = std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr());
    let (writer, guard) = tracing_appender::non_blocking(stderr);
    let json = format == LogFormat::Json;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(!json && crate::ui::stderr_has_color())
        .event_format(LineFormat { json })
        .try_init();
    guard
}

/// The other commands: their output is for people; logs only when asked for.
pub fn init_for_terminal() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("worky=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(crate::ui::stderr_has_color())
        .try_init();
}
