// node:assert under nodejs_compat: passing checks return quietly; failing ones
// throw an AssertionError whose name, code, first message line, actual,
// expected and operator an app (or a test runner) reads.
import assert from "node:assert";
import * as assertModule from "node:assert";
import strictAssert from "node:assert/strict";

const describe = (err) => {
  if (!err) return "no throw";
  const firstLine = String(err.message).split("\n")[0];
  const show = (v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : `${typeof v}:${String(v)}`);
  return `${err.name} | ${err.code} | ${firstLine} | ${show(err.actual)} | ${show(err.expected)} | ${err.operator} | ${err instanceof assert.AssertionError}`;
};

const fails = (f) => {
  try {
    f();
  } catch (err) {
    return describe(err);
  }
  return "no throw";
};

const failsAsync = async (f) => {
  try {
    await f();
  } catch (err) {
    return describe(err);
  }
  return "no throw";
};

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + String(err.message).split("\n")[0];
      }
    };
    const ta = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + String(err.message).split("\n")[0];
      }
    };
    const passes = (f) => {
      f();
      return "ok";
    };
    t("passAssert", () => passes(() => assert(true)));
    t("passOk", () => passes(() => assert.ok(1)));
    t("passEqualLoose", () => passes(() => assert.equal(1, "1")));
    t("passStrictEqual", () => passes(() => assert.strictEqual("a", "a")));
    t("passDeepStrictEqual", () => passes(() => assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })));
    t("passNotDeepStrictEqual", () => passes(() => assert.notDeepStrictEqual({ a: 1 }, { a: "1" })));
    t("passDeepEqualLoose", () => passes(() => assert.deepEqual({ a: 1 }, { a: "1" })));
    t("passNotStrictEqual", () => passes(() => assert.notStrictEqual(1, "1")));
    t("passMatch", () => passes(() => assert.match("abc", /b/)));
    t("passThrows", () => passes(() => assert.throws(() => { throw new TypeError("x"); }, TypeError)));
    t("equalIsStrictEqual", () => `${assert.equal === assert.strictEqual} ${assert.deepEqual === assert.deepStrictEqual}`);
    t("assertFalse", () => fails(() => assert(false)));
    t("assertFalseMessage", () => fails(() => assert(0, "custom message")));
    t("okFalse", () => fails(() => assert.ok(null)));
    t("equal", () => fails(() => assert.equal(1, 2)));
    t("strictEqual", () => fails(() => assert.strictEqual(1, "1")));
    t("strictEqualStrings", () => fails(() => assert.strictEqual("hello", "world")));
    t("strictEqualMessage", () => fails(() => assert.strictEqual(1, 2, "values differ")));
    t("strictEqualErrorMessage", () => fails(() => assert.strictEqual(1, 2, new RangeError("own error"))));
    t("notStrictEqual", () => fails(() => assert.notStrictEqual(5, 5)));
    t("deepStrictEqual", () => fails(() => assert.deepStrictEqual({ a: 1 }, { a: 2 })));
    t("deepStrictEqualTypes", () => fails(() => assert.deepStrictEqual([1], ["1"])));
    t("notDeepStrictEqual", () => fails(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })));
    t("deepEqualLoose", () => fails(() => assert.deepEqual({ a: 1 }, { a: 2 })));
    t("throwsNoThrow", () => fails(() => assert.throws(() => {})));
    t("throwsWrongType", () => fails(() => assert.throws(() => { throw new TypeError("t"); }, RangeError)));
    t("throwsObjectMatch", () => fails(() => assert.throws(() => { throw new Error("abc"); }, { message: "abc", name: "Error" })));
    t("throwsRegExp", () => fails(() => assert.throws(() => { throw new Error("abc"); }, /xyz/)));
    t("doesNotThrow", () => fails(() => assert.doesNotThrow(() => { throw new Error("inner"); })));
    t("match", () => fails(() => assert.match("abc", /x/)));
    t("doesNotMatch", () => fails(() => assert.doesNotMatch("abc", /b/)));
    t("fail", () => fails(() => assert.fail("explicit")));
    t("ifError", () => fails(() => assert.ifError(new Error("if-err"))));
    t("ifErrorNull", () => fails(() => assert.ifError(null)));
    await ta("rejectsPass", async () => { await assert.rejects(Promise.reject(new Error("r")), /r/); return "ok"; });
    await ta("rejectsResolved", () => failsAsync(() => assert.rejects(Promise.resolve(1))));
    await ta("rejectsWrong", () => failsAsync(() => assert.rejects(async () => { throw new Error("q"); }, { message: "other" })));
    await ta("doesNotReject", () => failsAsync(() => assert.doesNotReject(Promise.reject(new Error("dnr")))));
    t("assertionErrorClass", () => {
      const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual" });
      return `${e.name} ${e.code} ${e instanceof Error} ${e.generatedMessage}`;
    });
    t("strictMode", () => `${assert.strict === strictAssert} ${assert.strict.strict === assert.strict} ${typeof assert.strict.equal}`);
    t("strictEqualIsStrict", () => fails(() => assert.strict.equal(1, "1")));
    t("strictDeepEqualIsStrict", () => fails(() => strictAssert.deepEqual({ a: 1 }, { a: "1" })));
    t("defaultExport", () => assertModule.default === assert && typeof assertModule.strictEqual === "function");
    return Response.json(r);
  },
};
