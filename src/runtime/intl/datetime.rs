//! `Intl.DateTimeFormat`: the instant is placed in its IANA time zone with
//! temporal_rs and the zoneinfo64 rules (what the engine's Temporal uses), then
//! formatted by ICU4X: ECMA-402's component options with the CLDR pattern the
//! pattern generator finds for their UTS 35 skeleton (`yMMMd`, patterns.rs), as
//! V8 does; `dateStyle`/`timeStyle` with CLDR's stock patterns as ICU glues
//! them. ICU4X's own field sets are the fallback for a language CLDR has no
//! dates for.

use std::borrow::{Borrow, Cow};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;
use std::rc::Rc;
use std::sync::OnceLock;
use std::thread::LocalKey;

use icu_calendar::types::RataDie;
use icu_calendar::{AnyCalendar, AnyCalendarKind, Calendar, Date, Gregorian, Iso};
use icu_datetime::fieldbag::DateTimeFieldBag;
use icu_datetime::fieldsets;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Length, TimePrecision};
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames};
use icu_datetime::scaffold::CldrCalendar;
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_locale_core::preferences::extensions::unicode::keywords::HourCycle;
use icu_provider::DataProvider;
use icu_time::zone::IanaParserBorrowed;
use icu_time::zone::{UtcOffset, ZoneNameTimestamp};
use icu_time::{Time, ZonedDateTime};
use temporal_rs::{Instant, TimeZone};
use timezone_provider::zoneinfo64::ZoneInfo64TzdbProvider;

use super::intervals::{Outcome, Piece, Unit, greatest_difference};
use super::patterns::{Generator, Token, has_patterns, hour_of, tokens, with_hour_cycle};
use super::{IntlError, Made, Parts, locale, made, parts_of, try_parts_of};

fn provider() -> &'static ZoneInfo64TzdbProvider<'static> {
    static PROVIDER: OnceLock<ZoneInfo64TzdbProvider<'static>> = OnceLock::new();
    PROVIDER.get_or_init(|| ZoneInfo64TzdbProvider::zoneinfo64_provider_for_testing().expect("bundled tz rules"))
}

/// What to show: ECMA-402's components as a skeleton, or its styles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fields {
    Skeleton(String),
    /// `dateStyle` and `timeStyle`: "full", "long", "medium" or "short".
    Styles {
        date: Option<String>,
        time: Option<String>,
    },
}

/// The IANA name `name` in its case (`utc` -> `UTC`, `asia/calcutta` ->
/// `Asia/Calcutta`: aliases stay, as in V8), or an error naming it as V8 does.
pub fn canonical_time_zone(name: &str) -> Result<String, IntlError> {
    let invalid = || IntlError::BadTimeZone(name.to_string());
    let zone = TimeZone::try_from_identifier_str_with_provider(name, provider()).map_err(|_| invalid())?;
    zone.identifier_with_provider(provider()).map_err(|_| invalid())
}

/// The clock asked for: the locale's, the `hour12` option's, or the letter of
/// an `hourCycle` (`K` h11, `h` h12, `H` h23, `k` h24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clock {
    Locale,
    Hour12(bool),
    Cycle(char),
}

/// `epoch_ms` in `time_zone`, formatted for `tag` with `fields` on `clock`, by parts.
pub fn format_datetime(
    tag: &str,
    fields: &Fields,
    time_zone: &str,
    clock: Clock,
    epoch_ms: f64,
) -> Result<Parts, IntlError> {
    if !epoch_ms.is_finite() || epoch_ms.abs() > 8.64e15 {
        return Err(IntlError::InvalidTime);
    }
    let input = zoned(time_zone, epoch_ms)?;
    let generated =
        resolved_pattern(tag, fields, clock).and_then(|pattern| written(tag, &for_zone(&pattern, time_zone), &input));
    let parts = match generated {
        Some(parts) => parts,
        None => with_field_sets((&locale(tag)).into(), fields, clock, &input)?,
    };
    Ok(finished(tag, parts))
}

