// worky's JS glue, part 26: what JS RPC passes by reference, as workerd does
// (tests/workerd/service_rpc_stubs.js). A function or an RpcTarget instance in
// a call's arguments or result is not cloned: it stays here, lent out under a
// number (`lent`), and the other side gets a stub whose calls come back here
// (src/runtime/stubs.rs carries them). A stub is callable, its every member a
// method to call or (awaited) a property to read; a call's answer is an
// RpcPromise-like value whose members can be called before it settles
// (pipelining). Stubs passed as a call's arguments are disposed when the call
// ends, on both sides (`dup()` keeps one); a stub disposed, or collected, tells
// the isolate that lent its object to let it go. Requests, Responses, Headers,
// Blobs and ReadableStreams cross too, as on workerd: a body or stream is lent
// out as a reader the other side pulls chunk by chunk
// (tests/workerd/service_rpc_streams.js).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker first makes or answers a JS RPC call (04_serve.js
// `lazyModule`), not restored into every isolate: a function of what it
// needs, not a module. `runtime` is 04_serve.js `LENT`.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayIsArray,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  BigIntPrototype,
  BooleanPrototype,
  DatePrototype,
  Error,
  ErrorPrototype,
  Map,
  MapPrototype,
  MapPrototypeClear,
  MapPrototypeDelete,
  MapPrototypeGet,
  MapPrototypeSet,
  NumberPrototype,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectCreate,
  ObjectKeys,
  ObjectPrototype,
  ObjectPrototypeIsPrototypeOf,
  ObjectSetPrototypeOf,
  PromisePrototypeFinally,
  PromisePrototypeThen,
  PromiseReject,
  Proxy,
  ReflectApply,
  RegExpPrototype,
  SafeFinalizationRegistry,
  SafeMap,
  SafeMapIterator,
  SafeSet,
  SafeSetIterator,
  SafeWeakMap,
  Set,
  SetPrototype,
  SetPrototypeAdd,
  SetPrototypeClear,
  StringPrototype,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
} = primordials;
const {
  op_worky_stub_call,
  op_worky_stub_release,
  op_worky_stub_import,
  op_worky_respond_rpc,
  op_worky_respond,
} = core.ops;
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");
const { RpcTarget, RpcStub, RpcPromise, RpcProperty, ServiceStub, SymbolDispose } = runtime;
const objects = runtime.durableObjects();

const DISPOSED = "RPC stub used after being disposed.";
// A stub belongs to the request it arrived in, as workerd's I/O objects do.
const OTHER_REQUEST = "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, " +
  "request/response bodies, and others) created in the context of one request handler cannot be accessed from " +
  "a different request's handler. This is a limitation of Cloudflare Workers which allows us to improve overall " +
  "performance. (I/O type: Client)";
// The key of the objects that stand for what is not cloned as it is, in a
// call's bytes: `{ [MARK]: "stub", n }` (n: the stub's place in the entries that
// travel beside the bytes), "stream" (a lent reader, entry n), "headers",
// "blob", "request", "response". Only looked for when entries came with the
// bytes (possibly none: Headers lend nothing).
const MARK = "__workyRpc";

// --- What this isolate lends out ----------------------------------------------

// number -> `[object, context]`: the function or RpcTarget lent under it, until
// every stub to it is gone, and the async context (the request) it was lent in.
const lent = new SafeMap();
let lastLent = 0;

function lend(object) {
  lastLent++;
  MapPrototypeSet(lent, lastLent, [object, core.getAsyncContext()]);
  return lastLent;
}

// --- Encoding: values out -------------------------------------------------------

// Objects the engine's serializer clones as they are (besides arrays, plain
// objects, Maps and Sets, which may hold what is lent).
const CLONED = [DatePrototype, RegExpPrototype, ArrayBufferPrototype, ErrorPrototype, BooleanPrototype, NumberPrototype, StringPrototype, BigIntPrototype];

function isCloned(value) {
  if (ArrayBufferIsView(value)) return true;
  for (let i = 0; i < CLONED.length; i++) {
    if (ObjectPrototypeIsPrototypeOf(CLONED[i], value)) return true;
  }
  return false;
}

