// The benchmark: sync-wasm against the official @sync.so/sdk and a bare fetch, every row measured in
// this run. Prints a markdown table and writes it to bench/results.md. Timings are medians of repeated
// runs (min / median / max shown), since these machines are shared and noisy.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, cpSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { cpus, totalmem } from "node:os";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { browserJs as browserJsOf } from "../scripts/browser-files.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const pkg = join(root, "pkg");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs, fmt) => `${fmt(Math.min(...xs))} / **${fmt(median(xs))}** / ${fmt(Math.max(...xs))}`;

function node(args, options = {}) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", ...options });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

// ---- size
const wasm = readFileSync(join(pkg, "sync_wasm_bg.wasm"));
const browserJs = browserJsOf(pkg);
const official = await build({
  stdin: { contents: 'export { SyncClient } from "@sync.so/sdk";', resolveDir: root, loader: "js" },
  bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "silent",
});
const officialJs = Buffer.from(official.outputFiles[0].contents);
const size = {
  wasm: { raw: wasm.length, gz: gz(wasm), br: br(wasm) },
  js: { raw: browserJs.length, gz: gz(browserJs), br: br(browserJs) },
  official: { raw: officialJs.length, gz: gz(officialJs), br: br(officialJs) },
};
size.total = { raw: size.wasm.raw + size.js.raw, gz: size.wasm.gz + size.js.gz, br: size.wasm.br + size.js.br };

// ---- cold start (whole process)
function timeProcess(args) {
  const start = process.hrtime.bigint();
  node(args);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const cold = { bare: [], ours: [], official: [] };
const oursImport = `import { SyncClient } from ${JSON.stringify(new URL("../pkg/node.js", import.meta.url).href)}; new SyncClient({ apiKey: "k" });`;
for (let i = 0; i < 3 * ROUNDS; i++) {
  cold.bare.push(timeProcess(["-e", "0"]));
  cold.ours.push(timeProcess(["--input-type=module", "-e", oursImport]));
  cold.official.push(timeProcess(["-e", 'const { SyncClient } = require("@sync.so/sdk"); new SyncClient({ apiKey: "k" });']));
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// ---- workerd: spawn to first answer, a Worker with sync-wasm vs an empty one
async function workerdStartup(withSdk) {
  const dir = join(root, ".tmp", "bench-workerd", withSdk ? "sdk" : "empty");
  mkdirSync(dir, { recursive: true });
  const source = withSdk
    ? 'import { SyncClient } from "sync-wasm"; export default { fetch(_r, env) { new SyncClient({ apiKey: env.KEY }); return new Response("ok"); } };'
    : 'export default { fetch() { return new Response("ok"); } };';
  await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    outfile: join(dir, "worker.js"), bundle: true, format: "esm", platform: "neutral",
    conditions: ["workerd", "worker", "browser"], alias: { "sync-wasm": join(pkg, "workerd.js") },
    loader: { ".wasm": "copy" }, assetNames: "[name]", logLevel: "silent",
  });
  const port = await freePort();
  const wasmModule = withSdk ? '(name = "sync_wasm_bg.wasm", wasm = embed "sync_wasm_bg.wasm"),' : "";
  writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [(name = "main", worker = .w)], sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")] );
const w :Workerd.Worker = ( modules = [(name = "worker.js", esModule = embed "worker.js"), ${wasmModule}], compatibilityDate = "2025-09-01", bindings = [(name = "KEY", text = "k")] );
`);
  const start = performance.now();
  const child = spawn(join(root, "node_modules", ".bin", "workerd"), ["serve", join(dir, "config.capnp")], { stdio: ["ignore", "ignore", "pipe"] });
  let exited = false;
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.on("exit", () => (exited = true));
  try {
    while (performance.now() - start < 30_000) {
      if (exited) throw new Error(`workerd exited before answering:\n${stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return performance.now() - start;
      } catch {
        await new Promise((r) => setTimeout(r, 2));
      }
    }
    throw new Error("workerd did not answer within 30 s");
  } finally {
    child.kill();
  }
}
const workerd = { empty: [], sdk: [] };
for (let i = 0; i < ROUNDS; i++) {
  workerd.empty.push(await workerdStartup(false));
  workerd.sdk.push(await workerdStartup(true));
}

