// The testing kit's own contract (`sync-wasm/testing`, as shipped in pkg/testing/): its clock, its
// controls, its limits, its checks of what it is given, and its HTTP side. The SDK's flows against it
// in every runtime are in tests/packaging/; the official SDK's in testing-fidelity.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";

import { SyncClient, verifyWebhook } from "../../pkg/node.js";
import { createMockSync, signWebhook, DEFAULT_API_KEY } from "../../pkg/testing/index.js";

const REQUEST = {
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://example.com/v.mp4" },
    { type: "audio", url: "https://example.com/a.wav" },
  ],
};

function setup(options = {}, clientOptions = {}) {
  const mock = createMockSync(options);
  const client = new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetch: mock.fetch, ...clientOptions });
  return { mock, client };
}

/** A raw API call through the mock's fetch. */
async function api(mock, method, path, { body, headers = {}, key = mock.apiKey } = {}) {
  const init = { method, headers: { ...(key ? { "x-api-key": key } : {}), ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["content-type"] ??= "application/json";
  }
  const response = await mock.fetch(`${mock.baseUrl}${path}`, init);
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

test("options are checked, and a typo is named", () => {
  for (const [options, message] of [
    [{ stepsMs: 10 }, /unknown option "stepsMs"/],
    [{ clock: "fast" }, /clock is "virtual"/],
    [{ concurrency: 0 }, /concurrency/],
    [{ rateLimit: { creates: 5 } }, /unknown field "creates"/],
    [{ stepMs: -1 }, /stepMs/],
    [{ baseUrl: "ftp://x" }, /baseUrl/],
    [{ apiKey: "" }, /apiKey/],
    [{ onWebhook: "https://x" }, /onWebhook must be a function/],
    [{ autoAdvance: "sometimes" }, /autoAdvance/],
    [null, /options must be an object/],
  ]) {
    assert.throws(() => createMockSync(options), (e) => e instanceof TypeError && message.test(e.message), JSON.stringify(options));
  }
});

test("faults are checked when scripted", () => {
  const mock = createMockSync();
  for (const [spec, message] of [
    [{ path: "v2/generate", status: 500 }, /path must be/],
    [{ path: "/v2/generate" }, /give what the fault does/],
    [{ path: "/v2/generate", status: 99 }, /status must be/],
    [{ path: "/v2/generate", status: 500, reset: true }, /reset drops the connection/],
    [{ path: "/v2/generate", body: "x" }, /body needs a status/],
    [{ path: "/v2/generate", status: 500, time: 2 }, /unknown field "time"/],
    [{ path: "/v2/generate", afterRoute: true }, /afterRoute needs reset or delayMs/],
    [{ path: "/v2/generate", status: 500, times: 0 }, /times/],
  ]) {
    assert.throws(() => mock.fail(spec), (e) => e instanceof TypeError && message.test(e.message), JSON.stringify(spec));
  }
});

test("the virtual clock moves only when told, or for a client that waits", async () => {
  const { mock, client } = setup({ stepMs: 5000 });
  const started = mock.now();
  assert.equal(started, Date.UTC(2026, 0, 1));
  const { id } = await client.generations.create(REQUEST);
  assert.equal((await client.generations.get(id)).status, "PENDING");
  await mock.advance(4999);
  assert.equal((await client.generations.get(id)).status, "PENDING");
  await mock.advance(1);
  assert.equal((await client.generations.get(id)).status, "PROCESSING");
  const wall = Date.now();
  const done = await client.generations.waitForCompletion(id);
  assert.equal(done.status, "COMPLETED");
  assert.equal(mock.now(), started + 10_000, "the long poll moved the clock to the generation's end");
  assert.ok(Date.now() - wall < 2000, "and nothing waited for real");
  assert.equal(done.createdAt, new Date(started).toISOString());
});

test("autoAdvance: false holds a long poll until advance(); \"poll\" moves a polling loop", async () => {
  {
    const { mock, client } = setup({ autoAdvance: false });
    const { id } = await client.generations.create(REQUEST);
    let settled = false;
    const waiting = client.generations.waitForCompletion(id).then((g) => ((settled = true), g));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, false, "nothing moves by itself");
    await mock.advance(2000);
    assert.equal((await waiting).status, "COMPLETED");
  }
  {
    const { mock, client } = setup({ autoAdvance: "poll" });
    const { id } = await client.generations.create(REQUEST);
    const seen = [];
    for (let status = "PENDING"; status !== "COMPLETED"; ) {
      status = (await client.generations.get(id)).status;
      seen.push(status);
    }
    assert.deepEqual(seen, ["PROCESSING", "COMPLETED"]);
    assert.equal(mock.now(), Date.UTC(2026, 0, 1) + 2000);
  }
});

test("a long poll that times out answers the unfinished generation with Retry-After", async () => {
  const { mock } = setup({ stepMs: 60_000 });
  const created = await api(mock, "POST", "/v2/generate", { body: REQUEST });
  const polled = await api(mock, "GET", `/v2/generate/${created.json.id}?wait=true&timeout=3`);
  assert.equal(polled.status, 200);
  assert.equal(polled.json.status, "PENDING");
  assert.equal(polled.headers.get("retry-after"), "2");
  assert.equal(polled.headers.get("x-sync-wait-mode"), "long_poll");
  assert.equal(mock.now(), Date.UTC(2026, 0, 1) + 3000);
  assert.equal((await api(mock, "GET", `/v2/generate/${created.json.id}?wait=true&timeout=11`)).status, 400);
});

test("the same seed gives the same ids; another seed other ids", async () => {
  const run = async (seed) => {
    const { mock, client } = setup({ seed });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await client.generations.create(REQUEST)).id);
    const upload = await api(mock, "POST", "/v2/assets/upload", { body: { fileName: "a.mp4", contentType: "video/mp4", size: 1 } });
    return { ids, upload: upload.json.url, requestId: upload.headers.get("x-request-id") };
  };
  const [a, b, c] = [await run(7), await run(7), await run(8)];
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.ids, c.ids);
  for (const id of a.ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Set(a.ids).size, 3);
});

