//! The ops behind `Intl` (runtime_js/08_intl.js): each is one call into
//! runtime/intl.rs with options the JS side has already validated.

use deno_core::op2;
use deno_error::JsErrorBox;
use icu_list::options::ListLength;

use serde::Deserialize;

use crate::runtime::intl::datetime::{self, Clock, Fields};
use crate::runtime::intl::{
    self, CollatorSettings, CurrencyDisplay, Digits, Granularity, ListKind, Parts, Rounding, Sensitivity, Style,
};
use crate::runtime::intl::{names, relative};

#[op2]
#[string]
pub fn op_worky_intl_canonical(#[string] tag: String) -> Result<String, JsErrorBox> {
    intl::canonical_locale(&tag).map_err(range_error)
}

#[op2(fast)]
pub fn op_worky_intl_available(#[string] tag: String) -> bool {
    intl::is_available(&tag)
}

/// `style`: 0 decimal, 1 percent, 2 currency (`currency`, shown as `display`:
/// 0 symbol, 1 narrowSymbol, 2 code, 3 name); `sign` and `compact`: see
/// `number_display`; `exact`: a BigInt's digits, formatted instead of `value`.
#[op2]
#[serde]
#[allow(clippy::too_many_arguments)]
pub fn op_worky_intl_number(
    #[string] locale: String,
    #[smi] style: u8,
    #[string] currency: String,
    #[smi] display: u8,
    #[string] grouping: String,
    #[smi] min_integer: u8,
    #[smi] min_fraction: u8,
    #[smi] max_fraction: u8,
    #[smi] rounding: u32,
    #[string] sign: String,
    #[smi] compact: u8,
    value: f64,
    #[string] exact: &str,
) -> Result<Parts, JsErrorBox> {
    let digits = Digits { min_integer, min_fraction, max_fraction, rounding: Rounding::from_code(rounding) };
    let shown = number_display(&sign, compact);
    let value = intl::Numeric::of(value, exact).map_err(range_error)?;
    intl::format_number(&locale, &number_style(style, currency, display), &grouping, digits, shown, value)
        .map_err(range_error)
}

/// As `op_worky_intl_number`, as one string (`format`: no parts to build in JS).
#[op2]
#[string]
#[allow(clippy::too_many_arguments)]
pub fn op_worky_intl_number_text(
    #[string] locale: String,
    #[smi] style: u8,
    #[string] currency: String,
    #[smi] display: u8,
    #[string] grouping: String,
    #[smi] min_integer: u8,
    #[smi] min_fraction: u8,
    #[smi] max_fraction: u8,
    #[smi] rounding: u32,
    #[string] sign: String,
    #[smi] compact: u8,
    value: f64,
    #[string] exact: &str,
) -> Result<String, JsErrorBox> {
    let digits = Digits { min_integer, min_fraction, max_fraction, rounding: Rounding::from_code(rounding) };
    let shown = number_display(&sign, compact);
    let value = intl::Numeric::of(value, exact).map_err(range_error)?;
    let parts = intl::format_number(&locale, &number_style(style, currency, display), &grouping, digits, shown, value);
    Ok(parts.map_err(range_error)?.into_iter().map(|(_, text)| text).collect())
}

/// `sign`: ECMA-402's signDisplay; `notation`: 0 standard, 1 compact short, 2
/// compact long, 3 scientific, 4 engineering.
fn number_display(sign: &str, notation: u8) -> intl::Display {
    intl::Display {
        sign: intl::sign_display(sign),
        compact: matches!(notation, 1 | 2).then_some(notation == 2),
        exponent_step: match notation {
            3 => Some(1),
            4 => Some(3),
            _ => None,
        },
    }
}

/// `unitDisplay`, by the code 08_intl.js passes.
const UNIT_WIDTHS: [&str; 3] = ["short", "narrow", "long"];

fn number_style(style: u8, currency: String, display_code: u8) -> Style {
    let display = match display_code {
        1 => CurrencyDisplay::NarrowSymbol,
        2 => CurrencyDisplay::Code,
        3 => CurrencyDisplay::Name,
        _ => CurrencyDisplay::Symbol,
    };
    match style {
        1 => Style::Percent,
        2 => Style::Currency { code: currency, display },
        // The unit comes where a currency would, its width as the display.
        3 => Style::Unit {
            unit: currency,
            width: UNIT_WIDTHS.get(usize::from(display_code)).copied().unwrap_or("short"),
        },
        _ => Style::Decimal,
    }
}

/// The fraction digits a currency is shown with; a RangeError for a code that is not one.
#[op2(fast)]
#[smi]
pub fn op_worky_intl_currency_digits(#[string] code: String) -> Result<u8, JsErrorBox> {
    intl::currency_digits(&code).map_err(range_error)
}

fn range_error(err: intl::IntlError) -> JsErrorBox {
    JsErrorBox::range_error(err.to_string())
}

