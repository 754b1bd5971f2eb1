//! TypeScript declarations for the values that cross the JS boundary as plain objects.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/*
 * Local stand-ins for the DOM-only names these declarations (and wasm-bindgen's own, below) use, so
 * the types also compile in a project without the DOM lib (Node with @types/node, which lacks these).
 * Each is the DOM's definition, or, for `WebAssembly`, the global type itself whenever the project
 * has one. They shadow the global names in this file only, and the package's entries do not export
 * them.
 */
type HeadersInit = [string, string][] | Record<string, string> | Headers;
type RequestInfo = Request | string;
type BufferSource = ArrayBufferView | ArrayBuffer;
declare namespace WebAssembly {
  type Module = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : object;
  type Memory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer T } } } ? T : object;
  type Table = typeof globalThis extends { WebAssembly: { Table: { prototype: infer T } } } ? T : object;
}

/** Options of `new SyncClient(options)`. */
export interface SyncClientOptions {
  /** Your Sync API key. Defaults to the `SYNC_API_KEY` environment variable (Node, Bun, Deno, Vercel).
   * In Cloudflare Workers pass `env.SYNC_API_KEY`. Surrounding whitespace is trimmed. */
  apiKey?: string;
  /** API origin, optionally with a path prefix for a proxy. `https:` only (`http:` for loopback).
   * Defaults to the `SYNC_BASE_URL` environment variable, then `"https://api.sync.so"`. */
  baseUrl?: string;
  /** Timeout of each attempt (headers and body), in seconds. @default 60 */
  timeoutInSeconds?: number;
  /** The same timeout in milliseconds; give at most one of the two. */
  timeoutMs?: number;
  /** Retries after a failed attempt (408, 409, 429, 5xx, connection errors, timeouts). 0–10. @default 2 */
  maxRetries?: number;
  /** A `fetch` implementation to use instead of the global one (for tests, proxies, instrumentation). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Extra headers sent with every request. `x-api-key` cannot be set here. */
  headers?: HeadersInit;
  /** Allow running in a web page, where the key is visible to anyone who opens it. Only for personal
   * tools with your own key; the Sync docs say keys belong on servers. @default false */
  dangerouslyAllowBrowser?: boolean;
  /** Your server's `sync-wasm/proxy` route (`"/api/sync"`, resolved against the page; or a full URL).
   * The client then holds no key and sends none: the proxy adds the server's. Works in pages
   * without `dangerouslyAllowBrowser`; give no `apiKey` or `baseUrl` with it. */
  proxyUrl?: string;
}

/** `@sync.so/sdk`'s names for the option types, for code that spells them that way:
 * `SyncClient.Options` and `SyncClient.RequestOptions`. */
export declare namespace SyncClient {
  type Options = SyncClientOptions;
  type RequestOptions = import("./sync_wasm.js").RequestOptions;
}

/** Options accepted by every method as its last argument. */
export interface RequestOptions {
  /** Abort the request; the method then rejects with `SyncAbortError`. */
  signal?: AbortSignal;
  /** The same as `signal`, under the name `@sync.so/sdk` uses. */
  abortSignal?: AbortSignal;
  /** Timeout of each attempt for this request, in seconds. */
  timeoutInSeconds?: number;
  /** The same timeout in milliseconds; give at most one of the two. */
  timeoutMs?: number;
  /** Retries for this request (0–10). */
  maxRetries?: number;
  /** Extra headers for this request. */
  headers?: HeadersInit;
}

/** Options of `generations.create`. */
export interface CreateRequestOptions extends RequestOptions {
  /** Sent as `Idempotency-Key`: 1–128 characters of `[A-Za-z0-9._~-]`. Reuse it with the same body to
   * make a create safe to repeat. When omitted the SDK sends a fresh key per call. */
  idempotencyKey?: string;
}

/*
 * Enumerations come in two kinds. Where the SDK *sends* a value (a list filter, `sync_mode`), the type
 * is the exact union of the values the API documents, so a typo (`"COMPLETE"`, `"cutoff"`) is a
 * compile error. Where the SDK *receives* a value (`Generation.status`, `Asset.type`), the type is
 * that union `| (string & {})`: the API may add values (it added `REJECTED`, `CANCELED` and
 * `TIMED_OUT` over time), and a type that claims they cannot occur would be a lie that `switch`
 * statements are then written against. Autocomplete still lists the known values. `Model` is open on
 * both sides, since new models are usable before the SDK knows them.
 */

