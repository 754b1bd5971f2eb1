// Browsers and bundlers (Vite, webpack, Rollup): the wasm is fetched from next to this file (bundlers
// emit it as an asset from the `new URL(..., import.meta.url)` pattern) and compiled while the
// module loads, so importers can use the SDK as soon as the import resolves.
import init from "./sync_wasm.js";

await init({ module_or_path: new URL("./sync_wasm_bg.wasm", import.meta.url) });

export * from "./api.js";
