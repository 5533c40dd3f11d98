// fetch() out of a worker as workerd does it, against the worker itself (its
// /echo says what arrived): the headers a fetch adds, bodies and their
// content-type, redirects followed (303 turns POST into GET, 307 keeps it),
// manual and error modes, what a fetched response shows (joined headers,
// Set-Cookie, gzip), and refusals. Recorded with a current compatibility date.
// worky's fetch (deno_fetch's) adds Accept, Accept-Encoding, Accept-Language and
// User-Agent where a worker set none; workerd adds none. `defaultHeaders` records
// that; the echo leaves those four defaults out, so the rest compares the rest.
const VOLATILE = new Set(["host", "cf-connecting-ip", "x-worky-depth", "traceparent", "cf-ray", "x-forwarded-for", "x-forwarded-proto", "x-real-ip", "cdn-loop", "cf-ew-via", "cf-worker", "cf-visitor", "cf-ipcountry"]);

const DEFAULTS = { accept: "*/*", "accept-encoding": "gzip,br", "accept-language": "*" };
const isDefault = (name, value) => DEFAULTS[name] === value || (name === "user-agent" && value.startsWith("worky/"));

async function echo(request) {
  const url = new URL(request.url);
  const raw = new URL(request.url).searchParams.has("raw");
  const headers = [...request.headers]
    .filter(([name, value]) => !VOLATILE.has(name) && (raw || !isDefault(name, value)))
    .map(([name, value]) => `${name}=${value}`);
  return Response.json({ method: request.method, path: url.pathname + url.search, headers, body: await request.text() });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ok");
    if (url.pathname === "/echo") return echo(request);
    if (url.pathname === "/redirect") {
      return new Response(null, { status: Number(url.searchParams.get("status") ?? 302), headers: { location: url.searchParams.get("to") ?? "/echo" } });
    }
    if (url.pathname === "/headers") {
      const headers = new Headers([["x-multi", "a"], ["x-multi", "b"], ["set-cookie", "a=1; Path=/"], ["set-cookie", "b=2"]]);
      return new Response("h", { headers });
    }
    if (url.pathname === "/gzip") {
      const body = new Response(new Blob(["zipped text"]).stream().pipeThrough(new CompressionStream("gzip"))).body;
      return new Response(body, { headers: { "content-encoding": "gzip", "content-type": "text/plain" }, encodeBody: "manual" });
    }
    if (url.pathname !== "/") return new Response("not found", { status: 404 });

    const here = (path) => new URL(path, request.url).href;
    const local = (href) => href.replace(url.origin, "");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const json = async (response) => JSON.stringify(await response.json());
    await t("defaultHeaders", async () => json(await fetch(here("/echo?raw"))));
    await t("plainGet", async () => json(await fetch(here("/echo?x=1"))));
    await t("postText", async () => json(await fetch(here("/echo"), { method: "POST", body: "hello" })));
    await t("postJson", async () => json(await fetch(here("/echo"), { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } })));
    await t("postForm", async () => json(await fetch(here("/echo"), { method: "PUT", body: new URLSearchParams({ a: "1 2" }) })));
    await t("postBytes", async () => json(await fetch(here("/echo"), { method: "POST", body: new Uint8Array([104, 105]) })));
    await t("customHeaders", async () => json(await fetch(here("/echo"), { headers: { "X-Custom": "v", "User-Agent": "mine", Accept: "text/plain" } })));
    await t("follow302", async () => {
      const response = await fetch(here("/redirect?status=302&to=/echo?from=302"));
      return `${response.status} ${response.redirected} ${local(response.url)} ${await json(response)}`;
    });
    await t("post303", async () => {
      const response = await fetch(here("/redirect?status=303&to=/echo"), { method: "POST", body: "dropped" });
      return `${response.status} ${response.redirected} ${await json(response)}`;
    });
    await t("post307", async () => {
      const response = await fetch(here("/redirect?status=307&to=/echo"), { method: "POST", body: "kept" });
      return `${response.status} ${response.redirected} ${await json(response)}`;
    });
    await t("manual", async () => {
      const response = await fetch(here("/redirect?status=301&to=/elsewhere"), { redirect: "manual" });
      return `${response.status} ${response.type} ${response.redirected} ${local(response.headers.get("location") ?? "none")} ${local(response.url)}`;
    });
    await t("errorMode", async () => fetch(here("/redirect"), { redirect: "error" }));
    await t("responseHeaders", async () => {
      const response = await fetch(here("/headers"));
      return `${response.headers.get("x-multi")} ${JSON.stringify(response.headers.getSetCookie())} ${response.headers.get("content-length")} ${response.headers.get("content-type")}`;
    });
    await t("gzip", async () => {
      const response = await fetch(here("/gzip"));
      return `${response.headers.get("content-encoding")} ${await response.text()}`;
    });
    await t("notFound", async () => {
      const response = await fetch(here("/nothing"));
      return `${response.status} ${response.ok} ${JSON.stringify(response.statusText)} ${await response.text()}`;
    });
    await t("aborted", async () => {
      const controller = new AbortController();
      controller.abort();
      return await fetch(here("/echo"), { signal: controller.signal });
    });
    await t("ftp", async () => fetch("ftp://example.com/"));
    await t("relative", async () => fetch("/echo"));
    await t("requestObject", async () => json(await fetch(new Request(here("/echo"), { method: "DELETE", headers: { a: "1" } }))));
    return Response.json(r);
  },
};
