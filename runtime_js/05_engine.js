// worky's JS glue, part 5: guards around the engine binding (QuickJS-ng under
// deno_core's v8 API). Values and globals that exist only because of the
// binding, or that it cannot handle, never reach a worker:
//  - engine-revoked proxies: the binding aborts the whole process when Rust
//    code (console formatting, WebIDL records) asks one for its target. So
//    `Proxy.revocable` makes ordinary proxies whose every trap throws once
//    revoked, with V8's message: to the worker they behave as revoked proxies.
//  - a blocking `Atomics.wait`: it throws, as in workerd (a blocked isolate
//    burns no CPU, so no limit could ever stop it). `Atomics.waitAsync` and
//    `Atomics.notify` are plain JS here (one thread per isolate), instead of the
//    binding's shims over internal globals.
//  (Thrown values the binding cannot turn into text are handled in Rust:
//  src/runtime/ops/engine.rs.)
//  - the binding's internal globals (`__v8x*`, `gc`, `ShadowRealm`, `InternalError`) and
//    `Temporal`, which Workers does not have: removed.
//  - code made from strings at run time (`eval`, `new Function`, and the
//    constructors of async and generator functions reached through any
//    function's `.constructor`): an EvalError with V8's message, as on Workers,
//    so code that runs on worky runs on Cloudflare. The constructors stay
//    themselves for everything else (`instanceof Function`, `Function.prototype`).
//    The binding's own switch for this swaps in a bare thrower, which would
//    break `instanceof Function`.
// The binding sets up some of these again in every new isolate (after a
// snapshot too), so `guardEngine` runs in every isolate before the worker.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

const {
  ArrayPrototypeIndexOf,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  BigInt,
  BigIntAsIntN,
  MathMax,
  MathMin,
  MathTrunc,
  Number,
  NumberIsNaN,
  EvalError,
  ObjectDefineProperty,
  ObjectGetOwnPropertyNames,
  ObjectGetPrototypeOf,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypeToString,
  Promise,
  Proxy,
  RangeError,
  ReflectApply,
  SafeMap,
  SafeWeakMap,
  SafeWeakSet,
  StringPrototypeStartsWith,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
} = primordials;

// --- Revocable proxies ---------------------------------------------------------

const TRAPS = [
  "apply",
  "construct",
  "defineProperty",
  "deleteProperty",
  "get",
  "getOwnPropertyDescriptor",
  "getPrototypeOf",
  "has",
  "isExtensible",
  "ownKeys",
  "preventExtensions",
  "set",
  "setPrototypeOf",
];

// What a missing trap does: the default behaviour (captured before any worker runs).
const defaults = { __proto__: null };
for (let i = 0; i < TRAPS.length; i++) defaults[TRAPS[i]] = Reflect[TRAPS[i]];

// Proxies `revoke()` was called on, for the operations that check revocation
// before any trap (Array.isArray).
const revokedProxies = new SafeWeakSet();

function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

function revocable(target, handler) {
  if (!isObject(target) || !isObject(handler)) {
    throw new TypeError("Cannot create proxy with a non-object as target or handler");
  }
  let live = handler;
  const traps = { __proto__: null };
  for (let i = 0; i < TRAPS.length; i++) {
    const name = TRAPS[i];
    traps[name] = function (...args) {
      if (live === null) {
        throw new TypeError(`Cannot perform '${name}' on a proxy that has been revoked`);
      }
      // Looked up at every operation, as the engine does with a handler.
      const trap = live[name];
      if (trap === undefined || trap === null) return ReflectApply(defaults[name], undefined, args);
      return ReflectApply(trap, live, args);
    };
  }
  const proxy = new Proxy(target, traps);
  const revoke = () => {
    live = null;
    revokedProxies.add(proxy);
  };
  return { proxy, revoke };
}

ObjectDefineProperty(revocable, "name", { value: "revocable" });

const ArrayIsArray = Array.isArray;
function isArray(value) {
  if (revokedProxies.has(value)) {
    throw new TypeError("Cannot perform 'IsArray' on a proxy that has been revoked");
  }
  return ArrayIsArray(value);
}

// --- Atomics ---------------------------------------------------------------------

// Not among deno_core's primordials; captured before any worker runs.
const AtomicsLoad = Atomics.load;

// Waiters by SharedArrayBuffer, then by byte index.
const waitersByBuffer = new SafeWeakMap();

/**
 * The buffer and byte index an atomic wait or notify is about, validated as V8
 * validates them (with V8's messages, which workerd users see).
 */
function waitLocation(view, index) {
  const tag = TypedArrayPrototypeGetSymbolToStringTag(view);
  if (tag !== "Int32Array" && tag !== "BigInt64Array") {
    throw new TypeError(`${ObjectPrototypeToString(view)} is not an int32 or BigInt64 typed array.`);
  }
  const requested = Number(index);
  const position = NumberIsNaN(requested) ? 0 : MathTrunc(requested);
  if (position < 0 || position >= TypedArrayPrototypeGetLength(view)) {
    throw new RangeError(`Invalid atomic access index: ${index}`);
  }
  const size = tag === "Int32Array" ? 4 : 8;
  const buffer = TypedArrayPrototypeGetBuffer(view);
  return { tag, buffer, position, byteIndex: TypedArrayPrototypeGetByteOffset(view) + position * size };
}

