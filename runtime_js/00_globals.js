// worky's JS glue, part 0: the Workers global set, from the deno extension
// crates. Its top level runs once per isolate, or once in all when a startup
// snapshot is made (so it must be snapshot-safe); `startIsolate` is what must
// run in every isolate, after a snapshot is restored too.
//
// runtime_js/, in load order:
//   00_globals.js   the globals (this file)
//   01_kv.js        the KV binding
//   02_handlers.js  the handler protocol: finding handlers, ctx, events
//   03_http.js      Request in, Response out, over the ops of src/runtime/ops
//   04_serve.js     the serve loop Rust starts (the entry point)
//   05_engine.js    guards around the engine binding (revocable proxies, Atomics,
//                   internal globals)
// Extension code must be 7-bit ASCII.

import { core, internals, primordials } from "ext:core/mod.js";

const {
  ArrayBufferPrototype,
  ArrayIsArray,
  DateNow,
  Error,
  EvalError,
  Map,
  MapPrototype,
  MapPrototypeGet,
  MapPrototypeHas,
  MapPrototypeSet,
  ObjectCreate,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototype,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypeToString,
  RangeError,
  ReferenceError,
  SafeMap,
  SafeMapIterator,
  SafeSet,
  Proxy,
  ReflectConstruct,
  StringPrototypeToLowerCase,
  StringPrototypeToUpperCase,
  SafeSetIterator,
  Set,
  SetPrototype,
  SetPrototypeAdd,
  SetPrototypeHas,
  SyntaxError,
  URIError,
  MathFloor,
  MathMin,
  MathRandom,
  NumberPrototypeToString,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertySymbols,
  ObjectPrototypeIsPrototypeOf,
  ObjectSetPrototypeOf,
  Promise,
  ReflectApply,
  PromisePrototypeCatch,
  PromisePrototypeThen,
  PromiseReject,
  String,
  StringPrototypeMatch,
  StringPrototypePadStart,
  StringPrototypeEndsWith,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
  Symbol,
  SymbolToStringTag,
  TypeError,
} = primordials;

const {
  op_worky_console_color,
  op_worky_console_write,
  op_worky_set_uncaught_reporter,
  op_worky_storage_commit,
  op_worky_subrequest_limit,
  op_worky_subrequest_done,
  op_worky_span_done,
  op_worky_spans_wanted,
} = core.ops;

// deno_fetch loads tracing modules unless these are present; worky has no tracing.
const noop = () => {};
internals.__telemetry = {
  TRACING_ENABLED: false,
  PROPAGATORS: [],
  builtinTracer: noop,
  ContextManager: { active: noop },
  DID_NOT_ENTER: undefined,
  enterSpan: noop,
  exitSpan: noop,
};
internals.__telemetryUtil = {
  updateSpanFromClientResponse: noop,
  updateSpanFromError: noop,
  updateSpanFromRequest: noop,
};
// deno_crypto brands CryptoKeys with this symbol; it must exist before it loads.
internals.kKeyObject = Symbol("kKeyObject");

const load = (specifier) => core.loadExtScript(specifier);
const webidl = load("ext:deno_webidl/00_webidl.js");
const domException = load("ext:deno_web/01_dom_exception.js");
const url = load("ext:deno_web/00_url.js");
const urlPattern = load("ext:deno_web/01_urlpattern.js");
const event = load("ext:deno_web/02_event.js");
const timers = load("ext:deno_web/02_timers.js");
const abortSignal = load("ext:deno_web/03_abort_signal.js");
const base64 = load("ext:deno_web/05_base64.js");
const streams = load("ext:deno_web/06_streams.js");
const encoding = load("ext:deno_web/08_text_encoding.js");
const file = load("ext:deno_web/09_file.js");
const messagePort = load("ext:deno_web/13_message_port.js");
const compression = load("ext:deno_web/14_compression.js");
// workerd's (De)CompressionStream knows deflate, deflate-raw and gzip, in its own
// words; deno_web's also takes "brotli". Both constructors read this converter
// when called (tests/workerd/web_events.js).
webidl.converters.CompressionFormat = (value) => {
  const format = webidl.converters.DOMString(value);
  if (format !== "deflate" && format !== "deflate-raw" && format !== "gzip") {
    throw new TypeError("The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.");
  }
  return format;
};
const performance = load("ext:deno_web/15_performance.js");
const consoleModule = load("ext:deno_web/01_console.js");
const crypto = load("ext:deno_crypto/00_crypto.js");
const headers = load("ext:deno_fetch/20_headers.js");
const formData = load("ext:deno_fetch/21_formdata.js");
const body = load("ext:deno_fetch/22_body.js");
const request = load("ext:deno_fetch/23_request.js");
const response = load("ext:deno_fetch/23_response.js");
const fetch = load("ext:deno_fetch/26_fetch.js");

