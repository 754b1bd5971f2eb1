export * from "./index.js";

/** What `init` accepts: the compiled module, its bytes, or where to fetch it from. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | string | Response | Promise<Response>;

/** Load the wasm (`sync-wasm/sync_wasm_bg.wasm`) before using the SDK. Safe to call again. */
export function init(input?: WasmSource): Promise<void>;

/** Load the wasm synchronously from a compiled module or its bytes. Safe to call again. */
export function initSync(input: WebAssembly.Module | BufferSource): void;
