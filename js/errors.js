// The error classes of sync-wasm, defined once. The Rust code creates them through `makeError`;
// the package entry re-exports the classes. Plain ES module with no imports, so every runtime and
// wasm-bindgen's snippet loader can use it as is.
//
// `instanceof` works across copies of the package (two bundles, ESM + CJS): every instance carries a
// registry-symbol brand listing its class chain by literal name, and each class's
// `Symbol.hasInstance` checks that brand before falling back to the prototype chain.

const BRAND = Symbol.for("sync-wasm.error.brand");
const CLASS_ID = Symbol.for("sync-wasm.error.class");
const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

function classChain(ctor) {
  const chain = [];
  for (let c = ctor; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
    if (hasOwn(c, CLASS_ID)) chain.push(c[CLASS_ID]);
  }
  return chain;
}

/** Base class of every error sync-wasm throws. */
export class SyncError extends Error {
  constructor(message, options) {
    super(message, options && "cause" in options ? { cause: options.cause } : undefined);
    Object.defineProperty(this, BRAND, { value: classChain(new.target) });
  }

  static [Symbol.hasInstance](value) {
    if (hasOwn(this, CLASS_ID) && value !== null && typeof value === "object") {
      const chain = value[BRAND];
      if (Array.isArray(chain)) return chain.includes(this[CLASS_ID]);
    }
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** The API answered with an error status (or a body the SDK could not use). */
export class SyncAPIError extends SyncError {
  constructor(message, options = {}) {
    super(message, options);
    /** HTTP status of the response. */
    this.status = options.status;
    /** The response body: parsed JSON, or the raw text when it was not JSON. */
    this.body = options.body;
    /** Machine-readable code from the body (`errorCode`, `error_code` or `error`). */
    this.errorCode = options.errorCode;
    /** Request id from the `x-request-id` header or the body's `requestId`. */
    this.requestId = options.requestId;
    /** Response headers. */
    this.headers = options.headers;
  }

  /** Alias of `status`, the name `@sync.so/sdk` uses. */
  get statusCode() {
    return this.status;
  }

  /** `{ status, headers }`, the shape of `@sync.so/sdk`'s `rawResponse`. */
  get rawResponse() {
    return { status: this.status, headers: this.headers };
  }
}

export class BadRequestError extends SyncAPIError {}
export class UnauthorizedError extends SyncAPIError {}
export class PaymentRequiredError extends SyncAPIError {}
export class PermissionDeniedError extends SyncAPIError {}
export class NotFoundError extends SyncAPIError {}
export class ConflictError extends SyncAPIError {}
export class PayloadTooLargeError extends SyncAPIError {}
export class UnprocessableEntityError extends SyncAPIError {}
export class TooManyRequestsError extends SyncAPIError {}
export class InternalServerError extends SyncAPIError {}

/** No response arrived: DNS failure, refused or reset connection, or (in browsers) a CORS refusal. */
export class SyncConnectionError extends SyncError {}

/** The SDK's timeout fired before the response (headers and body) arrived. */
export class SyncTimeoutError extends SyncError {
  constructor(message, options = {}) {
    super(message, options);
    /** The timeout that expired, in milliseconds. */
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's `AbortSignal` aborted the request. */
export class SyncAbortError extends SyncError {}

/** The client was configured wrongly (missing or malformed API key, bad option). */
export class SyncConfigurationError extends SyncError {}

/** A method argument is invalid; nothing was sent. */
export class SyncValidationError extends SyncError {
  constructor(message, options = {}) {
    super(message, options);
    /** The argument or field that is wrong. */
    this.field = options.field;
  }
}

/** A generation ended as FAILED, REJECTED, CANCELED or TIMED_OUT while being waited for. */
export class GenerationFailedError extends SyncError {
  constructor(message, options = {}) {
    super(message, options);
    /** The generation as last fetched. */
    this.generation = options.generation;
    /** Its final status. */
    this.status = options.status;
    /** Machine-readable failure code (`errorCode` or `error_code`), e.g. `generation_pipeline_failed`. */
    this.errorCode = options.errorCode;
    /** The API's human-readable failure message. */
    this.error = options.error;
  }
}

/** A webhook delivery failed verification; `reason` says which check. */
export class WebhookVerificationError extends SyncError {
  constructor(message, options = {}) {
    super(message, options);
    /** `missing_secret`, `missing_header`, `malformed_header`, `timestamp_out_of_tolerance`,
     * `signature_mismatch` or `invalid_payload`. */
    this.reason = options.reason;
  }
}

const CLASSES = {
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
};

// Literal names, so they survive minification and match across copies.
for (const [name, cls] of Object.entries(CLASSES)) {
  Object.defineProperty(cls, CLASS_ID, { value: name });
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

/** True for any error thrown by sync-wasm, from any copy of the package. */
export function isSyncError(value) {
  return value instanceof SyncError;
}

/** @internal Used by the wasm module to create errors. */
export function makeError(name, message, options) {
  const cls = hasOwn(CLASSES, name) ? CLASSES[name] : SyncError;
  return new cls(message, options);
}
