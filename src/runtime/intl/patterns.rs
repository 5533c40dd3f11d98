//! The pattern that best fits a skeleton, as ICU's DateTimePatternGenerator
//! finds it for V8: `Intl.DateTimeFormat`'s component options become a UTS 35
//! skeleton ("yMMMd"), which is matched against the locale's CLDR patterns
//! (availableFormats, then its stock date and time lengths) by a distance per
//! field; the winner's fields are widened to what was asked, and a date and a
//! time found apart are glued with the locale's date-time pattern. ICU4X has no
//! such generator (its field sets pick one of the stock lengths, so German
//! "yMMMd" came out 05.01.2020 where V8 writes 5. Jan. 2020); the patterns come
//! from CLDR (data/cldr-dates/patterns.json) and ICU4X formats the result.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::value::RawValue;

/// A locale's patterns as data/cldr-dates/generate.mjs writes them; a locale
/// holds only what differs from its language.
#[derive(Debug, Default, Clone, Deserialize)]
struct LocalePatterns {
    /// availableFormats: skeleton -> pattern.
    #[serde(default)]
    a: Option<HashMap<String, String>>,
    /// The full, long, medium and short date patterns.
    #[serde(default)]
    d: Option<[String; 4]>,
    /// The full, long, medium and short time patterns.
    #[serde(default)]
    t: Option<[String; 4]>,
    /// The full, long, medium and short date-time glue ("{1} 'at' {0}").
    #[serde(default)]
    g: Option<[String; 4]>,
    /// appendItems without a field name: field -> "{0} {1}".
    #[serde(default)]
    z: Option<HashMap<String, String>>,
    /// The hour letter of the locale's clock ("h", "H").
    #[serde(default)]
    h: Option<String>,
    /// intervalFormats: skeleton -> greatest different field -> pattern.
    #[serde(default)]
    i: Option<BTreeMap<String, BTreeMap<String, String>>>,
    /// The interval fallback ("{0} – {1}").
    #[serde(default)]
    f: Option<String>,
    /// The standard medium date-time glue (a same-day range's).
    #[serde(default)]
    m: Option<String>,
    /// The signs of a zone's offset, positive and negative (hourFormat's).
    #[serde(default)]
    o: Option<[String; 2]>,
    /// Flexible day period names by width ("a", "w", "n"): period -> name.
    #[serde(default)]
    y: Option<BTreeMap<String, BTreeMap<String, String>>>,
    /// The language's day period rules: period -> [from, before] in minutes.
    #[serde(default)]
    q: Option<BTreeMap<String, [u32; 2]>>,
    /// Whole, not over its language's ("zh-Hant": CLDR's parent is root).
    #[serde(default)]
    root: bool,
}

/// Every locale's patterns, each read when a generator is made for it: the
/// file is a megabyte, and a worker uses a locale or two.
static PATTERNS: LazyLock<HashMap<&'static str, &'static RawValue>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../data/cldr-dates/patterns.json")).expect("data/cldr-dates/patterns.json")
});

fn patterns_of(key: &str) -> Option<LocalePatterns> {
    PATTERNS.get(key).map(|raw| serde_json::from_str(raw.get()).expect("data/cldr-dates/patterns.json"))
}

/// Every locale's patterns for the other calendars, as "<calendar>.<key>"
/// (the keys of `LocalePatterns`): CLDR's generic calendar whole, and what a
/// calendar's own data says otherwise (data/cldr-dates/generate.mjs).
static CALENDARS: LazyLock<HashMap<&'static str, &'static RawValue>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../data/cldr-dates/calendars.json"))
        .expect("data/cldr-dates/calendars.json")
});

/// The CLDR calendar whose patterns write ECMA-402's `calendar`: the Islamic
/// ones share theirs, the Indian and Coptic have only the generic ones. `None`
/// for the Gregorian (patterns.json) and for calendars worky has no CLDR
/// patterns for (Chinese, Dangi, ISO 8601), which ICU4X's field sets write.
fn cldr_calendar(calendar: &str) -> Option<&'static str> {
    Some(match calendar {
        "buddhist" => "buddhist",
        "japanese" => "japanese",
        "persian" => "persian",
        "hebrew" => "hebrew",
        "roc" => "roc",
        "ethiopic" | "ethioaa" => "ethiopic",
        "indian" | "coptic" => "generic",
        islamic if islamic.starts_with("islamic") => "islamic",
        _ => return None,
    })
}

/// Whether dates in `calendar` are written with CLDR's patterns.
pub fn has_patterns(calendar: &str) -> bool {
    calendar == "gregory" || cldr_calendar(calendar).is_some()
}

