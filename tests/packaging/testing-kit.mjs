// The shipped testing kit, `sync-wasm/testing`, driven by the SDK in every runtime the packaging test
// has a consumer for: the mock's in-process `fetch` (no network), its virtual clock, `generations`
// controls, scripted faults, plan limits, idempotency, uploads, recorded requests, revoked keys,
// signed webhooks through `onWebhook`, and seeded ids. Web APIs only (no Node built-ins), so it runs
// unchanged in Node, Deno, Bun, workerd, the edge runtime and browsers. Resolves with a JSON summary
// that packaging.test.mjs checks (checkTestingScenario); nothing here asserts, so a runtime where
// something differs reports what it saw.
//
// `testingHttpScenario` is the same create → wait → webhook flow over real HTTP (`mock.listen()`),
// for the runtimes that can listen (Node, Deno, Bun).

const VIDEO = "https://example.com/speaker.mp4";
const AUDIO = "https://example.com/voice.wav";
const WEBHOOK_URL = "https://app.example/webhooks/sync";
const body = (n = 0) => ({
  model: "lipsync-2",
  input: [
    { type: "video", url: n ? `${VIDEO}?n=${n}` : VIDEO },
    { type: "audio", url: AUDIO },
  ],
});

/** What an error is, without `instanceof` (which a test harness cannot carry over JSON). */
function describe(e, sdk) {
  if (!e || typeof e !== "object") return { thrown: String(e) };
  const out = { name: e.name, isSyncError: typeof sdk.isSyncError === "function" ? sdk.isSyncError(e) : undefined };
  for (const field of ["status", "errorCode", "requestId", "reason"]) if (e[field] !== undefined) out[field] = e[field];
  if (e.name in sdk && typeof sdk[e.name] === "function") out.instanceOf = e instanceof sdk[e.name];
  return out;
}

async function caught(sdk, promise) {
  try {
    const value = await promise;
    const summary = Array.isArray(value) ? { length: value.length } : value && typeof value === "object" ? { id: value.id, status: value.status } : value;
    return { resolved: true, value: summary };
  } catch (e) {
    return describe(e, sdk);
  }
}

const wallNow = () => (globalThis.performance?.now ? performance.now() : Date.now());

/**
 * @param {object} sdk      the `sync-wasm` module namespace
 * @param {object} testing  the `sync-wasm/testing` module namespace (ESM or CommonJS build)
 */
