// `sync-wasm/testing`: an offline Sync API for tests. `createMockSync()` gives a mock whose `fetch`
// serves the API in-process (plain Request/Response, so any runtime), whose `listen()` serves it over
// HTTP on 127.0.0.1 (Node.js, Deno, Bun), and whose control methods script what happens: the clock,
// each generation's end, faults per route, plan limits, rejected keys. It records every request.
//
// Layout: api.js (the API's state and routes), answers.js (answer records, error bodies),
// faults.js (scripted faults), clock.js (virtual and real time), webhooks.js (signing, delivery),
// serve.js (HTTP servers), media.js (the output MP4), control.js (the same controls over HTTP),
// official.js (`mock.fetcher`, for the official @sync.so/sdk's `fetcher` option).

import { createApi, normalizeOutcome } from "./api.js";
import { error, REASONS } from "./answers.js";
import { createClock } from "./clock.js";
import { applyFault, compileFault, matches } from "./faults.js";
import { deliver, sha256Hex, signWebhook } from "./webhooks.js";
import { control } from "./control.js";
import { serve } from "./serve.js";
import { officialFetcher } from "./official.js";

export { signWebhook };
export const DEFAULT_API_KEY = "sync-test-key";
export const DEFAULT_WEBHOOK_SECRET = "whsec_mock_secret";
export const DEFAULT_BASE_URL = "https://mock.sync.invalid";
const DEFAULT_START = Date.UTC(2026, 0, 1);
const API_ORIGIN = "https://api.sync.so";

// Request headers a browser may send across origins: the SDK's own. A preflight asking for any
// other is refused, as a strict production server would, so a browser test notices a new header.
const ALLOWED_HEADERS = ["accept", "content-type", "x-api-key", "x-sync-sdk", "idempotency-key"];
const REDACTED = "[redacted]";

const OPTIONS = new Set(["apiKey", "keys", "baseUrl", "clock", "startTime", "stepMs", "autoAdvance", "concurrency", "rateLimit", "webhookSecret", "onWebhook", "webhookFetch", "outcome", "seed", "examples", "corsAllowHeaders", "onRequest"]);

/**
 * Make a mock of the Sync API. Every option is optional; see index.d.ts for each.
 * @param {import("./index.d.ts").MockSyncOptions} [options]
 * @returns {import("./index.d.ts").MockSync}
 */
