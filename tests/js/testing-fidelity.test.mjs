// Fidelity of `sync-wasm/testing` (the built kit, pkg/testing/) to the Sync API as the official SDK
// and the 2025 OpenAPI describe it:
// 1. `mock.fetcher` answers as Fern's own fetcher does: the same calls through both, on two mocks
//    made alike, give the same results and send the same requests.
// 2. The official @sync.so/sdk 0.3.0's README and reference examples (official-examples.mjs) run
//    against the mock with the official SyncClient, in-process (`fetcher: mock.fetcher`) and over
//    HTTP (`mock.listen()`, the SDK's own fetcher on the global fetch); their results have the API's
//    shapes, and errors come out as the SDK's error classes with statusCode and body.
// 3. Plain fetch code (mock.fetch, and the global fetch against mock.url): create, long poll, download.
// 4. Every route of ../shared/openapi/, at every status the spec lists, answered by the mock and
//    validated against the spec's schema for it (ajv; OpenAPI 3.0 `nullable`), with the corrections
//    to the spec listed in CORRECTIONS, each shown to be needed.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";

import { createMockSync } from "../../pkg/testing/index.js";
import { officialFetcher } from "../../pkg/testing/official.js";
import { officialExamples, officialVersion, isTypeOnly, isFetcherPlaceholder } from "./official-examples.mjs";

const require = createRequire(import.meta.url);
const official = require("@sync.so/sdk");
const fern = require("@sync.so/sdk/core");
const { Sync, SyncClient, SyncError, SyncTimeoutError } = official;

// The SDK falls back to this variable for a missing key; the tests say which key they send.
delete process.env.SYNC_API_KEY;

const SPEC_FILE = new URL("../../../shared/openapi/sync-v2-openapi.docs-v2@e54ff50.json", import.meta.url);
const SPEC = JSON.parse(readFileSync(SPEC_FILE, "utf8"));
const DOCS_GENERATION = "6533643b-aceb-4c40-967e-d9ba9baac39e";
const DOCS_ASSET = "550e8400-e29b-41d4-a716-446655440000";
const DOCS_BATCH = "batch_abc123";
const MISSING = "00000000-0000-4000-8000-000000000000";
const CREATE = {
  input: [
    { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
    { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
  ],
  model: "lipsync-2",
  options: { sync_mode: "loop" },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "REJECTED", "CANCELED", "TIMED_OUT"];

// Webhooks are taken in-process, so a delivery can never leave the machine.
const newMock = (options = {}) => createMockSync({ onWebhook: () => {}, ...options });

let dir;
let media;
let jsonl;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "sync-fidelity-"));
  media = join(dir, "file");
  writeFileSync(media, "0123456789");
  jsonl = join(dir, "batch.jsonl");
  const payload = { model: "lipsync-2", input: CREATE.input };
  writeFileSync(jsonl, Array.from({ length: 20 }, (_, i) => JSON.stringify({ request_id: `r${i}`, endpoint: "/v2/generate", payload })).join("\n"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

// --- the OpenAPI and its corrections --------------------------------------------------------------

// Where the spec is wrong about what the API sends. Each entry: the JSON pointer, what the spec says
// there (checked, so a new spec file shows up here), what it should say, why, and the source. The
// matrix test proves each one needed: without it, some response the mock gives fails validation.
//
// The null in each: the API sends `null` for a value a generation does not have (yet); sync-api.md
// §5.5 gives these fields as optional strings and numbers, and the spec's own `type: object` for
// three of them is how NestJS's Swagger plugin writes a `string | null` / `number | null` property
// (an inference from the spec's NestJS operationIds, sync-api.md §19; not stated there).
const CORRECTIONS = [
  {
    pointer: "/components/schemas/Generation/properties/outputUrl",
    was: { type: "object", description: "The URL of the output media." },
    now: { type: "string", nullable: true, description: "The URL of the output media." },
    why: "a URL is a string: set when COMPLETED, null before",
    source: "sync-api.md §5.5 (Generation: `outputUrl` string, set when COMPLETED)",
  },
  {
    pointer: "/components/schemas/Generation/properties/webhookUrl",
    was: { type: "object", description: "The URL to the webhook endpoint." },
    now: { type: "string", nullable: true, description: "The URL to the webhook endpoint." },
    why: "the create request's webhookUrl (a string) echoed back, null when none was given",
    source: "sync-api.md §5.5 (Generation: `webhookUrl` string); §12 (set per request with `webhookUrl`)",
  },
  {
    pointer: "/components/schemas/Generation/properties/outputDuration",
    was: { type: "object", description: "The duration of the output media." },
    now: { type: "number", nullable: true, description: "The duration of the output media." },
    why: "a length in seconds is a number: set when COMPLETED, null before",
    source: "sync-api.md §5.5 (Generation: `outputDuration` number, seconds)",
  },
  {
    pointer: "/components/schemas/Generation/properties/error",
    was: { type: "string", description: "The error message if the generation failed." },
    now: { type: "string", nullable: true, description: "The error message if the generation failed." },
    why: "only a FAILED or REJECTED generation has a message; the others send null",
    source: "sync-api.md §5.5 (Generation: `error` optional string, the human-readable message); §12 (on failure, `error` and `error_code` are included)",
  },
];

const pointerParts = (pointer) => pointer.split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
const at = (doc, pointer) => pointerParts(pointer).reduce((node, key) => node?.[key], doc);

/** A schema with every `$ref` (into the spec) replaced by what it points at; siblings of a `$ref` kept. */
function resolveRefs(node, doc, depth = 0) {
  assert.ok(depth < 32, "the spec's $refs nest too deep (a cycle?)");
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, doc, depth));
  if (node === null || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    const { $ref, ...siblings } = node;
    assert.ok($ref.startsWith("#/"), `only local $refs: ${$ref}`);
    const target = at(doc, $ref.slice(1));
    assert.ok(target, `the spec has no ${$ref}`);
    return { ...resolveRefs(target, doc, depth + 1), ...resolveRefs(siblings, doc, depth) };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveRefs(value, doc, depth)]));
}