#[op2]
#[string]
pub fn op_worky_intl_plural(
    #[string] locale: String,
    ordinal: bool,
    #[smi] min_fraction: u8,
    #[smi] max_fraction: u8,
    #[smi] rounding: u32,
    value: f64,
) -> String {
    let digits = Digits { min_integer: 1, min_fraction, max_fraction, rounding: Rounding::from_code(rounding) };
    intl::plural_category(&locale, ordinal, digits, value).to_string()
}

/// `PluralRules#selectRange`: the category of the range `start` to `end`.
#[op2]
#[string]
pub fn op_worky_intl_plural_range(
    #[string] locale: String,
    ordinal: bool,
    #[smi] min_fraction: u8,
    #[smi] max_fraction: u8,
    #[smi] rounding: u32,
    start: f64,
    end: f64,
) -> String {
    let digits = Digits { min_integer: 1, min_fraction, max_fraction, rounding: Rounding::from_code(rounding) };
    intl::plural_range_category(&locale, ordinal, digits, start, end).to_string()
}

/// `tag`'s range pattern and approximately sign, for `NumberFormat#formatRange`.
#[op2]
#[serde]
pub fn op_worky_intl_range_symbols(#[string] tag: String) -> (&'static str, &'static str) {
    intl::range_symbols(&tag)
}

#[op2]
#[serde]
pub fn op_worky_intl_plural_categories(#[string] locale: String, ordinal: bool) -> Vec<&'static str> {
    intl::plural_categories(&locale, ordinal)
}

/// `sensitivity`: 0 base, 1 accent, 2 case, 3 variant; `case_first`: 0 the
/// locale's, 1 upper, 2 lower.
#[op2(fast)]
#[smi]
pub fn op_worky_intl_collate(
    #[string] locale: &str,
    #[smi] sensitivity: u8,
    numeric: bool,
    #[smi] case_first: u8,
    #[string] a: &str,
    #[string] b: &str,
) -> i32 {
    let sensitivity = match sensitivity {
        0 => Sensitivity::Base,
        1 => Sensitivity::Accent,
        2 => Sensitivity::Case,
        _ => Sensitivity::Variant,
    };
    let case_first = match case_first {
        1 => Some(true),
        2 => Some(false),
        _ => None,
    };
    intl::collate(locale, CollatorSettings { sensitivity, numeric, case_first }, a, b)
}

/// `granularity`: 0 grapheme, 1 word, 2 sentence. Segment ends in UTF-16 units, word-like or not.
#[op2]
#[serde]
pub fn op_worky_intl_segment(#[smi] granularity: u8, #[string] text: String) -> Vec<(usize, bool)> {
    let granularity = match granularity {
        0 => Granularity::Grapheme,
        1 => Granularity::Word,
        _ => Granularity::Sentence,
    };
    let units: Vec<u16> = text.encode_utf16().collect();
    intl::segment(granularity, &units)
}

/// `kind`: 0 conjunction, 1 disjunction, 2 unit; `length`: 0 long, 1 short, 2 narrow.
#[op2]
#[serde]
pub fn op_worky_intl_list(
    #[string] locale: String,
    #[smi] kind: u8,
    #[smi] length: u8,
    #[serde] items: Vec<String>,
) -> Parts {
    let kind = match kind {
        0 => ListKind::Conjunction,
        1 => ListKind::Disjunction,
        _ => ListKind::Unit,
    };
    let length = match length {
        0 => ListLength::Wide,
        1 => ListLength::Short,
        _ => ListLength::Narrow,
    };
    intl::format_list(&locale, kind, length, &items)
}

/// The canonical IANA name of a time zone; a RangeError for one there is not.
#[op2]
#[string]
pub fn op_worky_intl_time_zone(#[string] name: String) -> Result<String, JsErrorBox> {
    datetime::canonical_time_zone(&name).map_err(range_error)
}

/// A `DateTimeFormat` as its JS side made it: locale, skeleton (ECMA-402's
/// components as UTS 35 fields) or else the date and time styles, time zone,
/// and clock (0 the locale's, `hour12` 1 yes or 2 no, `hourCycle` 3 h11, 4
/// h12, 5 h23, 6 h24).
#[derive(Deserialize)]
pub struct DateTimeSpec(String, String, String, String, String, u8);

impl DateTimeSpec {
    fn fields(&self) -> Fields {
        let DateTimeSpec(_, skeleton, date_style, time_style, _, _) = self;
        if skeleton.is_empty() {
            let style = |style: &String| (!style.is_empty()).then(|| style.clone());
            Fields::Styles { date: style(date_style), time: style(time_style) }
        } else {
            Fields::Skeleton(skeleton.clone())
        }
    }

    fn clock(&self) -> Clock {
        clock_of(self.5)
    }

    /// The instant `epoch_ms` as this formatter writes it, by parts.
    fn format(&self, epoch_ms: f64) -> Result<Parts, JsErrorBox> {
        datetime::format_datetime(&self.0, &self.fields(), &self.4, self.clock(), epoch_ms).map_err(range_error)
    }
}