/** The models this version of the SDK knows. */
export type KnownModel = "sync-3" | "lipsync-2" | "lipsync-2-pro" | "lipsync-1.9.0-beta" | "react-1";

/** Lip-sync models: the known ones (listed by autocomplete), or any newer model's name. */
export type Model = KnownModel | (string & {});

/** The generation statuses the API documents. `COMPLETED`, `FAILED`, `REJECTED`, `CANCELED` and
 * `TIMED_OUT` are final. The exact type of the `status` filter of `generations.list`. */
export type KnownGenerationStatus = "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT";

/**
 * Status of a generation, as the API reports it: a known status, or one added to the API later.
 *
 * Being open, it cannot make `generation.status === "DONE"` a compile error: any type that can hold a
 * string the SDK does not know is, to TypeScript, a string, and a string may be compared with every
 * string literal. (A branded string could reject such comparisons only by claiming a property that
 * the runtime value does not have.) Compare with `Sync.GenerationStatus.Completed` and friends, or
 * narrow with a `switch` over `KnownGenerationStatus`, to have typos caught.
 */
export type GenerationStatus = KnownGenerationStatus | (string & {});

/** How to reconcile different video and audio lengths (`options.sync_mode`). Exact: a misspelt mode
 * is a compile error.
 * - `bounce`: if the video is shorter than the audio, play it back and forth; otherwise crop the video.
 * - `loop`: if the video is shorter, loop it; otherwise crop the video.
 * - `cut_off`: if the audio is longer, cut the audio; otherwise crop the video.
 * - `silence`: if the video is longer, pad the audio with silence; otherwise crop the video.
 * - `remap`: speed the video up or down to match the audio exactly. */
export type SyncMode = "bounce" | "loop" | "cut_off" | "silence" | "remap";

/** Edit region of react-1 (`options.model_mode`). */
export type ModelMode = "lips" | "face" | "head";

/** Emotion prompt of react-1 (`options.prompt`). */
export type Emotion = "happy" | "sad" | "angry" | "disgusted" | "surprised" | "neutral";

export interface VideoInput {
  type: "video";
  /** URL of the video. Give `url` or `assetId`. */
  url?: string;
  /** Id of a video asset from your media library. Give `url` or `assetId`. */
  assetId?: string;
  /** @deprecated Use the request's `segments` instead. Start and end times (seconds) of segments. */
  segments_secs?: number[][];
  /** @deprecated Use the request's `segments` instead. Start and end frames of segments. */
  segments_frames?: number[][];
}
export interface AudioInput {
  type: "audio";
  /** URL of the audio. Give `url` or `assetId`. */
  url?: string;
  /** Id of an audio asset from your media library. Give `url` or `assetId`. */
  assetId?: string;
  /** Names this input for `segments[].audioInput.refId`; required when using segments. */
  refId?: string;
}
/** ElevenLabs text-to-speech settings of a `type: "text"` input. */
export interface ElevenLabs {
  name: "elevenlabs";
  /** A Sync voice id (copied from a cloned voice in the Studio) or an ElevenLabs voice id. */
  voiceId: string;
  /** The text to speak. */
  script: string;
  /** Lower is more emotional range, higher more monotonous. */
  stability?: number;
  /** How closely to follow the original voice. */
  similarityBoost?: number;
}
export interface TextToSpeechInput {
  type: "text";
  provider: ElevenLabs;
  /** Names this input for `segments[].audioInput.refId`; required when using segments. */
  refId?: string;
}
export type Input = VideoInput | AudioInput | TextToSpeechInput;

/** Active speaker detection (`options.active_speaker_detection`). */
export interface ActiveSpeaker {
  /** Find the speaking person automatically and lip-sync only them. */
  auto_detect?: boolean;
  /** Frame index that `coordinates` refer to, for choosing the speaker by hand. */
  frame_number?: number;
  /** A point `[x, y]` on the speaker's face in frame `frame_number`. */
  coordinates?: number[];
  /** Per frame, the face's box `[x1, y1, x2, y2]`, or `null` (or `undefined`, sent as `null`) for a
   * frame without one; instead of `frame_number` + `coordinates` when you have detections. */
  bounding_boxes?: (number[] | null | undefined)[];
}

