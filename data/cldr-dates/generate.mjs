// Writes ymd.json: how each CLDR locale writes the day and the month of a numeric
// date (its Gregorian `yMd` pattern: "d.M.y" in German, "dd/MM/y" in British
// English), from Unicode's own CLDR JSON (npm cldr-dates-full), for
// Intl.DateTimeFormat's default and numeric dates (src/runtime/intl/datetime.rs,
// `numeric_date_widths`). ICU4X formats a numeric date from the locale's short or
// medium date pattern, which may pad where `yMd`, what V8 uses, does not.
// Each value is the day's width then the month's ("12": d, MM); only locales whose
// widths differ from their language's are kept besides the languages.
//
//   cd data/cldr-dates && npm ci && node generate.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "node_modules/cldr-dates-full/main");
const widths = {};
for (const locale of readdirSync(main).sort()) {
  const calendar = JSON.parse(readFileSync(join(main, locale, "ca-gregorian.json"), "utf8")).main[locale].dates.calendars.gregorian;
  const pattern = calendar.dateTimeFormats.availableFormats.yMd;
  if (pattern === undefined) continue;
  const text = pattern.replace(/'[^']*'/g, "");
  const day = /dd/.test(text) ? "2" : "1";
  const month = /MM/.test(text) ? "2" : "1";
  widths[locale] = day + month;
}
// A locale whose widths are its language's is left out: the lookup falls back to it.
const kept = {};
for (const [locale, value] of Object.entries(widths)) {
  const language = locale.split("-")[0];
  if (locale === language || widths[language] !== value) kept[locale] = value;
}
writeFileSync(join(here, "ymd.json"), JSON.stringify(kept) + "\n");
console.log(`ymd.json: ${Object.keys(kept).length} locales`);
