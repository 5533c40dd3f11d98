//! `Intl.NumberFormat`'s unit style on ICU4X's unit names (CLDR's "5 km",
//! "5 kilometers" patterns, by plural form). icu_experimental 0.7 has names for
//! length, mass, area, volume and duration units only; a sanctioned unit outside
//! those (bytes, temperatures, percent, degrees, speeds) is refused with a
//! RangeError rather than formatted wrongly. Its data lacks some locales' long
//! and narrow names of metric units ("5 km" where V8 says "5 kilometers"):
//! tests/workerd/intl_units.differences.json lists them.

use icu_experimental::dimension::provider::units::categorized_display_names::{
    UnitsNamesAreaCoreV1, UnitsNamesAreaExtendedV1, UnitsNamesAreaOutlierV1, UnitsNamesDurationCoreV1,
    UnitsNamesDurationExtendedV1, UnitsNamesDurationOutlierV1, UnitsNamesLengthCoreV1, UnitsNamesLengthExtendedV1,
    UnitsNamesLengthOutlierV1, UnitsNamesMassCoreV1, UnitsNamesMassExtendedV1, UnitsNamesMassOutlierV1,
    UnitsNamesVolumeCoreV1, UnitsNamesVolumeExtendedV1, UnitsNamesVolumeOutlierV1,
};
use icu_experimental::dimension::provider::units::display_names::UnitsDisplayNames;
use icu_experimental::dimension::units::categorized_formatter::CategorizedUnitsFormatterPreferences;
use icu_provider::marker::{DataMarkerExt, ErasedMarker};
use icu_provider::{DataIdentifierBorrowed, DataMarkerAttributes, DataPayload, DataProvider, DataRequest};

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

/// A unit's names in one locale and width, whatever its category.
pub type UnitNames = DataPayload<ErasedMarker<UnitsDisplayNames<'static>>>;

/// `unit`'s names for `locale` at `width` ("long", "short" or "narrow"), or
/// the error ECMA-402 gives for a unit that is not one (V8's words), or ours for
/// one ICU4X has no names for.
pub fn unit_names(locale: &icu_locale_core::Locale, unit: &str, width: &str) -> Result<UnitNames, IntlError> {
    if !SANCTIONED.contains(&unit) {
        return Err(IntlError::BadUnit(unit.to_string()));
    }
    let prefs = CategorizedUnitsFormatterPreferences::from(locale);
    let attribute = format!("{width}-{unit}");
    let attributes = DataMarkerAttributes::try_from_str(&attribute).map_err(|_| IntlError::BadUnit(unit.into()))?;
    macro_rules! find {
        ($($marker:ty),*) => {
            $(
                let data_locale = <$marker>::make_locale(prefs.locale_preferences);
                let request = DataRequest {
                    id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, &data_locale),
                    ..Default::default()
                };
                if let Ok(response) = DataProvider::<$marker>::load(&icu_experimental::provider::Baked, request) {
                    return Ok(response.payload.cast());
                }
            )*
        };
    }
    find!(
        UnitsNamesLengthCoreV1,
        UnitsNamesLengthExtendedV1,
        UnitsNamesLengthOutlierV1,
        UnitsNamesMassCoreV1,
        UnitsNamesMassExtendedV1,
        UnitsNamesMassOutlierV1,
        UnitsNamesDurationCoreV1,
        UnitsNamesDurationExtendedV1,
        UnitsNamesDurationOutlierV1,
        UnitsNamesAreaCoreV1,
        UnitsNamesAreaExtendedV1,
        UnitsNamesAreaOutlierV1,
        UnitsNamesVolumeCoreV1,
        UnitsNamesVolumeExtendedV1,
        UnitsNamesVolumeOutlierV1
    );
    Err(IntlError::UnsupportedUnit(unit.to_string()))
}

/// The sanctioned units ICU4X has names for (`Intl.supportedValuesOf("unit")`).
pub fn supported_units() -> Vec<String> {
    let english = icu_locale_core::locale!("en");
    SANCTIONED.iter().filter(|unit| unit_names(&english, unit, "long").is_ok()).map(|unit| unit.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Digits, Display, Style, format_number};

    fn format(tag: &str, unit: &str, width: &'static str, value: f64) -> String {
        let digits = Digits { min_integer: 1, min_fraction: 0, max_fraction: 3 };
        let style = Style::Unit { unit: unit.into(), width };
        let parts = format_number(tag, &style, "auto", digits, Display::default(), value).unwrap();
        parts.into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn units_in_each_width_and_plural_form() {
        assert_eq!(format("en", "kilometer", "short", 5.0), "5 km");
        assert_eq!(format("en", "mile", "long", 1.0), "1 mile");
        assert_eq!(format("en", "mile", "long", 5.5), "5.5 miles");
        assert_eq!(format("de", "kilogram", "long", 2.0), "2 Kilogramm");
        assert_eq!(format("ru", "day", "long", 21.0), "21 день");
        assert_eq!(format("fr", "hour", "narrow", 3.0), "3h");
    }
}
