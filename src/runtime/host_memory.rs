//! The host-wide memory ceiling: the heap limits of every running isolate,
//! whatever its worker, add up to at most this. An isolate starts with a small
//! heap (`START_HEAP_MB`) and reserves that before it starts; as its heap fills,
//! the engine asks for more and the isolate reserves each step (doubling, up to
//! its worker's `memory_mb`) before its limit is raised. A start that would pass
//! the ceiling does not happen (its request gets 503); an isolate whose next
//! step would pass it is stopped as if it had reached its own limit; the tenants
//! already running keep their isolates. Reservations go back when the isolate's
//! thread ends. Each heap is held to its current limit (with the margin
//! docs/security.md states), so the sum holds too, and the memory a host can
//! promise follows what its isolates use rather than the most each may use.

use std::sync::atomic::{AtomicU64, Ordering};

/// The ceiling in MB; 0: none.
static CEILING_MB: AtomicU64 = AtomicU64::new(0);
/// Heap limits of the isolates running now, in MB.
static RESERVED_MB: AtomicU64 = AtomicU64::new(0);

/// Sets the ceiling (`None`: no ceiling). Isolates already running keep theirs.
pub fn set_ceiling_mb(ceiling: Option<u64>) {
    CEILING_MB.store(ceiling.unwrap_or(0), Ordering::SeqCst);
}

/// MB reserved by running isolates.
pub fn reserved_mb() -> u64 {
    RESERVED_MB.load(Ordering::SeqCst)
}

/// Three quarters of the machine's memory, in MB: a default ceiling that leaves
/// the rest to the process itself, its buffers and the system.
pub fn default_ceiling_mb() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let (pages, page_size) = unsafe { (libc::sysconf(libc::_SC_PHYS_PAGES), libc::sysconf(libc::_SC_PAGESIZE)) };
    let total = (pages.max(0) as u64).saturating_mul(page_size.max(0) as u64);
    (total / 4 * 3) >> 20
}

/// The heap an isolate starts with, in MB: room for a worker like hello-world
/// (its isolate's heap is ~3 MB) before the first step up.
pub const START_HEAP_MB: u64 = 8;

/// The ceiling would be passed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "the host's memory ceiling of {ceiling_mb} MB is reached ({reserved_mb} MB held by running isolates, this one needs {wanted_mb} MB more)"
)]
pub struct HostFull {
    pub ceiling_mb: u64,
    pub reserved_mb: u64,
    pub wanted_mb: u64,
}

/// One isolate's share; given back when dropped.
#[derive(Debug)]
pub(crate) struct Reservation(u64);

impl Reservation {
    /// Grows the share to `total_mb` (a smaller total leaves it as it is), if
    /// the ceiling allows.
    pub(crate) fn grow_to(&mut self, total_mb: u64) -> Result<(), HostFull> {
        if total_mb > self.0 {
            take(total_mb - self.0)?;
            self.0 = total_mb;
        }
        Ok(())
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        RESERVED_MB.fetch_sub(self.0, Ordering::SeqCst);
    }
}

/// Reserves `memory_mb` for an isolate about to start, if the ceiling allows.
pub(crate) fn reserve(memory_mb: u64) -> Result<Reservation, HostFull> {
    take(memory_mb)?;
    Ok(Reservation(memory_mb))
}

fn take(memory_mb: u64) -> Result<(), HostFull> {
    let ceiling = CEILING_MB.load(Ordering::SeqCst);
    let mut reserved = RESERVED_MB.load(Ordering::SeqCst);
    loop {
        let wanted = reserved.saturating_add(memory_mb);
        if ceiling > 0 && wanted > ceiling {
            return Err(HostFull { ceiling_mb: ceiling, reserved_mb: reserved, wanted_mb: memory_mb });
        }
        match RESERVED_MB.compare_exchange(reserved, wanted, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => return Ok(()),
            Err(now) => reserved = now,
        }
    }
}
