// node:path/posix: node:path's posix member (one copy of unenv's path).
module.exports = require("node:path").posix;