/// `data` (a locale's Gregorian patterns) with its date and time patterns and
/// intervals those of `calendar` in `tag`. The date-time glue stays the
/// Gregorian one: ICU has its atTime glue for the Gregorian calendar alone and
/// falls back to it (workerd glues a Persian date "{1}، {0}" as a Gregorian one,
/// not with the generic calendar's "{1}،\u{200f} {0}").
fn with_calendar(mut data: LocalePatterns, tag: &str, calendar: &str) -> Option<LocalePatterns> {
    let mut merged: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    for key in super::cldr_chain(tag, |key| CALENDARS.contains_key(key)) {
        let raw = CALENDARS.get(key.as_str())?;
        let own: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(raw.get()).expect("data/cldr-dates/calendars.json");
        if own.get("root").is_some_and(|root| root == true) {
            merged.clear();
        }
        for (key, value) in own {
            overlay(&mut merged, key, value);
        }
    }
    let value = |key: &str| -> Option<serde_json::Value> {
        let mut found = serde_json::Map::new();
        for source in ["generic", calendar] {
            if let Some(value) = merged.get(&format!("{source}.{key}")) {
                overlay(&mut found, key.to_string(), value.clone());
            }
        }
        found.remove(key)
    };
    data.a = read(value("a"));
    data.d = read(value("d"));
    data.t = read(value("t"));
    data.i = read(value("i"));
    data.f = read(value("f"));
    data.m = read(value("m"));
    Some(data)
}

fn read<T: serde::de::DeserializeOwned>(value: Option<serde_json::Value>) -> Option<T> {
    serde_json::from_value(value?).ok()
}

/// A child's entry over its parent's: maps merged key by key, the rest replaced.
fn overlay(into: &mut serde_json::Map<String, serde_json::Value>, key: String, value: serde_json::Value) {
    match (into.get_mut(&key), value) {
        (Some(serde_json::Value::Object(below)), serde_json::Value::Object(own)) => below.extend(own),
        (_, value) => {
            into.insert(key, value);
        }
    }
}

// ICU's field indices, in its order (the order of a skeleton's base form).
const ERA: usize = 0;
const YEAR: usize = 1;
const MONTH: usize = 3;
const WEEKDAY: usize = 6;
const DAY_PERIOD: usize = 10;
const HOUR: usize = 11;
const MINUTE: usize = 12;
const SECOND: usize = 13;
const FRACTION: usize = 14;
const ZONE: usize = 15;
const FIELDS: usize = 16;
/// Era to day: the fields of a date.
const DATE_MASK: u32 = (1 << 10) - 1;
const TIME_MASK: u32 = 0xFFFF & !DATE_MASK;
/// ECMA-402's name of each field (DisplayNames' dateTimeField), for its
/// display name in an appended field.
const ECMA_FIELDS: [Option<&str>; FIELDS] = [
    Some("era"),
    Some("year"),
    Some("quarter"),
    Some("month"),
    Some("weekOfYear"),
    None,
    Some("weekday"),
    None,
    None,
    Some("day"),
    Some("dayPeriod"),
    Some("hour"),
    Some("minute"),
    Some("second"),
    None,
    Some("timeZoneName"),
];
/// What appendItems calls each field.
const FIELD_NAMES: [&str; FIELDS] = [
    "Era",
    "Year",
    "Quarter",
    "Month",
    "Week",
    "*",
    "Day-Of-Week",
    "*",
    "*",
    "Day",
    "*",
    "Hour",
    "Minute",
    "Second",
    "*",
    "Timezone",
];

// ICU's field types: numeric ones carry their length, text ones which width.
const NUMERIC: i32 = 0x100;
const DELTA: i32 = 0x10;
const NARROW: i32 = -0x101;
const SHORTER: i32 = -0x102;
const SHORT: i32 = -0x103;
const LONG: i32 = -0x104;
const EXTRA_FIELD: i32 = 0x10000;
const MISSING_FIELD: i32 = 0x1000;

