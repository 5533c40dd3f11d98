//! `Intl.supportedValuesOf`: the calendars, collations, currencies, numbering
//! systems and time zones worky's `Intl` formats, each list asked of ICU4X (a
//! candidate is kept only if its data is there and it formats), made once per
//! process. Units: ECMA-402's sanctioned ones, all of which CLDR names (units.rs).

use std::sync::OnceLock;

use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::provider::currency::extended::CurrencyExtendedDataV1;
use icu_provider::{DataIdentifierBorrowed, DataMarkerAttributes, DataProvider, DataRequest};

use super::{IntlError, datetime};

/// CLDR's calendar keyword values (`-u-ca-`), as the ECMA-402 key lists them.
const CALENDARS: &[&str] = &[
    "buddhist",
    "chinese",
    "coptic",
    "dangi",
    "ethioaa",
    "ethiopic",
    "gregory",
    "hebrew",
    "indian",
    "islamic",
    "islamic-civil",
    "islamic-rgsa",
    "islamic-tbla",
    "islamic-umalqura",
    "iso8601",
    "japanese",
    "persian",
    "roc",
];

/// CLDR's collation types (`-u-co-`) but "standard" and "search", which
/// ECMA-402 leaves out.
const COLLATIONS: &[&str] = &[
    "compat", "dict", "emoji", "eor", "phonebk", "phonetic", "pinyin", "searchjl", "stroke", "trad", "unihan", "zhuyin",
];

/// ECMA-402's numbering systems with simple digit mappings (its table 14).
const NUMBERING_SYSTEMS: &[&str] = &[
    "adlm", "ahom", "arab", "arabext", "bali", "beng", "bhks", "brah", "cakm", "cham", "deva", "diak", "fullwide",
    "gara", "gong", "gonm", "gujr", "gukh", "guru", "hanidec", "hmng", "hmnp", "java", "kali", "kawi", "khmr", "knda",
    "krai", "lana", "lanatham", "laoo", "latn", "lepc", "limb", "mathbold", "mathdbl", "mathmono", "mathsanb",
    "mathsans", "mlym", "modi", "mong", "mroo", "mtei", "mymr", "mymrepka", "mymrpao", "mymrshan", "mymrtlng", "nagm",
    "newa", "nkoo", "olck", "onao", "orya", "osma", "outlined", "rohg", "saur", "segment", "shrd", "sind", "sinh",
    "sora", "sund", "sunu", "takr", "talu", "tamldec", "telu", "thai", "tibt", "tirh", "tnsa", "tols", "vaii", "wara",
    "wcho",
];

/// The sorted values of `key`, or ECMA-402's RangeError for a key it does not have.
pub fn supported_values(key: &str) -> Result<Vec<String>, IntlError> {
    static CALENDAR: OnceLock<Vec<String>> = OnceLock::new();
    static COLLATION: OnceLock<Vec<String>> = OnceLock::new();
    static CURRENCY: OnceLock<Vec<String>> = OnceLock::new();
    static NUMBERING: OnceLock<Vec<String>> = OnceLock::new();
    static TIME_ZONE: OnceLock<Vec<String>> = OnceLock::new();
    static UNIT: OnceLock<Vec<String>> = OnceLock::new();
    let values = match key {
        "calendar" => CALENDAR.get_or_init(calendars),
        "collation" => COLLATION.get_or_init(collations),
        "currency" => CURRENCY.get_or_init(currencies),
        "numberingSystem" => NUMBERING.get_or_init(numbering_systems),
        "timeZone" => TIME_ZONE.get_or_init(time_zones),
        "unit" => UNIT.get_or_init(super::units::supported_units),
        _ => return Err(IntlError::BadKey(key.to_string())),
    };
    Ok(values.clone())
}

/// The calendars a date formats in (`en-u-ca-<name>`).
fn calendars() -> Vec<String> {
    let fields = datetime::Fields::Skeleton("yMd".into());
    CALENDARS
        .iter()
        .filter(|name| {
            datetime::format_datetime(&format!("en-u-ca-{name}"), &fields, "UTC", datetime::Clock::Locale, 0.0).is_ok()
        })
        .map(|name| name.to_string())
        .collect()
}

/// The collation types ICU4X's locale identifiers carry.
fn collations() -> Vec<String> {
    use icu_locale_core::extensions::unicode::Value;
    use icu_locale_core::preferences::extensions::unicode::keywords::CollationType;
    COLLATIONS
        .iter()
        .filter(|name| Value::try_from_str(name).is_ok_and(|value| CollationType::try_from(&value).is_ok()))
        .map(|name| name.to_string())
        .collect()
}

