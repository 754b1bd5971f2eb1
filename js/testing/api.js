// The simulated Sync API: its state (generations, idempotency keys, assets and uploads, batches) and
// its routes, with the shapes and error bodies of ../shared/reference/sync-api.md and the v2 OpenAPI.
// It knows nothing of transports: it takes a request record and gives an answer record (answers.js).

import { apiError, concurrencyLimitReached, error, json } from "./answers.js";
import { outputMp4 } from "./media.js";
import { sha256Hex } from "./webhooks.js";

export const TERMINAL = new Set(["COMPLETED", "FAILED", "REJECTED", "CANCELED", "TIMED_OUT"]);
const FAILED_DEFAULT = { errorCode: "generation_pipeline_failed", error: "An error occurred in the generation pipeline." };
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._~-]{1,128}$/;

export const MODELS = [
  { id: "sync-3", name: "sync-3", type: "lipsync", version: "3.0.0", description: "Most capable lip-sync model." },
  { id: "lipsync-2-pro", name: "lipsync-2-pro", type: "lipsync", version: "2.1.0" },
  { id: "lipsync-2", name: "lipsync-2", type: "lipsync", version: "2.0.0" },
  { id: "lipsync-1.9.0-beta", name: "lipsync-1.9.0-beta", type: "lipsync", version: "1.9.0" },
  { id: "react-1", name: "react-1", type: "react", version: "1.0.0" },
];

/**
 * @param {object} sim  what the API needs of the mock: `clock`, `ids`, `settings` (stepMs,
 *   concurrency, rateLimit, autoAdvance, outcome, keys), `deliverWebhook(record)`, `flush()`
 */
