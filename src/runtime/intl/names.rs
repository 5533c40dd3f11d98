//! `Intl.DisplayNames`: languages, regions and scripts from ICU4X's locale
//! names (icu_experimental, with its short style and standard language
//! display), currencies from its currency display names, calendars and
//! date-time fields from CLDR (data/cldr-names/names.json), as V8 answers.

use std::collections::HashMap;
use std::sync::LazyLock;

use icu_experimental::dimension::provider::currency::displayname::CurrencyDisplaynameV1;
use icu_experimental::displaynames::multi::{
    LocaleDisplayNamesFormatter, RegionDisplayNames, ScriptDisplayNames, VariantDisplayNames,
};
use icu_experimental::displaynames::{DisplayNamesOptions, DisplayNamesPreferences, LanguageDisplay, Style};
use icu_locale_core::Locale;
use icu_locale_core::subtags::{Region, Script};
use icu_provider::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{IntlError, cldr_chain, locale};

/// A locale's names from data/cldr-names/generate.mjs; a locale holds only
/// what differs from its parent.
#[derive(Debug, Default, Clone, Deserialize)]
struct LocaleNames {
    /// Calendar names by ECMA-402 calendar.
    #[serde(default)]
    c: HashMap<String, String>,
    /// Date-time field names by ECMA-402 field: long, short, narrow.
    #[serde(default)]
    f: HashMap<String, [String; 3]>,
    /// The locale display pattern and separator ("{0} ({1})", "{0}, {1}").
    #[serde(default)]
    p: Option<[String; 2]>,
    /// Short region names, CLDR's alt-short ones ("US").
    #[serde(default)]
    r: HashMap<String, String>,
    /// Dialect names of a language with its script or region ("en-US").
    #[serde(default)]
    l: HashMap<String, String>,
    /// Short dialect names ("US English").
    #[serde(default)]
    s: HashMap<String, String>,
    /// Whole, not over its language's ("zh-Hant": CLDR's parent is root).
    #[serde(default)]
    root: bool,
}

/// Every locale's names, each read when asked for (half a megabyte in all).
static NAMES: LazyLock<HashMap<&'static str, &'static RawValue>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../data/cldr-names/names.json")).expect("data/cldr-names/names.json")
});

fn names_of(key: &str) -> Option<LocaleNames> {
    NAMES.get(key).map(|raw| serde_json::from_str(raw.get()).expect("data/cldr-names/names.json"))
}

/// ECMA-402's date-time fields, the codes `dateTimeField` names.
const DATE_TIME_FIELDS: [&str; 12] = [
    "era",
    "year",
    "quarter",
    "month",
    "weekOfYear",
    "weekday",
    "day",
    "dayPeriod",
    "hour",
    "minute",
    "second",
    "timeZoneName",
];

/// The name of `code`, a `kind` ("language", "region", "script", "currency",
/// "calendar" or "dateTimeField"), in `tag`'s language and `style` ("long",
/// "short", "narrow"); `standard`: languages as "English (United States)"
/// rather than "American English". `None` when there is no name; a code that
/// is not one of its kind is an error.
pub fn display_name(
    tag: &str,
    kind: &str,
    code: &str,
    style: &str,
    standard: bool,
) -> Result<Option<String>, IntlError> {
    let prefs: DisplayNamesPreferences = (&locale(tag)).into();
    let bad = || IntlError::BadCode(code.to_string());
    match kind {
        "region" => {
            let region = Region::try_from_str(code).map_err(|_| bad())?;
            region_name(tag, region, style != "long")
        }
        "script" => {
            let script = Script::try_from_str(code).map_err(|_| bad())?;
            // Scripts have one name in V8, whatever the style.
            let names =
                ScriptDisplayNames::try_new(prefs, names_options(false, false)).map_err(|_| IntlError::BadOptions)?;
            Ok(names.of(script).map(str::to_string))
        }
        "currency" => currency_name(tag, code),
        "calendar" => {
            if !is_unicode_type(code) {
                return Err(bad());
            }
            Ok(locale_names(tag, |names| names.c.get(code).cloned()))
        }
        "dateTimeField" => {
            if !DATE_TIME_FIELDS.contains(&code) {
                return Err(bad());
            }
            let width = match style {
                "long" => 0,
                "short" => 1,
                _ => 2,
            };
            Ok(locale_names(tag, |names| names.f.get(code).map(|widths| widths[width].clone())))
        }
        _ => {
            if code.contains('_') {
                return Err(bad());
            }
            let language = Locale::try_from_str(code).map_err(|_| bad())?;
            language_name(tag, &language, style != "long", standard).map(|name| (name != code).then_some(name))
        }
    }
}

