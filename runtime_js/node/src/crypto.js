// node:crypto: Node.js's API over RustCrypto's crates (src/runtime/ops/node.rs,
// node_keys.rs) and the runtime's Web Crypto. Objects that take data piece by piece (Hash,
// Hmac, Cipher) keep the pieces and hand them to Rust in one call at the end:
// update() of a cipher returns an empty buffer and final() all of the output,
// which Buffer.concat([c.update(x), c.final()]) cannot tell apart.
const { Buffer } = require("node:buffer");
const { Transform } = require("node:stream");
const host = require("worky:host");
const callLater = require("./callback.js");

const ops = host.ops;
const webcrypto = globalThis.crypto;

function bytes(data, encoding, what = "data") {
  if (typeof data === "string") return Buffer.from(data, encoding ?? "utf8");
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof KeyObject && data.type === "secret") return data[kKey];
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
  return encoding === undefined || encoding === null || encoding === "buffer" ? out : out.toString(encoding);
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
  callLater(callback, derive);
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

/** Node.js's argument checks, then Workers' crypto.subtle.timingSafeEqual (10_streams.js). */
function timingSafeEqual(a, b) {
  return webcrypto.subtle.timingSafeEqual(bytes(a, undefined, "buf1"), bytes(b, undefined, "buf2"));
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
// Keys. A KeyObject holds a secret's bytes, or an asymmetric key as DER (PKCS#8
// for a private key, SPKI for a public one) with what Rust read from it.

const kType = Symbol("kType");
const kKey = Symbol("kKey");
const kInfo = Symbol("kInfo");
const kConstruct = Symbol("kConstruct");

class KeyObject {
  constructor(type, handle, token) {
    if (token !== kConstruct || !["secret", "public", "private"].includes(type)) {
      throw new TypeError(`Invalid KeyObject type: ${type}`);
    }
    Object.defineProperties(this, {
      [kType]: { value: type },
      [type === "secret" ? kKey : kInfo]: { value: handle },
    });
  }

  static from(cryptoKey) {
    throw Object.assign(new TypeError("KeyObject.from is not supported: export the CryptoKey with crypto.subtle"), {
      code: "ERR_METHOD_NOT_IMPLEMENTED",
    });
  }

  get type() {
    return this[kType];
  }

  get symmetricKeySize() {
    return this[kType] === "secret" ? this[kKey].byteLength : undefined;
  }

  get asymmetricKeyType() {
    return this[kInfo]?.kind;
  }

  get asymmetricKeyDetails() {
    const info = this[kInfo];
    if (info === undefined) return undefined;
    if (info.kind === "rsa") return { modulusLength: info.modulusLength, publicExponent: BigInt(info.publicExponent) };
    if (info.kind === "ec") return { namedCurve: info.namedCurve };
    return {};
  }

  export(options = {}) {
    if (this[kType] === "secret") {
      if (options.format === "jwk") return { kty: "oct", k: Buffer.from(this[kKey]).toString("base64url") };
      return Buffer.from(this[kKey]);
    }
    const info = this[kInfo];
    const isPrivate = this[kType] === "private";
    const type = options.type ?? (isPrivate ? "pkcs8" : "spki");
    let der;
    let label;
    if (type === "pkcs1") {
      der = host.ops.keyPkcs1(isPrivate ? info.privateDer : info.publicDer, isPrivate);
      label = isPrivate ? "RSA PRIVATE KEY" : "RSA PUBLIC KEY";
    } else if (type === (isPrivate ? "pkcs8" : "spki")) {
      der = isPrivate ? info.privateDer : info.publicDer;
      label = isPrivate ? "PRIVATE KEY" : "PUBLIC KEY";
    } else {
      throw Object.assign(new TypeError(`The property 'options.type' is invalid. Received '${type}'`), {
        code: "ERR_INVALID_ARG_VALUE",
      });
    }
    if (options.format === "der") return Buffer.from(der);
    if (options.format !== undefined && options.format !== "pem") {
      throw Object.assign(new TypeError(`The property 'options.format' is invalid. Received '${options.format}'`), {
        code: "ERR_INVALID_ARG_VALUE",
      });
    }
    const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g).join("\n");
    return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
  }

  equals(other) {
    if (!(other instanceof KeyObject) || other.type !== this.type) return false;
    const mine = this[kType] === "secret" ? this[kKey] : this[kInfo].publicDer;
    const theirs = other[kType] === "secret" ? other[kKey] : other[kInfo].publicDer;
    return mine.byteLength === theirs.byteLength && timingSafeEqual(mine, theirs);
  }
}

function createSecretKey(key, encoding) {
  return new KeyObject("secret", Uint8Array.from(bytes(key, encoding, "key")), kConstruct);
}

