// How worky's CLDR side tables store a locale: only what differs from its
// parent, which is "zh-Hant" for "zh-Hant-HK" (a language-script locale CLDR
// has) and otherwise the language ("en" for "en-IN"). A language with a script
// not its likely one ("zh-Hant", "sr-Latn") has no parent but CLDR's root, as
// CLDR's parentLocales rule says: it is stored whole, marked `root`. The
// runtime walks the same chain (src/runtime/intl/mod.rs, `cldr_chain`) and
// merges a locale over its parents, starting again at a `root` one. An entry is
// an object whose values are either maps (merged key by key) or values
// (replaced whole).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const isMap = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// `from`: the generator's folder, whose node_modules has cldr-core.
export function againstParents(all, from) {
  const likely = JSON.parse(readFileSync(createRequire(from).resolve("cldr-core/supplemental/likelySubtags.json"), "utf8"))
    .supplemental.likelySubtags;
  const ownScript = (locale) => {
    const [language, script] = locale.split("-");
    return /^[A-Z][a-z]{3}$/.test(script ?? "") && likely[language]?.split("-")[1] !== script;
  };
  const parentOf = (locale) => {
    const subtags = locale.split("-");
    if (subtags.length === 1 || (subtags.length === 2 && ownScript(locale))) return undefined;
    const two = subtags.slice(0, 2).join("-");
    return subtags.length > 2 && all[two] !== undefined ? two : subtags[0];
  };
  const resolved = (locale) => {
    const parent = parentOf(locale);
    const below = parent === undefined || all[parent] === undefined ? undefined : resolved(parent);
    if (below === undefined) return all[locale];
    const merged = { ...below };
    for (const [key, value] of Object.entries(all[locale])) merged[key] = isMap(value) ? { ...below[key], ...value } : value;
    return merged;
  };
  const kept = {};
  for (const [locale, entry] of Object.entries(all)) {
    const parent = parentOf(locale);
    if (parent === undefined || all[parent] === undefined) {
      kept[locale] = locale.includes("-") ? { ...entry, root: true } : entry;
      continue;
    }
    const below = resolved(parent);
    const own = {};
    for (const [key, value] of Object.entries(entry)) {
      if (isMap(value)) {
        const changed = Object.fromEntries(Object.entries(value).filter(([k, v]) => !same(below[key]?.[k], v)));
        if (Object.keys(changed).length > 0) own[key] = changed;
      } else if (!same(value, below[key])) {
        own[key] = value;
      }
    }
    if (Object.keys(own).length > 0) kept[locale] = own;
  }
  return kept;
}
