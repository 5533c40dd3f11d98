//! `[limits]` and `[pool]` as config files write them: every key optional, laid
//! over a base (the runtime's defaults for worky.toml, the package's own limits
//! for a deployment in serve.toml), then checked by the runtime's rules.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{ConfigError, SourceText};
use crate::runtime::{Limits, PoolSettings, Setting, SettingsError};

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LimitsTable {
    pub cpu_ms: Option<Spanned<u64>>,
    pub wall_ms: Option<Spanned<u64>>,
    pub memory_mb: Option<Spanned<u64>>,
    pub max_body_mb: Option<Spanned<u64>>,
    pub subrequests: Option<Spanned<u64>>,
}

impl LimitsTable {
    /// `base` with every key this table sets replaced.
    pub fn over(&self, base: Limits) -> Limits {
        let pick = |value: &Option<Spanned<u64>>, default: u64| value.as_ref().map_or(default, |v| *v.get_ref());
        Limits {
            cpu_ms: pick(&self.cpu_ms, base.cpu_ms),
            wall_ms: pick(&self.wall_ms, base.wall_ms),
            memory_mb: pick(&self.memory_mb, base.memory_mb),
            max_body_mb: pick(&self.max_body_mb, base.max_body_mb),
            subrequests: pick(&self.subrequests, base.subrequests),
        }
    }

    fn span(&self, setting: Setting) -> Option<Range<usize>> {
        let value = match setting {
            Setting::CpuMs => &self.cpu_ms,
            Setting::WallMs => &self.wall_ms,
            Setting::MemoryMb => &self.memory_mb,
            Setting::MaxBodyMb => &self.max_body_mb,
            Setting::Subrequests => &self.subrequests,
            _ => return None,
        };
        value.as_ref().map(Spanned::span)
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PoolTable {
    pub min_isolates: Option<Spanned<usize>>,
    pub max_isolates: Option<Spanned<usize>>,
    pub max_concurrent_requests: Option<Spanned<usize>>,
    pub idle_timeout_s: Option<Spanned<u64>>,
    pub idle_unload_s: Option<Spanned<u64>>,
    pub grace_s: Option<Spanned<u64>>,
    pub object_idle_timeout_s: Option<Spanned<u64>>,
}

impl PoolTable {
    /// The runtime's defaults with every key this table sets replaced.
    pub fn settings(&self) -> PoolSettings {
        let base = PoolSettings::default();
        let pick = |value: &Option<Spanned<usize>>, default: usize| value.as_ref().map_or(default, |v| *v.get_ref());
        PoolSettings {
            min_isolates: pick(&self.min_isolates, base.min_isolates),
            max_isolates: pick(&self.max_isolates, base.max_isolates),
            max_concurrent_requests: pick(&self.max_concurrent_requests, base.max_concurrent_requests),
            idle_timeout_s: self.idle_timeout_s.as_ref().map_or(base.idle_timeout_s, |v| *v.get_ref()),
            idle_unload_s: self.idle_unload_s.as_ref().map_or(base.idle_unload_s, |v| *v.get_ref()),
            grace_s: self.grace_s.as_ref().map_or(base.grace_s, |v| *v.get_ref()),
            object_idle_timeout_s: self
                .object_idle_timeout_s
                .as_ref()
                .map_or(base.object_idle_timeout_s, |v| *v.get_ref()),
        }
    }

    fn span(&self, setting: Setting) -> Option<Range<usize>> {
        let value = match setting {
            Setting::MinIsolates => &self.min_isolates,
            Setting::MaxIsolates => &self.max_isolates,
            Setting::MaxConcurrentRequests => &self.max_concurrent_requests,
            _ => return None,
        };
        value.as_ref().map(Spanned::span)
    }
}

/// A settings error, located at the key that caused it (or at `fallback`, the
/// table, when the key is not in the file).
pub fn locate(
    source: &SourceText<'_>,
    err: SettingsError,
    limits: &LimitsTable,
    pool: &PoolTable,
    fallback: Range<usize>,
) -> ConfigError {
    let setting = err.setting();
    let span = match (limits.span(setting).or_else(|| pool.span(setting)), setting) {
        // max_isolates (left at its default) below min_isolates: point at min_isolates.
        (None, Setting::MaxIsolates) => pool.span(Setting::MinIsolates),
        (span, _) => span,
    };
    let span = span.unwrap_or(fallback);
    source.invalid(span, err.to_string())
}
