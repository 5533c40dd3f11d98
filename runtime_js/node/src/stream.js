// node:stream: readable-stream, the Node.js streams team's copy of Node.js's
// own lib/stream.js (Stream with Readable, Writable, Duplex, Transform,
// PassThrough, pipeline, finished, ...), with Node.js 22's 64 KiB default
// high-water mark and the Web stream bridges it lacks (Readable.toWeb/fromWeb,
// Writable.toWeb/fromWeb).
const Stream = require("readable-stream/lib/stream.js");

const { Readable, Writable } = Stream;
Stream.setDefaultHighWaterMark(false, 65536);

Readable.fromWeb = (readableStream, options) => Readable.from(readableStream, { objectMode: false, ...options });

Readable.toWeb = (readable) =>
  new ReadableStream({
    start(controller) {
      readable.on("data", (chunk) => {
        controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
        if (controller.desiredSize <= 0) readable.pause();
      });
      readable.on("end", () => controller.close());
      readable.on("error", (error) => controller.error(error));
    },
    pull() {
      readable.resume();
    },
    cancel(reason) {
      readable.destroy(reason);
    },
  });

Writable.fromWeb = (writableStream, options) => {
  const writer = writableStream.getWriter();
  return new Writable({
    ...options,
    write(chunk, encoding, callback) {
      writer.write(chunk).then(() => callback(), callback);
    },
    final(callback) {
      writer.close().then(() => callback(), callback);
    },
    destroy(error, callback) {
      writer.abort(error).then(() => callback(error), () => callback(error));
    },
  });
};

Writable.toWeb = (writable) =>
  new WritableStream({
    write(chunk) {
      return new Promise((resolve, reject) => writable.write(chunk, (error) => (error ? reject(error) : resolve())));
    },
    close() {
      return new Promise((resolve) => writable.end(resolve));
    },
    abort(reason) {
      writable.destroy(reason);
    },
  });

module.exports = Stream;