test("idempotency: same key and body → same generation; another body → 409; a bad key → 400", async () => {
  const { mock } = setup();
  const first = await api(mock, "POST", "/v2/generate", { body: REQUEST, headers: { "idempotency-key": "job-1" } });
  const again = await api(mock, "POST", "/v2/generate", { body: REQUEST, headers: { "idempotency-key": "job-1" } });
  assert.equal(first.status, 201);
  assert.equal(again.json.id, first.json.id);
  const other = await api(mock, "POST", "/v2/generate", { body: { ...REQUEST, model: "lipsync-2-pro" }, headers: { "idempotency-key": "job-1" } });
  assert.equal(other.status, 409);
  assert.equal(other.json.errorCode, "IDEMPOTENCY_KEY_REUSED");
  const bad = await api(mock, "POST", "/v2/generate", { body: REQUEST, headers: { "idempotency-key": "no spaces" } });
  assert.equal(bad.json.errorCode, "INVALID_IDEMPOTENCY_KEY");
  assert.equal(mock.generations.list().length, 1);
});

test("the concurrency limit counts generations in flight; a replay takes no slot", async () => {
  const { mock } = setup({ concurrency: 2 });
  const a = await api(mock, "POST", "/v2/generate", { body: REQUEST, headers: { "idempotency-key": "a" } });
  await api(mock, "POST", "/v2/generate", { body: REQUEST });
  assert.equal(mock.generations.inFlight(), 2);
  const refused = await api(mock, "POST", "/v2/generate", { body: REQUEST });
  assert.equal(refused.status, 429);
  assert.deepEqual(Object.keys(refused.json).sort(), ["error", "errorCode", "message", "statusCode"]);
  assert.equal(refused.json.errorCode, "concurrency_limit_reached");
  assert.equal((await api(mock, "POST", "/v2/generate", { body: REQUEST, headers: { "idempotency-key": "a" } })).json.id, a.json.id);
  await mock.advance(2000);
  assert.equal(mock.generations.inFlight(), 0);
  assert.equal((await api(mock, "POST", "/v2/generate", { body: REQUEST })).status, 201);
  assert.deepEqual(mock.setLimits({ concurrency: 1 }), { concurrency: 1, rateLimit: { create: Infinity, other: Infinity } });
  assert.equal((await api(mock, "POST", "/v2/generate", { body: REQUEST })).status, 429);
});

