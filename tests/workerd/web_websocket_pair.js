// WebSocketPair's two ends as workerd has them (a current compatibility date),
// without the network: accept, messages of each kind and the types they arrive
// as, readyState, close codes and reasons as the other end sees them, and what
// wrong use gets (sending before accept or after close, bad close codes, long
// reasons, accepting twice).
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const pair = () => {
      const { 0: client, 1: server } = new WebSocketPair();
      return { client, server };
    };
    const nextEvent = (socket, type) =>
      new Promise((resolve) => {
        socket.addEventListener(type, resolve, { once: true });
        setTimeout(() => resolve(null), 500);
      });
    const describeData = (data) =>
      typeof data === "string" ? `string ${JSON.stringify(data)}` : `${data?.constructor?.name} ${new Uint8Array(data)}`;

    await t("shape", () => {
      const p = new WebSocketPair();
      const { client, server } = pair();
      return [Object.keys(p).join(), client.readyState, server.readyState, WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED, JSON.stringify(client.url), JSON.stringify(client.protocol), JSON.stringify(client.extensions), client instanceof EventTarget].join(" ");
    });
    await t("messages", async () => {
      const { client, server } = pair();
      server.accept();
      client.accept();
      const seen = [];
      server.addEventListener("message", (e) => seen.push(describeData(e.data)));
      client.send("text");
      client.send(new Uint8Array([1, 2, 3]));
      client.send(new Uint8Array([9, 8, 7, 6]).subarray(1, 3));
      client.send(new Uint16Array([258]).buffer);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return seen.join(" | ");
    });
    await t("sendBeforeAccept", () => {
      const { client } = pair();
      client.send("x");
      return "sent";
    });
    await t("queuedBeforeAccept", async () => {
      const { client, server } = pair();
      client.accept();
      client.send("early");
      const got = nextEvent(server, "message");
      server.accept();
      return describeData((await got)?.data);
    });
    await t("acceptTwice", () => {
      const { server } = pair();
      server.accept();
      server.accept();
      return "twice";
    });
    await t("closeSeen", async () => {
      const { client, server } = pair();
      server.accept();
      client.accept();
      const closed = nextEvent(server, "close");
      client.close(4000, "bye");
      const e = await closed;
      return `${e?.code} ${JSON.stringify(e?.reason)} ${e?.wasClean} ${e?.constructor?.name} ${client.readyState} ${server.readyState}`;
    });
    await t("closeNoCode", async () => {
      const { client, server } = pair();
      server.accept();
      client.accept();
      const closed = nextEvent(server, "close");
      client.close();
      const e = await closed;
      return `${e?.code} ${JSON.stringify(e?.reason)} ${e?.wasClean}`;
    });
    await t("closeBack", async () => {
      const { client, server } = pair();
      server.accept();
      client.accept();
      const clientClosed = nextEvent(client, "close");
      server.addEventListener("close", (e) => server.close(e.code, "echo"));
      client.close(1000, "done");
      const e = await clientClosed;
      return `${e?.code} ${JSON.stringify(e?.reason)} ${client.readyState}`;
    });
    for (const code of [999, 1000, 1004, 1005, 1006, 1015, 2999, 3000, 4999, 5000]) {
      await t(`closeCode${code}`, () => {
        const { client } = pair();
        client.accept();
        client.close(code, "");
        return `closed ${client.readyState}`;
      });
    }
    await t("longReason", () => {
      const { client } = pair();
      client.accept();
      client.close(1000, "x".repeat(124));
      return "closed";
    });
    await t("sendAfterClose", () => {
      const { client } = pair();
      client.accept();
      client.close(1000, "");
      client.send("late");
      return "sent";
    });
    await t("sendBadType", () => {
      const { client } = pair();
      client.accept();
      client.send({ not: "data" });
      return "sent";
    });
    await t("handlers", async () => {
      const { client, server } = pair();
      server.accept();
      client.accept();
      const got = new Promise((resolve) => {
        server.onmessage = (e) => resolve(`${e.data} ${e instanceof MessageEvent}`);
        setTimeout(() => resolve("none"), 500);
      });
      client.send("via onmessage");
      return await got;
    });
    await t("attachment", () => {
      const { server } = pair();
      server.serializeAttachment({ a: 1 });
      return JSON.stringify(server.deserializeAttachment());
    });
    return Response.json(r);
  },
};