/// One way to write a field: (letter, field, type, shortest length), ICU's
/// table; a letter's rows are in order of length.
const ROWS: &[(char, usize, i32, usize)] = &[
    ('G', ERA, SHORT, 1),
    ('G', ERA, LONG, 4),
    ('G', ERA, NARROW, 5),
    ('y', YEAR, NUMERIC, 1),
    ('Y', YEAR, NUMERIC + DELTA, 1),
    ('u', YEAR, NUMERIC + 2 * DELTA, 1),
    ('r', YEAR, NUMERIC + 3 * DELTA, 1),
    ('U', YEAR, SHORT, 1),
    ('U', YEAR, LONG, 4),
    ('U', YEAR, NARROW, 5),
    ('Q', 2, NUMERIC, 1),
    ('Q', 2, SHORT, 3),
    ('Q', 2, LONG, 4),
    ('q', 2, NUMERIC + DELTA, 1),
    ('q', 2, SHORT + DELTA, 3),
    ('q', 2, LONG + DELTA, 4),
    ('M', MONTH, NUMERIC, 1),
    ('M', MONTH, SHORT, 3),
    ('M', MONTH, LONG, 4),
    ('M', MONTH, NARROW, 5),
    ('L', MONTH, NUMERIC + DELTA, 1),
    ('L', MONTH, SHORT - DELTA, 3),
    ('L', MONTH, LONG - DELTA, 4),
    ('L', MONTH, NARROW - DELTA, 5),
    ('l', MONTH, NUMERIC + DELTA, 1),
    ('w', 4, NUMERIC, 1),
    ('W', 5, NUMERIC + DELTA, 1),
    ('E', WEEKDAY, SHORT, 1),
    ('E', WEEKDAY, LONG, 4),
    ('E', WEEKDAY, NARROW, 5),
    ('E', WEEKDAY, SHORTER, 6),
    ('c', WEEKDAY, NUMERIC + 2 * DELTA, 1),
    ('c', WEEKDAY, SHORT - 2 * DELTA, 3),
    ('c', WEEKDAY, LONG - 2 * DELTA, 4),
    ('c', WEEKDAY, NARROW - 2 * DELTA, 5),
    ('c', WEEKDAY, SHORTER - 2 * DELTA, 6),
    ('e', WEEKDAY, NUMERIC + DELTA, 1),
    ('e', WEEKDAY, SHORT - DELTA, 3),
    ('e', WEEKDAY, LONG - DELTA, 4),
    ('e', WEEKDAY, NARROW - DELTA, 5),
    ('e', WEEKDAY, SHORTER - DELTA, 6),
    ('d', 9, NUMERIC, 1),
    ('g', 9, NUMERIC + 3 * DELTA, 1),
    ('D', 7, NUMERIC + DELTA, 1),
    ('F', 8, NUMERIC + 2 * DELTA, 1),
    ('a', DAY_PERIOD, SHORT, 1),
    ('a', DAY_PERIOD, LONG, 4),
    ('a', DAY_PERIOD, NARROW, 5),
    ('b', DAY_PERIOD, SHORT - DELTA, 1),
    ('b', DAY_PERIOD, LONG - DELTA, 4),
    ('b', DAY_PERIOD, NARROW - DELTA, 5),
    ('B', DAY_PERIOD, SHORT - 3 * DELTA, 1),
    ('B', DAY_PERIOD, LONG - 3 * DELTA, 4),
    ('B', DAY_PERIOD, NARROW - 3 * DELTA, 5),
    ('H', HOUR, NUMERIC + 10 * DELTA, 1),
    ('k', HOUR, NUMERIC + 11 * DELTA, 1),
    ('h', HOUR, NUMERIC, 1),
    ('K', HOUR, NUMERIC + DELTA, 1),
    ('m', MINUTE, NUMERIC, 1),
    ('s', SECOND, NUMERIC, 1),
    ('A', SECOND, NUMERIC + 2 * DELTA, 1),
    ('S', FRACTION, NUMERIC + DELTA, 1),
    ('v', ZONE, SHORT - 2 * DELTA, 1),
    ('v', ZONE, LONG - 2 * DELTA, 4),
    ('z', ZONE, SHORT, 1),
    ('z', ZONE, LONG, 4),
    ('Z', ZONE, NARROW - DELTA, 1),
    ('Z', ZONE, LONG - DELTA, 4),
    ('Z', ZONE, SHORT - DELTA, 5),
    ('O', ZONE, SHORT - DELTA, 1),
    ('O', ZONE, LONG - DELTA, 4),
    ('V', ZONE, SHORT - DELTA, 1),
    ('V', ZONE, LONG - DELTA, 2),
    ('X', ZONE, NARROW - DELTA, 1),
    ('X', ZONE, SHORT - DELTA, 2),
    ('X', ZONE, LONG - DELTA, 4),
    ('x', ZONE, NARROW - DELTA, 1),
    ('x', ZONE, SHORT - DELTA, 2),
    ('x', ZONE, LONG - DELTA, 4),
];

/// The row for `len` repeats of `letter`: its last row not longer than that.
fn row(letter: char, len: usize) -> Option<&'static (char, usize, i32, usize)> {
    ROWS.iter().rev().find(|row| row.0 == letter && row.3 <= len)
}

/// A pattern or skeleton read as ICU reads it: runs of one letter are fields,
/// quoted text and everything else literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Field(char, usize),
    Literal(String),
}

pub(super) fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if c == '\'' {
            // A quoted literal, kept with its quotes ('' is a quote).
            let mut end = at + 1;
            while end < chars.len() {
                if chars[end] == '\'' {
                    if chars.get(end + 1) == Some(&'\'') {
                        end += 2;
                        continue;
                    }
                    break;
                }
                end += 1;
            }
            let end = (end + 1).min(chars.len());
            out.push(Token::Literal(chars[at..end].iter().collect()));
            at = end;
        } else if c.is_ascii_alphabetic() {
            let mut end = at + 1;
            while end < chars.len() && chars[end] == c {
                end += 1;
            }
            out.push(Token::Field(c, end - at));
            at = end;
        } else {
            out.push(Token::Literal(c.to_string()));
            at += 1;
        }
    }
    out
}

