// worky's JS glue, part 20: R2, `env.BUCKET` (src/runtime/r2.rs, the ops in
// src/runtime/ops/r2.rs): R2Bucket, HeadResult and GetResult, with the checks,
// answers and error texts of Cloudflare's R2 (recorded with miniflare in
// tests/workerd/r2.js).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has an R2 binding (04_serve.js `lazyModule`), not
// restored into every isolate: a function of what it needs, not a module.

(function (core, primordials) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayIsArray,
  ArrayPrototypeMap,
  Date,
  DateNow,
  DatePrototypeGetTime,
  Error,
  JSONParse,
  JSONStringify,
  MathMin,
  MathTrunc,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  RangeError,
  String,
  StringPrototypeStartsWith,
  TypeError,
  Uint8Array,
} = primordials;

const {
  op_worky_r2_put,
  op_worky_r2_get,
  op_worky_r2_head,
  op_worky_r2_delete,
  op_worky_r2_list,
  op_worky_r2_create_upload,
  op_worky_r2_upload_part,
  op_worky_r2_complete_upload,
  op_worky_r2_abort_upload,
} = core.ops;
const { Headers } = core.loadExtScript("ext:deno_fetch/20_headers.js");
const HeadersPrototype = Headers.prototype;
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { ReadableStream } = core.loadExtScript("ext:deno_web/06_streams.js");
const { Blob, BlobPrototype } = core.loadExtScript("ext:deno_web/09_file.js");
const { ReadableStreamPrototype } = core.loadExtScript("ext:deno_web/06_streams.js");

const MAX_KEY_BYTES = 1024;
const HTTP_FIELDS = ["contentType", "contentLanguage", "contentDisposition", "contentEncoding", "cacheControl", "cacheExpiry"];
const HEADER_OF = {
  contentType: "content-type",
  contentLanguage: "content-language",
  contentDisposition: "content-disposition",
  contentEncoding: "content-encoding",
  cacheControl: "cache-control",
};

function notOfType(method, index, type) {
  return new TypeError(`Failed to execute '${method}' on 'R2Bucket': parameter ${index} is not of type '${type}'.`);
}

/** A key as R2 takes it: any value as a string, at most 1024 UTF-8 bytes. */
function keyOf(op, key) {
  const text = String(key);
  if (new TextEncoder().encode(text).length > MAX_KEY_BYTES) {
    throw new Error(`${op}: The specified object name is not valid. (10020)`);
  }
  return text;
}

function optionsOf(options, method, index, type) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw notOfType(method, index, type);
  return options;
}

/** httpMetadata as stored (cacheExpiry in ms), from an object or a Headers. */
function httpMetadataOf(value) {
  const out = {};
  if (value === undefined || value === null) return out;
  if (ObjectPrototypeIsPrototypeOf(HeadersPrototype, value)) {
    for (const field of HTTP_FIELDS) {
      if (field === "cacheExpiry") {
        const expires = value.get("expires");
        if (expires !== null) out.cacheExpiry = DatePrototypeGetTime(new Date(expires));
      } else {
        const header = value.get(HEADER_OF[field]);
        if (header !== null) out[field] = header;
      }
    }
    return out;
  }
  for (const field of HTTP_FIELDS) {
    const given = value[field];
    if (given === undefined) continue;
    if (field === "cacheExpiry") {
      if (!(given instanceof Date)) {
        throw new TypeError(
          "Incorrect type for the 'cacheExpiry' field on 'HttpMetadata': the provided value is not of type 'date'.",
        );
      }
      out.cacheExpiry = DatePrototypeGetTime(given);
    } else {
      out[field] = String(given);
    }
  }
  return out;
}

function httpMetadataOut(stored) {
  const out = {};
  for (const field of HTTP_FIELDS) {
    if (stored[field] === undefined) continue;
    out[field] = field === "cacheExpiry" ? new Date(stored[field]) : stored[field];
  }
  return out;
}