function waitersAt(buffer, byteIndex, create) {
  let byIndex = waitersByBuffer.get(buffer);
  if (byIndex === undefined) {
    if (!create) return undefined;
    byIndex = new SafeMap();
    waitersByBuffer.set(buffer, byIndex);
  }
  let list = byIndex.get(byteIndex);
  if (list === undefined && create) {
    list = [];
    byIndex.set(byteIndex, list);
  }
  return list;
}

function waitAsync(view, index, value, timeout) {
  const { tag, buffer, position, byteIndex } = waitLocation(view, index);
  if (!core.isSharedArrayBuffer(buffer)) {
    throw new TypeError(`${ObjectPrototypeToString(view)} is not a shared typed array.`);
  }
  const expected = tag === "Int32Array" ? Number(value) | 0 : BigIntAsIntN(64, BigInt(value));
  let wait = timeout === undefined ? Infinity : Number(timeout);
  wait = NumberIsNaN(wait) ? Infinity : MathMax(wait, 0);
  if (AtomicsLoad(view, position) !== expected) return { async: false, value: "not-equal" };
  if (wait === 0) return { async: false, value: "timed-out" };
  const list = waitersAt(buffer, byteIndex, true);
  let waiter;
  const promise = new Promise((resolve) => {
    waiter = { resolve, timer: undefined };
  });
  ArrayPrototypePush(list, waiter);
  if (wait !== Infinity) {
    waiter.timer = globalThis.setTimeout(() => {
      const at = ArrayPrototypeIndexOf(list, waiter);
      if (at !== -1) {
        ArrayPrototypeSplice(list, at, 1);
        waiter.resolve("timed-out");
      }
    }, MathMin(wait, 0x7fffffff));
  }
  return { async: true, value: promise };
}

function notify(view, index, count) {
  const { buffer, byteIndex } = waitLocation(view, index);
  let wake = count === undefined ? Infinity : Number(count);
  wake = NumberIsNaN(wake) ? 0 : MathMax(MathTrunc(wake), 0);
  if (!core.isSharedArrayBuffer(buffer)) return 0;
  const list = waitersAt(buffer, byteIndex, false);
  if (list === undefined) return 0;
  const woken = ArrayPrototypeSplice(list, 0, MathMin(wake, list.length));
  for (let i = 0; i < woken.length; i++) {
    if (woken[i].timer !== undefined) globalThis.clearTimeout(woken[i].timer);
    woken[i].resolve("ok");
  }
  return woken.length;
}

function wait() {
  throw new TypeError("Atomics.wait cannot be called in this context");
}


// --- In every isolate ------------------------------------------------------------------

const method = (value) => ({ value, writable: true, configurable: true, enumerable: false });

const CODEGEN_REFUSED = "Code generation from strings disallowed for this context";

function refuseCode() {
  throw new EvalError(CODEGEN_REFUSED);
}

/** `constructor` as itself for every use but making a function from text. */
function refusingCode(constructor) {
  return new Proxy(constructor, { apply: refuseCode, construct: refuseCode });
}

/** eval and the function constructors refuse code given as text. */
function refuseCodeFromStrings() {
  const kinds = [
    function () {},
    async function () {},
    function* () {},
    async function* () {},
  ];
  for (let i = 0; i < kinds.length; i++) {
    const prototype = ObjectGetPrototypeOf(kinds[i]);
    const constructor = prototype.constructor;
    const refusing = refusingCode(constructor);
    ObjectDefineProperty(prototype, "constructor", { value: refusing, writable: true, configurable: true });
    if (i === 0) ObjectDefineProperty(globalThis, "Function", method(refusing));
  }
  // A method, so that the function is named eval (a function statement may not be, in strict code).
  const { eval: refusingEval } = {
    eval() {
      refuseCode();
    },
  };
  ObjectDefineProperty(globalThis, "eval", method(refusingEval));
}

/** Installs the guards and removes the binding's internal globals. */
export function guardEngine() {
  refuseCodeFromStrings();
  ObjectDefineProperty(Proxy, "revocable", method(revocable));
  ObjectDefineProperty(Array, "isArray", method(isArray));
  ObjectDefineProperty(Atomics, "wait", method(wait));
  ObjectDefineProperty(Atomics, "waitAsync", method(waitAsync));
  ObjectDefineProperty(Atomics, "notify", method(notify));
  const names = ObjectGetOwnPropertyNames(globalThis);
  for (let i = 0; i < names.length; i++) {
    if (StringPrototypeStartsWith(names[i], "__v8x")) delete globalThis[names[i]];
  }
  delete globalThis.gc;
  delete globalThis.ShadowRealm;
  // QuickJS's own error class (its "interrupted" is one): V8 has no such global,
  // and code that sees one takes the runtime for SpiderMonkey.
  delete globalThis.InternalError;
  // Workers has no Temporal unless a worker opts in. On QuickJS an engine flag
  // keeps it out of the heap (src/runtime/engine.rs); V8's is removed here.
  delete globalThis.Temporal;
  delete Date.prototype.toTemporalInstant;
  // The engine binding defines WebAssembly by assignment, so `for (k in globalThis)`
  // listed it; V8's is not enumerable (tests/workerd/platform_globals.js).
  if (ObjectPrototypeHasOwnProperty(globalThis, "WebAssembly")) {
    ObjectDefineProperty(globalThis, "WebAssembly", { enumerable: false });
  }
}
