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
   * @default "https://api.sync.so" */
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
}

/** Options accepted by every method as its last argument. */
export interface RequestOptions {
  /** Abort the request; the method then rejects with `SyncAbortError`. */
  signal?: AbortSignal;
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

/** A generation as the API returns it. Fields the SDK does not know yet are kept. */
export interface Generation {
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
  [field: string]: unknown;
}
"#;
