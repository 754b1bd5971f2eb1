// A local stand-in for the Sync API (https://api.sync.so/v2), for tests and the demo.
//
// It speaks the real routes with the real body shapes (see ../shared/reference/sync-api.md), checks
// x-api-key like the API, keeps generations in memory and moves them PENDING → PROCESSING → COMPLETED
// over time. It answers CORS preflights only for the headers the SDK is known to send, so a browser
// test fails if the SDK starts sending one more.
//
// Test hooks (no real API has these): generation ids starting with `mock-` trigger faults, see
// `faultFor` below, and `GET /__mock/requests?path=...` counts requests per path.
//
// Usage: node mock/server.mjs [--port 0] [--host 127.0.0.1] [--step-ms 1500] [--key KEY]... [--port-file F]

import { createServer } from "node:http";
import { createHash, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const DEFAULT_KEY = "sync-test-key";

// Request headers a browser may send: the SDK's own, plus `x-test-*` for tests of caller headers.
const ALLOWED_HEADERS = new Set(["accept", "content-type", "x-api-key", "x-sync-sdk", "idempotency-key"]);
const EXPOSED_HEADERS = "x-request-id, retry-after, retry-after-ms, x-should-retry, x-echo";
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
export function startMockServer({ port = 0, host = "127.0.0.1", stepMs = 1500, keys = [DEFAULT_KEY], log = false } = {}) {
  const generations = new Map();
  const idempotency = new Map();
  const counts = new Map();

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

    if (path === "/__mock/requests") {
      const of = url.searchParams.get("path") ?? "";
      return json(res, 200, { count: (counts.get(`GET ${of}`) ?? 0) + (counts.get(`POST ${of}`) ?? 0) });
    }
    if (path.startsWith("/outputs/")) {
      return json(res, 404, apiError(404, "The mock server does not render output videos."));
    }
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

    const body = req.method === "POST" ? await readBody(req) : "";
    const origin = `http://${req.headers.host}`;

    if (req.method === "POST" && path === "/v2/generate") {
      return createGeneration(req, res, body, origin);
    }
    const match = /^\/v2\/generate\/([^/]+)$/.exec(path);
    if (req.method === "GET" && match) {
      const id = decodeURIComponent(match[1]);
      const fault = id.startsWith("mock-") ? await faultFor(id, res, key, countKey) : false;
      if (fault) return;
      const generation = generations.get(id);
      if (!generation) return json(res, 404, apiError(404, `Generation ${id} not found.`));
      return json(res, 200, view(generation));
    }
    return json(res, 404, apiError(404, `Cannot ${req.method} ${path}`));
  });

  function createGeneration(req, res, body, origin) {
    let dto;
    try {
      dto = JSON.parse(body);
    } catch {
      return json(res, 400, apiError(400, "Request body is not valid JSON."));
    }
    const problems = validateCreate(dto);
    if (problems.length) return json(res, 400, apiError(400, problems));

    const idemKey = req.headers["idempotency-key"];
    const digest = createHash("sha256").update(body).digest("hex");
    if (idemKey !== undefined) {
      if (!/^[A-Za-z0-9._~-]{1,128}$/.test(idemKey)) {
        return json(res, 400, { ...apiError(400, "Idempotency-Key must be 1-128 characters of [A-Za-z0-9._~-]."), errorCode: "INVALID_IDEMPOTENCY_KEY" });
      }
      const seen = idempotency.get(idemKey);
      if (seen && seen.digest !== digest) {
        return json(res, 409, { ...apiError(409, "This Idempotency-Key was used with a different request body."), errorCode: "IDEMPOTENCY_KEY_REUSED" });
      }
      if (seen) return json(res, 201, view(generations.get(seen.id)));
    }
    const id = randomUUID();
    const fails = dto.input.some((i) => typeof i.url === "string" && i.url.includes("mock-fail"));
    generations.set(id, { id, dto, origin, createdAt: new Date(), fails });
    if (idemKey !== undefined) idempotency.set(idemKey, { id, digest });
    return json(res, 201, view(generations.get(id)));
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
  const videos = dto.input.filter((i) => i?.type === "video");
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

function json(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
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
    log: args.includes("--log"),
  });
  const portFile = opt("--port-file");
  if (portFile) writeFileSync(portFile, String(mock.port));
  console.log(`Sync mock server listening on ${mock.url} (key: ${keys.length ? "as given" : DEFAULT_KEY})`);
  const stop = () => mock.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
