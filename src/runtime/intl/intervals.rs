//! Date ranges as ICU's DateIntervalFormat writes them for V8's
//! `formatRange`: the formatter's pattern becomes a skeleton, whose date and
//! time parts find CLDR's interval patterns (intervalFormats: "MMM d – d, y"
//! where the days differ), widened to the skeleton's fields; the pattern for
//! the greatest field the two dates differ in is split where a field repeats
//! and its halves written with the start and the end. Without one, both dates
//! are written whole around CLDR's fallback ("{0} – {1}"), a same-day range of
//! a date and time writing the date once.

use std::collections::BTreeMap;

use super::patterns::{Generator, Token, hour_of, simple_format, skeleton_of, tokens, with_hour_cycle};

/// The calendar fields a range can differ in, largest first (ICU's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Era,
    Year,
    Month,
    Day,
    DayPeriod,
    Hour,
    Minute,
    Second,
    Millisecond,
}

const UNITS: [Unit; 9] = [
    Unit::Era,
    Unit::Year,
    Unit::Month,
    Unit::Day,
    Unit::DayPeriod,
    Unit::Hour,
    Unit::Minute,
    Unit::Second,
    Unit::Millisecond,
];

impl Unit {
    /// ICU's level of the field (isFieldUnitIgnored).
    fn level(self) -> i32 {
        self as i32 * 10
    }

    /// The letter CLDR's intervalFormats file the field's patterns under, and
    /// the one an extended skeleton gets.
    fn letters(self) -> &'static [char] {
        match self {
            Unit::Era => &['G'],
            Unit::Year => &['y'],
            Unit::Month => &['M'],
            Unit::Day => &['d'],
            Unit::DayPeriod => &['a', 'B'],
            Unit::Hour => &['h', 'H'],
            Unit::Minute => &['m'],
            _ => &[],
        }
    }
}

/// The greatest unit the two dates (era-year, month, day, hour, minute,
/// second, millisecond of each, in their zone) differ in; `None` when none.
pub fn greatest_difference(start: [i64; 7], end: [i64; 7]) -> Option<Unit> {
    let fields = |at: [i64; 7]| {
        let [year, month, day, hour, minute, second, milli] = at;
        [i64::from(year > 0), year, month, day, i64::from(hour >= 12), hour % 12, minute, second, milli]
    };
    let (start, end) = (fields(start), fields(end));
    UNITS.iter().zip(start.iter().zip(end.iter())).find(|(_, (a, b))| a != b).map(|(unit, _)| *unit)
}

/// A letter's level in ICU's isFieldUnitIgnored.
fn letter_level(letter: char) -> i32 {
    match letter {
        'G' | 'O' | 'V' | 'X' | 'Z' | 'g' | 'l' | 'v' | 'x' | 'z' => 0,
        'y' | 'Y' | 'u' | 'U' | 'r' => 10,
        'M' | 'L' | 'Q' | 'q' | 'w' | 'D' => 20,
        'E' | 'F' | 'W' | 'c' | 'd' | 'e' => 30,
        'a' | 'A' => 40,
        'h' | 'H' | 'k' | 'K' => 50,
        'm' => 60,
        's' => 70,
        'S' => 80,
        _ => -1,
    }
}

/// Whether `pattern` shows nothing as small as `unit`: two dates differing
/// only there look alike.
fn unit_ignored(pattern: &str, unit: Unit) -> bool {
    !tokens(pattern)
        .iter()
        .any(|token| matches!(token, Token::Field(letter, _) if letter_level(*letter) >= unit.level()))
}

/// What a range is written from: patterns formatted with the start or the
/// end, and literal text between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Start(String),
    End(String),
    Literal(String),
}

/// How a range is written: its pieces, and whether the later date comes first
/// (a locale whose fallback is "{1} – {0}"), which swaps the spans' sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeShape {
    pub pieces: Vec<Piece>,
    pub later_first: bool,
}

/// A range: dates that look alike (written as the start alone), or how to
/// write the two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Alike,
    Range(RangeShape),
}

/// An interval pattern split in two halves, or (first empty) a whole pattern
/// to write both dates with around the fallback.
#[derive(Debug, Clone, Default)]
struct IntervalPattern {
    first: String,
    second: String,
    later_first: bool,
}

