// Service bindings with JS RPC (workerd alone: the worker binds its own
// entrypoints): a WorkerEntrypoint class's methods and properties called
// through env.AUTH, values passed by structured clone, errors thrown across,
// a new instance a call, the default export and a handler object as
// entrypoints (one argument only), and fetch through a named entrypoint.
import { WorkerEntrypoint } from "cloudflare:workers";

class AppError extends Error {
  constructor(message) {
    super(message);
    this.name = "AppError";
  }
}

export class Auth extends WorkerEntrypoint {
  async fetch(request) {
    return new Response(`Auth.fetch ${new URL(request.url).pathname} ${request.headers.get("x-who")}`);
  }
  add(a, b) {
    return a + b;
  }
  async slowAdd(a, b) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return a + b;
  }
  values() {
    return { map: new Map([["k", 1]]), date: new Date(1700000000000), bytes: new Uint8Array([1, 2]), nested: [1, { two: 2 }], undef: undefined, big: 10n };
  }
  echo(value) {
    return value;
  }
  fail() {
    throw new AppError("nope");
  }
  failType() {
    throw new TypeError("bad type");
  }
  envVar() {
    return this.env.GREETING;
  }
  hasCtx() {
    return typeof this.ctx.waitUntil;
  }
  get version() {
    return "v1";
  }
  static staticMethod() {
    return "static";
  }
}

export class Counter extends WorkerEntrypoint {
  count = 0;
  increment() {
    return ++this.count;
  }
}

export const plain = {
  fetch() {
    return new Response("plain fetch");
  },
  add(a, b) {
    return a + b;
  },
};

const describe = (value) => {
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? `${value}n` : value === undefined ? "undefined" : value;
  if (value instanceof Map) return { Map: [...value] };
  if (value instanceof Date) return { Date: value.getTime() };
  if (value instanceof Uint8Array) return { Uint8Array: [...value] };
  if (Array.isArray(value)) return value.map(describe);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
};

const attempt = async (f) => {
  try {
    return { ok: describe(await f()) };
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}`, isError: error instanceof Error, ctor: error?.constructor?.name };
  }
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ok");
    if (url.pathname === "/hello") return new Response("default fetch");
    const out = {};
    out.shape = {
      typeof: typeof env.AUTH,
      string: Object.prototype.toString.call(env.AUTH),
      typeofMethod: typeof env.AUTH.add,
      then: typeof env.AUTH.then,
      typeofFetch: typeof env.AUTH.fetch,
      stringOf: String(env.AUTH),
      template: `${env.SELF}`,
      typeofToString: typeof env.AUTH.toString,
      json: JSON.stringify({ binding: env.AUTH }),
    };
    out.add = await attempt(() => env.AUTH.add(1, 2));
    out.slowAdd = await attempt(() => env.AUTH.slowAdd(2, 3));
    out.values = await attempt(() => env.AUTH.values());
    out.echoMap = await attempt(() => env.AUTH.echo(new Map([[1, "a"]])));
    out.fail = await attempt(() => env.AUTH.fail());
    out.failType = await attempt(() => env.AUTH.failType());
    out.envVar = await attempt(() => env.AUTH.envVar());
    out.hasCtx = await attempt(() => env.AUTH.hasCtx());
    out.getter = await attempt(async () => await env.AUTH.version);
    out.missing = await attempt(() => env.AUTH.nope());
    out.staticMethod = await attempt(() => env.AUTH.staticMethod());
    out.constructorCall = await attempt(() => env.AUTH.constructor());
    out.fetch = await attempt(async () => (await env.AUTH.fetch("http://x/path", { headers: { "x-who": "me" } })).text());
    out.counterTwice = await attempt(async () => [await env.COUNTER.increment(), await env.COUNTER.increment()]);
    out.defaultFetch = await attempt(async () => (await env.SELF.fetch("http://x/hello")).text());
    out.defaultRpc = await attempt(() => env.SELF.add(1, 2));
    out.plainFetch = await attempt(async () => (await env.PLAIN.fetch("http://x/")).text());
    out.plainRpc = await attempt(() => env.PLAIN.add(1, 2));
    // workerd passes a function as a stub the callee can call back.
    out.functionArg = await attempt(async () => typeof (await env.AUTH.echo(() => 1)));
    out.functionReturn = await attempt(async () => typeof (await env.AUTH.echo({ f: 1 })).f);
    return Response.json(out);
  },
  add(a, b) {
    return a + b;
  },
};
