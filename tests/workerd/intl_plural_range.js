// Intl.PluralRules#selectRange as workerd (V8) answers it: CLDR's plural ranges
// in ten locales, ordinal ranges, and errors.
const LOCALES = ["en", "de", "fr", "ru", "pl", "ar", "he", "ja", "cs", "lv"];
function attempt(make) { try { return String(make()); } catch (err) { return `${err.name}: ${err.message}`; } }
export default {
  fetch() {
    const r = {};
    r.type = typeof Intl.PluralRules.prototype.selectRange;
    const pairs = [[1, 2], [0, 1], [1, 5], [2, 5], [1, 21], [21, 22], [0.5, 1], [1, 1.5], [5, 1]];
    for (const locale of LOCALES) {
      r[locale] = pairs.map(([a, b]) => attempt(() => new Intl.PluralRules(locale).selectRange(a, b))).join(" ");
      r[`${locale}.ordinal`] = pairs.map(([a, b]) => attempt(() => new Intl.PluralRules(locale, { type: "ordinal" }).selectRange(a, b))).join(" ");
    }
    r.nan = attempt(() => new Intl.PluralRules("en").selectRange(NaN, 1));
    r.undefinedEnd = attempt(() => new Intl.PluralRules("en").selectRange(1));
    r.fractionDigits = attempt(() => new Intl.PluralRules("en", { minimumFractionDigits: 1 }).selectRange(1, 1));
    return Response.json(r);
  },
};
