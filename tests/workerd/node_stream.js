// node:stream under nodejs_compat: Readable.from read both ways, a Transform,
// pipeline with a callback and as a promise, Writable backpressure, object
// mode, PassThrough, finished(), the web-stream bridges, and stream/web.
import { Readable, Writable, Transform, PassThrough, Duplex, pipeline, finished } from "node:stream";
import stream from "node:stream";
import { pipeline as pipelinePromise, finished as finishedPromise } from "node:stream/promises";
import * as web from "node:stream/web";

const upper = () =>
  new Transform({
    transform(chunk, encoding, callback) {
      callback(null, chunk.toString().toUpperCase());
    },
  });

const collector = (into) =>
  new Writable({
    write(chunk, encoding, callback) {
      into.push(chunk.toString());
      callback();
    },
  });

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    const ta = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    t("defaultExport", () => stream.Readable === Readable && typeof stream === "function" && stream.Stream === stream);
    t("classes", () => [Readable, Writable, Transform, PassThrough, Duplex].map((c) => typeof c).join(","));
    await ta("fromAsyncIteration", async () => {
      const out = [];
      for await (const chunk of Readable.from(["a", "b", "c"])) out.push(chunk);
      return out.join(",");
    });
    await ta("fromDataEvents", () => new Promise((resolve) => {
      const out = [];
      const readable = Readable.from(["x", "y", "z"]);
      readable.on("data", (chunk) => out.push(chunk));
      readable.on("end", () => resolve(`${out.join(",")} ended`));
    }));
    await ta("fromBuffersTypes", async () => {
      const out = [];
      for await (const chunk of Readable.from([Buffer.from("ab"), "cd"])) out.push(Buffer.isBuffer(chunk) ? "buffer" : typeof chunk);
      return out.join(",");
    });
    await ta("fromStringWhole", async () => {
      const out = [];
      for await (const chunk of Readable.from("hello")) out.push(chunk);
      return JSON.stringify(out);
    });
    await ta("pipelineCallback", () => new Promise((resolve) => {
      const out = [];
      pipeline(Readable.from(["ab", "cd"]), upper(), collector(out), (err) => resolve(`${err} ${out.join("")}`));
    }));
    await ta("pipelineError", () => new Promise((resolve) => {
      const failing = new Transform({ transform(chunk, enc, cb) { cb(new Error("transform failed")); } });
      pipeline(Readable.from(["a"]), failing, collector([]), (err) => resolve(err ? err.message : "no error"));
    }));
    await ta("pipelinePromise", async () => {
      const out = [];
      const result = await pipelinePromise(Readable.from(["p", "q"]), upper(), collector(out));
      return `${result} ${out.join("")}`;
    });
    await ta("pipelineAsyncGenerator", async () => {
      const out = [];
      await pipelinePromise(Readable.from(["1", "2"]), async function* (source) { for await (const c of source) yield c + "!"; }, collector(out));
      return out.join("");
    });
    await ta("backpressure", () => new Promise((resolve) => {
      const pending = [];
      const w = new Writable({
        highWaterMark: 4,
        write(chunk, encoding, callback) { pending.push(callback); },
      });
      const first = w.write("ab");
      const second = w.write("cdef");
      const state = `${first} ${second} ${w.writableLength} ${w.writableNeedDrain} ${w.writableHighWaterMark}`;
      w.on("drain", () => resolve(`${state} drained`));
      const flush = () => { const cb = pending.shift(); if (cb) { cb(); setTimeout(flush, 0); } };
      setTimeout(flush, 0);
    }));
    await ta("objectMode", async () => {
      const seen = [];
      const w = new Writable({ objectMode: true, write(obj, enc, cb) { seen.push(JSON.stringify(obj)); cb(); } });
      await pipelinePromise(Readable.from([{ a: 1 }, [2], 3]), w);
      return `${seen.join(" ")} ${Readable.from([1]).readableObjectMode} ${new Readable().readableObjectMode}`;
    });
    await ta("passThrough", () => new Promise((resolve) => {
      const p = new PassThrough();
      const out = [];
      p.on("data", (c) => out.push(c.toString()));
      p.on("end", () => resolve(out.join("|")));
      p.write("one");
      p.end("two");
    }));
    await ta("finishedCallback", () => new Promise((resolve) => {
      const w = collector([]);
      finished(w, (err) => resolve(`finished ${err}`));
      w.end("x");
    }));
    await ta("finishedPromise", async () => {
      const r2 = Readable.from(["a"]);
      r2.resume();
      await finishedPromise(r2);
      return `${r2.readableEnded} ${r2.destroyed}`;
    });
    await ta("destroyError", () => new Promise((resolve) => {
      const rs = new Readable({ read() {} });
      rs.on("error", (err) => resolve(`error ${err.message} ${rs.destroyed}`));
      rs.destroy(new Error("gone"));
    }));
    await ta("writableEvents", () => new Promise((resolve) => {
      const events = [];
      const w = collector([]);
      w.on("finish", () => events.push("finish"));
      w.on("close", () => { events.push("close"); resolve(events.join(",")); });
      w.end("z");
    }));
    await ta("duplex", () => new Promise((resolve) => {
      const written = [];
      const d = new Duplex({
        read() { this.push("from-duplex"); this.push(null); },
        write(chunk, enc, cb) { written.push(chunk.toString()); cb(); },
      });
      d.write("to-duplex");
      d.on("data", (c) => resolve(`${c.toString()} ${written.join("")}`));
    }));
    await ta("readableToWeb", async () => {
      if (typeof Readable.toWeb !== "function") return "absent";
      const webStream = Readable.toWeb(Readable.from([Buffer.from("w1"), Buffer.from("w2")]));
      const text = await new Response(webStream).text();
      return `${webStream instanceof ReadableStream} ${text}`;
    });
    await ta("readableFromWeb", async () => {
      if (typeof Readable.fromWeb !== "function") return "absent";
      const rs = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("fw")); c.close(); } });
      const out = [];
      for await (const chunk of Readable.fromWeb(rs)) out.push(Buffer.from(chunk).toString());
      return out.join("");
    });
    t("streamWebIsGlobal", () => ["ReadableStream", "WritableStream", "TransformStream", "TextEncoderStream", "CompressionStream", "ByteLengthQueuingStrategy"].map((k) => `${k}:${web[k] === globalThis[k]}`).join(","));
    t("readableState", () => {
      const rs = new Readable({ read() {} });
      return `${rs.readable} ${rs.readableFlowing} ${rs.readableHighWaterMark} ${rs.readableEncoding}`;
    });
    t("setEncoding", () => {
      const rs = new Readable({ read() {} });
      rs.setEncoding("utf8");
      rs.push(Buffer.from("é"));
      return `${typeof rs.read()} ${rs.readableEncoding}`;
    });
    t("helpers", () => ["addAbortSignal", "compose", "isReadable", "isErrored", "getDefaultHighWaterMark"].map((k) => `${k}:${typeof stream[k]}`).join(","));
    return Response.json(r);
  },
};
