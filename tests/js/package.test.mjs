// The built package (pkg/) imported the way a user imports it, in Node, against the mock server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as sdk from "../../pkg/node.js";
import { createServer } from "node:http";
import { startMockServer, DEFAULT_KEY, DEFAULT_WEBHOOK_SECRET } from "../mock.mjs";

const { SyncClient, SyncError, SyncAPIError, UnauthorizedError, NotFoundError, SyncConfigurationError, isSyncError } = sdk;
const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));
let mock;

before(async () => {
  mock = await startMockServer({ stepMs: 100 });
});
after(async () => {
  await mock.close();
});

const body = {
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://example.com/video.mp4" },
    { type: "audio", url: "https://example.com/audio.wav" },
  ],
};

test("exports the client and every error class", () => {
  const names = [
    "SyncError", "SyncAPIError", "BadRequestError", "UnauthorizedError", "PaymentRequiredError",
    "PermissionDeniedError", "NotFoundError", "ConflictError", "PayloadTooLargeError",
    "UnprocessableEntityError", "TooManyRequestsError", "InternalServerError", "SyncConnectionError",
    "SyncTimeoutError", "SyncAbortError", "SyncConfigurationError", "SyncValidationError",
    "GenerationFailedError", "WebhookVerificationError",
  ];
  for (const name of names) {
    assert.equal(typeof sdk[name], "function", name);
    const error = new sdk[name]("m");
    assert.equal(error.name, name);
    assert.ok(error instanceof Error && error instanceof SyncError, name);
  }
  assert.equal(typeof SyncClient, "function");
  assert.equal(typeof isSyncError, "function");
  assert.equal(typeof sdk.verifyWebhook, "function");
  assert.equal(sdk.Sync.NotFoundError, NotFoundError, "the @sync.so/sdk-style namespace holds the same classes");
  assert.equal(sdk.makeError, undefined, "the internal factory is not exported");
});

test("the glue's wasm import object names each module once", async () => {
  // wasm-bindgen writes a namespace import per directly imported snippet function; a module named
  // twice is a duplicate key in the import object (scripts/package.mjs keeps one).
  const { readFileSync } = await import("node:fs");
  const glue = readFileSync(new URL("../../pkg/sync_wasm.js", import.meta.url), "utf8");
  const specifiers = [...glue.matchAll(/import\s*\*\s*as\s*\w+\s*from\s*["']([^"']+)["']/g)].map((m) => m[1]);
  assert.ok(specifiers.length > 0, "the glue has namespace imports of its snippets");
  assert.deepEqual(specifiers, [...new Set(specifiers)], `a snippet is imported twice: ${specifiers.join(", ")}`);
  // The instance links: every import the .wasm asks for is in the object the glue gives.
  const module = new WebAssembly.Module(readFileSync(new URL("../../pkg/sync_wasm_bg.wasm", import.meta.url)));
  const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  assert.equal(modules.size, specifiers.length + 1, `import modules of the wasm: ${[...modules].join(", ")}`);
});

test("create then get until completed", async () => {
  const client = new SyncClient({ apiKey: DEFAULT_KEY, baseUrl: mock.url });
  const created = await client.generations.create(body);
  assert.equal(created.status, "PENDING");
  let generation = created;
  for (let i = 0; i < 50 && generation.status !== "COMPLETED"; i++) {
    await new Promise((r) => setTimeout(r, 20));
    generation = await client.generations.get(created.id);
  }
  assert.equal(generation.status, "COMPLETED");
  assert.equal(generation.outputUrl, `${mock.url}/outputs/${created.id}.mp4`);
  assert.deepEqual(generation.input, body.input);
});

test("SYNC_API_KEY from process.env", async () => {
  process.env.SYNC_API_KEY = DEFAULT_KEY;
  try {
    const client = new SyncClient({ baseUrl: mock.url });
    const created = await client.generations.create(body);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
  } finally {
    delete process.env.SYNC_API_KEY;
  }
  assert.throws(() => new SyncClient({ baseUrl: mock.url }), (e) => e instanceof SyncConfigurationError && /SYNC_API_KEY/.test(e.message));
});

