// `sync-wasm/proxy`: one server route that lets a web page use the SDK while the API key stays on the
// server. `createSyncProxy(options)` is a WHATWG handler, `(request) => Promise<Response>`, which is
// what Next.js App Router routes, Workers, Vercel Edge, Deno and Bun serve; `toNodeHandler` adapts it
// to Node's http and Express. The page's client: `new SyncClient({ proxyUrl: "/api/sync" })`.
//
// The proxy is an attack surface, so it decides by allow lists: one upstream origin (`baseUrl`), the
// API paths and methods in `allow`, the request headers the SDK sends, the response headers the SDK
// reads. Anything else is refused before the API sees a byte. The key is added last, and removed from
// whatever comes back (headers and bodies, after parsing) should the API echo it.

const DEFAULT_BASE_URL = "https://api.sync.so";
const DEFAULT_PATH = "/api/sync";
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const REDACTED = "[redacted]";

/** What a browser app needs: generations (create, get, list, cost, wait), the upload flow, models. Not batch. */
export const DEFAULT_ALLOW = Object.freeze([
  "POST /v2/generate",
  "GET /v2/generate/:id",
  "GET /v2/generations",
  "POST /v2/analyze/cost",
  "POST /v2/assets/upload",
  "POST /v2/assets",
  "GET /v2/assets",
  "GET /v2/assets/:id",
  "GET /v2/models",
]);

// Request headers passed upstream: what the SDK sends, nothing else (no cookies, no authorization,
// no x-api-key of the page's, no hop-by-hop or forwarding headers).
const REQUEST_HEADERS = ["accept", "content-type", "idempotency-key", "x-sync-sdk"];
// Response headers passed back: what the SDK reads.
const RESPONSE_HEADERS = ["content-type", "x-request-id", "request-id", "retry-after", "retry-after-ms", "x-should-retry", "idempotent-replayed", "x-sync-wait-mode", "x-sync-wait-timeout-seconds"];
const OPTIONS = new Set(["apiKey", "baseUrl", "path", "allow", "authorize", "maxBodyBytes", "cors", "onRequest", "fetch", "timeoutMs"]);

/**
 * @param {import("./index.d.ts").SyncProxyOptions} [options]
 * @returns {import("./index.d.ts").SyncProxy}
 */
export function createSyncProxy(options = {}) {
  const o = checkOptions(options);
  const routes = o.allow.map(compileRoute);

  async function proxy(request, envOrContext) {
    const started = { headers: {} };
    try {
      return await handle(request, envOrContext, started);
    } catch (e) {
      // The proxy's own failure: never the key, never a stack.
      return refuse(500, "proxy_failed", `The proxy failed: ${redactText(String(e?.message ?? e), o.apiKey)}`, started.headers);
    }
  }

  async function handle(request, envOrContext, started) {
    if (!(request instanceof Request)) throw new TypeError("the proxy takes a Request");
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const origin = request.headers.get("origin");
    const cors = corsHeaders(origin, url.origin);
    started.headers = cors.headers;
    if (!cors.allowed) return refuse(403, "proxy_origin_refused", `This proxy does not serve pages on ${origin}.`, {});

    const rest = apiPath(url.pathname, o.path);
    if (!rest.ok) return refuse(404, "proxy_route_not_allowed", rest.why, cors.headers);
    const matching = routes.filter((r) => r.pattern.test(rest.path));
    if (!matching.length) return refuse(404, "proxy_route_not_allowed", `${rest.path} is not an API route this proxy serves.`, cors.headers);
    const allowed = [...new Set(matching.map((r) => r.method))];

    if (method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: {
          ...cors.headers,
          ...(cors.cross
            ? { "access-control-allow-methods": allowed.join(", "), "access-control-allow-headers": REQUEST_HEADERS.join(", "), "access-control-max-age": "600" }
            : {}),
          allow: [...allowed, "OPTIONS"].join(", "),
        },
      });
    }
    if (!allowed.includes(method)) {
      return refuse(405, "proxy_method_not_allowed", `${method} ${rest.path} is not allowed through this proxy.`, { ...cors.headers, allow: allowed.join(", ") });
    }

    if (o.authorize) {
      const verdict = await o.authorize(request);
      if (verdict instanceof Response) return withHeaders(verdict, cors.headers);
      if (verdict !== true) return refuse(401, "proxy_unauthorized", "This app did not authorize the request.", cors.headers);
    }
    if (o.onRequest) {
      const early = await o.onRequest({ request, method, path: rest.path });
      if (early instanceof Response) return withHeaders(early, cors.headers);
    }

    const key = o.apiKey ?? keyFromEnv(envOrContext);
    if (!key) return refuse(500, "proxy_misconfigured", "The proxy has no API key: set SYNC_API_KEY where it runs, or pass { apiKey }.", cors.headers);

    const declared = request.headers.get("content-length");
    if (declared !== null && Number(declared) > o.maxBodyBytes) {
      return refuse(413, "proxy_body_too_large", `The request body is larger than this proxy takes (${o.maxBodyBytes} bytes).`, cors.headers);
    }

    const headers = new Headers();
    for (const name of REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set("x-api-key", key);

    const limit = { exceeded: false };
    const hasBody = method !== "GET" && method !== "HEAD" && request.body !== null;
    const timeout = AbortSignal.timeout(o.timeoutMs);
    const signal = AbortSignal.any ? AbortSignal.any([request.signal, timeout]) : timeout;
    const init = { method, headers, redirect: "manual", signal };
    if (hasBody) {
      init.body = request.body.pipeThrough(counting(o.maxBodyBytes, limit));
      init.duplex = "half";
    }

    let target = new URL(o.baseUrl + rest.path + url.search);
    let answer;
    for (let redirects = 0; ; redirects++) {
      try {
        answer = await o.fetch(target.href, init);
      } catch (e) {
        if (limit.exceeded) return refuse(413, "proxy_body_too_large", `The request body is larger than this proxy takes (${o.maxBodyBytes} bytes).`, cors.headers);
        if (timeout.aborted) return refuse(504, "proxy_upstream_timeout", `The Sync API did not answer within ${o.timeoutMs} ms.`, cors.headers);
        if (request.signal.aborted) return refuse(499, "proxy_client_closed", "The page went away.", cors.headers);
        return refuse(502, "proxy_upstream_unreachable", "The proxy could not reach the Sync API.", cors.headers);
      }
      const location = answer.headers.get("location");
      if (answer.status < 300 || answer.status > 399 || location === null) break;
      await answer.body?.cancel();
      const next = new URL(location, target);
      // Followed only on the API's own origin, for reads, a few times: the key goes nowhere else.
      if (next.origin !== target.origin || (method !== "GET" && method !== "HEAD") || redirects >= 5) {
        return refuse(502, "proxy_redirect_refused", "The Sync API answered with a redirect this proxy does not follow.", cors.headers);
      }
      target = next;
    }
    return relay(answer, key, cors.headers);
  }

  function corsHeaders(origin, own) {
    if (origin === null || origin === own) return { allowed: true, cross: false, headers: {} };
    if (o.cors.origins.includes(origin) || o.cors.origins.includes("*")) {
      return {
        allowed: true,
        cross: true,
        headers: { "access-control-allow-origin": origin, vary: "Origin", "access-control-expose-headers": RESPONSE_HEADERS.join(", ") },
      };
    }
    return { allowed: false, cross: true, headers: {} };
  }

  const handler = proxy;
  for (const verb of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) handler[verb] = proxy;
  return handler;
}

