// node:async_hooks under nodejs_compat: AsyncLocalStorage follows the work a
// request starts (await, timers, microtasks, promise callbacks), each request
// sees its own store, and AsyncResource carries a context to later calls.
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import * as hooks from "node:async_hooks";
import defaultHooks from "node:async_hooks";

const storage = new AsyncLocalStorage();
const other = new AsyncLocalStorage();

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

async function observe() {
  const seen = [];
  seen.push(storage.getStore());
  await tick();
  seen.push(storage.getStore());
  await new Promise((resolve) => queueMicrotask(() => { seen.push(storage.getStore()); resolve(); }));
  await Promise.resolve().then(() => seen.push(storage.getStore()));
  await new Promise((resolve) => setTimeout(() => { seen.push(storage.getStore()); resolve(); }, 2));
  return seen.join(",");
}

export default {
  async fetch(request) {
    const r = {};
    r.exports = Object.keys(hooks).sort().join(",");
    r.defaultExport = typeof defaultHooks.AsyncLocalStorage;
    r.outside = String(storage.getStore());
    r.followsWork = await storage.run("a", observe);
    r.concurrent = (await Promise.all([storage.run("x", observe), storage.run("y", observe)])).join("|");
    r.nested = storage.run("outer", () => storage.run("inner", () => storage.getStore()) + ">" + storage.getStore());
    r.independent = storage.run(1, () => other.run(2, () => `${storage.getStore()} ${other.getStore()}`));
    r.exit = storage.run("in", () => String(storage.exit(() => storage.getStore())));
    r.returns = storage.run("v", (a, b) => a + b, 2, 3);
    r.throws = (() => {
      try {
        storage.run("t", () => { throw new Error("boom"); });
      } catch (err) {
        return `${err.message} ${storage.getStore()}`;
      }
    })();
    const bound = storage.run("bound", () => AsyncLocalStorage.bind(() => storage.getStore()));
    r.bind = `${bound()} ${storage.getStore()}`;
    const snapshot = storage.run("snap", () => AsyncLocalStorage.snapshot());
    r.snapshot = snapshot(() => storage.getStore());
    const resource = storage.run("resource", () => new AsyncResource("Thing"));
    r.resource = resource.runInAsyncScope((x) => `${storage.getStore()} ${x}`, null, 7);
    r.resourceBind = storage.run("rb", () => new AsyncResource("T").bind(() => storage.getStore()))();
    r.after = String(storage.getStore());
    r.enterWith = (() => {
      try {
        storage.enterWith("entered");
        return "entered";
      } catch (err) {
        return `${err.name}: ${err.message}`;
      }
    })();
    r.disable = typeof storage.disable;
    return Response.json(r);
  },
};
