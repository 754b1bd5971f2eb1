export { SyncClient, Generations, Assets, Batch, Models, Webhooks, verifyWebhook } from "./sync_wasm.js";
export type {
  SyncClientOptions,
  RequestOptions,
  CreateRequestOptions,
  Model,
  KnownModel,
  GenerationStatus,
  KnownGenerationStatus,
  SyncMode,
  ModelMode,
  Emotion,
  VideoInput,
  AudioInput,
  TextToSpeechInput,
  ElevenLabs,
  Input,
  GenerationOptions,
  ActiveSpeaker,
  GenerationSegment,
  SegmentAudioInput,
  CreateGenerationRequest,
  Generation,
  GenerationFields,
  SyncPromise,
  RawResponse,
  PageIterator,
  FileInput,
  BlobLike,
  CreateGenerationWithFilesRequest,
  ListGenerationsRequest,
  EstimatedGenerationCost,
  WaitOptions,
  CreateAndWaitOptions,
  RunManyOptions,
  RunManyProgress,
  SettledGeneration,
  AssetType,
  KnownAssetType,
  AssetVisibility,
  AssetInputType,
  AssetSort,
  Asset,
  PaginatedAssetsResponse,
  ListAssetsRequest,
  UploadOptions,
  BatchStatus,
  KnownBatchStatus,
  BatchMetrics,
  BatchResponse,
  CreateBatchRequest,
  ListBatchesRequest,
  ModelInfo,
  ModelType,
  WebhookStatus,
  GenerationNotification,
  VerifyWebhookOptions,
} from "./sync_wasm.js";
export type { WebhookVerificationReason, SyncErrorName, SyncAPIErrorName } from "./errors.js";
export {
  SyncError,
  SyncAPIError,
  BadRequestError,
  UnauthorizedError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnprocessableEntityError,
  TooManyRequestsError,
  InternalServerError,
  SyncConnectionError,
  SyncTimeoutError,
  SyncAbortError,
  SyncConfigurationError,
  SyncValidationError,
  GenerationFailedError,
  WebhookVerificationError,
  isSyncError,
} from "./errors.js";

/** The namespace of `@sync.so/sdk`'s types and enumeration objects: `Sync.Generation`,
 * `Sync.ListGenerationsRequest`, `Sync.GenerationStatus.Completed`, `Sync.NotFoundError`, ... The
 * same module as `sync-wasm/api`. */
export * as Sync from "./sync-api.js";

/** API origins, as `@sync.so/sdk` exports them. Pass one as `baseUrl` (this SDK has no
 * `environment` option): `new SyncClient({ baseUrl: SyncEnvironment.Default })`. */
export declare const SyncEnvironment: {
  readonly Default: "https://api.sync.so";
  readonly Dev: "https://dev-api.sync.so";
};
export type SyncEnvironment = typeof SyncEnvironment.Default | typeof SyncEnvironment.Dev;
