//! `Intl.DisplayNames` for languages (whole tags), regions and scripts: the
//! locale names of ICU4X (icu_experimental).

use icu_experimental::displaynames::multi::{LocaleDisplayNamesFormatter, RegionDisplayNames, ScriptDisplayNames};
use icu_experimental::displaynames::{DisplayNamesOptions, DisplayNamesPreferences};
use icu_locale_core::Locale;
use icu_locale_core::subtags::{Region, Script};

use super::{IntlError, locale};

/// The name of `code` (a `kind`: "language", "region" or "script") in `tag`'s
/// language, `None` when there is none; a code that is not one is an error.
/// Long names, dialect names for languages: ICU4X 0.7 does not make its style
/// and language-display options public.
pub fn display_name(tag: &str, kind: &str, code: &str) -> Result<Option<String>, IntlError> {
    let prefs: DisplayNamesPreferences = (&locale(tag)).into();
    let options = DisplayNamesOptions::default();
    let bad = || IntlError::BadCode(code.to_string());
    match kind {
        "region" => {
            let region = Region::try_from_str(code).map_err(|_| bad())?;
            let names = RegionDisplayNames::try_new(prefs, options).map_err(|_| IntlError::BadOptions)?;
            Ok(names.of(region).map(str::to_string))
        }
        "script" => {
            let script = Script::try_from_str(code).map_err(|_| bad())?;
            let names = ScriptDisplayNames::try_new(prefs, options).map_err(|_| IntlError::BadOptions)?;
            Ok(names.of(script).map(str::to_string))
        }
        _ => {
            if code.contains('_') {
                return Err(bad());
            }
            let language = Locale::try_from_str(code).map_err(|_| bad())?;
            let names = LocaleDisplayNamesFormatter::try_new(prefs, options).map_err(|_| IntlError::BadOptions)?;
            let name = names.of(&language).into_owned();
            // ICU4X gives the code back when it has no name.
            Ok((name != code).then_some(name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_regions_scripts_and_languages() {
        assert_eq!(display_name("en", "region", "DE").unwrap().as_deref(), Some("Germany"));
        assert_eq!(display_name("de", "region", "US").unwrap().as_deref(), Some("Vereinigte Staaten"));
        assert_eq!(display_name("en", "script", "Latn").unwrap().as_deref(), Some("Latin"));
        assert_eq!(display_name("fr", "language", "de").unwrap().as_deref(), Some("allemand"));
        assert!(display_name("en", "region", "Germany").is_err());
    }
}