/** The `options` of a generation. Every field is optional; the server applies its defaults. */
export interface GenerationOptions {
  /** How to handle a video and an audio of different lengths; see `SyncMode`.
   * @default "loop" (the API's default, per its OpenAPI description) */
  sync_mode?: SyncMode;
  /** Edit region, react-1 only: `lips`, `face` (lip-sync and emotion in the face) or `head` (adds
   * natural head movement).
   * @default "face" */
  model_mode?: ModelMode;
  /** Emotion to act, react-1 only; one word.
   * @default server default (the API documents none) */
  prompt?: Emotion;
  /** How expressive the lip-sync is, from 0 (least) to 1 (most). The SDK refuses values outside 0–1.
   * @default 0.5 */
  temperature?: number;
  /** Lip-sync only the person speaking, in videos with several people.
   * @default server default (the API documents none) */
  active_speaker_detection?: ActiveSpeaker;
  /** Detect occlusions (hands, objects in front of the face); slows the generation down.
   * @default server default (the API documents none) */
  occlusion_detection_enabled?: boolean;
}

/** The part of the audio a segment uses: an input named by `refId`, optionally cropped. */
export interface SegmentAudioInput {
  /** `refId` of an audio or text-to-speech input. */
  refId: string;
  /** Crop the audio from here (seconds); give both `startTime` and `endTime`, or neither. */
  startTime?: number;
  /** Crop the audio up to here (seconds). */
  endTime?: number;
}

/** A time range of the video, lip-synced to its own audio. */
export interface GenerationSegment {
  /** Seconds. */
  startTime: number;
  /** Seconds; after `startTime`. */
  endTime: number;
  audioInput: SegmentAudioInput;
}

/** Body of `generations.create`. */
export interface CreateGenerationRequest {
  model: Model;
  /** One video input and at least one audio (or text-to-speech) input. */
  input: Input[];
  options?: GenerationOptions;
  segments?: GenerationSegment[];
  /** HTTPS URL that receives the generation when it completes or fails. */
  webhookUrl?: string;
  /** Output base name without extension: letters, digits, `_` and `-`. */
  outputFileName?: string;
}

/** The known fields of a generation. The optional ones may also be `null`: the API sends `null` for
 * what a generation does not have (yet), e.g. `"error": null` while it runs, and the SDK returns the
 * API's JSON as it is. (`@sync.so/sdk` declares them `string | undefined`, but passes the same nulls
 * through.) `if (g.error)`, `g.error ?? fallback` and `g.error?.length` work for both. */
export interface GenerationFields {
  id: string;
  createdAt: string;
  status: GenerationStatus;
  model: Model;
  input: Input[];
  options?: GenerationOptions;
  segments?: GenerationSegment[];
  /** URL of the finished video, once `COMPLETED`. */
  outputUrl?: string | null;
  outputMediaUrl?: string | null;
  /** Length of the output in seconds. */
  outputDuration?: number | null;
  segmentOutputUrl?: string | null;
  webhookUrl?: string | null;
  /** Why a generation failed, for people. */
  error?: string | null;
  /** Why a generation failed, for code. */
  errorCode?: string | null;
  error_code?: string | null;
}

/** A generation as the API returns it. Fields the SDK does not know yet are kept. */
export interface Generation extends GenerationFields {
  [field: string]: unknown;
}

/** A promise of the data that also offers the response metadata, as in `@sync.so/sdk`. */
export interface SyncPromise<T> extends Promise<T> {
  /** Resolves with the data and `{ status, statusText, headers, url }` of the response. */
  withRawResponse(): Promise<{ data: T; rawResponse: RawResponse }>;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  url: string;
}

/** An async iterator over every item of a paginated list; fetches pages as it goes.
 * @example for await (const asset of client.assets.listAll()) console.log(asset.id); */
export interface PageIterator<T> extends AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  return(): Promise<IteratorResult<T, undefined>>;
  [Symbol.asyncIterator](): PageIterator<T>;
  /** Release the wasm-side state now instead of at garbage collection. */
  free(): void;
}

/** What the SDK needs of a Blob. Node's `Blob` and `File` from `node:buffer` are the same objects as
 * the global ones at run time, but under `lib: ["dom"]` their type differs from the DOM's `Blob`
 * (e.g. in what `bytes()` returns), so `FileInput` accepts any value of this shape: a DOM Blob or
 * File, `node:buffer`'s, or one from another realm (read with `arrayBuffer()`). */
