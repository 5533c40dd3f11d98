// worky's JS glue, part 13: `cloudflare:sockets`, outbound TCP (and TLS) for
// database drivers and other protocols, on the ops in src/runtime/ops/sockets.rs.
// The socket's shape, its errors and what close(), allowHalfOpen and startTls()
// do are workerd's: tests/workerd/sockets.js.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker imports `cloudflare:sockets` (04_serve.js
// `installLazy`), not restored into every isolate: a function of what it needs,
// not a module.

(function (core, primordials, runtime) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayPrototypeIncludes,
  ArrayBufferPrototype,
  decodeURIComponent,
  Error,
  Number,
  NumberIsInteger,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectPrototypeIsPrototypeOf,
  Promise,
  PromisePrototypeCatch,
  PromisePrototypeThen,
  PromiseResolve,
  RegExpPrototypeTest,
  String,
  StringPrototypeIncludes,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
  Symbol,
  SymbolFor,
  TypeError,
  Uint8Array,
} = primordials;

const {
  op_worky_socket_connect,
  op_worky_socket_read,
  op_worky_socket_write,
  op_worky_socket_shutdown,
  op_worky_socket_close,
  op_worky_socket_start_tls,
} = core.ops;

const streams = core.loadExtScript("ext:deno_web/06_streams.js");
const urls = core.loadExtScript("ext:deno_web/00_url.js");
const { ReadableStream, WritableStream, writableStreamClose } = streams;

const ILLEGAL = Symbol("socket");
// workerd's words for a connection that could not be made; worky adds why.
const CONNECT_FAILED = "proxy request failed, cannot connect to the specified address";
const BAD_HOST = "Specified address is empty string, contains unsupported characters or is too long.";
const SECURE_TRANSPORTS = ["off", "on", "starttls"];

/** A host name or address literal a connection may name (empty: fails on connecting, as on workerd). */
function checkHost(host) {
  if (host.length > 255 || !RegExpPrototypeTest(/^[A-Za-z0-9._\-:[\]]*$/, host)) throw new TypeError(BAD_HOST);
  return host;
}

/** A port given as a number (WebIDL's unsigned short, enforcing its range). */
function portOf(value) {
  const port = Number(value);
  if (!NumberIsInteger(port)) throw new TypeError("The value cannot be converted because it is not an integer.");
  if (port > 65535) throw new TypeError("Value out of range. Must be less than or equal to 65535.");
  if (port < 0) throw new TypeError("Value out of range. Must be greater than or equal to 0.");
  return port;
}

/** [host, port] of `connect()`'s address: "host:port" or { hostname, port }. */
function addressOf(address) {
  if (address !== null && typeof address === "object") {
    const port = portOf(address.port);
    const hostname = address.hostname === undefined ? "" : String(address.hostname);
    return [checkHost(hostname), port];
  }
  const text = String(address);
  const colon = StringPrototypeLastIndexOf(text, ":");
  if (colon === -1 || StringPrototypeIncludes(text, "/")) throw new TypeError("Specified address is missing port.");
  const portText = StringPrototypeSlice(text, colon + 1);
  const port = Number(portText);
  if (!RegExpPrototypeTest(/^[0-9]+$/, portText) || port > 65535) {
    throw new TypeError("Specified address could not be parsed.");
  }
  return [checkHost(StringPrototypeSlice(text, 0, colon)), port];
}

/** What a write may carry: bytes, or text as UTF-8. */
function bytesOf(chunk) {
  if (typeof chunk === "string") return core.encode(chunk);
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, chunk)) return new Uint8Array(chunk);
  if (ArrayBufferIsView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("A socket's writable takes strings, ArrayBuffers and ArrayBufferViews.");
}

function handled(promise) {
  PromisePrototypeCatch(promise, () => {});
  return promise;
}

