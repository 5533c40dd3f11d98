//! `Intl` for the QuickJS engine, which has none of its own (the engine
//! binding installs a stub that formats nothing): ICU4X with its compiled CLDR
//! data does the work, runtime_js/08_intl.js builds ECMA-402's objects on it.
//!
//! Everything here is a plain function of a locale tag and options, so it is
//! tested without an isolate; ops/intl.rs hands the results to JavaScript.
//! Formatters are made from static data, but making one (finding its locale's
//! data, a collator's tailoring) costs much more than using it, so each thread
//! (an isolate's) keeps the ones it made, a bounded number of each kind.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::rc::Rc;
use std::thread::LocalKey;

use fixed_decimal::{
    Decimal, FloatPrecision, RoundingIncrement, SignDisplay, SignedRoundingMode, UnsignedRoundingMode,
};
use icu_collator::options::{CaseLevel, CollatorOptions, Strength};
use icu_collator::preferences::{CollationCaseFirst, CollationNumericOrdering};
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::{CompactDecimalFormatter, DecimalFormatter};
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_experimental::dimension::provider::currency::fractions::CurrencyFractionsV1;
use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_locale::{LocaleCanonicalizer, LocaleExpander, TransformResult};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules, PluralRulesWithRanges};
use icu_provider::DataProvider;
use icu_segmenter::options::{SentenceBreakInvariantOptions, WordBreakInvariantOptions};
use icu_segmenter::{GraphemeClusterSegmenter, SentenceSegmenter, WordSegmenter};
use writeable::{Part, PartsWrite, Writeable};

/// The locale used when none of those asked for is available (as workerd's).
pub const DEFAULT_LOCALE: &str = "en-US";

pub mod datetime;
mod intervals;
pub mod names;
mod patterns;
pub mod relative;
pub mod units;
pub mod values;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IntlError {
    /// ECMA-402's RangeError for a tag that is not a BCP 47 language tag.
    #[error("Incorrect locale information provided")]
    BadLocale,
    #[error("Invalid currency code : {0}")]
    BadCurrency(String),
    #[error("Invalid time zone specified: {0}")]
    BadTimeZone(String),
    #[error("Invalid time value")]
    InvalidTime,
    #[error("invalid_argument")]
    BadCode(String),
    /// A `unit` that is not one of ECMA-402's (V8's words).
    #[error("Invalid unit argument for Intl.NumberFormat() '{0}'")]
    BadUnit(String),
    /// `Intl.supportedValuesOf` with a key ECMA-402 does not have (V8's words).
    #[error("Invalid key : {0}")]
    BadKey(String),
    /// Options ICU4X has no format for.
    #[error("Unsupported combination of date and time options")]
    BadOptions,
    /// Digits the JS side sent as a BigInt's that are not a decimal number.
    #[error("Cannot convert {0} to a number")]
    NotANumber(String),
}

/// A language tag in canonical form (`EN-us` -> `en-US`), or `BadLocale`.
pub fn canonical_locale(tag: &str) -> Result<String, IntlError> {
    // ICU4X also accepts `_` as a separator; BCP 47 (and ECMA-402) do not.
    if tag.is_empty() || tag.contains('_') {
        return Err(IntlError::BadLocale);
    }
    let mut locale = Locale::try_from_str(tag).map_err(|_| IntlError::BadLocale)?;
    LocaleCanonicalizer::new_extended().canonicalize(&mut locale);
    Ok(locale.to_string())
}

/// Whether CLDR knows the tag's language (a language it knows has data for
/// every Intl service here; an unknown one would fall back to the root locale).
pub fn is_available(tag: &str) -> bool {
    let Ok(locale) = Locale::try_from_str(tag) else { return false };
    if locale.id.language.is_unknown() {
        return false;
    }
    let mut id = icu_locale_core::LanguageIdentifier::from(locale.id.language);
    LocaleExpander::new_extended().maximize(&mut id) == TransformResult::Modified
}

fn locale(tag: &str) -> Locale {
    Locale::try_from_str(tag).unwrap_or_else(|_| Locale::try_from_str(DEFAULT_LOCALE).expect("a valid tag"))
}

/// Formatters made on this thread, by what they were made for.
type Made<K, V> = RefCell<HashMap<K, Rc<V>>>;

/// More than this many of one kind, and the kind starts over: a worker that asks
/// for ever new locales or options pays for making them, not in memory.
const MADE_PER_KIND: usize = 64;

