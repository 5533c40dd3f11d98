// worky's JS glue, part 21: Queues (src/runtime/queues.rs, the producer ops in
// src/runtime/ops/queues.rs, delivery in src/host/queues.rs): `env.QUEUE`, a
// WorkerQueue (send, sendBatch, metrics), and what a `queue(batch, env, ctx)`
// handler gets, a QueueController of QueueMessages, with the checks, answers
// and warnings of Cloudflare's Queues (recorded with miniflare in
// tests/workerd/queues.js).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has a queue binding or gets a batch (04_serve.js
// `lazyModule`), not restored into every isolate: a function of what it needs.

(function (core, primordials, LENT) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  Date,
  JSONParse,
  JSONStringify,
  MapPrototypeHas,
  MapPrototypeSet,
  ObjectDefineProperty,
  SafeMap,
  SafeSet,
  SetPrototypeAdd,
  SetPrototypeHas,
  String,
  StringPrototypeToLowerCase,
  SymbolIterator,
  TypeError,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;

const {
  op_worky_queue_send,
  op_worky_queue_metrics,
  op_worky_respond_error,
  op_worky_respond_text,
} = core.ops;
const { ExecutionContext, settled, errorDetails, headerText, compatibilityFlags } = LENT;

const CONTENT_TYPES = ["text", "bytes", "json", "v8"];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A message without a content type: JSON from 2024-03-18 (queues_json_messages), V8's format before. */
let defaultType;

function contentTypeOf(given) {
  if (given === undefined || given === null) {
    defaultType ??= compatibilityFlags().queues_json_messages === true ? "json" : "v8";
    return defaultType;
  }
  const type = StringPrototypeToLowerCase(String(given));
  if (!ArrayPrototypeIncludes(CONTENT_TYPES, type)) {
    throw new TypeError(`Unsupported queue message content type: ${given}`);
  }
  return type;
}

/** A body in its content type's bytes, with Cloudflare's checks. */
function encode(body, given) {
  if (body === undefined) throw new TypeError("Message body cannot be undefined");
  const type = contentTypeOf(given);
  switch (type) {
    case "text":
      if (typeof body !== "string") {
        throw new TypeError(`Content Type "text" requires a value of type string, but received: ${typeof body}`);
      }
      return [type, encoder.encode(body)];
    case "bytes":
      if (!ArrayBufferIsView(body)) {
        throw new TypeError(
          `Content Type "bytes" requires a value of type ArrayBufferView, but received: ${typeof body}`,
        );
      }
      return [type, new Uint8Array(body.buffer, body.byteOffset, body.byteLength)];
    case "json": {
      const text = JSONStringify(body);
      if (text === undefined) throw new TypeError(`Content Type "json" cannot serialize a value of type ${typeof body}`);
      return [type, encoder.encode(text)];
    }
    default:
      return [type, LENT.serializeForStorage(body)];
  }
}

function decode(type, bytes) {
  switch (type) {
    case "text":
      return decoder.decode(bytes);
    case "bytes":
      return bytes.slice().buffer;
    case "json":
      return JSONParse(decoder.decode(bytes));
    default:
      return core.deserialize(bytes, { forStorage: true });
  }
}

function delayOf(options) {
  const delay = options?.delaySeconds;
  return delay === undefined || delay === null ? null : +delay;
}

/** `{ backlogCount, backlogBytes[, oldestMessageTimestamp] }` from the ops' triple. */
function metricsOf(backlog) {
  const metrics = { backlogCount: backlog[0], backlogBytes: backlog[1] };
  if (backlog[2] !== null) metrics.oldestMessageTimestamp = new Date(backlog[2]);
  return metrics;
}

/** Sends encoded messages ([type, bytes, delay] each) in one call of the op. */
async function sendAll(binding, encoded, batch, delay) {
  let length = 0;
  for (let i = 0; i < encoded.length; i++) length += encoded[i][1].byteLength;
  const bodies = new Uint8Array(length);
  const messages = [];
  let offset = 0;
  for (let i = 0; i < encoded.length; i++) {
    const { 0: type, 1: bytes, 2: own } = encoded[i];
    bodies.set(bytes, offset);
    offset += bytes.byteLength;
    ArrayPrototypePush(messages, [type, bytes.byteLength, own]);
  }
  const backlog = await op_worky_queue_send(binding, messages, bodies, batch, delay);
  return { metadata: { metrics: metricsOf(backlog) } };
}

class WorkerQueue {
  #binding;

  constructor(binding) {
    this.#binding = binding;
  }

  /** `send(body, { contentType, delaySeconds })`; its length is 0, as workerd's. */
  async send(...args) {
    if (args.length === 0) {
      throw new TypeError("Failed to execute 'send' on 'WorkerQueue': parameter 1 is not of type 'JsValue'.");
    }
    const { 0: body, 1: options } = args;
    const { 0: type, 1: bytes } = encode(body, options?.contentType);
    return await sendAll(this.#binding, [[type, bytes, delayOf(options)]], false, null);
  }

  /** `sendBatch([{ body, contentType, delaySeconds }, ...], { delaySeconds })`. */
  async sendBatch(...args) {
    const { 0: messages, 1: options } = args;
    if (messages === null || typeof messages !== "object" || typeof messages[SymbolIterator] !== "function") {
      throw new TypeError("Failed to execute 'sendBatch' on 'WorkerQueue': parameter 1 is not of type 'Sequence'.");
    }
    const encoded = [];
    for (const message of messages) {
      const { 0: type, 1: bytes } = encode(message?.body, message?.contentType);
      ArrayPrototypePush(encoded, [type, bytes, delayOf(message)]);
    }
    if (encoded.length === 0) throw new TypeError("sendBatch() requires at least one message");
    return await sendAll(this.#binding, encoded, true, delayOf(options));
  }

  /** The queue's backlog now. */
  async metrics() {
    return metricsOf(await op_worky_queue_metrics(this.#binding));
  }
}

// --- The consumer's side ---------------------------------------------------------

/** Only worky makes batches and messages (workerd's "Illegal constructor"). */
const MAKING = {};

/**
 * What a handler decided about a batch, as workerd records it: the first of
 * ackAll/retryAll wins, and a message's first ack()/retry() wins over its later
 * calls (each ignored call warns, in workerd's words).
 */
class Decisions {
  ackAll = false;
  retryAll = false;
  retryAllDelay = null;
  acks = new SafeSet();
  retries = new SafeMap();

  toJSON() {
    const retries = [];
    for (const entry of this.retries) ArrayPrototypePush(retries, entry);
    const acks = [];
    for (const id of this.acks) ArrayPrototypePush(acks, id);
    return { ackAll: this.ackAll, retryAll: this.retryAll, retryAllDelay: this.retryAllDelay, acks, retries };
  }
}

function warn(text) {
  globalThis.console.warn(text);
}

function readOnly(target, key, value) {
  ObjectDefineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
}

class QueueMessage {
  #decisions;

  constructor(key, decisions, id, timestamp, body, attempts) {
    if (key !== MAKING) throw new TypeError("Illegal constructor");
    this.#decisions = decisions;
    readOnly(this, "id", id);
    readOnly(this, "timestamp", new Date(timestamp));
    readOnly(this, "body", body);
    readOnly(this, "attempts", attempts);
  }

  ack() {
    const decisions = this.#decisions;
    if (decisions.ackAll) return;
    if (decisions.retryAll) {
      warn(
        `Received a call to ack() on message ${this.id} after retryAll() was already called. ` +
          "Calling ack() on a message after calling retryAll() has no effect.",
      );
      return;
    }
    if (MapPrototypeHas(decisions.retries, this.id)) {
      warn(
        `Received a call to ack() on message ${this.id} after retry() was already called. ` +
          "Calling ack() on a message after calling retry() has no effect.",
      );
      return;
    }
    SetPrototypeAdd(decisions.acks, this.id);
  }

  retry(options) {
    const decisions = this.#decisions;
    if (decisions.retryAll) return;
    if (decisions.ackAll) {
      warn(
        `Received a call to retry() on message ${this.id} after ackAll() was already called. ` +
          "Calling retry() on a message after calling ackAll() has no effect.",
      );
      return;
    }
    if (SetPrototypeHas(decisions.acks, this.id)) {
      warn(
        `Received a call to retry() on message ${this.id} after ack() was already called. ` +
          "Calling retry() on a message after calling ack() has no effect.",
      );
      return;
    }
    if (!MapPrototypeHas(decisions.retries, this.id)) MapPrototypeSet(decisions.retries, this.id, delayOf(options));
  }
}

class QueueController {
  #decisions;

  constructor(key, decisions, queue, messages, metadata) {
    if (key !== MAKING) throw new TypeError("Illegal constructor");
    this.#decisions = decisions;
    readOnly(this, "queue", queue);
    readOnly(this, "messages", messages);
    readOnly(this, "metadata", metadata);
  }

  ackAll() {
    const decisions = this.#decisions;
    if (decisions.retryAll) {
      warn(
        "Received a call to ackAll() after retryAll() was already called. " +
          "Calling ackAll() after calling retryAll() has no effect.",
      );
      return;
    }
    decisions.ackAll = true;
  }

  retryAll(options) {
    const decisions = this.#decisions;
    if (decisions.ackAll) {
      warn(
        "Received a call to retryAll() after ackAll() was already called. " +
          "Calling retryAll() after calling ackAll() has no effect.",
      );
      return;
    }
    decisions.retryAll = true;
    decisions.retryAllDelay = delayOf(options);
  }
}

/**
 * Runs the worker's `queue` handler with a batch (`target`: `"queue"`, the
 * queue's name, its messages' JSON and their bodies, see ops/http.rs) and its waitUntil
 * work, then answers what became of each message as JSON (host/queues.rs
 * settles them). A handler that throws still answers: its explicit acks hold.
 */
async function runQueue(handlers, id, target) {
  if (handlers.queue === null) {
    op_worky_respond_error(id, "no-handler", "Handler does not export a queue() function.", null);
    return;
  }
  const { 1: queue, 2: header, 3: bodies } = target;
  const { 0: entries, 1: count, 2: bytes, 3: oldest } = JSONParse(header);
  const decisions = new Decisions();
  const messages = [];
  let offset = 0;
  for (let i = 0; i < entries.length; i++) {
    const { 0: messageId, 1: timestamp, 2: type, 3: length, 4: attempts } = entries[i];
    const body = decode(type, TypedArrayPrototypeSubarray(bodies, offset, offset + length));
    offset += length;
    ArrayPrototypePush(messages, new QueueMessage(MAKING, decisions, messageId, timestamp, body, attempts));
  }
  const metadata = { metrics: metricsOf([count, bytes, oldest]) };
  const batch = new QueueController(MAKING, decisions, queue, messages, metadata);
  const ctx = new ExecutionContext();
  let failure = null;
  try {
    await handlers.queue(batch, ctx);
    await settled(ctx);
  } catch (error) {
    failure = errorDetails(error);
  }
  const outcome = decisions.toJSON();
  if (failure !== null) {
    outcome.error = failure[0];
    outcome.stack = failure[1];
  }
  const text = JSONStringify(outcome);
  const headers = headerText([["content-type", "application/json"]]);
  op_worky_respond_text(id, 200, headers, headers.length, text, text.length, false);
}

return { WorkerQueue, runQueue };
})
