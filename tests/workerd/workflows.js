// Workflows: what env.WF (create, createBatch, get) checks and answers, what an
// instance's status says as it runs, sleeps, waits for an event, is paused,
// resumed and terminated, and what `run(event, step)` gets: the event, step.do's
// results, retries (the attempt its callback is told), errors that exhaust their
// retries or are not retryable, step.sleep, step.sleepUntil and
// step.waitForEvent with its timeout. Recorded under miniflare (workerd alone has
// no Workflows engine). Every delay is short and explicit, so the probe runs in
// a few seconds; timings themselves are not recorded.

import { WorkflowEntrypoint } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";

const attempt = async (f) => {
  try {
    const value = await f();
    return { ok: value === undefined ? "undefined" : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const FAST = { retries: { limit: 2, delay: 20, backoff: "constant" } };

export class ProbeWorkflow extends WorkflowEntrypoint {
  async run(event, step) {
    const { payload } = event;
    switch (payload.kind) {
      case "steps": {
        const seen = {
          eventKeys: Object.keys(event).sort(),
          timestamp: event.timestamp instanceof Date,
          instanceId: event.instanceId === payload.id,
          hasEnv: typeof this.env === "object",
          hasCtx: typeof this.ctx === "object",
        };
        const first = await step.do("first", async () => ({ n: 1, list: [1, "two"] }));
        const repeated = await step.do("first", async () => "second of the name");
        await step.sleep("nap", 50);
        await step.sleepUntil("until", Date.now() + 50);
        const nothing = await step.do("nothing", async () => undefined);
        return { seen, first, repeated, nothing: nothing === undefined ? "undefined" : nothing };
      }
      case "retry":
        return await step.do("flaky", FAST, async (ctx) => {
          if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} failed`);
          return { attempt: ctx.attempt, step: ctx.step };
        });
      case "exhausted":
        return await step.do("always fails", FAST, async () => {
          throw new TypeError("boom");
        });
      case "nonretryable":
        return await step.do("refuses", FAST, async () => {
          throw new NonRetryableError("nope");
        });
      case "caught":
        try {
          await step.do("fails once", { retries: { limit: 0, delay: 0 } }, async () => {
            throw new RangeError("caught me");
          });
          return "not reached";
        } catch (error) {
          return `recovered from ${error.name}: ${error.message}`;
        }
      case "throws":
        await step.do("fine", async () => 1);
        throw new Error("run itself threw");
      case "invalid":
        return {
          longName: await attempt(() => step.do("x".repeat(257), async () => 1)),
          badConfig: await attempt(() => step.do("bad config", { retries: { limit: -1, delay: 1 } }, async () => 1)),
          unknownConfig: await attempt(() => step.do("unknown config", { speed: 1 }, async () => 1)),
          past: await attempt(() => step.sleepUntil("past", Date.now() - 60_000)),
        };
      case "unserializable":
        // Not catchable: the instance ends.
        return await attempt(() => step.do("returns a function", async () => () => 1));
      case "event": {
        const received = await step.waitForEvent("approval", { type: "approve", timeout: "1 minute" });
        return { keys: Object.keys(received).sort(), payload: received.payload, type: received.type };
      }
      case "event-timeout":
        return await attempt(() => step.waitForEvent("never", { type: "never", timeout: 200 }));
      case "long":
        await step.sleep("long nap", "1 hour");
        return "woke";
      case "short":
        await step.sleep("short nap", 1500);
        return await step.do("after the nap", async () => "done");
      default:
        return payload;
    }
  }
}

const FINAL = ["complete", "errored", "terminated"];

async function settled(instance) {
  for (let i = 0; i < 200; i++) {
    const status = await instance.status();
    if (FINAL.includes(status.status)) return status;
    await sleep(50);
  }
  return await instance.status();
}

async function until(instance, wanted) {
  for (let i = 0; i < 100; i++) {
    const status = await instance.status();
    if (status.status === wanted) return status.status;
    await sleep(50);
  }
  return (await instance.status()).status;
}

// The parts of a status every runtime has (miniflare adds its step outputs).
const statusOf = (status) => ({
  keys: Object.keys(status).filter((key) => !key.startsWith("__")).sort(),
  status: status.status,
  output: status.output ?? null,
  error: status.error ?? null,
});

async function finished(env, kind, id) {
  const instance = await env.WF.create({ id, params: { kind, id } });
  return statusOf(await settled(instance));
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/") return new Response("ready");
    const run = Date.now().toString(36);
    const out = {};
    out.binding = {
      type: Object.prototype.toString.call(env.WF),
      methods: ["create", "createBatch", "get"].map((m) => typeof env.WF[m]),
    };
    const made = await env.WF.create({ id: `made-${run}`, params: { kind: "plain", value: 1 } });
    out.instance = {
      id: made.id === `made-${run}`,
      methods: ["pause", "resume", "terminate", "restart", "status", "sendEvent"].map((m) => typeof made[m]),
    };
    out.plain = statusOf(await settled(made));
    out.generatedId = await attempt(async () => /^[0-9a-f-]{36}$/.test((await env.WF.create()).id));
    out.duplicateId = await attempt(async () => (await env.WF.create({ id: `made-${run}` })).id === `made-${run}`);
    out.invalidId = await attempt(() => env.WF.create({ id: "not valid!" }));
    out.longId = await attempt(() => env.WF.create({ id: "i".repeat(101) }));
    out.emptyBatch = await attempt(() => env.WF.createBatch([]));
    out.batch = await attempt(async () =>
      (await env.WF.createBatch([{ id: `b1-${run}`, params: { kind: "plain" } }, { id: `b2-${run}` }])).map(
        (instance) => instance.id.startsWith("b"),
      )
    );
    out.missing = await attempt(() => env.WF.get(`missing-${run}`));
    out.getInvalid = await attempt(() => env.WF.get("not valid!"));
    out.got = await attempt(async () => (await env.WF.get(`made-${run}`)).id === `made-${run}`);

    out.steps = await finished(env, "steps", `steps-${run}`);
    out.retry = await finished(env, "retry", `retry-${run}`);
    out.exhausted = await finished(env, "exhausted", `exhausted-${run}`);
    out.nonretryable = await finished(env, "nonretryable", `nonretryable-${run}`);
    out.caught = await finished(env, "caught", `caught-${run}`);
    out.throws = await finished(env, "throws", `throws-${run}`);
    out.invalid = await finished(env, "invalid", `invalid-${run}`);
    out.unserializable = await finished(env, "unserializable", `unserializable-${run}`);
    out.eventTimeout = await finished(env, "event-timeout", `timeout-${run}`);

    const waiting = await env.WF.create({ id: `event-${run}`, params: { kind: "event" } });
    out.eventWaiting = await until(waiting, "waiting");
    out.sendEvent = await attempt(() => waiting.sendEvent({ type: "approve", payload: { ok: true } }));
    out.event = statusOf(await settled(waiting));
    out.eventAfterEnd = await attempt(() => waiting.sendEvent({ type: "approve", payload: 2 }));

    const long = await env.WF.create({ id: `long-${run}`, params: { kind: "long" } });
    out.longSleeping = await until(long, "waiting");
    out.pause = await attempt(() => long.pause());
    out.paused = await until(long, "paused");
    out.resume = await attempt(() => long.resume());
    out.resumed = await until(long, "waiting");
    out.terminate = await attempt(() => long.terminate());
    out.terminated = statusOf(await settled(long));
    out.pauseEnded = await attempt(async () => {
      await made.pause();
      return (await made.status()).status;
    });
    out.terminateAgain = await attempt(() => long.terminate());
    out.resumeTerminated = await attempt(() => long.resume());

    const short = await env.WF.create({ id: `short-${run}`, params: { kind: "short" } });
    await until(short, "waiting");
    out.restart = await attempt(() => short.restart());
    out.restarted = statusOf(await settled(short));
    return Response.json(out);
  },
};
