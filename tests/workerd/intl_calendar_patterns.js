// Intl.DateTimeFormat's patterns in calendars other than the Gregorian, as
// workerd answers: the locales whose own calendar is another (Thai Buddhist,
// Persian, Saudi Umm al-Qura) and -u-ca- keywords, each with the styles and a
// spread of component options, one answer per locale and option set.
const MOMENTS = [Date.UTC(2020, 0, 5, 9, 7, 3), Date.UTC(2024, 6, 30, 18, 45, 0)];

function attempt(make) {
  try {
    return make();
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

const LOCALES = [
  "th", "th-TH", "fa", "fa-IR", "ar-SA", "ps-AF",
  "ja-JP-u-ca-japanese", "en-u-ca-japanese", "zh-TW-u-ca-roc", "en-u-ca-roc",
  "he-u-ca-hebrew", "en-u-ca-hebrew", "en-u-ca-buddhist", "en-u-ca-persian",
  "ar-u-ca-islamic-umalqura", "en-u-ca-islamic-civil", "en-u-ca-islamic-umalqura",
  "hi-u-ca-indian", "en-u-ca-indian", "am-u-ca-ethiopic", "en-u-ca-coptic", "en-u-ca-iso8601",
  "zh-u-ca-chinese", "ko-u-ca-dangi", "en-u-ca-chinese", "de-u-ca-japanese", "fr-u-ca-islamic-civil",
];

const OPTIONS = {
  default: {},
  full: { dateStyle: "full" },
  long: { dateStyle: "long" },
  medium: { dateStyle: "medium" },
  short: { dateStyle: "short" },
  mediumShort: { dateStyle: "medium", timeStyle: "short" },
  yearMonthLong: { year: "numeric", month: "long" },
  monthLongDay: { month: "long", day: "numeric" },
  weekdayDate: { weekday: "long", year: "numeric", month: "long", day: "numeric" },
  yearMonthShortDay: { year: "numeric", month: "short", day: "numeric" },
  monthShort: { month: "short" },
  year: { year: "numeric" },
  eraYear: { era: "short", year: "numeric" },
  eraLongDate: { era: "long", year: "numeric", month: "numeric", day: "numeric" },
  numericDateTime: { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" },
  twoDigit: { year: "2-digit", month: "2-digit", day: "2-digit" },
};

export default {
  fetch() {
    const r = {};
    for (const locale of LOCALES) {
      const answers = {};
      for (const [name, options] of Object.entries(OPTIONS)) {
        answers[name] = attempt(() => {
          const dtf = new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options });
          return MOMENTS.map((m) => dtf.format(m)).join(" | ");
        });
      }
      answers.resolved = attempt(() => {
        const o = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "long" }).resolvedOptions();
        return `${o.locale} ${o.calendar} ${o.numberingSystem}`;
      });
      answers.parts = attempt(() =>
        new Intl.DateTimeFormat(locale, { timeZone: "UTC", era: "short", year: "numeric", month: "long", day: "numeric" })
          .formatToParts(MOMENTS[0]).map((p) => `${p.type}:${p.value}`).join(","));
      answers.range = attempt(() =>
        new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "medium" }).formatRange(MOMENTS[0], MOMENTS[0] + 3 * 86400000));
      r[locale] = answers;
    }
    // Ranges within one Gregorian month that cross a month of the calendar.
    r.crossing = ["fa", "en-u-ca-persian", "en-u-ca-hebrew", "en-u-ca-islamic-umalqura", "th", "ja-JP-u-ca-japanese"]
      .map((locale) => attempt(() =>
        new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "medium" }).formatRange(Date.UTC(2020, 0, 19), Date.UTC(2020, 0, 29))))
      .join(" | ");
    return Response.json(r);
  },
};
