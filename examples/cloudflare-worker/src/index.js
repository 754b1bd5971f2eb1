// A Cloudflare Worker that starts lip-sync generations and receives Sync's webhook when they finish.
//
//   POST /generate          { "video": "<url>", "audio": "<url>" } → the new generation (201)
//   GET  /generations/:id   → the generation
//   POST /webhooks/sync     Sync's delivery: verified, then acknowledged
//   GET  /webhooks/recent   the deliveries this isolate verified (for a quick look; not durable)
//
// Secrets: SYNC_API_KEY (API key) and SYNC_WEBHOOK_SECRET (the whsec_... signing secret).
import { SyncClient, WebhookVerificationError, isSyncError, verifyWebhook } from "sync-wasm";

const recent = [];

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (request.method === "POST" && url.pathname === "/generate") {
        const { video, audio, model = "lipsync-2" } = await request.json();
        const client = SyncClient.fromEnv(env);
        const generation = await client.generations.create({
          model,
          input: [
            { type: "video", url: video },
            { type: "audio", url: audio },
          ],
          webhookUrl: `${url.origin}/webhooks/sync`,
        });
        return Response.json(generation, { status: 201 });
      }
      const match = /^\/generations\/([^/]+)$/.exec(url.pathname);
      if (request.method === "GET" && match) {
        return Response.json(await SyncClient.fromEnv(env).generations.get(decodeURIComponent(match[1])));
      }
      if (request.method === "POST" && url.pathname === "/webhooks/sync") {
        // Verify against the raw body, exactly as received.
        const generation = verifyWebhook(await request.text(), request.headers, env.SYNC_WEBHOOK_SECRET);
        recent.unshift({ id: generation.id, status: generation.status, outputUrl: generation.outputUrl, at: new Date().toISOString() });
        recent.length = Math.min(recent.length, 20);
        return new Response("ok");
      }
      if (request.method === "GET" && url.pathname === "/webhooks/recent") {
        return Response.json(recent);
      }
      return new Response("Not found", { status: 404 });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        return new Response(`Webhook refused: ${error.reason}`, { status: 400 });
      }
      if (isSyncError(error)) {
        // API errors carry the API's status; configuration and network problems are ours (500/502).
        const status = typeof error.status === "number" ? error.status : error.name === "SyncConnectionError" ? 502 : 500;
        return Response.json({ error: error.name, message: error.message }, { status });
      }
      throw error;
    }
  },
};
