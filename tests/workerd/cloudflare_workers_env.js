// cloudflare:workers' withEnv, withExports and withEnvAndExports: the module's
// `env` and `exports` answer the given objects while the function runs (its
// awaits included, as an AsyncLocalStorage would), and the worker's own after.
import { env, exports, withEnv, withExports, withEnvAndExports } from "cloudflare:workers";

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const attempt = async (f) => {
  try {
    return { ok: await f() };
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}` };
  }
};

export default {
  async fetch(request, handlerEnv) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    out.types = [typeof withEnv, typeof withExports, typeof withEnvAndExports];
    out.plain = env.GREETING;
    out.sync = await attempt(() => withEnv({ GREETING: "over" }, () => env.GREETING));
    out.after = env.GREETING;
    out.async = await attempt(() => withEnv({ GREETING: "later" }, async () => {
      await wait(2);
      return env.GREETING;
    }));
    out.nested = await attempt(() => withEnv({ GREETING: "outer" }, () => [env.GREETING, withEnv({ GREETING: "inner" }, () => env.GREETING), env.GREETING]));
    out.keys = await attempt(() => withEnv({ A: 1, B: 2 }, () => Object.keys(env).sort()));
    out.handlerEnv = await attempt(() => withEnv({ GREETING: "over" }, () => handlerEnv.GREETING));
    out.exports = await attempt(() => withExports({ thing: "x" }, () => exports.thing));
    out.both = await attempt(() => withEnvAndExports({ GREETING: "e" }, { thing: "x" }, () => `${env.GREETING} ${exports.thing}`));
    out.returns = await attempt(() => withEnv({}, () => 42));
    out.throws = await attempt(() => withEnv({}, () => {
      throw new RangeError("inside");
    }));
    out.afterThrow = env.GREETING;
    out.notFunction = await attempt(() => withEnv({}, 5));
    out.extraArgs = await attempt(() => withEnv({}, (a, b) => `${a} ${b}`, 1, 2));
    out.laterTimer = await attempt(async () => {
      let seen;
      withEnv({ GREETING: "timer" }, () => setTimeout(() => { seen = env.GREETING; }, 1));
      await wait(10);
      return seen;
    });
    return Response.json(out);
  },
};
