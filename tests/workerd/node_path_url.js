// node:path, node:url, node:querystring, node:string_decoder and node:punycode
// under nodejs_compat: the string helpers apps use for routes, links and forms.
import path from "node:path";
import * as pathModule from "node:path";
import url from "node:url";
import { fileURLToPath, pathToFileURL, URL as UrlURL, URLSearchParams as UrlSearchParams, domainToASCII, domainToUnicode } from "node:url";
import querystring from "node:querystring";
import { StringDecoder } from "node:string_decoder";

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
    t("join", () => [path.join("/a", "b", "../c", "./d"), path.join("a", "", "b/"), path.join(), path.join("..", "x")].join(" | "));
    t("resolveAbsolute", () => [path.resolve("/a/b", "./c"), path.resolve("/a", "/b", "c/../d"), path.resolve("/x/")].join(" | "));
    t("normalize", () => [path.normalize("/a//b/../c/./d/"), path.normalize("a/../../b"), path.normalize("")].join(" | "));
    t("relative", () => [path.relative("/data/a/b", "/data/c"), path.relative("/a", "/a"), path.relative("/a/b", "/a/b/c/d")].join(" | "));
    t("dirname", () => [path.dirname("/a/b/c.txt"), path.dirname("c.txt"), path.dirname("/")].join(" | "));
    t("basename", () => [path.basename("/a/b/c.txt"), path.basename("/a/b/c.txt", ".txt"), path.basename("/a/b/")].join(" | "));
    t("extname", () => [path.extname("x.tar.gz"), path.extname(".env"), path.extname("file."), path.extname("noext")].join(" | "));
    t("parse", () => JSON.stringify(path.parse("/home/u/file.txt")));
    t("format", () => path.format({ dir: "/home/u", name: "file", ext: ".txt" }));
    t("isAbsolute", () => [path.isAbsolute("/a"), path.isAbsolute("a"), path.isAbsolute("./a")].join(","));
    t("sepDelimiter", () => `${path.sep} ${path.delimiter}`);
    t("posixIsPath", () => path.posix === path || path.posix.join === path.join);
    t("win32Join", () => path.win32.join("C:\\a", "b", "..\\c"));
    t("win32Sep", () => `${path.win32.sep} ${path.win32.delimiter} ${path.win32.isAbsolute("C:\\x")}`);
    t("pathNamespace", () => pathModule.default === path && pathModule.join === path.join);
    t("resolveRelative", () => path.resolve("a/b"));
    t("urlParse", () => JSON.stringify(url.parse("https://user:pw@Example.com:8080/p/a/t/h?query=string&a=1#hash")));
    t("urlParseQuery", () => JSON.stringify(url.parse("http://x.com/p?a=1&b=2&a=3", true).query));
    t("urlFormat", () => url.format({ protocol: "https", hostname: "example.com", pathname: "/some/path", query: { page: 1, format: "json" } }));
    t("urlFormatURL", () => url.format(new URL("https://a:b@測試.com/x?y=1#z"), { auth: false, fragment: false, unicode: true }));
    t("urlResolve", () => [url.resolve("/one/two/three", "four"), url.resolve("http://example.com/", "/one"), url.resolve("http://example.com/one", "/two"), url.resolve("http://a.com/b/c", "../d")].join(" | "));
    t("fileURLToPath", () => fileURLToPath("file:///home/user/a%20b.txt"));
    t("pathToFileURL", () => pathToFileURL("/tmp/a b#c.txt").href);
    t("fileURLToPathBad", () => fileURLToPath("https://x.com/a"));
    t("urlIsGlobal", () => `${UrlURL === globalThis.URL} ${UrlSearchParams === globalThis.URLSearchParams} ${url.URL === URL}`);
    t("domainToASCII", () => `${domainToASCII("español.com")} ${domainToASCII("xn--iñvalid.com")} ${domainToUnicode("xn--espaol-zwa.com")}`);
    t("qsParse", () => JSON.stringify(querystring.parse("a=1&b=2&a=3&c=&d&e=%20x+y&f=%E2%82%AC")));
    t("qsParseSepEq", () => JSON.stringify(querystring.parse("a:1;b:2", ";", ":")));
    t("qsStringify", () => querystring.stringify({ a: [1, 2], b: "x y", c: "é&=", d: "", e: true, f: null, g: undefined }));
    t("qsEscape", () => `${querystring.escape("a b&c/é~*'()!")} ${querystring.unescape("a%20b+c%2")}`);
    t("qsDecodeEncode", () => `${querystring.decode === querystring.parse} ${querystring.encode === querystring.stringify}`);
    t("decoderSplit", () => {
      const d = new StringDecoder("utf8");
      const euro = Buffer.from("€");
      const parts = [d.write(euro.subarray(0, 1)), d.write(euro.subarray(1, 2)), d.write(euro.subarray(2)), d.write(Buffer.from("ab"))];
      return JSON.stringify(parts);
    });
    t("decoderEnd", () => {
      const d = new StringDecoder("utf8");
      const first = d.write(Buffer.from([0xe2, 0x82]));
      return JSON.stringify([first, d.end()]);
    });
    t("decoderEndBuffer", () => JSON.stringify(new StringDecoder().end(Buffer.from("ok"))));
    t("decoderUtf16", () => {
      const d = new StringDecoder("utf16le");
      return JSON.stringify([d.write(Buffer.from([0x61])), d.write(Buffer.from([0x00, 0x62])), d.end(Buffer.from([0x00]))]);
    });
    t("decoderHex", () => new StringDecoder("hex").write(Buffer.from([1, 255])));
    t("decoderBase64", () => { const d = new StringDecoder("base64"); return JSON.stringify([d.write(Buffer.from("ab")), d.end()]); });
    await ta("punycode", async () => {
      const punycode = await import("node:punycode");
      const p = punycode.default ?? punycode;
      return `${p.encode("mañana")} ${p.decode("maana-pta")} ${p.toASCII("mañana.com")} ${p.toUnicode("xn--maana-pta.com")}`;
    });
    await ta("punycodeBare", async () => typeof (await import("punycode")).default);
    return Response.json(r);
  },
};
