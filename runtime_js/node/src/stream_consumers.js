// node:stream/consumers: a whole stream (Node.js or Web, anything async
// iterable) as one value.
const { Buffer } = require("node:buffer");

async function buffer(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function text(stream) {
  const decoder = new TextDecoder();
  let out = "";
  for await (const chunk of stream) out += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}

module.exports = {
  arrayBuffer: async (stream) => {
    const bytes = await buffer(stream);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  },
  blob: async (stream) => new Blob([await buffer(stream)]),
  buffer,
  json: async (stream) => JSON.parse(await text(stream)),
  text,
};
