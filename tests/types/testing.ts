// A user's tests against `sync-wasm/testing`, type-checked; the @ts-expect-error lines must stay errors.
import { SyncClient, verifyWebhook } from "sync-wasm";
import { createMockSync, signWebhook, type MockSync, type MockGeneration, type MockRequest, type MockWebhookDelivery } from "sync-wasm/testing";

export async function kitUsage(): Promise<void> {
  const received: string[] = [];
  const mock: MockSync = createMockSync({
    concurrency: 3,
    rateLimit: { create: 60 },
    stepMs: 500,
    autoAdvance: "poll",
    outcome: (body) => (body.model === "lipsync-2-pro" ? { status: "REJECTED", errorCode: "generation_unsupported_model" } : undefined),
    onWebhook: async (request: Request) => {
      received.push(verifyWebhook(await request.text(), request.headers, mock.webhookSecret).status);
      return new Response("ok");
    },
  });
  const client = new SyncClient({ apiKey: mock.apiKey, baseUrl: mock.baseUrl, fetch: mock.fetch });
  const created = await client.generations.create({ model: "lipsync-2", input: [{ type: "video", url: "u" }, { type: "audio", url: "a" }] });
  const handle = mock.fail({ method: "GET", path: "/v2/generate/*", status: 503, times: 2, headers: { "retry-after": "1" } });
  const left: number = handle.remaining;
  handle.cancel();
  await mock.advance(1000);
  const done: MockGeneration = await mock.generations.complete(created.id, { outputDuration: 2 });
  const failed = await mock.generations.fail(created.id, { errorCode: "generation_audio_missing" });
  const first: MockRequest | undefined = mock.requests[0];
  const deliveries: MockWebhookDelivery[] = mock.webhooks.deliveries;
  const header: string = await signWebhook("{}", mock.webhookSecret, 1_700_000_000);
  const url: string = await mock.listen({ port: 0 });
  await mock.close();
  mock.reset();
  void [left, done.status, failed.errorCode, first?.headers["x-api-key"], deliveries.length, header, url];

  // @ts-expect-error: a typo in an option
  createMockSync({ stepsMs: 10 });
  // @ts-expect-error: the clock is "virtual" or "real"
  createMockSync({ clock: "fast" });
  // @ts-expect-error: a fault needs a path
  mock.fail({ status: 500 });
  // @ts-expect-error: no such fault field
  mock.fail({ path: "/v2/models", status: 500, time: 2 });
  // @ts-expect-error: advance takes milliseconds
  await mock.advance("1s");
}
