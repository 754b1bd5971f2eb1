export * from "./index.js";

// Stand-ins for DOM-only names, so this file also compiles without the DOM lib (as in sync_wasm.d.ts).
type BufferSource = ArrayBufferView | ArrayBuffer;
declare namespace WebAssembly {
  type Module = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : object;
}

/** What `init` accepts: the compiled module, its bytes, or where to fetch it from. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | string | Response | Promise<Response>;

/** Load the wasm (`sync-wasm/sync_wasm_bg.wasm`) before using the SDK. Safe to call again. */
export function init(input?: WasmSource): Promise<void>;

/** Load the wasm synchronously from a compiled module or its bytes. Safe to call again. */
export function initSync(input: WebAssembly.Module | BufferSource): void;
