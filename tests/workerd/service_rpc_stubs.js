// JS RPC beyond structured clone (workerd alone: the worker binds its own
// entrypoint and a Durable Object): an RpcTarget returned by a method arrives
// as a stub whose methods and getters run where the object lives; a function
// passed either way arrives as a stub the other side calls back; promise
// pipelining (calling a member of a call's promise); stubs inside objects and
// arrays; errors thrown through stubs; disposal, dup() and the end of a call
// disposing the stubs it was given; a stub passed back to where it lives;
// a service binding and a Durable Object stub passed on; `new RpcStub(object)`,
// a stub to an object of this isolate, and the
// classes cloudflare:workers names stubs and their answers by.
import { WorkerEntrypoint, DurableObject, RpcTarget, RpcStub, RpcPromise, RpcProperty, ServiceStub } from "cloudflare:workers";

class Counter extends RpcTarget {
  #count;
  constructor(start) {
    super();
    this.#count = start;
    this.own = "own property";
  }
  increment(by = 1) {
    this.#count += by;
    return this.#count;
  }
  get value() {
    return this.#count;
  }
  fail() {
    throw new RangeError("counter failed");
  }
  child() {
    return new Counter(100);
  }
}

class Plain {
  constructor() {
    this.x = 1;
  }
  method() {
    return 1;
  }
}

let kept = null;

export class Api extends WorkerEntrypoint {
  counter(start) {
    return new Counter(start);
  }
  nested(start) {
    return { counter: new Counter(start), list: [new Counter(1)], label: "n" };
  }
  adder(base) {
    return (x) => base + x;
  }
  async callBack(fn, x) {
    return await fn(x);
  }
  async callTwice(fn) {
    return [await fn(1), await fn(2)];
  }
  async callFirst(list) {
    return await list[0]();
  }
  async useObject(obj) {
    return `${obj.name}:${await obj.get()}`;
  }
  async callThrows(fn) {
    try {
      await fn();
      return "no throw";
    } catch (error) {
      return `${error.name}: ${error.message} (${error instanceof Error})`;
    }
  }
  describeParam(fn, counter) {
    return [typeof fn, typeof counter, typeof counter.increment, typeof fn.dup, Object.prototype.toString.call(fn)];
  }
  keep(fn) {
    kept = fn;
    return "kept";
  }
  keepDup(fn) {
    kept = fn.dup();
    return "kept";
  }
  async callKept() {
    return await kept();
  }
  plain() {
    return new Plain();
  }
  async useCounter(counter) {
    return await counter.increment(10);
  }
  add(a, b) {
    return a + b;
  }
  async useService(svc) {
    return [typeof svc, Object.prototype.toString.call(svc), await svc.add(1, 2), await (await svc.fetch("http://x/hello")).text()];
  }
  giveRoom() {
    return this.env.ROOMS.get(this.env.ROOMS.idFromName("b"));
  }
  fetch(request) {
    return new Response(`api fetch ${new URL(request.url).pathname}`);
  }
  async callFromMap(map) {
    return await map.get("f")(1);
  }
  echo(value) {
    return value;
  }
}

export class Room extends DurableObject {
  hello() {
    return `room ${this.ctx.id.toString().slice(0, 8)}`;
  }
  counter(start) {
    return new Counter(start);
  }
  async callBack(fn) {
    return await fn(2);
  }
}

const describe = (value) => {
  if (value === null || typeof value !== "object") return value === undefined ? "undefined" : value;
  if (Array.isArray(value)) return value.map(describe);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "function" ? "function" : describe(v)]));
};

