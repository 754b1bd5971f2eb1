// Vercel Edge Functions and Middleware: precompiled wasm is imported with the `?module` suffix, the only
// form the edge runtime allows, and instantiated synchronously.
import wasmModule from "./sync_wasm_bg.wasm?module";
import { initSync } from "./sync_wasm.js";

initSync({ module: wasmModule });

export * from "./api.js";