/// DateIntervalFormat's patterns for one skeleton.
struct Intervals<'g> {
    generator: &'g Generator,
    patterns: BTreeMap<Unit, IntervalPattern>,
    date_pattern: Option<String>,
    time_pattern: Option<String>,
    /// The whole pattern (ICU's fDateFormat).
    whole: String,
    later_first: bool,
}

impl Generator {
    /// How to write a range of dates formatted with `pattern` that differ
    /// first in `unit`; `None` when the generator cannot tell.
    pub fn range_shape(&self, pattern: &str, unit: Unit) -> Option<Outcome> {
        let intervals = Intervals::new(self, &skeleton_of(pattern))?;
        let Some(mut shape) = intervals.shape(unit) else { return Some(Outcome::Alike) };
        // V8 gives ICU the clock as a locale keyword (-u-hc-h24): its hour letter throughout.
        if let Some(hour) = hour_of(pattern) {
            for piece in &mut shape.pieces {
                if let Piece::Start(pattern) | Piece::End(pattern) = piece {
                    *pattern = with_hour_cycle(pattern, hour);
                }
            }
        }
        Some(Outcome::Range(shape))
    }

    /// ICU's DateFormat::getBestPattern: the generator without V8's hour option.
    fn plain_pattern(&self, skeleton: &str) -> Option<String> {
        self.best_pattern_with(&skeleton_of(skeleton), false)
    }

    /// DateIntervalInfo::getBestSkeleton: the intervalFormats skeleton nearest
    /// `skeleton`, with 0 (the same), 1 (other widths), 2 (the same but for a
    /// zone, clock or day period letter) or -1 (other fields).
    fn best_interval_skeleton(&self, skeleton: &str) -> Option<(&str, i32)> {
        let mut input = skeleton.to_string();
        let replaced = input.contains(['z', 'k', 'K', 'a', 'b']);
        if replaced {
            input = input.replace('z', "v").replace('k', "H").replace('K', "h").replace(['a', 'b'], "");
        }
        let count = |text: &str, letter: char| text.chars().filter(|&c| c == letter).count() as i32;
        let (mut best, mut best_distance, mut info) = (None, 56632, 0);
        for key in self.intervals.keys() {
            let (mut distance, mut field_difference) = (0, 1);
            for letter in ('A'..='Z').chain('a'..='z') {
                let (mine, theirs) = (count(&input, letter), count(key, letter));
                if mine == theirs {
                    continue;
                }
                if mine == 0 || theirs == 0 {
                    field_difference = -1;
                    distance += 0x1000;
                } else if letter == 'M' && ((mine <= 2 && theirs > 2) || (mine > 2 && theirs <= 2)) {
                    distance += 0x100;
                } else {
                    distance += (mine - theirs).abs();
                }
            }
            if distance < best_distance {
                (best, best_distance, info) = (Some(key.as_str()), distance, field_difference);
            }
            if distance == 0 {
                info = 0;
                break;
            }
        }
        if replaced && info != -1 {
            info = 2;
        }
        best.map(|best| (best, info))
    }

    fn interval_pattern(&self, skeleton: &str, unit: Unit) -> Option<&str> {
        let patterns = self.intervals.get(skeleton)?;
        unit.letters().iter().find_map(|letter| patterns.get(&letter.to_string())).map(String::as_str)
    }
}

