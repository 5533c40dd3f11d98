// The worker of tests/static_assets' projects (run by record.mjs under miniflare and
// by tests/static_assets.rs under worky): answers "WORKER <method> <path>", or, when
// the request says `x-via`, asks its assets binding for `x-target` with `x-method`.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const via = request.headers.get("x-via");
    if (via === null) {
      return new Response(`WORKER ${request.method} ${url.pathname}${url.search}`, {
        headers: { "x-served-by": "worker", "content-type": "text/plain" },
      });
    }
    const target = request.headers.get("x-target");
    const method = request.headers.get("x-method");
    const headers = new Headers(request.headers);
    for (const name of ["x-via", "x-target", "x-method"]) headers.delete(name);
    let answer;
    try {
      if (via === "binding-url") {
        answer = await env.ASSETS.fetch(target);
      } else {
        const init = { method, headers, redirect: via === "binding-manual" ? "manual" : "follow" };
        if (method !== "GET" && method !== "HEAD") init.body = "payload";
        answer = await env.ASSETS.fetch(new Request(target, init));
      }
    } catch (error) {
      // The name only: the wording of deno's URL errors differs from workerd's (as for any `new URL`).
      return new Response(error.name, { status: 599, headers: { "x-served-by": "worker" } });
    }
    const response = new Response(answer.body, answer);
    response.headers.set("x-through-binding", String(answer.status));
    return response;
  },
};
