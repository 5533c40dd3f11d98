// node:util: npm util (browserify's port of Node.js's util: promisify,
// callbackify, inherits, deprecate, types, ...), with inspect from the runtime's
// own inspector (the one console.log uses) set to Node.js's defaults, format on
// top of it with Node.js's rules, parseArgs from @pkgjs/parseargs (Node.js's own
// polyfill of it), MIMEType from unenv, and what newer Node.js added.
const util = require("util/util.js");
const { parseArgs } = require("@pkgjs/parseargs");
const { MIMEParams, MIMEType } = require("unenv/node/internal/util/mime");
const host = require("worky:host");

function options(given) {
  return { ...host.inspectDefaults, ...given, colors: Boolean(given?.colors) };
}

function inspect(value, opts, depth) {
  // inspect(value, showHidden, depth, colors), the old signature.
  if (typeof opts === "boolean") opts = { showHidden: opts, depth };
  const console = host.console();
  return console.inspect(value, { ...console.getDefaultInspectOptions(), ...options(opts) });
}
inspect.custom = Symbol.for("nodejs.util.inspect.custom");
inspect.defaultOptions = { ...host.inspectDefaults };

// Prototypes whose toString is the language's, not the user's.
const BUILT_IN = new Set(
  [Object, Array, Error, Date, RegExp, Function, Map, Set, Promise, Number, String, Boolean, Symbol].map((c) => c.prototype),
);

/** Whether `value` has a toString of its own making (then %s uses it). */
const hasOwnToString = (value) => {
  for (let proto = value; proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (BUILT_IN.has(proto)) return false;
    if (Object.prototype.hasOwnProperty.call(proto, "toString")) return true;
  }
  return false;
};

const number = (value) => (Object.is(value, -0) ? "-0" : String(value));

/** One `%x` of a format string, as Node.js's formatWithOptions converts it. */
function convert(directive, value, opts) {
  switch (directive) {
    case "s":
      if (typeof value === "bigint") return `${value}n`;
      if (typeof value === "number") return number(value);
      if (typeof value === "symbol") return String(value);
      if (value !== null && typeof value === "object" && !hasOwnToString(value)) {
        return inspect(value, { ...opts, depth: 0, colors: false, compact: 3 });
      }
      return String(value);
    case "d":
      if (typeof value === "bigint") return `${value}n`;
      if (typeof value === "symbol") return "NaN";
      return number(Number(value));
    case "i":
      if (typeof value === "bigint") return `${value}n`;
      if (typeof value === "symbol") return "NaN";
      return number(parseInt(value));
    case "f":
      return typeof value === "symbol" ? "NaN" : number(parseFloat(value));
    case "j":
      try {
        return JSON.stringify(value);
      } catch (error) {
        if (String(error.message).includes("circular")) return "[Circular]";
        throw error;
      }
    case "o":
      return inspect(value, { ...opts, showHidden: true, showProxy: true, depth: 4 });
    case "O":
      return inspect(value, opts);
    case "c":
      return "";
  }
}

function formatWithOptions(inspectOptions, ...args) {
  const opts = options(inspectOptions);
  const first = args[0];
  let out = "";
  let used = 0;
  if (typeof first === "string") {
    used = 1;
    out = first.replace(/%([sdifjoOc%])/g, (match, directive) => {
      if (directive === "%") return "%";
      if (used >= args.length) return match;
      return convert(directive, args[used++], opts);
    });
  }
  for (let i = used; i < args.length; i++) {
    const value = args[i];
    out += (i > 0 ? " " : "") + (typeof value === "string" ? value : inspect(value, opts));
  }
  return out;
}

function format(...args) {
  return formatWithOptions(undefined, ...args);
}

// node:assert's comparison (npm assert's), loaded when first asked.
function isDeepStrictEqual(a, b) {
  try {
    require("node:assert").deepStrictEqual(a, b);
    return true;
  } catch (error) {
    if (error?.code === "ERR_ASSERTION") return false;
    throw error;
  }
}

function stripVTControlCharacters(text) {
  return host.console().stripVTControlCharacters(text);
}

function toUSVString(text) {
  return String(text).toWellFormed();
}

function aborted(signal, resource) {
  if (resource === null || typeof resource !== "object") {
    throw new TypeError('The "resource" argument must be of type object');
  }
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

const STYLES = { ...inspect.colors };

/** Text with ANSI styles (`styleText("red", "x")`), as Node.js's styleText. */
function styleText(format, text) {
  const codes = host.console().colors ?? {};
  let out = String(text);
  for (const name of Array.isArray(format) ? format : [format]) {
    const pair = codes[name] ?? STYLES[name];
    if (pair === undefined) throw new TypeError(`The argument 'format' must be one of: ${Object.keys(codes).join(", ")}. Received ${name}`);
    out = `\u001b[${pair[0]}m${out}\u001b[${pair[1]}m`;
  }
  return out;
}

/** KEY=value lines (a .env file) as an object, as Node.js's parseEnv. */
function parseEnv(content) {
  const env = {};
  for (const line of String(content).split(/\r?\n/)) {
    const match = line.match(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)?\s*$/);
    if (!match) continue;
    let value = (match[2] ?? "").trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === "`") && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, "\n");
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    env[match[1]] = value;
  }
  return env;
}

const { debuglog } = util;

module.exports = {
  ...util,
  MIMEParams,
  MIMEType,
  TextDecoder: globalThis.TextDecoder,
  TextEncoder: globalThis.TextEncoder,
  aborted,
  debug: debuglog,
  format,
  formatWithOptions,
  inspect,
  isDeepStrictEqual,
  parseArgs,
  parseEnv,
  stripVTControlCharacters,
  styleText,
  toUSVString,
};
