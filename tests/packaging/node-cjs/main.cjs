const sdk = require("sync-wasm");
// `require` of the testing kit gets its CommonJS build.
const testing = require("sync-wasm/testing");

Promise.all([import("./scenario.mjs"), import("./testing-kit.mjs")]).then(async ([{ scenario }, { testingScenario }]) => {
  const result = await scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
  // `require` and `import` of the package give the same classes.
  const esm = await import("sync-wasm");
  result.entry = require.resolve("sync-wasm").split("/").pop();
  result.sameClassesAsImport = esm.UnauthorizedError === sdk.UnauthorizedError && esm.SyncClient === sdk.SyncClient;
  const api = require("sync-wasm/api");
  result.apiValues = { completed: api.GenerationStatus.Completed, cutOff: api.SyncMode.CutOff, sameAsSync: api.SyncMode === sdk.Sync.SyncMode };
  const esmTesting = await import("sync-wasm/testing");
  result.testing = {
    entry: require.resolve("sync-wasm/testing").split("/").slice(-2).join("/"),
    // The CommonJS bundle is its own copy of the kit, not the ES module's.
    sameAsImport: esmTesting.createMockSync === testing.createMockSync,
    inProcess: await testingScenario(sdk, testing),
  };
  console.log("RESULT " + JSON.stringify(result));
});
