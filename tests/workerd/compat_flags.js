// A worker with a compatibility date past 2026-08-04 and no flags: workerd turns
// nodejs_compat on by that date (and with it nodejs_compat_v2, the full process
// and process.env), so `node:` imports work; Cloudflare.compatibilityFlags says so.
import { Buffer as NodeBuffer } from "node:buffer";
import { EventEmitter } from "events";

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (k, f) => {
      try {
        r[k] = f();
      } catch (e) {
        r[k] = `threw: ${e.name}: ${e.message}`;
      }
    };
    const flags = Cloudflare.compatibilityFlags;
    for (const name of ["nodejs_compat", "nodejs_compat_v2", "nodejs_als", "nodejs_compat_populate_process_env", "enable_nodejs_process_v2"]) {
      r[name] = flags[name];
    }
    t("imports", () => `${NodeBuffer.from("hi").toString("hex")} ${typeof new EventEmitter().on}`);
    t("globals", () => `${typeof Buffer} ${typeof process} ${typeof global} ${typeof setImmediate}`);
    t("fullProcess", () => `${typeof process.version} ${typeof process.cwd}`);
    t("processEnv", () => `${process.env.GREETING} ${env.GREETING}`);
    return Response.json(r);
  },
};