/// Formatted parts as V8 gives them: offsets signed as ICU signs them, plain
/// spaces, a fraction of a second apart from its second.
fn finished(tag: &str, parts: Parts) -> Parts {
    let mut finished = Vec::with_capacity(parts.len() + 2);
    for (kind, text) in with_offset_signs(tag, parts) {
        fraction_apart(kind, plain_spaces(text), &mut finished);
    }
    finished
}

/// ICU4X signs a zone's offset with the locale's number signs (French "-",
/// Arabic "\u{200e}+"); ICU, and so V8, with its CLDR hourFormat's (French "−",
/// Arabic "+").
fn with_offset_signs(tag: &str, parts: Parts) -> Parts {
    if !parts.iter().any(|(kind, _)| kind == "timeZoneName") {
        return parts;
    }
    let Some(generator) = generator(tag) else { return parts };
    let [plus, minus] = &generator.offset_signs;
    let signs = [(super::number_sign(tag, true), plus), (super::number_sign(tag, false), minus)];
    let offset = |text: &str| {
        let mut text = text.to_string();
        for (number, zone) in &signs {
            if number != *zone {
                text = replace_before_digits(&text, number, zone);
            }
        }
        text
    };
    parts
        .into_iter()
        .map(|(kind, text)| if kind == "timeZoneName" { (kind, offset(&text)) } else { (kind, text) })
        .collect()
}

