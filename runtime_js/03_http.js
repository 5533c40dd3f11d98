// worky's JS glue, part 3: requests in and responses out. A request from
// `op_worky_next_request` becomes a real `Request` (its body read ahead, or a
// byte stream pulling `op_worky_read_body`); the handler's `Response` goes back
// whole (`op_worky_respond`, `op_worky_respond_text`) or streamed
// (`op_worky_write_body`). Another worker's streamed answer is read the same
// way (`answerBody`). The Rust half is src/runtime/ops/http.rs.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";
import { expectedLengthOf } from "ext:worky_runtime/10_streams.js";

// Loaded (once, cached by core) by 00_globals.js.
const body = core.loadExtScript("ext:deno_fetch/22_body.js");
const request = core.loadExtScript("ext:deno_fetch/23_request.js");
const response = core.loadExtScript("ext:deno_fetch/23_response.js");
const streams = core.loadExtScript("ext:deno_web/06_streams.js");
const { signalAbort } = core.loadExtScript("ext:deno_web/03_abort_signal.js");
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");

const {
  ArrayPrototypeIncludes,
  ArrayPrototypeSplice,
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayPrototypePush,
  ObjectPrototypeIsPrototypeOf,
  FunctionPrototypeCall,
  JSONParse,
  JSONStringify,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectValues,
  Promise,
  PromisePrototypeThen,
  Proxy,
  RangeError,
  RangeErrorPrototype,
  ReflectConstruct,
  SafeArrayIterator,
  SafeFinalizationRegistry,
  SafeWeakMap,
  SafeWeakSet,
  String,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
  StringPrototypeToLowerCase,
  TypeError,
  Uint8Array,
  WeakMapPrototypeGet,
  WeakMapPrototypeHas,
  WeakMapPrototypeSet,
  WeakSetPrototypeAdd,
  WeakSetPrototypeHas,
} = primordials;

const {
  op_worky_host_cf,
  op_worky_read_body,
  op_worky_read_answer,
  op_worky_drop_answer,
  op_worky_pass_answer,
  op_worky_call_body_open,
  op_worky_call_body_write,
  op_worky_call_body_end,
  op_worky_respond,
  op_worky_respond_websocket,
  op_worky_respond_text,
  op_worky_write_body,
  op_worky_end_body,
} = core.ops;

const { InnerBody } = body;
const { newInnerRequest, fromInnerRequest, toInnerRequest, RequestPrototype } = request;
const { toInnerResponse, wireHeaderList } = response;
const { ReadableStream, isReadableStream, isReadableStreamDisturbed, isReadableStreamLocked } = streams;
const EMPTY = new Uint8Array(0);
// Strings up to this many UTF-16 units go to Rust as strings (a 3x buffer on the
// Rust side); longer ones are encoded first.
const TEXT_IN_ONE_WRITE = 1 << 20;

/**
 * A byte stream of the chunks `read()` gives (an empty one: the end); `cancel`
 * lets the source go when the reader stops early, or when `signal` aborts (the
 * stream then errors with its reason).
 */
function chunkStream(read, cancel = undefined, signal = null) {
  let aborted = false;
  let abort = null;
  return new ReadableStream({
    type: "bytes",
    start(controller) {
      if (signal === null) return;
      abort = () => {
        aborted = true;
        controller.error(signal.reason);
        cancel?.();
      };
      signal.addEventListener("abort", abort, { once: true });
    },
    async pull(controller) {
      const chunk = await read();
      if (aborted) return;
      if (chunk.byteLength === 0) {
        if (abort !== null) signal.removeEventListener("abort", abort);
        controller.close();
        // A BYOB reader waits on its request until it is answered.
        controller.byobRequest?.respond(0);
      } else {
        controller.enqueue(chunk);
      }
    },
    cancel,
  });
}

function requestBody(id) {
  return chunkStream(() => op_worky_read_body(id));
}

// Answers' body streams, by stream: a response that passes one on as it is
// hands it over to Rust (`sendResponse`).
const answerStreams = new SafeWeakMap();

// Answers' bodies collected unread: let go, so that their workers stop writing.
// Made on first use (a registry is not restored from the startup snapshot).
let unreadAnswers = null;

