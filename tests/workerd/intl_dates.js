// Intl.DateTimeFormat and Date's locale methods as workerd answers them, for the
// locales issue #12 names, in UTC and in named IANA time zones.
const LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "tr", "ar", "he", "hi", "ja", "ko", "zh"];
// 2020-06-26T12:34:56.789Z, a Friday.
const MOMENT = Date.UTC(2020, 5, 26, 12, 34, 56, 789);

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
    return make();
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

const dtf = (locale, options) => new Intl.DateTimeFormat(locale, options).format(MOMENT);

export default {
  fetch() {
    const r = {};
    r.defaultFormat = each((l) => dtf(l));
    r.dateStyleFull = each((l) => dtf(l, { dateStyle: "full" }));
    r.dateStyleLong = each((l) => dtf(l, { dateStyle: "long" }));
    r.dateStyleMedium = each((l) => dtf(l, { dateStyle: "medium" }));
    r.dateStyleShort = each((l) => dtf(l, { dateStyle: "short" }));
    r.timeStyleShort = each((l) => dtf(l, { timeStyle: "short" }));
    r.timeStyleMedium = each((l) => dtf(l, { timeStyle: "medium" }));
    r.monthLong = each((l) => dtf(l, { year: "numeric", month: "long", day: "numeric" }));
    r.weekdayShort = each((l) => dtf(l, { weekday: "short" }));
    r.hourMinute = each((l) => dtf(l, { hour: "numeric", minute: "2-digit" }));
    r.berlin = dtf("de-DE", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit" });
    r.tokyo = dtf("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "medium" });
    r.newYork = dtf("en-US", { timeZone: "America/New_York", hour: "numeric", minute: "numeric", hour12: false });
    r.kolkata = new Intl.DateTimeFormat("en", { timeZone: "Asia/Calcutta" }).resolvedOptions().timeZone;
    r.badZone = attempt(() => new Intl.DateTimeFormat("en", { timeZone: "Mars/Olympus" }));
    r.parts = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })
      .formatToParts(MOMENT).map((p) => `${p.type}:${p.value}`).join("|");
    r.resolved = JSON.stringify(new Intl.DateTimeFormat("de-DE", { dateStyle: "long" }).resolvedOptions());
    r.resolvedDefault = JSON.stringify(new Intl.DateTimeFormat().resolvedOptions());
    const date = new Date(MOMENT);
    r.toLocaleString = each((l) => date.toLocaleString(l));
    r.toLocaleDateString = each((l) => date.toLocaleDateString(l));
    r.toLocaleTimeString = each((l) => date.toLocaleTimeString(l));
    // Numeric dates take the day's and month's widths from CLDR's yMd pattern.
    r.singleDigitDay = ["en-GB", "tr", "pt", "de", "fr", "pl", "es", "sv", "zh-TW", "de-AT", "en-IN"]
      .map((l) => `${l} ${new Date(Date.UTC(2020, 0, 5)).toLocaleDateString(l, { timeZone: "UTC" })}`).join(" | ");
    // A 24-hour numeric hour takes its width from CLDR's Hm and Hms patterns.
    const morning = new Date(Date.UTC(2020, 0, 5, 9, 7, 3));
    const hourLocales = ["en", "en-GB", "de", "es", "es-CO", "cs", "vi", "fr", "ja", "ru", "sv", "zh"];
    r.hourMinute = hourLocales.map((l) => `${l} ${morning.toLocaleTimeString(l, { timeZone: "UTC", hour: "numeric", minute: "numeric" })}`).join(" | ");
    r.hourMinuteSecond = hourLocales.map((l) => `${l} ${morning.toLocaleTimeString(l, { timeZone: "UTC" })}`).join(" | ");
    r.dateAndHour = hourLocales.map((l) => `${l} ${morning.toLocaleString(l, { timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" })}`).join(" | ");
    r.toLocaleDateStringOptions = date.toLocaleDateString("de-DE", { weekday: "long", year: "numeric", month: "long", day: "numeric" });
    r.invalid = new Date(NaN).toLocaleString("en") + "|" + attempt(() => new Intl.DateTimeFormat("en").format(NaN));
    r.styleAndComponent = attempt(() => new Intl.DateTimeFormat("en", { dateStyle: "short", month: "long" }));
    r.withoutNew = Intl.DateTimeFormat("en-US").format(MOMENT);
    return Response.json(r);
  },
};
