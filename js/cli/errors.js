// Errors → one line on stderr and a documented exit code. The messages say what to do next and
// never contain the API key (every line passes through `redact` before it is printed).

/** Exit codes, documented in `sync-wasm --help` and the README. */
export const EXIT = Object.freeze({
  ok: 0,
  other: 1,
  usage: 2,
  auth: 3,
  payment: 4,
  validation: 5,
  rateLimit: 6,
  generationFailed: 7,
  network: 8,
  interrupted: 130,
});

/** A mistake in the command line itself (unknown option, missing argument, bad value): exit 2. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure the CLI detects itself, with its exit code (no key, output exists, download failed). */
export class CliError extends Error {
  constructor(message, code = EXIT.other) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}

/** Seconds to wait before retrying a 429, from Retry-After (seconds or an HTTP date), if any. */
function retryAfterSeconds(err) {
  const raw = err.headers?.get?.("retry-after");
  if (!raw) return undefined;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The exit code for anything thrown by a command. */
export function exitCodeFor(err) {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof CliError) return err.code;
  switch (err?.name) {
    case "UnauthorizedError":
    case "PermissionDeniedError":
      return EXIT.auth;
    case "SyncConfigurationError":
      // A malformed key is the key's fault; a malformed base URL or option is a usage mistake.
      return /key/i.test(String(err.message)) ? EXIT.auth : EXIT.usage;
    case "PaymentRequiredError":
      return EXIT.payment;
    case "SyncValidationError":
    case "BadRequestError":
    case "UnprocessableEntityError":
    case "PayloadTooLargeError":
      return EXIT.validation;
    case "TooManyRequestsError":
      return EXIT.rateLimit;
    case "GenerationFailedError":
      return EXIT.generationFailed;
    case "SyncConnectionError":
    case "SyncTimeoutError":
      return EXIT.network;
    case "WebhookVerificationError":
      return EXIT.validation;
    case "SyncAbortError":
      return EXIT.interrupted;
    default:
      return EXIT.other;
  }
}

/** The one-line message (without the "sync-wasm: " prefix) for anything thrown by a command. */
export function messageFor(err) {
  const base = oneLine(err?.message ?? String(err));
  const id = err?.requestId ? ` (request id ${oneLine(err.requestId)})` : "";
  switch (err?.name) {
    case "UnauthorizedError":
      return `the API refused the key (401)${id}: check that SYNC_API_KEY (or --api-key-file) holds a current key from the Sync dashboard, and that SYNC_BASE_URL points at the right API`;
    case "PermissionDeniedError":
      return `the key may not access this (403)${id}: use a key of the account that owns the resource`;
    case "PaymentRequiredError":
      return `payment required (402)${id}: the plan's credits or limits are used up; check billing in the Sync dashboard`;
    case "TooManyRequestsError": {
      const wait = retryAfterSeconds(err);
      const what = err.errorCode === "concurrency_limit_reached" ? "too many generations in progress for the plan" : "rate limit reached";
      return `${what} (429)${id}: retry ${wait !== undefined ? `in ${wait} s` : "in a minute"}${err.errorCode === "concurrency_limit_reached" ? ", once a running generation has finished" : ""}`;
    }
    case "SyncValidationError":
      return `invalid ${err.field ? `"${oneLine(err.field)}"` : "request"}: ${base}`;
    case "BadRequestError":
    case "UnprocessableEntityError":
    case "PayloadTooLargeError":
      return `the API refused the request (${err.status})${id}: ${base}`;
    case "GenerationFailedError": {
      const gid = err.generation?.id ? ` ${oneLine(err.generation.id)}` : "";
      const code = err.errorCode ? ` [${oneLine(err.errorCode)}]` : "";
      return `generation${gid} ended ${oneLine(err.status ?? "FAILED")}${code}: ${oneLine(err.error ?? base)}`;
    }
    case "SyncConnectionError":
      // The SDK's own advice names its option (baseUrl); the command line's are SYNC_BASE_URL and --base-url.
      return `${sentence(base, ". Check the network")}; check the network and SYNC_BASE_URL (or --base-url)`;
    case "SyncTimeoutError": {
      const waited = /^Generation (\S+) did not finish/.exec(base)?.[1];
      return waited
        ? `timed out: ${sentence(base, ". It keeps running")}. It keeps running on the server: sync-wasm status ${waited} --wait`
        : `timed out: ${base}`;
    }
    case "NotFoundError":
      return `not found (404)${id}: ${base}`;
    case "WebhookVerificationError":
      return `the delivery does not verify (${oneLine(err.reason ?? "refused")}): ${base}`;
    default:
      return base + id;
  }
}

/** `text` up to `cut` (the SDK's advice, which names SDK options), without a trailing full stop. */
function sentence(text, cut) {
  const at = text.indexOf(cut);
  return (at >= 0 ? text.slice(0, at) : text).replace(/\.$/, "");
}

/** Control characters (C0 but tab, DEL, C1) and line breaks collapsed to spaces: one printable line. */
export function oneLine(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
}

/** `text` with every occurrence of `secret` (and of its trimmed form) replaced. */
export function redact(text, secret) {
  let out = String(text);
  for (const s of new Set([secret, secret?.trim()])) {
    if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  }
  return out;
}
