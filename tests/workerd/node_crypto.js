// node:crypto under nodejs_compat: hashes, HMAC and key derivation give fixed
// digests, AES-GCM/CBC with a fixed key and IV give fixed ciphertexts and
// round-trip, random helpers keep their shapes, key objects describe
// themselves, and RSA PKCS#1 v1.5 signatures (deterministic) sign and verify.
import crypto from "node:crypto";
import * as cryptoModule from "node:crypto";
import {
  createHash, createHmac, pbkdf2Sync, scryptSync, hkdfSync, randomBytes, randomUUID, randomInt,
  timingSafeEqual, createCipheriv, createDecipheriv, createSecretKey, createPublicKey, createPrivateKey,
  createSign, createVerify, KeyObject, webcrypto, getHashes, getCiphers,
} from "node:crypto";

const PRIVATE_PEM = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDoH6UC5NjUGzVk
ql6mmUvdMslTkesuUJYLdjIf0Rjlurc9nhXikJ9gM2Btcf0qwf2f99DuAUylJJdC
eFtpkz6R3SsjP5wiaR5yULPKvc0j2QS5NBkZ6i1FZD/LkEzxFKi8Bfvp2u8ieeIP
uMJ3kLcHmmhRB9+IjV4VEj74g5sQPcYwG5OD9DDYi7QdLFjnj7dix42T3+KOAqSc
VINIM04/mt9gxQtDTV9IHBMWRogbC6D/sVQemvUh/10ITu+8WzwSU4IHj8dONFHI
ZVYMAATOv575ApCEfSsBr+edLb4lP04o16r0cNr+f8wQeJ21aV5WV1SffmRcktcl
21OwPGDnAgMBAAECggEAB0uG/pMsY1NZRhy/hjp3MqGTAr2fcZGu3YFtU3bjLbG6
zRNxsGbMUQB544an2ANbb5xSPPlAom+QsANeZj7khyryXSgwqAgKjS+2fZOhtHsh
vPx5hBfdyiHZJ+D3cNbLfWCkJt2HJqqSyvCK+Klg6kSaNpoHeRFadio4v7f8CosR
meLxsXfAOJPTYsog9XMRfAdF3aW5ED3yaanDxQu7a7LCu/mO6uCw4KM4d17sT0m9
oaZbtmg5LCQP26Jwpt52UfGzCIzbtg6UoJy/HTES8MjJ2tq73IIqtf9neYzQCVds
uil8mco7ltAo7suwNu6I/cJvJKwv4VLxKsLwAY/3VQKBgQD1hDxDBZiPDdsUUT4b
xzSM1HUSDT0RsSHup4vadiIb/21FEjSPaU8QwVZIHMz6CYm5nvTem/fpICFWUmqm
xLS4nmqbfivC97GjlMmyPEgeszvDRUA0lIAbJE7mA0X7CcKSaeYDbLn+J6J3RwxA
Pz+fFy97W4rQfnqU1BdI8/MZnQKBgQDyCQJ/nIoR8vR5NWB4npJv2MBIziaRks/2
8COXvBiHaNBLxb01h2gROAfSikyWG1lWR5s9/rVIvb12L60I52RlGoCsn51DqBAV
ZKb/tuTQchDoiz9088uJmndpOpDVIAAEJmLkAw/j8TPrF0cTdEgwcNWPU6Dwtn3L
AazAaJBvUwKBgEK/HYb3CX+yu6GtaJ4yrQWwaNdsg/LAXkI8iJfuz90etv01Mtbe
QWGDvkpCkjNTzn6JSXcPnfliA84s/9Ow3JTodIErbwhFQKUBOUhcfRrjjVbMB+WD
jcRTPaPotejGwX/+jErYD0SaT9/vj9QTnd9JdV4rB/UgvYCinGX39Fo9AoGBAIHo
pBaqhtErflywcZ9MPX0a8doiDEGGc2kva2s94kyLzYFeGThp/UmAsXIoGQNYmpLc
zE5yMAtjDBYrcMyephw+JWKCKX7u7fMNmzUVjar0Dm9CjkTPtiedaQpqDOLX0ipo
EBwiKJ1IEX3VeKjQeQ7HAVl0oaWRzeLwezCq7xtRAoGAJuAFZbPP/z0FnnadVi1K
R88YCIw/766XZMyWH9PTGeZkaM/uYTY91b/FXZG1N96eqf2AWewG0N9BBS6CTcLR
D/O91hYXsJFyKEQEpEKeQvDXtEHrSYg2Fn9v36soOALfiuHWzhrxNEptS59v/b8m
YVi2578BYz/U1xj/qDVlIWk=
-----END PRIVATE KEY-----`;

const PUBLIC_PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6B+lAuTY1Bs1ZKpepplL
3TLJU5HrLlCWC3YyH9EY5bq3PZ4V4pCfYDNgbXH9KsH9n/fQ7gFMpSSXQnhbaZM+
kd0rIz+cImkeclCzyr3NI9kEuTQZGeotRWQ/y5BM8RSovAX76drvInniD7jCd5C3
B5poUQffiI1eFRI++IObED3GMBuTg/Qw2Iu0HSxY54+3YseNk9/ijgKknFSDSDNO
P5rfYMULQ01fSBwTFkaIGwug/7FUHpr1If9dCE7vvFs8ElOCB4/HTjRRyGVWDAAE
zr+e+QKQhH0rAa/nnS2+JT9OKNeq9HDa/n/MEHidtWleVldUn35kXJLXJdtTsDxg
5wIDAQAB
-----END PUBLIC KEY-----`;

