// `sync-wasm/proxy`: one server route that lets a web page use the SDK while the API key stays on the
// server. `createSyncProxy(options)` is a WHATWG handler, `(request) => Promise<Response>`, which is
// what Next.js App Router routes, Workers, Vercel Edge, Deno and Bun serve; `toNodeHandler` adapts it
// to Node's http and Express. The page's client: `new SyncClient({ proxyUrl: "/api/sync" })`.
//
// The proxy is an attack surface, so it decides by allow lists: one upstream origin (`baseUrl`), the
// API paths and methods in `allow`, the request headers the SDK sends, the response headers the SDK
// reads. Anything else is refused before the API sees a byte. The key is added last, and removed from
// whatever comes back (headers and bodies, after parsing) should the API echo it.
//
// Without options the key is SYNC_API_KEY and the API is SYNC_BASE_URL (else https://api.sync.so),
// read at each request from a Worker's env, process.env or Deno.env, as the SDK reads them.

import { writeBody } from "../node-body.js";

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
// A key goes into a header: visible ASCII only (a stray newline or NUL in SYNC_API_KEY would otherwise
// make `Headers.set` throw with the key in its message).
const KEY_SYNTAX = /^[\x21-\x7e]+$/;
// A `:name` in an allow entry: one segment of unreserved characters, as the API's ids are. No
// percent-encodings, no `;` (matrix parameters some servers strip: `..;`), nothing long.
const PARAM = "[A-Za-z0-9._~-]{1,128}";
// What toNodeHandler takes as a Host header: a name or address and an optional port, nothing that
// could turn into a path, query, fragment or credentials of the URL made from it.
const HOST_SYNTAX = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
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
      // The proxy's own failure: never the key (an env key is not in `o`), never a stack, never the
      // message (your authorize's or onRequest's may hold what the page must not see).
      const name = typeof e?.name === "string" && /^\w{1,40}$/.test(e.name) ? e.name : "Error";
      return refuse(500, "proxy_failed", `The proxy failed (${name}).`, started.headers);
    }
  }

  async function handle(request, envOrContext, started) {
    if (!(request instanceof Request)) throw new TypeError("the proxy takes a Request");
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const origin = request.headers.get("origin");
    const cors = corsHeaders(origin, url, request.headers);
    started.headers = cors.headers;
    if (!cors.allowed) {
      return refuse(403, "proxy_origin_refused", origin === null ? "This proxy does not serve requests from other sites." : `This proxy does not serve pages on ${origin}.`, {});
    }

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
    if (!KEY_SYNTAX.test(key)) return refuse(500, "proxy_misconfigured", "SYNC_API_KEY where the proxy runs is not a key: it holds characters a header cannot carry.", cors.headers);
    const base = o.baseUrl ?? baseUrlFromEnv(envOrContext);
    if (!base.ok) return refuse(500, "proxy_misconfigured", base.why, cors.headers);

    const declared = request.headers.get("content-length");
    if (declared !== null && Number(declared) > o.maxBodyBytes) {
      return refuse(413, "proxy_body_too_large", `The request body is larger than this proxy takes (${o.maxBodyBytes} bytes).`, cors.headers);
    }

    const headers = new Headers();
    // Hop-by-hop: what `Connection` names is for this hop only (RFC 9110, 7.6.1), even from the list.
    const hopOnly = connectionOptions(request.headers);
    for (const name of REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null && !hopOnly.has(name)) headers.set(name, value);
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

    let target = new URL(base.url + rest.path + url.search);
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
      // A fetch whose manual redirects are opaque (a browser's, a service worker's): nothing to follow.
      if (answer.type === "opaqueredirect") {
        return refuse(502, "proxy_redirect_refused", "The Sync API answered with a redirect this proxy does not follow.", cors.headers);
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

  function corsHeaders(origin, url, headers) {
    const fetchSite = headers.get("sec-fetch-site");
    // No Origin: a same-origin GET, or a request from no page at all (a server, curl). A browser that
    // says another site made it (an <img>, a <script>, a link) gets nothing: that is no page of yours.
    if (origin === null) {
      const otherSite = fetchSite === "cross-site" || fetchSite === "same-site";
      return { allowed: !otherSite || o.cors.origins.includes("*"), cross: false, headers: {} };
    }
    if (sameOrigin(origin, url, headers, fetchSite)) return { allowed: true, cross: false, headers: {} };
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

/**
 * Whether a page on `origin` is this proxy's own. `request.url` alone cannot tell: a framework may
 * hand the route its own URL for the request (Next.js's `next start` names localhost when the page
 * is on 127.0.0.1), and behind a proxy that ends TLS it says http: for an https: page. So also the
 * browser's own word, `Sec-Fetch-Site: same-origin` (a header no page can set), and the Host the
 * browser sent (an https: page counts for an http: hop).
 */
function sameOrigin(origin, url, headers, fetchSite) {
  if (origin === url.origin || fetchSite === "same-origin") return true;
  let page;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  const host = headers.get("host");
  return host !== null && page.host === host.toLowerCase() && page.origin === origin && (page.protocol === url.protocol || page.protocol === "https:");
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
  const source = path.split("/").map((part) => (part.startsWith(":") ? PARAM : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
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
  const hopOnly = connectionOptions(answer.headers);
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null && !hopOnly.has(name)) headers.set(name, redactText(value, key));
  }
  let body = null;
  if (answer.body !== null && ![204, 205, 304].includes(answer.status)) {
    // Whatever the type says: an error page labelled text/plain may hold JSON with the key escaped.
    body = redactJson(await answer.text(), key);
  }
  return new Response(body, { status: answer.status, headers });
}

/** The header names a `Connection` header lists: hop-by-hop, never passed on. */
function connectionOptions(headers) {
  return new Set((headers.get("connection") ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean));
}

function redactText(text, key) {
  return key ? text.split(key).join(REDACTED) : text;
}

/**
 * JSON redacted after parsing, so an echo of the key in any JSON escaping is caught too. A body with
 * no key in it goes out as the API wrote it (parsing and writing it again would round integers past
 * 2^53 and reorder numeric keys); the text is redacted as text in any case.
 */
function redactJson(text, key) {
  if (!key) return text;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return redactText(text, key);
  }
  let changed = false;
  const redact = (s) => {
    const out = redactText(s, key);
    if (out !== s) changed = true;
    return out;
  };
  const walk = (v) => {
    if (typeof v === "string") return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]));
    return v;
  };
  const walked = walk(value);
  return redactText(changed ? JSON.stringify(walked) : text, key);
}