thread_local! {
    static DECIMALS: Made<(String, String), DecimalFormatter> = RefCell::default();
    static PERCENTS: Made<String, PercentFormatter<DecimalFormatter>> = RefCell::default();
    static COMPACTS: Made<(String, bool), CompactDecimalFormatter> = RefCell::default();
    static CURRENCIES: Made<(String, String, CurrencyDisplay), CurrencyFormatter<DecimalFormatter>> = RefCell::default();
    static UNITS: Made<(String, String, &'static str), units::Forms> = RefCell::default();
    static COLLATORS: Made<(String, CollatorSettings), CollatorBorrowed<'static>> = RefCell::default();
    static PLURALS: Made<(String, bool), PluralRules> = RefCell::default();
    static PLURAL_RANGES: Made<String, PluralRulesWithRanges<PluralRules>> = RefCell::default();
    static LAST_COLLATOR: RefCell<Option<(String, CollatorSettings, Rc<CollatorBorrowed<'static>>)>> =
        const { RefCell::new(None) };
}

/// The formatter made for `key` on this thread, made now if it was not. The
/// key is borrowed (a locale's `&str`): a hit, the common case on a hot path,
/// allocates nothing.
fn made<K, Q, V, E>(
    cache: &'static LocalKey<Made<K, V>>,
    key: &Q,
    make: impl FnOnce() -> Result<V, E>,
) -> Result<Rc<V>, E>
where
    K: Borrow<Q> + Hash + Eq,
    Q: ?Sized + Hash + Eq + ToOwned<Owned = K>,
{
    if let Some(found) = cache.with_borrow(|made| made.get(key).cloned()) {
        return Ok(found);
    }
    let value = Rc::new(make()?);
    cache.with_borrow_mut(|made| {
        if made.len() >= MADE_PER_KIND {
            made.clear();
        }
        made.insert(key.to_owned(), value.clone());
    });
    Ok(value)
}

/// A formatted value as ECMA-402's `formatToParts` gives it: (type, text).
pub type Parts = Vec<(String, String)>;

/// Collects what a `Writeable` writes, by part.
#[derive(Default)]
struct PartsSink {
    parts: Parts,
    current: Option<&'static str>,
    category: Option<&'static str>,
}

impl fmt::Write for PartsSink {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if text.is_empty() {
            return Ok(());
        }
        let kind = self.current.unwrap_or("literal");
        match self.parts.last_mut() {
            // ICU writes a run (the digits of an integer) in pieces: one part, as ECMA-402's.
            Some((last, value)) if last == kind => value.push_str(text),
            _ => self.parts.push((kind.to_string(), text.to_string())),
        }
        Ok(())
    }
}

impl PartsWrite for PartsSink {
    type SubPartsWrite = PartsSink;

    fn with_part(&mut self, part: Part, mut write: impl FnMut(&mut PartsSink) -> fmt::Result) -> fmt::Result {
        // A date field's digits are written as a number's parts inside it: the field is the part.
        if self.category == Some("datetime") && part.category == "decimal" {
            return write(self);
        }
        let outer = (self.current.replace(part.value), self.category.replace(part.category));
        let result = write(self);
        (self.current, self.category) = outer;
        result
    }
}

fn parts_of(value: &impl Writeable) -> Parts {
    let mut sink = PartsSink::default();
    let _ = value.write_to_parts(&mut sink);
    sink.parts
}

/// The parts of what a `TryWriteable` writes; `None` when it could not write
/// all of it (a name its data lacks).
fn try_parts_of(value: &impl writeable::TryWriteable) -> Option<Parts> {
    let mut sink = PartsSink::default();
    match value.try_write_to_parts(&mut sink) {
        Ok(Ok(())) => Some(sink.parts),
        _ => None,
    }
}

/// `toLocaleUpperCase`/`toLocaleLowerCase`: Unicode's case mapping with the
/// language's rules (Turkish dotted and dotless i, Lithuanian, Greek).
pub fn change_case(tag: &str, text: &str, upper: bool) -> String {
    let language = locale(tag).id;
    let mapper = icu_casemap::CaseMapper::new();
    let changed =
        if upper { mapper.uppercase_to_string(text, &language) } else { mapper.lowercase_to_string(text, &language) };
    changed.into_owned()
}

/// `Intl.Locale#maximize` / `minimize`: likely subtags added or removed.
pub fn likely_subtags(tag: &str, maximize: bool) -> Result<String, IntlError> {
    let mut locale = Locale::try_from_str(tag).map_err(|_| IntlError::BadLocale)?;
    let expander = LocaleExpander::new_extended();
    if maximize {
        expander.maximize(&mut locale.id);
    } else {
        expander.minimize(&mut locale.id);
    }
    Ok(locale.to_string())
}

/// `Intl.NumberFormat`'s digit options, already resolved by the JS side.
#[derive(Debug, Clone, Copy)]
pub struct Digits {
    pub min_integer: u8,
    pub min_fraction: u8,
    pub max_fraction: u8,
    pub rounding: Rounding,
}

impl Digits {
    /// Fraction digits only, rounded half away from zero (ECMA-402's defaults).
    pub fn fraction(min_integer: u8, min_fraction: u8, max_fraction: u8) -> Digits {
        Digits { min_integer, min_fraction, max_fraction, rounding: Rounding::default() }
    }
}

/// ECMA-402's rounding options besides fraction digits: significant digits, the
/// rounding priority between the two, the mode, the increment and trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    pub kind: RoundingKind,
    pub min_significant: u8,
    pub max_significant: u8,
    pub mode: SignedRoundingMode,
    /// `roundingIncrement` (1, 2, 5, 10, 20, 25, 50, ..., 5000): in units of the last fraction digit.
    pub increment: u16,
    /// `trailingZeroDisplay: "stripIfInteger"`.
    pub strip_if_integer: bool,
}

/// Which digits round a number: `roundingPriority` resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingKind {
    Fraction,
    Significant,
    /// Whichever of the two keeps more digits (`morePrecision`) or fewer (`lessPrecision`).
    MorePrecision,
    LessPrecision,
}

impl Rounding {
    /// ECMA-402's defaults: fraction digits, half away from zero.
    pub const FRACTION: Rounding = Rounding {
        kind: RoundingKind::Fraction,
        min_significant: 1,
        max_significant: 21,
        mode: SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
        increment: 1,
        strip_if_integer: false,
    };
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding::FRACTION
    }
}

/// ECMA-402's `roundingMode` names, in the order 08_intl.js codes them.
const ROUNDING_MODES: [SignedRoundingMode; 9] = [
    SignedRoundingMode::Ceil,
    SignedRoundingMode::Floor,
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::Expand),
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::Trunc),
    SignedRoundingMode::HalfCeil,
    SignedRoundingMode::HalfFloor,
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfTrunc),
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfEven),
];

/// The rounding increments ECMA-402 allows.
const INCREMENTS: [u16; 15] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000];

impl Rounding {
    /// The options as 08_intl.js packs them into one integer (`roundingCode`):
    /// bits 0-4 minimum significant digits, 5-9 maximum, 10-13 the mode (index in
    /// `ROUNDING_MODES`), 14-15 the kind (fraction, significant, more, less
    /// precision), 16 strip trailing zeros of integers, 17-20 the increment
    /// (index in `INCREMENTS`).
    pub fn from_code(code: u32) -> Rounding {
        let field = |shift: u32, bits: u32| ((code >> shift) & ((1 << bits) - 1)) as usize;
        let kind = match field(14, 2) {
            1 => RoundingKind::Significant,
            2 => RoundingKind::MorePrecision,
            3 => RoundingKind::LessPrecision,
            _ => RoundingKind::Fraction,
        };
        Rounding {
            kind,
            min_significant: (field(0, 5) as u8).clamp(1, 21),
            max_significant: (field(5, 5) as u8).clamp(1, 21),
            mode: ROUNDING_MODES.get(field(10, 4)).copied().unwrap_or(Rounding::default().mode),
            increment: INCREMENTS.get(field(17, 4)).copied().unwrap_or(1),
            strip_if_integer: field(16, 1) == 1,
        }
    }
}

