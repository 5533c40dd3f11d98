// The Workers Cache API: caches.default, caches.open(name), cache.put / match / delete,
// what makes a response cacheable and for how long, Vary, methods, ranges and
// conditional matches, and the parts of the service-worker API Workers leave out.
// workerd keeps no cache unless its config names one (cacheApiOutbound), so this is
// recorded under miniflare (see cache_api.miniflare). Every observation has its own
// URL, so that one does not see another's entry. Timestamps (Date, Age) are reported
// as booleans.
const base = "https://cache.test";
const ts = (text) => new TextEncoder().encode(text);

// Header names and values the way a match hands them back, without the ones that
// hold the time (date, age), which are reported as booleans beside them.
const headersOf = (response) => {
  const out = {};
  for (const [name, value] of response.headers) if (name !== "date" && name !== "age") out[name] = value;
  return out;
};
const brief = async (response) => {
  if (response === undefined) return "undefined";
  return { status: response.status, body: await response.text() };
};

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
    const cache = caches.default;
    // put(key, new Response(body, init)), then match(key): what comes back, in brief.
    const roundTrip = async (path, init, body = "x") => {
      await cache.put(`${base}${path}`, new Response(body, init));
      return brief(await cache.match(`${base}${path}`));
    };
    const maxAge = { headers: { "cache-control": "max-age=3600" } };

    // put, then match: status, body, headers, and what the cache adds.
    await t("putThenMatch", async () => {
      await cache.put(`${base}/basic`, new Response("hello", {
        status: 200,
        headers: { "content-type": "text/plain", "cache-control": "max-age=3600", "x-custom": "one" },
      }));
      const m = await cache.match(`${base}/basic`);
      return {
        status: m.status,
        statusText: m.statusText,
        ok: m.ok,
        body: await m.text(),
        headers: headersOf(m),
        cfCacheStatus: m.headers.get("cf-cache-status"),
        hasAge: m.headers.has("age"),
        hasDateHeader: m.headers.has("date"),
      };
    });
    await t("matchResponseShape", async () => {
      await cache.put(`${base}/shape`, new Response("s", maxAge));
      const m = await cache.match(`${base}/shape`);
      return { type: m.type, url: m.url, redirected: m.redirected, bodyUsed: m.bodyUsed, isResponse: m instanceof Response };
    });
    await t("customStatusText", async () => {
      await cache.put(`${base}/status-text`, new Response("s", { status: 200, statusText: "Fine Thanks", ...maxAge }));
      return (await cache.match(`${base}/status-text`)).statusText;
    });
    await t("ageFromStoredAgeHeader", async () => {
      await cache.put(`${base}/age5`, new Response("a", { headers: { "cache-control": "max-age=3600", age: "5" } }));
      return (await cache.match(`${base}/age5`)).headers.get("age");
    });
    await t("hopByHopHeadersOnMatch", async () => {
      await cache.put(`${base}/hop`, new Response("h", {
        headers: { "cache-control": "max-age=3600", "keep-alive": "timeout=5", trailer: "x-t", "proxy-authenticate": "Basic", "x-kept": "yes" },
      }));
      return Object.keys(headersOf(await cache.match(`${base}/hop`))).join(",");
    });
    await t("putResolvesTo", async () => {
      const value = await cache.put(`${base}/resolves`, new Response("r", maxAge));
      return value === undefined ? "undefined" : String(value);
    });
    await t("putReturnsPromise", () => {
      const p = cache.put(`${base}/promise`, new Response("p", maxAge));
      const isPromise = p instanceof Promise;
      return p.then(() => isPromise);
    });
    await t("putDisturbsBody", async () => {
      const response = new Response("d", maxAge);
      const p = cache.put(`${base}/disturb`, response);
      const during = response.bodyUsed;
      await p;
      return { duringPut: during, afterPut: response.bodyUsed };
    });
    await t("putTwiceKeepsLast", async () => {
      await cache.put(`${base}/twice`, new Response("first", maxAge));
      await cache.put(`${base}/twice`, new Response("second", maxAge));
      return brief(await cache.match(`${base}/twice`));
    });

    // Keys: string, Request, URL; query, fragment, host case.
    await t("matchStringRequestUrl", async () => {
      await cache.put(new Request(`${base}/keys`), new Response("k", maxAge));
      return {
        string: await brief(await cache.match(`${base}/keys`)),
        request: await brief(await cache.match(new Request(`${base}/keys`))),
        url: await brief(await cache.match(new URL(`${base}/keys`))),
      };
    });
    await t("matchMissing", async () => {
      const m = await cache.match(`${base}/never-put`);
      return m === undefined ? "undefined" : typeof m;
    });
    await t("queryStringIsKey", async () => {
      await cache.put(`${base}/q?a=1&b=2`, new Response("q", maxAge));
      return {
        same: await brief(await cache.match(`${base}/q?a=1&b=2`)),
        otherValue: await brief(await cache.match(`${base}/q?a=2&b=2`)),
        reordered: await brief(await cache.match(`${base}/q?b=2&a=1`)),
        none: await brief(await cache.match(`${base}/q`)),
      };
    });
    await t("fragment", async () => {
      await cache.put(`${base}/frag#one`, new Response("f", maxAge));
      await cache.put(`${base}/frag2`, new Response("f2", maxAge));
      return {
        sameFragment: await brief(await cache.match(`${base}/frag#one`)),
        otherFragment: await brief(await cache.match(`${base}/frag#two`)),
        noFragment: await brief(await cache.match(`${base}/frag`)),
        putWithoutMatchWith: await brief(await cache.match(`${base}/frag2#x`)),
      };
    });
    await t("hostCase", async () => {
      await cache.put("https://CACHE.test/Case", new Response("c", maxAge));
      return {
        lowerHost: await brief(await cache.match("https://cache.test/Case")),
        lowerPath: await brief(await cache.match("https://cache.test/case")),
      };
    });
    await t("defaultPortAndTrailingSlash", async () => {
      await cache.put("https://cache.test:443", new Response("p", maxAge));
      return {
        noPort: await brief(await cache.match("https://cache.test/")),
        httpScheme: await brief(await cache.match("http://cache.test/")),
      };
    });
    await t("cfCacheKey", async () => {
      await cache.put(new Request(`${base}/ck-url`, { cf: { cacheKey: "custom-key" } }), new Response("ck", maxAge));
      return {
        byUrl: await brief(await cache.match(`${base}/ck-url`)),
        bySameCacheKey: await brief(await cache.match(new Request(`${base}/other-url`, { cf: { cacheKey: "custom-key" } }))),
      };
    });

    // delete
    await t("deleteExisting", async () => {
      await cache.put(`${base}/del`, new Response("d", maxAge));
      const first = await cache.delete(`${base}/del`);
      const after = await brief(await cache.match(`${base}/del`));
      const second = await cache.delete(`${base}/del`);
      return { first, matchAfter: after, second };
    });
    await t("deleteMissing", () => cache.delete(`${base}/never-put-either`));
    await t("deleteMethods", async () => {
      await cache.put(`${base}/del-post`, new Response("d", maxAge));
      const post = await cache.delete(new Request(`${base}/del-post`, { method: "POST" }));
      const stillThere = await brief(await cache.match(`${base}/del-post`));
      const postIgnoringMethod = await cache.delete(new Request(`${base}/del-post`, { method: "POST" }), { ignoreMethod: true });
      return { post, stillThere, postIgnoringMethod, after: await brief(await cache.match(`${base}/del-post`)) };
    });

    // caches.open
    await t("openIsolation", async () => {
      const x = await caches.open("x");
      await cache.put(`${base}/iso`, new Response("in default", maxAge));
      await x.put(`${base}/iso`, new Response("in x", maxAge));
      const y = await caches.open("y");
      const found = {
        default: await brief(await cache.match(`${base}/iso`)),
        x: await brief(await x.match(`${base}/iso`)),
        y: await brief(await y.match(`${base}/iso`)),
      };
      found.deleteFromX = await x.delete(`${base}/iso`);
      found.defaultAfterDeleteFromX = await brief(await cache.match(`${base}/iso`));
      return found;
    });
    await t("openTwiceSameName", async () => {
      const a = await caches.open("same");
      const b = await caches.open("same");
      await a.put(`${base}/same`, new Response("shared", maxAge));
      return { sameObject: a === b, seenThroughOther: await brief(await b.match(`${base}/same`)) };
    });
    await t("openDefaultName", async () => {
      const named = await caches.open("default");
      await cache.put(`${base}/named-default`, new Response("from caches.default", maxAge));
      return { sameObject: named === caches.default, sharesEntries: await brief(await named.match(`${base}/named-default`)) };
    });
    await t("defaultIsStable", () => caches.default === caches.default);
    await t("cacheClassNames", async () => [caches.constructor.name, caches.default.constructor.name, (await caches.open("n")).constructor.name].join(","));
    await t("openEmptyName", async () => typeof (await caches.open("")));
    await t("openLongName", async () => typeof (await caches.open("n".repeat(2000))));

    // What put refuses.
    await t("putPost", () => cache.put(new Request(`${base}/post`, { method: "POST" }), new Response("p", maxAge)).then(() => "stored"));
    await t("putHead", () => cache.put(new Request(`${base}/head`, { method: "HEAD" }), new Response("h", maxAge)).then(() => "stored"));
    await t("put206", () => cache.put(`${base}/206`, new Response("p", { status: 206, ...maxAge })).then(() => "stored"));
    await t("put304", async () => {
      await cache.put(`${base}/304`, new Response(null, { status: 304, ...maxAge }));
      return brief(await cache.match(`${base}/304`));
    });
    await t("putErrorResponse", () => cache.put(`${base}/error`, Response.error()).then(() => "stored"));
    await t("putVaryStar", () => cache.put(`${base}/vary-star`, new Response("v", { headers: { vary: "*", "cache-control": "max-age=3600" } })).then(() => "stored"));
    await t("putVaryListWithStar", () => cache.put(`${base}/vary-star2`, new Response("v", { headers: { vary: "Accept, *", "cache-control": "max-age=3600" } })).then(() => "stored"));
    await t("putUsedBody", async () => {
      const response = new Response("used", maxAge);
      await response.text();
      await cache.put(`${base}/used`, response);
      return "stored";
    });
    await t("putNonHttpUrl", () => cache.put("ftp://cache.test/file", new Response("f", maxAge)).then(() => "stored"));
    await t("putRelativeUrl", () => cache.put("/relative", new Response("r", maxAge)).then(() => "stored"));
    await t("putInvalidUrl", () => cache.put("not a url", new Response("r", maxAge)).then(() => "stored"));
    await t("putNotAResponse", () => cache.put(`${base}/not-response`, "text").then(() => "stored"));
    await t("matchNonHttpUrl", async () => brief(await cache.match("ftp://cache.test/file")));

    // What gets stored, and for how long: Cache-Control, Expires, status, Set-Cookie.
    await t("noHeaders", () => roundTrip("/no-headers", {}));
    await t("maxAge3600", () => roundTrip("/max-age", maxAge));
    await t("noStore", () => roundTrip("/no-store", { headers: { "cache-control": "no-store" } }));
    await t("noCache", () => roundTrip("/no-cache", { headers: { "cache-control": "no-cache" } }));
    await t("private", () => roundTrip("/private", { headers: { "cache-control": "private" } }));
    await t("privateWithMaxAge", () => roundTrip("/private-max-age", { headers: { "cache-control": "private, max-age=3600" } }));
    await t("maxAge0", () => roundTrip("/max-age-0", { headers: { "cache-control": "max-age=0" } }));
    await t("publicOnly", () => roundTrip("/public", { headers: { "cache-control": "public" } }));
    await t("immutableOnly", () => roundTrip("/immutable", { headers: { "cache-control": "immutable" } }));
    await t("sMaxageOverridesMaxAge0", () => roundTrip("/s-maxage-long", { headers: { "cache-control": "max-age=0, s-maxage=3600" } }));
    await t("sMaxage0OverridesMaxAge", () => roundTrip("/s-maxage-zero", { headers: { "cache-control": "max-age=3600, s-maxage=0" } }));
    await t("staleWhileRevalidate", () => roundTrip("/swr", { headers: { "cache-control": "max-age=0, stale-while-revalidate=60" } }));
    await t("pragmaNoCache", () => roundTrip("/pragma", { headers: { pragma: "no-cache" } }));
    await t("expiresPast", () => roundTrip("/expires-past", { headers: { expires: "Thu, 01 Jan 1970 00:00:00 GMT" } }));
    await t("expiresFuture", () => roundTrip("/expires-future", { headers: { expires: "Fri, 01 Jan 2100 00:00:00 GMT" } }));
    await t("expiresInvalid", () => roundTrip("/expires-invalid", { headers: { expires: "soon" } }));
    await t("maxAgeOverridesExpiresPast", () => roundTrip("/max-age-expires", { headers: { "cache-control": "max-age=3600", expires: "Thu, 01 Jan 1970 00:00:00 GMT" } }));
    await t("lastModifiedOnly", () => roundTrip("/last-modified", { headers: { "last-modified": "Thu, 01 Jan 2015 00:00:00 GMT" } }));
    await t("storedAgeBeyondMaxAge", () => roundTrip("/old", { headers: { "cache-control": "max-age=50", age: "100" } }));
    await t("status404", () => roundTrip("/404", { status: 404, ...maxAge }));
    await t("status404NoHeaders", () => roundTrip("/404-plain", { status: 404 }));
    await t("status500", () => roundTrip("/500", { status: 500, ...maxAge }));
    await t("status302", () => roundTrip("/302", { status: 302, headers: { location: "/elsewhere", "cache-control": "max-age=3600" } }, null));
    await t("status201", () => roundTrip("/201", { status: 201, ...maxAge }));
    await t("setCookie", async () => {
      await cache.put(`${base}/cookie`, new Response("c", { headers: { "set-cookie": "a=1", "cache-control": "max-age=3600" } }));
      const m = await cache.match(`${base}/cookie`);
      return m === undefined ? "undefined" : { body: await m.text(), setCookie: m.headers.get("set-cookie") };
    });
    await t("setCookiePublic", async () => {
      await cache.put(`${base}/cookie-public`, new Response("c", { headers: { "set-cookie": "a=1", "cache-control": "public, max-age=3600" } }));
      const m = await cache.match(`${base}/cookie-public`);
      return m === undefined ? "undefined" : { body: await m.text(), setCookie: m.headers.get("set-cookie") };
    });
    await t("setCookiePrivateSetCookie", async () => {
      await cache.put(`${base}/cookie-private`, new Response("c", { headers: { "set-cookie": "a=1", "cache-control": "private=set-cookie, max-age=3600" } }));
      const m = await cache.match(`${base}/cookie-private`);
      return m === undefined ? "undefined" : { body: await m.text(), setCookie: m.headers.get("set-cookie"), cacheControl: m.headers.get("cache-control") };
    });
    await t("requestAuthorization", async () => {
      await cache.put(new Request(`${base}/auth`, { headers: { authorization: "Bearer x" } }), new Response("a", maxAge));
      return brief(await cache.match(`${base}/auth`));
    });
    await t("requestNoStore", async () => {
      await cache.put(new Request(`${base}/req-no-store`, { headers: { "cache-control": "no-store" } }), new Response("a", maxAge));
      return brief(await cache.match(`${base}/req-no-store`));
    });
    await t("requestNoCacheOnMatch", async () => {
      await cache.put(`${base}/req-no-cache`, new Response("a", maxAge));
      return brief(await cache.match(new Request(`${base}/req-no-cache`, { headers: { "cache-control": "no-cache" } })));
    });

    // Vary
    await t("varyAcceptLanguage", async () => {
      await cache.put(new Request(`${base}/vary`, { headers: { "accept-language": "en" } }),
        new Response("english", { headers: { vary: "Accept-Language", "cache-control": "max-age=3600" } }));
      const withLanguage = (language) => cache.match(new Request(`${base}/vary`, language ? { headers: { "accept-language": language } } : {}));
      return {
        same: await brief(await withLanguage("en")),
        different: await brief(await withLanguage("fr")),
        none: await brief(await withLanguage(null)),
        varyOnMatch: (await withLanguage("en"))?.headers.get("vary") ?? "undefined",
      };
    });
    await t("matchIgnoreVaryOption", async () => {
      await cache.put(`${base}/ignore-vary`, new Response("v", maxAge));
      return brief(await cache.match(`${base}/ignore-vary`, { ignoreVary: true }));
    });
    await t("matchIgnoreSearchOption", async () => {
      await cache.put(`${base}/ignore-search?x=1`, new Response("v", maxAge));
      return brief(await cache.match(`${base}/ignore-search`, { ignoreSearch: true }));
    });
    await t("matchIgnoreSearchFalse", async () => brief(await cache.match(`${base}/ignore-search?x=1`, { ignoreSearch: false })));

    // Methods on match
    await cache.put(`${base}/methods`, new Response("for GET", maxAge));
    const methodRequest = (method) => new Request(`${base}/methods`, method === "POST" ? { method, body: "b" } : { method });
    await t("matchHead", async () => brief(await cache.match(methodRequest("HEAD"))));
    await t("matchHeadIgnoreMethod", async () => brief(await cache.match(methodRequest("HEAD"), { ignoreMethod: true })));
    await t("matchPost", async () => brief(await cache.match(methodRequest("POST"))));
    await t("matchPostIgnoreMethod", async () => brief(await cache.match(methodRequest("POST"), { ignoreMethod: true })));
    await t("matchIgnoreMethodFalse", async () => brief(await cache.match(methodRequest("HEAD"), { ignoreMethod: false })));
    await t("matchGetIgnoreMethod", async () => brief(await cache.match(methodRequest("GET"), { ignoreMethod: true })));

    // Range requests
    await cache.put(`${base}/range`, new Response("0123456789", maxAge));
    const ranged = async (range) => {
      const m = await cache.match(new Request(`${base}/range`, { headers: { range } }));
      if (m === undefined) return "undefined";
      return {
        status: m.status,
        body: await m.text(),
        contentRange: m.headers.get("content-range"),
        contentLength: m.headers.get("content-length"),
        cfCacheStatus: m.headers.get("cf-cache-status"),
      };
    };
    await t("rangeFirstThree", () => ranged("bytes=0-2"));
    await t("rangeOpenEnded", () => ranged("bytes=7-"));
    await t("rangeSuffix", () => ranged("bytes=-3"));
    await t("rangeUnsatisfiable", () => ranged("bytes=50-60"));
    await t("rangeMalformed", () => ranged("chars=0-2"));
    await t("rangeMultiple", async () => {
      const m = await cache.match(new Request(`${base}/range`, { headers: { range: "bytes=0-1,4-5" } }));
      const type = m.headers.get("content-type") ?? "";
      const boundary = type.split("boundary=")[1];
      return { status: m.status, contentTypeStart: type.split(";")[0], hasBoundary: Boolean(boundary), bodyHasParts: (await m.text()).includes("Content-Range: bytes 4-5/10") };
    });

    // Conditional matches
    await cache.put(`${base}/etag`, new Response("tagged", {
      headers: { etag: '"abc"', "last-modified": "Thu, 01 Jan 2015 00:00:00 GMT", "cache-control": "max-age=3600" },
    }));
    const conditional = async (headers) => {
      const m = await cache.match(new Request(`${base}/etag`, { headers }));
      if (m === undefined) return "undefined";
      return { status: m.status, body: await m.text(), etag: m.headers.get("etag"), cfCacheStatus: m.headers.get("cf-cache-status") };
    };
    await t("ifNoneMatchSame", () => conditional({ "if-none-match": '"abc"' }));
    await t("ifNoneMatchWeak", () => conditional({ "if-none-match": 'W/"abc"' }));
    await t("ifNoneMatchList", () => conditional({ "if-none-match": '"x", "abc"' }));
    await t("ifNoneMatchStar", () => conditional({ "if-none-match": "*" }));
    await t("ifNoneMatchOther", () => conditional({ "if-none-match": '"xyz"' }));
    await t("ifModifiedSinceLater", () => conditional({ "if-modified-since": "Fri, 01 Jan 2016 00:00:00 GMT" }));
    await t("ifModifiedSinceSame", () => conditional({ "if-modified-since": "Thu, 01 Jan 2015 00:00:00 GMT" }));
    await t("ifModifiedSinceEarlier", () => conditional({ "if-modified-since": "Wed, 01 Jan 2014 00:00:00 GMT" }));
    await t("ifModifiedSinceBadDate", () => conditional({ "if-modified-since": "yesterday" }));
    await t("ifNoneMatchOtherWithModifiedSince", () => conditional({ "if-none-match": '"xyz"', "if-modified-since": "Fri, 01 Jan 2016 00:00:00 GMT" }));

    // Bodies: streamed, large, empty
    await t("streamingBody", async () => {
      const chunks = ["str", "eam", "ed"];
      const stream = new ReadableStream({
        pull(controller) {
          if (chunks.length) controller.enqueue(ts(chunks.shift()));
          else controller.close();
        },
      });
      await cache.put(`${base}/stream`, new Response(stream, maxAge));
      const m = await cache.match(`${base}/stream`);
      return { body: await m.text(), contentLength: m.headers.get("content-length") };
    });
    await t("largeBody", async () => {
      const size = 1024 * 1024;
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31) & 0xff;
      await cache.put(`${base}/large`, new Response(bytes, maxAge));
      const back = new Uint8Array(await (await cache.match(`${base}/large`)).arrayBuffer());
      let same = back.length === size;
      for (let i = 0; same && i < size; i++) same = back[i] === bytes[i];
      return { length: back.length, sameBytes: same };
    });
    await t("emptyBody", async () => {
      await cache.put(`${base}/empty`, new Response(null, maxAge));
      const m = await cache.match(`${base}/empty`);
      return { status: m.status, body: await m.text(), bodyIsNull: m.body === null, contentLength: m.headers.get("content-length") };
    });
    await t("contentTypeKept", async () => {
      await cache.put(`${base}/json`, Response.json({ a: 1 }, maxAge));
      const m = await cache.match(`${base}/json`);
      return { contentType: m.headers.get("content-type"), body: await m.json() };
    });

    // The rest of the service-worker Cache API
    const kind = (f) => {
      try {
        const value = f();
        return value instanceof Promise ? value.then((v) => `resolved ${typeof v}`, (e) => `rejected ${e.name}: ${e.message}`) : `returned ${typeof value}`;
      } catch (err) {
        return `threw: ${err.name}: ${err.message}`;
      }
    };
    await t("cacheMethodTypes", () => ["add", "addAll", "keys", "matchAll", "match", "put", "delete"].map((m) => `${m}:${typeof cache[m]}`).join(","));
    await t("cachesMethodTypes", () => ["open", "has", "keys", "delete", "match"].map((m) => `${m}:${typeof caches[m]}`).join(","));
    await t("cacheAdd", () => kind(() => cache.add(`${base}/add`)));
    await t("cacheAddAll", () => kind(() => cache.addAll([`${base}/add`])));
    await t("cacheKeys", () => kind(() => cache.keys()));
    await t("cacheMatchAll", () => kind(() => cache.matchAll()));
    await t("cachesHas", () => kind(() => caches.has("x")));
    await t("cachesKeys", () => kind(() => caches.keys()));
    await t("cachesDelete", () => kind(() => caches.delete("x")));
    await t("cachesMatch", () => kind(() => caches.match(`${base}/basic`)));
    await t("globalCacheClasses", () => `Cache:${typeof globalThis.Cache},CacheStorage:${typeof globalThis.CacheStorage}`);

    // Expiry: max-age=1, then wait past it.
    await t("expiry", async () => {
      await cache.put(`${base}/short`, new Response("short", { headers: { "cache-control": "max-age=1" } }));
      const before = await brief(await cache.match(`${base}/short`));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = await brief(await cache.match(`${base}/short`));
      const deleteAfter = await cache.delete(`${base}/short`);
      return { before, after, deleteAfter };
    });

    return Response.json(r);
  },
};