// Ops throw DOMExceptions by class name (crypto, streams, abort).
for (
  const name of [
    "AbortError",
    "DataError",
    "IndexSizeError",
    "InvalidAccessError",
    "InvalidCharacterError",
    "InvalidStateError",
    "NetworkError",
    "NotSupportedError",
    "OperationError",
    "QuotaExceededError",
    "SyntaxError",
    "TimeoutError",
    "TypeMismatchError",
  ]
) {
  core.registerErrorBuilder(
    "DOMException" + name,
    (message) => new domException.DOMException(message, name),
  );
}

// The request methods workerd takes (its HTTP layer's), in any case, written in
// upper case ("patch" is PATCH); another is a TypeError. deno_fetch upper-cases
// only the standard's six and passes any other token as it is.
const METHODS = new SafeSet([
  "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PURGE", "OPTIONS", "TRACE", "COPY", "LOCK", "MKCOL", "MOVE",
  "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "ACL", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "NOTIFY",
  "SUBSCRIBE", "UNSUBSCRIBE", "QUERY", "BAN",
]);

/** A Request's init with its method as workerd writes it (the rest read from `init` itself). */
function withWorkerdMethod(init) {
  if (init === null || typeof init !== "object") return init;
  const asked = init.method;
  if (asked === undefined) return init;
  const method = String(asked);
  const upper = StringPrototypeToUpperCase(method);
  if (!SetPrototypeHas(METHODS, upper)) throw new TypeError(`Invalid HTTP method string: ${method}`);
  return upper === method ? init : { __proto__: init, method: upper };
}

/** deno_fetch's Request, its init's method as workerd takes it. */
const Request = new Proxy(request.Request, {
  construct(target, args, newTarget) {
    if (args.length > 1) args[1] = withWorkerdMethod(args[1]);
    return ReflectConstruct(target, args, newTarget);
  },
});

// The Web API classes, defined on the global scope's prototype below.
const classes = {
  AbortController: abortSignal.AbortController,
  AbortSignal: abortSignal.AbortSignal,
  Blob: file.Blob,
  ByteLengthQueuingStrategy: streams.ByteLengthQueuingStrategy,
  CompressionStream: compression.CompressionStream,
  CountQueuingStrategy: streams.CountQueuingStrategy,
  Crypto: crypto.Crypto,
  CryptoKey: crypto.CryptoKey,
  CustomEvent: event.CustomEvent,
  DecompressionStream: compression.DecompressionStream,
  DOMException: domException.DOMException,
  ErrorEvent: event.ErrorEvent,
  Event: event.Event,
  File: file.File,
  FormData: formData.FormData,
  Headers: headers.Headers,
  MessageChannel: messagePort.MessageChannel,
  MessageEvent: event.MessageEvent,
  MessagePort: messagePort.MessagePort,
  PromiseRejectionEvent: event.PromiseRejectionEvent,
  ReadableByteStreamController: streams.ReadableByteStreamController,
  ReadableStream: streams.ReadableStream,
  ReadableStreamBYOBReader: streams.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: streams.ReadableStreamBYOBRequest,
  ReadableStreamDefaultController: streams.ReadableStreamDefaultController,
  ReadableStreamDefaultReader: streams.ReadableStreamDefaultReader,
  Request,
  Response: response.Response,
  SubtleCrypto: crypto.SubtleCrypto,
  TextDecoder: encoding.TextDecoder,
  TextDecoderStream: encoding.TextDecoderStream,
  TextEncoder: encoding.TextEncoder,
  TextEncoderStream: encoding.TextEncoderStream,
  TransformStream: streams.TransformStream,
  TransformStreamDefaultController: streams.TransformStreamDefaultController,
  URL: url.URL,
  URLPattern: urlPattern.URLPattern,
  URLSearchParams: url.URLSearchParams,
  WritableStream: streams.WritableStream,
  WritableStreamDefaultController: streams.WritableStreamDefaultController,
  WritableStreamDefaultWriter: streams.WritableStreamDefaultWriter,
};

// An abort without a reason: workerd's words ("The operation was aborted"), not
// deno_web's ("The signal has been aborted").
{
  const withReason = (reason) =>
    reason === undefined ? new domException.DOMException("The operation was aborted", "AbortError") : reason;
  const controllerAbort = abortSignal.AbortController.prototype.abort;
  const signalAbort = abortSignal.AbortSignal.abort;
  const abort = {
    abort() {
      return FunctionPrototypeCall(controllerAbort, this, withReason(arguments[0]));
    },
  }.abort;
  const abortStatic = {
    abort() {
      return FunctionPrototypeCall(signalAbort, this, withReason(arguments[0]));
    },
  }.abort;
  ObjectDefineProperty(abortSignal.AbortController.prototype, "abort", core.propWritable(abort));
  ObjectDefineProperty(abortSignal.AbortSignal, "abort", core.propWritable(abortStatic));
}

