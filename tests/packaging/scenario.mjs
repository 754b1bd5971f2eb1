// The scenario every packaging test runs, in every runtime: create → waitForCompletion → get, a wrong
// key, and webhook verification. Web APIs only, so it runs unchanged in Node, Deno, Bun, workerd,
// the edge runtime and browsers. Resolves with a summary the test harness checks.
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
    unauthorized,
    webhook: verified,
  };
}
