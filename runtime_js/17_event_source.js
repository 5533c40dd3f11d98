// worky's JS glue, part 17: EventSource as Workers has it. `new EventSource(url,
// { fetcher })` reads server-sent events through the worker's own `fetch` (or
// the fetcher's), so each connection and reconnection is a subrequest like any
// other (limits, egress policy, loop depth); `EventSource.from(stream)` reads
// them from a ReadableStream, Workers' way to parse a response a worker fetched
// itself. Parsing follows the HTML standard as workerd applies it (an id with a
// NUL is kept, an event whose data is empty is not sent, the origin of its
// events is null). Behaviour next to workerd's:
// tests/workerd/web_event_source.js.
// Extension code must be 7-bit ASCII.

// Evaluated on a worker's first read of `EventSource` (04_serve.js LAZY), not
// restored into every isolate: a function of what it needs, not a module.

(function (core, primordials) {
"use strict";

const event = core.loadExtScript("ext:deno_web/02_event.js");
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");
const { ReadableStream } = core.loadExtScript("ext:deno_web/06_streams.js");
const { TextDecoder } = core.loadExtScript("ext:deno_web/08_text_encoding.js");

const {
  Number,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  RegExpPrototypeTest,
  String,
  StringPrototypeCharCodeAt,
  StringPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  Symbol,
  TypeError,
} = primordials;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;
/** How long to wait before reconnecting until the server says (`retry:`). */
const DEFAULT_RETRY_MS = 1000;
/** Lets `from` make an EventSource without a URL. */
const FROM_STREAM = Symbol("worky.eventSourceFromStream");

class EventSource extends event.EventTarget {
  #url = "";
  #withCredentials = false;
  #readyState = CONNECTING;
  #fetcher = null;
  #lastEventId = "";
  #retryMs = DEFAULT_RETRY_MS;
  #abort = null;
  #reader = null;
  #timer = null;

  constructor(url, init = undefined) {
    super();
    if (url === FROM_STREAM) return;
    if (arguments.length === 0) {
      throw new TypeError("Failed to construct 'EventSource': constructor parameter 1 is not of type 'string'.");
    }
    const text = String(url);
    try {
      this.#url = new URL(text).href;
    } catch {
      throw new DOMException(`Cannot open an EventSource to '${text}'. The URL is invalid.`, "SyntaxError");
    }
    this.#withCredentials = Boolean(init?.withCredentials);
    this.#fetcher = init?.fetcher ?? null;
    this.#connect();
  }

  /** Server-sent events read from `stream`; it is open at once, and closed (an error event) when the stream ends. */
  static from(stream) {
    if (!ObjectPrototypeIsPrototypeOf(ReadableStream.prototype, stream)) {
      throw new TypeError("Failed to execute 'from' on 'EventSource': parameter 1 is not of type 'JsReadableStream'.");
    }
    const source = new EventSource(FROM_STREAM);
    source.#readyState = OPEN;
    source.#readFrom(stream, () => source.#end());
    return source;
  }

  get url() {
    return this.#url;
  }

  get withCredentials() {
    return this.#withCredentials;
  }

  get readyState() {
    return this.#readyState;
  }

  close() {
    this.#readyState = CLOSED;
    this.#abort?.abort();
    this.#reader?.cancel().catch(() => {});
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #connect() {
    const headers = { accept: "text/event-stream", "cache-control": "no-store" };
    if (this.#lastEventId !== "") headers["last-event-id"] = this.#lastEventId;
    this.#abort = new AbortController();
    const init = { headers, signal: this.#abort.signal };
    let response;
    try {
      response = this.#fetcher === null ? await fetch(this.#url, init) : await this.#fetcher.fetch(this.#url, init);
    } catch {
      this.#reconnectLater();
      return;
    }
    if (this.#readyState === CLOSED) return;
    const type = StringPrototypeToLowerCase(response.headers.get("content-type") ?? "");
    if (response.status !== 200 || !StringPrototypeIncludes(type, "text/event-stream") || response.body === null) {
      // Not an event stream: failed for good, as the standard says.
      this.#end();
      return;
    }
    this.#readyState = OPEN;
    this.dispatchEvent(new event.Event("open"));
    this.#readFrom(response.body, () => this.#reconnectLater());
  }

  /** Another connection after the server's delay (a closed stream, a failed fetch). */
  #reconnectLater() {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CONNECTING;
    this.dispatchEvent(new event.Event("error"));
    if (this.#readyState === CLOSED) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#readyState !== CLOSED) this.#connect();
    }, this.#retryMs);
  }

  #end() {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.dispatchEvent(new event.Event("error"));
  }

  /** Reads `stream` as an event stream, then calls `ended` unless closed meanwhile. */
  async #readFrom(stream, ended) {
    const reader = stream.getReader();
    this.#reader = reader;
    const decoder = new TextDecoder();
    const parser = { pending: "", started: false, data: "", type: "", id: this.#lastEventId };
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (this.#readyState === CLOSED) return;
        const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
        this.#parse(parser, text, done);
        if (done) break;
      }
    } catch {
      if (this.#readyState === CLOSED) return;
    }
    ended();
  }

  /** Takes the complete lines of `text` (after what was pending); at the end a last line too. */
  #parse(parser, text, atEnd) {
    let buffer = parser.pending + text;
    if (!parser.started && buffer.length > 0) {
      parser.started = true;
      if (StringPrototypeCharCodeAt(buffer, 0) === 0xfeff) buffer = StringPrototypeSlice(buffer, 1);
    }
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = StringPrototypeCharCodeAt(buffer, i);
      if (c !== 10 && c !== 13) continue;
      // A CR at the end of what came may be the first half of a CRLF.
      if (c === 13 && i === buffer.length - 1 && !atEnd) break;
      this.#line(parser, StringPrototypeSlice(buffer, start, i));
      if (this.#readyState === CLOSED) return;
      if (c === 13 && StringPrototypeCharCodeAt(buffer, i + 1) === 10) i++;
      start = i + 1;
    }
    // An event without its blank line at the end of the stream is dropped.
    parser.pending = atEnd ? "" : StringPrototypeSlice(buffer, start);
  }

  #line(parser, line) {
    if (line === "") {
      this.#dispatch(parser);
      return;
    }
    if (StringPrototypeCharCodeAt(line, 0) === 58) return; // ":" a comment
    const colon = StringPrototypeIndexOf(line, ":");
    const field = colon === -1 ? line : StringPrototypeSlice(line, 0, colon);
    let value = colon === -1 ? "" : StringPrototypeSlice(line, colon + 1);
    if (StringPrototypeCharCodeAt(value, 0) === 32) value = StringPrototypeSlice(value, 1);
    if (field === "data") parser.data += value + "\n";
    else if (field === "event") parser.type = value;
    else if (field === "id") parser.id = value;
    else if (field === "retry" && RegExpPrototypeTest(/^\d+$/, value)) this.#retryMs = Number(value);
  }

  #dispatch(parser) {
    this.#lastEventId = parser.id;
    const { type } = parser;
    const data = StringPrototypeSlice(parser.data, 0, -1);
    parser.data = "";
    parser.type = "";
    // workerd drops an event whose data is empty ("data" alone), where the
    // standard would send one with "".
    if (data === "") return;
    const message = new event.MessageEvent(type === "" ? "message" : type, { data, lastEventId: this.#lastEventId });
    ObjectDefineProperty(message, "origin", { value: null });
    this.dispatchEvent(message);
  }
}

for (const [name, value] of [["CONNECTING", CONNECTING], ["OPEN", OPEN], ["CLOSED", CLOSED]]) {
  ObjectDefineProperty(EventSource, name, { value, enumerable: true });
  ObjectDefineProperty(EventSource.prototype, name, { value, enumerable: true });
}
for (const handler of ["open", "message", "error"]) event.defineEventHandler(EventSource.prototype, handler);

return { EventSource };
})