export interface BlobLike {
  readonly size: number;
  readonly type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A file for upload. Its bytes stay in JS and go to `fetch` directly. Node streams
 * (`fs.createReadStream`) and web `ReadableStream`s are read into a Blob first. */
export type FileInput = Blob | BlobLike | ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView | AsyncIterable<Uint8Array | string>;

/** Fields of `generations.createWithFiles`: the JSON request with optional local files standing in
 * for the video and audio inputs. */
export interface CreateGenerationWithFilesRequest extends Omit<CreateGenerationRequest, "input"> {
  video?: FileInput;
  audio?: FileInput;
  input?: Input[];
}

export interface Generations {
  /**
   * Start a generation from local files: `POST /v2/generate` as multipart.
   * @example await client.generations.createWithFiles({ video: file, audio: blob, model: "lipsync-2" });
   */
  createWithFiles(request: CreateGenerationWithFilesRequest, options?: CreateRequestOptions): SyncPromise<Generation>;
  /**
   * The `@sync.so/sdk` form: files first, then the other fields.
   * @example await client.generations.createWithFiles(video, audio, { model: "lipsync-2" });
   */
  createWithFiles(
    video: FileInput | undefined,
    audio: FileInput | undefined,
    request: Omit<CreateGenerationWithFilesRequest, "video" | "audio">,
    options?: CreateRequestOptions,
  ): SyncPromise<Generation>;
}

/** Query of `generations.list` / `generations.listAll`. */
export interface ListGenerationsRequest {
  /** Only generations with this status, or one of these (sent comma-separated). Exact: a misspelt
   * status is a compile error. A status read from a generation is open (`GenerationStatus`); narrow
   * it to a `KnownGenerationStatus` before filtering on it. */
  status?: KnownGenerationStatus | KnownGenerationStatus[];
  /** Only these generations (sent comma-separated). */
  ids?: string | string[];
  /** Page size, 1–100. Without it the API returns every match unpaged. */
  limit?: number;
  /** Id of the last generation of the previous page (needs `limit`). */
  cursor?: string;
  source?: string;
  projectId?: string;
}

export interface EstimatedGenerationCost {
  estimatedFrameCount: number;
  /** US dollars. */
  estimatedGenerationCost: number;
}

/** Options of `waitForCompletion`. */
export interface WaitOptions {
  signal?: AbortSignal;
  abortSignal?: AbortSignal;
  /** Give up (with `SyncTimeoutError`) after this long. The generation keeps running. @default 900000 (15 min) */
  timeoutMs?: number;
  /** The same deadline in seconds; give at most one of the two. */
  timeoutInSeconds?: number;
  /** First pause between polls when the server does not support long-poll; grows by half up to 10 s. @default 1000 */
  pollIntervalMs?: number;
  /** Longest the server may hold each long-poll request, 1–10 s. The server answers a held request
   * only when the generation is final, so a shorter hold lets `onProgress` hear intermediate
   * statuses (`PROCESSING`) sooner, at the cost of more requests. @default 10 */
  longPollSeconds?: number;
  /** Called with the generation whenever its status changes (including the first one seen). */
  onProgress?: (generation: Generation) => void;
  maxRetries?: number;
  headers?: HeadersInit;
}

/** Options of `createAndWait`. */
export interface CreateAndWaitOptions extends WaitOptions {
  idempotencyKey?: string;
}

/** Counts of a `runMany` run, for `onProgress`. */
export interface RunManyProgress {
  /** Not yet created (waiting for a runner, a slot or a rate-limit pause). */
  queued: number;
  /** Created and not yet ended. */
  inFlight: number;
  completed: number;
  /** Ended any other way: failed, rejected, canceled, timed out, refused or aborted. */
  failed: number;
}

/** One request's outcome in `runMany`, at its index. `error` is a `SyncError`: `GenerationFailedError`
 * for FAILED/REJECTED/CANCELED/TIMED_OUT, `SyncAbortError` after an abort, an API error otherwise. */
export type SettledGeneration =
  | { index: number; status: "fulfilled"; generation: Generation }
  | { index: number; status: "rejected"; error: import("./errors.js").SyncError };

/** Options of `generations.runMany`: the run's, and the wait's for each generation. */
export interface RunManyOptions extends Omit<WaitOptions, "onProgress"> {
  /** At most this many of the run's generations in flight at once (1–100; your plan's limit:
   * Hobbyist 1, Creator 3, Growth 6, Scale 15). @default 1 */
  concurrency?: number;
  /** Each request's `Idempotency-Key` is this prefix and its index. Give the same prefix to run the
   * same requests again after a crash without creating any twice (within the API's idempotency
   * window). @default a fresh random prefix per run */
  idempotencyKeyPrefix?: string;
  /** Called with each request's result as it settles. A throw is ignored. */
  onSettled?: (result: SettledGeneration) => void;
  /** Called with the counts whenever they change. A throw is ignored. */
  onProgress?: (progress: RunManyProgress) => void;
}

/** The asset types the API documents; the exact type of the `types` filter of `assets.list`. */
export type KnownAssetType = "AUDIO" | "VIDEO" | "IMAGE";
/** Type of an asset as the API reports it (open to types added later). */
export type AssetType = KnownAssetType | (string & {});
/** Who can see an asset (open to values added later). */
export type AssetVisibility = "USER" | "ORGANIZATION" | (string & {});
/** Where an asset came from (open to values added later). */
export type AssetInputType = "UPLOAD" | "URL" | "RECORD" | "TTS" | "EXTRACT" | "PLATFORM_IMPORT" | (string & {});
export type AssetSort =
  | "nameAsc" | "nameDesc" | "dateAsc" | "dateDesc" | "durationAsc" | "durationDesc"
  | "sizeAsc" | "sizeDesc" | "kindAsc" | "kindDesc";

export interface Asset {
  id: string;
  createdAt: string;
  updatedAt: string;
  name?: string;
  url?: string;
  /** Bytes. */
  size?: number;
  format?: string;
  type: AssetType;
  inputType?: AssetInputType;
  durationSeconds?: number;
  thumbnailUrl?: string;
  visibility: AssetVisibility;
  width?: number;
  height?: number;
  [field: string]: unknown;
}

export interface PaginatedAssetsResponse {
  items: Asset[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string | null;
  totalCount?: number;
}

export interface ListAssetsRequest {
  projectId?: string;
  /** 1–100. */
  limit?: number;
  cursor?: string;
  searchQuery?: string;
  sortBy?: AssetSort;
  /** Only assets of this type, or of one of these (sent comma-separated). Exact: a misspelt type is a
   * compile error. */
  types?: KnownAssetType | KnownAssetType[];
}

/** Options of `assets.upload`. */
export interface UploadOptions extends RequestOptions {
  /** Defaults to the File's name. */
  fileName?: string;
  /** Defaults to the Blob's type, then `application/octet-stream`. */
  contentType?: string;
}

/** The batch statuses the API documents; the exact type of the `status` filter of `batch.list`. */
export type KnownBatchStatus = "PENDING" | "JOBS_CREATED" | "PROCESSING" | "COMPLETED" | "FAILED";
/** Status of a batch as the API reports it (open to statuses added later). */
export type BatchStatus = KnownBatchStatus | (string & {});

/** Progress counts of a batch. */
export interface BatchMetrics {
  total_generations: number;
  success_count: number;
  failed_count: number;
  /** Generations still pending or processing. */
  pending_count: number;
}

export interface BatchResponse {
  id: string;
  created_at: string;
  status: BatchStatus;
  metrics: BatchMetrics;
  webhookUrl?: string | null;
  /** URL of the results JSONL (redirects to a signed URL) once the batch is done. */
  outputUrl?: string | null;
  [field: string]: unknown;
}

/** Options of `batch.create`. */
export interface CreateBatchRequest {
  webhookUrl?: string;
  /** Validate the file without running it; resolves with `{ status: "VALIDATED" }`. */
  dryRun?: boolean;
  /** `@sync.so/sdk` spelling of `webhookUrl`. */
  webhook_url?: string;
  /** `@sync.so/sdk` spelling of `dryRun`. */
  dry_run?: boolean;
}

export interface ListBatchesRequest {
  /** Only batches with this status, or one of these (sent comma-separated). Exact: a misspelt status
   * is a compile error. */
  status?: KnownBatchStatus | KnownBatchStatus[];
  createdAfter?: string | Date;
  createdBefore?: string | Date;
  created_after?: string | Date;
  created_before?: string | Date;
}

/** Kind of a model (open to kinds added later). */
export type ModelType = "lipsync" | "react" | (string & {});

export interface ModelInfo {
  id: Model;
  name: string;
  type: ModelType;
  version: string;
  description?: string;
  deprecatedAt?: string | null;
  [field: string]: unknown;
}

/** Status in a generation webhook delivery (open to statuses added later). */
export type WebhookStatus = "COMPLETED" | "FAILED" | (string & {});

/** Body of a generation webhook delivery. */
export interface GenerationNotification extends Omit<GenerationFields, "status" | "segments"> {
  status: WebhookStatus;
  [field: string]: unknown;
}

export interface VerifyWebhookOptions {
  /** Largest allowed difference between the signature's timestamp and now. @default 300 */
  toleranceSeconds?: number;
  /** "Now", as unix seconds or a Date (for tests). */
  now?: number | Date;
}
"#;
