// Cloudflare Workers (workerd). Workers may not compile wasm from bytes, so the .wasm is imported as a
// module (wrangler's default rule for `*.wasm` makes it a `WebAssembly.Module`) and instantiated
// synchronously.
import wasmModule from "./sync_wasm_bg.wasm";
import { initSync } from "./sync_wasm.js";

initSync({ module: wasmModule });

export * from "./api.js";
