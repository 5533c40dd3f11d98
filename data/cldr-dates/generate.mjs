// Writes patterns.json: each CLDR locale's Gregorian date and time patterns, from
// Unicode's own CLDR JSON (npm cldr-dates-full), for Intl.DateTimeFormat's
// component options (src/runtime/intl/patterns.rs). V8 asks ICU's pattern
// generator for the pattern that best fits a skeleton ("yMMMd"), and ICU4X has no
// such generator: its stock lengths write German "yMMMd" as 05.01.2020 where V8
// writes 5. Jan. 2020. Per locale:
//   a: availableFormats, skeleton -> pattern (without -alt- and -count- variants
//      and skeletons ECMA-402 cannot ask for: quarters, weeks)
//   d, t: the full, long, medium and short date and time patterns (ICU's
//      generator starts from them, so "yMMMMEEEEd" finds the full date pattern)
//   g: the full, long, medium and short date-time glue ("{1} 'at' {0}"), the
//      atTime variants where the locale has them, as ICU uses
//   z: appendItems, field -> pattern (Timezone: "{0} {1}", Day: "{0} ({2}: {1})",
//      {2} being the field's name, from data/cldr-names)
//   h: the hour letter of the locale's short time ("h" in en, "H" in de)
//   i: intervalFormats, skeleton -> greatest different field -> pattern
//      ("yMMMd" -> "d" -> "MMM d – d, y"), for formatRange
//   f: the interval fallback ("{0} – {1}")
//   m: the standard (not atTime) medium date-time glue, which a same-day
//      range of a date and a time uses
//   o: the signs of a zone's offset, from its hourFormat ("+", "−" in French),
//      which ICU writes and ICU4X takes from the number symbols instead
//   y: flexible day period names (the `B` field: "in the morning"), by width
//      (abbreviated, wide, narrow), and q: the language's day period rules,
//      period -> [from, before] in minutes of the day; ICU4X has neither
// A locale keeps only what differs from its parent's ("zh-Hant-HK" from
// "zh-Hant", "en-IN" from "en"; ../cldr-inherit.mjs).
//
//   cd data/cldr-dates && npm ci && node generate.mjs
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { againstParents } from "../cldr-inherit.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "node_modules/cldr-dates-full/main");
const lengths = ["full", "long", "medium", "short"];
const unquoted = (pattern) => pattern.replace(/'[^']*'/g, "");
// A few patterns come with a numbering system for one field ({ _value, _numbers }): the pattern is kept.
const text = (pattern) => (typeof pattern === "string" ? pattern : pattern._value);
const isMap = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function patternsOf(locale, folder = main, type = "gregorian") {
  const calendar = JSON.parse(readFileSync(join(folder, locale, `ca-${type}.json`), "utf8")).main[locale].dates.calendars[type];
  const formats = calendar.dateTimeFormats;
  const available = {};
  for (const [skeleton, pattern] of Object.entries(formats.availableFormats)) {
    if (skeleton.includes("-") || /[QqwWU]/.test(skeleton)) continue;
    available[skeleton] = text(pattern);
  }
  const atTime = calendar["dateTimeFormats-atTime"]?.standard ?? {};
  const hour = unquoted(text(calendar.timeFormats.short)).match(/[hHkK]/);
  return {
    a: available,
    d: lengths.map((length) => text(calendar.dateFormats[length])),
    t: lengths.map((length) => text(calendar.timeFormats[length])),
    g: lengths.map((length) => text(atTime[length] ?? formats[length])),
    z: formats.appendItems,
    h: hour ? hour[0] : "H",
    i: Object.fromEntries(
      Object.entries(formats.intervalFormats)
        .filter(([skeleton]) => skeleton !== "intervalFormatFallback" && !skeleton.includes("-") && !/[QqwWUB]/.test(skeleton))
        .map(([skeleton, byField]) => [skeleton, Object.fromEntries(Object.entries(byField).map(([field, pattern]) => [field, text(pattern)]))]),
    ),
    f: formats.intervalFormats.intervalFormatFallback,
    m: text(formats.medium),
  };
}

