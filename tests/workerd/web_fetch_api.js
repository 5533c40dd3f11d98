// The fetch API's objects as workerd has them, without the network: Headers
// (order, case, joining, Set-Cookie), Request and Response (constructors,
// defaults, bodies read twice, clone, redirect, json, errors), URL and
// URLSearchParams, FormData and Blob, text encoding, base64 and crypto digests.
// Recorded with a current compatibility date (web_fetch_api.capnp.in), as a new
// project has; older dates turn some of workerd's standard behaviour off.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}`;
      }
    };
    const list = (headers) => [...headers].map(([k, v]) => `${k}=${v}`).join("; ");

    // Headers
    await t("headersOrder", () => list(new Headers([["B", "2"], ["a", "1"], ["C", "3"], ["a", "x"]])));
    await t("headersAppendGet", () => {
      const h = new Headers();
      h.append("X-Multi", "a");
      h.append("x-multi", "b");
      return `${h.get("X-MULTI")} ${h.has("x-multi")} ${h.get("missing")}`;
    });
    await t("setCookie", () => {
      const h = new Headers();
      h.append("Set-Cookie", "a=1");
      h.append("Set-Cookie", "b=2");
      return `${h.get("set-cookie")} | ${JSON.stringify(h.getSetCookie())} | ${list(h)}`;
    });
    await t("headersTrim", () => new Headers({ x: "  padded \t" }).get("x"));
    await t("headersInvalidName", () => new Headers({ "bad name": "x" }));
    await t("headersInvalidValue", () => new Headers({ x: "a\nb" }));
    await t("headersFromObject", () => list(new Headers({ Z: "1", y: "2" })));
    await t("headersForEach", () => {
      const seen = [];
      new Headers({ b: "2", a: "1" }).forEach((v, k) => seen.push(`${k}:${v}`));
      return seen.join(",");
    });
    await t("headersKeysEntries", () => `${[...new Headers({ b: "2", a: "1" }).keys()]} ${[...new Headers({ b: "2" }).values()]}`);
    await t("headersDelete", () => {
      const h = new Headers({ a: "1", b: "2" });
      h.delete("A");
      return list(h);
    });
    await t("headersString", () => String(new Headers()));
    await t("immutableResponseHeaders", () => {
      const res = Response.redirect("https://example.com/", 301);
      res.headers.set("x", "1");
      return list(res.headers);
    });

    // Request
    await t("requestDefaults", () => {
      const q = new Request("https://example.com/a?b=1#frag");
      return [q.method, q.url, q.redirect, q.bodyUsed, q.body === null, q.cache, q.integrity, String(q.signal.aborted), list(q.headers)].join(" ");
    });
    await t("requestMethodCase", () => `${new Request("https://x.test/", { method: "post" }).method} ${new Request("https://x.test/", { method: "patch" }).method}`);
    await t("requestMethods", () =>
      ["patch", "Purge", "propfind", "query", "ban", "foo", "m-search", "connect"].map((method) => {
        try {
          return new Request("https://x.test/", { method }).method;
        } catch (err) {
          return `${err.name}: ${err.message}`;
        }
      }).join(", "));
    await t("requestTrace", () => new Request("https://x.test/", { method: "trace" }).method);
    await t("requestGetBody", () => new Request("https://x.test/", { method: "GET", body: "x" }));
    await t("requestRelative", () => new Request("/relative").url);
    await t("requestBodyText", async () => {
      const q = new Request("https://x.test/", { method: "POST", body: "hello" });
      const text = await q.text();
      return `${text} ${q.bodyUsed} ${q.headers.get("content-type")}`;
    });
    await t("requestBodyTwice", async () => {
      const q = new Request("https://x.test/", { method: "POST", body: "hello" });
      await q.text();
      return await q.text();
    });
    await t("requestClone", async () => {
      const q = new Request("https://x.test/", { method: "PUT", body: "abc", headers: { a: "1" } });
      const c = q.clone();
      return `${await q.text()} ${await c.text()} ${c.method} ${c.headers.get("a")}`;
    });
    await t("requestFromRequest", async () => {
      const q = new Request(new Request("https://x.test/a", { method: "POST", body: "b", headers: { h: "1" } }), { headers: { h: "2" } });
      return `${q.method} ${q.url} ${q.headers.get("h")} ${await q.text()}`;
    });
    await t("requestJsonBodyType", () => new Request("https://x.test/", { method: "POST", body: JSON.stringify({ a: 1 }) }).headers.get("content-type"));
    await t("requestURLSearchParamsBody", async () => {
      const q = new Request("https://x.test/", { method: "POST", body: new URLSearchParams({ a: "1 2", b: "ü" }) });
      return `${q.headers.get("content-type")} ${await q.text()}`;
    });
    await t("requestCf", () => typeof new Request("https://x.test/").cf);
    await t("requestRedirectManual", () => new Request("https://x.test/", { redirect: "manual" }).redirect);
    await t("requestBadURL", () => new Request("not a url"));
    await t("requestForbiddenMethod", () => new Request("https://x.test/", { method: "CONNECT" }).method);
    await t("requestBadMethod", () => new Request("https://x.test/", { method: "bad method" }));

    // Response
    await t("responseDefaults", () => {
      const s = new Response();
      return [s.status, JSON.stringify(s.statusText), s.ok, s.type, JSON.stringify(s.url), s.redirected, s.body === null, s.bodyUsed, list(s.headers)].join(" ");
    });
    await t("responseText", async () => {
      const s = new Response("héllo");
      return `${s.headers.get("content-type")} ${await s.text()}`;
    });
    await t("responseStatusRange", () => new Response("", { status: 99 }));
    await t("responseNullBodyStatus", () => new Response("x", { status: 204 }));
    await t("responseStatusText", () => new Response(null, { status: 404, statusText: "Nope" }).statusText);
    await t("responseJson", async () => {
      const s = Response.json({ a: [1, "x"] }, { status: 201, headers: { "x-a": "1" } });
      return `${s.status} ${s.headers.get("content-type")} ${s.headers.get("x-a")} ${await s.text()}`;
    });
    await t("responseJsonContentType", () => Response.json({}, { headers: { "content-type": "application/vnd.api+json" } }).headers.get("content-type"));
    await t("responseRedirect", () => {
      const s = Response.redirect("https://example.com/x", 307);
      return `${s.status} ${s.headers.get("location")} ${s.body === null}`;
    });
    await t("responseRedirectDefault", () => Response.redirect("https://example.com/").status);
    await t("responseRedirectBadStatus", () => Response.redirect("https://example.com/", 200));
    await t("responseRedirectRelative", () => Response.redirect("/relative", 302).headers.get("location"));
    await t("responseError", () => {
      const s = Response.error();
      return `${s.type} ${s.status}`;
    });
    await t("responseArrayBuffer", async () => {
      const buffer = await new Response(new Uint8Array([1, 2, 3])).arrayBuffer();
      return `${buffer.constructor.name} ${buffer.byteLength} ${new Uint8Array(buffer)}`;
    });
    await t("responseBytes", async () => {
      const s = new Response("ab");
      return typeof s.bytes === "function" ? String(await s.bytes()) : "no bytes()";
    });
    await t("responseJsonParse", async () => JSON.stringify(await new Response('{"a":1}').json()));
    await t("responseJsonInvalid", async () => await new Response("{bad").json());
    await t("responseClone", async () => {
      const s = new Response("body", { status: 202, headers: { a: "1" } });
      const c = s.clone();
      return `${await s.text()} ${await c.text()} ${c.status} ${c.headers.get("a")}`;
    });
    await t("responseCloneUsed", async () => {
      const s = new Response("body");
      await s.text();
      return s.clone();
    });
    await t("responseBlob", async () => {
      const b = await new Response("abc", { headers: { "content-type": "text/x-a" } }).blob();
      return `${b.size} ${b.type} ${await b.text()}`;
    });
    await t("responseStream", async () => {
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode("a"));
          c.enqueue(new TextEncoder().encode("b"));
          c.close();
        },
      });
      return await new Response(stream).text();
    });
    await t("responseStringChunks", async () => {
      const stream = new ReadableStream({ start(c) { c.enqueue("str"); c.close(); } });
      return await new Response(stream).text();
    });
    await t("responseWebSocketOption", () => `${new Response(null, { status: 101, webSocket: null }).status}`);
    const statusError = (status) => t(`responseStatus${status}`, () => {
      try {
        return new Response(null, { status }).status;
      } catch (err) {
        return `${err.name}: ${err.message}`;
      }
    });
    for (const status of [0, 100, 101, 199, 200, 599, 600, "404"]) await statusError(status);
    await t("responseSubclass101", () => {
      class Mine extends Response {}
      try {
        return new Mine(null, { status: 101 }).status;
      } catch (err) {
        return `${err.name}: ${err.message}`;
      }
    });
    const socketError = (key, init) => t(key, () => {
      try {
        return new Response(null, init()).status;
      } catch (err) {
        return `${err.name}: ${err.message}`;
      }
    });
    await socketError("webSocket101", () => ({ status: 101, webSocket: new WebSocketPair()[0] }));
    await socketError("webSocket200", () => ({ status: 200, webSocket: new WebSocketPair()[0] }));
    await socketError("webSocketNoStatus", () => ({ webSocket: new WebSocketPair()[0] }));
    await socketError("webSocketNotOne", () => ({ status: 101, webSocket: {} }));
    await t("responseFormData", async () => {
      const form = new FormData();
      form.append("a", "1");
      form.append("f", new Blob(["xyz"], { type: "text/plain" }), "f.txt");
      const s = new Response(form);
      const type = s.headers.get("content-type");
      const back = await new Response(await s.text(), { headers: { "content-type": type } }).formData();
      const file = back.get("f");
      return `${type.startsWith("multipart/form-data; boundary=")} ${back.get("a")} ${file.name} ${file.type} ${await file.text()}`;
    });
    await t("urlencodedFormData", async () => {
      const back = await new Response("a=1&b=x%20y&a=2", { headers: { "content-type": "application/x-www-form-urlencoded" } }).formData();
      return `${back.getAll("a")} ${back.get("b")}`;
    });

    // URL and URLSearchParams
    await t("urlParts", () => {
      const u = new URL("https://user:pw@EXAMPLE.com:8080/a/../b/%7Ec?x=1&y=%20#h");
      return [u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash].join(" ");
    });
    await t("urlDefaultPort", () => new URL("https://example.com:443/").href);
    await t("urlIdna", () => new URL("https://münchen.de/").hostname);
    await t("urlBase", () => new URL("../x?y", "https://a.test/b/c/d").href);
    await t("urlInvalid", () => new URL("nope"));
    await t("urlCanParse", () => `${URL.canParse?.("https://a.test/")} ${URL.canParse?.("nope")}`);
    await t("urlParse", () => `${URL.parse?.("https://a.test/x")?.href} ${URL.parse?.("nope")}`);
    await t("urlSearchParams", () => {
      const p = new URLSearchParams("?b=2&a=1&a=3&c=%F0%9F%98%80&d=a+b");
      p.sort();
      return `${p} ${p.get("c")} ${p.get("d")} ${p.size}`;
    });
    await t("urlSearchParamsUpdate", () => {
      const u = new URL("https://a.test/?x=1");
      u.searchParams.append("y", "a b&c");
      u.searchParams.delete("x");
      return u.href;
    });
    await t("urlSearchParamsHas", () => {
      const p = new URLSearchParams("a=1&a=2");
      return `${p.has("a", "2")} ${p.has("a", "3")}`;
    });
    await t("urlSetters", () => {
      const u = new URL("http://a.test/p");
      u.protocol = "https";
      u.pathname = "/x y";
      u.hash = "frag ment";
      u.port = "8443";
      return u.href;
    });
    await t("urlToJSON", () => JSON.stringify({ u: new URL("https://a.test/") }));
    await t("urlFile", () => new URL("file:///C:/x/../y").href);

    // FormData and Blob
    await t("formDataEntries", () => {
      const f = new FormData();
      f.append("a", "1");
      f.set("b", "2");
      f.append("a", "3");
      f.delete("b");
      return [...f].map(([k, v]) => `${k}=${v}`).join(",");
    });
    await t("formDataFile", () => {
      const f = new FormData();
      f.append("file", new Blob(["x"]));
      const file = f.get("file");
      return `${file.constructor.name} ${file.name} ${file.size}`;
    });
    // workerd names a Blob appended without a filename after its field.
    await t("formDataBlobNames", () => {
      const f = new FormData();
      f.append("upload", new Blob(["x"]));
      f.set("other", new Blob(["y"]));
      f.append("given", new Blob(["z"]), "given.txt");
      f.append("file", new File(["w"], ""));
      return [...f].map(([k, v]) => `${k}:${JSON.stringify(v.name)}`).join(",");
    });
    await t("formDataBlobNameSent", async () => {
      const f = new FormData();
      f.append("upload", new Blob(["x"], { type: "text/plain" }));
      const text = await new Response(f).text();
      return /filename="([^"]*)"/.exec(text)?.[1] ?? "no filename";
    });
    await t("blobSlice", async () => {
      const b = new Blob(["hello ", "world"], { type: "Text/Plain" });
      const s = b.slice(-5, undefined, "x/y");
      return `${b.size} ${b.type} ${s.type} ${await s.text()}`;
    });
    await t("fileObject", () => {
      const f = new File(["ab"], "n.txt", { type: "text/plain", lastModified: 42 });
      return `${f.name} ${f.size} ${f.type} ${f.lastModified}`;
    });
    await t("blobArrayBuffer", async () => String(new Uint8Array(await new Blob([new Uint8Array([1, 2])]).arrayBuffer())));

    // Encoding, base64, digests
    await t("textEncoder", () => String(new TextEncoder().encode("é€")));
    await t("textDecoderFatal", () => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])));
    await t("textDecoderReplace", () => new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62])));
    await t("textDecoderBOM", () => new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])));
    await t("textDecoderLatin1", () => new TextDecoder("latin1").decode(new Uint8Array([0xe9, 0x80])));
    await t("textDecoderStream", () => {
      const d = new TextDecoder();
      return d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + "|" + d.decode(new Uint8Array([0xac]));
    });
    await t("encodeInto", () => JSON.stringify(new TextEncoder().encodeInto("héllo", new Uint8Array(3))));
    await t("btoaAtob", () => `${btoa("hi\u00ff")} ${atob(" aGk= ")}`);
    await t("btoaWide", () => btoa("€"));
    await t("atobBad", () => atob("a"));
    await t("digest", async () => {
      const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc"));
      return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
    });
    await t("randomUUID", () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
    await t("getRandomValuesLimit", () => crypto.getRandomValues(new Uint8Array(65537)));
    await t("hmac", async () => {
      const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("m"));
      return btoa(String.fromCharCode(...new Uint8Array(sig)));
    });
    await t("timingSafeEqual", () => typeof crypto.subtle.timingSafeEqual === "function" ? String(crypto.subtle.timingSafeEqual(new Uint8Array([1]), new Uint8Array([1]))) : "missing");
    await t("structuredCloneMap", () => {
      const c = structuredClone(new Map([[1, { d: new Date(0) }]]));
      return `${c.constructor.name} ${c.get(1).d.toISOString()}`;
    });
    return Response.json(r);
  },
};
