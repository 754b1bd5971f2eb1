// A local stand-in for the Sync API (https://api.sync.so/v2), for tests and the demo.
//
// It speaks the real routes with the real body shapes (see ../shared/reference/sync-api.md), checks
// x-api-key like the API, keeps generations in memory and moves them PENDING → PROCESSING → COMPLETED
// over time. It answers CORS preflights only for the headers the SDK is known to send, so a browser
// test fails if the SDK starts sending one more.
//
// Test hooks (no real API has these): generation ids starting with `mock-` trigger faults, see
// `faultFor` below, and `GET /__mock/requests?path=...` counts requests per path (and lists when the
// latest of them arrived).
//
// Also: long-poll (`?wait=true&timeout=N`), list filters and cursor pagination, multipart creates,
// cost estimates, models, a seeded asset library with presigned uploads that it serves itself, batch
// JSONL validation, and webhook deliveries signed like Sync's (HMAC-SHA256 of "<t>.<body>").
//
// Usage: node mock/server.mjs [--port 0] [--host 127.0.0.1] [--step-ms 1500] [--key KEY]...
//        [--webhook-secret whsec_...] [--port-file F]

import { createServer } from "node:http";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Readable, pipeline } from "node:stream";

export const DEFAULT_KEY = "sync-test-key";
export const DEFAULT_WEBHOOK_SECRET = "whsec_mock_secret";

