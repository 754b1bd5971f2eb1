// Realistic user code, type-checked with --strict under two module resolutions.
import {
  SyncClient,
  UnauthorizedError,
  GenerationFailedError,
  verifyWebhook,
  type Generation,
  type GenerationNotification,
} from "sync-wasm";
import { init } from "sync-wasm/slim";

export async function lipSync(env: { SYNC_API_KEY: string }, video: string, audio: string): Promise<string> {
  const client = SyncClient.fromEnv(env, { timeoutInSeconds: 30 });
  try {
    const done: Generation = await client.generations.createAndWait(
      { model: "lipsync-2", input: [{ type: "video", url: video }, { type: "audio", url: audio }] },
      { onProgress: (g) => console.log(g.status) },
    );
    return done.outputUrl ?? "";
  } catch (e) {
    if (e instanceof UnauthorizedError) {
      const status: 401 = e.status;
      throw new Error(`bad key (${status})`);
    }
    if (e instanceof GenerationFailedError) throw new Error(e.errorCode ?? "failed");
    throw e;
  }
}

export function onWebhook(body: string, headers: Headers, secret: string): string {
  const notification: GenerationNotification = verifyWebhook(body, headers, secret);
  return notification.id;
}

export async function slim(wasm: WebAssembly.Module): Promise<void> {
  await init(wasm);
}

// Code written for `@sync.so/sdk/api` and its `SyncEnvironment`, with only the import changed.
import { GenerationStatus, type Generation as ApiGeneration } from "sync-wasm/api";
import { SyncEnvironment, Sync } from "sync-wasm";

export function finished(g: ApiGeneration): boolean {
  return g.status === GenerationStatus.Completed || g.status === Sync.GenerationStatus.Failed;
}
export const production: string = SyncEnvironment.Default;

// @ts-expect-error: a misspelt option is a type error
new SyncClient({ apiKey: "k", timeout: 5 });
