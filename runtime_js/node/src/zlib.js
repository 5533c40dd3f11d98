// node:zlib: Node.js's API over flate2 and brotli (src/runtime/ops/node.rs).
// The sync and callback functions compress a whole buffer in one call; the
// stream classes gather what is written and compress it at the end, so their
// output comes in one chunk when the input ends. zlib's constants are unenv's
// copy of Node.js's table.
const { Buffer } = require("node:buffer");
const { Transform } = require("node:stream");
const constants = require("unenv/node/internal/zlib/constants");
const host = require("worky:host");
const later = require("./callback.js");

function input(data) {
  if (typeof data === "string") return Buffer.from(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const received = data === null ? "null" : data === undefined ? "undefined" : `type ${typeof data}`;
  const error = new TypeError(
    `The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer. Received ${received}`,
  );
  error.code = "ERR_INVALID_ARG_TYPE";
  throw error;
}

function levelOf(format, options) {
  if (format === "brotli") {
    const quality = options?.params?.[constants.BROTLI_PARAM_QUALITY];
    return quality === undefined ? -1 : quality;
  }
  if (format === "zstd") {
    // ZSTD_c_compressionLevel
    const level = options?.params?.[100];
    return level === undefined ? -1 : level;
  }
  const level = options?.level;
  return level === undefined || level === constants.Z_DEFAULT_COMPRESSION ? -1 : level;
}

function run(format, compress, data, options) {
  const out = host.ops.zlib(format, compress, input(data), levelOf(format, options));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

class Zlib extends Transform {
  #format;
  #compress;
  #options;
  #chunks = [];

  constructor(format, compress, options) {
    super(options);
    this.#format = format;
    this.#compress = compress;
    this.#options = options;
  }

  _transform(chunk, encoding, callback) {
    this.#chunks.push(Buffer.from(input(typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk)));
    callback();
  }

  _flush(callback) {
    try {
      this.push(run(this.#format, this.#compress, Buffer.concat(this.#chunks), this.#options));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  close(callback) {
    if (callback) process.nextTick(callback);
    this.destroy();
  }
}

const exported = { constants, crc32 };
// Node.js also has each constant at the top level.
for (const [key, value] of Object.entries(constants)) exported[key] = value;

const KINDS = [
  ["Gzip", "gzip", true, "gzip"],
  ["Gunzip", "gzip", false, "gunzip"],
  ["Deflate", "deflate", true, "deflate"],
  ["Inflate", "deflate", false, "inflate"],
  ["DeflateRaw", "deflate-raw", true, "deflateRaw"],
  ["InflateRaw", "deflate-raw", false, "inflateRaw"],
  ["Unzip", "unzip", false, "unzip"],
  ["BrotliCompress", "brotli", true, "brotliCompress"],
  ["BrotliDecompress", "brotli", false, "brotliDecompress"],
  ["ZstdCompress", "zstd", true, "zstdCompress"],
  ["ZstdDecompress", "zstd", false, "zstdDecompress"],
];
for (const [name, format, compress, fn] of KINDS) {
  const Class = {
    [name]: class extends Zlib {
      constructor(options) {
        super(format, compress, options);
      }
    },
  }[name];
  exported[name] = Class;
  exported[`create${name}`] = (options) => new Class(options);
  exported[`${fn}Sync`] = (data, options) => run(format, compress, data, options);
  exported[fn] = (data, options, callback) => {
    if (typeof options === "function") [options, callback] = [undefined, options];
    later(callback, () => run(format, compress, data, options));
  };
}

// CRC-32 (IEEE), as zlib.crc32 computes it.
let table;
function crc32(data, value = 0) {
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  const bytes = input(data);
  let crc = ~value;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

module.exports = exported;
