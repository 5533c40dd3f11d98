// worky's JS glue, part 28: the byte streams that IdentityTransformStream's,
// FixedLengthStream's and (De)CompressionStream's `readable` are, as on
// workerd, where a BYOB reader works on them (tests/workerd/byte_streams.js):
// a byte stream over the transform's own readable, made on first use
// (10_streams.js `readableAsBytes` puts the getters in place).
// Extension code must be 7-bit ASCII.

// Evaluated the first time such a readable is asked for (04_serve.js `lazyModule`).

(function (core, primordials, _LENT) {
"use strict";

const {
  FunctionPrototypeCall,
  SafeWeakMap,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSlice,
  WeakMapPrototypeGet,
  WeakMapPrototypeSet,
} = primordials;
const { ReadableStream } = core.loadExtScript("ext:deno_web/06_streams.js");

/**
 * A byte stream of what `source` yields, read from it as the byte stream is
 * read. Each chunk is copied: a byte stream takes its chunks' buffers over,
 * and a chunk written to an IdentityTransformStream is the writer's.
 */
function byteStreamOf(source) {
  const reader = source.getReader();
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          controller.close();
          // A BYOB read waits on its request until answered.
          controller.byobRequest?.respond(0);
          return;
        }
        if (TypedArrayPrototypeGetByteLength(value) > 0) return controller.enqueue(TypedArrayPrototypeSlice(value));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

const readables = new SafeWeakMap();

/** `owner`'s readable (its own, got by `getter`) as a byte stream, the same one each time. */
function byteReadable(owner, getter) {
  let readable = WeakMapPrototypeGet(readables, owner);
  if (readable === undefined) {
    readable = byteStreamOf(FunctionPrototypeCall(getter, owner));
    WeakMapPrototypeSet(readables, owner, readable);
  }
  return readable;
}

return { byteReadable };
})
