// README.md's esbuild recipe, built with
//   esbuild app.js --bundle --format=esm --loader:.wasm=file --outdir=dist
import { init, SyncClient } from "sync-wasm/slim";
import wasmUrl from "sync-wasm/sync_wasm_bg.wasm";
await init(new URL(wasmUrl, import.meta.url));

import { runScenario } from "./scenario.js";

runScenario(SyncClient);
