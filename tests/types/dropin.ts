// Programs written the way @sync.so/sdk 0.3.0's types invite, with only the import changed
// ("@sync.so/sdk" → "sync-wasm", "@sync.so/sdk/api" → "sync-wasm/api"). tsconfig.official.json
// compiles this same file against the official SDK, so nothing here leans on what only sync-wasm has.
// No Node APIs: it is also compiled for a browser project without @types/node.
import { SyncClient, SyncError, SyncTimeoutError, SyncEnvironment, Sync } from "sync-wasm";
import type { Generation, GenerationNotification, ListGenerationsRequest, CreateGenerationDto } from "sync-wasm/api";
import { GenerationStatus, SyncMode, Model } from "sync-wasm/api";
import * as SyncApi from "sync-wasm/api";

// ---- a client built from options typed with the official names ----

export function makeClient(apiKey: string): SyncClient {
  const options: SyncClient.Options = { apiKey, baseUrl: SyncEnvironment.Default };
  return new SyncClient(options);
}

export const origins: SyncEnvironment[] = [SyncEnvironment.Default, SyncEnvironment.Dev];

// ---- errors: catch SyncError, read statusCode and body ----

export async function getOrNull(client: SyncClient, id: string): Promise<Generation | null> {
  try {
    return await client.generations.get(id);
  } catch (err) {
    if (err instanceof Sync.NotFoundError) return null;
    if (err instanceof SyncTimeoutError) throw new Error(`timed out: ${err.message}`);
    if (err instanceof SyncError) {
      const status: number | undefined = err.statusCode;
      const body: unknown = err.body;
      if (err.statusCode === 429) console.warn("rate limited", err.rawResponse?.status);
      if (typeof body === "object" && body !== null && "message" in body) console.error(body.message);
      throw new Error(`Sync API error ${status ?? "?"}: ${err.message}`);
    }
    throw err;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Sync.UnauthorizedError) return "check SYNC_API_KEY";
  if (err instanceof Sync.PaymentRequiredError) return "billing";
  if (err instanceof Sync.TooManyRequestsError) return "slow down";
  if (err instanceof Sync.BadRequestError) return `bad request: ${JSON.stringify(err.body)}`;
  if (err instanceof Sync.InternalServerError) return `server error ${err.statusCode}`;
  if (err instanceof Sync.common.NotFoundError) return "not found";
  if (err instanceof SyncError) return `${err.statusCode}: ${err.message}`;
  return String(err);
}

// ---- enumeration objects, values and types ----

export function label(status: Sync.GenerationStatus): string {
  switch (status) {
    case Sync.GenerationStatus.Pending:
      return "queued";
    case Sync.GenerationStatus.Processing:
      return "working";
    case Sync.GenerationStatus.Completed:
      return "done";
    case Sync.GenerationStatus.Failed:
    case Sync.GenerationStatus.Rejected:
      return "failed";
    default:
      return String(status);
  }
}

