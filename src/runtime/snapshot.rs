//! Startup snapshots: the heap of an isolate right after the bootstrap has
//! installed the Web API globals, so a new isolate restores it instead of
//! loading and running ~1 MB of extension JS.
//!
//! Making one takes seconds, so it is made once per `worky` binary, in the
//! background, and cached on disk (`~/.cache/worky/snapshots/`, keyed by the
//! binary's version, size and mtime). Until it exists isolates start the slow
//! way; the first isolate after it appears, and every one after, restores it.
//! `WORKY_SNAPSHOT=0` turns snapshots off.
//!
//! Every isolate runs the heap image it restores, so the cache must be the
//! user's alone: its directory is made `0700` and its files `0600`, and a file
//! (or directory) another user owns, or that group or others may write, is
//! never loaded; the digest in the file only tells a whole file from a torn one.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use deno_core::{JsRuntimeForSnapshot, RuntimeOptions};
use etcetera::BaseStrategy;
use sha2::{Digest, Sha256};

use super::events::{self, Event};
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
    // An untrusted cache directory is not used at all: the snapshot is made for
    // this process only.
    let cache = match private(path.parent().expect("cache path has a parent")) {
        Ok(()) => Some(path),
        Err(reason) => {
            warn_once(&path, reason);
            None
        }
    };
    if let Some(path) = &cache {
        if path.exists()
            && let Err(reason) = private(path)
        {
            // Not loaded; the snapshot made now replaces it with a private file.
            warn_once(path, reason);
        } else if let Some(snapshot) = read_verified(path) {
            return Some(LOADED.get_or_init(|| Box::leak(snapshot.into_boxed_slice())));
        }
    }
    if !MAKING.swap(true, Ordering::SeqCst) {
        make_in_background(cache);
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

/// Makes the snapshot on a thread of its own; caches it at `cache` if given.
fn make_in_background(cache: Option<PathBuf>) {
    let lock = match &cache {
        Some(path) => match take_lock(&path.with_extension("lock")) {
            Some(lock) => Some(lock),
            None => {
                // Another process is making it; `current` will find the file once it is there.
                MAKING.store(false, Ordering::SeqCst);
                return;
            }
        },
        None => None,
    };
    let spawned = std::thread::Builder::new().name("worky-snapshot".into()).spawn(move || {
        match std::panic::catch_unwind(make) {
            Ok(Ok(bytes)) => {
                if let Some(path) = &cache {
                    match write_atomically(path, &bytes) {
                        Ok(()) => prune_old(path),
                        Err(err) => {
                            events::emit(Event::SnapshotNotCached { path: path.clone(), error: err.to_string() })
                        }
                    }
                }
                LOADED.get_or_init(|| Box::leak(bytes.into_boxed_slice()));
            }
            Ok(Err(reason)) => events::emit(Event::SnapshotNotMade { reason }),
            Err(_) => events::emit(Event::SnapshotNotMade { reason: "the engine panicked".into() }),
        }
        drop(lock);
    });
    if spawned.is_err() {
        MAKING.store(false, Ordering::SeqCst);
    }
}

/// Boots an isolate with every extension and the bootstrap, and snapshots it.
fn make() -> Result<Vec<u8>, String> {
    super::engine::init();
    let (inbox, env, load) = extensions::placeholder_options();
    let runtime = JsRuntimeForSnapshot::try_new(RuntimeOptions {
        extensions: extensions::all_for_snapshot(inbox, env, load),
        ..Default::default()
    })
    .map_err(|err| err.to_string())?;
    Ok(runtime.snapshot().into_vec())
}

/// `$WORKY_CACHE_DIR`, or worky's directory in the platform's cache (XDG on Linux).
fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os("WORKY_CACHE_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(etcetera::choose_base_strategy().ok()?.cache_dir().join("worky")),
    }
}

fn cache_path() -> Option<PathBuf> {
    let dir = cache_dir()?;
    // A snapshot only fits the exact binary that made it.
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let mtime = exe.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos();
    let key = format!("{}-{}-{}-{mtime}", env!("CARGO_PKG_VERSION"), super::engine::ENGINE, exe.len());
    Some(dir.join("snapshots").join(format!("{key}.bin")))
}

/// Why `path` is not the user's alone: another owner, or writable by others.
#[cfg(unix)]
fn private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        // Not made yet: it will be, privately.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err.to_string()),
    };
    // SAFETY: geteuid has no preconditions.
    let user = unsafe { libc::geteuid() };
    if metadata.uid() != user {
        return Err(format!("it belongs to user {}, not to this one ({user})", metadata.uid()));
    }
    if metadata.mode() & 0o022 != 0 {
        return Err(format!("group or others may write it (mode {:o}); `chmod go-w` it", metadata.mode() & 0o777));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private(_path: &Path) -> Result<(), String> {
    Ok(())
}

/// Reports an untrusted cache once per process.
fn warn_once(path: &Path, reason: String) {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if !WARNED.swap(true, Ordering::SeqCst) {
        events::emit(Event::SnapshotNotTrusted { path: path.to_path_buf(), reason });
    }
}

/// The file is `sha256(snapshot) ++ snapshot`; anything else is ignored.
fn read_verified(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    if bytes.len() <= 32 {
        return None;
    }
    let snapshot = bytes.split_off(32);
    (Sha256::digest(&snapshot).as_slice() == bytes.as_slice()).then_some(snapshot)
}

/// A temp file beside the target, renamed over it: readers see the old file or the whole new one.
fn write_atomically(path: &Path, snapshot: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().expect("cache path has a parent");
    create_private_dir(dir)?;
    // NamedTempFile creates its file 0600.
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(&Sha256::digest(snapshot))?;
    temp.write_all(snapshot)?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// `dir`, made (with its parents) readable and writable by this user only.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Snapshots of binaries that were rebuilt since pile up: keep the newest few,
/// and drop lock files left by earlier binaries.
fn prune_old(kept: &Path) {
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
        if path != kept {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// An exclusive lock on `lock`, held while the returned file is open. The kernel
/// drops it when the holder exits, however it exits, so a process killed mid-way
/// never blocks the others.
fn take_lock(lock: &Path) -> Option<std::fs::File> {
    if let Some(parent) = lock.parent() {
        let _ = create_private_dir(parent);
    }
    let file = std::fs::OpenOptions::new().write(true).create(true).truncate(false).open(lock).ok()?;
    file.try_lock().ok()?;
    Some(file)
}
