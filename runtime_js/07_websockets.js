// worky's JS glue, part 7: WebSockets as Workers has them. `new WebSocketPair()`
// gives two joined ends (src/runtime/websocket.rs); the worker keeps `server`,
// calls `accept()`, and returns `new Response(null, { status: 101, webSocket:
// client })`; whoever takes that response (the HTTP front, or the isolate that
// called a Durable Object) holds `client` from then on. Events come from
// `op_worky_ws_next`; a Durable Object may instead hand a socket to
// `ctx.acceptWebSocket` (06_objects.js), which routes its events to the
// object's `webSocketMessage`/`webSocketClose` methods.
// Extension code must be 7-bit ASCII.

// Evaluated on a worker's first read of `WebSocket` or `WebSocketPair`, its
// first `fetch()` with `Upgrade: websocket`, or its Durable Objects' first
// socket (04_serve.js `webSockets`), not restored into every isolate: a function
// of what it needs, not a module. What `Response`'s init does with `webSocket`
// is 03_http.js's.

(function (core, primordials) {
"use strict";

const event = core.loadExtScript("ext:deno_web/02_event.js");
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");
const { Blob } = core.loadExtScript("ext:deno_web/09_file.js");

const {
  ArrayBuffer,
  ArrayBufferIsView,
  ArrayIsArray,
  PromisePrototypeThen,
  ObjectDefineProperty,
  Symbol,
  TypeError,
  Uint8Array,
} = primordials;

const {
  op_worky_ws_close,
  op_worky_ws_connect,
  op_worky_ws_next,
  op_worky_ws_pair,
  op_worky_ws_release,
  op_worky_ws_send_bytes,
  op_worky_ws_send_text,
} = core.ops;

const INTERNAL = Symbol("worky.internal");
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

class WebSocket extends event.EventTarget {
  #id;
  #url = null;
  #protocol = "";
  #state = OPEN;
  #accepted = false;
  #closeSent = false;
  #givenAway = false;
  #attachment = undefined;
  /** `(kind, ...)` when a Durable Object took the socket (hibernation API). */
  #deliver = null;
  /** What a binary message's `data` is: an ArrayBuffer, or a Blob. */
  #binaryType = "arraybuffer";

  /**
   * `new WebSocket(url, protocols)`: an outbound WebSocket (within the host's
   * egress policy), open once its `open` event comes. (worky's own ends are
   * made with an internal key instead of a URL.)
   */
  constructor(url, protocols = undefined) {
    super();
    event.setEventTargetData(this);
    if (url === INTERNAL) {
      this.#id = protocols;
      return;
    }
    this.#url = String(url);
    this.#state = CONNECTING;
    const wanted = protocols === undefined ? [] : ArrayIsArray(protocols) ? protocols.map(String) : [String(protocols)];
    PromisePrototypeThen(
      op_worky_ws_connect(this.#url, wanted),
      ({ 0: id, 1: protocol }) => {
        this.#id = id;
        this.#protocol = protocol;
        this.#state = OPEN;
        this.#accepted = true;
        this.dispatchEvent(new event.Event("open"));
        this.#pump();
      },
      (error) => {
        this.#state = CLOSED;
        this.dispatchEvent(new event.ErrorEvent("error", { message: String(error?.message ?? error), error }));
        this.dispatchEvent(new event.CloseEvent("close", { code: 1006, reason: "", wasClean: false }));
      },
    );
  }

  static {
    // Index loops: this runs after the worker's code may have changed the built-ins.
    // Workers also has them as READY_STATE_CONNECTING and so on.
    const states = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
    for (let value = 0; value < states.length; value++) {
      for (const name of [states[value], `READY_STATE_${states[value]}`]) {
        ObjectDefineProperty(this, name, { value, enumerable: true });
        ObjectDefineProperty(this.prototype, name, { value, enumerable: true });
      }
    }
  }

  get binaryType() {
    return this.#binaryType;
  }

  // Another value is ignored, as the standard says (and workerd does).
  set binaryType(type) {
    if (type === "arraybuffer" || type === "blob") this.#binaryType = type;
  }

  // Sending hands each message to the runtime at once: nothing waits here.
  get bufferedAmount() {
    return 0;
  }

  get readyState() {
    return this.#state;
  }

  get url() {
    return this.#url;
  }

  get protocol() {
    return this.#protocol;
  }

  get extensions() {
    return "";
  }

  /** Starts delivering this end's messages as events. */
  accept() {
    this.#start(null);
  }

  #start(deliver) {
    if (this.#givenAway) throw new TypeError("This WebSocket was returned in a Response; it cannot be accepted here.");
    // accept() again is nothing, as on workerd; handing an accepted socket to a Durable Object is an error.
    if (this.#accepted && deliver === null && this.#deliver === null) return;
    if (this.#accepted) throw new TypeError("The WebSocket was already accepted.");
    this.#accepted = true;
    this.#deliver = deliver;
    this.#pump();
  }

  send(message) {
    if (this.#state === CONNECTING) throw new TypeError("The WebSocket is not open yet: wait for its open event.");
    if (!this.#accepted) {
      throw new TypeError(
        "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
      );
    }
    if (this.#closeSent || this.#state === CLOSED) {
      throw new TypeError("Can't call WebSocket send() after close().");
    }
    if (typeof message === "string") {
      op_worky_ws_send_text(this.#id, message);
    } else if (message instanceof ArrayBuffer) {
      op_worky_ws_send_bytes(this.#id, new Uint8Array(message));
    } else if (ArrayBufferIsView(message)) {
      op_worky_ws_send_bytes(this.#id, new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
    } else {
      op_worky_ws_send_text(this.#id, String(message));
    }
  }

  /**
   * Closes this end; without a code the close frame has none, and the other side
   * sees 1005. The codes workerd takes: 1000 to 4999 but those a close frame must
   * not carry (1004, 1005, 1006, 1015).
   */
  close(code = undefined, reason = "") {
    if (!this.#accepted) throw new TypeError("You must call accept() on this WebSocket before closing it.");
    if (this.#closeSent) return;
    if (code !== undefined && (!(code >= 1000 && code <= 4999) || code === 1004 || code === 1005 || code === 1006 || code === 1015)) {
      throw new DOMException(`Invalid WebSocket close code: ${code}.`, "InvalidAccessError");
    }
    const reasonText = String(reason);
    this.#closeSent = true;
    if (this.#state === OPEN) this.#state = CLOSING;
    try {
      op_worky_ws_close(this.#id, code === undefined ? 1005 : code, code === undefined ? "" : reasonText);
    } catch {
      // The other side has gone already.
    }
  }

  serializeAttachment(value) {
    this.#attachment = value === undefined ? undefined : structuredClone(value);
  }

  deserializeAttachment() {
    return this.#attachment === undefined ? null : structuredClone(this.#attachment);
  }

  /** The end's id, given away with a 101 response (this object is done with it). */
  static giveAway(socket) {
    if (!(socket instanceof WebSocket)) throw new TypeError("Response's webSocket must be a WebSocket");
    if (socket.#accepted) throw new TypeError("The WebSocket returned in a Response must not be accepted here.");
    if (socket.#givenAway) throw new TypeError("This WebSocket was already returned in a Response.");
    socket.#givenAway = true;
    return socket.#id;
  }

  static startHibernatable(socket, deliver) {
    socket.#start(deliver);
  }

  async #pump() {
    while (true) {
      const received = await op_worky_ws_next(this.#id);
      if (received === null) return;
      const { 0: kind, 1: text, 2: bytes, 3: code } = received;
      if (kind !== 2) {
        const data = kind === 0 ? text : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        if (this.#deliver !== null) await this.#deliver("message", this, data);
        else {
          const delivered = kind !== 0 && this.#binaryType === "blob" ? new Blob([data]) : data;
          this.dispatchEvent(new event.MessageEvent("message", { data: delivered }));
        }
        continue;
      }
      // The other side closed (1006: it went away without a close frame). The
      // close event comes while this end is closing; a handler may answer with
      // its own close, and where it does not, the close is answered for it with
      // the same code and reason, as workerd does.
      const wasClean = code !== 1006;
      this.#state = wasClean && !this.#closeSent ? CLOSING : CLOSED;
      if (this.#deliver !== null) {
        await this.#deliver("close", this, code, text, wasClean);
      } else {
        this.dispatchEvent(new event.CloseEvent("close", { code, reason: text, wasClean }));
      }
      if (!this.#closeSent && wasClean) {
        // Answered for the worker: workerd's end reads CLOSING from then on.
        this.#closeSent = true;
        try {
          op_worky_ws_close(this.#id, code, code === 1005 ? "" : text);
        } catch {
          // Gone meanwhile.
        }
      } else {
        this.#state = CLOSED;
      }
      op_worky_ws_release(this.#id);
      return;
    }
  }
}

class WebSocketPair {
  constructor() {
    const { 0: client, 1: server } = op_worky_ws_pair();
    this[0] = new WebSocket(INTERNAL, client);
    this[1] = new WebSocket(INTERNAL, server);
  }

  *[Symbol.iterator]() {
    yield this[0];
    yield this[1];
  }
}

const HANDLERS = ["open", "message", "close", "error"];
for (let i = 0; i < HANDLERS.length; i++) event.defineEventHandler(WebSocket.prototype, HANDLERS[i]);

/** A socket whose end this isolate now holds (a Durable Object gave it away). */
function socketFor(id) {
  return new WebSocket(INTERNAL, id);
}

/**
 * `fetch()` with `Upgrade: websocket`, as Workers does it: a 101 Response whose
 * `webSocket` the worker accepts.
 */
async function fetchWebSocket(request) {
  const protocols = request.headers.get("sec-websocket-protocol");
  const wanted = protocols === null ? [] : protocols.split(",").map((protocol) => protocol.trim());
  const { 0: id, 1: protocol } = await op_worky_ws_connect(request.url, wanted);
  const headers = protocol === "" ? [] : [["sec-websocket-protocol", protocol]];
  return new globalThis.Response(null, { status: 101, headers, webSocket: socketFor(id) });
}

/**
 * A message a Durable Object's hibernatable WebSockets answer by themselves
 * (`ctx.setWebSocketAutoResponse`, 14_object_isolate.js), without waking it.
 */
class WebSocketRequestResponsePair {
  #request;
  #response;

  constructor(request, response) {
    const given = [request, response];
    for (let i = 0; i < 2; i++) {
      if (typeof given[i] !== "string") {
        throw new TypeError(
          `Failed to construct 'WebSocketRequestResponsePair': constructor parameter ${i + 1} is not of type 'string'.`,
        );
      }
    }
    this.#request = request;
    this.#response = response;
  }

  get request() {
    return this.#request;
  }

  get response() {
    return this.#response;
  }
}

// worky's own, not the class's: taken off it before any worker sees it.
const { giveAway, startHibernatable } = WebSocket;
delete WebSocket.giveAway;
delete WebSocket.startHibernatable;

return {
  WebSocket,
  WebSocketPair,
  WebSocketRequestResponsePair,
  CloseEvent: event.CloseEvent,
  socketFor,
  fetchWebSocket,
  isWebSocket: (value) => value instanceof WebSocket,
  giveAway,
  startHibernatable,
};
})
