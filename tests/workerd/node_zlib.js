// node:zlib under nodejs_compat: the sync helpers round-trip, deflate/gzip of a
// fixed input give fixed bytes, the callback API and createGzip stream work,
// and corrupt input fails with a zlib error an app can recognise.
import zlib from "node:zlib";
import * as zlibModule from "node:zlib";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

const input = "hello hello hello hello, zlib!";

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
    const big = Buffer.from("abcdefghij".repeat(1000));
    t("defaultExport", () => zlibModule.default === zlib && typeof zlib.gzipSync === "function");
    t("gzipRoundtrip", () => zlib.gunzipSync(zlib.gzipSync(input)).toString() === input);
    t("gzipHex", () => zlib.gzipSync(input).toString("hex"));
    t("gzipBigShrinks", () => zlib.gzipSync(big).length < 200 && zlib.gunzipSync(zlib.gzipSync(big)).equals(big));
    t("deflateRoundtrip", () => zlib.inflateSync(zlib.deflateSync(input)).toString() === input);
    t("deflateHex", () => zlib.deflateSync(input).toString("hex"));
    t("deflateLevel9Hex", () => zlib.deflateSync(input, { level: zlib.constants.Z_BEST_COMPRESSION }).toString("hex"));
    t("deflateRawRoundtrip", () => zlib.inflateRawSync(zlib.deflateRawSync(input)).toString() === input);
    t("deflateRawHex", () => zlib.deflateRawSync(input).toString("hex"));
    t("unzipSync", () => `${zlib.unzipSync(zlib.gzipSync(input)).toString() === input} ${zlib.unzipSync(zlib.deflateSync(input)).toString() === input}`);
    t("brotliRoundtrip", () => zlib.brotliDecompressSync(zlib.brotliCompressSync(input)).toString() === input);
    t("brotliBigShrinks", () => zlib.brotliCompressSync(big).length < 100 && zlib.brotliDecompressSync(zlib.brotliCompressSync(big)).equals(big));
    t("resultIsBuffer", () => Buffer.isBuffer(zlib.gzipSync("x")) && Buffer.isBuffer(zlib.inflateSync(zlib.deflateSync("x"))));
    t("acceptsUint8Array", () => zlib.inflateSync(zlib.deflateSync(new TextEncoder().encode("u8"))).toString());
    await ta("gzipCallback", () => new Promise((resolve) => {
      zlib.gzip(input, (err, compressed) => {
        if (err) return resolve(`error ${err.message}`);
        zlib.gunzip(compressed, (err2, plain) => resolve(`${err2} ${plain.toString() === input} ${Buffer.isBuffer(compressed)}`));
      });
    }));
    await ta("inflateCallbackError", () => new Promise((resolve) => {
      zlib.inflate(Buffer.from("not zlib data"), (err, out) => resolve(err ? `${err.name} | ${err.code} | ${err.message} | ${out}` : "no error"));
    }));
    await ta("createGzipStream", async () => {
      const chunks = [];
      await pipeline(
        Readable.from([Buffer.from("stream "), Buffer.from("of "), Buffer.from("chunks")]),
        zlib.createGzip(),
        new Writable({ write(c, e, cb) { chunks.push(c); cb(); } }),
      );
      return zlib.gunzipSync(Buffer.concat(chunks)).toString();
    });
    await ta("createGunzipStream", async () => {
      const chunks = [];
      await pipeline(Readable.from([zlib.gzipSync(input)]), zlib.createGunzip(), new Writable({ write(c, e, cb) { chunks.push(c); cb(); } }));
      return Buffer.concat(chunks).toString() === input;
    });
    t("inflateCorrupt", () => {
      try {
        zlib.inflateSync(Buffer.from("definitely not deflate"));
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message} | ${err.errno}`;
      }
    });
    t("gunzipCorrupt", () => {
      try {
        zlib.gunzipSync(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message} | ${err.errno}`;
      }
    });
    t("gunzipTruncated", () => {
      try {
        zlib.gunzipSync(zlib.gzipSync(input).subarray(0, 15));
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message} | ${err.errno}`;
      }
    });
    t("brotliCorrupt", () => {
      try {
        zlib.brotliDecompressSync(Buffer.from("not brotli at all"));
        return "no throw";
      } catch (err) {
        return `${err.name} | ${err.code} | ${err.message}`;
      }
    });
    t("crc32", () => typeof zlib.crc32 === "function" ? `${zlib.crc32("hello")} ${zlib.crc32("world", zlib.crc32("hello "))} ${zlib.crc32(Buffer.from(input))}` : "absent");
    t("constants", () => [zlib.constants.Z_BEST_COMPRESSION, zlib.constants.Z_NO_FLUSH, zlib.constants.Z_SYNC_FLUSH, zlib.constants.Z_DEFAULT_COMPRESSION, zlib.constants.BROTLI_PARAM_QUALITY, typeof zlib.Z_BEST_COMPRESSION].join(","));
    t("classes", () => ["Gzip", "Gunzip", "Deflate", "Inflate", "DeflateRaw", "InflateRaw", "Unzip", "BrotliCompress", "BrotliDecompress"].map((k) => `${k}:${typeof zlib[k]}`).join(","));
    t("zstd", () => typeof zlib.zstdCompressSync);
    return Response.json(r);
  },
};
