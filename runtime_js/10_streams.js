// worky's JS glue, part 10: Workers' own stream and crypto extras, on the Web
// streams and Web Crypto the runtime has: IdentityTransformStream,
// FixedLengthStream (whose readable gives a response its content-length),
// crypto.DigestStream, crypto.subtle.timingSafeEqual and MD5 in
// crypto.subtle.digest (which Workers allows). Their readables, and
// CompressionStream's and DecompressionStream's, are byte streams, as on
// workerd (a BYOB reader works on them: tests/workerd/byte_streams.js). Behaviour next to workerd's:
// tests/workerd/platform_streams.js.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayBufferPrototypeSlice,
  FunctionPrototypeCall,
  ObjectGetOwnPropertyDescriptor,
  MathCeil,
  Number,
  NumberIsSafeInteger,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  Promise,
  PromisePrototypeThen,
  PromiseReject,
  PromiseResolve,
  String,
  StringPrototypeToUpperCase,
  Symbol,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  Uint8Array,
} = primordials;

const { op_worky_node_hash } = core.ops;

function load(specifier) {
  return core.loadExtScript(specifier);
}

const streams = load("ext:deno_web/06_streams.js");
const crypto = load("ext:deno_crypto/00_crypto.js");
const domException = load("ext:deno_web/01_dom_exception.js");

/** A chunk as bytes: strings as UTF-8, buffers and views as they are. */
function bytesOf(chunk) {
  if (typeof chunk === "string") return core.encode(chunk);
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, chunk)) return new Uint8Array(chunk);
  if (ArrayBufferIsView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(
    "This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side.",
  );
}

/**
 * Makes `proto`'s `readable` (got by `getter`) a byte stream, the same one
 * each time (28_byte_streams.js, evaluated on first use: `byteStreams`).
 */
function readableAsBytes(proto, getter, byteStreams) {
  ObjectDefineProperty(proto, "readable", {
    configurable: true,
    enumerable: true,
    get() {
      return byteStreams().byteReadable(this, getter);
    },
  });
}

/** A TransformStream that passes bytes through unchanged. */
class IdentityTransformStream extends streams.TransformStream {
  constructor() {
    super({
      transform(chunk, controller) {
        controller.enqueue(bytesOf(chunk));
      },
    });
  }
}

// The length a FixedLengthStream's readable will carry, for sendResponse (03_http.js).
const kExpectedLength = Symbol("expectedLength");

/** What a response body promises to carry, if it is a FixedLengthStream's readable. */
export function expectedLengthOf(stream) {
  return stream?.[kExpectedLength];
}

/** An IdentityTransformStream that carries exactly `expectedLength` bytes. */
class FixedLengthStream extends streams.TransformStream {
  constructor(expectedLength) {
    const length = Number(expectedLength);
    if (length < 0) {
      throw new TypeError(
        "The value cannot be converted because it is negative and this API expects a positive bigint.",
      );
    }
    if (!NumberIsSafeInteger(length)) throw new TypeError("FixedLengthStream requires an integer expected length.");
    let seen = 0;
    super({
      transform(chunk, controller) {
        const bytes = bytesOf(chunk);
        seen += TypedArrayPrototypeGetByteLength(bytes);
        if (seen > length) throw new TypeError("Attempt to write too many bytes through a FixedLengthStream.");
        controller.enqueue(bytes);
      },
      // Too few bytes fail the reader (the response), not the writer's close, as on Workers.
      flush(controller) {
        if (seen < length) {
          controller.error(new TypeError("FixedLengthStream did not see all expected bytes before close()."));
        }
      },
    });
    ObjectDefineProperty(this.readable, kExpectedLength, { value: length });
  }
}

/** Workers' digest names (and MD5) as node:crypto's op names them; undefined if none. */
function hashName(algorithm) {
  const name = StringPrototypeToUpperCase(String(typeof algorithm === "object" ? algorithm?.name : algorithm));
  switch (name) {
    case "MD5":
      return "md5";
    case "SHA-1":
      return "sha1";
    case "SHA-256":
      return "sha256";
    case "SHA-384":
      return "sha384";
    case "SHA-512":
      return "sha512";
    default:
      return undefined;
  }
}

function unsupportedDigest() {
  return new domException.DOMException(
    "Unrecognized or unimplemented digest algorithm requested.",
    "NotSupportedError",
  );
}

function arrayBufferOf(bytes) {
  return ArrayBufferPrototypeSlice(
    TypedArrayPrototypeGetBuffer(bytes),
    TypedArrayPrototypeGetByteOffset(bytes),
    TypedArrayPrototypeGetByteOffset(bytes) + TypedArrayPrototypeGetByteLength(bytes),
  );
}