/// `useGrouping`: "auto" (the locale's rule: es and pl leave 4 digits alone),
/// "always", "min2" or false.
fn grouping(name: &str) -> GroupingStrategy {
    match name {
        "always" => GroupingStrategy::Always,
        "min2" => GroupingStrategy::Min2,
        "false" => GroupingStrategy::Never,
        _ => GroupingStrategy::Auto,
    }
}

/// `value` as a decimal rounded as ECMA-402 says: at `max_fraction` digits or
/// `max_significant` significant digits (or whichever keeps more or fewer, by
/// `roundingPriority`), in the rounding mode and increment, then trailing zeros
/// down to `min_fraction` digits or `min_significant` significant digits (none
/// for an integer with `trailingZeroDisplay: "stripIfInteger"`).
fn rounded(value: Decimal, digits: Digits, shift: i16) -> Decimal {
    rounded_decimal(shifted(value, shift), digits)
}

/// The shortest decimal that reads back as `value`.
pub(crate) fn decimal_of(value: f64) -> Decimal {
    Decimal::try_from_f64(value, FloatPrecision::RoundTrip).unwrap_or_default()
}

/// `value` times 10^`shift` exactly (percent: 2).
fn shifted(mut value: Decimal, shift: i16) -> Decimal {
    value.multiply_pow10(shift);
    value
}

/// A number to format: a JS number, or a BigInt's exact digits (ECMA-402
/// formats a BigInt exactly, where a double keeps only ~17 digits).
#[derive(Debug, Clone)]
pub enum Numeric {
    Float(f64),
    Exact(Decimal),
}

impl From<f64> for Numeric {
    fn from(value: f64) -> Numeric {
        Numeric::Float(value)
    }
}

impl Numeric {
    /// `exact` (a BigInt's decimal digits) when given, else `value`.
    pub fn of(value: f64, exact: &str) -> Result<Numeric, IntlError> {
        if exact.is_empty() {
            return Ok(Numeric::Float(value));
        }
        exact.parse().map(Numeric::Exact).map_err(|_| IntlError::NotANumber(exact.to_string()))
    }

    /// One hundredth of the number (a percent unit's).
    fn hundredth(self) -> Numeric {
        match self {
            Numeric::Float(value) => Numeric::Float(value / 100.0),
            Numeric::Exact(value) => Numeric::Exact(shifted(value, -2)),
        }
    }
}

/// Scientific (`step` 1) or engineering (`step` 3) notation: the mantissa,
/// rounded as `rounded` rounds, and the exponent (a multiple of `step`; one
/// step up when rounding reaches the next power: 9.9996 is 1E1).
fn with_exponent(value: Decimal, digits: Digits, shift: i16, step: i16) -> (Decimal, i16) {
    let mut decimal = shifted(value, shift);
    let magnitude = if decimal.absolute.is_zero() { 0 } else { decimal.absolute.nonzero_magnitude_start() };
    let mut exponent = magnitude.div_euclid(step) * step;
    decimal.multiply_pow10(-exponent);
    let mut mantissa = rounded_decimal(decimal.clone(), digits);
    if !mantissa.absolute.is_zero() && mantissa.absolute.nonzero_magnitude_start() >= step {
        exponent += step;
        decimal.multiply_pow10(-step);
        mantissa = rounded_decimal(decimal, digits);
    }
    (mantissa, exponent)
}

/// `decimal` rounded and padded as `rounded` says.
fn rounded_decimal(decimal: Decimal, digits: Digits) -> Decimal {
    let rounding = digits.rounding;
    let by_fraction = || {
        let (position, increment) = increment_at(-i16::from(digits.max_fraction), rounding.increment);
        let mut fixed = decimal.clone();
        fixed.round_with_mode_and_increment(position, rounding.mode, increment);
        fixed.absolute.trim_end();
        (fixed, -i16::from(digits.min_fraction), position)
    };
    let by_significant = || {
        let magnitude = decimal.absolute.nonzero_magnitude_start();
        let position = magnitude - i16::from(rounding.max_significant) + 1;
        let mut precise = decimal.clone();
        precise.round_with_mode(position, rounding.mode);
        precise.absolute.trim_end();
        // Counted from the rounded number's first digit: 9.99 to 3 digits is 10.0.
        let pad = precise.absolute.nonzero_magnitude_start() - i16::from(rounding.min_significant) + 1;
        (precise, pad, position)
    };
    let (mut decimal, pad, _) = match rounding.kind {
        RoundingKind::Fraction => by_fraction(),
        RoundingKind::Significant => by_significant(),
        RoundingKind::MorePrecision | RoundingKind::LessPrecision => {
            let (fixed, precise) = (by_fraction(), by_significant());
            let significant_finer = precise.2 <= fixed.2;
            if significant_finer == (rounding.kind == RoundingKind::MorePrecision) { precise } else { fixed }
        }
    };
    let integer = decimal.absolute.nonzero_magnitude_end() >= 0;
    if !(rounding.strip_if_integer && integer) {
        decimal.absolute.pad_end(pad.min(0));
    }
    decimal.absolute.pad_start(i16::from(digits.min_integer));
    decimal
}

/// Where to round for `roundingIncrement` `increment` at fraction position
/// `position`: an increment of 50 with two fraction digits rounds to multiples of
/// 5 at the first fraction digit.
fn increment_at(position: i16, increment: u16) -> (i16, RoundingIncrement) {
    let (mut base, mut shift) = (increment.max(1), 0);
    while base % 10 == 0 {
        base /= 10;
        shift += 1;
    }
    let increment = match base {
        2 => RoundingIncrement::MultiplesOf2,
        5 => RoundingIncrement::MultiplesOf5,
        25 => RoundingIncrement::MultiplesOf25,
        _ => RoundingIncrement::MultiplesOf1,
    };
    (position + shift, increment)
}

