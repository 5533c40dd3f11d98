//! Startup snapshots: the heap of an isolate right after the bootstrap has
//! installed the Web API globals, so a new isolate restores it instead of
//! loading and running ~1 MB of extension JS.
//!
//! Making one takes seconds, so it is made once per `worky` binary, in the
//! background, and cached on disk (`~/.cache/worky/snapshots/`, keyed by the
//! binary's version, size and mtime). Until it exists isolates start the slow
//! way; the first isolate after it appears, and every one after, restores it.
//! `WORKY_SNAPSHOT=0` turns snapshots off.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use deno_core::{JsRuntimeForSnapshot, RuntimeOptions};
use sha2::{Digest, Sha256};

use super::extensions;

static LOADED: OnceLock<&'static [u8]> = OnceLock::new();
static MAKING: AtomicBool = AtomicBool::new(false);

/// The snapshot to start isolates from, if there is one yet; starts making it if not.
pub fn current() -> Option<&'static [u8]> {
    if let Some(snapshot) = LOADED.get() {
        return Some(snapshot);
    }
    if disabled() {
        return None;
    }
    let path = cache_path()?;
    if let Some(snapshot) = read_verified(&path) {
        return Some(LOADED.get_or_init(|| Box::leak(snapshot.into_boxed_slice())));
    }
    if !MAKING.swap(true, Ordering::SeqCst) {
        make_in_background(path);
    }
    None
}

/// Waits (up to `timeout`) until a snapshot is available, making it if needed;
/// false at once when snapshots are off.
pub fn wait_until_ready(timeout: Duration) -> bool {
    if disabled() {
        return false;
    }
    let deadline = std::time::Instant::now() + timeout;
    while std::time::Instant::now() < deadline {
        if current().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn disabled() -> bool {
    std::env::var_os("WORKY_SNAPSHOT").is_some_and(|v| v == "0")
}

fn make_in_background(path: PathBuf) {
    let Some(lock) = take_lock(&path.with_extension("lock")) else {
        // Another process is making it; `current` will find the file once it is there.
        MAKING.store(false, Ordering::SeqCst);
        return;
    };
    let spawned = std::thread::Builder::new().name("worky-snapshot".into()).spawn(move || {
        let made = std::panic::catch_unwind(make);
        match made {
            Ok(Ok(bytes)) => match write_atomically(&path, &bytes) {
                Ok(()) => prune_old(&path),
                Err(err) => crate::ui::warn(format!("cannot cache the startup snapshot at {}: {err}", path.display())),
            },
            Ok(Err(err)) => crate::ui::warn(format!("startup snapshot not made: {err}")),
            Err(_) => crate::ui::warn("startup snapshot not made: the engine panicked"),
        }
        drop(lock);
    });
    if spawned.is_err() {
        MAKING.store(false, Ordering::SeqCst);
    }
}

/// Boots an isolate with every extension and the bootstrap, and snapshots it.
fn make() -> Result<Vec<u8>, String> {
    let (inbox, env, load) = extensions::placeholder_options();
    let runtime = JsRuntimeForSnapshot::try_new(RuntimeOptions {
        extensions: extensions::all_for_snapshot(inbox, env, load),
        ..Default::default()
    })
    .map_err(|err| err.to_string())?;
    Ok(runtime.snapshot().into_vec())
}

fn cache_path() -> Option<PathBuf> {
    let dir = match std::env::var_os("WORKY_CACHE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("XDG_CACHE_HOME") {
            Some(dir) => PathBuf::from(dir).join("worky"),
            None => PathBuf::from(std::env::var_os("HOME")?).join(".cache").join("worky"),
        },
    };
    // A snapshot only fits the exact binary that made it.
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let mtime = exe.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos();
    let key = format!("{}-{}-{}-{mtime}", env!("CARGO_PKG_VERSION"), super::engine::ENGINE, exe.len());
    Some(dir.join("snapshots").join(format!("{key}.bin")))
}

/// The file is `sha256(snapshot) ++ snapshot`; anything else is ignored.
fn read_verified(path: &PathBuf) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    if bytes.len() <= 32 {
        return None;
    }
    let snapshot = bytes.split_off(32);
    (Sha256::digest(&snapshot).as_slice() == bytes.as_slice()).then_some(snapshot)
}

fn write_atomically(path: &PathBuf, snapshot: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().expect("cache path has a parent"))?;
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut contents = Sha256::digest(snapshot).to_vec();
    contents.extend_from_slice(snapshot);
    std::fs::write(&temp, contents)?;
    std::fs::rename(temp, path)
}

/// Snapshots of binaries that were rebuilt since pile up: keep the newest few,
/// and drop lock files left by earlier binaries.
fn prune_old(kept: &PathBuf) {
    const KEEP: usize = 4;
    let Some(dir) = kept.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut snapshots: Vec<(SystemTime, PathBuf)> = Vec::new();
    for path in entries.flatten().map(|entry| entry.path()) {
        let Some(modified) = std::fs::metadata(&path).and_then(|m| m.modified()).ok() else { continue };
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("bin") => snapshots.push((modified, path)),
            // Making a snapshot takes seconds; an old lock is no longer held.
            Some("lock") if modified.elapsed().unwrap_or_default() > Duration::from_secs(60) => {
                let _ = std::fs::remove_file(path);
            }
            _ => {}
        }
    }
    snapshots.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, path) in snapshots.into_iter().skip(KEEP) {
        if &path != kept {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An exclusive `flock` on `lock`, held while the returned file is open. The
/// kernel drops it when the holder exits, however it exits, so a process killed
/// mid-way never blocks the others.
fn take_lock(lock: &PathBuf) -> Option<std::fs::File> {
    use std::os::fd::AsRawFd;
    if let Some(parent) = lock.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let file = std::fs::OpenOptions::new().write(true).create(true).truncate(false).open(lock).ok()?;
    // SAFETY: a valid open file descriptor; LOCK_NB makes it return at once.
    let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
    locked.then_some(file)
}