// Request headers a browser may send: the SDK's own, plus `x-test-*` for tests of caller headers.
const ALLOWED_HEADERS = new Set(["accept", "content-type", "x-api-key", "x-sync-sdk", "idempotency-key"]);
const EXPOSED_HEADERS = "x-request-id, retry-after, retry-after-ms, x-should-retry, x-echo, location";
const OUTPUT_MP4 = readFileSync(new URL("./fixtures/output.mp4", import.meta.url));
const TERMINAL = new Set(["COMPLETED", "FAILED", "REJECTED", "CANCELED", "TIMED_OUT"]);
const REASONS = {
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
  408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large", 418: "I'm a teapot",
  422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
  502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

/**
 * Start the mock. Resolves with `{ url, port, close() }`.
 * @param {{ port?: number, host?: string, stepMs?: number, keys?: string[], log?: boolean }} options
 */
export function startMockServer({
  port = 0,
  host = "127.0.0.1",
  stepMs = 1500,
  keys = [DEFAULT_KEY],
  webhookSecret = DEFAULT_WEBHOOK_SECRET,
  log = false,
} = {}) {
  const generations = new Map();
  const idempotency = new Map();
  const counts = new Map();
  const arrivals = new Map(); // "METHOD /path" -> the latest requests' { at: Date.now(), method, url }
  const assets = seedAssets();
  const uploads = new Map(); // token -> { fileName, contentType, size, bytes?, keySent? }
  const batches = new Map();
  const webhookFailures = [];
  seedDocumentationExamples(generations, assets, batches);
  let lastMultipart = null;
  const faults = new Map(); // "METHOD /path" -> queue of faults for the next requests

  // The fault switchboard. POST /__mock/faults { match: "GET /v2/generate/x", faults: [...] } queues
  // faults for the next matching requests (DELETE clears all). A fault is an object with:
  //   status, body (string or JSON), headers   answer with these instead of the route
  //   delayMs                                  wait before the answer's headers
  //   bodyDelayMs                              send headers and half the body, wait, then the rest
  //   reset: true                              destroy the connection without an answer
  //   afterRoute: "reset" | <ms>               run the route (e.g. really create), then reset the
  //                                            connection or hold its answer for <ms>
  //   malformed: true                          200 with a truncated JSON body
  //   repeat: <n>                              send `body` n times over (a huge answer), streamed
  async function configureFaults(req, res) {
    if (req.method === "DELETE") {
      faults.clear();
      return json(res, 200, { cleared: true });
    }
    const body = parseJson(res, await readBody(req));
    if (body === undefined) return;
    if (typeof body.match !== "string" || !Array.isArray(body.faults)) return json(res, 400, apiError(400, "give { match, faults: [] }"));
    faults.set(body.match, [...(faults.get(body.match) ?? []), ...body.faults]);
    return json(res, 200, { queued: faults.get(body.match).length });
  }

  /** Apply a fault; true when it answered (or dropped) the request, false to let the route run. */
  async function applyFault(fault, req, res) {
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.reset) {
      req.socket.destroy();
      return true;
    }
    if (fault.afterRoute !== undefined) {
      const end = res.end.bind(res);
      const writeHead = res.writeHead.bind(res);
      if (fault.afterRoute === "reset") {
        res.writeHead = () => res;
        res.end = () => req.socket.destroy();
      } else {
        let head;
        res.writeHead = (...args) => ((head = args), res);
        res.end = (...args) => sleep(Number(fault.afterRoute)).then(() => (writeHead(...head), end(...args)));
      }
      return false;
    }
    if (fault.malformed) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"trunc');
      return true;
    }
    if (fault.status !== undefined) {
      const text = fault.body === undefined ? "" : typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body);
      const headers = { "content-type": typeof fault.body === "string" ? "text/plain" : "application/json", ...(fault.headers ?? {}) };
      if (fault.repeat) {
        const chunk = Buffer.from(text);
        res.writeHead(fault.status, { ...headers, "content-length": chunk.length * fault.repeat });
        pipeline(Readable.from((function* () { for (let i = 0; i < fault.repeat; i++) yield chunk; })()), res, () => {});
      } else if (fault.bodyDelayMs) {
        res.writeHead(fault.status, headers);
        res.write(text.slice(0, text.length / 2));
        await sleep(fault.bodyDelayMs);
        res.end(text.slice(text.length / 2));
      } else {
        res.writeHead(fault.status, { ...headers, "content-length": Buffer.byteLength(text) });
        res.end(text);
      }
      return true;
    }
    return false;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const path = url.pathname;
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
    if (log) console.error(`[mock] ${req.method} ${path}`);

    if (req.method === "OPTIONS") {
      // Allow exactly the requested headers if all are known; otherwise list only the known ones,
      // and the browser refuses the request, as a strict production server would.
      const requested = (req.headers["access-control-request-headers"] ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
      const known = requested.every((h) => ALLOWED_HEADERS.has(h) || h.startsWith("x-test-"));
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": known && requested.length ? requested.join(", ") : [...ALLOWED_HEADERS].join(", "),
        "access-control-max-age": "600",
      });
      return res.end();
    }
    const countKey = `${req.method} ${path}`;
    counts.set(countKey, (counts.get(countKey) ?? 0) + 1);
    if (!arrivals.has(countKey)) arrivals.set(countKey, []);
    const seen = arrivals.get(countKey);
    seen.push({ at: Date.now(), method: req.method, url: req.url });
    if (seen.length > 200) seen.shift();

    if (path === "/__mock/faults") return configureFaults(req, res);
    const fault = faults.get(countKey)?.shift();
    if (fault && (await applyFault(fault, req, res))) return;

    if (path === "/__mock/requests") {
      const of = url.searchParams.get("path") ?? "";
      const count = (counts.get(`GET ${of}`) ?? 0) + (counts.get(`POST ${of}`) ?? 0);
      // The latest 200 requests of each method, oldest first: arrival time (ms since the epoch) and URL.
      const requests = [...(arrivals.get(`GET ${of}`) ?? []), ...(arrivals.get(`POST ${of}`) ?? [])].sort((a, b) => a.at - b.at);
      return json(res, 200, { count, requests });
    }
    if (path === "/__mock/last-multipart") return json(res, 200, lastMultipart);
    if (path === "/__mock/sign" && req.method === "POST") {
      // Signs a body as Sync would, so tests can check the SDK's verifier against node:crypto.
      const body = (await readBody(req)).toString("utf8");
      const t = Number(url.searchParams.get("t") ?? Math.floor(Date.now() / 1000));
      return json(res, 200, { header: signatureHeader(body, t, webhookSecret), secret: webhookSecret });
    }
    if (path === "/__mock/webhook-failures") return json(res, 200, webhookFailures);
    if (path === "/__mock/created") {
      // Generations whose input URLs contain `marker`: tests check nothing was created twice.
      const marker = url.searchParams.get("marker") ?? "\u0000";
      const count = [...generations.values()].filter((g) => g.dto.input.some((i) => String(i.url ?? "").includes(marker))).length;
      return json(res, 200, { count });
    }
    if (path.startsWith("/__upload/")) return receiveUpload(req, res, path.slice("/__upload/".length));
    if (path.startsWith("/files/")) return serveFile(res, path.slice("/files/".length));
    if (path.startsWith("/outputs/")) return serveOutput(req, res, path.slice("/outputs/".length));
    if (!path.startsWith("/v2/")) {
      return json(res, 404, apiError(404, `Cannot ${req.method} ${path}`));
    }

    const key = req.headers["x-api-key"];
    if (typeof key !== "string" || key === "") {
      return json(res, 401, apiError(401, "Missing API key: send it in the x-api-key header."));
    }
    if (!keys.includes(key)) {
      return json(res, 401, apiError(401, "Invalid API key."));
    }

    const raw = req.method === "POST" ? await readBody(req) : Buffer.alloc(0);
    const origin = `http://${req.headers.host}`;
    const route = `${req.method} ${path}`;

    if (route === "POST /v2/generate") return createGeneration(req, res, raw, origin);
    if (route === "POST /v2/analyze/cost") return estimateCost(res, raw);
    if (route === "GET /v2/generations") return listGenerations(res, url.searchParams);
    if (route === "GET /v2/models") return json(res, 200, MODELS);
    if (route === "GET /v2/assets") return listAssets(res, url.searchParams);
    if (route === "POST /v2/assets/upload") return createUpload(res, raw, origin);
    if (route === "POST /v2/assets") return registerAsset(res, raw, origin);
    if (route === "POST /v2/batch") return createBatch(req, res, raw, origin);
    if (route === "GET /v2/batch") return listBatches(res, url.searchParams);

    let match = /^\/v2\/generate\/([^/]+)$/.exec(path);
    if (req.method === "GET" && match) {
      const id = decodeURIComponent(match[1]);
      const fault = id.startsWith("mock-") ? await faultFor(id, res, key, countKey) : false;
      if (fault) return;
      const generation = generations.get(id);
      if (!generation) return json(res, 404, apiError(404, `Generation ${id} not found.`));
      if (url.searchParams.get("wait") === "true" && !generation.noLongPoll) {
        return longPoll(res, generation, url.searchParams.get("timeout"));
      }
      return json(res, 200, view(generation));
    }
    match = /^\/v2\/assets\/([^/]+)$/.exec(path);
    if (req.method === "GET" && match) {
      const asset = assets.find((a) => a.id === decodeURIComponent(match[1]));
      return asset ? json(res, 200, asset) : json(res, 404, apiError(404, "Asset not found."));
    }
    match = /^\/v2\/batch\/([^/]+)$/.exec(path);
    if (req.method === "GET" && match) {
      const batch = batches.get(decodeURIComponent(match[1]));
      return batch ? json(res, 200, batch) : json(res, 404, apiError(404, "Batch not found."));
    }
    return json(res, 404, apiError(404, `Cannot ${req.method} ${path}`));
  });

  async function createGeneration(req, res, raw, origin) {
    let dto;
    const type = req.headers["content-type"] ?? "";
    if (type.startsWith("multipart/form-data")) {
      try {
        dto = await multipartCreate(raw, type, origin);
      } catch (e) {
        return json(res, 400, apiError(400, String(e.message ?? e)));
      }
    } else {
      dto = parseJson(res, raw);
      if (dto === undefined) return;
    }
    const problems = validateCreate(dto);
    if (problems.length) return json(res, 400, apiError(400, problems));

    const idemKey = req.headers["idempotency-key"];
    const digest = createHash("sha256").update(raw).digest("hex");
    if (idemKey !== undefined) {
      if (!/^[A-Za-z0-9._~-]{1,128}$/.test(idemKey)) {
        return json(res, 400, { ...apiError(400, "Idempotency-Key must be 1-128 characters of [A-Za-z0-9._~-]."), errorCode: "INVALID_IDEMPOTENCY_KEY" });
      }
      const seen = idempotency.get(idemKey);
      // Multipart bodies differ by boundary on every send, so they are compared by their fields.
      const fingerprint = type.startsWith("multipart/form-data") ? JSON.stringify(dto) : digest;
      if (seen && seen.fingerprint !== fingerprint) {
        return json(res, 409, { ...apiError(409, "This Idempotency-Key was used with a different request body."), errorCode: "IDEMPOTENCY_KEY_REUSED" });
      }
      if (seen) return json(res, 201, view(generations.get(seen.id)));
      idempotency.set(idemKey, { id: null, fingerprint });
    }
    const id = randomUUID();
    const urls = dto.input.map((i) => (typeof i.url === "string" ? i.url : ""));
    const generation = {
      id,
      dto,
      origin,
      createdAt: new Date(),
      fails: urls.some((u) => u.includes("mock-fail")),
      noLongPoll: urls.some((u) => u.includes("mock-no-longpoll")),
      waiters: new Set(),
    };
    generations.set(id, generation);
    if (idemKey !== undefined) idempotency.get(idemKey).id = id;
    // Wake long-polls and deliver the webhook when the generation becomes final.
    setTimeout(() => {
      for (const wake of generation.waiters) wake();
      if (dto.webhookUrl) deliverWebhook(dto.webhookUrl, view(generation));
    }, 2 * stepMs + 5).unref?.();
    return json(res, 201, view(generation));
  }

  async function multipartCreate(raw, type, origin) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const parts = [];
    const dto = {};
    const files = {};
    for (const [name, value] of form.entries()) {
      if (typeof value === "string") {
        parts.push({ name, kind: "field", value });
        dto[name] = ["input", "options", "segments"].includes(name) ? JSON.parse(value) : value;
      } else {
        const bytes = Buffer.from(await value.arrayBuffer());
        parts.push({ name, kind: "file", filename: value.name, size: value.size, type: value.type, sha256: createHash("sha256").update(bytes).digest("hex") });
        const token = randomUUID();
        uploads.set(token, { fileName: value.name, contentType: value.type || "application/octet-stream", size: value.size, bytes });
        files[name] = `${origin}/files/${token}`;
      }
    }
    lastMultipart = parts;
    dto.input = Array.isArray(dto.input) ? dto.input : [];
    if (files.video) dto.input.unshift({ type: "video", url: files.video });
    if (files.audio) dto.input.push({ type: "audio", url: files.audio });
    return dto;
  }

  function longPoll(res, generation, timeoutParam) {
    const seconds = Number(timeoutParam ?? "5");
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 10) {
      return json(res, 400, apiError(400, "timeout must be an integer from 1 to 10"));
    }
    const headers = { "x-sync-wait-mode": "long_poll", "x-sync-wait-timeout-seconds": String(seconds) };
    if (TERMINAL.has(view(generation).status)) return json(res, 200, view(generation), headers);
    let timer;
    const finish = (timedOut) => {
      clearTimeout(timer);
      generation.waiters.delete(wake);
      json(res, 200, view(generation), timedOut ? { ...headers, "retry-after": "2" } : headers);
    };
    const wake = () => finish(false);
    generation.waiters.add(wake);
    timer = setTimeout(() => finish(true), seconds * 1000);
    res.on("close", () => {
      clearTimeout(timer);
      generation.waiters.delete(wake);
    });
  }

  function listGenerations(res, params) {
    const list = (name) => (params.get(name) ? params.get(name).split(",").filter(Boolean) : []);
    const statuses = list("status");
    const ids = list("ids");
    let items = [...generations.values()]
      .map(view)
      .filter((g) => !statuses.length || statuses.includes(g.status))
      .filter((g) => !ids.length || ids.includes(g.id))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    const limit = params.get("limit");
    if (limit !== null) {
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 1 || n > 100) return json(res, 400, apiError(400, ["limit must be an integer from 1 to 100"]));
      const cursor = params.get("cursor");
      if (cursor) {
        const at = items.findIndex((g) => g.id === cursor);
        if (at < 0) return json(res, 400, apiError(400, ["cursor must be the id of a generation from the previous page"]));
        items = items.slice(at + 1);
      }
      items = items.slice(0, n);
    } else if (params.get("cursor")) {
      return json(res, 400, apiError(400, ["cursor requires limit"]));
    }
    return json(res, 200, items);
  }

  function estimateCost(res, raw) {
    const dto = parseJson(res, raw);
    if (dto === undefined) return;
    const problems = validateCreate(dto);
    if (problems.length) return json(res, 400, apiError(400, problems));
    return json(res, 200, [{ estimatedFrameCount: 240, estimatedGenerationCost: dto.model === "lipsync-2-pro" ? 1.2 : 0.8 }]);
  }

  function listAssets(res, params) {
    let items = assets.filter((a) => !params.get("projectId") || a.projectId === params.get("projectId"));
    const types = params.get("types") ? params.get("types").split(",") : [];
    if (types.length) items = items.filter((a) => types.includes(a.type));
    const search = params.get("searchQuery");
    if (search) items = items.filter((a) => a.name.toLowerCase().includes(search.toLowerCase()));
    const sortBy = params.get("sortBy") ?? "dateDesc";
    const sorts = { dateDesc: (a, b) => b.createdAt.localeCompare(a.createdAt), dateAsc: (a, b) => a.createdAt.localeCompare(b.createdAt), nameAsc: (a, b) => a.name.localeCompare(b.name), nameDesc: (a, b) => b.name.localeCompare(a.name) };
    if (!sorts[sortBy]) return json(res, 400, apiError(400, [`sortBy must be one of ${Object.keys(sorts).join(", ")}`]));
    items = [...items].sort(sorts[sortBy]);
    const limit = Number(params.get("limit") ?? "20");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return json(res, 400, apiError(400, ["limit must be an integer from 1 to 100"]));
    const start = params.get("cursor") ? Number(Buffer.from(params.get("cursor"), "base64url").toString()) : 0;
    if (!Number.isInteger(start) || start < 0) return json(res, 400, apiError(400, ["invalid cursor"]));
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString("base64url") : null;
    return json(res, 200, { items: page, nextCursor: next, totalCount: items.length });
  }

  function createUpload(res, raw, origin) {
    const body = parseJson(res, raw);
    if (body === undefined) return;
    const problems = [];
    if (typeof body.fileName !== "string" || !body.fileName) problems.push("fileName must be a non-empty string");
    if (typeof body.contentType !== "string" || !body.contentType) problems.push("contentType must be a non-empty string");
    if (!Number.isInteger(body.size) || body.size < 0) problems.push("size must be a whole number of bytes");
    if (problems.length) return json(res, 400, apiError(400, problems));
    const token = randomUUID();
    uploads.set(token, { fileName: body.fileName, contentType: body.contentType, size: body.size });
    return json(res, 201, { uploadUrl: `${origin}/__upload/${token}?X-Mock-Signature=${token.slice(0, 8)}`, url: `${origin}/files/${token}`, expiresIn: 3600 });
  }

  async function receiveUpload(req, res, token) {
    const upload = uploads.get(token);
    if (req.method !== "PUT" || !upload) return json(res, 404, apiError(404, "No such upload."));
    if (req.headers["x-api-key"] !== undefined) {
      upload.keySent = true;
      return json(res, 400, apiError(400, "A presigned upload must not carry x-api-key."));
    }
    if ((req.headers["content-type"] ?? "") !== upload.contentType) {
      return json(res, 400, apiError(400, `Content-Type must be ${upload.contentType} as signed.`));
    }
    const bytes = await readBody(req);
    if (bytes.length !== upload.size) return json(res, 400, apiError(400, `Expected ${upload.size} bytes, got ${bytes.length}.`));
    upload.bytes = bytes;
    res.writeHead(200, { etag: `"${createHash("md5").update(bytes).digest("hex")}"` });
    res.end();
  }

  // A completed generation's output: the same small real MP4 (H.264 + AAC, 2 s) for every one, so a
  // <video> really plays it. Answers byte ranges, as media elements ask for them.
  function serveOutput(req, res, name) {
    const generation = generations.get(decodeURIComponent(name.replace(/\.mp4$/, "")));
    if (!generation || view(generation).status !== "COMPLETED") return json(res, 404, apiError(404, "No such output."));
    const bytes = OUTPUT_MP4;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    const headers = { "content-type": "video/mp4", "accept-ranges": "bytes", "cache-control": "no-store" };
    if (!range || (range[1] === "" && range[2] === "")) {
      res.writeHead(200, { ...headers, "content-length": bytes.length });
      return res.end(req.method === "HEAD" ? undefined : bytes);
    }
    const start = range[1] === "" ? Math.max(0, bytes.length - Number(range[2])) : Number(range[1]);
    const end = range[1] === "" || range[2] === "" ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
    if (start >= bytes.length || start > end) {
      res.writeHead(416, { ...headers, "content-range": `bytes */${bytes.length}` });
      return res.end();
    }
    res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${bytes.length}`, "content-length": end - start + 1 });
    return res.end(req.method === "HEAD" ? undefined : bytes.subarray(start, end + 1));
  }

  function serveFile(res, token) {
    const upload = uploads.get(token);
    if (!upload?.bytes) return json(res, 404, apiError(404, "No such file."));
    res.writeHead(200, { "content-type": upload.contentType, "content-length": upload.bytes.length });
    res.end(upload.bytes);
  }

  function registerAsset(res, raw, origin) {
    const body = parseJson(res, raw);
    if (body === undefined) return;
    if (typeof body.url !== "string" || !/^https?:\/\//.test(body.url)) return json(res, 400, apiError(400, ["url must be an http(s) URL"]));
    const token = body.url.startsWith(`${origin}/files/`) ? body.url.slice(`${origin}/files/`.length) : null;
    const upload = token ? uploads.get(token) : null;
    if (token && !upload?.bytes) return json(res, 400, apiError(400, ["the file at url has not been uploaded"]));
    const contentType = upload?.contentType ?? "video/mp4";
    const now = new Date().toISOString();
    const asset = {
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      name: body.name ?? upload?.fileName ?? "asset",
      url: body.url,
      size: upload?.size,
      format: contentType.split("/")[1],
      type: contentType.startsWith("audio/") ? "AUDIO" : contentType.startsWith("image/") ? "IMAGE" : "VIDEO",
      inputType: upload ? "UPLOAD" : "URL",
      visibility: "USER",
    };
    assets.push(asset);
    return json(res, 201, asset);
  }

  async function createBatch(req, res, raw, origin) {
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("multipart/form-data")) return json(res, 400, apiError(400, "Send the batch as multipart/form-data with an input file."));
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const file = form.get("input") ?? form.get("file");
    if (!file || typeof file === "string") return json(res, 400, apiError(400, ["input must be a JSONL file"]));
    if (file.size > 5 * 1024 * 1024) return json(res, 413, apiError(413, "The input file is larger than 5 MB."));
    const lines = (await file.text()).split("\n").map((l) => l.trim()).filter(Boolean);
    const problems = [];
    const seen = new Set();
    if (lines.length < 20 || lines.length > 500) problems.push(`a batch needs 20 to 500 requests, got ${lines.length}`);
    lines.forEach((line, i) => {
      let request;
      try {
        request = JSON.parse(line);
      } catch {
        return problems.push(`line ${i + 1}: not JSON`);
      }
      if (typeof request.request_id !== "string" || !request.request_id) problems.push(`line ${i + 1}: request_id is required`);
      else if (seen.has(request.request_id)) problems.push(`line ${i + 1}: duplicate request_id ${request.request_id}`);
      seen.add(request.request_id);
      if (request.endpoint !== "/v2/generate") problems.push(`line ${i + 1}: endpoint must be /v2/generate`);
      for (const p of validateCreate(request.payload)) problems.push(`line ${i + 1}: payload: ${p}`);
    });
    if (problems.length) return json(res, 400, apiError(400, problems.slice(0, 20)));
    lastMultipart = [...form.entries()].map(([name, v]) => (typeof v === "string" ? { name, kind: "field", value: v } : { name, kind: "file", filename: v.name, size: v.size, type: v.type }));
    if (form.get("dry_run") === "true") return json(res, 200, { status: "VALIDATED" });
    const batch = {
      id: `batch_${randomUUID().slice(0, 8)}`,
      created_at: new Date().toISOString(),
      status: "PENDING",
      metrics: { total_generations: lines.length, success_count: 0, failed_count: 0, pending_count: lines.length },
      webhookUrl: form.get("webhook_url") ?? null,
      outputUrl: null,
    };
    batches.set(batch.id, batch);
    return json(res, 201, batch);
  }

  function listBatches(res, params) {
    const after = params.get("created_after");
    const before = params.get("created_before");
    for (const [name, value] of [["created_after", after], ["created_before", before]]) {
      if (value && Number.isNaN(Date.parse(value))) return json(res, 400, apiError(400, [`${name} must be an ISO 8601 date`]));
    }
    const statuses = params.get("status") ? params.get("status").split(",") : [];
    const items = [...batches.values()]
      .filter((b) => !statuses.length || statuses.includes(b.status))
      .filter((b) => !after || b.created_at > new Date(after).toISOString())
      .filter((b) => !before || b.created_at < new Date(before).toISOString())
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return json(res, 200, items);
  }

  async function deliverWebhook(target, payload) {
    const body = JSON.stringify(payload);
    const header = signatureHeader(body, Math.floor(Date.now() / 1000), webhookSecret);
    try {
      const response = await fetch(target, { method: "POST", headers: { "content-type": "application/json", "sync-signature": header }, body });
      if (!response.ok) webhookFailures.push({ target, status: response.status });
    } catch (e) {
      webhookFailures.push({ target, error: String(e) });
    }
  }

  function view(g) {
    const elapsed = Date.now() - g.createdAt.getTime();
    const status = elapsed < stepMs ? "PENDING" : elapsed < 2 * stepMs ? "PROCESSING" : g.fails ? "FAILED" : "COMPLETED";
    const done = status === "COMPLETED";
    const failed = status === "FAILED";
    const outputUrl = done ? `${g.origin}/outputs/${g.id}.mp4` : null;
    return {
      id: g.id,
      createdAt: g.createdAt.toISOString(),
      status,
      model: g.dto.model,
      input: g.dto.input,
      options: g.dto.options ?? {},
      outputUrl,
      outputMediaUrl: outputUrl,
      outputDuration: done ? 4.2 : null,
      segments: g.dto.segments ?? null,
      segmentOutputUrl: null,
      webhookUrl: g.dto.webhookUrl ?? null,
      error: failed ? "An error occurred in the generation pipeline." : null,
      errorCode: failed ? "generation_pipeline_failed" : null,
      error_code: failed ? "generation_pipeline_failed" : null,
    };
  }

  // Fault injection by id, for tests:
  //   mock-status-<code>      that status with an API error body (and x-request-id)
  //   mock-text-<code>        that status with an HTML body
  //   mock-delay-<ms>         headers after <ms>, then a PENDING generation
  //   mock-slow-body-<ms>     headers at once, body after <ms>
  //   mock-flaky-<n>-<tag>    503 (retry-after-ms: 10) for the first <n> requests, then a generation
  //   mock-echo-key           400 whose body, message and a header repeat the x-api-key
  async function faultFor(id, res, key, countKey) {
    const [, kind, arg] = /^mock-(status|text|delay|slow-body|flaky|echo-key)-?(\d*)/.exec(id) ?? [];
    const n = Number(arg);
    const stub = { id, createdAt: new Date().toISOString(), status: "PENDING", model: "lipsync-2", input: [] };
    switch (kind) {
      case "status":
        res.setHeader("x-request-id", `req_${id}`);
        json(res, n, n >= 500 ? { ...apiError(n, "Internal server error"), errorCode: "internal_error", requestId: `req_${id}` } : apiError(n, `Mock status ${n}`));
        return true;
      case "text":
        res.writeHead(n, { "content-type": "text/html" });
        res.end(`<html><body><h1>${n} ${REASONS[n] ?? ""}</h1>upstream error</body></html>`);
        return true;
      case "delay":
        await sleep(n);
        json(res, 200, stub);
        return true;
      case "slow-body":
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":');
        await sleep(n);
        res.end(`${JSON.stringify(id)},"status":"PENDING"}`);
        return true;
      case "flaky":
        if (counts.get(countKey) <= n) {
          res.setHeader("retry-after-ms", "10");
          json(res, 503, apiError(503, "Service temporarily unavailable"));
        } else {
          json(res, 200, { ...stub, status: "COMPLETED" });
        }
        return true;
      case "echo-key":
        res.setHeader("x-echo", `key=${key}`);
        json(res, 400, { ...apiError(400, `Bad key ${key}`), errorCode: `code-${key}` });
        return true;
      default:
        return false;
    }
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

const MODELS = [
  { id: "sync-3", name: "sync-3", type: "lipsync", version: "3.0.0", description: "Most capable lip-sync model." },
  { id: "lipsync-2-pro", name: "lipsync-2-pro", type: "lipsync", version: "2.1.0" },
  { id: "lipsync-2", name: "lipsync-2", type: "lipsync", version: "2.0.0" },
  { id: "lipsync-1.9.0-beta", name: "lipsync-1.9.0-beta", type: "lipsync", version: "1.9.0" },
  { id: "react-1", name: "react-1", type: "react", version: "1.0.0" },
];

/** The ids the Sync docs use in their examples, so those examples run against the mock. */
function seedDocumentationExamples(generations, assets, batches) {
  const long = new Date(Date.UTC(2025, 0, 1));
  generations.set("6533643b-aceb-4c40-967e-d9ba9baac39e", {
    id: "6533643b-aceb-4c40-967e-d9ba9baac39e",
    dto: { model: "lipsync-2", input: [{ type: "video", url: "https://assets.sync.so/docs/example-video.mp4" }, { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" }], options: { sync_mode: "loop" } },
    origin: "https://api.sync.so",
    createdAt: long,
    fails: false,
    noLongPoll: false,
    waiters: new Set(),
  });
  assets.push({
    id: "550e8400-e29b-41d4-a716-446655440000",
    createdAt: long.toISOString(),
    updatedAt: long.toISOString(),
    name: "example-video.mp4",
    url: "https://assets.sync.so/docs/example-video.mp4",
    size: 1048576,
    format: "mp4",
    type: "VIDEO",
    inputType: "URL",
    visibility: "ORGANIZATION",
    durationSeconds: 12.5,
    projectId: "project-docs",
  });
  batches.set("batch_abc123", {
    id: "batch_abc123",
    created_at: long.toISOString(),
    status: "COMPLETED",
    metrics: { total_generations: 20, success_count: 20, failed_count: 0, pending_count: 0 },
    webhookUrl: null,
    outputUrl: "https://api.sync.so/v2/batch/batch_abc123/output",
  });
}

/** 25 library assets, so lists have several pages. */
function seedAssets() {
  const kinds = ["VIDEO", "AUDIO", "IMAGE"];
  return Array.from({ length: 25 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
    const type = kinds[i % 3];
    return {
      id: `asset-${String(i + 1).padStart(2, "0")}`,
      createdAt: date,
      updatedAt: date,
      name: `${type.toLowerCase()} ${i + 1}`,
      url: `https://example.com/library/${i + 1}`,
      size: 1000 * (i + 1),
      type,
      inputType: "URL",
      visibility: i % 2 ? "USER" : "ORGANIZATION",
      projectId: i < 10 ? "project-a" : "project-b",
    };
  });
}