impl<'g> Intervals<'g> {
    /// DateIntervalFormat::initializePattern for `skeleton`.
    fn new(generator: &'g Generator, skeleton: &str) -> Option<Intervals<'g>> {
        let fallback = &generator.interval_fallback;
        let later_first = matches!((fallback.find("{0}"), fallback.find("{1}")), (Some(zero), Some(one)) if one < zero);
        let mut intervals = Intervals {
            generator,
            patterns: BTreeMap::new(),
            date_pattern: None,
            time_pattern: None,
            whole: generator.plain_pattern(skeleton)?,
            later_first,
        };
        let converted = intervals.with_plain_hours(skeleton);
        let (date, normal_date, time, normal_time) = date_and_time_skeletons(&converted);
        let found = intervals.separate(&normal_date, &normal_time);
        if !found || date.is_empty() {
            if !time.is_empty() && date.is_empty() {
                // A time alone on different days: the date and the time, whole.
                let with_date = generator.plain_pattern(&format!("yMd{time}"))?;
                for unit in [Unit::Day, Unit::Month, Unit::Year] {
                    intervals.set_whole(unit, with_date.clone());
                }
                intervals.set_whole(Unit::Era, generator.plain_pattern(&format!("GyMd{time}"))?);
            }
            return Some(intervals);
        }
        if time.is_empty() {
            return Some(intervals);
        }
        // A date and a time: a range over days writes both whole, with the
        // fields the skeleton lacks added from the day up.
        let mut extended = skeleton.to_string();
        for (letter, unit) in [('d', Unit::Day), ('M', Unit::Month), ('y', Unit::Year), ('G', Unit::Era)] {
            if !date.contains(letter) {
                extended.insert(0, letter);
                intervals.set_whole(unit, generator.plain_pattern(&extended)?);
            }
        }
        let date_pattern = generator.plain_pattern(&date)?;
        let glue = &generator.interval_glue;
        for unit in [Unit::DayPeriod, Unit::Hour, Unit::Minute] {
            let Some(time) = intervals.patterns.get(&unit).filter(|pattern| !pattern.first.is_empty()) else {
                continue;
            };
            let combined = simple_format(glue, &format!("{}{}", time.first, time.second), &date_pattern);
            let later_first = time.later_first;
            intervals.set(unit, &combined, later_first);
        }
        Some(intervals)
    }

    /// normalizeHourMetacharacters: the skeleton's hour and day period as the
    /// locale's clock writes an hour alone ("h a" in English).
    fn with_plain_hours(&self, skeleton: &str) -> String {
        let chars: Vec<char> = skeleton.chars().collect();
        let (mut hour, mut hour_start, mut hour_len) = (None, 0, 0);
        let (mut period, mut period_start, mut period_len) = (None, 0, 0);
        for (at, &c) in chars.iter().enumerate() {
            if matches!(c, 'j' | 'J' | 'C' | 'h' | 'H' | 'k' | 'K') {
                if hour.is_none() {
                    (hour, hour_start) = (Some(c), at);
                }
                hour_len += 1;
            } else if matches!(c, 'a' | 'b' | 'B') {
                if period.is_none() {
                    (period, period_start) = (Some(c), at);
                }
                period_len += 1;
            } else if hour.is_some() && period.is_some() {
                break;
            }
        }
        let Some(hour) = hour else { return skeleton.to_string() };
        let alone = self.generator.plain_pattern(&hour.to_string()).unwrap_or_default();
        let alone: String = tokens(&alone)
            .into_iter()
            .filter_map(|token| match token {
                Token::Field(letter, len) => Some(letter.to_string().repeat(len)),
                Token::Literal(_) => None,
            })
            .collect();
        let hour_letter = ['h', 'K', 'k'].into_iter().find(|&letter| alone.contains(letter)).unwrap_or('H');
        let period_letter = ['b', 'B'].into_iter().find(|&letter| alone.contains(letter)).or(period).unwrap_or('a');
        let mut replacement = hour_letter.to_string();
        if !matches!(hour_letter, 'H' | 'k') {
            let width = if period_len >= 5 || hour_len >= 5 {
                5
            } else if period_len >= 3 || hour_len >= 3 {
                3
            } else {
                1
            };
            replacement.push_str(&period_letter.to_string().repeat(width));
        }
        let mut out: Vec<char> = chars.clone();
        out.splice(hour_start..hour_start + hour_len, replacement.chars());
        if period.is_some() {
            let start = if period_start > hour_start {
                period_start + replacement.chars().count() - hour_len
            } else {
                period_start
            };
            out.drain(start..start + period_len);
        }
        out.into_iter().collect()
    }

    /// setSeparateDateTimePtn: the interval patterns of a date alone or of a
    /// time; false when CLDR has none for these fields.
    fn separate(&mut self, date: &str, time: &str) -> bool {
        let skeleton = if time.is_empty() { date } else { time };
        let Some((best, difference)) = self.generator.best_interval_skeleton(skeleton) else { return false };
        let best = best.to_string();
        if !date.is_empty() {
            self.date_pattern = self.generator.plain_pattern(date);
        }
        if !time.is_empty() {
            self.time_pattern = self.generator.plain_pattern(time);
        }
        if difference == -1 {
            return false;
        }
        if time.is_empty() {
            let (mut skeleton, mut best) = (skeleton.to_string(), best);
            for unit in [Unit::Day, Unit::Month, Unit::Year, Unit::Era] {
                if let Some(extended) = self.set_for(unit, &skeleton, &best, difference, true)
                    && unit == Unit::Month
                {
                    (skeleton, best) = extended;
                }
            }
        } else {
            for unit in [Unit::Minute, Unit::Hour, Unit::DayPeriod] {
                self.set_for(unit, skeleton, &best, difference, false);
            }
        }
        true
    }

    /// setIntervalPattern for `unit` from the interval skeleton `best`
    /// nearest `skeleton`; a date alone may look one field up ("yMMMd" for
    /// "MMMd" when the years differ), returning the skeletons it used then.
    fn set_for(
        &mut self,
        unit: Unit,
        skeleton: &str,
        best: &str,
        difference: i32,
        date: bool,
    ) -> Option<(String, String)> {
        let generator = self.generator;
        if let Some(pattern) = generator.interval_pattern(best, unit) {
            let pattern =
                if difference != 0 { adjust_widths(skeleton, best, pattern, difference) } else { pattern.to_string() };
            self.set(unit, &pattern, self.later_first);
            return None;
        }
        if unit_ignored(best, unit) {
            return None;
        }
        if unit == Unit::DayPeriod {
            if let Some(pattern) = generator.interval_pattern(best, Unit::Hour) {
                let pattern = adjust_widths(skeleton, best, pattern, difference);
                self.set(unit, &pattern, self.later_first);
            }
            return None;
        }
        if !date {
            return None;
        }
        let letter = unit.letters().first()?;
        let (extended, mut extended_best) = (format!("{letter}{skeleton}"), format!("{letter}{best}"));
        let mut difference = difference;
        let mut pattern = generator.interval_pattern(&extended_best, unit).map(str::to_string);
        if pattern.is_none()
            && difference == 0
            && let Some((nearest, found)) = generator.best_interval_skeleton(&extended_best)
        {
            difference = found;
            if found != -1 {
                pattern = generator.interval_pattern(nearest, unit).map(str::to_string);
                extended_best = nearest.to_string();
            }
        }
        let pattern = pattern?;
        let pattern =
            if difference != 0 { adjust_widths(&extended, &extended_best, &pattern, difference) } else { pattern };
        self.set(unit, &pattern, self.later_first);
        Some((extended, extended_best))
    }

    /// An interval pattern, split where a field first repeats.
    fn set(&mut self, unit: Unit, pattern: &str, later_first: bool) {
        let at = split_point(pattern);
        let (first, second) = pattern.split_at(at);
        self.patterns
            .insert(unit, IntervalPattern { first: first.to_string(), second: second.to_string(), later_first });
    }

    /// A whole pattern to write both dates with (no interval pattern).
    fn set_whole(&mut self, unit: Unit, pattern: String) {
        let later_first = self.later_first;
        self.patterns.insert(unit, IntervalPattern { first: String::new(), second: pattern, later_first });
    }

    /// DateIntervalFormat::formatImpl for dates first differing in `unit`.
    fn shape(&self, unit: Unit) -> Option<RangeShape> {
        let same_day = unit >= Unit::DayPeriod;
        let Some(interval) = self.patterns.get(&unit) else {
            if unit_ignored(&self.whole, unit) {
                return None;
            }
            return Some(self.fallback(same_day, &self.whole));
        };
        if interval.first.is_empty() {
            return Some(self.fallback(same_day, &interval.second));
        }
        let (first, second) = (interval.first.clone(), interval.second.clone());
        let pieces = if interval.later_first {
            vec![Piece::End(first), Piece::Start(second)]
        } else {
            vec![Piece::Start(first), Piece::End(second)]
        };
        Some(RangeShape { pieces, later_first: interval.later_first })
    }

    /// Both dates whole around the fallback; on one day, a date and a time
    /// write the date once and the two times in the date-time glue.
    fn fallback(&self, same_day: bool, pattern: &str) -> RangeShape {
        if same_day && let (Some(date), Some(time)) = (&self.date_pattern, &self.time_pattern) {
            let glue = &self.generator.interval_glue;
            let mut pieces = Vec::new();
            for (text, placeholder) in placeholders(glue) {
                push_literal(&mut pieces, &unquoted(&text));
                match placeholder {
                    Some(0) => pieces.extend(self.fallback_range(time)),
                    Some(_) => pieces.push(Piece::Start(date.clone())),
                    None => {}
                }
            }
            return RangeShape { pieces, later_first: self.later_first };
        }
        RangeShape { pieces: self.fallback_range(pattern), later_first: self.later_first }
    }

    fn fallback_range(&self, pattern: &str) -> Vec<Piece> {
        let mut pieces = Vec::new();
        for (text, placeholder) in placeholders(&self.generator.interval_fallback) {
            push_literal(&mut pieces, &text);
            match placeholder {
                Some(0) => pieces.push(Piece::Start(pattern.to_string())),
                Some(_) => pieces.push(Piece::End(pattern.to_string())),
                None => {}
            }
        }
        pieces
    }
}

fn push_literal(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece::Literal(text.to_string()));
    }
}

