// Dynamic Workers (bench/loaders.sh): `/load` starts a new one per request
// (load(): its code built, an isolate started) and calls it; `/warm` calls the
// one already loaded under an id; `/plain` answers without one.
const CODE = {
  compatibilityDate: "2025-06-01",
  mainModule: "m.js",
  modules: {
    "m.js": "import { twice } from './lib.js'; export default { hi(n) { return 'hi ' + twice(n); } };",
    "lib.js": "export const twice = (n) => n * 2;",
  },
};

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/load") return new Response(await env.LOADER.load(CODE).getEntrypoint().hi(21));
    if (path === "/warm") return new Response(await env.LOADER.get("warm", () => CODE).getEntrypoint().hi(21));
    return new Response("hi 42");
  },
};
