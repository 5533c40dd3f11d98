// worky's JS glue, part 12: the Cache API, `caches.default` and `caches.open(name)`,
// on the worker's cache store (src/cache/, the ops in src/runtime/ops/cache.rs).
// The checks before any I/O, and their messages, are workerd's; what is stored and
// for how long, and what a match answers, follow miniflare (what `wrangler dev`
// runs): tests/workerd/cache_api.js records both.
// Extension code must be 7-bit ASCII.

// Evaluated on a worker's first use of `caches`, `Cache` or `CacheStorage`
// (04_serve.js `installLazy`), not restored into every isolate: a function of
// what it needs, not a module.

(function (core, primordials) {
"use strict";

const {
  ArrayPrototypePush,
  Error,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  PromiseReject,
  PromiseResolve,
  RegExpPrototypeTest,
  String,
  Symbol,
  TypeError,
  Uint8Array,
} = primordials;

const { op_worky_cache_put, op_worky_cache_match, op_worky_cache_delete } = core.ops;

const { Request, RequestPrototype } = core.loadExtScript("ext:deno_fetch/23_request.js");
const { Response, ResponsePrototype, toInnerResponse } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { isReadableStream } = core.loadExtScript("ext:deno_web/06_streams.js");
const { URL } = core.loadExtScript("ext:deno_web/00_url.js");

const ILLEGAL = Symbol("cache");
const DEFAULT_CACHE = "default";
const MAX_NAME_LENGTH = 1024;

function notImplemented(method, type) {
  return new Error(`Failed to execute '${method}' on '${type}': the method is not implemented.`);
}

/** [url, method, headers] of what a Cache method was given: a Request or a URL. */
function requestOf(input) {
  if (ObjectPrototypeIsPrototypeOf(RequestPrototype, input)) return input;
  const text = String(input);
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`Invalid URL: ${text}`);
  }
  return new Request(url.href);
}

/** The entry's key: the request's `cf.cacheKey`, or its URL without the fragment. */
function keyOf(request) {
  const cacheKey = request.cf?.cacheKey;
  if (cacheKey !== undefined && cacheKey !== null) return String(cacheKey);
  const url = new URL(request.url);
  url.hash = "";
  return url.href;
}

/** Header pairs, names in lower case (as Headers iterates them). */
function pairsOf(headers) {
  const pairs = [];
  for (const { 0: name, 1: value } of headers) ArrayPrototypePush(pairs, [name, value]);
  return pairs;
}

function hasOption(options, name) {
  return options !== undefined && options !== null && options[name] !== undefined;
}

/** Throws for the CacheQueryOptions Workers does not implement. */
function checkOptions(options) {
  for (const name of ["ignoreSearch", "ignoreVary"]) {
    if (hasOption(options, name)) {
      throw new Error(`The '${name}' field on 'CacheQueryOptions' is not implemented.`);
    }
  }
  return hasOption(options, "ignoreMethod") && !!options.ignoreMethod;
}

class Cache {
  #name;

  constructor(token, name) {
    if (token !== ILLEGAL) throw new TypeError("Illegal constructor");
    this.#name = name;
  }

  async put(request, response) {
    request = requestOf(request);
    if (!ObjectPrototypeIsPrototypeOf(ResponsePrototype, response)) {
      throw new TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.");
    }
    if (response.type === "error") throw new TypeError("Cache is unable to store an error response");
    if (request.method !== "GET") throw new TypeError("Cannot cache response to non-GET request.");
    if (response.status === 206) {
      throw new TypeError("Cannot cache response to a range request (206 Partial Content).");
    }
    const vary = response.headers.get("vary");
    if (vary !== null && RegExpPrototypeTest(/(^|,)\s*\*\s*(,|$)/, vary)) {
      throw new TypeError("Cannot cache response with 'Vary: *' header.");
    }
    if (response.status === 304) return undefined;
    if (response.bodyUsed) {
      throw new TypeError(
        "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.",
      );
    }
    const key = keyOf(request);
    // A body whose length is known is stored with it, as workerd sends it to the cache.
    const inner = toInnerResponse(response);
    const streamed = inner.body !== null && isReadableStream(inner.body.streamOrStatic);
    const reading = response.arrayBuffer();
    const body = new Uint8Array(await reading);
    const headers = pairsOf(response.headers);
    if (!streamed && response.headers.get("content-length") === null) {
      ArrayPrototypePush(headers, ["content-length", String(body.byteLength)]);
    }
    await op_worky_cache_put(this.#name, key, pairsOf(request.headers), response.status, headers, body);
    return undefined;
  }

  async match(request, options) {
    request = requestOf(request);
    const ignoreMethod = checkOptions(options);
    if (request.method !== "GET" && !ignoreMethod) return undefined;
    const url = new URL(request.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`Fetch API cannot load: ${request.url}`);
    }
    const found = await op_worky_cache_match(this.#name, keyOf(request), pairsOf(request.headers));
    if (found === null) return undefined;
    const { 0: status, 1: statusText, 2: headers, 3: body } = found;
    const empty = status === 204 || status === 304 || status === 205;
    return new Response(empty ? null : body, { status, statusText, headers });
  }

  async delete(request, options) {
    request = requestOf(request);
    const ignoreMethod = checkOptions(options);
    if (request.method !== "GET" && !ignoreMethod) return false;
    return await op_worky_cache_delete(this.#name, keyOf(request));
  }

  add(_request) {
    throw notImplemented("add", "Cache");
  }
  addAll(_requests) {
    throw notImplemented("addAll", "Cache");
  }
  keys(_request, _options) {
    throw notImplemented("keys", "Cache");
  }
  matchAll(_request, _options) {
    throw notImplemented("matchAll", "Cache");
  }
}

class CacheStorage {
  #default;

  constructor(token) {
    if (token !== ILLEGAL) throw new TypeError("Illegal constructor");
    this.#default = new Cache(ILLEGAL, DEFAULT_CACHE);
  }

  get default() {
    return this.#default;
  }

  /** A named cache, apart from the default one (a new object each time, sharing entries). */
  open(name) {
    name = String(name);
    if (name.length >= MAX_NAME_LENGTH) return PromiseReject(new TypeError("Cache name is too long."));
    return PromiseResolve(new Cache(ILLEGAL, `named:${name}`));
  }

  has(_name) {
    throw notImplemented("has", "CacheStorage");
  }
  keys() {
    throw notImplemented("keys", "CacheStorage");
  }
  delete(_name) {
    throw notImplemented("delete", "CacheStorage");
  }
  match(_request, _options) {
    throw notImplemented("match", "CacheStorage");
  }
}

return { Cache, CacheStorage, caches: new CacheStorage(ILLEGAL) };
})