/** onlyIf as the store takes it (etags unquoted; dates in ms), from an object or a Headers. */
function conditionOf(onlyIf) {
  if (onlyIf === undefined || onlyIf === null) return null;
  const out = {};
  const etag = (field, value) => {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") {
      throw new TypeError(
        `Incorrect type for the '${field}' field on 'Conditional': the provided value is not of type 'string'.`,
      );
    }
    if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') {
      throw new TypeError(`Conditional ETag should not be wrapped in quotes (${value}).`);
    }
    out[field] = value;
  };
  const date = (field, value) => {
    if (value === undefined || value === null) return;
    out[field] = DatePrototypeGetTime(value instanceof Date ? value : new Date(value));
  };
  if (ObjectPrototypeIsPrototypeOf(HeadersPrototype, onlyIf)) {
    const unquote = (value) => (value === null ? undefined : value.replace(/^W\//, "").replace(/^"(.*)"$/, "$1"));
    etag("etagMatches", unquote(onlyIf.get("if-match")));
    etag("etagDoesNotMatch", unquote(onlyIf.get("if-none-match")));
    date("uploadedAfter", onlyIf.get("if-modified-since") ?? undefined);
    date("uploadedBefore", onlyIf.get("if-unmodified-since") ?? undefined);
  } else {
    etag("etagMatches", onlyIf.etagMatches);
    etag("etagDoesNotMatch", onlyIf.etagDoesNotMatch);
    date("uploadedBefore", onlyIf.uploadedBefore);
    date("uploadedAfter", onlyIf.uploadedAfter);
  }
  return JSONStringify(out);
}

function hexBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes.buffer;
}

function hexOf(value) {
  if (typeof value === "string") return value.toLowerCase();
  const bytes = ArrayBufferIsView(value)
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : new Uint8Array(value);
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(16).padStart(2, "0");
  return hex;
}

const HASHES = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

class Checksums {
  constructor(stored) {
    for (const name in HASHES) this[name] = stored[name] === undefined ? undefined : hexBytes(stored[name]);
    ObjectDefineProperty(this, "stored", { value: stored, enumerable: false });
  }

  toJSON() {
    const out = {};
    for (const name in HASHES) if (this.stored[name] !== undefined) out[name] = this.stored[name];
    return out;
  }
}

class HeadResult {
  constructor(meta, range) {
    const stored = JSONParse(meta.checksums);
    this.checksums = new Checksums(stored);
    this.customMetadata = JSONParse(meta.custom);
    this.etag = meta.etag;
    this.httpEtag = `"${meta.etag}"`;
    this.httpMetadata = httpMetadataOut(JSONParse(meta.http));
    this.key = meta.key;
    this.range = range;
    this.size = meta.size;
    this.ssecKeyMd5 = undefined;
    this.storageClass = "";
    this.uploaded = new Date(meta.uploaded);
    this.version = meta.version;
  }

  writeHttpMetadata(headers) {
    if (!ObjectPrototypeIsPrototypeOf(HeadersPrototype, headers)) {
      throw new TypeError(
        "Failed to execute 'writeHttpMetadata' on 'HeadResult': parameter 1 is not of type 'Headers'.",
      );
    }
    const metadata = this.httpMetadata;
    for (const field in HEADER_OF) if (metadata[field] !== undefined) headers.set(HEADER_OF[field], metadata[field]);
    if (metadata.cacheExpiry !== undefined) headers.set("expires", metadata.cacheExpiry.toUTCString());
  }
}

const USED = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.";

class GetResult extends HeadResult {
  #bytes;
  #used = false;
  #stream = null;

  constructor(meta, range, bytes) {
    super(meta, range);
    this.#bytes = bytes;
  }

