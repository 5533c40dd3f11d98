// worky's JS glue, part 14: the objects of a version's object isolate
// (src/runtime/objects), whose serve loop hands their events to `serveObject`:
// one live instance per id, one event at a time per instance while
// `blockConcurrencyWhile` holds the gate. Storage calls are synchronous ops on
// the object isolate (their promises are already settled), so a read-modify-
// write between two storage calls never lets another event in.
// Extension code must be 7-bit ASCII.

// Evaluated when the isolate gets its first object event (04_serve.js
// `objectIsolate`), not restored into every isolate: a function of what it
// needs, not a module. `runtime` is what the other parts lend (04_serve.js
// `LENT`): here 03_http.js's `newRequest`, `sendResponse`, `errorDetails`, the
// timers' `setTimeout` as it was before any worker code ran (so a worker cannot
// slow its own gate down), `webSockets()`, 07_websockets.js's exports, and
// `durableObjects()`, 06_objects.js's.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayIsArray,
  DateNow,
  Error,
  MapPrototypeGet,
  MapPrototypeSet,
  ObjectDefineProperty,
  ObjectEntries,
  PromisePrototypeThen,
  PromiseReject,
  PromiseResolve,
  RangeError,
  ReflectApply,
  Date,
  SafeMap,
  SafeWeakMap,
  String,
  Symbol,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
  WeakMapPrototypeGet,
  WeakMapPrototypeSet,
} = primordials;

const {
  op_void_async_deferred,
  op_worky_object_idle_ms,
  op_worky_object_activity,
  op_worky_alarm_delete,
  op_worky_alarm_get,
  op_worky_alarm_set,
  op_worky_respond,
  op_worky_respond_error,
  op_worky_sql_exec,
  op_worky_sql_size,
  op_worky_storage_close,
  op_worky_storage_delete,
  op_worky_storage_delete_all,
  op_worky_storage_execute,
  op_worky_storage_get,
  op_worky_storage_list,
  op_worky_storage_put,
} = core.ops;

const { DurableObjectId, INTERNAL, serialize, deserialize, isSqlite } = runtime.durableObjects();

function byteLength(text) {
  return core.encode(text).byteLength;
}

// --- Storage -----------------------------------------------------------------

const MAX_KEYS = 128;
// Cloudflare's limits for key-value storage; SQLite storage allows 2 MB for a
// key and its value together.
const MAX_KEY_BYTES = 2048;
const MAX_VALUE_BYTES = 128 * 1024;
const SQLITE_MAX_ENTRY_BYTES = 2 * 1024 * 1024;

/** Runs a synchronous storage call as the promise the API returns. */
function settled(work) {
  try {
    return PromiseResolve(work());
  } catch (error) {
    return PromiseReject(error);
  }
}

/** list()'s options as the storage op takes them (a limit must be positive). */
function listQuery(options) {
  const { start, startAfter, end, prefix, reverse, limit } = options ?? {};
  if (limit !== undefined && !(limit > 0)) throw new TypeError("List limit must be positive.");
  return {
    start: start === undefined ? null : String(start),
    startAfter: startAfter === undefined ? null : String(startAfter),
    end: end === undefined ? null : String(end),
    prefix: prefix === undefined ? null : String(prefix),
    reverse: reverse === true,
    limit: limit === undefined ? null : Math.floor(limit),
  };
}

const KV_NEEDS_SQLITE =
  "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects, but this " +
  "object's namespace is not declared to use SQLite. You can use the older, asynchronous interface via " +
  "methods of `storage` itself (e.g. `storage.get()`). Alternatively, to enable SQLite, change `new_classes` " +
  "to `new_sqlite_classes` within the 'migrations' field in your worky.toml or wrangler file.";

/**
 * `ctx.storage.kv`: the entries the asynchronous API sees, read and written
 * synchronously, as on SQLite-backed objects on Workers. Unlike `put()`, it
 * takes `undefined` as a value and has no size limit of its own; a key is
 * always one key (an array is its text).
 */
class SyncKvStorage {
  #class;
  #id;
  #sqlite;

