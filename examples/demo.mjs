// Create a lip-sync generation and wait for it, printing progress.
//
// With no arguments it runs against the package's testing kit (sync-wasm/testing) in-process, on
// the real clock so the progress is visible. Against the real API:
// SYNC_API_KEY=... node examples/demo.mjs --real <video-url> <audio-url>
import { SyncClient, isSyncError } from "../pkg/node.js";
import { createMockSync } from "../pkg/testing/index.js";

const args = process.argv.slice(2);
const real = args[0] === "--real";
const mock = real ? null : createMockSync({ clock: "real", stepMs: 1500 });
const client = real
  ? new SyncClient() // SYNC_API_KEY from the environment
  : new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetch: mock.fetch });
const [videoUrl, audioUrl] = real
  ? args.slice(1)
  : ["https://example.com/speaker.mp4", "https://example.com/voice.wav"];

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
try {
  console.log(`Creating a generation on ${client.baseUrl}${mock ? " (the testing kit, in-process)" : ""} …`);
  let generation = await client.generations.create({
    model: "lipsync-2",
    input: [
      { type: "video", url: videoUrl },
      { type: "audio", url: audioUrl },
    ],
    options: { sync_mode: "cut_off" },
  });
  console.log(`[${elapsed()}] ${generation.id}: ${generation.status}`);
  const final = new Set(["COMPLETED", "FAILED", "REJECTED", "CANCELED", "TIMED_OUT"]);
  let last = generation.status;
  while (!final.has(generation.status)) {
    await new Promise((r) => setTimeout(r, mock ? 250 : 5000));
    generation = await client.generations.get(generation.id);
    if (generation.status !== last) {
      console.log(`[${elapsed()}] ${generation.id}: ${generation.status}`);
      last = generation.status;
    }
  }
  console.log(JSON.stringify(generation, null, 2));
  process.exitCode = generation.status === "COMPLETED" ? 0 : 1;
} catch (error) {
  if (!isSyncError(error)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await mock?.close();
}
