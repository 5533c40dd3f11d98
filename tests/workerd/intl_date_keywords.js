// Intl.DateTimeFormat's Unicode extension keywords and their options: hc
// (hourCycle), nu (numberingSystem), as workerd answers.
const MOMENT = Date.UTC(2020, 0, 5, 0, 7, 3);

function attempt(make) {
  try {
    return make();
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

const both = (locale, options) =>
  attempt(() => {
    const format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options });
    const r = format.resolvedOptions();
    return `${format.format(MOMENT)} ${r.locale} ${r.hourCycle} ${r.numberingSystem}`;
  });

export default {
  fetch() {
    const time = { hour: "numeric", minute: "numeric" };
    return Response.json({
      hc: [both("en-u-hc-h23", time), both("en-u-hc-h11", time), both("de-u-hc-h12", time), both("en-u-hc-h23", { ...time, hour12: true }),
        both("en-u-hc-h23", { ...time, hourCycle: "h11" }), both("en-u-hc-h24", time), both("en-u-hc-h23", {}), both("ja-u-hc-h12", { timeStyle: "short" })].join(" | "),
      nu: [both("en-u-nu-arab", time), both("ar-EG", time), both("ar", time), both("ar-u-nu-latn", time), both("en", { ...time, numberingSystem: "deva" }),
        both("hi-u-nu-deva", {}), both("th-u-nu-thai", {}), both("en-u-nu-bogus", time), both("fa", time)].join(" | "),
      badNumbering: attempt(() => new Intl.DateTimeFormat("en", { numberingSystem: "x" })),
    });
  },
};