// Workers' Headers#getAll, for the one header whose values cannot be joined with
// commas: Set-Cookie (the standard's getSetCookie); another name is workerd's TypeError.
{
  const getSetCookie = headers.Headers.prototype.getSetCookie;
  const getAll = {
    getAll() {
      if (arguments.length === 0) {
        throw new TypeError("Failed to execute 'getAll' on 'Headers': parameter 1 is not of type 'string'.");
      }
      if (StringPrototypeToLowerCase(String(arguments[0])) !== "set-cookie") {
        throw new TypeError('getAll() can only be used with the header name "Set-Cookie".');
      }
      return FunctionPrototypeCall(getSetCookie, this);
    },
  }.getAll;
  ObjectDefineProperty(headers.Headers.prototype, "getAll", core.propWritable(getAll));
}

// workerd names a Blob appended to a FormData without a filename after its field
// ("upload"), where the spec and deno_fetch say "blob": the File's name is what
// Workers code reads back and what a multipart body sends.
for (const method of ["append", "set"]) {
  const original = formData.FormData.prototype[method];
  const named = {
    [method](name, value) {
      const unnamed = arguments.length === 2 && ObjectPrototypeIsPrototypeOf(file.Blob.prototype, value) &&
        !ObjectPrototypeIsPrototypeOf(file.File.prototype, value);
      if (unnamed) return FunctionPrototypeCall(original, this, name, value, String(name));
      return ReflectApply(original, this, arguments);
    },
  }[method];
  ObjectDefineProperty(formData.FormData.prototype, method, core.propWritable(named));
}

// 07_websockets.js's `fetchWebSocket`, given by the serve loop (the parts import only core).
let webSocketFetch = null;

export function useWebSocketFetch(fetchWebSocket) {
  webSocketFetch = fetchWebSocket;
}

// --- The request a piece of work belongs to --------------------------------

/**
 * The engine's async context follows a request's work across `await`, timers and
 * promise callbacks (deno_core keeps it in the continuation data, as V8 does):
 * every `fetch()` finds the request it serves, whichever request started
 * concurrently on the same isolate. The context value is the request's state
 * itself (no deno_core AsyncVariable mapping: that cost 6,000 instructions a
 * request), until an `AsyncLocalStorage` (09_node.js) runs something: then it is
 * a frame (`contextWith`) holding the state under REQUEST_OF_FRAME and each
 * store under its own key. A new frame copies the entries of the one it
 * replaces, never the state, so its budgets stay one per request. Work started
 * outside any request (a promise chain started at the module's top level)
 * shares one state per isolate.
 */
const REQUEST_STATE = Symbol("worky.requestState");
const REQUEST_OF_FRAME = Symbol("worky.requestOfFrame");

/** The request state in an async context value: the value itself, or a frame's. */
function stateOf(context) {
  return context?.[REQUEST_STATE] === true ? context : context?.[REQUEST_OF_FRAME];
}

/**
 * A new async context value: the current one's entries (or request state),
 * with `key` set to `value`. For `AsyncLocalStorage#run` and the like.
 */
export function contextWith(key, value) {
  const previous = core.getAsyncContext();
  const frame = { __proto__: null };
  if (previous?.[REQUEST_STATE] === true) {
    frame[REQUEST_OF_FRAME] = previous;
  } else if (previous !== undefined && previous !== null) {
    const keys = ObjectGetOwnPropertySymbols(previous);
    for (let i = 0; i < keys.length; i++) frame[keys[i]] = previous[keys[i]];
  }
  frame[key] = value;
  return frame;
}
let outsideRequests = null;
// The isolate's limits.subrequests, read on first use (after the snapshot point).
let subrequestLimit = -1;

/**
 * A request's own state: what is left of its subrequests, its loop depth, its
 * console budget (`logRefilled` 0: full, not yet used).
 */
function requestState(headers, traceparent = null) {
  if (subrequestLimit < 0) subrequestLimit = op_worky_subrequest_limit();
  return {
    [REQUEST_STATE]: true,
    subrequestsLeft: subrequestLimit,
    headers,
    traceparent,
    depth: -1,
    logTokens: LOG_BURST,
    logRefilled: 0,
  };
}

/**
 * Calls `fn` as the work of a request with these incoming headers (the
 * `name\0value\0...` text) and the `traceparent` its fetches carry: what it
 * starts, now or after an `await`, counts against that request.
 */
export function runAsRequest(headers, traceparent, fn) {
  const previous = core.getAsyncContext();
  core.setAsyncContext(requestState(headers, traceparent));
  try {
    return fn();
  } finally {
    core.setAsyncContext(previous);
  }
}

// What one request may log: 1 MiB at once, 256 KiB a second on average (UTF-16
// units, near enough to bytes). The isolate's own, larger budget (src/runtime/
// console.rs) bounds what all its requests write together.
const LOG_BURST = 1024 * 1024;
const LOG_PER_MS = 256 * 1024 / 1000;
// Lines dropped over a request's budget, told to the host with the next line.
let droppedLines = 0;

/** Hands a console line to the host, unless its request's budget is spent. */
function writeConsole(message, isError) {
  const work = requestOfThisWork();
  const now = DateNow();
  if (work.logRefilled !== 0) {
    work.logTokens = MathMin(LOG_BURST, work.logTokens + (now - work.logRefilled) * LOG_PER_MS);
  }
  work.logRefilled = now;
  if (work.logTokens < message.length) {
    droppedLines++;
    return;
  }
  work.logTokens -= message.length;
  const dropped = droppedLines;
  droppedLines = 0;
  op_worky_console_write(message, isError, dropped);
}

