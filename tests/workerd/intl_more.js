// Intl.RelativeTimeFormat, Intl.DisplayNames, Intl.Locale and the locale-aware
// case mappings as workerd answers them.
const LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "tr", "ar", "he", "hi", "ja", "ko", "zh"];

function each(make) {
  const out = {};
  for (const locale of LOCALES) {
    try {
      out[locale] = make(locale);
    } catch (err) {
      out[locale] = `${err.name}: ${err.message}`;
    }
  }
  return out;
}

function attempt(make) {
  try {
    return String(make());
  } catch (err) {
    return `${err.name}`;
  }
}

export default {
  fetch() {
    const r = {};
    r.inThreeDays = each((l) => new Intl.RelativeTimeFormat(l).format(3, "day"));
    r.oneMonthAgo = each((l) => new Intl.RelativeTimeFormat(l).format(-1, "month"));
    r.yesterday = each((l) => new Intl.RelativeTimeFormat(l, { numeric: "auto" }).format(-1, "day"));
    r.short = new Intl.RelativeTimeFormat("en", { style: "short" }).format(5, "minutes");
    r.narrow = new Intl.RelativeTimeFormat("en", { style: "narrow" }).format(-2, "hours");
    r.fraction = new Intl.RelativeTimeFormat("en").format(1.5, "seconds");
    r.relativeParts = new Intl.RelativeTimeFormat("en").formatToParts(100, "day")
      .map((p) => `${p.type}:${p.value}${p.unit ? ":" + p.unit : ""}`).join("|");
    r.badUnit = attempt(() => new Intl.RelativeTimeFormat("en").format(1, "fortnight"));
    r.regions = each((l) => new Intl.DisplayNames(l, { type: "region" }).of("DE"));
    r.languages = each((l) => new Intl.DisplayNames(l, { type: "language" }).of("fr"));
    r.scripts = new Intl.DisplayNames("en", { type: "script" }).of("Cyrl");
    r.unknownRegion = new Intl.DisplayNames("en", { type: "region" }).of("XY") + "|" +
      new Intl.DisplayNames("en", { type: "region", fallback: "none" }).of("XY");
    r.badRegion = attempt(() => new Intl.DisplayNames("en", { type: "region" }).of("Germany"));
    r.missingType = attempt(() => new Intl.DisplayNames("en"));
    const locale = new Intl.Locale("en-latn-us-u-ca-gregory-hc-h12");
    r.locale = [locale.toString(), locale.baseName, locale.language, locale.script, locale.region,
      locale.calendar, locale.hourCycle, locale.numeric].join("|");
    r.maximize = new Intl.Locale("zh-TW").maximize().toString() + "|" + new Intl.Locale("en-Latn-US").minimize().toString();
    r.localeOptions = new Intl.Locale("en", { region: "GB", calendar: "gregory" }).toString();
    r.upperTurkish = "istanbul".toLocaleUpperCase("tr") + "|" + "istanbul".toLocaleUpperCase("en");
    r.lowerTurkish = "IRMAK".toLocaleLowerCase("tr") + "|" + "IRMAK".toLocaleLowerCase();
    // signDisplay and compact notation
    const signs = ["auto", "always", "exceptZero", "negative", "never"];
    r.signs = signs.map((signDisplay) =>
      [5, -5, 0, -0].map((n) => new Intl.NumberFormat("en", { signDisplay }).format(n)).join(" ")).join("|");
    r.signPercent = new Intl.NumberFormat("de", { style: "percent", signDisplay: "always" }).format(0.05);
    r.signCurrency = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", signDisplay: "always" }).format(3);
    r.compactShort = each((l) => new Intl.NumberFormat(l, { notation: "compact" }).format(1234567));
    r.compactLong = new Intl.NumberFormat("en", { notation: "compact", compactDisplay: "long" }).format(2500) + "|" +
      new Intl.NumberFormat("de", { notation: "compact", compactDisplay: "long" }).format(2500000);
    r.compactSmall = [0, 7, 999, 1000, 1500, 15127, 999499, -13132].map((n) =>
      new Intl.NumberFormat("en", { notation: "compact" }).format(n)).join(" ");
    r.compactParts = new Intl.NumberFormat("en", { notation: "compact" }).formatToParts(1234)
      .map((p) => `${p.type}:${p.value}`).join("|");
    return Response.json(r);
  },
};