// ---- the SDK's own cost per request: an in-process fetch stub, so no network is involved
const stub = JSON.parse(node(["--input-type=module", "-e", `
  const { SyncClient } = await import(${JSON.stringify(new URL("../pkg/node.js", import.meta.url).href)});
  const body = JSON.stringify({ id: "g", status: "COMPLETED", model: "lipsync-2", input: [] });
  // With the content type the API answers with, so the SDK reads the body as it would the API's.
  const stub = async () => new Response(body, { headers: { "content-type": "application/json" } });
  const client = new SyncClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch: stub });
  const run = async (f) => { for (let i = 0; i < 2000; i++) await f(); const t = performance.now(); for (let i = 0; i < 20000; i++) await f(); return (performance.now() - t) * 1000 / 20000; };
  const bare = [], ours = [];
  for (let r = 0; r < ${ROUNDS}; r++) { bare.push(await run(async () => (await stub()).json())); ours.push(await run(() => client.generations.get("g"))); }
  console.log(JSON.stringify({ bare, ours }));
`]));

// ---- requests, against the minimal server
const server = spawn(process.execPath, [join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(String(d).trim())));
const baseUrl = `http://127.0.0.1:${port}`;
const measure = (kind, mode, extra = []) => JSON.parse(node([...extra, join(here, "client.mjs"), kind, mode, baseUrl]));
const seq = { raw: [], ours: [], official: [] };
const thr = { raw: [], ours: [], official: [] };
try {
  for (let i = 0; i < ROUNDS; i++) {
    for (const kind of ["raw", "ours", "official"]) seq[kind].push(measure(kind, "sequential").usPerRequest);
  }
  var paired = [];
  for (let i = 0; i < Math.max(3, Math.ceil(ROUNDS / 2)); i++) paired.push(measure("ours", "paired"));
  for (let i = 0; i < Math.max(3, Math.ceil(ROUNDS / 2)); i++) {
    for (const kind of ["raw", "ours", "official"]) thr[kind].push(measure(kind, "throughput").requestsPerSecond);
  }
  var memory = { ours: measure("ours", "memory", ["--expose-gc"]), official: measure("official", "memory", ["--expose-gc"]), raw: measure("raw", "memory", ["--expose-gc"]) };
  var upload = { ours: measure("ours", "upload", ["--expose-gc"]), official: measure("official", "upload", ["--expose-gc"]) };
} finally {
  server.kill();
}