/**
 * Ties `ctx` (an ExecutionContext) to the request this work belongs to, for
 * `waitUntil` imported from `cloudflare:workers`.
 */
export function bindContext(ctx) {
  const state = stateOf(core.getAsyncContext());
  if (state !== undefined) state.ctx = ctx;
}

/** The state of the request this work is for (its identity); undefined outside one. */
export function currentRequest() {
  return stateOf(core.getAsyncContext());
}

/** The ExecutionContext of the request this work is for; undefined outside one. */
function ctxOfThisRequest() {
  return stateOf(core.getAsyncContext())?.ctx;
}

/** `waitUntil` of `cloudflare:workers`: the current request's `ctx.waitUntil`. */
export function waitUntilOfThisRequest(promise) {
  const ctx = ctxOfThisRequest();
  if (ctx === undefined) {
    throw new Error("waitUntil() from cloudflare:workers was called outside of a request");
  }
  ctx.waitUntil(promise);
}

function requestOfThisWork() {
  const state = stateOf(core.getAsyncContext());
  if (state !== undefined) return state;
  outsideRequests ??= requestState("");
  return outsideRequests;
}

/** The incoming request's depth (see DEPTH_HEADER in src/http/front.rs), 0 if none. */
function depthOf(state) {
  if (state.depth < 0) {
    const match = StringPrototypeMatch(state.headers, /(?:^|\0)x-worky-depth\0\s*(\d+)\s*(?:\0|$)/);
    state.depth = match === null ? 0 : Number(match[1]);
  }
  return state.depth;
}

/** The loop depth of the request this work is for (see `depthOf`). */
export function requestDepth() {
  return depthOf(requestOfThisWork());
}

/**
 * One of this request's subrequests (a `fetch`, a service binding's call):
 * taken from its budget (limits.subrequests), with Workers' "Too many
 * subrequests" error when none is left; returns the request's loop depth.
 */
export function takeSubrequest() {
  const work = requestOfThisWork();
  if (work.subrequestsLeft <= 0) {
    throw new Error(
      "Too many subrequests by single Worker invocation. To configure this limit, " +
        "set `subrequests` in [limits] of worky.toml.",
    );
  }
  work.subrequestsLeft -= 1;
  return depthOf(work);
}

/**
 * `fetch` as workers see it. Each call takes one of its request's subrequests
 * (limits.subrequests), failing with Workers' "Too many subrequests" error when
 * none is left, and carries the request's loop depth, so a worker that fetches
 * itself through any chain of hosts is stopped at the front, whatever request
 * it builds. deno_fetch refuses a destination the host's egress policy denies
 * with Deno's "NotCapable: Requires net access to ..., run again with the
 * --allow-net flag" (or, for a host name that resolved to a denied address, a
 * TypeError whose cause says so); Workers has no such class or flag, and
 * workerd throws a plain Error. This throws a plain Error too, naming the
 * destination and the policy.
 */
// A Dynamic Worker's own way out (src/runtime/loaders.rs, 30_loaders.js):
// null, fetch() goes where the host's egress policy lets it; otherwise the
// function every fetch() goes to (its `globalOutbound` binding, or a refusal).
let ownOutbound = null;

/** Sends every fetch() of this isolate to `send(request)` from now on. */
export function useOwnOutbound(send) {
  ownOutbound = send;
}

/** What connect() of a Dynamic Worker without the internet throws, as workerd words it. */
export const NO_INTERNET = "This worker is not permitted to access the internet via global functions like fetch(). " +
  "It must use capabilities (such as bindings in 'env') to talk to the outside world.";

/** Whether this isolate's sockets are refused: a Dynamic Worker with its own way out has none. */
export function socketsRefused() {
  return ownOutbound !== null;
}