/** `key` as createPrivateKey/createPublicKey take it: PEM/DER data, or { key, format, type, encoding }. */
function keyInput(key) {
  if (typeof key === "string" || ArrayBuffer.isView(key) || key instanceof ArrayBuffer) {
    return { data: bytes(key, undefined, "key"), format: "pem", type: "" };
  }
  if (key !== null && typeof key === "object" && !(key instanceof KeyObject)) {
    if (key.format === "jwk") {
      throw Object.assign(new TypeError("JWK keys are not supported by node:crypto here: import them with crypto.subtle"), {
        code: "ERR_METHOD_NOT_IMPLEMENTED",
      });
    }
    if (key.passphrase !== undefined) {
      throw Object.assign(new TypeError("Encrypted private keys are not supported"), { code: "ERR_METHOD_NOT_IMPLEMENTED" });
    }
    return { data: bytes(key.key, key.encoding, "key"), format: key.format ?? "pem", type: key.type ?? "" };
  }
  throw invalidArgType("key", "string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, or KeyObject", key);
}

function createPrivateKey(key) {
  if (key instanceof KeyObject) {
    if (key.type !== "private") throw invalidKeyType(key.type, "private");
    return key;
  }
  const { data, format, type } = keyInput(key);
  return new KeyObject("private", host.ops.keyImport(data, format, type, true), kConstruct);
}

function createPublicKey(key) {
  if (key instanceof KeyObject) {
    if (key.type === "secret") throw invalidKeyType(key.type, "private or public");
    return key.type === "public" ? key : new KeyObject("public", { ...key[kInfo], privateDer: null }, kConstruct);
  }
  const { data, format, type } = keyInput(key);
  return new KeyObject("public", host.ops.keyImport(data, format, type, false), kConstruct);
}

function invalidKeyType(actual, expected) {
  return Object.assign(new TypeError(`Invalid key object type ${actual}, expected ${expected}.`), {
    code: "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
  });
}

/** The key, padding and encodings a sign/verify call was given. */
function signingKey(key, wantPrivate) {
  const options = key !== null && typeof key === "object" && !(key instanceof KeyObject) && !ArrayBuffer.isView(key) ? key : {};
  const source = options === key ? key.key : key;
  const keyObject =
    source instanceof KeyObject
      ? source
      : wantPrivate
        ? createPrivateKey(options === key ? key : source)
        : createPublicKey(options === key ? key : source);
  if (wantPrivate && keyObject.type !== "private") throw invalidKeyType(keyObject.type, "private");
  if (keyObject.type === "secret") throw invalidKeyType(keyObject.type, "private or public");
  return {
    info: keyObject[kInfo],
    pss: options.padding === constants.RSA_PKCS1_PSS_PADDING,
    saltLength: options.saltLength ?? constants.RSA_PSS_SALTLEN_DIGEST,
    p1363: options.dsaEncoding === "ieee-p1363",
  };
}

function signWith(algorithm, data, key) {
  const { info, pss, saltLength, p1363 } = signingKey(key, true);
  return Buffer.from(host.ops.sign(algorithm ?? "", info.privateDer, data, pss, saltLength, p1363));
}

function verifyWith(algorithm, data, key, signature) {
  const { info, pss, saltLength, p1363 } = signingKey(key, false);
  return host.ops.verify(algorithm ?? "", info.publicDer, data, signature, pss, saltLength, p1363);
}

class Sign extends Transform {
  #algorithm;
  #chunks = [];

  constructor(algorithm, options) {
    super(options);
    this.#algorithm = algorithm;
  }

  update(data, encoding) {
    this.#chunks.push(Uint8Array.from(bytes(data, encoding)));
    return this;
  }

  sign(privateKey, outputEncoding) {
    return encoded(signWith(this.#algorithm, Buffer.concat(this.#chunks), privateKey), outputEncoding);
  }

  _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  }
}

class Verify extends Transform {
  #algorithm;
  #chunks = [];

  constructor(algorithm, options) {
    super(options);
    this.#algorithm = algorithm;
  }

  update(data, encoding) {
    this.#chunks.push(Uint8Array.from(bytes(data, encoding)));
    return this;
  }

