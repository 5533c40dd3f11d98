// worky's JS glue, part 15: Intl.DurationFormat, ECMA-402's algorithm on top of
// worky's Intl.NumberFormat (each unit in the unit style) and Intl.ListFormat
// (the units joined as a "unit" list), with V8's answers where it departs from
// the text (a duration of all zeros formats as ""): tests/workerd/intl_duration.js.
// Extension code must be 7-bit ASCII.

// Evaluated on a worker's first read of `Intl.DurationFormat` (04_serve.js
// `installLazy`), not restored into every isolate: a function of what it needs,
// not a module. `runtime.intl` is 08_intl.js's services and option helpers.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayPrototypePush,
  MathAbs,
  MathTrunc,
  Number,
  NumberIsFinite,
  ObjectDefineProperty,
  RangeError,
  RegExpPrototypeExec,
  RegExpPrototypeTest,
  String,
  StringPrototypePadEnd,
  StringPrototypeIndexOf,
  StringPrototypePadStart,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { NumberFormat, ListFormat, resolveLocale, supportedLocalesOf, getOptionsObject, getOption, getNumberOption } =
  runtime.intl;

// The units in the order they are formatted, with NumberFormat's unit names.
const UNITS = [
  "years", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds",
];
const SINGULAR = ["year", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"];
// ToDurationRecord reads the fields in alphabetical order.
const READ_ORDER = [
  "days", "hours", "microseconds", "milliseconds", "minutes", "months", "nanoseconds", "seconds", "weeks", "years",
];
const STYLES = ["long", "short", "narrow", "digital"];
const DATE_STYLES = ["long", "short", "narrow"];
const TIME_STYLES = ["long", "short", "narrow", "numeric", "2-digit"];
const SUBSECOND_STYLES = ["long", "short", "narrow", "numeric"];
const DISPLAYS = ["auto", "always"];
const NUMBERING_SYSTEM = /^[a-z0-9]{3,8}(-[a-z0-9]{3,8})*$/i;
const SEPARATOR = ":";

/** GetDurationUnitOptions: the unit's style and display, given the units before it. */
function unitOptions(index, options, baseStyle, previousStyle) {
  const unit = UNITS[index];
  const styles = index < 4 ? DATE_STYLES : index < 7 ? TIME_STYLES : SUBSECOND_STYLES;
  const digitalBase = index < 4 ? "short" : "numeric";
  let style = getOption(options, unit, styles, undefined, "DurationFormat");
  let displayDefault = "always";
  if (style === undefined) {
    if (baseStyle === "digital") {
      if (index < 4 || index > 6) displayDefault = "auto";
      style = digitalBase;
    } else if (previousStyle === "fractional" || previousStyle === "numeric" || previousStyle === "2-digit") {
      if (index !== 5 && index !== 6) displayDefault = "auto";
      style = "numeric";
    } else {
      displayDefault = "auto";
      style = baseStyle;
    }
  }
  if (style === "numeric" && index > 6) {
    style = "fractional";
    displayDefault = "auto";
  }
  const display = getOption(options, `${unit}Display`, DISPLAYS, displayDefault, "DurationFormat");
  if (display === "always" && style === "fractional") {
    throw new RangeError(`${unit}Display "always" cannot go with a fractional ${unit} style`);
  }
  if (previousStyle === "fractional" && style !== "fractional") {
    throw new RangeError(`${unit} cannot have the style ${style} after a fractional unit`);
  }
  const previousNumeric = previousStyle === "numeric" || previousStyle === "2-digit";
  if (previousNumeric && style !== "fractional" && style !== "numeric" && style !== "2-digit") {
    throw new RangeError(`${unit} cannot have the style ${style} after a numeric unit`);
  }
  if ((index === 5 || index === 6) && previousNumeric) style = "2-digit";
  return [style, display];
}

/** ToIntegerIfIntegral, as Temporal takes a duration's fields. */
function integral(value, field) {
  const number = Number(value);
  if (!NumberIsFinite(number) || MathTrunc(number) !== number) {
    throw new RangeError(`Invalid duration value ${String(value)} for ${field}`);
  }
  return number + 0;
}

// An ISO 8601 duration, as Temporal.Duration.from takes one: a fraction only on
// the last (smallest) time unit given.
const ISO_DURATION =
  /^([+-\u2212])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)(?:[.,](\d{1,9}))?H)?(?:(\d+)(?:[.,](\d{1,9}))?M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/i;

function parseDuration(text) {
  const match = RegExpPrototypeExec(ISO_DURATION, text);
  const invalid = () => new RangeError(`Invalid duration string: ${text}`);
  if (match === null) throw invalid();
  const hasTime = match[6] !== undefined || match[8] !== undefined || match[10] !== undefined;
  const hasDate = match[2] !== undefined || match[3] !== undefined || match[4] !== undefined || match[5] !== undefined;
  // "P", "PT" and "P1DT" are not durations; a fraction is only on the last unit.
  if ((!hasTime && !hasDate) || (!hasTime && RegExpPrototypeTest(/T/i, text))) throw invalid();
  if (match[7] !== undefined && (match[8] !== undefined || match[10] !== undefined)) throw invalid();
  if (match[9] !== undefined && match[10] !== undefined) throw invalid();
  const sign = match[1] === "-" || match[1] === "\u2212" ? -1 : 1;
  const record = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0, microseconds: 0, nanoseconds: 0 };
  const whole = [match[2], match[3], match[4], match[5], match[6], match[8], match[10]];
  for (let i = 0; i < 7; i++) record[UNITS[i]] = whole[i] === undefined ? 0 : Number(whole[i]);
  // A fraction of an hour, minute or second, in nanoseconds, spread over the smaller units.
  const nanoseconds = (digits) => Number(StringPrototypePadEnd(digits, 9, "0"));
  let rest = match[7] !== undefined ? nanoseconds(match[7]) * 3600
    : match[9] !== undefined ? nanoseconds(match[9]) * 60
    : match[11] !== undefined ? nanoseconds(match[11])
    : 0;
  const smaller = [60e9, 1e9, 1e6, 1e3, 1];
  for (let i = 0; i < smaller.length; i++) {
    const amount = MathTrunc(rest / smaller[i]);
    record[UNITS[5 + i]] += amount;
    rest -= amount * smaller[i];
  }
  for (let i = 0; i < 10; i++) record[UNITS[i]] = sign * record[UNITS[i]] + 0;
  return record;
}