function refuse(status, errorCode, message, headers) {
  const reasons = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 499: "Client Closed Request", 500: "Internal Server Error", 502: "Bad Gateway", 504: "Gateway Timeout" };
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

/**
 * A variable from a Worker's env (the handler's second argument), else process.env, else Deno.env:
 * `{ value }` (trimmed; unset or empty: undefined), plus `denied` when Deno refused the read.
 */
function fromEnv(env, name) {
  const usable = (k) => (typeof k === "string" && k.trim() !== "" ? k.trim() : undefined);
  try {
    if (env !== null && typeof env === "object" && name in env) return { value: usable(env[name]) };
  } catch {
    // a hostile env object: fall through
  }
  try {
    const fromProcess = usable(globalThis.process?.env?.[name]);
    if (fromProcess) return { value: fromProcess };
  } catch {
    // no process.env here, or Deno's refusing the read: Deno.env says which
  }
  try {
    return { value: usable(globalThis.Deno?.env?.get(name)) };
  } catch {
    // Deno without --allow-env=<name>
    return { value: undefined, denied: true };
  }
}

/** SYNC_API_KEY where the proxy runs. */
function keyFromEnv(env) {
  return fromEnv(env, "SYNC_API_KEY").value;
}

/**
 * The API from SYNC_BASE_URL where the proxy runs, else https://api.sync.so: `{ ok, url }` or
 * `{ ok: false, why }`. A refused read is an error, not the default, as in the SDK: the variable may
 * name a staging server, and guessing would send its key elsewhere.
 */
function baseUrlFromEnv(env) {
  const read = fromEnv(env, "SYNC_BASE_URL");
  if (read.value !== undefined) {
    const checked = checkBaseUrl(read.value);
    return checked.ok ? checked : { ok: false, why: `SYNC_BASE_URL where the proxy runs: ${checked.why}` };
  }
  if (read.denied) {
    return { ok: false, why: "Reading SYNC_BASE_URL was refused by the runtime (Deno: --allow-env=SYNC_API_KEY,SYNC_BASE_URL), so the proxy cannot tell where the API is; it does not guess with your key. Or pass { baseUrl }." };
  }
  return { ok: true, url: DEFAULT_BASE_URL };
}

/** An API origin with an optional path prefix, https: (http: for loopback only): `{ ok, url }` normalised, or `{ ok: false, why }`. */
function checkBaseUrl(raw) {
  let base;
  try {
    base = new URL(raw);
  } catch {
    return { ok: false, why: "baseUrl must be an absolute URL such as \"https://api.sync.so\"" };
  }
  if (base.protocol !== "https:" && !(base.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(base.hostname))) {
    return { ok: false, why: "baseUrl must be https: (http: only for localhost), since the key travels to it" };
  }
  if (base.search || base.hash || base.username || base.password) return { ok: false, why: "baseUrl is an origin with an optional path prefix" };
  return { ok: true, url: base.href.replace(/\/$/, "") };
}

