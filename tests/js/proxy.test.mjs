// `sync-wasm/proxy` (as shipped in pkg/proxy/) against the shipped testing kit as its upstream: a
// security matrix, then the SDK end to end through it.
//
// The matrix is a table of cases. Each is sent as raw bytes over a socket (node:net) to the proxy
// served by toNodeHandler on http.createServer, since fetch and Request normalise many of these forms
// away (absolute-form targets, `//host`, backslashes, NUL, dot segments), and, where a Request can
// express it, through `proxy(new Request(...))` too. For each case the test checks the status and the
// errorCode, that the server key is nowhere in the answer, and what reached the upstream: for a refused
// case nothing at all (neither a recorded request in `mock.requests` nor a call of the proxy's
// `fetch`), for an allowed one exactly the expected request with exactly the expected headers.
//
// The mock accepts only SERVER_KEY. Pages send PAGE_KEY (and other credentials) where they can: an
// answer of 200 proves that the server's key, added last, is what the API got, since the mock would
// have answered the page's key 401 (`mock.requests` shows every x-api-key as "[redacted]").
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import express from "express";
import { connect } from "node:net";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";

import { SyncClient, isSyncError } from "../../pkg/node.js";
import { createMockSync } from "../../pkg/testing/index.js";
import { createSyncProxy, toNodeHandler, DEFAULT_ALLOW } from "../../pkg/proxy/index.js";

const SERVER_KEY = "sk-server-7f3a9c21e4b84d0f9a6e5c3b2d1f0e9a";
const PAGE_KEY = "sk-page-0000aaaa1111bbbb2222cccc3333dddd";
const APP = "https://app.example";
const REQUEST = {
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://example.com/speaker.mp4" },
    { type: "audio", url: "https://example.com/voice.wav" },
  ],
};
const JSON_BODY = JSON.stringify(REQUEST);

/**
 * A kit mock that accepts only the server key, and a proxy in front of it whose upstream fetch is
 * counted (`calls`: every URL it was asked for). `script(url, init)` may answer a call instead of the
 * mock (a redirect, which `mock.fail` cannot script).
 */
function rig({ proxy: options = {}, mock: mockOptions = {}, script } = {}) {
  const mock = createMockSync({ apiKey: SERVER_KEY, ...mockOptions });
  const calls = [];
  const upstream = async (url, init) => {
    calls.push({ url: String(url), method: init?.method ?? "GET" });
    return (await script?.(String(url), init)) ?? mock.fetch(url, init);
  };
  const proxy = createSyncProxy({ apiKey: SERVER_KEY, baseUrl: mock.baseUrl, fetch: upstream, ...options });
  return { mock, proxy, calls };
}

/** The proxy behind toNodeHandler on http.createServer, on a free loopback port. */
async function serve(proxy, seen) {
  const handler = toNodeHandler(proxy);
  const server = createServer((req, res) => {
    seen?.push({ method: req.method, path: req.url, apiKey: req.headers["x-api-key"] ?? null });
    return handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

/**
 * Send bytes on a fresh connection and read the answer: `{ status, headers, body, raw }`, status null
 * when the server closed the connection without answering.
 */
function rawHttp(port, bytes, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    socket.write(bytes);
  });
}

function parseResponse(buffer) {
  const end = buffer.indexOf("\r\n\r\n");
  if (!buffer.length || end < 0) return { status: null, headers: {}, body: "", raw: buffer.toString("latin1") };
  const [statusLine, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = buffer.subarray(end + 4);
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const parts = [];
    for (let at = 0; at < body.length; ) {
      const eol = body.indexOf("\r\n", at);
      const size = parseInt(body.subarray(at, eol).toString("latin1"), 16);
      if (!size) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: body.toString("utf8"), raw: buffer.toString("latin1") };
}

/** A raw request: the target exactly as given, Host and `Connection: close` unless given. */
function rawRequest(port, method, target, headers = {}, body = "") {
  const all = { Host: `127.0.0.1:${port}`, Connection: "close", ...headers };
  const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries(all).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body)]);
}