/// A two-argument pattern ("{1}, {0}") as the text before each placeholder
/// and the placeholder's index; the last text has none.
fn placeholders(format: &str) -> Vec<(String, Option<usize>)> {
    let mut out = Vec::new();
    let mut rest = format;
    while let Some(at) = rest.find(['{']) {
        let index = rest[at..].strip_prefix("{0}").map(|_| 0).or_else(|| rest[at..].strip_prefix("{1}").map(|_| 1));
        let Some(index) = index else {
            break;
        };
        out.push((rest[..at].to_string(), Some(index)));
        rest = &rest[at + 3..];
    }
    out.push((rest.to_string(), None));
    out
}

/// A glue's literal text without its pattern quotes ("'um'" -> "um").
fn unquoted(text: &str) -> String {
    text.replace("''", "\u{0}").replace('\'', "").replace('\u{0}', "'")
}

/// getDateTimeSkeleton: a skeleton's date and time parts, each as written
/// and normalized (widths dropped but the month's and weekday's names).
fn date_and_time_skeletons(skeleton: &str) -> (String, String, String, String) {
    let (mut date, mut normal_date, mut time, mut normal_time) =
        (String::new(), String::new(), String::new(), String::new());
    let (mut e, mut d, mut m_count, mut y, mut minutes, mut z, mut v) = (0, 0, 0, 0, 0, 0, 0);
    let mut hour = None;
    for c in skeleton.chars() {
        match c {
            'E' | 'd' | 'M' | 'y' => {
                date.push(c);
                match c {
                    'E' => e += 1,
                    'd' => d += 1,
                    'M' => m_count += 1,
                    _ => y += 1,
                }
            }
            'G' | 'Y' | 'u' | 'Q' | 'q' | 'L' | 'l' | 'W' | 'w' | 'D' | 'F' | 'g' | 'e' | 'c' | 'U' | 'r' => {
                date.push(c);
                normal_date.push(c);
            }
            'h' | 'H' | 'k' | 'K' => {
                time.push(c);
                hour.get_or_insert(c);
            }
            'm' | 'z' | 'v' => {
                time.push(c);
                match c {
                    'm' => minutes += 1,
                    'z' => z += 1,
                    _ => v += 1,
                }
            }
            'a' | 'V' | 'Z' | 'j' | 's' | 'S' | 'A' | 'b' | 'B' => {
                time.push(c);
                normal_time.push(c);
            }
            _ => {}
        }
    }
    normal_date.push_str(&"y".repeat(y));
    if m_count > 0 {
        normal_date.push_str(&if m_count < 3 { "M".to_string() } else { "M".repeat(m_count.min(5)) });
    }
    if e > 0 {
        normal_date.push_str(&if e <= 3 { "E".to_string() } else { "E".repeat(e.min(5)) });
    }
    if d > 0 {
        normal_date.push('d');
    }
    if let Some(hour) = hour {
        normal_time.push(hour);
    }
    for (count, letter) in [(minutes, 'm'), (z, 'z'), (v, 'v')] {
        if count > 0 {
            normal_time.push(letter);
        }
    }
    (date, normal_date, time, normal_time)
}

