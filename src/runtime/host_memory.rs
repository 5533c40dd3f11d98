//! The host-wide memory ceiling: the heap limits of every running isolate,
//! whatever its worker, add up to at most this. An isolate reserves its
//! `memory_mb` before it starts and gives it back when its thread ends; one
//! that would pass the ceiling does not start (its request gets 503, the
//! tenants already running keep their isolates). Each heap is held to its
//! limit (with the margin docs/security.md states), so the sum holds too.

use std::sync::atomic::{AtomicU64, Ordering};

use super::isolate::StartError;

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

/// One isolate's share; given back when dropped.
#[derive(Debug)]
pub(crate) struct Reservation(u64);

impl Drop for Reservation {
    fn drop(&mut self) {
        RESERVED_MB.fetch_sub(self.0, Ordering::SeqCst);
    }
}

/// Reserves `memory_mb` for an isolate about to start, if the ceiling allows.
pub(crate) fn reserve(memory_mb: u64) -> Result<Reservation, StartError> {
    let ceiling = CEILING_MB.load(Ordering::SeqCst);
    let mut reserved = RESERVED_MB.load(Ordering::SeqCst);
    loop {
        let wanted = reserved.saturating_add(memory_mb);
        if ceiling > 0 && wanted > ceiling {
            return Err(StartError::HostMemory { ceiling_mb: ceiling, reserved_mb: reserved, memory_mb });
        }
        match RESERVED_MB.compare_exchange(reserved, wanted, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => return Ok(Reservation(memory_mb)),
            Err(now) => reserved = now,
        }
    }
}