/** A Response as the raw reader gives it. */
async function fromResponse(response) {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

const errorCodeOf = (answer) => {
  try {
    return JSON.parse(answer.body).errorCode;
  } catch {
    return undefined;
  }
};

/** What the report shows of an answer. */
const shown = (answer) => (answer.status === null ? "closed" : `${answer.status}${errorCodeOf(answer) ? ` ${errorCodeOf(answer)}` : ""}`);

/** The answer holds the server key nowhere: not in its headers, not in its body. */
function assertNoKey(answer, what) {
  const text = JSON.stringify(answer.headers) + answer.body + (answer.raw ?? "");
  assert.ok(!text.includes(SERVER_KEY), `${what}: the server key is in the answer:\n${text.slice(0, 2000)}`);
}

const matrix = [];
function report(section, name, form, answer, upstream) {
  matrix.push({ section, name, form, result: shown(answer), upstream });
}

// ---------------------------------------------------------------------------------------------
// 1. Refused: open-proxy forms, paths outside `allow`, other methods. Each: status, errorCode, and
//    nothing upstream. `raw`: the request target as sent on the wire; `url`: the same through
//    proxy(new Request(url)) where a URL can say it.
// ---------------------------------------------------------------------------------------------

const NOT_ALLOWED = "proxy_route_not_allowed";
const METHOD = "proxy_method_not_allowed";
const LONG_ID = "a".repeat(5000);

const REFUSED = [
  // Absolute-form and authority-form targets: a request for a forward proxy.
  { name: "absolute-form target, another host", raw: "http://evil.example/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "absolute-form target, another host, the proxy's path", raw: "http://evil.example/api/sync/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "absolute-form target, the proxy's own host", raw: (port) => `http://127.0.0.1:${port}/api/sync/v2/models`, status: 404, errorCode: NOT_ALLOWED },
  { name: "absolute-form https target", raw: "https://api.sync.so/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "asterisk-form target", method: "OPTIONS", raw: "*", status: 404, errorCode: NOT_ALLOWED },
  { name: "CONNECT evil.example:443", method: "CONNECT", raw: "evil.example:443", status: null },
  // A path that a URL parser would read as another host.
  { name: "//host target", raw: "//evil.example/v2/models", url: "//evil.example/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "//host target with the proxy's path", raw: "//evil.example/api/sync/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "//host after the prefix", raw: "/api/sync//evil.example/v2/models", url: "/api/sync//evil.example/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "a URL after the prefix", raw: "/api/sync/https://evil.example/v2/models", url: "/api/sync/https://evil.example/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "\\\\host after the prefix", raw: "/api/sync/\\\\evil.example/v2/models", url: "/api/sync/\\\\evil.example/v2/models", status: 404, errorCode: NOT_ALLOWED },
  // Dot segments, raw and encoded, and what they resolve to.
  { name: "../ out of the prefix", raw: "/api/sync/v2/../../x", url: "/api/sync/v2/../../x", status: 404, errorCode: NOT_ALLOWED },
  { name: "../ to a route outside allow (batch)", raw: "/api/sync/v2/models/../batch", url: "/api/sync/v2/models/../batch", status: 404, errorCode: NOT_ALLOWED },
  { name: "%2e%2e out of the prefix", raw: "/api/sync/v2/%2e%2e/%2e%2e/x", url: "/api/sync/v2/%2e%2e/%2e%2e/x", status: 404, errorCode: NOT_ALLOWED },
  { name: "%2E%2E/ to batch", raw: "/api/sync/v2/models/%2E%2E/batch", url: "/api/sync/v2/models/%2E%2E/batch", status: 404, errorCode: NOT_ALLOWED },
  { name: ".%2e as an id", raw: "/api/sync/v2/generate/.%2e", url: "/api/sync/v2/generate/.%2e", status: 404, errorCode: NOT_ALLOWED },
  { name: "%252e%252e (double-encoded) as an id", raw: "/api/sync/v2/generate/%252e%252e", url: "/api/sync/v2/generate/%252e%252e", status: 404, errorCode: NOT_ALLOWED },
  { name: "..; (matrix parameter) as an id", raw: "/api/sync/v2/generate/..;", url: "/api/sync/v2/generate/..;", status: 404, errorCode: NOT_ALLOWED },
  { name: "..;/ to batch", raw: "/api/sync/v2/generate/..;/batch", url: "/api/sync/v2/generate/..;/batch", status: 404, errorCode: NOT_ALLOWED },
  // Encoded separators.
  { name: "%2f in an id (to batch)", raw: "/api/sync/v2/generate/..%2f..%2fbatch", url: "/api/sync/v2/generate/..%2f..%2fbatch", status: 404, errorCode: NOT_ALLOWED },
  { name: "%2F in the fixed path", raw: "/api/sync/v2%2Fmodels", url: "/api/sync/v2%2Fmodels", status: 404, errorCode: NOT_ALLOWED },
  { name: "%5c in an id", raw: "/api/sync/v2/generate/x%5c..%5cbatch", url: "/api/sync/v2/generate/x%5c..%5cbatch", status: 404, errorCode: NOT_ALLOWED },
  { name: "%252f (double-encoded) in an id", raw: "/api/sync/v2/generate/x%252fbatch", url: "/api/sync/v2/generate/x%252fbatch", status: 404, errorCode: NOT_ALLOWED },
  { name: "raw backslashes ..\\..\\", raw: "/api/sync/v2\\..\\..\\x", url: "/api/sync/v2\\..\\..\\x", status: 404, errorCode: NOT_ALLOWED },
  { name: "raw backslash to batch", raw: "/api/sync/v2/models\\..\\batch", url: "/api/sync/v2/models\\..\\batch", status: 404, errorCode: NOT_ALLOWED },
  // Empty segments.
  { name: "double slash in the API path", raw: "/api/sync/v2//models", url: "/api/sync/v2//models", status: 404, errorCode: NOT_ALLOWED },
  { name: "double slash after the prefix", raw: "/api/sync//v2/models", url: "/api/sync//v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "trailing slash", raw: "/api/sync/v2/models/", url: "/api/sync/v2/models/", status: 404, errorCode: NOT_ALLOWED },
  // NUL and control characters.
  { name: "raw NUL in the target (Node's parser)", raw: "/api/sync/v2/models\0", status: 400 },
  { name: "%00 in an id", raw: "/api/sync/v2/generate/abc%00", url: "/api/sync/v2/generate/abc%00", status: 404, errorCode: NOT_ALLOWED },
  { name: "%0d%0a in an id", raw: "/api/sync/v2/generate/abc%0d%0aX-Api-Key:%20x", url: "/api/sync/v2/generate/abc%0d%0aX-Api-Key:%20x", status: 404, errorCode: NOT_ALLOWED },
  // Overlong.
  { name: "a 5000-character id", raw: `/api/sync/v2/generate/${LONG_ID}`, url: `/api/sync/v2/generate/${LONG_ID}`, status: 404, errorCode: NOT_ALLOWED },
  { name: "a 20000-character target (Node's header limit)", raw: `/api/sync/v2/generate/${"a".repeat(20_000)}`, status: 431 },
  // Routes outside `allow` (the default: no batch, no v1, nothing of the mock's own).
  { name: "GET batch", raw: "/api/sync/v2/batch", url: "/api/sync/v2/batch", status: 404, errorCode: NOT_ALLOWED },
  { name: "POST batch", method: "POST", raw: "/api/sync/v2/batch", url: "/api/sync/v2/batch", status: 404, errorCode: NOT_ALLOWED },
  { name: "POST cancel of a generation", method: "POST", raw: "/api/sync/v2/generate/abc/cancel", url: "/api/sync/v2/generate/abc/cancel", status: 404, errorCode: NOT_ALLOWED },
  { name: "v1 API", raw: "/api/sync/v1/models", url: "/api/sync/v1/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "the mock's control routes", raw: "/api/sync/__mock/requests", url: "/api/sync/__mock/requests", status: 404, errorCode: NOT_ALLOWED },
  { name: "the prefix alone", raw: "/api/sync", url: "/api/sync", status: 404, errorCode: NOT_ALLOWED },
  { name: "a look-alike prefix", raw: "/api/syncx/v2/models", url: "/api/syncx/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "another path", raw: "/v2/models", url: "/v2/models", status: 404, errorCode: NOT_ALLOWED },
  { name: "prefix in another case", raw: "/API/SYNC/v2/models", url: "/API/SYNC/v2/models", status: 404, errorCode: NOT_ALLOWED },
  // Other methods on allowed paths.
  { name: "DELETE a generation", method: "DELETE", raw: "/api/sync/v2/generate/abc", url: "/api/sync/v2/generate/abc", status: 405, errorCode: METHOD, allow: "GET" },
  { name: "PUT an asset", method: "PUT", raw: "/api/sync/v2/assets", url: "/api/sync/v2/assets", status: 405, errorCode: METHOD, allow: "POST, GET" },
  { name: "PATCH models", method: "PATCH", raw: "/api/sync/v2/models", url: "/api/sync/v2/models", status: 405, errorCode: METHOD, allow: "GET" },
  { name: "POST models", method: "POST", raw: "/api/sync/v2/models", url: "/api/sync/v2/models", status: 405, errorCode: METHOD, allow: "GET" },
  { name: "GET the create route", raw: "/api/sync/v2/generate", url: "/api/sync/v2/generate", status: 405, errorCode: METHOD, allow: "POST" },
  { name: "HEAD models", method: "HEAD", raw: "/api/sync/v2/models", url: "/api/sync/v2/models", status: 405, allow: "GET" },
  { name: "PROPFIND models", method: "PROPFIND", raw: "/api/sync/v2/models", url: "/api/sync/v2/models", status: 405, errorCode: METHOD },
  { name: "TRACE models", method: "TRACE", raw: "/api/sync/v2/models", status: 405, errorCode: METHOD },
  { name: "lower-case method (Node's parser)", method: "get", raw: "/api/sync/v2/models", status: 400 },
  // Header smuggling: framing the parser refuses, and a Host that would rewrite the URL.
  { name: "Content-Length with Transfer-Encoding (CL.TE)", method: "POST", raw: "/api/sync/v2/generate", headers: { "Content-Length": "4", "Transfer-Encoding": "chunked" }, body: "0\r\n\r\n", status: 400 },
  { name: "two different Content-Lengths", method: "POST", raw: "/api/sync/v2/generate", headers: { "Content-Length": "2\r\nContent-Length: 40" }, body: "{}", status: 400 },
  { name: "obs-fold header continuation", raw: "/api/sync/v2/models", headers: { "X-Api-Key": `${PAGE_KEY}\r\n  folded` }, status: 400 },
  { name: "bare CR in a header", raw: "/api/sync/v2/models", headers: { "X-A": "a\rX-Api-Key: x" }, status: 400 },
  { name: "Host with a path and fragment", raw: "/x", headers: { Host: "127.0.0.1/api/sync/v2/models#" }, status: 400, errorCode: "proxy_bad_request" },
  { name: "Host with credentials", raw: "/api/sync/v2/models", headers: { Host: "user:pw@127.0.0.1" }, status: 400, errorCode: "proxy_bad_request" },
];

describe("refused before the API: open-proxy forms, routes outside allow, other methods, smuggling", () => {
  const { mock, proxy, calls } = rig();
  let server;
  before(async () => (server = await serve(proxy)));
  after(() => server.close());

  for (const c of REFUSED) {
    const method = c.method ?? "GET";
    if (c.raw !== undefined) {
      test(`raw HTTP: ${c.name}`, async () => {
        const before = { recorded: mock.requests.length, calls: calls.length };
        const target = typeof c.raw === "function" ? c.raw(server.port) : c.raw;
        const answer = await rawHttp(server.port, rawRequest(server.port, method, target, c.headers, c.body));
        assert.equal(answer.status, c.status, `${method} ${target.slice(0, 80)}: ${answer.raw.slice(0, 400)}`);
        if (c.errorCode) assert.equal(errorCodeOf(answer), c.errorCode);
        if (c.allow) assert.equal(answer.headers.allow, c.allow);
        assertNoKey(answer, c.name);
        assert.equal(mock.requests.length, before.recorded, "the mock recorded a request");
        assert.equal(calls.length, before.calls, `the proxy called its upstream: ${JSON.stringify(calls.slice(before.calls))}`);
        report("refused", c.name, "raw", answer, "none");
      });
    }
    if (c.url !== undefined) {
      test(`proxy(new Request): ${c.name}`, async () => {
        const before = { recorded: mock.requests.length, calls: calls.length };
        const request = new Request(new URL(c.url, APP), { method, body: method === "POST" || method === "PUT" ? "{}" : undefined, headers: { "x-api-key": PAGE_KEY } });
        const answer = await fromResponse(await proxy(request));
        assert.equal(answer.status, c.status, `${method} ${request.url.slice(0, 100)}: ${answer.body}`);
        if (c.errorCode && method !== "HEAD") assert.equal(errorCodeOf(answer), c.errorCode);
        if (c.allow) assert.equal(answer.headers.allow, c.allow);
        assertNoKey(answer, c.name);
        assert.equal(mock.requests.length, before.recorded, "the mock recorded a request");
        assert.equal(calls.length, before.calls, "the proxy called its upstream");
        report("refused", c.name, "Request", answer, "none");
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Allowed: exactly the expected request upstream, with exactly the expected headers.
// ---------------------------------------------------------------------------------------------

const PAGE_CREDENTIALS = {
  "X-Api-Key": PAGE_KEY,
  Authorization: `Bearer ${PAGE_KEY}`,
  Cookie: `session=page-session; sync_key=${PAGE_KEY}`,
};
const HOP_BY_HOP = {
  Connection: "close, Keep-Alive, Upgrade, X-Custom-Hop",
  "Keep-Alive": "timeout=5",
  Upgrade: "websocket",
  TE: "trailers",
  Trailer: "X-Checksum",
  "Proxy-Authorization": "Basic cGFnZTpwYWdl",
  "Proxy-Connection": "keep-alive",
  "X-Custom-Hop": "1",
};
const FORWARDING = {
  "X-Forwarded-For": "203.0.113.9",
  "X-Forwarded-Host": "evil.example",
  "X-Forwarded-Proto": "http",
  Forwarded: "for=203.0.113.9;host=evil.example",
  "X-Real-IP": "203.0.113.9",
  Via: "1.1 evil",
  "X-HTTP-Method-Override": "DELETE",
  "X-Original-URL": "/v2/batch",
  "X-Rewrite-URL": "/v2/batch",
  Referer: "https://evil.example/",
  "User-Agent": "page-agent",
};

const ALLOWED = [
  {
    name: "GET models with the page's key, authorization and cookie: the server key wins",
    method: "GET",
    path: "/api/sync/v2/models",
    headers: { Accept: "application/json", ...PAGE_CREDENTIALS },
    status: 200,
    upstream: { method: "GET", path: "/v2/models", headers: { accept: "application/json", "x-api-key": "[redacted]" } },
  },
  {
    name: "hop-by-hop, forwarding and override headers stripped",
    method: "GET",
    path: "/api/sync/v2/models",
    headers: { ...HOP_BY_HOP, ...FORWARDING, "X-Sync-Sdk": "sync-wasm/test" },
    status: 200,
    upstream: { method: "GET", path: "/v2/models", headers: { "x-sync-sdk": "sync-wasm/test", "x-api-key": "[redacted]" } },
  },
  {
    name: "a header Connection names is not forwarded, even one of the list",
    method: "POST",
    path: "/api/sync/v2/generate",
    headers: { Connection: "close, Idempotency-Key", "Idempotency-Key": "hop-only-1", "Content-Type": "application/json" },
    body: JSON_BODY,
    status: 201,
    upstream: { method: "POST", path: "/v2/generate", headers: { "content-type": "application/json", "x-api-key": "[redacted]" }, body: REQUEST },
  },
  {
    name: "POST generate: Idempotency-Key and Content-Type pass, cookie and key do not",
    method: "POST",
    path: "/api/sync/v2/generate",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "idem-matrix-1", Accept: "application/json", ...PAGE_CREDENTIALS },
    body: JSON_BODY,
    status: 201,
    upstream: { method: "POST", path: "/v2/generate", headers: { accept: "application/json", "content-type": "application/json", "idempotency-key": "idem-matrix-1", "x-api-key": "[redacted]" }, body: REQUEST },
  },
  {
    name: "the query passes as sent (another host in it changes nothing)",
    method: "GET",
    path: "/api/sync/v2/generations?limit=2&url=https%3A%2F%2Fevil.example%2F",
    status: 200,
    upstream: { method: "GET", path: "/v2/generations", query: { limit: "2", url: "https://evil.example/" }, headers: { "x-api-key": "[redacted]" } },
  },
  {
    name: "dot segments resolving inside allow are the route they resolve to",
    method: "GET",
    path: "/api/sync/v2/batch/../models",
    status: 200,
    upstream: { method: "GET", path: "/v2/models", headers: { "x-api-key": "[redacted]" } },
  },
  {
    name: "the same-origin Origin header is served",
    method: "GET",
    path: "/api/sync/v2/models",
    headers: (origin) => ({ Origin: origin, "Sec-Fetch-Site": "same-origin" }),
    status: 200,
    upstream: { method: "GET", path: "/v2/models", headers: { "x-api-key": "[redacted]" } },
  },
];

describe("allowed: exactly the expected request upstream, the server key added last", () => {
  const { mock, proxy, calls } = rig();
  let server;
  before(async () => (server = await serve(proxy)));
  after(() => server.close());

  test("control: the mock refuses the page's key (so a 200 through the proxy is the server key's)", async () => {
    const direct = await mock.fetch(`${mock.baseUrl}/v2/models`, { headers: { "x-api-key": PAGE_KEY } });
    assert.equal(direct.status, 401);
    assert.equal(mock.requests.at(-1).headers["x-api-key"], "[redacted]");
    mock.clearRequests();
  });

  for (const c of ALLOWED) {
    for (const form of ["raw", "Request"]) {
      test(`${form === "raw" ? "raw HTTP" : "proxy(new Request)"}: ${c.name}`, async () => {
        const before = { recorded: mock.requests.length, calls: calls.length };
        const ownOrigin = form === "raw" ? server.url : APP;
        const headers = typeof c.headers === "function" ? c.headers(ownOrigin) : c.headers ?? {};
        let answer;
        if (form === "raw") {
          const all = { ...headers, ...(c.body ? { "Content-Length": String(Buffer.byteLength(c.body)) } : {}) };
          answer = await rawHttp(server.port, rawRequest(server.port, c.method, c.path, all, c.body ?? ""));
        } else {
          // A WHATWG handler may be given all of these too (Node's Request keeps them).
          const init = { method: c.method, headers: { ...headers, Host: "evil.example", "Transfer-Encoding": "chunked" } };
          if (c.body) init.body = c.body;
          answer = await fromResponse(await proxy(new Request(new URL(c.path, APP), init)));
        }
        assert.equal(answer.status, c.status, answer.body.slice(0, 500));
        assertNoKey(answer, c.name);
        const recorded = mock.requests.slice(before.recorded);
        assert.equal(recorded.length, 1, `one request upstream, got ${recorded.map((r) => `${r.method} ${r.path}`)}`);
        assert.equal(calls.length - before.calls, 1);
        assert.ok(calls.at(-1).url.startsWith(`${mock.baseUrl}/v2/`), `the upstream call went to ${calls.at(-1).url}`);
        const [seen] = recorded;
        assert.equal(seen.method, c.upstream.method);
        assert.equal(seen.path, c.upstream.path);
        if (c.upstream.query) assert.deepEqual(seen.query, c.upstream.query);
        assert.deepEqual(seen.headers, c.upstream.headers, "exactly these headers reached the API");
        assert.ok(!/page-session|evil\.example\/|203\.0\.113/.test(JSON.stringify(seen.headers)) && !JSON.stringify(seen).includes(PAGE_KEY), "nothing of the page's credentials or forwarding reached the API");
        if (c.upstream.body) assert.deepEqual(seen.body, c.upstream.body);
        report("allowed", c.name, form, answer, `${seen.method} ${seen.path} {${Object.keys(seen.headers).join(", ")}}`);
      });
    }
  }

  test("Idempotency-Key through the proxy: the same key and body give the same generation", async () => {
    const post = () =>
      proxy(new Request(`${APP}/api/sync/v2/generate`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": "idem-twice" }, body: JSON_BODY }));
    const first = await (await post()).json();
    const again = await post();
    assert.equal(again.status, 201);
    assert.equal(again.headers.get("idempotent-replayed"), "true", "the API's replay header comes back");
    assert.equal((await again.json()).id, first.id);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Bodies over maxBodyBytes.
// ---------------------------------------------------------------------------------------------

describe("bodies over maxBodyBytes: 413, and no request reaches the API", () => {
  const MAX = 1024;

  test("declared Content-Length over the limit (raw HTTP, body never sent): 413 before any upstream call", async () => {
    const { mock, proxy, calls } = rig({ proxy: { maxBodyBytes: MAX } });
    const server = await serve(proxy);
    try {
      const answer = await rawHttp(server.port, rawRequest(server.port, "POST", "/api/sync/v2/generate", { "Content-Type": "application/json", "Content-Length": String(50 * 1024 * 1024), Connection: "keep-alive" }));
      assert.equal(answer.status, 413);
      assert.equal(errorCodeOf(answer), "proxy_body_too_large");
      assert.equal(answer.headers.connection, "close", "the connection is closed rather than the rest read");
      assert.equal(calls.length, 0, "the upstream fetch was never called");
      assert.equal(mock.requests.length, 0);
      report("body", "declared 50 MiB, none sent", "raw", answer, "none (no upstream call)");
    } finally {
      await server.close();
    }
  });

  test("declared Content-Length over the limit (Request): 413 before any upstream call", async () => {
    const { mock, proxy, calls } = rig({ proxy: { maxBodyBytes: MAX } });
    const body = "x".repeat(MAX + 1);
    const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/generate`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(body.length) }, body })));
    assert.equal(answer.status, 413);
    assert.equal(errorCodeOf(answer), "proxy_body_too_large");
    assert.equal(calls.length, 0);
    assert.equal(mock.requests.length, 0);
    report("body", "declared MAX+1", "Request", answer, "none (no upstream call)");
  });

  test("exactly maxBodyBytes passes; one byte more does not", async () => {
    const { mock, proxy } = rig({ proxy: { maxBodyBytes: MAX } });
    const padded = (n) => {
      const text = JSON.stringify({ ...REQUEST, pad: "" });
      return JSON.stringify({ ...REQUEST, pad: "p".repeat(n - text.length) });
    };
    const send = (body) => proxy(new Request(`${APP}/api/sync/v2/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: streamOf([body]), duplex: "half" }));
    assert.equal(padded(MAX).length, MAX);
    assert.equal((await send(padded(MAX))).status, 201);
    assert.equal(mock.requests.length, 1);
    assert.equal((await send(padded(MAX + 1))).status, 413);
    assert.equal(mock.requests.length, 1, "the body one byte over never completed upstream");
  });

  test("streamed without a length (chunked, raw HTTP): 413, the upstream request never completes", async () => {
    const { mock, proxy, calls } = rig({ proxy: { maxBodyBytes: MAX } });
    const server = await serve(proxy);
    try {
      const chunk = (s) => `${s.length.toString(16)}\r\n${s}\r\n`;
      const body = chunk('{"model":"lipsync-2","pad":"') + chunk("p".repeat(600)) + chunk("p".repeat(600)) + chunk('"}') + "0\r\n\r\n";
      const answer = await rawHttp(server.port, rawRequest(server.port, "POST", "/api/sync/v2/generate", { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body));
      assert.equal(answer.status, 413);
      assert.equal(errorCodeOf(answer), "proxy_body_too_large");
      assert.equal(mock.requests.length, 0, "the mock recorded no completed request");
      report("body", "chunked, no length, over MAX", "raw", answer, `${calls.length} upstream call(s) begun, 0 completed`);
    } finally {
      await server.close();
    }
  });

  test("streamed without a length (fetch with a stream body) to an upstream over HTTP: 413, none recorded", async () => {
    const mock = createMockSync({ apiKey: SERVER_KEY });
    const upstreamUrl = await mock.listen();
    const proxy = createSyncProxy({ apiKey: SERVER_KEY, baseUrl: upstreamUrl, maxBodyBytes: MAX });
    const server = await serve(proxy);
    try {
      const pieces = ['{"model":"lipsync-2","pad":"', ..."p".repeat(3000).match(/.{1,100}/g), '"}'];
      const response = await fetch(`${server.url}/api/sync/v2/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: streamOf(pieces, 2), duplex: "half" });
      const answer = await fromResponse(response);
      assert.equal(answer.status, 413);
      assert.equal(errorCodeOf(answer), "proxy_body_too_large");
      // The mock records a request once its body has arrived in full: give a late one time to show.
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mock.requests.length, 0, "the mock recorded no completed request");
      report("body", "stream body, no length, HTTP upstream", "fetch", answer, "0 completed");
    } finally {
      await server.close();
      await mock.close();
    }
  });

  test("through the SDK: createWithFiles over the limit is a PayloadTooLargeError", async () => {
    const { mock, proxy } = rig({ proxy: { maxBodyBytes: MAX } });
    const client = new SyncClient({ proxyUrl: `${APP}/api/sync`, fetch: (input, init) => proxy(new Request(input, init)), maxRetries: 0 });
    await assert.rejects(
      client.generations.createWithFiles({ video: new Blob([new Uint8Array(4 * MAX)], { type: "video/mp4" }), audio: new Blob(["RIFF"], { type: "audio/wav" }), model: "lipsync-2" }),
      (e) => e.name === "PayloadTooLargeError" && e.status === 413 && e.errorCode === "proxy_body_too_large",
    );
    assert.equal(mock.requests.length, 0);
  });
});

/** A body stream of these strings, one chunk each (a pause of `gapMs` between them). */
function streamOf(pieces, gapMs = 0) {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      if (i < pieces.length) controller.enqueue(encoder.encode(pieces[i++]));
      else controller.close();
    },
  });
}

describe("toNodeHandler's edges", () => {
  test("a body a parser already read (Express's json() first): answered, not hung", async () => {
    const { mock, proxy } = rig();
    const handler = toNodeHandler(proxy);
    const server = createServer(async (req, res) => {
      for await (const _ of req); // what a body parser mounted before the proxy does
      return handler(req, res);
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${server.address().port}/api/sync/v2/generate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON_BODY, signal: AbortSignal.timeout(5000) });
      assert.equal(response.status, 400, "the API's answer to the empty body that was left");
      assert.equal(mock.requests.length, 1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("the page going away mid-upload: the upstream request never completes", async () => {
    const { mock, proxy } = rig();
    const server = await serve(proxy);
    try {
      const socket = connect(server.port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(rawRequest(server.port, "POST", "/api/sync/v2/generate", { "Content-Type": "application/json", "Content-Length": "5000" }, JSON_BODY.slice(0, 40)));
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(mock.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 4. The key echoed by the upstream: in headers, bodies, errors, redirects.
// ---------------------------------------------------------------------------------------------

const escaped = (s) => [...s].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

const ECHOES = [
  {
    name: "in response headers (listed and not)",
    fault: { method: "GET", path: "/v2/models", status: 200, body: [], headers: { "x-request-id": `req-${SERVER_KEY}`, "x-echo-key": SERVER_KEY, "set-cookie": `key=${SERVER_KEY}`, "retry-after": SERVER_KEY, "www-authenticate": `Bearer ${SERVER_KEY}` } },
    status: 200,
    check: (answer) => {
      assert.equal(answer.headers["x-request-id"], "req-[redacted]");
      assert.equal(answer.headers["retry-after"], "[redacted]");
      for (const name of ["x-echo-key", "set-cookie", "www-authenticate"]) assert.equal(answer.headers[name], undefined, `${name} relayed`);
    },
  },
  {
    name: "in a JSON error body (401)",
    fault: { method: "GET", path: "/v2/models", status: 401, body: { statusCode: 401, message: `Invalid API key ${SERVER_KEY}.`, error: "Unauthorized" } },
    status: 401,
    check: (answer) => assert.equal(JSON.parse(answer.body).message, "Invalid API key [redacted]."),
  },
  {
    name: "in a JSON body, \\u-escaped",
    fault: { method: "GET", path: "/v2/models", status: 200, body: `{"echo":"${escaped(SERVER_KEY)}","n":1}`, headers: { "content-type": "application/json" } },
    status: 200,
    check: (answer) => assert.deepEqual(JSON.parse(answer.body), { echo: "[redacted]", n: 1 }),
  },
  {
    name: "as a JSON property name",
    fault: { method: "GET", path: "/v2/models", status: 200, body: { [SERVER_KEY]: true } },
    status: 200,
    check: (answer) => assert.deepEqual(JSON.parse(answer.body), { "[redacted]": true }),
  },
  {
    name: "in a text/plain body holding \\u-escaped JSON",
    fault: { method: "GET", path: "/v2/models", status: 500, body: `{"message":"${escaped(SERVER_KEY)}"}` },
    status: 500,
    check: (answer) => assert.deepEqual(JSON.parse(answer.body), { message: "[redacted]" }),
  },
  {
    name: "in a plain text 502 body",
    fault: { method: "GET", path: "/v2/models", status: 502, body: `upstream said: x-api-key=${SERVER_KEY}` },
    status: 502,
    check: (answer) => assert.equal(answer.body, "upstream said: x-api-key=[redacted]"),
  },
  {
    name: "in an HTML 503 error page",
    fault: { method: "GET", path: "/v2/models", status: 503, body: `<html><body>key ${SERVER_KEY}</body></html>`, headers: { "content-type": "text/html", "retry-after-ms": "0" } },
    status: 503,
    check: (answer) => assert.match(answer.body, /key \[redacted\]/),
  },
];

describe("the key echoed by the API: redacted from whatever comes back", () => {
  for (const c of ECHOES) {
    test(c.name, async () => {
      const { mock, proxy } = rig();
      mock.fail(c.fault);
      const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/models`)));
      assert.equal(answer.status, c.status);
      assertNoKey(answer, c.name);
      c.check(answer);
      assert.equal(mock.requests.length, 1);
      report("echo", c.name, "Request", answer, "GET /v2/models");
    });
  }

  test("a JSON answer with no key in it goes out byte for byte (no re-serialisation)", async () => {
    const { mock, proxy } = rig();
    const text = '{"b":1,"2":"two","big":12345678901234567890,"f":1.50}';
    mock.fail({ method: "GET", path: "/v2/models", status: 200, body: text, headers: { "content-type": "application/json" } });
    const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/models`)));
    assert.equal(answer.body, text);
  });
});

describe("redirects from the API: never followed elsewhere, never shown with the key", () => {
  /** A rig whose upstream answers `path` with a redirect to `location(mock)` instead of the mock. */
  const redirecting = (status, path, location) => {
    const r = rig({ script: (url) => (new URL(url).pathname === path ? new Response(null, { status, headers: { location: location(r.mock) } }) : undefined) });
    return r;
  };

  const CASES = [
    { name: "GET redirected to another origin, the key in the Location", status: 302, path: "/v2/models", location: () => `https://evil.example/steal?key=${SERVER_KEY}`, expect: 502, errorCode: "proxy_redirect_refused", calls: 1 },
    { name: "GET redirected to http: on the same host", status: 301, path: "/v2/models", location: (mock) => mock.baseUrl.replace("https:", "http:") + "/v2/models", expect: 502, errorCode: "proxy_redirect_refused", calls: 1 },
    { name: "GET redirected to a protocol-relative other host", status: 307, path: "/v2/models", location: () => "//evil.example/v2/models", expect: 502, errorCode: "proxy_redirect_refused", calls: 1 },
    { name: "POST redirected on the API's own origin", method: "POST", status: 307, path: "/v2/generate", location: (mock) => `${mock.baseUrl}/v2/generate?key=${SERVER_KEY}`, expect: 502, errorCode: "proxy_redirect_refused", calls: 1 },
    { name: "GET redirected on the API's own origin: followed there", status: 302, path: "/v2/models", location: () => "/v2/generations", expect: 200, calls: 2 },
  ];
  for (const c of CASES) {
    test(c.name, async () => {
      const { mock, proxy, calls } = redirecting(c.status, c.path, c.location);
      const init = c.method === "POST" ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON_BODY } : {};
      const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync${c.path}`, init)));
      assert.equal(answer.status, c.expect, answer.body);
      if (c.errorCode) assert.equal(errorCodeOf(answer), c.errorCode);
      assert.equal(answer.headers.location, undefined, "no Location relayed");
      assertNoKey(answer, c.name);
      assert.equal(calls.length, c.calls);
      for (const call of calls) assert.ok(call.url.startsWith(`${mock.baseUrl}/`), `the proxy fetched ${call.url}`);
      report("redirect", c.name, "Request", answer, calls.map((x) => `${x.method} ${new URL(x.url).pathname}`).join(", "));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 5. authorize, onRequest, errors of the proxy's own.
// ---------------------------------------------------------------------------------------------

describe("authorize and onRequest decide before anything goes upstream", () => {
  const CASES = [
    { name: "authorize returns false", options: { authorize: () => false }, status: 401, errorCode: "proxy_unauthorized" },
    { name: "authorize resolves false", options: { authorize: async () => false }, status: 401, errorCode: "proxy_unauthorized" },
    { name: "authorize returns a truthy non-true value", options: { authorize: () => "yes" }, status: 401, errorCode: "proxy_unauthorized" },
    { name: "authorize answers its own 403", options: { authorize: () => Response.json({ errorCode: "app_forbidden" }, { status: 403 }) }, status: 403, errorCode: "app_forbidden" },
    { name: "authorize throws with the key in its message", options: { authorize: () => { throw new Error(`db down, key ${SERVER_KEY}`); } }, status: 500, errorCode: "proxy_failed" },
    { name: "onRequest answers a 429 of its own", options: { onRequest: () => Response.json({ errorCode: "app_rate_limited" }, { status: 429, headers: { "retry-after": "7" } }) }, status: 429, errorCode: "app_rate_limited" },
  ];
  for (const c of CASES) {
    test(c.name, async () => {
      const { mock, proxy, calls } = rig({ proxy: c.options });
      const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/models`, { headers: { cookie: "session=s1" } })));
      assert.equal(answer.status, c.status);
      assert.equal(errorCodeOf(answer), c.errorCode);
      assertNoKey(answer, c.name);
      assert.doesNotMatch(answer.body, /db down/, "no message of the app's own error");
      assert.equal(calls.length, 0);
      assert.equal(mock.requests.length, 0);
      report("authorize", c.name, "Request", answer, "none");
    });
  }

  test("authorize sees the page's cookie (the app's session), the API never does; onRequest gets method and path", async () => {
    const seen = [];
    const { mock, proxy } = rig({
      proxy: {
        authorize: (request) => request.headers.get("cookie") === "session=s1",
        onRequest: ({ request, method, path }) => void seen.push({ method, path, url: request.url }),
      },
    });
    const ok = await proxy(new Request(`${APP}/api/sync/v2/generate/abc-123?wait=true`, { headers: { cookie: "session=s1" } }));
    assert.equal(ok.status, 404, "the mock's own 404 for an unknown id: through");
    assert.equal((await ok.json()).statusCode, 404);
    assert.deepEqual(seen, [{ method: "GET", path: "/v2/generate/abc-123", url: `${APP}/api/sync/v2/generate/abc-123?wait=true` }]);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0].headers.cookie, undefined);
    const refused = await proxy(new Request(`${APP}/api/sync/v2/models`, { headers: { cookie: "session=other" } }));
    assert.equal(refused.status, 401);
    assert.equal(seen.length, 1, "onRequest runs only after authorize let the request through");
    assert.equal(mock.requests.length, 1);
  });

  test("a key from the environment with a character a header cannot carry: 500, the key not echoed", async () => {
    const mock = createMockSync({ apiKey: SERVER_KEY });
    const proxy = createSyncProxy({ baseUrl: mock.baseUrl, fetch: mock.fetch });
    const broken = `${SERVER_KEY.slice(0, 10)}\u0000${SERVER_KEY.slice(10)}`;
    const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/models`), { SYNC_API_KEY: broken }));
    assert.equal(answer.status, 500);
    assert.equal(errorCodeOf(answer), "proxy_misconfigured");
    assert.ok(!answer.body.includes(SERVER_KEY.slice(0, 10)) && !answer.body.includes(SERVER_KEY.slice(10)), answer.body);
    assert.equal(mock.requests.length, 0);
    report("config", "env key with a NUL", "Request", answer, "none");
  });

  test("the key and the API from a Worker's env (SYNC_API_KEY, SYNC_BASE_URL)", async () => {
    const mock = createMockSync({ apiKey: SERVER_KEY });
    const proxy = createSyncProxy({ fetch: mock.fetch });
    const env = { SYNC_API_KEY: SERVER_KEY, SYNC_BASE_URL: mock.baseUrl };
    assert.equal((await proxy(new Request(`${APP}/api/sync/v2/models`), env)).status, 200);
    assert.equal(mock.requests[0].url, `${mock.baseUrl}/v2/models`);
    const plain = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/models`), { ...env, SYNC_BASE_URL: "http://evil.example" }));
    assert.equal(plain.status, 500, "an http: SYNC_BASE_URL off loopback is refused, not used");
    assert.equal(errorCodeOf(plain), "proxy_misconfigured");
    assert.equal(mock.requests.length, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. CORS: foreign origins and their preflights.
// ---------------------------------------------------------------------------------------------

describe("CORS: foreign origins refused, preflights never forwarded", () => {
  const ALLOWED_ORIGIN = "https://partner.example";
  const CASES = [
    { name: "preflight from a foreign origin", method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" }, path: "/api/sync/v2/generate", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "POST from a foreign origin", method: "POST", headers: { Origin: "https://evil.example", "Content-Type": "text/plain" }, body: JSON_BODY, path: "/api/sync/v2/generate", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "GET from a foreign origin", method: "GET", headers: { Origin: "https://evil.example" }, path: "/api/sync/v2/models", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "Origin: null (a sandboxed frame, a file: page)", method: "GET", headers: { Origin: "null" }, path: "/api/sync/v2/models", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "a look-alike of the allowed origin", method: "GET", headers: { Origin: `${ALLOWED_ORIGIN}.evil.example` }, path: "/api/sync/v2/models", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "the allowed origin on http:", method: "GET", headers: { Origin: ALLOWED_ORIGIN.replace("https:", "http:") }, path: "/api/sync/v2/models", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "no Origin, but the browser says another site sent it (an <img>, a <script>)", method: "GET", headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors" }, path: "/api/sync/v2/models", status: 403, errorCode: "proxy_origin_refused", acao: undefined },
    { name: "preflight from the allowed origin: answered here, x-api-key not offered", method: "OPTIONS", headers: { Origin: ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-api-key" }, path: "/api/sync/v2/generate", status: 204, acao: ALLOWED_ORIGIN },
    { name: "preflight for a route outside allow, from the allowed origin", method: "OPTIONS", headers: { Origin: ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST" }, path: "/api/sync/v2/batch", status: 404, errorCode: NOT_ALLOWED, acao: ALLOWED_ORIGIN },
  ];
  const { mock, proxy, calls } = rig({ proxy: { cors: { origins: [ALLOWED_ORIGIN] } } });
  let server;
  before(async () => (server = await serve(proxy)));
  after(() => server.close());

  for (const c of CASES) {
    for (const form of ["raw", "Request"]) {
      test(`${form === "raw" ? "raw HTTP" : "proxy(new Request)"}: ${c.name}`, async () => {
        const before = { recorded: mock.requests.length, calls: calls.length };
        const answer =
          form === "raw"
            ? await rawHttp(server.port, rawRequest(server.port, c.method, c.path, { ...c.headers, ...(c.body ? { "Content-Length": String(c.body.length) } : {}) }, c.body ?? ""))
            : await fromResponse(await proxy(new Request(new URL(c.path, APP), { method: c.method, headers: c.headers, body: c.body })));
        assert.equal(answer.status, c.status, answer.body);
        if (c.errorCode) assert.equal(errorCodeOf(answer), c.errorCode);
        assert.equal(answer.headers["access-control-allow-origin"], c.acao);
        assert.equal(answer.headers["access-control-allow-credentials"], undefined, "credentials are never allowed across origins");
        if (c.status === 204) {
          assert.equal(answer.headers["access-control-allow-methods"], "POST");
          const offered = answer.headers["access-control-allow-headers"].split(/,\s*/);
          assert.ok(!offered.includes("x-api-key") && !offered.includes("authorization") && !offered.includes("cookie"), offered.join(", "));
        }
        assert.equal(mock.requests.length, before.recorded);
        assert.equal(calls.length, before.calls);
        report("cors", c.name, form, answer, "none");
      });
    }
  }

  // Which page is the proxy's own, when request.url is not the URL the browser used (Next.js names
  // localhost for a page on 127.0.0.1; a TLS-terminating front end makes an https: page's request
  // http:). The browser's Sec-Fetch-Site and Host decide then; nothing a foreign page can send does.
  const OWN = [
    { name: "own page, request.url on another host, Sec-Fetch-Site: same-origin", url: "http://localhost:3000", headers: { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }, status: 200 },
    { name: "own page, request.url on another host, the Host header the page's", url: "http://localhost:3000", headers: { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }, status: 200 },
    { name: "https: page, http: request.url behind a TLS-terminating front end", url: "http://app.example", headers: { origin: "https://app.example", host: "app.example" }, status: 200 },
    { name: "http: page, https: proxy on the same host", url: "https://app.example", headers: { origin: "http://app.example", host: "app.example" }, status: 403 },
    { name: "foreign page claiming the proxy's Host", url: "http://localhost:3000", headers: { origin: "https://evil.example", host: "localhost:3000" }, status: 403 },
    { name: "foreign page, Sec-Fetch-Site: cross-site", url: "http://localhost:3000", headers: { origin: "http://localhost:3000.evil.example", "sec-fetch-site": "cross-site", host: "localhost:3000" }, status: 403 },
  ];
  for (const c of OWN) {
    test(`proxy(new Request): ${c.name}`, async () => {
      const before = mock.requests.length;
      const answer = await fromResponse(await proxy(new Request(`${c.url}/api/sync/v2/models`, { headers: c.headers })));
      assert.equal(answer.status, c.status, answer.body);
      assert.equal(answer.headers["access-control-allow-origin"], undefined, "same-origin answers carry no CORS headers; refusals neither");
      assert.equal(mock.requests.length - before, c.status === 200 ? 1 : 0);
      report("cors", c.name, "Request", answer, c.status === 200 ? "GET /v2/models" : "none");
    });
  }

  test("a GET from the allowed origin: served, with its CORS headers", async () => {
    const answer = await fromResponse(await proxy(new Request(`${APP}/api/sync/v2/models`, { headers: { origin: ALLOWED_ORIGIN } })));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["access-control-allow-origin"], ALLOWED_ORIGIN);
    assert.match(answer.headers["access-control-expose-headers"], /x-request-id/);
    assert.equal(answer.headers.vary, "Origin");
    report("cors", "GET from the allowed origin", "Request", answer, "GET /v2/models");
  });
});

// ---------------------------------------------------------------------------------------------
// 7. The SDK end to end through the proxy, in Node: in-process and over HTTP.
// ---------------------------------------------------------------------------------------------

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/**
 * Every method of the default allow list through the proxy: `setup()` gives `{ client, mock,
 * proxied }` where `proxied` lists the requests that reached the proxy as `{ method, path, apiKey }`.
 */
async function sdkThroughProxy(setup) {
  const { client, mock, proxied, storage } = await setup();
  const created = await client.generations.create(REQUEST);
  assert.equal(created.status, "PENDING");
  const fetched = await client.generations.get(created.id);
  assert.equal(fetched.id, created.id);
  const statuses = [];
  const done = await client.generations.waitForCompletion(created.id, { onProgress: (g) => statuses.push(g.status) });
  assert.equal(done.status, "COMPLETED");
  assert.ok(
    mock.requests.some((r) => r.path === `/v2/generate/${created.id}` && r.query.wait === "true"),
    "waitForCompletion's long poll (?wait=true) reached the API through the proxy",
  );
  const listed = await client.generations.list();
  assert.ok(listed.some((g) => g.id === created.id));
  const [cost] = await client.generations.estimateCost(REQUEST);
  assert.ok(cost.estimatedGenerationCost > 0);
  const models = await client.models.list();
  assert.ok(models.some((m) => m.id === "lipsync-2"));

  // assets.upload: the API hands out a presigned URL, the PUT goes there, not through the proxy.
  const bytes = new Uint8Array(2048).map((_, i) => i % 251);
  const asset = await client.assets.upload(new Blob([bytes], { type: "video/mp4" }), { fileName: "speaker.mp4", contentType: "video/mp4" });
  assert.equal(asset.size, 2048);
  const put = mock.requests.find((r) => r.method === "PUT");
  assert.ok(put, "the presigned PUT reached the mock's storage");
  assert.ok(put.url.startsWith(`${storage}/__upload/`), `PUT to ${put.url}`);
  assert.equal(put.headers["x-api-key"], undefined, "no key on the storage PUT");
  assert.deepEqual(
    proxied.filter((r) => r.method === "PUT"),
    [],
    "the proxy saw no PUT",
  );
  const assets = await client.assets.list();
  assert.ok(JSON.stringify(assets).includes(asset.id));
  assert.equal((await client.assets.get(asset.id)).id, asset.id);

  // createWithFiles: a multipart body streamed through the proxy, intact.
  const video = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
  const withFiles = await client.generations.createWithFiles({ video: new Blob([video], { type: "video/mp4" }), audio: new Blob(["RIFF-audio"], { type: "audio/wav" }), model: "lipsync-2" });
  assert.equal(withFiles.status, "PENDING");
  const multipart = mock.requests.findLast((r) => r.parts);
  assert.deepEqual(
    multipart.parts.filter((p) => p.kind === "file").map((p) => [p.name, p.size, p.sha256]),
    [
      ["video", video.length, sha256(video)],
      ["audio", 10, sha256(Buffer.from("RIFF-audio"))],
    ],
  );

  // What the proxy saw: no key from the client, ever; every API request upstream with the server's.
  assert.ok(proxied.length >= 10, `${proxied.length} requests through the proxy`);
  assert.deepEqual(proxied.filter((r) => r.apiKey !== null), [], "the client sent no x-api-key");
  for (const r of mock.requests.filter((x) => x.path.startsWith("/v2/"))) assert.equal(r.headers["x-api-key"], "[redacted]");
  const paths = [...new Set(proxied.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ":id").replace(/\?.*/, "")}`))];

  // Typed errors through the proxy.
  mock.fail({ method: "POST", path: "/v2/generate", status: 402 });
  await assert.rejects(client.generations.create(REQUEST, { maxRetries: 0 }), (e) => e.name === "PaymentRequiredError" && e.status === 402 && isSyncError(e));
  mock.fail({ method: "POST", path: "/v2/generate", status: 429, body: { statusCode: 429, message: "Too many generations in flight.", error: "Too Many Requests", errorCode: "concurrency_limit_reached" }, headers: { "retry-after-ms": "0" } });
  await assert.rejects(client.generations.create(REQUEST, { maxRetries: 0 }), (e) => e.name === "TooManyRequestsError" && e.errorCode === "concurrency_limit_reached");
  await assert.rejects(client.batch.list(), (e) => e.name === "NotFoundError" && e.errorCode === NOT_ALLOWED, "batch is not in the default allow list");
  return { paths, statuses };
}

describe("the SDK through the proxy (new SyncClient({ proxyUrl, fetch }))", () => {
  test("in-process: the client's fetch hands proxy requests to the proxy, storage to the mock", async (t) => {
    const { paths } = await sdkThroughProxy(async () => {
      const { mock, proxy } = rig();
      const proxied = [];
      const fetch = async (input, init) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        if (url.origin === APP) {
          proxied.push({ method: request.method, path: url.pathname + url.search, apiKey: request.headers.get("x-api-key") });
          return proxy(request);
        }
        return mock.fetch(request);
      };
      return { client: new SyncClient({ proxyUrl: `${APP}/api/sync`, fetch }), mock, proxied, storage: mock.baseUrl };
    });
    t.diagnostic(`through the proxy: ${paths.join(", ")}`);
    const allowed = new Set(DEFAULT_ALLOW);
    for (const p of paths) assert.ok(allowed.has(p.replace("/api/sync", "")), `${p} is in DEFAULT_ALLOW`);
    assert.equal(paths.length, DEFAULT_ALLOW.length, `every route of DEFAULT_ALLOW was used: ${paths.join(", ")}`);
  });

  test("over HTTP: the proxy on toNodeHandler, the mock listening, the client with Node's fetch", async () => {
    const mock = createMockSync({ apiKey: SERVER_KEY });
    const upstream = await mock.listen();
    const proxy = createSyncProxy({ apiKey: SERVER_KEY, baseUrl: upstream });
    const seen = [];
    const server = await serve(proxy, seen);
    try {
      await sdkThroughProxy(async () => ({
        client: new SyncClient({ proxyUrl: `${server.url}/api/sync`, fetch: globalThis.fetch }),
        mock,
        proxied: seen,
        storage: upstream,
      }));
    } finally {
      await server.close();
      await mock.close();
    }
  });

  test("in Express, mounted as the README says: app.use(\"/api/sync\", toNodeHandler(proxy))", async () => {
    const mock = createMockSync({ apiKey: SERVER_KEY });
    const upstream = await mock.listen();
    const app = express();
    // A JSON body parser for the app's other routes must not see the proxy's bodies: mounted after it.
    const seen = [];
    app.use("/api/sync", (req, _res, next) => (seen.push({ method: req.method, path: req.originalUrl, apiKey: req.headers["x-api-key"] ?? null }), next()));
    app.use("/api/sync", toNodeHandler(createSyncProxy({ apiKey: SERVER_KEY, baseUrl: upstream })));
    app.use(express.json());
    const server = await new Promise((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const url = `http://127.0.0.1:${server.address().port}`;
    try {
      await sdkThroughProxy(async () => ({
        client: new SyncClient({ proxyUrl: `${url}/api/sync`, fetch: globalThis.fetch }),
        mock,
        proxied: seen,
        storage: upstream,
      }));
    } finally {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await mock.close();
    }
  });

  test("a 401 from authorize is an UnauthorizedError whose message names the proxy", async () => {
    const { mock, proxy } = rig({ proxy: { authorize: () => false } });
    const client = new SyncClient({ proxyUrl: `${APP}/api/sync`, fetch: (input, init) => proxy(new Request(input, init)), maxRetries: 0 });
    await assert.rejects(client.models.list(), (e) => {
      assert.equal(e.name, "UnauthorizedError");
      assert.equal(e.status, 401);
      assert.equal(e.errorCode, "proxy_unauthorized");
      assert.match(e.message, /went through your proxy \(proxyUrl\)/);
      assert.match(e.message, /authorize/);
      assert.doesNotMatch(e.message, /x-api-key header/);
      return true;
    });
    assert.equal(mock.requests.length, 0);
  });

  test("a 401 of the API's (the server key revoked) names the proxy too, and shows no key", async () => {
    const { mock, proxy } = rig();
    mock.revokeKey(SERVER_KEY);
    const client = new SyncClient({ proxyUrl: `${APP}/api/sync`, fetch: (input, init) => proxy(new Request(input, init)), maxRetries: 0 });
    await assert.rejects(client.models.list(), (e) => e.name === "UnauthorizedError" && /SYNC_API_KEY where the proxy runs/.test(e.message) && !e.message.includes(SERVER_KEY));
  });
});

after(() => {
  // PROXY_MATRIX=<file>: the matrix as run, one JSON line per case and form.
  if (process.env.PROXY_MATRIX) writeFileSync(process.env.PROXY_MATRIX, matrix.map((row) => JSON.stringify(row)).join("\n") + "\n");
});
