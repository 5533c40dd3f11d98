// node:util/types: npm util's port of Node.js's type checks.
module.exports = require("node:util").types;
