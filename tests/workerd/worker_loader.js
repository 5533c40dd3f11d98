// Dynamic Workers: a Worker Loader binding (`worker_loaders`) starts workers
// from code given at run time, each in an isolate of its own. `get(name,
// getCode)` keeps one per name (the callback runs when the name is first
// used), `load(code)` starts a new one; `getEntrypoint(name?, { props })` is a
// Fetcher to one of its exports (fetch and JS RPC). Modules: a string (a .js
// file is an ES module) or `{ js | cjs | text | data | json | wasm }`. `env` is any
// structured-cloneable value; `globalOutbound: null` takes the network away.
import { WorkerEntrypoint } from "cloudflare:workers";

export class Outbound extends WorkerEntrypoint {
  async fetch(request) {
    return new Response(`outbound saw ${request.method} ${request.url}`);
  }
}

const attempt = async (f) => {
  try {
    return { ok: await f() };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};

const code = (modules, more = {}) => ({
  compatibilityDate: "2025-06-01",
  mainModule: Object.keys(modules)[0],
  modules,
  ...more,
});

const GREETER = `
  import { WorkerEntrypoint } from "cloudflare:workers";
  export default {
    greet(name) { return "Hello, " + name; },
    fetch(request, env) { return new Response("default saw " + new URL(request.url).pathname + " " + env.hello); },
  };
  export let alternate = {
    greet(name, env, ctx) { return ctx.props.greeting + ", " + name; },
  };
  export class Props extends WorkerEntrypoint {
    show() { return JSON.stringify(this.ctx.props); }
    envKeys() { return Object.keys(this.env).sort(); }
  }
`;

const COUNTER = `
  import { WorkerEntrypoint } from "cloudflare:workers";
  let i = 0;
  export default class extends WorkerEntrypoint { increment() { return i++; } }
`;

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/ready") return new Response("ok");
    if (path !== "/") return new Response("not found", { status: 404 });
    const loader = env.LOADER;
    const out = {};
    out.loader = {
      type: Object.prototype.toString.call(loader),
      get: typeof loader.get,
      load: typeof loader.load,
    };

    // One worker, several entrypoints.
    const worker = loader.get("greeter", () => code({ "greeter.js": GREETER }, { env: { hello: 123 } }));
    out.stub = {
      type: Object.prototype.toString.call(worker),
      getEntrypoint: typeof worker.getEntrypoint,
      entrypoint: Object.prototype.toString.call(worker.getEntrypoint()),
    };
    out.greet = await attempt(() => worker.getEntrypoint().greet("Alice"));
    out.greetDefault = await attempt(() => worker.getEntrypoint("default").greet("Ann"));
    out.fetch = await attempt(async () => (await worker.getEntrypoint().fetch("http://dyn/path")).text());
    out.props = await attempt(() => worker.getEntrypoint("alternate", { props: { greeting: "Welcome" } }).greet("Bob"));
    out.classProps = await attempt(() =>
      worker.getEntrypoint("Props", { props: { n: 1, list: [1, 2], date: new Date(0) } }).show());
    out.noProps = await attempt(() => worker.getEntrypoint("Props").show());
    out.envKeys = await attempt(() => worker.getEntrypoint("Props").envKeys());
    out.missingExport = await attempt(() => worker.getEntrypoint("Nope").greet("x"));
    out.missingMethod = await attempt(() => worker.getEntrypoint().nope());

    // env: structured-cloneable values arrive as copies.
    const rich = loader.load(code({
      "env.js": `export default { show(_arg, env) {
        return [env.date instanceof Date, env.map instanceof Map && env.map.get("k"), env.bytes instanceof Uint8Array && env.bytes.length, env.nested.deep[1]];
      } };`,
    }, { env: { date: new Date(5), map: new Map([["k", "v"]]), bytes: new Uint8Array(3), nested: { deep: [1, "two"] } } }));
    out.richEnv = await attempt(() => rich.getEntrypoint().show(null));

    // The same name is the same worker (its module state), with the callback run once.
    let calls = 0;
    const counter = () => {
      calls++;
      return code({ "counter.js": COUNTER });
    };
    const first = loader.get("counter", counter).getEntrypoint();
    const again = loader.get("counter", counter).getEntrypoint();
    const other = loader.get("counter-2", counter).getEntrypoint();
    const anonymous = loader.get(null, counter).getEntrypoint();
    const loaded = loader.load(code({ "counter.js": COUNTER })).getEntrypoint();
    out.sameName = await attempt(async () => [await first.increment(), await first.increment(), await again.increment()]);
    out.otherName = await attempt(async () => [await other.increment(), await other.increment()]);
    out.anonymous = await attempt(async () => [await anonymous.increment(), await loaded.increment()]);
    out.callbackRuns = calls;
    out.asyncCallback = await attempt(() =>
      loader.get("async", async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return code({ "a.js": "export default { hi() { return 'async hi'; } }" });
      }).getEntrypoint().hi(null));

    // Module types and imports between modules.
    const types = loader.load({
      compatibilityDate: "2025-06-01",
      mainModule: "main.js",
      modules: {
        "main.js": {
          js: `
            import text from "./text.txt";
            import json from "./data.json";
            import cjs from "./lib/cjs.cjs";
            import data from "./binary.dat";
            import { twice } from "./lib/math.js";
            export default {
              show() {
                return [text, json.value, cjs.greet("CJS"), data instanceof ArrayBuffer, new TextDecoder().decode(data), twice(21)];
              },
            };
          `,
        },
        "text.txt": { text: "Hello from text" },
        "data.json": { json: { value: 42 } },
        "lib/cjs.cjs": { cjs: "module.exports = { greet: (name) => 'Hello from ' + name };" },
        "binary.dat": { data: new TextEncoder().encode("bytes") },
        "lib/math.js": "export const twice = (n) => n * 2;",
      },
    });
    // (module (func (export "add") (param i32 i32) (result i32) (local.get 0) (local.get 1) (i32.add)))
    const wasm = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03,
      0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20,
      0x00, 0x20, 0x01, 0x6a, 0x0b,
    ]);
    out.wasmModule = await attempt(() =>
      loader.load(code({
        "w.js": `import add from "./add.wasm";
          export default { async add(pair) { return (await WebAssembly.instantiate(add)).exports.add(...pair); } };`,
        "add.wasm": { wasm },
      })).getEntrypoint().add([5, 7]));
    out.moduleTypes = await attempt(() => types.getEntrypoint().show(null));

    // Compatibility date and flags are the dynamic worker's own.
    const compat = (date, flags) =>
      loader.load({
        compatibilityDate: date,
        compatibilityFlags: flags,
        mainModule: "c.js",
        modules: { "c.js": "export default { check() { return typeof process; } }" },
      }).getEntrypoint().check(null);
    out.nodeCompat = await attempt(() => compat("2025-06-01", ["nodejs_compat"]));
    out.noNodeCompat = await attempt(() => compat("2025-06-01", []));

    // ctx.exports inside a dynamic worker reaches its own exports.
    out.ownExports = await attempt(() =>
      loader.load(code({
        "own.js": `
          import { WorkerEntrypoint } from "cloudflare:workers";
          export default class extends WorkerEntrypoint {
            async greet(name) { return (await this.ctx.exports.Alt.greet(name)) + "!"; }
          }
          export class Alt extends WorkerEntrypoint { greet(name) { return "Alt " + name; } }
        `,
      }, { compatibilityDate: "2025-12-01" })).getEntrypoint().greet("Carol"));

    // Outbound: inherited, redirected to a Fetcher, or taken away.
    const fetcher = (more) =>
      loader.load(code({ "f.js": "export default { fetch(request) { return fetch('http://example.com/out'); } }" }, more))
        .getEntrypoint();
    out.outboundRedirected = await attempt(async () =>
      (await fetcher({ globalOutbound: ctx.exports.Outbound }).fetch("http://dyn/")).text());
    out.outboundNull = await attempt(async () => (await fetcher({ globalOutbound: null }).fetch("http://dyn/")).text());
    out.connectNull = await attempt(() =>
      loader.load(code({
        "s.js": `import { connect } from "cloudflare:sockets";
          export default { open() { connect("127.0.0.1:1"); return "opened"; } };`,
      }, { globalOutbound: null })).getEntrypoint().open(null));

    // Limits: the code's own (workerd's ResourceLimits), and an entrypoint's.
    out.codeLimits = await attempt(() =>
      loader.load(code({ "l.js": "export default { hi(_) { return 'limited'; } }" }, { limits: { cpuMs: 1000, subRequests: 10 } }))
        .getEntrypoint().hi(null));
    out.badLimits = await attempt(() =>
      loader.load(code({ "l.js": "export default {}" }, { limits: { cpuMs: -1 } })).getEntrypoint().hi(null));
    out.entrypointLimits = await attempt(() =>
      loader.load(code({ "l.js": "export default { hi(_) { return 'limited'; } }" }))
        .getEntrypoint(undefined, { limits: { cpuMs: 1000 } }).hi(null));

    // An exception in its fetch handler reaches the caller as itself.
    out.fetchThrows = await attempt(async () =>
      (await loader.load(code({ "t.js": "export default { fetch() { throw new TypeError('boom'); } }" }))
        .getEntrypoint().fetch("http://dyn/")).text());

    // What the code may not be, and where its errors surface.
    const bad = (make, call = (ep) => ep.hi(null)) => attempt(() => call(make().getEntrypoint()));
    out.throwingCallback = await bad(() => loader.get("throws", () => {
      throw new Error("Code loader failed!");
    }));
    out.startupError = await bad(() => loader.load(code({ "boom.js": "throw new Error('intentional startup error'); export default {};" })));
    out.syntaxError = await bad(() => loader.load(code({ "syntax.js": "export default {" })));
    out.typeScript = await bad(() => loader.load(code({ "main.ts": "export default {}" })));
    out.unknownExtension = await bad(() => loader.load(code({ "main.mjs": "export default {}" })));
    out.twoKinds = await bad(() => loader.load(code({ "two.js": { js: "export default {}", text: "x" } })));
    out.noKind = await bad(() => loader.load(code({ "none.js": {} })));
    out.noModules = await bad(() => loader.load({ compatibilityDate: "2025-06-01", mainModule: "x.js", modules: {} }));
    out.missingMain = await bad(() => loader.load({ compatibilityDate: "2025-06-01", mainModule: "x.js", modules: { "y.js": "export default {}" } }));
    out.missingImport = await bad(() => loader.load(code({ "imp.js": "import x from './gone.js'; export default { hi() { return x; } };" })));
    out.noDate = await attempt(() => loader.load({ mainModule: "x.js", modules: { "x.js": "export default {}" } }));
    out.badDate = await bad(() => loader.load({ compatibilityDate: "someday", mainModule: "x.js", modules: { "x.js": "export default {}" } }));
    out.futureDate = await bad(() => loader.load({ compatibilityDate: "2999-01-01", mainModule: "x.js", modules: { "x.js": "export default {}" } }));
    out.badFlag = await bad(() => loader.load(code({ "x.js": "export default {}" }, { compatibilityFlags: ["no_such_flag"] })));
    out.functionInEnv = await attempt(() => loader.load(code({ "x.js": "export default {}" }, { env: { f() {} } })));
    out.notCloneableProps = await attempt(() => worker.getEntrypoint("Props", { props: { f() {} } }).show());
    return Response.json(out);
  },
};
