// Serves bench/queues.sh's worker under miniflare (wrangler dev's runtime:
// workerd with miniflare's queue broker; workerd alone has none) on PORT, until
// killed, with the same queue and KV namespace as the project's wrangler.toml.
//   node miniflare-queues.mjs worker.js PORT
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

const peers = createRequire(new URL("../.peers/package.json", import.meta.url));
const { Miniflare } = await import(pathToFileURL(peers.resolve("miniflare")).href);

const [scriptPath, port] = process.argv.slice(2);
const mf = new Miniflare({
  modules: true,
  scriptPath,
  modulesRoot: dirname(scriptPath),
  port: Number(port),
  compatibilityDate: "2025-11-01",
  cf: false,
  kvNamespaces: ["DONE"],
  queueProducers: { JOBS: "bench-jobs" },
  queueConsumers: { "bench-jobs": { maxBatchSize: 100, maxBatchTimeout: 0 } },
});
await mf.ready;
console.log(`ready on ${port}`);