function fetchWithinPolicy(input, init = undefined) {
  let depth;
  try {
    depth = takeSubrequest();
  } catch (error) {
    return PromiseReject(error);
  }
  // A Durable Object's writes of this turn are durable before the request leaves.
  try {
    op_worky_storage_commit();
  } catch (error) {
    return PromiseReject(error);
  }
  let outbound;
  let span = null;
  try {
    outbound = new request.Request(input, withWorkerdMethod(init));
    if (depth > 0) outbound.headers.set("x-worky-depth", String(depth));
    // W3C Trace Context: the fetch is a span of its own under the request's,
    // and names it as the callee's parent (the worker's own header wins).
    if (!outbound.headers.has("traceparent")) {
      span = childSpan(true);
      if (span !== null) outbound.headers.set("traceparent", traceparentOf(span));
    }
  } catch (error) {
    return PromiseReject(error);
  }
  // workerd's refusal of a scheme fetch does not speak (deno_fetch's names the
  // scheme: "Url scheme 'ftp' not supported").
  const href = outbound.url;
  const fetchable = StringPrototypeStartsWith(href, "https:") || StringPrototypeStartsWith(href, "http:") ||
    StringPrototypeStartsWith(href, "data:") || StringPrototypeStartsWith(href, "blob:");
  if (!fetchable) return PromiseReject(new TypeError(`Fetch API cannot load: ${href}`));
  const done = (status) => {
    op_worky_subrequest_done(status);
    endSpan(span, "fetch", outbound.method, "", status, status !== 0);
  };
  if (ownOutbound !== null) {
    return PromisePrototypeThen(ownOutbound(outbound), (response) => {
      done(response.status);
      return response;
    }, (error) => {
      done(0);
      throw error;
    });
  }
  if (webSocketFetch !== null && outbound.headers.get("upgrade")?.toLowerCase() === "websocket") {
    return webSocketFetch(outbound);
  }
  return PromisePrototypeThen(fetch.fetch(outbound), (response) => {
    done(response.status);
    return response;
  }, (error) => {
    done(0);
    const denied = deniedDestination(error) ?? deniedDestination(error?.cause);
    if (denied !== null) {
      throw new Error(`fetch() to ${denied} is not allowed by this host's egress policy`);
    }
    throw error;
  });
}

// Whether the host exports spans (serve's otlp_endpoint), read on first use.
let spansWanted = null;

/**
 * A span under the running request's, for something it calls: null outside a
 * traced request, and (unless `always`: a fetch names it in its traceparent
 * whether or not spans are exported) when the host exports no spans.
 */
export function childSpan(always = false) {
  const work = requestOfThisWork();
  if (work.traceparent === null) return null;
  if (!always) {
    spansWanted ??= op_worky_spans_wanted();
    if (!spansWanted || !StringPrototypeEndsWith(work.traceparent, "-01")) return null;
  }
  const { 1: trace, 2: parent, 3: flags } = StringPrototypeSplit(work.traceparent, "-");
  return { trace, id: randomSpanId(), parent, flags, start: DateNow() };
}

/** The traceparent the running request's calls carry when they have no span of their own. */
export function currentTraceparent() {
  return requestOfThisWork().traceparent;
}

/** The traceparent that names `span` as the callee's parent. */
export function traceparentOf(span) {
  return `00-${span.trace}-${span.id}-${span.flags}`;
}

/**
 * Hands a finished span to the host: `kind` "fetch" (`name` the method,
 * `status` the answer's, 0 none), "kv" (`name` the operation, `target` the
 * binding) or "object" (`name` the call, `target` the class).
 */
export function endSpan(span, kind, name, target, status, ok) {
  // An unsampled trace is not recorded (its context still travels on).
  if (span === null || span.flags !== "01") return;
  spansWanted ??= op_worky_spans_wanted();
  if (!spansWanted) return;
  op_worky_span_done(kind, name, target, status, ok, span.trace, span.id, span.parent, span.flags === "01", span.start);
}

/** Runs `call(span)` (a promise) as a child span of the running request's. */
export function traced(kind, name, target, call) {
  const span = childSpan();
  if (span === null) return call(null);
  return PromisePrototypeThen(call(span), (value) => {
    endSpan(span, kind, name, target, 0, true);
    return value;
  }, (error) => {
    endSpan(span, kind, name, target, 0, false);
    throw error;
  });
}

/** A span id: 8 random bytes, in hex, not all zero. */
function randomSpanId() {
  let id = "";
  while (id.length < 16) id += StringPrototypePadStart(NumberPrototypeToString(MathFloor(MathRandom() * 0x10000), 16), 4, "0");
  return id === "0000000000000000" ? randomSpanId() : id;
}

function deniedDestination(error) {
  if (!(error instanceof Error)) {
    return null;
  }
  const match = StringPrototypeMatch(String(error.message), /Requires net access to "([^"]*)"/);
  return match === null ? null : match[1];
}
ObjectDefineProperty(fetchWithinPolicy, "name", { value: "fetch" });

/**
 * Workers' timers take a function only: a string would be code evaluated at run
 * time, which Workers refuses (workerd's TypeError). Deno's would evaluate it.
 */
function functionTimer(name, timer) {
  const checked = function (callback, delay = 0, ...args) {
    if (typeof callback !== "function") {
      throw new TypeError(
        `Failed to execute '${name}' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.`,
      );
    }
    return timer(callback, delay, ...args);
  };
  ObjectDefineProperty(checked, "name", { value: name });
  return checked;
}

/** Lets worky make the objects below; code cannot (workerd's "Illegal constructor"). */
const MAKING = Symbol("worky.global");

const LANGUAGES = ["en"];

/** `navigator`: what Workers has, and what libraries read to tell the runtime. */
class Navigator {
  constructor(key) {
    if (key !== MAKING) throw new TypeError("Illegal constructor");
  }

  get userAgent() {
    return "Cloudflare-Workers";
  }

  // Workers answers 1 whatever the machine: a worker gets one thread.
  get hardwareConcurrency() {
    return 1;
  }

  // As on Workers (its enable_navigator_language): English, and no platform.
  get language() {
    return "en";
  }