/**
 * A validator for the spec with these corrections applied: `check(route, status, body)` →
 * `{ listed }` (the spec lists this status for the route), `schema` (it gives a JSON body schema),
 * `valid`, `errors`. `route` is "METHOD /path/{param}" as the spec writes it.
 */
function specValidator(corrections) {
  const spec = structuredClone(SPEC);
  for (const { pointer, now } of corrections) {
    const parts = pointerParts(pointer);
    const parent = parts.slice(0, -1).reduce((node, key) => node[key], spec);
    parent[parts.at(-1)] = now;
  }
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addKeyword("example"); // OpenAPI's annotation
  const compiled = new Map();
  return function check(route, status, body) {
    const [method, path] = route.split(" ");
    const operation = spec.paths[path]?.[method.toLowerCase()];
    assert.ok(operation, `the spec has no ${route}`);
    const response = operation.responses[String(status)];
    if (!response) return { listed: false };
    const schema = response.content?.["application/json"]?.schema;
    if (!schema) return { listed: true, schema: false };
    const key = `${route} ${status}`;
    if (!compiled.has(key)) compiled.set(key, ajv.compile(resolveRefs(schema, spec)));
    const validate = compiled.get(key);
    const valid = validate(body);
    return { listed: true, schema: true, valid, errors: validate.errors };
  };
}

const corrected = specValidator(CORRECTIONS);
const uncorrected = specValidator([]);
/** For each correction, the spec with all the others: made once, for both modes. */
const withoutEach = new Map(CORRECTIONS.map((c) => [c, specValidator(CORRECTIONS.filter((other) => other !== c))]));
const errorSchema = new Ajv({ allErrors: true, strict: true }).addKeyword("example").compile(resolveRefs(SPEC.components.schemas.GenerationError, SPEC));

/** Assert that `body` is what the spec says `route` answers with `status` (corrected), where it says. */
function assertSpec(route, status, body, label = "") {
  const result = corrected(route, status, body);
  if (result.schema) assert.ok(result.valid, `${route} ${status}${label && ` (${label})`} against the spec: ${JSON.stringify(result.errors)}\nbody: ${JSON.stringify(body)}`);
  return result;
}

/** The spec route of an SDK method, for the methods whose routes the 2025 OpenAPI has. */
const SPEC_ROUTES = {
  "generations.create": "POST /v2/generate",
  "generations.createWithFiles": "POST /v2/generate",
  "generations.get": "GET /v2/generate/{id}",
  "generations.list": "GET /v2/generations",
  "generations.estimateCost": "POST /v2/analyze/cost",
};

// --- 1. mock.fetcher against Fern's own fetcher ---------------------------------------------------

/** A result with its Headers as entries and its bytes as arrays, so deepEqual compares them. */
async function comparable(result) {
  const entries = (headers) => (headers ? [...headers.entries()] : headers);
  let body = result.ok ? result.body : result.error.body;
  if (typeof Blob !== "undefined" && body instanceof Blob) body = { blob: body.type, bytes: [...new Uint8Array(await body.arrayBuffer())] };
  else if (body instanceof ArrayBuffer) body = { arrayBuffer: [...new Uint8Array(body)] };
  const rawResponse = { ...result.rawResponse, headers: entries(result.rawResponse.headers) };
  return result.ok ? { ...result, body, headers: entries(result.headers), rawResponse } : { ...result, error: { ...result.error, ...(result.error.reason === "status-code" ? { body } : {}) }, rawResponse };
}

/** What the mock recorded, the multipart boundary (random per body) left out. */
const sent = (mock) => mock.requests.map(({ headers, ...r }) => ({ ...r, headers: { ...headers, ...(headers["content-type"] ? { "content-type": headers["content-type"].replace(/boundary=.*/, "boundary=*") } : {}) } }));

/**
 * Run one call through Fern's fetcher (the SDK's default, on the global fetch, set to `mock.fetch`)
 * and through `mock.fetcher`, each on a fresh mock made alike; assert the same result and the same
 * requests; return the kit's result. `fetchOf(mock)`: another fetch for both (Fern's on the global
 * fetch, the kit's as `officialFetcher(fetch)`).
 */
async function sameAsFern(argsOf, { setup, fetchOf } = {}) {
  const sides = [];
  for (const side of ["fern", "kit"]) {
    const mock = newMock({ examples: true });
    await setup?.(mock);
    const args = await argsOf(mock);
    let result;
    if (side === "fern") {
      const saved = globalThis.fetch;
      globalThis.fetch = fetchOf ? fetchOf(mock) : mock.fetch;
      try {
        result = await fern.fetcher(args);
      } finally {
        globalThis.fetch = saved;
      }
    } else {
      result = await (fetchOf ? officialFetcher(fetchOf(mock)) : mock.fetcher)(args);
    }
    sides.push({ result: await comparable(result), requests: sent(mock), raw: result });
  }
  assert.deepEqual(sides[1].result, sides[0].result, "the same result as Fern's fetcher");
  assert.deepEqual(sides[1].requests, sides[0].requests, "the same requests as Fern's fetcher");
  return sides[1].raw;
}

const call = (mock, path, extra = {}) => ({
  url: `${mock.baseUrl}${path}`,
  method: "GET",
  headers: { "X-Fern-Language": "JavaScript", "x-api-key": mock.apiKey, "X-Absent": undefined },
  contentType: "application/json",
  requestType: "json",
  // Short: Fern's fetcher leaves its timeout timer armed when the fetch rejects (the process would
  // wait for it); 1 s is plenty in-process.
  timeoutMs: 1000,
  maxRetries: 0, // Fern's fetcher would retry a 5xx after real seconds; the kit never does
  ...extra,
});

