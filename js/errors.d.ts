/** Names of the API error classes, each also the `name` of its instances. */
export type SyncAPIErrorName =
  | "SyncAPIError"
  | "BadRequestError"
  | "UnauthorizedError"
  | "PaymentRequiredError"
  | "PermissionDeniedError"
  | "NotFoundError"
  | "ConflictError"
  | "PayloadTooLargeError"
  | "UnprocessableEntityError"
  | "TooManyRequestsError"
  | "InternalServerError";

export type SyncErrorName =
  | "SyncError"
  | SyncAPIErrorName
  | "SyncConnectionError"
  | "SyncTimeoutError"
  | "SyncAbortError"
  | "SyncConfigurationError"
  | "SyncValidationError"
  | "GenerationFailedError"
  | "WebhookVerificationError";

export interface SyncErrorOptions {
  cause?: unknown;
}

export interface SyncAPIErrorOptions extends SyncErrorOptions {
  status?: number;
  body?: unknown;
  errorCode?: string;
  requestId?: string;
  headers?: Headers;
}

/** Base class of every error sync-wasm throws. `instanceof` works across copies of the package.
 *
 * `statusCode`, `body` and `rawResponse` are set on API errors (`SyncAPIError` and its subclasses)
 * and are `undefined` on every other `SyncError` (no response, a timeout, an abort, a refused
 * argument), so code written for `@sync.so/sdk` (`if (err instanceof SyncError)
 * console.log(err.statusCode, err.body)`) compiles; narrow with `instanceof SyncAPIError` to have
 * them typed as present. */
export class SyncError extends Error {
  constructor(message?: string, options?: SyncErrorOptions);
  readonly name: SyncErrorName;
  /** HTTP status of the response, on API errors only. */
  readonly statusCode?: number;
  /** The response body (parsed JSON, or the raw text), on API errors only. */
  readonly body?: unknown;
  /** `{ status, headers }` of the response, on API errors only. */
  readonly rawResponse?: { status: number; headers: Headers | undefined };
}

/** The API answered with an error status, or with a body that is not the JSON expected. */
export class SyncAPIError extends SyncError {
  constructor(message?: string, options?: SyncAPIErrorOptions);
  readonly name: SyncAPIErrorName;
  /** HTTP status of the response. */
  readonly status: number;
  /** Alias of `status`, as named by `@sync.so/sdk`. */
  readonly statusCode: number;
  /** The response body: parsed JSON (usually `{ statusCode, message, error, errorCode? }`), or the raw
   * text when it was not JSON; `undefined` when empty. */
  readonly body: unknown;
  /** Machine-readable code from the body (`errorCode`, `error_code` or `error`). Branch on this rather
   * than on the message. */
  readonly errorCode: string | undefined;
  /** Request id from the `x-request-id` header or the body's `requestId`; quote it to support. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers | undefined;
  /** `{ status, headers }`, as `@sync.so/sdk` names it. */
  readonly rawResponse: { status: number; headers: Headers | undefined };
}

/** 400: the API refused the request as invalid. */
export class BadRequestError extends SyncAPIError { readonly name: "BadRequestError"; readonly status: 400; readonly statusCode: 400 }
/** 401: the API key is missing, invalid, expired or revoked. */
export class UnauthorizedError extends SyncAPIError { readonly name: "UnauthorizedError"; readonly status: 401; readonly statusCode: 401 }
/** 402: billing: free tier used up, no paid plan, unpaid invoice or plan limit. */
export class PaymentRequiredError extends SyncAPIError { readonly name: "PaymentRequiredError"; readonly status: 402; readonly statusCode: 402 }
/** 403: the key may not access this resource. */
export class PermissionDeniedError extends SyncAPIError { readonly name: "PermissionDeniedError"; readonly status: 403; readonly statusCode: 403 }
/** 404: no such generation (or other resource) for this key's account. */
export class NotFoundError extends SyncAPIError { readonly name: "NotFoundError"; readonly status: 404; readonly statusCode: 404 }
/** 409: conflict, e.g. an idempotency key reused with a different body. */
export class ConflictError extends SyncAPIError { readonly name: "ConflictError"; readonly status: 409; readonly statusCode: 409 }
/** 413: request or upload too large. */
export class PayloadTooLargeError extends SyncAPIError { readonly name: "PayloadTooLargeError"; readonly status: 413; readonly statusCode: 413 }
/** 422: the request is well-formed but cannot be processed (e.g. file over the plan's limit). */
export class UnprocessableEntityError extends SyncAPIError { readonly name: "UnprocessableEntityError"; readonly status: 422; readonly statusCode: 422 }
/** 429: rate limit (`rate_limit_exceeded`) or concurrency limit (`concurrency_limit_reached`). */
export class TooManyRequestsError extends SyncAPIError { readonly name: "TooManyRequestsError"; readonly status: 429; readonly statusCode: 429 }
/** 5xx: the API failed on its side. */
export class InternalServerError extends SyncAPIError { readonly name: "InternalServerError" }

/** No response: DNS failure, refused or reset connection, or a CORS refusal in a browser. */
export class SyncConnectionError extends SyncError {
  readonly name: "SyncConnectionError";
  /** What `fetch` rejected with. */
  readonly cause: unknown;
}

/** The SDK's timeout fired before the whole response arrived. */
export class SyncTimeoutError extends SyncError {
  constructor(message?: string, options?: SyncErrorOptions & { timeoutMs?: number });
  readonly name: "SyncTimeoutError";
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;
}

/** The caller's `AbortSignal` fired. `cause` is the signal's `reason`. */
export class SyncAbortError extends SyncError {
  readonly name: "SyncAbortError";
  readonly cause: unknown;
}

/** The client is misconfigured: no or malformed API key, or an invalid option. */
export class SyncConfigurationError extends SyncError {
  readonly name: "SyncConfigurationError";
}

/** A method argument is invalid; nothing was sent. */
export class SyncValidationError extends SyncError {
  constructor(message?: string, options?: SyncErrorOptions & { field?: string });
  readonly name: "SyncValidationError";
  /** The argument or field that is wrong. */
  readonly field: string;
}

/** A generation ended as FAILED, REJECTED, CANCELED or TIMED_OUT while being waited for. */
export class GenerationFailedError extends SyncError {
  constructor(message?: string, options?: SyncErrorOptions & { generation?: unknown; status?: string; errorCode?: string; error?: string });
  readonly name: "GenerationFailedError";
  /** The generation as last fetched. */
  readonly generation: import("./sync_wasm.js").Generation;
  /** Its final status. */
  readonly status: "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT";
  /** Machine-readable failure code, e.g. `generation_pipeline_failed`. */
  readonly errorCode: string | undefined;
  /** The API's human-readable failure message. */
  readonly error: string | undefined;
}

export type WebhookVerificationReason =
  | "missing_secret"
  | "missing_header"
  | "malformed_header"
  | "timestamp_out_of_tolerance"
  | "signature_mismatch"
  | "invalid_payload";

/** A webhook delivery failed verification. */
export class WebhookVerificationError extends SyncError {
  constructor(message?: string, options?: SyncErrorOptions & { reason?: WebhookVerificationReason });
  readonly name: "WebhookVerificationError";
  /** Which check failed. */
  readonly reason: WebhookVerificationReason;
}

/** True for any error thrown by sync-wasm, from any copy of the package. */
export function isSyncError(value: unknown): value is SyncError;
