// Intl.DateTimeFormat in calendars other than the Gregorian, as workerd
// answers: a locale's own (Buddhist in Thai, Persian in Persian), its -u-ca-
// keyword, or the `calendar` option.
const MOMENT = Date.UTC(2020, 0, 5, 9, 7, 3);

function attempt(make) {
  try {
    return make();
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

const dtf = (locale, options) => attempt(() => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options }).format(MOMENT));
const resolved = (locale, options) =>
  attempt(() => {
    const r = new Intl.DateTimeFormat(locale, options).resolvedOptions();
    return `${r.locale} ${r.calendar}`;
  });

export default {
  fetch() {
    const r = {};
    r.defaults = ["th", "th-TH", "fa", "fa-IR", "ar-SA", "ar-EG", "he", "ja", "zh-TW", "hi"].map((l) => `${l} ${dtf(l)}`).join(" | ");
    r.calendars = ["buddhist", "persian", "hebrew", "islamic-civil", "islamic-umalqura", "roc", "iso8601", "indian", "coptic", "ethiopic"]
      .map((c) => `${c} ${dtf(`en-u-ca-${c}`)}`).join(" | ");
    r.option = [dtf("en", { calendar: "buddhist" }), dtf("th", { calendar: "gregory" }), dtf("en-u-ca-buddhist", { calendar: "persian" })].join(" | ");
    r.resolved = [
      resolved("th"), resolved("fa"), resolved("en-u-ca-buddhist"), resolved("en", { calendar: "hebrew" }),
      resolved("en-u-ca-buddhist", { calendar: "buddhist" }), resolved("en-u-ca-bogus"), resolved("ar-SA"),
    ].join(" | ");
    r.invalid = attempt(() => new Intl.DateTimeFormat("en", { calendar: "x" })) + " | " + attempt(() => new Intl.DateTimeFormat("en", { calendar: "bogus" }).resolvedOptions().calendar);
    // Styles and names in other calendars.
    r.named = [
      dtf("th", { dateStyle: "long" }), dtf("th", { dateStyle: "full", timeStyle: "short" }), dtf("fa", { month: "long", year: "numeric" }),
      dtf("ja-JP-u-ca-japanese", { era: "long", year: "numeric", month: "numeric", day: "numeric" }), dtf("he-u-ca-hebrew", { dateStyle: "long" }),
      dtf("ar-u-ca-islamic-umalqura", { dateStyle: "medium" }),
    ].join(" | ");
    r.gregorianLocales = ["en", "de", "ja", "ko"].map((l) => `${l} ${resolved(l)}`).join(" | ");
    return Response.json(r);
  },
};
