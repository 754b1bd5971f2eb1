import * as sdk from "sync-wasm";
import { scenario } from "./scenario.mjs";

const result = await scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
// Which entry file the runtime picked from the package's exports.
const entry = import.meta.resolve("sync-wasm").split("/").pop();
// The `sync-wasm/api` subpath, as code written for `@sync.so/sdk/api` imports it.
const api = await import("sync-wasm/api");
const apiValues = { completed: api.GenerationStatus.Completed, cutOff: api.SyncMode.CutOff, sameAsSync: api.SyncMode === sdk.Sync.SyncMode };
console.log("RESULT " + JSON.stringify({ ...result, entry, apiValues, environment: sdk.SyncEnvironment.Default }));
