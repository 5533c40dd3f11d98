// node:buffer under nodejs_compat: the Buffer global, encodings both ways,
// slicing that shares memory, numeric reads and writes, search, and the
// helpers a real app reaches for (concat, compare, fill, JSON, atob/btoa).
import { Buffer as NodeBuffer, atob, btoa, constants, isUtf8 } from "node:buffer";
import * as bufferModule from "node:buffer";

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
    t("globalIsModule", () => typeof Buffer === "function" && Buffer === NodeBuffer);
    t("defaultExport", () => bufferModule.default.Buffer === NodeBuffer);
    t("instanceofUint8Array", () => Buffer.from("a") instanceof Uint8Array);
    const text = "héllo wörld €";
    t("fromUtf8", () => Buffer.from(text, "utf8").toString("hex"));
    t("fromHex", () => Buffer.from("48656c6c6f", "hex").toString());
    t("fromBase64", () => Buffer.from("aGVsbG8gd29ybGQ=", "base64").toString());
    t("fromBase64url", () => Buffer.from("-_8", "base64url").toString("hex"));
    t("fromLatin1", () => Buffer.from("é\u00ff", "latin1").toString("hex"));
    t("fromAscii", () => Buffer.from("abc\u00e9", "ascii").toString("hex"));
    t("fromUtf16le", () => Buffer.from("hé", "utf16le").toString("hex"));
    const bytes = Buffer.from([0, 1, 127, 128, 200, 255, 62, 63]);
    t("toEncodings", () => ["utf8", "hex", "base64", "base64url", "latin1", "ascii", "utf16le", "binary", "ucs2"].map((e) => `${e}=${JSON.stringify(bytes.toString(e))}`).join(" "));
    t("toStringRange", () => Buffer.from("hello world").toString("utf8", 6, 9));
    t("concat", () => Buffer.concat([Buffer.from("ab"), Buffer.from("cd"), new Uint8Array([101])]).toString());
    t("concatTotalLength", () => Buffer.concat([Buffer.from("abc"), Buffer.from("def")], 4).toString());
    t("compare", () => [Buffer.compare(Buffer.from("a"), Buffer.from("b")), Buffer.from("b").compare(Buffer.from("a")), Buffer.from("x").compare(Buffer.from("x"))].join(","));
    t("equals", () => [Buffer.from("abc").equals(Buffer.from("abc")), Buffer.from("abc").equals(Buffer.from("abd"))].join(","));
    t("sliceShares", () => {
      const b = Buffer.from("hello");
      const s = b.slice(1, 3);
      s[0] = 0x45;
      return `${b.toString()} ${s.toString()}`;
    });
    t("subarrayShares", () => {
      const b = Buffer.from("hello");
      const s = b.subarray(-2);
      s[1] = 0x4f;
      return `${b.toString()} ${s.toString()} ${Buffer.isBuffer(s)}`;
    });
    t("readUInt32BE", () => Buffer.from([0xde, 0xad, 0xbe, 0xef]).readUInt32BE(0));
    t("readInt32LE", () => Buffer.from([0xde, 0xad, 0xbe, 0xef]).readInt32LE(0));
    t("writeInt16LE", () => {
      const b = Buffer.alloc(4);
      const end = b.writeInt16LE(-2, 1);
      return `${b.toString("hex")} ${end}`;
    });
    t("readBigUInt64LE", () => Buffer.from([1, 2, 3, 4, 5, 6, 7, 0x88]).readBigUInt64LE(0).toString());
    t("writeDoubleBE", () => { const b = Buffer.alloc(8); b.writeDoubleBE(1.5); return b.toString("hex"); });
    t("readOutOfRange", () => Buffer.alloc(2).readUInt32BE(0));
    t("indexOf", () => [Buffer.from("abcabc").indexOf("c"), Buffer.from("abcabc").indexOf("c", 3), Buffer.from("abcabc").lastIndexOf("b"), Buffer.from("abc").indexOf("z"), Buffer.from("abc").indexOf(98)].join(","));
    t("includes", () => [Buffer.from("hello").includes("ell"), Buffer.from("hello").includes(Buffer.from("xyz"))].join(","));
    t("byteLength", () => [Buffer.byteLength(text), Buffer.byteLength("aGVsbG8=", "base64"), Buffer.byteLength("abcd", "hex"), Buffer.byteLength(new ArrayBuffer(7))].join(","));
    t("allocLengths", () => [Buffer.alloc(5).length, Buffer.allocUnsafe(7).length, Buffer.allocUnsafeSlow(3).length, Buffer.alloc(3).toString("hex")].join(","));
    t("allocFill", () => Buffer.alloc(5, "ab").toString());
    t("fill", () => Buffer.alloc(6).fill("xy", 1, 5).toString("hex"));
    t("fillNumber", () => Buffer.alloc(3).fill(257).toString("hex"));
    t("json", () => JSON.stringify(Buffer.from("hi!")));
    t("toJSON", () => JSON.stringify(Buffer.from([1, 2]).toJSON()));
    t("fromJSONShape", () => Buffer.from(JSON.parse(JSON.stringify(Buffer.from("ok")))).toString());
    t("isBuffer", () => [Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer("x")].join(","));
    t("isEncoding", () => ["utf8", "UTF-8", "hex", "base64url", "latin1", "binary", "utf16le", "ucs-2", "nope", ""].map((e) => Buffer.isEncoding(e)).join(","));
    t("fromArrayBufferView", () => {
      const ab = new ArrayBuffer(8);
      new Uint8Array(ab).set([1, 2, 3, 4, 5, 6, 7, 8]);
      const b = Buffer.from(ab, 2, 3);
      new Uint8Array(ab)[3] = 99;
      return `${b.toString("hex")} ${b.byteOffset} ${b.buffer === ab}`;
    });
    t("atobBtoa", () => `${btoa("hello")} ${atob("aGVsbG8=")} ${atob === globalThis.atob}`);
    t("maxLengthType", () => typeof constants.MAX_LENGTH);
    t("maxStringLengthType", () => typeof constants.MAX_STRING_LENGTH);
    t("isUtf8", () => typeof isUtf8 === "function" ? [isUtf8(Buffer.from("é")), isUtf8(Buffer.from([0xff]))].join(",") : typeof isUtf8);
    t("badEncoding", () => Buffer.from("x", "nope").toString());
    t("swap16", () => Buffer.from([1, 2, 3, 4]).swap16().toString("hex"));
    t("copy", () => { const a = Buffer.from("hello"); const b = Buffer.alloc(3); const n = a.copy(b, 0, 1); return `${n} ${b.toString()}`; });
    t("write", () => { const b = Buffer.alloc(6); const n = b.write("héllo", 1); return `${n} ${b.toString("hex")}`; });
    t("invalidUtf8", () => Buffer.from([0x61, 0xff, 0x62]).toString());
    t("exports", () => Object.keys(bufferModule).sort().join(","));
    return Response.json(r);
  },
};