function dataCloneError(value) {
  const name = value.constructor?.name ?? "Object";
  return new DOMException(`Could not serialize object of type "${name}". This type does not support serialization.`, "DataCloneError");
}

/**
 * `value` with what it passes by reference, and the web objects in it,
 * replaced by marks (the same value when there are none). Each stub's entry
 * goes in `found.entries`: a positive number an object lent now, a negative
 * one a stub of this isolate passed on (also kept in `found.passed`, to be
 * disposed when the call ends). `found.marked` says whether anything was.
 */
function replaceOut(value, found, seen) {
  if (typeof value === "function") return stubMark(found, value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return seen.get(value);
  seen.set(value, value);
  let out = value;
  if (ObjectPrototypeIsPrototypeOf(RpcTarget.prototype, value)) {
    out = stubMark(found, value);
  } else if (isBinding(value)) {
    out = bindingMark(found, value);
  } else if (ArrayIsArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const replaced = replaceOut(value[i], found, seen);
      if (replaced === value[i]) continue;
      if (out === value) out = ArrayPrototypeSlice(value);
      out[i] = replaced;
    }
  } else if (ObjectPrototypeIsPrototypeOf(MapPrototype, value)) {
    out = replaceEntries(value, found, seen, true);
  } else if (ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
    out = replaceEntries(value, found, seen, false);
  } else {
    const proto = ObjectGetPrototypeOf(value);
    if (proto !== ObjectPrototype && proto !== null) {
      if (isCloned(value)) return value;
      out = webMark(found, value);
    } else {
      const keys = ObjectKeys(value);
      for (let i = 0; i < keys.length; i++) {
        const item = value[keys[i]];
        const replaced = replaceOut(item, found, seen);
        if (replaced === item) continue;
        if (out === value) out = { ...value };
        out[keys[i]] = replaced;
      }
    }
  }
  seen.set(value, out);
  return out;
}

// --- Bindings -----------------------------------------------------------------

// A service binding (a Fetcher) or a Durable Object stub crosses as a lent
// object whose calls go through the binding where it was: the other side gets
// a look-alike (an object; a Fetcher for a service) whose `fetch` and other
// members call through it, as workerd's does.

function isBinding(value) {
  return ObjectPrototypeIsPrototypeOf(ServiceStub.prototype, value) || objects.isObjectStub(value);
}

function bindingMark(found, value) {
  found.marked = true;
  ArrayPrototypePush(found.entries, lend(value));
  return { [MARK]: objects.isObjectStub(value) ? "object" : "service", n: found.entries.length - 1 };
}

/** The look-alike of a binding lent from elsewhere, calling through `stub`. */
function bindingFrom(stub, mark) {
  const service = mark[MARK] === "service";
  const fetch = (input, init = undefined) => stub.fetch(new Request(input, init));
  return new Proxy(ObjectCreate(service ? ServiceStub.prototype : ObjectPrototype), {
    get(_target, property) {
      if (property === "fetch") return fetch;
      if (property === SymbolToStringTag) return service ? "Fetcher" : undefined;
      if (typeof property === "symbol" || property === "then" || property === "toJSON") return undefined;
      if (property in ObjectPrototype) return ObjectPrototype[property];
      return stub[property];
    },
  });
}

// --- Web objects --------------------------------------------------------------

const { Headers } = core.loadExtScript("ext:deno_fetch/20_headers.js");
const { Request, RequestPrototype } = core.loadExtScript("ext:deno_fetch/23_request.js");
const { Response, ResponsePrototype } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { ReadableStream, ReadableStreamPrototype } = core.loadExtScript("ext:deno_web/06_streams.js");
const { Blob, BlobPrototype } = core.loadExtScript("ext:deno_web/09_file.js");
const HeadersPrototype = Headers.prototype;

function headerPairs(headers) {
  const pairs = [];
  for (const pair of headers) ArrayPrototypePush(pairs, pair);
  return pairs;
}

