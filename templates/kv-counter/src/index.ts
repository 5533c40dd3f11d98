/**
 * Counts visits per path in Workers KV.
 *
 *   GET /anything     increments and returns the count for /anything
 *   GET /_counts      every counter, as JSON
 *
 * Local KV data lives in .worky/state/; look at it with `worky kv list`.
 */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/_counts") {
      const { keys } = await env.COUNTER.list({ prefix: "count:" });
      const counts: Record<string, number> = {};
      for (const { name } of keys) {
        counts[name.slice("count:".length)] = Number(await env.COUNTER.get(name));
      }
      return Response.json(counts);
    }
    const key = `count:${path}`;
    const count = Number((await env.COUNTER.get(key)) ?? 0) + 1;
    await env.COUNTER.put(key, String(count));
    return Response.json({ path, count });
  },
} satisfies ExportedHandler<Env>;