/// `Intl.NumberFormat`'s style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    Decimal,
    Percent,
    /// An ISO 4217 code, and how to show it.
    Currency {
        code: String,
        display: CurrencyDisplay,
    },
    /// A sanctioned unit and its width ("long", "short", "narrow").
    Unit {
        unit: String,
        width: &'static str,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CurrencyDisplay {
    Symbol,
    NarrowSymbol,
    Code,
    Name,
}

fn currency_type(code: &str) -> Result<CurrencyType, IntlError> {
    let valid = code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic());
    let parsed = valid.then(|| CurrencyType::try_from_str(&code.to_ascii_lowercase()).ok()).flatten();
    parsed.ok_or_else(|| IntlError::BadCurrency(code.to_string()))
}

/// The digits a currency is shown with (ISO 4217's minor unit, as CLDR has it: EUR 2, JPY 0).
pub fn currency_digits(code: &str) -> Result<u8, IntlError> {
    let currency = currency_type(code)?;
    let fractions = DataProvider::<CurrencyFractionsV1>::load(&icu_experimental::provider::Baked, Default::default())
        .map(|response| response.payload.get().resolve(currency).digits);
    Ok(fractions.unwrap_or(2))
}

/// A number in `tag`'s notation, by parts (`Intl.NumberFormat#formatToParts`).
pub fn format_number(
    tag: &str,
    style: &Style,
    grouping: &str,
    digits: Digits,
    display: Display,
    value: impl Into<Numeric>,
) -> Result<Parts, IntlError> {
    let value = value.into();
    // The percent unit's short and narrow forms are the locale's percent format
    // (its sign and spacing, as V8 has them), of the number as it is.
    if let Style::Unit { unit, width: "short" | "narrow" } = style
        && unit == "percent"
    {
        let mut parts = format_number(tag, &Style::Percent, grouping, digits, display, value.hundredth())?;
        for (kind, _) in &mut parts {
            if kind == "percentSign" {
                *kind = "unit".into();
            }
        }
        return Ok(parts);
    }
    let formatter = decimal_formatter(tag, grouping);
    let value = match value {
        Numeric::Float(value) if value.is_nan() => return Ok(vec![("nan".into(), "NaN".into())]),
        Numeric::Float(value) if value.is_infinite() => {
            let mut parts = Vec::new();
            if value < 0.0 {
                parts = parts_of(&formatter.format(&Decimal::from(-1)));
                parts.retain(|(kind, _)| kind != "integer");
            }
            parts.push(("infinity".into(), "∞".into()));
            return Ok(parts);
        }
        Numeric::Float(value) => decimal_of(value),
        Numeric::Exact(value) => value,
    };
    if let Some(long) = display.compact {
        let compact = made(&COMPACTS, &(tag.to_string(), long), || {
            let prefs = (&locale(tag)).into();
            if long {
                CompactDecimalFormatter::try_new_long(prefs, Default::default())
            } else {
                CompactDecimalFormatter::try_new_short(prefs, Default::default())
            }
        })
        .map_err(|_| IntlError::BadLocale)?;
        let number = value.with_sign_display(display.sign);
        let whole = compact.format(&number).write_to_string().into_owned();
        // The significand as the compact formatter shows it (one fraction digit
        // under 10, none above), to find its parts in the text.
        let exponent = compact.compact_exponent_for_magnitude(number.absolute.nonzero_magnitude_start());
        let mut significand = number.clone();
        significand.sign = fixed_decimal::Sign::None;
        significand.multiply_pow10(-i16::from(exponent));
        let position = if exponent > 0 && significand.absolute.nonzero_magnitude_start() < 1 { -1 } else { 0 };
        significand.round_with_mode(position, SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfEven));
        significand.absolute.trim_end();
        return Ok(parts_around(whole, parts_of(&formatter.format(&significand)), "compact"));
    }
    let shift = if *style == Style::Percent { 2 } else { 0 };
    let (mut number, exponent) = match display.exponent_step {
        None => (rounded(value, digits, shift), Vec::new()),
        Some(step) => {
            let (mantissa, exponent) = with_exponent(value, digits, shift, step);
            (mantissa, exponent_parts(tag, &formatter, exponent))
        }
    };
    number.apply_sign_display(display.sign);
    let whole = match style {
        Style::Decimal => {
            let mut parts = split_bidi_marks(parts_of(&formatter.format(&number)));
            parts.extend(exponent);
            return Ok(parts);
        }
        Style::Percent => {
            let percent = made(&PERCENTS, tag, || PercentFormatter::try_new((&locale(tag)).into(), Default::default()))
                .map_err(|_| IntlError::BadLocale)?;
            percent.format(&number).write_to_string().into_owned()
        }
        Style::Currency { code, display: CurrencyDisplay::Name } => {
            let currency = currency_type(code)?;
            let named = CurrencyFormatter::try_new_name((&locale(tag)).into(), currency)
                .map_err(|_| IntlError::BadCurrency(code.clone()))?;
            let whole = named.format_fixed_decimal(&number).write_to_string().into_owned();
            let exponent: String = exponent.iter().map(|(_, text)| text.as_str()).collect();
            return Ok(vec![("literal".into(), with_own_digits(whole, tag, code, &number, grouping, &exponent))]);
        }
        Style::Unit { unit, width } => {
            let forms = made(&UNITS, &(tag.to_string(), unit.clone(), *width), || units::unit_forms(tag, unit, width))?;
            let plurals = plural_rules(tag, false).map_err(|_| IntlError::BadLocale)?;
            let form = category_name(plurals.category_for(&number));
            let pattern = forms.get(form).or_else(|| forms.get("other")).map(String::as_str).unwrap_or("{0}");
            pattern.replace("{0}", &formatter.format(&number).write_to_string())
        }
        Style::Currency { code, display } => {
            let currency = currency_type(code)?;
            let key = (tag.to_string(), code.clone(), *display);
            let formatter = made(&CURRENCIES, &key, || {
                let (prefs, options) = ((&locale(tag)).into(), Default::default());
                match display {
                    CurrencyDisplay::NarrowSymbol => CurrencyFormatter::try_new_symbol_narrow(prefs, currency, options),
                    CurrencyDisplay::Code => CurrencyFormatter::try_new_code(prefs, currency, options),
                    _ => CurrencyFormatter::try_new_symbol(prefs, currency, options),
                }
            })
            .map_err(|_| IntlError::BadCurrency(code.clone()))?;
            let whole = formatter.format_fixed_decimal(&number).write_to_string().into_owned();
            with_own_digits(whole, tag, code, &number, grouping, "")
        }
    };
    let mut magnitude = number.clone();
    magnitude.sign = fixed_decimal::Sign::None;
    let symbol = match style {
        Style::Percent => "percentSign",
        Style::Unit { .. } => "unit",
        _ => "currency",
    };
    let mut number_parts = parts_of(&formatter.format(&magnitude));
    let number_text: String = number_parts.iter().map(|(_, text)| text.as_str()).collect();
    number_parts.extend(exponent);
    Ok(parts_around_text(whole, &number_text, number_parts, symbol))
}

