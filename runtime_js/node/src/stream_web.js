// node:stream/web: the Web streams the runtime already has, as Node.js exports them.
const g = globalThis;
module.exports = {
  ReadableStream: g.ReadableStream,
  ReadableStreamDefaultReader: g.ReadableStreamDefaultReader,
  ReadableStreamBYOBReader: g.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: g.ReadableStreamBYOBRequest,
  ReadableByteStreamController: g.ReadableByteStreamController,
  ReadableStreamDefaultController: g.ReadableStreamDefaultController,
  TransformStream: g.TransformStream,
  TransformStreamDefaultController: g.TransformStreamDefaultController,
  WritableStream: g.WritableStream,
  WritableStreamDefaultWriter: g.WritableStreamDefaultWriter,
  WritableStreamDefaultController: g.WritableStreamDefaultController,
  ByteLengthQueuingStrategy: g.ByteLengthQueuingStrategy,
  CountQueuingStrategy: g.CountQueuingStrategy,
  TextEncoderStream: g.TextEncoderStream,
  TextDecoderStream: g.TextDecoderStream,
  CompressionStream: g.CompressionStream,
  DecompressionStream: g.DecompressionStream,
};
