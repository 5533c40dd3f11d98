//! `Intl.NumberFormat`'s unit style: ECMA-402's 45 sanctioned units in long,
//! short and narrow widths, by plural form, from Unicode's CLDR JSON
//! (data/cldr-units/units.json, made by its generate.mjs), with ICU4X's number
//! formatting and plural rules. ICU4X's own unit data (icu_experimental 0.7)
//! has 30 of the units and lacks some locales' long names.
//!
//! The file is in the binary (1 MB) and read only when a worker formats a unit:
//! its index of locales once per process, each locale's names when first asked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::value::RawValue;

use super::IntlError;

/// ECMA-402's sanctioned simple units (its table 2), which `unit` may name.
pub const SANCTIONED: &[&str] = &[
    "acre",
    "bit",
    "byte",
    "celsius",
    "centimeter",
    "day",
    "degree",
    "fahrenheit",
    "fluid-ounce",
    "foot",
    "gallon",
    "gigabit",
    "gigabyte",
    "gram",
    "hectare",
    "hour",
    "inch",
    "kilobit",
    "kilobyte",
    "kilogram",
    "kilometer",
    "liter",
    "megabit",
    "megabyte",
    "meter",
    "microsecond",
    "mile",
    "mile-scandinavian",
    "milliliter",
    "millimeter",
    "millisecond",
    "minute",
    "month",
    "nanosecond",
    "ounce",
    "percent",
    "petabyte",
    "pound",
    "second",
    "stone",
    "terabit",
    "terabyte",
    "week",
    "yard",
    "year",
];

/// CLDR's root locale, where every lookup ends.
const ROOT: &str = "und";

static DATA: &str = include_str!("../../../data/cldr-units/units.json");

/// A unit's patterns by plural form ("one" -> "{0} byte").
pub type Forms = HashMap<String, String>;

/// "long-byte" -> its forms, for one locale (only what differs from its parent).
type Names = HashMap<String, Forms>;

/// The file's locales, each still JSON text.
fn index() -> &'static HashMap<&'static str, &'static RawValue> {
    #[derive(serde::Deserialize)]
    struct File<'a> {
        #[serde(borrow)]
        locales: HashMap<&'a str, &'a RawValue>,
    }
    static INDEX: OnceLock<HashMap<&'static str, &'static RawValue>> = OnceLock::new();
    INDEX.get_or_init(|| serde_json::from_str::<File<'static>>(DATA).expect("units.json is generated").locales)
}

/// `locale`'s own names, read the first time they are asked for.
fn names(locale: &str) -> Option<Arc<Names>> {
    static READ: OnceLock<Mutex<HashMap<String, Arc<Names>>>> = OnceLock::new();
    let raw = index().get(locale)?;
    let mut read = READ.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = read.get(locale) {
        return Some(found.clone());
    }
    let parsed: Arc<Names> = Arc::new(serde_json::from_str(raw.get()).ok()?);
    read.insert(locale.to_string(), parsed.clone());
    Some(parsed)
}

/// The locales to look in for `tag`, most specific first: its likely full form
/// and the tag itself, each with its subtags dropped one by one from the end
/// (zh-TW: zh-Hant-TW, zh-Hant, zh-TW, zh), then the root.
fn lookup_chain(tag: &str) -> Vec<String> {
    let plain =
        |tag: &str| icu_locale_core::Locale::try_from_str(tag).map(|locale| locale.id.to_string()).unwrap_or_default();
    let full = super::likely_subtags(tag, true).map(|full| plain(&full)).unwrap_or_default();
    let mut chain: Vec<String> = Vec::new();
    for start in [full, plain(tag)] {
        let mut candidate = start;
        while !candidate.is_empty() && candidate != ROOT {
            if !chain.contains(&candidate) {
                chain.push(candidate.clone());
            }
            candidate = candidate.rfind('-').map(|at| candidate[..at].to_string()).unwrap_or_default();
        }
    }
    // A stable sort: more subtags first, the full form's before the tag's.
    chain.sort_by_key(|locale| std::cmp::Reverse(locale.matches('-').count()));
    chain.push(ROOT.to_string());
    chain
}

/// `unit`'s patterns for `tag` at `width` ("long", "short" or "narrow"), or
/// the error ECMA-402 gives for a unit that is not one (V8's words).
pub fn unit_forms(tag: &str, unit: &str, width: &str) -> Result<Forms, IntlError> {
    if !SANCTIONED.contains(&unit) {
        return Err(IntlError::BadUnit(unit.to_string()));
    }
    let key = format!("{width}-{unit}");
    lookup_chain(tag)
        .iter()
        .find_map(|locale| names(locale).and_then(|names| names.get(&key).cloned()))
        .ok_or_else(|| IntlError::BadUnit(unit.to_string()))
}

/// The sanctioned units CLDR names (`Intl.supportedValuesOf("unit")`).
pub fn supported_units() -> Vec<String> {
    SANCTIONED.iter().filter(|unit| unit_forms("en", unit, "long").is_ok()).map(|unit| unit.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Digits, Display, Style, format_number};
    use super::*;

    fn format(tag: &str, unit: &str, width: &'static str, value: f64) -> String {
        let digits = Digits::fraction(1, 0, 3);
        let style = Style::Unit { unit: unit.into(), width };
        let parts = format_number(tag, &style, "auto", digits, Display::default(), value).unwrap();
        parts.into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn units_in_each_width_and_plural_form() {
        assert_eq!(format("en", "kilometer", "short", 5.0), "5 km");
        assert_eq!(format("en", "kilometer", "long", 1.0), "1 kilometer");
        assert_eq!(format("en-GB", "liter", "long", 5.5), "5.5 litres");
        assert_eq!(format("de-AT", "kilogram", "long", 2.0), "2 Kilogramm");
        assert_eq!(format("ru", "day", "long", 21.0), "21 день");
        assert_eq!(format("en", "byte", "long", 1.0), "1 byte");
        assert_eq!(format("en", "celsius", "short", 21.5), "21.5°C");
        assert_eq!(format("zh-TW", "hour", "long", 3.0), "3 小時");
    }

    #[test]
    fn every_sanctioned_unit_has_names_and_others_are_refused() {
        assert_eq!(supported_units().len(), SANCTIONED.len());
        assert_eq!(unit_forms("en", "furlong", "long"), Err(IntlError::BadUnit("furlong".into())));
        assert!(lookup_chain("zh-TW").starts_with(&["zh-Hant-TW".to_string(), "zh-Hant".to_string()]));
    }
}