  get languages() {
    return LANGUAGES;
  }

  get platform() {
    return "";
  }

  /** POSTs `body` to `url` in the background (the request's waitUntil); true if queued. */
  sendBeacon(url, body = null) {
    const sent = PromisePrototypeCatch(fetchWithinPolicy(url, { method: "POST", body }), () => {});
    ctxOfThisRequest()?.waitUntil(sent);
    return true;
  }
}

/** `scheduler`: Workers' `scheduler.wait(ms)`, a promise of a timer. */
class Scheduler {
  wait(delay, options) {
    const signal = options?.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const { setTimeout, clearTimeout } = timers;
      const id = setTimeout(() => resolve(), delay);
      signal?.addEventListener("abort", () => {
        clearTimeout(id);
        reject(signal.reason);
      }, { once: true });
    });
  }
}

// Workers' clock: `performance.timeOrigin` is 0, so `performance.now()` is the
// time since the epoch (Date.now() with a fraction), not since the isolate began.
{
  const perf = performance.performance;
  const denoOrigin = ObjectGetOwnPropertyDescriptor(performance.Performance.prototype, "timeOrigin").get;
  const denoNow = perf.now;
  ObjectDefineProperty(perf, "timeOrigin", { get: () => 0, configurable: true });
  ObjectDefineProperty(perf, "now", {
    value: function now() {
      return FunctionPrototypeCall(denoOrigin, perf) + FunctionPrototypeCall(denoNow, perf);
    },
    writable: true,
    configurable: true,
  });
}

// The engine's serializer copies what `transfer` lists instead of moving it:
// detach each transferred ArrayBuffer afterwards, so the sender's copy is gone
// as it is on Workers (its byteLength 0).
const arrayBufferTransfer = ArrayBuffer.prototype.transfer;
function structuredClone(value, options) {
  let clone;
  try {
    clone = FunctionPrototypeCall(messagePort.structuredClone, undefined, ...arguments);
  } catch (error) {
    // The engine's serializer has no Error objects: clone the value with them here.
    if (!containsError(value, new SafeSet())) throw error;
    clone = cloneWithErrors(value, new SafeMap());
  }
  const transfer = options?.transfer;
  if (transfer) {
    for (const item of transfer) {
      if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, item) && item.byteLength > 0) {
        FunctionPrototypeCall(arrayBufferTransfer, item);
      }
    }
  }
  return clone;
}

// structuredClone of Error objects, as V8's serializer (and so workerd) does it:
// the class from the error's name (one of the built-in ones, else Error), the
// message as a string, the stack and the cause; other own properties do not
// travel. Everything else inside the value goes to the engine's serializer.
const CLONED_ERRORS = {
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

function isError(value) {
  return ObjectPrototypeToString(value) === "[object Error]";
}

function isPlainContainer(value) {
  if (ArrayIsArray(value)) return true;
  const prototype = ObjectGetPrototypeOf(value);
  return prototype === ObjectPrototype || prototype === null;
}

/** Whether `value` holds an Error where the serializer would look. */
function containsError(value, seen) {
  if (value === null || typeof value !== "object" || SetPrototypeHas(seen, value)) return false;
  SetPrototypeAdd(seen, value);
  if (isError(value)) return true;
  if (ObjectPrototypeIsPrototypeOf(MapPrototype, value)) {
    for (const { 0: key, 1: item } of new SafeMapIterator(value)) {
      if (containsError(key, seen) || containsError(item, seen)) return true;
    }
    return false;
  }
  if (ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
    for (const item of new SafeSetIterator(value)) if (containsError(item, seen)) return true;
    return false;
  }
  if (!isPlainContainer(value)) return false;
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) if (containsError(value[keys[i]], seen)) return true;
  return false;
}

function cloneWithErrors(value, seen) {
  if (value === null || typeof value !== "object") return FunctionPrototypeCall(messagePort.structuredClone, undefined, value);
  if (MapPrototypeHas(seen, value)) return MapPrototypeGet(seen, value);
  if (isError(value)) return cloneError(value, seen);
  if (ObjectPrototypeIsPrototypeOf(MapPrototype, value)) {
    const out = new Map();
    MapPrototypeSet(seen, value, out);
    for (const { 0: key, 1: item } of new SafeMapIterator(value)) {
      MapPrototypeSet(out, cloneWithErrors(key, seen), cloneWithErrors(item, seen));
    }
    return out;
  }
  if (ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
    const out = new Set();
    MapPrototypeSet(seen, value, out);
    for (const item of new SafeSetIterator(value)) SetPrototypeAdd(out, cloneWithErrors(item, seen));
    return out;
  }
  if (!isPlainContainer(value)) return FunctionPrototypeCall(messagePort.structuredClone, undefined, value);
  const out = ArrayIsArray(value) ? [] : {};
  MapPrototypeSet(seen, value, out);
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = cloneWithErrors(value[keys[i]], seen);
  return out;
}

