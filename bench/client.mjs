// One measurement in its own process, so each SDK's memory is its own:
//   node client.mjs <raw|ours|official> <sequential|throughput|memory|upload> <baseUrl>
// Prints one JSON line.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const [kind, mode, baseUrl] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const id = "6533643b-aceb-4c40-967e-d9ba9baac39e";
const apiKey = "bench-key";

async function makeClient(which = kind) {
  if (which === "raw") {
    // The physical limit: the same request and JSON parsing, no SDK.
    return {
      get: async (gid) => {
        const r = await fetch(`${baseUrl}/v2/generate/${encodeURIComponent(gid)}`, { headers: { "x-api-key": apiKey, accept: "application/json" } });
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      },
    };
  }
  if (which === "ours") {
    const sdk = await import("../pkg/node.js");
    const client = new sdk.SyncClient({ apiKey, baseUrl });
    return { get: (gid) => client.generations.get(gid), client };
  }
  const { SyncClient } = require("@sync.so/sdk");
  const client = new SyncClient({ apiKey, baseUrl });
  return { get: (gid) => client.generations.get(gid), client };
}

/** wasm linear memory of our SDK (the glue returns the instance's exports once initialised). */
async function wasmBytes() {
  if (kind !== "ours") return null;
  const glue = await import("../pkg/sync_wasm.js");
  return glue.initSync({ module: readFileSync(new URL("../pkg/sync_wasm_bg.wasm", import.meta.url)) }).memory.buffer.byteLength;
}

const client = await makeClient();
const now = () => performance.now();
let result;

if (mode === "sequential") {
  const n = Number(process.env.BENCH_N ?? 2000);
  for (let i = 0; i < 200; i++) await client.get(id);
  const start = now();
  for (let i = 0; i < n; i++) await client.get(id);
  result = { usPerRequest: ((now() - start) * 1000) / n };
} else if (mode === "paired") {
  // This SDK and bare fetch in one process, request by request in turn, each timed: drift and the
  // scheduling spikes of a shared machine hit both alike, and the median of each side's latencies
  // ignores the spikes.
  const raw = await makeClient("raw");
  const n = Number(process.env.BENCH_N ?? 2000);
  for (let i = 0; i < 200; i++) await raw.get(id), await client.get(id);
  const times = { ours: [], raw: [] };
  for (let i = 0; i < 2 * n; i++) {
    const [name, c] = i % 2 ? ["ours", client] : ["raw", raw];
    const start = now();
    await c.get(id);
    times[name].push((now() - start) * 1000);
  }
  const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  result = { ours: med(times.ours), raw: med(times.raw) };
} else if (mode === "throughput") {
  const total = Number(process.env.BENCH_TOTAL ?? 5000);
  const concurrency = 64;
  let next = 0;
  for (let i = 0; i < 200; i++) await client.get(id);
  const start = now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) await client.get(id);
  }));
  result = { requestsPerSecond: total / ((now() - start) / 1000) };
} else if (mode === "memory") {
  for (let i = 0; i < 50_000; i++) await client.get(id);
  globalThis.gc?.();
  result = { rssMiB: process.memoryUsage().rss / 1048576, wasmBytes: await wasmBytes() };
} else if (mode === "upload") {
  const size = 256 * 1024 * 1024;
  const video = new Blob([new Uint8Array(size)], { type: "video/mp4" });
  const audio = new Blob([new Uint8Array(1024)], { type: "audio/wav" });
  globalThis.gc?.();
  const wasmBefore = await wasmBytes();
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const start = now();
  if (kind === "ours") await client.client.generations.createWithFiles({ video, audio, model: "lipsync-2" }, { timeoutInSeconds: 300 });
  else await client.client.generations.createWithFiles(video, audio, { model: "lipsync-2" }, { timeoutInSeconds: 300 });
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  result = { seconds: (now() - start) / 1000, peakRssMiB: peakRss / 1048576, wasmBefore, wasmAfter: await wasmBytes() };
}
console.log(JSON.stringify(result));
