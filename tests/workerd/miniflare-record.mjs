// Runs one probe worker under miniflare (the runtime behind `wrangler dev`: workerd
// plus miniflare's own services, such as a Cache API store) and prints its answer to
// GET / the way record.sh prints workerd's: `python3 -m json.tool --indent 2`.
// record.sh uses this for a probe that has a `<probe>.miniflare` file (a one-line
// reason why workerd alone would not show the behaviour).
//
//   node tests/workerd/miniflare-record.mjs tests/workerd/cache_api.js > cache_api.expected.json
//
// Miniflare's workerd listens on WORKERD_PORT when it is set, else on any free port.
// A probe's `<probe>.miniflare.json`, if there is one, is merged into miniflare's
// options (its bindings: `{"d1Databases": {"DB": "probe-db"}}`).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const peers = resolve(here, "../../bench/.peers");
const require = createRequire(join(peers, "package.json"));
const { Miniflare } = require("miniflare");

const scriptPath = process.argv[2];
if (!scriptPath) {
  console.error("usage: node miniflare-record.mjs <probe>.js");
  process.exit(2);
}

// Python's json.tool: ensure_ascii (\uXXXX, lowercase hex), ", " / ": " separators,
// floats as Python's repr writes them, integers as written, a final newline.
const pyString = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const pyNumber = (n) => {
  const json = JSON.stringify(n);
  if (!/[.eE]/.test(json)) return json; // Python reads it as an int and writes it back as is.
  const [mantissa, exp] = n.toExponential().split("e");
  const e = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  let text;
  if (e >= -4 && e < 16) {
    if (e < 0) text = `0.${"0".repeat(-e - 1)}${digits}`;
    else if (digits.length <= e + 1) text = `${digits}${"0".repeat(e + 1 - digits.length)}.0`;
    else text = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return negative ? `-${text}` : text;
};
const pretty = (value, depth = 0) => {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return pyString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => pad + pretty(v, depth + 1)).join(",\n")}\n${end}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}${pyString(k)}: ${pretty(v, depth + 1)}`).join(",\n")}\n${end}}`;
};

const port = process.env.WORKERD_PORT ? { port: Number(process.env.WORKERD_PORT) } : {};
const extraPath = scriptPath.replace(/\.js$/, ".miniflare.json");
const extra = existsSync(extraPath) ? JSON.parse(readFileSync(extraPath, "utf8")) : {};
const mf = new Miniflare({
  modules: true,
  scriptPath: resolve(scriptPath),
  modulesRoot: dirname(resolve(scriptPath)),
  compatibilityDate: "2024-09-23",
  ...port,
  ...extra,
});
try {
  // The dev server's own address, as a probe under `worky dev` sees it: a
  // probe may post to its own origin (email_handler.js does).
  const origin = await mf.ready;
  const ready = await mf.dispatchFetch(new URL("/ready", origin));
  await ready.text();
  const response = await mf.dispatchFetch(new URL("/", origin));
  const text = await response.text();
  if (!response.ok) throw new Error(`GET / answered ${response.status}: ${text}`);
  process.stdout.write(`${pretty(JSON.parse(text))}\n`);
} catch (err) {
  console.error(`${scriptPath}: miniflare did not answer: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  // Not process.exit(): dispose() removes miniflare's temporary directory after it returns.
  await mf.dispose().catch(() => {});
}
