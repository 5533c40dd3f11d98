// nodejs_compat at compatibility date 2025-10-01, where the fuller process
// object (process v2), node:fs (a virtual file system with a writable /tmp),
// node:os and node:http are on by default: what an app sees of each.
import process from "node:process";
import fs from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import http from "node:http";
import timers from "node:timers";

const describe = (err) => `${err.name} | ${err.code} | ${err.message}`;

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + describe(err);
      }
    };
    const ta = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + describe(err);
      }
    };
    t("processGlobal", () => globalThis.process === process);
    t("version", () => `${/^v\d+\.\d+\.\d+$/.test(process.version)} ${process.version}`);
    t("versionsNode", () => `${process.versions.node} ${"v" + process.versions.node === process.version}`);
    t("platformArch", () => `${process.platform} ${process.arch}`);
    t("cwd", () => process.cwd());
    t("argv", () => `${JSON.stringify(process.argv)} ${JSON.stringify(process.execArgv)} ${typeof process.pid}`);
    t("functions", () => ["exit", "nextTick", "emitWarning", "on", "cwd", "chdir", "umask", "uptime", "memoryUsage", "abort"].map((k) => `${k}:${typeof process[k]}`).join(","));
    t("hrtime", () => `${typeof process.hrtime.bigint()} ${Array.isArray(process.hrtime())} ${process.hrtime().length}`);
    t("releaseName", () => process.release && process.release.name);
    t("env", () => `${process.env.GREETING} ${typeof process.env.SETTINGS} ${Object.keys(process.env).sort().join(",")}`);
    t("emitWarning", () => { process.emitWarning("careful"); return "no throw"; });
    t("processEvents", () => { const f = () => {}; process.on("probe-event", f); const n = process.listenerCount("probe-event"); process.off("probe-event", f); return n; });
    t("chdir", () => { process.chdir("/tmp"); const now = process.cwd(); process.chdir("/"); return now; });
    await ta("tickOrder", () => new Promise((resolve) => {
      const order = [];
      setTimeout(() => resolve(order.join(",")), 20);
      Promise.resolve().then(() => order.push("promise"));
      process.nextTick(() => order.push("tick"));
      queueMicrotask(() => order.push("microtask"));
      order.push("sync");
    }));
    t("timersIdentity", () => `${timers.setTimeout === globalThis.setTimeout} ${typeof setTimeout(() => {}, 0)}`);
    t("fsRoundtrip", () => { fs.writeFileSync("/tmp/probe.txt", "hello fs"); return fs.readFileSync("/tmp/probe.txt", "utf8"); });
    t("fsReadMissing", () => { fs.readFileSync("/definitely/missing.txt"); return "no throw"; });
    t("fsWriteOutsideTmp", () => { fs.writeFileSync("/bundle/x.txt", "y"); return "no throw"; });
    t("fsExists", () => `${fs.existsSync("/")} ${fs.existsSync("/tmp")} ${fs.existsSync("/nope")}`);
    t("fsReaddirRoot", () => fs.readdirSync("/").sort().join(","));
    t("fsStat", () => { const s = fs.statSync("/tmp/probe.txt"); return `${s.isFile()} ${s.isDirectory()} ${s.size}`; });
    await ta("fsPromisesMissing", async () => { await readFile("/nope/file"); return "no throw"; });
    t("osInfo", () => `${os.platform()} ${os.EOL === "\n"} ${typeof os.arch()} ${os.tmpdir()} ${Array.isArray(os.cpus())}`);
    t("httpBits", () => `${http.STATUS_CODES[418]} ${http.METHODS.includes("PATCH")} ${typeof http.request} ${typeof http.createServer}`);
    return Response.json(r);
  },
};