/**
 * The body of another worker's answer (a service binding's, a Durable Object's
 * `fetch`) that streams: number `id` of src/runtime/ops/bodies.rs, read as the
 * answering worker writes it. Cancelling it, or `signal` (the call's) aborting,
 * cancels the answering stream.
 */
function answerBody(id, signal) {
  const stream = chunkStream(() => op_worky_read_answer(id), () => op_worky_drop_answer(id), signal);
  unreadAnswers ??= new SafeFinalizationRegistry((unread) => op_worky_drop_answer(unread));
  unreadAnswers.register(stream, id);
  WeakMapPrototypeSet(answerStreams, stream, id);
  return stream;
}

/**
 * A request's body for another worker (a service binding's or a Durable
 * Object's `fetch`): `[bytes, null]` when it is whole already (none, a string,
 * bytes, a body the server read ahead), else `[empty, number]`: a stream,
 * written under that number (src/runtime/ops/bodies.rs) as it is read, so the
 * called worker reads it as it comes, as on workerd.
 */
export async function callBody(req) {
  const inner = toInnerRequest(req).body;
  if (inner === null) return [EMPTY, null];
  if (!isReadableStream(inner.streamOrStatic)) return [new Uint8Array(await req.arrayBuffer()), null];
  const reader = req.body.getReader();
  const id = op_worky_call_body_open();
  pumpCallBody(id, reader);
  return [EMPTY, id];
}

/**
 * The AbortSignal a call to another worker heeds (a service binding's, a
 * Durable Object's `fetch`), as workerd heeds it: fetch's `init.signal`, else
 * the given Request's, unless that is a request from outside (whose signal
 * workerd keeps from subrequests); null: none.
 */
export function callSignal(input, init) {
  const signal = init?.signal;
  if (signal !== undefined && signal !== null) return signal;
  if (!ObjectPrototypeIsPrototypeOf(RequestPrototype, input) || WeakMapPrototypeHas(incomingIp, input)) return null;
  return input.signal;
}

/**
 * The answer of `call`, a call to another worker under way, unless `signal`
 * aborts first: the call then rejects with the signal's reason, as on workerd,
 * and an answer that still comes is let go (its worker's stream cancelled).
 */
