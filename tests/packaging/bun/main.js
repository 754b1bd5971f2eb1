import * as sdk from "sync-wasm";
import { scenario } from "./scenario.mjs";

const result = await scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
// Which entry file the runtime picked from the package's exports.
const entry = import.meta.resolve("sync-wasm").split("/").pop();
console.log("RESULT " + JSON.stringify({ ...result, entry }));