/// Every three-letter code CLDR names in English (ICU4X's currency data).
fn currencies() -> Vec<String> {
    let english = icu_locale_core::locale!("en").into();
    let mut codes = Vec::new();
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            for c in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b, c]).expect("ASCII");
                let Ok(currency) = CurrencyType::try_from_str(&code.to_ascii_lowercase()) else { continue };
                let iso = currency.iso_code();
                let Ok(attributes) = DataMarkerAttributes::try_from_str(iso.as_str()) else { continue };
                let request = DataRequest {
                    id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, &english),
                    ..Default::default()
                };
                let found: Result<_, _> =
                    DataProvider::<CurrencyExtendedDataV1>::load(&icu_experimental::provider::Baked, request);
                if found.is_ok() {
                    codes.push(code);
                }
            }
        }
    }
    codes
}

/// Whole numbers, as `maximumFractionDigits: 0` gives.
const INTEGER: super::Digits =
    super::Digits { min_integer: 1, min_fraction: 0, max_fraction: 0, rounding: super::Rounding::FRACTION };

/// The numbering system `tag` writes digits in: its `-u-nu-` where ICU4X has
/// those digits, else the locale's own (Arabic in Egypt, Persian's arabext).
pub fn numbering_system_of(tag: &str) -> String {
    thread_local! {
        /// Numbering systems found on this thread, by locale.
        static FOUND: super::Made<String, String> = Default::default();
    }
    super::made(&FOUND, tag, || Ok::<_, ()>(find_numbering_system(tag)))
        .map_or_else(|_| "latn".into(), |found| (*found).clone())
}

fn find_numbering_system(tag: &str) -> String {
    static BY_ZERO: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let zero = |tag: &str| {
        super::format_number(tag, &super::Style::Decimal, "false", INTEGER, super::Display::default(), 0.0)
            .map(|parts| parts.into_iter().map(|(_, text)| text).collect::<String>())
            .unwrap_or_default()
    };
    let by_zero = BY_ZERO.get_or_init(|| {
        let systems = supported_values("numberingSystem").unwrap_or_default();
        systems.into_iter().map(|name| (zero(&format!("en-u-nu-{name}")), name)).collect()
    });
    let written = zero(tag);
    by_zero.iter().find(|(digit, _)| *digit == written).map_or_else(|| "latn".to_string(), |(_, name)| name.clone())
}

/// The numbering systems whose digits ICU4X has (Latin digits aside, a system
/// that formats as Latin is one it lacks).
fn numbering_systems() -> Vec<String> {
    let digits = |tag: &str| -> Option<String> {
        let parts = super::format_number(
            tag,
            &super::Style::Decimal,
            "false",
            INTEGER,
            super::Display::default(),
            1234567890.0,
        );
        parts.ok().map(|parts| parts.into_iter().map(|(_, text)| text).collect())
    };
    let latin = digits("en");
    NUMBERING_SYSTEMS
        .iter()
        .filter(|name| {
            let formatted = digits(&format!("en-u-nu-{name}"));
            **name == "latn" || (formatted.is_some() && formatted != latin)
        })
        .map(|name| name.to_string())
        .collect()
}

/// ICU4X's canonical IANA names that a date formats in.
fn time_zones() -> Vec<String> {
    let parser = icu_time::zone::iana::IanaParserExtended::new();
    let mut zones: Vec<String> = parser
        .iter()
        .map(|zone| zone.canonical)
        .filter(|name| *name != "Etc/Unknown" && datetime::canonical_time_zone(name).is_ok())
        .map(str::to_string)
        .collect();
    zones.sort();
    zones.dedup();
    zones
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_hold_the_common_values() {
        for (key, expected) in [
            ("calendar", "gregory"),
            ("collation", "phonebk"),
            ("currency", "EUR"),
            ("numberingSystem", "arab"),
            ("timeZone", "Europe/Berlin"),
        ] {
            let values = supported_values(key).unwrap();
            assert!(values.iter().any(|value| value == expected), "{key}: {values:?}");
            assert!(values.windows(2).all(|pair| pair[0] < pair[1]), "{key} sorted, no repeats");
        }
        assert!(supported_values("currency").unwrap().len() > 150);
        let units = supported_values("unit").unwrap();
        assert_eq!(units.len(), 45, "{units:?}");
        assert_eq!(supported_values("colour"), Err(IntlError::BadKey("colour".into())));
    }
}
