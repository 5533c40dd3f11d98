// Members workerd's classes have that the standards do not all list, found by
// comparing every global class's members with workerd's: Headers#getAll (for
// Set-Cookie), navigator.language/languages/platform, WebSocket's READY_STATE_*
// constants, binaryType and bufferedAmount, BigInt#toLocaleString, the BYOB
// reader's readAtLeast; and no internal names on crypto or the WebSocket class.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (k, f) => {
      try {
        r[k] = await f();
      } catch (e) {
        r[k] = `threw: ${e.name}: ${e.message}`;
      }
    };
    const headers = new Headers([["Set-Cookie", "a=1; Path=/"], ["set-cookie", "b=2, c=3"], ["X-A", "1"], ["x-a", "2"]]);
    await t("getAllCookies", () => JSON.stringify(headers.getAll("set-cookie")));
    await t("getAllCookiesUpper", () => JSON.stringify(headers.getAll("SET-COOKIE")));
    await t("getAllOther", () => JSON.stringify(headers.getAll("x-a")));
    await t("getAllNone", () => JSON.stringify(new Headers().getAll("set-cookie")));
    await t("getAllNoArg", () => headers.getAll());
    await t("getAllLength", () => `${Headers.prototype.getAll.length} ${Headers.prototype.getAll.name}`);
    await t("navigator", () => `${navigator.language} ${JSON.stringify(navigator.languages)} ${JSON.stringify(navigator.platform)} ${Object.isFrozen(navigator.languages)}`);
    await t("webSocketConstants", () => ["CONNECTING", "OPEN", "CLOSING", "CLOSED", "READY_STATE_CONNECTING", "READY_STATE_OPEN", "READY_STATE_CLOSING", "READY_STATE_CLOSED"].map((n) => `${n}=${WebSocket[n]}/${WebSocket.prototype[n]}`).join(" "));
    await t("webSocketStatics", () => Object.getOwnPropertyNames(WebSocket).sort().join(","));
    await t("webSocketEnd", () => {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      const before = `${server.binaryType} ${server.bufferedAmount} ${client.binaryType}`;
      server.binaryType = "blob";
      const blob = server.binaryType;
      server.binaryType = "nonsense";
      return `${before} | ${blob} ${server.binaryType}`;
    });
    await t("binaryMessages", async () => {
      const { 0: client, 1: server } = new WebSocketPair();
      client.accept();
      server.accept();
      const received = [];
      const all = new Promise((resolve) => {
        server.addEventListener("message", ({ data }) => {
          received.push(data instanceof Blob ? `blob:${data.size}` : data instanceof ArrayBuffer ? `buffer:${data.byteLength}` : `text:${data}`);
          if (received.length === 3) resolve();
        });
      });
      client.send(new TextEncoder().encode("ab"));
      await new Promise((resolve) => setTimeout(resolve, 10));
      server.binaryType = "blob";
      client.send(new TextEncoder().encode("cd"));
      client.send("ef");
      await all;
      return received.join(" ");
    });
    await t("bigIntLocale", () => [12345678901234567890n.toLocaleString(), 1234567n.toLocaleString("de-DE"), (-5n).toLocaleString("en", { style: "currency", currency: "EUR" }), 10n.toLocaleString("hi-IN-u-nu-deva")].join(" | "));
    await t("bigIntLocaleShape", () => `${BigInt.prototype.toLocaleString.length} ${BigInt.prototype.toLocaleString.name} ${Object.keys(BigInt.prototype).length}`);
    await t("readAtLeast", async () => {
      const chunks = [new Uint8Array([1, 2]), new Uint8Array([3, 4, 5]), new Uint8Array([6])];
      const stream = new ReadableStream({
        type: "bytes",
        // A source as the standard wants one: a read waiting when it closes is
        // answered with respond(0).
        pull(controller) {
          const next = chunks.shift();
          if (next !== undefined) return controller.enqueue(next);
          controller.close();
          controller.byobRequest?.respond(0);
        },
      });
      const reader = stream.getReader({ mode: "byob" });
      const first = await reader.readAtLeast(4, new Uint8Array(8));
      const second = await reader.readAtLeast(4, new Uint8Array(8));
      const third = await reader.readAtLeast(1, new Uint8Array(8));
      return [first, second, third].map(({ value, done }) => `${done}:${value ? Array.from(value).join("") : "-"}`).join(" ");
    });
    await t("readAtLeastBad", async () => {
      const reader = new ReadableStream({ type: "bytes" }).getReader({ mode: "byob" });
      const out = [];
      for (const [min, view] of [[0, new Uint8Array(4)], [5, new Uint8Array(4)], [1, new ArrayBuffer(4)]]) {
        try {
          await reader.readAtLeast(min, view);
          out.push("ok");
        } catch (e) {
          out.push(`${e.name}: ${e.message}`);
        }
      }
      return out.join(" | ");
    });
    await t("cryptoOwn", () => `${Object.getOwnPropertyNames(crypto).join(",")}|${Object.getOwnPropertyNames(crypto.subtle).join(",")}`);
    return Response.json(r);
  },
};
