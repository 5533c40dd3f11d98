//! Workers' `console` output. A worker can log as fast as it can allocate, and
//! the host's stdout may be a pipe nobody drains; neither may slow the host or
//! another tenant. So each isolate's output is
//!
//! - held to a budget per request first (in JS, 00_globals.js, which knows the
//!   request a line belongs to: 256 KiB/s, bursts of 1 MiB), so one request's
//!   flood does not silence the others,
//! - cut to `MAX_LINE_BYTES` a line,
//! - held to the isolate's byte budget (`RATE_BYTES_PER_S`, bursts up to
//!   `BURST_BYTES`), which bounds all its requests together,
//! - handed to one `worky-console` thread through a bounded queue, never
//!   written by the isolate: when the queue is full the line is dropped.
//!
//! Dropped lines are counted and reported (`Event::ConsoleDropped`) with the
//! isolate's next line that gets through, at most once a second. The thread reports each line as an
//! `Event::Console` naming its worker; the host prints or logs it.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use super::events::{self, Event};

/// Longest line kept; the rest is cut, and the line says how much.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// What one isolate may log, on average (four requests' worth)...
pub const RATE_BYTES_PER_S: f64 = 1024.0 * 1024.0;
/// ...and at once.
pub const BURST_BYTES: f64 = 4.0 * 1024.0 * 1024.0;
/// Drops are reported at most this often per isolate, with the count since.
const REPORT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// Lines waiting for the console thread, from all isolates.
const QUEUE_LINES: usize = 4096;

/// The host's say on colors: unset (0), on (1), off (2).
static COLORS: AtomicU8 = AtomicU8::new(0);

/// Whether console output uses ANSI colors: `serve` says never (its output is
/// a log); unset, the runtime decides by the terminal.
pub fn set_colors(colors: bool) {
    COLORS.store(if colors { 1 } else { 2 }, Ordering::Relaxed);
}

pub(crate) fn colors() -> Option<bool> {
    match COLORS.load(Ordering::Relaxed) {
        1 => Some(true),
        2 => Some(false),
        _ => None,
    }
}

/// Which stream a line belongs on: `console.log`/`info`/`debug` or `warn`/`error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// One isolate's console: its worker's name and its budget.
pub struct Console {
    worker: Arc<str>,
    tokens: f64,
    refilled: Instant,
    dropped: u64,
    /// When drops were last reported: at most one report a second.
    reported: Option<Instant>,
}

impl Console {
    pub fn new(worker: Arc<str>) -> Console {
        Console { worker, tokens: BURST_BYTES, refilled: Instant::now(), dropped: 0, reported: None }
    }

    /// The worker this console speaks for (`name@version`).
    pub fn worker(&self) -> Arc<str> {
        self.worker.clone()
    }

    /// Counts lines dropped before they got here (over their request's budget).
    pub fn count_dropped(&mut self, lines: u32) {
        self.dropped += u64::from(lines);
    }

    /// Queues `text` for the host, or drops it (over budget, queue full).
    pub fn write(&mut self, stream: Stream, text: &str) {
        let text = cut(text);
        if !self.spend(text.len()) {
            self.dropped += 1;
            return;
        }
        if self.dropped > 0 && self.reported.is_none_or(|at| at.elapsed() >= REPORT_EVERY) {
            let lines = std::mem::take(&mut self.dropped);
            match queue().try_send(Event::ConsoleDropped { worker: self.worker.clone(), lines }) {
                Ok(()) => self.reported = Some(Instant::now()),
                Err(_) => self.dropped = lines,
            }
        }
        match queue().try_send(Event::Console { worker: self.worker.clone(), stream, text }) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => self.dropped += 1,
        }
    }

    /// Takes `bytes` from the budget if it holds them.
    fn spend(&mut self, bytes: usize) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.refilled).as_secs_f64() * RATE_BYTES_PER_S;
        self.tokens = (self.tokens + refill).min(BURST_BYTES);
        self.refilled = now;
        if self.tokens < bytes as f64 {
            return false;
        }
        self.tokens -= bytes as f64;
        true
    }
}

/// `text`, cut at `MAX_LINE_BYTES` (on a character boundary) with a note.
fn cut(text: &str) -> String {
    if text.len() <= MAX_LINE_BYTES {
        return text.to_string();
    }
    let mut end = MAX_LINE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... [{} more bytes cut]", &text[..end], text.len() - end)
}

/// The queue to the console thread, started on first use.
fn queue() -> &'static SyncSender<Event> {
    static QUEUE: OnceLock<SyncSender<Event>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::sync_channel::<Event>(QUEUE_LINES);
        std::thread::Builder::new()
            .name("worky-console".into())
            .spawn(move || {
                for event in receiver {
                    events::emit(event);
                }
            })
            .expect("the console thread starts");
        sender
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_on_a_character_boundary() {
        assert_eq!(cut("short"), "short");
        let long = "é".repeat(MAX_LINE_BYTES);
        let line = cut(&long);
        assert!(
            line.ends_with(&format!("... [{} more bytes cut]", long.len() - MAX_LINE_BYTES)),
            "{}",
            &line[line.len() - 40..]
        );
        assert!(line.len() < MAX_LINE_BYTES + 40);
    }

    #[test]
    fn the_budget_allows_a_burst_then_the_rate() {
        let mut console = Console::new("w".into());
        assert!(console.spend(BURST_BYTES as usize));
        assert!(!console.spend(64 * 1024), "the burst is spent");
        console.refilled -= std::time::Duration::from_secs(1);
        assert!(console.spend(RATE_BYTES_PER_S as usize - 1024), "a second refills the rate");
    }
}