/// A skeleton as ICU's DateTimeMatcher holds it: per field what was written,
/// its base form and its type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Skeleton {
    original: [Option<(char, usize)>; FIELDS],
    base: [Option<(char, usize)>; FIELDS],
    types: [i32; FIELDS],
}

impl Skeleton {
    fn of(pattern: &str) -> Skeleton {
        let mut skeleton = Skeleton::default();
        for token in tokens(pattern) {
            let Token::Field(letter, len) = token else { continue };
            let Some(&(base, field, kind, min)) = row(letter, len) else { continue };
            skeleton.set(field, (letter, len), (base, min), kind + if kind > 0 { len as i32 } else { 0 });
        }
        // A fraction of a second needs the second.
        if skeleton.has(MINUTE) && skeleton.has(FRACTION) && !skeleton.has(SECOND) {
            skeleton.set(SECOND, ('s', 1), ('s', 1), NUMERIC + 1);
        }
        // A 12-hour clock has a day period, a 24-hour one none.
        if let Some((hour, _)) = skeleton.original[HOUR] {
            if matches!(hour, 'h' | 'K') {
                if !skeleton.has(DAY_PERIOD) {
                    skeleton.set(DAY_PERIOD, ('a', 1), ('a', 1), SHORT);
                }
            } else {
                skeleton.original[DAY_PERIOD] = None;
                skeleton.base[DAY_PERIOD] = None;
                skeleton.types[DAY_PERIOD] = 0;
            }
        }
        skeleton
    }

    fn set(&mut self, field: usize, original: (char, usize), base: (char, usize), kind: i32) {
        self.original[field] = Some(original);
        self.base[field] = Some(base);
        self.types[field] = kind;
    }

    fn has(&self, field: usize) -> bool {
        self.types[field] != 0
    }

    fn mask(&self) -> u32 {
        (0..FIELDS).filter(|&field| self.has(field)).fold(0, |mask, field| mask | 1 << field)
    }

    /// The base form, field by field: what ICU files a pattern under.
    fn base_text(&self) -> String {
        self.base.iter().flatten().map(|&(letter, len)| letter.to_string().repeat(len)).collect()
    }

    fn len(&self, field: usize) -> usize {
        self.original[field].map_or(0, |(_, len)| len)
    }

    /// ICU's distance from this request (its fields in `include`) to `other`,
    /// with the fields `other` lacks and the ones it has besides.
    fn distance(&self, other: &Skeleton, include: u32) -> (i32, u32, u32) {
        let (mut distance, mut missing, mut extra) = (0, 0, 0);
        for field in 0..FIELDS {
            let mine = if include & 1 << field != 0 { self.types[field] } else { 0 };
            let theirs = other.types[field];
            if mine == theirs {
                continue;
            }
            if mine == 0 {
                distance += EXTRA_FIELD;
                extra |= 1 << field;
            } else if theirs == 0 {
                distance += MISSING_FIELD;
                missing |= 1 << field;
            } else {
                distance += (mine - theirs).abs();
            }
        }
        (distance, missing, extra)
    }
}

/// ICU's getSkeleton: the fields of `pattern` in ICU's order, as written
/// ("MMM d, y, h:mm a" -> "yMMMdahmm").
pub(super) fn skeleton_of(pattern: &str) -> String {
    let skeleton = Skeleton::of(pattern);
    skeleton.original.iter().flatten().map(|&(letter, len)| letter.to_string().repeat(len)).collect()
}

/// A pattern the generator can pick, with the skeleton it was filed under when
/// CLDR gave one (availableFormats) rather than it being read from the pattern.
#[derive(Debug, Clone)]
struct Entry {
    base: String,
    skeleton: Skeleton,
    pattern: String,
    specified: bool,
}

/// A locale's generator: its patterns in ICU's order, its glue and its clock.
#[derive(Debug)]
pub struct Generator {
    /// The locale it is for (a field's display name comes from its names).
    tag: String,
    entries: Vec<Entry>,
    pub(super) glue: [String; 4],
    append: HashMap<String, String>,
    /// The locale's hour letter.
    pub hour: char,
    /// The locale's full, long, medium and short date and time patterns.
    date_patterns: [String; 4],
    time_patterns: [String; 4],
    /// intervalFormats (skeleton -> greatest different field -> pattern) and
    /// the interval fallback ("{0} – {1}"), for ranges (intervals.rs).
    pub(super) intervals: BTreeMap<String, BTreeMap<String, String>>,
    pub(super) interval_fallback: String,
    /// The standard medium date-time glue ("{1} {0}" in Portuguese, whose
    /// atTime one is "{1}, {0}"), which DateIntervalFormat uses.
    pub(super) interval_glue: String,
    /// The signs a zone's offset is written with ("+", "−" in French).
    pub offset_signs: [String; 2],
    day_period_names: BTreeMap<String, BTreeMap<String, String>>,
    day_period_rules: BTreeMap<String, [u32; 2]>,
}

