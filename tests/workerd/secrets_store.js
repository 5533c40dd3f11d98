// A Secrets Store secret binding (`[[secrets_store_secrets]]`): what the binding
// is, and what `get()` answers for a secret the store does not hold. (A secret
// it holds answers its value: tests/secrets.rs, where worky's store is set up.)
// Recorded under miniflare (workerd alone has no secrets store).

const attempt = async (f) => {
  try {
    const value = await f();
    return { ok: value === undefined ? "undefined" : value };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
};

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/") return new Response("ready");
    return Response.json({
      get: typeof env.API_KEY.get,
      missing: await attempt(() => env.API_KEY.get()),
      inEnv: Object.keys(env).sort(),
    });
  },
};
