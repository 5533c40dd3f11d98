// node:crypto: Node.js's API over RustCrypto's crates (src/runtime/ops/node.rs)
// and the runtime's Web Crypto. Objects that take data piece by piece (Hash,
// Hmac, Cipher) keep the pieces and hand them to Rust in one call at the end:
// update() of a cipher returns an empty buffer and final() all of the output,
// which Buffer.concat([c.update(x), c.final()]) cannot tell apart.
const { Buffer } = require("node:buffer");
const { Transform } = require("node:stream");
const host = require("worky:host");

const ops = host.ops;
const webcrypto = globalThis.crypto;

function bytes(data, encoding, what = "data") {
  if (typeof data === "string") return Buffer.from(data, encoding ?? "utf8");
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof KeyObject) return data[kKey];
  throw invalidArgType(what, "string or an instance of Buffer, TypedArray, or DataView", data);
}

function invalidArgType(name, expected, actual) {
  const received = actual === null ? "null" : actual === undefined ? "undefined" : `type ${typeof actual}`;
  const error = new TypeError(`The "${name}" argument must be of type ${expected}. Received ${received}`);
  error.code = "ERR_INVALID_ARG_TYPE";
  return error;
}

function encoded(buffer, encoding) {
  const out = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return encoding === undefined || encoding === "buffer" ? out : out.toString(encoding);
}

// ---------------------------------------------------------------------------
// Hashes and HMAC

class Hash extends Transform {
  #algorithm;
  #chunks = [];
  #done = false;

  constructor(algorithm, options) {
    super(options);
    if (typeof algorithm !== "string") throw invalidArgType("algorithm", "string", algorithm);
    if (!ops.hashKnown(algorithm)) throw new Error("Digest method not supported");
    this.#algorithm = algorithm;
  }

