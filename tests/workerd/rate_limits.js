// The Rate Limiting binding (`[[ratelimits]]`): env.LIMITER.limit({ key }) counts
// calls a key in a fixed window of `period` seconds aligned to the clock and
// answers { success } against `limit`; what it checks and answers for bad
// options; a second binding of the same namespace sharing the counts. Recorded
// under miniflare (workerd alone has no rate limiter).

const attempt = async (f) => {
  try {
    const value = await f();
    return { ok: value === undefined ? "undefined" : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/") return new Response("ready");
    // Not across a window's end: the counts below happen within one window.
    if (Date.now() % 60_000 > 55_000) await sleep(60_000 - (Date.now() % 60_000) + 100);
    const run = Date.now().toString(36);
    const out = {};
    out.binding = {
      type: Object.prototype.toString.call(env.LIMITER),
      limit: typeof env.LIMITER.limit,
      keys: Object.keys(env.LIMITER),
    };
    const calls = [];
    for (let i = 0; i < 4; i++) calls.push(await env.LIMITER.limit({ key: `a-${run}` }));
    out.fourCalls = calls;
    out.otherKey = await env.LIMITER.limit({ key: `b-${run}` });
    out.resultKeys = Object.keys(out.otherKey);
    out.noKey = [await attempt(() => env.LIMITER.limit({})), await attempt(() => env.LIMITER.limit({}))];
    out.ownLimit = [];
    for (let i = 0; i < 3; i++) out.ownLimit.push(await env.LIMITER.limit({ key: `c-${run}`, limit: 2 }));
    out.tenSeconds = await attempt(() => env.LIMITER.limit({ key: `d-${run}`, period: 10 }));
    out.badPeriod = await attempt(() => env.LIMITER.limit({ key: "x", period: 30 }));
    out.stringPeriod = await attempt(() => env.LIMITER.limit({ key: "x", period: "60" }));
    out.badLimit = await attempt(() => env.LIMITER.limit({ key: "x", limit: "5" }));
    out.badKey = await attempt(() => env.LIMITER.limit({ key: 5 }));
    out.unknownOption = await attempt(() => env.LIMITER.limit({ key: "x", speed: 1, colour: 2 }));
    out.noOptions = await attempt(() => env.LIMITER.limit());
    out.nullOptions = await attempt(() => env.LIMITER.limit(null));
    out.stringOptions = await attempt(() => env.LIMITER.limit("x"));
    out.synchronousThrow = (() => {
      try {
        const answer = env.LIMITER.limit(null);
        return answer instanceof Promise ? "promise" : typeof answer;
      } catch (error) {
        return `threw ${error.name}`;
      }
    })();
    // A second binding of the same namespace counts the same keys.
    out.sameNamespace = [
      await env.LIMITER.limit({ key: `e-${run}` }),
      await env.SAME.limit({ key: `e-${run}` }),
      await env.SAME.limit({ key: `e-${run}` }),
      await env.SAME.limit({ key: `e-${run}` }),
    ];
    return Response.json(out);
  },
};
