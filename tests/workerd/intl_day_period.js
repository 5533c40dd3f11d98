// Intl.DateTimeFormat's dayPeriod option (CLDR's flexible day periods: "in
// the morning"), alone and with an hour, as workerd answers.
const HOURS = [0, 6, 9, 12, 13, 18, 21].map((h) => Date.UTC(2020, 0, 5, h, 7, 3));

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
    for (const locale of ["en", "en-GB", "de", "fr", "es", "ja", "zh", "ko", "ru"]) {
      for (const [name, options] of Object.entries({
        alone: { dayPeriod: "short" },
        hour: { hour: "numeric", dayPeriod: "short" },
        long: { hour: "numeric", minute: "numeric", dayPeriod: "long" },
        narrow: { hour: "numeric", dayPeriod: "narrow" },
        clock24: { hour: "numeric", dayPeriod: "short", hourCycle: "h23" },
      })) {
        const format = attempt(() => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options }));
        r[`${name} ${locale}`] = HOURS.map((t) => attempt(() => format.format(t))).join(" | ");
      }
    }
    r.resolved = JSON.stringify(new Intl.DateTimeFormat("en", { hour: "numeric", dayPeriod: "long" }).resolvedOptions());
    r.parts = new Intl.DateTimeFormat("en", { timeZone: "UTC", hour: "numeric", dayPeriod: "short" }).formatToParts(HOURS[2])
      .map((p) => `${p.type}:${p.value}`).join("|");
    r.bad = attempt(() => new Intl.DateTimeFormat("en", { dayPeriod: "wide" }));
    r.withStyle = attempt(() => new Intl.DateTimeFormat("en", { dayPeriod: "short", timeStyle: "short" }));
    return Response.json(r);
  },
};