const attempt = async (f) => {
  try {
    return { ok: describe(await f()) };
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}`, isError: error instanceof Error };
  }
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ok");
    const out = {};
    out.counterShape = await attempt(async () => {
      const c = await env.API.counter(1);
      return [typeof c, typeof c.increment, typeof c.dup, typeof c[Symbol.dispose], typeof c.then, Object.prototype.toString.call(c)];
    });
    out.counterCalls = await attempt(async () => {
      const c = await env.API.counter(1);
      return [await c.increment(), await c.increment(5), await c.value];
    });
    out.counterOwnProperty = await attempt(async () => await (await env.API.counter(1)).own);
    out.counterMissing = await attempt(async () => await (await env.API.counter(1)).nope());
    out.counterFail = await attempt(async () => await (await env.API.counter(1)).fail());
    out.counterChild = await attempt(async () => await (await (await env.API.counter(1)).child()).increment());
    out.pipelined = await attempt(async () => await env.API.counter(3).increment());
    out.pipelinedGetter = await attempt(async () => await env.API.counter(3).value);
    out.pipelinedChain = await attempt(async () => await env.API.counter(3).child().increment(2));
    out.promiseShape = await attempt(async () => {
      const p = env.API.add(1, 2);
      const shape = [typeof p, p instanceof Promise, typeof p.then];
      await p;
      return shape;
    });
    out.nested = await attempt(async () => {
      const r = await env.API.nested(2);
      return [typeof r.counter, await r.counter.increment(), await r.list[0].increment(), r.label];
    });
    out.adder = await attempt(async () => {
      const f = await env.API.adder(10);
      return [typeof f, await f(5), await f(7)];
    });
    out.callBack = await attempt(() => env.API.callBack((x) => x * 2, 21));
    out.callBackAsync = await attempt(() => env.API.callBack(async (x) => x + 1, 1));
    out.callBackUsingStub = await attempt(async () => {
      const c = await env.API.counter(1);
      return await env.API.callBack(async (x) => await c.increment(x), 5);
    });
    out.targetUsingStub = await attempt(async () => {
      const c = await env.API.counter(1);
      const holder = new RpcStub({ bump: async () => await c.increment(100) });
      return await env.API.callBack(async () => await holder.bump(), 0);
    });
    out.callTwice = await attempt(() => env.API.callTwice((x) => x * 10));
    out.callFirst = await attempt(() => env.API.callFirst([() => "first"]));
    out.useObject = await attempt(() => env.API.useObject({ name: "n", get: () => "v" }));
    out.callThrows = await attempt(() => env.API.callThrows(() => {
      throw new TypeError("from the caller");
    }));
    out.describeParam = await attempt(async () => await env.API.describeParam(() => 1, new Counter(1)));
    out.keptAfterCall = await attempt(async () => {
      await env.API.keep(() => "k");
      return await env.API.callKept();
    });
    out.keptDup = await attempt(async () => {
      await env.API.keepDup(() => "dup");
      return await env.API.callKept();
    });
    out.plainClass = await attempt(() => env.API.plain());
    out.disposed = await attempt(async () => {
      const c = await env.API.counter(1);
      c[Symbol.dispose]();
      return await c.increment();
    });
    out.dupSurvives = await attempt(async () => {
      const c = await env.API.counter(1);
      const d = c.dup();
      c[Symbol.dispose]();
      return await d.increment();
    });
    out.passedBackCall = await attempt(async () => {
      const c = await env.API.counter(1);
      return await env.API.useCounter(c);
    });
    out.passedBackAfter = await attempt(async () => {
      const c = await env.API.counter(1);
      await env.API.useCounter(c);
      return await c.increment();
    });
    out.passedDupAfter = await attempt(async () => {
      const c = await env.API.counter(1);
      await env.API.useCounter(c.dup());
      return await c.increment();
    });
    out.functionAfter = await attempt(async () => {
      const f = await env.API.adder(1);
      await env.API.callBack(f, 1);
      return await f(2);
    });
    out.awaitStub = await attempt(async () => {
      const c = await env.API.counter(1);
      return (await c) === c;
    });
    out.disposeTwice = await attempt(async () => {
      const c = await env.API.counter(1);
      c[Symbol.dispose]();
      c[Symbol.dispose]();
      return "ok";
    });
    out.usingBlock = await attempt(async () => {
      let value;
      {
        const c = await env.API.counter(1);
        try {
          value = await c.increment();
        } finally {
          c[Symbol.dispose]();
        }
      }
      return value;
    });
    out.mapOfFunctions = await attempt(() => env.API.callFromMap(new Map([["f", (x) => `map ${x}`]])));
    out.echoedFunction = await attempt(async () => {
      const f = await env.API.echo((x) => x + 100);
      return await f(1);
    });
    out.localStub = await attempt(async () => {
      const s = new RpcStub(new Counter(1));
      return [typeof s, Object.prototype.toString.call(s), await s.increment(), await s.value, s instanceof RpcStub];
    });
    out.localFunction = await attempt(async () => {
      const s = new RpcStub((x) => x * 3);
      return [typeof s, await s(2)];
    });
    out.localPlainObject = await attempt(async () => await new RpcStub({ a: () => 1, b() { return 2; } }).b());
    out.localDisposed = await attempt(async () => {
      const s = new RpcStub(new Counter(1));
      s[Symbol.dispose]();
      return await s.increment();
    });
    out.localDup = await attempt(async () => {
      const s = new RpcStub(new Counter(1));
      const d = s.dup();
      s[Symbol.dispose]();
      return [d instanceof RpcStub, await d.increment()];
    });
    out.localPassed = await attempt(async () => await env.API.useCounter(new RpcStub(new Counter(5))));
    out.localNoArgument = await attempt(async () => typeof new RpcStub());
    out.localNumber = await attempt(async () => typeof new RpcStub(5));
    out.localWithoutNew = await attempt(async () => typeof RpcStub(new Counter(1)));
    out.classes = await attempt(async () => {
      const c = await env.API.counter(1);
      const p = env.API.add(1, 2);
      await p;
      return [
        [RpcStub, RpcPromise, RpcProperty, ServiceStub].map((f) => typeof f).join(","),
        c instanceof RpcStub,
        p instanceof RpcPromise,
        env.API.add instanceof RpcProperty,
        c.increment instanceof RpcProperty,
        env.API instanceof ServiceStub,
        env.API instanceof RpcStub,
      ];
    });
    out.newRpcPromise = await attempt(async () => typeof new RpcPromise());
    out.passService = await attempt(() => env.API.useService(env.API));
    out.returnObjectStub = await attempt(async () => {
      const r = await env.API.giveRoom();
      return [typeof r, await r.hello(), typeof r.fetch];
    });
    out.localTarget = await attempt(async () => {
      const c = new Counter(1);
      return [c.increment(), c.value, c instanceof RpcTarget];
    });
    const room = env.ROOMS.get(env.ROOMS.idFromName("a"));
    out.objectCounter = await attempt(async () => {
      const c = await room.counter(5);
      return [await c.increment(), await c.value];
    });
    out.objectPipelined = await attempt(async () => await room.counter(7).increment());
    out.objectCallBack = await attempt(() => room.callBack((x) => `called with ${x}`));
    return Response.json(out);
  },
};