describe("mock.fetcher answers as Fern's own fetcher does", () => {
  test("is Fern's FetchFunction: the official SyncClient takes it", async () => {
    const mock = newMock({ examples: true });
    assert.equal(typeof mock.fetcher, "function");
    const client = new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetcher: mock.fetcher });
    const g = await client.generations.get(DOCS_GENERATION);
    assert.equal(g.id, DOCS_GENERATION);
    assert.equal(mock.requests.length, 1);
    // No baseUrl: the SDK's default environment, which mock.fetch serves too.
    const byDefault = new SyncClient({ apiKey: mock.apiKey, fetcher: mock.fetcher });
    assert.equal((await byDefault.generations.get(DOCS_GENERATION)).id, DOCS_GENERATION);
    assert.equal(mock.requests.at(-1).url, `https://api.sync.so/v2/generate/${DOCS_GENERATION}`);
    assert.throws(() => officialFetcher("not a fetch"), TypeError);
  });

  test("JSON: success, an error status, a created resource", async () => {
    const got = await sameAsFern((m) => call(m, `/v2/generate/${DOCS_GENERATION}`));
    assert.equal(got.ok, true);
    assert.equal(got.body.id, DOCS_GENERATION);
    assert.equal(got.rawResponse.status, 200);
    assert.ok(got.headers instanceof Headers);
    const missing = await sameAsFern((m) => call(m, `/v2/generate/${MISSING}`));
    assert.deepEqual(missing.error, { reason: "status-code", statusCode: 404, body: { statusCode: 404, message: `Generation ${MISSING} not found.`, error: "Not Found" } });
    const created = await sameAsFern((m) => call(m, "/v2/generate", { method: "POST", body: CREATE }));
    assert.equal(created.rawResponse.status, 201);
    assert.equal(created.body.status, "PENDING");
    const scripted = await sameAsFern((m) => call(m, "/v2/models"), { setup: (m) => m.fail({ path: "/v2/models", status: 500 }) });
    assert.equal(scripted.error.statusCode, 500);
  });

  test("query parameters as qs writes them (arrays repeat their key)", async () => {
    const queryParameters = {
      status: JSON.stringify(["COMPLETED", "FAILED"]),
      ids: ["a", "b c"],
      nested: { x: "1", y: ["2", "3"] },
      none: null,
      left: undefined,
      empty: [],
      when: new Date(0),
      odd: "!'()*~ é&=",
      n: 7,
      yes: true,
    };
    await sameAsFern((m) => call(m, "/v2/generations", { queryParameters }));
    const mock = newMock();
    await mock.fetcher(call(mock, "/v2/generations", { queryParameters }));
    assert.equal(
      mock.requests[0].url,
      `${mock.baseUrl}/v2/generations?status=%5B%22COMPLETED%22%2C%22FAILED%22%5D&ids=a&ids=b%20c&nested%5Bx%5D=1&nested%5By%5D=2&nested%5By%5D=3&none=&when=1970-01-01T00%3A00%3A00.000Z&odd=%21%27%28%29%2A~%20%C3%A9%26%3D&n=7&yes=true`,
    );
    // A key whose value is left out still adds the "?", as in Fern's; none at all adds nothing.
    await sameAsFern((m) => call(m, "/v2/generations", { queryParameters: { left: undefined } }));
    await sameAsFern((m) => call(m, "/v2/generations", { queryParameters: {} }));
  });

  test("bodies that are not JSON, empty bodies, and each responseType", async () => {
    const text = await sameAsFern((m) => call(m, "/v2/models"), { setup: (m) => m.fail({ path: "/v2/models", status: 200, body: "plain text" }) });
    // Fern's quirk: not an error, but a success whose body says "non-json" (sync-api.md §7.2).
    assert.deepEqual(text.body, { ok: false, error: { reason: "non-json", statusCode: 200, rawBody: "plain text" } });
    const html = await sameAsFern((m) => call(m, "/v2/models"), { setup: (m) => m.fail({ path: "/v2/models", status: 404, body: "<h1>gone</h1>" }) });
    assert.deepEqual(html.error, { reason: "status-code", statusCode: 404, body: { ok: false, error: { reason: "non-json", statusCode: 404, rawBody: "<h1>gone</h1>" } } });
    const empty = await sameAsFern((m) => call(m, "/v2/models"), { setup: (m) => m.fail({ path: "/v2/models", status: 204 }) });
    assert.equal(empty.ok, true);
    assert.equal(empty.body, undefined);
    const output = `/outputs/${DOCS_GENERATION}.mp4`;
    for (const responseType of ["text", "blob", "arrayBuffer"]) await sameAsFern((m) => call(m, output, { responseType }));
    const plain = newMock({ examples: true });
    const stream = await plain.fetcher(call(plain, output, { responseType: "sse" }));
    assert.ok(stream.body instanceof ReadableStream);
    // A redirect followed (the legacy result link): success with the final URL.
    const followed = await sameAsFern((m) => call(m, `/v2/generations/${DOCS_GENERATION}/result`, { queryParameters: { token: "t" }, responseType: "arrayBuffer" }));
    assert.equal(followed.rawResponse.redirected, true);
    assert.equal(followed.rawResponse.url, `https://api.sync.so${output}`); // the docs' example was made on api.sync.so
  });

  test("multipart bodies: a FormData, and the Node.js stream the SDK makes of one with files", async () => {
    const form = (m) => {
      const body = new FormData();
      body.append("video", new Blob(["0123456789"], { type: "video/mp4" }), "v.mp4");
      body.append("audio", new Blob(["abc"], { type: "audio/wav" }), "a.wav");
      body.append("model", "lipsync-2");
      return call(m, "/v2/generate", { method: "POST", requestType: "file", body, contentType: undefined });
    };
    const created = await sameAsFern(form);
    assert.equal(created.rawResponse.status, 201);
    assert.match(created.body.input[0].url, /^https:\/\/mock\.sync\.invalid\/files\//);
    const nodeStream = async (m) => {
      const data = await fern.newFormData(); // Node18FormData on Node.js: a Readable of the encoded form
      await data.appendFile("video", fs.createReadStream(media));
      await data.appendFile("audio", new Blob(["abc"]), "a.wav");
      data.append("model", "lipsync-2");
      const request = await data.getRequest();
      return call(m, "/v2/generate", { method: "POST", requestType: "file", body: request.body, headers: { ...call(m, "").headers, ...request.headers }, duplex: request.duplex, contentType: undefined });
    };
    const streamed = await sameAsFern(nodeStream);
    assert.equal(streamed.rawResponse.status, 201);
    const mock = newMock();
    await mock.fetcher(await nodeStream(mock));
    assert.deepEqual(mock.requests[0].parts.map((p) => [p.name, p.kind, p.size ?? p.value]), [["video", "file", 10], ["audio", "file", 3], ["model", "field", "lipsync-2"]]);
  });

  test("failures without an answer: a reset, the timeout, the caller's abort, odd rejections", async () => {
    const reset = await sameAsFern((m) => call(m, "/v2/models"), { setup: (m) => m.fail({ path: "/v2/models", reset: true }) });
    assert.deepEqual(reset.error, { reason: "unknown", errorMessage: "fetch failed" });
    assert.equal(reset.rawResponse.status, 0);
    // Fern aborts with the string "timeout"; a fetch that rejects with the reason (Node's, mock.fetch)
    // makes that "unknown" (sync-api.md §7.2), one that rejects with an AbortError makes it "timeout".
    const late = await sameAsFern((m) => call(m, "/v2/models", { timeoutMs: 20 }), { setup: (m) => m.fail({ path: "/v2/models", delayMs: 2000 }) });
    assert.deepEqual(late.error, { reason: "unknown", errorMessage: '"timeout"' });
    const abortError = () => () => Promise.reject(new DOMException("This operation was aborted", "AbortError"));
    const timedOut = await sameAsFern((m) => call(m, "/v2/models"), { fetchOf: abortError });
    assert.deepEqual(timedOut.error, { reason: "timeout" });
    assert.equal(timedOut.rawResponse.status, 499);
    const aborted = await sameAsFern((m) => call(m, "/v2/models", { abortSignal: AbortSignal.abort() }));
    assert.deepEqual(aborted.error, { reason: "unknown", errorMessage: "The user aborted a request" });
    assert.equal(aborted.rawResponse.status, 499);
    const midway = await sameAsFern((m) => call(m, "/v2/models", { abortSignal: AbortSignal.timeout(20) }), { setup: (m) => m.fail({ path: "/v2/models", delayMs: 2000 }) });
    assert.equal(midway.error.errorMessage, "The user aborted a request");
    const odd = await sameAsFern((m) => call(m, "/v2/models"), { fetchOf: () => () => Promise.reject("boom") });
    assert.deepEqual(odd.error, { reason: "unknown", errorMessage: '"boom"' });
  });

  test("never retries: maxRetries is ignored, one request per call", async () => {
    const mock = newMock();
    mock.fail({ path: "/v2/models", status: 503, times: 3 });
    const result = await mock.fetcher(call(mock, "/v2/models", { maxRetries: 2 }));
    assert.equal(result.error.statusCode, 503);
    assert.equal(mock.requests.length, 1);
  });
});