class Socket {
  #host;
  #port;
  #secureTransport;
  #allowHalfOpen;
  /** The op's socket id once connected; null before, and after close or startTls. */
  #id = null;
  /** Rejects with the connection's failure. */
  #connected;
  /** Why the connection failed (workerd's words and the reason), once it has. */
  #failure = null;
  #opened;
  #closed;
  #settleClosed;
  #readable;
  #readController;
  #writable;
  #writeController;
  #closing = false;
  #upgraded = false;
  #startedTls = false;

  constructor(token, host, port, secureTransport, allowHalfOpen, connecting) {
    if (token !== ILLEGAL) throw new TypeError("Illegal constructor");
    this.#host = host;
    this.#port = port;
    this.#secureTransport = secureTransport;
    this.#allowHalfOpen = allowHalfOpen;
    this.#closed = handled(
      new Promise((resolve, reject) => {
        this.#settleClosed = { resolve, reject };
      }),
    );
    this.#connected = handled(PromisePrototypeThen(connecting, (pair) => {
      if (this.#closing) op_worky_socket_close(pair[0]);
      else this.#id = pair[0];
      return pair;
    }, (error) => {
      const message = `${CONNECT_FAILED} (${error.message})`;
      this.#failure = message;
      this.#settleClosed.reject(new Error(message));
      throw new Error(message);
    }));
    this.#opened = handled(PromisePrototypeThen(this.#connected, (pair) => ObjectFreeze({ remoteAddress: pair[1] })));
    this.#readable = this.#makeReadable();
    this.#writable = this.#makeWritable();
  }

  /** The socket id for an op, once connected; throws if the socket is gone. */
  async #socketId(failure) {
    try {
      await this.#connected;
    } catch {
      throw new Error(failure ?? `jsg.Error: ${this.#failure}`);
    }
    if (this.#id === null) throw new TypeError("This socket has been closed.");
    return this.#id;
  }

  #makeReadable() {
    return new ReadableStream({
      type: "bytes",
      start: (controller) => {
        this.#readController = controller;
      },
      pull: async (controller) => {
        const id = await this.#socketId("Stream was cancelled.");
        const chunk = await op_worky_socket_read(id);
        if (this.#closing) return;
        if (chunk !== null) {
          controller.enqueue(chunk);
          return;
        }
        controller.close();
        // A BYOB read waiting when the stream ends is answered with done.
        controller.byobRequest?.respond(0);
        this.#readEnded();
      },
      cancel: () => {
        if (!this.#allowHalfOpen) this.close();
      },
    }, { highWaterMark: 0 });
  }

  #makeWritable() {
    return new WritableStream({
      start: (controller) => {
        this.#writeController = controller;
      },
      write: async (chunk) => {
        const bytes = bytesOf(chunk);
        await op_worky_socket_write(await this.#socketId(), bytes);
      },
      close: async () => {
        // Closed with the socket (the peer finished, without allowHalfOpen): nothing to send.
        if (this.#closing) return;
        await op_worky_socket_shutdown(await this.#socketId());
      },
      abort: () => {
        this.close();
      },
    });
  }

  /** The peer has finished sending: without allowHalfOpen, so is this side (as on workerd). */
  #readEnded() {
    if (this.#allowHalfOpen || this.#closing) return;
    this.#closing = true;
    try {
      writableStreamClose(this.#writable);
    } catch {
      // Already closing or errored.
    }
    this.#finish();
  }

  #finish() {
    this.#closing = true;
    if (this.#id !== null) op_worky_socket_close(this.#id);
    this.#id = null;
    this.#settleClosed.resolve(undefined);
  }

  get readable() {
    return this.#readable;
  }
  get writable() {
    return this.#writable;
  }
  get opened() {
    return this.#opened;
  }
  get closed() {
    return this.#closed;
  }
  get upgraded() {
    return this.#upgraded;
  }
  get secureTransport() {
    return this.#secureTransport;
  }

  close() {
    if (this.#closing) return PromiseResolve(undefined);
    // A reader or writer the worker holds sees the end; one taken afterwards is
    // refused (workerd's words for each).
    try {
      if (this.#readable.locked) this.#readController.close();
      else this.#readController.error(new TypeError("This ReadableStream belongs to an object that is closing."));
    } catch {
      // Already closed or errored.
    }
    const writeRefusal = this.#writable.locked
      ? "This socket has been closed."
      : "This WritableStream belongs to an object that is closing.";
    this.#writeController.error(new TypeError(writeRefusal));
    this.#finish();
    return PromiseResolve(undefined);
  }

  startTls() {
    if (this.#secureTransport === "on") throw new TypeError("Cannot startTls on a TLS socket.");
    if (this.#secureTransport !== "starttls") {
      throw new TypeError("The `secureTransport` socket option must be set to 'starttls' for startTls to be used.");
    }
    if (this.#startedTls) {
      throw new TypeError(
        "startTls has already been called on this socket, or the socket was transferred over RPC.",
      );
    }
    this.#startedTls = true;
    const upgrading = (async () => {
      const id = await this.#socketId();
      this.#id = null;
      try {
        const upgraded = await op_worky_socket_start_tls(id, this.#host);
        const pair = await this.#opened;
        return [upgraded, pair.remoteAddress];
      } finally {
        this.#retire();
      }
    })();
    return new Socket(ILLEGAL, this.#host, this.#port, "on", this.#allowHalfOpen, upgrading);
  }

  /** After startTls: this plain socket's streams belong to the TLS one now. */
  #retire() {
    this.#upgraded = true;
    if (!this.#readable.locked) this.#readable.getReader();
    if (!this.#writable.locked) this.#writable.getWriter();
    this.#closing = true;
    this.#settleClosed.resolve(undefined);
  }
}

/** `connect(address, options)` of `cloudflare:sockets`. */
function connect(address, options) {
  if (runtime.socketsRefused()) throw new Error(runtime.NO_INTERNET);
  const [host, port] = addressOf(address);
  const secureTransport = options?.secureTransport === undefined ? "off" : String(options.secureTransport);
  if (!ArrayPrototypeIncludes(SECURE_TRANSPORTS, secureTransport)) {
    throw new TypeError(`Unsupported value in secureTransport socket option: ${secureTransport}`);
  }
  const allowHalfOpen = !!options?.allowHalfOpen;
  const connecting = op_worky_socket_connect(host, port, secureTransport === "on");
  return new Socket(ILLEGAL, host, port, secureTransport, allowHalfOpen, connecting);
}

/**
 * A Hyperdrive binding (`[[hyperdrive]]`): its database's connection details,
 * own properties as on workerd, and `connect()`, a socket to it. worky has no
 * pool in between: these are the database's own (workerd's local ones name a
 * proxy), so a driver given `connectionString` reaches the database directly.
 */
class Hyperdrive {
  constructor(name, connectionString) {
    if (connectionString === null) {
      const missing = () => {
        throw new Error(
          `env.${name} has no connection string: worky serve takes a Hyperdrive binding's from the ` +
            `deployment's secret named ${name} (worky secret put ${name} --deployment NAME)`,
        );
      };
      for (const key of ["connectionString", "database", "host", "password", "port", "user"]) {
        ObjectDefineProperty(this, key, { get: missing, enumerable: true });
      }
      return;
    }
    const url = new urls.URL(connectionString);
    this.connectionString = connectionString;
    this.host = url.hostname;
    this.port = url.port === "" ? (url.protocol === "mysql:" ? 3306 : 5432) : Number(url.port);
    this.user = decodeURIComponent(url.username);
    this.password = decodeURIComponent(url.password);
    this.database = decodeURIComponent(StringPrototypeSlice(url.pathname, 1));
  }

  connect() {
    return connect({ hostname: this.host, port: this.port });
  }
}

// Taken by the `cloudflare:sockets` module (src/runtime/loader.rs).
return { [SymbolFor("worky.cloudflare:sockets")]: ObjectFreeze({ connect }), Hyperdrive };
})
