// Deno: a source-phase import gives the compiled `WebAssembly.Module` without file-read permission.
import source wasmModule from "./sync_wasm_bg.wasm";
import { initSync } from "./sync_wasm.js";

initSync({ module: wasmModule });

export * from "./api.js";