// --- 2. the official SDK's examples and errors, in-process and over HTTP -------------------------

const RESOURCES = new Set(["generations", "assets", "batch", "models"]);

/** The client, each of whose calls is recorded: method, args, then data and rawResponse, or error. */
function recording(client, calls) {
  return new Proxy(client, {
    get(target, prop) {
      const resource = Reflect.get(target, prop);
      if (!RESOURCES.has(prop)) return resource;
      return new Proxy(resource, {
        get(r, name) {
          const method = Reflect.get(r, name);
          if (typeof method !== "function" || typeof name !== "string" || name.startsWith("_")) return method;
          return (...args) => {
            const promise = method.apply(r, args);
            const made = { method: `${prop}.${name}`, args };
            made.done = promise.withRawResponse().then(({ data, rawResponse }) => Object.assign(made, { data, rawResponse }), (error) => Object.assign(made, { error }));
            calls.push(made);
            return promise;
          };
        },
      });
    },
  });
}

function assertGeneration(g, label) {
  assert.equal(typeof g, "object", label);
  assert.match(g.id, /^[0-9a-f-]{36}$/, `${label}: id`);
  assert.ok(!Number.isNaN(Date.parse(g.createdAt)), `${label}: createdAt`);
  assert.ok(STATUSES.includes(g.status), `${label}: status ${g.status}`);
  assert.equal(typeof g.model, "string", `${label}: model`);
  assert.ok(Array.isArray(g.input) && g.input.length >= 2, `${label}: input`);
  for (const field of ["outputUrl", "webhookUrl", "error", "error_code"]) assert.ok(g[field] === null || typeof g[field] === "string", `${label}: ${field}`);
  assert.equal(g.status === "COMPLETED", typeof g.outputUrl === "string", `${label}: outputUrl once COMPLETED`);
}

/** The SDK's error: its class, statusCode and body (the API's error body, valid for the spec's route). */
async function assertSdkError(promise, Class, status, { route, message } = {}) {
  const error = await promise.then(() => assert.fail(`expected ${Class.name}`), (e) => e);
  assert.ok(error instanceof Class, `${Class.name}, got ${error?.constructor?.name}: ${error?.message}`);
  assert.ok(error instanceof SyncError, "a SyncError");
  if (Class === SyncError) assert.equal(Object.getPrototypeOf(error), SyncError.prototype, "the plain SyncError: a status the endpoint does not map");
  assert.equal(error.statusCode, status);
  assert.equal(error.rawResponse.status, status);
  assert.equal(error.body.statusCode, status);
  assert.equal(typeof error.body.error, "string");
  assert.ok(typeof error.body.message === "string" || Array.isArray(error.body.message));
  if (message) assert.match([].concat(error.body.message).join("\n"), message);
  assert.ok(errorSchema(error.body), `the spec's GenerationError: ${JSON.stringify(errorSchema.errors)}`);
  if (route) assert.ok(assertSpec(route, status, error.body).listed, `the spec lists ${status} for ${route}`);
  return error;
}