test("401 is an UnauthorizedError and the key shows nowhere", async () => {
  const secret = "sk_live_this_must_not_leak_42";
  const client = new SyncClient({ apiKey: secret, baseUrl: mock.url });
  const error = await client.generations.get("abc").then(() => assert.fail("resolved"), (e) => e);
  assert.ok(error instanceof UnauthorizedError);
  assert.ok(error instanceof SyncAPIError && error instanceof SyncError && error instanceof Error);
  assert.ok(isSyncError(error));
  assert.equal(error.name, "UnauthorizedError");
  assert.equal(error.status, 401);
  assert.equal(error.body.statusCode, 401);
  assert.match(error.message, /expired or revoked/);
  for (const text of [error.message, String(error), error.stack, inspect(error, { depth: 5, showHidden: true }), JSON.stringify(error), inspect(client, { showHidden: true }), JSON.stringify(client), String(client)]) {
    assert.ok(!text.includes(secret), `key leaked in: ${text.slice(0, 200)}`);
  }
});

test("instanceof works across two copies of the package", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sync-wasm-copy-"));
  try {
    cpSync(pkgDir, dir, { recursive: true });
    const copy = await import(pathToFileURL(join(dir, "node.js")).href);
    assert.notEqual(copy.UnauthorizedError, UnauthorizedError, "really two copies");
    const client = new copy.SyncClient({ apiKey: "wrong", baseUrl: mock.url });
    const error = await client.generations.get("abc").catch((e) => e);
    assert.ok(error instanceof UnauthorizedError, "copy's error, this copy's class");
    assert.ok(error instanceof copy.UnauthorizedError);
    assert.ok(error instanceof SyncError && isSyncError(error));
    assert.ok(!(error instanceof NotFoundError));
    const local = new NotFoundError("x", { status: 404 });
    assert.ok(local instanceof copy.NotFoundError && local instanceof copy.SyncAPIError);
    assert.ok(!(local instanceof copy.UnauthorizedError));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("instanceof rejects look-alikes and honours user subclasses", () => {
  assert.ok(!(new Error("x") instanceof SyncError));
  assert.ok(!({ name: "SyncError" } instanceof SyncError));
  assert.ok(!(null instanceof SyncError));
  assert.ok(!isSyncError("SyncError"));
  class MyError extends UnauthorizedError {}
  const mine = new MyError("m");
  assert.ok(mine instanceof MyError && mine instanceof UnauthorizedError && mine instanceof SyncError);
  assert.ok(!(new UnauthorizedError("m") instanceof MyError));
});

test("statusCode alias and constructor fields", () => {
  const headers = new Headers({ "x-request-id": "r1" });
  const e = new NotFoundError("gone", { status: 404, body: { statusCode: 404 }, errorCode: "nf", requestId: "r1", headers });
  assert.equal(e.statusCode, 404);
  assert.deepEqual([e.status, e.errorCode, e.requestId, e.headers], [404, "nf", "r1", headers]);
  const cause = new Error("root");
  assert.equal(new sdk.SyncConnectionError("x", { cause }).cause, cause);
});

test("a webhook delivered by the mock verifies, and a tampered one does not", async () => {
  const deliveries = [];
  const receiver = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ body: Buffer.concat(chunks).toString("utf8"), headers: new Headers(req.headers) });
      res.end("ok");
    });
  });
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
  try {
    const client = new SyncClient({ apiKey: DEFAULT_KEY, baseUrl: mock.url });
    const hook = `http://127.0.0.1:${receiver.address().port}/sync-hook`;
    const created = await client.generations.create({ ...body, webhookUrl: hook });
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(deliveries.length, 1, "one delivery");
    const [delivery] = deliveries;
    const notification = sdk.verifyWebhook(delivery.body, delivery.headers, DEFAULT_WEBHOOK_SECRET);
    assert.equal(notification.id, created.id);
    assert.equal(notification.status, "COMPLETED");
    assert.deepEqual(client.webhooks.verify(new TextEncoder().encode(delivery.body), delivery.headers.get("sync-signature"), DEFAULT_WEBHOOK_SECRET), notification);
    assert.throws(
      () => sdk.verifyWebhook(delivery.body.replace("COMPLETED", "FAILED"), delivery.headers, DEFAULT_WEBHOOK_SECRET),
      (e) => e instanceof sdk.WebhookVerificationError && e.reason === "signature_mismatch",
    );
  } finally {
    receiver.close();
  }
});
