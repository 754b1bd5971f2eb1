// Everything the package exports, shared by every entry file. Loading it does not touch the wasm:
// each entry initialises the module its own way first.
import * as errors from "./errors.js";
import { harden } from "./harden.js";
import { Assets, Batch, Generations, Models, PageIterator, SyncClient, Webhooks } from "./sync_wasm.js";

harden({ SyncClient, Generations, Assets, Batch, Models, Webhooks, PageIterator });

export { SyncClient, verifyWebhook } from "./sync_wasm.js";
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

/** The error classes under one name, as `@sync.so/sdk` exports them (`Sync.NotFoundError`). */
export const Sync = Object.freeze({
  SyncError: errors.SyncError,
  BadRequestError: errors.BadRequestError,
  UnauthorizedError: errors.UnauthorizedError,
  PaymentRequiredError: errors.PaymentRequiredError,
  NotFoundError: errors.NotFoundError,
  TooManyRequestsError: errors.TooManyRequestsError,
  InternalServerError: errors.InternalServerError,
});