/** A body or stream's mark: a lent reader the other side pulls chunks from. */
function streamMark(found, stream) {
  if (stream === null) return null;
  if (stream.locked) throw new TypeError("The ReadableStream has been locked to a reader.");
  const reader = stream.getReader();
  const source = {
    async read() {
      const { 0: done, 1: chunk } = await PromisePrototypeThen(reader.read(), (r) => [r.done, r.value]);
      return done ? null : chunk;
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  };
  ArrayPrototypePush(found.entries, lend(source));
  return { [MARK]: "stream", n: found.entries.length - 1 };
}

/** A web object's mark, or workerd's DataCloneError for what does not cross. */
function webMark(found, value) {
  found.marked = true;
  if (ObjectPrototypeIsPrototypeOf(HeadersPrototype, value)) return { [MARK]: "headers", pairs: headerPairs(value) };
  if (ObjectPrototypeIsPrototypeOf(ReadableStreamPrototype, value)) return streamMark(found, value);
  if (ObjectPrototypeIsPrototypeOf(ResponsePrototype, value)) {
    return {
      [MARK]: "response",
      status: value.status,
      statusText: value.statusText,
      headers: headerPairs(value.headers),
      body: streamMark(found, value.body),
    };
  }
  if (ObjectPrototypeIsPrototypeOf(RequestPrototype, value)) {
    return {
      [MARK]: "request",
      method: value.method,
      url: value.url,
      headers: headerPairs(value.headers),
      redirect: value.redirect,
      body: streamMark(found, value.body),
    };
  }
  if (ObjectPrototypeIsPrototypeOf(BlobPrototype, value)) {
    // Read before the bytes are made (`encode`).
    const mark = { [MARK]: "blob", type: value.type, bytes: null };
    ArrayPrototypePush(found.blobs, [mark, value]);
    return mark;
  }
  throw dataCloneError(value);
}

/** A stream pulled from a lent reader (`reader`, a stub), chunk by chunk. */
function streamFrom(reader) {
  return new ReadableStream({
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk !== null) {
        controller.enqueue(chunk);
        return;
      }
      controller.close();
      reader[SymbolDispose]();
    },
    async cancel(reason) {
      try {
        await reader.cancel(reason === undefined ? undefined : String(reason));
      } finally {
        reader[SymbolDispose]();
      }
    },
  }, { highWaterMark: 0 });
}

/** The web object a mark stands for (`stub(n)` makes the stub of entry n). */
function webFrom(mark, stub) {
  const body = mark.body === null || mark.body === undefined ? null : streamFrom(stub(mark.body.n));
  switch (mark[MARK]) {
    case "headers":
      return new Headers(mark.pairs);
    case "stream":
      return streamFrom(stub(mark.n));
    case "blob":
      return new Blob([mark.bytes], { type: mark.type });
    case "response":
      return new Response(body, { status: mark.status, statusText: mark.statusText, headers: mark.headers });
    case "request":
      return new Request(mark.url, { method: mark.method, headers: mark.headers, redirect: mark.redirect, body });
    case "service":
    case "object":
      return bindingFrom(stub(mark.n), mark);
  }
  return mark;
}

/** A Map's or Set's copy with its stubs replaced, or itself when it has none. */
function replaceEntries(collection, found, seen, isMap) {
  const entries = [];
  let changed = false;
  const iterator = isMap ? new SafeMapIterator(collection) : new SafeSetIterator(collection);
  for (const entry of iterator) {
    const key = replaceOut(isMap ? entry[0] : entry, found, seen);
    const item = isMap ? replaceOut(entry[1], found, seen) : undefined;
    changed ||= key !== (isMap ? entry[0] : entry) || (isMap && item !== entry[1]);
    ArrayPrototypePush(entries, isMap ? [key, item] : key);
  }
  if (!changed) return collection;
  return isMap ? new Map(entries) : new Set(entries);
}

