// node:util under nodejs_compat: format placeholders, inspect of everyday
// values, promisify/callbackify, util.types checks, isDeepStrictEqual,
// inherits, deprecate, and the text codecs that are the globals.
import util from "node:util";
import * as utilModule from "node:util";
import { promisify, callbackify, format, inspect, types, TextEncoder as UtilTextEncoder, TextDecoder as UtilTextDecoder } from "node:util";

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
    t("defaultExport", () => util.format === format && utilModule.default === util);
    t("formatS", () => format("%s and %s", "a", 42, "extra"));
    t("formatSObject", () => format("%s|%s|%s", { a: 1 }, [1, 2], null));
    t("formatD", () => format("%d %d %d %d", 42, "7.5", "x", 10n));
    t("formatI", () => format("%i %i", 42.9, "-3.7"));
    t("formatF", () => format("%f", "1.5"));
    t("formatJ", () => format("%j %j", { a: [1, "b"] }, "s"));
    t("formatJCircular", () => { const o = {}; o.o = o; return format("%j", o); });
    t("formatO", () => format("%o", { a: 1, b: "x" }));
    t("formatOBig", () => format("%O", { a: 1, b: { c: [1, 2] } }));
    t("formatPercent", () => format("100%% done %s", "ok"));
    t("formatMissing", () => format("%s %s", "only"));
    t("formatNoString", () => format(1, "a", { b: 2 }));
    t("inspectObject", () => inspect({ a: 1, b: "two", c: [3, 4], d: null, e: undefined }));
    t("inspectNested", () => inspect({ a: { b: { c: { d: 1 } } } }));
    t("inspectDepth0", () => inspect({ a: { b: 1 }, c: [1] }, { depth: 0 }));
    t("inspectDepthInfinity", () => inspect({ a: { b: { c: { d: { e: 1 } } } } }, { depth: Infinity, colors: false }));
    t("inspectArray", () => inspect([1, "a", [2, [3, [4, [5]]]], { x: 1 }]));
    t("inspectLongArray", () => inspect(Array.from({ length: 120 }, (_, i) => i)).split("\n").length);
    t("inspectString", () => inspect("it's \"q\"\n"));
    t("inspectPrimitives", () => [inspect(1), inspect(-0), inspect(10n), inspect(Symbol("s")), inspect(null), inspect(undefined), inspect(true)].join(" "));
    t("inspectMap", () => inspect(new Map([["a", 1], [{ k: 1 }, [2]]])));
    t("inspectSet", () => inspect(new Set([1, "two"])));
    t("inspectDate", () => inspect(new Date(0)));
    t("inspectClass", () => { class Point { constructor() { this.x = 1; this.y = 2; } } return inspect(new Point()); });
    t("inspectNullProto", () => { const o = Object.create(null); o.a = 1; return inspect(o); });
    t("inspectCircular", () => { const o = { name: "loop" }; o.self = o; return inspect(o); });
    t("inspectFunction", () => [inspect(function named() {}), inspect(() => {}), inspect(class K {})].join(" "));
    t("inspectError", () => inspect(new TypeError("bad")).split("\n")[0]);
    t("inspectRegExp", () => inspect(/ab+c/gi));
    t("inspectTyped", () => inspect(new Uint8Array([1, 2, 3])));
    t("inspectBuffer", () => inspect(Buffer.from("hi")));
    t("inspectPromise", () => inspect(Promise.resolve(4)));
    t("inspectSymbolKey", () => inspect({ [Symbol("k")]: 1, "a-b": 2 }));
    t("inspectCustom", () => inspect({ [inspect.custom]: () => "CUSTOM" }));
    t("inspectCustomDescription", () => inspect.custom.description + " " + (inspect.custom === Symbol.for("nodejs.util.inspect.custom")));
    t("inspectLongString", () => inspect({ s: "x".repeat(100) }).length);
    t("inspectBreak", () => inspect({ alpha: "aaaaaaaaaa", beta: "bbbbbbbbbb", gamma: "cccccccccc", delta: "dddddddddd", epsilon: 1 }));
    await ta("promisify", async () => {
      const cbStyle = (a, b, cb) => setTimeout(() => cb(null, a + b), 1);
      const failing = (cb) => cb(new Error("nope"));
      const ok = await promisify(cbStyle)(2, 3);
      let failed;
      try { await promisify(failing)(); } catch (err) { failed = err.message; }
      return `${ok} ${failed}`;
    });
    await ta("promisifyCustom", async () => {
      function f() {}
      f[promisify.custom] = () => Promise.resolve("custom");
      return `${await promisify(f)()} ${promisify(f) === f[promisify.custom]} ${promisify.custom === Symbol.for("nodejs.util.promisify.custom")}`;
    });
    await ta("callbackify", async () => {
      const ok = callbackify(async (x) => x * 2);
      const bad = callbackify(async () => { throw new Error("cb-bad"); });
      const a = await new Promise((res) => ok(21, (err, v) => res(`${err} ${v}`)));
      const b = await new Promise((res) => bad((err, v) => res(`${err.message} ${v}`)));
      return `${a}|${b}`;
    });
    t("types", () => [
      types.isPromise(Promise.resolve()), types.isPromise({ then() {} }),
      types.isDate(new Date(0)), types.isRegExp(/x/), types.isUint8Array(Buffer.alloc(1)), types.isUint8Array(new Uint16Array(1)),
      types.isAnyArrayBuffer(new ArrayBuffer(1)), types.isAnyArrayBuffer(new SharedArrayBuffer(1)), types.isMap(new Map()), types.isAsyncFunction(async () => {}),
      types.isGeneratorFunction(function* () {}), types.isBoxedPrimitive(Object(1)), types.isNativeError(new RangeError()),
    ].join(","));
    t("isDeepStrictEqual", () => [
      util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
      util.isDeepStrictEqual({ a: 1 }, { a: "1" }),
      util.isDeepStrictEqual(new Set([1, 2]), new Set([2, 1])),
      util.isDeepStrictEqual([1, 2], [1, 2, 3]),
      util.isDeepStrictEqual(NaN, NaN),
    ].join(","));
    t("inherits", () => {
      function Base() {}
      Base.prototype.hello = function () { return "hello from base"; };
      function Child() { Base.call(this); }
      util.inherits(Child, Base);
      const c = new Child();
      return `${c.hello()} ${c instanceof Base} ${Child.super_ === Base}`;
    });
    t("deprecate", () => {
      const f = util.deprecate((x) => x + 1, "old api", "DEP0999");
      return `${typeof f} ${f(1)}`;
    });
    t("textCodecs", () => `${UtilTextEncoder === globalThis.TextEncoder} ${UtilTextDecoder === globalThis.TextDecoder}`);
    t("legacyIs", () => ["isArray", "isBoolean", "isString", "isFunction", "isObject", "isPrimitive"].map((k) => `${k}:${typeof util[k]}`).join(","));
    t("stripVTControlCharacters", () => typeof util.stripVTControlCharacters === "function" ? util.stripVTControlCharacters("\u001b[31mred\u001b[39m") : "absent");
    t("toUSVString", () => typeof util.toUSVString === "function" ? util.toUSVString("a\ud800b") : "absent");
    t("parseArgs", () => typeof util.parseArgs);
    t("keyCount", () => Object.keys(util).length);
    t("keys", () => Object.keys(util).sort().join(","));
    return Response.json(r);
  },
};
