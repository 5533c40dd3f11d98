// Writes names.json: what Intl.DisplayNames names beyond ICU4X's language,
// region and script names (src/runtime/intl/names.rs), from Unicode's own CLDR
// JSON (npm cldr-localenames-full and cldr-dates-full). Per locale:
//   c: calendar names by ECMA-402 calendar ("gregory" -> "Gregorian Calendar")
//   f: date field names by ECMA-402 dateTimeField, [long, short, narrow]
//   p: the locale display pattern and separator ("{0} ({1})", "{0}, {1}"),
//      which ICU4X's locale names write as " (" and ", " in every language
//   r: short region names ("US", "UK"), CLDR's alt-short territories, some of
//      which ICU4X's data lacks
//   l, s: dialect names, long and short, of a language with its script or its
//      region ("en-US": "American English", short "US English"), which ICU4X's
//      data has for some locales only
// A locale keeps only what differs from its parent's (../cldr-inherit.mjs).
//
//   cd data/cldr-names && npm ci && node generate.mjs
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { againstParents } from "../cldr-inherit.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const names = join(here, "node_modules/cldr-localenames-full/main");
const dates = join(here, "node_modules/cldr-dates-full/main");
// ECMA-402's calendar identifiers -> CLDR's keys.
const CALENDARS = {
  buddhist: "buddhist", chinese: "chinese", coptic: "coptic", dangi: "dangi", ethioaa: "ethiopic-amete-alem",
  ethiopic: "ethiopic", gregory: "gregorian", hebrew: "hebrew", indian: "indian", islamic: "islamic",
  "islamic-civil": "islamic-civil", "islamic-rgsa": "islamic-rgsa", "islamic-tbla": "islamic-tbla",
  "islamic-umalqura": "islamic-umalqura", iso8601: "iso8601", japanese: "japanese", persian: "persian", roc: "roc",
};
// ECMA-402's date-time fields -> CLDR's.
const FIELDS = {
  era: "era", year: "year", quarter: "quarter", month: "month", weekOfYear: "week", weekday: "weekday", day: "day",
  dayPeriod: "dayperiod", hour: "hour", minute: "minute", second: "second", timeZoneName: "zone",
};

const read = (path, locale) => JSON.parse(readFileSync(path, "utf8")).main[locale];
const all = {};
for (const locale of readdirSync(names).sort()) {
  const display = read(join(names, locale, "localeDisplayNames.json"), locale).localeDisplayNames;
  const fieldsPath = join(dates, locale, "dateFields.json");
  if (!existsSync(fieldsPath)) continue;
  const fields = read(fieldsPath, locale).dates.fields;
  const calendars = {};
  for (const [ecma, cldr] of Object.entries(CALENDARS)) {
    const name = display.types?.calendar?.[cldr];
    if (name !== undefined) calendars[ecma] = name;
  }
  const fieldNames = {};
  for (const [ecma, cldr] of Object.entries(FIELDS)) {
    const name = (suffix) => fields[cldr + suffix]?.displayName;
    if (name("") !== undefined) fieldNames[ecma] = [name(""), name("-short") ?? name(""), name("-narrow") ?? name("-short") ?? name("")];
  }
  const territoriesPath = join(names, locale, "territories.json");
  const territories = existsSync(territoriesPath) ? read(territoriesPath, locale).localeDisplayNames.territories : {};
  const shortRegions = Object.fromEntries(
    Object.entries(territories).filter(([key]) => key.endsWith("-alt-short")).map(([key, name]) => [key.split("-")[0], name]),
  );
  const languagesPath = join(names, locale, "languages.json");
  const languages = existsSync(languagesPath) ? read(languagesPath, locale).localeDisplayNames.languages : {};
  const dialects = {};
  const shortDialects = {};
  for (const [key, name] of Object.entries(languages)) {
    const [tag, alt] = key.split("-alt-");
    if (!tag.includes("-") || tag.includes("-menu-")) continue;
    if (alt === undefined) dialects[tag] = name;
    else if (alt === "short") shortDialects[tag] = name;
  }
  const pattern = display.localeDisplayPattern;
  all[locale] = {
    c: calendars, f: fieldNames, p: [pattern.localePattern, pattern.localeSeparator], r: shortRegions, l: dialects, s: shortDialects,
  };
}
const kept = againstParents(all, import.meta.url);
writeFileSync(join(here, "names.json"), JSON.stringify(kept) + "\n");
console.log(`names.json: ${Object.keys(kept).length} locales`);
