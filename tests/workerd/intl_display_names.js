// Intl.DisplayNames as workerd answers it: every type (language, region,
// script, currency, calendar, dateTimeField), style (long, short, narrow),
// languageDisplay (dialect, standard) and fallback (code, none).
const LOCALES = ["en", "en-GB", "de", "fr", "es", "ja", "zh", "zh-TW", "ko", "ru", "ar", "hi", "pt", "it"];
const CODES = {
  language: ["en", "en-US", "en-GB", "de-AT", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419", "fr-CA", "nl-BE", "xx", "pt-BR"],
  region: ["US", "GB", "DE", "HK", "419", "001", "XK", "ZZ", "AQ"],
  script: ["Latn", "Cyrl", "Hans", "Hant", "Arab", "Zzzz", "Qaaa"],
  currency: ["USD", "EUR", "JPY", "GBP", "CHF", "CNY", "INR", "XXX", "ABC"],
  calendar: ["gregory", "japanese", "islamic-civil", "buddhist", "chinese", "iso8601", "roc", "ethioaa"],
  dateTimeField: ["era", "year", "quarter", "month", "weekOfYear", "weekday", "day", "dayPeriod", "hour", "minute", "second", "timeZoneName"],
};

function attempt(make) {
  try {
    const value = make();
    return value === undefined ? "undefined" : value;
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

export default {
  fetch() {
    const r = {};
    for (const [type, codes] of Object.entries(CODES)) {
      for (const style of ["long", "short", "narrow"]) {
        const out = {};
        for (const locale of LOCALES) {
          const names = new Intl.DisplayNames(locale, { type, style });
          out[locale] = codes.map((code) => attempt(() => names.of(code))).join(" | ");
        }
        r[`${type} ${style}`] = out;
      }
    }
    r.standard = {};
    for (const locale of LOCALES) {
      for (const style of ["long", "short"]) {
        const names = new Intl.DisplayNames(locale, { type: "language", languageDisplay: "standard", style });
        r.standard[`${locale} ${style}`] = CODES.language.map((code) => attempt(() => names.of(code))).join(" | ");
      }
    }
    const none = new Intl.DisplayNames("en", { type: "currency", fallback: "none" });
    r.fallbackNone = ["XXX", "ABC", "USD"].map((code) => attempt(() => none.of(code))).join(" | ");
    r.errors = [
      attempt(() => new Intl.DisplayNames("en", { type: "currency" }).of("US")),
      attempt(() => new Intl.DisplayNames("en", { type: "calendar" }).of("gregorian!")),
      attempt(() => new Intl.DisplayNames("en", { type: "dateTimeField" }).of("months")),
      attempt(() => new Intl.DisplayNames("en", { type: "region" }).of("USA")),
      attempt(() => new Intl.DisplayNames("en")),
      attempt(() => new Intl.DisplayNames("en", { type: "bogus" })),
    ].join(" | ");
    r.resolved = {};
    for (const type of Object.keys(CODES)) {
      r.resolved[type] = JSON.stringify(new Intl.DisplayNames("de", { type, style: "short" }).resolvedOptions());
    }
    r.resolvedLanguage = JSON.stringify(new Intl.DisplayNames("en", { type: "language", languageDisplay: "standard" }).resolvedOptions());
    return Response.json(r);
  },
};