/** ToDurationRecord: a duration-like object or an ISO 8601 string, checked as Temporal checks one. */
function toDuration(input) {
  let record;
  if (typeof input === "string") {
    record = parseDuration(input);
  } else if (input === null || (typeof input !== "object" && typeof input !== "function")) {
    throw new TypeError("Invalid duration: not an object");
  } else {
    record = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0, microseconds: 0, nanoseconds: 0 };
    let any = false;
    for (let i = 0; i < READ_ORDER.length; i++) {
      const field = READ_ORDER[i];
      const value = input[field];
      if (value === undefined) continue;
      any = true;
      record[field] = integral(value, field);
    }
    if (!any) throw new TypeError("Invalid duration: it has none of the duration fields");
  }
  let sign = 0;
  for (let i = 0; i < 10; i++) {
    const value = record[UNITS[i]];
    if (value === 0) continue;
    const valueSign = value < 0 ? -1 : 1;
    if (sign !== 0 && valueSign !== sign) throw new RangeError("Invalid duration: mixed signs");
    sign = valueSign;
  }
  if (MathAbs(record.years) >= 2 ** 32 || MathAbs(record.months) >= 2 ** 32 || MathAbs(record.weeks) >= 2 ** 32) {
    throw new RangeError("Invalid duration: out of range");
  }
  const seconds = MathAbs(record.days) * 86400 + MathAbs(record.hours) * 3600 + MathAbs(record.minutes) * 60 +
    MathAbs(record.seconds) + MathAbs(record.milliseconds) / 1e3 + MathAbs(record.microseconds) / 1e6 +
    MathAbs(record.nanoseconds) / 1e9;
  if (seconds >= 2 ** 53) throw new RangeError("Invalid duration: out of range");
  record.sign = sign;
  return record;
}

/**
 * `value` (of the unit at `index`) with the smaller units as its decimal
 * fraction, truncated to at most `maximum` digits and trimmed down to
 * `minimum`: [the number, its fraction digits]. Exact: the fraction is summed
 * in nanoseconds, as integers.
 */
