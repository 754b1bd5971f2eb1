//! TypeScript declarations for the values that cross the JS boundary as plain objects.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
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

/** Lip-sync models. Unknown future models are accepted as plain strings. */
export type Model = "sync-3" | "lipsync-2" | "lipsync-2-pro" | "lipsync-1.9.0-beta" | "react-1" | (string & {});

/** Status of a generation. `COMPLETED`, `FAILED`, `REJECTED`, `CANCELED` and `TIMED_OUT` are final. */
export type GenerationStatus =
  | "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT" | (string & {});

/** How to reconcile different video and audio lengths. */
export type SyncMode = "bounce" | "loop" | "cut_off" | "silence" | "remap" | (string & {});

export interface VideoInput { type: "video"; url?: string; assetId?: string }
export interface AudioInput { type: "audio"; url?: string; assetId?: string; refId?: string }
export interface TextToSpeechInput {
  type: "text";
  provider: { name: "elevenlabs"; voiceId: string; script: string; stability?: number; similarityBoost?: number };
  refId?: string;
}
export type Input = VideoInput | AudioInput | TextToSpeechInput;

export interface GenerationOptions {
  sync_mode?: SyncMode;
  model_mode?: "lips" | "face" | "head";
  prompt?: "happy" | "sad" | "angry" | "disgusted" | "surprised" | "neutral";
  temperature?: number;
  active_speaker_detection?: { auto_detect?: boolean; frame_number?: number; coordinates?: number[]; bounding_boxes?: (number[] | null)[] };
  occlusion_detection_enabled?: boolean;
}

export interface GenerationSegment {
  startTime: number;
  endTime: number;
  audioInput: { refId: string; startTime?: number; endTime?: number };
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

/** The known fields of a generation. */
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

/** A file for upload. Its bytes stay in JS and go to `fetch` directly. Node streams
 * (`fs.createReadStream`) and web `ReadableStream`s are read into a Blob first. */
export type FileInput = Blob | ReadableStream<Uint8Array> | ArrayBuffer | ArrayBufferView | AsyncIterable<Uint8Array | string>;

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
  status?: GenerationStatus | GenerationStatus[];
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

export type AssetType = "AUDIO" | "VIDEO" | "IMAGE" | (string & {});
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
  inputType?: "UPLOAD" | "URL" | "RECORD" | "TTS" | "EXTRACT" | "PLATFORM_IMPORT" | (string & {});
  durationSeconds?: number;
  thumbnailUrl?: string;
  visibility: "USER" | "ORGANIZATION" | (string & {});
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
  types?: AssetType | AssetType[];
}

/** Options of `assets.upload`. */
export interface UploadOptions extends RequestOptions {
  /** Defaults to the File's name. */
  fileName?: string;
  /** Defaults to the Blob's type, then `application/octet-stream`. */
  contentType?: string;
}

export type BatchStatus = "PENDING" | "JOBS_CREATED" | "PROCESSING" | "COMPLETED" | "FAILED" | (string & {});

export interface BatchResponse {
  id: string;
  created_at: string;
  status: BatchStatus;
  metrics: { total_generations: number; success_count: number; failed_count: number; pending_count: number };
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
  status?: BatchStatus | BatchStatus[];
  createdAfter?: string | Date;
  createdBefore?: string | Date;
  created_after?: string | Date;
  created_before?: string | Date;
}

export interface ModelInfo {
  id: Model;
  name: string;
  type: "lipsync" | "react" | (string & {});
  version: string;
  description?: string;
  deprecatedAt?: string | null;
  [field: string]: unknown;
}

/** Body of a generation webhook delivery. */
export interface GenerationNotification extends Omit<GenerationFields, "status" | "segments"> {
  status: "COMPLETED" | "FAILED" | (string & {});
  [field: string]: unknown;
}

export interface VerifyWebhookOptions {
  /** Largest allowed difference between the signature's timestamp and now. @default 300 */
  toleranceSeconds?: number;
  /** "Now", as unix seconds or a Date (for tests). */
  now?: number | Date;
}
"#;
