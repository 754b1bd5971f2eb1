// `sync-wasm/proxy` as each runtime serves it, from the installed tarball: `proxyApp` is the handler
// the runtime's own entry serves (proxy-*.{mjs,ts,js} beside it: node:http through toNodeHandler,
// Deno.serve, Bun.serve, a workerd Worker), `createSyncProxy()` with no options, so the key and the
// API come from SYNC_API_KEY and SYNC_BASE_URL where it runs (the test points them at a kit mock
// listening in the test process, whose only key is the server's).
//
// `proxyClientScenario` runs in the test process (Node): the SDK as a page would use it,
// `new SyncClient({ proxyUrl })` with no key, through the runtime's proxy; create → waitForCompletion,
// models, a route outside the allow list (404) and a foreign page's request (403). Web APIs only, no
// asserts: it resolves with a JSON summary that packaging.test.mjs checks (checkProxyScenario).

/** The runtime's handler: `/__ready` for the test to wait on, everything else the proxy's. */
export function proxyApp(proxyModule) {
  const proxy = proxyModule.createSyncProxy();
  return (request, env) => (new URL(request.url).pathname === "/__ready" ? Response.json({ ready: true }) : proxy(request, env));
}

const body = (marker) => ({
  model: "lipsync-2",
  input: [
    { type: "video", url: `https://example.com/speaker.mp4?proxy=${marker}` },
    { type: "audio", url: "https://example.com/voice.wav" },
  ],
});

async function refusal(response) {
  let errorCode = null;
  try {
    errorCode = (await response.json()).errorCode ?? null;
  } catch {
    // not JSON
  }
  return { status: response.status, errorCode, allowOrigin: response.headers.get("access-control-allow-origin") };
}

/**
 * @param {object} sdk    the `sync-wasm` module namespace (the test process's)
 * @param {{ origin: string, mock: object, marker: string, fetch?: typeof fetch }} options
 *   `origin`: where the runtime serves the proxy; `mock`: the kit mock it calls (its `requests`)
 */
export async function proxyClientScenario(sdk, { origin, mock, marker, fetch: fetchImpl = fetch }) {
  const proxyUrl = `${origin}/api/sync`;
  const client = new sdk.SyncClient({ proxyUrl, fetch: fetchImpl, maxRetries: 0 });
  const result = {};
  const step = async (name, fn) => {
    try {
      result[name] = await fn();
    } catch (e) {
      result[name] = { stepFailed: `${e?.name}: ${e?.message}` };
    }
  };
  const apiRequests = () => mock.requests.filter((r) => r.path.startsWith("/v2/"));

  await step("flow", async () => {
    const created = await client.generations.create(body(marker));
    const statuses = [];
    const done = await client.generations.waitForCompletion(created.id, { pollIntervalMs: 50, onProgress: (g) => statuses.push(g.status) });
    const held = mock.generations.get(created.id);
    return {
      created: created.status,
      done: done.status,
      statuses,
      sameId: done.id === created.id,
      inMock: held?.input?.[0]?.url === body(marker).input[0].url,
      longPoll: apiRequests().some((r) => r.path === `/v2/generate/${created.id}` && r.query.wait === "true"),
    };
  });
  await step("models", async () => (await client.models.list()).some((m) => m.id === "lipsync-2"));

  await step("refused", async () => {
    const before = apiRequests().length;
    const raw = await refusal(await fetchImpl(`${proxyUrl}/v2/batch`));
    let sdkError = null;
    try {
      await client.batch.list();
    } catch (e) {
      sdkError = { name: e?.name, status: e?.status, errorCode: e?.errorCode };
    }
    return { ...raw, sdk: sdkError, upstream: apiRequests().length - before };
  });
  await step("foreign", async () => {
    const before = apiRequests().length;
    const get = await refusal(await fetchImpl(`${proxyUrl}/v2/models`, { headers: { origin: "https://evil.example" } }));
    const preflight = await refusal(
      await fetchImpl(`${proxyUrl}/v2/generate`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } }),
    );
    return { get, preflight, upstream: apiRequests().length - before };
  });

  // What reached the API: every request with a key (the mock takes only the server's, so these are
  // the proxy's), and none with the page's headers or another origin's.
  const requests = apiRequests();
  result.upstream = {
    count: requests.length,
    keyRedacted: requests.length > 0 && requests.every((r) => r.headers["x-api-key"] === "[redacted]"),
    cookies: requests.filter((r) => "cookie" in r.headers || "origin" in r.headers).length,
    routes: [...new Set(requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ":id")}`))].sort(),
  };
  return result;
}
