// Intl as workerd answers it (ICU in V8), for the locales issue #12 names:
// numbers, plural rules, collation, segmentation, lists, canonical locales.
const LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "tr", "ar", "he", "hi", "ja", "ko", "zh"];

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
    return `${err.name}`;
  }
}

function attemptMessage(make) {
  try {
    make();
    return "no error";
  } catch (err) {
    return `${err.name}: ${err.message}`;
  }
}

export default {
  fetch() {
    const r = {};
    // NumberFormat: decimal
    r.decimal = each((l) => new Intl.NumberFormat(l).format(1234567.891));
    r.negative = each((l) => new Intl.NumberFormat(l).format(-0.5));
    r.decimalParts = each((l) => new Intl.NumberFormat(l).formatToParts(-1234.5).map((p) => `${p.type}:${p.value}`).join("|"));
    r.minFraction = each((l) => new Intl.NumberFormat(l, { minimumFractionDigits: 2 }).format(1234));
    r.maxFraction0 = new Intl.NumberFormat("en", { maximumFractionDigits: 0 }).format(2.5) + " " +
      new Intl.NumberFormat("en", { maximumFractionDigits: 0 }).format(3.5) + " " +
      new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(1.25);
    r.maxFraction3Default = new Intl.NumberFormat("en").format(1 / 3);
    r.noGrouping = new Intl.NumberFormat("en", { useGrouping: false }).format(1234567.5);
    r.minInteger = new Intl.NumberFormat("en", { minimumIntegerDigits: 3 }).format(7);
    r.big = new Intl.NumberFormat("en").format(12345678901234567890);
    r.special = [NaN, Infinity, -Infinity, -0].map((n) => new Intl.NumberFormat("de").format(n)).join("|");
    r.hiGrouping = new Intl.NumberFormat("hi").format(123456789);
    r.arDigits = new Intl.NumberFormat("ar-EG").format(1234.5);
    r.thaiDigits = new Intl.NumberFormat("th-u-nu-thai").format(1234);
    // NumberFormat: percent and currency
    r.percent = each((l) => new Intl.NumberFormat(l, { style: "percent" }).format(0.256));
    r.currencyEUR = each((l) => new Intl.NumberFormat(l, { style: "currency", currency: "EUR" }).format(42.5));
    r.currencyUSD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(-1234.5);
    r.currencyJPY = new Intl.NumberFormat("ja-JP", { style: "currency", currency: "JPY" }).format(1234);
    r.currencyCode = new Intl.NumberFormat("en", { style: "currency", currency: "EUR", currencyDisplay: "code" }).format(42.5);
    r.currencyParts = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" })
      .formatToParts(1234.5).map((p) => `${p.type}:${p.value}`).join("|");
    r.currencyMissing = attempt(() => new Intl.NumberFormat("en", { style: "currency" }));
    r.resolved = JSON.stringify(new Intl.NumberFormat("de-DE", { style: "currency", currency: "eur" }).resolvedOptions());
    r.toLocaleString = [(1234.5).toLocaleString(), (1234.5).toLocaleString("de-DE"),
      (0.5).toLocaleString("fr", { style: "percent" })].join("|");
    // PluralRules
    const numbers = [0, 1, 2, 3, 5, 11, 21, 1.5];
    r.cardinal = each((l) => numbers.map((n) => new Intl.PluralRules(l).select(n)).join(","));
    r.ordinalEn = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((n) => new Intl.PluralRules("en", { type: "ordinal" }).select(n)).join(",");
    r.pluralFraction = new Intl.PluralRules("en", { minimumFractionDigits: 1 }).select(1);
    r.pluralCategories = each((l) => new Intl.PluralRules(l).resolvedOptions().pluralCategories.join(","));
    // Collator and localeCompare
    const words = ["ä", "a", "z", "Z", "b", "10", "9", "å", "ö", "o"];
    r.sorted = each((l) => [...words].sort(new Intl.Collator(l).compare).join(""));
    r.numeric = ["10", "9", "1", "100"].sort(new Intl.Collator("en", { numeric: true }).compare).join(",");
    r.sensitivity = ["base", "accent", "case", "variant"].map((s) =>
      [["a", "á"], ["a", "A"], ["a", "a"]].map(([x, y]) => new Intl.Collator("en", { sensitivity: s }).compare(x, y)).join(",")).join("|");
    r.caseFirst = ["a", "A", "b", "B"].sort(new Intl.Collator("en", { caseFirst: "upper" }).compare).join("");
    r.localeCompare = ["a".localeCompare("B"), "a".localeCompare("á", "en", { sensitivity: "base" }),
      "ä".localeCompare("z", "sv"), "ä".localeCompare("z", "de"), "2".localeCompare("10", undefined, { numeric: true })].join(",");
    // Segmenter
    const family = "👨‍👩‍👧‍👦a\u0301b";
    r.graphemes = [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(family)].map((s) => `${s.index}:${s.segment}`).join("|");
    r.words = [...new Intl.Segmenter("en", { granularity: "word" }).segment("Hello, world! It's 42.")]
      .map((s) => `${s.segment}${s.isWordLike ? "*" : ""}`).join("|");
    r.sentences = [...new Intl.Segmenter("en", { granularity: "sentence" }).segment("Hi there. Bye! Ok?")].map((s) => s.segment).join("|");
    const segments = new Intl.Segmenter("en", { granularity: "word" }).segment("ab cd");
    r.containing = JSON.stringify([segments.containing(0), segments.containing(2), segments.containing(4), segments.containing(9)]);
    // ListFormat
    const items = ["A", "B", "C"];
    r.listAnd = each((l) => new Intl.ListFormat(l).format(items));
    r.listOr = each((l) => new Intl.ListFormat(l, { type: "disjunction" }).format(items));
    r.listTwo = new Intl.ListFormat("en").format(["A", "B"]) + "|" + new Intl.ListFormat("es").format(["A", "B"]);
    r.listUnitNarrow = new Intl.ListFormat("en", { type: "unit", style: "narrow" }).format(items);
    r.listShort = new Intl.ListFormat("en", { style: "short" }).format(items);
    r.listParts = new Intl.ListFormat("en").formatToParts(items).map((p) => `${p.type}:${p.value}`).join("|");
    r.listEmpty = new Intl.ListFormat("en").format([]) + "|" + new Intl.ListFormat("en").format(["x"]);
    // Calls, subclasses and refusals
    class Money extends Intl.NumberFormat {
      constructor() {
        super("de", { style: "currency", currency: "EUR" });
      }
    }
    const money = new Money();
    r.withoutNew = Intl.NumberFormat("de").format(1234.5) + "|" + Intl.Collator("de").compare("a", "b");
    r.subclass = `${money.format(3)} ${money instanceof Money} ${money instanceof Intl.NumberFormat}`;
    r.constructorIs = new Intl.NumberFormat().constructor === Intl.NumberFormat;
    r.tag = Object.prototype.toString.call(new Intl.Collator());
    r.badCurrency = attemptMessage(() => new Intl.NumberFormat("en", { style: "currency", currency: "EURO" }));
    r.badStyle = attemptMessage(() => new Intl.NumberFormat("en", { style: "money" }));
    r.currencyName = new Intl.NumberFormat("en", { style: "currency", currency: "EUR", currencyDisplay: "name" }).format(2);
    r.pluralWithoutNew = attempt(() => Intl.PluralRules("en"));
    r.listNotStrings = attempt(() => new Intl.ListFormat("en").format(["a", 1]));
    // Locales
    r.canonical = Intl.getCanonicalLocales(["EN-us", "zh-hant-tw", "de-DE-u-co-phonebk"]).join(",");
    r.badTag = attempt(() => Intl.getCanonicalLocales("en_US"));
    r.supported = Intl.NumberFormat.supportedLocalesOf(["de-AT", "xx-YY", "fr"]).join(",");
    r.fallback = new Intl.NumberFormat("xx").resolvedOptions().locale + "|" + new Intl.NumberFormat("de-CH").resolvedOptions().locale;
    // The Intl object itself
    const d = Object.getOwnPropertyDescriptor(globalThis, "Intl");
    r.intlDescriptor = `${typeof d.value} ${d.writable} ${d.enumerable} ${d.configurable}`;
    r.intlTag = Object.prototype.toString.call(Intl);
    r.intlEnumerable = Object.keys(Intl).join(",");
    r.intlNames = Object.getOwnPropertyNames(Intl).sort().join(",");
    r.durationFormat = typeof Intl.DurationFormat;
    r.dateLongDe = new Date(Date.UTC(2020, 5, 26, 12)).toLocaleString("de-DE", {
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      timeZone: "UTC",
    });
    return Response.json(r);
  },
};