/** The docs' quickstart: poll until the generation is final. */
export async function pollUntilDone(client: SyncClient, id: string): Promise<Generation> {
  for (;;) {
    const generation = await client.generations.get(id);
    console.log(label(generation.status));
    if (generation.status === GenerationStatus.Completed) return generation;
    if (generation.status === "FAILED" || generation.status === Sync.GenerationStatus.Rejected) {
      throw new Error(generation.error ?? "generation failed");
    }
    if (generation.error) console.log(generation.error.length);
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

export async function createTyped(client: SyncClient, video: string, audio: string): Promise<string | undefined> {
  const body: CreateGenerationDto = {
    model: Model.Lipsync2,
    input: [
      { type: "video", url: video },
      { type: "audio", url: audio },
    ],
    options: {
      sync_mode: SyncMode.CutOff,
      temperature: 0.5,
      active_speaker_detection: { auto_detect: true },
      occlusion_detection_enabled: false,
    },
    webhookUrl: "https://example.com/webhooks/sync",
    outputFileName: "take_1",
  };
  const costs: Sync.EstimatedGenerationCost[] = await client.generations.estimateCost(body);
  console.log(costs[0]?.estimatedGenerationCost);
  const generation: Sync.Generation = await client.generations.create(body);
  const id: Sync.GenerationId = generation.id;
  const again = await getOrNull(client, id);
  return again?.outputUrl ?? undefined;
}

export async function reactWithSpeech(client: SyncClient, video: string): Promise<Generation> {
  const tts: Sync.Tts = {
    type: "text",
    provider: { name: "elevenlabs", voiceId: "voice-1", script: "Hello there", stability: 0.5 },
    refId: "line-1",
  };
  const videoInput: Sync.Video = { type: "video", url: video };
  const options: Sync.GenerationOptions = {
    model_mode: Sync.ModelMode.Head,
    prompt: Sync.Emotion.Happy,
    sync_mode: Sync.common.SyncMode.Bounce,
  };
  const segment: Sync.GenerationSegment = { startTime: 0, endTime: 2.5, audioInput: { refId: "line-1" } };
  return client.generations.create({ model: Sync.Model.React1, input: [videoInput, tts], options, segments: [segment] });
}

export async function listings(client: SyncClient): Promise<void> {
  const request: ListGenerationsRequest = { status: [Sync.GenerationStatus.Completed, "FAILED"] };
  const finished = await client.generations.list(request);
  const ids: string[] = finished.map((g) => g.id);
  const byId: Sync.generations.ListGenerationsRequest = { ids };
  await client.generations.list(byId);

  const assetsQuery: Sync.assets.ListAssetsRequest = {
    limit: 10,
    sortBy: Sync.AssetSort.DateDesc,
    types: [Sync.AssetType.Video, "AUDIO"],
  };
  const page: Sync.PaginatedAssetsResponse = await client.assets.list(assetsQuery);
  for (const asset of page.items) {
    const kind: Sync.AssetType = asset.type;
    if (asset.visibility === Sync.AssetVisibility.Organization) console.log(kind, asset.url);
    if (asset.inputType === Sync.AssetInputType.Upload) console.log(asset.size);
  }
  if (page.nextCursor) await client.assets.list({ ...assetsQuery, cursor: page.nextCursor });

  const batches: Sync.BatchResponse[] = await client.batch.list({ status: Sync.BatchStatus.Completed, created_after: "2025-01-01T00:00:00Z" });
  for (const b of batches) {
    const metrics: Sync.BatchMetrics = b.metrics;
    if (b.status === Sync.BatchStatus.JobsCreated) console.log(metrics.pending_count);
  }
  const batchOptions: Sync.batch.CreateBatchRequest = { dry_run: true };
  void batchOptions;

  const models: Sync.ModelInfo[] = await client.models.list();
  const lipsync = models.filter((m) => m.type === Sync.ModelType.Lipsync).map((m) => m.name);
  console.log(lipsync);
}

export function onWebhook(payload: GenerationNotification): void {
  if (payload.status === Sync.WebhookStatus.Completed) {
    const url = payload.outputUrl;
    if (url) console.log("ready:", url);
  } else if (payload.status === Sync.webhooks.WebhookStatus.Failed) {
    console.error(payload.error ?? "failed", payload.error_code);
  }
}

// ---- request options, raw responses ----

export async function withOptions(client: SyncClient, id: string): Promise<number> {
  const controller = new AbortController();
  const requestOptions: SyncClient.RequestOptions = {
    timeoutInSeconds: 30,
    maxRetries: 0,
    abortSignal: controller.signal,
    headers: { "X-Custom-Header": "custom value" },
  };
  const { data, rawResponse } = await client.generations.get(id, requestOptions).withRawResponse();
  console.log(data.status, rawResponse.headers.get("x-request-id"), rawResponse.statusText, rawResponse.url);
  return rawResponse.status;
}

// ---- the runtime values of the api subpath ----

export const enumerations = [
  SyncApi.Model.Sync3,
  SyncApi.Emotion.Neutral,
  SyncApi.ModelMode.Lips,
  SyncApi.SyncMode.Remap,
  SyncApi.GenerationStatus.Processing,
  SyncApi.BatchStatus.Failed,
  SyncApi.AssetType.Image,
  SyncApi.AssetVisibility.User,
  SyncApi.AssetInputType.PlatformImport,
  SyncApi.AssetSort.KindDesc,
  SyncApi.ModelType.React,
  SyncApi.WebhookStatus.Failed,
  SyncApi.common.BatchStatus.JobsCreated,
] as const;
export const namespaces = [SyncApi.common, SyncApi.webhooks, SyncApi.assets, SyncApi.batch, SyncApi.generations, SyncApi.models];
export const errorClasses = [
  SyncApi.BadRequestError,
  SyncApi.UnauthorizedError,
  SyncApi.PaymentRequiredError,
  SyncApi.NotFoundError,
  SyncApi.TooManyRequestsError,
  SyncApi.InternalServerError,
];
// The enumeration objects are read-only.
// @ts-expect-error: a readonly property
Sync.GenerationStatus.Completed = "DONE";
// The literal types are kept, for exhaustive code.
export const completed: "COMPLETED" = Sync.GenerationStatus.Completed;
export const cutOff: "cut_off" = SyncMode.CutOff;
