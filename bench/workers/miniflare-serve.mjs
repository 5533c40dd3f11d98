// Serves one module worker with miniflare (wrangler dev's runtime: workerd plus
// its Cache API service) on PORT, until killed: bench/platform.sh's reference for
// the Cache API, which workerd alone does not store.
//   node miniflare-serve.mjs worker.js PORT
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

// miniflare as bench/.peers installs it.
const peers = createRequire(new URL("../.peers/package.json", import.meta.url));
const { Miniflare } = await import(pathToFileURL(peers.resolve("miniflare")).href);

const [scriptPath, port] = process.argv.slice(2);
// modulesRoot: the worker's own directory (miniflare names modules relative to it).
const mf = new Miniflare({
  modules: true,
  scriptPath,
  modulesRoot: dirname(scriptPath),
  port: Number(port),
  compatibilityDate: "2024-09-23",
});
await mf.ready;
console.log(`ready on ${port}`);
