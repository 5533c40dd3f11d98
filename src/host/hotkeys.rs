//! `worky dev`'s keys on an interactive terminal, as wrangler dev's: `b` opens
//! the server in a browser, `c` clears the terminal, `x` (or `q`) stops.
//!
//! The terminal is put in non-canonical mode without echo so single keys
//! arrive at once; signals stay on (Ctrl-C still stops), and the mode is
//! restored when the guard drops.

use std::io::{IsTerminal, Read};
use std::process::{Command, Stdio};

use tokio::sync::mpsc;

use crate::ui;

/// What a key asked for that the server has to do.
pub enum Action {
    Exit,
}

/// Restores the terminal's mode when dropped.
pub struct Hotkeys {
    saved: libc::termios,
}

impl Hotkeys {
    /// Listens for keys when stdin is a terminal; `None` otherwise (a pipe, CI).
    pub fn start(url: String) -> Option<(Hotkeys, mpsc::UnboundedReceiver<Action>)> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        let saved = single_keys()?;
        let (actions, received) = mpsc::unbounded_channel();
        std::thread::Builder::new().name("worky-hotkeys".into()).spawn(move || read_keys(&url, &actions)).ok()?;
        show_keys();
        Some((Hotkeys { saved }, received))
    }
}

fn show_keys() {
    ui::info(ui::dim("  [b] open a browser  [c] clear console  [x] exit"));
}

impl Drop for Hotkeys {
    fn drop(&mut self) {
        // SAFETY: restores the attributes read from the same descriptor.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.saved) };
    }
}

/// Non-canonical, no echo; returns the mode to restore.
fn single_keys() -> Option<libc::termios> {
    // SAFETY: tcgetattr/tcsetattr only read and write the struct we pass.
    unsafe {
        let mut saved: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut saved) != 0 {
            return None;
        }
        let mut keys = saved;
        keys.c_lflag &= !(libc::ICANON | libc::ECHO);
        keys.c_cc[libc::VMIN] = 1;
        keys.c_cc[libc::VTIME] = 0;
        (libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &keys) == 0).then_some(saved)
    }
}

fn read_keys(url: &str, actions: &mpsc::UnboundedSender<Action>) {
    let mut stdin = std::io::stdin().lock();
    let mut key = [0u8; 1];
    while let Ok(1) = stdin.read(&mut key) {
        match key[0].to_ascii_lowercase() {
            b'b' => open_browser(url),
            // Clear the screen and the scrollback, cursor home; the keys again.
            b'c' => {
                eprint!("\x1b[2J\x1b[3J\x1b[H");
                show_keys();
            }
            b'x' | b'q' => {
                let _ = actions.send(Action::Exit);
                return;
            }
            _ => {}
        }
    }
}

/// `$BROWSER` if set, else the desktop's opener.
fn open_browser(url: &str) {
    let opener = std::env::var("BROWSER").ok().filter(|b| !b.is_empty()).unwrap_or_else(|| "xdg-open".to_string());
    let spawned =
        Command::new(&opener).arg(url).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(err) => ui::warn(format!("cannot open a browser with {opener} ({err}): open {url} yourself")),
    }
}
