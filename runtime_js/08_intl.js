// worky's JS glue, part 8: Intl. The QuickJS engine has none of its own (its
// binding installs a stub that formats nothing), so the services below are
// ECMA-402's objects over ICU4X (src/runtime/intl/, with its compiled CLDR
// data): NumberFormat, DateTimeFormat, PluralRules, Collator, Segmenter,
// ListFormat, RelativeTimeFormat, DisplayNames, Locale, getCanonicalLocales,
// and the locale-sensitive methods that use them (toLocaleString,
// localeCompare, toLocaleUpperCase, supportedValuesOf). Nothing here runs
// before a worker uses Intl: the constructors call into Rust on use.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

const {
  BigIntPrototypeToString,
  BigIntPrototypeValueOf,
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypeIndexOf,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  ArrayPrototypeSplice,
  ArrayPrototypeSort,
  DateNow,
  DatePrototypeGetTime,
  FunctionPrototypeBind,
  MathAbs,
  MathFloor,
  MathMax,
  MathMin,
  Number,
  NumberIsFinite,
  NumberIsNaN,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectKeys,
  RangeError,
  ReflectConstruct,
  RegExpPrototypeTest,
  String,
  StringPrototypeCharCodeAt,
  StringPrototypeIndexOf,
  StringPrototypeRepeat,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeToUpperCase,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
} = primordials;

const {
  op_worky_intl_available,
  op_worky_intl_canonical,
  op_worky_intl_change_case,
  op_worky_intl_collate,
  op_worky_intl_currency_digits,
  op_worky_intl_datetime,
  op_worky_intl_datetime_text,
  op_worky_intl_datetime_pattern,
  op_worky_intl_datetime_range,
  op_worky_intl_datetime_locale,
  op_worky_intl_numbering_system,
  op_worky_intl_display_name,
  op_worky_intl_likely_subtags,
  op_worky_intl_supported_values,
  op_worky_intl_unit_check,
  op_worky_intl_list,
  op_worky_intl_number,
  op_worky_intl_number_text,
  op_worky_intl_plural,
  op_worky_intl_plural_categories,
  op_worky_intl_range_symbols,
  op_worky_intl_plural_range,
  op_worky_intl_relative,
  op_worky_intl_segment,
  op_worky_intl_time_zone,
} = core.ops;

const DEFAULT_LOCALE = "en-US";

/** ECMA-402 CanonicalizeLocaleList: tags in canonical form, each once. */
function canonicalizeLocaleList(locales) {
  if (locales === undefined) return [];
  const seen = [];
  const list = typeof locales === "string" || locales instanceof Locale ? [locales] : Object(locales);
  const length = MathFloor(Number(list.length)) || 0;
  for (let i = 0; i < length; i++) {
    if (!(i in list)) continue;
    const value = list[i];
    if (typeof value !== "string" && (typeof value !== "object" || value === null)) {
      throw new TypeError(`Language ID should be string or object.`);
    }
    const tag = op_worky_intl_canonical(String(value));
    if (!ArrayPrototypeIncludes(seen, tag)) ArrayPrototypePush(seen, tag);
  }
  return seen;
}

/** The tag without its Unicode extension (`-u-...`), and that extension's keywords. */
function splitExtension(tag) {
  const at = StringPrototypeIndexOf(tag, "-u-");
  if (at === -1) return [tag, {}];
  const keywords = {};
  let key = null;
  for (const part of StringPrototypeSplit(StringPrototypeSlice(tag, at + 3), "-")) {
    if (part.length === 1) break; // another extension or a private use section
    if (part.length === 2) {
      key = part;
      keywords[key] = "true";
    } else if (key !== null) {
      keywords[key] = keywords[key] === "true" ? part : `${keywords[key]}-${part}`;
    }
  }
  return [StringPrototypeSlice(tag, 0, at), keywords];
}

/** `-u-key-value...` for `keys` of `keywords` that are set ("" for none); "true" is written as the bare key. */
function unicodeExtension(keywords, keys) {
  let extension = "";
  for (const key of keys) {
    const value = keywords[key];
    if (value !== undefined) extension += value === "true" ? `-${key}` : `-${key}-${value}`;
  }
  return extension === "" ? "" : `-u${extension}`;
}

/**
 * ECMA-402 ResolveLocale, simplified: the first requested locale whose
 * language CLDR has, with the extension keywords `relevant` to the service
 * kept; otherwise the default locale.
 */
function resolveLocale(locales, relevant) {
  for (const tag of canonicalizeLocaleList(locales)) {
    if (!op_worky_intl_available(tag)) continue;
    const [base, keywords] = splitExtension(tag);
    const kept = {};
    for (const key of relevant) if (keywords[key] !== undefined) kept[key] = keywords[key];
    return { locale: base + unicodeExtension(kept, relevant), keywords: kept };
  }
  return { locale: DEFAULT_LOCALE, keywords: {} };
}

/** A calendar or numberingSystem option: a Unicode `type`, or V8's RangeError. */
function typeOption(options, name) {
  const value = options[name];
  if (value === undefined) return undefined;
  const text = String(value);
  if (!isUnicodeType(text)) throw new RangeError(`Invalid ${name} : ${text}`);
  return text;
}

