// Checks the size budget in bench/size-budget.json: the gzipped .wasm, and the whole browser
// download (the .wasm plus every JS module `import "sync-wasm"` loads in a browser). Size is
// deterministic, so it is checked in CI; speed is only benchmarked. `--report` prints without failing.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { browserJs, browserModules } from "./browser-files.mjs";

const pkg = fileURLToPath(new URL("../pkg/", import.meta.url));
const budget = JSON.parse(readFileSync(new URL("../bench/size-budget.json", import.meta.url), "utf8"));
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const wasm = gz(readFileSync(new URL("sync_wasm_bg.wasm", `file://${pkg}`)));
const js = gz(browserJs(pkg));
console.log(`size: sync_wasm_bg.wasm ${wasm} B gzip (budget ${budget.wasmGzipBytes} B); JS of the browser entry ${js} B gzip (${browserModules(pkg).join(", ")}); browser download ${wasm + js} B gzip (budget ${budget.browserGzipBytes} B)`);
const over = [
  wasm > budget.wasmGzipBytes && `the wasm by ${wasm - budget.wasmGzipBytes} B`,
  wasm + js > budget.browserGzipBytes && `the browser download by ${wasm + js - budget.browserGzipBytes} B`,
].filter(Boolean);
if (over.length && !process.argv.includes("--report")) {
  console.error(`size budget exceeded: ${over.join(", ")}. Shrink it, or raise the budget in a commit that says why.`);
  process.exit(1);
}
