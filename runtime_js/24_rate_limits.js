// worky's JS glue, part 24: the Rate Limiting binding (`[[ratelimits]]`, the
// counters in src/runtime/rate_limits.rs): `env.LIMITER.limit({ key, limit,
// period })` answers `{ success }`, with the checks and words of Cloudflare's
// binding as miniflare answers (tests/workerd/rate_limits.js).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has a rate limit binding (04_serve.js `lazyModule`).

(function (core, primordials) {
"use strict";

const { ArrayPrototypeFilter, ArrayPrototypeIncludes, ArrayPrototypeJoin, Error, ObjectKeys, PromiseResolve } = primordials;
const { op_worky_rate_limit } = core.ops;

const OPTIONS = ["key", "limit", "period"];
const PERIODS = [10, 60];

function check(test, message) {
  if (!test) throw new Error(message);
}

class RateLimit {
  #binding;
  #limit;
  #period;

  constructor(binding, limit, period) {
    this.#binding = binding;
    this.#limit = limit;
    this.#period = period;
  }

  async limit(options) {
    check(typeof options === "object" && options !== null, "invalid rate limit options");
    const unknown = ArrayPrototypeFilter(ObjectKeys(options), (key) => !ArrayPrototypeIncludes(OPTIONS, key));
    check(unknown.length === 0, `bad rate limit options: [${ArrayPrototypeJoin(unknown, ",")}]`);
    const { key = "", limit = this.#limit, period = this.#period } = options;
    check(typeof key === "string", `invalid key: ${key}`);
    check(typeof limit === "number", `limit must be a number: ${limit}`);
    check(typeof period === "number", `period must be a number: ${period}`);
    check(ArrayPrototypeIncludes(PERIODS, period), `unsupported period: ${period}`);
    return await PromiseResolve({ success: op_worky_rate_limit(this.#binding, key, limit, period) });
  }
}

return { RateLimit };
})