/** `Sync-Signature` value: HMAC-SHA256 with the secret's UTF-8 bytes over "<t>.<body>". */
export function signatureHeader(body, t, secret) {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/** NestJS-style error body, as the Sync API sends. */
function apiError(statusCode, message) {
  return { statusCode, message, error: REASONS[statusCode] ?? "Error" };
}

function validateCreate(dto) {
  const problems = [];
  if (dto === null || typeof dto !== "object" || Array.isArray(dto)) return ["body must be an object"];
  if (typeof dto.model !== "string" || dto.model === "") problems.push("model must be a string");
  if (!Array.isArray(dto.input) || dto.input.length === 0) {
    problems.push("input must be a non-empty array");
    return problems;
  }
  dto.input.forEach((item, i) => {
    if (!["video", "audio", "text", "image"].includes(item?.type)) problems.push(`input[${i}].type must be one of video, audio, text, image`);
  });
  const videos = dto.input.filter((i) => i?.type === "video" || i?.type === "image");
  const audios = dto.input.filter((i) => i?.type === "audio" || i?.type === "text");
  if (videos.length !== 1) problems.push("input must contain exactly one video item");
  if (audios.length === 0) problems.push("input must contain at least one audio or text item");
  for (const item of [...videos, ...dto.input.filter((i) => i?.type === "audio")]) {
    if (typeof item.url !== "string" && typeof item.assetId !== "string") {
      problems.push(`each ${item.type} input must have a url or an assetId`);
    }
  }
  return problems;
}

/** The JSON body, or `undefined` after answering 400 when it is not JSON. */
function parseJson(res, raw) {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    json(res, 400, apiError(400, "Request body is not valid JSON."));
    return undefined;
  }
}

function json(res, status, value, headers = {}) {
  const text = JSON.stringify(value);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { TERMINAL };

// CLI
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const keys = args.flatMap((a, i) => (a === "--key" ? [args[i + 1]] : []));
  const mock = await startMockServer({
    port: Number(opt("--port", "0")),
    host: opt("--host", "127.0.0.1"),
    stepMs: Number(opt("--step-ms", "1500")),
    keys: keys.length ? keys : [DEFAULT_KEY],
    webhookSecret: opt("--webhook-secret", DEFAULT_WEBHOOK_SECRET),
    log: args.includes("--log"),
  });
  const portFile = opt("--port-file");
  if (portFile) writeFileSync(portFile, String(mock.port));
  console.log(`Sync mock server listening on ${mock.url} (key: ${keys.length ? "as given" : DEFAULT_KEY})`);
  const stop = () => mock.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