export function abortableCall(signal, call) {
  if (signal === null) return call;
  return new Promise((resolve, reject) => {
    const abort = () => {
      PromisePrototypeThen(call, (answer) => {
        if (answer[5] !== null) op_worky_drop_answer(answer[5]);
      }, () => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
    PromisePrototypeThen(call, (answer) => {
      signal.removeEventListener("abort", abort);
      resolve(answer);
    }, (error) => {
      signal.removeEventListener("abort", abort);
      reject(error);
    });
  });
}

/** Writes a request body for another worker chunk by chunk; stops if it lets go. */
async function pumpCallBody(id, reader) {
  try {
    await pipeChunks(reader, (chunk) => op_worky_call_body_write(id, chunk), "request");
    await op_worky_call_body_end(id, null);
  } catch (error) {
    await op_worky_call_body_end(id, String(error?.message ?? error));
  }
}

/** `name\0value\0...` (from op_worky_next_request) as deno_fetch's header list. */
export function headerPairs(text) {
  const parts = StringPrototypeSplit(text, "\0");
  const list = [];
  for (let i = 0; i + 1 < parts.length; i += 2) ArrayPrototypePush(list, [parts[i], parts[i + 1]]);
  return list;
}

/** A request's headers as the worker sees them: without worky's loop count (src/http/front.rs). */
function headersWithoutDepth(text) {
  const list = headerPairs(text);
  for (let i = 0; i < list.length; i++) {
    if (list[i][0] === "x-worky-depth") {
      ArrayPrototypeSplice(list, i, 1);
      break;
    }
  }
  return list;
}

/**
 * A body the server read ahead: static (text() and json() take it whole), and a
 * byte stream only if the worker asks for `.body`, so that a BYOB reader works on
 * it as on a streamed body (deno's static bodies become plain streams).
 */
class InlineBody extends InnerBody {
  constructor(inline) {
    super({ body: inline, consumed: false });
    this.length = inline.byteLength;
  }

  get stream() {
    const source = this.streamOrStatic;
    if (!isReadableStream(source) && !source.consumed) {
      const bytes = source.body;
      this.streamOrStatic = new ReadableStream({
        type: "bytes",
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      });
    }
    return super.stream;
  }
}

export function newRequest(id, method, url, headers, hasStream, inline, clientIp = null) {
  let body = null;
  if (inline !== null) {
    body = new InlineBody(inline);
  } else if (hasStream) {
    body = new InnerBody(requestBody(id));
  }
  // Split only if the handler reads the headers; the loop count is the runtime's
  // (every fetch carries it, 00_globals.js), not a header the worker sees.
  const inner = newInnerRequest(method, url, () => headersWithoutDepth(headers), body, false);
  const request = fromInnerRequest(inner, "immutable");
  // A request from outside: its cf is made when the worker first reads it.
  if (clientIp !== null) WeakMapPrototypeSet(incomingIp, request, clientIp);
  return request;
}

/**
 * With `enable_request_signal`: `request.signal` aborts when the client hangs
 * up while the response body streams, with workerd's reason, noticed (as
 * workerd notices it) when the next chunk cannot be written. Without the flag
 * it never aborts, as workerd's. Returns what the response's pump calls then.
 */
export function watchClient(request) {
  let signal = null;
  let gone = null;
  // deno_fetch asks for this when the worker first reads request.signal.
  toInnerRequest(request).onCancel = () => {
    signal = request.signal;
    if (gone !== null) signal[signalAbort](gone);
  };
  return () => {
    gone = new DOMException("The client has disconnected", "AbortError");
    gone.retryable = true;
    if (signal !== null) signal[signalAbort](gone);
  };
}

/**
 * `response.type` as Workers has it: "default" for every response but
 * `Response.error()`'s, fetched ones included (a browser's "basic" and "cors"
 * mean nothing there).
 */
export function installResponseType() {
  const prototype = globalThis.Response.prototype;
  const type = ObjectGetOwnPropertyDescriptor(prototype, "type").get;
  ObjectDefineProperty(prototype, "type", {
    get() {
      const kind = FunctionPrototypeCall(type, this);
      return kind === "error" ? kind : "default";
    },
    enumerable: true,
    configurable: true,
  });
}

// --- request.cf ---------------------------------------------------------------
// Workers' requests carry `cf`: the incoming one its client's details, one the
// worker makes what its init gave (copied, as workerd does through JSON).

const requestCf = new SafeWeakMap();
/** The client's address of each request from outside whose cf is not made yet. */
const incomingIp = new SafeWeakMap();
/** The host's cf properties as JSON text (dev: wrangler dev's placeholder), read once. */
let hostCf;

function cfOf(request) {
  let cf = WeakMapPrototypeGet(requestCf, request);
  if (cf === undefined) {
    const clientIp = WeakMapPrototypeGet(incomingIp, request);
    if (clientIp !== undefined) {
      cf = incomingCf(request, clientIp);
      WeakMapPrototypeSet(requestCf, request, cf);
    }
  }
  return cf;
}

/**
 * Cloudflare's visitor location headers and the cf property each one fills. The
 * listener keeps them only from a trusted proxy (`[http] trusted_proxies`,
 * src/http/listen.rs), so here they are what Cloudflare's edge (or another
 * proxy in front) said.
 */
const LOCATION_HEADERS = [
  ["cf-ipcountry", "country"],
  ["cf-ipcity", "city"],
  ["cf-ipcontinent", "continent"],
  ["cf-iplatitude", "latitude"],
  ["cf-iplongitude", "longitude"],
  ["cf-region", "region"],
  ["cf-region-code", "regionCode"],
  ["cf-metro-code", "metroCode"],
  ["cf-postal-code", "postalCode"],
  ["cf-timezone", "timezone"],
];

/**
 * An incoming request's cf: the host's properties, where the client is (from a
 * trusted proxy's location headers), then what the request says
 * (`clientAcceptEncoding`, as wrangler dev gives it) and the client's address
 * (as workerd gives it); frozen through, as on Workers.
 */
function incomingCf(request, clientIp) {
  hostCf ??= op_worky_host_cf();
  const cf = JSONParse(hostCf);
  const headers = request.headers;
  for (const { 0: header, 1: property } of new SafeArrayIterator(LOCATION_HEADERS)) {
    const value = headers.get(header);
    if (value !== null) cf[property] = value;
  }
  cf.clientAcceptEncoding = headers.get("accept-encoding") ?? "";
  cf.clientIp = clientIp;
  return deepFreeze(cf);
}

function deepFreeze(value) {
  if (value !== null && typeof value === "object") {
    for (const inner of new SafeArrayIterator(ObjectValues(value))) deepFreeze(inner);
    ObjectFreeze(value);
  }
  return value;
}

/** `Request` that takes `cf` in its init, as Workers' does: the same class behind a construct trap. */
export function installRequestCf(defineGlobal) {
  const Request = globalThis.Request;
  const prototype = Request.prototype;
  ObjectDefineProperty(prototype, "cf", {
    get() {
      return cfOf(this);
    },
    enumerable: true,
    configurable: true,
  });
  const clone = prototype.clone;
  ObjectDefineProperty(prototype, "clone", {
    value: function clone_() {
      const copy = FunctionPrototypeCall(clone, this);
      const cf = cfOf(this);
      if (cf !== undefined) WeakMapPrototypeSet(requestCf, copy, cf);
      return copy;
    },
    writable: true,
    configurable: true,
  });
  const withCf = new Proxy(Request, {
    construct(target, args, newTarget) {
      const made = ReflectConstruct(target, args, newTarget);
      const init = args[1];
      let cf = init !== null && typeof init === "object" ? init.cf : undefined;
      if (cf !== undefined) {
        if (cf === null || typeof cf !== "object") {
          throw new TypeError(
            "Incorrect type for the 'cf' field on 'RequestInitializerDict': the provided value is not of type 'Object'.",
          );
        }
        cf = JSONParse(JSONStringify(cf));
      } else if (ObjectPrototypeIsPrototypeOf(prototype, args[0])) {
        cf = cfOf(args[0]);
      }
      if (cf !== undefined) WeakMapPrototypeSet(requestCf, made, cf);
      return made;
    },
  });
  defineGlobal("Request", withCf);
}

/** What a value is, for error messages; never throws, whatever the value does. */
export function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value !== "object") return `a ${typeof value}`;
  try {
    const name = value.constructor?.name;
    return typeof name === "string" && name !== "" ? `an object of type ${name}` : "an object";
  } catch {
    // A throwing `constructor` getter, a proxy whose traps throw.
    return "an object";
  }
}