/// adjustFieldWidth: an interval pattern's fields widened to the skeleton's
/// ("MMM d – d" for "MMMMd" becomes "MMMM d – d"), its zone, clock and day
/// period letters put back where the lookup replaced them.
fn adjust_widths(skeleton: &str, best: &str, pattern: &str, difference: i32) -> String {
    let count = |text: &str, letter: char| text.chars().filter(|&c| c == letter).count();
    let mut pattern = pattern.to_string();
    if difference == 2 {
        for (asked, from, to) in [('z', 'v', 'z'), ('K', 'h', 'K'), ('k', 'H', 'k'), ('b', 'a', 'b')] {
            if skeleton.contains(asked) {
                pattern = replace_unquoted(&pattern, from, to);
            }
        }
    }
    let mut best_counts: BTreeMap<char, usize> = BTreeMap::new();
    for c in best.chars() {
        *best_counts.entry(c).or_default() += 1;
    }
    for letter in ['a', 'b'] {
        if pattern.contains(letter) && !best_counts.contains_key(&letter) {
            best_counts.insert(letter, 1);
        }
    }
    let mut out = String::new();
    for token in tokens(&pattern) {
        match token {
            Token::Literal(text) => out.push_str(&text),
            Token::Field(letter, len) => {
                let key = if letter == 'L' { 'M' } else { letter };
                let asked = count(skeleton, key);
                let width = if best_counts.get(&key).copied().unwrap_or(0) == len && asked > len { asked } else { len };
                out.push_str(&letter.to_string().repeat(width));
            }
        }
    }
    out
}

