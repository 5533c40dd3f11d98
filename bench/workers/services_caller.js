// bench/services.sh: a worker that calls another through service bindings.
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/fetch") return env.SVC.fetch("http://svc/hello");
    if (path === "/stream") return env.SVC.fetch("http://svc/stream");
    if (path === "/rpc") return new Response(String(await env.BOOKS.add(2, 3)));
    return new Response("caller");
  },
};