test("the rate limit is per minute on the mock's clock, with Retry-After", async () => {
  const { mock } = setup({ rateLimit: { create: 2 } });
  assert.equal((await api(mock, "POST", "/v2/generate", { body: REQUEST })).status, 201);
  await mock.advance(10_000);
  assert.equal((await api(mock, "POST", "/v2/generate", { body: REQUEST })).status, 201);
  const limited = await api(mock, "POST", "/v2/generate", { body: REQUEST });
  assert.equal(limited.status, 429);
  assert.equal(limited.json.errorCode, "rate_limit_exceeded");
  assert.equal(limited.headers.get("retry-after"), "50");
  assert.equal((await api(mock, "GET", "/v2/models")).status, 200, "other routes have their own limit");
  await mock.advance(50_000);
  assert.equal((await api(mock, "POST", "/v2/generate", { body: REQUEST })).status, 201);
});

test("keys: a missing, wrong or revoked key is 401 with the API's body", async () => {
  const { mock } = setup({ keys: ["second-key"] });
  assert.equal((await api(mock, "GET", "/v2/models", { key: null })).json.message, "Missing API key: send it in the x-api-key header.");
  const wrong = await api(mock, "GET", "/v2/models", { key: "nope" });
  assert.deepEqual(wrong.json, { statusCode: 401, message: "Invalid API key.", error: "Unauthorized" });
  assert.equal((await api(mock, "GET", "/v2/models", { key: "second-key" })).status, 200);
  mock.revokeKey("second-key");
  assert.equal((await api(mock, "GET", "/v2/models", { key: "second-key" })).status, 401);
  assert.equal(mock.apiKey, DEFAULT_API_KEY);
});

test("scripted faults: times, default bodies, path patterns, reset, truncation, cancel", async () => {
  const { mock } = setup();
  const handle = mock.fail({ method: "GET", path: "/v2/generate/*", status: 503, times: 2 });
  assert.equal((await api(mock, "GET", "/v2/generate/a")).status, 503);
  assert.equal(handle.remaining, 1);
  assert.equal((await api(mock, "GET", "/v2/models")).status, 200, "other paths are not caught");
  assert.equal((await api(mock, "POST", "/v2/generate/a", { body: {} })).status, 404, "nor other methods");
  assert.equal((await api(mock, "GET", "/v2/generate/b")).status, 503);
  assert.equal((await api(mock, "GET", "/v2/generate/b")).status, 404, "used up");

  mock.fail({ path: "/v2/models", status: 500 });
  const failed = await api(mock, "GET", "/v2/models");
  assert.equal(failed.json.errorCode, "internal_error");
  assert.equal(failed.json.requestId, failed.headers.get("x-request-id"));

  mock.fail({ path: /^\/v2\/mod/, status: 402 });
  assert.equal((await api(mock, "GET", "/v2/models")).json.error, "Payment Required");

  mock.fail({ path: "/v2/models", reset: true });
  await assert.rejects(api(mock, "GET", "/v2/models"), (e) => e instanceof TypeError && e.cause?.code === "ECONNRESET");

  mock.fail({ path: "/v2/models", truncate: true });
  assert.equal((await api(mock, "GET", "/v2/models")).text, '{"id":"trunc');

  const never = mock.fail({ path: "/v2/models", status: 500, times: Infinity });
  never.cancel();
  assert.equal((await api(mock, "GET", "/v2/models")).status, 200);

  // A lost answer: the generation is created, the client sees the connection drop.
  mock.fail({ method: "POST", path: "/v2/generate", afterRoute: true, reset: true });
  await assert.rejects(api(mock, "POST", "/v2/generate", { body: REQUEST }), TypeError);
  assert.equal(mock.generations.list().length, 1);
});

