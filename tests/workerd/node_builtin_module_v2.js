// process.getBuiltinModule with nodejs_compat and process v2 (2025-09-15 on);
// node_builtin_module.js has the same before v2.
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
