// Source of node-commonjs.cjs (bundled to CommonJS by scripts/package.mjs) for Node versions that
// cannot require ES modules. The wasm comes inlined, as in node.js.
import { Buffer } from "node:buffer";
import wasmBase64 from "./wasm-inline.js";
import { initSync } from "./sync_wasm.js";

initSync({ module: Buffer.from(wasmBase64, "base64") });

export * from "./api.js";
