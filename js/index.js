// Package entry: loads the wasm module once, at import, then exports the client and the error classes.
import init, { initSync, SyncClient, verifyWebhook } from "./sync_wasm.js";
import * as errors from "./errors.js";

const wasmUrl = new URL("./sync_wasm_bg.wasm", import.meta.url);
const node = globalThis.process?.versions?.node;
if (typeof node === "string") {
  // Node, Bun and Deno can read the file; Node's fetch cannot load file: URLs. The specifier is in a
  // variable so bundlers targeting browsers do not try to resolve it.
  const fsModule = "node:fs/promises";
  const { readFile } = await import(fsModule);
  initSync({ module: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

export { SyncClient, verifyWebhook };

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
