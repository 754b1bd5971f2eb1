// Everything the package exports, shared by every entry file. Loading it does not touch the wasm:
// each entry initialises the module its own way first.
import * as syncApi from "./sync-api.js";
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

/** `@sync.so/sdk`'s namespace of enumeration objects and API error classes (`Sync.GenerationStatus`,
 * `Sync.NotFoundError`): the contents of `sync-wasm/api`, frozen. */
export const Sync = Object.freeze({ ...syncApi });

/** API origins, as `@sync.so/sdk` exports them; pass one as `baseUrl`. */
export const SyncEnvironment = Object.freeze({
  Default: "https://api.sync.so",
  Dev: "https://dev-api.sync.so",
});
