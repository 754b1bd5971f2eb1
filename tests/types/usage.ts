// Compiles realistic user code against the package's .d.ts; the @ts-expect-error lines fail the build
// if a misuse stops being a type error.
import {
  SyncClient,
  UnauthorizedError,
  InternalServerError,
  SyncAPIError,
  SyncTimeoutError,
  isSyncError,
  type Generation,
  type CreateGenerationRequest,
} from "../../pkg/index.js";

export async function run(signal: AbortSignal): Promise<string | undefined> {
  const client = new SyncClient({ apiKey: "k", baseUrl: "http://127.0.0.1:8787", timeoutInSeconds: 30, maxRetries: 1 });
  const request: CreateGenerationRequest = {
    model: "lipsync-2",
    input: [
      { type: "video", url: "https://example.com/v.mp4" },
      { type: "audio", url: "https://example.com/a.wav" },
    ],
    options: { sync_mode: "cut_off" },
  };
  const created: Generation = await client.generations.create(request, { idempotencyKey: "order-1" });
  const again = await client.generations.get(created.id, { signal, timeoutInSeconds: 5, headers: { "x-test": "1" } });
  const future: Generation["model"] = "some-future-model";
  void future;
  try {
    await client.generations.get("x");
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      const status: 401 = error.status;
      void status;
    } else if (error instanceof InternalServerError) {
      const requestId: string | undefined = error.requestId;
      void requestId;
    } else if (error instanceof SyncAPIError) {
      const code: string | undefined = error.errorCode;
      void code;
    } else if (error instanceof SyncTimeoutError) {
      const ms: number = error.timeoutMs;
      void ms;
    } else if (isSyncError(error)) {
      const name: string = error.name;
      void name;
    }
  }
  // @ts-expect-error: the client needs no init and takes an options object, not a string
  new SyncClient("key");
  // @ts-expect-error: unknown option
  new SyncClient({ apiKey: "k", baseURL: "https://api.sync.so" });
  // @ts-expect-error: input is required
  await client.generations.create({ model: "lipsync-2" });
  // @ts-expect-error: wrong input type
  await client.generations.create({ model: "lipsync-2", input: [{ type: "picture", url: "x" }] });
  // @ts-expect-error: get takes an id string
  await client.generations.get(42);
  return again.outputUrl ?? undefined;
}
