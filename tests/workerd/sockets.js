// cloudflare:sockets connect(): the probe dials its own port (the server that is
// running it) and speaks raw HTTP/1.1 to its /ready route. Records what opened,
// closed, close(), startTls() and the errors for bad addresses look like.
import { connect } from "cloudflare:sockets";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const request = "GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

// Never let one observation hang the whole probe.
const guard = (promise, ms = 3000) =>
  Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve("timed out"), ms))]);
const settle = (promise, ms) =>
  guard(Promise.resolve(promise).then((value) => ({ ok: value }), (err) => ({ err })), ms).then((outcome) => {
    if (outcome === "timed out") return "pending";
    if ("ok" in outcome) return `resolved ${describe(outcome.ok)}`;
    return `rejected ${errorText(outcome.err)}`;
  });
const errorText = (err) => (err instanceof Error ? `${err.name}: ${err.message}` : `${typeof err} ${String(err)}`);
const describe = (value) => {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "object") return `object{${Object.keys(value).sort().join(",")}}`;
  return `${typeof value}`;
};
const readAll = async (readable) => {
  const reader = readable.getReader();
  const chunks = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  reader.releaseLock();
  const length = chunks.reduce((n, c) => n + c.byteLength, 0);
  const all = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { text: decoder.decode(all), chunkTypes: [...new Set(chunks.map((c) => c.constructor.name))].join(",") };
};
// The status line and body of an HTTP/1.1 answer (headers hold a date; skip them).
const summary = (text) => {
  const [head, ...rest] = text.split("\r\n\r\n");
  const body = rest.join("\r\n\r\n");
  const status = head.split("\r\n")[0];
  const chunked = /transfer-encoding: chunked/i.test(head);
  return `${status} | ${chunked ? "chunked" : "plain"} | ${JSON.stringify(chunked ? dechunk(body) : body)}`;
};
const dechunk = (body) => {
  let out = "";
  let rest = body;
  for (;;) {
    const at = rest.indexOf("\r\n");
    if (at < 0) return out;
    const size = parseInt(rest.slice(0, at), 16);
    if (!size) return out;
    out += rest.slice(at + 2, at + 2 + size);
    rest = rest.slice(at + 2 + size + 2);
  }
};