export function createMockSync(options = {}) {
  const o = checkOptions(options);
  const settings = {
    stepMs: o.stepMs,
    concurrency: o.concurrency,
    rateLimit: o.rateLimit,
    autoAdvance: o.autoAdvance,
    outcome: o.outcome,
    keys: new Set([o.apiKey, ...o.keys]),
  };
  const clock = createClock(o.clock, o.startTime);
  let ids = createIds(o.seed);
  let requests = [];
  let deliveries = [];
  const pending = new Set();
  let faults = [];
  let listening = null;
  const baseOrigin = new URL(o.baseUrl).origin;

  const sim = {
    clock,
    get ids() {
      return ids;
    },
    settings,
    deliverWebhook(target) {
      const record = { id: `delivery_${deliveries.length + 1}`, at: clock.now(), ...target };
      deliveries.push(record);
      const done = deliver(record, { secret: o.webhookSecret, onWebhook: o.onWebhook, fetch: o.webhookFetch });
      pending.add(done);
      const settled = () => pending.delete(done);
      done.then(settled, settled);
      return done;
    },
    async flush() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
  let api = createApi(sim);
  if (o.examples) api.seedExamples();

  /** Answer one request (in-process or from a server): an answer record, or `{ reset: true }`. */
  async function handle(request) {
    const url = new URL(request.url);
    const { pathname: path } = url;
    const method = request.method.toUpperCase();
    const origin = url.origin === API_ORIGIN && listening?.origin !== API_ORIGIN ? baseOrigin : url.origin;
    const cors = { "access-control-allow-origin": "*" };
    if (method === "OPTIONS") {
      const answer = preflight(request.headers);
      return { ...answer, headers: { ...cors, ...answer.headers } };
    }
    if (path === "/__mock" || path.startsWith("/__mock/")) {
      const answer = await control(mock, request, path.slice(7));
      return { ...answer, headers: { ...cors, ...answer.headers } };
    }
    const req = await readRequest(request, url, method, path, origin);
    const requestId = ids.request();
    const seen = { ...(await record(req)), at: clock.now() };
    requests.push(seen);
    o.onRequest?.(seen);
    const fault = faults.find((f) => matches(f, method, path));
    let answer;
    try {
      if (fault) {
        fault.remaining -= 1;
        const route = ({ ignoreQuery = false } = {}) => api.route(ignoreQuery ? { ...req, url: new URL(url.pathname, url.origin) } : req);
        answer = await applyFault(fault, route, requestId, request.signal);
      } else {
        answer = await api.route(req);
      }
    } catch (e) {
      if (request.signal.aborted) return { reset: true };
      answer = error(500, `The mock failed: ${e?.message ?? e}`, { errorCode: "internal_error", requestId });
    }
    // Timers due now (an instant generation's end, its webhook) run before the answer goes out.
    clock.advance(0);
    seen.answer = answerSummary(answer);
    if (answer.reset) return answer;
    const headers = { ...answer.headers };
    if (path.startsWith("/v2/") && !answer.scripted && !("x-request-id" in headers)) headers["x-request-id"] = requestId;
    // A page reads every header the mock sends (a scripted fault's own ones too).
    return { status: answer.status, headers: { ...cors, "access-control-expose-headers": Object.keys(headers).join(", "), ...headers }, body: answer.body };
  }

  /** What a record says of its answer: `{ status, errorCode? }`, or `{ reset: true }`. */
  function answerSummary(answer) {
    if (answer.reset) return { reset: true };
    const summary = { status: answer.status };
    if (answer.status >= 400 && typeof answer.body === "string") {
      try {
        const code = JSON.parse(answer.body)?.errorCode;
        if (typeof code === "string") summary.errorCode = code;
      } catch {}
    }
    return summary;
  }

  function preflight(headers) {
    const requested = (headers.get("access-control-request-headers") ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
    const allowed = (h) => ALLOWED_HEADERS.includes(h) || o.corsAllowHeaders.some((p) => (p.endsWith("*") ? h.startsWith(p.slice(0, -1)) : h === p));
    const known = requested.every(allowed);
    return {
      status: 204,
      headers: {
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": known && requested.length ? requested.join(", ") : ALLOWED_HEADERS.join(", "),
        "access-control-max-age": "600",
      },
      body: null,
    };
  }

  const served = (origin) => origin === baseOrigin || origin === API_ORIGIN || origin === listening?.origin;

  /** A WHATWG fetch that the mock answers in-process. */
  async function mockFetch(input, init) {
    let request = new Request(input, init);
    for (let hops = 0; ; hops++) {
      const { origin } = new URL(request.url);
      if (!served(origin)) {
        throw new TypeError(`sync-wasm/testing: mock.fetch serves ${baseOrigin} (and ${API_ORIGIN}), not ${request.url}`);
      }
      const answer = await abortable(handle(request), request.signal);
      if (answer.reset) {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed (a scripted reset)"), { code: "ECONNRESET" }) });
      }
      const location = answer.headers?.location;
      if ([301, 302, 303, 307, 308].includes(answer.status) && location && request.redirect !== "manual") {
        if (request.redirect === "error") throw new TypeError("fetch failed: redirect refused (redirect: \"error\")");
        if (hops >= 20) throw new TypeError("fetch failed: too many redirects");
        const method = answer.status === 303 || ((answer.status === 301 || answer.status === 302) && request.method === "POST") ? "GET" : request.method;
        request = new Request(new URL(location, request.url), { method, headers: request.headers, signal: request.signal, redirect: request.redirect });
        continue;
      }
      return toResponse(answer, request, hops > 0);
    }
  }

  const mock = {
    apiKey: o.apiKey,
    baseUrl: o.baseUrl,
    webhookSecret: o.webhookSecret,
    get url() {
      return listening?.url ?? null;
    },
    fetch: mockFetch,
    fetcher: officialFetcher(mockFetch),
    handle: async (request) => {
      const answer = await handle(request);
      return answer.reset ? Response.error() : toResponse(answer, request, false);
    },
    async listen({ port = 0, host = "127.0.0.1" } = {}) {
      if (listening) throw new Error(`this mock already listens on ${listening.url}`);
      listening = await serve(handle, { port, host });
      return listening.url;
    },
    async close() {
      const server = listening;
      listening = null;
      // The real clock's pending timers go too, so nothing of the mock keeps a process (or a Deno
      // test's op sanitizer) waiting.
      if (o.clock === "real") clock.clear();
      await server?.close();
    },
    now: () => clock.now(),
    async advance(ms) {
      clock.advance(ms);
      await sim.flush();
    },
    generations: {
      get: (id) => api.view(id),
      list: () => api.views(),
      async complete(id, { outputUrl, outputDuration } = {}) {
        const view = api.settle(id, normalizeOutcome({ status: "COMPLETED", outputUrl, outputDuration }));
        await sim.flush();
        return view;
      },
      async fail(id, outcome = {}) {
        const view = api.settle(id, normalizeOutcome({ status: "FAILED", ...outcome }));
        await sim.flush();
        return view;
      },
      inFlight: () => api.inFlight(),
    },
    batches: { get: (id) => api.batchView(id) },
    fail(spec) {
      const fault = compileFault(spec);
      faults.push(fault);
      return {
        get remaining() {
          return fault.remaining;
        },
        cancel() {
          faults = faults.filter((f) => f !== fault);
        },
      };
    },
    clearFaults() {
      faults = [];
    },
    setLimits(limits = {}) {
      const checked = checkOptions({ concurrency: limits.concurrency ?? settings.concurrency, rateLimit: limits.rateLimit ?? settings.rateLimit });
      for (const key of Object.keys(limits)) if (key !== "concurrency" && key !== "rateLimit") throw new TypeError(`setLimits(): unknown limit "${key}" (concurrency, rateLimit)`);
      settings.concurrency = checked.concurrency;
      settings.rateLimit = checked.rateLimit;
      return { concurrency: settings.concurrency, rateLimit: { ...settings.rateLimit } };
    },
    addKey(key) {
      if (typeof key !== "string" || key === "") throw new TypeError("addKey(key): a non-empty string");
      settings.keys.add(key);
    },
    revokeKey(key) {
      settings.keys.delete(key);
    },
    get requests() {
      return requests.slice();
    },
    clearRequests() {
      requests = [];
    },
    webhooks: {
      get deliveries() {
        return deliveries.slice();
      },
      sign: (body, timestamp) => signWebhook(body, o.webhookSecret, timestamp),
      async send(generationId, { url } = {}) {
        const view = api.view(generationId);
        if (!view) throw new RangeError(`no generation ${generationId} in this mock`);
        const target = url ?? view.webhookUrl;
        if (!target) throw new TypeError(`generation ${generationId} has no webhookUrl; give { url }`);
        const { segments: _, ...payload } = view;
        return sim.deliverWebhook({ url: target, payload, generationId });
      },
      flush: () => sim.flush(),
    },
    reset() {
      clock.reset();
      api.clear();
      ids = createIds(o.seed);
      api = createApi(sim);
      if (o.examples) api.seedExamples();
      requests = [];
      deliveries = [];
      faults = [];
      settings.keys = new Set([o.apiKey, ...o.keys]);
      settings.concurrency = o.concurrency;
      settings.rateLimit = o.rateLimit;
    },
  };
  return mock;
}

/** The request as routes and `mock.requests` see it: its body read once. */
async function readRequest(request, url, method, path, origin) {
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  const raw = method === "GET" || method === "HEAD" ? new Uint8Array(0) : new Uint8Array(await request.arrayBuffer());
  const text = new TextDecoder().decode(raw);
  let form = null;
  if (contentType.startsWith("multipart/form-data")) {
    try {
      form = await new Response(raw, { headers: { "content-type": request.headers.get("content-type") } }).formData();
      form = withDeclaredTypes(form, raw, request.headers.get("content-type"));
    } catch {
      form = new FormData();
    }
  }
  return { method, url, path, origin, headers: request.headers, contentType, raw, text, form, signal: request.signal };
}

/**
 * The form with each file typed as its part's own Content-Type says. Bun's `formData()` (1.4) types a
 * file by its filename's extension instead ("" when it has none), so the kit would record, store and
 * serve another type than the client sent. Elsewhere the form comes back as it was.
 */
function withDeclaredTypes(form, raw, header) {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(header ?? "");
  if (!boundary) return form;
  // One character per byte: only the parts' header lines are read, and they are ASCII.
  const text = new TextDecoder("latin1").decode(raw);
  const declared = [];
  for (const part of text.split(`--${boundary[1] ?? boundary[2]}`).slice(1)) {
    if (part.startsWith("--")) break;
    const end = part.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const lines = part.slice(0, end).split("\r\n");
    const disposition = lines.find((l) => /^content-disposition:/i.test(l)) ?? "";
    if (!/;\s*filename\*?=/i.test(disposition)) continue;
    const type = lines.find((l) => /^content-type:/i.test(l));
    declared.push(type ? type.slice(type.indexOf(":") + 1).trim() : "");
  }
  const fixed = new FormData();
  let changed = false;
  let i = 0;
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") {
      fixed.append(name, value);
      continue;
    }
    const type = declared[i++];
    if (type !== undefined && type.toLowerCase() !== value.type) {
      changed = true;
      fixed.append(name, new File([value], value.name, { type }));
    } else {
      fixed.append(name, value, value.name);
    }
  }
  return changed ? fixed : form;
}

