// `sync-wasm/testing`: an offline Sync API for your tests. No network, no real waiting, no bill.
//
//   import { createMockSync } from "sync-wasm/testing";
//   const mock = createMockSync();
//   const client = new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetch: mock.fetch });
//
// Code written against the official `@sync.so/sdk` gives its client `fetcher: mock.fetcher` instead.

/** A generation as the API returns it (create, get, list, long-poll). */
export interface MockGeneration {
  id: string;
  createdAt: string;
  status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT";
  model: string;
  input: Array<Record<string, unknown>>;
  options: Record<string, unknown>;
  outputUrl: string | null;
  outputMediaUrl: string | null;
  outputDuration: number | null;
  segments: unknown[] | null;
  segmentOutputUrl: string | null;
  webhookUrl: string | null;
  error: string | null;
  errorCode: string | null;
  error_code: string | null;
}

/** How a generation ends: what `outcome` returns and `generations.fail` takes. */
export interface MockOutcome {
  /** Default "FAILED" for `fail`. */
  status?: "COMPLETED" | "FAILED" | "REJECTED" | "CANCELED" | "TIMED_OUT";
  /** Default "generation_pipeline_failed" (failures only). */
  errorCode?: string;
  /** Default "An error occurred in the generation pipeline." (failures only). */
  error?: string;
}

export interface MockSyncOptions {
  /** The key the mock accepts. Default "sync-test-key". */
  apiKey?: string;
  /** More keys it accepts. Any other key gets 401 "Invalid API key.", like the API. */
  keys?: string[];
  /**
   * The origin `mock.fetch` serves, and the one in the URLs it makes (outputs, uploads).
   * Default "https://mock.sync.invalid" (a name that never resolves, so a client that forgot
   * `fetch: mock.fetch` fails instead of calling anything real). `mock.fetch` also answers for
   * "https://api.sync.so", so code that only injects `fetch` works unchanged.
   */
  baseUrl?: string;
  /**
   * "virtual" (default): time stands still but for `advance()` and `autoAdvance`, so tests never
   * wait and run the same every time. "real": the wall clock, for demos and for code under test
   * that polls on its own timers.
   */
  clock?: "virtual" | "real";
  /** Where the virtual clock starts. Default 2026-01-01T00:00:00Z. */
  startTime?: Date | string | number;
  /**
   * How long a generation is PENDING, then PROCESSING, before it ends (ms). Default 1000.
   * 0: it ends at once (the create still answers PENDING). Infinity: it waits for
   * `generations.complete` / `generations.fail`.
   */
  stepMs?: number;
  /**
   * On the virtual clock, whether time moves by itself for a client that waits:
   * "wait" (default): a long poll (`?wait=true`, what `waitForCompletion` sends) moves the clock to
   * the generation's end or the poll's timeout, whichever is first, and answers at once; after such a
   * poll ended before the generation did, each plain GET of it moves it to its next status too (the
   * SDK takes a long poll answered at once for a server without long-poll and polls plainly, with
   * `pollIntervalMs` between looks).
   * "poll": also each plain GET of an unfinished generation moves it to its next status, for
   * code that polls in a loop. false: only `advance()` moves time (a long poll then waits for it).
   */
  autoAdvance?: "wait" | "poll" | boolean;
  /** The plan's limit of generations PENDING or PROCESSING at once; over it, a create answers 429 `concurrency_limit_reached`. Default no limit. Creator is 3. */
  concurrency?: number;
  /** Requests per minute per key (on the mock's clock); over it, 429 `rate_limit_exceeded` with Retry-After. A number for every route, or per kind. Default no limit. */
  rateLimit?: number | { create?: number; other?: number };
  /** The secret webhook deliveries are signed with. Default "whsec_mock_secret". */
  webhookSecret?: string;
  /**
   * Receives each webhook delivery as a WHATWG Request (POST, JSON body, `Sync-Signature`)
   * instead of it being sent over the network: pass your route handler. Its Response's status is
   * recorded (none: 200).
   */
  onWebhook?: (request: Request) => Response | void | Promise<Response | void>;
  /** The fetch used to deliver webhooks to their URLs when there is no `onWebhook`. Default the global fetch. */
  webhookFetch?: typeof fetch;
  /** Decides how each new generation ends, from its create body. Default: COMPLETED. */
  outcome?: (request: Record<string, any>) => MockOutcome | MockOutcome["status"] | void;
  /** Seeds the ids (generations, assets, uploads, batches, request ids). Default 1: the same ids every run. */
  seed?: number;
  /** Start with the ids and records of the Sync docs' examples (a generation, an asset, a batch) and a library of 25 assets. Default false: empty. */
  examples?: boolean;
  /** Called with each request as it arrives (the same record `mock.requests` keeps): for logging. */
  onRequest?: (request: MockRequest) => void;
  /** Request headers a browser may send across origins besides the SDK's own; "x-test-*" style prefixes allowed. Default none. */
  corsAllowHeaders?: string[];
}

