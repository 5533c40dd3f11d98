// worky's JS glue, part 16: Web Crypto as Workers has it, over deno_crypto.
// Workers' old name for Ed25519, "NODE-ED25519" (with namedCurve
// "NODE-ED25519"), which code written for Workers still uses (Discord's
// request signatures, for one): the keys are Ed25519 keys that name themselves
// so and take only that name. And what code sees of keys as workerd shows it:
// a key's `algorithm` members and an exported JWK's members in workerd's order,
// "alg" where workerd writes it (EdDSA for Ed25519, none for EC keys).
// Behaviour next to workerd's: tests/workerd/web_crypto.js.
// Extension code must be 7-bit ASCII.

import { core, primordials } from "ext:core/mod.js";

const {
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  PromisePrototypeThen,
  PromiseReject,
  SafeWeakMap,
  SafeWeakSet,
  String,
  StringPrototypeToUpperCase,
  TypeError,
  WeakMapPrototypeGet,
  WeakMapPrototypeSet,
  WeakSetPrototypeAdd,
  WeakSetPrototypeHas,
} = primordials;

const crypto = core.loadExtScript("ext:deno_crypto/00_crypto.js");
const { DOMException } = core.loadExtScript("ext:deno_web/01_dom_exception.js");

const NODE_ED25519 = "NODE-ED25519";
/** Keys made under the old name. */
const nodeKeys = new SafeWeakSet();
/** Each key's `algorithm` as workerd orders it, made on first read (one object per key, as before). */
const algorithms = new SafeWeakMap();
/** The members of an `algorithm` after its name, in workerd's order. */
const ALGORITHM_MEMBERS = ["namedCurve", "modulusLength", "publicExponent", "hash", "length"];
/** A JWK's key members after kty, key_ops, alg and ext, in workerd's order, by kty. */
const JWK_MEMBERS = { oct: ["k"], RSA: ["d", "n", "e", "p", "q", "dp", "dq", "qi"], EC: ["crv", "x", "y", "d"], OKP: ["crv", "x", "d"] };

const nameOf = (algorithm) => (typeof algorithm === "string" ? algorithm : algorithm?.name);
const isNodeName = (algorithm) => {
  const name = nameOf(algorithm);
  return typeof name === "string" && StringPrototypeToUpperCase(name) === NODE_ED25519;
};

/** "Ed25519" for an old-name key algorithm; throws where workerd does. */
function ed25519For(algorithm) {
  const curve = typeof algorithm === "string" ? undefined : algorithm.namedCurve;
  if (curve === undefined) throw new TypeError('Missing field "namedCurve" in "algorithm".');
  if (String(curve) !== NODE_ED25519) throw new DOMException(`EDDSA curve "${curve}" isn't supported.`, "NotSupportedError");
  return "Ed25519";
}

/** Marks what `made` gives (a key or a pair) as old-name keys. */
function markedNode(made) {
  return PromisePrototypeThen(made, (result) => {
    if (result?.publicKey !== undefined) {
      WeakSetPrototypeAdd(nodeKeys, result.publicKey);
      WeakSetPrototypeAdd(nodeKeys, result.privateKey);
    } else {
      WeakSetPrototypeAdd(nodeKeys, result);
    }
    return result;
  });
}

/** The algorithm a sign or verify with `algorithm` runs on `key`; throws where the names disagree. */
function signingAlgorithm(algorithm, key) {
  const asked = isNodeName(algorithm);
  const keyIsNode = WeakSetPrototypeHas(nodeKeys, key);
  if (asked !== keyIsNode && (asked || StringPrototypeToUpperCase(String(nameOf(algorithm))) === "ED25519")) {
    const requested = asked ? NODE_ED25519 : "Ed25519";
    throw new DOMException(
      `Requested algorithm "${requested}" does not match this CryptoKey's algorithm "${keyIsNode ? NODE_ED25519 : "Ed25519"}".`,
      "InvalidAccessError",
    );
  }
  return asked ? "Ed25519" : algorithm;
}

