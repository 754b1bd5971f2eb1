// The scenario every packaging test runs, in every runtime: create → waitForCompletion → get, a
// multipart create from Blobs, a wrong key, and webhook verification. Web APIs only, so it runs
// unchanged in Node, Deno, Bun, workerd, the edge runtime and browsers. Resolves with a summary the test harness checks.
export async function scenario(sdk, { baseUrl, apiKey, env, webhook, browser = false }) {
  const { SyncClient, SyncError, UnauthorizedError, WebhookVerificationError, verifyWebhook } = sdk;
  // A page must opt in to holding a key.
  const extra = browser ? { dangerouslyAllowBrowser: true } : {};
  // The key from the runtime's environment (`new SyncClient()`), an env object (Workers), or given.
  const client = env ? SyncClient.fromEnv(env) : apiKey ? new SyncClient({ apiKey, baseUrl, ...extra }) : new SyncClient();
  const progress = [];
  const created = await client.generations.create({
    model: "lipsync-2",
    input: [
      { type: "video", url: "https://example.com/speaker.mp4" },
      { type: "audio", url: "https://example.com/voice.wav" },
    ],
  });
  const done = await client.generations.waitForCompletion(created.id, {
    pollIntervalMs: 50,
    onProgress: (g) => progress.push(g.status),
  });
  const fetched = await client.generations.get(created.id);

  // A multipart create from Blobs, then the stored video read back from the mock.
  const uploaded = await client.generations.createWithFiles({
    video: new Blob([new Uint8Array(1000).fill(7)], { type: "video/mp4" }),
    audio: new Blob(["RIFF-audio"], { type: "audio/wav" }),
    model: "lipsync-2",
  });
  const stored = new Uint8Array(await (await fetch(uploaded.input.find((i) => i.type === "video").url)).arrayBuffer());

  const wrongKey = "sk-wrong-key-in-packaging-test";
  let unauthorized = null;
  try {
    await new SyncClient({ apiKey: wrongKey, baseUrl: client.baseUrl, ...extra }).generations.get(created.id);
  } catch (e) {
    unauthorized = {
      instanceOf: e instanceof UnauthorizedError,
      isSyncError: e instanceof SyncError && e instanceof Error,
      name: e.name,
      status: e.status,
      remediation: e.message.includes("expired or revoked") && e.message.includes("SYNC_API_KEY"),
      keyInMessage: e.message.includes(wrongKey),
    };
  }

  let verified = null;
  if (webhook) {
    const notification = verifyWebhook(webhook.body, webhook.header, webhook.secret);
    let tampered = null;
    try {
      verifyWebhook(webhook.body.replace("COMPLETED", "FAILED"), webhook.header, webhook.secret);
    } catch (e) {
      tampered = e instanceof WebhookVerificationError ? e.reason : String(e);
    }
    verified = { id: notification.id, status: notification.status, tampered };
  }

  return {
    created: created.status,
    done: done.status,
    progress,
    sameId: fetched.id === created.id,
    hasOutput: typeof done.outputUrl === "string",
    upload: { status: uploaded.status, inputs: uploaded.input.map((i) => i.type), bytes: stored.length, intact: stored.every((b) => b === 7) },
    unauthorized,
    webhook: verified,
  };
}
