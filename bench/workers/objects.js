// bench/objects.sh: Durable Object round trips, RPC, storage inside an object,
// and a WebSocket echo, the same module under worky and workerd.
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  count = 0;

  async fetch() {
    this.count++;
    return new Response(String(this.count));
  }

  ping() {
    return ++this.count;
  }

  async storage(n) {
    const started = Date.now();
    for (let i = 0; i < n; i++) {
      await this.ctx.storage.put(`k${i % 100}`, i);
      await this.ctx.storage.get(`k${(i * 7) % 100}`);
    }
    return { ops: 2 * n, ms: Date.now() - started };
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const stub = env.COUNTERS.getByName("bench");
    if (url.pathname === "/fetch") return stub.fetch(request);
    if (url.pathname === "/rpc") return new Response(String(await stub.ping()));
    if (url.pathname === "/storage") return Response.json(await stub.storage(Number(url.searchParams.get("n"))));
    if (url.pathname === "/ws") {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.addEventListener("message", (event) => server.send(event.data));
      return new Response(null, { status: 101, webSocket: client });
    }
    return new Response("ok");
  },
};
