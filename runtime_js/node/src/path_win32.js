// node:path/win32: node:path's win32 member (one copy of unenv's path).
module.exports = require("node:path").win32;
