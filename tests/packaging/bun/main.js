import * as sdk from "sync-wasm";
import * as testing from "sync-wasm/testing";
import { scenario } from "./scenario.mjs";
import { testingScenario, testingHttpScenario } from "./testing-kit.mjs";

const result = await scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
// Which entry file the runtime picked from the package's exports.
const entry = import.meta.resolve("sync-wasm").split("/").pop();
// The shipped testing kit: in-process, then over HTTP (Bun.serve).
const kit = {
  entry: import.meta.resolve("sync-wasm/testing").split("/").slice(-2).join("/"),
  inProcess: await testingScenario(sdk, testing),
  http: await testingHttpScenario(sdk, testing),
};
console.log("RESULT " + JSON.stringify({ ...result, entry, testing: kit }));