/// The locale's plus or minus sign as it writes one before a number (a
/// direction mark included).
pub(crate) fn number_sign(tag: &str, plus: bool) -> String {
    let one = if plus { Decimal::from(1).with_sign_display(SignDisplay::Always) } else { Decimal::from(-1) };
    parts_of(&decimal_formatter(tag, "auto").format(&one))
        .into_iter()
        .take_while(|(kind, _)| kind != "integer")
        .map(|(_, text)| text)
        .collect()
}

/// The parts of `×10^-6` after a mantissa: the locale's exponent symbol (CLDR's;
/// "E" but in a few locales, data/cldr-numbers), its minus sign and the exponent.
fn exponent_parts(tag: &str, formatter: &DecimalFormatter, exponent: i16) -> Parts {
    let mut parts: Parts = vec![("exponentSeparator".into(), exponent_symbol(tag).into())];
    if exponent < 0 {
        parts.push(("exponentMinusSign".into(), number_sign(tag, false)));
    }
    let digits = formatter.format(&Decimal::from(exponent.unsigned_abs())).write_to_string().into_owned();
    parts.push(("exponentInteger".into(), digits));
    parts
}

/// CLDR's exponent symbol for `tag` ("E" but in 19 locales).
fn exponent_symbol(tag: &str) -> &'static str {
    cldr_number_symbol("exponential", tag).unwrap_or("E")
}

/// For `formatRange`: `tag`'s range pattern (`{0}–{1}` in most locales) and
/// approximately sign (`~`; German `≈`, Japanese `約`).
pub fn range_symbols(tag: &str) -> (&'static str, &'static str) {
    (
        cldr_number_symbol("range", tag).unwrap_or("{0}\u{2013}{1}"),
        cldr_number_symbol("approximatelySign", tag).unwrap_or("~"),
    )
}

/// What data/cldr-numbers/numbers.json (CLDR's number symbols and patterns that
/// ICU4X lacks) says of `key` for `tag`: looked up by the tag, then its language
/// and region, then its language; `None` where the locale has the default.
fn cldr_number_symbol(key: &str, tag: &str) -> Option<&'static str> {
    type Symbols = HashMap<String, HashMap<String, String>>;
    static SYMBOLS: std::sync::LazyLock<Symbols> = std::sync::LazyLock::new(|| {
        serde_json::from_str(include_str!("../../../data/cldr-numbers/numbers.json")).unwrap_or_default()
    });
    by_locale(SYMBOLS.get(key)?, tag).map(String::as_str)
}

/// The CLDR locales `tag` takes a side table's data from (data/cldr-dates,
/// data/cldr-names), the most general first: its language, then the nearest
/// locale the table `has` for it (the tag itself, or by its likely script and
/// region: "zh-TW" is "zh-Hant"), by way of its language-script parent
/// ("zh-Hant-HK" over "zh-Hant"). The generators store each locale against
/// the same parent (data/cldr-inherit.mjs); an entry marked `root` (a script
/// not its language's likely one, "zh-Hant") holds everything, its language's
/// data does not apply.
pub(crate) fn cldr_chain(tag: &str, has: impl Fn(&str) -> bool) -> Vec<String> {
    let id = locale(tag).id;
    let mut likely = id.clone();
    LocaleExpander::new_extended().maximize(&mut likely);
    let language = id.language.to_string();
    let script = likely.script.map(|script| format!("{language}-{script}"));
    let region = id.region.or(likely.region);
    let candidates = [
        Some(id.to_string()),
        script.as_ref().zip(region).map(|(script, region)| format!("{script}-{region}")),
        region.map(|region| format!("{language}-{region}")),
        script.clone(),
    ];
    let nearest = candidates.into_iter().flatten().find(|key| has(key));
    let mut chain = vec![language.clone()];
    if let Some(nearest) = nearest.filter(|nearest| *nearest != language) {
        let two: String = nearest.splitn(3, '-').take(2).collect::<Vec<_>>().join("-");
        if nearest.matches('-').count() > 1 && has(&two) {
            chain.push(two);
        }
        chain.push(nearest);
    }
    chain
}

/// `tag`'s entry in one of worky's CLDR number side tables (data/cldr-numbers),
/// which keep a locale only where it differs from its
/// language: looked up by the tag, then its language and region, then its language.
pub(crate) fn by_locale<'m, V>(map: &'m HashMap<String, V>, tag: &str) -> Option<&'m V> {
    let id = locale(tag).id;
    let language = id.language.to_string();
    let with_region = id.region.map(|region| format!("{language}-{region}"));
    [Some(tag.to_string()), with_region, Some(language)].into_iter().flatten().find_map(|key| map.get(&key))
}

/// ICU4X's currency formatter rounds and pads the number to the currency's own
/// digits (EUR 2), where ECMA-402's digit options decide them (`€1,230` with
/// `maximumSignificantDigits: 3`, `€1.2345` with `maximumFractionDigits: 4`):
/// `number` as this formatter wrote it is put back in its place, `after` it (an
/// exponent) when given.
fn with_own_digits(whole: String, tag: &str, code: &str, number: &Decimal, grouping: &str, after: &str) -> String {
    let digits = currency_digits(code).map(i16::from).unwrap_or(2);
    let mut magnitude = number.clone();
    magnitude.sign = fixed_decimal::Sign::None;
    let mut theirs = magnitude.clone();
    theirs.round_with_mode(-digits, SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand));
    theirs.absolute.pad_end(-digits);
    let theirs = decimal_formatter(tag, "auto").format(&theirs).write_to_string().into_owned();
    let ours = decimal_formatter(tag, grouping).format(&magnitude).write_to_string().into_owned();
    whole.replacen(&theirs, &(ours + after), 1)
}

