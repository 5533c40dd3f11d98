// node:stream/web, from src/stream_web.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_stream_web=__commonJS({"src/stream_web.js"(exports2,module2){var g=globalThis;module2.exports={ReadableStream:g.
ReadableStream,ReadableStreamDefaultReader:g.ReadableStreamDefaultReader,ReadableStreamBYOBReader:g.ReadableStreamBYOBReader,
ReadableStreamBYOBRequest:g.ReadableStreamBYOBRequest,ReadableByteStreamController:g.ReadableByteStreamController,ReadableStreamDefaultController:g.
ReadableStreamDefaultController,TransformStream:g.TransformStream,TransformStreamDefaultController:g.TransformStreamDefaultController,
WritableStream:g.WritableStream,WritableStreamDefaultWriter:g.WritableStreamDefaultWriter,WritableStreamDefaultController:g.
WritableStreamDefaultController,ByteLengthQueuingStrategy:g.ByteLengthQueuingStrategy,CountQueuingStrategy:g.CountQueuingStrategy,
TextEncoderStream:g.TextEncoderStream,TextDecoderStream:g.TextDecoderStream,CompressionStream:g.CompressionStream,DecompressionStream:g.
DecompressionStream}}});module.exports=require_stream_web();
})