/** What `mock.requests` holds of a request: the key redacted, the body parsed. */
async function record(req) {
  const query = {};
  for (const [name, value] of req.url.searchParams) {
    query[name] = name in query ? [].concat(query[name], value) : value;
  }
  const headers = {};
  req.headers.forEach((value, name) => {
    headers[name] = name === "x-api-key" || name === "authorization" ? REDACTED : value;
  });
  let body = null;
  let parts;
  if (req.form) {
    body = {};
    parts = [];
    for (const [name, value] of req.form.entries()) {
      if (typeof value === "string") {
        parts.push({ name, kind: "field", value });
        body[name] = value;
      } else {
        const file = { filename: value.name, size: value.size, type: value.type, sha256: await sha256Hex(await value.arrayBuffer()) };
        parts.push({ name, kind: "file", ...file });
        body[name] = file;
      }
    }
  } else if (req.raw.length) {
    if (req.contentType.includes("json")) {
      try {
        body = JSON.parse(req.text);
      } catch {
        body = req.text;
      }
    } else if (req.contentType.startsWith("text/") || req.contentType === "") {
      body = req.text;
    } else {
      body = { size: req.raw.length, type: req.contentType };
    }
  }
  return { method: req.method, url: req.url.href, path: req.path, query, headers, body, ...(parts ? { parts } : {}) };
}