for (const mode of ["in-process", "over HTTP"]) {
  describe(`the official @sync.so/sdk ${officialVersion}, ${mode}`, () => {
    let mock;
    let baseUrl;
    let plainFetch;
    let options;
    before(async () => {
      mock = newMock({ examples: true });
      if (mode === "over HTTP") await mock.listen();
      baseUrl = mode === "over HTTP" ? mock.url : mock.baseUrl;
      // In-process, the SDK's fetcher is the mock's; over HTTP, the SDK's own, on the global fetch.
      options = mode === "over HTTP" ? {} : { fetcher: mock.fetcher };
      plainFetch = mode === "over HTTP" ? fetch : mock.fetch;
    });
    after(() => mock.close());
    const client = (more = {}) => new SyncClient({ apiKey: mock.apiKey, baseUrl, ...options, ...more });

    test("the README and reference examples run and get the API's shapes", async () => {
      assert.equal(officialVersion, "0.3.0");
      const calls = [];
      const made = [];
      class ExampleClient extends SyncClient {
        constructor(given = {}) {
          super({ apiKey: mock.apiKey, baseUrl, ...options, ...given });
          made.push({ given, client: this });
          return recording(this, calls);
        }
      }
      // The README's "Customizing Fetch Client" block, with its placeholder filled: a user's fetcher.
      const userFetcher = mode === "over HTTP" ? officialFetcher(fetch) : mock.fetcher;
      const examples = officialExamples({ media, jsonl }).map((example) => {
        if (isTypeOnly(example.code)) return { ...example, skip: "type-only (checked by tests/types)" };
        if (!isFetcherPlaceholder(example.code)) return example;
        const runnable = example.runnable.replace(/^\s*\.\.\.\n/m, "").replace(/fetcher:\s*\/\/.*$/m, "fetcher,");
        return { ...example, runnable };
      });
      const runnable = examples.filter((e) => !e.skip);
      assert.ok(runnable.length >= 16, `found ${runnable.length} runnable examples`);
      const logs = [];
      const AsyncFunction = (async () => {}).constructor;
      for (const example of runnable) {
        // In a block, so an example's own `const client` shadows the one given.
        const run = new AsyncFunction("SyncClient", "SyncError", "Sync", "client", "fs", "console", "fetcher", `{\n${example.runnable}\n}`);
        try {
          await run(ExampleClient, SyncError, Sync, new ExampleClient(), fs, { log: (...args) => logs.push(args) }, userFetcher);
        } catch (error) {
          assert.fail(`${example.file} example failed: ${error}\n--- example ---\n${example.runnable}`);
        }
      }
      console.log(`${mode}: ran ${runnable.length} of ${examples.length} examples; not run: ${examples.filter((e) => e.skip).map((e) => e.skip).join(", ")}`);
      await Promise.all(calls.map((c) => c.done));
      for (const c of calls) assert.equal(c.error, undefined, `${c.method} failed: ${c.error}`);

      // Every SDK method is in the examples.
      const methods = [...new Set(calls.map((c) => c.method))].sort();
      assert.deepEqual(methods, ["assets.get", "assets.list", "batch.create", "batch.get", "batch.list", "generations.create", "generations.createWithFiles", "generations.estimateCost", "generations.get", "generations.list", "models.list"]);
      const of = (method) => calls.filter((c) => c.method === method);
      for (const c of calls) if (SPEC_ROUTES[c.method]) assertSpec(SPEC_ROUTES[c.method], c.rawResponse.status, c.data, c.method);

      const creates = of("generations.create");
      assert.equal(creates.length, 8); // the README's 7 (quick start, errors, headers, retries, timeouts, abort, raw response) and the reference's
      for (const { data, rawResponse } of creates) {
        assertGeneration(data, "create");
        assert.equal(rawResponse.status, 201);
        assert.match(data.id, UUID);
        assert.equal(data.status, "PENDING");
        assert.deepEqual([data.model, data.input, data.options], [CREATE.model, CREATE.input, CREATE.options]);
        assert.equal(mock.generations.get(data.id).id, data.id);
      }
      assert.equal(new Set(creates.map((c) => c.data.id)).size, creates.length, "a new id each");
      assert.ok(mock.requests.some((r) => r.headers["x-custom-header"] === "custom value"), "the headers example's header was sent");
      assert.ok(logs.some(([value]) => creates.some((c) => c.data.id === value?.id)), "the raw-response example logged its data");

      const [withFiles] = of("generations.createWithFiles");
      assertGeneration(withFiles.data, "createWithFiles");
      assert.equal(withFiles.rawResponse.status, 201);
      assert.deepEqual(withFiles.data.input.map((i) => i.type), ["video", "audio"]);
      const multipart = mock.requests.find((r) => r.path === "/v2/generate" && r.parts);
      assert.deepEqual(multipart.parts.map((p) => [p.name, p.kind, p.size ?? p.value]), [["video", "file", 10], ["audio", "file", 10], ["model", "field", "lipsync-2"]]);
      const uploaded = await plainFetch(withFiles.data.input[0].url);
      assert.equal(await uploaded.text(), "0123456789", "the uploaded file is served at its input URL");

      const [get] = of("generations.get");
      assertGeneration(get.data, "get");
      assert.equal(get.data.id, DOCS_GENERATION);
      assert.equal(get.data.status, "COMPLETED");
      assert.match(get.data.outputUrl, new RegExp(`/outputs/${DOCS_GENERATION}\\.mp4$`));
      assert.equal(typeof get.data.outputDuration, "number");

      const [list] = of("generations.list");
      assert.ok(Array.isArray(list.data));
      list.data.forEach((g, i) => assertGeneration(g, `list[${i}]`));
      assert.ok(list.data.some((g) => g.id === DOCS_GENERATION));

      const [cost] = of("generations.estimateCost");
      assert.equal(cost.data.length, 1);
      assert.ok(cost.data[0].estimatedFrameCount > 0 && cost.data[0].estimatedGenerationCost > 0);

      const [assets] = of("assets.list");
      assert.equal(assets.data.items.length, 10);
      assert.equal(typeof assets.data.nextCursor, "string");
      assert.equal(assets.data.totalCount, 26);
      const dates = assets.data.items.map((a) => a.createdAt);
      assert.deepEqual(dates, [...dates].sort().reverse(), "sortBy dateDesc");
      for (const a of assets.data.items) {
        assert.equal(typeof a.id, "string");
        assert.ok(["AUDIO", "VIDEO", "IMAGE"].includes(a.type));
        assert.ok(["USER", "ORGANIZATION"].includes(a.visibility));
      }
      const [asset] = of("assets.get");
      assert.deepEqual([asset.data.id, asset.data.type, asset.data.url], [DOCS_ASSET, "VIDEO", "https://assets.sync.so/docs/example-video.mp4"]);

      const [batch] = of("batch.create");
      assert.match(batch.data.id, /^batch_/);
      assert.equal(batch.data.status, "PENDING");
      assert.deepEqual(batch.data.metrics, { total_generations: 20, success_count: 0, failed_count: 0, pending_count: 20 });
      assert.equal(batch.data.webhookUrl, "https://your-webhook-url.com/batch-webhook");
      const [batchGet] = of("batch.get");
      assert.deepEqual([batchGet.data.id, batchGet.data.status, batchGet.data.metrics.success_count], [DOCS_BATCH, "COMPLETED", 20]);
      const [batches] = of("batch.list");
      assert.deepEqual(batches.data.map((b) => b.id).sort(), [DOCS_BATCH, batch.data.id].sort());

      const [models] = of("models.list");
      for (const m of models.data) {
        assert.equal(typeof m.id, "string");
        assert.ok(["lipsync", "react"].includes(m.type));
        assert.equal(typeof m.version, "string");
      }
      assert.ok(["lipsync-2", "sync-3"].every((id) => models.data.some((m) => m.id === id)));

      // The fetcher example's client, built with the user's fetcher, works.
      const custom = made.find((m) => m.given.fetcher === userFetcher);
      assert.ok(custom, "the fetcher example made its client");
      assert.ok((await custom.client.models.list()).length >= 5);
    });

    test("errors come out as the SDK's error classes, with statusCode and body", async () => {
      const c = client();
      await assertSdkError(c.generations.get(MISSING), Sync.NotFoundError, 404, { route: "GET /v2/generate/{id}", message: /not found/ });
      await assertSdkError(c.assets.get(MISSING), Sync.NotFoundError, 404);
      await assertSdkError(c.batch.get("batch_missing"), Sync.NotFoundError, 404);
      await assertSdkError(client({ apiKey: "wrong-key" }).generations.list(), Sync.UnauthorizedError, 401, { route: "GET /v2/generations", message: /^Invalid API key\.$/ });
      await assertSdkError(client({ apiKey: undefined }).generations.estimateCost(CREATE), Sync.UnauthorizedError, 401, { route: "POST /v2/analyze/cost", message: /Missing API key/ });
      const bad = await assertSdkError(c.generations.create({ model: "lipsync-2", input: [] }), Sync.BadRequestError, 400, { route: "POST /v2/generate" });
      assert.ok(Array.isArray(bad.body.message), "validation problems as a list");
      assert.match(bad.message, /^BadRequestError\nStatus code: 400\nBody: \{/);

      // Faults scripted on the mock. In-process the fetcher never retries; over HTTP the SDK's own
      // would (after real seconds), so these calls say `maxRetries: 0`.
      const once = { maxRetries: 0 };
      mock.fail({ method: "GET", path: "/v2/generate/*", status: 500 });
      const internal = await assertSdkError(c.generations.get(DOCS_GENERATION, once), Sync.InternalServerError, 500, { route: "GET /v2/generate/{id}" });
      assert.equal(internal.body.errorCode, "internal_error");
      mock.fail({ method: "POST", path: "/v2/batch", status: 429 });
      await assertSdkError(c.batch.create(fs.createReadStream(jsonl), {}, once), Sync.TooManyRequestsError, 429);
      mock.fail({ method: "POST", path: "/v2/batch", status: 402 });
      await assertSdkError(c.batch.create(fs.createReadStream(jsonl), {}, once), Sync.PaymentRequiredError, 402);
      // A status the endpoint does not map: the plain SyncError.
      mock.fail({ method: "GET", path: "/v2/generate/*", status: 402 });
      await assertSdkError(c.generations.get(DOCS_GENERATION, once), SyncError, 402);
      // The plan's concurrency limit, reached for real.
      mock.setLimits({ concurrency: mock.generations.inFlight() + 1 });
      await c.generations.create(CREATE, once);
      const limited = await assertSdkError(c.generations.create(CREATE, once), SyncError, 429);
      assert.equal(limited.body.errorCode, "concurrency_limit_reached");
      mock.setLimits({ concurrency: Infinity });

      // A body that is not JSON: Fern's wrapping (sync-api.md §7.2), the same in both modes.
      mock.fail({ method: "GET", path: "/v2/generate/*", status: 404, body: "<h1>gone</h1>" });
      const html = await c.generations.get(DOCS_GENERATION).then(() => assert.fail("expected NotFoundError"), (e) => e);
      assert.ok(html instanceof Sync.NotFoundError);
      assert.deepEqual(html.body, { ok: false, error: { reason: "non-json", statusCode: 404, rawBody: "<h1>gone</h1>" } });

      // Failures without an answer, as SyncError with the SDK's messages.
      mock.fail({ path: "/v2/models", delayMs: 5000 });
      const slow = await c.models.list({ timeoutInSeconds: 0.05 }).then(() => assert.fail("expected a timeout"), (e) => e);
      assert.ok(slow instanceof SyncError && !(slow instanceof SyncTimeoutError), "Node's fetch: the timeout is a SyncError (sync-api.md §7.2)");
      assert.equal(slow.message, '"timeout"');
      // (`timeoutInSeconds: 1`: when the fetch rejects, Fern's fetcher leaves its 60 s timer armed.)
      const aborted = await c.models.list({ abortSignal: AbortSignal.abort(), timeoutInSeconds: 1 }).then(() => assert.fail("expected an abort"), (e) => e);
      assert.equal(aborted.message, "The user aborted a request");
      assert.equal(aborted.rawResponse.status, 499);
      mock.fail({ path: "/v2/models", reset: true });
      const reset = await c.models.list({ timeoutInSeconds: 1 }).then(() => assert.fail("expected a reset"), (e) => e);
      assert.equal(reset.message, "fetch failed");
      assert.equal(reset.rawResponse.status, 0);
    });

    test(`retries: ${mode === "over HTTP" ? "the SDK's own fetcher retries a 500 away" : "mock.fetcher does not, so the 500 reaches the code"}`, async () => {
      mock.clearRequests();
      mock.fail({ method: "GET", path: "/v2/generate/*", status: 500 });
      const c = client();
      if (mode === "over HTTP") {
        assert.equal((await c.generations.get(DOCS_GENERATION)).id, DOCS_GENERATION);
        assert.equal(mock.requests.length, 2);
      } else {
        await assertSdkError(c.generations.get(DOCS_GENERATION), Sync.InternalServerError, 500);
        assert.equal(mock.requests.length, 1);
      }
    });
  });
}

// --- 3. plain fetch: create, long poll, download --------------------------------------------------

for (const mode of ["mock.fetch", "the global fetch over HTTP"]) {
  test(`plain fetch (${mode}): create, long poll, download the output`, async () => {
    const mock = newMock();
    const base = mode === "mock.fetch" ? mock.baseUrl : await mock.listen();
    const fetchFn = mode === "mock.fetch" ? mock.fetch : fetch;
    try {
      const headers = { "content-type": "application/json", "x-api-key": mock.apiKey };
      const created = await fetchFn(`${base}/v2/generate`, { method: "POST", headers, body: JSON.stringify(CREATE) });
      assert.equal(created.status, 201);
      assert.match(created.headers.get("content-type"), /^application\/json/);
      assert.match(created.headers.get("x-request-id"), /^req_/);
      const generation = await created.json();
      assertSpec("POST /v2/generate", 201, generation);
      assert.equal(generation.status, "PENDING");

      const polled = await fetchFn(`${base}/v2/generate/${generation.id}?wait=true&timeout=10`, { headers: { "x-api-key": mock.apiKey } });
      assert.equal(polled.status, 200);
      assert.equal(polled.headers.get("x-sync-wait-mode"), "long_poll");
      assert.equal(polled.headers.get("x-sync-wait-timeout-seconds"), "10");
      const done = await polled.json();
      assertSpec("GET /v2/generate/{id}", 200, done);
      assert.equal(done.status, "COMPLETED");
      assert.equal(done.outputUrl, `${base}/outputs/${generation.id}.mp4`);

      const video = await fetchFn(done.outputUrl);
      assert.equal(video.status, 200);
      assert.equal(video.headers.get("content-type"), "video/mp4");
      const bytes = new Uint8Array(await video.arrayBuffer());
      assert.equal(Number(video.headers.get("content-length")), bytes.length);
      assert.equal(new TextDecoder().decode(bytes.slice(4, 8)), "ftyp", "an MP4");
      const part = await fetchFn(done.outputUrl, { headers: { range: "bytes=0-7" } });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get("content-range"), `bytes 0-7/${bytes.length}`);
      assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(0, 8));
    } finally {
      await mock.close();
    }
  });
}

