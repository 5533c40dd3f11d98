// process.env under nodejs_compat before 2025-04-01: variables are not copied
// into process.env (nodejs_compat_populate_process_env is not on yet), while
// they still reach the handler as bindings.
import process from "node:process";

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    t("envType", () => typeof process.env);
    t("envKeys", () => Object.keys(process.env).sort().join(","));
    t("greeting", () => String(process.env.GREETING));
    t("settingsType", () => typeof process.env.SETTINGS);
    t("globalProcessEnv", () => Object.keys(globalThis.process.env).length);
    t("bindings", () => `${env.GREETING} ${typeof env.SETTINGS} ${env.SETTINGS && env.SETTINGS.mode}`);
    t("envWritable", () => { process.env.ADDED = 5; return `${typeof process.env.ADDED} ${process.env.ADDED}`; });
    return Response.json(r);
  },
};
