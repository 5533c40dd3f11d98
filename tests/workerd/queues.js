// Queues: what a producer (env.Q.send, sendBatch, metrics) checks and answers,
// and what a consumer's `queue(batch)` gets: the batch and its messages, their
// bodies after each content type, ack/retry and which call wins, retries with
// their attempts, the dead-letter queue, and a handler that throws. Recorded
// under miniflare (workerd alone has no queue broker). The consumer writes what
// it saw to KV (a consumer may run in another isolate than this request) and
// this request reads it back once every expected delivery is there.

const describe = (value) => {
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? `${value}n` : value;
  const kind = Object.prototype.toString.call(value).slice(8, -1);
  if (value instanceof Map) return { kind, entries: [...value].map(([k, v]) => [describe(k), describe(v)]) };
  if (value instanceof Set) return { kind, values: [...value].map(describe) };
  if (value instanceof Date) return { kind, time: value.getTime() };
  if (value instanceof RegExp) return { kind, source: value.source, flags: value.flags };
  if (value instanceof ArrayBuffer) return { kind, bytes: [...new Uint8Array(value)] };
  if (ArrayBuffer.isView(value)) return { kind, bytes: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] };
  if (Array.isArray(value)) return { kind, items: value.map(describe) };
  return { kind, fields: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)])) };
};

