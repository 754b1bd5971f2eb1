const sdk = require("sync-wasm");

import("./scenario.mjs").then(async ({ scenario }) => {
  const result = await scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
  // `require` and `import` of the package give the same classes.
  const esm = await import("sync-wasm");
  result.entry = require.resolve("sync-wasm").split("/").pop();
  result.sameClassesAsImport = esm.UnauthorizedError === sdk.UnauthorizedError && esm.SyncClient === sdk.SyncClient;
  const api = require("sync-wasm/api");
  result.apiValues = { completed: api.GenerationStatus.Completed, cutOff: api.SyncMode.CutOff, sameAsSync: api.SyncMode === sdk.Sync.SyncMode };
  console.log("RESULT " + JSON.stringify(result));
});