/** The API path after the proxy's own prefix, or why there is none. */
function apiPath(pathname, prefix) {
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return { ok: false, why: `This proxy serves ${prefix}/v2/...` };
  const path = pathname.slice(prefix.length);
  // The URL parser has already resolved dot segments; what remains to refuse is what could change
  // meaning on the way upstream: empty segments, encoded separators or dots, backslashes.
  if (!/^\/v2\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(path)) return { ok: false, why: "Not an API path." };
  if (path.includes("//") || /%(2f|5c|2e|00)/i.test(path)) return { ok: false, why: "Not an API path." };
  for (const segment of path.split("/").slice(1)) {
    let decoded;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { ok: false, why: "Not an API path." };
    }
    if (decoded === "" || decoded === "." || decoded === ".." || /[/\\\u0000-\u001f]/.test(decoded)) return { ok: false, why: "Not an API path." };
  }
  return { ok: true, path };
}

function compileRoute(entry) {
  const [method, path] = typeof entry === "string" ? entry.trim().split(/\s+/) : [entry?.method, entry?.path];
  if (typeof method !== "string" || !/^[A-Za-z]+$/.test(method) || typeof path !== "string" || !path.startsWith("/v2/")) {
    throw new TypeError(`createSyncProxy(): each allow entry is "METHOD /v2/path" (":name" for one segment), got ${JSON.stringify(entry)}`);
  }
  const source = path.split("/").map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
  return { method: method.toUpperCase(), pattern: new RegExp(`^${source}$`) };
}

/** Counts the bytes going upstream and stops the body past `max` (the upstream request then fails). */
function counting(max, limit) {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > max) {
        limit.exceeded = true;
        controller.error(new RangeError("the request body is over maxBodyBytes"));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/** The API's answer for the page: only the headers the SDK reads, and the key taken out of all of it. */
async function relay(answer, key, extra) {
  const headers = new Headers(extra);
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, redactText(value, key));
  }
  const type = answer.headers.get("content-type") ?? "";
  let body = null;
  if (answer.body !== null && answer.status !== 204 && answer.status !== 304) {
    const text = await answer.text();
    body = /json/i.test(type) ? redactJson(text, key) : redactText(text, key);
  }
  return new Response(body, { status: answer.status, headers });
}

function redactText(text, key) {
  return key ? text.split(key).join(REDACTED) : text;
}

/** JSON redacted after parsing, so an echo of the key in any JSON escaping is caught too. */
function redactJson(text, key) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return redactText(text, key);
  }
  const walk = (v) => {
    if (typeof v === "string") return redactText(v, key);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactText(k, key), walk(x)]));
    return v;
  };
  return JSON.stringify(walk(value));
}

