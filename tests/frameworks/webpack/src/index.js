// A page bundled by webpack 5 with no configuration for sync-wasm. The API key and base URL (the
// mock's) come from the query string; the outcome is written to #result as JSON.
import { SyncClient } from "sync-wasm";

const params = new URLSearchParams(location.search);

async function main() {
  const client = new SyncClient({ apiKey: params.get("key"), baseUrl: params.get("base"), dangerouslyAllowBrowser: true });
  const models = await client.models.list();
  const marker = params.get("marker");
  const created = await client.generations.create({
    model: "lipsync-2",
    input: [
      { type: "video", url: `https://example.com/${marker}.mp4` },
      { type: "audio", url: `https://example.com/${marker}.wav` },
    ],
  });
  const fetched = await client.generations.get(created.id);
  return { models: models.map((m) => m.id), id: created.id, status: created.status, fetchedId: fetched.id };
}

main()
  .catch((e) => ({ error: `${e?.name}: ${e?.message}` }))
  .then((result) => {
    document.getElementById("result").textContent = JSON.stringify(result);
  });
