// Intl.NumberFormat's scientific and engineering notation as workerd (V8)
// answers them: mantissa rounding, exponents, signs, parts and locales.
const LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "tr", "ar", "he", "hi", "ja", "ko", "zh"];

function attempt(make) {
  try {
    return String(make());
  } catch (err) {
    return `${err.name}`;
  }
}

const format = (options, value, locale = "en") => attempt(() => new Intl.NumberFormat(locale, options).format(value));
const parts = (options, value) =>
  new Intl.NumberFormat("en", options).formatToParts(value).map((p) => `${p.type}:${p.value}`).join("|");

export default {
  fetch() {
    const r = {};
    const scientific = { notation: "scientific" };
    const engineering = { notation: "engineering" };
    for (const value of [0, 1, 9.9996, 123456, 0.000123456, -98765.4321, 1e21, 1.5e-10]) {
      r[`scientific.${value}`] = format(scientific, value);
      r[`engineering.${value}`] = format(engineering, value);
    }
    r.locales = {};
    for (const locale of LOCALES) r.locales[locale] = format(scientific, -123456.789, locale) + " | " + format(engineering, 0.00012, locale);
    r.exponentSymbols = ["uk", "el", "sl", "et", "lt", "en-AU", "en-SE", "se", "sv-FI", "de-CH"]
      .map((locale) => `${locale} ${format(scientific, 0.0123, locale)}`).join(" | ");
    r.sigDigits = format({ notation: "scientific", maximumSignificantDigits: 2 }, 123456);
    r.fractionDigits = format({ notation: "scientific", minimumFractionDigits: 2 }, 5);
    r.engineeringFraction = format({ notation: "engineering", maximumFractionDigits: 1 }, 987654);
    r.signAlways = format({ notation: "scientific", signDisplay: "always" }, 1234);
    r.nan = format(scientific, NaN);
    r.infinity = format(scientific, -Infinity);
    r.percent = format({ notation: "scientific", style: "percent" }, 12.345);
    r.currency = format({ notation: "scientific", style: "currency", currency: "USD" }, 123456);
    r.unit = format({ notation: "scientific", style: "unit", unit: "meter" }, 123456);
    r.parts = parts(scientific, -0.00012345);
    r.engineeringParts = parts(engineering, 123456);
    r.resolved = JSON.stringify(new Intl.NumberFormat("en", scientific).resolvedOptions());
    return Response.json(r);
  },
};