fn replace_unquoted(pattern: &str, from: char, to: char) -> String {
    let mut quoted = false;
    pattern
        .chars()
        .map(|c| {
            if c == '\'' {
                quoted = !quoted;
            }
            if !quoted && c == from { to } else { c }
        })
        .collect()
}

/// splitPatternInto2Part: where the first field that repeats starts ("MMM d –
/// " and "d, y" for "MMM d – d, y").
fn split_point(pattern: &str) -> usize {
    let mut seen = Vec::new();
    let mut offset = 0;
    for token in tokens(pattern) {
        if let Token::Field(letter, len) = token {
            if seen.contains(&letter) {
                return offset;
            }
            seen.push(letter);
            offset += letter.len_utf8() * len;
        } else if let Token::Literal(text) = token {
            offset += text.len();
        }
    }
    pattern.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(tag: &str, pattern: &str, unit: Unit) -> Vec<Piece> {
        match Generator::for_locale(tag, "gregory").unwrap().range_shape(pattern, unit).unwrap() {
            Outcome::Range(shape) => shape.pieces,
            Outcome::Alike => Vec::new(),
        }
    }

    #[test]
    fn ranges_share_what_the_dates_share() {
        use Piece::*;
        assert_eq!(shape("en", "MMM d, y", Unit::Day), [Start("MMM d\u{2009}–\u{2009}".into()), End("d, y".into())]);
        assert_eq!(
            shape("en", "MMM d, y", Unit::Year),
            [Start("MMM d, y\u{2009}–\u{2009}".into()), End("MMM d, y".into())]
        );
        // No pattern for a time over days: both whole, with the date, around the fallback.
        assert_eq!(
            shape("en", "h:mm a", Unit::Day),
            [
                Start("M/d/y, h:mm\u{202f}a".into()),
                Literal("\u{2009}–\u{2009}".into()),
                End("M/d/y, h:mm\u{202f}a".into())
            ]
        );
        assert_eq!(split_point("h:mm – h:mm a"), "h:mm – ".len());
        assert_eq!(greatest_difference([2020, 1, 5, 9, 7, 3, 0], [2020, 1, 5, 16, 7, 3, 0]), Some(Unit::DayPeriod));
        assert_eq!(greatest_difference([2020, 1, 5, 9, 7, 3, 0], [2020, 1, 5, 9, 7, 3, 0]), None);
        assert_eq!(
            Generator::for_locale("en", "gregory").unwrap().range_shape("h:mm a", Unit::Second),
            Some(Outcome::Alike)
        );
    }
}