function refuse(status, errorCode, message, headers) {
  const reasons = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 499: "Client Closed Request", 500: "Internal Server Error", 502: "Bad Gateway", 504: "Gateway Timeout" };
  return new Response(JSON.stringify({ statusCode: status, message, error: reasons[status] ?? "Error", errorCode }), {
    status,
    headers: { ...headers, "content-type": "application/json; charset=utf-8" },
  });
}

function withHeaders(response, headers) {
  if (!Object.keys(headers).length) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}

/** SYNC_API_KEY from a Worker's env (the handler's second argument), else process.env or Deno.env. */
function keyFromEnv(env) {
  const usable = (k) => (typeof k === "string" && k.trim() !== "" ? k.trim() : undefined);
  try {
    if (env !== null && typeof env === "object" && "SYNC_API_KEY" in env) return usable(env.SYNC_API_KEY);
  } catch {
    // a hostile env object: fall through
  }
  try {
    const fromProcess = usable(globalThis.process?.env?.SYNC_API_KEY);
    if (fromProcess) return fromProcess;
  } catch {
    // no process.env here
  }
  try {
    return usable(globalThis.Deno?.env?.get("SYNC_API_KEY"));
  } catch {
    // Deno without --allow-env=SYNC_API_KEY
    return undefined;
  }
}

function checkOptions(options) {
  const bad = (what) => new TypeError(`createSyncProxy(): ${what}`);
  if (options === null || typeof options !== "object") throw bad("options must be an object");
  for (const key of Object.keys(options)) if (!OPTIONS.has(key)) throw bad(`unknown option "${key}" (known: ${[...OPTIONS].join(", ")})`);
  const {
    apiKey, baseUrl = DEFAULT_BASE_URL, path = DEFAULT_PATH, allow = DEFAULT_ALLOW, authorize, maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    cors = {}, onRequest, fetch: upstream = globalThis.fetch?.bind(globalThis), timeoutMs = DEFAULT_TIMEOUT_MS,
  } = options;
  if (apiKey !== undefined && (typeof apiKey !== "string" || apiKey.trim() === "" || /\s/.test(apiKey.trim()))) throw bad("apiKey must be the key, a string without whitespace");
  let base;
  try {
    base = new URL(baseUrl);
  } catch {
    throw bad("baseUrl must be an absolute URL such as \"https://api.sync.so\"");
  }
  if (base.protocol !== "https:" && !(base.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(base.hostname))) {
    throw bad("baseUrl must be https: (http: only for localhost), since the key travels to it");
  }
  if (base.search || base.hash || base.username || base.password) throw bad("baseUrl is an origin with an optional path prefix");
  if (typeof path !== "string" || !/^\/[A-Za-z0-9\-._~/]*$/.test(path) || path.includes("//")) throw bad("path is where the route is mounted, such as \"/api/sync\"");
  if (!Array.isArray(allow)) throw bad("allow is a list such as [\"GET /v2/models\"]");
  for (const [name, fn] of [["authorize", authorize], ["onRequest", onRequest], ["fetch", upstream]]) {
    if (fn !== undefined && typeof fn !== "function") throw bad(`${name} must be a function`);
  }
  if (typeof upstream !== "function") throw bad("this runtime has no global fetch; pass { fetch }");
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes >= 0)) throw bad("maxBodyBytes must be a whole number of bytes");
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw bad("timeoutMs must be a positive number of milliseconds");
  const origins = cors === false ? [] : cors?.origins ?? [];
  if (!Array.isArray(origins) || origins.some((x) => typeof x !== "string")) throw bad("cors is { origins: [\"https://app.example\"] }");
  return {
    apiKey: apiKey?.trim(),
    baseUrl: base.href.replace(/\/$/, ""),
    path: path.replace(/\/$/, ""),
    allow,
    authorize,
    maxBodyBytes,
    cors: { origins },
    onRequest,
    fetch: upstream,
    timeoutMs,
  };
}

/**
 * The proxy as a Node.js `http` / Express handler: `app.all("/api/sync/*", toNodeHandler(proxy))`,
 * or `http.createServer(toNodeHandler(proxy))`. Request bodies stream through.
 */
export function toNodeHandler(proxy) {
  if (typeof proxy !== "function") throw new TypeError("toNodeHandler(proxy): give the handler createSyncProxy returned");
  return async (req, res) => {
    const { Readable } = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:stream");
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    let response;
    try {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        try {
          headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
        } catch {
          // a header fetch would refuse: the proxy forwards none but its own list anyway
        }
      }
      const scheme = req.socket?.encrypted ? "https" : "http";
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`${scheme}://${req.headers.host ?? "localhost"}${req.originalUrl ?? req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: "half",
        signal: controller.signal,
      });
      response = await proxy(request);
    } catch {
      response = new Response(JSON.stringify({ statusCode: 400, message: "The proxy could not read this request.", error: "Bad Request", errorCode: "proxy_bad_request" }), { status: 400, headers: { "content-type": "application/json" } });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body || req.method === "HEAD") return res.end();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
      }
      res.end();
    } catch {
      res.destroy();
    }
  };
}