test("each record says what it was answered: the status, an error's code, or a reset", async () => {
  const { mock } = setup({ concurrency: 1 });
  await api(mock, "GET", "/v2/models");
  await api(mock, "POST", "/v2/generate", { body: REQUEST });
  await api(mock, "POST", "/v2/generate", { body: REQUEST });
  mock.fail({ path: "/v2/models", reset: true });
  await assert.rejects(api(mock, "GET", "/v2/models"), TypeError);
  await api(mock, "GET", "/v2/models", { key: "sk-not-the-key" }).catch(() => {});
  assert.deepEqual(
    mock.requests.map((r) => r.answer),
    [{ status: 200 }, { status: 201 }, { status: 429, errorCode: "concurrency_limit_reached" }, { reset: true }, { status: 401 }],
  );
});

test("a delay is real time and an abort ends it", async () => {
  const { mock } = setup();
  mock.fail({ path: "/v2/models", delayMs: 60_000 });
  const controller = new AbortController();
  const started = Date.now();
  const pending = mock.fetch(`${mock.baseUrl}/v2/models`, { headers: { "x-api-key": mock.apiKey }, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, { name: "AbortError" });
  assert.ok(Date.now() - started < 5000);
});

test("requests are recorded with the key redacted and bodies parsed", async () => {
  const { mock, client } = setup();
  await client.generations.createWithFiles({ video: new Blob(["video-bytes"], { type: "video/mp4" }), audio: new Blob(["RIFF"], { type: "audio/wav" }), model: "lipsync-2" });
  await client.generations.list({ status: "COMPLETED" });
  const [create, list] = mock.requests;
  assert.equal(create.method, "POST");
  assert.equal(create.headers["x-api-key"], "[redacted]");
  assert.deepEqual(create.parts.map((p) => `${p.name}:${p.kind}`), ["video:file", "audio:file", "model:field"]);
  assert.equal(create.parts[0].sha256, createHash("sha256").update("video-bytes").digest("hex"));
  assert.equal(create.body.model, "lipsync-2");
  assert.deepEqual(list.query, { status: "COMPLETED" });
  assert.ok(!JSON.stringify(mock.requests).includes(mock.apiKey));
  mock.clearRequests();
  assert.equal(mock.requests.length, 0);
});

test("webhooks: signed like Sync, recorded, sent again on demand; a failing receiver is recorded", async () => {
  const bodies = [];
  let answer = 200;
  const mock = createMockSync({
    webhookSecret: "whsec_test",
    onWebhook: async (request) => {
      const body = await request.text();
      const [, t, v1] = /t=(\d+),v1=([0-9a-f]+)/.exec(request.headers.get("sync-signature"));
      assert.equal(v1, createHmac("sha256", "whsec_test").update(`${t}.${body}`).digest("hex"), "HMAC-SHA256 of <t>.<body> with the secret as is");
      assert.ok(Math.abs(Number(t) - Date.now() / 1000) < 60, "t is the wall clock");
      bodies.push(JSON.parse(body));
      return new Response(null, { status: answer });
    },
  });
  const client = new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetch: mock.fetch });
  const { id } = await client.generations.create({ ...REQUEST, webhookUrl: "https://app.example/hook" });
  await mock.advance(2000);
  assert.deepEqual(bodies.map((b) => [b.id, b.status]), [[id, "COMPLETED"]]);
  assert.equal("segments" in bodies[0], false, "the notification shape");
  answer = 500;
  const again = await mock.webhooks.send(id);
  assert.equal(again.status, 500);
  assert.deepEqual(mock.webhooks.deliveries.map((d) => d.status), [200, 500]);
  const header = await mock.webhooks.sign('{"a":1}', 1_700_000_000);
  assert.equal(header, await signWebhook('{"a":1}', "whsec_test", 1_700_000_000));
  assert.deepEqual(verifyWebhook('{"a":1}', header, "whsec_test", { now: 1_700_000_000 }), { a: 1 });
});