/** A WritableStream whose `digest` is the hash of what was written, once it closes. */
class DigestStream extends streams.WritableStream {
  constructor(algorithm) {
    const name = hashName(algorithm);
    if (name === undefined) throw unsupportedDigest();
    const chunks = [];
    let settle;
    let fail;
    const digest = new Promise((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    super({
      write(chunk) {
        // Copied: the writer may reuse its buffer.
        chunks.push(new Uint8Array(bytesOf(chunk)));
      },
      close() {
        settle(arrayBufferOf(op_worky_node_hash(name, chunks)));
      },
      abort(reason) {
        fail(reason);
      },
    });
    // Unobserved when the stream is aborted and nobody asked for the digest.
    PromisePrototypeThen(digest, undefined, () => {});
    ObjectDefineProperty(this, "digest", { value: digest, enumerable: true });
  }
}

/** Whether two buffers hold the same bytes, in time that does not depend on where they differ. */
function timingSafeEqual(a, b) {
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (TypedArrayPrototypeGetByteLength(x) !== TypedArrayPrototypeGetByteLength(y)) {
    throw new TypeError("Input buffers must have the same byte length.");
  }
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= x[i] ^ y[i];
  return difference === 0;
}

const SubtlePrototype = crypto.SubtleCrypto.prototype;
const webDigest = SubtlePrototype.digest;

/** crypto.subtle.digest, with MD5 as Workers has it. */
function digest(algorithm, data) {
  if (hashName(algorithm) !== "md5") return FunctionPrototypeCall(webDigest, this, algorithm, data);
  try {
    return PromiseResolve(arrayBufferOf(op_worky_node_hash("md5", [new Uint8Array(bytesOf(data))])));
  } catch (error) {
    return PromiseReject(error);
  }
}

/**
 * Workers' `ReadableStreamBYOBReader#readAtLeast(minBytes, view)`: fills `view`
 * with at least `minBytes` bytes, or what is left when the stream ends first:
 * the standard's `read(view, { min })`, counted in bytes, with workerd's errors.
 * What is left comes with `done` false, as workerd gives it (the standard says
 * true), and the next read says `done`.
 */
function readAtLeast(minBytes, view) {
  if (!ArrayBufferIsView(view)) {
    return PromiseReject(
      new TypeError("Failed to execute 'readAtLeast' on 'ReadableStreamBYOBReader': parameter 2 is not of type 'ArrayBufferView'."),
    );
  }
  const min = Number(minBytes);
  const size = view.byteLength;
  if (!(min > 0)) return PromiseReject(new TypeError(`Requested invalid minimum number of bytes to read (${min}).`));
  if (min > size) return PromiseReject(new TypeError(`Minimum bytes to read (${min}) exceeds size of buffer (${size}).`));
  const elementSize = view.BYTES_PER_ELEMENT ?? 1;
  return PromisePrototypeThen(FunctionPrototypeCall(readBYOB, this, view, { min: MathCeil(min / elementSize) }), (read) =>
    read.done && read.value !== undefined && read.value.byteLength > 0 ? { value: read.value, done: false } : read
  );
}
const readBYOB = streams.ReadableStreamBYOBReader.prototype.read;

/** Installs the globals and members above; run once, into the snapshot. */
export function installStreamExtras(defineGlobal, byteStreams) {
  const method = (value) => ({ value, writable: true, configurable: true, enumerable: false });
  defineGlobal("IdentityTransformStream", IdentityTransformStream);
  defineGlobal("FixedLengthStream", FixedLengthStream);
  ObjectDefineProperty(crypto.Crypto.prototype, "DigestStream", method(DigestStream));
  ObjectDefineProperty(SubtlePrototype, "digest", method(digest));
  ObjectDefineProperty(SubtlePrototype, "timingSafeEqual", method(timingSafeEqual));
  ObjectDefineProperty(streams.ReadableStreamBYOBReader.prototype, "readAtLeast", core.propWritable(readAtLeast));
  const transformReadable = ObjectGetOwnPropertyDescriptor(streams.TransformStream.prototype, "readable").get;
  readableAsBytes(IdentityTransformStream.prototype, transformReadable, byteStreams);
  readableAsBytes(FixedLengthStream.prototype, transformReadable, byteStreams);
  for (const Stream of [globalThis.CompressionStream, globalThis.DecompressionStream]) {
    readableAsBytes(Stream.prototype, ObjectGetOwnPropertyDescriptor(Stream.prototype, "readable").get, byteStreams);
  }
}
