// Types of `sync-wasm/api`, also the package's `Sync` namespace: the names `@sync.so/sdk/api` (the
// official SDK's `Sync`) exports, as types and values, so `import type { Generation } from
// "sync-wasm/api"` and `Sync.GenerationStatus.Completed` work with only the import changed.
//
// Where the types differ from the official ones, on purpose:
// - Enumerations received from the API (`GenerationStatus`, `BatchStatus`, `AssetType`, ...) are
//   open (`| (string & {})`), since the API adds values; the enumeration objects hold the official
//   values. Request filters take the exact `Known...` unions, so a misspelt filter is an error.
// - Optional fields of responses may be `null`, as the API sends them.
// - `CreateGenerationRequest` (the fields of `createWithFiles`) also takes the files as `video` and
//   `audio`, for the one-object form of `createWithFiles`.
import type * as T from "./sync_wasm.js";
import * as Self from "./sync-api.js";

export {
  SyncError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  UnauthorizedError,
  TooManyRequestsError,
  PaymentRequiredError,
} from "./errors.js";

/** A generation's id. */
export type GenerationId = string;
/** An asset's id. */
export type AssetId = string;
/** A batch's id. */
export type BatchId = string;

/** Body of `generations.create` and `generations.estimateCost`. */
export type CreateGenerationDto = T.CreateGenerationRequest;
/** Fields of `generations.createWithFiles(video, audio, request)`. */
export type CreateGenerationRequest = T.CreateGenerationWithFilesRequest;
export type ListGenerationsRequest = T.ListGenerationsRequest;
export type ListAssetsRequest = T.ListAssetsRequest;
export type CreateBatchRequest = T.CreateBatchRequest;
export type ListBatchesRequest = T.ListBatchesRequest;

export type Input = T.Input;
export type Video = T.VideoInput;
export type Audio = T.AudioInput;
export type Tts = T.TextToSpeechInput;
export type ElevenLabs = T.ElevenLabs;
export type TtsProviderConfig = T.ElevenLabs;
export type GenerationOptions = T.GenerationOptions;
export type ActiveSpeaker = T.ActiveSpeaker;
export type GenerationSegment = T.GenerationSegment;
export type SegmentAudioInput = T.SegmentAudioInput;
/** @deprecated Start and end times (seconds) of video segments; use `segments` instead. */
export type SegmentSecs = number[][];
/** @deprecated Start and end frames of video segments; use `segments` instead. */
export type SegmentFrames = number[][];
export type Generation = T.Generation;
export type EstimatedGenerationCost = T.EstimatedGenerationCost;
export type Asset = T.Asset;
export type PaginatedAssetsResponse = T.PaginatedAssetsResponse;
export type BatchResponse = T.BatchResponse;
export type BatchMetrics = T.BatchMetrics;
/** What `batch.create` resolves with for a dry run. */
export interface ValidationResponse {
  status: "VALIDATED";
}
export type CreateBatchResponse = T.BatchResponse | ValidationResponse;
export type ModelInfo = T.ModelInfo;
export type GenerationNotification = T.GenerationNotification;
/** The `message` of an API error body: one message, or a list of them (validation errors). */
export type GenerationErrorMessage = string | string[];
/** The usual shape of an API error body (`error.body` of an API error). */
export interface GenerationError {
  message: GenerationErrorMessage;
  statusCode: number;
  [field: string]: unknown;
}

/** Lip-sync models. The type is open (newer models work before the SDK knows them). */
export type Model = T.Model;
export declare const Model: {
  readonly Lipsync2: "lipsync-2";
  readonly Lipsync190Beta: "lipsync-1.9.0-beta";
  readonly Lipsync2Pro: "lipsync-2-pro";
  readonly React1: "react-1";
  readonly Sync3: "sync-3";
};
/** Emotion prompt of react-1. */
export type Emotion = T.Emotion;
export declare const Emotion: {
  readonly Happy: "happy";
  readonly Sad: "sad";
  readonly Angry: "angry";
  readonly Disgusted: "disgusted";
  readonly Surprised: "surprised";
  readonly Neutral: "neutral";
};
/** Edit region of react-1. */
export type ModelMode = T.ModelMode;
export declare const ModelMode: {
  readonly Lips: "lips";
  readonly Face: "face";
  readonly Head: "head";
};
/** How to reconcile different video and audio lengths (exact). */
export type SyncMode = T.SyncMode;
export declare const SyncMode: {
  readonly Bounce: "bounce";
  readonly Loop: "loop";
  readonly CutOff: "cut_off";
  readonly Silence: "silence";
  readonly Remap: "remap";
};
/** Status of a generation (open: see `GenerationStatus` in the package's types). The object holds
 * the official SDK's values; the API also documents `CANCELED` and `TIMED_OUT`. */