const attempt = async (f) => {
  try {
    const value = await f();
    return { ok: value === undefined ? "undefined" : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};

// A value's layout with its numbers left out: a backlog's counts depend on
// timing, and so does oldestMessageTimestamp, there only while there is a backlog.
const shape = (value) =>
  value !== null && typeof value === "object"
    ? Object.fromEntries(
      Object.entries(value).filter(([k]) => k !== "oldestMessageTimestamp").map(([k, v]) => [k, shape(v)]),
    )
    : typeof value;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The value-shaped messages: [tag, body, content type or undefined].
const VALUES = [
  ["v8-object", { a: 1, nested: { list: [1, "two", null] } }, "v8"],
  ["v8-map", new Map([["k", 1], [2, "v"]]), "v8"],
  ["v8-set", new Set([1, "a"]), "v8"],
  ["v8-date", new Date(1700000000000), "v8"],
  ["v8-regexp", /a+b/gi, "v8"],
  ["v8-bigint", 12345678901234567890n, "v8"],
  ["v8-bytes", new Uint8Array([1, 2, 3]), "v8"],
  ["v8-string", "plain", "v8"],
  ["v8-number", 42.5, "v8"],
  ["v8-null", null, "v8"],
  // No content type: JSON from compatibility date 2024-03-18 (queues_json_messages).
  ["default-object", { d: [1, { e: "f" }] }, undefined],
  ["default-map", new Map([["k", 1]]), undefined],
  ["default-date", new Date(1700000000000), undefined],
  ["default-string", "s", undefined],
  ["text", "h\u00e9llo", "text"],
  ["json", { j: [1, true, "x"] }, "json"],
  ["json-string", "just text", "json"],
  ["bytes-u8", new Uint8Array([9, 8, 7]), "bytes"],
  ["bytes-view", new DataView(new Uint8Array([5, 6, 7, 8]).buffer, 1, 2), "bytes"],
  ["TEXT-upper", "upper", "TEXT"],
];

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    const q = env.Q;
    out.producer = {
      constructor: q.constructor.name,
      prototype: Object.getOwnPropertyNames(Object.getPrototypeOf(q)).sort(),
      own: Object.keys(q),
      string: String(q),
      sendLength: q.send.length,
      sendBatchLength: q.sendBatch.length,
    };
    const empty = env.EMPTY;
    out.metrics = await attempt(() => empty.metrics());
    out.send = await attempt(() => empty.send("x"));
    out.sendBatch = shape((await attempt(() => empty.sendBatch([{ body: "x" }]))).ok);
    const errors = {
      text_not_string: () => empty.send(1, { contentType: "text" }),
      unknown_content_type: () => empty.send(1, { contentType: "xml" }),
      bytes_not_bytes: () => empty.send("x", { contentType: "bytes" }),
      body_undefined: () => empty.send(undefined),
      no_arguments: () => empty.send(),
      text_128000: () => empty.send("x".repeat(128000), { contentType: "text" }),
      text_128001: () => empty.send("x".repeat(128001), { contentType: "text" }),
      batch_empty: () => empty.sendBatch([]),
      batch_not_iterable: () => empty.sendBatch(5),
      batch_100: () => empty.sendBatch(Array.from({ length: 100 }, (_, i) => ({ body: i }))),
      batch_101: () => empty.sendBatch(Array.from({ length: 101 }, (_, i) => ({ body: i }))),
      batch_no_body: () => empty.sendBatch([{}]),
      batch_bad_content_type: () => empty.sendBatch([{ body: 1, contentType: "xml" }]),
      batch_one_too_big: () => empty.sendBatch([{ body: "x".repeat(128001), contentType: "text" }]),
      batch_total_too_big: () =>
        empty.sendBatch([1, 2, 3].map(() => ({ body: "x".repeat(100000), contentType: "text" }))),
      bytes_array_buffer: () => empty.send(new Uint8Array([4, 4]).buffer, { contentType: "bytes" }),
      v8_data_view: () => empty.send(new DataView(new ArrayBuffer(2)), { contentType: "v8" }),
      default_bigint: () => empty.send(1n),
      json_function: () => empty.send(() => 1, { contentType: "json" }),
      v8_function: () => empty.send(() => 1, { contentType: "v8" }),
      delay_negative: () => empty.send("x", { delaySeconds: -1 }),
      delay_over_a_day: () => empty.send("x", { delaySeconds: 86401 }),
      delay_a_day: () => empty.send("x", { delaySeconds: 86400 }),
      batch_delay_negative: () => empty.sendBatch([{ body: "x" }], { delaySeconds: -1 }),
      batch_generator: () =>
        empty.sendBatch(
          (function* () {
            yield { body: "g" };
          })(),
        ),
    };
    out.errors = {};
    for (const [name, f] of Object.entries(errors)) {
      const result = await attempt(f);
      out.errors[name] = "ok" in result ? { ok: shape(result.ok) } : result;
    }

    const sent = Date.now();
    // Each value inside an object, in V8's format (a DataView is sent alone).
    const wrapped = VALUES.filter(([, body]) => !(body instanceof DataView));
    await q.sendBatch(wrapped.map(([tag, body]) => ({ body: { tag, body }, contentType: "v8" })));
    for (const [, body, contentType] of VALUES) await q.send(body, contentType === undefined ? {} : { contentType });
    await env.RETRIES.sendBatch(
      ["ack", "retry", "ack-then-retry", "retry-then-ack", "implicit", "retry-bad-delay"].map((tag) => ({ body: tag })),
    );
    await env.THROWS.sendBatch([{ body: "acked-before-throw" }, { body: "untouched" }]);
    await env.ALL.sendBatch([{ body: "first" }, { body: "second" }]);

    const expected = ["jobs/", "retries/retry/3", "dead/retry/1", "throws/untouched/2", "all/first/2"];
    const deadline = Date.now() + 20000;
    let keys = [];
    while (Date.now() < deadline) {
      keys = (await env.LOG.list()).keys.map((key) => key.name);
      const jobs = keys.filter((key) => key.startsWith("jobs/")).length;
      if (jobs >= VALUES.length * 2 - 1 && expected.slice(1).every((key) => keys.includes(key))) break;
      await sleep(200);
    }
    // Time for deliveries that should not happen to show.
    await sleep(2500);
    keys = (await env.LOG.list()).keys.map((key) => key.name);
    const log = {};
    for (const key of keys) log[key] = JSON.parse(await env.LOG.get(key));
    const jobs = keys.filter((key) => key.startsWith("jobs/")).map((key) => log[key]);
    jobs.sort((a, b) => a.order - b.order);
    out.jobs = jobs.map((job) => {
      const { order, timestamp, ...rest } = job;
      return { ...rest, timestampInRange: timestamp >= sent - 1000 && timestamp <= Date.now() };
    });
    // Per queue, each delivery of each message as "tag/attempts" (what it noted after a space).
    out.deliveries = {};
    for (const key of keys.filter((key) => key.split("/").length === 3 && !key.startsWith("jobs/"))) {
      const [queue, tag, attempts] = key.split("/");
      const { attempts: _, ...noted } = log[key];
      const line = Object.keys(noted).length === 0 ? `${tag}/${attempts}` : `${tag}/${attempts} ${JSON.stringify(noted)}`;
      (out.deliveries[queue] ??= []).push(line);
    }
    out.batch = log["batch/jobs"];
    return Response.json(out);
  },

  async queue(batch, env) {
    const name = batch.queue.replace(/^probe-/, "");
    if (name === "empty") return batch.ackAll();
    const ids = await env.LOG.get("ids", "json") ?? {};
    if (name === "jobs") {
      if (!(await env.LOG.get("batch/jobs"))) {
        const message = batch.messages[0];
        await env.LOG.put(
          "batch/jobs",
          JSON.stringify({
            constructor: batch.constructor.name,
            prototype: Object.getOwnPropertyNames(Object.getPrototypeOf(batch)).sort(),
            own: Object.keys(batch).sort(),
            metadata: shape(batch.metadata),
            messagesFrozen: Object.isFrozen(batch.messages),
            messagesIsArray: Array.isArray(batch.messages),
            message: {
              constructor: message.constructor.name,
              prototype: Object.getOwnPropertyNames(Object.getPrototypeOf(message)).sort(),
              own: Object.keys(message).sort(),
              idPattern: /^[0-9a-f]{32}$/.test(message.id),
              timestampIsDate: message.timestamp instanceof Date,
              attemptsType: typeof message.attempts,
              bodySame: message.body === message.body,
            },
          }),
        );
      }
      let order = Number((await env.LOG.get("order")) ?? 0);
      for (const message of batch.messages) {
        const body = message.body;
        const tagged = body !== null && typeof body === "object" && typeof body.tag === "string" && "body" in body;
        await env.LOG.put(
          `jobs/${message.id}`,
          JSON.stringify({
            order: order++,
            via: tagged ? "sendBatch" : "send",
            tag: tagged ? body.tag : undefined,
            body: describe(tagged ? body.body : body),
            attempts: message.attempts,
            timestamp: message.timestamp.getTime(),
          }),
        );
      }
      await env.LOG.put("order", String(order));
      batch.ackAll();
      return;
    }
    const entry = (message, extra = {}) => ({ attempts: message.attempts, ...extra });
    for (const message of batch.messages) {
      const tag = message.body;
      const extra = {};
      if (name === "dead") extra.sameId = ids[tag] === message.id;
      if (name !== "dead" && message.attempts === 1) ids[tag] = message.id;
      if (name === "retries") {
        if (tag === "ack") message.ack();
        if (tag === "retry") message.retry();
        if (tag === "ack-then-retry") (message.ack(), message.retry());
        if (tag === "retry-then-ack") (message.retry(), message.ack());
        if (tag === "retry-bad-delay") {
          try {
            message.retry({ delaySeconds: -5 });
            extra.retried = "no error";
          } catch (error) {
            extra.retried = `${error.name}: ${error.message}`;
            message.ack();
          }
        }
      }
      await env.LOG.put(`${name}/${tag}/${message.attempts}`, JSON.stringify(entry(message, extra)));
    }
    await env.LOG.put("ids", JSON.stringify(ids));
    if (name === "throws" && batch.messages[0].attempts === 1) {
      batch.messages.find((message) => message.body === "acked-before-throw")?.ack();
      throw new Error("the consumer failed");
    }
    if (name === "all") {
      if (batch.messages[0].attempts === 1) {
        batch.retryAll();
        batch.ackAll();
        batch.messages[0].ack();
      } else {
        batch.ackAll();
        batch.retryAll();
      }
    }
  },
};
