// node:crypto's ECDH (createECDH), as web-push and other Node.js packages use
// it: keys from fixed private keys (so every answer is the same each run),
// shared secrets, compressed and hybrid points, convertKey, and the errors.
import crypto from "node:crypto";
import { Buffer } from "node:buffer";

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (k, f) => {
      try {
        r[k] = f();
      } catch (e) {
        r[k] = `threw: ${e.name}: ${e.message} ${e.code ?? ""}`.trim();
      }
    };
    const A = Buffer.alloc(32, 1);
    const B = Buffer.from("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", "hex");
    t("type", () => `${typeof crypto.createECDH} ${typeof crypto.ECDH} ${crypto.getCurves().includes("prime256v1")}`);
    t("publicFromPrivate", () => {
      const ecdh = crypto.createECDH("prime256v1");
      ecdh.setPrivateKey(A);
      return ecdh.getPublicKey("hex");
    });
    t("compressed", () => {
      const ecdh = crypto.createECDH("prime256v1");
      ecdh.setPrivateKey(A);
      return `${ecdh.getPublicKey("hex", "compressed")} ${ecdh.getPublicKey().length}`;
    });
    t("hybrid", () => {
      const ecdh = crypto.createECDH("prime256v1");
      ecdh.setPrivateKey(A);
      return ecdh.getPublicKey("hex", "hybrid");
    });
    t("privateBack", () => {
      const ecdh = crypto.createECDH("prime256v1");
      ecdh.setPrivateKey(A.toString("hex"), "hex");
      return `${ecdh.getPrivateKey("hex")} ${Buffer.isBuffer(ecdh.getPrivateKey())}`;
    });
    t("secret", () => {
      const a = crypto.createECDH("prime256v1");
      a.setPrivateKey(A);
      const b = crypto.createECDH("prime256v1");
      b.setPrivateKey(B);
      const ab = a.computeSecret(b.getPublicKey()).toString("hex");
      const ba = b.computeSecret(a.getPublicKey("hex"), "hex", "hex");
      const compressed = a.computeSecret(b.getPublicKey(null, "compressed")).toString("hex");
      return `${ab} ${ab === ba} ${ab === compressed}`;
    });
    t("generated", () => {
      const a = crypto.createECDH("secp384r1");
      const pub = a.generateKeys();
      const b = crypto.createECDH("secp384r1");
      const pubB = b.generateKeys("hex", "compressed");
      return `${pub.length} ${pubB.length} ${a.getPrivateKey().length} ${a.computeSecret(b.getPublicKey()).equals(b.computeSecret(pub))}`;
    });
    t("convertKey", () => {
      const a = crypto.createECDH("prime256v1");
      a.setPrivateKey(A);
      const compressed = crypto.ECDH.convertKey(a.getPublicKey(), "prime256v1", undefined, "hex", "compressed");
      const back = crypto.ECDH.convertKey(compressed, "prime256v1", "hex", "hex", "uncompressed");
      return `${compressed === a.getPublicKey("hex", "compressed")} ${back === a.getPublicKey("hex")}`;
    });
    t("badCurve", () => crypto.createECDH("nope"));
    t("badPublic", () => {
      const a = crypto.createECDH("prime256v1");
      a.setPrivateKey(A);
      return a.computeSecret(Buffer.alloc(65, 4));
    });
    t("badPrivate", () => crypto.createECDH("prime256v1").setPrivateKey(Buffer.alloc(32, 0)));
    t("noKeys", () => crypto.createECDH("prime256v1").getPublicKey());
    t("badFormat", () => {
      const a = crypto.createECDH("prime256v1");
      a.generateKeys();
      return a.getPublicKey("hex", "sideways");
    });
    return Response.json(r);
  },
};