#[op2]
#[serde]
pub fn op_worky_intl_datetime(#[serde] spec: DateTimeSpec, epoch_ms: f64) -> Result<Parts, JsErrorBox> {
    spec.format(epoch_ms)
}

/// `op_worky_intl_datetime`'s parts as one string (`format`): no array for JS
/// to build and join.
#[op2]
#[string]
pub fn op_worky_intl_datetime_text(#[serde] spec: DateTimeSpec, epoch_ms: f64) -> Result<String, JsErrorBox> {
    Ok(spec.format(epoch_ms)?.into_iter().map(|(_, text)| text).collect())
}

/// What a `DateTimeFormat` for `base` writes in, asked for `calendar` and
/// `numbering` (empty: not asked): the calendar (the asked one, else the
/// locale's own), whether that is the locale's own, and the numbering system.
#[op2]
#[serde]
pub fn op_worky_intl_datetime_locale(
    #[string] base: String,
    #[string] calendar: String,
    #[string] numbering: String,
) -> (&'static str, bool, String) {
    let with = |key: &str, value: &str| if value.is_empty() { base.clone() } else { format!("{base}-u-{key}-{value}") };
    let resolved = datetime::calendar_of(&with("ca", &calendar));
    let own = calendar.is_empty() || datetime::calendar_of(&base) == resolved;
    (resolved, own, crate::runtime::intl::values::numbering_system_of(&with("nu", &numbering)))
}

/// The numbering system `locale` writes digits in (its `-u-nu-`, else its own).
#[op2]
#[string]
pub fn op_worky_intl_numbering_system(#[string] locale: String) -> String {
    crate::runtime::intl::values::numbering_system_of(&locale)
}

/// A range of dates as `formatRangeToParts` gives it: (type, value, source).
#[op2]
#[serde]
pub fn op_worky_intl_datetime_range(
    #[serde] spec: DateTimeSpec,
    start_ms: f64,
    end_ms: f64,
) -> Result<datetime::RangeParts, JsErrorBox> {
    datetime::format_range(&spec.0, &spec.fields(), &spec.4, spec.clock(), start_ms, end_ms).map_err(range_error)
}

/// The UTS 35 pattern `op_worky_intl_datetime` formats with (what
/// `resolvedOptions` reports from); empty where it cannot tell.
#[op2]
#[string]
pub fn op_worky_intl_datetime_pattern(#[serde] spec: DateTimeSpec) -> String {
    datetime::options_pattern(&spec.0, &spec.fields(), spec.clock()).unwrap_or_default()
}

fn clock_of(code: u8) -> Clock {
    match code {
        1 => Clock::Hour12(true),
        2 => Clock::Hour12(false),
        3 => Clock::Cycle('K'),
        4 => Clock::Cycle('h'),
        5 => Clock::Cycle('H'),
        6 => Clock::Cycle('k'),
        _ => Clock::Locale,
    }
}

/// `unit`: ECMA-402's singular unit; `style`: long, short or narrow; `auto`: numeric "auto".
#[op2]
#[serde]
pub fn op_worky_intl_relative(
    #[string] locale: String,
    #[string] unit: String,
    #[string] style: String,
    auto: bool,
    value: f64,
) -> Result<Parts, JsErrorBox> {
    relative::format_relative(&locale, &unit, &style, auto, value).map_err(range_error)
}

/// `kind`: any of `Intl.DisplayNames`' types; `style`: long, short or narrow;
/// `standard`: languageDisplay "standard". `None` (undefined) when there is no name.
#[op2]
#[string]
pub fn op_worky_intl_display_name(
    #[string] locale: String,
    #[string] kind: String,
    #[string] code: String,
    #[string] style: String,
    standard: bool,
) -> Result<Option<String>, JsErrorBox> {
    names::display_name(&locale, &kind, &code, &style, standard).map_err(range_error)
}

#[op2]
#[string]
pub fn op_worky_intl_change_case(#[string] locale: String, #[string] text: String, upper: bool) -> String {
    intl::change_case(&locale, &text, upper)
}

#[op2]
#[string]
pub fn op_worky_intl_likely_subtags(#[string] tag: String, maximize: bool) -> Result<String, JsErrorBox> {
    intl::likely_subtags(&tag, maximize).map_err(range_error)
}

/// `Intl.supportedValuesOf(key)`.
#[op2]
#[serde]
pub fn op_worky_intl_supported_values(#[string] key: String) -> Result<Vec<String>, JsErrorBox> {
    intl::values::supported_values(&key).map_err(range_error)
}

/// ECMA-402's RangeError for a `unit` that is not one of its sanctioned units.
#[op2(fast)]
pub fn op_worky_intl_unit_check(#[string] locale: String, #[string] unit: String) -> Result<(), JsErrorBox> {
    intl::units::unit_forms(&locale, &unit, "long").map(|_| ()).map_err(range_error)
}
