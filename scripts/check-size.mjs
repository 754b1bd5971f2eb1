// Fails when the gzipped .wasm exceeds the budget in bench/size-budget.json (size is deterministic,
// so it is checked in CI; speed is only benchmarked).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const budget = JSON.parse(readFileSync(new URL("../bench/size-budget.json", import.meta.url), "utf8")).wasmGzipBytes;
const size = gzipSync(readFileSync(new URL("../pkg/sync_wasm_bg.wasm", import.meta.url)), { level: 9 }).length;
console.log(`size: sync_wasm_bg.wasm is ${size} B gzip; budget ${budget} B (bench/size-budget.json)`);
if (size > budget) {
  console.error(`size budget exceeded by ${size - budget} B: shrink the wasm, or raise the budget in a commit that says why`);
  process.exit(1);
}
