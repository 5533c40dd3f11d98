// worky's JS glue, part 23: Workflows (src/runtime/workflows.rs keeps what
// instances record, src/runtime/ops/workflows.rs writes it, src/host/workflows.rs
// runs what is due): `env.WORKFLOW` (create, createBatch, get), an instance's
// handle (status, pause, resume, terminate, restart, sendEvent), and the run of
// an instance, `run(event, step)` with step.do, step.sleep, step.sleepUntil and
// step.waitForEvent, with the checks, words and rules of Cloudflare's Workflows
// as miniflare answers (recorded in tests/workerd/workflows.js).
// Extension code must be 7-bit ASCII.
//
// An instance runs by replay: each run calls `run` from the start, and a step
// recorded as done answers its recorded value without running again. A step
// that has to wait (a sleep, a retry's delay, an event not sent yet) records
// when its wait ends and never settles; once no step callback is running, the
// run ends as waiting and the host runs the instance again when the wait is
// over. So code outside steps may run more than once, as on Cloudflare.

// Evaluated when a worker has a workflow binding or runs an instance
// (04_serve.js `lazyModule`): a function of what it needs.

(function (core, primordials, LENT) {
"use strict";

const {
  ArrayIsArray,
  ArrayPrototypeFindIndex,
  ArrayPrototypeSplice,
  Date,
  DateNow,
  Error,
  JSONParse,
  JSONStringify,
  MathPow,
  Number,
  NumberIsFinite,
  NumberIsNaN,
  ObjectKeys,
  Promise,
  PromisePrototypeThen,
  PromiseReject,
  RegExpPrototypeExec,
  SafeMap,
  SafePromiseAll,
  SafePromiseRace,
  String,
  StringPrototypeToLowerCase,
  StringPrototypeTrim,
  TypeError,
  TypedArrayPrototypeSubarray,
} = primordials;

const { op_worky_workflow, op_worky_workflow_write, op_worky_respond_text } = core.ops;
const { ExecutionContext, headerText, setTimeout, clearTimeout } = LENT;

const serialize = (value) => LENT.serializeForStorage(value);
const deserialize = (bytes) => core.deserialize(bytes, { forStorage: true });

// Cloudflare's rules for ids and step names.
const INSTANCE_ID = /^[a-zA-Z0-9_][a-zA-Z0-9-_]*$/;
const MAX_INSTANCE_ID = 100;
const MAX_STEP_NAME = 256;
const CONTROL_CHARACTER = /[\x00-\x1F]/;
const MAX_BATCH = 100;
// A step's result, serialized (Cloudflare's limit on what a step persists).
const MAX_STEP_OUTPUT = 1024 * 1024;

// step.do's configuration when a step gives none (Cloudflare's documented defaults).
const DEFAULT_RETRIES = { limit: 5, delay: 10000, backoff: "exponential" };
const DEFAULT_TIMEOUT = "10 minutes";
const DEFAULT_EVENT_TIMEOUT = "24 hours";

// --- durations ------------------------------------------------------------------

const UNITS = {
  ms: 1,
  millisecond: 1,
  second: 1000,
  sec: 1000,
  minute: 60000,
  min: 60000,
  hour: 3600000,
  day: 86400000,
  week: 604800000,
  month: 2629800000,
  year: 31557600000,
};
const DURATION = /^(-?\d+(?:\.\d+)?)\s*([a-z]+?)s?$/;

/** A duration in milliseconds: a number as it is, or "10 seconds", "1 minute" ...; NaN if neither. */
function millisecondsOf(duration) {
  if (typeof duration === "number") return duration;
  if (typeof duration !== "string") return NaN;
  const match = RegExpPrototypeExec(DURATION, StringPrototypeToLowerCase(StringPrototypeTrim(duration)));
  if (match === null) return NaN;
  const unit = UNITS[match[2]];
  return unit === undefined ? NaN : Number(match[1]) * unit;
}

function checkedDuration(duration, what) {
  const ms = millisecondsOf(duration);
  if (NumberIsNaN(ms)) {
    throw new TypeError(`${what}: "${duration}" is not a duration (a number of milliseconds, or "10 seconds")`);
  }
  return ms;
}

// --- the binding ------------------------------------------------------------------

/** An error as Workflows' engine's cross the RPC boundary to a worker: "Name: message". */
const workflowError = (message) => new Error(`WorkflowError: ${message}`);

const validId = (id) => typeof id === "string" && id.length <= MAX_INSTANCE_ID && RegExpPrototypeExec(INSTANCE_ID, id) !== null;

class Workflow {
  #binding;

  constructor(binding) {
    this.#binding = binding;
  }

  async create(options = {}) {
    const { id = crypto.randomUUID(), params = {} } = options ?? {};
    if (!validId(id)) throw workflowError("Workflow instance has invalid id");
    await op_worky_workflow(this.#binding, "create", id, null, serialize(params));
    return new WorkflowInstance(this.#binding, id);
  }

  async createBatch(batch) {
    if (!ArrayIsArray(batch) || batch.length === 0) throw workflowError("batchCreate should have at least 1 instance");
    if (batch.length > MAX_BATCH) throw workflowError(`batchCreate supports at most ${MAX_BATCH} instances at a time`);
    const made = [];
    for (let i = 0; i < batch.length; i++) made[i] = this.create(batch[i]);
    return await SafePromiseAll(made);
  }

  async get(id) {
    if (!validId(id)) throw new Error("instance.not_found");
    await op_worky_workflow(this.#binding, "status", id, null, null);
    return new WorkflowInstance(this.#binding, id);
  }
}

class WorkflowInstance {
  #binding;

  constructor(binding, id) {
    this.#binding = binding;
    this.id = id;
  }

  async pause() {
    await op_worky_workflow(this.#binding, "pause", this.id, null, null);
  }

  async resume() {
    await op_worky_workflow(this.#binding, "resume", this.id, null, null);
  }

  async terminate() {
    await op_worky_workflow(this.#binding, "terminate", this.id, null, null);
  }

  async restart() {
    await op_worky_workflow(this.#binding, "restart", this.id, null, null);
  }

  async status() {
    const { 0: status, 1: output, 2: error } = await op_worky_workflow(this.#binding, "status", this.id, null, null);
    return {
      status,
      error: error === null ? undefined : { name: error[0], message: error[1] },
      output: output === null ? null : deserialize(output),
    };
  }

  async sendEvent({ type, payload } = {}) {
    await op_worky_workflow(this.#binding, "event", this.id, String(type), serialize(payload));
  }
}

// --- a run ------------------------------------------------------------------------

/** Thrown into a run's code once the run was fenced off (paused, terminated, restarted). */
const STOPPED = "Aborting engine: the instance was paused, terminated or restarted";

/** A step's failure as recorded: an error of a global Error class keeps its class. */
function revive(record) {
  const Class = globalThis[record.name];
  const error = typeof Class === "function" && Class.prototype instanceof Error ? new Class(record.message) : new Error(record.message);
  if (error.name !== record.name) error.name = record.name;
  return error;
}

const isNonRetryable = (error) =>
  error !== null && typeof error === "object" && (error.name === "NonRetryableError" || String(error.message).startsWith("NonRetryableError"));

/** One run of one instance: what it recorded before, what it writes, how it ends. */
class Run {
  constructor(workflow, instance, run, journal, events, stepLimit) {
    this.stepLimit = stepLimit;
    this.steps = 0;
    this.workflow = workflow;
    this.instance = instance;
    this.run = run;
    this.journal = journal;
    this.events = events;
    this.counts = new SafeMap();
    // Steps between their start and their answer.
    this.busy = 0;
    this.waitUntil = null;
    this.ended = new Promise((resolve) => {
      this.end = resolve;
    });
    this.over = false;
  }

  /** A step's key: its kind, name and how many of that kind and name came before it in this run. */
  keyOf(kind, name) {
    const counter = `${kind}:${name}`;
    const count = (this.counts.get(counter) ?? 0) + 1;
    this.counts.set(counter, count);
    return [`${counter}:${count}`, count];
  }

  async write(key, record, value, takes) {
    if (this.over) throw new Error(STOPPED);
    const kept = await op_worky_workflow_write(this.workflow, this.instance, this.run, key, JSONStringify(record), value, takes);
    if (!kept) {
      this.finish({ outcome: "stopped" });
      throw new Error(STOPPED);
    }
  }

  finish(ending) {
    if (this.over) return;
    this.over = true;
    this.end(ending);
  }

  /** A step that waits until `until`: never settles; the run ends once no step is under way. */
  wait(until) {
    if (this.waitUntil === null || until < this.waitUntil) this.waitUntil = until;
    this.checkQuiet();
    return new Promise(() => {});
  }

  /**
   * Ends the run as waiting once nothing is left to do now: no step under
   * way, after what is queued now ran (a step about to start gets to).
   */
  checkQuiet() {
    if (this.waitUntil === null || this.busy > 0) return;
    setTimeout(() => {
      if (this.waitUntil !== null && this.busy === 0) this.finish({ outcome: "waiting", until: this.waitUntil });
    }, 0);
  }

  fatal(message) {
    this.finish({ outcome: "errored", name: "WorkflowFatalError", message });
    return new Promise(() => {});
  }
}

// --- step ---------------------------------------------------------------------------

function validConfig(config) {
  if (config === null || typeof config !== "object") return false;
  for (const key of ObjectKeys(config)) if (key !== "retries" && key !== "timeout" && key !== "sensitive") return false;
  const { retries, timeout, sensitive } = config;
  if (retries !== undefined) {
    if (retries === null || typeof retries !== "object") return false;
    for (const key of ObjectKeys(retries)) if (key !== "delay" && key !== "limit" && key !== "backoff") return false;
    const { delay, limit, backoff } = retries;
    if (typeof limit !== "number" || !(limit >= 0)) return false;
    if (typeof delay === "number" ? !(delay >= 0) : typeof delay !== "string" && typeof delay !== "function") return false;
    if (typeof delay === "string" && NumberIsNaN(millisecondsOf(delay))) return false;
    if (backoff !== undefined && backoff !== "constant" && backoff !== "linear" && backoff !== "exponential") return false;
  }
  if (timeout !== undefined) {
    if (typeof timeout === "number" ? !(timeout >= 0) : typeof timeout !== "string") return false;
    if (timeout == 0 || NumberIsNaN(millisecondsOf(timeout))) return false;
  }
  if (sensitive !== undefined && sensitive !== "output") return false;
  return true;
}

/** How long before attempt `attempts + 1`, after `attempts` failed. */
function retryDelay(retries, attempts, error, step) {
  let delay = retries.delay;
  if (typeof delay === "function") delay = delay({ ctx: step, error });
  const base = millisecondsOf(delay);
  if (!NumberIsFinite(base) || base < 0) return 0;
  switch (retries.backoff) {
    case "exponential":
      return base * MathPow(2, attempts - 1);
    case "linear":
      return base * attempts;
    default:
      return base;
  }
}

/** Races `promise` against a timer of `ms`; the timer's error counts as the attempt's. */
function timed(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`WorkflowTimeoutError: Execution timed out after ${ms}ms`)), ms);
  });
  return PromisePrototypeThen(
    SafePromiseRace([promise, timeout]),
    (value) => {
      clearTimeout(timer);
      return value;
    },
    (error) => {
      clearTimeout(timer);
      throw error;
    },
  );
}

/** What a step answers when it has to wait: its run ends once nothing else is under way. */
class Wait {
  constructor(until) {
    this.until = until;
  }
}

class WorkflowStep {
  #run;

  constructor(run) {
    this.#run = run;
  }

  /**
   * Runs a step's work as one piece the run waits for: the run does not end
   * as waiting while any step is between its start and its answer (a callback
   * running, a record being written).
   */
  async #step(work) {
    const run = this.#run;
    run.busy++;
    let answer;
    try {
      answer = await work(run);
    } finally {
      run.busy--;
      run.checkQuiet();
    }
    if (answer instanceof Wait) return await run.wait(answer.until);
    return answer;
  }

  do(name, ...rest) {
    let config;
    let callback;
    if (typeof rest[0] === "function") {
      config = {};
      callback = rest[0];
    } else {
      config = rest[0] ?? {};
      callback = rest[1];
      if (typeof callback !== "function") {
        return PromiseReject(new Error(`WorkflowFatalError: Step "${name}" requires a callback function`));
      }
    }
    return this.#step((run) => runStep(run, String(name), config, callback));
  }

  sleep(name, duration) {
    return this.#sleep(name, () => DateNow() + checkedDuration(duration, `step.sleep("${name}")`), false);
  }

  sleepUntil(name, timestamp) {
    const at = () => (typeof timestamp === "object" && timestamp !== null ? timestamp.valueOf() : timestamp);
    return this.#sleep(name, at, true);
  }

  /**
   * A sleep until the time `at()` gives, recorded by the run that first gets
   * to it, so the runs after it wait for that same time; `pastRefused`: a time
   * already past is an error (sleepUntil's).
   */
  #sleep(name, at, pastRefused) {
    return this.#step(async (run) => {
      const target = at();
      const { 0: key } = run.keyOf("sleep", String(name));
      const recorded = run.journal.get(key);
      // A sleep recorded in an earlier run is not in the past for this one.
      if (recorded === undefined) {
        if (pastRefused && target < DateNow()) throw new Error("You can't sleep until a time in the past, time-traveler");
        await run.write(key, { state: "sleep", until: target }, null);
      }
      const until = recorded?.record.until ?? target;
      return until <= DateNow() ? undefined : new Wait(until);
    });
  }

  waitForEvent(name, options = {}) {
    return this.#step(async (run) => {
      const type = options?.type;
      const timeout = checkedDuration(options?.timeout || DEFAULT_EVENT_TIMEOUT, `step.waitForEvent("${name}")`);
      const { 0: key } = run.keyOf("event", String(name));
      const recorded = run.journal.get(key);
      if (recorded !== undefined) {
        const { record, value } = recorded;
        if (record.state === "done") return deserialize(value);
        if (record.state === "failed") throw revive(record);
      }
      const index = ArrayPrototypeFindIndex(run.events, (event) => event.type === type);
      if (index !== -1) {
        const { 0: sent } = ArrayPrototypeSplice(run.events, index, 1);
        const event = { payload: deserialize(sent.payload), timestamp: new Date(sent.timestamp), type: sent.type };
        await run.write(key, { state: "done" }, serialize(event), sent.seq);
        return event;
      }
      const until = recorded?.record.until ?? DateNow() + timeout;
      if (until <= DateNow()) {
        const message = `WorkflowTimeoutError: Execution timed out after ${timeout}ms`;
        await run.write(key, { state: "failed", name: "Error", message }, null);
        throw new Error(message);
      }
      if (recorded === undefined) await run.write(key, { state: "wait", until }, null);
      return new Wait(until);
    });
  }
}

/** step.do: the recorded result, or the callback run (and retried) until it answers or gives up. */
async function runStep(run, name, config, callback) {
  if (++run.steps > run.stepLimit) {
    throw new Error(
      `WorkflowFatalError: The limit of ${run.stepLimit} steps has been reached. ` +
        "This limit can be changed in your worker configuration.",
    );
  }
  if (name.length > MAX_STEP_NAME || RegExpPrototypeExec(CONTROL_CHARACTER, name) !== null) {
    throw new Error(
      `WorkflowFatalError: Step name "${name}" exceeds max length (${MAX_STEP_NAME} chars) or invalid characters found`,
    );
  }
  if (!validConfig(config)) {
    throw new Error(
      `WorkflowFatalError: Step config for "${name}" is in a invalid format. ` +
        "See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/",
    );
  }
  const retries = { ...DEFAULT_RETRIES, ...config.retries };
  const timeout = millisecondsOf(config.timeout ?? DEFAULT_TIMEOUT);
  const { 0: key, 1: count } = run.keyOf("do", name);
  const recorded = run.journal.get(key);
  if (recorded !== undefined) {
    const { record, value } = recorded;
    if (record.state === "done") return value === null ? undefined : deserialize(value);
    if (record.state === "failed") throw revive(record);
    if (record.state === "retry" && record.at > DateNow()) return new Wait(record.at);
  }
  let attempts = recorded?.record.attempts ?? 0;
  for (;;) {
    attempts++;
    // Counted before it runs: an attempt cut off by a kill counts.
    await run.write(key, { state: "attempt", attempts }, null);
    const context = { step: { name, count }, attempt: attempts, config: { retries, timeout: config.timeout ?? DEFAULT_TIMEOUT } };
    let value;
    let failure = null;
    try {
      value = await timed((async () => await callback(context))(), timeout);
    } catch (error) {
      failure = error;
    }
    if (failure === null) {
      let bytes = null;
      if (value !== undefined) {
        try {
          bytes = serialize(value);
        } catch {
          return await run.fatal(
            `The execution of the Workflow instance was terminated, as the step "${name}" returned a value which is not serialisable`,
          );
        }
      }
      if (bytes === null || bytes.length <= MAX_STEP_OUTPUT) {
        await run.write(key, { state: "done" }, bytes);
        return bytes === null ? undefined : deserialize(bytes);
      }
      failure = new Error(`WorkflowInternalError: Step ${name}-${count} output is too large. Maximum allowed size is 1MiB.`);
    }
    const error = failure !== null && typeof failure === "object" ? failure : new Error(String(failure));
    if (isNonRetryable(error) || attempts > retries.limit) {
      const failed = { state: "failed", name: String(error.name ?? "Error"), message: String(error.message ?? "") };
      await run.write(key, failed, null);
      throw failure;
    }
    const delay = retryDelay(retries, attempts, error, context);
    if (delay > 0) {
      const at = DateNow() + delay;
      await run.write(key, { state: "retry", attempts, at }, null);
      return new Wait(at);
    }
  }
}

/**
 * Runs one run of an instance (`special`: 04_serve.js's slot, made by
 * src/runtime/ops/http.rs `workflow_target`), records how it ended, and
 * answers the host the outcome (a second line: what errored it).
 */
async function runWorkflow(handlers, id, special) {
  const { 1: className, 2: workflow, 3: header, 4: bytes } = special;
  const { 0: instanceId, 1: number, 2: created, 3: paramsLength, 4: steps, 5: sent, 6: stepLimit } = JSONParse(header);
  let offset = 0;
  const take = (length) => TypedArrayPrototypeSubarray(bytes, offset, (offset += length));
  const params = deserialize(take(paramsLength));
  const journal = new SafeMap();
  for (const { 0: key, 1: record, 2: length } of steps) {
    journal.set(key, { record: JSONParse(record), value: length === null ? null : take(length) });
  }
  const events = [];
  let seen = 0;
  for (const { 0: seq, 1: type, 2: timestamp, 3: length } of sent) {
    events[events.length] = { seq, type, timestamp, payload: take(length) };
    seen = seq;
  }
  const run = new Run(workflow, instanceId, number, journal, events, stepLimit);
  const Class = handlers.exported[className];
  if (typeof Class !== "function" || typeof Class.prototype?.run !== "function") {
    run.finish({
      outcome: "errored",
      name: "Error",
      message: `The worker exports no class "${className}" with a run() method for workflow "${workflow}"`,
    });
  } else {
    const ctx = new ExecutionContext();
    const event = { payload: params, timestamp: new Date(created), instanceId };
    PromisePrototypeThen(
      (async () => await new Class(ctx, handlers.env).run(event, new WorkflowStep(run)))(),
      (output) => {
        let value;
        try {
          value = output === undefined ? null : serialize(output);
        } catch {
          return run.finish({ outcome: "errored", name: "WorkflowFatalError", message: "The workflow's output is not serialisable" });
        }
        run.finish({ outcome: "complete", value });
      },
      (error) => {
        if (isNonRetryable(error)) {
          return run.finish({
            outcome: "errored",
            name: "WorkflowFatalError",
            message: "The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled",
          });
        }
        const thrown = error !== null && typeof error === "object" ? error : new Error(String(error));
        run.finish({ outcome: "errored", name: String(thrown.name ?? "Error"), message: String(thrown.message ?? "") });
      },
    );
  }
  const ending = await run.ended;
  let answer = ending.outcome;
  if (ending.outcome !== "stopped") {
    const { value = null, ...record } = ending;
    const kept = await op_worky_workflow_write(workflow, instanceId, number, null, JSONStringify(record), value, seen);
    if (!kept) answer = "stopped";
    else if (ending.outcome === "errored") answer += `\n${ending.name}: ${ending.message}`;
  }
  const headers = headerText([["content-type", "text/plain"]]);
  op_worky_respond_text(id, 200, headers, headers.length, answer, answer.length, false);
}

return { Workflow, runWorkflow };
})