/// A region's name; a short one from CLDR's alt-short names first ("US",
/// "UK": ICU4X's data lacks some).
fn region_name(tag: &str, region: Region, short: bool) -> Result<Option<String>, IntlError> {
    if short && let Some(name) = locale_names(tag, |names| names.r.get(region.as_str()).cloned()) {
        return Ok(Some(name));
    }
    let options = names_options(short, false);
    let names = RegionDisplayNames::try_new((&locale(tag)).into(), options).map_err(|_| IntlError::BadOptions)?;
    Ok(names.of(region).map(str::to_string))
}

fn names_options(short: bool, standard: bool) -> DisplayNamesOptions {
    let mut options = DisplayNamesOptions::default();
    // V8 names regions and languages shortly for "short" and "narrow" alike;
    // its long names are CLDR's plain ones (ICU4X's Long picks "alt-long" ones,
    // "Traditional Mandarin Chinese").
    options.style = short.then_some(Style::Short);
    options.language_display = if standard { LanguageDisplay::Standard } else { LanguageDisplay::Dialect };
    options
}

/// A language tag's name as ICU writes it: a dialect name for its language
/// and script or its language and region where CLDR has one ("American
/// English"; never for both: "Chinese (Traditional, Taiwan)"), else its
/// language's, then what is left of it in the locale's pattern ("English
/// (United States)", Chinese "英语（美国）"). ICU4X's formatter joins the rest
/// as " (", ", " in every language, takes a dialect name for two parts of
/// three, and lacks many locales' dialect names; it names the language alone.
fn language_name(tag: &str, language: &Locale, short: bool, standard: bool) -> Result<String, IntlError> {
    let prefs: DisplayNamesPreferences = (&locale(tag)).into();
    let id = &language.id;
    let dialect = |part: String| {
        let short_name = short.then(|| locale_names(tag, |names| names.s.get(&part).cloned())).flatten();
        short_name.or_else(|| locale_names(tag, |names| names.l.get(&part).cloned()))
    };
    let all_three = id.script.is_some() && id.region.is_some();
    let dialect_mode = !(standard || all_three);
    let (mut base, mut script, mut region) = (None, id.script, id.region);
    if dialect_mode && let Some(name) = id.script.and_then(|s| dialect(format!("{}-{s}", id.language))) {
        (base, script) = (Some(name), None);
    }
    if dialect_mode
        && base.is_none()
        && let Some(name) = id.region.and_then(|r| dialect(format!("{}-{r}", id.language)))
    {
        (base, region) = (Some(name), None);
    }
    let base = match base {
        Some(base) => base,
        None => {
            let names = LocaleDisplayNamesFormatter::try_new(prefs, names_options(short, true))
                .map_err(|_| IntlError::BadOptions)?;
            names.of(&Locale::from(icu_locale_core::LanguageIdentifier::from(id.language))).into_owned()
        }
    };
    let mut qualifiers = Vec::new();
    if let Some(script) = script {
        let names =
            ScriptDisplayNames::try_new(prefs, names_options(false, false)).map_err(|_| IntlError::BadOptions)?;
        qualifiers.push(names.of(script).unwrap_or(script.as_str()).to_string());
    }
    if let Some(region) = region {
        qualifiers.push(region_name(tag, region, short)?.unwrap_or_else(|| region.as_str().to_string()));
    }
    if !id.variants.is_empty() {
        let names =
            VariantDisplayNames::try_new(prefs, names_options(false, false)).map_err(|_| IntlError::BadOptions)?;
        qualifiers.extend(id.variants.iter().map(|variant| names.of(*variant).unwrap_or(variant.as_str()).to_string()));
    }
    Ok(with_qualifiers(tag, base, qualifiers))
}