  verify(publicKey, signature, signatureEncoding) {
    return verifyWith(this.#algorithm, Buffer.concat(this.#chunks), publicKey, bytes(signature, signatureEncoding, "signature"));
  }

  _transform(chunk, encoding, callback) {
    this.update(chunk, encoding);
    callback();
  }
}

/** crypto.sign(algorithm, data, key[, callback]): one call, no object. */
function sign(algorithm, data, key, callback) {
  const work = () => signWith(algorithm, bytes(data), key);
  if (callback === undefined) return work();
  later(callback, work);
}

/** crypto.verify(algorithm, data, key, signature[, callback]). */
function verify(algorithm, data, key, signature, callback) {
  const work = () => verifyWith(algorithm, bytes(data), key, bytes(signature, undefined, "signature"));
  if (callback === undefined) return work();
  later(callback, work);
}

function generateKeyPairSync(type, options = {}) {
  const kind = type === "rsa" || type === "ec" || type === "ed25519" ? type : undefined;
  if (kind === undefined) {
    throw Object.assign(new TypeError(`The argument 'type' must be a supported key type. Received '${type}'`), {
      code: "ERR_INVALID_ARG_VALUE",
    });
  }
  const info = host.ops.generateKeyPair(kind, options.modulusLength ?? 2048, options.namedCurve ?? "");
  const privateKey = new KeyObject("private", info, kConstruct);
  const publicKey = new KeyObject("public", { ...info, privateDer: null }, kConstruct);
  const encode = (key, encoding) => (encoding === undefined ? key : key.export(encoding));
  return {
    publicKey: encode(publicKey, options.publicKeyEncoding),
    privateKey: encode(privateKey, options.privateKeyEncoding),
  };
}

function generateKeyPair(type, options, callback) {
  if (typeof options === "function") [options, callback] = [undefined, options];
  if (typeof callback !== "function") throw invalidArgType("callback", "function", callback);
  callLater(
    (error, pair) => (error ? callback(error) : callback(null, pair.publicKey, pair.privateKey)),
    () => generateKeyPairSync(type, options),
  );
}

const constants = {
  RSA_PKCS1_PADDING: 1,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
};

// ---------------------------------------------------------------------------
// ECDH (createECDH): keys and secrets on prime256v1 and secp384r1, by RustCrypto's
// p256 and p384 (node_keys.rs), with workerd's errors. A "hybrid" point is Node.js's
// (workerd's BoringSSL has none).

const ECDH_CURVES = ["prime256v1", "secp384r1"];
const POINT_FORMATS = ["compressed", "uncompressed", "hybrid"];

function pointFormat(format) {
  if (format === undefined || format === null) return "uncompressed";
  if (!POINT_FORMATS.includes(format)) {
    const error = new TypeError(
      `The argument 'format' must be one of: 'compressed', 'uncompressed', 'hybrid'. Received '${format}'`,
    );
    error.code = "ERR_INVALID_ARG_VALUE";
    throw error;
  }
  return format;
}

/** An uncompressed point written as `format` asks. */
function pointAs(curve, point, format) {
  if (format === "compressed") return ops.ecdhConvert(curve, point, true);
  if (format === "hybrid") {
    const hybrid = Uint8Array.from(point);
    hybrid[0] = 6 | (hybrid[hybrid.length - 1] & 1);
    return hybrid;
  }
  return point;
}

function knownCurve(curve) {
  if (!ECDH_CURVES.includes(curve)) throw new Error("Invalid curve");
  return curve;
}

/** `work()`, its error (a bad key or point) replaced by workerd's `message`. */
function orFail(message, work) {
  try {
    return work();
  } catch {
    throw new Error(message);
  }
}

class ECDH {
  #curve;
  #private = null;
  #public = null;

  constructor(curve) {
    if (typeof curve !== "string") throw invalidArgType("curve", "string", curve);
    this.#curve = knownCurve(curve);
  }

  static convertKey(key, curve, inputEncoding, outputEncoding, format) {
    knownCurve(curve);
    const shape = pointFormat(format);
    const point = orFail("Failed to set point", () => ops.ecdhConvert(curve, bytes(key, inputEncoding, "key"), false));
    return encoded(pointAs(curve, point, shape), outputEncoding);
  }

  generateKeys(encoding, format) {
    this.#setPrivate(ops.ecdhGenerate(this.#curve));
    return this.getPublicKey(encoding, format);
  }

  computeSecret(otherPublicKey, inputEncoding, outputEncoding) {
    if (this.#private === null) throw new Error("Failed to get ECDH private key");
    const other = bytes(otherPublicKey, inputEncoding, "otherPublicKey");
    return encoded(orFail("Failed to set point", () => ops.ecdhSecret(this.#curve, this.#private, other)), outputEncoding);
  }

  getPrivateKey(encoding) {
    if (this.#private === null) throw new Error("Failed to get ECDH private key");
    return encoded(Uint8Array.from(this.#private), encoding);
  }

  getPublicKey(encoding, format) {
    const shape = pointFormat(format);
    if (this.#public === null) throw new Error("Failed to get ECDH public key");
    return encoded(pointAs(this.#curve, this.#public, shape), encoding);
  }

  setPrivateKey(key, encoding) {
    this.#setPrivate(bytes(key, encoding, "privateKey"));
  }

  #setPrivate(key) {
    const copy = Uint8Array.from(key);
    this.#public = orFail("Private key is not valid for specified curve.", () => ops.ecdhPublic(this.#curve, copy, false));
    this.#private = copy;
  }
}

const createECDH = (curve) => new ECDH(curve);

const HASHES = ["md5", "sha1", "sha224", "sha256", "sha3-256", "sha3-384", "sha3-512", "sha384", "sha512", "sha512-256"];

module.exports = {
  Cipheriv,
  ECDH,
  createECDH,
  Decipheriv: Cipheriv,
  Hash,
  Hmac,
  KeyObject,
  Sign,
  Verify,
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  createSign: (algorithm, options) => new Sign(algorithm, options),
  createVerify: (algorithm, options) => new Verify(algorithm, options),
  generateKeyPair,
  generateKeyPairSync,
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
  sign,
  subtle: webcrypto.subtle,
  timingSafeEqual,
  verify,
  webcrypto,
};
