// Writes numbers.json: what Intl.NumberFormat needs of CLDR's number symbols and
// patterns that ICU4X's decimal data lacks, for the Latin digits of every CLDR
// locale, from Unicode's own CLDR JSON (npm cldr-numbers-full): the exponent
// symbol (scientific and engineering notation), the approximately sign and the
// range pattern (formatRange). Each map holds only the locales that differ from
// the default ("E", "~", "{0}–{1}"); src/runtime/intl/mod.rs looks a locale up,
// then its language and region, then its language.
//
//   cd data/cldr-numbers && npm ci && node generate.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "node_modules/cldr-numbers-full/main");
const DEFAULTS = { exponential: "E", approximatelySign: "~", range: "{0}\u2013{1}" };
const out = { exponential: {}, approximatelySign: {}, range: {} };
for (const locale of readdirSync(main).sort()) {
  const numbers = JSON.parse(readFileSync(join(main, locale, "numbers.json"), "utf8")).main[locale].numbers;
  const symbols = numbers["symbols-numberSystem-latn"] ?? {};
  const patterns = numbers["miscPatterns-numberSystem-latn"] ?? {};
  const values = { exponential: symbols.exponential, approximatelySign: symbols.approximatelySign, range: patterns.range };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== DEFAULTS[key]) out[key][locale] = value;
  }
}
writeFileSync(join(here, "numbers.json"), JSON.stringify(out, null, 1) + "\n");
console.log(Object.entries(out).map(([key, map]) => `${key}: ${Object.keys(map).length} locales`).join(", "));
