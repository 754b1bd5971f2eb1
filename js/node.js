// Node.js and Bun (ESM). The wasm comes inlined (base64, written by scripts/package.mjs), not read
// from beside this file: server bundlers (Next.js's webpack and Turbopack) rewrite
// `new URL("./sync_wasm_bg.wasm", import.meta.url)` into objects `fs` cannot read, and tools that copy
// a server's files for deployment may leave the `.wasm` behind. Decoding costs about a millisecond.
import { Buffer } from "node:buffer";
import wasmBase64 from "./wasm-inline.js";
import { initSync } from "./sync_wasm.js";

initSync({ module: Buffer.from(wasmBase64, "base64") });

export * from "./api.js";
