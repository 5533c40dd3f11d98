import { DurableObject } from "cloudflare:workers";

/** What the room keeps: the last messages, in its own SQLite database. */
const HISTORY = 50;

export class ChatRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL)",
    );
  }

  /** A new member: its WebSocket joins the room, and it gets the recent messages. */
  async fetch(request: Request): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") || "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ name });
    for (const message of this.history()) server.send(JSON.stringify(message));
    this.broadcast({ name: "*", text: `${name} joined` });
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const { name } = ws.deserializeAttachment() as { name: string };
    const text = typeof message === "string" ? message : new TextDecoder().decode(message);
    this.ctx.storage.sql.exec("INSERT INTO messages (name, text) VALUES (?, ?)", name, text.slice(0, 1000));
    this.ctx.storage.sql.exec(`DELETE FROM messages WHERE id <= (SELECT max(id) FROM messages) - ${HISTORY}`);
    this.broadcast({ name, text });
  }

  webSocketClose(ws: WebSocket) {
    const { name } = ws.deserializeAttachment() as { name: string };
    this.broadcast({ name: "*", text: `${name} left` });
  }

  history() {
    return this.ctx.storage.sql.exec<{ name: string; text: string }>("SELECT name, text FROM messages ORDER BY id").toArray();
  }

  private broadcast(message: { name: string; text: string }) {
    const data = JSON.stringify(message);
    for (const peer of this.ctx.getWebSockets()) {
      if (peer.readyState === WebSocket.OPEN) peer.send(data);
    }
  }
}

const PAGE = `<!doctype html>
<meta charset="utf-8"><title>chat</title>
<style>body{font:16px system-ui;max-width:40em;margin:2em auto}#log{height:20em;overflow:auto;border:1px solid #ccc;padding:.5em}</style>
<div id="log"></div>
<form id="say"><input id="text" autocomplete="off" autofocus placeholder="say something"> <button>Send</button></form>
<script>
const room = location.hash.slice(1) || "lobby";
const name = prompt("Your name?") || "anonymous";
const ws = new WebSocket(\`\${location.origin.replace("http", "ws")}/rooms/\${room}/ws?name=\${encodeURIComponent(name)}\`);
ws.onmessage = (event) => {
  const { name, text } = JSON.parse(event.data);
  const line = document.createElement("div");
  line.textContent = name === "*" ? text : \`\${name}: \${text}\`;
  log.append(line);
  log.scrollTop = log.scrollHeight;
};
say.onsubmit = (event) => { event.preventDefault(); ws.send(text.value); text.value = ""; };
</script>`;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const [, rooms, room, ws] = url.pathname.split("/");
    if (rooms === "rooms" && room) {
      const stub = env.ROOMS.getByName(room);
      if (ws === "ws") {
        if (request.headers.get("Upgrade") !== "websocket") {
          return new Response("Expected a WebSocket upgrade", { status: 426 });
        }
        return stub.fetch(request);
      }
      return Response.json(await stub.history());
    }
    return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
  },
};