test("a failed or rejected generation carries its code; a finished one cannot end again", async () => {
  const { mock, client } = setup({ outcome: (body) => (body.model === "lipsync-2-pro" ? { status: "REJECTED", errorCode: "generation_unsupported_model" } : undefined) });
  const rejected = await client.generations.create({ ...REQUEST, model: "lipsync-2-pro" });
  await assert.rejects(client.generations.waitForCompletion(rejected.id), { name: "GenerationFailedError", status: "REJECTED", errorCode: "generation_unsupported_model" });
  const ok = await client.generations.create(REQUEST);
  await mock.generations.complete(ok.id, { outputDuration: 4.5 });
  assert.equal(mock.generations.get(ok.id).outputDuration, 4.5);
  await assert.rejects(mock.generations.fail(ok.id), RangeError);
  await assert.rejects(mock.generations.complete("nope"), RangeError);
});

test("reset() goes back to the state at creation", async () => {
  const { mock, client } = setup({ examples: true, concurrency: 5 });
  const first = await client.generations.create(REQUEST);
  mock.fail({ path: "/v2/models", status: 500, times: Infinity });
  mock.revokeKey(mock.apiKey);
  mock.setLimits({ concurrency: 1 });
  await mock.advance(5000);
  mock.reset();
  assert.equal(mock.now(), Date.UTC(2026, 0, 1));
  assert.equal(mock.requests.length, 0);
  assert.equal((await client.models.list()).length, 5);
  assert.equal((await client.generations.create(REQUEST)).id, first.id, "the same ids again");
  assert.ok(mock.generations.get("6533643b-aceb-4c40-967e-d9ba9baac39e"), "the examples again");
});

test("batch: checked, then PENDING → PROCESSING → COMPLETED with a results file and a signed webhook", async () => {
  const deliveries = [];
  const { mock, client } = setup({ onWebhook: async (r) => void deliveries.push(JSON.parse(await r.text())) });
  const line = (i) => JSON.stringify({ request_id: `r${i}`, endpoint: "/v2/generate", payload: REQUEST });
  await assert.rejects(client.batch.create([0, 1].map(line).join("\n")), { status: 400 });
  const batch = await client.batch.create(Array.from({ length: 20 }, (_, i) => line(i)).join("\n"), { webhookUrl: "https://app.example/batch" });
  assert.equal(batch.status, "PENDING");
  await mock.advance(1000);
  assert.equal((await client.batch.get(batch.id)).status, "PROCESSING");
  await mock.advance(1000);
  const done = await client.batch.get(batch.id);
  assert.equal(done.status, "COMPLETED");
  assert.equal(done.metrics.success_count, 20);
  const results = (await (await mock.fetch(done.outputUrl)).text()).trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(results.map((r) => r.request_id), Array.from({ length: 20 }, (_, i) => `r${i}`));
  assert.deepEqual(deliveries.map((d) => [d.id, d.status]), [[batch.id, "COMPLETED"]]);
});

test("outputs serve a real MP4 with byte ranges; only the mock's origins are served", async () => {
  const { mock, client } = setup();
  const { id } = await client.generations.create(REQUEST);
  const done = await client.generations.waitForCompletion(id);
  const whole = new Uint8Array(await (await mock.fetch(done.outputUrl)).arrayBuffer());
  assert.equal(new TextDecoder().decode(whole.slice(4, 8)), "ftyp");
  const part = await mock.fetch(done.outputUrl, { headers: { range: "bytes=0-9" } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), `bytes 0-9/${whole.length}`);
  // Code that injects only `fetch` and keeps the API's own base URL is served too.
  assert.equal((await mock.fetch("https://api.sync.so/v2/models", { headers: { "x-api-key": mock.apiKey } })).status, 200);
  await assert.rejects(mock.fetch("https://example.com/"), (e) => e instanceof TypeError && /serves https:\/\/mock\.sync\.invalid/.test(e.message));
});

