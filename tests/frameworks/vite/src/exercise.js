// What both pages do with the SDK, on the server and with the key from the query string (the mock's):
// list the models, create a generation whose input URLs carry the marker, and get it back. The outcome
// (or the error) goes to #result as JSON.
const query = Object.fromEntries(new URLSearchParams(location.search));

export async function exercise(SyncClient) {
  const client = new SyncClient({ apiKey: query.key, baseUrl: query.base, dangerouslyAllowBrowser: true });
  const ids = (await client.models.list()).map((m) => m.id);
  const input = ["video:mp4", "audio:wav"].map((s) => s.split(":")).map(([type, ext]) => ({ type, url: `https://example.com/${query.marker}.${ext}` }));
  const created = await client.generations.create({ model: "lipsync-2-pro", input });
  const again = await client.generations.get(created.id);
  return { models: ids, id: created.id, status: created.status, fetched: { id: again.id, model: again.model } };
}

export function report(outcome) {
  const write = (result) => (document.getElementById("result").textContent = JSON.stringify(result));
  outcome.then(write, (e) => write({ error: `${e?.name}: ${e?.message}` }));
}
