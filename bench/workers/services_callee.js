// bench/services.sh: the worker the caller's service bindings reach.
import { WorkerEntrypoint } from "cloudflare:workers";

export class Books extends WorkerEntrypoint {
  add(a, b) {
    return a + b;
  }
}

export default { fetch: () => new Response("Hello World!") };