/// `text` with `from` written as `to` wherever a digit follows it.
fn replace_before_digits(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        out.push_str(&rest[..at]);
        out.push_str(if after.starts_with(|c: char| c.is_numeric()) { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

type Zoned = ZonedDateTime<Iso, icu_time::TimeZoneInfo<icu_time::zone::models::AtTime>>;

/// A range's parts: (type, text, source), the source being "startRange",
/// "endRange" or "shared" as ECMA-402's `formatRangeToParts` has it.
pub type RangeParts = Vec<(String, String, &'static str)>;

/// The range from `start_ms` to `end_ms` formatted for `tag` with `fields` on
/// `clock`, as V8's `formatRange` writes it with ICU's DateIntervalFormat
/// (intervals.rs): what the two dates share written once, or the start alone
/// when they look alike.
pub fn format_range(
    tag: &str,
    fields: &Fields,
    time_zone: &str,
    clock: Clock,
    start_ms: f64,
    end_ms: f64,
) -> Result<RangeParts, IntlError> {
    let single = || -> Result<RangeParts, IntlError> {
        let parts = format_datetime(tag, fields, time_zone, clock, start_ms)?;
        Ok(parts.into_iter().map(|(kind, text)| (kind, text, "shared")).collect())
    };
    let (start, end) = (zoned(time_zone, start_ms)?, zoned(time_zone, end_ms)?);
    let Some(unit) = greatest_difference(calendar_fields(tag, &start), calendar_fields(tag, &end)) else {
        return single();
    };
    let outcome = resolved_pattern(tag, fields, clock).and_then(|pattern| range_shape(tag, &pattern, unit));
    let shape = match outcome.as_deref() {
        Some(Outcome::Range(shape)) => shape.clone(),
        Some(Outcome::Alike) => return single(),
        // ICU4X's field sets: both dates around CLDR's usual fallback.
        None => {
            let start_parts = format_datetime(tag, fields, time_zone, clock, start_ms)?;
            let end_parts = format_datetime(tag, fields, time_zone, clock, end_ms)?;
            if start_parts == end_parts {
                return single();
            }
            let mut parts: RangeParts =
                start_parts.into_iter().map(|(kind, text)| (kind, text, "startRange")).collect();
            parts.push(("literal".to_string(), " – ".to_string(), "shared"));
            parts.extend(end_parts.into_iter().map(|(kind, text)| (kind, text, "endRange")));
            return Ok(parts);
        }
    };
    let mut parts: Parts = Vec::new();
    for piece in shape.pieces {
        let written = match piece {
            Piece::Start(pattern) => written(tag, &for_zone(&pattern, time_zone), &start),
            Piece::End(pattern) => written(tag, &for_zone(&pattern, time_zone), &end),
            Piece::Literal(text) => Some(vec![("literal".to_string(), text)]),
        };
        for (kind, text) in written.ok_or(IntlError::BadOptions)? {
            match parts.last_mut() {
                Some((last, value)) if kind == "literal" && last == "literal" => value.push_str(&text),
                _ => parts.push((kind, text)),
            }
        }
    }
    Ok(with_sources(finished(tag, parts), shape.later_first))
}

/// The local date and time fields a range compares, in `tag`'s calendar (a
/// Persian month ends mid-January): year, month, day, hour, minute, second,
/// millisecond.
fn calendar_fields(tag: &str, at: &Zoned) -> [i64; 7] {
    let date = at.date.to_calendar(AnyCalendar::new(calendar_kind(tag)));
    let year = i64::from(date.year().extended_year());
    [
        year,
        i64::from(date.month().ordinal),
        i64::from(date.day_of_month().0),
        i64::from(at.time.hour.number()),
        i64::from(at.time.minute.number()),
        i64::from(at.time.second.number()),
        i64::from(at.time.subsecond.number() / 1_000_000),
    ]
}

/// ICU's spans: a field written twice, and what lies between its first and
/// last appearance, belongs to the date it was written for; the rest is shared.
fn with_sources(parts: Parts, later_first: bool) -> RangeParts {
    type Span = Option<(usize, usize)>;
    let (mut first, mut second): (Span, Span) = (None, None);
    let widen = |span: &mut Span, at: usize| {
        *span = Some(span.map_or((at, at), |(from, to)| (from.min(at), to.max(at))));
    };
    for (at, (kind, _)) in parts.iter().enumerate() {
        if kind == "literal" {
            continue;
        }
        if let Some(again) = parts.iter().skip(at + 1).position(|(other, _)| other == kind) {
            widen(&mut first, at);
            widen(&mut second, at + 1 + again);
        }
    }
    let (first_source, second_source) =
        if later_first { ("endRange", "startRange") } else { ("startRange", "endRange") };
    let within = |span: Span, at: usize| span.is_some_and(|(from, to)| (from..=to).contains(&at));
    parts
        .into_iter()
        .enumerate()
        .map(|(at, (kind, text))| {
            let source = if within(first, at) {
                first_source
            } else if within(second, at) {
                second_source
            } else {
                "shared"
            };
            (kind, text, source)
        })
        .collect()
}

/// `input` written with `pattern` for `tag`: ICU4X's pattern API, with CLDR's
/// flexible day periods for a `B` field ("9 in the morning"), which ICU4X
/// writes as AM or PM for want of their data.
fn written(tag: &str, pattern: &str, input: &Zoned) -> Option<Parts> {
    let parts = with_pattern(tag, pattern, input)?;
    if !pattern.contains('B') {
        return Some(parts);
    }
    let fields = tokens(pattern);
    let width = fields.iter().find_map(|token| match token {
        Token::Field('B', len) => Some(*len),
        _ => None,
    });
    let Some(width) = width else { return Some(parts) };
    let shows_minutes = fields.iter().any(|token| matches!(token, Token::Field('m', _)));
    let (hour, minute) = (u32::from(input.time.hour.number()), u32::from(input.time.minute.number()));
    // ICU says noon for 12 o'clock when no minutes are shown, or they are 0; never midnight.
    let noon = hour == 12 && (!shows_minutes || minute == 0);
    let name = generator(tag)?.flexible_day_period(hour * 60 + minute, width, noon)?;
    Some(
        parts
            .into_iter()
            .map(|(kind, text)| if kind == "dayPeriod" { (kind, name.clone()) } else { (kind, text) })
            .collect(),
    )
}

/// `input` written with the UTS 35 `pattern` by ICU4X's pattern API, in
/// `tag`'s calendar; `None` when a field has no data.
fn with_pattern(tag: &str, pattern: &str, input: &Zoned) -> Option<Parts> {
    thread_local! {
        /// Patterns made ready to write: parsing one and loading its names
        /// costs several times what writing a date does.
        static WRITERS: ByLocale<String, Option<Rc<Writer>>> = RefCell::default();
    }
    let write = by_locale(&WRITERS, tag, pattern, || writer(tag, pattern).map(Rc::new))?;
    write(input)
}

/// Values made on this thread by locale, then by a key of their own (a
/// pattern, options), both looked up borrowed: a hit allocates nothing.
type ByLocale<K, V> = RefCell<HashMap<String, HashMap<K, V>>>;

/// `tag`'s value for `key` in `cache`, made now if it was not. A worker asking
/// for ever new locales or keys pays for them, not in memory.
fn by_locale<K, Q, V: Clone>(
    cache: &'static LocalKey<ByLocale<K, V>>,
    tag: &str,
    key: &Q,
    make: impl FnOnce() -> V,
) -> V
where
    K: Borrow<Q> + Hash + Eq,
    Q: ?Sized + Hash + Eq + ToOwned<Owned = K>,
{
    if let Some(found) = cache.with_borrow(|made| made.get(tag)?.get(key).cloned()) {
        return found;
    }
    let value = make();
    cache.with_borrow_mut(|made| {
        if made.len() >= 64 {
            made.clear();
        }
        let of_locale = made.entry(tag.to_string()).or_default();
        if of_locale.len() >= 256 {
            of_locale.clear();
        }
        of_locale.insert(key.to_owned(), value.clone());
    });
    value
}

/// A pattern ready to write dates with, its names loaded.
type Writer = Box<dyn Fn(&Zoned) -> Option<Parts>>;

fn writer(tag: &str, pattern: &str) -> Option<Writer> {
    let prefs: DateTimeFormatterPreferences = (&locale(tag)).into();
    let numeric_month = tokens(pattern).iter().any(|token| matches!(token, Token::Field('M' | 'L', 1 | 2)));
    // ICU4X has no `k` (h24, 1 to 24): its `H`, with 0 written as 24.
    let h24 = hour_of(pattern) == Some('k');
    let pattern: DateTimePattern =
        if h24 { with_hour_cycle(pattern, 'H') } else { pattern.to_string() }.parse().ok()?;
    let write = match AnyCalendar::new(calendar_kind(tag)) {
        AnyCalendar::Buddhist(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Coptic(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Ethiopian(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Hebrew(calendar) if numeric_month => {
            let write = in_calendar(calendar, prefs, pattern)?;
            Some(Box::new(move |input: &Zoned| Some(with_hebrew_month_number(write(input)?, input))) as Writer)
        }
        AnyCalendar::Hebrew(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::HijriTabular(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::HijriUmmAlQura(calendar) => in_calendar(calendar, prefs, pattern),
        #[allow(deprecated)] // islamic-rgsa: V8 writes it too
        AnyCalendar::HijriSimulated(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Indian(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Japanese(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Persian(calendar) => in_calendar(calendar, prefs, pattern),
        AnyCalendar::Roc(calendar) => in_calendar(calendar, prefs, pattern),
        _ => in_calendar(Gregorian, prefs, pattern),
    }?;
    if !h24 {
        return Some(write);
    }
    Some(Box::new(move |input| Some(write(input)?.into_iter().map(midnight_as_24).collect())))
}

/// A Hebrew month written as a number is its place in its year, as ICU writes
/// it (Tamuz is 11 in a leap year, after Adar I and II); ICU4X writes the number
/// of its month code (10). Western digits only (the width kept).
fn with_hebrew_month_number(parts: Parts, input: &Zoned) -> Parts {
    let ordinal = input.date.to_calendar(icu_calendar::cal::Hebrew).month().ordinal;
    parts
        .into_iter()
        .map(|(kind, text)| {
            if kind != "month" || text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return (kind, text);
            }
            let number = format!("{ordinal:0width$}", width = text.len().min(2));
            (kind, number)
        })
        .collect()
}

/// `pattern` ready to write dates as dates of `calendar`, with its names.
fn in_calendar<C: CldrCalendar + Calendar + Clone + 'static>(
    calendar: C,
    prefs: DateTimeFormatterPreferences,
    pattern: DateTimePattern,
) -> Option<Writer>
where
    icu_datetime::provider::Baked: DataProvider<C::YearNamesV1> + DataProvider<C::MonthNamesV1>,
{
    let mut names = FixedCalendarDateTimeNames::<C, CompositeFieldSet>::try_new(prefs).ok()?;
    names.include_for_pattern(&pattern).ok()?;
    Some(Box::new(move |input: &Zoned| {
        let input =
            ZonedDateTime { date: input.date.to_calendar(calendar.clone()), time: input.time, zone: input.zone };
        try_parts_of(&names.with_pattern_unchecked(&pattern).format(&input))
    }))
}

/// `input` written by ICU4X's own field sets (its stock lengths): for a
/// language CLDR has no date patterns for.
fn with_field_sets(
    mut prefs: DateTimeFormatterPreferences,
    fields: &Fields,
    clock: Clock,
    input: &Zoned,
) -> Result<Parts, IntlError> {
    prefs.hour_cycle = match clock {
        Clock::Locale => None,
        Clock::Cycle('K') => Some(HourCycle::H11),
        Clock::Hour12(true) | Clock::Cycle('h') => Some(HourCycle::H12),
        _ => Some(HourCycle::H23),
    };
    let field_set = match fields {
        Fields::Skeleton(skeleton) => DateTimeFieldBag::from_skeleton(skeleton).to_composite_field_set(),
        Fields::Styles { date, time } => styles(date.as_deref(), time.as_deref())?,
    };
    let formatter = DateTimeFormatter::try_new(prefs, field_set).map_err(|_| IntlError::BadOptions)?;
    Ok(parts_of(&formatter.format(input)))
}

/// V8 writes the narrow and thin spaces of CLDR's patterns (U+202F before
/// "PM" and "г.", U+2009 around a range's dash and in Traditional Chinese
/// dates) as plain spaces, for the web's sake; workerd's answers have them so.
fn plain_spaces(text: String) -> String {
    if text.contains(['\u{202f}', '\u{2009}']) { text.replace(['\u{202f}', '\u{2009}'], " ") } else { text }
}

/// ICU has no generic name for UTC (`v`, `vvvv`): it writes its offset from
/// GMT instead ("GMT+0", "GMT+00:00"), where ICU4X writes "UTC".
fn for_zone<'p>(pattern: &'p str, time_zone: &str) -> Cow<'p, str> {
    if !pattern.contains('v')
        || !["UTC", "Etc/UTC", "Etc/GMT", "GMT"].iter().any(|name| name.eq_ignore_ascii_case(time_zone))
    {
        return Cow::Borrowed(pattern);
    }
    let mut out = String::new();
    for token in tokens(pattern) {
        match token {
            Token::Field('v', len) => out.push_str(if len >= 4 { "OOOO" } else { "O" }),
            Token::Field(letter, len) => out.push_str(&letter.to_string().repeat(len)),
            Token::Literal(text) => out.push_str(&text),
        }
    }
    Cow::Owned(out)
}

/// An `h24` clock's hour: midnight is 24.
fn midnight_as_24((kind, text): (String, String)) -> (String, String) {
    let midnight = kind == "hour" && !text.is_empty() && text.chars().all(|c| c.to_digit(10) == Some(0));
    (kind, if midnight { "24".to_string() } else { text })
}

/// ICU4X writes a second and its fraction as one field ("03,456"); ECMA-402
/// has the second, the decimal separator and a `fractionalSecond` (pushed to `out`).
fn fraction_apart(kind: String, text: String, out: &mut Parts) {
    let separator = if kind == "second" { text.find(|c: char| !c.is_numeric()) } else { None };
    let Some(at) = separator else {
        out.push((kind, text));
        return;
    };
    let fraction = text[at..].trim_start_matches(|c: char| !c.is_numeric()).to_string();
    let separator = text[at..text.len() - fraction.len()].to_string();
    out.push((kind, text[..at].to_string()));
    out.push(("literal".to_string(), separator));
    out.push(("fractionalSecond".to_string(), fraction));
}

/// The calendar `tag` writes dates in: its `-u-ca-` keyword, else its
/// region's (Buddhist in Thailand, Persian in Iran), by ECMA-402's name.
pub fn calendar_of(tag: &str) -> &'static str {
    use AnyCalendarKind::*;
    match calendar_kind(tag) {
        Buddhist => "buddhist",
        Chinese => "chinese",
        Coptic => "coptic",
        Dangi => "dangi",
        Ethiopian => "ethiopic",
        EthiopianAmeteAlem => "ethioaa",
        Hebrew => "hebrew",
        Indian => "indian",
        HijriTabularTypeIIFriday => "islamic-civil",
        HijriSimulatedMecca => "islamic-rgsa",
        HijriTabularTypeIIThursday => "islamic-tbla",
        HijriUmmAlQura => "islamic-umalqura",
        Iso => "iso8601",
        Japanese => "japanese",
        Persian => "persian",
        Roc => "roc",
        _ => "gregory",
    }
}

/// The calendar `tag` writes dates in, as ICU4X names it.
fn calendar_kind(tag: &str) -> AnyCalendarKind {
    thread_local! {
        /// Calendars found on this thread, by locale (asked on every construction and format).
        static CALENDARS: Made<String, AnyCalendarKind> = RefCell::default();
    }
    let find = || Ok::<_, ()>(AnyCalendarKind::try_new((&locale(tag)).into()).unwrap_or(AnyCalendarKind::Gregorian));
    made(&CALENDARS, tag, find).map_or(AnyCalendarKind::Gregorian, |found| *found)
}

/// The pattern `format_datetime` writes `fields` with (what `resolvedOptions`
/// reports from): the pattern generator's for components, CLDR's stock
/// patterns for styles, as V8, in the locale's calendar. `None` where ICU4X's
/// field sets decide: a calendar worky has no CLDR patterns for (Chinese,
/// Dangi, ISO 8601), a language without CLDR dates. Found once per thread for each locale, fields
/// and clock.
pub fn resolved_pattern(tag: &str, fields: &Fields, clock: Clock) -> Option<Rc<str>> {
    by_locale(&PATTERNS, tag, &(fields.clone(), clock), || find_pattern(tag, fields, clock).map(Rc::from))
}

/// How a range of dates written with `pattern` that first differ in `unit` is
/// written in `tag`, found once per thread.
fn range_shape(tag: &str, pattern: &str, unit: Unit) -> Option<Rc<Outcome>> {
    thread_local! {
        static SHAPES: Made<(String, String, Unit), Outcome> = RefCell::default();
    }
    made(&SHAPES, &(tag.to_string(), pattern.to_string(), unit), || {
        generator(tag).ok_or(())?.range_shape(pattern, unit).ok_or(())
    })
    .ok()
}

thread_local! {
    /// Patterns found on this thread, by locale, then fields and clock (`None`:
    /// ICU4X's field sets write them).
    static PATTERNS: ByLocale<(Fields, Clock), Option<Rc<str>>> = RefCell::default();
    /// Pattern generators made on this thread, by locale.
    static GENERATORS: Made<String, Generator> = RefCell::default();
}

/// `tag`'s pattern generator, made on this thread's first use of it.
fn generator(tag: &str) -> Option<Rc<Generator>> {
    made(&GENERATORS, tag, || Generator::for_locale(tag, calendar_of(tag)).ok_or(())).ok()
}

/// The CLDR pattern V8 would format `fields` with in `tag`: for components
/// (ECMA-402's, the hour as `j`) the generator's best fit on the clock asked
/// for, for styles the stock patterns.
fn find_pattern(tag: &str, fields: &Fields, clock: Clock) -> Option<String> {
    if !has_patterns(calendar_of(tag)) {
        return None;
    }
    cldr_pattern(tag, fields, clock)
}

/// What `resolvedOptions` reports widths and a clock from: the pattern found,
/// or in a calendar without CLDR patterns the Gregorian one (its fields and
/// clock are the locale's alike).
pub fn options_pattern(tag: &str, fields: &Fields, clock: Clock) -> Option<String> {
    resolved_pattern(tag, fields, clock).map(|pattern| pattern.to_string()).or_else(|| cldr_pattern(tag, fields, clock))
}

fn cldr_pattern(tag: &str, fields: &Fields, clock: Clock) -> Option<String> {
    let generator = generator(tag)?;
    match fields {
        Fields::Skeleton(skeleton) => {
            let hour = hour_letter(tag, generator.hour, clock);
            let pattern = generator.best_pattern(&skeleton.replace('j', &hour.to_string()))?;
            Some(if skeleton.contains('j') { with_hour_cycle(&pattern, hour) } else { pattern })
        }
        Fields::Styles { date, time } => {
            let style = |style: &Option<String>| {
                style
                    .as_deref()
                    .map(|style| ["full", "long", "medium", "short"].iter().position(|s| *s == style).unwrap_or(3))
            };
            let hour = (clock != Clock::Locale).then(|| hour_letter(tag, generator.hour, clock));
            generator.style_pattern(style(date), style(time), hour)
        }
    }
}

/// The hour letter V8 asks for: the locale's clock, the `hourCycle`'s, or the
/// one `hour12` names (keeping the locale's own 12- or 24-hour letter; a
/// 12-hour clock counts from 0 in Japan).
fn hour_letter(tag: &str, locale_hour: char, clock: Clock) -> char {
    match clock {
        Clock::Locale => locale_hour,
        Clock::Cycle(letter) => letter,
        Clock::Hour12(true) if matches!(locale_hour, 'h' | 'K') => locale_hour,
        Clock::Hour12(true) if locale(tag).id.region.is_some_and(|region| region.as_str() == "JP") => 'K',
        Clock::Hour12(true) => 'h',
        Clock::Hour12(false) if matches!(locale_hour, 'H' | 'k') => locale_hour,
        Clock::Hour12(false) => 'H',
    }
}

/// ECMA-402's styles as ICU4X field sets: full adds the weekday; a long or full
/// time shows the zone.
fn styles(date: Option<&str>, time: Option<&str>) -> Result<fieldsets::enums::CompositeFieldSet, IntlError> {
    let length = |style: &str| match style {
        "full" | "long" => Length::Long,
        "medium" => Length::Medium,
        _ => Length::Short,
    };
    let mut builder = FieldSetBuilder::new();
    if let Some(date) = date {
        builder.length = Some(length(date));
        builder.date_fields = Some(if date == "full" { DateFields::YMDE } else { DateFields::YMD });
    }
    if let Some(time) = time {
        builder.length.get_or_insert(length(time));
        builder.time_precision = Some(if time == "short" { TimePrecision::Minute } else { TimePrecision::Second });
        if matches!(time, "full" | "long") {
            builder.zone_style = Some(if time == "full" { ZoneStyle::SpecificLong } else { ZoneStyle::SpecificShort });
        }
    }
    builder.build_composite().map_err(|_| IntlError::BadOptions)
}

/// The instant as a zoned date-time in `time_zone`: its local date and time
/// from temporal_rs, its zone as ICU4X names it (both found once per thread).
fn zoned(time_zone: &str, epoch_ms: f64) -> Result<Zoned, IntlError> {
    const MS_PER_DAY: i64 = 86_400_000;
    /// 1970-01-01 as a Rata Die (0001-01-01 is day 1).
    const UNIX_EPOCH_RD: i64 = 719_163;
    let invalid = || IntlError::BadTimeZone(time_zone.to_string());
    let (zone, id) = &*zone_named(time_zone)?;
    let epoch_ms = epoch_ms.floor() as i64;
    let instant = Instant::from_epoch_milliseconds(epoch_ms).map_err(|_| IntlError::InvalidTime)?;
    let local = instant.to_zoned_date_time_iso_with_provider(*zone, provider()).map_err(|_| invalid())?;
    let offset_seconds = i32::try_from(local.offset_nanoseconds() / 1_000_000_000).map_err(|_| invalid())?;
    let offset = UtcOffset::try_from_seconds(offset_seconds).map_err(|_| invalid())?;
    // The local date from its day number: ICU4X's year-month-day constructor
    // stops at year 9999, ECMA-402's dates go on to 275760.
    let local_ms = epoch_ms + i64::from(offset_seconds) * 1000;
    let date = Date::from_rata_die(RataDie::new(UNIX_EPOCH_RD + local_ms.div_euclid(MS_PER_DAY)), Iso);
    let time = Time::try_new(local.hour(), local.minute(), local.second(), u32::from(local.millisecond()) * 1_000_000)
        .map_err(|_| IntlError::InvalidTime)?;
    let at = ZoneNameTimestamp::from_epoch_seconds(epoch_ms.div_euclid(1000));
    Ok(ZonedDateTime { date, time, zone: id.with_offset(Some(offset)).with_zone_name_timestamp(at) })
}

/// `time_zone` as temporal_rs and ICU4X know it, found once per thread.
fn zone_named(time_zone: &str) -> Result<Rc<(TimeZone, icu_time::TimeZone)>, IntlError> {
    thread_local! {
        static ZONES: Made<String, (TimeZone, icu_time::TimeZone)> = RefCell::default();
    }
    made(&ZONES, time_zone, || {
        let invalid = || IntlError::BadTimeZone(time_zone.to_string());
        let zone = TimeZone::try_from_identifier_str_with_provider(time_zone, provider()).map_err(|_| invalid())?;
        Ok((zone, IanaParserBorrowed::new().parse(time_zone)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(parts: &Parts) -> String {
        parts.iter().map(|(_, value)| value.as_str()).collect()
    }

    // 2020-06-26T12:34:56.789Z
    const MOMENT: f64 = 1_593_174_896_789.0;

    #[test]
    fn components_styles_and_zones() {
        let skeleton = |s: &str| Fields::Skeleton(s.to_string());
        let format =
            |tag, fields: &Fields, zone| text(&format_datetime(tag, fields, zone, Clock::Locale, MOMENT).unwrap());
        assert_eq!(format("en-US", &skeleton("yMd"), "UTC"), "6/26/2020");
        assert_eq!(format("de", &skeleton("yMMMMd"), "UTC"), "26. Juni 2020");
        assert_eq!(format("en-US", &skeleton("jm"), "Asia/Tokyo"), "9:34 PM");
        let full = Fields::Styles { date: Some("full".into()), time: None };
        assert_eq!(format("de-DE", &full, "Europe/Berlin"), "Freitag, 26. Juni 2020");
        assert_eq!(canonical_time_zone("utc").unwrap(), "UTC");
        assert_eq!(canonical_time_zone("asia/calcutta").unwrap(), "Asia/Calcutta");
        assert!(canonical_time_zone("Mars/Olympus").is_err());
    }
}