/** A scripted fault: what the next `times` requests matching `method` and `path` get. */
export interface MockFault {
  /** Any method if left out. */
  method?: string;
  /** "/v2/generate", "/v2/generate/*" ("*" one segment, "**" any rest, ":id" one segment), or a RegExp. */
  path: string | RegExp;
  /** How many requests it catches. Default 1; Infinity for all. */
  times?: number;
  /** Answer with this status (200–599)... */
  status?: number;
  /** ...and this body (a string as text/plain, else JSON). Default: the API's error body for the status (500 has `errorCode: "internal_error"` and `requestId`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long (real time: it stands for the network, to test your timeouts) first. */
  delayMs?: number;
  /** Send the headers and half the body, then the rest after this long (real time). */
  bodyDelayMs?: number;
  /** Drop the connection without an answer: in-process, fetch rejects with TypeError("fetch failed"). */
  reset?: boolean;
  /** Run the route first (the generation is really created), then `reset` or `delayMs` its answer: a lost answer. */
  afterRoute?: boolean;
  /** Answer 200 with a truncated JSON body. */
  truncate?: boolean;
  /** Send `body` this many times over, streamed (a huge answer). */
  repeat?: number;
  /** Run the route without the query string, as an API or proxy that drops it would (e.g. `?wait=true`: no long poll). */
  ignoreQuery?: boolean;
}

export interface MockFaultHandle {
  /** Requests it will still catch. */
  readonly remaining: number;
  cancel(): void;
}

/** What the official SDK's clients pass their `fetcher` (Fern's `Fetcher.Args`, @sync.so/sdk 0.3.0). */
export interface OfficialFetcherArgs {
  url: string;
  method: string;
  contentType?: string;
  headers?: Record<string, string | undefined>;
  /** Appended as qs does with `arrayFormat: "repeat"`: an array repeats its key, an object nests as `key[field]`. */
  queryParameters?: Record<string, string | string[] | object | object[] | null>;
  body?: unknown;
  timeoutMs?: number;
  /** Ignored: one request per call (see `MockSync.fetcher`). */
  maxRetries?: number;
  withCredentials?: boolean;
  abortSignal?: AbortSignal;
  /** "json": `body` is sent as JSON; otherwise as it is (a FormData, Blob, bytes, or a stream or async iterable of bytes). */
  requestType?: "json" | "file" | "bytes";
  responseType?: "json" | "blob" | "sse" | "streaming" | "text" | "arrayBuffer";
  duplex?: "half";
}

/** The response less its body, as the official SDK hands it out (`rawResponse`, `err.rawResponse`). */
export interface OfficialRawResponse {
  headers: Headers;
  redirected: boolean;
  status: number;
  statusText: string;
  type: Response["type"];
  url: string;
}

/** What a `fetcher` resolves with (Fern's `APIResponse`); it never rejects. */
export type OfficialFetcherResult<Body = unknown> =
  | { ok: true; body: Body; headers?: Headers; rawResponse: OfficialRawResponse }
  | {
      ok: false;
      error:
        | { reason: "status-code"; statusCode: number; body: unknown }
        | { reason: "non-json"; statusCode: number; rawBody: string }
        | { reason: "timeout" }
        | { reason: "unknown"; errorMessage: string };
      rawResponse: OfficialRawResponse;
    };

/** The official SDK's `fetcher` option (Fern's `FetchFunction`). */
export type OfficialFetcher = <Body = unknown>(args: OfficialFetcherArgs) => Promise<OfficialFetcherResult<Body>>;

/** One request the mock received, as `mock.requests` keeps it. */
export interface MockRequest {
  method: string;
  url: string;
  path: string;
  /** Query parameters; a repeated one is an array. */
  query: Record<string, string | string[]>;
  /** Lower-case names; `x-api-key` and `authorization` are "[redacted]". */
  headers: Record<string, string>;
  /** JSON parsed; multipart as { field: value | { filename, size, type, sha256 } }; text as a string; other bytes as { size, type }; none: null. */
  body: any;
  /** Multipart requests: the parts in order (files with the hex SHA-256 of their bytes). */
  parts?: Array<{ name: string; kind: "field"; value: string } | { name: string; kind: "file"; filename: string; size: number; type: string; sha256: string }>;
  /** The mock's clock when it arrived (ms since the epoch). */
  at: number;
  /** What it was answered: the status (and an error's `errorCode`), or `{ reset: true }` for a
   * dropped connection. Absent while the answer is still being made (a held long poll). */
  answer?: { status: number; errorCode?: string } | { reset: true };
}