export function createApi(sim) {
  const { clock, ids, settings } = sim;
  const generations = new Map();
  const idempotency = new Map();
  const assets = [];
  const uploads = new Map(); // token -> { fileName, contentType, size, bytes? }
  const batches = new Map();
  const windows = new Map(); // "<key> <class>" -> request times within the last minute

  // --- generations -----------------------------------------------------------------------------

  function statusOf(g, t = clock.now()) {
    return t >= g.finalAt ? g.outcome.status : t >= g.processingAt ? "PROCESSING" : "PENDING";
  }

  function view(g, status = statusOf(g)) {
    const done = status === "COMPLETED";
    const failed = status === "FAILED" || status === "REJECTED";
    const outputUrl = done ? (g.outcome.outputUrl ?? `${g.origin}/outputs/${g.id}.mp4`) : null;
    return {
      id: g.id,
      createdAt: new Date(g.createdAt).toISOString(),
      status,
      model: g.dto.model,
      input: g.dto.input,
      options: g.dto.options ?? {},
      outputUrl,
      outputMediaUrl: outputUrl,
      outputDuration: done ? (g.outcome.outputDuration ?? 2) : null,
      segments: g.dto.segments ?? null,
      segmentOutputUrl: null,
      webhookUrl: g.dto.webhookUrl ?? null,
      error: failed ? g.outcome.error : null,
      errorCode: failed ? g.outcome.errorCode : null,
      error_code: failed ? g.outcome.errorCode : null,
    };
  }

  function addGeneration(id, dto, origin, createdAt, outcome) {
    const step = settings.stepMs;
    const g = { id, dto, origin, createdAt, processingAt: createdAt + step, finalAt: createdAt + 2 * step, outcome, waiters: new Set(), cancelTimer: null, waited: false };
    generations.set(id, g);
    scheduleFinal(g);
    return g;
  }

  function scheduleFinal(g) {
    g.cancelTimer?.();
    g.cancelTimer = Number.isFinite(g.finalAt) ? clock.at(g.finalAt, () => finalize(g)) : null;
  }

  function finalize(g) {
    g.cancelTimer = null;
    for (const wake of g.waiters) wake();
    if (g.dto.webhookUrl) sim.deliverWebhook({ url: g.dto.webhookUrl, payload: notification(view(g)), generationId: g.id });
  }

  /** The webhook body: the generation, less `segments` (the SDK's GenerationNotification). */
  function notification(v) {
    const { segments: _, ...rest } = v;
    return rest;
  }

  /** End a generation now (mock.generations.complete / fail / the cancel route). */
  function settle(id, outcome) {
    const g = generations.get(id);
    if (!g) throw new RangeError(`no generation ${id} in this mock`);
    const status = statusOf(g);
    if (TERMINAL.has(status)) throw new RangeError(`generation ${id} has already ended (${status})`);
    g.outcome = outcome;
    g.finalAt = clock.now();
    if (g.processingAt > g.finalAt) g.processingAt = g.finalAt;
    g.cancelTimer?.();
    g.cancelTimer = null;
    finalize(g);
    return view(g);
  }

  function outcomeFor(dto) {
    const chosen = settings.outcome?.(structuredClone(dto));
    if (chosen === undefined || chosen === "COMPLETED") return { status: "COMPLETED" };
    return normalizeOutcome(typeof chosen === "string" ? { status: chosen } : chosen);
  }

  const inFlight = () => [...generations.values()].filter((g) => !TERMINAL.has(statusOf(g))).length;

  async function createGeneration(req) {
    const multipart = req.contentType.startsWith("multipart/form-data");
    let dto;
    let fingerprint;
    if (multipart) {
      try {
        ({ dto, fingerprint } = await multipartCreate(req));
      } catch (e) {
        return error(400, String(e?.message ?? e));
      }
    } else {
      dto = parseJson(req);
      if (dto === undefined) return error(400, "Request body is not valid JSON.");
      fingerprint = req.text;
    }
    const problems = validateCreate(dto);
    if (problems.length) return error(400, problems);

    const key = req.headers.get("idempotency-key");
    if (key !== null) {
      if (!IDEMPOTENCY_KEY.test(key)) return error(400, "Idempotency-Key must be 1-128 characters of [A-Za-z0-9._~-].", { errorCode: "INVALID_IDEMPOTENCY_KEY" });
      const seen = idempotency.get(key);
      if (seen && seen.fingerprint !== fingerprint) {
        return error(409, "This Idempotency-Key was used with a different request body.", { errorCode: "IDEMPOTENCY_KEY_REUSED" });
      }
      if (seen) return json(201, view(generations.get(seen.id)), { "idempotent-replayed": "true" });
    }
    if (inFlight() >= settings.concurrency) return json(429, concurrencyLimitReached(settings.concurrency));
    const g = addGeneration(ids.generation(), dto, req.origin, clock.now(), outcomeFor(dto));
    if (key !== null) idempotency.set(key, { id: g.id, fingerprint });
    // The API answers a create with the generation as it was accepted, even when it is instant.
    return json(201, view(g, "PENDING"));
  }

  async function multipartCreate(req) {
    const dto = {};
    const files = {};
    const fingerprint = [];
    for (const [name, value] of req.form.entries()) {
      if (typeof value === "string") {
        dto[name] = ["input", "options", "segments"].includes(name) ? JSON.parse(value) : value;
        fingerprint.push([name, value]);
      } else {
        const token = ids.token();
        const bytes = new Uint8Array(await value.arrayBuffer());
        uploads.set(token, { fileName: value.name, contentType: value.type || "application/octet-stream", size: value.size, bytes });
        files[name] = `${req.origin}/files/${token}`;
        fingerprint.push([name, value.name, value.type, await sha256Hex(bytes)]);
      }
    }
    dto.input = Array.isArray(dto.input) ? dto.input : [];
    if (files.video) dto.input.unshift({ type: "video", url: files.video });
    if (files.audio) dto.input.push({ type: "audio", url: files.audio });
    // Multipart bodies differ by boundary on every send, so a retry is recognised by its fields.
    return { dto, fingerprint: JSON.stringify(fingerprint) };
  }

  async function getGeneration(req, id) {
    const g = generations.get(id);
    if (!g) return error(404, `Generation ${id} not found.`);
    if (req.url.searchParams.get("wait") === "true") return longPoll(req, g);
    // "poll": every plain look moves time. "wait": only for a client that has long-polled this
    // generation and been answered before its end (on the virtual clock that answer comes at once, so
    // the SDK takes the server for one without long-poll and polls plainly from then on; without
    // this, those plain looks would never see the generation end).
    const polling = settings.autoAdvance === "poll" || (settings.autoAdvance === "wait" && g.waited);
    const next = clock.now() < g.processingAt ? g.processingAt : g.finalAt;
    // (With `stepMs: Infinity` there is no next status to move to: it waits for complete/fail.)
    if (polling && clock.mode === "virtual" && !TERMINAL.has(statusOf(g)) && Number.isFinite(next)) {
      clock.advanceTo(next);
      await sim.flush();
    }
    return json(200, view(g));
  }

  // `?wait=true&timeout=N`: held until the generation ends or N seconds pass. On the virtual clock
  // the wait passes in virtual time: at once when `autoAdvance` is on (the clock jumps to the end or
  // the timeout), else when `mock.advance` gets there.
  async function longPoll(req, g) {
    const raw = req.url.searchParams.get("timeout") ?? "5";
    const seconds = Number(raw);
    if (!/^\d+$/.test(raw) || seconds < 1 || seconds > 10) return error(400, "timeout must be an integer from 1 to 10");
    const headers = { "x-sync-wait-mode": "long_poll", "x-sync-wait-timeout-seconds": String(seconds) };
    const answer = () => {
      const v = view(g);
      return json(200, v, TERMINAL.has(v.status) ? headers : { ...headers, "retry-after": "2" });
    };
    if (TERMINAL.has(statusOf(g))) return answer();
    const deadline = clock.now() + seconds * 1000;
    if (clock.mode === "virtual" && settings.autoAdvance) {
      clock.advanceTo(Math.min(g.finalAt, deadline));
      await sim.flush();
      if (!TERMINAL.has(statusOf(g))) g.waited = true;
      return answer();
    }
    await new Promise((resolve) => {
      const done = () => {
        g.waiters.delete(done);
        cancel();
        req.signal.removeEventListener("abort", done);
        resolve();
      };
      g.waiters.add(done);
      const cancel = clock.at(deadline, done);
      req.signal.addEventListener("abort", done);
    });
    if (req.signal.aborted) return { reset: true };
    await sim.flush();
    return answer();
  }

  function listGenerations(req) {
    const params = req.url.searchParams;
    const statuses = listParam(params, "status");
    const wanted = listParam(params, "ids");
    let items = [...generations.values()]
      .map((g) => view(g))
      .filter((g) => !statuses.length || statuses.includes(g.status))
      .filter((g) => !wanted.length || wanted.includes(g.id))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
    const limit = params.get("limit");
    if (limit !== null) {
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 1 || n > 100) return error(400, ["limit must be an integer from 1 to 100"]);
      const cursor = params.get("cursor");
      if (cursor) {
        const at = items.findIndex((g) => g.id === cursor);
        if (at < 0) return error(400, ["cursor must be the id of a generation from the previous page"]);
        items = items.slice(at + 1);
      }
      items = items.slice(0, n);
    } else if (params.get("cursor")) {
      return error(400, ["cursor requires limit"]);
    }
    return json(200, items);
  }

  function cancelGeneration(id) {
    const g = generations.get(id);
    if (!g) return error(404, `Generation ${id} not found.`);
    if (TERMINAL.has(statusOf(g))) return error(400, `Generation ${id} has ended (${statusOf(g)}) and cannot be canceled.`);
    return json(200, settle(id, { status: "CANCELED" }));
  }

  /** The legacy result link of the 2025 OpenAPI: a redirect to the output once completed, with the
   * generation as its body (the spec's 302 is `Generation` JSON; a client that follows never sees it). */
  function generationResult(req, id) {
    const g = generations.get(id);
    if (!g) return error(404, `Generation ${id} not found.`);
    if (!req.url.searchParams.get("token")) return error(400, ["token is required"]);
    if (statusOf(g) !== "COMPLETED") return error(400, "The generation has not completed.");
    const v = view(g);
    return json(302, v, { location: v.outputUrl });
  }

  function estimateCost(req) {
    const dto = parseJson(req);
    if (dto === undefined) return error(400, "Request body is not valid JSON.");
    const problems = validateCreate(dto);
    if (problems.length) return error(400, problems);
    return json(200, [{ estimatedFrameCount: 240, estimatedGenerationCost: dto.model === "lipsync-2-pro" ? 1.2 : 0.8 }]);
  }

  // --- assets and uploads ----------------------------------------------------------------------

  function listAssets(req) {
    const params = req.url.searchParams;
    let items = assets.filter((a) => !params.get("projectId") || a.projectId === params.get("projectId"));
    const types = listParam(params, "types");
    if (types.length) items = items.filter((a) => types.includes(a.type));
    const search = params.get("searchQuery");
    if (search) items = items.filter((a) => a.name.toLowerCase().includes(search.toLowerCase()));
    const sortBy = params.get("sortBy") ?? "dateDesc";
    const by = (field, dir) => (a, b) => dir * (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0);
    const sorts = {
      dateDesc: by("createdAt", -1), dateAsc: by("createdAt", 1), nameAsc: by("name", 1), nameDesc: by("name", -1),
      sizeAsc: by("size", 1), sizeDesc: by("size", -1), kindAsc: by("type", 1), kindDesc: by("type", -1),
      durationAsc: by("durationSeconds", 1), durationDesc: by("durationSeconds", -1),
    };
    if (!sorts[sortBy]) return error(400, [`sortBy must be one of ${Object.keys(sorts).join(", ")}`]);
    items = [...items].sort(sorts[sortBy]);
    const limit = Number(params.get("limit") ?? "20");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, ["limit must be an integer from 1 to 100"]);
    const cursor = params.get("cursor");
    const start = cursor ? Number(/^c(\d+)$/.exec(cursor)?.[1] ?? NaN) : 0;
    if (!Number.isInteger(start) || start < 0) return error(400, ["invalid cursor"]);
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? `c${start + limit}` : null;
    return json(200, { items: page, nextCursor: next, totalCount: items.length });
  }

  function createUpload(req) {
    const body = parseJson(req);
    if (body === undefined) return error(400, "Request body is not valid JSON.");
    const problems = [];
    if (typeof body?.fileName !== "string" || !body.fileName) problems.push("fileName must be a non-empty string");
    if (typeof body?.contentType !== "string" || !body.contentType) problems.push("contentType must be a non-empty string");
    if (!Number.isInteger(body?.size) || body.size < 0) problems.push("size must be a whole number of bytes");
    if (problems.length) return error(400, problems);
    const token = ids.token();
    uploads.set(token, { fileName: body.fileName, contentType: body.contentType, size: body.size });
    return json(201, { uploadUrl: `${req.origin}/__upload/${token}?X-Mock-Signature=${token.slice(0, 8)}`, url: `${req.origin}/files/${token}`, expiresIn: 3600 });
  }

  // The presigned PUT: storage, not the API, so no key (and one sent is refused, as a leak).
  async function receiveUpload(req, token) {
    const upload = uploads.get(token);
    if (req.method !== "PUT" || !upload) return error(404, "No such upload.");
    if (req.headers.has("x-api-key")) return error(400, "A presigned upload must not carry x-api-key.");
    if (req.contentType !== upload.contentType) return error(400, `Content-Type must be ${upload.contentType} as signed.`);
    if (req.raw.length !== upload.size) return error(400, `Expected ${upload.size} bytes, got ${req.raw.length}.`);
    upload.bytes = req.raw;
    return { status: 200, headers: { etag: `"${(await sha256Hex(req.raw)).slice(0, 32)}"` }, body: null };
  }

  function registerAsset(req) {
    const body = parseJson(req);
    if (body === undefined) return error(400, "Request body is not valid JSON.");
    if (typeof body?.url !== "string" || !/^https?:\/\//.test(body.url)) return error(400, ["url must be an http(s) URL"]);
    const prefix = `${req.origin}/files/`;
    const token = body.url.startsWith(prefix) ? body.url.slice(prefix.length) : null;
    const upload = token ? uploads.get(token) : null;
    if (token && !upload?.bytes) return error(400, ["the file at url has not been uploaded"]);
    const contentType = upload?.contentType ?? "video/mp4";
    const now = new Date(clock.now()).toISOString();
    const asset = {
      id: ids.asset(),
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
    return json(201, asset);
  }

  function getAsset(id) {
    const asset = assets.find((a) => a.id === id);
    return asset ? json(200, asset) : error(404, "Asset not found.");
  }

  function serveFile(token) {
    const upload = uploads.get(token);
    if (!upload?.bytes) return error(404, "No such file.");
    return { status: 200, headers: { "content-type": upload.contentType }, body: upload.bytes };
  }

  // A completed generation's output (media.js), with byte ranges, as media elements ask for them;
  // and a completed batch's results, one JSON line per request.
  function serveOutput(req, name) {
    const batch = batches.get(name.replace(/\.jsonl$/, ""));
    if (batch && name.endsWith(".jsonl")) {
      if (batchView(batch).status !== "COMPLETED") return error(404, "No such output.");
      const lines = batch.requestIds.map((request_id, i) => JSON.stringify({ request_id, status: "COMPLETED", outputUrl: `${batch.origin}/outputs/${batch.id}-${i}.mp4` }));
      return { status: 200, headers: { "content-type": "application/x-ndjson" }, body: lines.join("\n") + "\n" };
    }
    const base = name.replace(/\.mp4$/, "");
    const g = generations.get(base);
    const fromBatch = /^(.*)-(\d+)$/.exec(base);
    const ok = g ? statusOf(g) === "COMPLETED" : fromBatch && batches.has(fromBatch[1]) && batchView(batches.get(fromBatch[1])).status === "COMPLETED";
    if (!ok) return error(404, "No such output.");
    const bytes = outputMp4();
    const headers = { "content-type": "video/mp4", "accept-ranges": "bytes", "cache-control": "no-store" };
    const head = req.method === "HEAD";
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.get("range") ?? "");
    if (!range || (range[1] === "" && range[2] === "")) return { status: 200, headers: { ...headers, "content-length": String(bytes.length) }, body: head ? null : bytes };
    const start = range[1] === "" ? Math.max(0, bytes.length - Number(range[2])) : Number(range[1]);
    const end = range[1] === "" || range[2] === "" ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
    if (start >= bytes.length || start > end) return { status: 416, headers: { ...headers, "content-range": `bytes */${bytes.length}` }, body: null };
    return { status: 206, headers: { ...headers, "content-range": `bytes ${start}-${end}/${bytes.length}`, "content-length": String(end - start + 1) }, body: head ? null : bytes.slice(start, end + 1) };
  }

  // --- batch ------------------------------------------------------------------------------------

  function batchView(b, t = clock.now()) {
    const total = b.requestIds.length;
    const status = b.status ?? (t >= b.createdAt + 2 * settings.stepMs ? "COMPLETED" : t >= b.createdAt + settings.stepMs ? "PROCESSING" : "PENDING");
    const done = status === "COMPLETED";
    return {
      id: b.id,
      created_at: new Date(b.createdAt).toISOString(),
      status,
      metrics: { total_generations: total, success_count: done ? total : 0, failed_count: 0, pending_count: done ? 0 : total },
      webhookUrl: b.webhookUrl,
      outputUrl: done ? b.outputUrl ?? `${b.origin}/outputs/${b.id}.jsonl` : null,
    };
  }

  async function createBatch(req) {
    if (!req.contentType.startsWith("multipart/form-data")) return error(400, "Send the batch as multipart/form-data with an input file.");
    const file = req.form.get("input") ?? req.form.get("file");
    if (!file || typeof file === "string") return error(400, ["input must be a JSONL file"]);
    if (file.size > 5 * 1024 * 1024) return error(413, "The input file is larger than 5 MB.");
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
      if (typeof request?.request_id !== "string" || !request.request_id) problems.push(`line ${i + 1}: request_id is required`);
      else if (seen.has(request.request_id)) problems.push(`line ${i + 1}: duplicate request_id ${request.request_id}`);
      seen.add(request?.request_id);
      if (request?.endpoint !== "/v2/generate") problems.push(`line ${i + 1}: endpoint must be /v2/generate`);
      for (const p of validateCreate(request?.payload)) problems.push(`line ${i + 1}: payload: ${p}`);
    });
    if (problems.length) return error(400, problems.slice(0, 20));
    if (req.form.get("dry_run") === "true") return json(200, { status: "VALIDATED" });
    const b = {
      id: ids.batch(),
      createdAt: clock.now(),
      origin: req.origin,
      requestIds: lines.map((l) => JSON.parse(l).request_id),
      webhookUrl: req.form.get("webhook_url") ?? null,
    };
    batches.set(b.id, b);
    if (b.webhookUrl) {
      clock.at(b.createdAt + 2 * settings.stepMs, () => sim.deliverWebhook({ url: b.webhookUrl, payload: batchView(b), batchId: b.id }));
    }
    return json(201, batchView(b));
  }

  function listBatches(req) {
    const params = req.url.searchParams;
    const after = params.get("created_after");
    const before = params.get("created_before");
    for (const [name, value] of [["created_after", after], ["created_before", before]]) {
      if (value && Number.isNaN(Date.parse(value))) return error(400, [`${name} must be an ISO 8601 date`]);
    }
    const statuses = listParam(params, "status");
    const items = [...batches.values()]
      .map((b) => batchView(b))
      .filter((b) => !statuses.length || statuses.includes(b.status))
      .filter((b) => !after || b.created_at > new Date(after).toISOString())
      .filter((b) => !before || b.created_at < new Date(before).toISOString())
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return json(200, items);
  }

  function getBatch(id) {
    const b = batches.get(id);
    return b ? json(200, batchView(b)) : error(404, "Batch not found.");
  }

  // --- authentication and limits ----------------------------------------------------------------

  function authenticate(req) {
    const key = req.headers.get("x-api-key");
    if (key === null || key === "") return error(401, "Missing API key: send it in the x-api-key header.");
    if (!settings.keys.has(key)) return error(401, "Invalid API key.");
    return null;
  }

  function rateLimited(req) {
    const create = req.method === "POST" && req.path === "/v2/generate";
    const limit = create ? settings.rateLimit.create : settings.rateLimit.other;
    if (!Number.isFinite(limit)) return null;
    const id = `${req.headers.get("x-api-key")} ${create ? "create" : "other"}`;
    const now = clock.now();
    const recent = (windows.get(id) ?? []).filter((t) => t > now - 60_000);
    windows.set(id, recent);
    if (recent.length >= limit) {
      const wait = Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
      return json(429, apiError(429, "Rate limit exceeded. Please try again later.", { errorCode: "rate_limit_exceeded" }), { "retry-after": String(wait) });
    }
    recent.push(now);
    return null;
  }

  // --- the router -------------------------------------------------------------------------------

  /** Storage (uploads, files, outputs): no key, as on S3. */
  async function storage(req) {
    const { path } = req;
    if (path.startsWith("/__upload/")) return receiveUpload(req, decodeURIComponent(path.slice(10)));
    if (path.startsWith("/files/") && (req.method === "GET" || req.method === "HEAD")) return serveFile(decodeURIComponent(path.slice(7)));
    if (path.startsWith("/outputs/") && (req.method === "GET" || req.method === "HEAD")) return serveOutput(req, decodeURIComponent(path.slice(9)));
    return undefined;
  }

  async function route(req) {
    const stored = await storage(req);
    if (stored) return stored;
    const { method, path } = req;
    if (method === "GET" && path === "/v2/healthcheck") return json(200, { status: "ok" });
    if (!path.startsWith("/v2/")) return error(404, `Cannot ${method} ${path}`);
    const refused = authenticate(req) ?? rateLimited(req);
    if (refused) return refused;
    const key = `${method} ${path}`;
    if (key === "POST /v2/generate") return createGeneration(req);
    if (key === "POST /v2/analyze/cost") return estimateCost(req);
    if (key === "GET /v2/generations") return listGenerations(req);
    if (key === "GET /v2/models") return json(200, MODELS);
    if (key === "GET /v2/assets") return listAssets(req);
    if (key === "POST /v2/assets/upload") return createUpload(req);
    if (key === "POST /v2/assets") return registerAsset(req);
    if (key === "POST /v2/batch") return createBatch(req);
    if (key === "GET /v2/batch") return listBatches(req);
    let m;
    if (method === "GET" && (m = /^\/v2\/generate\/([^/]+)$/.exec(path))) return getGeneration(req, decodeURIComponent(m[1]));
    if (method === "POST" && (m = /^\/v2\/generate\/([^/]+)\/cancel$/.exec(path))) return cancelGeneration(decodeURIComponent(m[1]));
    if (method === "GET" && (m = /^\/v2\/generations\/([^/]+)\/result$/.exec(path))) return generationResult(req, decodeURIComponent(m[1]));
    if (method === "GET" && (m = /^\/v2\/assets\/([^/]+)$/.exec(path))) return getAsset(decodeURIComponent(m[1]));
    if (method === "GET" && (m = /^\/v2\/batch\/([^/]+)$/.exec(path))) return getBatch(decodeURIComponent(m[1]));
    return error(404, `Cannot ${method} ${path}`);
  }

  /** The ids and records the Sync docs use in their examples, so those examples run. */
  function seedExamples() {
    const long = Date.UTC(2025, 0, 1);
    const docs = "https://assets.sync.so/docs";
    const g = addGeneration("6533643b-aceb-4c40-967e-d9ba9baac39e", { model: "lipsync-2", input: [{ type: "video", url: `${docs}/example-video.mp4` }, { type: "audio", url: `${docs}/example-audio.wav` }], options: { sync_mode: "loop" } }, "https://api.sync.so", long, { status: "COMPLETED" });
    g.processingAt = g.finalAt = long;
    g.cancelTimer?.();
    assets.push({ id: "550e8400-e29b-41d4-a716-446655440000", createdAt: new Date(long).toISOString(), updatedAt: new Date(long).toISOString(), name: "example-video.mp4", url: `${docs}/example-video.mp4`, size: 1048576, format: "mp4", type: "VIDEO", inputType: "URL", visibility: "ORGANIZATION", durationSeconds: 12.5, projectId: "project-docs" });
    batches.set("batch_abc123", { id: "batch_abc123", createdAt: long, origin: "https://api.sync.so", requestIds: Array.from({ length: 20 }, (_, i) => `r${i}`), webhookUrl: null, status: "COMPLETED", outputUrl: "https://api.sync.so/v2/batch/batch_abc123/output" });
    // A library of 25, so asset lists have several pages.
    const kinds = ["VIDEO", "AUDIO", "IMAGE"];
    for (let i = 0; i < 25; i++) {
      const date = new Date(Date.UTC(2025, 1, 1 + i)).toISOString();
      const type = kinds[i % 3];
      assets.push({ id: `asset-${String(i + 1).padStart(2, "0")}`, createdAt: date, updatedAt: date, name: `${type.toLowerCase()} ${i + 1}`, url: `https://example.com/library/${i + 1}`, size: 1000 * (i + 1), type, inputType: "URL", visibility: i % 2 ? "USER" : "ORGANIZATION", projectId: i < 10 ? "project-a" : "project-b" });
    }
  }

  function clear() {
    for (const g of generations.values()) g.cancelTimer?.();
    generations.clear();
    idempotency.clear();
    assets.length = 0;
    uploads.clear();
    batches.clear();
    windows.clear();
  }

  return {
    route,
    seedExamples,
    clear,
    view: (id) => (generations.has(id) ? view(generations.get(id)) : undefined),
    views: () => [...generations.values()].map((g) => view(g)),
    settle,
    inFlight,
    batchView: (id) => (batches.has(id) ? batchView(batches.get(id)) : undefined),
  };
}

