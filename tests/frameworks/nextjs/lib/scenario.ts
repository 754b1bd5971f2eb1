// What both route handlers do with the SDK, as a user's server code would: a client from the
// environment (SYNC_API_KEY, SYNC_BASE_URL), a generation created and read back, and a typed error
// for an id that does not exist. `marker` goes into the video URL, so the test can find this very
// generation in the mock.
import { SyncClient, NotFoundError, SyncAPIError, SyncError } from "sync-wasm";

export async function scenario(marker: string) {
  const client = new SyncClient();
  const created = await client.generations.create({
    model: "lipsync-2",
    input: [
      { type: "video", url: `https://example.com/speaker.mp4?case=${encodeURIComponent(marker)}` },
      { type: "audio", url: "https://example.com/voice.wav" },
    ],
  });
  const fetched = await client.generations.get(created.id);
  let missing: Record<string, unknown> | null = null;
  try {
    await client.generations.get("no-such-generation-id");
  } catch (e) {
    missing = {
      name: e instanceof Error ? e.name : String(e),
      status: e instanceof SyncAPIError ? e.status : null,
      isNotFoundError: e instanceof NotFoundError,
      isSyncError: e instanceof SyncError,
    };
  }
  return {
    runtime: process.env.NEXT_RUNTIME ?? null,
    baseUrl: client.baseUrl,
    created: { id: created.id, status: created.status, model: created.model },
    fetched: { id: fetched.id, status: fetched.status, model: fetched.model, video: fetched.input.flatMap((i) => (i.type === "video" ? [i.url] : []))[0] ?? null },
    missing,
  };
}

/** A route handler's answer: the scenario for the request's `marker`, or the error that ended it. */
export async function respond(request: Request): Promise<Response> {
  const marker = new URL(request.url).searchParams.get("marker") ?? "";
  try {
    return Response.json(await scenario(marker));
  } catch (e) {
    return Response.json({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }, { status: 500 });
  }
}