const all = {};
const dayPeriodRules = JSON.parse(readFileSync(join(here, "node_modules/cldr-core/supplemental/dayPeriods.json"), "utf8"))
  .supplemental.dayPeriodRuleSet;
const minutes = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
for (const locale of readdirSync(main).sort()) {
  all[locale] = patternsOf(locale);
  const rules = dayPeriodRules[locale.split("-")[0]];
  if (rules !== undefined) {
    all[locale].q = Object.fromEntries(
      Object.entries(rules).filter(([, rule]) => rule._from !== undefined).map(([period, rule]) => [period, [minutes(rule._from), minutes(rule._before)]]),
    );
    const periods = JSON.parse(readFileSync(join(main, locale, "ca-gregorian.json"), "utf8")).main[locale].dates.calendars.gregorian.dayPeriods.format;
    const flexible = (names) => Object.fromEntries(Object.entries(names ?? {}).filter(([period]) => period === "noon" || rules[period]?._from !== undefined));
    all[locale].y = { a: flexible(periods.abbreviated), w: flexible(periods.wide), n: flexible(periods.narrow) };
  }
  const zones = join(main, locale, "timeZoneNames.json");
  if (existsSync(zones)) {
    const hourFormat = JSON.parse(readFileSync(zones, "utf8")).main[locale].dates.timeZoneNames.hourFormat;
    all[locale].o = hourFormat.split(";").map((part) => part.slice(0, part.indexOf("H")));
  }
}
const kept = againstParents(all, import.meta.url);
writeFileSync(join(here, "patterns.json"), JSON.stringify(kept) + "\n");
console.log(`patterns.json: ${Object.keys(kept).length} locales`);

// The other calendars: [name, package, the dates package of the same CLDR version].
const otherCalendars = [
  ["buddhist", "cldr-cal-buddhist-modern", "dates-43"],
  ["japanese", "cldr-cal-japanese-modern", "dates-43"],
  ["persian", "cldr-cal-persian-full", "dates-46"],
  ["ethiopic", "cldr-cal-ethiopic-full", "dates-46"],
  ["islamic", "cldr-cal-islamic-full", "cldr-dates-full"],
  ["hebrew", "cldr-cal-hebrew-full", "cldr-dates-full"],
  ["roc", "cldr-cal-roc-full", "dates-28"],
];
const calendarKeys = ["a", "d", "t", "g", "i", "f", "m"];
const calendars = {};
for (const locale of Object.keys(all)) {
  const generic = patternsOf(locale, main, "generic");
  const entry = Object.fromEntries(calendarKeys.map((key) => [`generic.${key}`, generic[key]]));
  for (const [name, calendarPackage, datesPackage] of otherCalendars) {
    const folder = join(here, "node_modules", calendarPackage, "main");
    const baseFolder = join(here, "node_modules", datesPackage, "main");
    if (!existsSync(join(folder, locale, `ca-${name}.json`)) || !existsSync(join(baseFolder, locale, "ca-generic.json"))) continue;
    const own = patternsOf(locale, folder, name);
    const base = patternsOf(locale, baseFolder, "generic");
    for (const key of calendarKeys) {
      if (isMap(own[key])) {
        const changed = Object.fromEntries(Object.entries(own[key]).filter(([k, v]) => !same(v, base[key]?.[k])));
        if (Object.keys(changed).length > 0) entry[`${name}.${key}`] = changed;
      } else if (!same(own[key], base[key])) {
        entry[`${name}.${key}`] = own[key];
      }
    }
  }
  calendars[locale] = entry;
}
const keptCalendars = againstParents(calendars, import.meta.url);
writeFileSync(join(here, "calendars.json"), JSON.stringify(keptCalendars) + "\n");
console.log(`calendars.json: ${Object.keys(keptCalendars).length} locales`);
