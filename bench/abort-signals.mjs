// What enforcing one request's timeout costs, by way of doing it: an AbortController and a timer
// (what js/calls.js `send` does), AbortSignal.timeout(), and AbortSignal.any() of the caller's signal
// and a timeout signal; in Node, Deno, Bun and headless Chromium. Each row makes the signal and
// reads it (fetch reads `init.signal`), and clears what can be cleared, as one attempt would.
// workerd is left out: its clock does not advance while a request runs on the CPU (a Spectre
// mitigation), so a loop cannot be timed inside it.
//
// Usage: node bench/abort-signals.mjs      (prints a markdown table; Deno, Bun and Chromium from
// node_modules and /usr/bin/chromium where present)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** Runs in each runtime; returns ns per operation for each way. Self-contained (it is stringified). */
function measure() {
  const N = 100_000;
  const caller = new AbortController().signal;
  const ways = {
    "AbortController + setTimeout/clearTimeout": () => {
      const c = new AbortController();
      const s = c.signal;
      const t = setTimeout(() => c.abort(), 60_000);
      clearTimeout(t);
      return s;
    },
    "AbortSignal.timeout()": () => AbortSignal.timeout(60_000),
    "AbortController + timer, following the caller's signal": () => {
      const c = new AbortController();
      const s = c.signal;
      const t = setTimeout(() => c.abort(), 60_000);
      const onAbort = () => c.abort();
      caller.addEventListener("abort", onAbort);
      caller.removeEventListener("abort", onAbort);
      clearTimeout(t);
      return s;
    },
    "AbortSignal.any([caller, AbortSignal.timeout()])": () => AbortSignal.any([caller, AbortSignal.timeout(60_000)]),
  };
  const out = {};
  for (const [name, make] of Object.entries(ways)) {
    if (name.includes("any") && typeof AbortSignal.any !== "function") {
      out[name] = null;
      continue;
    }
    let sink = 0;
    for (let i = 0; i < 10_000; i++) sink += make().aborted ? 1 : 0;
    const best = [];
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      for (let i = 0; i < N; i++) sink += make().aborted ? 1 : 0;
      best.push(((performance.now() - start) * 1e6) / N);
    }
    out[name] = best.sort((a, b) => a - b)[2];
    if (sink < 0) console.log(sink);
  }
  return out;
}

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), "..");

if (process.argv[2] === "--child") {
  // Deno and Bun run this file too, with this flag: print the result and stop.
  console.log(JSON.stringify(measure()));
} else {
  const results = { [`Node ${process.version}`]: measure() };
  for (const [name, bin, args] of [
    ["Deno", join(root, "node_modules", ".bin", "deno"), ["run", "--allow-read", self, "--child"]],
    ["Bun", join(root, "node_modules", ".bin", "bun"), [self, "--child"]],
  ]) {
    if (!existsSync(bin)) continue;
    const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0].trim();
    const run = spawnSync(bin, args, { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`);
    results[`${name} ${/\d+\.\d+\.\d+/.exec(version)?.[0] ?? version}`] = JSON.parse(run.stdout.trim().split("\n").pop());
  }
  if (existsSync("/usr/bin/chromium")) {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      results[`Chromium ${browser.version()}`] = await page.evaluate(`(${measure.toString()})()`);
    } finally {
      await browser.close();
    }
  }
  const ways = Object.keys(Object.values(results)[0]);
  console.log(`| ns per request | ${Object.keys(results).join(" | ")} |`);
  console.log(`|---|${Object.keys(results).map(() => "---|").join("")}`);
  for (const way of ways) {
    console.log(`| ${way} | ${Object.values(results).map((r) => (r[way] == null ? "n/a" : r[way].toFixed(0))).join(" | ")} |`);
  }
}
