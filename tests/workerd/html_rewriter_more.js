// HTMLRewriter, part two: async handlers, handler objects, errors, what
// transform() does to the response (status, headers, charsets, odd bodies), and
// a large document streamed through three handlers.
const bytes = (text) => new TextEncoder().encode(text);
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const page = (body, type = "text/html") => new Response(body, { headers: { "content-type": type } });
// A body that hands out one part (a string or bytes) per read.
const partsStream = (parts) => {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < parts.length) {
        const part = parts[i++];
        controller.enqueue(typeof part === "string" ? bytes(part) : part);
      } else controller.close();
    },
  });
};
const rewrite = (html, setup) => {
  const rewriter = new HTMLRewriter();
  setup(rewriter);
  return rewriter.transform(page(html)).text();
};
// How reading a transformed response ends: its text, or the rejection.
const outcome = (promise) => promise.then((text) => `text: ${text}`, (err) => `rejected: ${err?.name}: ${err?.message ?? err}`);
const describe = (err) => `${err.name}: ${err.message}`;

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

    // ---- async handlers
    await t("asyncWait", () => rewrite("<p>a</p><p>b</p>", (r) => r.on("p", { async element(el) {
      await scheduler.wait(1);
      el.setAttribute("x", "1");
    } })));
    await t("asyncPromise", () => rewrite("<p>a</p>", (r) => r.on("p", { async element(el) {
      await Promise.resolve();
      await new Promise((resolve) => setTimeout(resolve, 1));
      el.before("<hr>", { html: true });
      el.setAttribute("y", "2");
    } })));
    await t("asyncText", () => rewrite("<p>ab</p><p>cd</p>", (r) => r.on("p", { async text(c) {
      await scheduler.wait(1);
      c.replace(c.text.toUpperCase());
    } })));
    await t("asyncComment", () => rewrite("<!--a-->", (r) => r.onDocument({ async comments(c) {
      await scheduler.wait(1);
      c.text = "b";
    } })));
    await t("asyncEndTag", () => rewrite("<p>a</p>", (r) => r.on("p", { element(el) {
      el.onEndTag(async (end) => {
        await scheduler.wait(1);
        end.after("!");
      });
    } })));
    await t("asyncDocumentEnd", () => rewrite("<p>a</p>", (r) => r.onDocument({ async end(e) {
      await scheduler.wait(1);
      e.append("<footer>", { html: true });
    } })));
    await t("asyncOrdering", async () => {
      const log = [];
      const output = await rewrite("<p>a</p><p>b</p>", (r) => r
        .on("p", { async element(el) {
          log.push("first:start");
          await scheduler.wait(5);
          log.push("first:end");
          el.setAttribute("n", "1");
        } })
        .on("p", { element(el) {
          log.push("second");
          el.setAttribute("n", `${el.getAttribute("n")}+2`);
        } }));
      return [log, output];
    });
    await t("asyncReturnsValue", () => rewrite("<p>a</p>", (r) => r.on("p", { element() { return 42; } })));
    await t("asyncThenable", async () => {
      const log = [];
      const output = await rewrite("<p>a</p>", (r) => r.on("p", { element(el) {
        return { then(resolve) { log.push("then"); el.setAttribute("t", "1"); resolve(); } };
      } }));
      return [log, output];
    });

    // ---- handler objects
    await t("handlerClassInstance", async () => {
      class Tagger {
        constructor(prefix) {
          this.prefix = prefix;
          this.count = 0;
        }
        element(el) {
          this.count++;
          el.setAttribute("data-by", `${this.prefix}${this.count}`);
        }
        text(chunk) {
          if (chunk.lastInTextNode) this.count += 10;
        }
      }
      const tagger = new Tagger("t");
      const output = await rewrite("<p>a</p><p>b</p>", (r) => r.on("p", tagger));
      return [output, tagger.count];
    });
    await t("handlerPlainThis", () => rewrite("<p>a</p>", (r) => r.on("p", {
      tag: "plain",
      element(el) { el.setAttribute("t", this.tag); },
    })));
    await t("handlerDocumentThis", async () => {
      const handler = { seen: 0, text() { this.seen++; }, end(e) { e.append(String(this.seen)); } };
      return rewrite("<p>a</p>", (r) => r.onDocument(handler));
    });
    await t("handlerOnlyElement", () => rewrite("<p>a<!--c--></p>", (r) => r.on("p", { element(el) { el.setAttribute("o", ""); } })));
    await t("handlerEmptyObject", () => rewrite("<p>a</p>", (r) => r.on("p", {})));
    await t("handlerFunction", () => rewrite("<p>a</p>", (r) => r.on("p", (el) => el.setAttribute("f", ""))));
    await t("handlerNull", () => rewrite("<p>a</p>", (r) => r.on("p", null)));
    await t("handlerMissing", () => rewrite("<p>a</p>", (r) => r.on("p")));
    await t("handlerNotFunction", () => rewrite("<p>a</p>", (r) => r.on("p", { element: 42 })));
    await t("handlerUnknownKeys", () => rewrite("<p>a</p>", (r) => r.on("p", { doctype() {}, end() {}, foo: 1 })));
    await t("handlerDocumentElementKey", () => rewrite("<p>a</p>", (r) => r.onDocument({ element(el) { el.setAttribute("d", ""); } })));
    await t("handlerAddedAfterOn", async () => {
      const handler = {};
      const rewriter = new HTMLRewriter().on("p", handler);
      handler.element = (el) => el.setAttribute("late", "");
      return rewriter.transform(page("<p>a</p>")).text();
    });
    await t("handlerGetterReadWhen", async () => {
      const log = [];
      const handler = { get element() { log.push("get"); return (el) => el.setAttribute("g", ""); } };
      const rewriter = new HTMLRewriter().on("p", handler);
      log.push("on returned");
      const output = await rewriter.transform(page("<p>a</p><p>b</p>")).text();
      return [log, output];
    });
    await t("handlerOnAfterTransform", async () => {
      const rewriter = new HTMLRewriter().on("p", { element(el) { el.setAttribute("one", ""); } });
      const first = rewriter.transform(page("<p>a</p>"));
      rewriter.on("p", { element(el) { el.setAttribute("two", ""); } });
      const second = rewriter.transform(page("<p>b</p>"));
      return [await first.text(), await second.text()];
    });

    // ---- errors
    await t("throwElement", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element() { throw new Error("boom"); } }))));
    await t("throwElementSameObject", async () => {
      const thrown = new RangeError("mine");
      try {
        await rewrite("<p>a</p>", (r) => r.on("p", { element() { throw thrown; } }));
        return "no error";
      } catch (err) {
        return [err === thrown, err instanceof RangeError, describe(err)];
      }
    });
    await t("throwString", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element() { throw "plain string"; } }))));
    await t("throwText", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { text() { throw new TypeError("text boom"); } }))));
    await t("throwComment", () => outcome(rewrite("<!--c-->", (r) => r.onDocument({ comments() { throw new Error("comment boom"); } }))));
    await t("throwDoctype", () => outcome(rewrite("<!doctype html>", (r) => r.onDocument({ doctype() { throw new Error("doctype boom"); } }))));
    await t("throwEnd", () => outcome(rewrite("<p>a</p>", (r) => r.onDocument({ end() { throw new Error("end boom"); } }))));
    await t("throwEndTag", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) {
      el.onEndTag(() => { throw new Error("end tag boom"); });
    } }))));
    await t("rejectAsync", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { async element() {
      await scheduler.wait(1);
      throw new Error("async boom");
    } }))));
    await t("throwLaterElement", async () => {
      const seen = [];
      const result = await outcome(rewrite("<p>1</p><p>2</p><p>3</p>", (r) => r.on("p", { element(el) {
        seen.push(el.tagName);
        if (seen.length === 2) throw new Error("second");
      } })));
      return [seen.length, result];
    });
    await t("throwCaughtInside", () => rewrite("<p>a</p>", (r) => r.on("p", { element(el) {
      try {
        el.setAttribute("a b", "1");
      } catch (err) {
        el.setAttribute("err", describe(err));
      }
    } })));
    await t("setAttributeBadName", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) { el.setAttribute("a b", "1"); } }))));
    await t("setAttributeSlashName", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) { el.setAttribute("a/b", "1"); } }))));
    await t("setAttributeEqualsName", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) { el.setAttribute("a=b", "1"); } }))));
    await t("setAttributeGtName", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) { el.setAttribute("a>", "1"); } }))));
    await t("tagNameEmpty", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) { el.tagName = ""; } }))));
    await t("tagNameSlash", () => outcome(rewrite("<p>a</p>", (r) => r.on("p", { element(el) { el.tagName = "a/b"; } }))));
    // Handler objects kept past their handler.
    const afterwards = async (html, setup, uses) => {
      let kept;
      await rewrite(html, (r) => setup(r, (x) => { kept ??= x; }));
      const seen = {};
      for (const [name, use] of Object.entries(uses)) {
        try {
          seen[name] = `ok: ${JSON.stringify(use(kept))}`;
        } catch (err) {
          seen[name] = `threw: ${describe(err)}`;
        }
      }
      return seen;
    };
    await t("staleElement", () => afterwards("<p a=1>x</p>", (r, keep) => r.on("p", { element: keep }), {
      tagName: (el) => el.tagName,
      setTagName: (el) => { el.tagName = "b"; },
      getAttribute: (el) => el.getAttribute("a"),
      hasAttribute: (el) => el.hasAttribute("a"),
      setAttribute: (el) => { el.setAttribute("b", "2"); },
      removeAttribute: (el) => { el.removeAttribute("a"); },
      attributes: (el) => [...el.attributes],
      namespaceURI: (el) => el.namespaceURI,
      removed: (el) => el.removed,
      append: (el) => { el.append("x"); },
      remove: (el) => { el.remove(); },
      onEndTag: (el) => { el.onEndTag(() => {}); },
    }));
    await t("staleText", () => afterwards("<p>x</p>", (r, keep) => r.on("p", { text: keep }), {
      text: (c) => c.text,
      lastInTextNode: (c) => c.lastInTextNode,
      removed: (c) => c.removed,
      replace: (c) => { c.replace("y"); },
      before: (c) => { c.before("y"); },
    }));
    await t("staleComment", () => afterwards("<!--x-->", (r, keep) => r.onDocument({ comments: keep }), {
      text: (c) => c.text,
      setText: (c) => { c.text = "y"; },
      removed: (c) => c.removed,
      remove: (c) => { c.remove(); },
    }));
    await t("staleDoctype", () => afterwards("<!doctype html>", (r, keep) => r.onDocument({ doctype: keep }), {
      name: (d) => d.name,
      publicId: (d) => d.publicId,
    }));
    await t("staleEnd", () => afterwards("<p>x</p>", (r, keep) => r.onDocument({ end: keep }), {
      append: (e) => { e.append("y"); },
    }));
    await t("staleEndTag", async () => {
      let kept;
      await rewrite("<p>x</p>", (r) => r.on("p", { element(el) { el.onEndTag((end) => { kept = end; }); } }));
      const seen = [];
      try { seen.push(`name ${kept.name}`); } catch (err) { seen.push(describe(err)); }
      try { kept.before("y"); seen.push("before ok"); } catch (err) { seen.push(describe(err)); }
      return seen;
    });
    await t("sourceStreamErrors", async () => {
      let i = 0;
      const body = new ReadableStream({
        pull(controller) {
          if (i++ === 0) controller.enqueue(bytes("<p>a"));
          else controller.error(new Error("source broke"));
        },
      });
      const res = new HTMLRewriter().on("p", { element() {} }).transform(new Response(body, { headers: { "content-type": "text/html" } }));
      return outcome(res.text());
    });

    // ---- the transformed response
    await t("responseMeta", async () => {
      const original = new Response("<p>hello</p>", {
        status: 201,
        statusText: "Made",
        headers: { "content-type": "text/html; charset=utf-8", "content-length": "12", "x-extra": "kept?" },
      });
      const originalHeaders = [...original.headers];
      const res = new HTMLRewriter().on("p", { element(el) { el.setAttribute("longer", "yes"); } }).transform(original);
      const meta = {
        originalHeaders,
        originalBodyUsed: original.bodyUsed,
        status: res.status,
        statusText: res.statusText,
        ok: res.ok,
        headers: [...res.headers],
        type: res.type,
        url: res.url,
        redirected: res.redirected,
        bodyIsStream: res.body instanceof ReadableStream,
        sameObject: res === original,
      };
      meta.text = await res.text();
      return meta;
    });
    await t("responseHeadersPlainString", async () => {
      const original = page("<p>x</p>");
      const res = new HTMLRewriter().transform(original);
      return [[...original.headers], [...res.headers]];
    });
    await t("responseOriginalAfter", async () => {
      const original = page("<p>x</p>");
      const res = new HTMLRewriter().transform(original);
      const used = original.bodyUsed;
      const again = await outcome(original.text());
      return [used, again, await res.text()];
    });
    await t("responseHeadersMutable", () => {
      const res = new HTMLRewriter().transform(page("<p>x</p>"));
      res.headers.set("x-new", "1");
      return [...res.headers];
    });
    await t("responseRedirectStatus", () => {
      const res = new HTMLRewriter().transform(new Response(null, { status: 302, headers: { location: "/there" } }));
      return [res.status, [...res.headers], res.body === null];
    });
    await t("nullBody", async () => {
      let called = 0;
      const res = new HTMLRewriter().on("*", { element() { called++; } })
        .onDocument({ end(e) { called++; e.append("appended"); } })
        .transform(new Response(null, { headers: { "content-type": "text/html" } }));
      return [res.status, res.body === null, await res.text(), called];
    });
    await t("emptyBody", async () => {
      let called = 0;
      const res = new HTMLRewriter().onDocument({ end(e) { called++; e.append("appended"); } }).transform(page(""));
      return [res.body === null, await res.text(), called];
    });
    for (const [key, type] of [["typeTextPlain", "text/plain"], ["typeJson", "application/json"], ["typeOctet", "application/octet-stream"]]) {
      await t(key, () => new HTMLRewriter().on("p", { element(el) { el.setAttribute("seen", ""); } })
        .transform(page("<p>x</p>", type)).text());
    }
    await t("typeNone", () => new HTMLRewriter().on("p", { element(el) { el.setAttribute("seen", ""); } })
      .transform(new Response(bytes("<p>x</p>"))).text());
    await t("transformTwice", async () => {
      let calls = 0;
      const rewriter = new HTMLRewriter().on("p", { element(el) { calls++; el.setAttribute("n", String(calls)); } });
      const first = rewriter.transform(page("<p>a</p>"));
      const second = rewriter.transform(page("<p>b</p><p>c</p>"));
      return [await first.text(), await second.text(), calls];
    });
    await t("transformUsedBody", async () => {
      const original = page("<p>x</p>");
      await original.text();
      return outcome(new HTMLRewriter().transform(original).text());
    });
    await t("transformString", () => new HTMLRewriter().transform("<p>x</p>") && "accepted");
    await t("transformObject", () => new HTMLRewriter().transform({}) && "accepted");
    await t("transformUndefined", () => new HTMLRewriter().transform() && "accepted");
    await t("transformRequest", () => new HTMLRewriter().transform(new Request("http://x.test/", { method: "POST", body: "<p>x</p>" })) && "accepted");
    // Charsets: lol-html works in the document's encoding.
    const cp1252 = new Uint8Array([...bytes("<p>caf"), 0xe9, 0x80, ...bytes("</p>")]);
    const charsetCase = async (type, body) => {
      const texts = [];
      const res = new HTMLRewriter().on("p", {
        element(el) { el.setAttribute("t", "\u00e9"); },
        text(c) { if (c.text) { texts.push(c.text); c.after("[\u00e9\u20ac\u2603]"); } },
      }).transform(new Response(body, { headers: { "content-type": type } }));
      try {
        return [texts, hex(await res.arrayBuffer()), res.headers.get("content-type")];
      } catch (err) {
        return `rejected: ${describe(err)}`;
      }
    };
    await t("charsetWindows1252", () => charsetCase("text/html; charset=windows-1252", cp1252));
    await t("charsetLatin1", () => charsetCase("text/html; charset=iso-8859-1", cp1252));
    await t("charsetMetaOnly", () => charsetCase("text/html", new Uint8Array([...bytes('<meta charset="windows-1252">'), ...cp1252])));
    await t("charsetUtf8", () => charsetCase("text/html; charset=utf-8", bytes("<p>caf\u00e9</p>")));
    await t("charsetUtf16", () => charsetCase("text/html; charset=utf-16", bytes("<p>x</p>")));
    await t("charsetUnknown", () => charsetCase("text/html; charset=no-such-thing", bytes("<p>x</p>")));
    await t("utf8SplitAcrossChunks", async () => {
      const all = bytes("<p>a\u00e9\u20acb</p>");
      const texts = [];
      const res = new HTMLRewriter().on("p", { text(c) { texts.push([c.text, c.lastInTextNode]); } })
        .transform(new Response(partsStream([all.slice(0, 5), all.slice(5, 7), all.slice(7)]), { headers: { "content-type": "text/html" } }));
      return [texts, await res.text()];
    });

    // ---- a large document, streamed through three handlers
    let items = "";
    for (let i = 0; i < 2000; i++) items += `<p class="x">item ${i}</p>\n`;
    const large = `<!doctype html><html><body>\n${items}</body></html>`;
    const largeRun = async (body) => {
      let count = 0;
      let chunks = 0;
      const res = new HTMLRewriter()
        .on("p.x", { element(el) { el.setAttribute("data-i", String(count++)); } })
        .on("p", { text(c) { chunks++; c.replace(c.text.toUpperCase()); } })
        .onDocument({ end(e) { e.append("<!-- end -->", { html: true }); } })
        .transform(new Response(body, { headers: { "content-type": "text/html" } }));
      const out = new Uint8Array(await res.arrayBuffer());
      return { length: out.length, sha256: hex(await crypto.subtle.digest("SHA-256", out)), elements: count, chunks };
    };
    await t("largeInputLength", () => bytes(large).length);
    await t("largeString", async () => {
      const { chunks, ...rest } = await largeRun(large);
      return rest;
    });
    await t("largeStream", async () => {
      const all = bytes(large);
      const parts = [];
      for (let i = 0; i < all.length; i += 977) parts.push(all.slice(i, i + 977));
      return largeRun(partsStream(parts));
    });

    return Response.json(r);
  },
};
