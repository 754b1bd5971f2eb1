// `sync-wasm/proxy`: a server route that holds the Sync API key, so a web page can use the SDK
// without it. Serve it; give the page `new SyncClient({ proxyUrl: "/api/sync" })`.

/**
 * An API route the page may call through the proxy: `"METHOD /v2/path"`, `:name` for one segment of
 * up to 128 unreserved characters (letters, digits, `-`, `.`, `_`, `~`), as the API's ids are.
 */
export type SyncProxyRoute = string | { method: string; path: string };

export interface SyncProxyOptions {
  /** The key the proxy adds. Default: `SYNC_API_KEY` from a Worker's `env` (the handler's second argument), `process.env` or `Deno.env`, read at each request. */
  apiKey?: string;
  /**
   * The API. `https:` (`http:` only for localhost): the key travels to it. Default: `SYNC_BASE_URL`
   * where the proxy runs (a Worker's `env`, `process.env` or `Deno.env`, read at each request, as for
   * the key), else "https://api.sync.so". A `SYNC_BASE_URL` that is not such a URL, or that Deno
   * refuses to read, answers 500 `proxy_misconfigured` rather than sending the key to another API.
   */
  baseUrl?: string;
  /** Where the route is mounted: requests under `<path>/v2/...` are served. Default "/api/sync". */
  path?: string;
  /** What the page may call. Default `DEFAULT_ALLOW`: generations create, get (and wait), list and estimateCost, the assets upload flow and lists, models. Not batch. */
  allow?: readonly SyncProxyRoute[];
  /**
   * Your app's own check, before anything goes upstream: its session cookie, a JWT. `true` lets the
   * request through; `false` answers 401; a Response is answered as is (a 403 of your own).
   * Required for anything public: without it anyone who finds the route spends your credits.
   */
  authorize?: (request: Request) => boolean | Response | Promise<boolean | Response>;
  /** Largest request body, in bytes. Bodies stream through; a larger one is answered 413 (before upstream sees a byte when it declares its length). Default 32 MiB. */
  maxBodyBytes?: number;
  /**
   * Pages on other origins allowed to call the proxy. Default none: same-origin only. A page is the
   * proxy's own when its Origin is the request URL's origin, or the browser says `Sec-Fetch-Site:
   * same-origin`, or the Origin's host is the Host header (a framework's request URL may name
   * another host, such as Next.js's localhost). A request without Origin that the browser says
   * another site sent (`Sec-Fetch-Site: cross-site` or `same-site`: an `<img>`, a `<script>`) is
   * refused unless `origins` has "*".
   */
  cors?: { origins: string[] } | false;
  /** Called for each request that passed `authorize`: log it, or return a Response (a 429 of your own per-user limit) to answer instead. */
  onRequest?: (info: { request: Request; method: string; path: string }) => void | Response | Promise<void | Response>;
  /** The fetch used upstream. Default the global one (in tests: a `sync-wasm/testing` mock's `mock.fetch`). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** How long the API may take to answer one request, in ms. Default 300000. */
  timeoutMs?: number;
}

/**
 * The proxy: a WHATWG handler. Its `GET`, `POST`, `OPTIONS` (...) are the same function, for a
 * Next.js route file: `export const { GET, POST, OPTIONS } = createSyncProxy({ authorize })`.
 */
export interface SyncProxy {
  (request: Request, envOrContext?: unknown): Promise<Response>;
  GET: SyncProxy;
  HEAD: SyncProxy;
  POST: SyncProxy;
  PUT: SyncProxy;
  PATCH: SyncProxy;
  DELETE: SyncProxy;
  OPTIONS: SyncProxy;
}

export function createSyncProxy(options?: SyncProxyOptions): SyncProxy;

/** The proxy as a Node.js http or Express handler: `app.all("/api/sync/*", toNodeHandler(proxy))`. */
export function toNodeHandler(proxy: SyncProxy): (req: any, res: any) => Promise<void>;

export const DEFAULT_ALLOW: readonly string[];
