//! The runtime's own settings: resource limits and pool sizes. Config files and
//! command-line flags are turned into these by the layers above; the rules of
//! what is valid live here, once, so every way in checks the same.

use std::time::Duration;

use crate::bundle;

/// Per-request and per-isolate resource limits of one worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// CPU time one uninterrupted stretch of a worker's JS may use, in ms.
    pub cpu_ms: u64,
    /// Time from request to response head, in ms.
    pub wall_ms: u64,
    /// Heap per isolate, in MiB.
    pub memory_mb: u64,
    /// Largest request body accepted, in MiB (413 past it).
    pub max_body_mb: u64,
    /// `fetch()` calls one request may make (Workers' `limits.subrequests`).
    pub subrequests: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { cpu_ms: 30_000, wall_ms: 30_000, memory_mb: 128, max_body_mb: 100, subrequests: DEFAULT_SUBREQUESTS }
    }
}

/// Workers' default subrequest limit per request...
pub const DEFAULT_SUBREQUESTS: u64 = 50;
/// ...and the most it can be configured to.
pub const MAX_SUBREQUESTS: u64 = 10_000;

/// Below this the engine cannot even hold the Web API globals.
pub const MIN_MEMORY_MB: u64 = 16;
/// Above this a heap limit in bytes would not fit the engine's size type (1 TiB).
pub const MAX_MEMORY_MB: u64 = 1 << 20;

impl Limits {
    pub fn validate(&self) -> Result<(), SettingsError> {
        at_least(Setting::CpuMs, self.cpu_ms, 1)?;
        at_least(Setting::WallMs, self.wall_ms, 1)?;
        at_least(Setting::MemoryMb, self.memory_mb, MIN_MEMORY_MB)?;
        at_most(Setting::MemoryMb, self.memory_mb, MAX_MEMORY_MB)?;
        at_least(Setting::MaxBodyMb, self.max_body_mb, 1)?;
        at_most(Setting::Subrequests, self.subrequests, MAX_SUBREQUESTS)
    }

    pub fn max_body_bytes(&self) -> u64 {
        self.max_body_mb.saturating_mul(1 << 20)
    }

    pub fn wall_time(&self) -> Duration {
        Duration::from_millis(self.wall_ms)
    }
}

impl From<bundle::Limits> for Limits {
    fn from(limits: bundle::Limits) -> Limits {
        let bundle::Limits { cpu_ms, wall_ms, memory_mb, max_body_mb, subrequests } = limits;
        Limits { cpu_ms, wall_ms, memory_mb, max_body_mb, subrequests }
    }
}

impl From<Limits> for bundle::Limits {
    fn from(limits: Limits) -> bundle::Limits {
        let Limits { cpu_ms, wall_ms, memory_mb, max_body_mb, subrequests } = limits;
        bundle::Limits { cpu_ms, wall_ms, memory_mb, max_body_mb, subrequests }
    }
}

/// How many isolates run one worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    /// Isolates kept even when idle (more start while requests overlap, up to
    /// `max_isolates`). 0: none until the first request (a worker that cannot start is
    /// then found by that request, not when the version is deployed).
    pub min_isolates: usize,
    /// Most isolates at once; defaults to the number of cores.
    pub max_isolates: usize,
    /// Requests one isolate works on at once before the pool prefers another.
    pub max_concurrent_requests: usize,
    /// Idle isolates above the minimum are retired after this many seconds.
    pub idle_timeout_s: u64,
    /// A worker that got no request for this many seconds (and holds no
    /// WebSocket) unloads: it keeps no isolate, and its next request starts one
    /// from the process's warm blank isolate. 0: never. Default five minutes: a
    /// host's rarely asked deployments cost next to nothing, and one asked
    /// every few minutes keeps its module state, as on Workers.
    pub idle_unload_s: u64,
    /// An isolate the pool lets go of (a new version, idle retirement) gets this
    /// long for its in-flight requests and `waitUntil` work, then is stopped with
    /// its timers. Workers gives `waitUntil` 30 s after the response.
    pub grace_s: u64,
    /// A Durable Object with no event for this long leaves memory (its storage
    /// stays; the next event constructs it again). Cloudflare: 70-140 s.
    pub object_idle_timeout_s: u64,
}

impl Default for PoolSettings {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        PoolSettings {
            min_isolates: 1,
            max_isolates: cores.max(1),
            max_concurrent_requests: 64,
            idle_timeout_s: 60,
            idle_unload_s: 300,
            grace_s: 30,
            object_idle_timeout_s: 70,
        }
    }
}

impl PoolSettings {
    pub fn grace(&self) -> Duration {
        Duration::from_secs(self.grace_s)
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        at_least(Setting::MaxIsolates, self.max_isolates as u64, 1)?;
        at_least(Setting::MaxConcurrentRequests, self.max_concurrent_requests as u64, 1)?;
        if self.max_isolates < self.min_isolates {
            return Err(SettingsError::MaxBelowMin { min: self.min_isolates, max: self.max_isolates });
        }
        Ok(())
    }
}

