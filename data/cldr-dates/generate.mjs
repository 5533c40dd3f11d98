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
//   z: appendItems that need no field name, field -> pattern (Timezone: "{0} {1}")
//   h: the hour letter of the locale's short time ("h" in en, "H" in de)
// A locale keeps only what differs from its parent's ("zh-Hant-HK" from
// "zh-Hant", "en-IN" from "en"); the lookup merges a locale over its parents.
//
//   cd data/cldr-dates && npm ci && node generate.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "node_modules/cldr-dates-full/main");
const lengths = ["full", "long", "medium", "short"];
const unquoted = (pattern) => pattern.replace(/'[^']*'/g, "");
// A few patterns come with a numbering system for one field ({ _value, _numbers }): the pattern is kept.
const text = (pattern) => (typeof pattern === "string" ? pattern : pattern._value);

function patternsOf(locale) {
  const calendar = JSON.parse(readFileSync(join(main, locale, "ca-gregorian.json"), "utf8")).main[locale].dates.calendars.gregorian;
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
    z: Object.fromEntries(Object.entries(formats.appendItems).filter(([, pattern]) => !pattern.includes("{2}"))),
    h: hour ? hour[0] : "H",
  };
}

const all = {};
for (const locale of readdirSync(main).sort()) all[locale] = patternsOf(locale);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// What a locale is stored against, as the lookup walks it (patterns.rs,
// `locale_chain`): "zh-Hant-HK" over "zh-Hant" over "zh", "en-IN" over "en".
const parentOf = (locale) => {
  const subtags = locale.split("-");
  if (subtags.length === 1) return undefined;
  const two = subtags.slice(0, 2).join("-");
  return subtags.length > 2 && all[two] !== undefined ? two : subtags[0];
};
// The data a locale's parent resolves to: its own over its parents'.
const resolved = (locale) => {
  const parent = parentOf(locale);
  const below = parent === undefined || all[parent] === undefined ? undefined : resolved(parent);
  return below === undefined ? all[locale] : { ...below, ...all[locale], a: { ...below.a, ...all[locale].a } };
};
const kept = {};
for (const [locale, patterns] of Object.entries(all)) {
  const parent = parentOf(locale);
  if (parent === undefined || all[parent] === undefined) {
    kept[locale] = patterns;
    continue;
  }
  const below = resolved(parent);
  const own = {};
  const available = Object.fromEntries(Object.entries(patterns.a).filter(([skeleton, pattern]) => below.a[skeleton] !== pattern));
  if (Object.keys(available).length > 0) own.a = available;
  for (const key of ["d", "t", "g", "z", "h"]) if (!same(patterns[key], below[key])) own[key] = patterns[key];
  if (Object.keys(own).length > 0) kept[locale] = own;
}
writeFileSync(join(here, "patterns.json"), JSON.stringify(kept) + "\n");
console.log(`patterns.json: ${Object.keys(kept).length} locales`);
