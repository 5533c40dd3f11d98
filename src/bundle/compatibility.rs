//! The Workers compatibility flags that change what worky does, resolved from a
//! worker's `compatibility_date` and `compatibility_flags` as workerd resolves
//! them (its compatibility-date.capnp): a flag is off when its opposite is named,
//! on when it is named, and otherwise on from its own date or, past a date, when
//! a flag that implies it is on. `nodejs_compat`, for one, is on by default from
//! compatibility date 2026-08-04: a project made today has the Node.js modules
//! without naming the flag, on Workers and so on worky.

/// One flag as workerd defines it.
struct Flag {
    name: &'static str,
    /// The flag that turns it off.
    off: &'static str,
    /// The compatibility date from which it is on by default.
    default_from: Option<&'static str>,
    /// `(flag, date)`: on when `flag` is, for compatibility dates from `date`.
    implied_by: Option<(&'static str, &'static str)>,
}

/// The compatibility date from which workerd has the Node.js modules without a flag.
pub const NODEJS_COMPAT_DEFAULT_FROM: &str = "2026-08-04";

/// The flags worky resolves, with workerd's names and dates.
const FLAGS: &[Flag] = &[
    Flag {
        name: "nodejs_compat",
        off: "no_nodejs_compat",
        default_from: Some(NODEJS_COMPAT_DEFAULT_FROM),
        implied_by: None,
    },
    Flag {
        name: "nodejs_compat_v2",
        off: "no_nodejs_compat_v2",
        default_from: Some(NODEJS_COMPAT_DEFAULT_FROM),
        implied_by: Some(("nodejs_compat", "2024-09-23")),
    },
    Flag { name: "nodejs_als", off: "no_nodejs_als", default_from: None, implied_by: None },
    Flag {
        name: "nodejs_compat_populate_process_env",
        off: "nodejs_compat_do_not_populate_process_env",
        default_from: None,
        implied_by: Some(("nodejs_compat", "2025-04-01")),
    },
    Flag {
        name: "queues_json_messages",
        off: "no_queues_json_messages",
        default_from: Some("2024-03-18"),
        implied_by: None,
    },
    Flag {
        name: "enable_nodejs_process_v2",
        off: "disable_nodejs_process_v2",
        default_from: None,
        implied_by: Some(("nodejs_compat", "2025-09-15")),
    },
    Flag { name: "enable_ctx_exports", off: "disable_ctx_exports", default_from: Some("2025-11-17"), implied_by: None },
    // No date: workerd turns it on only when named.
    Flag { name: "enable_request_signal", off: "disable_request_signal", default_from: None, implied_by: None },
];

/// A worker's compatibility date and flags, as its manifest carries them.
#[derive(Debug, Clone, Copy)]
pub struct Compatibility<'a> {
    date: Option<&'a str>,
    flags: &'a [String],
}

