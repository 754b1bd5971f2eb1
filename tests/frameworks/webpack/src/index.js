// A page bundled by webpack 5 with no configuration for sync-wasm.
import { SyncClient } from "sync-wasm";
import { runScenario } from "./scenario.js";

runScenario(SyncClient);