function withFraction(duration, index, minimum, maximum) {
  const scale = index === 6 ? 1e9 : index === 7 ? 1e6 : 1e3;
  let nanoseconds = 0;
  if (index <= 6) nanoseconds += MathAbs(duration.milliseconds) * 1e6;
  if (index <= 7) nanoseconds += MathAbs(duration.microseconds) * 1e3;
  nanoseconds += MathAbs(duration.nanoseconds);
  const carried = MathTrunc(nanoseconds / scale);
  const fraction = nanoseconds - carried * scale;
  const whole = MathAbs(duration[UNITS[index]]) + carried;
  const width = index === 6 ? 9 : index === 7 ? 6 : 3;
  let digits = StringPrototypeSlice(StringPrototypePadStart(String(fraction), width, "0"), 0, maximum);
  digits = StringPrototypePadEnd(digits, minimum, "0");
  while (digits.length > minimum && digits[digits.length - 1] === "0") digits = StringPrototypeSlice(digits, 0, -1);
  const sign = duration.sign < 0 ? -1 : 1;
  const number = digits === "" ? whole : Number(`${whole}.${digits}`);
  return [sign * number, digits.length];
}

/**
 * Only the first unit shown carries the duration's sign (a negative zero, if it
 * is zero); the others are written without one.
 */
function signed(value, duration, signShown, options) {
  if (!signShown.value) {
    options.signDisplay = "never";
    return value;
  }
  signShown.value = false;
  return value === 0 && duration.sign < 0 ? -0 : value;
}

class DurationFormat {
  #locale;
  #numberLocale;
  #numberingSystem;
  #style;
  #units = [];
  #fractionalDigits;

  constructor(locales = undefined, options = undefined) {
    options = getOptionsObject(options);
    getOption(options, "localeMatcher", ["lookup", "best fit"], "best fit", "DurationFormat");
    const numberingSystem = getOption(options, "numberingSystem", undefined, undefined, "DurationFormat");
    if (numberingSystem !== undefined && !RegExpPrototypeTest(NUMBERING_SYSTEM, numberingSystem)) {
      throw new RangeError(`Invalid numberingSystem : ${numberingSystem}`);
    }
    const { locale, keywords } = resolveLocale(locales, ["nu"]);
    this.#locale = locale;
    this.#numberingSystem = keywords.nu ?? "latn";
    this.#numberLocale = locale;
    if (numberingSystem !== undefined && keywords.nu === undefined) {
      const withSystem = `${locale}-u-nu-${StringPrototypeToLowerCase(numberingSystem)}`;
      if (resolveLocale(withSystem, ["nu"]).keywords.nu !== undefined) {
        this.#numberingSystem = StringPrototypeToLowerCase(numberingSystem);
        this.#numberLocale = withSystem;
      }
    }
    this.#style = getOption(options, "style", STYLES, "short", "DurationFormat");
    let previous = "";
    for (let i = 0; i < UNITS.length; i++) {
      const unit = unitOptions(i, options, this.#style, previous);
      ArrayPrototypePush(this.#units, unit);
      previous = unit[0];
    }
    this.#fractionalDigits = getNumberOption(options, "fractionalDigits", 0, 9, undefined);
  }

  /**
   * The unit at `index` with the smaller units as its fraction (fractionalDigits,
   * else up to 9 digits), its digits set in the NumberFormat `options`.
   */
  #withFraction(duration, index, options) {
    const digits = this.#fractionalDigits;
    const { 0: number, 1: shown } = withFraction(duration, index, digits ?? 0, digits ?? 9);
    options.minimumFractionDigits = shown;
    options.maximumFractionDigits = shown;
    return number;
  }

  /** Whether the unit after `index` is formatted as `index`'s fraction. */
  #takesFraction(index) {
    return index >= 6 && index < 9 && this.#units[index + 1][0] === "fractional";
  }

  #numberParts(value, options, unitIndex) {
    const parts = new NumberFormat(this.#numberLocale, options).formatToParts(value);
    const unit = SINGULAR[unitIndex];
    for (let i = 0; i < parts.length; i++) parts[i].unit = unit;
    return parts;
  }

