// Intl.DateTimeFormat's timeZoneName styles in named zones, in winter and
// summer, as workerd answers them.
const WINTER = Date.UTC(2020, 0, 5, 15, 7, 3);
const SUMMER = Date.UTC(2020, 6, 5, 15, 7, 3);
const ZONES = ["UTC", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Europe/London", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"];
const STYLES = ["short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric"];

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
    for (const locale of ["en", "en-GB", "de", "fr", "ja", "es"]) {
      for (const style of STYLES) {
        r[`${locale} ${style}`] = ZONES.map((timeZone) =>
          [WINTER, SUMMER].map((t) => attempt(() => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style, hour: "numeric" }).format(t))).join(" / ")
        ).join(" | ");
      }
    }
    r.parts = new Intl.DateTimeFormat("en", { timeZone: "America/New_York", timeZoneName: "short", hour: "numeric", minute: "numeric" })
      .formatToParts(WINTER).map((p) => `${p.type}:${p.value}`).join("|");
    r.alone = ZONES.map((timeZone) => attempt(() => new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "long" }).format(WINTER))).join(" | ");
    return Response.json(r);
  },
};