/** A generation's end as given to `fail()` or by `outcome`: FAILED or REJECTED, code and message. */
export function normalizeOutcome(given = {}) {
  if (given === null || typeof given !== "object") throw new TypeError("an outcome is { status?, errorCode?, error? }");
  const status = given.status ?? "FAILED";
  if (status === "COMPLETED") return { status, outputUrl: given.outputUrl, outputDuration: given.outputDuration };
  if (!["FAILED", "REJECTED", "CANCELED", "TIMED_OUT"].includes(status)) throw new TypeError(`an outcome's status is COMPLETED, FAILED, REJECTED, CANCELED or TIMED_OUT, not ${status}`);
  return { status, errorCode: given.errorCode ?? FAILED_DEFAULT.errorCode, error: given.error ?? FAILED_DEFAULT.error };
}

export function validateCreate(dto) {
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
    if (typeof item.url !== "string" && typeof item.assetId !== "string") problems.push(`each ${item.type} input must have a url or an assetId`);
  }
  if (dto.webhookUrl !== undefined && dto.webhookUrl !== null && !(typeof dto.webhookUrl === "string" && /^https?:\/\/[^/]/.test(dto.webhookUrl))) {
    problems.push("webhookUrl must be an http(s) URL");
  }
  return problems;
}

/**
 * A list filter in any of the forms clients send (../shared/reference/sync-api.md §6.1): repeated
 * keys (`status=A&status=B`), commas (`status=A,B`), or the official TS SDK's JSON (`status=["A"]`).
 * Which the live API takes is not confirmed, so the mock takes all three rather than answer an
 * empty list.
 */
function listParam(params, name) {
  return params.getAll(name).flatMap((value) => {
    if (value.startsWith("[")) {
      try {
        const parsed = JSON.parse(value);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // not JSON: taken as text below
      }
    }
    return value.split(",");
  }).map((v) => v.trim()).filter(Boolean);
}

function parseJson(req) {
  try {
    return JSON.parse(req.text);
  } catch {
    return undefined;
  }
}