impl<'a> Compatibility<'a> {
    pub fn new(date: Option<&'a str>, flags: &'a [String]) -> Compatibility<'a> {
        Compatibility { date, flags }
    }

    /// Whether the Node.js modules are there: `nodejs_compat` (or its v2, or
    /// `nodejs_als`, which worky does not tell apart).
    pub fn node_modules(self) -> bool {
        ["nodejs_compat", "nodejs_compat_v2", "nodejs_als"].into_iter().any(|flag| self.is_on(flag))
    }

    /// Whether `process` is Node.js's whole object (version, cwd, events, ...)
    /// rather than the few members Workers had before (env, nextTick, exit, platform).
    pub fn full_process(self) -> bool {
        self.is_on("enable_nodejs_process_v2")
    }

    /// Whether process.env holds the worker's vars and secrets.
    pub fn populates_process_env(self) -> bool {
        self.is_on("nodejs_compat_populate_process_env")
    }

    /// Whether a queue message sent without a content type is JSON (else V8's serialization).
    pub fn queues_json_messages(self) -> bool {
        self.is_on("queues_json_messages")
    }

    /// What `Cloudflare.compatibilityFlags` says, as JSON: each flag worky resolves,
    /// on or off. (workerd lists every flag it knows; worky the ones it acts on.)
    pub fn reported_json(self) -> String {
        // The names are plain identifiers: nothing to escape.
        let members: Vec<String> =
            FLAGS.iter().map(|flag| format!("\"{}\":{}", flag.name, self.is_on(flag.name))).collect();
        format!("{{{}}}", members.join(","))
    }

    fn is_on(self, name: &str) -> bool {
        let Some(flag) = FLAGS.iter().find(|flag| flag.name == name) else {
            return self.names(name);
        };
        if self.names(flag.off) {
            return false;
        }
        self.names(flag.name)
            || flag.default_from.is_some_and(|date| self.dated_from(date))
            || flag.implied_by.is_some_and(|(by, date)| self.dated_from(date) && self.is_on(by))
    }

    fn names(self, flag: &str) -> bool {
        self.flags.iter().any(|named| named == flag)
    }

    /// Whether the compatibility date is `date` or later (both YYYY-MM-DD, which
    /// the config checks).
    fn dated_from(self, date: &str) -> bool {
        self.date.is_some_and(|own| own >= date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(date, flags)` -> what workerd 2026-11-17 reported in
    /// `Cloudflare.compatibilityFlags` for nodejs_compat, nodejs_compat_v2,
    /// enable_nodejs_process_v2, nodejs_compat_populate_process_env, nodejs_als.
    fn resolved(date: &str, flags: &[&str]) -> [bool; 5] {
        let flags: Vec<String> = flags.iter().map(|flag| flag.to_string()).collect();
        let compat = Compatibility::new(Some(date), &flags);
        [
            "nodejs_compat",
            "nodejs_compat_v2",
            "enable_nodejs_process_v2",
            "nodejs_compat_populate_process_env",
            "nodejs_als",
        ]
        .map(|flag| compat.is_on(flag))
    }

    #[test]
    fn resolves_as_workerd_does() {
        assert_eq!(resolved("2026-09-01", &[]), [true, true, true, true, false]);
        assert_eq!(resolved("2026-08-04", &[]), [true, true, true, true, false]);
        assert_eq!(resolved("2026-08-03", &[]), [false; 5]);
        assert_eq!(resolved("2024-01-01", &["nodejs_compat"]), [true, false, false, false, false]);
        assert_eq!(resolved("2025-05-01", &["nodejs_compat"]), [true, true, false, true, false]);
        assert_eq!(resolved("2025-05-01", &["nodejs_compat_v2"]), [false, true, false, false, false]);
        assert_eq!(resolved("2025-05-01", &["nodejs_als"]), [false, false, false, false, true]);
        assert_eq!(resolved("2026-11-17", &["no_nodejs_compat"]), [false, true, false, false, false]);
        assert_eq!(resolved("2026-11-17", &["no_nodejs_compat_v2"]), [true, false, true, true, false]);
        assert_eq!(resolved("2026-11-17", &["no_nodejs_compat", "no_nodejs_compat_v2"]), [false; 5]);
        assert_eq!(resolved("2026-11-17", &["nodejs_als"]), [true, true, true, true, true]);
        assert_eq!(
            resolved(
                "2025-10-01",
                &["nodejs_compat", "disable_nodejs_process_v2", "nodejs_compat_do_not_populate_process_env"]
            ),
            [true, true, false, false, false]
        );
    }

    #[test]
    fn node_modules_follow_any_of_the_three() {
        let none: Vec<String> = Vec::new();
        assert!(!Compatibility::new(None, &none).node_modules());
        assert!(!Compatibility::new(Some("2026-08-03"), &none).node_modules());
        assert!(Compatibility::new(Some("2026-08-04"), &none).node_modules());
        let off = vec!["no_nodejs_compat".to_string(), "no_nodejs_compat_v2".to_string()];
        assert!(!Compatibility::new(Some("2026-11-27"), &off).node_modules());
        let als = vec!["nodejs_als".to_string()];
        assert!(Compatibility::new(None, &als).node_modules());
    }

    #[test]
    fn reports_each_flag_it_resolves() {
        let flags = vec!["nodejs_compat".to_string()];
        assert_eq!(
            Compatibility::new(Some("2025-05-01"), &flags).reported_json(),
            r#"{"nodejs_compat":true,"nodejs_compat_v2":true,"nodejs_als":false,"nodejs_compat_populate_process_env":true,"queues_json_messages":true,"enable_nodejs_process_v2":false,"enable_ctx_exports":false,"enable_request_signal":false}"#
        );
    }
}
