// HTMLRewriter, part one: what element, text-chunk, comment, doctype and
// document-end handlers see and can do, and which selectors .on() accepts.
// Part two (html_rewriter_more.js): async handlers, handler objects, errors,
// response handling and a large streamed document.
const bytes = (text) => new TextEncoder().encode(text);
const page = (body) => new Response(body, { headers: { "content-type": "text/html" } });
// A body that hands out one part per read, so a text node can be split across chunks.
const partsStream = (parts) => {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < parts.length) controller.enqueue(bytes(parts[i++]));
      else controller.close();
    },
  });
};
// Rewrites html with the handlers that setup registers; the output text.
const rewrite = (html, setup) => {
  const rewriter = new HTMLRewriter();
  setup(rewriter);
  return rewriter.transform(page(html)).text();
};
// Runs one element handler on the first match of selector and returns what it
// returned, together with the output: [returned, output].
const onFirst = async (html, selector, f) => {
  let seen;
  let done = false;
  const output = await rewrite(html, (r) => r.on(selector, {
    element(el) {
      if (done) return;
      done = true;
      try {
        seen = f(el);
        // A handler object returned (chained calls) is only valid during the handler.
        if (seen !== null && typeof seen === "object" && !Array.isArray(seen)) seen = `object ${seen.constructor.name}`;
      } catch (err) {
        seen = `threw: ${err.name}: ${err.message}`;
      }
    },
  }));
  return [seen, output];
};
const protoNames = (object) => Object.getOwnPropertyNames(Object.getPrototypeOf(object)).sort();
// Properties that live on the object itself (workerd's instance properties).
const ownNames = (object) => Object.getOwnPropertyNames(object).sort();

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

    // ---- the API's shape
    await t("typeofHTMLRewriter", () => typeof HTMLRewriter);
    await t("rewriterProto", () => protoNames(new HTMLRewriter()));
    await t("onReturnsRewriter", () => {
      const rewriter = new HTMLRewriter();
      return [rewriter.on("p", {}) === rewriter, rewriter.onDocument({}) === rewriter];
    });
    await t("callWithoutNew", () => HTMLRewriter() && "called");
    await t("noHandlersPassesThrough", () => new HTMLRewriter().transform(page("<p a=1>x &amp; y</P><!--c-->")).text());

    // ---- element: reading
    await t("elProto", () => onFirst("<p>x</p>", "p", (el) => protoNames(el)).then(([v]) => v));
    await t("elOwn", () => onFirst("<p>x</p>", "p", (el) => ownNames(el)).then(([v]) => v));
    await t("elTagName", () => onFirst("<DiV Id=a>x</DiV>", "div", (el) => el.tagName));
    await t("elTagNameSvg", () => onFirst("<svg><foreignObject></foreignObject></svg>", "foreignObject", (el) => el.tagName));
    await t("elGetAttribute", () => onFirst('<a href="/x" data-e="">y</a>', "a", (el) =>
      [el.getAttribute("href"), el.getAttribute("missing"), el.getAttribute("data-e"), el.getAttribute("HREF")]));
    await t("elGetAttributeRaw", () => onFirst('<a title="a &amp; b &quot;c&quot;">y</a>', "a", (el) => el.getAttribute("title")));
    await t("elGetAttributeUnquoted", () => onFirst("<a title=one x checked>y</a>", "a", (el) =>
      [el.getAttribute("title"), el.getAttribute("x"), el.getAttribute("checked")]));
    await t("elHasAttribute", () => onFirst('<a href="/x" checked>y</a>', "a", (el) =>
      [el.hasAttribute("href"), el.hasAttribute("checked"), el.hasAttribute("missing"), el.hasAttribute("HREF")]));
    await t("elAttributes", () => onFirst('<a href="/x" Data-A=\'1\' checked b=2>y</a>', "a", (el) => [...el.attributes]));
    await t("elAttributesDuplicate", () => onFirst("<a x=1 x=2>y</a>", "a", (el) => [...el.attributes]));
    await t("elAttributesIterator", () => onFirst("<a x=1>y</a>", "a", (el) => {
      const it = el.attributes;
      return [typeof it.next, typeof it[Symbol.iterator], JSON.stringify(it.next()), JSON.stringify(it.next())];
    }));
    await t("elNamespaceURI", async () => {
      const seen = [];
      await rewrite("<div><svg><path/></svg><math><mi>x</mi></math></div>", (r) =>
        r.on("*", { element(el) { seen.push([el.tagName, el.namespaceURI]); } }));
      return seen;
    });
    await t("elSelfClosing", async () => {
      const seen = [];
      await rewrite('<br><br/><img src=x><div/>d</div><p></p><svg><path/><g></g></svg>', (r) =>
        r.on("*", { element(el) { seen.push([el.tagName, String(el.selfClosing), String(el.canHaveContent)]); } }));
      return seen;
    });
    await t("elRemovedFlag", () => onFirst("<p>x</p><i>y</i>", "p", (el) => {
      const before = el.removed;
      el.remove();
      return [before, el.removed];
    }));
    await t("elRemovedFlagKeepContent", () => onFirst("<p>x</p>", "p", (el) => {
      el.removeAndKeepContent();
      return el.removed;
    }));

    // ---- element: changing
    await t("elRename", () => onFirst('<div a="1">x<b>y</b></div>', "div", (el) => {
      el.tagName = "section";
      return el.tagName;
    }));
    await t("elRenameUpper", () => onFirst("<div>x</div>", "div", (el) => {
      el.tagName = "MAIN";
      return el.tagName;
    }));
    await t("elRenameVoid", () => onFirst("<p>x<br>y</p>", "br", (el) => {
      el.tagName = "hr";
      return el.tagName;
    }));
    await t("elRenameBad", () => onFirst("<p>x</p>", "p", (el) => {
      el.tagName = "a b";
      return el.tagName;
    }));
    await t("elSetAttributeNew", () => onFirst('<a href="/x">y</a>', "a", (el) => el.setAttribute("rel", "nofollow") === el));
    await t("elSetAttributeExisting", () => onFirst('<a href="/x" id=z>y</a>', "a", (el) => {
      el.setAttribute("href", "/new");
      return el.getAttribute("href");
    }));
    await t("elSetAttributeEscaping", () => onFirst("<a>y</a>", "a", (el) => {
      el.setAttribute("title", `a"b'c<d>e&f`);
      return el.getAttribute("title");
    }));
    await t("elSetAttributeEmpty", () => onFirst("<a>y</a>", "a", (el) => el.setAttribute("data-x", "") && el.getAttribute("data-x")));
    await t("elSetAttributeUpper", () => onFirst("<a href=1>y</a>", "a", (el) => {
      el.setAttribute("HREF", "2");
      el.setAttribute("Data-New", "3");
      return [...el.attributes];
    }));
    await t("elSetAttributeBadName", () => onFirst("<a>y</a>", "a", (el) => el.setAttribute("a b", "1")));
    await t("elSetAttributeEmptyName", () => onFirst("<a>y</a>", "a", (el) => el.setAttribute("", "1")));
    await t("elSetAttributeQuoteName", () => onFirst("<a>y</a>", "a", (el) => el.setAttribute('a"', "1")));
    await t("elSetAttributeNonString", () => onFirst("<a>y</a>", "a", (el) => {
      el.setAttribute("n", 42);
      el.setAttribute("u", undefined);
      el.setAttribute("o", null);
      return [...el.attributes];
    }));
    await t("elRemoveAttribute", () => onFirst('<a href="/x" id=z class=c>y</a>', "a", (el) =>
      [el.removeAttribute("id") === el, el.removeAttribute("missing") === el, el.hasAttribute("id")]));

    // Content methods, as text (escaped) and as html.
    const content = `<b class="q">&'x'</b>`;
    for (const method of ["before", "after", "prepend", "append", "replace", "setInnerContent"]) {
      const name = method[0].toUpperCase() + method.slice(1);
      await t(`el${name}Text`, () => onFirst("<div><p>x<i>y</i></p></div>", "p", (el) => el[method](content) === el));
      await t(`el${name}Html`, () => onFirst("<div><p>x<i>y</i></p></div>", "p", (el) => el[method](content, { html: true }) === el));
    }
    await t("elContentHtmlFalse", () => onFirst("<p>x</p>", "p", (el) => el.append("<b>", { html: false })));
    await t("elContentHtmlTruthy", () => onFirst("<p>x</p>", "p", (el) => el.append("<b>", { html: 1 })));
    await t("elContentNumber", () => onFirst("<p>x</p>", "p", (el) => el.append(42)));
    await t("elContentUndefined", () => onFirst("<p>x</p>", "p", (el) => el.append(undefined)));
    await t("elContentResponse", () => onFirst("<p>x</p>", "p", (el) => el.append(new Response("<b>r</b>"), { html: true }) === el));
    await t("elContentStream", () => onFirst("<p>x</p>", "p", (el) => el.append(partsStream(["<b>", "s</b>"]), { html: true }) === el));
    await t("elContentOrder", () => onFirst("<p>x</p>", "p", (el) => {
      el.before("1").before("2").after("3").after("4").prepend("5").prepend("6").append("7").append("8");
    }));
    await t("elContentOnVoid", () => onFirst("<p>a<br>b</p>", "br", (el) => {
      el.before("[b]").after("[a]");
      try {
        el.append("[in]");
        el.prepend("[pre]");
        el.setInnerContent("[set]");
      } catch (err) {
        return `threw: ${err.name}: ${err.message}`;
      }
      return "ok";
    }));
    await t("elContentOnSelfClosing", () => onFirst("<svg><g/></svg>", "g", (el) => {
      el.append("[in]");
      return el.canHaveContent;
    }));
    await t("elRemove", () => onFirst("<div><p>x<i>y</i></p>z</div>", "p", (el) => el.remove() === el));
    await t("elRemoveAndKeepContent", () => onFirst('<div><p class=a>x<i>y</i></p>z</div>', "p", (el) => el.removeAndKeepContent() === el));
    await t("elRemoveThenAppend", () => onFirst("<div><p>x</p></div>", "p", (el) => {
      el.remove();
      el.before("B").after("A").append("in");
    }));
    await t("elReplaceThenSetAttribute", () => onFirst("<div><p>x</p></div>", "p", (el) => {
      el.replace("R");
      el.setAttribute("a", "1");
      return [el.removed, el.getAttribute("a")];
    }));
    await t("elSetInnerContentTwice", () => onFirst("<p>x</p>", "p", (el) => {
      el.setInnerContent("one").setInnerContent("two");
    }));
    await t("elNested", async () => rewrite("<div><div><p>x</p></div></div>", (r) => r.on("div", {
      element(el) { el.prepend("[d]"); },
    }).on("p", { element(el) { el.setAttribute("seen", ""); } })));
    await t("elMethodsChain", () => onFirst("<p>x</p>", "p", (el) =>
      ["before", "after", "prepend", "append", "setInnerContent", "setAttribute", "removeAttribute", "removeAndKeepContent"]
        .map((m) => [m, (m === "setAttribute" ? el[m]("k", "v") : el[m]("k")) === el])));

    // ---- onEndTag
    await t("endTagName", async () => {
      const seen = [];
      const output = await rewrite("<DIV>x<p>y</P></DIV>", (r) => r.on("*", {
        element(el) { el.onEndTag((end) => { seen.push(end.name); }); },
      }));
      return [seen, output];
    });
    await t("endTagProto", async () => {
      let names;
      await rewrite("<p>y</p>", (r) => r.on("p", { element(el) { el.onEndTag((end) => { names = [protoNames(end), ownNames(end)]; }); } }));
      return names;
    });
    await t("endTagBeforeAfter", () => onFirst("<div><p>x</p></div>", "p", (el) => {
      el.onEndTag((end) => {
        end.before("<b>", { html: true }).before("&<");
        end.after("<i>", { html: true }).after("&>");
      });
    }));
    await t("endTagBeforeAfterReturn", async () => {
      let seen;
      await rewrite("<p>x</p>", (r) => r.on("p", { element(el) {
        el.onEndTag((end) => { seen = [end.before("a") === end, end.after("b") === end, end.remove() === end]; });
      } }));
      return seen;
    });
    await t("endTagRemove", () => onFirst("<div><p>x</p>y</div>", "p", (el) => {
      el.onEndTag((end) => { end.remove(); });
    }));
    await t("endTagRename", async () => {
      const seen = [];
      const output = await rewrite("<div><p>x</p>y</div>", (r) => r.on("p", { element(el) {
        el.onEndTag((end) => {
          seen.push(end.name);
          end.name = "span";
          seen.push(end.name);
        });
      } }));
      return [seen, output];
    });
    await t("endTagOfRenamed", async () => {
      const seen = [];
      const output = await rewrite("<div><p>x</p></div>", (r) => r.on("p", { element(el) {
        el.tagName = "em";
        el.onEndTag((end) => { seen.push(end.name); });
      } }));
      return [seen, output];
    });
    await t("endTagVoid", () => onFirst("<p>a<br>b</p>", "br", (el) => el.onEndTag(() => {})));
    await t("endTagSelfClosing", () => onFirst("<svg><g/></svg>", "g", (el) => el.onEndTag(() => {})));
    await t("endTagImplied", async () => {
      const seen = [];
      const output = await rewrite("<ul><li>a<li>b</ul><p>x", (r) => r.on("li, p", { element(el) {
        el.onEndTag((end) => { seen.push(end.name); end.before("|"); });
      } }));
      return [seen, output];
    });
    await t("endTagTwoHandlers", async () => {
      const seen = [];
      await rewrite("<p>x</p>", (r) => r.on("p", { element(el) {
        el.onEndTag(() => { seen.push("first"); });
        el.onEndTag(() => { seen.push("second"); });
      } }));
      return seen;
    });
    await t("endTagNotFunction", () => onFirst("<p>x</p>", "p", (el) => el.onEndTag("nope")));
    await t("endTagReturn", () => onFirst("<p>x</p>", "p", (el) => String(el.onEndTag(() => {}))));
    await t("endTagAfterRemove", async () => {
      const seen = [];
      const output = await rewrite("<div><p>x</p>y</div>", (r) => r.on("p", { element(el) {
        el.remove();
        try {
          el.onEndTag((end) => { seen.push(end.name); });
        } catch (err) {
          seen.push(`threw: ${err.name}: ${err.message}`);
        }
      } }));
      return [seen, output];
    });

    // ---- text chunks
    await t("textProto", async () => {
      let names;
      await rewrite("<p>y</p>", (r) => r.on("p", { text(chunk) { names ??= [protoNames(chunk), ownNames(chunk)]; } }));
      return names;
    });
    await t("textChunksString", async () => {
      const seen = [];
      await rewrite("<p>hello world</p><p>x</p><p></p>", (r) => r.on("p", { text(c) { seen.push([c.text, c.lastInTextNode]); } }));
      return seen;
    });
    await t("textChunksSplit", async () => {
      const seen = [];
      const rewriter = new HTMLRewriter().on("p", { text(c) { seen.push([c.text, c.lastInTextNode]); } });
      const output = await rewriter.transform(new Response(partsStream(["<p>hel", "lo wor", "ld</p><p>a", "b</p>"]),
        { headers: { "content-type": "text/html" } })).text();
      return [seen, output];
    });
    await t("textChunksSplitEntity", async () => {
      const seen = [];
      const rewriter = new HTMLRewriter().on("p", { text(c) { seen.push([c.text, c.lastInTextNode]); } });
      await rewriter.transform(new Response(partsStream(["<p>a &am", "p; b</p>"]), { headers: { "content-type": "text/html" } })).text();
      return seen;
    });
    await t("textChunksSplitTag", async () => {
      const seen = [];
      const rewriter = new HTMLRewriter().on("p", { text(c) { seen.push([c.text, c.lastInTextNode]); } });
      await rewriter.transform(new Response(partsStream(["<p>ab<", "b>c</b>d</", "p>"]), { headers: { "content-type": "text/html" } })).text();
      return seen;
    });
    await t("textDescendants", async () => {
      const seen = [];
      await rewrite("<div>a<span>b</span>c</div>", (r) => r.on("div", { text(c) { seen.push([c.text, c.lastInTextNode]); } }));
      return seen;
    });
    await t("textEntities", async () => {
      const seen = [];
      await rewrite("<p>a &amp; b &lt; &#39;</p>", (r) => r.on("p", { text(c) { seen.push(c.text); } }));
      return seen;
    });
    await t("textScriptStyle", async () => {
      const seen = [];
      await rewrite("<script>if (a<b && c) x();</script><style>p>b{}</style><textarea>&lt;t</textarea>", (r) =>
        r.on("script, style, textarea", { text(c) { seen.push([c.text, c.lastInTextNode]); } }));
      return seen;
    });
    await t("textOnDocument", async () => {
      const seen = [];
      await rewrite("<!doctype html>\n<p>a</p> <!--c--> b\n", (r) => r.onDocument({ text(c) { seen.push([c.text, c.lastInTextNode]); } }));
      return seen;
    });
    await t("textBeforeAfter", async () => rewrite("<p>a</p><p>b</p>", (r) => r.on("p", { text(c) {
      if (c.text) {
        c.before("<i>", { html: true }).before("<&>");
        c.after("</i>", { html: true }).after('"');
      }
    } })));
    await t("textBeforeAfterLast", async () => rewrite("<p>a</p>", (r) => r.on("p", { text(c) {
      c.before("[b]").after("[a]");
    } })));
    await t("textReplace", async () => rewrite("<p>a</p><p>b</p>", (r) => r.on("p", { text(c) {
      if (c.text === "a") c.replace("<x>");
      if (c.text === "b") c.replace("<y>", { html: true });
    } })));
    await t("textReplaceReturn", async () => {
      let seen;
      await rewrite("<p>a</p>", (r) => r.on("p", { text(c) {
        if (c.text) seen = [c.removed, c.replace("z") === c, c.removed, c.text];
      } }));
      return seen;
    });
    await t("textRemove", async () => {
      let seen;
      const output = await rewrite("<p>a<b>c</b></p>", (r) => r.on("p", { text(c) {
        if (c.text === "a") seen = [c.removed, c.remove() === c, c.removed];
      } }));
      return [seen, output];
    });
    await t("textRemoveThenAfter", async () => rewrite("<p>a</p>", (r) => r.on("p", { text(c) {
      if (c.text) c.remove().after("[after]").before("[before]");
    } })));
    await t("textSetText", async () => rewrite("<p>a</p>", (r) => r.on("p", { text(c) {
      if (c.text) c.text = "changed";
    } })));
    await t("textAndElementOrder", async () => {
      const seen = [];
      await rewrite("<p>a</p>", (r) => r
        .on("p", { text(c) { seen.push(`p-text:${c.text}`); } })
        .onDocument({ text(c) { seen.push(`doc-text:${c.text}`); } })
        .on("p", { element(e) { seen.push("p-el"); }, text(c) { seen.push(`p-text2:${c.text}`); } }));
      return seen;
    });

    // ---- comments
    await t("commentProto", async () => {
      let names;
      await rewrite("<!--y-->", (r) => r.onDocument({ comments(c) { names = [protoNames(c), ownNames(c)]; } }));
      return names;
    });
    await t("commentText", async () => {
      const seen = [];
      await rewrite("<!-- a --><div><!--b&amp;--></div><!---->", (r) => r.onDocument({ comments(c) { seen.push(c.text); } }));
      return seen;
    });
    await t("commentSetText", async () => rewrite("<!--a--><p><!--b--></p>", (r) => r.on("p", { comments(c) { c.text = " new "; } })));
    await t("commentSetTextDashes", async () => rewrite("<!--a-->", (r) => r.onDocument({ comments(c) { c.text = "x-->y"; } })));
    await t("commentBeforeAfter", async () => rewrite("<!--a-->", (r) => r.onDocument({ comments(c) {
      c.before("<b>").before("<i>", { html: true }).after("<&>").after("<u>", { html: true });
    } })));
    await t("commentReplace", async () => rewrite("<!--a--><!--b-->", (r) => r.onDocument({ comments(c) {
      c.replace(c.text === "a" ? "<x>" : "<y>", { html: c.text !== "a" });
    } })));
    await t("commentRemove", async () => {
      let seen;
      const output = await rewrite("x<!--a-->y", (r) => r.onDocument({ comments(c) {
        seen = [c.removed, c.remove() === c, c.removed];
      } }));
      return [seen, output];
    });
    await t("commentOnElement", async () => {
      const seen = [];
      await rewrite("<!--out--><div><!--in--><p><!--deep--></p></div>", (r) => r.on("div", { comments(c) { seen.push(c.text); } }));
      return seen;
    });
    await t("commentInScript", async () => {
      const seen = [];
      await rewrite("<script><!-- not --></script>", (r) => r.onDocument({ comments(c) { seen.push(c.text); } }));
      return seen;
    });

    // ---- doctype
    const doctypeOf = async (html) => {
      const seen = [];
      await rewrite(html, (r) => r.onDocument({ doctype(d) { seen.push([d.name, d.publicId, d.systemId]); } }));
      return seen;
    };
    await t("doctypeHtml5", () => doctypeOf("<!DOCTYPE html><p>x</p>"));
    await t("doctypeLegacy", () => doctypeOf('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd"><p>x</p>'));
    await t("doctypeSystemOnly", () => doctypeOf('<!doctype html SYSTEM "about:legacy-compat">'));
    await t("doctypeEmpty", () => doctypeOf("<!doctype>"));
    await t("doctypeNone", () => doctypeOf("<p>x</p>"));
    await t("doctypeProto", async () => {
      let names;
      await rewrite("<!doctype html>", (r) => r.onDocument({ doctype(d) { names = [protoNames(d), ownNames(d)]; } }));
      return names;
    });
    await t("doctypeRemove", async () => rewrite("<!doctype html><p>x</p>", (r) => r.onDocument({ doctype(d) {
      if (typeof d.remove === "function") d.remove();
    } })));

    // ---- document end
    await t("endProto", async () => {
      let names;
      await rewrite("<p>x</p>", (r) => r.onDocument({ end(e) { names = [protoNames(e), ownNames(e)]; } }));
      return names;
    });
    await t("endAppend", async () => rewrite("<p>x</p>", (r) => r.onDocument({ end(e) {
      e.append("<!--html-->", { html: true }).append("<&>");
    } })));
    await t("endAppendReturn", async () => {
      let seen;
      await rewrite("", (r) => r.onDocument({ end(e) { seen = e.append("x") === e; } }));
      return seen;
    });
    await t("endOnEmptyBody", async () => rewrite("", (r) => r.onDocument({ end(e) { e.append("<p>empty</p>", { html: true }); } })));
    await t("endCalledOnce", async () => {
      let calls = 0;
      await rewrite("<p>x</p>", (r) => r.onDocument({ end() { calls++; } }));
      return calls;
    });

    // ---- selectors: which ids each one picks out
    const selDoc = '<div id="d"><p class="a" id="p1">1</p><p class="b x" id="p2">2</p>'
      + '<span id="s1"><p id="p3" lang="en-GB">3</p></span><a href="https://x.test/a.png" id="a1">a</a>'
      + '<a href="http://y.test" id="a2">b</a><p class="A" id="p4">4</p></div>';
    const pick = async (selector) => {
      const seen = [];
      await rewrite(selDoc, (r) => r.on(selector, { element(el) { seen.push(el.getAttribute("id")); } }));
      return seen.join(" ");
    };
    const selectors = {
      selAll: "*",
      selType: "p",
      selTypeUpper: "P",
      selClass: "p.a",
      selClassCase: ".A",
      selClassOnly: ".x",
      selTwoClasses: ".b.x",
      selId: "#p2",
      selChild: "div > p",
      selDescendant: "div p",
      selSpanChild: "span > p",
      selAttr: "[href]",
      selAttrEq: '[id="p3"]',
      selAttrPrefix: '[href^="https"]',
      selAttrSuffix: '[href$=".png"]',
      selAttrContains: '[href*="y.test"]',
      selAttrWord: "[class~=x]",
      selAttrDash: "[lang|=en]",
      selAttrInsensitive: '[id="P1" i]',
      selAttrSensitive: '[id="P1" s]',
      selNthChild: ":nth-child(2)",
      selNthChildOdd: "p:nth-child(2n+1)",
      selFirstChild: ":first-child",
      selFirstOfType: "p:first-of-type",
      selNot: ":not(.a)",
      selNotP: "p:not(.a)",
      selNthOfType: "p:nth-of-type(2)",
      selList: "#p1, #a2",
      selListDuplicate: "p, .a",
    };
    for (const [key, selector] of Object.entries(selectors)) await t(key, () => pick(selector));
    const badSelectors = {
      badHover: "p:hover",
      badBefore: "p::before",
      badAdjacent: "a + b",
      badSibling: "a ~ b",
      badEmpty: "",
      badAngles: "<<",
      badLastChild: "p:last-child",
      badNthLastChild: ":nth-last-child(1)",
      badHas: "div:has(p)",
      badBracket: "[href",
      badComma: "p,",
      badNamespace: "svg|path",
      badUnknownPseudo: ":frobnicate",
    };
    for (const [key, selector] of Object.entries(badSelectors)) {
      await t(key, () => new HTMLRewriter().on(selector, { element() {} }) && "accepted");
    }
    await t("badSelectorNonString", () => new HTMLRewriter().on(42, { element() {} }) && "accepted");
    await t("badSelectorMissing", () => new HTMLRewriter().on() && "accepted");

    return Response.json(r);
  },
};
