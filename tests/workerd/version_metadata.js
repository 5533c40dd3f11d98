// The version metadata binding ([version_metadata], env.CF_VERSION_METADATA) as
// wrangler dev gives it (miniflare): a plain object of id, tag and timestamp.
// Their values are the version's (random in miniflare), so only their forms.
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const m = env.CF_VERSION_METADATA;
    return Response.json({
      type: typeof m,
      string: Object.prototype.toString.call(m),
      keys: Object.keys(m),
      frozen: Object.isFrozen(m),
      idForm: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(m.id),
      tag: m.tag,
      timestampForm: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(m.timestamp),
      timestampRecent: Math.abs(Date.now() - Date.parse(m.timestamp)) < 600000,
      sameAgain: env.CF_VERSION_METADATA.id === m.id,
    });
  },
};
