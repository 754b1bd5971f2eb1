// `sync-wasm/api`, and the `Sync` namespace of the package entry: what `@sync.so/sdk/api` (the
// official SDK's `Sync`) holds at run time, with the same names and values. The enumeration objects,
// its six API error classes (ours, which extend SyncError), and its per-resource namespaces (`common`
// and `webhooks` hold values there too; the other four only types). Plus `SyncError`, which
// `Sync.SyncError` has always offered here. Loading it does not touch the wasm, so a program can
// import it for the enumerations alone.
import {
  SyncError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  UnauthorizedError,
  TooManyRequestsError,
  PaymentRequiredError,
} from "./errors.js";

export { SyncError, BadRequestError, InternalServerError, NotFoundError, UnauthorizedError, TooManyRequestsError, PaymentRequiredError };

export const Model = Object.freeze({
  Lipsync2: "lipsync-2",
  Lipsync190Beta: "lipsync-1.9.0-beta",
  Lipsync2Pro: "lipsync-2-pro",
  React1: "react-1",
  Sync3: "sync-3",
});
export const Emotion = Object.freeze({
  Happy: "happy",
  Sad: "sad",
  Angry: "angry",
  Disgusted: "disgusted",
  Surprised: "surprised",
  Neutral: "neutral",
});
export const ModelMode = Object.freeze({ Lips: "lips", Face: "face", Head: "head" });
export const SyncMode = Object.freeze({
  Bounce: "bounce",
  Loop: "loop",
  CutOff: "cut_off",
  Silence: "silence",
  Remap: "remap",
});
export const GenerationStatus = Object.freeze({
  Pending: "PENDING",
  Processing: "PROCESSING",
  Completed: "COMPLETED",
  Failed: "FAILED",
  Rejected: "REJECTED",
});
export const BatchStatus = Object.freeze({
  Pending: "PENDING",
  JobsCreated: "JOBS_CREATED",
  Processing: "PROCESSING",
  Completed: "COMPLETED",
  Failed: "FAILED",
});
export const AssetType = Object.freeze({ Audio: "AUDIO", Video: "VIDEO", Image: "IMAGE" });
export const AssetVisibility = Object.freeze({ User: "USER", Organization: "ORGANIZATION" });
export const AssetInputType = Object.freeze({
  Upload: "UPLOAD",
  Url: "URL",
  Record: "RECORD",
  Tts: "TTS",
  Extract: "EXTRACT",
  PlatformImport: "PLATFORM_IMPORT",
});
export const AssetSort = Object.freeze({
  NameAsc: "nameAsc",
  NameDesc: "nameDesc",
  DateAsc: "dateAsc",
  DateDesc: "dateDesc",
  DurationAsc: "durationAsc",
  DurationDesc: "durationDesc",
  SizeAsc: "sizeAsc",
  SizeDesc: "sizeDesc",
  KindAsc: "kindAsc",
  KindDesc: "kindDesc",
});
export const ModelType = Object.freeze({ Lipsync: "lipsync", React: "react" });
export const WebhookStatus = Object.freeze({ Completed: "COMPLETED", Failed: "FAILED" });

export const common = Object.freeze({
  Model,
  Emotion,
  ModelMode,
  SyncMode,
  GenerationStatus,
  BatchStatus,
  AssetType,
  AssetVisibility,
  AssetInputType,
  AssetSort,
  ModelType,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  UnauthorizedError,
  TooManyRequestsError,
  PaymentRequiredError,
});
export const webhooks = Object.freeze({ WebhookStatus });
export const assets = Object.freeze({});
export const batch = Object.freeze({});
export const generations = Object.freeze({});
export const models = Object.freeze({});