/// The percent, currency and compact formatters write no parts: the number's
/// own parts are found in their text, and what is around them is sorted by
/// character (`symbol` for what is neither sign, space nor direction mark).
fn parts_around(whole: String, number_parts: Parts, symbol: &'static str) -> Parts {
    let number_text: String = number_parts.iter().map(|(_, text)| text.as_str()).collect();
    parts_around_text(whole, &number_text, number_parts, symbol)
}

/// As `parts_around`, where `number_text` is what stands for the number in
/// `whole` and `number_parts` what takes its place (an exponent after it).
fn parts_around_text(whole: String, number_text: &str, number_parts: Parts, symbol: &'static str) -> Parts {
    let Some(at) = whole.find(number_text) else { return vec![("literal".into(), whole)] };
    let mut parts = affix_parts(&whole[..at], symbol);
    parts.extend(number_parts);
    parts.extend(affix_parts(&whole[at + number_text.len()..], symbol));
    parts
}

/// The decimal formatter for `tag` with `useGrouping` `grouping`.
fn decimal_formatter(tag: &str, grouping_name: &str) -> Rc<DecimalFormatter> {
    let made = made(&DECIMALS, &(tag.to_string(), grouping_name.to_string()), || {
        let options = DecimalFormatterOptions::from(grouping(grouping_name));
        DecimalFormatter::try_new((&locale(tag)).into(), options)
            .or_else(|_| DecimalFormatter::try_new(Default::default(), options))
    });
    made.expect("root data is compiled in")
}

/// `signDisplay`, `notation: "compact"` (`Some(long)`) and scientific or
/// engineering notation (`exponent_step`: 1 or 3, the steps the exponent takes).
#[derive(Debug, Clone, Copy, Default)]
pub struct Display {
    pub sign: SignDisplay,
    pub compact: Option<bool>,
    pub exponent_step: Option<i16>,
}

/// ECMA-402's `signDisplay` names.
pub fn sign_display(name: &str) -> SignDisplay {
    match name {
        "always" => SignDisplay::Always,
        "exceptZero" => SignDisplay::ExceptZero,
        "negative" => SignDisplay::Negative,
        "never" => SignDisplay::Never,
        _ => SignDisplay::Auto,
    }
}

/// What stands around the number in a percent or currency pattern, by part:
/// signs, spaces and direction marks, and the symbol.
fn affix_parts(text: &str, symbol: &'static str) -> Parts {
    let mut parts: Parts = Vec::new();
    for c in text.chars() {
        let kind = match c {
            '-' | '\u{2212}' => "minusSign",
            '+' => "plusSign",
            c if c.is_whitespace() || is_bidi_mark(c) => "literal",
            '%' | '\u{066A}' if symbol == "percentSign" => "percentSign",
            _ => symbol,
        };
        match parts.last_mut() {
            Some((last, value)) if last == kind => value.push(c),
            _ => parts.push((kind.to_string(), c.to_string())),
        }
    }
    parts
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// ICU4X writes a direction mark as part of the sign (`\u{200E}-`); ECMA-402
/// (V8's ICU) gives it as a literal of its own.
fn split_bidi_marks(parts: Parts) -> Parts {
    let mut out = Vec::with_capacity(parts.len());
    for (kind, text) in parts {
        let marks: String = text.chars().take_while(|c| is_bidi_mark(*c)).collect();
        if marks.is_empty() || marks.len() == text.len() || kind == "literal" {
            out.push((kind, text));
        } else {
            out.push(("literal".to_string(), marks.clone()));
            out.push((kind, text[marks.len()..].to_string()));
        }
    }
    out
}

/// `Intl.PluralRules#select`: the category of `value` shown with `digits`.
pub fn plural_category(tag: &str, ordinal: bool, digits: Digits, value: f64) -> &'static str {
    let Ok(rules) = plural_rules(tag, ordinal) else { return "other" };
    if !value.is_finite() {
        return "other";
    }
    category_name(rules.category_for(&rounded(decimal_of(value.abs()), digits, 0)))
}

/// `PluralRules#selectRange`: CLDR's plural range of the two ends' categories
/// (Russian 1-2 "few", German 0-1 "one"). V8 answers "other" for every ordinal range.
pub fn plural_range_category(tag: &str, ordinal: bool, digits: Digits, start: f64, end: f64) -> &'static str {
    if ordinal {
        return "other";
    }
    let Ok(rules) = plural_rules(tag, false) else { return "other" };
    let category = |value: f64| {
        if value.is_finite() {
            rules.category_for(&rounded(decimal_of(value.abs()), digits, 0))
        } else {
            PluralCategory::Other
        }
    };
    let ranges = made(&PLURAL_RANGES, tag, || PluralRulesWithRanges::try_new_cardinal((&locale(tag)).into()));
    let Ok(ranges) = ranges else { return "other" };
    category_name(ranges.resolve_range(category(start), category(end)))
}

/// The categories `tag` uses, in ECMA-402's order (CLDR's: zero, one, two, few, many, other).
pub fn plural_categories(tag: &str, ordinal: bool) -> Vec<&'static str> {
    let Ok(rules) = plural_rules(tag, ordinal) else { return vec!["other"] };
    let used: Vec<PluralCategory> = rules.categories().collect();
    [
        PluralCategory::Zero,
        PluralCategory::One,
        PluralCategory::Two,
        PluralCategory::Few,
        PluralCategory::Many,
        PluralCategory::Other,
    ]
    .into_iter()
    .filter(|category| used.contains(category))
    .map(category_name)
    .collect()
}

