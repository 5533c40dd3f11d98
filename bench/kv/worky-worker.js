// KV operations per second from inside a worker: N sequential puts, then N gets,
// then N puts issued concurrently (what parallel requests look like to the store).
export default {
  async fetch(request, env) {
    const n = Number(new URL(request.url).searchParams.get("n") ?? 2000);
    const value = "x".repeat(100);
    let t = Date.now();
    for (let i = 0; i < n; i++) await env.KV.put(`key-${i}`, value);
    const put = n / ((Date.now() - t) / 1000);
    t = Date.now();
    for (let i = 0; i < n; i++) await env.KV.get(`key-${i}`);
    const get = n / ((Date.now() - t) / 1000);
    t = Date.now();
    await Promise.all(Array.from({ length: n }, (_, i) => env.KV.put(`par-${i}`, value)));
    const parallelPut = n / ((Date.now() - t) / 1000);
    return Response.json({ put, get, parallelPut });
  },
};
