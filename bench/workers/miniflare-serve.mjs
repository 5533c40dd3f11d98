// Serves one module worker with miniflare (wrangler dev's runtime: workerd plus
// the services it adds, such as a Cache API store, a queue broker, Cloudflare's
// asset and router workers) on PORT, until killed: the reference of the benches
// that workerd alone cannot serve. OPTIONS, JSON, is merged into miniflare's
// options (bindings, assets, a compatibility date).
//   node miniflare-serve.mjs worker.js PORT ['{"kvNamespaces": ["KV"]}']
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

// miniflare as bench/.peers installs it.
const peers = createRequire(new URL("../.peers/package.json", import.meta.url));
const { Miniflare } = await import(pathToFileURL(peers.resolve("miniflare")).href);

const [scriptPath, port, options] = process.argv.slice(2);
// modulesRoot: the worker's own directory (miniflare names modules relative to it).
const mf = new Miniflare({
  modules: true,
  scriptPath,
  modulesRoot: dirname(scriptPath),
  port: Number(port),
  compatibilityDate: "2024-09-23",
  ...JSON.parse(options ?? "{}"),
});
await mf.ready;
console.log(`ready on ${port}`);