fn plural_rules(tag: &str, ordinal: bool) -> Result<Rc<PluralRules>, icu_provider::DataError> {
    made(&PLURALS, &(tag.to_string(), ordinal), || {
        let prefs = (&locale(tag)).into();
        if ordinal { PluralRules::try_new_ordinal(prefs) } else { PluralRules::try_new_cardinal(prefs) }
    })
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// `Intl.Collator`'s options, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CollatorSettings {
    /// "base", "accent", "case" or "variant".
    pub sensitivity: Sensitivity,
    pub numeric: bool,
    /// "upper", "lower" or "false" (the locale's).
    pub case_first: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sensitivity {
    Base,
    Accent,
    Case,
    Variant,
}

/// -1, 0 or 1, as `Intl.Collator#compare`.
pub fn collate(tag: &str, settings: CollatorSettings, a: &str, b: &str) -> i32 {
    // A sort calls this for every comparison with the same collator: the last
    // one is found without making a key.
    let last = LAST_COLLATOR.with_borrow(|last| match last {
        Some((last_tag, last_settings, collator)) if last_tag == tag && *last_settings == settings => {
            Some(collator.clone())
        }
        _ => None,
    });
    let collator = match last {
        Some(collator) => collator,
        None => match made(&COLLATORS, &(tag.to_string(), settings), || make_collator(tag, settings)) {
            Ok(collator) => {
                LAST_COLLATOR.set(Some((tag.to_string(), settings, collator.clone())));
                collator
            }
            Err(_) => return a.cmp(b) as i32,
        },
    };
    match collator.compare(a, b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

fn make_collator(tag: &str, settings: CollatorSettings) -> Result<CollatorBorrowed<'static>, icu_provider::DataError> {
    let mut prefs: CollatorPreferences = (&locale(tag)).into();
    prefs.numeric_ordering =
        Some(if settings.numeric { CollationNumericOrdering::True } else { CollationNumericOrdering::False });
    if let Some(upper) = settings.case_first {
        prefs.case_first = Some(if upper { CollationCaseFirst::Upper } else { CollationCaseFirst::Lower });
    }
    let mut options = CollatorOptions::default();
    options.strength = Some(match settings.sensitivity {
        Sensitivity::Base | Sensitivity::Case => Strength::Primary,
        Sensitivity::Accent => Strength::Secondary,
        Sensitivity::Variant => Strength::Tertiary,
    });
    if settings.sensitivity == Sensitivity::Case {
        options.case_level = Some(CaseLevel::On);
    }
    Collator::try_new(prefs, options)
}

/// `Intl.Segmenter`'s granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Grapheme,
    Word,
    Sentence,
}

/// Where `text` (UTF-16, as JS strings are) breaks: each segment's end, and
/// for words whether the segment is word-like. The first segment starts at 0.
pub fn segment(granularity: Granularity, text: &[u16]) -> Vec<(usize, bool)> {
    let ends: Vec<(usize, bool)> = match granularity {
        Granularity::Grapheme => GraphemeClusterSegmenter::new().segment_utf16(text).map(|end| (end, false)).collect(),
        Granularity::Sentence => SentenceSegmenter::new(SentenceBreakInvariantOptions::default())
            .segment_utf16(text)
            .map(|end| (end, false))
            .collect(),
        Granularity::Word => {
            let mut breaks = WordSegmenter::new_auto(WordBreakInvariantOptions::default()).segment_utf16(text);
            let mut ends = Vec::new();
            while let Some(end) = breaks.next() {
                ends.push((end, breaks.is_word_like()));
            }
            ends
        }
    };
    ends.into_iter().filter(|(end, _)| *end > 0).collect()
}

/// `Intl.ListFormat`'s type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Conjunction,
    Disjunction,
    Unit,
}

