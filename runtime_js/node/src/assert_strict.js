// node:assert/strict: assert's strict mode.
module.exports = require("node:assert").strict;