const key32 = Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex");
const iv12 = Buffer.from("a0a1a2a3a4a5a6a7a8a9aaab", "hex");
const iv16 = Buffer.from("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf", "hex");
const plain = "attack at dawn, bring snacks";

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    const ta = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    t("defaultExport", () => cryptoModule.default === crypto && crypto.createHash === createHash);
    t("md5Hex", () => createHash("md5").update("hello").digest("hex"));
    t("sha1Hex", () => createHash("sha1").update("hello").digest("hex"));
    t("sha256Hex", () => createHash("sha256").update("hel").update("lo").digest("hex"));
    t("sha256Base64", () => createHash("sha256").update("hello").digest("base64"));
    t("sha512Hex", () => createHash("sha512").update(Buffer.from("hello")).digest("hex"));
    t("sha512Base64url", () => createHash("sha512").update("hello").digest("base64url"));
    t("digestBuffer", () => { const d = createHash("sha256").update("x").digest(); return `${Buffer.isBuffer(d)} ${d.length}`; });
    t("hashCopy", () => {
      const h = createHash("sha256").update("ab");
      if (typeof h.copy !== "function") return "absent";
      const c = h.copy();
      h.update("c");
      return `${c.digest("hex") === createHash("sha256").update("ab").digest("hex")} ${h.digest("hex") === createHash("sha256").update("abc").digest("hex")}`;
    });
    t("digestTwice", () => { const h = createHash("sha256"); h.digest(); h.digest(); return "no throw"; });
    t("hashUnknown", () => createHash("nope-hash"));
    t("hmacSha256", () => createHmac("sha256", "secret").update("message").digest("hex"));
    t("hmacKeyObject", () => createHmac("sha256", createSecretKey(Buffer.from("secret"))).update("message").digest("base64"));
    t("pbkdf2", () => pbkdf2Sync("password", "salt", 1000, 32, "sha256").toString("hex"));
    await ta("pbkdf2Callback", () => new Promise((resolve) => crypto.pbkdf2("password", "salt", 1, 16, "sha1", (err, key) => resolve(`${err} ${key.toString("hex")}`))));
    t("scrypt", () => scryptSync("password", "salt", 32, { N: 1024, r: 8, p: 1 }).toString("hex"));
    t("hkdf", () => Buffer.from(hkdfSync("sha256", "key", "salt", "info", 32)).toString("hex"));
    t("hkdfType", () => hkdfSync("sha256", "key", "salt", "info", 16) instanceof ArrayBuffer);
    t("randomBytes", () => { const b = randomBytes(16); return `${b.length} ${Buffer.isBuffer(b)}`; });
    await ta("randomBytesCallback", () => new Promise((resolve) => randomBytes(8, (err, b) => resolve(`${err} ${b.length}`))));
    t("randomUUID", () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(randomUUID()));
    t("randomInt", () => {
      for (let i = 0; i < 200; i++) {
        const a = randomInt(10);
        const b = randomInt(5, 8);
        if (!Number.isInteger(a) || a < 0 || a >= 10 || b < 5 || b >= 8) return `out of range ${a} ${b}`;
      }
      return "in range";
    });
    t("randomFillSync", () => { const u = new Uint8Array(4); const out = crypto.randomFillSync(u); return `${out === u} ${Object.prototype.toString.call(out)} ${out.length} ${out.buffer === u.buffer}`; });
    t("timingSafeEqual", () => `${timingSafeEqual(Buffer.from("abc"), Buffer.from("abc"))} ${timingSafeEqual(Buffer.from("abc"), Buffer.from("abd"))}`);
    t("timingSafeEqualLength", () => {
      try {
        timingSafeEqual(Buffer.from("a"), Buffer.from("ab"));
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message}`;
      }
    });
    let gcm = {};
    t("gcmEncrypt", () => {
      const cipher = createCipheriv("aes-256-gcm", key32, iv12);
      cipher.setAAD(Buffer.from("header"));
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      gcm = { ct, tag: cipher.getAuthTag() };
      return `${ct.toString("hex")} ${gcm.tag.toString("hex")}`;
    });
    t("gcmDecrypt", () => {
      const decipher = createDecipheriv("aes-256-gcm", key32, iv12);
      decipher.setAAD(Buffer.from("header"));
      decipher.setAuthTag(gcm.tag);
      return decipher.update(gcm.ct, undefined, "utf8") + decipher.final("utf8");
    });
    t("gcmBadTag", () => {
      const decipher = createDecipheriv("aes-256-gcm", key32, iv12);
      decipher.setAAD(Buffer.from("header"));
      decipher.setAuthTag(Buffer.alloc(16));
      decipher.update(gcm.ct);
      try {
        decipher.final();
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message}`;
      }
    });
    let cbc;
    t("cbcEncrypt", () => {
      const cipher = createCipheriv("aes-256-cbc", key32, iv16);
      cbc = cipher.update(plain, "utf8", "hex") + cipher.final("hex");
      return cbc;
    });
    t("cbcDecrypt", () => {
      const decipher = createDecipheriv("aes-256-cbc", key32, iv16);
      return decipher.update(cbc, "hex", "utf8") + decipher.final("utf8");
    });
    t("cbcWrongKey", () => {
      const decipher = createDecipheriv("aes-256-cbc", Buffer.alloc(32, 7), iv16);
      decipher.update(cbc, "hex");
      try {
        decipher.final();
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message}`;
      }
    });
    t("cipherBadKeyLength", () => createCipheriv("aes-256-cbc", Buffer.alloc(5), iv16));
    t("secretKey", () => {
      const k = createSecretKey(Buffer.from("0011223344", "hex"));
      return `${k.type} ${k.symmetricKeySize} ${k.export().toString("hex")} ${k instanceof KeyObject}`;
    });
    t("keyObject", () => typeof KeyObject);
    t("webcrypto", () => `${webcrypto === globalThis.crypto} ${typeof crypto.subtle} ${crypto.subtle === globalThis.crypto.subtle} ${typeof crypto.getRandomValues}`);
    t("getHashes", () => `${getHashes().includes("sha256")} ${getHashes().includes("md5")}`);
    t("getCiphers", () => `${getCiphers().includes("aes-256-gcm")} ${getCiphers().includes("aes-256-cbc")}`);
    t("ed25519KeyPair", () => {
      if (typeof crypto.generateKeyPairSync !== "function") return "absent";
      const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
      return `${publicKey.type} ${privateKey.type} ${publicKey.asymmetricKeyType}`;
    });
    t("publicKey", () => {
      const k = createPublicKey(PUBLIC_PEM);
      return `${k.type} ${k.asymmetricKeyType} ${k.asymmetricKeyDetails && k.asymmetricKeyDetails.modulusLength}`;
    });
    t("privateKey", () => {
      const k = createPrivateKey(PRIVATE_PEM);
      return `${k.type} ${k.asymmetricKeyType} ${createPublicKey(k).export({ type: "spki", format: "pem" }).trim() === PUBLIC_PEM.trim()}`;
    });
    let signature;
    t("rsaSign", () => {
      signature = createSign("RSA-SHA256").update("sign ").update("me").sign(PRIVATE_PEM, "hex");
      return signature;
    });
    t("rsaVerify", () => `${createVerify("RSA-SHA256").update("sign me").verify(PUBLIC_PEM, signature, "hex")} ${createVerify("RSA-SHA256").update("sign you").verify(PUBLIC_PEM, signature, "hex")}`);
    t("oneShotSign", () => typeof crypto.sign === "function" ? crypto.sign("sha256", Buffer.from("sign me"), PRIVATE_PEM).toString("hex") === signature : "absent");
    return Response.json(r);
  },
};
