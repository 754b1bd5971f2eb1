// Compiles realistic user code against the package's .d.ts; the @ts-expect-error lines fail the build
// if a misuse stops being a type error.
import {
  SyncClient,
  UnauthorizedError,
  InternalServerError,
  SyncAPIError,
  SyncTimeoutError,
  isSyncError,
  verifyWebhook,
  GenerationFailedError,
  WebhookVerificationError,
  Sync,
  type Generation,
  type CreateGenerationRequest,
  type Asset,
  type PaginatedAssetsResponse,
  type BatchResponse,
  type ModelInfo,
  type EstimatedGenerationCost,
  type GenerationNotification,
  type SettledGeneration,
  type RunManyOptions,
} from "sync-wasm";

// `@sync.so/sdk` code that names its types through the `Sync` namespace compiles unchanged.
export const officialStyle: Sync.ListGenerationsRequest = { status: "COMPLETED" };
export const officialCreate: Sync.CreateGenerationDto = { model: "lipsync-2", input: [{ type: "video", url: "u" }, { type: "audio", url: "a" }] };

export async function everyMethod(client: SyncClient, file: Blob, signal: AbortSignal): Promise<void> {
  const list: Generation[] = await client.generations.list({ status: ["COMPLETED", "FAILED"], limit: 10 });
  for await (const g of client.generations.listAll({ status: "COMPLETED" })) {
    const id: string = g.id;
    void id;
  }
  const costs: EstimatedGenerationCost[] = await client.generations.estimateCost(officialCreate);
  const done: Generation = await client.generations.waitForCompletion(list[0]!.id, {
    signal,
    timeoutMs: 60_000,
    longPollSeconds: 2,
    onProgress: (g) => console.log(g.status),
  });
  await client.generations.createAndWait(officialCreate, { idempotencyKey: "k-1", pollIntervalMs: 500 });
  await client.generations.createWithFiles({ video: file, audio: file, model: "lipsync-2" });
  await client.generations.createWithFiles(file, undefined, { model: "lipsync-2" });
  const { data, rawResponse } = await client.generations.get("id").withRawResponse();
  const status: number = rawResponse.status;
  const page: PaginatedAssetsResponse = await client.assets.list({ limit: 10, sortBy: "dateDesc", types: ["VIDEO"] });
  const asset: Asset = await client.assets.upload(file, { fileName: "a.mp4", contentType: "video/mp4" });
  for await (const a of client.assets.listAll()) void a.type;
  const batch = await client.batch.create("{}\n", { dryRun: true });
  const batches: BatchResponse[] = await client.batch.list({ createdAfter: new Date() });
  const models: ModelInfo[] = await client.models.list();
  const note: GenerationNotification = verifyWebhook("{}", "t=1,v1=00", "whsec_x", { toleranceSeconds: 60 });
  const same: GenerationNotification = client.webhooks.verify("{}", new Headers(), "whsec_x");
  const notifiedId: string = note.id;
  const output: string | null | undefined = same.outputUrl;
  void [costs, done, data, status, page, asset, batch, batches, models, notifiedId, output];
  try {
    await client.generations.waitForCompletion("id");
  } catch (e) {
    if (e instanceof GenerationFailedError) {
      const code: string | undefined = e.errorCode;
      const final: "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT" = e.status;
      void [code, final, e.generation.id];
    }
    if (e instanceof WebhookVerificationError) void e.reason;
  }
  // runMany: results narrow on status; the error is a SyncError.
  const options: RunManyOptions = { concurrency: 3, longPollSeconds: 2, onProgress: ({ queued, inFlight, completed, failed }) => void [queued, inFlight, completed, failed] };
  const settled: SettledGeneration[] = await client.generations.runMany([{ model: "lipsync-2", input: [] }], options);
  for (const r of settled) {
    if (r.status === "fulfilled") void (r.generation.outputUrl satisfies string | null | undefined);
    else void [r.index, r.error.message, r.error.name];
  }
  // @ts-expect-error: runMany's onProgress gets the run's counts, not a generation
  await client.generations.runMany([], { onProgress: (g: Generation) => g.id });
  // @ts-expect-error: concurrency is a number
  await client.generations.runMany([], { concurrency: "3" });
  // @ts-expect-error: unknown sort order
  await client.assets.list({ sortBy: "random" });
  // @ts-expect-error: waitForCompletion needs an id
  await client.generations.waitForCompletion();
  // @ts-expect-error: onProgress receives a generation, not a string
  await client.generations.waitForCompletion("id", { onProgress: (s: number) => s });
  // @ts-expect-error: verifyWebhook returns synchronously, not a promise
  await verifyWebhook("{}", "h", "s").then(() => {});
  // @ts-expect-error: dryRun is a boolean
  await client.batch.create("{}", { dryRun: "yes" });
}

export async function run(signal: AbortSignal): Promise<string | undefined> {
  const client = new SyncClient({ apiKey: "k", baseUrl: "http://127.0.0.1:8787", timeoutInSeconds: 30, maxRetries: 1 });
  const request: CreateGenerationRequest = {
    model: "lipsync-2",
    input: [
      { type: "video", url: "https://example.com/v.mp4" },
      { type: "audio", url: "https://example.com/a.wav" },
    ],
    options: { sync_mode: "cut_off" },
  };
  const created: Generation = await client.generations.create(request, { idempotencyKey: "order-1" });
  const again = await client.generations.get(created.id, { signal, timeoutInSeconds: 5, headers: { "x-test": "1" } });
  const future: Generation["model"] = "some-future-model";
  void future;
  try {
    await client.generations.get("x");
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      const status: 401 = error.status;
      void status;
    } else if (error instanceof InternalServerError) {
      const requestId: string | undefined = error.requestId;
      void requestId;
    } else if (error instanceof SyncAPIError) {
      const code: string | undefined = error.errorCode;
      void code;
    } else if (error instanceof SyncTimeoutError) {
      const ms: number = error.timeoutMs;
      void ms;
    } else if (isSyncError(error)) {
      const name: string = error.name;
      void name;
    }
  }
  // @ts-expect-error: the client needs no init and takes an options object, not a string
  new SyncClient("key");
  // @ts-expect-error: unknown option
  new SyncClient({ apiKey: "k", baseURL: "https://api.sync.so" });
  // @ts-expect-error: input is required
  await client.generations.create({ model: "lipsync-2" });
  // @ts-expect-error: wrong input type
  await client.generations.create({ model: "lipsync-2", input: [{ type: "picture", url: "x" }] });
  // @ts-expect-error: get takes an id string
  await client.generations.get(42);
  // @ts-expect-error: free() is removed (the garbage collector frees clients)
  client.free();
  // @ts-expect-error: and from the namespaces
  client.generations.free();
  return again.outputUrl ?? undefined;
}
