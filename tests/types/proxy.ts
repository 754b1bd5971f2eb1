// A server route and a page using `sync-wasm/proxy`, type-checked; the @ts-expect-error lines must stay errors.
import { SyncClient } from "sync-wasm";
import { createSyncProxy, toNodeHandler, DEFAULT_ALLOW, type SyncProxy } from "sync-wasm/proxy";

// The Next.js route file's two lines.
export const { GET, POST, OPTIONS } = createSyncProxy();

export const guarded: SyncProxy = createSyncProxy({
  allow: [...DEFAULT_ALLOW, "GET /v2/batch/:id", { method: "GET", path: "/v2/batch" }],
  authorize: async (request: Request) => request.headers.get("cookie")?.includes("session=") ?? false,
  onRequest: ({ method, path }) => {
    if (method === "POST" && path === "/v2/generate") return new Response("slow down", { status: 429 });
  },
  cors: { origins: ["https://app.example"] },
  maxBodyBytes: 10 * 1024 * 1024,
});

export const worker = { fetch: (request: Request, env: Record<string, string>): Promise<Response> => guarded(request, env) };
export const nodeHandler = toNodeHandler(guarded);

export async function page(): Promise<string> {
  const sync = new SyncClient({ proxyUrl: "/api/sync" });
  const generation = await sync.generations.create({ model: "lipsync-2", input: [{ type: "video", url: "v" }, { type: "audio", url: "a" }] });
  return generation.id;
}

// @ts-expect-error: no such option
createSyncProxy({ key: "k" });
// @ts-expect-error: authorize gets the Request and answers true/false/a Response
createSyncProxy({ authorize: "yes" });