function stubMark(found, value) {
  const handle = handles.get(value);
  if (handle !== undefined) {
    if (handle.disposed) throw new Error(DISPOSED);
    ArrayPrototypePush(found.entries, -handle.id);
    ArrayPrototypePush(found.passed, handle);
  } else {
    ArrayPrototypePush(found.entries, lend(value));
  }
  found.marked = true;
  return { [MARK]: "stub", n: found.entries.length - 1 };
}

/**
 * A call's arguments or result for another isolate: `[bytes, entries (null
 * when nothing was marked), passed]`.
 */
async function encode(value) {
  const found = { entries: [], passed: [], blobs: [], marked: false };
  const replaced = replaceOut(value, found, new SafeMap());
  for (let i = 0; i < found.blobs.length; i++) {
    found.blobs[i][0].bytes = new Uint8Array(await found.blobs[i][1].arrayBuffer());
  }
  return [objects.serialize(replaced), found.marked ? found.entries : null, found.passed];
}

// --- Decoding: values in --------------------------------------------------------

/**
 * `bytes` decoded, each mark in them replaced by what it stands for (a stub's
 * by a stub to this isolate's stub number `ids[n]`): `[value, the stubs made]`
 * (a stream's reader is not among them: it is disposed when read to its end).
 */
function decode(bytes, ids) {
  const value = objects.deserialize(bytes);
  if (ids === null || ids === undefined) return [value, null];
  const made = [];
  return [replaceIn(value, ids, made, new SafeSet()), made];
}

function replaceIn(value, ids, made, seen) {
  if (value === null || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  if (ArrayIsArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = replaceIn(value[i], ids, made, seen);
    return value;
  }
  if (ObjectPrototypeIsPrototypeOf(MapPrototype, value) || ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
    const isMap = ObjectPrototypeIsPrototypeOf(MapPrototype, value);
    const entries = [];
    for (const entry of isMap ? new SafeMapIterator(value) : new SafeSetIterator(value)) ArrayPrototypePush(entries, entry);
    if (isMap) MapPrototypeClear(value);
    else SetPrototypeClear(value);
    for (let i = 0; i < entries.length; i++) {
      if (isMap) MapPrototypeSet(value, replaceIn(entries[i][0], ids, made, seen), replaceIn(entries[i][1], ids, made, seen));
      else SetPrototypeAdd(value, replaceIn(entries[i], ids, made, seen));
    }
    return value;
  }
  const proto = ObjectGetPrototypeOf(value);
  if (proto !== ObjectPrototype && proto !== null) return value;
  if (typeof value[MARK] === "string") {
    if (value[MARK] !== "stub") return webFrom(value, (n) => newStub(ids[n] ?? 0, false));
    const stub = newStub(ids[value.n] ?? 0);
    ArrayPrototypePush(made, stub);
    return stub;
  }
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) value[keys[i]] = replaceIn(value[keys[i]], ids, made, seen);
  return value;
}

// --- Stubs ----------------------------------------------------------------------

// stub -> `{ id, disposed, owner }`: its number here (0: it came over the
// isolate's bound), and the request it belongs to (undefined: made outside any).
const handles = new SafeWeakMap();
// A stub collected undisposed lets its object go too.
const collected = new SafeFinalizationRegistry((id) => op_worky_stub_release(id));

// Every stub is a Proxy of its own function (so it is callable) with these
// traps; the function finds its handle.
const handleOfTarget = new SafeWeakMap();
const stubTraps = {
  get(target, property) {
    const handle = handleOfTarget.get(target);
    if (property === "dup") return () => dupHandle(handle);
    if (property === SymbolDispose) return () => disposeHandle(handle);
    if (property === SymbolToStringTag) return "JsRpcStub";
    if (property === "constructor") return RpcStub;
    // Not thenable: `await stub` is the stub itself.
    if (typeof property === "symbol" || property === "then") return undefined;
    return rpcValue(
      () => callThrough(handle, "get", property, []),
      (args) => callThrough(handle, "call", property, args),
      RpcProperty,
    );
  },
  apply(target, _receiver, args) {
    return settling(callThrough(handleOfTarget.get(target), "apply", "", args));
  },
};