/// A list in `tag`'s words, by parts (`element` and `literal`).
pub fn format_list(tag: &str, kind: ListKind, length: ListLength, items: &[String]) -> Parts {
    let prefs = (&locale(tag)).into();
    let options = ListFormatterOptions::default().with_length(length);
    let formatter = match kind {
        ListKind::Conjunction => ListFormatter::try_new_and(prefs, options),
        ListKind::Disjunction => ListFormatter::try_new_or(prefs, options),
        ListKind::Unit => ListFormatter::try_new_unit(prefs, options),
    };
    let Ok(formatter) = formatter else {
        return items.iter().map(|item| ("element".to_string(), item.clone())).collect();
    };
    parts_of(&formatter.format(items.iter().map(String::as_str)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(parts: &Parts) -> String {
        parts.iter().map(|(_, value)| value.as_str()).collect()
    }

    const DEFAULT_DIGITS: Digits =
        Digits { min_integer: 1, min_fraction: 0, max_fraction: 3, rounding: Rounding::FRACTION };

    fn decimal(tag: &str, digits: Digits, value: f64) -> Parts {
        format_number(tag, &Style::Decimal, "auto", digits, Display::default(), value).unwrap()
    }

    #[test]
    fn percent_and_currency() {
        let percent = |tag, value| {
            let digits = Digits::fraction(1, 0, 0);
            text(&format_number(tag, &Style::Percent, "auto", digits, Display::default(), value).unwrap())
        };
        assert_eq!([percent("en", 0.256), percent("de", 0.256), percent("tr", 0.256)], ["26%", "26\u{a0}%", "%26"]);
        let euro = Style::Currency { code: "EUR".into(), display: CurrencyDisplay::Symbol };
        let two = Digits::fraction(1, 2, 2);
        let parts = format_number("de", &euro, "auto", two, Display::default(), 1234.5).unwrap();
        assert_eq!(text(&parts), "1.234,50\u{a0}€");
        assert_eq!(parts.last().unwrap(), &("currency".to_string(), "€".to_string()));
        assert_eq!(parts[parts.len() - 2].0, "literal");
        assert_eq!(currency_digits("JPY"), Ok(0));
        assert_eq!(currency_digits("EUR"), Ok(2));
        assert_eq!(currency_digits("EU"), Err(IntlError::BadCurrency("EU".into())));
        let dollars = Style::Currency { code: "USD".into(), display: CurrencyDisplay::Symbol };
        assert_eq!(
            text(&format_number("en", &dollars, "auto", two, Display::default(), -1234.5).unwrap()),
            "-$1,234.50"
        );
        let parts = decimal("ar", DEFAULT_DIGITS, -0.5);
        assert_eq!(parts[0], ("literal".to_string(), "\u{200e}".to_string()));
    }

    #[test]
    fn locales_are_canonical_and_negotiated() {
        assert_eq!(canonical_locale("EN-us").unwrap(), "en-US");
        assert_eq!(canonical_locale("zh-hant-tw").unwrap(), "zh-Hant-TW");
        assert_eq!(canonical_locale("en_US"), Err(IntlError::BadLocale));
        assert!(is_available("de-AT") && is_available("ja") && !is_available("xx"));
    }

    #[test]
    fn numbers_in_the_locales_notation() {
        assert_eq!(text(&decimal("de", DEFAULT_DIGITS, 1234567.891)), "1.234.567,891");
        assert_eq!(text(&decimal("hi", DEFAULT_DIGITS, 123456789.0)), "12,34,56,789");
        assert_eq!(text(&decimal("es", DEFAULT_DIGITS, 1234.0)), "1234");
        let round = |value, max| text(&decimal("en", Digits { max_fraction: max, ..DEFAULT_DIGITS }, value));
        assert_eq!([round(2.5, 0), round(3.5, 0), round(1.25, 1), round(1.0 / 3.0, 3)], ["3", "4", "1.3", "0.333"]);
        let padded = Digits::fraction(3, 2, 2);
        assert_eq!(text(&decimal("en", padded, 7.0)), "007.00");
        let parts = decimal("en", DEFAULT_DIGITS, -1234.5);
        let kinds: Vec<&str> = parts.iter().map(|(kind, _)| kind.as_str()).collect();
        assert_eq!(kinds, ["minusSign", "integer", "group", "integer", "decimal", "fraction"]);
    }

    /// A BigInt's digits are formatted as they are; a double keeps ~17 of them.
    #[test]
    fn exact_digits_format_exactly() {
        let big = Numeric::of(0.0, "-12345678901234567890").unwrap();
        let formatted = format_number("en", &Style::Decimal, "auto", DEFAULT_DIGITS, Display::default(), big);
        assert_eq!(text(&formatted.unwrap()), "-12,345,678,901,234,567,890");
        assert_eq!(text(&decimal("en", DEFAULT_DIGITS, 12345678901234567890.0)), "12,345,678,901,234,567,000");
        assert!(Numeric::of(0.0, "12x").is_err());
    }

    #[test]
    fn signs_and_compact_numbers() {
        let show = |tag, display: Display, value| {
            text(&format_number(tag, &Style::Decimal, "auto", DEFAULT_DIGITS, display, value).unwrap())
        };
        let always = Display { sign: sign_display("always"), ..Display::default() };
        assert_eq!([show("en", always, 5.0), show("en", always, -5.0), show("en", always, 0.0)], ["+5", "-5", "+0"]);
        let except_zero = Display { sign: sign_display("exceptZero"), ..Display::default() };
        assert_eq!(show("en", except_zero, 0.0), "0");
        let short = Display { compact: Some(false), ..Display::default() };
        assert_eq!(
            [show("en", short, 1234.0), show("en", short, 15127.0), show("de", short, 1500000.0)],
            ["1.2K", "15K", "1,5\u{a0}Mio."]
        );
        let parts = format_number("en", &Style::Decimal, "auto", DEFAULT_DIGITS, short, 1234.0).unwrap();
        assert_eq!(parts.last().unwrap(), &("compact".to_string(), "K".to_string()));
    }

    #[test]
    fn plural_rules() {
        let select = |tag, n| plural_category(tag, false, DEFAULT_DIGITS, n);
        assert_eq!(
            [select("en", 1.0), select("en", 2.0), select("ru", 21.0), select("ar", 0.0)],
            ["one", "other", "one", "zero"]
        );
        assert_eq!(plural_category("en", true, DEFAULT_DIGITS, 22.0), "two");
        assert_eq!(plural_category("en", false, Digits { min_fraction: 1, ..DEFAULT_DIGITS }, 1.0), "other");
        assert_eq!(plural_categories("pl", false), ["one", "few", "many", "other"]);
    }

    #[test]
    fn collation_follows_the_locale_and_options() {
        let variant = CollatorSettings { sensitivity: Sensitivity::Variant, numeric: false, case_first: None };
        assert_eq!(collate("de", variant, "ä", "z"), -1);
        assert_eq!(collate("sv", variant, "ä", "z"), 1);
        let base = CollatorSettings { sensitivity: Sensitivity::Base, ..variant };
        assert_eq!(collate("en", base, "a", "Á"), 0);
        let numeric = CollatorSettings { numeric: true, ..variant };
        assert_eq!(collate("en", numeric, "9", "10"), -1);
        assert_eq!(collate("en", variant, "9", "10"), 1);
    }

    #[test]
    fn segments_in_utf16_units() {
        let family: Vec<u16> = "👨‍👩‍👧‍👦a".encode_utf16().collect();
        assert_eq!(segment(Granularity::Grapheme, &family), [(11, false), (12, false)]);
        let words: Vec<u16> = "Hi, you".encode_utf16().collect();
        assert_eq!(segment(Granularity::Word, &words), [(2, true), (3, false), (4, false), (7, true)]);
    }

    #[test]
    fn cases_and_likely_subtags() {
        assert_eq!(change_case("tr", "istanbul", true), "İSTANBUL");
        assert_eq!(change_case("en", "istanbul", true), "ISTANBUL");
        assert_eq!(change_case("tr", "I", false), "ı");
        assert_eq!(likely_subtags("en", true).unwrap(), "en-Latn-US");
        assert_eq!(likely_subtags("zh-Hant-TW", false).unwrap(), "zh-TW");
    }

    #[test]
    fn lists() {
        let items: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        assert_eq!(text(&format_list("en", ListKind::Conjunction, ListLength::Wide, &items)), "A, B, and C");
        assert_eq!(text(&format_list("de", ListKind::Disjunction, ListLength::Wide, &items)), "A, B oder C");
        let parts = format_list("en", ListKind::Conjunction, ListLength::Wide, &items);
        assert_eq!(parts[0], ("element".to_string(), "A".to_string()));
        assert_eq!(parts[1], ("literal".to_string(), ", ".to_string()));
    }
}
