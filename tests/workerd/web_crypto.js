// crypto.subtle as workerd has it: digests, HMAC, AES (GCM, CBC, CTR, KW),
// RSA (PKCS#1 v1.5, PSS, OAEP), ECDSA and ECDH, Ed25519, PBKDF2, HKDF; key
// objects, imports and exports (raw, JWK, SPKI, PKCS#8), and the errors that
// wrong use gets. Signatures that are random (ECDSA, PSS) are verified, not
// compared.
// Recorded with a current compatibility date (web_crypto.capnp.in), as a new
// project has; older dates turn some of workerd's standard behaviour off.
const enc = new TextEncoder();
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (n, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const keyInfo = (key) => `${key.type} ${key.extractable} ${JSON.stringify(key.algorithm)} ${[...key.usages].sort()}`;

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const s = crypto.subtle;
    for (const algorithm of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
      await t(`digest ${algorithm}`, async () => hex(await s.digest(algorithm, enc.encode("abc"))));
    }
    await t("digestObject", async () => hex(await s.digest({ name: "sha-256" }, enc.encode(""))));
    await t("digestMD5", async () => hex(await s.digest("MD5", enc.encode("abc"))));
    await t("digestUnknown", async () => hex(await s.digest("SHA-3", enc.encode("abc"))));

    // HMAC
    const hmac = await s.importKey("raw", bytes(32), { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    await t("hmacKey", () => keyInfo(hmac));
    await t("hmacSign", async () => hex(await s.sign("HMAC", hmac, enc.encode("message"))));
    await t("hmacVerify", async () => s.verify("HMAC", hmac, await s.sign("HMAC", hmac, enc.encode("m")), enc.encode("m")));
    await t("hmacJwk", async () => JSON.stringify(await s.exportKey("jwk", hmac)));
    await t("hmacGenerate", async () => keyInfo(await s.generateKey({ name: "HMAC", hash: "SHA-512" }, false, ["sign"])));
    await t("hmacGenerateLength", async () => keyInfo(await s.generateKey({ name: "HMAC", hash: "SHA-256", length: 128 }, true, ["sign"])));
    await t("hmacWrongUsage", async () => s.encrypt({ name: "AES-GCM", iv: bytes(12) }, hmac, bytes(4)));
    await t("hmacNoUsage", async () => s.importKey("raw", bytes(16), { name: "HMAC", hash: "SHA-256" }, true, ["encrypt"]));
    await t("hmacEmptyKey", async () => s.importKey("raw", new Uint8Array(0), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]));
    await t("extractableFalse", async () => {
      const key = await s.importKey("raw", bytes(16), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return JSON.stringify(await s.exportKey("raw", key));
    });

    // AES
    const gcm = await s.importKey("raw", bytes(16), "AES-GCM", true, ["encrypt", "decrypt"]);
    await t("gcmKey", () => keyInfo(gcm));
    await t("gcmEncrypt", async () => hex(await s.encrypt({ name: "AES-GCM", iv: bytes(12, 7) }, gcm, enc.encode("plain text"))));
    await t("gcmAad", async () => hex(await s.encrypt({ name: "AES-GCM", iv: bytes(12, 7), additionalData: bytes(5), tagLength: 96 }, gcm, enc.encode("x"))));
    await t("gcmRoundTrip", async () => {
      const iv = bytes(12, 3);
      const sealed = await s.encrypt({ name: "AES-GCM", iv }, gcm, enc.encode("round"));
      return new TextDecoder().decode(await s.decrypt({ name: "AES-GCM", iv }, gcm, sealed));
    });
    await t("gcmTampered", async () => {
      const iv = bytes(12, 3);
      const sealed = new Uint8Array(await s.encrypt({ name: "AES-GCM", iv }, gcm, enc.encode("round")));
      sealed[0] ^= 1;
      return await s.decrypt({ name: "AES-GCM", iv }, gcm, sealed);
    });
    await t("gcmBadKeyLength", async () => s.importKey("raw", bytes(15), "AES-GCM", true, ["encrypt"]));
    await t("gcmJwk", async () => JSON.stringify(await s.exportKey("jwk", gcm)));
    const cbc = await s.importKey("raw", bytes(32), "AES-CBC", false, ["encrypt", "decrypt"]);
    await t("cbcEncrypt", async () => hex(await s.encrypt({ name: "AES-CBC", iv: bytes(16, 9) }, cbc, enc.encode("sixteen bytes!!!+"))));
    await t("cbcBadIv", async () => s.encrypt({ name: "AES-CBC", iv: bytes(8) }, cbc, enc.encode("x")));
    const ctr = await s.importKey("raw", bytes(16), "AES-CTR", false, ["encrypt"]);
    await t("ctrEncrypt", async () => hex(await s.encrypt({ name: "AES-CTR", counter: bytes(16, 2), length: 64 }, ctr, enc.encode("counter mode"))));
    await t("aesKw", async () => {
      const kek = await s.importKey("raw", bytes(16), "AES-KW", false, ["wrapKey", "unwrapKey"]);
      const wrapped = await s.wrapKey("raw", gcm, kek, "AES-KW");
      const back = await s.unwrapKey("raw", wrapped, kek, "AES-KW", "AES-GCM", true, ["encrypt"]);
      return `${hex(wrapped)} ${keyInfo(back)}`;
    });
    await t("aesGenerate", async () => keyInfo(await s.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"])));

    // RSA
    const rsa = await s.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
    await t("rsaKeys", () => `${keyInfo(rsa.privateKey)} | ${keyInfo(rsa.publicKey)}`);
    await t("rsaSignVerify", async () => {
      const sig = await s.sign("RSASSA-PKCS1-v1_5", rsa.privateKey, enc.encode("m"));
      const again = await s.sign("RSASSA-PKCS1-v1_5", rsa.privateKey, enc.encode("m"));
      return `${sig.byteLength} ${hex(sig) === hex(again)} ${await s.verify("RSASSA-PKCS1-v1_5", rsa.publicKey, sig, enc.encode("m"))}`;
    });
    await t("rsaJwkFields", async () => Object.keys(await s.exportKey("jwk", rsa.publicKey)).join(","));
    await t("rsaJwkPrivateFields", async () => Object.keys(await s.exportKey("jwk", rsa.privateKey)).join(","));
    await t("rsaSpkiRoundTrip", async () => {
      const spki = await s.exportKey("spki", rsa.publicKey);
      const back = await s.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
      return `${spki.byteLength} ${keyInfo(back)}`;
    });
    await t("rsaPkcs8RoundTrip", async () => {
      const pkcs8 = await s.exportKey("pkcs8", rsa.privateKey);
      const back = await s.importKey("pkcs8", pkcs8, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
      return keyInfo(back);
    });
    await t("rsaPss", async () => {
      const pss = await s.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-384" }, false, ["sign", "verify"]);
      const sig = await s.sign({ name: "RSA-PSS", saltLength: 32 }, pss.privateKey, enc.encode("m"));
      return `${sig.byteLength} ${await s.verify({ name: "RSA-PSS", saltLength: 32 }, pss.publicKey, sig, enc.encode("m"))}`;
    });
    await t("rsaOaep", async () => {
      const oaep = await s.generateKey({ name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, false, ["encrypt", "decrypt"]);
      const sealed = await s.encrypt({ name: "RSA-OAEP", label: bytes(3) }, oaep.publicKey, enc.encode("secret"));
      return `${sealed.byteLength} ${new TextDecoder().decode(await s.decrypt({ name: "RSA-OAEP", label: bytes(3) }, oaep.privateKey, sealed))}`;
    });
    await t("rsaSmallModulus", async () => s.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 256, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign"]));

    // EC
    for (const curve of ["P-256", "P-384", "P-521"]) {
      await t(`ecdsa ${curve}`, async () => {
        const pair = await s.generateKey({ name: "ECDSA", namedCurve: curve }, true, ["sign", "verify"]);
        const hash = { "P-256": "SHA-256", "P-384": "SHA-384", "P-521": "SHA-512" }[curve];
        const sig = await s.sign({ name: "ECDSA", hash }, pair.privateKey, enc.encode("m"));
        const jwk = await s.exportKey("jwk", pair.publicKey);
        const raw = await s.exportKey("raw", pair.publicKey);
        return `${sig.byteLength} ${await s.verify({ name: "ECDSA", hash }, pair.publicKey, sig, enc.encode("m"))} ${Object.keys(jwk)} ${jwk.crv} ${raw.byteLength} ${keyInfo(pair.privateKey)}`;
      });
    }
    await t("ecdh", async () => {
      const a = await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
      const b = await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
      const ab = await s.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 256);
      const ba = await s.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, 256);
      return `${ab.byteLength} ${hex(ab) === hex(ba)} ${keyInfo(a.publicKey)}`;
    });
    await t("ecdsaWrongCurve", async () => s.generateKey({ name: "ECDSA", namedCurve: "P-999" }, true, ["sign"]));

    // Ed25519
    await t("ed25519", async () => {
      const pair = await s.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
      const sig = await s.sign("Ed25519", pair.privateKey, enc.encode("m"));
      const raw = await s.exportKey("raw", pair.publicKey);
      return `${sig.byteLength} ${await s.verify("Ed25519", pair.publicKey, sig, enc.encode("m"))} ${raw.byteLength} ${keyInfo(pair.publicKey)}`;
    });
    await t("ed25519Known", async () => {
      const pkcs8 = Uint8Array.from([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32, ...bytes(32, 5)]);
      const key = await s.importKey("pkcs8", pkcs8, "Ed25519", true, ["sign"]);
      return `${hex(await s.sign("Ed25519", key, enc.encode("known")))} ${JSON.stringify(await s.exportKey("jwk", key))}`;
    });
    await t("x25519", async () => {
      const a = await s.generateKey({ name: "X25519" }, false, ["deriveBits"]);
      const b = await s.generateKey({ name: "X25519" }, false, ["deriveBits"]);
      const bits = await s.deriveBits({ name: "X25519", public: b.publicKey }, a.privateKey, 256);
      return `${bits.byteLength} ${keyInfo(a.publicKey)}`;
    });

    // Workers' old name for Ed25519, and exported JWKs.
    const NODE = { name: "NODE-ED25519", namedCurve: "NODE-ED25519" };
    const pkcs8 = Uint8Array.from([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32, ...bytes(32, 5)]);
    await t("importPkcs8", async () => { const k = await s.importKey("pkcs8", pkcs8, NODE, true, ["sign"]); return `${JSON.stringify(k.algorithm)} ${k.type} ${k.algorithm === k.algorithm}`; });
    await t("signNode", async () => { const k = await s.importKey("pkcs8", pkcs8, NODE, true, ["sign"]); return hex(await s.sign(NODE, k, enc.encode("known"))); });
    await t("signNodeString", async () => { const k = await s.importKey("pkcs8", pkcs8, NODE, true, ["sign"]); return hex(await s.sign("NODE-ED25519", k, enc.encode("known"))); });
    await t("signEdOnNode", async () => { const k = await s.importKey("pkcs8", pkcs8, NODE, true, ["sign"]); return hex(await s.sign("Ed25519", k, enc.encode("known"))); });
    await t("signNodeOnEd", async () => { const k = await s.importKey("pkcs8", pkcs8, "Ed25519", true, ["sign"]); return hex(await s.sign(NODE, k, enc.encode("known"))); });
    await t("rawVerify", async () => {
      const pair = await s.generateKey(NODE, true, ["sign", "verify"]);
      const raw = await s.exportKey("raw", pair.publicKey);
      const pub = await s.importKey("raw", raw, NODE, false, ["verify"]);
      const sig = await s.sign(NODE, pair.privateKey, enc.encode("m"));
      return `${raw.byteLength} ${await s.verify(NODE, pub, sig, enc.encode("m"))} ${await s.verify("NODE-ED25519", pub, sig, enc.encode("x"))} ${JSON.stringify(pair.publicKey.algorithm)} ${JSON.stringify(pub.algorithm)}`;
    });
    await t("jwk", async () => { const k = await s.importKey("pkcs8", pkcs8, NODE, true, ["sign"]); return JSON.stringify(await s.exportKey("jwk", k)); });
    await t("noCurve", async () => JSON.stringify((await s.generateKey({ name: "NODE-ED25519" }, true, ["sign", "verify"])).publicKey.algorithm));
    await t("otherCurve", async () => JSON.stringify((await s.generateKey({ name: "NODE-ED25519", namedCurve: "P-256" }, true, ["sign", "verify"])).publicKey.algorithm));
    await t("lower", async () => JSON.stringify((await s.generateKey({ name: "node-ed25519", namedCurve: "NODE-ED25519" }, true, ["sign", "verify"])).publicKey.algorithm));
    await t("usages", async () => [...(await s.generateKey(NODE, true, ["sign", "verify"])).privateKey.usages].join());
    await t("ecPrivateJwk", async () => Object.keys(await s.exportKey("jwk", (await s.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"])).privateKey)).join());
    await t("ecdhJwk", async () => Object.keys(await s.exportKey("jwk", (await s.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])).privateKey)).join());
    await t("x25519Jwk", async () => Object.keys(await s.exportKey("jwk", (await s.generateKey({ name: "X25519" }, true, ["deriveBits"])).privateKey)).join());
    await t("pssJwk", async () => JSON.stringify(Object.entries(await s.exportKey("jwk", (await s.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-384" }, true, ["sign"])).publicKey)).filter(([k]) => k !== "n")));
    await t("oaepJwk", async () => JSON.stringify(Object.entries(await s.exportKey("jwk", (await s.generateKey({ name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" }, true, ["encrypt"])).publicKey)).filter(([k]) => k !== "n")));
    await t("cbcJwk", async () => JSON.stringify(await s.exportKey("jwk", await s.importKey("raw", bytes(16), "AES-CBC", true, ["encrypt"]))));
    await t("kwJwk", async () => JSON.stringify(await s.exportKey("jwk", await s.importKey("raw", bytes(32), "AES-KW", true, ["wrapKey"]))));
    await t("ctrAlg", async () => JSON.stringify((await s.importKey("raw", bytes(16), "AES-CTR", true, ["encrypt"])).algorithm));
    await t("pbkdfAlg", async () => JSON.stringify((await s.importKey("raw", bytes(16), "PBKDF2", false, ["deriveBits"])).algorithm));
    await t("pssAlg", async () => JSON.stringify((await s.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-384" }, true, ["sign"])).publicKey.algorithm));
    await t("sameAlgorithm", async () => { const k = await s.importKey("raw", bytes(16), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]); return k.algorithm === k.algorithm; });
    await t("jwkRoundTrips", async () => {
      const results = [];
      for (const [algorithm, usages] of [[{ name: "Ed25519" }, ["sign", "verify"]], [{ name: "ECDSA", namedCurve: "P-256" }, ["sign", "verify"]], [NODE, ["sign", "verify"]]]) {
        const pair = await s.generateKey(algorithm, true, usages);
        const jwk = await s.exportKey("jwk", pair.publicKey);
        const back = await s.importKey("jwk", jwk, algorithm, true, ["verify"]);
        results.push(keyInfo(back));
      }
      return results.join(" | ");
    });
    await t("subtleLengths", () => ["generateKey", "importKey", "sign", "verify", "exportKey", "unwrapKey", "digest"].map((m) => `${m}:${s[m].length}`).join());

    // Key derivation
    const password = await s.importKey("raw", enc.encode("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
    await t("pbkdf2Key", () => keyInfo(password));
    await t("pbkdf2", async () => hex(await s.deriveBits({ name: "PBKDF2", salt: enc.encode("salt"), iterations: 1000, hash: "SHA-256" }, password, 256)));
    await t("pbkdf2DeriveKey", async () => keyInfo(await s.deriveKey({ name: "PBKDF2", salt: enc.encode("salt"), iterations: 10, hash: "SHA-1" }, password, { name: "AES-GCM", length: 128 }, true, ["encrypt"])));
    await t("pbkdf2ZeroIterations", async () => s.deriveBits({ name: "PBKDF2", salt: enc.encode("s"), iterations: 0, hash: "SHA-256" }, password, 256));
    const ikm = await s.importKey("raw", bytes(22), "HKDF", false, ["deriveBits"]);
    await t("hkdf", async () => hex(await s.deriveBits({ name: "HKDF", salt: bytes(13), info: bytes(10), hash: "SHA-256" }, ikm, 336)));
    await t("hkdfNoLength", async () => s.deriveBits({ name: "HKDF", salt: bytes(13), info: bytes(10), hash: "SHA-256" }, ikm, null));

    // Errors and shapes
    await t("unknownAlgorithm", async () => s.generateKey({ name: "FOO" }, true, ["sign"]));
    await t("badFormat", async () => s.importKey("pem", bytes(4), "AES-GCM", true, ["encrypt"]));
    await t("jwkImport", async () => {
      const key = await s.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A128GCM", ext: true }, "AES-GCM", true, ["encrypt"]);
      return keyInfo(key);
    });
    await t("jwkWrongAlg", async () => s.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A256GCM" }, "AES-GCM", true, ["encrypt"]));
    await t("cryptoKeyClass", () => `${typeof CryptoKey} ${hmac instanceof CryptoKey} ${Object.prototype.toString.call(hmac)}`);
    await t("subtleToString", () => Object.prototype.toString.call(s));
    await t("getRandomValuesFloat", () => crypto.getRandomValues(new Float32Array(4)));
    await t("getRandomValuesTypes", () => [Int8Array, Uint16Array, Int32Array, BigUint64Array].map((T) => crypto.getRandomValues(new T(2)).length).join());
    await t("randomUUIDShape", () => crypto.randomUUID().length);
    await t("digestStream", () => typeof crypto.DigestStream);
    return Response.json(r);
  },
};
