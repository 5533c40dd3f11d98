//! `Intl.RelativeTimeFormat`: ICU4X's relative time formatter (icu_experimental),
//! one per unit and style as ICU4X makes them.

use icu_experimental::relativetime::options::Numeric;
use icu_experimental::relativetime::{RelativeTimeFormatter, RelativeTimeFormatterOptions};

use super::{Digits, IntlError, Parts, decimal_of, locale, parts_of, rounded};

/// `value` `unit`s from now (negative: ago) in `tag`'s words, by parts.
/// `style`: "long", "short" or "narrow"; `auto`: "yesterday" where the locale has it.
pub fn format_relative(tag: &str, unit: &str, style: &str, auto: bool, value: f64) -> Result<Parts, IntlError> {
    let prefs = (&locale(tag)).into();
    let mut options = RelativeTimeFormatterOptions::default();
    options.numeric = Some(if auto { Numeric::Auto } else { Numeric::Always });
    macro_rules! by_unit {
        ($second:ident, $minute:ident, $hour:ident, $day:ident, $week:ident, $month:ident, $quarter:ident, $year:ident) => {
            match unit {
                "second" => RelativeTimeFormatter::$second(prefs, options),
                "minute" => RelativeTimeFormatter::$minute(prefs, options),
                "hour" => RelativeTimeFormatter::$hour(prefs, options),
                "day" => RelativeTimeFormatter::$day(prefs, options),
                "week" => RelativeTimeFormatter::$week(prefs, options),
                "month" => RelativeTimeFormatter::$month(prefs, options),
                "quarter" => RelativeTimeFormatter::$quarter(prefs, options),
                _ => RelativeTimeFormatter::$year(prefs, options),
            }
        };
    }
    let made = match style {
        "short" => by_unit!(
            try_new_short_second,
            try_new_short_minute,
            try_new_short_hour,
            try_new_short_day,
            try_new_short_week,
            try_new_short_month,
            try_new_short_quarter,
            try_new_short_year
        ),
        "narrow" => by_unit!(
            try_new_narrow_second,
            try_new_narrow_minute,
            try_new_narrow_hour,
            try_new_narrow_day,
            try_new_narrow_week,
            try_new_narrow_month,
            try_new_narrow_quarter,
            try_new_narrow_year
        ),
        _ => by_unit!(
            try_new_long_second,
            try_new_long_minute,
            try_new_long_hour,
            try_new_long_day,
            try_new_long_week,
            try_new_long_month,
            try_new_long_quarter,
            try_new_long_year
        ),
    };
    let formatter = made.map_err(|_| IntlError::BadOptions)?;
    let digits = Digits::fraction(1, 0, 3);
    let value = rounded(decimal_of(value), digits, 0);
    Ok(parts_of(&formatter.format(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tag: &str, unit: &str, style: &str, auto: bool, value: f64) -> String {
        format_relative(tag, unit, style, auto, value).unwrap().into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn relative_times() {
        assert_eq!(text("en", "day", "long", false, -1.0), "1 day ago");
        assert_eq!(text("en", "day", "long", true, -1.0), "yesterday");
        assert_eq!(text("de", "month", "long", false, 3.0), "in 3 Monaten");
        assert_eq!(text("en", "second", "long", false, 1.5), "in 1.5 seconds");
        let parts = format_relative("en", "day", "long", false, 3.0).unwrap();
        assert_eq!(
            parts,
            [("literal".into(), "in ".into()), ("integer".into(), "3".into()), ("literal".into(), " days".into())]
        );
    }
}
