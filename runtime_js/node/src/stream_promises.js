// node:stream/promises: readable-stream's promise API, from node:stream.
module.exports = require("node:stream").promises;
