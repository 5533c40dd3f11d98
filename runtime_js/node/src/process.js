// node:process and the `process` global. With Workers' enable_nodejs_process_v2
// (compatibility date 2025-09-15 on): unenv's Process (an EventEmitter with
// Node.js's members, most of them inert on Workers) with what workerd answers
// for the values libraries read: its Node.js version, Linux on x64, the
// /bundle working directory. Before that, what Workers had: env, nextTick,
// exit and platform, and no version (libraries that see one take Workers for
// Node.js). env is filled by the runtime (host.env: the worker's vars and
// secrets, when Workers' rules populate it).
const host = require("worky:host");

const NODE_VERSION = "22.23.4";

const nextTick = (callback, ...args) => queueMicrotask(() => callback(...args));

// Node.js keeps env's values as strings: what is assigned is converted.
const env = new Proxy(host.env, {
  set(target, key, value) {
    target[key] = String(value);
    return true;
  },
});

// Node.js's process.getBuiltinModule, which workerd has with nodejs_compat
// (unenv's answers nothing): a built-in module by name, "node:fs" or "fs";
// undefined for a name that is none. The Cloudflare vite plugin's code (React
// Router, Astro) takes process.nextTick from getBuiltinModule("node:process").
function getBuiltinModule(id) {
  const name = String(id);
  try {
    return require(name.startsWith("node:") ? name : `node:${name}`);
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith("No such module")) return undefined;
    throw error;
  }
}

function fullProcess() {
  const { Process } = require("unenv/node/internal/process/process");
  const { hrtime } = require("unenv/node/internal/process/hrtime");
  const process = new Process({ env, hrtime, nextTick });
  const fixed = {
    version: `v${NODE_VERSION}`,
    versions: { node: NODE_VERSION },
    release: { name: "node" },
    platform: "linux",
    arch: "x64",
    argv: ["workerd"],
    argv0: "workerd",
    title: "workerd",
    getBuiltinModule,
  };
  for (const [key, value] of Object.entries(fixed)) {
    Object.defineProperty(process, key, { value, writable: true, configurable: true, enumerable: true });
  }
  process.chdir("/bundle");
  return process;
}

function exit(code) {
  const error = new Error(`process.exit(${code ?? ""}) called: a worker cannot end its isolate; return a Response`);
  error.code = "ERR_METHOD_NOT_IMPLEMENTED";
  throw error;
}

module.exports = host.processV2 ? fullProcess() : { env, nextTick, exit, platform: "linux", getBuiltinModule };
