// Node modules a Worker cannot really use under nodejs_compat (2025-05-01):
// which of them import at all, what they export, and the exact errors that
// calling into them (spawn, exec, createServer, fs) gives an app.
const load = async (importer) => {
  try {
    return { module: await importer() };
  } catch (err) {
    return { error: "threw: " + err.name + ": " + err.message };
  }
};

const describe = (err) => `${err.name} | ${err.code} | ${err.message}`;

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + describe(err);
      }
    };
    const modules = {};
    // Literal specifiers: a bundler resolves them at build time (worky) or not at all.
    const imports = [
      ["node:fs", () => import("node:fs")],
      ["node:fs/promises", () => import("node:fs/promises")],
      ["node:child_process", () => import("node:child_process")],
      ["node:net", () => import("node:net")],
      ["node:http", () => import("node:http")],
      ["node:https", () => import("node:https")],
      ["node:os", () => import("node:os")],
      ["node:tls", () => import("node:tls")],
      ["node:dns", () => import("node:dns")],
      ["node:worker_threads", () => import("node:worker_threads")],
      ["node:module", () => import("node:module")],
      ["node:vm", () => import("node:vm")],
      ["node:perf_hooks", () => import("node:perf_hooks")],
      ["node:readline", () => import("node:readline")],
      ["node:cluster", () => import("node:cluster")],
      ["node:http2", () => import("node:http2")],
      ["node:dgram", () => import("node:dgram")],
      ["node:v8", () => import("node:v8")],
      ["fs", () => import("fs")],
    ];
    for (const [name, importer] of imports) {
      const loaded = await load(importer);
      modules[name] = loaded.module;
      r[`import ${name}`] = loaded.error ?? `ok ${Object.keys(loaded.module).length > 0}`;
    }
    const cp = modules["node:child_process"];
    const net = modules["node:net"];
    const fs = modules["node:fs"];
    const http = modules["node:http"];
    const os = modules["node:os"];
    const dns = modules["node:dns"];
    if (cp) {
      await t("spawn", () => { cp.spawn("ls"); return "no throw"; });
      await t("exec", () => new Promise((resolve) => {
        try {
          cp.exec("ls", (err) => resolve(err ? `callback ${describe(err)}` : "callback ok"));
        } catch (err) {
          resolve("threw: " + describe(err));
        }
      }));
      await t("execSync", () => { cp.execSync("ls"); return "no throw"; });
    }
    if (net) {
      await t("createServer", () => { net.createServer(); return "no throw"; });
      await t("netIsIP", () => `${net.isIP("1.2.3.4")} ${net.isIP("::1")} ${net.isIP("nope")} ${net.isIPv4("10.0.0.1")}`);
      await t("netConnectType", () => typeof net.connect);
    }
    if (fs) {
      const fsx = fs.default ?? fs;
      await t("writeFileSync", () => { fsx.writeFileSync("/tmp/x", "y"); return "no throw"; });
      await t("readFileSyncMissing", () => { fsx.readFileSync("/definitely/missing.txt"); return "no throw"; });
      await t("existsSync", () => `${fsx.existsSync("/")} ${fsx.existsSync("/definitely/missing.txt")}`);
      await t("readdirRoot", () => fsx.readdirSync("/").sort().join(","));
    }
    if (http) {
      await t("httpCreateServer", () => { http.createServer(); return "no throw"; });
      await t("httpStatusCodes", () => `${http.STATUS_CODES && http.STATUS_CODES[404]} ${JSON.stringify(http.METHODS && http.METHODS.slice(0, 3))}`);
    }
    if (os) {
      const osx = os.default ?? os;
      await t("osInfo", () => ["platform", "arch", "EOL", "hostname", "cpus", "tmpdir"].map((k) => `${k}:${typeof osx[k]}`).join(","));
    }
    if (dns) await t("dnsShape", () => `${typeof dns.lookup} ${typeof dns.promises} ${typeof dns.resolve}`);
    const fsp = modules["node:fs/promises"];
    if (fsp) {
      const fspx = fsp.default ?? fsp;
      await t("promisesWriteFile", async () => { await fspx.writeFile("/tmp/x", "y"); return "no throw"; });
      await t("promisesReadFileMissing", async () => { await fspx.readFile("/definitely/missing.txt"); return "no throw"; });
    }
    // The same observations whichever modules imported.
    for (const key of ["spawn", "exec", "execSync", "writeFileSync", "readFileSyncMissing", "existsSync", "readdirRoot", "httpCreateServer", "httpStatusCodes", "osInfo"]) {
      if (!(key in r)) r[key] = "its module did not import";
    }
    return Response.json(r);
  },
};