impl Generator {
    /// `tag`'s generator for dates in `calendar` (ECMA-402's name), from its
    /// CLDR data over its language's; `None` for a language CLDR has no dates
    /// for. A calendar without CLDR patterns of its own gets the Gregorian ones
    /// (for the clock, offsets and day periods; `has_patterns` says so).
    pub fn for_locale(tag: &str, calendar: &str) -> Option<Generator> {
        let mut data = locale_patterns(tag)?;
        if let Some(calendar) = cldr_calendar(calendar) {
            data = with_calendar(data, tag, calendar)?;
        }
        let mut generator = Generator {
            tag: tag.to_string(),
            entries: Vec::new(),
            glue: data.g.clone()?,
            append: data.z.clone().unwrap_or_default(),
            hour: data.h.as_deref().and_then(|hour| hour.chars().next()).unwrap_or('H'),
            date_patterns: data.d.clone()?,
            time_patterns: data.t.clone()?,
            intervals: data.i.clone().unwrap_or_default(),
            interval_fallback: data.f.clone().unwrap_or_else(|| "{0} – {1}".to_string()),
            interval_glue: data.m.clone().or_else(|| data.g.as_ref().map(|glue| glue[2].clone()))?,
            offset_signs: data.o.clone().unwrap_or_else(|| ["+".to_string(), "-".to_string()]),
            day_period_names: data.y.clone().unwrap_or_default(),
            day_period_rules: data.q.clone().unwrap_or_default(),
        };
        // ICU's order: one-letter patterns, the stock times and dates (full to
        // short), then availableFormats by key; a tie goes to the earlier.
        for letter in "GyQMwWEDFdaHmsSv".chars() {
            generator.add(&letter.to_string(), None, false);
        }
        for pattern in data.t.iter().chain(data.d.iter()).flatten() {
            generator.add(pattern, None, false);
        }
        let mut available: Vec<_> = data.a.iter().flatten().collect();
        available.sort();
        for (skeleton, pattern) in available {
            generator.add(pattern, Some(skeleton), true);
        }
        // ICU searches its map by the base form's first letter, A to Z, then a to z.
        generator.entries.sort_by_key(|entry| {
            let first = entry.base.chars().next().unwrap_or(' ');
            (first.is_ascii_lowercase(), first)
        });
        Some(generator)
    }

    /// ICU's addPatternWithOptionalSkeleton.
    fn add(&mut self, pattern: &str, skeleton_text: Option<&str>, replace: bool) {
        let skeleton = Skeleton::of(skeleton_text.unwrap_or(pattern));
        let base = skeleton.base_text();
        if let Some(same_base) = self.entries.iter().find(|entry| entry.base == base)
            && (!same_base.specified || (skeleton_text.is_some() && !replace))
            && !replace
        {
            return;
        }
        if let Some(same) = self.entries.iter().find(|entry| entry.skeleton.original == skeleton.original)
            && (!replace || (skeleton_text.is_some() && same.specified))
        {
            return;
        }
        let specified = skeleton_text.is_some();
        if let Some(same) =
            self.entries.iter_mut().find(|entry| entry.base == base && entry.skeleton.types == skeleton.types)
        {
            same.pattern = pattern.to_string();
            same.specified = specified;
            return;
        }
        self.entries.push(Entry { base, skeleton, pattern: pattern.to_string(), specified });
    }

    /// The pattern for `request`, a V8 skeleton whose hour letter is already
    /// the clock's (`h`, `H`, `K`, `k`), with V8's option (the hour's width is
    /// the request's); `None` where this generator would need what it does
    /// not have (a field's display name to append it).
    pub fn best_pattern(&self, request: &str) -> Option<String> {
        self.best_pattern_with(request, true)
    }

    /// ICU's getBestPattern; `hour_length`: UDATPG_MATCH_HOUR_FIELD_LENGTH
    /// (without it the hour keeps the pattern's width, as DateIntervalFormat asks).
    pub(super) fn best_pattern_with(&self, request: &str, hour_length: bool) -> Option<String> {
        let request = Skeleton::of(request);
        let (entry, distance) = self.best_raw(&request, u32::MAX);
        if distance.1 == 0 && distance.2 == 0 {
            return Some(self.adjusted(&entry?.pattern, &request, entry.filter(|e| e.specified), hour_length, false));
        }
        let need = request.mask();
        let date = self.best_appending(&request, need & DATE_MASK, hour_length)?;
        let time = self.best_appending(&request, need & TIME_MASK, hour_length)?;
        if date.is_empty() || time.is_empty() {
            return Some(date + &time);
        }
        let style = match request.base[MONTH] {
            Some((_, 4)) if request.has(WEEKDAY) => 0,
            Some((_, 4)) => 1,
            Some((_, 3)) => 2,
            _ => 3,
        };
        Some(simple_format(&self.glue[style], &time, &date))
    }