export async function testingScenario(sdk, testing, { browser = false } = {}) {
  const extra = browser ? { dangerouslyAllowBrowser: true } : {};
  const clientFor = (mock, options = {}) => new sdk.SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetch: mock.fetch, ...extra, ...options });
  const result = {
    exports: {
      createMockSync: typeof testing.createMockSync,
      signWebhook: typeof testing.signWebhook,
      DEFAULT_API_KEY: testing.DEFAULT_API_KEY,
      DEFAULT_BASE_URL: testing.DEFAULT_BASE_URL,
      DEFAULT_WEBHOOK_SECRET: testing.DEFAULT_WEBHOOK_SECRET,
    },
  };
  const step = async (name, fn) => {
    try {
      result[name] = await fn();
    } catch (e) {
      result[name] = { stepFailed: `${e?.name}: ${e?.message}`, stack: String(e?.stack ?? "").split("\n").slice(0, 4).join(" | ") };
    }
  };

  // 1. create (with a webhookUrl) → waitForCompletion on the virtual clock, the webhook through onWebhook.
  await step("flow", async () => {
    const received = [];
    // A minute PENDING and a minute PROCESSING: longer than a long poll's 10 s hold.
    const mock = testing.createMockSync({
      stepMs: 60_000,
      onWebhook: async (request) => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() });
        return new Response(null, { status: 204 });
      },
    });
    const client = clientFor(mock);
    const statuses = [];
    const virtualStart = mock.now();
    const wallStart = wallNow();
    const created = await client.generations.create({ ...body(), webhookUrl: WEBHOOK_URL });
    const done = await client.generations.waitForCompletion(created.id, { pollIntervalMs: 10, onProgress: (g) => statuses.push(g.status) });
    const wallMs = Math.round(wallNow() - wallStart);
    const virtualMs = mock.now() - virtualStart;
    const delivery = received[0];
    let webhook = { received: received.length };
    if (delivery) {
      const verified = sdk.verifyWebhook(delivery.body, delivery.headers, mock.webhookSecret);
      const tampered = await caught(sdk, (async () => sdk.verifyWebhook(delivery.body.replace('"COMPLETED"', '"FAILED"'), delivery.headers, mock.webhookSecret))());
      const wrongSecret = await caught(sdk, (async () => sdk.verifyWebhook(delivery.body, delivery.headers, "whsec_not_the_secret"))());
      webhook = {
        received: received.length,
        method: delivery.method,
        url: delivery.url,
        signed: /^t=\d+,v1=[0-9a-f]{64}$/.test(delivery.headers.get("sync-signature") ?? ""),
        id: verified.id,
        sameId: verified.id === created.id,
        status: verified.status,
        tampered,
        wrongSecret,
        recorded: mock.webhooks.deliveries.map((d) => ({ status: d.status, error: d.error, generationId: d.generationId === created.id })),
      };
    }
    return {
      id: created.id,
      created: created.status,
      statuses,
      done: done.status,
      outputUrl: typeof done.outputUrl === "string" && done.outputUrl.startsWith(mock.baseUrl),
      virtualMs,
      wallMs,
      webhook,
    };
  });

  // 2. A generation failed from the test → GenerationFailedError with that errorCode.
  await step("failed", async () => {
    const mock = testing.createMockSync({ stepMs: Infinity });
    const client = clientFor(mock);
    const created = await client.generations.create(body());
    const failed = await mock.generations.fail(created.id, { errorCode: "lipsync_face_not_found", error: "No face in the video." });
    const error = await caught(sdk, client.generations.waitForCompletion(created.id));
    return { view: { status: failed.status, errorCode: failed.errorCode }, error };
  });

  // 3. The plan's concurrency limit: the third create is refused until one ends.
  await step("concurrency", async () => {
    const mock = testing.createMockSync({ concurrency: 2, stepMs: Infinity });
    const client = clientFor(mock);
    const first = await client.generations.create(body(1), { maxRetries: 0 });
    await client.generations.create(body(2), { maxRetries: 0 });
    const third = await caught(sdk, client.generations.create(body(3), { maxRetries: 0 }));
    const inFlight = mock.generations.inFlight();
    const completed = await mock.generations.complete(first.id);
    const after = await caught(sdk, client.generations.create(body(3), { maxRetries: 0 }));
    return { third, inFlight, completed: completed.status, after, inFlightAfter: mock.generations.inFlight() };
  });

  // 4. A scripted 500 on a GET, then a dropped connection.
  await step("faults", async () => {
    const mock = testing.createMockSync();
    const client = clientFor(mock);
    const created = await client.generations.create(body());
    const handle = mock.fail({ method: "GET", path: "/v2/generate/*", status: 500 });
    const serverError = await caught(sdk, client.generations.get(created.id, { maxRetries: 0 }));
    const remaining = handle.remaining;
    mock.fail({ method: "GET", path: "/v2/generate/*", reset: true });
    const reset = await caught(sdk, client.generations.get(created.id, { maxRetries: 0 }));
    const afterwards = await caught(sdk, client.generations.get(created.id, { maxRetries: 0 }));
    // The default retries ride over one 500.
    mock.fail({ method: "GET", path: "/v2/generate/*", status: 500 });
    const retried = await caught(sdk, client.generations.get(created.id));
    return { serverError, remaining, reset, afterwards, retried };
  });

  // 5. Idempotency: the same key and body give the same generation; another body is a conflict.
  await step("idempotency", async () => {
    const mock = testing.createMockSync();
    const client = clientFor(mock);
    const key = "packaging-idem-1";
    const first = await client.generations.create(body(), { idempotencyKey: key, maxRetries: 0 });
    const again = await client.generations.create(body(), { idempotencyKey: key, maxRetries: 0 });
    const other = await caught(sdk, client.generations.create(body(9), { idempotencyKey: key, maxRetries: 0 }));
    const sent = mock.requests.filter((r) => r.method === "POST" && r.path === "/v2/generate").map((r) => r.headers["idempotency-key"]);
    return { sameId: first.id === again.id, generations: mock.generations.list().length, other, keysSent: sent };
  });

  // 6. assets.upload of a Blob (the presigned PUT goes through mock.fetch) and createWithFiles, as
  //    mock.requests records them; the key never appears there.
  await step("uploads", async () => {
    const mock = testing.createMockSync({ apiKey: "sk-packaging-secret-key-1234" });
    const client = clientFor(mock);
    const asset = await client.assets.upload(new Blob([new Uint8Array(1234).fill(5)], { type: "video/mp4" }), { fileName: "speaker.mp4", contentType: "video/mp4" });
    const stored = new Uint8Array(await (await mock.fetch(asset.url)).arrayBuffer());
    const withFiles = await client.generations.createWithFiles({
      video: new Blob([new Uint8Array(1000).fill(7)], { type: "video/mp4" }),
      audio: new Blob(["RIFF-audio"], { type: "audio/wav" }),
      model: "lipsync-2",
    });
    const requests = mock.requests;
    const put = requests.find((r) => r.method === "PUT");
    const multipart = requests.find((r) => r.parts);
    const apiCalls = requests.filter((r) => r.path.startsWith("/v2/"));
    return {
      asset: { type: asset.type, inputType: asset.inputType, size: asset.size, name: asset.name, bytes: stored.length, intact: stored.every((b) => b === 5) },
      calls: requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ":id")}`),
      put: put && { path: put.path.replace(/[0-9a-f-]{36}/g, ":token"), hasKey: "x-api-key" in put.headers, body: put.body },
      multipart: multipart && { path: multipart.path, parts: multipart.parts.map((p) => (p.kind === "file" ? `${p.name}:file:${p.size}:${p.type}` : `${p.name}:field`)) },
      createWithFiles: { status: withFiles.status, inputs: withFiles.input.map((i) => i.type) },
      keyRedacted: apiCalls.length > 0 && apiCalls.every((r) => r.headers["x-api-key"] === "[redacted]"),
      keyInRequests: JSON.stringify(requests).includes(mock.apiKey),
    };
  });

  // 7. A revoked key (and another key added, then revoked too).
  await step("revoked", async () => {
    const mock = testing.createMockSync();
    const client = clientFor(mock);
    const before = await caught(sdk, client.models.list({ maxRetries: 0 }));
    mock.revokeKey(mock.apiKey);
    const after = await caught(sdk, client.models.list({ maxRetries: 0 }));
    mock.addKey("sk-second-key");
    const second = await caught(sdk, clientFor(mock, { apiKey: "sk-second-key" }).models.list({ maxRetries: 0 }));
    return { before: before.resolved === true && before.value.length > 0, after, second: second.resolved === true };
  });

  // 8. Determinism: the same steps on two fresh mocks with the same seed give the same ids and the same
  //    statuses; another seed gives other ids.
  await step("determinism", async () => {
    const steps = async (seed) => {
      const mock = testing.createMockSync({ seed });
      const client = clientFor(mock);
      const statuses = [];
      const ids = [];
      for (let n = 0; n < 2; n++) {
        const created = await client.generations.create(body(n));
        ids.push(created.id);
        const seen = [];
        await client.generations.waitForCompletion(created.id, { longPollSeconds: 1, pollIntervalMs: 10, onProgress: (g) => seen.push(g.status) });
        statuses.push(seen);
      }
      const asset = await client.assets.upload(new Blob(["abc"], { type: "audio/wav" }), { fileName: "a.wav", contentType: "audio/wav" });
      ids.push(asset.id);
      const requestIds = [];
      for (const r of ["models"]) {
        const { rawResponse } = await client[r].list().withRawResponse();
        requestIds.push(rawResponse.headers.get("x-request-id"));
      }
      return { ids, statuses, requestIds, clock: new Date(mock.now()).toISOString() };
    };
    const a = await steps(42);
    const b = await steps(42);
    const c = await steps(43);
    return {
      a,
      sameIds: JSON.stringify(a.ids) === JSON.stringify(b.ids),
      sameStatuses: JSON.stringify(a.statuses) === JSON.stringify(b.statuses),
      sameRequestIds: JSON.stringify(a.requestIds) === JSON.stringify(b.requestIds),
      sameClock: a.clock === b.clock,
      otherSeedOtherIds: a.ids.every((id, i) => id !== c.ids[i]),
      otherSeedSameStatuses: JSON.stringify(a.statuses) === JSON.stringify(c.statuses),
    };
  });

  return result;
}

/**
 * The create → waitForCompletion → webhook flow over HTTP: `mock.listen({ port: 0 })`, the SDK with
 * `baseUrl: mock.url` and the runtime's own fetch. Closes the server whatever happens.
 */
export async function testingHttpScenario(sdk, testing) {
  const received = [];
  const mock = testing.createMockSync({
    stepMs: 50,
    onWebhook: async (request) => {
      received.push({ headers: request.headers, body: await request.text() });
    },
  });
  try {
    const url = await mock.listen({ port: 0 });
    const client = new sdk.SyncClient({ apiKey: mock.apiKey, baseUrl: mock.url });
    const statuses = [];
    const created = await client.generations.create({ ...body(), webhookUrl: WEBHOOK_URL });
    const done = await client.generations.waitForCompletion(created.id, { onProgress: (g) => statuses.push(g.status) });
    const output = await fetch(done.outputUrl);
    const bytes = (await output.arrayBuffer()).byteLength;
    const verified = received[0] ? sdk.verifyWebhook(received[0].body, received[0].headers, mock.webhookSecret) : null;
    const wrongKey = await caught(sdk, new sdk.SyncClient({ apiKey: "sk-wrong", baseUrl: mock.url, maxRetries: 0 }).models.list());
    const health = await (await fetch(`${mock.url}/__mock`)).json();
    return {
      url: /^http:\/\/127\.0\.0\.1:\d+$/.test(url) && url === mock.url,
      created: created.status,
      statuses,
      done: done.status,
      output: { status: output.status, type: output.headers.get("content-type"), bytes },
      webhook: verified && { sameId: verified.id === created.id, status: verified.status, received: received.length },
      wrongKey,
      control: { baseUrl: health.baseUrl === mock.baseUrl, inFlight: health.inFlight },
      requests: mock.requests.filter((r) => r.path.startsWith("/v2/")).length,
    };
  } finally {
    await mock.close();
  }
}
