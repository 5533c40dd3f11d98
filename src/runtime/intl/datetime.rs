//! `Intl.DateTimeFormat`: the instant is placed in its IANA time zone with
//! temporal_rs and the zoneinfo64 rules (what the engine's Temporal uses), then
//! formatted by ICU4X's datetime formatter, whose field bag takes ECMA-402's
//! component options as a UTS 35 skeleton (`yMMMd`), or its stock lengths for
//! `dateStyle`/`timeStyle`.

use std::sync::OnceLock;

use icu_calendar::Iso;
use icu_datetime::fieldbag::DateTimeFieldBag;
use icu_datetime::fieldsets;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::options::{Length, TimePrecision};
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_locale_core::preferences::extensions::unicode::keywords::{CalendarAlgorithm, HourCycle};
use icu_time::ZonedDateTime;
use icu_time::zone::IanaParserBorrowed;
use temporal_rs::{Instant, TimeZone};
use timezone_provider::zoneinfo64::ZoneInfo64TzdbProvider;

use super::{IntlError, Parts, locale, parts_of};

fn provider() -> &'static ZoneInfo64TzdbProvider<'static> {
    static PROVIDER: OnceLock<ZoneInfo64TzdbProvider<'static>> = OnceLock::new();
    PROVIDER.get_or_init(|| ZoneInfo64TzdbProvider::zoneinfo64_provider_for_testing().expect("bundled tz rules"))
}

/// What to show: ECMA-402's components as a skeleton, or its styles.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// `epoch_ms` in `time_zone`, formatted for `tag` with `fields`, by parts.
/// `hour12`: the `hour12` option (or `hourCycle`), when given.
pub fn format_datetime(
    tag: &str,
    fields: &Fields,
    time_zone: &str,
    hour12: Option<bool>,
    epoch_ms: f64,
) -> Result<Parts, IntlError> {
    if !epoch_ms.is_finite() || epoch_ms.abs() > 8.64e15 {
        return Err(IntlError::InvalidTime);
    }
    let mut prefs: DateTimeFormatterPreferences = (&locale(tag)).into();
    if prefs.calendar_algorithm.is_none() {
        prefs.calendar_algorithm = Some(CalendarAlgorithm::Gregory);
    }
    if let Some(twelve) = hour12 {
        prefs.hour_cycle = Some(if twelve { HourCycle::H12 } else { HourCycle::H23 });
    }
    let field_set = match fields {
        Fields::Skeleton(skeleton) => DateTimeFieldBag::from_skeleton(skeleton).to_composite_field_set(),
        Fields::Styles { date, time } => styles(date.as_deref(), time.as_deref())?,
    };
    let formatter = DateTimeFormatter::try_new(prefs, field_set).map_err(|_| IntlError::BadOptions)?;
    let input = zoned(time_zone, epoch_ms)?;
    // V8 writes the spaces CLDR has as U+202F (before "PM", "г.") as plain
    // spaces, for the web's sake; workerd's answers have them so.
    let parts = parts_of(&formatter.format(&input));
    let parts = parts.into_iter().map(|(kind, text)| (kind, text.replace('\u{202f}', " "))).collect();
    Ok(match fields {
        Fields::Skeleton(skeleton) => with_numeric_widths(tag, skeleton, parts),
        Fields::Styles { .. } => parts,
    })
}

/// Numeric dates and 24-hour times as V8 writes them: a date whose year, month
/// and day are all "numeric" (the default) with the day and month widths of the
/// locale's CLDR `yMd` pattern (German 26.6.2020, British 06/06/2020), a numeric
/// hour on a 24-hour clock with the width of its `Hm` or `Hms` pattern (Spanish 9:07).
/// ICU4X takes them from the locale's short or medium patterns, which pad in
/// some locales (German dd.MM.y, Spanish HH:mm).
fn with_numeric_widths(tag: &str, skeleton: &str, parts: Parts) -> Parts {
    let count = |letter: char| skeleton.chars().filter(|&c| c == letter).count();
    let numeric_date = count('y') > 0 && count('M') == 1 && count('d') == 1;
    let twelve_hours = parts.iter().any(|(kind, _)| kind == "dayPeriod");
    let numeric_hour = count('j') == 1 && !twelve_hours;
    if !numeric_date && !numeric_hour {
        return parts;
    }
    let Some([day, month, hour, hour_with_seconds]) = numeric_widths(tag) else { return parts };
    let hour = if count('s') > 0 { hour_with_seconds } else { hour };
    let with_width = |text: String, width: usize| {
        if !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return text;
        }
        match (width, text.len()) {
            (1, 2) if text.starts_with('0') => text[1..].to_string(),
            (2, 1) => format!("0{text}"),
            _ => text,
        }
    };
    parts
        .into_iter()
        .map(|(kind, text)| match kind.as_str() {
            "day" if numeric_date => (kind, with_width(text, day)),
            "month" if numeric_date => (kind, with_width(text, month)),
            "hour" if numeric_hour => (kind, with_width(text, hour)),
            _ => (kind, text),
        })
        .collect()
}

/// The day's and month's widths in `tag`'s numeric dates and the hour's in its
/// 24-hour times (without and with seconds), from CLDR's `yMd`, `Hm` and `Hms`
/// patterns (data/cldr-dates/widths.json).
fn numeric_widths(tag: &str) -> Option<[usize; 4]> {
    static WIDTHS: std::sync::LazyLock<std::collections::HashMap<String, String>> = std::sync::LazyLock::new(|| {
        serde_json::from_str(include_str!("../../../data/cldr-dates/widths.json")).unwrap_or_default()
    });
    let widths = super::by_locale(&WIDTHS, tag)?;
    let digit = |at: usize| widths.as_bytes().get(at).map(|byte| usize::from(byte - b'0'));
    Some([digit(0)?, digit(1)?, digit(2)?, digit(3)?])
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

/// The instant as a zoned date-time in `time_zone` (through its RFC 9557 text,
/// which ICU4X reads with its own zone ids).
fn zoned(
    time_zone: &str,
    epoch_ms: f64,
) -> Result<ZonedDateTime<Iso, icu_time::TimeZoneInfo<icu_time::zone::models::AtTime>>, IntlError> {
    let invalid = || IntlError::BadTimeZone(time_zone.to_string());
    let zone = TimeZone::try_from_identifier_str_with_provider(time_zone, provider()).map_err(|_| invalid())?;
    let instant = Instant::from_epoch_milliseconds(epoch_ms.floor() as i64).map_err(|_| IntlError::InvalidTime)?;
    let local = instant.to_zoned_date_time_iso_with_provider(zone, provider()).map_err(|_| invalid())?;
    let offset_minutes = local.offset_nanoseconds() / 60_000_000_000;
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let year = local.year();
    let year = if (0..=9999).contains(&year) { format!("{year:04}") } else { format!("{year:+07}") };
    let text = format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{sign}{:02}:{:02}[{time_zone}]",
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        local.millisecond(),
        offset_minutes.abs() / 60,
        offset_minutes.abs() % 60,
    );
    ZonedDateTime::try_strict_from_str(&text, Iso, IanaParserBorrowed::new()).map_err(|_| invalid())
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
        let format = |tag, fields: &Fields, zone| text(&format_datetime(tag, fields, zone, None, MOMENT).unwrap());
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