function toResponse(answer, request, redirected) {
  const noBody = request.method === "HEAD" || [204, 205, 304].includes(answer.status);
  if (answer.status < 200 || answer.status > 599) throw new TypeError(`sync-wasm/testing: status ${answer.status} cannot be answered in-process`);
  const response = new Response(noBody ? null : answer.body, { status: answer.status, statusText: REASONS[answer.status] ?? "", headers: answer.headers });
  // A Response made here has no url; fetch's has the request's.
  try {
    Object.defineProperty(response, "url", { value: request.url });
    if (redirected) Object.defineProperty(response, "redirected", { value: true });
  } catch {
    // a runtime whose Response refuses own properties keeps its own
  }
  return response;
}

function abortable(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

/** Deterministic ids: a small PRNG per kind, so adding an upload does not change generation ids. */
function createIds(seed) {
  const stream = (salt) => {
    let s = (seed * 0x9e3779b1 + salt) >>> 0;
    return () => {
      // mulberry32
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0);
    };
  };
  const hex = (next, words) => Array.from({ length: words }, () => next().toString(16).padStart(8, "0")).join("");
  const uuid = (next) => {
    const h = hex(next, 4);
    const variant = "89ab"[parseInt(h[16], 16) & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const g = stream(1), t = stream(2), a = stream(3), b = stream(4), r = stream(5);
  return {
    generation: () => uuid(g),
    token: () => uuid(t),
    asset: () => uuid(a),
    batch: () => `batch_${hex(b, 1)}`,
    request: () => `req_${hex(r, 2)}`,
  };
}

function checkOptions(options) {
  const bad = (what) => new TypeError(`createMockSync(): ${what}`);
  if (options === null || typeof options !== "object") throw bad("options must be an object");
  for (const key of Object.keys(options)) if (!OPTIONS.has(key)) throw bad(`unknown option "${key}" (known: ${[...OPTIONS].join(", ")})`);
  const {
    apiKey = DEFAULT_API_KEY, keys = [], baseUrl = DEFAULT_BASE_URL, clock = "virtual", startTime = DEFAULT_START,
    stepMs = 1000, autoAdvance = "wait", concurrency = Infinity, rateLimit = {}, webhookSecret = DEFAULT_WEBHOOK_SECRET,
    onWebhook, webhookFetch, outcome, seed = 1, examples = false, corsAllowHeaders = [], onRequest,
  } = options;
  if (typeof apiKey !== "string" || apiKey === "") throw bad("apiKey must be a non-empty string");
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== "string" || k === "")) throw bad("keys must be an array of non-empty strings");
  let base;
  try {
    base = new URL(baseUrl);
  } catch {
    throw bad("baseUrl must be an absolute http(s) URL");
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") throw bad("baseUrl must be an absolute http(s) URL");
  if (clock !== "virtual" && clock !== "real") throw bad('clock is "virtual" (the default) or "real"');
  const start = startTime instanceof Date ? startTime.getTime() : typeof startTime === "string" ? Date.parse(startTime) : startTime;
  if (!Number.isFinite(start)) throw bad("startTime must be a Date, an ISO 8601 string or ms since the epoch");
  if (!(stepMs === Infinity || (Number.isFinite(stepMs) && stepMs >= 0))) throw bad("stepMs must be a number of milliseconds, 0 or more (or Infinity: generations wait for complete/fail)");
  const advance = autoAdvance === true ? "wait" : autoAdvance;
  if (advance !== "wait" && advance !== "poll" && advance !== false) throw bad('autoAdvance is "wait" (the default), "poll" or false');
  if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1))) throw bad("concurrency must be a whole number, 1 or more (or Infinity)");
  const limits = typeof rateLimit === "number" ? { create: rateLimit, other: rateLimit } : rateLimit;
  if (limits === null || typeof limits !== "object") throw bad("rateLimit is requests per minute: a number, or { create?, other? }");
  for (const key of Object.keys(limits)) if (key !== "create" && key !== "other") throw bad(`rateLimit: unknown field "${key}" (create, other)`);
  const per = { create: limits.create ?? Infinity, other: limits.other ?? Infinity };
  for (const v of Object.values(per)) if (!(v === Infinity || (Number.isInteger(v) && v >= 1))) throw bad("rateLimit values are whole requests per minute, 1 or more");
  if (typeof webhookSecret !== "string" || webhookSecret === "") throw bad("webhookSecret must be a non-empty string");
  for (const [name, fn] of [["onWebhook", onWebhook], ["webhookFetch", webhookFetch], ["outcome", outcome], ["onRequest", onRequest]]) {
    if (fn !== undefined && typeof fn !== "function") throw bad(`${name} must be a function`);
  }
  if (!Number.isInteger(seed)) throw bad("seed must be a whole number");
  if (typeof examples !== "boolean") throw bad("examples must be true or false");
  if (!Array.isArray(corsAllowHeaders) || corsAllowHeaders.some((h) => typeof h !== "string")) throw bad("corsAllowHeaders must be an array of header names");
  return {
    apiKey, keys, baseUrl: base.href.replace(/\/$/, ""), clock, startTime: start, stepMs, autoAdvance: advance, concurrency,
    rateLimit: per, webhookSecret, onWebhook, webhookFetch, outcome, seed, examples, onRequest,
    corsAllowHeaders: corsAllowHeaders.map((h) => h.toLowerCase()),
  };
}