    /// CLDR's flexible day period for a time (`minutes` into the day) in a
    /// `B` field of `width` letters ("in the morning"); `noon` at 12 o'clock.
    pub fn flexible_day_period(&self, minutes: u32, width: usize, noon: bool) -> Option<String> {
        let names = self.day_period_names.get(match width {
            4 => "w",
            5 => "n",
            _ => "a",
        })?;
        if noon && let Some(name) = names.get("noon") {
            return Some(name.clone());
        }
        let within = |[from, before]: [u32; 2]| {
            if from < before { (from..before).contains(&minutes) } else { minutes >= from || minutes < before }
        };
        let period = self.day_period_rules.iter().find(|(_, rule)| within(**rule)).map(|(period, _)| period)?;
        names.get(period).cloned()
    }

    /// `dateStyle` and `timeStyle` (0 full to 3 short) as ICU writes them: the
    /// locale's stock patterns, glued by the date style's date-time pattern.
    /// On a clock (`hour`) other than the pattern's, V8 asks again for the
    /// pattern's fields with that clock's hour (and no day period).
    pub fn style_pattern(&self, date: Option<usize>, time: Option<usize>, hour: Option<char>) -> Option<String> {
        let dates = date.map(|style| self.date_patterns[style].clone());
        let times = time.map(|style| self.time_patterns[style].clone());
        let pattern = match (dates, times) {
            (Some(dates), Some(times)) => simple_format(&self.glue[date?], &times, &dates),
            (dates, times) => dates.or(times)?,
        };
        let hour = match hour {
            Some(hour) if hour_of(&pattern).is_some_and(|found| found != hour) => hour,
            _ => return Some(pattern),
        };
        let skeleton: String = tokens(&pattern)
            .into_iter()
            .filter_map(|token| match token {
                Token::Field('a' | 'b' | 'B', _) | Token::Literal(_) => None,
                Token::Field('h' | 'H' | 'k' | 'K', len) => Some(hour.to_string().repeat(len)),
                Token::Field(letter, len) => Some(letter.to_string().repeat(len)),
            })
            .collect();
        Some(with_hour_cycle(&self.best_pattern(&skeleton)?, hour))
    }

    /// The entry nearest `request` in its fields of `include`, with its
    /// distance and the fields it lacks and has besides.
    fn best_raw(&self, request: &Skeleton, include: u32) -> (Option<&Entry>, (i32, u32, u32)) {
        let mut best: (Option<&Entry>, (i32, u32, u32)) = (None, (i32::MAX, 0, 0));
        let mut best_missing: i64 = -1;
        for entry in &self.entries {
            let found = request.distance(&entry.skeleton, include);
            if found.0 < best.1.0 || (found.0 == best.1.0 && best_missing < i64::from(found.1)) {
                best = (Some(entry), found);
                best_missing = i64::from(found.1);
                if found.0 == 0 {
                    break;
                }
            }
        }
        best
    }

    /// ICU's getBestAppending: the nearest pattern for the fields in `mask`,
    /// with what it lacks appended by the locale's appendItems.
    fn best_appending(&self, request: &Skeleton, mask: u32, hour_length: bool) -> Option<String> {
        if mask == 0 {
            return Some(String::new());
        }
        let (entry, (_, mut missing, _)) = self.best_raw(request, mask);
        let specified = entry.filter(|e| e.specified);
        let mut result = self.adjusted(&entry?.pattern, request, specified, hour_length, false);
        let mut last = 0;
        let seconds = 1 << SECOND | 1 << FRACTION;
        while missing != 0 && missing != last {
            // A fraction of a second no pattern has follows the second.
            if missing & seconds == 1 << FRACTION && mask & seconds == seconds {
                result = self.adjusted(&result, request, specified, hour_length, true);
                missing &= !(1 << FRACTION);
                continue;
            }
            let start = missing;
            let (entry, found) = self.best_raw(request, missing);
            missing = found.1;
            let addition = self.adjusted(&entry?.pattern, request, entry.filter(|e| e.specified), hour_length, false);
            let covered = start & !missing;
            let top = (0..FIELDS).rev().find(|&field| covered & 1 << field != 0).unwrap_or(0);
            let format = self.append.get(FIELD_NAMES[top])?;
            // "{0} ({2}: {1})": {2} is the field's name, quoted ("2020 (day: 5)").
            let format = if format.contains("{2}") {
                let name = super::names::field_name(&self.tag, ECMA_FIELDS[top]?)?;
                format.replace("{2}", &format!("'{}'", name.replace('\'', "''")))
            } else {
                format.clone()
            };
            result = simple_format(&format, &result, &addition);
            last = missing;
        }
        Some(result)
    }

