// Intl.DurationFormat as workerd (V8) answers it: the styles, per-unit styles and
// displays, the digital style's fractions, signs, parts, options and errors.
const LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "tr", "ar", "he", "hi", "ja", "ko", "zh"];
const DURATION = { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7, milliseconds: 8, microseconds: 9, nanoseconds: 10 };

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

const format = (locale, options, duration) => new Intl.DurationFormat(locale, options).format(duration);

export default {
  fetch() {
    const r = {};
    r.type = typeof Intl.DurationFormat;
    r.tag = attempt(() => Object.prototype.toString.call(new Intl.DurationFormat("en")));
    r.long = each((l) => format(l, { style: "long" }, DURATION));
    r.short = each((l) => format(l, { style: "short" }, DURATION));
    r.narrow = each((l) => format(l, { style: "narrow" }, DURATION));
    r.digital = each((l) => format(l, { style: "digital" }, { hours: 1, minutes: 2, seconds: 3 }));
    r.singular = each((l) => format(l, { style: "long" }, { hours: 1, minutes: 1, seconds: 1 }));
    r.plural = each((l) => format(l, { style: "long" }, { days: 2, hours: 5, minutes: 22 }));
    r.defaultStyle = format("en", undefined, { hours: 1, minutes: 46, seconds: 40 });
    r.digitalWithDays = format("en", { style: "digital" }, { days: 2, hours: 1, minutes: 2, seconds: 3 });
    r.digitalMinutesOnly = format("en", { style: "digital" }, { minutes: 5 });
    r.digitalBig = format("en", { style: "digital" }, { hours: 100, minutes: 62, seconds: 75 });
    r.digitalFraction = format("en", { style: "digital" }, { seconds: 3, milliseconds: 456 });
    r.digitalMicro = format("en", { style: "digital" }, { seconds: 3, milliseconds: 4, microseconds: 5 });
    r.digitalFractionalDigits = format("en", { style: "digital", fractionalDigits: 2 }, { seconds: 3, milliseconds: 456 });
    r.digitalFractionalZero = format("en", { style: "digital", fractionalDigits: 0 }, { seconds: 3, milliseconds: 956 });
    r.digitalHoursNumeric = format("en", { style: "digital", hours: "2-digit" }, { hours: 1, minutes: 2 });
    r.longMillis = format("en", { style: "long" }, { seconds: 1, milliseconds: 500 });
    r.longSecondsNumeric = format("en", { style: "long", milliseconds: "numeric" }, { seconds: 1, milliseconds: 500 });
    r.numericMinutes = format("en", { minutes: "numeric", seconds: "numeric" }, { hours: 1, minutes: 2, seconds: 3 });
    r.mixedStyles = format("en", { hours: "long", minutes: "short", seconds: "narrow" }, { hours: 1, minutes: 2, seconds: 3 });
    r.alwaysDisplay = format("en", { hoursDisplay: "always", minutesDisplay: "always" }, { seconds: 3 });
    r.zeroSeconds = format("en", {}, { seconds: 0 });
    r.allZero = format("en", {}, { hours: 0, minutes: 0 });
    r.allZeroDigital = format("en", { style: "digital" }, { hours: 0 });
    r.negative = format("en", {}, { hours: -1, minutes: -2 });
    r.negativeDigital = format("en", { style: "digital" }, { hours: -1, minutes: -2, seconds: -3 });
    r.negativeLong = format("en", { style: "long" }, { days: -3 });
    r.bigNumber = format("en", { style: "long" }, { days: 1234567 });
    r.deBigNumber = format("de", { style: "long" }, { days: 1234567 });
    r.stringFields = attempt(() => format("en", {}, { hours: "2" }));
    r.fractionRefused = attempt(() => format("en", {}, { hours: 1.5 }));
    r.mixedSigns = attempt(() => format("en", {}, { hours: 1, minutes: -1 }));
    r.emptyObject = attempt(() => format("en", {}, {}));
    r.notObject = attempt(() => format("en", {}, 5));
    r.stringDuration = attempt(() => format("en", {}, "PT1H"));
    r.isoFractionHours = attempt(() => format("en", {}, "PT1.5H"));
    r.isoFractionSeconds = attempt(() => format("en", { style: "digital" }, "PT1.000000001S"));
    r.isoNegative = attempt(() => format("en", {}, "-P1DT5M"));
    r.isoLowercase = attempt(() => format("en", {}, "p2w"));
    r.isoBare = attempt(() => format("en", {}, "P"));
    r.isoEmptyTime = attempt(() => format("en", {}, "P1DT"));
    r.isoFractionNotLast = attempt(() => format("en", {}, "PT1.5H30M"));
    r.exactMilliseconds = format("en", { style: "digital" }, { seconds: 1, milliseconds: 1 });
    r.carriedMilliseconds = format("en", { style: "digital" }, { seconds: 1, milliseconds: 2500 });
    r.negativeFractionParts = new Intl.DurationFormat("en", { style: "long", milliseconds: "numeric" })
      .formatToParts({ seconds: -1, milliseconds: -250 }).map((p) => `${p.type}:${p.value}`).join("|");
    r.microsecondsFraction = format("en", { style: "short", microseconds: "numeric" }, { milliseconds: 2, microseconds: 345, nanoseconds: 600 });
    r.hugeRefused = attempt(() => format("en", {}, { years: 2 ** 32 }));
    r.numberingSystemOption = format("en", { numberingSystem: "arab" }, { hours: 3 });
    r.unknownField = attempt(() => format("en", {}, { hours: 1, fortnights: 2 }));
    r.infinite = attempt(() => format("en", {}, { hours: Infinity }));
    r.badStyle = attempt(() => new Intl.DurationFormat("en", { style: "tiny" }));
    r.badUnitStyle = attempt(() => new Intl.DurationFormat("en", { hours: "narrowest" }));
    r.badFractionalDigits = attempt(() => new Intl.DurationFormat("en", { fractionalDigits: 10 }));
    r.secondsNumericAfterLong = attempt(() => new Intl.DurationFormat("en", { minutes: "numeric", hours: "long" }).format({ hours: 1 }));
    r.callWithoutNew = attempt(() => Intl.DurationFormat("en"));
    r.parts = new Intl.DurationFormat("en", { style: "long" }).formatToParts({ hours: 1, minutes: 2, seconds: 3 })
      .map((p) => `${p.type}:${p.value}${p.unit ? ":" + p.unit : ""}`).join("|");
    r.digitalParts = new Intl.DurationFormat("en", { style: "digital" }).formatToParts({ hours: 1, minutes: 2, seconds: 3, milliseconds: 40 })
      .map((p) => `${p.type}:${p.value}${p.unit ? ":" + p.unit : ""}`).join("|");
    r.resolved = JSON.stringify(new Intl.DurationFormat("en").resolvedOptions());
    r.resolvedDigital = JSON.stringify(new Intl.DurationFormat("de", { style: "digital", fractionalDigits: 3 }).resolvedOptions());
    r.resolvedLocale = new Intl.DurationFormat("en-GB-u-nu-arab").resolvedOptions().locale;
    r.numberingSystem = format("en-u-nu-arab", {}, { hours: 1, minutes: 2 });
    r.supported = Intl.DurationFormat.supportedLocalesOf(["en", "de", "xx-YY", "zh-Hant"]).join(",");
    r.length = Intl.DurationFormat.length;
    r.prototypeKeys = Object.getOwnPropertyNames(Intl.DurationFormat.prototype).sort().join(",");
    return Response.json(r);
  },
};
