// process.getBuiltinModule with nodejs_compat (here before process v2, as the
// Cloudflare vite plugin's React Router and Astro builds run it: they take
// nextTick from getBuiltinModule("node:process")).
export default {
  fetch() {
    const out = {};
    const names = ["node:process", "process", "node:buffer", "buffer", "node:events", "events", "node:async_hooks",
      "node:crypto", "node:fs", "fs/promises", "node:fs/promises", "node:path", "node:stream", "node:util",
      "node:zlib", "foo", "node:foo", "", "worky:host", "cloudflare:workers"];
    for (const name of names) {
      try {
        const m = process.getBuiltinModule(name);
        out[name || "(empty)"] = m === undefined ? "undefined" : typeof m;
      } catch (error) {
        out[name || "(empty)"] = `${error.name}: ${error.message}`;
      }
    }
    out.type = typeof process.getBuiltinModule;
    out.processItself = process.getBuiltinModule("node:process") === process;
    out.nextTick = typeof process.getBuiltinModule("node:process").nextTick;
    out.bufferClass = process.getBuiltinModule("buffer").Buffer === Buffer;
    out.eventEmitter = typeof process.getBuiltinModule("node:events").EventEmitter;
    out.sameTwice = process.getBuiltinModule("node:util") === process.getBuiltinModule("util");
    return Response.json(out);
  },
};
