// Intl.NumberFormat's rounding options as workerd (V8) answers them: significant
// digits, rounding modes, rounding priority and trailing zeros, and what
// resolvedOptions() reports for them.
function attempt(make) {
  try {
    return String(make());
  } catch (err) {
    return `${err.name}`;
  }
}

const format = (options, value, locale = "en") => attempt(() => new Intl.NumberFormat(locale, options).format(value));
const MODES = ["ceil", "floor", "expand", "trunc", "halfCeil", "halfFloor", "halfExpand", "halfTrunc", "halfEven"];
const VALUES = [1.25, 1.35, -1.25, -1.35, 2.5, -2.5];

export default {
  fetch() {
    const r = {};
    r.maxSig3 = format({ maximumSignificantDigits: 3 }, 123456);
    r.maxSig3Fraction = format({ maximumSignificantDigits: 3 }, 1.23456);
    r.maxSig3Small = format({ maximumSignificantDigits: 3 }, 0.000123456);
    r.maxSig2Carry = format({ maximumSignificantDigits: 2 }, 999);
    r.minSig3 = format({ minimumSignificantDigits: 3 }, 1);
    r.minSig5Big = format({ minimumSignificantDigits: 5 }, 12);
    r.bothSig = format({ minimumSignificantDigits: 2, maximumSignificantDigits: 4 }, 3.14159);
    r.sigZero = format({ maximumSignificantDigits: 3 }, 0);
    r.sigNegative = format({ maximumSignificantDigits: 2 }, -4567);
    r.sigPercent = format({ style: "percent", maximumSignificantDigits: 2 }, 0.12345);
    r.sigCurrency = format({ style: "currency", currency: "EUR", maximumSignificantDigits: 3 }, 1234.5678);
    r.currencyNoFraction = format({ style: "currency", currency: "EUR", maximumFractionDigits: 0 }, 1234.5);
    r.currencyFourDigits = format({ style: "currency", currency: "EUR", maximumFractionDigits: 4 }, 1.23456);
    r.currencyYenPadded = format({ style: "currency", currency: "JPY", minimumFractionDigits: 2 }, 1234);
    r.currencyNameSig = format({ style: "currency", currency: "USD", currencyDisplay: "name", maximumSignificantDigits: 2 }, 1234.5);
    r.currencyDeSig = format({ style: "currency", currency: "EUR", maximumSignificantDigits: 3 }, 1234.5678, "de");
    r.currencyNoGrouping = format({ style: "currency", currency: "USD", useGrouping: false, maximumFractionDigits: 0 }, 1234567.8);
    r.currencyIncrement = format({ style: "currency", currency: "CHF", roundingIncrement: 5, maximumFractionDigits: 2, minimumFractionDigits: 2 }, 1.23);
    r.increment50 = format({ roundingIncrement: 50, maximumFractionDigits: 2, minimumFractionDigits: 2 }, 1.26);
    r.increment25 = format({ roundingIncrement: 25, maximumFractionDigits: 2, minimumFractionDigits: 2 }, 1.13);
    r.incrementWithSig = attempt(() => new Intl.NumberFormat("en", { roundingIncrement: 5, maximumSignificantDigits: 2 }));
    r.incrementUnequal = attempt(() => new Intl.NumberFormat("en", { roundingIncrement: 5, maximumFractionDigits: 2 }));
    r.incrementBad = attempt(() => new Intl.NumberFormat("en", { roundingIncrement: 3 }));
    r.sigUnit = format({ style: "unit", unit: "kilobyte", maximumSignificantDigits: 3 }, 1536.75);
    r.sigDe = format({ maximumSignificantDigits: 3 }, 1234567.891, "de");
    r.sigToLocale = attempt(() => (98765.4321).toLocaleString("en", { maximumSignificantDigits: 2 }));
    r.sigWinsOverFraction = format({ maximumSignificantDigits: 2, maximumFractionDigits: 5 }, 1.23456);
    r.morePrecision = format({ maximumSignificantDigits: 2, maximumFractionDigits: 2, roundingPriority: "morePrecision" }, 1.23456);
    r.lessPrecision = format({ maximumSignificantDigits: 2, maximumFractionDigits: 2, roundingPriority: "lessPrecision" }, 1.23456);
    r.morePrecisionBig = format({ maximumSignificantDigits: 2, maximumFractionDigits: 2, roundingPriority: "morePrecision" }, 123.456);
    r.lessPrecisionBig = format({ maximumSignificantDigits: 2, maximumFractionDigits: 2, roundingPriority: "lessPrecision" }, 123.456);
    for (const mode of MODES) {
      r[`mode.${mode}`] = VALUES.map((v) => format({ maximumFractionDigits: 1, roundingMode: mode }, v)).join(" ");
    }
    r.modeSignificant = format({ maximumSignificantDigits: 2, roundingMode: "floor" }, 1299);
    r.stripIfInteger = format({ minimumFractionDigits: 2, trailingZeroDisplay: "stripIfInteger" }, 5);
    r.stripIfIntegerNot = format({ minimumFractionDigits: 2, trailingZeroDisplay: "stripIfInteger" }, 5.1);
    r.stripIfIntegerRounded = format({ maximumFractionDigits: 1, minimumFractionDigits: 1, trailingZeroDisplay: "stripIfInteger" }, 4.96);
    r.badSig = attempt(() => new Intl.NumberFormat("en", { maximumSignificantDigits: 0 }));
    r.badSigBig = attempt(() => new Intl.NumberFormat("en", { maximumSignificantDigits: 22 }));
    r.sigMinOverMax = attempt(() => new Intl.NumberFormat("en", { minimumSignificantDigits: 5, maximumSignificantDigits: 3 }));
    r.badMode = attempt(() => new Intl.NumberFormat("en", { roundingMode: "up" }));
    r.badPriority = attempt(() => new Intl.NumberFormat("en", { roundingPriority: "most" }));
    r.badTrailing = attempt(() => new Intl.NumberFormat("en", { trailingZeroDisplay: "never" }));
    r.resolvedSig = JSON.stringify(new Intl.NumberFormat("en", { maximumSignificantDigits: 3 }).resolvedOptions());
    r.resolvedMode = JSON.stringify(new Intl.NumberFormat("en", { roundingMode: "floor", trailingZeroDisplay: "stripIfInteger" }).resolvedOptions());
    r.resolvedPriority = JSON.stringify(new Intl.NumberFormat("en", { maximumSignificantDigits: 2, roundingPriority: "lessPrecision" }).resolvedOptions());
    r.parts = new Intl.NumberFormat("en", { maximumSignificantDigits: 3 }).formatToParts(1234.5)
      .map((p) => `${p.type}:${p.value}`).join("|");
    r.resolvedCompact = JSON.stringify(new Intl.NumberFormat("en", { notation: "compact" }).resolvedOptions());
    r.resolvedCompactFraction = JSON.stringify(new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).resolvedOptions());
    r.resolvedPlural = JSON.stringify(new Intl.PluralRules("en", { maximumSignificantDigits: 2 }).resolvedOptions());
    r.compactValues = [1234, 12345, 1.5, 999999, 0.123].map((v) => new Intl.NumberFormat("en", { notation: "compact" }).format(v)).join(" ");
    r.compactSig = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 }).format(123456);
    r.pluralSig = new Intl.PluralRules("en", { maximumSignificantDigits: 1 }).select(1.4);
    return Response.json(r);
  },
};