// --- 4. every route of the OpenAPI, at every status it lists -------------------------------------

/**
 * Drive the mock to every status the spec lists for each of its routes (and a few it gives that the
 * spec does not list), recording each answer: `{ route, status, body, label }`.
 */
async function everyRoute(fetchFn, base, mock) {
  const seen = [];
  const key = { "x-api-key": mock.apiKey };
  const json = { ...key, "content-type": "application/json" };
  async function hit(route, label, path, init = {}) {
    const response = await fetchFn(`${base}${path}`, { redirect: "manual", ...init });
    const text = await response.text();
    let body;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    seen.push({ route, status: response.status, body, label, location: response.headers.get("location") });
    return body;
  }
  const create = (label, body, headers = json) => hit("POST /v2/generate", label, "/v2/generate", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const get = (label, id, query = "", headers = key) => hit("GET /v2/generate/{id}", label, `/v2/generate/${id}${query}`, { headers });

  // POST /v2/generate: 201 in its variants, 400, 401, 500.
  const pending = await create("by URL", CREATE);
  await create("with a webhookUrl", { ...CREATE, webhookUrl: "https://hooks.example/sync" });
  await create("text to speech", { model: "lipsync-2", input: [CREATE.input[0], { type: "text", provider: { name: "elevenlabs", voiceId: "v1", script: "hello" } }] });
  await create("by assetId", { model: "lipsync-2", input: [{ type: "video", assetId: DOCS_ASSET }, CREATE.input[1]] });
  const form = new FormData();
  form.append("video", new Blob(["0123456789"], { type: "video/mp4" }), "v.mp4");
  form.append("audio", new Blob(["abc"], { type: "audio/wav" }), "a.wav");
  form.append("model", "lipsync-2");
  await hit("POST /v2/generate", "multipart with files", "/v2/generate", { method: "POST", headers: key, body: form });
  await create("invalid input", { model: "lipsync-2", input: [] });
  await create("not JSON", "{");
  await create("a bad Idempotency-Key", CREATE, { ...json, "idempotency-key": "has spaces" });
  await create("a wrong key", CREATE, { ...json, "x-api-key": "wrong" });
  await create("no key", CREATE, { "content-type": "application/json" });
  mock.fail({ method: "POST", path: "/v2/generate", status: 500 });
  await create("a server error", CREATE);
  // ...and statuses the spec does not list for it.
  await create("an Idempotency-Key reused", CREATE, { ...json, "idempotency-key": "k1" });
  await create("an Idempotency-Key reused, another body", { ...CREATE, model: "lipsync-2-pro" }, { ...json, "idempotency-key": "k1" });
  mock.setLimits({ concurrency: 1 });
  await create("over the concurrency limit", CREATE);
  mock.setLimits({ concurrency: Infinity });

  // GET /v2/generate/{id}: 200 in every status, long polls, 401, 404, 500.
  await get("PENDING", pending.id);
  await mock.advance(1000);
  await get("PROCESSING", pending.id);
  const ends = {};
  for (const status of ["FAILED", "REJECTED", "TIMED_OUT"]) {
    const g = await create(`to end ${status}`, CREATE);
    await mock.generations.fail(g.id, { status });
    ends[status] = g.id;
    await get(status, g.id);
  }
  const toCancel = await create("to cancel", CREATE);
  await hit("POST /v2/generate/{id}/cancel", "a pending one", `/v2/generate/${toCancel.id}/cancel`, { method: "POST", headers: key });
  await get("CANCELED", toCancel.id);
  await get("long poll, timed out", (await create("to poll", CREATE)).id, "?wait=true&timeout=1");
  await get("long poll, COMPLETED", pending.id, "?wait=true&timeout=10");
  await get("COMPLETED (the docs' example)", DOCS_GENERATION);
  await get("a wrong key", DOCS_GENERATION, "", { "x-api-key": "wrong" });
  await get("missing", MISSING);
  mock.fail({ method: "GET", path: "/v2/generate/*", status: 500 });
  await get("a server error", DOCS_GENERATION);
  await get("a long poll timeout out of range (not in the spec)", DOCS_GENERATION, "?wait=true&timeout=99");

  // POST /v2/generate/{id}/cancel: 200 (above), 400, 401, 404, 500.
  const cancel = (label, id, headers = key) => hit("POST /v2/generate/{id}/cancel", label, `/v2/generate/${id}/cancel`, { method: "POST", headers });
  await cancel("one that has ended", DOCS_GENERATION);
  await cancel("a wrong key", toCancel.id, { "x-api-key": "wrong" });
  await cancel("missing", MISSING);
  mock.fail({ method: "POST", path: "/v2/generate/*/cancel", status: 500 });
  await cancel("a server error", DOCS_GENERATION);

  // GET /v2/generations: 200 (all, filtered, paged), 401, 500.
  await create("still pending", CREATE);
  const list = (label, query = "", headers = key) => hit("GET /v2/generations", label, `/v2/generations${query}`, { headers });
  const all = await list("every generation");
  assert.deepEqual([...new Set(all.map((g) => g.status))].sort(), [...STATUSES].sort(), "the list holds a generation in every status");
  await list("by status", "?status=FAILED,CANCELED");
  await list("by ids", `?ids=${ends.FAILED},${DOCS_GENERATION}`);
  await list("a page", `?limit=2&cursor=${all[0].id}`);
  await list("a wrong key", "", { "x-api-key": "wrong" });
  mock.fail({ method: "GET", path: "/v2/generations", status: 500 });
  await list("a server error");
  await list("limit out of range (not in the spec)", "?limit=0");

  // GET /v2/healthcheck: 200, no key needed.
  await hit("GET /v2/healthcheck", "no key", "/v2/healthcheck");

  // POST /v2/analyze/cost: 200, 401, 500.
  const cost = (label, body, headers = json) => hit("POST /v2/analyze/cost", label, "/v2/analyze/cost", { method: "POST", headers, body: JSON.stringify(body) });
  await cost("lipsync-2", CREATE);
  await cost("lipsync-2-pro", { ...CREATE, model: "lipsync-2-pro" });
  await cost("a wrong key", CREATE, { ...json, "x-api-key": "wrong" });
  mock.fail({ method: "POST", path: "/v2/analyze/cost", status: 500 });
  await cost("a server error", CREATE);
  await cost("invalid input (not in the spec)", { model: "lipsync-2", input: [] });

  // GET /v2/generations/{id}/result: 302, 400, 404.
  const result = (label, id, query = "?token=t", headers = key) => hit("GET /v2/generations/{id}/result", label, `/v2/generations/${id}/result${query}`, { headers });
  await result("completed", DOCS_GENERATION);
  await result("not completed", ends.FAILED);
  await result("no token", DOCS_GENERATION, "");
  await result("missing", MISSING);
  await result("a wrong key (not in the spec)", DOCS_GENERATION, "?token=t", { "x-api-key": "wrong" });
  return seen;
}

/** Every `METHOD /path status` the spec lists. */
const specStatuses = () =>
  Object.entries(SPEC.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, op]) => Object.keys(op.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`)),
  );

for (const mode of ["in-process", "over HTTP"]) {
  test(`OpenAPI (${mode}): every route at every status the spec lists validates against the spec`, async () => {
    const mock = newMock({ examples: true });
    const base = mode === "in-process" ? mock.baseUrl : await mock.listen();
    let seen;
    try {
      seen = await everyRoute(mode === "in-process" ? mock.fetch : fetch, base, mock);
    } finally {
      await mock.close();
    }
    const listed = [];
    const statusOnly = [];
    for (const { route, status, body, label } of seen) {
      const result = assertSpec(route, status, body, label);
      if (!result.listed) {
        // Not in the spec: the API's error body all the same.
        assert.ok(status >= 400, `${route} ${status} (${label}): a success the spec does not list`);
        assert.ok(errorSchema(body), `${route} ${status} (${label}) as the spec's GenerationError: ${JSON.stringify(errorSchema.errors)}`);
        continue;
      }
      listed.push(`${route} ${status}`);
      if (!result.schema) statusOnly.push(`${route} ${status}`);
    }
    assert.deepEqual([...new Set(listed)].sort(), specStatuses().sort(), "every status of every route in the spec, answered");
    // Where the spec gives no body schema, only the status is checked.
    assert.deepEqual([...new Set(statusOnly)].sort(), ["GET /v2/generations/{id}/result 400", "GET /v2/generations/{id}/result 404", "GET /v2/healthcheck 200"]);
    // The legacy result link: a redirect to the output, with the generation as its body.
    const redirect = seen.find((s) => s.route === "GET /v2/generations/{id}/result" && s.status === 302);
    assert.equal(redirect.location, `https://api.sync.so/outputs/${DOCS_GENERATION}.mp4`); // where the docs' example was made
    assert.equal(redirect.body.id, DOCS_GENERATION);

    // Each correction to the spec is needed: without it, some answer fails, and the spec still says what
    // the correction says it does.
    for (const correction of CORRECTIONS) {
      assert.deepEqual(at(SPEC, correction.pointer), correction.was, `the spec still says this at ${correction.pointer}`);
      const without = withoutEach.get(correction);
      const failing = seen.filter(({ route, status, body }) => {
        const result = without(route, status, body);
        return result.schema && !result.valid;
      });
      assert.ok(failing.length > 0, `the correction at ${correction.pointer} (${correction.why}) is no longer needed`);
    }
    console.log(`${mode}: ${seen.length} answers on ${Object.keys(SPEC.paths).length} routes; ${seen.filter((s) => uncorrected(s.route, s.status, s.body).valid === false).length} fail the spec as written, none with its ${CORRECTIONS.length} corrections`);
  });
}
