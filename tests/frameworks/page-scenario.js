// What the webpack and esbuild pages do with the SDK (copied into each project as scenario.js): with
// the key and base URL (the mock's) from the query string, list the models, create a generation
// whose input URLs carry the marker, and get it back. The outcome, or the error, goes to #result as
// JSON.
const params = new URLSearchParams(location.search);

async function scenario(SyncClient) {
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

export function runScenario(SyncClient) {
  scenario(SyncClient)
    .catch((e) => ({ error: `${e?.name}: ${e?.message}` }))
    .then((result) => {
      document.getElementById("result").textContent = JSON.stringify(result);
    });
}