/** `jwk` with workerd's member order and "alg". */
function workerdJwk(jwk, key) {
  const ordered = { kty: jwk.kty };
  if (jwk.key_ops !== undefined) ordered.key_ops = jwk.key_ops;
  let alg = jwk.alg;
  if (jwk.kty === "EC") alg = undefined;
  if (jwk.kty === "OKP") alg = jwk.crv === "Ed25519" && !WeakSetPrototypeHas(nodeKeys, key) ? "EdDSA" : undefined;
  if (alg !== undefined) ordered.alg = alg;
  if (jwk.ext !== undefined) ordered.ext = jwk.ext;
  for (const member of JWK_MEMBERS[jwk.kty] ?? []) {
    if (jwk[member] !== undefined) ordered[member] = jwk[member];
  }
  for (const member in jwk) {
    if (member !== "alg" && ordered[member] === undefined) ordered[member] = jwk[member];
  }
  return ordered;
}

/** Installs the above on SubtleCrypto and CryptoKey; run once, into the snapshot. */
export function installCryptoExtras() {
  const subtle = crypto.SubtleCrypto.prototype;
  const original = {};
  for (const name of ["generateKey", "importKey", "sign", "verify", "exportKey", "unwrapKey"]) original[name] = subtle[name];
  const replace = (name, method) => {
    ObjectDefineProperty(method, "name", { value: name });
    ObjectDefineProperty(method, "length", { value: original[name].length });
    ObjectDefineProperty(subtle, name, core.propWritable(method));
  };
  // Each takes the original's arguments; a throw becomes a rejection, as the originals'.
  const promised = (run) =>
    function (...args) {
      try {
        return run(this, args);
      } catch (error) {
        return PromiseReject(error);
      }
    };
  replace("generateKey", promised((self, args) => {
    if (!isNodeName(args[0])) return FunctionPrototypeCall(original.generateKey, self, ...args);
    return markedNode(FunctionPrototypeCall(original.generateKey, self, ed25519For(args[0]), args[1], args[2]));
  }));
  replace("importKey", promised((self, args) => {
    if (!isNodeName(args[2])) return FunctionPrototypeCall(original.importKey, self, ...args);
    return markedNode(FunctionPrototypeCall(original.importKey, self, args[0], args[1], ed25519For(args[2]), args[3], args[4]));
  }));
  replace("unwrapKey", promised((self, args) => {
    if (!isNodeName(args[4])) return FunctionPrototypeCall(original.unwrapKey, self, ...args);
    const [format, wrapped, unwrappingKey, unwrapAlgorithm, algorithm, extractable, usages] = args;
    return markedNode(
      FunctionPrototypeCall(original.unwrapKey, self, format, wrapped, unwrappingKey, unwrapAlgorithm, ed25519For(algorithm), extractable, usages),
    );
  }));
  for (const name of ["sign", "verify"]) {
    replace(name, promised((self, args) => {
      const [algorithm, key, ...rest] = args;
      return FunctionPrototypeCall(original[name], self, signingAlgorithm(algorithm, key), key, ...rest);
    }));
  }
  replace("exportKey", promised((self, args) => {
    const exported = FunctionPrototypeCall(original.exportKey, self, ...args);
    if (args[0] !== "jwk") return exported;
    return PromisePrototypeThen(exported, (jwk) => workerdJwk(jwk, args[1]));
  }));

  const keyPrototype = crypto.CryptoKey.prototype;
  const algorithmOf = ObjectGetOwnPropertyDescriptor(keyPrototype, "algorithm").get;
  ObjectDefineProperty(keyPrototype, "algorithm", {
    get() {
      const own = FunctionPrototypeCall(algorithmOf, this);
      let shown = WeakMapPrototypeGet(algorithms, this);
      if (shown === undefined) {
        if (WeakSetPrototypeHas(nodeKeys, this)) {
          shown = { name: NODE_ED25519, namedCurve: NODE_ED25519 };
        } else {
          shown = { name: own.name };
          for (const member of ALGORITHM_MEMBERS) if (own[member] !== undefined) shown[member] = own[member];
          for (const member in own) if (shown[member] === undefined) shown[member] = own[member];
        }
        WeakMapPrototypeSet(algorithms, this, shown);
      }
      return shown;
    },
    enumerable: true,
    configurable: true,
  });
}