function cloneError(error, seen) {
  const Class = CLONED_ERRORS[error.name] ?? Error;
  const message = ObjectGetOwnPropertyDescriptor(error, "message");
  const clone = message !== undefined && "value" in message ? new Class(String(message.value)) : new Class();
  MapPrototypeSet(seen, error, clone);
  const property = (value) => ({ value, writable: true, configurable: true, enumerable: false });
  const stack = error.stack;
  if (typeof stack === "string") ObjectDefineProperty(clone, "stack", property(stack));
  if (ObjectPrototypeHasOwnProperty(error, "cause")) {
    ObjectDefineProperty(clone, "cause", property(cloneWithErrors(error.cause, seen)));
  }
  return clone;
}

// The Web API functions, defined on the global scope's prototype below.
const functions = {
  atob: base64.atob,
  btoa: base64.btoa,
  clearInterval: timers.clearInterval,
  clearTimeout: timers.clearTimeout,
  fetch: fetchWithinPolicy,
  queueMicrotask: globalThis.queueMicrotask,
  setInterval: functionTimer("setInterval", timers.setInterval),
  setTimeout: functionTimer("setTimeout", timers.setTimeout),
  structuredClone,
};

// The objects workerd has on the global object itself.
const ownGlobals = {
  navigator: new Navigator(MAKING),
  performance: performance.performance,
  scheduler: new Scheduler(),
};

// The global scope as workerd has it: globalThis is a ServiceWorkerGlobalScope (a
// WorkerGlobalScope, an EventTarget), whose prototype holds the Web API classes
// and functions (and WorkerGlobalScope, Navigator, 02_handlers.js's
// ExtendableEvent), enumerable: `for (k in globalThis)` lists them and
// Object.keys(globalThis) does not, as on workerd (tests/workerd/global_layout.js).
// EventTarget is on WorkerGlobalScope's prototype; `origin` is "null". Libraries
// tell a worker from a browser by these. None of the scopes can be constructed.
class WorkerGlobalScope extends event.EventTarget {
  constructor() {
    throw new TypeError("Illegal constructor");
  }
}
class ServiceWorkerGlobalScope extends WorkerGlobalScope {
  constructor() {
    throw new TypeError("Illegal constructor");
  }
}

/** Globals QuickJS makes that the prototype's Web APIs replace (startIsolate). */
const ENGINE_GLOBALS = ["atob", "btoa", "DOMException", "queueMicrotask"];

/** The prototype of the global scope, where workerd has the Web API globals. */
export const globalScope = ServiceWorkerGlobalScope.prototype;

/** Defines a Web API global where workerd has it (above). */
export function defineGlobal(name, value) {
  ObjectDefineProperty(globalScope, name, core.propWritable(value));
}

{
  ObjectDefineProperty(globalThis, "ServiceWorkerGlobalScope", core.propWritable(ServiceWorkerGlobalScope));
  defineGlobal("WorkerGlobalScope", WorkerGlobalScope);
  defineGlobal("Navigator", Navigator);
  ObjectDefineProperty(WorkerGlobalScope.prototype, "EventTarget", core.propWritable(event.EventTarget));
  for (const name in classes) defineGlobal(name, classes[name]);
  for (const name in functions) defineGlobal(name, functions[name]);
  for (const name in ownGlobals) ObjectDefineProperty(globalThis, name, core.propWritable(ownGlobals[name]));
  ObjectDefineProperty(globalThis, "origin", { value: "null", writable: false, enumerable: true, configurable: true });
}

// Native objects behind `crypto` cannot exist at snapshot time: create on first use.
ObjectDefineProperty(globalThis, "crypto", {
  get() {
    return crypto.crypto;
  },
  enumerable: true,
  configurable: true,
});

ObjectDefineProperty(globalThis, "self", core.propGetterOnly(() => globalThis));

// deno's EventTarget has an internal `getParent` method (nothing calls it: its
// event dispatch has a function of its own); workerd's EventTarget has none.
delete event.EventTarget.prototype.getParent;