test("over HTTP: the same mock, its controls under /__mock/, CORS preflights, resets and slow bodies", async () => {
  const mock = createMockSync({ clock: "real", stepMs: 100, corsAllowHeaders: ["x-trace-id"] });
  const url = await mock.listen({ port: 0 });
  await assert.rejects(mock.listen({ port: 0 }), /already listens/);
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(mock.url, url);
    const client = new SyncClient({ apiKey: mock.apiKey, baseUrl: url });
    const created = await client.generations.create(REQUEST);
    assert.equal(created.input[0].url, REQUEST.input[0].url);
    const done = await client.generations.waitForCompletion(created.id);
    assert.equal(done.outputUrl, `${url}/outputs/${created.id}.mp4`, "URLs on the origin the client used");
    assert.equal((await fetch(done.outputUrl)).headers.get("content-type"), "video/mp4");

    const control = async (method, path, body) => (await fetch(`${url}/__mock${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json();
    assert.equal((await control("POST", "/faults", [{ method: "GET", path: "/v2/models", status: 429 }, { path: "/v2/models", reset: true }])).queued, 2);
    assert.equal((await fetch(`${url}/v2/models`, { headers: { "x-api-key": mock.apiKey } })).status, 429);
    await assert.rejects(fetch(`${url}/v2/models`, { headers: { "x-api-key": mock.apiKey } }), TypeError);
    assert.match((await control("POST", "/faults", { path: "nope" })).error, /path must be/);
    assert.equal((await control("GET", `/requests?path=/v2/generate&method=POST`)).count, 1);
    assert.equal((await control("GET", `/generations?contains=example.com/v.mp4`)).count, 1);

    mock.fail({ path: "/v2/models", status: 200, body: { slow: true }, bodyDelayMs: 300 });
    const started = Date.now();
    const slow = await fetch(`${url}/v2/models`, { headers: { "x-api-key": mock.apiKey } });
    assert.ok(Date.now() - started < 250, "headers at once");
    assert.deepEqual(await slow.json(), { slow: true });
    assert.ok(Date.now() - started >= 280, "the body after the delay");

    const allowed = await fetch(`${url}/v2/models`, { method: "OPTIONS", headers: { origin: "http://page.test", "access-control-request-method": "GET", "access-control-request-headers": "x-api-key, x-trace-id" } });
    assert.equal(allowed.headers.get("access-control-allow-headers"), "x-api-key, x-trace-id");
    const refused = await fetch(`${url}/v2/models`, { method: "OPTIONS", headers: { origin: "http://page.test", "access-control-request-method": "GET", "access-control-request-headers": "x-other" } });
    assert.doesNotMatch(refused.headers.get("access-control-allow-headers"), /x-other/);

    // Webhooks to a URL, over the network.
    const received = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c)).on("end", () => {
        received.push({ body, signature: req.headers["sync-signature"] });
        res.end("ok");
      });
    });
    await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
    const hooked = await client.generations.create({ ...REQUEST, webhookUrl: `http://127.0.0.1:${receiver.address().port}/hook` });
    await client.generations.waitForCompletion(hooked.id);
    await mock.webhooks.flush();
    receiver.close();
    assert.equal(received.length, 1);
    assert.equal(verifyWebhook(received[0].body, received[0].signature, mock.webhookSecret).id, hooked.id);
  } finally {
    await mock.close();
  }
  assert.equal(mock.url, null);
  await assert.rejects(fetch(`${url}/v2/models`), TypeError, "closed");
});

test("list filters in every form clients send: repeated, commas, the official SDK's JSON", async () => {
  const { mock, client } = setup();
  const a = await client.generations.create(REQUEST);
  await mock.advance(2000);
  const b = await client.generations.create(REQUEST);
  for (const query of ["status=COMPLETED", "status=COMPLETED,FAILED", "status=COMPLETED&status=FAILED", 'status=["COMPLETED"]']) {
    const listed = await api(mock, "GET", `/v2/generations?${query.replace(/[[\]"]/g, encodeURIComponent)}`);
    assert.deepEqual(listed.json.map((g) => g.id), [a.id], query);
  }
  assert.deepEqual((await api(mock, "GET", "/v2/generations?status=PENDING")).json.map((g) => g.id), [b.id]);
  const created = await api(mock, "POST", "/v2/generate", { body: REQUEST });
  assert.equal(created.headers.get("x-request-id")?.startsWith("req_"), true);
  assert.equal((await mock.fetch(`${mock.baseUrl}/v2/models`, { headers: { "x-api-key": mock.apiKey } })).statusText, "OK");
});