/**
 * A stub for this isolate's stub number `id`, belonging to the current
 * request; a stream's reader (`owned` false) to none, as the stream it feeds
 * may be read on behalf of another (passed on over RPC).
 */
function newStub(id, owned = true) {
  const handle = { id, disposed: false, owner: owned ? runtime.currentRequest() : undefined };
  const target = function () {};
  ObjectSetPrototypeOf(target, RpcStub.prototype);
  const stub = new Proxy(target, stubTraps);
  handleOfTarget.set(target, handle);
  handles.set(stub, handle);
  collected.register(stub, id, handle);
  return stub;
}

function dupHandle(handle) {
  checkUsable(handle);
  return newStub(op_worky_stub_import(-handle.id));
}

/** `new RpcStub(object)`: a stub to `object`, lent from here as if passed over RPC. */
function localStub(object) {
  return newStub(op_worky_stub_import(lend(object)));
}

function checkUsable(handle) {
  if (handle.disposed) throw new Error(DISPOSED);
  if (handle.owner !== undefined && handle.owner !== runtime.currentRequest()) throw new Error(OTHER_REQUEST);
}

function disposeHandle(handle) {
  if (handle.disposed) return;
  handle.disposed = true;
  collected.unregister(handle);
  op_worky_stub_release(handle.id);
}

function disposeAll(stubsOrHandles) {
  if (stubsOrHandles === null) return;
  for (let i = 0; i < stubsOrHandles.length; i++) {
    const handle = handles.get(stubsOrHandles[i]) ?? stubsOrHandles[i];
    disposeHandle(handle);
  }
}

/** A call through a stub's handle, its answer decoded. */
function callThrough(handle, kind, member, args) {
  try {
    checkUsable(handle);
  } catch (error) {
    return PromiseReject(error);
  }
  return exchange(args, (bytes, entries) =>
    op_worky_stub_call(handle.id, kind, member, bytes, entries, runtime.currentTraceparent()));
}

/**
 * Sends `args` (by `send(bytes, entries)`, an op answering `[status, headers,
 * body, socket, stub ids]`) and answers the value that came back, or throws
 * what the other side threw. The stubs passed as arguments are disposed when
 * the call ends, as on workerd.
 */
async function exchange(args, send) {
  const { 0: bytes, 1: entries, 2: passed } = await encode(args);
  let answer;
  try {
    answer = await send(bytes, entries);
  } finally {
    disposeAll(passed);
  }
  const { 0: status, 2: body, 4: ids } = answer;
  const { 0: value } = decode(body, ids);
  if (status === 200) return value;
  throw objects.revive(value);
}

/**
 * What a member of a stub (or of a pending answer) is: called, `call(args)`;
 * awaited, `read()`; its own members pipelined on what `read()` answers.
 * Callable and thenable, as workerd's RpcPromise and RpcProperty (`kind`) are.
 */
function rpcValue(read, call, kind) {
  let reading = null;
  const value = () => (reading ??= read());
  const target = function () {};
  ObjectSetPrototypeOf(target, kind.prototype);
  return new Proxy(target, {
    get(_target, property) {
      if (property === "then") return (onValue, onError) => PromisePrototypeThen(value(), onValue, onError);
      if (property === "catch") return (onError) => PromisePrototypeThen(value(), undefined, onError);
      if (property === "finally") return (onFinally) => PromisePrototypeFinally(value(), onFinally);
      if (typeof property === "symbol") return undefined;
      return rpcValue(
        () => PromisePrototypeThen(value(), (settled) => settled[property]),
        (args) => PromisePrototypeThen(value(), (settled) => ReflectApply(settled[property], settled, args)),
        RpcProperty,
      );
    },
    apply(_target, _receiver, args) {
      return settling(call(args));
    },
  });
}

/** A call's answer: a promise whose value's members can be called before it settles. */
function settling(promise) {
  return rpcValue(
    () => promise,
    (args) => PromisePrototypeThen(promise, (settled) => ReflectApply(settled, undefined, args)),
    RpcPromise,
  );
}

// --- Serving --------------------------------------------------------------------