// ---- table
const ms = (x) => `${x.toFixed(0)} ms`;
const us = (x) => `${x.toFixed(0)} µs`;
const coldOver = median(cold.ours) - median(cold.bare);
const officialOver = median(cold.official) - median(cold.bare);
const ratio = median(seq.ours) / median(seq.raw);
const officialRatio = median(seq.official) / median(seq.raw);
const verdict = (ok) => (ok ? "pass" : "**miss**");
const pairedRatio = median(paired.map((p) => p.ours / p.raw));
const ownCost = median(stub.ours) - median(stub.bare);
const throughputShare = median(thr.ours) / median(thr.raw);
const lines = [
  `# sync-wasm benchmark`,
  ``,
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${ROUNDS} rounds. Timings: min / **median** / max.`,
  ``,
  `| measure | sync-wasm | @sync.so/sdk 0.3.0 | bare fetch / node | target | result |`,
  `|---|---|---|---|---|---|`,
  `| wasm (raw / gzip / brotli) | ${kb(size.wasm.raw)} / ${kb(size.wasm.gz)} / ${kb(size.wasm.br)} | | | | |`,
  `| JS a browser loads (raw / gzip / brotli) | ${kb(size.js.raw)} / ${kb(size.js.gz)} / ${kb(size.js.br)} | ${kb(size.official.raw)} / ${kb(size.official.gz)} / ${kb(size.official.br)} (esbuild browser bundle) | | | |`,
  `| total browser download, gzip | ${kb(size.total.gz)} | ${kb(size.official.gz)} | | ≤ 40 kB | ${verdict(size.total.gz <= 40_000)} |`,
  `| cold start: node process that imports and constructs a client | ${spread(cold.ours, ms)} | ${spread(cold.official, ms)} | ${spread(cold.bare, ms)} (node -e 0) | | |`,
  `| cold start over bare node (medians) | ${ms(coldOver)} | ${ms(officialOver)} | | ≤ 25 ms | ${verdict(coldOver <= 25)} |`,
  `| workerd: spawn to first answer | ${spread(workerd.sdk, ms)} | | ${spread(workerd.empty, ms)} (empty Worker) | | |`,
  `| sequential generations.get, per request | ${spread(seq.ours, us)} | ${spread(seq.official, us)} | ${spread(seq.raw, us)} | | |`,
  `| the SDK's own cost per request (fetch stubbed in-process) | ${spread(stub.ours, (x) => `${x.toFixed(1)} µs`)} | | ${spread(stub.bare, (x) => `${x.toFixed(1)} µs`)} (stub + json) | | |`,
  `| the SDK's own cost over the stub (medians) | ${ownCost.toFixed(1)} µs | | | ≤ 15 µs | ${verdict(ownCost <= 15)} |`,
  `| ratio to bare fetch (medians of the separate runs above) | ${ratio.toFixed(2)}× | ${officialRatio.toFixed(2)}× | 1.00× | | |`,
  `| sequential, taking turns request by request in one process: median latency | ${spread(paired.map((p) => p.ours), us)} | | ${spread(paired.map((p) => p.raw), us)} | | |`,
  `| ratio to bare fetch, taking turns (median of ${paired.length} runs' ratios) | ${pairedRatio.toFixed(2)}× | | 1.00× | ≤ 1.10× | ${verdict(pairedRatio <= 1.1)} |`,
  `| throughput at concurrency 64 (req/s) | ${spread(thr.ours, (x) => x.toFixed(0))} | ${spread(thr.official, (x) => x.toFixed(0))} | ${spread(thr.raw, (x) => x.toFixed(0))} | ≥ 0.90 × bare (${throughputShare.toFixed(2)}×) | ${verdict(throughputShare >= 0.9)} |`,
  `| RSS after 50,000 requests | ${memory.ours.rssMiB.toFixed(0)} MiB (wasm memory ${kb(memory.ours.wasmBytes)}) | ${memory.official.rssMiB.toFixed(0)} MiB | ${memory.raw.rssMiB.toFixed(0)} MiB | | |`,
  `| 256 MiB createWithFiles: peak RSS | ${upload.ours.peakRssMiB.toFixed(0)} MiB | ${upload.official.peakRssMiB.toFixed(0)} MiB | | | |`,
  `| 256 MiB createWithFiles: wasm memory before → after | ${kb(upload.ours.wasmBefore)} → ${kb(upload.ours.wasmAfter)} | | | no growth | ${verdict(upload.ours.wasmAfter === upload.ours.wasmBefore)} |`,
  `| 256 MiB createWithFiles: time | ${upload.ours.seconds.toFixed(2)} s | ${upload.official.seconds.toFixed(2)} s | | | |`,
  ``,
];
lines.push("Where the bytes go, item by item, and what each cut of issue 14 saved: [where-the-bytes-go.md](where-the-bytes-go.md).", "");
const table = lines.join("\n");
console.log(table);
writeFileSync(join(here, "results.md"), table);
