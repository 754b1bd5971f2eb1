// Mistakes the types must reject. Each `@ts-expect-error` is itself an error when the line below it
// compiles, so this file compiles only while every mistake is still caught.
import { SyncClient, SyncError, SyncAPIError, SyncEnvironment, Sync, type Generation, type CreateGenerationRequest } from "sync-wasm";
import type { ListGenerationsRequest } from "sync-wasm/api";

const body: CreateGenerationRequest = {
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://example.com/v.mp4" },
    { type: "audio", url: "https://example.com/a.wav" },
  ],
};

export async function typos(client: SyncClient, g: Generation, err: unknown): Promise<void> {
  // ---- enumeration values the SDK sends: exact ----
  // @ts-expect-error: "COMPLETE" is not a generation status ("COMPLETED")
  await client.generations.list({ status: "COMPLETE" });
  // @ts-expect-error: nor is "DONE", inside a list of statuses
  await client.generations.list({ status: ["COMPLETED", "DONE"] });
  // @ts-expect-error: statuses are upper case
  await client.generations.listAll({ status: "completed" });
  // @ts-expect-error: the official request type's spelling is checked the same way
  const official: ListGenerationsRequest = { status: ["PENDNG"] };
  void official;
  // @ts-expect-error: "cutoff" is not a sync mode ("cut_off")
  await client.generations.create({ ...body, options: { sync_mode: "cutoff" } });
  // @ts-expect-error: nor is "cut-off"
  await client.generations.estimateCost({ ...body, options: { sync_mode: "cut-off" } });
  // @ts-expect-error: createWithFiles' options are checked too
  await client.generations.createWithFiles({ video: new Uint8Array(1), model: "lipsync-2", options: { sync_mode: "loops" } });
  // @ts-expect-error: "mouth" is not a model mode (lips, face, head)
  await client.generations.create({ ...body, options: { model_mode: "mouth" } });
  // @ts-expect-error: "excited" is not one of the emotions
  await client.generations.create({ ...body, options: { prompt: "excited" } });
  // @ts-expect-error: "COMPLETE" is not a batch status either
  await client.batch.list({ status: "COMPLETE" });
  // @ts-expect-error: "VIDOE" is not an asset type
  await client.assets.list({ types: ["VIDOE"] });
  // @ts-expect-error: "date" is not a sort order ("dateDesc")
  await client.assets.list({ sortBy: "date" });

  // ---- enumeration objects ----
  // @ts-expect-error: the member is Completed
  void Sync.GenerationStatus.Complete;
  // @ts-expect-error: the member is CutOff
  void Sync.SyncMode.Cutoff;
  // @ts-expect-error: there is no SyncEnvironment.Production (Default, Dev)
  void SyncEnvironment.Production;

  // ---- option and field names ----
  // @ts-expect-error: the option is apiKey
  new SyncClient({ apikey: "k" });
  // @ts-expect-error: the option is timeoutInSeconds (or timeoutMs)
  new SyncClient({ apiKey: "k", timeout: 5 });
  // @ts-expect-error: per-request, too
  await client.generations.get("id", { timeout: 5 });
  // @ts-expect-error: the option is idempotencyKey
  await client.generations.create(body, { idempotency_key: "k" });
  // @ts-expect-error: the field is sync_mode, as the API spells it
  await client.generations.create({ ...body, options: { syncMode: "loop" } });
  // @ts-expect-error: the field is webhookUrl on create
  await client.generations.create({ ...body, webhook_url: "https://example.com/hook" });
  // @ts-expect-error: the field is outputFileName
  await client.generations.create({ ...body, outputFilename: "take_1" });
  // @ts-expect-error: an input's type is "video", "audio" or "text"
  await client.generations.create({ model: "lipsync-2", input: [{ type: "vidoe", url: "u" }] });
  // @ts-expect-error: temperature is a number
  await client.generations.create({ ...body, options: { temperature: "0.5" } });
  // @ts-expect-error: the query field is ids
  await client.generations.list({ id: "g-1" });
  // @ts-expect-error: the field is sortBy
  await client.assets.list({ sort: "dateDesc" });

  // ---- errors: statusCode is only sure on API errors ----
  if (err instanceof SyncError) {
    // @ts-expect-error: a SyncError may have no response (a timeout, an abort), so statusCode may be undefined
    const status: number = err.statusCode;
    void status;
  }
  if (err instanceof SyncAPIError) {
    const status: number = err.statusCode; // narrowed: an API error always has one
    void status;
  }

  // ---- intentional differences from @sync.so/sdk (README: Migrating from @sync.so/sdk) ----
  // @ts-expect-error: no `environment` option; pass the URL as baseUrl: SyncEnvironment.Default
  new SyncClient({ environment: SyncEnvironment.Default });
  // @ts-expect-error: no `fetcher` option; this SDK's is `fetch`, with fetch's own signature
  new SyncClient({ fetcher: async () => ({}) });
  // @ts-expect-error: a status read from the API is open (the API adds statuses), the filter is exact; narrow it first
  await client.generations.list({ status: g.status });
  // @ts-expect-error: optional response fields may be null, as the API sends them (`g.error ?? undefined`)
  const message: string | undefined = g.error;
  void message;

  // Accepted on purpose, so not listed above: `g.status === "DONE"` (a status read from the API is
  // open, and TypeScript allows comparing a string with any literal; see GenerationStatus) and
  // `model: "lipsync2"` (models are open, so new ones work before the SDK knows them).
}