  /** A byte stream of the object; reading it uses the body up. */
  get body() {
    if (this.#stream === null) {
      this.#stream = new ReadableStream({
        type: "bytes",
        pull: (controller) => {
          this.#used = true;
          if (this.#bytes.byteLength > 0) controller.enqueue(this.#bytes);
          controller.close();
          controller.byobRequest?.respond(0);
        },
      });
    }
    return this.#stream;
  }

  get bodyUsed() {
    return this.#used;
  }

  #take() {
    if (this.#used) throw new TypeError(USED);
    this.#used = true;
    return this.#bytes;
  }

  async arrayBuffer() {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  async bytes() {
    return new Uint8Array(this.#take());
  }

  async text() {
    return new TextDecoder().decode(this.#take());
  }

  async json() {
    return JSONParse(await this.text());
  }

  async blob() {
    return new Blob([this.#take()], { type: this.httpMetadata.contentType ?? "" });
  }
}

/** The bytes of what put() (or uploadPart(), `method` of `owner`) was given. */
async function bytesOf(value, method = "put", owner = "R2Bucket") {
  if (value === null || value === undefined) return new Uint8Array(0);
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, value)) return new Uint8Array(value);
  if (ArrayBufferIsView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (ObjectPrototypeIsPrototypeOf(BlobPrototype, value)) return new Uint8Array(await value.arrayBuffer());
  if (ObjectPrototypeIsPrototypeOf(ReadableStreamPrototype, value)) {
    return new Uint8Array(await new Response(value).arrayBuffer());
  }
  throw new TypeError(
    `Failed to execute '${method}' on '${owner}': parameter 2 is not of type ` +
      "'ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'.",
  );
}

/** { offset, length } within `size` for a range option, or null for the whole object. */
function rangeOf(range, size) {
  if (range === undefined || range === null) return null;
  let offset;
  let length;
  let suffix;
  if (ObjectPrototypeIsPrototypeOf(HeadersPrototype, range)) {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.get("range") ?? "");
    if (match === null || (match[1] === "" && match[2] === "")) return null;
    if (match[1] === "") suffix = Number(match[2]);
    else {
      offset = Number(match[1]);
      if (match[2] !== "") length = Number(match[2]) - offset + 1;
      if (offset >= size || (length !== undefined && length <= 0)) return null;
    }
  } else {
    ({ offset, length, suffix } = range);
    if (offset !== undefined && suffix !== undefined) throw new TypeError("Suffix is incompatible with offset.");
    if (offset !== undefined && offset < 0) {
      throw new RangeError(`Invalid range. Starting offset (${offset}) must be greater than or equal to 0.`);
    }
  }
  const unsatisfiable = () => new Error("get: The requested range is not satisfiable (10039)");
  if (suffix !== undefined) {
    if (suffix <= 0) throw unsatisfiable();
    const take = MathMin(suffix, size);
    return { offset: size - take, length: take };
  }
  const start = offset ?? 0;
  if (start >= size || length === 0) throw unsatisfiable();
  return { offset: start, length: MathMin(length ?? size - start, size - start) };
}

const bindings = new WeakMap();

/** Custom metadata as stored: every value a string. */
function customMetadataOf(given) {
  const custom = {};
  for (const name in given ?? {}) custom[name] = String(given[name]);
  return JSONStringify(custom);
}

/** A multipart upload (`createMultipartUpload`, `resumeMultipartUpload`): its parts, then `complete` or `abort`. */
class R2MultipartUpload {
  #binding;

  constructor(binding, key, uploadId) {
    this.#binding = binding;
    ObjectDefineProperty(this, "key", { value: key, enumerable: true });
    ObjectDefineProperty(this, "uploadId", { value: uploadId, enumerable: true });
  }

  async uploadPart(partNumber, value, _options) {
    const number = MathTrunc(+partNumber) || 0;
    if (number < 1 || number > 10000) {
      throw new TypeError(`Part number must be between 1 and 10000 (inclusive). Actual value was: ${number}`);
    }
    const bytes = await bytesOf(value, "uploadPart", "R2MultipartUpload");
    const etag = await op_worky_r2_upload_part(this.#binding, this.key, this.uploadId, number, bytes);
    return { partNumber: number, etag };
  }

  async abort() {
    await op_worky_r2_abort_upload(this.#binding, this.key, this.uploadId);
  }

  async complete(uploadedParts) {
    const parts = ArrayPrototypeMap(uploadedParts, (part) => [part.partNumber, String(part.etag)]);
    const meta = await op_worky_r2_complete_upload(this.#binding, this.key, this.uploadId, parts);
    return new HeadResult(meta, undefined);
  }
}

class R2Bucket {
  constructor(binding) {
    bindings.set(this, binding);
  }

  async head(key) {
    const meta = await op_worky_r2_head(bindings.get(this), keyOf("head", key));
    return meta === null ? null : new HeadResult(meta, { offset: 0, length: meta.size });
  }

  async get(...args) {
    if (args.length === 0) throw notOfType("get", 1, "string");
    const key = keyOf("get", args[0]);
    const options = optionsOf(args[1], "get", 2, "GetOptions");
    const found = await op_worky_r2_get(bindings.get(this), key, conditionOf(options.onlyIf));
    if (found === null) return null;
    const { 0: meta, 1: bytes } = found;
    const whole = { offset: 0, length: meta.size };
    if (bytes === null) return new HeadResult(meta, whole);
    const range = rangeOf(options.range, meta.size);
    if (range === null) return new GetResult(meta, whole, bytes);
    return new GetResult(meta, range, bytes.subarray(range.offset, range.offset + range.length));
  }

  async put(...args) {
    const key = keyOf("put", args[0]);
    if (args.length < 2) throw notOfType("put", 2, "ReadableStream or ArrayBuffer or ArrayBufferView or string or Blob");
    const options = optionsOf(args[2], "put", 3, "PutOptions");
    const given = [];
    for (const name in HASHES) if (options[name] !== undefined) given.push(name);
    if (given.length > 1) throw new TypeError("You cannot specify multiple hashing algorithms.");
    const checksums = {};
    for (const name of given) {
      const hex = hexOf(options[name]);
      if (hex.length !== HASHES[name] * 2) {
        throw new TypeError(`${name.toUpperCase()} is ${HASHES[name]} bytes, not ${hex.length / 2}`);
      }
      checksums[name] = hex;
    }
    const http = JSONStringify(httpMetadataOf(options.httpMetadata));
    const custom = customMetadataOf(options.customMetadata);
    const condition = conditionOf(options.onlyIf);
    const bytes = await bytesOf(args[1]);
    const meta = await op_worky_r2_put(
      bindings.get(this),
      key,
      bytes,
      http,
      custom,
      JSONStringify(checksums),
      condition,
    );
    return meta === null ? null : new HeadResult(meta, undefined);
  }

  async createMultipartUpload(...args) {
    if (args.length === 0 || args[0] === undefined) throw notOfType("createMultipartUpload", 1, "string");
    const key = keyOf("createMultipartUpload", args[0]);
    const options = optionsOf(args[1], "createMultipartUpload", 2, "MultipartOptions");
    const http = JSONStringify(httpMetadataOf(options.httpMetadata));
    const binding = bindings.get(this);
    const uploadId = await op_worky_r2_create_upload(binding, key, http, customMetadataOf(options.customMetadata));
    return new R2MultipartUpload(binding, key, uploadId);
  }

  resumeMultipartUpload(...args) {
    if (args.length === 0 || args[0] === undefined) throw notOfType("resumeMultipartUpload", 1, "string");
    if (args.length < 2 || args[1] === undefined) throw notOfType("resumeMultipartUpload", 2, "string");
    return new R2MultipartUpload(bindings.get(this), String(args[0]), String(args[1]));
  }

  async delete(keys) {
    if (typeof keys !== "string" && !ArrayIsArray(keys)) {
      if (keys === undefined) throw notOfType("delete", 1, "string or Array");
    }
    const list = ArrayIsArray(keys) ? keys : [keys];
    await op_worky_r2_delete(bindings.get(this), ArrayPrototypeMap(list, (key) => keyOf("delete", key)));
  }

  async list(options = undefined) {
    options = optionsOf(options, "list", 1, "ListOptions");
    const include = options.include ?? [];
    for (const value of include) {
      if (value !== "httpMetadata" && value !== "customMetadata") throw new RangeError(`Unsupported include value ${value}`);
    }
    let limit = options.limit === undefined ? 1000 : MathTrunc(options.limit);
    if (limit < 0) limit = 1000;
    if (limit === 0 || limit > 1000) throw new Error("list: MaxKeys params must be positive integer <= 1000. (10022)");
    if (include.length > 0) limit = MathMin(limit, 100);
    const prefix = options.prefix === undefined ? "" : String(options.prefix);
    let startAfter = options.startAfter === undefined ? "" : String(options.startAfter);
    if (options.cursor !== undefined && options.cursor !== null) {
      try {
        startAfter = new TextDecoder().decode(Uint8Array.from(atob(options.cursor), (c) => c.charCodeAt(0)));
      } catch {
        startAfter = "";
      }
    }
    const delimiter = options.delimiter === undefined ? null : String(options.delimiter);
    const { 0: metas, 1: prefixes, 2: after } = await op_worky_r2_list(
      bindings.get(this),
      prefix,
      startAfter,
      delimiter,
      limit,
    );
    const objects = ArrayPrototypeMap(metas, (meta) => {
      const object = new HeadResult(meta, undefined);
      if (!include.includes("httpMetadata")) object.httpMetadata = {};
      if (!include.includes("customMetadata")) object.customMetadata = {};
      return object;
    });
    const result = { objects, truncated: after !== null, delimitedPrefixes: prefixes };
    if (after !== null) {
      const bytes = new TextEncoder().encode(after);
      let binary = "";
      for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
      result.cursor = btoa(binary);
    }
    return result;
  }
}

return { R2Bucket };
})
