// The same operations on Deno KV (also SQLite): Deno.openKv(path).
const path = Deno.args[0];
const n = Number(Deno.args[1] ?? 2000);
const kv = await Deno.openKv(path);
const value = "x".repeat(100);
let t = Date.now();
for (let i = 0; i < n; i++) await kv.set(["key", i], value);
const put = n / ((Date.now() - t) / 1000);
t = Date.now();
for (let i = 0; i < n; i++) await kv.get(["key", i]);
const get = n / ((Date.now() - t) / 1000);
t = Date.now();
await Promise.all(Array.from({ length: n }, (_, i) => kv.set(["par", i], value)));
const parallelPut = n / ((Date.now() - t) / 1000);
console.log(JSON.stringify({ put, get, parallelPut }));
kv.close();
