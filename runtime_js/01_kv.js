// The Workers KV binding (`env.NAME`, and the global `KV` for the first
// namespace). Storage and the rules (limits, expiration, ordering, cursors) are
// in Rust (src/kv/); this is the API surface and the value conversions.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayBufferPrototypeSlice,
  ArrayIsArray,
  ArrayPrototypeMap,
  JSONParse,
  JSONStringify,
  MapPrototypeSet,
  ObjectPrototypeIsPrototypeOf,
  Symbol,
  TypeError,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  Uint8Array,
} = primordials;

const {
  op_worky_kv_get,
  op_worky_kv_get_many,
  op_worky_kv_put,
  op_worky_kv_delete,
  op_worky_kv_list,
} = core.ops;

// Bulk gets return a plain `Map`, as on Workers (captured before user code runs).
const { Map } = globalThis;
const TYPES = ["text", "json", "arrayBuffer", "stream"];
const MAX_VALUE_BYTES = 25 * 1024 * 1024;
const constructing = Symbol("KVNamespace");

function responseType(options, bulk) {
  const type = typeof options === "string" ? options : (options?.type ?? "text");
  if (!TYPES.includes(type)) {
    throw new TypeError(
      'Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".',
    );
  }
  if (bulk && type !== "text" && type !== "json") {
    throw new TypeError(`"${type}" is not a valid type. Use "json" or "text" to get multiple keys`);
  }
  return type;
}

function decode(bytes, type) {
  switch (type) {
    case "text":
      return core.decode(bytes);
    case "json":
      return JSONParse(core.decode(bytes));
    case "arrayBuffer":
      return ArrayBufferPrototypeSlice(
        TypedArrayPrototypeGetBuffer(bytes),
        TypedArrayPrototypeGetByteOffset(bytes),
        TypedArrayPrototypeGetByteOffset(bytes) + TypedArrayPrototypeGetByteLength(bytes),
      );
    case "stream":
      return new ReadableStream({
        type: "bytes",
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      });
  }
}

function parseMetadata(json) {
  return json === null || json === undefined ? null : JSONParse(json);
}

async function valueBytes(value) {
  if (typeof value === "string") return core.encode(value);
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, value)) return new Uint8Array(value);
  if (ArrayBufferIsView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof ReadableStream) {
    // Read it whole (KV values are at most 25 MiB); stop early once past the limit
    // so Rust reports the size error without buffering an endless stream.
    const chunks = [];
    let length = 0;
    for await (const chunk of value) {
      const bytes = typeof chunk === "string" ? core.encode(chunk) : new Uint8Array(
        chunk.buffer ?? chunk,
        chunk.byteOffset ?? 0,
        chunk.byteLength,
      );
      chunks.push(bytes);
      length += bytes.byteLength;
      if (length > MAX_VALUE_BYTES) break;
    }
    const all = new Uint8Array(length);
    let offset = 0;
    for (const bytes of chunks) {
      all.set(bytes, offset);
      offset += bytes.byteLength;
    }
    return all;
  }
  throw new TypeError(
    "KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.",
  );
}

// Runs an operation as a child span of its request's (00_globals.js's
// `traced`, given by the serve loop: the parts import only core).
let traced = (_kind, _name, _target, call) => call(null);

export function kvUse(given) {
  traced = given.traced;
}

export class KVNamespace {
  #name;

  constructor(token, name) {
    if (token !== constructing) throw new TypeError("Illegal constructor");
    this.#name = name;
  }

  async get(key, options) {
    if (ArrayIsArray(key)) {
      return this.#getMany(key, options, (entry, type) => decode(entry[0], type));
    }
    const type = responseType(options, false);
    const found = await traced("kv", "get", this.#name, () => op_worky_kv_get(this.#name, String(key)));
    return found === null ? null : decode(found[0], type);
  }

  async getWithMetadata(key, options) {
    if (ArrayIsArray(key)) {
      return this.#getMany(key, options, (entry, type) => ({
        value: decode(entry[0], type),
        metadata: parseMetadata(entry[1]),
      }));
    }
    const type = responseType(options, false);
    const found = await traced("kv", "getWithMetadata", this.#name, () => op_worky_kv_get(this.#name, String(key)));
    if (found === null) return { value: null, metadata: null, cacheStatus: null };
    return { value: decode(found[0], type), metadata: parseMetadata(found[1]), cacheStatus: null };
  }

  /** Bulk get: a Map of key -> `present(entry, type)`, or null where missing. */
  async #getMany(keys, options, present) {
    const type = responseType(options, true);
    const names = ArrayPrototypeMap(keys, String);
    const found = await traced("kv", "get", this.#name, () => op_worky_kv_get_many(this.#name, names));
    const result = new Map();
    for (let i = 0; i < keys.length; i++) {
      MapPrototypeSet(result, keys[i], found[i] === null ? null : present(found[i], type));
    }
    return result;
  }

  async put(key, value, options = {}) {
    key = String(key);
    const bytes = await valueBytes(value);
    const metadata = options?.metadata === undefined ? null : JSONStringify(options.metadata);
    const settings = {
      metadata,
      expiration: options?.expiration ?? null,
      expirationTtl: options?.expirationTtl ?? null,
    };
    await traced("kv", "put", this.#name, () => op_worky_kv_put(this.#name, key, bytes, settings));
  }

  async delete(key) {
    key = String(key);
    await traced("kv", "delete", this.#name, () => op_worky_kv_delete(this.#name, key));
  }

  async list(options = {}) {
    const query = {
      prefix: options?.prefix ?? null,
      limit: options?.limit ?? null,
      cursor: options?.cursor ?? null,
    };
    const page = await traced("kv", "list", this.#name, () => op_worky_kv_list(this.#name, query));
    const keys = ArrayPrototypeMap(page.keys, (key) => {
      const listed = { name: key.name };
      if (key.expiration !== undefined) listed.expiration = key.expiration;
      if (key.metadata !== undefined) listed.metadata = parseMetadata(key.metadata);
      return listed;
    });
    const result = { keys, list_complete: page.list_complete, cacheStatus: null };
    if (!page.list_complete) result.cursor = page.cursor;
    return result;
  }
}

export function newKVNamespace(name) {
  return new KVNamespace(constructing, name);
}