/// A date-time field's long display name ("day"), as ICU's pattern generator
/// appends a field no pattern has ("2020 (day: 5)").
pub(super) fn field_name(tag: &str, field: &str) -> Option<String> {
    locale_names(tag, |names| names.f.get(field).map(|widths| widths[0].clone()))
}

/// The currency's display name ("US Dollar"), from ICU4X's currency data.
fn currency_name(tag: &str, code: &str) -> Result<Option<String>, IntlError> {
    if code.len() != 3 || !code.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return Err(IntlError::BadCode(code.to_string()));
    }
    let upper = code.to_ascii_uppercase();
    let Ok(attributes) = DataMarkerAttributes::try_from_str(&upper) else { return Ok(None) };
    let data_locale = DataLocale::from(&locale(tag));
    let request = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, &data_locale),
        ..Default::default()
    };
    let loaded = DataProvider::<CurrencyDisplaynameV1>::load(&icu_experimental::provider::Baked, request);
    Ok(loaded.ok().map(|response| response.payload.get().to_string()).filter(|name| *name != upper))
}

/// What `pick` finds for `tag` in CLDR's names: its nearest locale's, else a parent's.
fn locale_names<T>(tag: &str, pick: impl Fn(&LocaleNames) -> Option<T>) -> Option<T> {
    let chain = cldr_chain(tag, |key| NAMES.contains_key(key));
    let mut entries = chain.iter().rev().filter_map(|key| names_of(key));
    // A locale whose parent is CLDR's root (`root`) ends the walk.
    let mut ended = false;
    entries.find_map(|names| {
        if ended {
            return None;
        }
        ended = names.root;
        pick(&names)
    })
}

/// `base` with its `qualifiers` in the locale's CLDR pattern and separator
/// ("{0} ({1})" and "{0}, {1}" in English, "{0}（{1}）" and "{0}，{1}" in Chinese).
fn with_qualifiers(tag: &str, base: String, qualifiers: Vec<String>) -> String {
    let Some(first) = qualifiers.first() else { return base };
    let [pattern, separator] =
        locale_names(tag, |names| names.p.clone()).unwrap_or_else(|| ["{0} ({1})".to_string(), "{0}, {1}".to_string()]);
    // The separator joins two at a time.
    let joined = qualifiers[1..]
        .iter()
        .fold(first.clone(), |joined, next| separator.replace("{0}", &joined).replace("{1}", next));
    pattern.replace("{0}", &base).replace("{1}", &joined)
}

/// A Unicode `type` (3 to 8 letters or digits, by `-`): what a calendar code must be.
fn is_unicode_type(code: &str) -> bool {
    code.split('-').all(|part| (3..=8).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_every_kind() {
        let name = |tag, kind, code, style| display_name(tag, kind, code, style, false).unwrap();
        assert_eq!(name("en", "region", "DE", "long").as_deref(), Some("Germany"));
        assert_eq!(name("de", "region", "US", "long").as_deref(), Some("Vereinigte Staaten"));
        assert_eq!(name("en", "region", "US", "short").as_deref(), Some("US"));
        assert_eq!(name("en", "script", "Latn", "long").as_deref(), Some("Latin"));
        assert_eq!(name("fr", "language", "de", "long").as_deref(), Some("allemand"));
        assert_eq!(name("en", "currency", "usd", "long").as_deref(), Some("US Dollar"));
        assert_eq!(name("en", "currency", "ABC", "long"), None);
        assert_eq!(name("de", "calendar", "gregory", "long").as_deref(), Some("Gregorianischer Kalender"));
        assert_eq!(name("en", "dateTimeField", "weekday", "short").as_deref(), Some("day of wk."));
        assert_eq!(display_name("zh", "language", "en-US", "long", true).unwrap().as_deref(), Some("英语（美国）"));
        assert!(display_name("en", "region", "Germany", "long", false).is_err());
        assert!(display_name("en", "calendar", "gregorian!", "long", false).is_err());
        assert!(display_name("en", "dateTimeField", "months", "long", false).is_err());
        assert!(display_name("en", "currency", "US", "long", false).is_err());
    }
}
