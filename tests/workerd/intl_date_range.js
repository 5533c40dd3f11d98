// Intl.DateTimeFormat's formatRange and formatRangeToParts as workerd answers
// them: V8 hands the formatter's skeleton to ICU's DateIntervalFormat, which
// writes the fields the two dates share once ("Jan 5 – 7, 2020") from CLDR's
// intervalFormats, or both dates whole where CLDR has no pattern.
const LOCALES = ["en", "en-GB", "de", "fr", "es", "ja", "zh", "ko", "ru", "pt", "ar", "hi"];
const START = Date.UTC(2020, 0, 5, 9, 7, 3);
// The end: the same instant, later the same hour, the same day, month, year, and a later year.
const ENDS = {
  same: START,
  minutes: Date.UTC(2020, 0, 5, 9, 42, 3),
  hours: Date.UTC(2020, 0, 5, 16, 7, 3),
  days: Date.UTC(2020, 0, 7, 9, 7, 3),
  months: Date.UTC(2020, 2, 7, 9, 7, 3),
  years: Date.UTC(2021, 2, 7, 9, 7, 3),
};
const OPTIONS = {
  defaults: {},
  yMMMd: { year: "numeric", month: "short", day: "numeric" },
  yMMMMd: { year: "numeric", month: "long", day: "numeric" },
  MMMd: { month: "short", day: "numeric" },
  yMMM: { year: "numeric", month: "short" },
  yMMMEd: { weekday: "short", year: "numeric", month: "short", day: "numeric" },
  jm: { hour: "numeric", minute: "numeric" },
  yMdjm: { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" },
  MMMdjm: { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  dateStyleLong: { dateStyle: "long" },
  dateTimeStyle: { dateStyle: "medium", timeStyle: "short" },
  timeStyle: { timeStyle: "short" },
};

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
      for (const locale of LOCALES) {
        const format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options });
        r[`${name} ${locale}`] = Object.entries(ENDS).map(([, end]) => attempt(() => format.formatRange(START, end))).join(" | ");
      }
    }
    // Edges: fields an interval pattern lacks, widths it drops, zones, clocks.
    const edge = (options, end, start = START) =>
      attempt(() => new Intl.DateTimeFormat("en", { timeZone: "UTC", ...options }).formatRange(start, end));
    r.edges = {
      yearHourDays: edge({ year: "numeric", hour: "numeric" }, ENDS.days),
      minuteOnly: edge({ minute: "numeric" }, ENDS.minutes),
      monthLongYears: edge({ month: "long" }, ENDS.years),
      twoDigitTimes: edge({ hour: "2-digit", minute: "2-digit" }, ENDS.hours),
      twoDigitDates: edge({ month: "2-digit", day: "2-digit" }, ENDS.days),
      eraLong: edge({ era: "long", year: "numeric", month: "long", day: "numeric" }, ENDS.days),
      zoneLong: edge({ hour: "numeric", timeZoneName: "long" }, ENDS.hours),
      zoneOffset: edge({ hour: "numeric", minute: "numeric", timeZoneName: "shortOffset" }, ENDS.minutes),
      h24: edge({ hour: "numeric", minute: "numeric", hourCycle: "h24" }, Date.UTC(2020, 0, 5, 1, 30), Date.UTC(2020, 0, 5, 0, 30)),
      h11: edge({ hour: "numeric", hourCycle: "h11" }, Date.UTC(2020, 0, 5, 1, 30), Date.UTC(2020, 0, 5, 0, 30)),
      seconds: edge({ hour: "numeric", minute: "numeric" }, START + 30000),
      fullSameDay: edge({ dateStyle: "full", timeStyle: "full" }, ENDS.hours),
      weekdayHourDays: edge({ weekday: "long", hour: "numeric" }, ENDS.days),
      newYork: attempt(() => new Intl.DateTimeFormat("en", { timeZone: "America/New_York", dateStyle: "medium", timeStyle: "short" })
        .formatRange(Date.UTC(2020, 0, 6, 3, 0), Date.UTC(2020, 0, 6, 4, 0))),
    };
    const parts = (locale, options, end) =>
      new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options }).formatRangeToParts(START, end)
        .map((p) => `${p.type}:${p.value}:${p.source}`).join("|");
    r.parts = {
      days: parts("en", OPTIONS.yMMMd, ENDS.days),
      years: parts("en", OPTIONS.yMMMd, ENDS.years),
      same: parts("en", OPTIONS.yMMMd, ENDS.same),
      hours: parts("de", OPTIONS.yMdjm, ENDS.hours),
    };
    r.errors = [
      attempt(() => new Intl.DateTimeFormat("en").formatRange(START)),
      attempt(() => new Intl.DateTimeFormat("en").formatRange(undefined, START)),
      attempt(() => new Intl.DateTimeFormat("en").formatRange(NaN, START)),
      attempt(() => new Intl.DateTimeFormat("en", { timeZone: "UTC" }).formatRange(ENDS.days, START)),
    ].join(" | ");
    return Response.json(r);
  },
};
