// node:buffer: unenv's Buffer (feross's buffer, the one browserify ships), with
// what it lacks of Node.js's (the base64url encoding, isUtf8 and isAscii), and
// the runtime's native UTF-8 and base64 (deno_web's ops for Node.js's Buffer)
// where feross's loops in JS would cost an interpreter most.
const buffer = require("unenv/node/buffer");
const host = require("worky:host");

const { Buffer } = buffer;
const isBase64url = (encoding) => typeof encoding === "string" && encoding.toLowerCase() === "base64url";
const toBase64 = (text) => text.replace(/-/g, "+").replace(/_/g, "/");
const toBase64url = (text) => text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const { from, byteLength, isEncoding } = Buffer;
const { toString, write } = Buffer.prototype;
const wrap = (bytes) => from.call(Buffer, bytes.buffer, bytes.byteOffset, bytes.byteLength);
const isUtf8Name = (encoding) =>
  encoding === undefined || encoding === "utf8" || encoding === "utf-8" || /^utf-?8$/i.test(encoding);

Buffer.from = function (value, encodingOrOffset, length) {
  if (typeof value === "string") {
    if (isUtf8Name(encodingOrOffset)) return wrap(host.ops.utf8Encode(value));
    if (isBase64url(encodingOrOffset)) return from.call(this, toBase64(value), "base64");
  }
  return from.call(this, value, encodingOrOffset, length);
};
Buffer.byteLength = function (value, encoding) {
  return byteLength.call(this, isBase64url(encoding) ? toBase64(value) : value, isBase64url(encoding) ? "base64" : encoding);
};
Buffer.isEncoding = (encoding) => isBase64url(encoding) || isEncoding(encoding);
Buffer.prototype.toString = function (encoding, start, end) {
  if (encoding === "base64" || encoding === "base64url" || isBase64url(encoding) || encoding === "BASE64") {
    const from = Math.max(0, Math.min(start === undefined ? 0 : start >>> 0, this.length));
    const to = Math.max(from, Math.min(end === undefined ? this.length : end >>> 0, this.length));
    const encode = isBase64url(encoding) ? host.ops.base64urlEncode : host.ops.base64Encode;
    return encode(this, from, to - from);
  }
  return toString.apply(this, arguments);
};
Buffer.prototype.write = function (text, offset, length, encoding) {
  for (const [at, value] of [[1, offset], [2, length], [3, encoding]]) {
    if (isBase64url(value)) {
      const args = [toBase64(text), offset, length, encoding];
      args[at] = "base64";
      return write.apply(this, args);
    }
  }
  return write.apply(this, arguments);
};

function view(input) {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const error = new TypeError('The "input" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  error.code = "ERR_INVALID_ARG_TYPE";
  throw error;
}

function isUtf8(input) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(view(input));
    return true;
  } catch (error) {
    if (error.code === "ERR_INVALID_ARG_TYPE") throw error;
    return false;
  }
}

const isAscii = (input) => view(input).every((byte) => byte < 0x80);

module.exports = { ...buffer, default: undefined, Buffer, isAscii, isUtf8, atob: (data) => globalThis.atob(data), btoa: (data) => globalThis.btoa(data) };
delete module.exports.default;