    /// ICU's adjustFieldTypes: the pattern's fields take the widths asked for
    /// (the hour's only with `hour_length`, V8's option); with `fraction`, the
    /// second is followed by the fraction asked for.
    fn adjusted(
        &self,
        pattern: &str,
        request: &Skeleton,
        specified: Option<&Entry>,
        hour_length: bool,
        fraction: bool,
    ) -> String {
        let mut out = String::new();
        for token in tokens(pattern) {
            let (letter, len) = match token {
                Token::Literal(text) => {
                    out.push_str(&text);
                    continue;
                }
                Token::Field(letter, len) => (letter, len),
            };
            let Some(&(_, field, kind, _)) = row(letter, len) else {
                out.push_str(&letter.to_string().repeat(len));
                continue;
            };
            if fraction && field == SECOND {
                let (digit, digits) = request.original[FRACTION].unwrap_or(('S', 1));
                out.push_str(&letter.to_string().repeat(len));
                // ICU puts the locale's decimal separator; ICU4X's patterns
                // write "s.S" and localize the separator themselves.
                out.push('.');
                out.push_str(&digit.to_string().repeat(digits));
                continue;
            }
            let Some((asked, mut asked_len)) = request.original[field] else {
                out.push_str(&letter.to_string().repeat(len));
                continue;
            };
            if asked == 'E' && asked_len < 3 {
                asked_len = 3;
            }
            let mut new_len = asked_len;
            if field == MINUTE || field == SECOND || (field == HOUR && !hour_length) {
                new_len = len;
            } else if let Some(entry) = specified
                && asked != 'c'
                && asked != 'e'
            {
                let pattern_numeric = kind > 0;
                let asked_numeric = request.types[field] > 0;
                if entry.skeleton.len(field) == asked_len || pattern_numeric != asked_numeric {
                    new_len = len;
                }
            }
            let keeps_letter = matches!(field, HOUR | MONTH | WEEKDAY) || (field == YEAR && asked != 'Y');
            let mut new_letter = if keeps_letter { letter } else { asked };
            if new_letter == 'E' && new_len < 3 {
                new_letter = 'e';
            }
            if field == HOUR && asked == self.hour {
                new_letter = self.hour;
            }
            out.push_str(&new_letter.to_string().repeat(new_len));
        }
        out
    }
}

/// ICU's SimpleFormatter on a two-argument pattern ("{1}, {0}"): `''` is one
/// quote, other quoted text is kept as it is (the result is a pattern again).
pub(super) fn simple_format(format: &str, zero: &str, one: &str) -> String {
    format.replace("''", "'").replace("{0}", "\u{0}").replace("{1}", one).replace('\u{0}', zero)
}

/// `tag`'s patterns: the nearest CLDR locale's over its parents'.
fn locale_patterns(tag: &str) -> Option<LocalePatterns> {
    let mut merged: Option<LocalePatterns> = None;
    for key in super::cldr_chain(tag, |key| PATTERNS.contains_key(key)) {
        let own = patterns_of(&key)?;
        let Some(below) = merged.as_mut().filter(|_| !own.root) else {
            merged = Some(own);
            continue;
        };
        for (mine, theirs) in [(&mut below.a, own.a), (&mut below.z, own.z)] {
            mine.get_or_insert_default().extend(theirs.into_iter().flatten());
        }
        below.i.get_or_insert_default().extend(own.i.into_iter().flatten());
        below.f = own.f.or(below.f.take());
        below.m = own.m.or(below.m.take());
        below.o = own.o.or(below.o.take());
        below.y.get_or_insert_default().extend(own.y.into_iter().flatten());
        below.q = own.q.or(below.q.take());
        below.d = own.d.or(below.d.take());
        below.t = own.t.or(below.t.take());
        below.g = own.g.or(below.g.take());
        below.h = own.h.or(below.h.take());
    }
    merged
}

/// The first hour letter of `pattern` outside quotes.
pub fn hour_of(pattern: &str) -> Option<char> {
    tokens(pattern).into_iter().find_map(|token| match token {
        Token::Field(letter @ ('h' | 'H' | 'k' | 'K'), _) => Some(letter),
        _ => None,
    })
}