function toBytes(chunk, what) {
  if (typeof chunk === "string") return core.encode(chunk);
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, chunk)) {
    return new Uint8Array(chunk);
  }
  if (ArrayBufferIsView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  throw new TypeError(
    `A ${what} body stream yielded ${describe(chunk)}; chunks must be Uint8Array, ArrayBuffer or string`,
  );
}

/**
 * A header list as one string for the respond ops, `name\0value\0...` (NUL never
 * occurs in headers): one string crosses into Rust cheaply, many small ones do not.
 */
export function headerText(list) {
  let text = "";
  for (let i = 0; i < list.length; i++) text += list[i][0] + "\0" + list[i][1] + "\0";
  return text;
}

// --- Response's `webSocket` and `encodeBody` ------------------------------------

const responseSockets = new SafeWeakMap();
/** The `cf` of each Response made with one in its init. */
const responseCf = new SafeWeakMap();
// Responses made with `encodeBody: "manual"`: their bodies are already in their
// content-encoding, so the front sends them as they are (http/encoding.rs).
const encodedBodies = new SafeWeakSet();

// 07_websockets.js's `{ isWebSocket, giveAway }`, given by the serve loop (that
// module is evaluated on first use; no WebSocket exists before it is).
let sockets = null;

export function useWebSockets(webSockets) {
  sockets = webSockets;
}

// The global Response as installResponseInit makes it (a worker may replace the global).
let ResponseWithInit = null;

/**
 * The 101 Response carrying `webSocket` that another worker's answer becomes
 * (a service's, a Durable Object's).
 */
function socketResponse(status, headers, webSocket) {
  return new ResponseWithInit(null, { status, headers, webSocket });
}

const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];

/**
 * The Response another worker's answer becomes (a service binding's, a Durable
 * Object's `fetch`: op_worky_service_call's and op_worky_object_call's
 * `[status, headers, whole body, WebSocket, stubs, streamed body]`);
 * `socketFor` finds a WebSocket it gave away by its number; `signal` (the
 * call's, or null) aborting errors a streamed body.
 */