/**
 * Answers request `id`, a JS RPC call, with `value` (or what it threw) and
 * what it passes by reference; a value that cannot be sent answers the error
 * instead. Stubs passed back are given away: disposed here.
 */
async function respond(id, value, threw) {
  let status = threw ? 500 : 200;
  let encoded;
  try {
    encoded = await encode(threw ? objects.errorRecord(value) : value);
    if (encoded[1] !== null) {
      op_worky_respond_rpc(id, status, encoded[0], encoded[1]);
      disposeAll(encoded[2]);
      return;
    }
  } catch (error) {
    status = 500;
    encoded = await encode(objects.errorRecord(error));
  }
  op_worky_respond(id, status, "", 0, encoded[0], false, false);
}

/**
 * Runs a JS RPC call's `invoke(args)` with the arguments `inline` and the
 * stubs `ids` they pass, answers request `id` with its result, then disposes
 * the stubs it was given (a `dup()` of one outlives the call).
 */
async function serveCall(id, inline, ids, invoke) {
  let given = null;
  let value;
  try {
    const { 0: args, 1: made } = inline === null ? [[], null] : decode(inline, ids);
    given = made;
    value = await invoke(args);
  } catch (error) {
    await respond(id, error, true);
    disposeAll(given);
    return;
  }
  await respond(id, value, false);
  disposeAll(given);
}

function notImplemented(member) {
  return new TypeError(`The RPC receiver does not implement the method "${member}".`);
}

/**
 * An object's member as a stub reaches it: what an RpcTarget's class defines
 * (methods, getters), never its own properties or Object's; another object's
 * (`new RpcStub(object)`) own members too.
 */
function memberOf(target, member) {
  if (member === "constructor") throw notImplemented(member);
  const own = ObjectPrototypeIsPrototypeOf(RpcTarget.prototype, target) ? ObjectGetPrototypeOf(target) : target;
  for (let proto = own; proto !== null && proto !== ObjectPrototype; proto = ObjectGetPrototypeOf(proto)) {
    const descriptor = ObjectGetOwnPropertyDescriptor(proto, member);
    if (descriptor === undefined) continue;
    return descriptor.get !== undefined ? ReflectApply(descriptor.get, target, []) : descriptor.value;
  }
  throw notImplemented(member);
}

/**
 * Serves a call through a stub to object `lentId` lent from here (`kind`
 * "apply", "call", "get"), or lets go of the objects `lentId` lists
 * ("release": their last stubs are gone). A call runs as work of the request
 * the object was lent in, as on workerd: a callback may use that request's
 * stubs, and what it starts counts against it.
 */
function serveLent(id, call, inline, ids, lentId) {
  const { 0: kind, 1: member } = call;
  if (kind === "release") {
    for (let i = 0; i < lentId.length; i++) MapPrototypeDelete(lent, lentId[i]);
    op_worky_respond(id, 200, "", 0, new Uint8Array(0), false, false);
    return undefined;
  }
  const entry = MapPrototypeGet(lent, lentId);
  const previous = core.getAsyncContext();
  if (entry !== undefined) core.setAsyncContext(entry[1]);
  try {
    return serveCall(id, inline, ids, (args) => invokeLent(entry, kind, member, args));
  } finally {
    core.setAsyncContext(previous);
  }
}

function invokeLent(entry, kind, member, args) {
  if (entry === undefined) throw new Error(DISPOSED);
  const target = entry[0];
  // A binding: its members are what its own Proxy answers.
  if (isBinding(target)) return kind === "get" ? target[member] : ReflectApply(target[member], target, args);
  if (typeof target === "function") {
    if (kind !== "apply") throw notImplemented(member);
    return ReflectApply(target, undefined, args);
  }
  if (kind === "apply") throw new TypeError("The RPC stub is not a function.");
  const found = memberOf(target, member);
  if (kind === "get") return found;
  if (typeof found !== "function") throw notImplemented(member);
  return ReflectApply(found, target, args);
}

return { exchange, rpcValue, respond, serveCall, serveLent, notImplemented, localStub };
})
