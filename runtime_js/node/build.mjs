// Bundles the Node.js modules of worky's `nodejs_compat` into dist/, one script
// per module, from the npm packages pinned in package.json (unenv, the polyfills
// wrangler ships to Workers; readable-stream, Node's own streams; assert, util and
// string_decoder, the ports browserify bundles) and worky's glue in src/.
//
// Each dist/<name>.js is a script whose value is `function (require, module,
// exports)`: runtime_js/09_node.js loads it the first time a worker requires the
// module (`core.loadExtScript`), so an isolate parses only the modules its worker
// uses. Imports of other Node.js modules stay `require("node:...")` calls that
// 09_node.js answers. dist/ is committed: building worky needs no npm.
//
//   cd runtime_js/node && npm ci && node build.mjs
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");

/** Where each module comes from: an npm module path, or `src/<file>` (worky's glue). */
const MODULES = {
  "assert": "assert/",
  "assert/strict": "src/assert_strict.js",
  "buffer": "src/buffer.js",
  "child_process": "unenv/node/child_process",
  "cluster": "unenv/node/cluster",
  "console": "unenv/node/console",
  "constants": "unenv/node/constants",
  "crypto": "src/crypto.js",
  "dgram": "unenv/node/dgram",
  "diagnostics_channel": "src/diagnostics_channel.js",
  "dns": "unenv/node/dns",
  "dns/promises": "unenv/node/dns/promises",
  "domain": "unenv/node/domain",
  "events": "src/events.js",
  "fs": "unenv/node/fs",
  "fs/promises": "unenv/node/fs/promises",
  "http": "unenv/node/http",
  "http2": "unenv/node/http2",
  "https": "unenv/node/https",
  "inspector": "unenv/node/inspector",
  "inspector/promises": "unenv/node/inspector/promises",
  "module": "unenv/node/module",
  "net": "unenv/node/net",
  "os": "unenv/node/os",
  "path": "unenv/node/path",
  "path/posix": "src/path_posix.js",
  "path/win32": "src/path_win32.js",
  "perf_hooks": "unenv/node/perf_hooks",
  "process": "src/process.js",
  "punycode": "unenv/node/punycode",
  "querystring": "unenv/node/querystring",
  "readline": "unenv/node/readline",
  "readline/promises": "unenv/node/readline/promises",
  "repl": "unenv/node/repl",
  "stream": "src/stream.js",
  "stream/consumers": "src/stream_consumers.js",
  "stream/promises": "src/stream_promises.js",
  "stream/web": "src/stream_web.js",
  "string_decoder": "string_decoder/",
  "sys": "src/sys.js",
  "timers": "unenv/node/timers",
  "timers/promises": "unenv/node/timers/promises",
  "tls": "unenv/node/tls",
  "trace_events": "unenv/node/trace_events",
  "tty": "unenv/node/tty",
  "url": "unenv/node/url",
  "util": "src/util.js",
  "util/types": "src/util_types.js",
  "v8": "unenv/node/v8",
  "vm": "unenv/node/vm",
  "wasi": "unenv/node/wasi",
  "worker_threads": "unenv/node/worker_threads",
  "zlib": "src/zlib.js",
};

/** Provided by 09_node.js itself rather than by a file here. */
const BUILT_IN = ["async_hooks"];

const builtins = [...Object.keys(MODULES), ...BUILT_IN];
const builtinPattern = new RegExp(`^(node:)?(${builtins.map((n) => n.replace("/", "\\/")).join("|")})$`);

// Another Node.js module (or worky's host functions) is a require() that 09_node.js answers.
const nodeModules = {
  name: "node-modules",
  setup(b) {
    b.onResolve({ filter: builtinPattern }, (args) => ({ path: `node:${args.path.replace(/^node:/, "")}`, external: true }));
    b.onResolve({ filter: /^worky:host$/ }, (args) => ({ path: args.path, external: true }));
    // readable-stream takes nextTick from the npm `process` package, and assert
    // takes npm util: ours are the real ones (src/util.js names npm util's file).
    b.onResolve({ filter: /^(process|util)\/$/ }, (args) => ({ path: `node:${args.path.slice(0, -1)}`, external: true }));
  },
};

