// Intl.NumberFormat's formatRange and formatRangeToParts as workerd (V8, ICU's
// range formatter) answers them: range patterns, the approximately sign, which
// affixes are written once, spacing, and the parts' sources.
const LOCALES = ["en", "de", "fr", "es", "ja", "zh", "ru", "ar", "he", "hi", "sv", "pl"];
function attempt(make) { try { return String(make()); } catch (err) { return `${err.name}: ${err.message}`; } }
export default {
  fetch() {
    const r = {};
    const fr = (locale, options, a, b) => attempt(() => new Intl.NumberFormat(locale, options).formatRange(a, b));
    r.decimal = Object.fromEntries(LOCALES.map((l) => [l, fr(l, {}, 3, 5)]));
    r.equal = Object.fromEntries(LOCALES.map((l) => [l, fr(l, {}, 5, 5)]));
    r.currency = Object.fromEntries(LOCALES.map((l) => [l, fr(l, { style: "currency", currency: "EUR" }, 3, 5)]));
    r.percent = fr("en", { style: "percent" }, 0.1, 0.2);
    r.unit = fr("en", { style: "unit", unit: "kilometer" }, 3, 5);
    r.unitLong = fr("en", { style: "unit", unit: "kilometer", unitDisplay: "long" }, 1, 5);
    r.negative = fr("en", {}, -5, -3);
    r.cross = fr("en", {}, -3, 5);
    r.reversed = fr("en", {}, 5, 3);
    r.roundsEqual = fr("en", { maximumFractionDigits: 0 }, 2.9, 3.1);
    r.nan = fr("en", {}, NaN, 5);
    r.big = fr("en", {}, 1000, 5000);
    r.compact = fr("en", { notation: "compact" }, 1000, 5000);
    r.equalCurrency = fr("en", { style: "currency", currency: "USD" }, 5, 5);
    r.equalNegative = fr("en", {}, -5, -5);
    r.unitNegative = fr("en", { style: "unit", unit: "kilometer" }, -5, -3);
    r.percentDe = fr("de", { style: "percent" }, 0.1, 0.2);
    r.currencyCode = fr("en", { style: "currency", currency: "CHF" }, 3, 5);
    r.scientific = fr("en", { notation: "scientific" }, 1000, 5000);
    r.strings = fr("en", {}, "3", "5");
    r.undefinedEnd = attempt(() => new Intl.NumberFormat("en").formatRange(3));
    r.decimalParts = attempt(() => JSON.stringify(new Intl.NumberFormat("en").formatRangeToParts(-3, 5)));
    r.approximatelyParts = attempt(() => JSON.stringify(new Intl.NumberFormat("de").formatRangeToParts(5, 5)));
    r.parts = attempt(() => JSON.stringify(new Intl.NumberFormat("en", { style: "currency", currency: "USD" }).formatRangeToParts(3, 5)));
    return Response.json(r);
  },
};