/** A Unicode `type` (3 to 8 letters or digits, by `-`), as a calendar must be. */
function isUnicodeType(value) {
  const parts = StringPrototypeSplit(value, "-");
  for (const part of parts) {
    if (part.length < 3 || part.length > 8) return false;
    for (let i = 0; i < part.length; i++) {
      const c = part[i];
      if (!((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9"))) return false;
    }
  }
  return true;
}

function supportedLocalesOf(locales) {
  const list = canonicalizeLocaleList(locales);
  const supported = [];
  for (const tag of list) {
    if (op_worky_intl_available(tag)) ArrayPrototypePush(supported, tag);
  }
  return ObjectFreeze(supported);
}

function getOptionsObject(options) {
  if (options === undefined) return { __proto__: null };
  if (options === null) throw new TypeError("Cannot convert undefined or null to object");
  return Object(options);
}

/** ECMA-402 GetOption for strings, with V8's message for a value out of range. */
function getOption(options, property, values, fallback, service) {
  let value = options[property];
  if (value === undefined) return fallback;
  value = String(value);
  if (values !== undefined && !ArrayPrototypeIncludes(values, value)) {
    throw new RangeError(`Value ${value} out of range for Intl.${service} options property ${property}`);
  }
  return value;
}

function getBooleanOption(options, property, fallback) {
  const value = options[property];
  return value === undefined ? fallback : !!value;
}

function getNumberOption(options, property, minimum, maximum, fallback) {
  const value = options[property];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (NumberIsNaN(number) || number < minimum || number > maximum) {
    throw new RangeError(`${property} value is out of range.`);
  }
  return MathFloor(number);
}

const ROUNDING_MODES = ["ceil", "floor", "expand", "trunc", "halfCeil", "halfFloor", "halfExpand", "halfTrunc", "halfEven"];
const ROUNDING_PRIORITIES = ["auto", "morePrecision", "lessPrecision"];
const ROUNDING_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000];

/** ECMA-402 DefaultNumberOption: a number in range, floored; `fallback` when undefined. */
function defaultNumberOption(value, property, minimum, maximum, fallback) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (NumberIsNaN(number) || number < minimum || number > maximum) {
    throw new RangeError(`${property} value is out of range.`);
  }
  return MathFloor(number);
}

/**
 * ECMA-402 SetNumberFormatDigitOptions: integer, fraction and significant digits,
 * which of them round (`roundingPriority`), the rounding mode and increment and
 * trailing zeros. `code` packs what the number ops take besides fraction digits
 * (src/runtime/intl/mod.rs, `Rounding::from_code`).
 */
function digitOptions(options, fractionMinimumDefault, fractionMaximumDefault, notation) {
  const digits = { minimumIntegerDigits: getNumberOption(options, "minimumIntegerDigits", 1, 21, 1) };
  let minimumFraction = options.minimumFractionDigits;
  let maximumFraction = options.maximumFractionDigits;
  let minimumSignificant = options.minimumSignificantDigits;
  let maximumSignificant = options.maximumSignificantDigits;
  const increment = getNumberOption(options, "roundingIncrement", 1, 5000, 1);
  if (!ArrayPrototypeIncludes(ROUNDING_INCREMENTS, increment)) {
    throw new RangeError("roundingIncrement value is out of range.");
  }
  const mode = getOption(options, "roundingMode", ROUNDING_MODES, "halfExpand", "NumberFormat");
  const priority = getOption(options, "roundingPriority", ROUNDING_PRIORITIES, "auto", "NumberFormat");
  const trailingZeros = getOption(options, "trailingZeroDisplay", ["auto", "stripIfInteger"], "auto", "NumberFormat");
  if (increment !== 1) fractionMaximumDefault = fractionMinimumDefault;
  const hasSignificant = minimumSignificant !== undefined || maximumSignificant !== undefined;
  const hasFraction = minimumFraction !== undefined || maximumFraction !== undefined;
  let needSignificant = true;
  let needFraction = true;
  if (priority === "auto") {
    needSignificant = hasSignificant;
    if (needSignificant || (!hasFraction && notation === "compact")) needFraction = false;
  }
  if (needSignificant) {
    if (hasSignificant) {
      minimumSignificant = defaultNumberOption(minimumSignificant, "minimumSignificantDigits", 1, 21, 1);
      maximumSignificant = defaultNumberOption(maximumSignificant, "maximumSignificantDigits", minimumSignificant, 21, 21);
    } else {
      minimumSignificant = 1;
      maximumSignificant = 21;
    }
  }
  if (needFraction) {
    if (hasFraction) {
      minimumFraction = defaultNumberOption(minimumFraction, "minimumFractionDigits", 0, 100, undefined);
      maximumFraction = defaultNumberOption(maximumFraction, "maximumFractionDigits", 0, 100, undefined);
      if (minimumFraction === undefined) minimumFraction = MathMin(fractionMinimumDefault, maximumFraction);
      else if (maximumFraction === undefined) maximumFraction = MathMax(fractionMaximumDefault, minimumFraction);
      else if (minimumFraction > maximumFraction) throw new RangeError("maximumFractionDigits value is out of range.");
    } else {
      minimumFraction = fractionMinimumDefault;
      maximumFraction = fractionMaximumDefault;
    }
  }
  let kind;
  if (!needSignificant && !needFraction) {
    // Compact notation with no digit options: its own rounding.
    [minimumFraction, maximumFraction, minimumSignificant, maximumSignificant] = [0, 0, 1, 2];
    digits.roundingPriority = "morePrecision";
    kind = 2;
  } else {
    digits.roundingPriority = priority;
    kind = priority === "auto" ? (needSignificant ? 1 : 0) : priority === "morePrecision" ? 2 : 3;
  }
  if (increment !== 1) {
    if (kind !== 0) throw new TypeError("roundingIncrement can only be used with fraction digits rounding");
    if (maximumFraction !== minimumFraction) {
      throw new RangeError("maximumFractionDigits must be equal to minimumFractionDigits with a roundingIncrement");
    }
  }
  if (kind !== 1) {
    digits.minimumFractionDigits = minimumFraction;
    digits.maximumFractionDigits = maximumFraction;
  }
  if (kind !== 0) {
    digits.minimumSignificantDigits = minimumSignificant;
    digits.maximumSignificantDigits = maximumSignificant;
  }
  digits.roundingIncrement = increment;
  digits.roundingMode = mode;
  digits.trailingZeroDisplay = trailingZeros;
  digits.code = (minimumSignificant ?? 1) | ((maximumSignificant ?? 21) << 5) |
    (ArrayPrototypeIndexOf(ROUNDING_MODES, mode) << 10) | (kind << 14) |
    ((trailingZeros === "stripIfInteger" ? 1 : 0) << 16) | (ArrayPrototypeIndexOf(ROUNDING_INCREMENTS, increment) << 17);
  return digits;
}

/** The rounding options' part of resolvedOptions(), last in V8's order. */
function resolvedRounding(options, digits) {
  options.roundingIncrement = digits.roundingIncrement;
  options.roundingMode = digits.roundingMode;
  options.roundingPriority = digits.roundingPriority;
  options.trailingZeroDisplay = digits.trailingZeroDisplay;
}

/** A range's ends as numbers (NumberFormat#formatRange, PluralRules#selectRange), V8's errors naming them `names`. */
function rangeEnds(start, end, names) {
  if (start === undefined) throw new TypeError(`Invalid ${names[0]} : undefined`);
  if (end === undefined) throw new TypeError(`Invalid ${names[1]} : undefined`);
  const first = Number(start);
  const second = Number(end);
  if (NumberIsNaN(first)) throw new RangeError(`Invalid ${names[0]} : ${String(first)}`);
  if (NumberIsNaN(second)) throw new RangeError(`Invalid ${names[1]} : ${String(second)}`);
  return [first, second];
}

/** The digit options' part of resolvedOptions(), in V8's order. */
function resolvedDigits(options, digits) {
  options.minimumIntegerDigits = digits.minimumIntegerDigits;
  if (digits.minimumFractionDigits !== undefined) {
    options.minimumFractionDigits = digits.minimumFractionDigits;
    options.maximumFractionDigits = digits.maximumFractionDigits;
  }
  if (digits.minimumSignificantDigits !== undefined) {
    options.minimumSignificantDigits = digits.minimumSignificantDigits;
    options.maximumSignificantDigits = digits.maximumSignificantDigits;
  }
}

function partsToString(parts) {
  let text = "";
  for (const part of parts) text += part[1];
  return text;
}

function partsToObjects(parts) {
  return ArrayPrototypeMap(parts, (part) => ({ type: part[0], value: part[1] }));
}

// ---------------------------------------------------------------- NumberFormat

const NUMBER_STYLES = ["decimal", "percent", "currency", "unit"];
const CURRENCY_DISPLAYS = ["symbol", "narrowSymbol", "code", "name"];
// In the order src/runtime/ops/intl.rs's UNIT_WIDTHS has them.
const UNIT_DISPLAYS = ["short", "narrow", "long"];
const SIGN_DISPLAYS = ["auto", "never", "always", "exceptZero", "negative"];
const NOTATIONS = ["standard", "scientific", "engineering", "compact"];

// The parts of a formatted number that are the number itself (a compact suffix
// and an exponent included: ICU's inner modifier, never written once for a range).
const RANGE_CORE = ["integer", "group", "decimal", "fraction", "compact", "exponentSeparator",
  "exponentMinusSign", "exponentInteger", "nan", "infinity"];
const RANGE_SIGNS = ["minusSign", "plusSign"];

/**
 * A formatted number's affixes as ICU's range formatter sees them: the number
 * (core; `inner` when a compact suffix or exponent is part of it), the middle
 * affixes (sign, currency, percent) and, in the unit style, the outer ones (the
 * unit and what joins it).
 */
function codePoints(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = StringPrototypeCharCodeAt(text, i);
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

function rangeAffixes(parts, unit) {
  let first = 0;
  while (first < parts.length && !ArrayPrototypeIncludes(RANGE_CORE, parts[first][0])) first++;
  let last = parts.length - 1;
  while (last > first && !ArrayPrototypeIncludes(RANGE_CORE, parts[last][0])) last--;
  const core = ArrayPrototypeSlice(parts, first, last + 1);
  const prefix = ArrayPrototypeSlice(parts, 0, first);
  const suffix = ArrayPrototypeSlice(parts, last + 1);
  const isMiddle = (part) => !unit || ArrayPrototypeIncludes(RANGE_SIGNS, part[0]);
  const affixes = {
    core,
    inner: ArrayPrototypeSome(core, (part) => part[0] === "compact" || part[0] === "exponentSeparator"),
    middleBefore: ArrayPrototypeFilter(prefix, isMiddle),
    middleAfter: ArrayPrototypeFilter(suffix, isMiddle),
    outerBefore: ArrayPrototypeFilter(prefix, (part) => !isMiddle(part)),
    outerAfter: ArrayPrototypeFilter(suffix, (part) => !isMiddle(part)),
  };
  affixes.middlePrefix = partsToString(affixes.middleBefore);
  affixes.middleSuffix = partsToString(affixes.middleAfter);
  affixes.outer = partsToString(affixes.outerBefore) + partsToString(affixes.outerAfter);
  return affixes;
}

class NumberFormat {
  #locale;
  #numberingSystem;
  #style;
  #currency;
  #currencyDisplay;
  #unit;
  #unitDisplay;
  #grouping;
  // digitOptions(): the digits and how they round.
  #digits;
  #signDisplay;
  #notation;
  #compactDisplay;
  // What the op takes, derived once: style, currency display and notation as codes.
  #codes;
  #bound;

  constructor(locales, options) {
    options = getOptionsObject(options);
    const style = getOption(options, "style", NUMBER_STYLES, "decimal", "NumberFormat");
    const { locale, keywords } = resolveLocale(locales, ["nu"]);
    this.#locale = locale;
    this.#numberingSystem = op_worky_intl_numbering_system(locale);
    this.#style = style;
    const currency = options.currency;
    if (style === "currency" && currency === undefined) {
      throw new TypeError("Currency code is required with currency style.");
    }
    let fractionDefault = style === "percent" ? 0 : 3;
    let fractionMinimum = 0;
    if (currency !== undefined) {
      const code = String(currency);
      const digits = op_worky_intl_currency_digits(code);
      if (style === "currency") {
        this.#currency = StringPrototypeToUpperCase(code);
        this.#currencyDisplay = getOption(options, "currencyDisplay", CURRENCY_DISPLAYS, "symbol", "NumberFormat");
        fractionDefault = digits;
        fractionMinimum = digits;
      }
    }
    if (style === "unit") {
      if (options.unit === undefined) throw new TypeError("Unit is required with unit style.");
      this.#unit = String(options.unit);
      // A RangeError for a unit that is not one, or one without CLDR names here.
      op_worky_intl_unit_check(locale, this.#unit);
      this.#unitDisplay = getOption(options, "unitDisplay", UNIT_DISPLAYS, "short", "NumberFormat");
    }
    this.#notation = getOption(options, "notation", NOTATIONS, "standard", "NumberFormat");
    const grouping = options.useGrouping;
    // Compact notation groups only from five digits on by default (ECMA-402's min2).
    this.#grouping = grouping === undefined ? (this.#notation === "compact" ? "min2" : "auto")
      : grouping === true || grouping === "true" ? "auto"
      : grouping === false || grouping === "false" ? "false"
      : getOption(options, "useGrouping", ["min2", "auto", "always"], "auto", "NumberFormat");
    // A currency's own digits are the defaults in standard notation only (ECMA-402).
    if (style === "currency" && this.#notation !== "standard") [fractionMinimum, fractionDefault] = [0, 3];
    this.#digits = digitOptions(options, fractionMinimum, fractionDefault, this.#notation);
    this.#signDisplay = getOption(options, "signDisplay", SIGN_DISPLAYS, "auto", "NumberFormat");
    this.#compactDisplay = getOption(options, "compactDisplay", ["short", "long"], "short", "NumberFormat");
    this.#codes = [
      ArrayPrototypeIndexOf(NUMBER_STYLES, style),
      style === "unit"
        ? ArrayPrototypeIndexOf(UNIT_DISPLAYS, this.#unitDisplay)
        : this.#currencyDisplay === undefined ? 0 : ArrayPrototypeIndexOf(CURRENCY_DISPLAYS, this.#currencyDisplay),
      this.#notation === "compact" && style === "decimal" ? (this.#compactDisplay === "long" ? 2 : 1)
        : this.#notation === "scientific" ? 3
        : this.#notation === "engineering" ? 4
        : 0,
    ];
  }

  #parts(value, text = false) {
    const [style, display, compact] = this.#codes;
    return (text ? op_worky_intl_number_text : op_worky_intl_number)(
      this.#locale,
      style,
      this.#currency ?? this.#unit ?? "",
      display,
      this.#grouping,
      this.#digits.minimumIntegerDigits,
      this.#digits.minimumFractionDigits ?? 0,
      this.#digits.maximumFractionDigits ?? 0,
      this.#digits.code,
      this.#signDisplay,
      compact,
      // A BigInt goes as its digits, formatted exactly (a double keeps ~17).
      typeof value === "bigint" ? 0 : Number(value),
      typeof value === "bigint" ? BigIntPrototypeToString(value) : "",
    );
  }

  // ECMA-402: `format` is a getter for a function bound to this formatter.
  get format() {
    this.#bound ??= FunctionPrototypeBind(function format(value) {
      return this.#parts(value, true);
    }, this);
    return this.#bound;
  }

  formatToParts(value) {
    return partsToObjects(this.#parts(value));
  }

  formatRange(start, end) {
    return partsToString(this.#rangeParts(start, end));
  }

  formatRangeToParts(start, end) {
    return ArrayPrototypeMap(this.#rangeParts(start, end), (part) => ({ type: part[0], value: part[1], source: part[2] }));
  }

  /**
   * A range as ICU's range formatter writes it for V8 (collapse "auto", identity
   * fallback "approximately"): equal ends once formatted are one number after the
   * approximately sign; otherwise both joined by the locale's range pattern, an
   * affix they share written once where it is a unit, or longer than one
   * character (`3,00-5,00 EUR` but `$3.00 - $5.00`), and spaces around the
   * separator when an affix is written twice. Parts as [type, value, source].
   */
  #rangeParts(start, end) {
    const { 0: first, 1: second } = rangeEnds(start, end, ["start", "end"]);
    const startParts = this.#parts(first);
    const endParts = this.#parts(second);
    const { 0: pattern, 1: approximately } = op_worky_intl_range_symbols(this.#locale);
    if (partsToString(startParts) === partsToString(endParts)) {
      const parts = ArrayPrototypeMap(startParts, (part) => [part[0], part[1], "shared"]);
      let at = 0;
      while (at < parts.length && parts[at][0] === "literal" && RegExpPrototypeTest(/^[\u200e\u200f\u061c]+$/, parts[at][1])) at++;
      ArrayPrototypeSplice(parts, at, 0, ["approximatelySign", approximately, "shared"]);
      return parts;
    }
    const unit = this.#style === "unit";
    const a = rangeAffixes(startParts, unit);
    const b = rangeAffixes(endParts, unit);
    // The outer affix (a unit, the same at both ends) is written once, in the
    // end's plural form; the middle one when both ends have it and it is longer
    // than one character (ICU's "auto" heuristic).
    const collapseOuter = true;
    const middleA = a.middlePrefix + a.middleSuffix;
    const collapseMiddle = a.middlePrefix === b.middlePrefix && a.middleSuffix === b.middleSuffix &&
      codePoints(middleA) > 1;
    const side = (affixes, source) => {
      const parts = [];
      const push = (list) => { for (const part of list) ArrayPrototypePush(parts, [part[0], part[1], source]); };
      if (!collapseOuter) push(affixes.outerBefore);
      if (!collapseMiddle) push(affixes.middleBefore);
      push(affixes.core);
      if (!collapseMiddle) push(affixes.middleAfter);
      if (!collapseOuter) push(affixes.outerAfter);
      return parts;
    };
    const repeated = (!collapseMiddle && middleA !== "") || (!collapseOuter && a.outer !== "") || a.inner;
    const before = StringPrototypeIndexOf(pattern, "{0}");
    const after = StringPrototypeIndexOf(pattern, "{1}");
    let separator = StringPrototypeSlice(pattern, before + 3, after);
    if (repeated) {
      if (!RegExpPrototypeTest(/^\s/, separator)) separator = " " + separator;
      if (!RegExpPrototypeTest(/\s$/, separator)) separator += " ";
    }
    const parts = [];
    const shared = (list) => { for (const part of list) ArrayPrototypePush(parts, [part[0], part[1], "shared"]); };
    if (before > 0) ArrayPrototypePush(parts, ["literal", StringPrototypeSlice(pattern, 0, before), "shared"]);
    if (collapseOuter) shared(b.outerBefore);
    if (collapseMiddle) shared(b.middleBefore);
    for (const part of side(a, "startRange")) ArrayPrototypePush(parts, part);
    ArrayPrototypePush(parts, ["literal", separator, "shared"]);
    for (const part of side(b, "endRange")) ArrayPrototypePush(parts, part);
    if (collapseMiddle) shared(b.middleAfter);
    if (collapseOuter) shared(b.outerAfter);
    if (after + 3 < pattern.length) ArrayPrototypePush(parts, ["literal", StringPrototypeSlice(pattern, after + 3), "shared"]);
    return parts;
  }

  resolvedOptions() {
    const options = {
      locale: this.#locale,
      numberingSystem: this.#numberingSystem,
      style: this.#style,
    };
    if (this.#style === "currency") {
      options.currency = this.#currency;
      options.currencyDisplay = this.#currencyDisplay;
      options.currencySign = "standard";
    }
    if (this.#style === "unit") {
      options.unit = this.#unit;
      options.unitDisplay = this.#unitDisplay;
    }
    resolvedDigits(options, this.#digits);
    options.useGrouping = this.#grouping === "false" ? false : this.#grouping;
    options.notation = this.#notation;
    if (this.#notation === "compact") options.compactDisplay = this.#compactDisplay;
    options.signDisplay = this.#signDisplay;
    resolvedRounding(options, this.#digits);
    return options;
  }
}

// ---------------------------------------------------------------- PluralRules

class PluralRules {
  #locale;
  #type;
  #notation;
  #digits;

  constructor(locales, options) {
    options = getOptionsObject(options);
    this.#type = getOption(options, "type", ["cardinal", "ordinal"], "cardinal", "PluralRules");
    this.#locale = resolveLocale(locales, []).locale;
    // Reported as given; plural categories are chosen as in standard notation.
    this.#notation = getOption(options, "notation", NOTATIONS, "standard", "PluralRules");
    this.#digits = digitOptions(options, 0, 3, this.#notation);
  }

  select(value) {
    return op_worky_intl_plural(
      this.#locale,
      this.#type === "ordinal",
      this.#digits.minimumFractionDigits ?? 0,
      this.#digits.maximumFractionDigits ?? 0,
      this.#digits.code,
      Number(value),
    );
  }

  selectRange(start, end) {
    const { 0: first, 1: second } = rangeEnds(start, end, ["startRange", "endRange"]);
    return op_worky_intl_plural_range(
      this.#locale,
      this.#type === "ordinal",
      this.#digits.minimumFractionDigits ?? 0,
      this.#digits.maximumFractionDigits ?? 0,
      this.#digits.code,
      first,
      second,
    );
  }

  resolvedOptions() {
    const options = { locale: this.#locale, type: this.#type, notation: this.#notation };
    resolvedDigits(options, this.#digits);
    options.pluralCategories = op_worky_intl_plural_categories(this.#locale, this.#type === "ordinal");
    resolvedRounding(options, this.#digits);
    return options;
  }
}

// ---------------------------------------------------------------- Collator

const SENSITIVITIES = ["base", "accent", "case", "variant"];

class Collator {
  #locale;
  #usage;
  #sensitivity;
  #numeric;
  #caseFirst;
  #ignorePunctuation;
  // What the op takes, derived once: sensitivity and caseFirst as codes.
  #sensitivityCode;
  #caseFirstCode;
  #bound;

  constructor(locales, options) {
    options = getOptionsObject(options);
    this.#usage = getOption(options, "usage", ["sort", "search"], "sort", "Collator");
    const { locale, keywords } = resolveLocale(locales, ["kn", "kf"]);
    this.#locale = locale;
    const numeric = options.numeric;
    this.#numeric = numeric !== undefined ? !!numeric : keywords.kn === "true";
    this.#caseFirst = getOption(options, "caseFirst", ["upper", "lower", "false"], keywords.kf ?? "false", "Collator");
    this.#sensitivity = getOption(options, "sensitivity", SENSITIVITIES, "variant", "Collator");
    this.#ignorePunctuation = getBooleanOption(options, "ignorePunctuation", false);
    this.#sensitivityCode = ArrayPrototypeIndexOf(SENSITIVITIES, this.#sensitivity);
    this.#caseFirstCode = this.#caseFirst === "upper" ? 1 : this.#caseFirst === "lower" ? 2 : 0;
  }

  // ECMA-402: `compare` is a getter for a function bound to this collator.
  get compare() {
    this.#bound ??= FunctionPrototypeBind(function compare(a, b) {
      return op_worky_intl_collate(
        this.#locale,
        this.#sensitivityCode,
        this.#numeric,
        this.#caseFirstCode,
        String(a),
        String(b),
      );
    }, this);
    return this.#bound;
  }

  resolvedOptions() {
    return {
      locale: this.#locale,
      usage: this.#usage,
      sensitivity: this.#sensitivity,
      ignorePunctuation: this.#ignorePunctuation,
      collation: "default",
      numeric: this.#numeric,
      caseFirst: this.#caseFirst,
    };
  }
}

// ---------------------------------------------------------------- Segmenter

const GRANULARITIES = ["grapheme", "word", "sentence"];

class Segments {
  #input;
  #granularity;
  #ends;

  constructor(input, granularity) {
    this.#input = input;
    this.#granularity = granularity;
  }

  #breaks() {
    if (this.#ends === undefined) {
      this.#ends = op_worky_intl_segment(ArrayPrototypeIndexOf(GRANULARITIES, this.#granularity), this.#input);
    }
    return this.#ends;
  }

  #data(start, end, wordLike) {
    const data = { segment: StringPrototypeSlice(this.#input, start, end), index: start, input: this.#input };
    if (this.#granularity === "word") data.isWordLike = wordLike;
    return data;
  }

  containing(index) {
    const at = index === undefined ? 0 : MathFloor(Number(index)) || 0;
    if (at < 0 || at >= this.#input.length) return undefined;
    let start = 0;
    for (const [end, wordLike] of this.#breaks()) {
      if (at < end) return this.#data(start, end, wordLike);
      start = end;
    }
    return undefined;
  }

  *[SymbolIterator]() {
    let start = 0;
    for (const [end, wordLike] of this.#breaks()) {
      yield this.#data(start, end, wordLike);
      start = end;
    }
  }
}

class Segmenter {
  #locale;
  #granularity;

  constructor(locales, options) {
    options = getOptionsObject(options);
    this.#locale = resolveLocale(locales, []).locale;
    this.#granularity = getOption(options, "granularity", GRANULARITIES, "grapheme", "Segmenter");
  }

  segment(input) {
    return new Segments(String(input), this.#granularity);
  }

  resolvedOptions() {
    return { locale: this.#locale, granularity: this.#granularity };
  }
}

// ---------------------------------------------------------------- ListFormat

const LIST_TYPES = ["conjunction", "disjunction", "unit"];
const LIST_STYLES = ["long", "short", "narrow"];

class ListFormat {
  #locale;
  #type;
  #style;

  constructor(locales, options) {
    options = getOptionsObject(options);
    this.#locale = resolveLocale(locales, []).locale;
    this.#type = getOption(options, "type", LIST_TYPES, "conjunction", "ListFormat");
    this.#style = getOption(options, "style", LIST_STYLES, "long", "ListFormat");
  }

  #parts(list) {
    const items = [];
    if (list !== undefined) {
      for (const item of list) {
        if (typeof item !== "string") throw new TypeError(`Iterable yielded ${String(item)} which is not a string`);
        ArrayPrototypePush(items, item);
      }
    }
    return op_worky_intl_list(
      this.#locale,
      ArrayPrototypeIndexOf(LIST_TYPES, this.#type),
      ArrayPrototypeIndexOf(LIST_STYLES, this.#style),
      items,
    );
  }

  format(list) {
    return partsToString(this.#parts(list));
  }

  formatToParts(list) {
    return partsToObjects(this.#parts(list));
  }

  resolvedOptions() {
    return { locale: this.#locale, type: this.#type, style: this.#style };
  }
}

// ---------------------------------------------------------------- DateTimeFormat

const STYLES = ["full", "long", "medium", "short"];
const TEXT_WIDTHS = ["narrow", "short", "long"];
const NUMERIC_WIDTHS = ["numeric", "2-digit"];
const MONTH_WIDTHS = ["numeric", "2-digit", "narrow", "short", "long"];
const ZONE_NAMES = ["short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric"];
// ECMA-402's components, in its table's order, with their UTS 35 letters per width.
const COMPONENTS = [
  ["weekday", TEXT_WIDTHS, { narrow: "EEEEE", short: "EEE", long: "EEEE" }],
  ["era", TEXT_WIDTHS, { narrow: "GGGGG", short: "G", long: "GGGG" }],
  ["year", NUMERIC_WIDTHS, { numeric: "y", "2-digit": "yy" }],
  ["month", MONTH_WIDTHS, { numeric: "M", "2-digit": "MM", narrow: "MMMMM", short: "MMM", long: "MMMM" }],
  ["day", NUMERIC_WIDTHS, { numeric: "d", "2-digit": "dd" }],
  ["dayPeriod", TEXT_WIDTHS, { narrow: "BBBBB", short: "B", long: "BBBB" }],
  ["hour", NUMERIC_WIDTHS, { numeric: "j", "2-digit": "jj" }],
  ["minute", NUMERIC_WIDTHS, { numeric: "m", "2-digit": "mm" }],
  ["second", NUMERIC_WIDTHS, { numeric: "s", "2-digit": "ss" }],
  ["timeZoneName", ZONE_NAMES, {
    short: "z", long: "zzzz", shortOffset: "O", longOffset: "OOOO", shortGeneric: "v", longGeneric: "vvvv",
  }],
];

/**
 * ECMA-402 ToDateTimeOptions: with no date or time component asked for, the
 * `defaults` ("date", "time" or "all") are numeric.
 */
function withDefaults(options, required, defaults) {
  options = getOptionsObject(options);
  // Only the options DateTimeFormat reads, each read once (a getter runs once, as in V8).
  const copy = { __proto__: null };
  for (const key of ["weekday", "era", "year", "month", "day", "hour", "minute", "second", "fractionalSecondDigits",
    "timeZoneName", "dayPeriod", "hour12", "hourCycle", "timeZone", "dateStyle", "timeStyle", "calendar", "numberingSystem"]) {
    const value = options[key];
    if (value !== undefined) copy[key] = value;
  }
  let needDefaults = copy.dateStyle === undefined && copy.timeStyle === undefined;
  if (required === "date" || required === "any") {
    for (const key of ["weekday", "year", "month", "day"]) if (copy[key] !== undefined) needDefaults = false;
  }
  if (required === "time" || required === "any") {
    for (const key of ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"]) {
      if (copy[key] !== undefined) needDefaults = false;
    }
  }
  if (needDefaults && (defaults === "date" || defaults === "all")) {
    copy.year = copy.month = copy.day = "numeric";
  }
  if (needDefaults && (defaults === "time" || defaults === "all")) {
    copy.hour = copy.minute = copy.second = "numeric";
  }
  return copy;
}

class DateTimeFormat {
  #locale;
  #timeZone;
  #clock;
  #calendar;
  #numberingSystem;
  /** The locale the ops format for: with -u-ca- where the calendar is not the locale's own, -u-nu- where asked. */
  #dataLocale;
  #specArray;
  #skeleton = "";
  #dateStyle;
  #timeStyle;
  #components = { __proto__: null };
  #bound;

  constructor(locales, options, required = "any", defaults = "date") {
    options = withDefaults(options, required, defaults);
    const calendar = typeOption(options, "calendar");
    const numbering = typeOption(options, "numberingSystem");
    const { locale, keywords } = resolveLocale(locales, ["ca", "hc", "nu"]);
    const base = splitExtension(locale)[0];
    // The calendar: the option, the locale's -u-ca-, else its region's (Thai
    // Buddhist, Persian in fa); the digits: the option, -u-nu-, else the
    // locale's (Arabic in Egypt). The resolved locale keeps a keyword its
    // option agrees with.
    const nu = numbering ?? keywords.nu;
    const [resolvedCalendar, own, numberingSystem] = op_worky_intl_datetime_locale(base, calendar ?? keywords.ca ?? "", nu ?? "");
    this.#calendar = resolvedCalendar;
    this.#numberingSystem = numberingSystem;
    const data = { ca: own ? undefined : this.#calendar, nu: nu === this.#numberingSystem ? nu : undefined };
    this.#dataLocale = base + unicodeExtension(data, ["ca", "nu"]);
    const hour12 = options.hour12;
    const hourCycle = getOption(options, "hourCycle", HOUR_CYCLE_NAMES, undefined, "DateTimeFormat");
    // hour12 wins over hourCycle, which wins over -u-hc- (ECMA-402).
    const cycle = hour12 !== undefined ? undefined : hourCycle ?? (ArrayPrototypeIncludes(HOUR_CYCLE_NAMES, keywords.hc) ? keywords.hc : undefined);
    // 1-2: hour12, 3-6: the hour cycles in order.
    this.#clock = hour12 !== undefined ? (hour12 ? 1 : 2) : cycle === undefined ? 0 : 3 + ArrayPrototypeIndexOf(HOUR_CYCLE_NAMES, cycle);
    const kept = {
      ca: keywords.ca === this.#calendar ? keywords.ca : undefined,
      hc: keywords.hc !== undefined && keywords.hc === cycle ? keywords.hc : undefined,
      nu: keywords.nu !== undefined && keywords.nu === this.#numberingSystem ? keywords.nu : undefined,
    };
    this.#locale = base + unicodeExtension(kept, ["ca", "hc", "nu"]);
    const zone = options.timeZone;
    this.#timeZone = zone === undefined ? "UTC" : op_worky_intl_time_zone(String(zone));
    this.#dateStyle = getOption(options, "dateStyle", STYLES, undefined, "DateTimeFormat");
    this.#timeStyle = getOption(options, "timeStyle", STYLES, undefined, "DateTimeFormat");
    for (const [name, widths, letters] of COMPONENTS) {
      const width = getOption(options, name, widths, undefined, "DateTimeFormat");
      if (width === undefined) continue;
      // V8's message, word for word.
      if (this.#dateStyle !== undefined || this.#timeStyle !== undefined) throw new TypeError("Invalid option : option");
      this.#components[name] = width;
      this.#skeleton += letters[width];
    }
    const fraction = getNumberOption(options, "fractionalSecondDigits", 1, 3, undefined);
    if (fraction !== undefined) {
      this.#components.fractionalSecondDigits = fraction;
      this.#skeleton += StringPrototypeRepeat("S", fraction);
    }
  }

  #parts(date, text) {
    const time = date === undefined ? DateNow() : Number(date);
    if (!NumberIsFinite(time) || MathAbs(time) > 8.64e15) throw new RangeError("Invalid time value");
    if (text) return op_worky_intl_datetime_text(this.#spec(), time);
    return partsToObjects(op_worky_intl_datetime(this.#spec(), time));
  }

  // ECMA-402: `format` is a getter for a function bound to this formatter.
  get format() {
    this.#bound ??= FunctionPrototypeBind(function format(date) {
      return this.#parts(date, true);
    }, this);
    return this.#bound;
  }

  formatToParts(date) {
    return this.#parts(date, false);
  }

  /** This formatter as the ops take it (DateTimeSpec in src/runtime/ops/intl.rs). */
  #spec() {
    this.#specArray ??= [
      this.#dataLocale, this.#skeleton, this.#dateStyle ?? "", this.#timeStyle ?? "", this.#timeZone, this.#clock,
    ];
    return this.#specArray;
  }

  /** [type, value, source] of a range, as ICU's DateIntervalFormat writes it for V8. */
  #rangeParts(start, end) {
    // V8's errors: a missing end is a TypeError, a date out of range a RangeError.
    if (start === undefined || end === undefined) throw new TypeError("Invalid time value");
    const from = Number(start);
    const to = Number(end);
    for (const time of [from, to]) {
      if (!NumberIsFinite(time) || MathAbs(time) > 8.64e15) throw new RangeError("Invalid time value");
    }
    return op_worky_intl_datetime_range(this.#spec(), from, to);
  }

  formatRange(start, end) {
    let text = "";
    for (const part of this.#rangeParts(start, end)) text += part[1];
    return text;
  }

  formatRangeToParts(start, end) {
    return ArrayPrototypeMap(this.#rangeParts(start, end), (part) => ({ type: part[0], value: part[1], source: part[2] }));
  }

  resolvedOptions() {
    const options = {
      locale: this.#locale,
      calendar: this.#calendar,
      numberingSystem: this.#numberingSystem,
      timeZone: this.#timeZone,
    };
    const pattern = op_worky_intl_datetime_pattern(this.#spec());
    // As V8: the widths and the clock of the pattern found, not the ones asked for.
    const found = pattern === "" ? undefined : patternOptions(pattern);
    const asked = this.#clock === 0 ? undefined : this.#clock <= 2 ? ["h12", "h23"][this.#clock - 1] : HOUR_CYCLE_NAMES[this.#clock - 3];
    const hourCycle = found?.hourCycle ?? asked;
    if (hourCycle !== undefined && (this.#components.hour !== undefined || this.#timeStyle !== undefined)) {
      options.hourCycle = hourCycle;
      options.hour12 = hourCycle === "h11" || hourCycle === "h12";
    }
    const components = this.#dateStyle === undefined && this.#timeStyle === undefined && found !== undefined
      ? found
      : this.#components;
    for (const [name] of COMPONENTS) {
      if (name === "timeZoneName") continue;
      if (components[name] !== undefined) options[name] = components[name];
    }
    if (components.fractionalSecondDigits !== undefined) {
      options.fractionalSecondDigits = components.fractionalSecondDigits;
    }
    if (components.timeZoneName !== undefined) options.timeZoneName = components.timeZoneName;
    if (this.#dateStyle !== undefined) options.dateStyle = this.#dateStyle;
    if (this.#timeStyle !== undefined) options.timeStyle = this.#timeStyle;
    return options;
  }
}

// What a UTS 35 pattern's fields say as ECMA-402's options (V8's table).
const PATTERN_FIELDS = {
  E: ["weekday", { 5: "narrow", 4: "long" }, "short"],
  c: ["weekday", { 5: "narrow", 4: "long" }, "short"],
  G: ["era", { 5: "narrow", 4: "long" }, "short"],
  y: ["year", { 2: "2-digit" }, "numeric"],
  M: ["month", { 5: "narrow", 4: "long", 3: "short", 2: "2-digit" }, "numeric"],
  L: ["month", { 5: "narrow", 4: "long", 3: "short", 2: "2-digit" }, "numeric"],
  d: ["day", { 2: "2-digit" }, "numeric"],
  B: ["dayPeriod", { 5: "narrow", 4: "long" }, "short"],
  h: ["hour", { 2: "2-digit" }, "numeric"],
  H: ["hour", { 2: "2-digit" }, "numeric"],
  k: ["hour", { 2: "2-digit" }, "numeric"],
  K: ["hour", { 2: "2-digit" }, "numeric"],
  m: ["minute", { 2: "2-digit" }, "numeric"],
  s: ["second", { 2: "2-digit" }, "numeric"],
  z: ["timeZoneName", { 4: "long" }, "short"],
  O: ["timeZoneName", { 4: "longOffset" }, "shortOffset"],
  v: ["timeZoneName", { 4: "longGeneric" }, "shortGeneric"],
};
const HOUR_CYCLES = { h: "h12", H: "h23", k: "h24", K: "h11" };
const HOUR_CYCLE_NAMES = ["h11", "h12", "h23", "h24"];

function patternOptions(pattern) {
  const found = { __proto__: null };
  let at = 0;
  while (at < pattern.length) {
    const letter = pattern[at];
    let end = at + 1;
    if (letter === "'") {
      while (end < pattern.length && pattern[end] !== "'") end++;
      at = end + 1;
      continue;
    }
    while (pattern[end] === letter) end++;
    const width = end - at;
    const field = PATTERN_FIELDS[letter];
    if (field !== undefined) found[field[0]] = field[1][width] ?? field[2];
    if (letter === "S") found.fractionalSecondDigits = width;
    if (HOUR_CYCLES[letter] !== undefined) found.hourCycle = HOUR_CYCLES[letter];
    at = end;
  }
  return found;
}

/** `Date.prototype.toLocale*String`: a formatter for `required`/`defaults`, on a valid date. */
function formatDate(date, locales, options, required, defaults) {
  const time = DatePrototypeGetTime(date);
  if (NumberIsNaN(time)) return "Invalid Date";
  const make = () => new DateTimeFormat(locales, options, required, defaults);
  return cachedFormatter(dateFormatters, required, locales, options, make).format(time);
}

const dateFormatters = { __proto__: null, size: 0 };
const numberFormatters = { __proto__: null, size: 0 };

/**
 * The formatter a `toLocale*String` call makes, kept for the next call where
 * only a locale (or none) is given, as V8 keeps its ICU formatters: making one
 * costs several times what formatting does. Other calls make their own.
 */
function cachedFormatter(cache, kind, locales, options, make) {
  if (options !== undefined || (locales !== undefined && typeof locales !== "string")) return make();
  const key = `${kind}\0${locales ?? ""}`;
  let formatter = cache[key];
  if (formatter === undefined) {
    formatter = make();
    // A worker asking for ever new locales pays for them, not in memory.
    if (cache.size >= 64) {
      for (const old in cache) delete cache[old];
      cache.size = 0;
    }
    cache[key] = formatter;
    cache.size++;
  }
  return formatter;
}

function dateToLocaleString(locales, options) {
  return formatDate(this, locales, options, "any", "all");
}

function dateToLocaleDateString(locales, options) {
  return formatDate(this, locales, options, "date", "date");
}

function dateToLocaleTimeString(locales, options) {
  return formatDate(this, locales, options, "time", "time");
}

// ---------------------------------------------------------------- RelativeTimeFormat

const RELATIVE_UNITS = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"];

class RelativeTimeFormat {
  #locale;
  #style;
  #numeric;

  constructor(locales, options) {
    options = getOptionsObject(options);
    this.#locale = resolveLocale(locales, ["nu"]).locale;
    this.#style = getOption(options, "style", LIST_STYLES, "long", "RelativeTimeFormat");
    this.#numeric = getOption(options, "numeric", ["always", "auto"], "always", "RelativeTimeFormat");
  }

  #parts(value, unit) {
    const number = Number(value);
    if (!NumberIsFinite(number)) throw new RangeError("Invalid time value");
    let singular = String(unit);
    if (singular.length > 1 && singular[singular.length - 1] === "s") singular = StringPrototypeSlice(singular, 0, -1);
    if (!ArrayPrototypeIncludes(RELATIVE_UNITS, singular)) throw new RangeError(`Invalid unit argument for format() '${String(unit)}'`);
    const parts = op_worky_intl_relative(this.#locale, singular, this.#style, this.#numeric === "auto", number);
    return [parts, singular];
  }

  format(value, unit) {
    return partsToString(this.#parts(value, unit)[0]);
  }

  formatToParts(value, unit) {
    const [parts, singular] = this.#parts(value, unit);
    return ArrayPrototypeMap(parts, (part) =>
      part[0] === "literal" ? { type: "literal", value: part[1] } : { type: part[0], value: part[1], unit: singular });
  }

  resolvedOptions() {
    return { locale: this.#locale, style: this.#style, numeric: this.#numeric, numberingSystem: "latn" };
  }
}

// ---------------------------------------------------------------- DisplayNames

const DISPLAY_TYPES = ["language", "region", "script", "currency", "calendar", "dateTimeField"];

class DisplayNames {
  #locale;
  #style;
  #type;
  #fallback;
  #languageDisplay;

  constructor(locales, options) {
    if (options === undefined) throw new TypeError("invalid_argument");
    options = getOptionsObject(options);
    this.#locale = resolveLocale(locales, []).locale;
    this.#style = getOption(options, "style", LIST_STYLES, "long", "DisplayNames");
    this.#type = getOption(options, "type", DISPLAY_TYPES, undefined, "DisplayNames");
    if (this.#type === undefined) throw new TypeError("invalid_argument");
    this.#fallback = getOption(options, "fallback", ["code", "none"], "code", "DisplayNames");
    this.#languageDisplay = getOption(options, "languageDisplay", ["dialect", "standard"], "dialect", "DisplayNames");
  }

  of(code) {
    code = String(code);
    const name = op_worky_intl_display_name(
      this.#locale,
      this.#type,
      code,
      this.#style,
      this.#languageDisplay === "standard",
    );
    if (name !== null && name !== undefined) return name;
    if (this.#fallback === "none") return undefined;
    if (this.#type === "region" || this.#type === "currency") return StringPrototypeToUpperCase(code);
    if (this.#type === "language") return op_worky_intl_canonical(code);
    return code;
  }

  resolvedOptions() {
    const options = { locale: this.#locale, style: this.#style, type: this.#type, fallback: this.#fallback };
    if (this.#type === "language") options.languageDisplay = this.#languageDisplay;
    return options;
  }
}

// ---------------------------------------------------------------- Locale

// Unicode extension keys Intl.Locale exposes, by option name.
const LOCALE_KEYWORDS = [
  ["calendar", "ca"],
  ["collation", "co"],
  ["hourCycle", "hc"],
  ["caseFirst", "kf"],
  ["numeric", "kn"],
  ["numberingSystem", "nu"],
];

class Locale {
  #tag;
  #language;
  #script;
  #region;
  #base;
  #keywords;

  constructor(tag, options) {
    if (typeof tag !== "string" && !(tag instanceof Locale)) {
      throw new TypeError("First argument to Intl.Locale constructor can't be empty or missing");
    }
    options = getOptionsObject(options);
    const [base, keywords] = splitExtension(op_worky_intl_canonical(String(tag)));
    const subtags = StringPrototypeSplit(base, "-");
    let language = subtags[0];
    let script;
    let region;
    let rest = 1;
    if (subtags[rest]?.length === 4) script = subtags[rest++];
    if (subtags[rest] !== undefined && (subtags[rest].length === 2 || subtags[rest].length === 3)) region = subtags[rest++];
    const variants = ArrayPrototypeSlice(subtags, rest);
    if (options.language !== undefined) language = String(options.language);
    if (options.script !== undefined) script = String(options.script);
    if (options.region !== undefined) region = String(options.region);
    for (const [option, key] of LOCALE_KEYWORDS) {
      const value = options[option];
      if (value !== undefined) keywords[key] = option === "numeric" ? String(!!value) : String(value);
    }
    let canonical = ArrayPrototypeJoin(
      ArrayPrototypeFilter([language, script, region, ...variants], (part) => part !== undefined),
      "-",
    );
    canonical = op_worky_intl_canonical(canonical);
    this.#base = canonical;
    this.#tag = canonical + unicodeExtension(keywords, ArrayPrototypeSort(ObjectKeys(keywords)));
    this.#language = language;
    this.#script = script;
    this.#region = region;
    this.#keywords = keywords;
  }

  toString() {
    return this.#tag;
  }

  toJSON() {
    return this.#tag;
  }

  maximize() {
    return new Locale(op_worky_intl_likely_subtags(this.#tag, true));
  }

  minimize() {
    return new Locale(op_worky_intl_likely_subtags(this.#tag, false));
  }

  get baseName() {
    return this.#base;
  }

  get language() {
    return this.#language;
  }

  get script() {
    return this.#script;
  }

  get region() {
    return this.#region;
  }

  get calendar() {
    return this.#keywords.ca;
  }

  get collation() {
    return this.#keywords.co;
  }

  get hourCycle() {
    return this.#keywords.hc;
  }

  get caseFirst() {
    return this.#keywords.kf;
  }

  get numeric() {
    return this.#keywords.kn === "true";
  }

  get numberingSystem() {
    return this.#keywords.nu;
  }
}

/** `String.prototype.toLocale{Upper,Lower}Case` of `string` (`this`), in the first of `locales`. */
function changeCase(string, locales, upper) {
  if (string === undefined || string === null) {
    throw new TypeError(`String.prototype.toLocale${upper ? "Upper" : "Lower"}Case called on null or undefined`);
  }
  const [locale] = canonicalizeLocaleList(locales);
  return op_worky_intl_change_case(locale ?? DEFAULT_LOCALE, String(string), upper);
}

function toLocaleUpperCase(locales) {
  return changeCase(this, locales, true);
}

function toLocaleLowerCase(locales) {
  return changeCase(this, locales, false);
}

// ---------------------------------------------------------------- install

/**
 * ECMA-402 lets NumberFormat and Collator be called without `new` (as in
 * `Intl.NumberFormat("de").format(x)`), which a class cannot be: a function
 * that constructs the class, with the class's prototype and statics.
 */
function callableWithoutNew(Class) {
  const service = function (locales, options) {
    return ReflectConstruct(Class, [locales, options], new.target ?? service);
  };
  ObjectDefineProperty(service, "name", { value: Class.name });
  ObjectDefineProperty(service, "prototype", { value: Class.prototype });
  ObjectDefineProperty(Class.prototype, "constructor", core.propNonEnumerable(service));
  return service;
}

// The engine binding sets up its own toLocaleString and localeCompare (and on V8
// its Intl) in every new isolate (also after a snapshot), so this runs in each,
// before the worker.
// Every service but Locale has ECMA-402's static supportedLocalesOf, the same one.
const services = [
  ["NumberFormat", callableWithoutNew(NumberFormat)],
  ["DateTimeFormat", callableWithoutNew(DateTimeFormat)],
  ["PluralRules", PluralRules],
  ["Collator", callableWithoutNew(Collator)],
  ["Segmenter", Segmenter],
  ["ListFormat", ListFormat],
  ["RelativeTimeFormat", RelativeTimeFormat],
  ["DisplayNames", DisplayNames],
  ["Locale", Locale],
];
for (const [name, service] of services) {
  ObjectDefineProperty(service.prototype, SymbolToStringTag, { value: `Intl.${name}`, configurable: true });
  if (name !== "Locale") ObjectDefineProperty(service, "supportedLocalesOf", core.propNonEnumerable(supportedLocalesOf));
}

function toLocaleString(locales, options) {
  if (typeof this !== "number" && !(this instanceof Number)) {
    throw new TypeError("Number.prototype.toLocaleString requires that 'this' be a Number");
  }
  return cachedFormatter(numberFormatters, "number", locales, options, () => new NumberFormat(locales, options)).format(this);
}

// BigInt#toLocaleString: a NumberFormat's, exactly (the engine has none of its own).
const bigIntToLocaleString = {
  toLocaleString() {
    const value = BigIntPrototypeValueOf(this);
    const { 0: locales, 1: options } = arguments;
    const make = () => new NumberFormat(locales, options);
    return cachedFormatter(numberFormatters, "number", locales, options, make).format(value);
  },
}.toLocaleString;

const collators = { __proto__: null };
function localeCompare(that, locales, options) {
  if (this === undefined || this === null) throw new TypeError("String.prototype.localeCompare called on null or undefined");
  if (options === undefined && (locales === undefined || typeof locales === "string")) {
    const key = locales ?? "";
    collators[key] ??= new Collator(locales);
    return collators[key].compare(String(this), String(that));
  }
  return new Collator(locales, options).compare(String(this), String(that));
}

function getCanonicalLocales(locales) {
  return canonicalizeLocaleList(locales);
}

/** The calendars, collations, currencies, numbering systems, time zones and units worky formats. */
function supportedValuesOf(key) {
  return op_worky_intl_supported_values(String(key));
}

// What 15_duration_format.js (evaluated on first use) builds on.
export const intlParts = ObjectFreeze({
  NumberFormat,
  ListFormat,
  resolveLocale,
  supportedLocalesOf,
  getOptionsObject,
  getOption,
  getNumberOption,
});

export function installIntl() {
  // On QuickJS the engine binding's placeholder Intl is off (src/runtime/engine.rs),
  // so the first isolate makes it, as V8's: an [object Intl], not enumerated.
  let Intl = globalThis.Intl;
  if (Intl === undefined) {
    Intl = {};
    ObjectDefineProperty(Intl, SymbolToStringTag, { value: "Intl", configurable: true });
    ObjectDefineProperty(globalThis, "Intl", core.propNonEnumerable(Intl));
  }
  for (const [name, service] of services) ObjectDefineProperty(Intl, name, core.propNonEnumerable(service));
  ObjectDefineProperty(Intl, "getCanonicalLocales", core.propNonEnumerable(getCanonicalLocales));
  ObjectDefineProperty(Intl, "supportedValuesOf", core.propNonEnumerable(supportedValuesOf));
  ObjectDefineProperty(Number.prototype, "toLocaleString", core.propNonEnumerable(toLocaleString));
  ObjectDefineProperty(BigInt.prototype, "toLocaleString", core.propNonEnumerable(bigIntToLocaleString));
  ObjectDefineProperty(String.prototype, "localeCompare", core.propNonEnumerable(localeCompare));
  ObjectDefineProperty(String.prototype, "toLocaleUpperCase", core.propNonEnumerable(toLocaleUpperCase));
  ObjectDefineProperty(String.prototype, "toLocaleLowerCase", core.propNonEnumerable(toLocaleLowerCase));
  ObjectDefineProperty(Date.prototype, "toLocaleString", core.propNonEnumerable(dateToLocaleString));
  ObjectDefineProperty(Date.prototype, "toLocaleDateString", core.propNonEnumerable(dateToLocaleDateString));
  ObjectDefineProperty(Date.prototype, "toLocaleTimeString", core.propNonEnumerable(dateToLocaleTimeString));
}
