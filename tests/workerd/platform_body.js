// Body, the prototype Request and Response share (its members read a body),
// TailEvent/TraceEvent, Response's `cf`, and the `Cloudflare` global, as
// workerd has them at a current compatibility date.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (k, f) => {
      try {
        r[k] = f();
      } catch (e) {
        r[k] = `threw: ${e.name}: ${e.message}`;
      }
    };
    const d = (o, n) => {
      const x = Object.getOwnPropertyDescriptor(o, n);
      return x ? `${typeof x.value} ${x.writable} ${x.enumerable} ${x.configurable} ${typeof x.get}` : "none";
    };
    t("bodyOwnGlobal", () => d(globalThis, "Body"));
    t("bodyMembers", () => Object.getOwnPropertyNames(Body.prototype).join(","));
    t("bodyStatic", () => Object.getOwnPropertyNames(Body).sort().join(","));
    t("chains", () => [Request, Response].map((C) => `${Object.getPrototypeOf(C.prototype) === Body.prototype} ${Object.getPrototypeOf(C) === Body}`).join("|"));
    t("newBody", () => new Body());
    t("callBody", () => Body());
    t("bodyName", () => `${Body.name} ${Body.length} ${String(Body.prototype[Symbol.toStringTag])}`);
    t("textOnPlain", () => Body.prototype.text.call({}));
    t("bodyGetterOnPlain", () => Object.getOwnPropertyDescriptor(Body.prototype, "body").get.call({}));
    t("bodyUsedDesc", () => d(Body.prototype, "bodyUsed"));
    t("textDesc", () => d(Body.prototype, "text"));
    t("instanceof", () => `${new Request("https://a/") instanceof Body} ${new Response("x") instanceof Body}`);
    t("notOwnMembers", () => ["text", "json", "body", "bodyUsed", "arrayBuffer", "bytes", "formData", "blob", "textStream"].filter((n) => Object.hasOwn(Request.prototype, n) || Object.hasOwn(Response.prototype, n)).join(","));
    r.reads = await (async () => {
      const req = new Request("https://a/", { method: "POST", body: '{"a":1}' });
      const res = new Response("hello");
      const fromBody = await Body.prototype.json.call(req);
      const crossed = await Response.prototype.text.call(res);
      const used = `${req.bodyUsed} ${res.bodyUsed} ${res.body instanceof ReadableStream}`;
      let again;
      try {
        await res.text();
        again = "read twice";
      } catch (e) {
        again = e.name;
      }
      const bytes = await new Response("abc").bytes();
      const blob = await new Request("https://a/", { method: "PUT", body: "xyz" }).blob();
      const form = await new Response("a=1&b=2", { headers: { "content-type": "application/x-www-form-urlencoded" } }).formData();
      const buffer = await new Response("12").arrayBuffer();
      return [JSON.stringify(fromBody), crossed, used, again, bytes.length, blob.size, form.get("b"), buffer.byteLength].join(" | ");
    })();
    t("crossClass", () => typeof Response.prototype.json.call(new Request("https://a/")).then);
    t("tail", () => `${typeof TailEvent} ${d(globalThis, "TailEvent")} ${Object.getOwnPropertyNames(TailEvent.prototype).join(",")} ${Object.getPrototypeOf(TailEvent.prototype) === ExtendableEvent.prototype}`);
    t("trace", () => `${TraceEvent === TailEvent} ${d(globalThis, "TraceEvent")}`);
    t("newTail", () => new TailEvent("tail"));
    t("responseCf", () => `${JSON.stringify(new Response("x", { cf: { a: 1 } }).cf)} ${new Response("x").cf} ${"cf" in Response.prototype}`);
    t("cloudflare", () => `${d(globalThis, "Cloudflare")} ${Object.prototype.toString.call(Cloudflare)} ${Object.keys(Cloudflare).join(",")} ${d(Cloudflare, "compatibilityFlags")}`);
    t("cloudflareClass", () => `${Cloudflare.constructor.name} ${Object.getPrototypeOf(Cloudflare) === Object.prototype} ${Object.isFrozen(Cloudflare)} ${"Cloudflare" in globalThis && typeof globalThis.Cloudflare}`);
    t("flagsObject", () => {
      const f = Cloudflare.compatibilityFlags;
      return `${Object.isFrozen(f)} ${Object.getPrototypeOf(f)} ${f === Cloudflare.compatibilityFlags} ${Object.prototype.toString.call(f)}`;
    });
    t("assignFlags", () => {
      Cloudflare.compatibilityFlags = {};
      return "assigned";
    });
    t("setFlag", () => {
      Cloudflare.compatibilityFlags.nodejs_compat = true;
      return "set";
    });
    t("unknownFlag", () => String(Cloudflare.compatibilityFlags.no_such_flag));
    return Response.json(r);
  },
};
