// Writes widths.json: how each CLDR locale writes the day and the month of a
// numeric date (its Gregorian `yMd` pattern: "d.M.y" in German, "dd/MM/y" in
// British English) and the hour of a 24-hour time (its `Hm` and `Hms` patterns:
// "H:mm" in Spanish, "HH:mm" in German; Vietnamese "H:mm" but "HH:mm:ss"), from Unicode's own CLDR JSON (npm cldr-dates-full),
// for Intl.DateTimeFormat (src/runtime/intl/datetime.rs, `numeric_widths`). ICU4X
// formats them from the locale's short or medium patterns, which may pad where
// the skeleton's pattern, what V8 uses, does not. Each value is the day's width,
// the month's, then the hour's without and with seconds ("1211": d, MM, H, H);
// only locales whose widths
// differ from their language's are kept besides the languages.
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
  const formats = calendar.dateTimeFormats.availableFormats;
  if (formats.yMd === undefined || formats.Hm === undefined || formats.Hms === undefined) continue;
  const unquoted = (pattern) => pattern.replace(/'[^']*'/g, "");
  const width = (pattern, letter) => (unquoted(pattern).includes(letter + letter) ? "2" : "1");
  widths[locale] = width(formats.yMd, "d") + width(formats.yMd, "M") + width(formats.Hm, "H") + width(formats.Hms, "H");
}
// A locale whose widths are its language's is left out: the lookup falls back to it.
const kept = {};
for (const [locale, value] of Object.entries(widths)) {
  const language = locale.split("-")[0];
  if (locale === language || widths[language] !== value) kept[locale] = value;
}
writeFileSync(join(here, "widths.json"), JSON.stringify(kept) + "\n");
console.log(`widths.json: ${Object.keys(kept).length} locales`);
