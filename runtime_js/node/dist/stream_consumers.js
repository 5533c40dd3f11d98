// node:stream/consumers, from src/stream_consumers.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_stream_consumers=__commonJS({"src/stream_consumers.js"(exports2,module2){var{Buffer:Buffer2}=require("node:buffer");
async function buffer(stream){let chunks=[];for await(let chunk of stream)chunks.push(typeof chunk=="string"?Buffer2.from(
chunk):chunk);return Buffer2.concat(chunks)}async function text(stream){let decoder=new TextDecoder,out="";for await(let chunk of stream)
out+=typeof chunk=="string"?chunk:decoder.decode(chunk,{stream:!0});return out+decoder.decode()}module2.exports={arrayBuffer:async stream=>{
let bytes=await buffer(stream);return bytes.buffer.slice(bytes.byteOffset,bytes.byteOffset+bytes.byteLength)},blob:async stream=>new Blob(
[await buffer(stream)]),buffer,json:async stream=>JSON.parse(await text(stream)),text}}});module.exports=require_stream_consumers();
})