  constructor(key, className, id, sqlite) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#class = className;
    this.#id = id;
    this.#sqlite = sqlite;
  }

  static {
    ObjectDefineProperty(this.prototype, SymbolToStringTag, { value: "SyncKvStorage", configurable: true });
  }

  #usable() {
    if (!this.#sqlite) throw new Error(KV_NEEDS_SQLITE);
  }

  get(key) {
    this.#usable();
    const bytes = op_worky_storage_get(this.#class, this.#id, String(key));
    return bytes === null ? undefined : deserialize(bytes);
  }

  put(key, value) {
    this.#usable();
    op_worky_storage_put(this.#class, this.#id, String(key), serialize(value));
  }

  delete(key) {
    this.#usable();
    return op_worky_storage_delete(this.#class, this.#id, String(key));
  }

  list(options = {}) {
    this.#usable();
    return new ListIterator(op_worky_storage_list(this.#class, this.#id, listQuery(options)));
  }
}

/** What `kv.list()` returns: its `[key, value]` entries, each value read when reached. */
class ListIterator {
  #listed;
  #next = 0;

  constructor(listed) {
    this.#listed = listed;
  }

  static {
    ObjectDefineProperty(this.prototype, SymbolToStringTag, { value: "ListIterator", configurable: true });
  }

  next() {
    if (this.#next >= this.#listed.length) return { value: undefined, done: true };
    const { 0: key, 1: bytes } = this.#listed[this.#next++];
    return { value: [key, deserialize(bytes)], done: false };
  }

  [SymbolIterator]() {
    return this;
  }
}

class DurableObjectStorage {
  #class;
  #id;
  #name;
  #sqlite;
  #inTransaction = false;
  #kv;

  constructor(key, className, id, name, sqlite) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#class = className;
    this.#id = id;
    this.#name = name;
    this.#sqlite = sqlite;
    this.#kv = new SyncKvStorage(INTERNAL, className, id, sqlite);
  }

  get kv() {
    return this.#kv;
  }

  /** When the object's `alarm()` runs next (ms since the epoch), or null. */
  getAlarm(_options = undefined) {
    return settled(() => op_worky_alarm_get(this.#class, this.#id));
  }

  /** Runs the object's `alarm()` at `scheduledTime` (a Date or ms since the epoch; past: at once). */
  setAlarm(scheduledTime, _options = undefined) {
    return settled(() => {
      const time = scheduledTime instanceof Date ? scheduledTime.getTime() : scheduledTime;
      if (typeof time !== "number" || !Number.isFinite(time)) {
        throw new TypeError("setAlarm() takes a Date or a number of milliseconds since the epoch");
      }
      op_worky_alarm_set(this.#class, this.#id, this.#name ?? null, time);
      return undefined;
    });
  }

  deleteAlarm(_options = undefined) {
    return settled(() => {
      op_worky_alarm_delete(this.#class, this.#id);
      return undefined;
    });
  }

  #read(key) {
    const bytes = op_worky_storage_get(this.#class, this.#id, key);
    return bytes === null ? undefined : deserialize(bytes);
  }

  #encode(key, value, many) {
    if (value === undefined) throw new TypeError("put() called with undefined value.");
    const bytes = serialize(value);
    const keyBytes = byteLength(key);
    if (this.#sqlite) {
      if (keyBytes + bytes.byteLength > SQLITE_MAX_ENTRY_BYTES) {
        throw new RangeError(`Key and value combined cannot exceed ${SQLITE_MAX_ENTRY_BYTES} bytes.`);
      }
    } else {
      if (keyBytes > MAX_KEY_BYTES) {
        throw new RangeError(
          many
            ? `Key "${key}" is larger than the limit of ${MAX_KEY_BYTES} bytes.`
            : `Keys cannot be larger than ${MAX_KEY_BYTES} bytes.`,
        );
      }
      // The serialization's own tag bytes come on top of the limit, as on Cloudflare.
      if (bytes.byteLength > MAX_VALUE_BYTES + 32) {
        throw new RangeError(
          many
            ? `Value for key "${key}" is above the limit of ${MAX_VALUE_BYTES} bytes.`
            : `Values cannot be larger than ${MAX_VALUE_BYTES} bytes.`,
        );
      }
    }
    return bytes;
  }

  #rollBack() {
    op_worky_storage_execute(this.#class, this.#id, "ROLLBACK TO worky");
    op_worky_storage_execute(this.#class, this.#id, "RELEASE worky");
  }

  /** Runs `work` in one SQLite transaction (unless one is open already). */
  #atomically(work) {
    if (this.#inTransaction) return work();
    op_worky_storage_execute(this.#class, this.#id, "SAVEPOINT worky");
    try {
      const result = work();
      op_worky_storage_execute(this.#class, this.#id, "RELEASE worky");
      return result;
    } catch (error) {
      this.#rollBack();
      throw error;
    }
  }

  get(keys, _options = undefined) {
    return settled(() => {
      if (!ArrayIsArray(keys)) return this.#read(String(keys));
      if (keys.length > MAX_KEYS) throw new RangeError(`Maximum number of keys is ${MAX_KEYS}.`);
      const found = new SafeMap();
      for (const key of keys) {
        const value = this.#read(String(key));
        if (value !== undefined) MapPrototypeSet(found, String(key), value);
      }
      return new Map(found);
    });
  }

  put(keyOrEntries, value = undefined, _options = undefined) {
    return settled(() => {
      if (typeof keyOrEntries === "string") {
        const bytes = this.#encode(keyOrEntries, value, false);
        op_worky_storage_put(this.#class, this.#id, keyOrEntries, bytes);
        return undefined;
      }
      if (keyOrEntries === null || typeof keyOrEntries !== "object") {
        return this.put(String(keyOrEntries), value);
      }
      const entries = ObjectEntries(keyOrEntries);
      if (entries.length > MAX_KEYS) throw new RangeError(`Maximum number of pairs is ${MAX_KEYS}.`);
      const encoded = entries.map(([key, entry]) => [key, this.#encode(key, entry, true)]);
      this.#atomically(() => {
        for (const [key, bytes] of encoded) op_worky_storage_put(this.#class, this.#id, key, bytes);
      });
      return undefined;
    });
  }

  delete(keys, _options = undefined) {
    return settled(() => {
      if (!ArrayIsArray(keys)) return op_worky_storage_delete(this.#class, this.#id, String(keys));
      if (keys.length > MAX_KEYS) throw new RangeError(`Maximum number of keys is ${MAX_KEYS}.`);
      return this.#atomically(() => {
        let deleted = 0;
        for (const key of keys) {
          if (op_worky_storage_delete(this.#class, this.#id, String(key))) deleted++;
        }
        return deleted;
      });
    });
  }

  deleteAll(_options = undefined) {
    return settled(() => {
      if (this.#inTransaction) throw new Error("Cannot call deleteAll() within a transaction");
      op_worky_storage_delete_all(this.#class, this.#id);
      return undefined;
    });
  }

  list(options = {}) {
    return settled(() => {
      const listed = op_worky_storage_list(this.#class, this.#id, listQuery(options));
      const entries = new Map();
      for (const [key, bytes] of listed) entries.set(key, deserialize(bytes));
      return entries;
    });
  }

  /**
   * Runs `closure(txn)` in one SQLite transaction: its writes land together, or
   * (when it throws or calls `txn.rollback()`) not at all.
   */
  async transaction(closure) {
    if (this.#inTransaction) return await closure(this);
    op_worky_storage_execute(this.#class, this.#id, "SAVEPOINT worky");
    this.#inTransaction = true;
    let rolledBack = false;
    const txn = new Proxy(this, {
      get: (target, property) => {
        if (property === "rollback") {
          return () => {
            rolledBack = true;
          };
        }
        const value = target[property];
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    try {
      const result = await closure(txn);
      if (rolledBack) this.#rollBack();
      else op_worky_storage_execute(this.#class, this.#id, "RELEASE worky");
      return result;
    } catch (error) {
      this.#rollBack();
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }

  /** Writes are durable when their call returns: nothing is pending. */
  sync() {
    return PromiseResolve();
  }

  /** SQLite-backed classes (`new_sqlite_classes`): the SQL API. */
  get sql() {
    if (!this.#sqlite) {
      throw new Error(
        "SQL is not enabled for this Durable Object class: declare it in `new_sqlite_classes` " +
          "of a [[migrations]] entry in worky.toml.",
      );
    }
    return new SqlStorage(INTERNAL, this.#class, this.#id);
  }

  /** Runs `callback` in one SQLite transaction: all its writes, or none if it throws. */
  transactionSync(callback) {
    if (!this.#sqlite) throw new Error("transactionSync() needs a SQLite-backed Durable Object class.");
    return this.#atomically(() => {
      this.#inTransaction = true;
      try {
        return callback();
      } finally {
        this.#inTransaction = false;
      }
    });
  }
}

/** A value for `sql.exec`, converted as Cloudflare converts it. */
function sqlParameter(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") throw new TypeError("Cannot convert a BigInt value to a number");
  if (typeof value === "number" || typeof value === "string") return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return String(value);
}

function sqlValue(value) {
  if (value instanceof Uint8Array) {
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  }
  return value;
}

class SqlStorage {
  #class;
  #id;

  constructor(key, className, id) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#class = className;
    this.#id = id;
  }

  exec(query, ...bindings) {
    const { 0: columns, 1: rows, 2: read, 3: written } = op_worky_sql_exec(
      this.#class,
      this.#id,
      String(query),
      bindings.map(sqlParameter),
    );
    return new SqlStorageCursor(INTERNAL, columns, rows, read, written);
  }

  get databaseSize() {
    return op_worky_sql_size(this.#class, this.#id);
  }
}

class SqlStorageCursor {
  #columns;
  #rows;
  #next = 0;
  #read;
  #written;

  constructor(key, columns, rows, read, written) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#columns = columns;
    this.#rows = rows;
    this.#read = read;
    this.#written = written;
  }

  #object(row) {
    const object = {};
    for (let i = 0; i < this.#columns.length; i++) object[this.#columns[i]] = sqlValue(row[i]);
    return object;
  }

  next() {
    if (this.#next >= this.#rows.length) return { done: true };
    return { done: false, value: this.#object(this.#rows[this.#next++]) };
  }

  toArray() {
    const rows = [];
    while (this.#next < this.#rows.length) rows.push(this.#object(this.#rows[this.#next++]));
    return rows;
  }

  one() {
    const left = this.#rows.length - this.#next;
    if (left === 0) throw new Error("Expected exactly one result from SQL query, but got no results.");
    if (left > 1) throw new Error("Expected exactly one result from SQL query, but got multiple results.");
    return this.#object(this.#rows[this.#next++]);
  }

  *raw() {
    while (this.#next < this.#rows.length) {
      const row = this.#rows[this.#next++];
      yield row.map(sqlValue);
    }
  }

  get columnNames() {
    return [...this.#columns];
  }

  get rowsRead() {
    return this.#read;
  }

  get rowsWritten() {
    return this.#written;
  }

  [Symbol.iterator]() {
    return this;
  }
}

// --- The object isolate: live instances ----------------------------------------

class DurableObjectState {
  #id;
  #storage;
  #live;
  #objectKey;

  constructor(key, live, id, storage, objectKey) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    this.#live = live;
    this.#id = id;
    this.#storage = storage;
    this.#objectKey = objectKey;
  }

  /**
   * The hibernation API: the object's `webSocketMessage(ws, message)` and
   * `webSocketClose(ws, code, reason, wasClean)` get the socket's events, one at
   * a time like any event; the socket outlives the object's eviction (the next
   * message constructs the object again).
   */
  acceptWebSocket(socket, tags = []) {
    const sockets = MapPrototypeGet(hibernatable, this.#objectKey) ?? new SafeMap();
    MapPrototypeSet(hibernatable, this.#objectKey, sockets);
    MapPrototypeSet(sockets, socket, [...tags].map(String));
    const objectKey = this.#objectKey;
    runtime.webSockets().startHibernatable(socket, (kind, ws, ...args) => deliverToObject(objectKey, kind, ws, args));
  }

  /** The sockets accepted with `acceptWebSocket` (with `tag`, if given) and still open. */
  getWebSockets(tag = undefined) {
    const sockets = MapPrototypeGet(hibernatable, this.#objectKey);
    if (sockets === undefined) return [];
    const open = [];
    for (const [socket, tags] of sockets) {
      if (socket.readyState <= 1 && (tag === undefined || tags.includes(String(tag)))) open.push(socket);
    }
    return open;
  }

  /**
   * A message (text, exactly `pair.request`) that the object's hibernatable
   * sockets answer with `pair.response` by themselves, without an event; none
   * without `pair`.
   */
  setWebSocketAutoResponse(pair = undefined) {
    if (pair === undefined || pair === null) {
      autoResponses.delete(this.#objectKey);
      return;
    }
    const { request, response } = pair;
    if (typeof request !== "string" || typeof response !== "string") {
      throw new TypeError("setWebSocketAutoResponse() takes a WebSocketRequestResponsePair");
    }
    MapPrototypeSet(autoResponses, this.#objectKey, pair);
  }

  getWebSocketAutoResponse() {
    return MapPrototypeGet(autoResponses, this.#objectKey) ?? null;
  }

  /** When `socket` last answered by itself, or null. */
  getWebSocketAutoResponseTimestamp(socket) {
    return WeakMapPrototypeGet(autoResponded, socket) ?? null;
  }

  getTags(socket) {
    const tags = MapPrototypeGet(hibernatable, this.#objectKey)?.get(socket);
    if (tags === undefined) throw new TypeError("getTags() takes a WebSocket accepted by this object");
    return [...tags];
  }

  get id() {
    return this.#id;
  }

  get storage() {
    return this.#storage;
  }

  /** Holds every other event for this object until `callback`'s promise settles. */
  blockConcurrencyWhile(callback) {
    const live = this.#live;
    const running = (async () => await callback())();
    const gate = PromisePrototypeThen(running, () => {}, () => {});
    live.gate = gate;
    PromisePrototypeThen(gate, () => {
      if (live.gate === gate) live.gate = null;
    });
    return running;
  }

  waitUntil(_promise) {}
}

// `ctx.exports` in an object too, where the worker has it (`enable_ctx_exports`).
if (runtime.ctxExportsOn()) {
  ObjectDefineProperty(DurableObjectState.prototype, "exports", { get: runtime.ctxExports, configurable: true });
}

// One per id held here, by `${class}:${id}`.
const liveObjects = new SafeMap();
// How to construct each object again (after eviction), by the same key.
const objectSpecs = new SafeMap();
// Sockets each object took with acceptWebSocket (socket -> tags), by the same key.
const hibernatable = new SafeMap();

// The message each object's sockets answer by themselves (a WebSocketRequestResponsePair), by the same key.
const autoResponses = new SafeMap();
// When each socket last did (socket -> Date).
const autoResponded = new SafeWeakMap();

/** Runs a hibernatable socket's event as an event of its object. */
async function deliverToObject(objectKey, kind, socket, args) {
  const pair = MapPrototypeGet(autoResponses, objectKey);
  if (kind === "message" && pair !== undefined && args[0] === pair.request) {
    socket.send(pair.response);
    WeakMapPrototypeSet(autoResponded, socket, new Date());
    return;
  }
  const spec = MapPrototypeGet(objectSpecs, objectKey);
  const method = kind === "message" ? "webSocketMessage" : "webSocketClose";
  let live;
  try {
    live = liveObject(spec.exported, spec.env, spec.className, spec.sqlite, spec.idHex, spec.name);
    live.busy++;
    await admit(live);
    const handler = live.instance[method];
    if (typeof handler === "function") await handler.apply(live.instance, [socket, ...args]);
  } catch (error) {
    globalThis.console.error(`Uncaught (in ${method})`, error);
  } finally {
    if (live !== undefined) {
      live.busy = Math.max(0, live.busy - 1);
      live.lastUsed = DateNow();
    }
    if (kind === "close") MapPrototypeGet(hibernatable, objectKey)?.delete(socket);
  }
}

/**
 * Lets an event in: after the event before it has had its turn, and when no
 * `blockConcurrencyWhile` holds the object. Events start at most one per turn of
 * the event loop, and a turn runs an event until it waits for something other
 * than storage (storage promises are settled, so its awaits on them come within
 * the same turn): a read-modify-write between storage calls is never split by
 * another event, as Cloudflare's input gates promise.
 */
async function admit(live) {
  const previous = live.admitted;
  let release;
  live.admitted = new Promise((resolve) => {
    release = resolve;
  });
  await previous;
  while (live.gate !== null) await live.gate;
  // A deferred op resolves at the next poll of the event loop, after every
  // microtask of this turn (a timer would cost a millisecond or more).
  PromisePrototypeThen(op_void_async_deferred(), release);
}

function liveObject(exported, env, className, sqlite, idHex, name) {
  const key = `${className}:${idHex}`;
  let live = MapPrototypeGet(liveObjects, key);
  if (live !== undefined) return live;
  const Class = exported[className];
  if (typeof Class !== "function") {
    throw new TypeError(`The worker does not export the Durable Object class ${className}`);
  }
  live = { instance: null, gate: null, admitted: PromiseResolve(), busy: 0, lastUsed: DateNow() };
  evictIdleLater();
  const id = new DurableObjectId(INTERNAL, className, idHex, name ?? undefined);
  const storage = new DurableObjectStorage(INTERNAL, className, idHex, name ?? undefined, sqlite);
  const state = new DurableObjectState(INTERNAL, live, id, storage, key);
  MapPrototypeSet(liveObjects, key, live);
  MapPrototypeSet(objectSpecs, key, { exported, env, className, sqlite, idHex, name });
  try {
    live.instance = new Class(state, env);
  } catch (error) {
    liveObjects.delete(key);
    op_worky_storage_close(className, idHex);
    throw error;
  }
  op_worky_object_activity(className, true);
  return live;
}

/**
 * Runs one event of a Durable Object: its `fetch`, or an RPC call (arguments
 * and result as structured-clone bytes).
 */
async function serveObject(request, exported, env) {
  try {
    await runObjectEvent(request, exported, env);
  } finally {
    // Idle time counts from the end of its last event.
    const { 0: className, 1: idHex } = request[7];
    const entry = MapPrototypeGet(liveObjects, `${className}:${idHex}`);
    if (entry !== undefined) {
      entry.busy = Math.max(0, entry.busy - 1);
      entry.lastUsed = DateNow();
    }
  }
}

async function runObjectEvent(request, exported, env) {
  const { 0: id, 1: method, 2: url, 3: headers, 4: hasStream, 5: inline, 7: object } = request;
  const { 0: className, 1: idHex, 2: name, 3: call } = object;
  const sqlite = isSqlite(className);
  let live;
  try {
    live = liveObject(exported, env, className, sqlite, idHex, name);
    live.busy++;
    await admit(live);
  } catch (error) {
    const [message, stack] = runtime.errorDetails(error);
    op_worky_respond_error(id, "exception", message, stack);
    return;
  }
  if (call === null) {
    if (typeof live.instance.fetch !== "function") {
      op_worky_respond_error(id, "no-handler", `Durable Object class ${className} has no fetch() method`, null);
      return;
    }
    const res = await live.instance.fetch(runtime.newRequest(id, method, url, headers, hasStream, inline), undefined);
    const pumping = runtime.sendResponse(id, res);
    if (pumping !== undefined) await pumping;
    return;
  }
  const { 0: kind, 1: member } = call;
  if (kind === "alarm") {
    await runAlarm(id, className, live.instance, Number(member));
    return;
  }
  const rpc = runtime.rpc();
  await rpc.serveCall(id, inline, object[4], (args) => {
    const target = live.instance[member];
    if (kind === "get") return target;
    if (typeof target !== "function" || member === "constructor") throw rpc.notImplemented(member);
    return ReflectApply(target, live.instance, args);
  });
}

let evictionScheduled = false;

/**
 * Drops objects idle for `pool.object_idle_timeout_s` from memory (their
 * storage stays; the next event constructs them again), checking a few times
 * per timeout while any object is live.
 */
function evictIdleLater() {
  if (evictionScheduled) return;
  evictionScheduled = true;
  const idleMs = op_worky_object_idle_ms();
  runtime.setTimeout(() => {
    evictionScheduled = false;
    const now = DateNow();
    for (const [key, live] of liveObjects) {
      if (live.busy === 0 && live.gate === null && now - live.lastUsed >= idleMs) {
        liveObjects.delete(key);
        const separator = key.indexOf(":");
        op_worky_storage_close(key.slice(0, separator), key.slice(separator + 1));
        op_worky_object_activity(key.slice(0, separator), false);
      }
    }
    if (liveObjects.size > 0) evictIdleLater();
  }, Math.max(100, idleMs / 4));
}

/** Runs `alarm()`; a throw is logged and answered 500, so the host retries it later. */
async function runAlarm(id, className, instance, retryCount) {
  try {
    if (typeof instance.alarm !== "function") {
      throw new TypeError(`Durable Object class ${className} set an alarm but has no alarm() method`);
    }
    await instance.alarm({ retryCount, isRetry: retryCount > 0 });
    op_worky_respond(id, 200, "", 0, new Uint8Array(0), false, false);
  } catch (error) {
    globalThis.console.error("Uncaught (in alarm)", error);
    op_worky_respond(id, 500, "", 0, new Uint8Array(0), false, false);
  }
}

return { serveObject };
})
