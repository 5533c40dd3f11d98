// cloudflare:workers: a class-based default export (WorkerEntrypoint) with
// this.env and this.ctx, and the module's own env and waitUntil; a module that
// defines a Workflow (without a binding to it) loads and serves.
import { DurableObject, RpcTarget, WorkerEntrypoint, WorkflowEntrypoint, env, waitUntil } from "cloudflare:workers";
import * as workers from "cloudflare:workers";

let waited = "not yet";

export class Nightly extends WorkflowEntrypoint {
  async run(event, step) {
    return event.payload;
  }
}

export default class extends WorkerEntrypoint {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    r.thisEnv = this.env.GREETING;
    r.moduleEnv = env.GREETING;
    r.sameEnv = this.env === env;
    r.ctx = `${typeof this.ctx.waitUntil} ${typeof this.ctx.passThroughOnException}`;
    r.isEntrypoint = this instanceof WorkerEntrypoint;
    r.classes = [DurableObject, RpcTarget, WorkerEntrypoint].map((c) => typeof c).join(",");
    r.exports = ["DurableObject", "RpcTarget", "WorkerEntrypoint", "WorkflowEntrypoint", "env", "waitUntil"].every((name) => name in workers);
    r.workflow = `${typeof WorkflowEntrypoint} ${Object.getPrototypeOf(Nightly) === WorkflowEntrypoint}`;
    waitUntil(new Promise((resolve) => setTimeout(() => {
      waited = "done";
      resolve();
    }, 5)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    r.waitUntilRan = waited;
    return Response.json(r);
  }
}
