export { SyncClient, Generations, Assets, Batch, Models, Webhooks, verifyWebhook } from "./sync_wasm.js";
export type {
  SyncClientOptions,
  RequestOptions,
  CreateRequestOptions,
  Model,
  GenerationStatus,
  SyncMode,
  VideoInput,
  AudioInput,
  TextToSpeechInput,
  Input,
  GenerationOptions,
  GenerationSegment,
  CreateGenerationRequest,
  Generation,
  GenerationFields,
  SyncPromise,
  RawResponse,
  PageIterator,
  FileInput,
  CreateGenerationWithFilesRequest,
  ListGenerationsRequest,
  EstimatedGenerationCost,
  WaitOptions,
  CreateAndWaitOptions,
  AssetType,
  AssetSort,
  Asset,
  PaginatedAssetsResponse,
  ListAssetsRequest,
  UploadOptions,
  BatchStatus,
  BatchResponse,
  CreateBatchRequest,
  ListBatchesRequest,
  ModelInfo,
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

import type * as types from "./sync_wasm.js";
import type * as errorTypes from "./errors.js";

/** `@sync.so/sdk`'s namespace of error classes and request/response types, for code written against it. */
export declare const Sync: {
  readonly SyncError: typeof errorTypes.SyncError;
  readonly BadRequestError: typeof errorTypes.BadRequestError;
  readonly UnauthorizedError: typeof errorTypes.UnauthorizedError;
  readonly PaymentRequiredError: typeof errorTypes.PaymentRequiredError;
  readonly NotFoundError: typeof errorTypes.NotFoundError;
  readonly TooManyRequestsError: typeof errorTypes.TooManyRequestsError;
  readonly InternalServerError: typeof errorTypes.InternalServerError;
};
export declare namespace Sync {
  type CreateGenerationDto = types.CreateGenerationRequest;
  type CreateGenerationRequest = types.CreateGenerationWithFilesRequest;
  type Generation = types.Generation;
  type GenerationStatus = types.GenerationStatus;
  type Model = types.Model;
  type ListGenerationsRequest = types.ListGenerationsRequest;
  type EstimatedGenerationCost = types.EstimatedGenerationCost;
  type Asset = types.Asset;
  type ListAssetsRequest = types.ListAssetsRequest;
  type PaginatedAssetsResponse = types.PaginatedAssetsResponse;
  type CreateBatchRequest = types.CreateBatchRequest;
  type ListBatchesRequest = types.ListBatchesRequest;
  type BatchResponse = types.BatchResponse;
  type ModelInfo = types.ModelInfo;
  type GenerationNotification = types.GenerationNotification;
}