// Small corrections to the packages, each one checked to still apply.
const PATCHES = [
  {
    // Node.js's promisify.custom is a registered symbol: code sets it without npm util.
    file: "node_modules/util/util.js",
    from: "Symbol('util.promisify.custom')",
    to: "Symbol.for('nodejs.util.promisify.custom')",
  },
  {
    // Node.js's message and code for an 'error' event nobody listens to.
    file: "node_modules/events/events.js",
    from: "var err = new Error('Unhandled error.' + (er ? ' (' + er.message + ')' : ''));",
    to: "var err = new Error('Unhandled error. (' + require('node:util').inspect(er) + ')'); err.code = 'ERR_UNHANDLED_ERROR';",
  },
  {
    // Node.js tells errorMonitor listeners of an 'error' before anyone else.
    file: "node_modules/events/events.js",
    from: "var doError = (type === 'error');",
    to: "var doError = (type === 'error'); if (doError && this._events !== undefined && this._events[Symbol.for('events.errorMonitor')] !== undefined) this.emit.apply(this, [Symbol.for('events.errorMonitor')].concat(args));",
  },
  {
    // Node.js's words (and code) for reading past a buffer's end.
    file: "node_modules/unenv/dist/runtime/node/internal/buffer/buffer.mjs",
    from: 'throw new RangeError("Trying to access beyond buffer length");',
    to: 'throw Object.assign(new RangeError("Attempt to access memory outside buffer bounds"), { code: "ERR_BUFFER_OUT_OF_BOUNDS" });',
  },
];
const patching = {
  name: "patches",
  setup(b) {
    for (const file of new Set(PATCHES.map((patch) => patch.file))) {
      const path = join(here, file);
      b.onLoad({ filter: new RegExp(`${file.replace(/[.\/]/g, "\\$&")}$`) }, () => {
        let source = readFileSync(path, "utf8");
        for (const patch of PATCHES.filter((patch) => patch.file === file)) {
          if (!source.includes(patch.from)) throw new Error(`${file} no longer has: ${patch.from}`);
          source = source.replace(patch.from, patch.to);
        }
        return { contents: source, loader: "js" };
      });
    }
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
const licenses = new Map();
for (const [name, from] of Object.entries(MODULES)) {
  const entry = from.startsWith("src/") ? `./${from}` : from;
  const result = await build({
    stdin: { contents: `module.exports = require(${JSON.stringify(entry)});`, resolveDir: here, loader: "js" },
    bundle: true,
    write: false,
    format: "cjs",
    platform: "neutral",
    mainFields: ["browser", "module", "main"],
    conditions: ["worker", "browser"],
    target: "es2022",
    charset: "ascii",
    legalComments: "none",
    minifyWhitespace: true,
    // Short lines: QuickJS finds a function's column by scanning its line, so one
    // long line makes loading quadratic in the module's size.
    lineLimit: 120,
    minifySyntax: true,
    metafile: true,
    plugins: [nodeModules, patching],
    logLevel: "error",
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) licenses.set(match[1], join(here, "node_modules", match[1]));
  }
  const code = result.outputFiles[0].text;
  const file = join(dist, `${name.replace("/", "_")}.js`);
  writeFileSync(file, `// node:${name}, from ${from} (runtime_js/node/build.mjs)\n(function (require, module, exports) {\n${code}})\n`);
}

// The licences of everything bundled above, for the binary's notices.
let notices = "# Licences of the npm packages in dist/\n\nWritten by build.mjs; the packages and versions are in package-lock.json.\n";
for (const [pkg, dir] of [...licenses].sort()) {
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  let text = "";
  for (const file of ["LICENSE", "LICENSE.md", "license", "LICENSE.txt", "LICENCE"]) {
    try {
      text = readFileSync(join(dir, file), "utf8");
      break;
    } catch {}
  }
  notices += `\n## ${pkg} ${meta.version} (${meta.license})\n\n${text.trim() || `License: ${meta.license}`}\n`;
}
writeFileSync(join(here, "LICENSES.md"), notices);
console.log(`wrote ${Object.keys(MODULES).length} modules to dist/ and LICENSES.md (${licenses.size} packages)`);
