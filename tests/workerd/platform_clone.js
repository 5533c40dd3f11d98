// request.cf (shapes only: under local workerd it holds addresses), the cf of
// Requests built in the worker, structuredClone of Error objects and
// DOMException, Response.type, and the CommonJS names in a module worker.
const shape = (value) => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
};

class CustomError extends Error {
  constructor(message) {
    super(message);
    this.name = "CustomError";
  }
}

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

    await t("cfType", () => shape(request.cf));
    await t("cfKeys", () => (request.cf ? Object.keys(request.cf).sort().join(",") : "none"));
    await t("cfShapes", () =>
      request.cf ? Object.keys(request.cf).sort().map((key) => `${key}:${shape(request.cf[key])}`).join(",") : "none");
    await t("cfFrozen", () => (request.cf ? `${Object.isFrozen(request.cf)} ${Object.isExtensible(request.cf)}` : "none"));
    await t("cfSame", () => request.cf === request.cf);
    await t("cfProto", () => (request.cf ? Object.getPrototypeOf(request.cf) === Object.prototype : "none"));
    await t("cfOnClone", () => shape(request.clone().cf));
    await t("cfOnCopy", () => shape(new Request(request).cf));
    await t("cfInPrototype", () => "cf" in Request.prototype);
    await t("cfOwn", () => Object.prototype.hasOwnProperty.call(request, "cf"));
    await t("newRequestCf", () => shape(new Request("http://x").cf));
    await t("newRequestCfOption", () => {
      const cf = new Request("http://x", { cf: { cacheTtl: 5, custom: "a" } }).cf;
      return cf ? `${shape(cf)} ${JSON.stringify(cf)}` : shape(cf);
    });
    await t("newRequestCfOptionSame", () => {
      const option = { cacheTtl: 5 };
      return new Request("http://x", { cf: option }).cf === option;
    });
    await t("newRequestCfOptionCopied", () => {
      const option = { cacheTtl: 5 };
      const made = new Request("http://x", { cf: option });
      option.cacheTtl = 6;
      return made.cf ? made.cf.cacheTtl : "none";
    });
    await t("newRequestCfFromRequest", () => {
      const base = new Request("http://x", { cf: { a: 1 } });
      const copy = new Request(base);
      return copy.cf ? JSON.stringify(copy.cf) : shape(copy.cf);
    });
    await t("newRequestCfBad", () => shape(new Request("http://x", { cf: 5 }).cf));

    // structuredClone of errors: what survives.
    const describe = (original) => {
      const copy = structuredClone(original);
      const own = Object.getOwnPropertyNames(copy).sort().join(",");
      return [
        `name ${JSON.stringify(copy.name)}`,
        `message ${JSON.stringify(copy.message)}`,
        `ctor ${copy.constructor.name}`,
        `Error ${copy instanceof Error}`,
        `TypeError ${copy instanceof TypeError}`,
        `RangeError ${copy instanceof RangeError}`,
        `CustomError ${copy instanceof CustomError}`,
        `stack ${typeof copy.stack === "string" && copy.stack.length > 0}`,
        `sameStack ${copy.stack === original.stack}`,
        `own ${own}`,
        `cause ${"cause" in copy ? JSON.stringify(copy.cause) : "absent"}`,
        `notSame ${copy !== original}`,
      ].join(" | ");
    };
    await t("cloneError", () => describe(new Error("boom")));
    await t("cloneTypeError", () => describe(new TypeError("bad type")));
    await t("cloneRangeError", () => describe(new RangeError("out of range")));
    await t("cloneSyntaxError", () => describe(new SyntaxError("syntax")));
    await t("cloneReferenceError", () => describe(new ReferenceError("ref")));
    await t("cloneEvalError", () => describe(new EvalError("eval")));
    await t("cloneUriError", () => describe(new URIError("uri")));
    await t("cloneAggregateError", () => describe(new AggregateError([new Error("a")], "agg")));
    await t("cloneCustom", () => describe(new CustomError("custom")));
    await t("cloneCustomNameOnly", () => {
      const err = new Error("renamed");
      err.name = "MyThing";
      return describe(err);
    });
    await t("cloneNameTypeError", () => {
      const err = new Error("renamed");
      err.name = "TypeError";
      return describe(err);
    });
    await t("cloneCause", () => describe(new Error("outer", { cause: "inner" })));
    await t("cloneCauseError", () => {
      const copy = structuredClone(new Error("outer", { cause: new TypeError("inner") }));
      const cause = copy.cause;
      return cause === undefined ? "no cause" : `${shape(cause)} ${cause instanceof Error ? `${cause.name}: ${cause.message}` : JSON.stringify(cause)}`;
    });
    await t("cloneCauseObject", () => {
      const copy = structuredClone(new Error("outer", { cause: { code: 7 } }));
      return JSON.stringify(copy.cause);
    });
    await t("cloneExtraProps", () => {
      const err = new Error("extra");
      err.code = "E_CODE";
      err.status = 404;
      err.detail = { nested: true };
      const copy = structuredClone(err);
      return `${describe(err)} | code ${JSON.stringify(copy.code)} status ${JSON.stringify(copy.status)} detail ${JSON.stringify(copy.detail)}`;
    });
    await t("cloneNumberMessage", () => describe(new Error(42)));
    await t("cloneObjectMessage", () => describe(new Error({ toString: () => "from object" })));
    await t("cloneNoMessage", () => describe(new Error()));
    await t("cloneMessageOverwritten", () => {
      const err = new Error("first");
      err.message = 5;
      return describe(err);
    });
    await t("cloneStackReplaced", () => {
      const err = new Error("stack");
      err.stack = "custom stack";
      return JSON.stringify(structuredClone(err).stack);
    });
    await t("cloneStackContent", () => {
      const err = new Error("where");
      const copy = structuredClone(err);
      return `${copy.stack.split("\n")[0]}`;
    });
    await t("clonePlainObjectWithErrorProto", () => {
      const fake = Object.create(Error.prototype);
      fake.message = "fake";
      return describe(fake);
    });
    await t("cloneErrorInObject", () => {
      const copy = structuredClone({ err: new RangeError("inside"), list: [new TypeError("in list")] });
      return `${copy.err.constructor.name}: ${copy.err.message}, ${copy.list[0].constructor.name}: ${copy.list[0].message}`;
    });
    await t("cloneDomException", () => describe(new DOMException("dom msg", "NotFoundError")));
    await t("cloneDomExceptionDetails", () => {
      const original = new DOMException("dom msg", "NotFoundError");
      const copy = structuredClone(original);
      return `ctor ${copy.constructor.name} DOMException ${copy instanceof DOMException} Error ${copy instanceof Error} name ${copy.name} message ${copy.message} code ${copy.code}`;
    });
    await t("cloneDomExceptionDefault", () => {
      const copy = structuredClone(new DOMException("plain"));
      return `${copy.constructor.name} ${copy.name} ${copy.code} ${JSON.stringify(copy.message)}`;
    });
    await t("cloneDomExceptionAbort", () => {
      const copy = structuredClone(new DOMException("stop", "AbortError"));
      return `${copy.constructor.name} ${copy.name} ${copy.code} ${copy.message}`;
    });
    await t("domExceptionOwnBefore", () => Object.getOwnPropertyNames(new DOMException("m", "DataError")).sort().join(","));
    await t("cloneDomExceptionExtraProps", () => {
      const original = new DOMException("m", "DataError");
      original.extra = 1;
      return String(structuredClone(original).extra);
    });
    await t("cloneDomExceptionStack", () => {
      const copy = structuredClone(new DOMException("s", "DataError"));
      return typeof copy.stack === "string" && copy.stack.length > 0;
    });

    // structuredClone of a DataView: a view of the same bytes over a copy of its
    // buffer, shared with the buffer itself when both are cloned together.
    await t("cloneDataView", () => {
      const bytes = new Uint8Array([1, 2, 3, 4, 5]);
      const copy = structuredClone(new DataView(bytes.buffer, 1, 3));
      bytes[1] = 9;
      return `${Object.prototype.toString.call(copy)} ${copy.byteOffset} ${copy.byteLength} ${copy.buffer.byteLength} ${copy.getUint8(0)} ${copy.getUint16(1)}`;
    });
    await t("cloneDataViewWithBuffer", () => {
      const view = new DataView(new ArrayBuffer(8), 2);
      const copy = structuredClone({ view, buffer: view.buffer, again: view });
      return `${copy.view.buffer === copy.buffer} ${copy.view === copy.again} ${copy.view.byteOffset} ${copy.view.byteLength}`;
    });
    await t("cloneDataViewEmpty", () => {
      const copy = structuredClone(new DataView(new ArrayBuffer(4), 4));
      return `${copy.byteOffset} ${copy.byteLength}`;
    });

    // Response.type
    await t("responseType", () => new Response("x").type);
    await t("responseErrorType", () => Response.error().type);
    await t("responseRedirectType", () => Response.redirect("http://x/", 302).type);
    await t("responseJsonType", () => Response.json({}).type);
    await t("fetchedResponseType", async () => {
      const url = new URL(request.url);
      url.pathname = "/ready";
      const response = await fetch(url);
      await response.text();
      return response.type;
    });

    // CommonJS names a module worker does not have.
    await t("typeofRequire", () => typeof require);
    await t("typeofModule", () => typeof module);
    await t("typeofExports", () => typeof exports);
    await t("typeofDirname", () => typeof __dirname);
    await t("typeofFilename", () => typeof __filename);
    await t("typeofGlobal", () => typeof global);
    return Response.json(r);
  },
};