export function answerResponse(answer, socketFor, signal) {
  const { 0: status, 1: headers, 2: bytes, 3: socket, 5: streamed } = answer;
  if (socket !== null) return socketResponse(status, headerPairs(headers), socketFor(socket));
  let body = null;
  if (!ArrayPrototypeIncludes(NULL_BODY_STATUSES, status)) {
    body = streamed === null ? bytes : answerBody(streamed, signal);
  } else if (streamed !== null) {
    op_worky_drop_answer(streamed);
  }
  return new response.Response(body, { status, headers: headerPairs(headers) });
}

/** The WebSocket a 101 Response carries, or null. */
function webSocketOf(response) {
  return WeakMapPrototypeGet(responseSockets, response) ?? null;
}

/** workerd's words for a status out of range (deno_fetch's name the status and 101). */
const STATUS_RANGE = "Responses may only be constructed with status codes in the range 200 to 599, inclusive.";

/** deno_fetch's Response, its status errors in workerd's words. */
function constructed(target, args, newTarget) {
  try {
    return ReflectConstruct(target, args, newTarget);
  } catch (err) {
    const outOfRange = ObjectPrototypeIsPrototypeOf(RangeErrorPrototype, err) &&
      StringPrototypeStartsWith(err.message, "The status provided (");
    throw outOfRange ? new RangeError(STATUS_RANGE) : err;
  }
}

/**
 * `Response` that takes `webSocket` and `encodeBody` in its init, as Workers'
 * does (deno_fetch's ignores them): the same class behind a construct trap, so `instanceof`,
 * `Response.json()` and subclasses are unchanged.
 */
export function installResponseInit(defineGlobal) {
  const Response = globalThis.Response;
  ObjectDefineProperty(Response.prototype, "webSocket", {
    get() {
      return webSocketOf(this);
    },
    configurable: true,
  });
  // The `cf` a response was made with (workerd keeps it; deno_fetch has no `cf`).
  ObjectDefineProperty(Response.prototype, "cf", {
    get() {
      return WeakMapPrototypeGet(responseCf, this);
    },
    enumerable: true,
    configurable: true,
  });
  const withSockets = new Proxy(Response, {
    construct(target, args, newTarget) {
      const made = constructed(target, args, newTarget);
      const init = args[1];
      // Without an init the status is 200 (hello world's path: nothing more to do).
      if (init === null || typeof init !== "object") return made;
      const socket = init.webSocket;
      if (socket === undefined || socket === null) {
        // deno_fetch allows 101 without a WebSocket; workerd does not.
        if (init.status !== undefined && made.status === 101) throw new RangeError(STATUS_RANGE);
      } else {
        if (sockets === null || !sockets.isWebSocket(socket)) {
          throw new TypeError(
            "Incorrect type for the 'webSocket' field on 'InitializerDict': the provided value is not of type 'WebSocket'.",
          );
        }
        if (made.status !== 101) throw new RangeError("Responses with a WebSocket must have status code 101.");
        WeakMapPrototypeSet(responseSockets, made, socket);
      }
      if (init.cf !== undefined) WeakMapPrototypeSet(responseCf, made, init.cf);
      if (init.encodeBody === "manual") WeakSetPrototypeAdd(encodedBodies, made);
      return made;
    },
  });
  ResponseWithInit = withSockets;
  defineGlobal("Response", withSockets);
}

/**
 * Sends `res`. A whole body (none, a string, bytes) is sent at once and nothing is
 * returned; a stream body returns the promise of pumping it (an async frame per
 * request costs the interpreter, so only streams get one). `clientGone`: see
 * `watchClient`.
 */
