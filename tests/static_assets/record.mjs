// Records what Cloudflare's static assets answer for every request of suite.mjs,
// under miniflare (the runtime of `wrangler dev`: workerd running Cloudflare's own
// asset and router workers), into expected.json, which tests/static_assets.rs
// compares worky's answers with. The tests do not need miniflare; run this again
// after changing the suite, or to check a newer miniflare:
//
//   node tests/static_assets/record.mjs          # installs wrangler into bench/.peers if needed
//
// A project's `assets` are wrangler's keys; they are given to miniflare the way
// wrangler gives them (routerConfig, assetConfig).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import suite from "./suite.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const peers = path.resolve(here, "../../bench/.peers");
if (!fs.existsSync(path.join(peers, "node_modules/miniflare"))) {
  console.error("installing wrangler (npm) into bench/.peers");
  fs.mkdirSync(peers, { recursive: true });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "wrangler"], { cwd: peers, stdio: "inherit" });
}
const require = createRequire(path.join(peers, "package.json"));
const { Miniflare, Log, LogLevel } = require("miniflare");

// The worker of a project with one: answers "WORKER <method> <path>", or asks its
// assets binding when the request says so (x-via: binding, binding-manual, binding-url).
export const WORKER = fs.readFileSync(path.join(here, "worker.js"), "utf8");
const COMPATIBILITY_DATE = "2025-11-01";

function writeSite(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "worky-assets-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function send(base, { method, path: target, headers, body }) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method, path: target, headers, agent: false }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** miniflare's `assets` option for wrangler's keys, as wrangler makes it. */
function assetsOption(directory, project) {
  const { html_handling, not_found_handling, run_worker_first } = project.assets;
  const routerConfig = { has_user_worker: project.worker };
  const assetConfig = {
    compatibility_date: project.compatibility_date ?? COMPATIBILITY_DATE,
    compatibility_flags: project.compatibility_flags ?? [],
    ...(html_handling && { html_handling }),
    ...(not_found_handling && { not_found_handling }),
  };
  if (run_worker_first === true) routerConfig.invoke_user_worker_ahead_of_assets = true;
  if (Array.isArray(run_worker_first)) {
    routerConfig.static_routing = {
      user_worker: run_worker_first.filter((rule) => !rule.startsWith("!")),
      asset_worker: run_worker_first.filter((rule) => rule.startsWith("!")).map((rule) => rule.slice(1)),
    };
    assetConfig.has_static_routing = true;
  }
  return { directory, ...(project.worker && { binding: "ASSETS" }), routerConfig, assetConfig };
}

const VOLATILE = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);
const ETAG = /"[0-9a-f]{32}"/g;

/** A request as sent: ETag placeholders filled in, `via` as the worker's x- headers. */
async function resolve(base, request, project) {
  const headers = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    let filled = value;
    for (const [placeholder, of] of value.matchAll(/\{\{etag:([^}]+)\}\}/g)) {
      // Asked the way the request goes: a binding's request, through the binding.
      const asked = request.via
        ? { method: "GET", path: "/__via", headers: { "x-via": "binding", "x-target": new URL(of, base).href, "x-method": "GET" } }
        : { method: "GET", path: of, headers: {} };
      const etag = (await send(base, asked)).headers.etag;
      if (etag === undefined) throw new Error(`${project.name}: no ETag for ${of}`);
      filled = filled.replace(placeholder, etag);
    }
    headers[name] = filled;
  }
  const method = request.method ?? "GET";
  if (!request.via) return { method, path: request.path, headers, body: request.body };
  const target = request.target ?? new URL(request.path, base).href;
  return { method: "GET", path: "/__via", headers: { ...headers, "x-via": request.via, "x-target": target, "x-method": method } };
}

async function record(project) {
  const directory = writeSite(suite.sites[project.site]);
  const mf = new Miniflare({
    modules: true,
    script: project.worker ? WORKER : "export default { fetch() { return new Response('Not found', { status: 404 }) } }",
    compatibilityDate: project.compatibility_date ?? COMPATIBILITY_DATE,
    compatibilityFlags: project.compatibility_flags ?? [],
    assets: assetsOption(directory, project),
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  try {
    const base = (await mf.ready).href;
    const answers = [];
    for (const request of project.requests) {
      const response = await send(base, await resolve(base, request, project));
      const headers = Object.fromEntries(
        Object.entries(response.headers)
          .filter(([name]) => !VOLATILE.has(name))
          .map(([name, value]) => [name, String(value).replace(ETAG, '"<etag>"')]),
      );
      answers.push({ request, status: response.status, headers, body: response.body });
    }
    return { ...project, answers, requests: undefined };
  } finally {
    await mf.dispose();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

const projects = [];
for (const project of suite.projects) projects.push(await record(project));
const miniflare = require("miniflare/package.json").version;
const expected = { recorded_with: `miniflare ${miniflare}`, compatibility_date: COMPATIBILITY_DATE, sites: suite.sites, projects };
fs.writeFileSync(path.join(here, "expected.json"), `${JSON.stringify(expected, null, 1)}\n`);
console.error(`recorded ${projects.length} projects, ${projects.reduce((n, p) => n + p.answers.length, 0)} answers (miniflare ${miniflare})`);