export type GenerationStatus = T.GenerationStatus;
export declare const GenerationStatus: {
  readonly Pending: "PENDING";
  readonly Processing: "PROCESSING";
  readonly Completed: "COMPLETED";
  readonly Failed: "FAILED";
  readonly Rejected: "REJECTED";
};
/** Status of a batch (open). */
export type BatchStatus = T.BatchStatus;
export declare const BatchStatus: {
  readonly Pending: "PENDING";
  readonly JobsCreated: "JOBS_CREATED";
  readonly Processing: "PROCESSING";
  readonly Completed: "COMPLETED";
  readonly Failed: "FAILED";
};
/** Type of an asset (open). */
export type AssetType = T.AssetType;
export declare const AssetType: {
  readonly Audio: "AUDIO";
  readonly Video: "VIDEO";
  readonly Image: "IMAGE";
};
/** Who can see an asset (open). */
export type AssetVisibility = T.AssetVisibility;
export declare const AssetVisibility: {
  readonly User: "USER";
  readonly Organization: "ORGANIZATION";
};
/** Where an asset came from (open). */
export type AssetInputType = T.AssetInputType;
export declare const AssetInputType: {
  readonly Upload: "UPLOAD";
  readonly Url: "URL";
  readonly Record: "RECORD";
  readonly Tts: "TTS";
  readonly Extract: "EXTRACT";
  readonly PlatformImport: "PLATFORM_IMPORT";
};
/** Sort order of `assets.list` (exact). */
export type AssetSort = T.AssetSort;
export declare const AssetSort: {
  readonly NameAsc: "nameAsc";
  readonly NameDesc: "nameDesc";
  readonly DateAsc: "dateAsc";
  readonly DateDesc: "dateDesc";
  readonly DurationAsc: "durationAsc";
  readonly DurationDesc: "durationDesc";
  readonly SizeAsc: "sizeAsc";
  readonly SizeDesc: "sizeDesc";
  readonly KindAsc: "kindAsc";
  readonly KindDesc: "kindDesc";
};
/** Kind of a model (open). */
export type ModelType = T.ModelType;
export declare const ModelType: {
  readonly Lipsync: "lipsync";
  readonly React: "react";
};
/** Status in a generation webhook delivery (open). */
export type WebhookStatus = T.WebhookStatus;
export declare const WebhookStatus: {
  readonly Completed: "COMPLETED";
  readonly Failed: "FAILED";
};

/** `Sync.common`: the shared types, the enumeration objects and the API error classes. */
export declare namespace common {
  export import Model = Self.Model;
  export import Emotion = Self.Emotion;
  export import ModelMode = Self.ModelMode;
  export import SyncMode = Self.SyncMode;
  export import GenerationStatus = Self.GenerationStatus;
  export import BatchStatus = Self.BatchStatus;
  export import AssetType = Self.AssetType;
  export import AssetVisibility = Self.AssetVisibility;
  export import AssetInputType = Self.AssetInputType;
  export import AssetSort = Self.AssetSort;
  export import ModelType = Self.ModelType;
  export import BadRequestError = Self.BadRequestError;
  export import InternalServerError = Self.InternalServerError;
  export import NotFoundError = Self.NotFoundError;
  export import UnauthorizedError = Self.UnauthorizedError;
  export import TooManyRequestsError = Self.TooManyRequestsError;
  export import PaymentRequiredError = Self.PaymentRequiredError;
  export import GenerationId = Self.GenerationId;
  export import CreateGenerationDto = Self.CreateGenerationDto;
  export import Input = Self.Input;
  export import EstimatedGenerationCost = Self.EstimatedGenerationCost;
  export import Generation = Self.Generation;
  export import GenerationError = Self.GenerationError;
  export import GenerationErrorMessage = Self.GenerationErrorMessage;
  export import ActiveSpeaker = Self.ActiveSpeaker;
  export import GenerationOptions = Self.GenerationOptions;
  export import TtsProviderConfig = Self.TtsProviderConfig;
  export import ElevenLabs = Self.ElevenLabs;
  export import Tts = Self.Tts;
  export import Audio = Self.Audio;
  export import Video = Self.Video;
  export import SegmentSecs = Self.SegmentSecs;
  export import SegmentFrames = Self.SegmentFrames;
  export import GenerationSegment = Self.GenerationSegment;
  export import SegmentAudioInput = Self.SegmentAudioInput;
  export import BatchId = Self.BatchId;
  export import BatchResponse = Self.BatchResponse;
  export import BatchMetrics = Self.BatchMetrics;
  export import ValidationResponse = Self.ValidationResponse;
  export import CreateBatchResponse = Self.CreateBatchResponse;
  export import AssetId = Self.AssetId;
  export import Asset = Self.Asset;
  export import PaginatedAssetsResponse = Self.PaginatedAssetsResponse;
  export import ModelInfo = Self.ModelInfo;
}
/** `Sync.webhooks`: the webhook status and the delivery's body. */
export declare namespace webhooks {
  export import WebhookStatus = Self.WebhookStatus;
  export import GenerationNotification = Self.GenerationNotification;
}
/** `Sync.assets`: the request types of `client.assets` (an empty object at run time, as in the
 * official SDK). */
export declare const assets: {};
export declare namespace assets {
  export type ListAssetsRequest = Self.ListAssetsRequest;
}
/** `Sync.batch`: the request types of `client.batch` (an empty object at run time). */
export declare const batch: {};
export declare namespace batch {
  export type CreateBatchRequest = Self.CreateBatchRequest;
  export type ListBatchesRequest = Self.ListBatchesRequest;
}
/** `Sync.generations`: the request types of `client.generations` (an empty object at run time). */
export declare const generations: {};
export declare namespace generations {
  export type CreateGenerationRequest = Self.CreateGenerationRequest;
  export type ListGenerationsRequest = Self.ListGenerationsRequest;
}
/** `Sync.models`: an empty object, as in the official SDK. */
export declare const models: {};
