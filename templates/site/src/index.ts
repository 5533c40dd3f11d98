/**
 * A site: public/ is served as static files (index.html at `/`, `/about` finds
 * about.html), and this worker answers the paths that have no file.
 *
 * - `worky dev` serves both on http://127.0.0.1:8787/; saving a file in public/
 *   is served from the next request, saving this one reloads the worker.
 * - `env.ASSETS.fetch(request)` asks the static files from the worker.
 */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/api/time") {
      return Response.json({ now: new Date().toISOString() });
    }
    // Anything else: the site's own page for a missing one, with a 404.
    const page = await env.ASSETS.fetch(new URL("/404.html", request.url));
    return new Response(page.body, { status: 404, headers: page.headers });
  },
};
