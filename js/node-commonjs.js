// Source of node-commonjs.cjs (bundled to CommonJS by scripts/package.mjs) for Node versions that
// cannot require ES modules. Only those old Node versions run it (bundlers take node.cjs's first
// branch), so the wasm is read from beside it rather than inlined as in node.js.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "./sync_wasm.js";

// `__dirname` exists in the CommonJS output this file is bundled into.
initSync({ module: readFileSync(join(__dirname, "sync_wasm_bg.wasm")) });

export * from "./api.js";
