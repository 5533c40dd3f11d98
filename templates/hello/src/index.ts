/**
 * A worker answers HTTP requests with the `fetch` handler below.
 *
 * - `worky dev` serves it on http://127.0.0.1:8787/ and reloads on save.
 * - `worky build` writes dist/worker.js, its source map and manifest.json.
 * - `Env` (the bindings from worky.toml) is in worker-configuration.d.ts: `worky types`.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/json") {
      return Response.json({ greeting: env.GREETING, path: url.pathname });
    }
    return new Response(`${env.GREETING} from {{name}}!\n`, {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