/// One setting, by the name config files give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    CpuMs,
    WallMs,
    MemoryMb,
    MaxBodyMb,
    Subrequests,
    MinIsolates,
    MaxIsolates,
    MaxConcurrentRequests,
}

impl Setting {
    /// The key in `[limits]` or `[pool]`.
    pub fn key(self) -> &'static str {
        match self {
            Setting::CpuMs => "cpu_ms",
            Setting::WallMs => "wall_ms",
            Setting::MemoryMb => "memory_mb",
            Setting::MaxBodyMb => "max_body_mb",
            Setting::Subrequests => "subrequests",
            Setting::MinIsolates => "min_isolates",
            Setting::MaxIsolates => "max_isolates",
            Setting::MaxConcurrentRequests => "max_concurrent_requests",
        }
    }

    /// The table the key lives in.
    pub fn table(self) -> &'static str {
        match self {
            Setting::CpuMs | Setting::WallMs | Setting::MemoryMb | Setting::MaxBodyMb | Setting::Subrequests => {
                "limits"
            }
            Setting::MinIsolates | Setting::MaxIsolates | Setting::MaxConcurrentRequests => "pool",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("{}.{} must be at least {min} (got {value})", setting.table(), setting.key())]
    TooSmall { setting: Setting, min: u64, value: u64 },
    #[error("{}.{} must be at most {max} (got {value})", setting.table(), setting.key())]
    TooLarge { setting: Setting, max: u64, value: u64 },
    #[error("pool.max_isolates must be at least min_isolates ({max} < {min})")]
    MaxBelowMin { min: usize, max: usize },
}

impl SettingsError {
    /// The setting to point at when reporting the error.
    pub fn setting(&self) -> Setting {
        match self {
            SettingsError::TooSmall { setting, .. } | SettingsError::TooLarge { setting, .. } => *setting,
            SettingsError::MaxBelowMin { .. } => Setting::MaxIsolates,
        }
    }
}

fn at_least(setting: Setting, value: u64, min: u64) -> Result<(), SettingsError> {
    if value < min { Err(SettingsError::TooSmall { setting, min, value }) } else { Ok(()) }
}

fn at_most(setting: Setting, value: u64, max: u64) -> Result<(), SettingsError> {
    if value > max { Err(SettingsError::TooLarge { setting, max, value }) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_checked_on_both_sides_of_each_minimum() {
        assert_eq!(Limits::default().validate(), Ok(()));
        let limits = Limits { cpu_ms: 0, ..Default::default() };
        assert_eq!(limits.validate(), Err(SettingsError::TooSmall { setting: Setting::CpuMs, min: 1, value: 0 }));
        assert_eq!(Limits { cpu_ms: 1, ..Default::default() }.validate(), Ok(()));
        let small = Limits { memory_mb: MIN_MEMORY_MB - 1, ..Default::default() };
        assert!(matches!(small.validate(), Err(SettingsError::TooSmall { setting: Setting::MemoryMb, .. })));
        assert_eq!(Limits { memory_mb: MIN_MEMORY_MB, ..Default::default() }.validate(), Ok(()));
        assert_eq!(Limits { memory_mb: MAX_MEMORY_MB, ..Default::default() }.validate(), Ok(()));
        // A limit whose byte count would overflow is an error, not a wrap-around.
        let huge = Limits { memory_mb: MAX_MEMORY_MB + 1, ..Default::default() };
        assert!(matches!(huge.validate(), Err(SettingsError::TooLarge { setting: Setting::MemoryMb, .. })));
        let err = Limits { max_body_mb: 0, ..Default::default() }.validate().unwrap_err();
        assert_eq!(err.to_string(), "limits.max_body_mb must be at least 1 (got 0)");
    }

    #[test]
    fn pool_max_below_min_is_an_error_not_a_silent_raise() {
        let settings = PoolSettings { min_isolates: 3, max_isolates: 2, ..Default::default() };
        assert_eq!(settings.validate(), Err(SettingsError::MaxBelowMin { min: 3, max: 2 }));
        assert_eq!(settings.validate().unwrap_err().setting(), Setting::MaxIsolates);
        assert_eq!(PoolSettings { min_isolates: 2, max_isolates: 2, ..Default::default() }.validate(), Ok(()));
        assert_eq!(PoolSettings { min_isolates: 0, ..Default::default() }.validate(), Ok(()));
        let none = PoolSettings { min_isolates: 0, max_isolates: 0, ..Default::default() };
        assert!(matches!(none.validate(), Err(SettingsError::TooSmall { setting: Setting::MaxIsolates, .. })));
    }
}