// Workers' Request and Response share a prototype, Body, which holds what reads
// a body: `r instanceof Body` is true and Body.prototype.text.call(r) works.
// deno_fetch mixes those members into each class, each checking `this` against
// its own class: Body's call the one of the class `this` belongs to.
function Body() {
  throw new TypeError("Illegal constructor");
}
{
  const ofRequest = request.Request.prototype;
  const ofResponse = response.Response.prototype;
  const getters = ["body", "bodyUsed"];
  const methods = ["arrayBuffer", "bytes", "text", "json", "formData", "blob"];
  const illegal = () => {
    // workerd's words, thrown at once (deno_fetch's would be a rejected promise).
    throw new TypeError(
      "Illegal invocation: function called with incorrect `this` reference. See " +
        "https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.",
    );
  };
  const NO_ARGUMENTS = [];
  /** The class's own function for `self`: `onRequest` or `onResponse`. */
  const pick = (self, onRequest, onResponse) => {
    if (ObjectPrototypeIsPrototypeOf(ofRequest, self)) return onRequest;
    return ObjectPrototypeIsPrototypeOf(ofResponse, self) ? onResponse : illegal();
  };
  // Each member holds the two classes' functions: request.json() is on every
  // JSON request's path, so no lookup or argument list is made per call.
  const dispatching = (name, part) => {
    const onRequest = ObjectGetOwnPropertyDescriptor(ofRequest, name)[part];
    const onResponse = ObjectGetOwnPropertyDescriptor(ofResponse, name)[part];
    const holder = part === "get"
      ? {
        get [name]() {
          return ReflectApply(pick(this, onRequest, onResponse), this, NO_ARGUMENTS);
        },
      }
      : {
        [name]() {
          return ReflectApply(pick(this, onRequest, onResponse), this, NO_ARGUMENTS);
        },
      };
    return ObjectGetOwnPropertyDescriptor(holder, name);
  };
  const names = [...getters, ...methods];
  const members = { __proto__: null };
  for (const name of getters) members[name] = dispatching(name, "get");
  for (const name of methods) members[name] = dispatching(name, "value");
  const prototype = Body.prototype;
  for (const name of names) ObjectDefineProperty(prototype, name, members[name]);
  ObjectDefineProperty(prototype, SymbolToStringTag, { value: "Body", configurable: true });
  // After the members, as workerd lists them.
  delete prototype.constructor;
  ObjectDefineProperty(prototype, "constructor", core.propWritable(Body));
  ObjectDefineProperty(Body, "prototype", { writable: false });
  for (const classPrototype of [ofRequest, ofResponse]) {
    for (const name of names) delete classPrototype[name];
    // Deno's own way to read a body as text chunks; Workers has none.
    delete classPrototype.textStream;
    ObjectSetPrototypeOf(classPrototype, prototype);
  }
  defineGlobal("Body", Body);
}

// `Cloudflare.compatibilityFlags`: the worker's compatibility flags, as worky
// resolves them (src/bundle/compatibility.rs); code that older wrangler versions
// bundled reads it as it starts. 04_serve.js makes the flags on first read.
class Cloudflare {
  constructor() {
    throw new TypeError("Illegal constructor");
  }
}
ObjectDefineProperty(Cloudflare.prototype, SymbolToStringTag, { value: "Cloudflare", writable: true, configurable: true });
ObjectDefineProperty(globalThis, "Cloudflare", {
  value: ObjectCreate(Cloudflare.prototype),
  writable: true,
  enumerable: true,
  configurable: true,
});

// globalThis is an EventTarget, so `addEventListener("fetch", ...)` works; the
// Web API globals are on this prototype. (The engine's snapshot loses a global's
// prototype: startIsolate sets it again.)
ObjectSetPrototypeOf(globalThis, ServiceWorkerGlobalScope.prototype);
globalThis[webidl.brand] = webidl.brand;
event.setEventTargetData(globalThis);
event.saveGlobalThisReference(globalThis);

// --- Per-isolate start (after the snapshot point) ---------------------------

export function startIsolate() {
  ObjectSetPrototypeOf(globalThis, ServiceWorkerGlobalScope.prototype);
  // QuickJS's own atob, btoa, DOMException and queueMicrotask, which it puts on
  // every context's global object, would hide the prototype's: its DOMException
  // is not the class deno's APIs throw.
  for (const name of ENGINE_GLOBALS) delete globalThis[name];
  performance.setTimeOrigin();
  const color = op_worky_console_color();
  consoleModule.setNoColorFns(() => !color, () => !color);
  const console = new consoleModule.Console((message, level) => writeConsole(message, level > 1));
  ObjectDefineProperty(globalThis, "console", core.propNonEnumerable(console));
  // An exception or rejection nobody handled is logged, and the isolate goes on
  // serving, as in Workers (never terminated, as Deno does to end its process).
  const reportUncaught = (prefix, value) => {
    try {
      console.error(prefix, value);
    } catch {
      // The value defeats even the formatter (its traps or getters throw).
      writeConsole(`${prefix} (a value that cannot be shown)\n`, true);
    }
  };
  core.setUnhandledPromiseRejectionHandler((_promise, reason) => {
    reportUncaught("Uncaught (in promise)", reason);
    return true;
  });
  core.setReportExceptionCallback((error) => reportUncaught("Uncaught", error));
  // Exceptions deno_web reports itself (thrown in event listeners) end a Deno
  // program; a worker logs them (src/runtime/ops/engine.rs).
  op_worky_set_uncaught_reporter((error) => reportUncaught("Uncaught", error));
  defineGlobal(
    "reportError",
    function reportError(error) {
      if (arguments.length === 0) {
        throw new TypeError("Failed to execute 'reportError' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Value'.");
      }
      // As workerd: an ErrorEvent on the global scope for its listeners, then the log.
      let message;
      try {
        message = `Uncaught ${error}`;
      } catch {
        message = "Uncaught (a value that cannot be shown)";
      }
      globalThis.dispatchEvent(new event.ErrorEvent("error", { error, message, cancelable: false }));
      reportUncaught("Uncaught", error);
    },
  );
  // Internals are for the bootstrap only: user code sees the Workers globals.
  delete globalThis.Deno;
  delete globalThis.__bootstrap;
}
