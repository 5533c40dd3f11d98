// Cache API hit latency (bench/platform.sh): `/fill` stores a 1 KB response,
// `/hit` answers with caches.default.match of it, `/plain` with the same body
// made in the worker (the request's own cost, without the cache).
const KEY = "https://bench.test/item";
const BODY = "x".repeat(1024);

export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/fill") {
      await caches.default.put(KEY, new Response(BODY, { headers: { "cache-control": "max-age=3600" } }));
      return new Response("filled");
    }
    if (path === "/hit") {
      const hit = await caches.default.match(KEY);
      return hit ?? new Response("miss", { status: 404 });
    }
    return new Response(BODY);
  },
};