export function sendResponse(id, res, clientGone = undefined) {
  const inner = toInnerResponse(res);
  if (inner.type === "error") {
    throw new TypeError("The handler returned Response.error(), a network error");
  }
  if (inner.status === 101) {
    // A Response made with a WebSocket (installResponseInit); one remade from it
    // by deno_fetch's own class (HTMLRewriter's) has none.
    const socket = webSocketOf(res);
    if (socket === null) throw new RangeError(STATUS_RANGE);
    const headers = headerText(wireHeaderList(inner));
    op_worky_respond_websocket(id, headers, headers.length, sockets.giveAway(socket));
    return undefined;
  }
  const innerBody = inner.body;
  const encoded = WeakSetPrototypeHas(encodedBodies, res);
  const headers = headerText(withPromisedLength(wireHeaderList(inner), innerBody?.streamOrStatic));
  if (innerBody === null) {
    op_worky_respond(id, inner.status, headers, headers.length, EMPTY, false, encoded);
    return undefined;
  }
  if (innerBody.unusable()) {
    throw new TypeError("The response body was already read or is locked");
  }
  const source = innerBody.streamOrStatic;
  if (!isReadableStream(source)) {
    // A string or bytes: sent whole, without building a stream.
    source.consumed = true;
    const whole = source.body;
    if (typeof whole === "string" && whole.length <= TEXT_IN_ONE_WRITE) {
      op_worky_respond_text(id, inner.status, headers, headers.length, whole, whole.length, encoded);
    } else {
      op_worky_respond(id, inner.status, headers, headers.length, toBytes(whole, "response"), false, encoded);
    }
    return undefined;
  }
  op_worky_respond(id, inner.status, headers, headers.length, EMPTY, true, encoded);
  const answer = WeakMapPrototypeGet(answerStreams, source);
  if (answer !== undefined && !isReadableStreamLocked(source) && !isReadableStreamDisturbed(source)) {
    // Another worker's answer, untouched: passed on without JS per chunk (its
    // stream is locked, as read).
    source.getReader();
    return passAnswer(id, answer, clientGone);
  }
  return pumpBody(id, source, clientGone);
}

/**
 * A FixedLengthStream's readable promises its length: the response says so in
 * content-length (unless it did already), as on Workers, instead of being chunked.
 */
function withPromisedLength(list, source) {
  const expected = expectedLengthOf(source);
  if (expected === undefined) return list;
  for (let i = 0; i < list.length; i++) {
    if (StringPrototypeToLowerCase(list[i][0]) === "content-length") return list;
  }
  ArrayPrototypePush(list, ["content-length", String(expected)]);
  return list;
}

/** Passes another worker's streamed answer `answer` on as request `id`'s body. */
async function passAnswer(id, answer, clientGone) {
  const { 0: gone, 1: error } = await op_worky_pass_answer(id, answer);
  if (gone) clientGone?.();
  op_worky_end_body(id, error);
}

/**
 * Writes what `reader` yields with `write`, chunk by chunk (`what` body it is,
 * for a chunk of the wrong type). `write` resolves false once the other side
 * let the body go: the reader is then cancelled, with no reason, as workerd
 * cancels it. Resolves whether the body went to its end; throws what reading
 * threw.
 */
async function pipeChunks(reader, write, what) {
  while (true) {
    const { value, done } = await reader.read();
    if (done) return true;
    if (!(await write(toBytes(value, what)))) {
      await reader.cancel();
      return false;
    }
  }
}

/**
 * Streams a response body to the client chunk by chunk; `clientGone` (if any)
 * is told when the client went away.
 */
async function pumpBody(id, source, clientGone) {
  const reader = source.getReader();
  try {
    const whole = await pipeChunks(reader, (chunk) => op_worky_write_body(id, chunk), "response");
    // The client went away: request.signal after the stream's cancel, as workerd orders them.
    if (!whole) clientGone?.();
    op_worky_end_body(id, null);
  } catch (error) {
    op_worky_end_body(id, String(error?.message ?? error));
    globalThis.console.error("Uncaught (in response body stream)", error);
  }
}

/**
 * [message, stack] of a thrown value. Never throws: a value whose `name`,
 * `message`, `toString` or traps throw still gets an answer (an error while
 * describing an error must not leave its request unanswered).
 */
export function errorDetails(error) {
  try {
    if (error instanceof Error || (error !== null && typeof error === "object" && "stack" in error)) {
      const message = `${error.name ?? "Error"}: ${error.message ?? ""}`;
      return [message, typeof error.stack === "string" ? error.stack : message];
    }
    return [`Uncaught ${describe(error)}: ${String(error)}`, null];
  } catch {
    return [`Uncaught ${describe(error)} (it cannot be turned into a message)`, null];
  }
}
