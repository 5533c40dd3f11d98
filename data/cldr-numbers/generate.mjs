// Writes exponential.json: the exponent symbol of every CLDR locale whose Latin
// digits do not write it "E" (sv "×10^", el "e", uk "Е", ...), from Unicode's own
// CLDR JSON (npm cldr-numbers-full), for Intl.NumberFormat's scientific and
// engineering notation (src/runtime/intl/mod.rs, `exponent_symbol`). ICU4X's
// decimal symbols have no exponent symbol.
//
//   cd data/cldr-numbers && npm ci && node generate.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "node_modules/cldr-numbers-full/main");
const symbols = {};
for (const locale of readdirSync(main).sort()) {
  const numbers = JSON.parse(readFileSync(join(main, locale, "numbers.json"), "utf8")).main[locale].numbers;
  const exponential = numbers["symbols-numberSystem-latn"]?.exponential;
  if (exponential !== undefined && exponential !== "E") symbols[locale] = exponential;
}
writeFileSync(join(here, "exponential.json"), JSON.stringify(symbols, null, 1) + "\n");
console.log(`exponential.json: ${Object.keys(symbols).length} locales without "E"`);