/** One webhook delivery. */
export interface MockWebhookDelivery {
  id: string;
  url: string;
  generationId?: string;
  batchId?: string;
  payload: Record<string, unknown>;
  /** The exact body sent. */
  body: string;
  /** The `Sync-Signature` header sent: `t=<unix seconds, wall clock>,v1=<hex>`. */
  signature: string | null;
  /** The receiver's status; null while in flight or when it failed (see `error`). */
  status: number | null;
  error: string | null;
  /** The mock's clock when it was sent. */
  at: number;
}

export interface MockSync {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly webhookSecret: string;
  /** The HTTP URL once `listen()` has resolved, else null. */
  readonly url: string | null;
  /** A WHATWG fetch answered in-process: give it to the SDK as `fetch`, or call it as plain `fetch`. */
  fetch: typeof fetch;
  /**
   * `mock.fetch` as the official `@sync.so/sdk`'s `fetcher` option (Fern's FetchFunction, not a WHATWG
   * fetch): `new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetcher: mock.fetcher })`.
   * It answers as Fern's own fetcher does over the network, quirks included (200–399 is success, a
   * non-JSON body becomes `{ ok: false, error: { reason: "non-json", ... } }` as the body, a timeout
   * with Node's fetch is reason "unknown"), except that it never retries: `maxRetries` is ignored, so
   * a scripted 5xx or 429 reaches the code under test at once.
   */
  fetcher: OfficialFetcher;
  /** Answer one Request, as a route handler would (e.g. behind your own server or a service worker). */
  handle(request: Request): Promise<Response>;
  /** Serve the mock over HTTP (Node.js, Deno, Bun). Resolves with its URL, e.g. "http://127.0.0.1:4010". */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /** Stop the HTTP server (and, on the real clock, the mock's pending timers). */
  close(): Promise<void>;
  /** The mock's clock (ms since the epoch). */
  now(): number;
  /** Move the clock forward: generations progress, long polls answer, webhooks are delivered (and awaited). */
  advance(ms: number): Promise<void>;
  generations: {
    get(id: string): MockGeneration | undefined;
    list(): MockGeneration[];
    /** End a generation now as COMPLETED: long polls answer, its webhook is delivered (and awaited). */
    complete(id: string, output?: { outputUrl?: string; outputDuration?: number }): Promise<MockGeneration>;
    /** End a generation now as FAILED (or `status`), with this code and message. */
    fail(id: string, outcome?: MockOutcome): Promise<MockGeneration>;
    /** Generations PENDING or PROCESSING now (what the concurrency limit counts). */
    inFlight(): number;
  };
  batches: { get(id: string): Record<string, unknown> | undefined };
  /** Script a fault for the next matching requests. Checked at once: a bad spec throws TypeError. */
  fail(fault: MockFault): MockFaultHandle;
  clearFaults(): void;
  /** Change the plan limits from now on. */
  setLimits(limits: { concurrency?: number; rateLimit?: MockSyncOptions["rateLimit"] }): { concurrency: number; rateLimit: { create: number; other: number } };
  addKey(key: string): void;
  /** Reject a key from now on (a revoked key: 401). */
  revokeKey(key: string): void;
  /** Every request so far, oldest first (a copy). */
  readonly requests: MockRequest[];
  clearRequests(): void;
  webhooks: {
    /** Every delivery so far, in the order they were sent (a copy). */
    readonly deliveries: MockWebhookDelivery[];
    /** Sign a body as the mock signs deliveries (default now), for your verifier's negative tests. */
    sign(body: string, timestamp?: number): Promise<string>;
    /** Deliver a generation's current state (again) to its webhookUrl or `url`: Sync may deliver twice, or late. */
    send(generationId: string, options?: { url?: string }): Promise<MockWebhookDelivery>;
    /** Wait for deliveries in flight. */
    flush(): Promise<void>;
  };
  /** Back to the state at creation: clock, ids, generations, faults, requests, deliveries, limits, keys. */
  reset(): void;
}

export function createMockSync(options?: MockSyncOptions): MockSync;

/** The `Sync-Signature` value for `body` (the exact JSON text) signed with `secret` at `timestamp` (unix seconds, default now). */
export function signWebhook(body: string, secret: string, timestamp?: number): Promise<string>;

export const DEFAULT_API_KEY: "sync-test-key";
export const DEFAULT_WEBHOOK_SECRET: "whsec_mock_secret";
export const DEFAULT_BASE_URL: "https://mock.sync.invalid";
