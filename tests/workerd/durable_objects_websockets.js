// A Durable Object's hibernatable WebSockets as workerd has them: a worker
// connects to the object through its stub, the object accepts the server end
// with ctx.acceptWebSocket (with tags), its webSocketMessage/webSocketClose
// methods get the events, and ctx.setWebSocketAutoResponse answers a message
// that equals its request without calling them (getWebSocketAutoResponseTimestamp
// says when). Recorded with a current compatibility date.
import { DurableObject } from "cloudflare:workers";

export class ChatRoom extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/auto") {
      this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
      return new Response("set");
    }
    if (url.pathname === "/state") {
      const [socket] = this.ctx.getWebSockets();
      const stamp = this.ctx.getWebSocketAutoResponseTimestamp(socket);
      const pair = this.ctx.getWebSocketAutoResponse();
      return Response.json({
        sockets: this.ctx.getWebSockets().length,
        tagged: this.ctx.getWebSockets("red").length,
        tags: this.ctx.getTags(socket),
        stamp: stamp === null ? null : Object.prototype.toString.call(stamp),
        pair: pair === null ? null : `${pair.request} ${pair.response}`,
        messages: (await this.ctx.storage.get("messages")) ?? [],
      });
    }
    if (url.pathname === "/clear") {
      this.ctx.setWebSocketAutoResponse();
      return Response.json({ pair: this.ctx.getWebSocketAutoResponse() });
    }
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, ["red", "blue"]);
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws, message) {
    const messages = (await this.ctx.storage.get("messages")) ?? [];
    messages.push(message);
    await this.ctx.storage.put("messages", messages);
    ws.send(`echo ${message}`);
  }
}

const next = (socket) => new Promise((resolve) => socket.addEventListener("message", (event) => resolve(event.data), { once: true }));

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ready");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const room = env.ROOMS.getByName("sockets");
    await t("pairShape", () => {
      const pair = new WebSocketRequestResponsePair("a", "b");
      return `${pair.request} ${pair.response} ${typeof WebSocketRequestResponsePair}`;
    });
    await t("pairMissing", () => new WebSocketRequestResponsePair("a"));
    const upgraded = await room.fetch("http://room/connect", { headers: { Upgrade: "websocket" } });
    r.status = upgraded.status;
    const socket = upgraded.webSocket;
    socket.accept();
    await t("echo", async () => {
      const reply = next(socket);
      socket.send("hello");
      return await reply;
    });
    await t("beforeAuto", async () => JSON.stringify(await (await room.fetch("http://room/state")).json()));
    r.setAuto = await (await room.fetch("http://room/auto")).text();
    await t("auto", async () => {
      const reply = next(socket);
      socket.send("ping");
      return await reply;
    });
    await t("notExact", async () => {
      const reply = next(socket);
      socket.send("ping ");
      return await reply;
    });
    await t("afterAuto", async () => JSON.stringify(await (await room.fetch("http://room/state")).json()));
    await t("cleared", async () => JSON.stringify(await (await room.fetch("http://room/clear")).json()));
    await t("afterClear", async () => {
      const reply = next(socket);
      socket.send("ping");
      return await reply;
    });
    socket.close(1000, "done");
    return Response.json(r);
  },
};