export default {
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/ready") return new Response("ok");
    const port = Number(url.port);
    const here = `127.0.0.1:${port}`;
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await guard(f(), 4000);
      } catch (err) {
        r[key] = `threw: ${errorText(err)}`;
      }
    };
    // Whether connect() itself throws, and what opened/closed say otherwise.
    const attempt = async (address, options) => {
      let socket;
      try {
        socket = options === undefined ? connect(address) : connect(address, options);
      } catch (err) {
        return `connect threw ${errorText(err)}`;
      }
      const opened = await settle(socket.opened, 2500);
      const closed = await settle(socket.closed, 500);
      return `opened ${opened} / closed ${closed}`;
    };

    await t("exports", async () => {
      const mod = await import("cloudflare:sockets");
      return Object.keys(mod).sort().join(",");
    });
    await t("connectType", () => typeof connect);
    await t("socketShape", async () => {
      const socket = connect(here);
      const own = Object.getOwnPropertyNames(Object.getPrototypeOf(socket)).sort().join(",");
      const types = ["readable", "writable", "opened", "closed", "close", "startTls", "upgraded", "secureTransport"]
        .map((name) => `${name}:${typeof socket[name]}`)
        .join(",");
      const name = socket.constructor.name;
      socket.close();
      return `${name} | ${own} | ${types}`;
    });
    await t("streamKinds", async () => {
      const socket = connect(here);
      const kinds = `${socket.readable.constructor.name},${socket.writable.constructor.name}`;
      socket.close();
      return kinds;
    });
    await t("openedInfo", async () => {
      const socket = connect(here);
      const info = await socket.opened;
      socket.close();
      const keys = Object.keys(info).sort();
      return keys.map((key) => `${key}:${typeof info[key]}`).join(",");
    });
    await t("openedInfoAddressShape", async () => {
      const socket = connect(here);
      const info = await socket.opened;
      socket.close();
      const strip = (v) => (typeof v === "string" ? v.replace(/\d+/g, "N") : typeof v);
      return `${strip(info.remoteAddress)} ${strip(info.localAddress)}`;
    });
    await t("httpString", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      const { text } = await readAll(socket.readable);
      return summary(text);
    });
    await t("chunkTypes", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      return (await readAll(socket.readable)).chunkTypes;
    });
    await t("httpObjectAddress", async () => {
      const socket = connect({ hostname: "127.0.0.1", port });
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      return summary((await readAll(socket.readable)).text);
    });
    await t("httpLocalhost", async () => {
      const socket = connect({ hostname: "localhost", port });
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      return summary((await readAll(socket.readable)).text);
    });
    await t("writeString", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      const wrote = await settle(writer.write(request), 1500);
      const read = await guard(readAll(socket.readable).then((x) => summary(x.text), (e) => `read ${errorText(e)}`), 1500);
      socket.close();
      return `write ${wrote} / ${read}`;
    });
    await t("writeArrayBuffer", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      const wrote = await settle(writer.write(encoder.encode(request).buffer), 1500);
      const read = await guard(readAll(socket.readable).then((x) => summary(x.text), (e) => `read ${errorText(e)}`), 1500);
      socket.close();
      return `write ${wrote} / ${read}`;
    });
    await t("writeResolves", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      const wrote = await settle(writer.write(encoder.encode(request)), 1500);
      socket.close();
      return wrote;
    });
    await t("closedAfterPeerCloses", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      await readAll(socket.readable);
      return settle(socket.closed, 1500);
    });
    await t("closedBeforePeerCloses", async () => {
      const socket = connect(here);
      await socket.opened;
      const state = await settle(socket.closed, 300);
      socket.close();
      return state;
    });
    await t("closeReturn", async () => {
      const socket = connect(here);
      await socket.opened;
      const returned = socket.close();
      const isPromise = returned instanceof Promise;
      const settled = await settle(returned, 1000);
      return `${isPromise ? "promise" : describe(returned)} ${settled}`;
    });
    await t("closeThenClosed", async () => {
      const socket = connect(here);
      await socket.opened;
      socket.close();
      return settle(socket.closed, 1000);
    });
    await t("closeBeforeOpened", async () => {
      const socket = connect(here);
      socket.close();
      const opened = await settle(socket.opened, 1000);
      const closed = await settle(socket.closed, 1000);
      return `opened ${opened} / closed ${closed}`;
    });
    await t("closeTwice", async () => {
      const socket = connect(here);
      await socket.opened;
      await socket.close();
      return settle(socket.close(), 1000);
    });
    await t("readAfterClose", async () => {
      const socket = connect(here);
      await socket.opened;
      await socket.close();
      const reader = socket.readable.getReader();
      return settle(reader.read().then((x) => `done=${x.done}`), 1000);
    });
    await t("writeAfterClose", async () => {
      const socket = connect(here);
      await socket.opened;
      await socket.close();
      const writer = socket.writable.getWriter();
      return settle(writer.write(encoder.encode("x")), 1000);
    });
    await t("writerClosedAfterClose", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await socket.opened;
      await socket.close();
      return settle(writer.closed, 1000);
    });
    await t("readerClosedAfterClose", async () => {
      const socket = connect(here);
      const reader = socket.readable.getReader();
      await socket.opened;
      await socket.close();
      return settle(reader.closed, 1000);
    });
    await t("writeAfterWriterClose", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await writer.close();
      const wrote = await settle(writer.write(encoder.encode("x")), 1000);
      socket.close();
      return wrote;
    });
    // Closing the writable half (sends FIN): the server still answers a complete request?
    await t("writerCloseHalfOpen", async () => {
      const socket = connect(here, { allowHalfOpen: true });
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      await writer.close();
      const read = await guard(readAll(socket.readable).then((x) => summary(x.text), (e) => `read ${errorText(e)}`), 2000);
      return read;
    });
    // allowHalfOpen: what becomes of the writable once the readable has ended.
    const halfOpen = async (options) => {
      const socket = connect({ hostname: "127.0.0.1", port }, options);
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      await readAll(socket.readable);
      const closed = await settle(socket.closed, 500);
      const writerClosed = await settle(writer.closed, 500);
      const wrote = await settle(writer.write(encoder.encode("x")), 500);
      socket.close();
      return `closed ${closed} / writer.closed ${writerClosed} / write ${wrote}`;
    };
    await t("allowHalfOpenFalse", () => halfOpen({ allowHalfOpen: false }));
    await t("allowHalfOpenTrue", () => halfOpen({ allowHalfOpen: true }));
    await t("allowHalfOpenDefault", () => halfOpen(undefined));
    await t("secureTransportOff", async () => {
      const socket = connect(here, { secureTransport: "off" });
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      return summary((await readAll(socket.readable)).text);
    });
    await t("secureTransportStarttls", async () => {
      const socket = connect(here, { secureTransport: "starttls" });
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      return summary((await readAll(socket.readable)).text);
    });
    await t("secureTransportBad", () => attempt(here, { secureTransport: "bogus" }));
    await t("startTlsOnOff", async () => {
      const socket = connect(here, { secureTransport: "off" });
      try {
        const secure = socket.startTls();
        return `returned ${describe(secure)}`;
      } catch (err) {
        return `threw ${errorText(err)}`;
      } finally {
        socket.close();
      }
    });
    await t("startTlsOnDefault", async () => {
      const socket = connect(here);
      try {
        const secure = socket.startTls();
        return `returned ${describe(secure)}`;
      } catch (err) {
        return `threw ${errorText(err)}`;
      } finally {
        socket.close();
      }
    });
    await t("startTlsReturns", async () => {
      const socket = connect(here, { secureTransport: "starttls" });
      await socket.opened;
      const secure = socket.startTls();
      const sameClass = secure.constructor === socket.constructor;
      const props = `upgraded ${socket.upgraded}/${secure.upgraded} secureTransport ${socket.secureTransport}/${secure.secureTransport}`;
      // Our server speaks no TLS, so the handshake fails (local workerd has no TLS client config).
      const opened = await settle(secure.opened, 2500);
      const closed = await settle(secure.closed, 500);
      const oldClosed = await settle(socket.closed, 500);
      const later = `upgraded ${socket.upgraded}/${secure.upgraded}`;
      secure.close();
      return `sameClass ${sameClass} / ${props} / new opened ${opened} / new closed ${closed} / old closed ${oldClosed} / then ${later}`;
    });
    await t("startTlsOldStreams", async () => {
      const socket = connect(here, { secureTransport: "starttls" });
      await socket.opened;
      const before = `locked ${socket.readable.locked}/${socket.writable.locked}`;
      const secure = socket.startTls();
      const after = `locked ${socket.readable.locked}/${socket.writable.locked}`;
      await settle(secure.opened, 2500);
      const settled = `locked ${socket.readable.locked}/${socket.writable.locked}`;
      let writer;
      try {
        socket.writable.getWriter();
        writer = "getWriter ok";
      } catch (err) {
        writer = `getWriter threw ${errorText(err)}`;
      }
      return `before ${before} / after ${after} / settled ${settled} / ${writer}`;
    });
    await t("secureTransportOn", async () => {
      const socket = connect(here, { secureTransport: "on" });
      const props = `upgraded ${socket.upgraded} secureTransport ${socket.secureTransport}`;
      const opened = await settle(socket.opened, 2500);
      const closed = await settle(socket.closed, 500);
      return `${props} / opened ${opened} / closed ${closed}`;
    });
    await t("startTlsOnSecure", () => {
      const socket = connect(here, { secureTransport: "on" });
      socket.opened.catch(() => {});
      socket.closed.catch(() => {});
      try {
        socket.startTls();
        return "returned";
      } catch (err) {
        return `threw ${errorText(err)}`;
      }
    });
    await t("secureTransportDefaultProp", () => {
      const socket = connect(here);
      const value = socket.secureTransport;
      socket.close();
      return value;
    });
    await t("refusedErrorShape", async () => {
      const socket = connect("127.0.0.1:1");
      const opened = await socket.opened.then(() => null, (err) => err);
      const closed = await socket.closed.then(() => null, (err) => err);
      return `${opened.constructor.name} own ${Object.getOwnPropertyNames(opened).sort().join(",")} same ${opened === closed}`;
    });
    await t("startTlsTwice", async () => {
      const socket = connect(here, { secureTransport: "starttls" });
      await socket.opened;
      const secure = socket.startTls();
      let second;
      try {
        socket.startTls();
        second = "second returned";
      } catch (err) {
        second = `second threw ${errorText(err)}`;
      }
      let onNew;
      try {
        secure.startTls();
        onNew = "on new returned";
      } catch (err) {
        onNew = `on new threw ${errorText(err)}`;
      }
      secure.close();
      return `${second} / ${onNew}`;
    });
    await t("startTlsAfterWriterLocked", async () => {
      const socket = connect(here, { secureTransport: "starttls" });
      const writer = socket.writable.getWriter();
      try {
        socket.startTls();
        return "returned";
      } catch (err) {
        return `threw ${errorText(err)}`;
      } finally {
        writer.releaseLock();
        socket.close();
      }
    });
    await t("upgradedProp", () => {
      const socket = connect(here, { secureTransport: "starttls" });
      const value = `${typeof socket.upgraded} ${String(socket.upgraded)}`;
      socket.close();
      return value;
    });
    await t("secureTransportProp", () => {
      const socket = connect(here, { secureTransport: "starttls" });
      const value = `${typeof socket.secureTransport} ${String(socket.secureTransport)}`;
      socket.close();
      return value;
    });
    await t("portZero", () => attempt("127.0.0.1:0"));
    await t("portZeroObject", () => attempt({ hostname: "127.0.0.1", port: 0 }));
    await t("port70000", () => attempt({ hostname: "127.0.0.1", port: 70000 }));
    await t("port70000String", () => attempt("127.0.0.1:70000"));
    await t("portAbc", () => attempt({ hostname: "127.0.0.1", port: "abc" }));
    await t("portAbcString", () => attempt("127.0.0.1:abc"));
    await t("portNumericString", async () => {
      const socket = connect({ hostname: "127.0.0.1", port: String(port) });
      const opened = await settle(socket.opened, 2000);
      socket.close();
      return opened;
    });
    await t("portMissing", () => attempt("127.0.0.1"));
    await t("portMissingObject", () => attempt({ hostname: "127.0.0.1" }));
    await t("hostnameMissing", () => attempt({ port }));
    await t("hostnameEmpty", () => attempt({ hostname: "", port }));
    await t("hostnameBad", () => attempt({ hostname: "not a host", port }));
    await t("hostnameUnresolvable", () => attempt({ hostname: "no-such-host.invalid", port }));
    await t("addressNumber", () => attempt(42));
    await t("addressUrl", () => attempt(`http://127.0.0.1:${port}/`));
    await t("addressIpv6", () => attempt(`[::1]:${port}`));
    await t("refused", () => attempt("127.0.0.1:1"));
    await t("refusedObject", () => attempt({ hostname: "127.0.0.1", port: 1 }));
    await t("refusedReadable", async () => {
      const socket = connect("127.0.0.1:1");
      socket.opened.catch(() => {});
      socket.closed.catch(() => {});
      const reader = socket.readable.getReader();
      return settle(reader.read(), 2000);
    });
    await t("refusedWrite", async () => {
      const socket = connect("127.0.0.1:1");
      socket.opened.catch(() => {});
      socket.closed.catch(() => {});
      const writer = socket.writable.getWriter();
      return settle(writer.write(encoder.encode("x")), 2000);
    });
    await t("refusedCloseReturn", async () => {
      const socket = connect("127.0.0.1:1");
      socket.opened.catch(() => {});
      await settle(socket.closed, 2000);
      return settle(socket.close(), 1000);
    });
    await t("byobReader", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      let reader;
      try {
        reader = socket.readable.getReader({ mode: "byob" });
      } catch (err) {
        socket.close();
        return `getReader threw ${errorText(err)}`;
      }
      let text = "";
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(16));
        if (done) break;
        if (value.byteLength > 16) return "too big";
        text += decoder.decode(value, { stream: true });
      }
      return `${reader.constructor.name} ${summary(text)}`;
    });
    await t("pipeThroughResponse", async () => {
      const socket = connect(here);
      const writer = socket.writable.getWriter();
      await writer.write(encoder.encode(request));
      const text = await new Response(socket.readable).text();
      return summary(text);
    });
    await t("optionsUnknownKey", async () => {
      const socket = connect(here, { bogus: 1 });
      const opened = await settle(socket.opened, 2000);
      socket.close();
      return opened;
    });
    return Response.json(r);
  },
};
