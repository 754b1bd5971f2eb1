// Node.js `require("sync-wasm/api")`. Where Node can require ES modules (20.19+, 22.12+) this is
// sync-api.js itself, the module the ESM entries use; older Node gets the same values from the
// CommonJS build of the package (its `Sync`, which is a copy of sync-api.js's exports).
"use strict";
try {
  module.exports = require("./sync-api.js");
} catch (error) {
  if (error == null || (error.code !== "ERR_REQUIRE_ESM" && error.code !== "ERR_REQUIRE_ASYNC_MODULE")) throw error;
  module.exports = require("./node-commonjs.cjs").Sync;
}