  update(data, encoding) {
    if (this.#done) throw Object.assign(new Error("Digest already called"), { code: "ERR_CRYPTO_HASH_FINALIZED" });
    this.#chunks.push(Uint8Array.from(bytes(data, encoding)));
    return this;
  }

  digest(encoding) {
    if (this.#done) throw Object.assign(new Error("Digest already called"), { code: "ERR_CRYPTO_HASH_FINALIZED" });
    this.#done = true;
    return encoded(ops.hash(this.#algorithm, this.#chunks), encoding);
  }

  copy(options) {
    if (this.#done) throw Object.assign(new Error("Digest already called"), { code: "ERR_CRYPTO_HASH_FINALIZED" });
    const copy = new Hash(this.#algorithm, options);
    for (const chunk of this.#chunks) copy.update(chunk);
    return copy;
  }

  _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  }

  _flush(callback) {
    this.push(this.digest());
    callback();
  }
}

class Hmac extends Transform {
  #algorithm;
  #key;
  #chunks = [];
  #done = false;

  constructor(algorithm, key, options) {
    super(options);
    if (!ops.hashKnown(algorithm)) throw new Error(`Invalid digest: ${algorithm}`);
    this.#algorithm = algorithm;
    this.#key = Uint8Array.from(bytes(key, options?.encoding, "key"));
  }

  update(data, encoding) {
    this.#chunks.push(Uint8Array.from(bytes(data, encoding)));
    return this;
  }

  digest(encoding) {
    // Node.js answers an empty digest when asked twice.
    if (this.#done) return encoded(new Uint8Array(0), encoding);
    this.#done = true;
    return encoded(ops.hmac(this.#algorithm, this.#key, this.#chunks), encoding);
  }

  _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  }

  _flush(callback) {
    this.push(this.digest());
    callback();
  }
}

const createHash = (algorithm, options) => new Hash(algorithm, options);
const createHmac = (algorithm, key, options) => new Hmac(algorithm, key, options);

/** crypto.hash(algorithm, data, outputEncoding = "hex"): one call, no object. */
function hash(algorithm, data, outputEncoding = "hex") {
  if (!ops.hashKnown(algorithm)) throw new Error("Digest method not supported");
  return encoded(ops.hash(algorithm, [Uint8Array.from(bytes(data))]), outputEncoding);
}

// ---------------------------------------------------------------------------
// Key derivation

/** Runs `derive` now and calls `callback` with its result a tick later, as Node.js's thread pool would. */
function later(callback, derive) {
  if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
  let result;
  let error = null;
  try {
    result = derive();
  } catch (err) {
    error = err;
  }
  setTimeout(() => (error ? callback(error) : callback(null, result)), 0);
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return Buffer.from(ops.pbkdf2(digest, bytes(password), bytes(salt), iterations, keylen));
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  later(callback, () => pbkdf2Sync(password, salt, iterations, keylen, digest));
}

function scryptSync(password, salt, keylen, options = {}) {
  const n = options.N ?? options.cost ?? 16384;
  const r = options.r ?? options.blockSize ?? 8;
  const p = options.p ?? options.parallelization ?? 1;
  return Buffer.from(ops.scrypt(bytes(password), bytes(salt), n, r, p, keylen));
}

function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === "function") [options, callback] = [{}, options];
  later(callback, () => scryptSync(password, salt, keylen, options));
}

function hkdfSync(digest, key, salt, info, keylen) {
  const out = ops.hkdf(digest, bytes(key), bytes(salt), bytes(info), keylen);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
}

function hkdf(digest, key, salt, info, keylen, callback) {
  later(callback, () => hkdfSync(digest, key, salt, info, keylen));
}

// ---------------------------------------------------------------------------
// Randomness

const MAX_RANDOM_CHUNK = 65536;

function fillRandom(view) {
  const u8 = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let at = 0; at < u8.length; at += MAX_RANDOM_CHUNK) {
    webcrypto.getRandomValues(u8.subarray(at, Math.min(at + MAX_RANDOM_CHUNK, u8.length)));
  }
}

function randomBytes(size, callback) {
  const out = Buffer.alloc(size);
  fillRandom(out);
  if (callback === undefined) return out;
  later(callback, () => out);
}

function randomFillSync(buffer, offset = 0, size) {
  const view = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : buffer;
  const length = size ?? view.byteLength - offset;
  fillRandom(new Uint8Array(view.buffer, view.byteOffset + offset, length));
  return buffer;
}

function randomFill(buffer, offset, size, callback) {
  if (typeof offset === "function") [offset, size, callback] = [0, undefined, offset];
  else if (typeof size === "function") [size, callback] = [undefined, size];
  later(callback, () => randomFillSync(buffer, offset, size));
}

function randomInt(min, max, callback) {
  if (max === undefined || typeof max === "function") [min, max, callback] = [0, min, max];
  if (!Number.isSafeInteger(min)) throw invalidArgType("min", "a safe integer", min);
  if (!Number.isSafeInteger(max)) throw invalidArgType("max", "a safe integer", max);
  if (max <= min) {
    const error = new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
    error.code = "ERR_OUT_OF_RANGE";
    throw error;
  }
  // Rejection sampling over 48 random bits, as Node.js does, so every value is equally likely.
  const range = max - min;
  const limit = 2 ** 48 - (2 ** 48 % range);
  const six = new Uint8Array(6);
  let value;
  do {
    webcrypto.getRandomValues(six);
    value = six.reduce((acc, byte) => acc * 256 + byte, 0);
  } while (value >= limit);
  const result = min + (value % range);
  if (callback === undefined) return result;
  later(callback, () => result);
}

const randomUUID = () => webcrypto.randomUUID();

function timingSafeEqual(a, b) {
  const x = bytes(a, undefined, "buf1");
  const y = bytes(b, undefined, "buf2");
  if (x.byteLength !== y.byteLength) throw new TypeError("Input buffers must have the same byte length.");
  let difference = 0;
  for (let i = 0; i < x.byteLength; i++) difference |= x[i] ^ y[i];
  return difference === 0;
}

// ---------------------------------------------------------------------------
// Ciphers

const CIPHERS = {};
for (const bits of [128, 192, 256]) {
  for (const mode of ["gcm", "cbc", "ctr"]) CIPHERS[`aes-${bits}-${mode}`] = { mode, keyLength: bits / 8 };
  CIPHERS[`id-aes${bits}-gcm`] = { mode: "gcm", keyLength: bits / 8 };
}
CIPHERS["aes128"] = CIPHERS["aes-128-cbc"];
CIPHERS["aes192"] = CIPHERS["aes-192-cbc"];
CIPHERS["aes256"] = CIPHERS["aes-256-cbc"];

class Cipheriv extends Transform {
  #mode;
  #encrypt;
  #key;
  #iv;
  #aad = new Uint8Array(0);
  #chunks = [];
  #tag;
  #tagLength;
  #padding = true;
  #done = false;

  constructor(encrypt, algorithm, key, iv, options) {
    super(options);
    const cipher = CIPHERS[String(algorithm).toLowerCase()];
    if (cipher === undefined) throw new Error("Unknown cipher");
    this.#mode = cipher.mode;
    this.#encrypt = encrypt;
    this.#key = Uint8Array.from(bytes(key, undefined, "key"));
    if (this.#key.byteLength !== cipher.keyLength) throw new Error("Invalid key length");
    this.#iv = Uint8Array.from(bytes(iv, undefined, "iv"));
    this.#tagLength = options?.authTagLength ?? 16;
  }

  update(data, inputEncoding, outputEncoding) {
    if (this.#done) throw new Error("Unsupported state");
    this.#chunks.push(Uint8Array.from(bytes(data, inputEncoding)));
    return encoded(new Uint8Array(0), outputEncoding);
  }

  final(outputEncoding) {
    if (this.#done) throw new Error("Unsupported state");
    this.#done = true;
    let data = Buffer.concat(this.#chunks);
    if (this.#mode === "gcm" && !this.#encrypt) {
      if (this.#tag === undefined) throw new Error("Unsupported state or unable to authenticate data");
      data = Buffer.concat([data, this.#tag]);
    }
    let out = ops.aes(this.#mode, this.#encrypt, this.#key, this.#iv, this.#aad, data, this.#padding);
    if (this.#mode === "gcm" && this.#encrypt) {
      this.#tag = Buffer.from(out.subarray(out.byteLength - 16, out.byteLength - 16 + this.#tagLength));
      out = out.subarray(0, out.byteLength - 16);
    }
    return encoded(out, outputEncoding);
  }

  setAAD(data) {
    this.#aad = Uint8Array.from(bytes(data, undefined, "buffer"));
    return this;
  }

  getAuthTag() {
    if (!this.#encrypt || this.#tag === undefined) throw new Error("Invalid state for operation getAuthTag");
    return this.#tag;
  }

  setAuthTag(tag) {
    if (this.#encrypt) throw new Error("Invalid state for operation setAuthTag");
    this.#tag = Uint8Array.from(bytes(tag, undefined, "buffer"));
    return this;
  }

  setAutoPadding(padding = true) {
    this.#padding = Boolean(padding);
    return this;
  }

  _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  }

  _flush(callback) {
    try {
      this.push(this.final());
      callback();
    } catch (error) {
      callback(error);
    }
  }
}

const createCipheriv = (algorithm, key, iv, options) => new Cipheriv(true, algorithm, key, iv, options);
const createDecipheriv = (algorithm, key, iv, options) => new Cipheriv(false, algorithm, key, iv, options);

function getCipherInfo(name) {
  const cipher = CIPHERS[String(name).toLowerCase()];
  if (cipher === undefined) return undefined;
  return {
    name: String(name).toLowerCase(),
    keyLength: cipher.keyLength,
    ivLength: cipher.mode === "gcm" ? 12 : 16,
    blockSize: cipher.mode === "cbc" ? 16 : 1,
    mode: cipher.mode,
  };
}

// ---------------------------------------------------------------------------
// Keys: secret keys, and the Web Crypto keys behind KeyObject.from

const kKey = Symbol("kKey");

class KeyObject {
  constructor(type, key) {
    if (type !== "secret") throw new TypeError(`Invalid KeyObject type: ${type}`);
    this[kKey] = key;
    Object.defineProperty(this, kKey, { enumerable: false });
  }

  get type() {
    return "secret";
  }

  get symmetricKeySize() {
    return this[kKey].byteLength;
  }

  export(options) {
    if (options?.format === "jwk") {
      return { kty: "oct", k: Buffer.from(this[kKey]).toString("base64url") };
    }
    return Buffer.from(this[kKey]);
  }

  equals(other) {
    return other instanceof KeyObject && timingSafeEqual(this[kKey], other[kKey]);
  }
}

function createSecretKey(key, encoding) {
  return new KeyObject("secret", Uint8Array.from(bytes(key, encoding, "key")));
}

function notSupported(name) {
  return () => {
    const error = new Error(`The ${name} method is not implemented`);
    error.code = "ERR_METHOD_NOT_IMPLEMENTED";
    throw error;
  };
}

// Asymmetric keys: not yet (use crypto.subtle); parsing one says so, so callers
// such as jsonwebtoken fall back to a secret key as Node.js's would on a non-key.
function createPrivateKey(key) {
  if (typeof key === "string" && !key.includes("-----BEGIN")) {
    throw Object.assign(new TypeError("Failed to read private key"), { code: "ERR_INVALID_ARG_VALUE" });
  }
  return notSupported("crypto.createPrivateKey")();
}

function createPublicKey(key) {
  if (typeof key === "string" && !key.includes("-----BEGIN")) {
    throw Object.assign(new TypeError("Failed to read public key"), { code: "ERR_INVALID_ARG_VALUE" });
  }
  return notSupported("crypto.createPublicKey")();
}

const HASHES = ["md5", "sha1", "sha224", "sha256", "sha3-256", "sha3-384", "sha3-512", "sha384", "sha512", "sha512-256"];

module.exports = {
  Cipheriv,
  Decipheriv: Cipheriv,
  Hash,
  Hmac,
  KeyObject,
  constants: {},
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  createSign: notSupported("crypto.createSign"),
  createVerify: notSupported("crypto.createVerify"),
  generateKeyPair: notSupported("crypto.generateKeyPair"),
  generateKeyPairSync: notSupported("crypto.generateKeyPairSync"),
  getCipherInfo,
  getCiphers: () => Object.keys(CIPHERS).sort(),
  getCurves: () => ["prime256v1", "secp384r1"],
  getFips: () => 0,
  getHashes: () => [...HASHES],
  getRandomValues: (array) => webcrypto.getRandomValues(array),
  hash,
  hkdf,
  hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  scrypt,
  scryptSync,
  sign: notSupported("crypto.sign"),
  subtle: webcrypto.subtle,
  timingSafeEqual,
  verify: notSupported("crypto.verify"),
  webcrypto,
};
