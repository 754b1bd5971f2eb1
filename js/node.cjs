// Node.js `require("sync-wasm")`. Where Node can require ES modules (20.19+, 22.12+) this is the ESM
// entry itself, so `require` and `import` share one wasm instance and one set of error classes;
// older Node gets a CommonJS build of the same code (errors from it still pass `instanceof` checks
// against the ESM classes, through their brand).
"use strict";
try {
  module.exports = require("./node.js");
} catch (error) {
  if (error == null || (error.code !== "ERR_REQUIRE_ESM" && error.code !== "ERR_REQUIRE_ASYNC_MODULE")) throw error;
  module.exports = require("./node-commonjs.cjs");
}
