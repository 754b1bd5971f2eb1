// Node.js and Bun (ESM): the wasm is read from disk and instantiated synchronously at import.
import { readFileSync } from "node:fs";
import { initSync } from "./sync_wasm.js";

initSync({ module: readFileSync(new URL("./sync_wasm_bg.wasm", import.meta.url)) });

export * from "./api.js";
