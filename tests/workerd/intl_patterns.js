// Intl.DateTimeFormat's component options (ECMA-402's year, month, day, weekday,
// hour, minute, second) as workerd answers them: V8 asks ICU's pattern generator
// for the locale's CLDR pattern that best fits the skeleton ("yMMMd" -> German
// "d. MMM y"), widening its fields to what was asked and gluing a date to a time
// with the locale's date-time pattern.
const LOCALES = [
  "en", "en-GB", "en-IN", "de", "de-AT", "fr", "fr-CA", "es", "es-MX", "it", "pt", "pt-PT", "nl", "sv", "pl",
  "ru", "uk", "bg", "cs", "tr", "ar", "he", "hi", "ja", "ko", "zh", "zh-TW", "vi", "id",
];
// 2020-01-05T09:07:03Z, a Sunday: single-digit day, month, hour.
const MOMENT = Date.UTC(2020, 0, 5, 9, 7, 3, 456);

const OPTIONS = {
  yMMMd: { year: "numeric", month: "short", day: "numeric" },
  yMMMMd: { year: "numeric", month: "long", day: "numeric" },
  MMMd: { month: "short", day: "numeric" },
  MMMMd: { month: "long", day: "numeric" },
  yMMMM: { year: "numeric", month: "long" },
  yMMM: { year: "numeric", month: "short" },
  MMMM: { month: "long" },
  MMMMM: { month: "narrow" },
  yMMMMEEEEd: { weekday: "long", year: "numeric", month: "long", day: "numeric" },
  yMMMEd: { weekday: "short", year: "numeric", month: "short", day: "numeric" },
  MMMEd: { weekday: "short", month: "short", day: "numeric" },
  EEEE: { weekday: "long" },
  EEEEE: { weekday: "narrow" },
  yMMdd: { year: "numeric", month: "2-digit", day: "2-digit" },
  yyMMdd: { year: "2-digit", month: "2-digit", day: "2-digit" },
  Md: { month: "numeric", day: "numeric" },
  yM: { year: "numeric", month: "numeric" },
  y: { year: "numeric" },
  d: { day: "numeric" },
  MEd: { weekday: "short", month: "numeric", day: "numeric" },
  MMMdjm: { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  yMMMMdjm: { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" },
  yMMMMEEEEdjm: { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "numeric" },
  yMdjms: { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" },
  Ejm: { weekday: "short", hour: "numeric", minute: "numeric" },
  yMMMdHm: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false },
  dhm12: { day: "numeric", hour: "numeric", minute: "numeric", hour12: true },
  j: { hour: "numeric" },
  jm12: { hour: "numeric", minute: "numeric", hour12: true },
  jm24: { hour: "numeric", minute: "numeric", hour12: false },
  ms: { minute: "2-digit", second: "2-digit" },
  Gy: { era: "short", year: "numeric" },
  yMMMdjmz: { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "numeric", timeZoneName: "short" },
  jmsSSS: { hour: "numeric", minute: "numeric", second: "numeric", fractionalSecondDigits: 3 },
  sSS: { second: "numeric", fractionalSecondDigits: 2 },
  jjmmss: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
  MM: { month: "2-digit" },
  yyMMM: { year: "2-digit", month: "short" },
  GyMMMd: { era: "long", year: "numeric", month: "short", day: "numeric" },
  jmh11: { hour: "numeric", minute: "numeric", hourCycle: "h11" },
  jmh23: { hour: "numeric", minute: "numeric", hourCycle: "h23" },
  jmzzzz: { hour: "numeric", minute: "numeric", timeZoneName: "long" },
  jmO: { hour: "numeric", minute: "numeric", timeZoneName: "shortOffset" },
};
// Locales whose patterns are their parent's but for a few (CLDR's zh-Hant for
// zh-TW and zh-HK, sr-Latn, es-419's Latin American Spanish).
const MORE_LOCALES = ["zh-HK", "sr", "sr-Latn", "es-419", "es-AR", "fr-CH", "de-CH", "en-AU", "en-CA", "nb", "da", "fi", "el", "ro", "hu"];

function attempt(make) {
  try {
    return make();
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

export default {
  fetch() {
    const r = {};
    for (const [name, options] of Object.entries(OPTIONS)) {
      r[name] = {};
      for (const locale of LOCALES) {
        r[name][locale] = attempt(() => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options }).format(MOMENT));
      }
    }
    for (const name of ["yMMMd", "yMMMMEEEEd", "yMdjms", "MMMdjm", "jm12", "Ejm"]) {
      for (const locale of MORE_LOCALES) {
        r[name][locale] = attempt(() => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...OPTIONS[name] }).format(MOMENT));
      }
    }
    // dateStyle and timeStyle: CLDR's stock patterns, glued as ICU glues them;
    // hour12 and hourCycle remake the pattern for their clock.
    r.styles = {};
    const STYLES = ["full", "long", "medium", "short"];
    for (const locale of ["en", "en-GB", "de", "fr", "bg", "ja", "ko", "hi", "zh-TW", "vi", "ar"]) {
      for (const dateStyle of [undefined, ...STYLES]) {
        for (const timeStyle of [undefined, ...STYLES]) {
          if (dateStyle === undefined && timeStyle === undefined) continue;
          r.styles[`${locale} ${dateStyle ?? "-"} ${timeStyle ?? "-"}`] = attempt(() =>
            new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle, timeStyle }).format(MOMENT));
        }
      }
      for (const clock of [{ hour12: true }, { hour12: false }, { hourCycle: "h11" }, { hourCycle: "h24" }]) {
        for (const style of ["short", "medium"]) {
          r.styles[`${locale} ${JSON.stringify(clock)} ${style}`] = attempt(() =>
            new Intl.DateTimeFormat(locale, { timeZone: "UTC", timeStyle: style, dateStyle: style === "medium" ? "long" : undefined, ...clock }).format(MOMENT));
        }
      }
    }
    // Midnight on each clock: h24 writes 24, h11 0.
    const midnight = Date.UTC(2020, 0, 5, 0, 7, 3);
    r.midnight = {};
    for (const hourCycle of ["h11", "h12", "h23", "h24"]) {
      for (const locale of ["en", "ja", "de"]) {
        r.midnight[`${locale} ${hourCycle}`] = [
          new Intl.DateTimeFormat(locale, { timeZone: "UTC", hourCycle, hour: "numeric", minute: "numeric" }).format(midnight),
          new Intl.DateTimeFormat(locale, { timeZone: "UTC", hourCycle, timeStyle: "medium" }).format(midnight),
        ].join(" | ");
      }
    }
    // resolvedOptions reports the widths and the clock of the pattern found.
    const resolved = (locale, options) => {
      const all = new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options }).resolvedOptions();
      return Object.entries(all).filter(([key]) => !["locale", "calendar", "numberingSystem", "timeZone"].includes(key))
        .map(([key, value]) => `${key}:${value}`).join(" ");
    };
    r.resolved = {};
    for (const name of ["yMMMd", "yMd", "yMMdd", "MMMdjm", "jm12", "jm24", "jmh11", "j", "jjmmss", "jmsSSS", "Ejm", "yMMMdjmz", "jmO", "Gy"]) {
      for (const locale of ["en", "en-GB", "de", "pt-PT", "ja", "ko"]) {
        r.resolved[`${name} ${locale}`] = attempt(() => resolved(locale, OPTIONS[name] ?? { year: "numeric", month: "numeric", day: "numeric" }));
      }
    }
    for (const [name, options] of Object.entries({
      timeStyleShort: { timeStyle: "short" },
      dateTimeStyle: { dateStyle: "medium", timeStyle: "medium" },
      dateStyle: { dateStyle: "long" },
      hour12: { timeStyle: "short", hour12: true },
      defaults: {},
    })) {
      for (const locale of ["en", "en-GB", "de", "ja", "ko"]) r.resolved[`${name} ${locale}`] = attempt(() => resolved(locale, options));
    }
    const parts = (locale, options) =>
      new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options }).formatToParts(MOMENT).map((p) => `${p.type}:${p.value}`).join("|");
    r.parts = {
      deShort: parts("de", OPTIONS.yMMMd),
      jaLong: parts("ja", OPTIONS.yMMMMEEEEdjm),
      frTime: parts("fr", OPTIONS.MMMdjm),
      fraction: parts("de", OPTIONS.jmsSSS),
      zone: parts("en", OPTIONS.yMMMdjmz),
    };
    return Response.json(r);
  },
};
