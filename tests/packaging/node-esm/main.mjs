import * as sdk from "sync-wasm";
import * as testing from "sync-wasm/testing";
import { scenario } from "./scenario.mjs";
import { testingScenario, testingHttpScenario } from "./testing-kit.mjs";

const result = await scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
// Which entry file the runtime picked from the package's exports.
const entry = import.meta.resolve("sync-wasm").split("/").pop();
// The `sync-wasm/api` subpath, as code written for `@sync.so/sdk/api` imports it.
const api = await import("sync-wasm/api");
const apiValues = { completed: api.GenerationStatus.Completed, cutOff: api.SyncMode.CutOff, sameAsSync: api.SyncMode === sdk.Sync.SyncMode };
// The shipped testing kit: in-process, then over HTTP.
const kit = {
  entry: import.meta.resolve("sync-wasm/testing").split("/").slice(-2).join("/"),
  inProcess: await testingScenario(sdk, testing),
  http: await testingHttpScenario(sdk, testing),
};
console.log("RESULT " + JSON.stringify({ ...result, entry, apiValues, environment: sdk.SyncEnvironment.Default, testing: kit }));