/// V8's last step: every hour letter outside quotes becomes the clock's, with
/// a space after a day written right before it.
pub fn with_hour_cycle(pattern: &str, hour: char) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in pattern.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if !quoted && matches!(c, 'h' | 'H' | 'k' | 'K') {
            if out.ends_with('d') {
                out.push(' ');
            }
            out.push(hour);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(tag: &str, skeleton: &str) -> String {
        Generator::for_locale(tag, "gregory").unwrap().best_pattern(skeleton).unwrap()
    }

    #[test]
    fn skeletons_find_the_locales_patterns() {
        assert_eq!(best("de", "yMMMd"), "d. MMM y");
        assert_eq!(best("en", "yMMMMd"), "MMMM d, y");
        assert_eq!(best("en", "yMMMMEEEEd"), "EEEE, MMMM d, y");
        assert_eq!(best("de", "yMd"), "d.M.y");
        assert_eq!(best("en", "yMMMMdhm"), "MMMM d, y 'at' h:mm\u{202f}a");
        // The German 24-hour clock: 9:07 with a two-digit minute, 09:07 without (V8's answers).
        assert_eq!(best("de", "Hmm"), "H:mm");
        assert_eq!(best("de", "Hm"), "HH:mm");
        assert_eq!(with_hour_cycle("dh 'h' a", 'K'), "d K 'h' a");
    }

    #[test]
    fn missing_fields_are_appended_and_fractions_follow_the_second() {
        // No English pattern has a zone with a date: the zone is appended ("{0} {1}").
        assert_eq!(best("en", "yMMMdhmz"), "MMM d, y, h:mm\u{202f}a z");
        // No pattern has a fraction of a second: it follows the second.
        assert_eq!(best("de", "HmsSSS"), "HH:mm:ss.SSS");
        // An era and a year: CLDR's "Gy".
        assert_eq!(best("de", "GGGGy"), "y GGGG");
    }

    #[test]
    fn locales_take_their_nearest_cldr_locale_over_its_parents() {
        let chain = |tag| super::super::cldr_chain(tag, |key| PATTERNS.contains_key(key));
        assert_eq!(chain("zh-TW"), ["zh", "zh-Hant"]);
        assert_eq!(chain("zh-HK"), ["zh", "zh-Hant", "zh-Hant-HK"]);
        assert_eq!(chain("en-IN"), ["en", "en-IN"]);
        assert_eq!(chain("de-u-ca-gregory"), ["de"]);
        assert_eq!(best("zh-TW", "MEEEd"), "M/d（EEE）");
        assert!(Generator::for_locale("xx", "gregory").is_none());
    }

    #[test]
    fn styles_are_the_stock_patterns_remade_for_another_clock() {
        let styles = |tag: &str, date, time, hour| {
            Generator::for_locale(tag, "gregory").unwrap().style_pattern(date, time, hour).unwrap()
        };
        // Bulgarian's medium time has no "ч." (ICU4X's stock lengths wrote it twice).
        assert_eq!(styles("bg", None, Some(2), None), "H:mm:ss");
        assert_eq!(styles("en", Some(1), Some(3), None), "MMMM d, y 'at' h:mm\u{202f}a");
        // A 12-hour clock in British English: its fields asked for again, the hour's width kept.
        assert_eq!(styles("en-GB", None, Some(3), Some('h')), "hh:mm\u{202f}a");
        assert_eq!(styles("ja", Some(1), Some(2), Some('h')), "y/M/d ah:mm:ss");
        assert_eq!(styles("en", None, Some(3), Some('h')), "h:mm\u{202f}a");
    }

    #[test]
    fn other_calendars_take_their_own_patterns_over_the_generic_ones() {
        let calendar = |tag: &str, calendar: &str| Generator::for_locale(tag, calendar).unwrap();
        // Thai Buddhist: its own short date (a two-digit year), the generic full one (with the era).
        assert_eq!(calendar("th", "buddhist").style_pattern(Some(3), None, None).unwrap(), "d/M/yy");
        assert_eq!(calendar("th", "buddhist").style_pattern(Some(0), None, None).unwrap(), "EEEEที่ d MMMM G y");
        // Japanese: the era widened to the one asked for (V8 writes 令和2/1/5).
        assert_eq!(calendar("ja", "japanese").best_pattern("GGGGyMd").unwrap(), "GGGGy/M/d");
        // The Islamic calendars share one CLDR calendar; Coptic has the generic one alone.
        assert_eq!(
            calendar("ar", "islamic-civil").best_pattern("yMMMd").unwrap(),
            calendar("ar", "islamic-umalqura").best_pattern("yMMMd").unwrap()
        );
        assert_eq!(calendar("en", "coptic").style_pattern(Some(3), None, None).unwrap(), "M/d/y G");
        // The date-time glue stays the Gregorian one, as ICU's.
        assert_eq!(calendar("fa", "persian").glue, calendar("fa", "gregory").glue);
        // A calendar without CLDR patterns keeps the Gregorian ones.
        assert!(!has_patterns("chinese") && has_patterns("islamic-rgsa") && has_patterns("gregory"));
        assert_eq!(
            calendar("zh", "chinese").style_pattern(Some(3), None, None),
            calendar("zh", "gregory").style_pattern(Some(3), None, None)
        );
    }
}
