// Writes units.json: the names of ECMA-402's 45 sanctioned units (long, short and
// narrow patterns by plural form) for every CLDR locale, from Unicode's own CLDR
// JSON (npm cldr-units-full), for Intl.NumberFormat's unit style
// (src/runtime/intl/units.rs). ICU4X 0.7's unit data covers 30 of the units and
// lacks some locales' long names; this is CLDR itself (cldr-core for the parent
// locales). A locale keeps only what differs from its truncation parent (de-AT
// from de, de from und, the root), which is how units.rs looks names up.
//
//   cd data/cldr-units && npm ci && node generate.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "node_modules/cldr-units-full/main");

// ECMA-402's sanctioned simple units and their CLDR ids.
const UNITS = {
  acre: "area-acre", bit: "digital-bit", byte: "digital-byte", celsius: "temperature-celsius",
  centimeter: "length-centimeter", day: "duration-day", degree: "angle-degree", fahrenheit: "temperature-fahrenheit",
  "fluid-ounce": "volume-fluid-ounce", foot: "length-foot", gallon: "volume-gallon", gigabit: "digital-gigabit",
  gigabyte: "digital-gigabyte", gram: "mass-gram", hectare: "area-hectare", hour: "duration-hour", inch: "length-inch",
  kilobit: "digital-kilobit", kilobyte: "digital-kilobyte", kilogram: "mass-kilogram", kilometer: "length-kilometer",
  liter: "volume-liter", megabit: "digital-megabit", megabyte: "digital-megabyte", meter: "length-meter",
  microsecond: "duration-microsecond", mile: "length-mile", "mile-scandinavian": "length-mile-scandinavian",
  milliliter: "volume-milliliter", millimeter: "length-millimeter", millisecond: "duration-millisecond",
  minute: "duration-minute", month: "duration-month", nanosecond: "duration-nanosecond", ounce: "mass-ounce",
  percent: "concentr-percent", petabyte: "digital-petabyte", pound: "mass-pound", second: "duration-second",
  stone: "mass-stone", terabit: "digital-terabit", terabyte: "digital-terabyte", week: "duration-week",
  yard: "length-yard", year: "duration-year",
};
const WIDTHS = ["long", "short", "narrow"];

/** locale -> { "long-byte": { one: "{0} byte", other: "{0} bytes" }, ... } */
function namesOf(locale) {
  const units = JSON.parse(readFileSync(join(main, locale, "units.json"), "utf8")).main[locale].units;
  const names = {};
  for (const width of WIDTHS) {
    for (const [unit, id] of Object.entries(UNITS)) {
      const entry = units[width]?.[id];
      if (!entry) continue;
      const forms = {};
      for (const [key, pattern] of Object.entries(entry)) {
        const form = key.match(/^unitPattern-count-(\w+)$/)?.[1];
        if (form) forms[form] = pattern;
      }
      if (Object.keys(forms).length > 0) names[`${width}-${unit}`] = forms;
    }
  }
  return names;
}

const locales = readdirSync(main).sort();
const own = Object.fromEntries(locales.map((locale) => [locale, namesOf(locale)]));
// A locale's data as CLDR resolves it: its own names over its parent's, the
// parent per supplemental parentLocales (en-GB's is en-001) or by truncation.
const parentLocales = JSON.parse(
  readFileSync(join(here, "node_modules/cldr-core/supplemental/parentLocales.json"), "utf8"),
).supplemental.parentLocales.parentLocale;
const parent = (locale) => (locale.includes("-") ? locale.slice(0, locale.lastIndexOf("-")) : "und");
const resolved = {};
const resolve = (locale) => {
  if (locale === "und") return own.und ?? {};
  resolved[locale] ??= { ...resolve(parentLocales[locale] ?? parent(locale)), ...(own[locale] ?? {}) };
  return resolved[locale];
};
const all = Object.fromEntries(locales.map((locale) => [locale, resolve(locale)]));
// Stored: what differs from the truncation parent, the chain units.rs looks along.
const out = {};
for (const locale of locales) {
  const names = all[locale];
  const inherited = (key) => {
    for (let up = parent(locale); ; up = parent(up)) {
      if (all[up]?.[key]) return all[up][key];
      if (up === "und") return undefined;
    }
  };
  const differs = {};
  for (const [key, forms] of Object.entries(names)) {
    if (locale === "und" || JSON.stringify(inherited(key)) !== JSON.stringify(forms)) differs[key] = forms;
  }
  if (Object.keys(differs).length > 0) out[locale] = differs;
}
const version = JSON.parse(readFileSync(join(here, "node_modules/cldr-units-full/package.json"), "utf8")).version;
writeFileSync(join(here, "units.json"), JSON.stringify({ cldr: version, locales: out }));
console.log(`units.json: ${Object.keys(out).length} locales, CLDR ${version}`);
