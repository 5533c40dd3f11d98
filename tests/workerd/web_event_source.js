// EventSource as workerd has it (a current compatibility date), without the
// network: EventSource.from(stream) reads server-sent events from a stream
// (data lines joined, event types, ids kept across events, retry, comments,
// CR/LF line ends, a BOM, a last event without a blank line), its readyState,
// url and handlers; and what the constructor refuses.
const stream = (...chunks) =>
  new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });

/** The events `source` gives until it errors or `limit` of them came: "type id data" each. */
function collect(source, types = ["message"], limit = 50) {
  return new Promise((resolve) => {
    const seen = [];
    const done = () => {
      source.close();
      resolve(seen.join(" | "));
    };
    for (const type of types) {
      source.addEventListener(type, (event) => {
        seen.push(`${event.type} ${JSON.stringify(event.lastEventId)} ${JSON.stringify(event.data)} ${event.origin === undefined ? "" : JSON.stringify(event.origin)}`.trim());
        if (seen.length >= limit) done();
      });
    }
    source.addEventListener("open", () => seen.push("open"));
    source.addEventListener("error", () => {
      seen.push(`error ${source.readyState}`);
      done();
    });
    setTimeout(done, 500);
  });
}

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
    await t("shape", () => {
      const s = EventSource.from(stream(""));
      const out = `${typeof EventSource} ${EventSource.CONNECTING} ${EventSource.OPEN} ${EventSource.CLOSED} ${s.readyState} ${JSON.stringify(s.url)} ${s.withCredentials} ${s instanceof EventTarget}`;
      s.close();
      return `${out} ${s.readyState}`;
    });
    await t("simple", () => collect(EventSource.from(stream("data: hello\n\ndata: world\n\n"))));
    await t("multiLine", () => collect(EventSource.from(stream("data: a\ndata: b\ndata\n\n"))));
    await t("types", () => collect(EventSource.from(stream("event: ping\ndata: 1\n\ndata: 2\n\nevent: pong\ndata: 3\n\n")), ["message", "ping", "pong"]));
    await t("ids", () => collect(EventSource.from(stream("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: x\0y\ndata: d\n\n"))));
    await t("comments", () => collect(EventSource.from(stream(": comment\ndata: x\n: another\n\n"))));
    await t("noSpace", () => collect(EventSource.from(stream("data:tight\n\ndata:  two spaces\n\n"))));
    await t("lineEnds", () => collect(EventSource.from(stream("data: cr\r\rdata: crlf\r\n\r\ndata: lf\n\n"))));
    await t("bom", () => collect(EventSource.from(stream("\ufeffdata: after bom\n\n"))));
    await t("unfinished", () => collect(EventSource.from(stream("data: complete\n\ndata: no blank line"))));
    await t("split", () => collect(EventSource.from(stream("da", "ta: sp", "lit\n", "\ndata: \u00e9", "\n\n"))));
    await t("splitUtf8", () => collect(EventSource.from(stream(new Uint8Array([100, 97, 116, 97, 58, 32, 0xc3]), new Uint8Array([0xa9, 10, 10])))));
    await t("emptyData", () => collect(EventSource.from(stream("data\n\ndata:\n\n\n\nevent: x\n\n"))));
    await t("unknownField", () => collect(EventSource.from(stream("foo: bar\ndata: kept\n\n"))));
    await t("retry", () => collect(EventSource.from(stream("retry: 100\ndata: r\n\nretry: x\ndata: s\n\n"))));
    await t("onmessage", () =>
      new Promise((resolve) => {
        const s = EventSource.from(stream("data: via handler\n\n"));
        s.onmessage = (event) => {
          s.close();
          resolve(`${event.data} ${event instanceof MessageEvent}`);
        };
        setTimeout(() => resolve("no message"), 500);
      }));
    await t("notStream", () => EventSource.from("data: x\n\n"));
    await t("badUrl", () => new EventSource("not a url"));
    await t("noArgs", () => new EventSource());
    return Response.json(r);
  },
};
