// Where the per-request time goes: sequential GETs against bench/server.mjs with bare `fetch`, then
// with each thing the SDK adds to a request, one at a time and together, then js/calls.js's attempt
// alone, then through the SDK. The variants take turns request by request, each request timed, so
// drift on a shared machine hits every row alike; prints each row's median latency (µs) and its
// ratio to bare fetch. BENCH_REQUESTS (default 2000) turns.
//
// Usage: node bench/fetch-cost.mjs   (after scripts/build.sh)

import { spawn } from "node:child_process";
import { once } from "node:events";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);

const server = spawn(process.execPath, [new URL("./server.mjs", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] });
const [port] = await once(server.stdout, "data");
const url = `http://127.0.0.1:${String(port).trim()}/v2/generate/6533643b-aceb-4c40-967e-d9ba9baac39e`;
const { SyncClient } = await import("../pkg/node.js");
const { send } = await import("../pkg/calls.js");
const client = new SyncClient({ apiKey: "sk-bench-key-0123456789", baseUrl: url.slice(0, url.indexOf("/v2/")) });
const headers = { "x-api-key": "sk-bench-key-0123456789", accept: "application/json", "x-sync-sdk": "sync-wasm/bench" };

/** One request the way each row makes it. */
const variants = {
  "bare fetch + json": () => fetch(url, { headers: { "x-api-key": headers["x-api-key"] } }).then((r) => r.json()),
  "+ the SDK's three headers": () => fetch(url, { headers }).then((r) => r.json()),
  "+ redirect: manual": () => fetch(url, { headers, redirect: "manual" }).then((r) => r.json()),
  "+ AbortController and timer": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      return await fetch(url, { headers, signal: controller.signal }).then((r) => r.json());
    } finally {
      clearTimeout(timer);
    }
  },
  "+ AbortSignal.timeout instead": () => fetch(url, { headers, signal: AbortSignal.timeout(60_000) }).then((r) => r.json()),
  "+ AbortController, no timer": () => fetch(url, { headers, signal: new AbortController().signal }).then((r) => r.json()),
  "+ both (what the SDK asks of fetch)": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      return await fetch(url, { headers, redirect: "manual", signal: controller.signal }).then((r) => r.json());
    } finally {
      clearTimeout(timer);
    }
  },
  "js/calls.js send alone (headers, signal, timer, body read) + JSON.parse": async () =>
    JSON.parse((await send(undefined, url, "GET", undefined, ["accept", "application/json", "x-sync-sdk", "sync-wasm/bench"], undefined, headers["x-api-key"], undefined, true, 60_000, undefined, 65_536)).text),
  "sync-wasm generations.get": () => client.generations.get("6533643b-aceb-4c40-967e-d9ba9baac39e"),
};

const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let i = 0; i < 200; i++) for (const name of names) await variants[name](); // connections, JIT
for (let i = 0; i < REQUESTS; i++) {
  for (const name of names) {
    const start = process.hrtime.bigint();
    await variants[name]();
    samples[name].push(Number(process.hrtime.bigint() - start) / 1000);
  }
}
server.kill();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(samples["bare fetch + json"]);
console.log(`| request (${REQUESTS} turns) | µs per request (median) | over bare fetch |`);
console.log("|---|---|---|");
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  console.log(`| ${name} | ${m.toFixed(0)} | ${name.startsWith("bare") ? "" : `${m - bare >= 0 ? "+" : ""}${(m - bare).toFixed(0)} µs (${(m / bare).toFixed(2)}×)`} |`);
}