function checkOptions(options) {
  const bad = (what) => new TypeError(`createSyncProxy(): ${what}`);
  if (options === null || typeof options !== "object") throw bad("options must be an object");
  for (const key of Object.keys(options)) if (!OPTIONS.has(key)) throw bad(`unknown option "${key}" (known: ${[...OPTIONS].join(", ")})`);
  const {
    apiKey, baseUrl, path = DEFAULT_PATH, allow = DEFAULT_ALLOW, authorize, maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    cors = {}, onRequest, fetch: upstream = globalThis.fetch?.bind(globalThis), timeoutMs = DEFAULT_TIMEOUT_MS,
  } = options;
  if (apiKey !== undefined && (typeof apiKey !== "string" || !KEY_SYNTAX.test(apiKey.trim()))) throw bad("apiKey must be the key, a string of visible ASCII characters (no whitespace)");
  let base;
  if (baseUrl !== undefined) {
    base = typeof baseUrl === "string" ? checkBaseUrl(baseUrl) : { ok: false, why: "baseUrl must be an absolute URL such as \"https://api.sync.so\"" };
    if (!base.ok) throw bad(base.why);
  }
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
    // Set: this one. Left out: SYNC_BASE_URL at each request, else the API.
    baseUrl: base,
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
 * or `http.createServer(toNodeHandler(proxy))`. Request bodies stream through. It uses no Node module
 * of its own (a bundle for a Worker or an edge function that imports `sync-wasm/proxy` has none).
 */
export function toNodeHandler(proxy) {
  if (typeof proxy !== "function") throw new TypeError("toNodeHandler(proxy): give the handler createSyncProxy returned");
  return async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const target = req.originalUrl ?? req.url ?? "";
    const host = req.headers.host ?? "localhost";
    let response;
    if (/^(CONNECT|TRACE|TRACK)$/i.test(req.method ?? "")) {
      // Methods a fetch Request cannot carry (and no API route takes).
      response = refuse(405, "proxy_method_not_allowed", `${req.method} is not allowed through this proxy.`, {});
    } else if (!target.startsWith("/")) {
      // `GET http://other.example/... HTTP/1.1`, `CONNECT host:443`, `OPTIONS *`: a request for a
      // forward proxy, which this is not.
      response = refuse(404, "proxy_route_not_allowed", "This proxy serves its own routes only, not requests for another host.", {});
    } else if (!HOST_SYNTAX.test(host)) {
      // A Host header is concatenated into the request's URL: one holding "/", "?", "#" or "@" would
      // change its path or query.
      response = refuse(400, "proxy_bad_request", "The Host header is not a host name.", {});
    } else {
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
        const request = new Request(`${scheme}://${host}${target}`, {
          method: req.method,
          headers,
          body: hasBody ? bodyOf(req) : undefined,
          duplex: "half",
          signal: controller.signal,
        });
        response = await proxy(request);
      } catch {
        response = refuse(400, "proxy_bad_request", "The proxy could not read this request.", {});
      }
    }
    const headers = Object.fromEntries(response.headers);
    // A refused upload is not read to its end: close the connection rather than wait for the rest.
    if (response.status === 413) headers.connection = "close";
    res.writeHead(response.status, headers);
    if (!response.body || req.method === "HEAD") return res.end();
    await writeBody(res, response.body);
  };
}

/** An IncomingMessage as a byte stream, read as it is pulled. Cancelled: the rest is discarded, the socket kept for the answer. */
function bodyOf(req) {
  let settled = false;
  let onData;
  const settle = (fn) => {
    if (settled) return;
    settled = true;
    if (onData) req.off("data", onData);
    try {
      fn();
    } catch {
      // the stream was already closed or errored
    }
  };
  return new ReadableStream({
    start(controller) {
      // Already read (a body parser ran first): nothing left to send. The API then answers the empty body.
      if (req.readableEnded) return settle(() => controller.close());
      onData = (chunk) => {
        controller.enqueue(new Uint8Array(chunk)); // a copy: Node may reuse a chunk's memory
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      req.on("data", onData);
      req.once("end", () => settle(() => controller.close()));
      req.once("error", (e) => settle(() => controller.error(e)));
      req.once("close", () => settle(() => controller.error(new Error("the request was closed before its body ended"))));
      req.pause();
    },
    pull() {
      if (!settled) req.resume();
    },
    cancel() {
      settle(() => {});
      req.resume();
    },
  });
}
