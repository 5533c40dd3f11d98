// Serves a worker with Workers Static Assets under miniflare (wrangler dev's
// runtime: workerd running Cloudflare's asset and router workers) on PORT,
// until killed: bench/assets.sh's reference.
//   node miniflare-assets.mjs worker.js assets-dir PORT
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

const peers = createRequire(new URL("../.peers/package.json", import.meta.url));
const { Miniflare } = await import(pathToFileURL(peers.resolve("miniflare")).href);

const [scriptPath, directory, port] = process.argv.slice(2);
const mf = new Miniflare({
  modules: true,
  scriptPath,
  modulesRoot: dirname(scriptPath),
  port: Number(port),
  compatibilityDate: "2025-11-01",
  cf: false,
  assets: { directory, binding: "ASSETS", routerConfig: { has_user_worker: true } },
});
await mf.ready;
console.log(`ready on ${port}`);