  /** FormatNumericUnits: hours, minutes and seconds as a clock, from `first`. */
  #numeric(duration, first, signShown) {
    const units = this.#units;
    const shown = (index) => duration[UNITS[index]] !== 0 || units[index][1] === "always";
    const hours = first === 4 && shown(4);
    let seconds = shown(6);
    if (units[7][0] === "fractional" &&
      (duration.milliseconds !== 0 || duration.microseconds !== 0 || duration.nanoseconds !== 0)) {
      seconds = true;
    }
    const minutes = first <= 5 && ((hours && seconds) || shown(5));
    const parts = [];
    const append = (index) => {
      if (parts.length > 0) ArrayPrototypePush(parts, { type: "literal", value: SEPARATOR });
      const options = { useGrouping: false };
      if (units[index][0] === "2-digit") options.minimumIntegerDigits = 2;
      let value = index === 6 && this.#takesFraction(6)
        ? this.#withFraction(duration, 6, options)
        : duration[UNITS[index]];
      value = signed(value, duration, signShown, options);
      const numberParts = this.#numberParts(value, options, index);
      for (let i = 0; i < numberParts.length; i++) ArrayPrototypePush(parts, numberParts[i]);
    };
    if (hours) append(4);
    if (minutes) append(5);
    if (seconds) append(6);
    return parts;
  }

  /** PartitionDurationFormatPattern: the parts of each unit shown, joined as a list. */
  #parts(input) {
    const duration = toDuration(input);
    const groups = [];
    const signShown = { value: true };
    for (let i = 0; i < UNITS.length; i++) {
      const { 0: style, 1: display } = this.#units[i];
      if (style === "numeric" || style === "2-digit") {
        ArrayPrototypePush(groups, this.#numeric(duration, i, signShown));
        break;
      }
      if (style === "fractional") break;
      const options = { style: "unit", unit: SINGULAR[i], unitDisplay: style };
      const fraction = this.#takesFraction(i);
      const value = fraction ? this.#withFraction(duration, i, options) : duration[UNITS[i]];
      if (display === "always" || value !== 0) {
        ArrayPrototypePush(groups, this.#numberParts(signed(value, duration, signShown, options), options, i));
      }
      if (fraction) break;
    }
    return this.#joined(groups);
  }

  /**
   * ListFormatParts: the groups as a "unit" list, each group back as its own
   * parts and what the list puts between them as literals (found by position:
   * a list whose separators are empty, as Chinese's, comes back as one element).
   */
  #joined(groups) {
    const strings = [];
    for (let i = 0; i < groups.length; i++) {
      let text = "";
      for (let j = 0; j < groups[i].length; j++) text += groups[i][j].value;
      ArrayPrototypePush(strings, text);
    }
    const style = this.#style === "digital" ? "short" : this.#style;
    const listed = new ListFormat(this.#locale, { type: "unit", style }).format(strings);
    const parts = [];
    let at = 0;
    for (let i = 0; i < groups.length; i++) {
      const found = StringPrototypeIndexOf(listed, strings[i], at);
      if (found > at) ArrayPrototypePush(parts, { type: "literal", value: StringPrototypeSlice(listed, at, found) });
      const group = groups[i];
      for (let j = 0; j < group.length; j++) ArrayPrototypePush(parts, group[j]);
      at = found + strings[i].length;
    }
    if (at < listed.length) ArrayPrototypePush(parts, { type: "literal", value: StringPrototypeSlice(listed, at) });
    return parts;
  }

  format(duration) {
    const parts = this.#parts(duration);
    let text = "";
    for (let i = 0; i < parts.length; i++) text += parts[i].value;
    return text;
  }

  formatToParts(duration) {
    return this.#parts(duration);
  }

  resolvedOptions() {
    const options = { locale: this.#locale, numberingSystem: this.#numberingSystem, style: this.#style };
    for (let i = 0; i < UNITS.length; i++) {
      const { 0: style, 1: display } = this.#units[i];
      options[UNITS[i]] = style === "fractional" ? "numeric" : style;
      options[`${UNITS[i]}Display`] = display;
    }
    if (this.#fractionalDigits !== undefined) options.fractionalDigits = this.#fractionalDigits;
    return options;
  }
}

ObjectDefineProperty(DurationFormat.prototype, SymbolToStringTag, { value: "Intl.DurationFormat", configurable: true });
ObjectDefineProperty(DurationFormat, "supportedLocalesOf", core.propNonEnumerable(supportedLocalesOf));

return { DurationFormat };
})
