// A Deno program in a project with package.json and node_modules (no npm: specifier), run as the
// README says: deno run --allow-net --allow-env=SYNC_API_KEY,SYNC_BASE_URL main.ts
// It prints one RESULT line (JSON) saying how far it got.
import { SyncClient, SyncConfigurationError } from "sync-wasm";

function report(result: Record<string, unknown>): void {
  console.log("RESULT " + JSON.stringify(result));
}

function describe(e: unknown): { name: string; message: string } {
  return e instanceof Error ? { name: e.name, message: e.message } : { name: typeof e, message: String(e) };
}

let client: SyncClient;
try {
  client = new SyncClient(); // SYNC_API_KEY, and SYNC_BASE_URL if set, from Deno.env
} catch (e) {
  report({ stage: "constructor", ...describe(e), configurationError: e instanceof SyncConfigurationError });
  Deno.exit(0);
}

try {
  const models = await client.models.list();
  const created = await client.generations.create({
    model: "lipsync-2",
    input: [
      { type: "video", url: "https://example.com/deno-fixture.mp4" },
      { type: "audio", url: "https://example.com/deno-fixture.wav" },
    ],
  });
  report({ stage: "done", models: models.map((m) => m.id), id: created.id, status: created.status });
} catch (e) {
  report({ stage: "call", ...describe(e) });
}
