"use client";
// The SDK in the browser with no key: `proxyUrl: "/api/sync"`, the app's route holding the key on the
// server. Create a generation and wait for it; a route outside the proxy's allow list is a typed
// NotFoundError. `?marker=` goes into the video URL, so the test can find this generation in the mock.
import { useEffect, useState } from "react";
import { SyncClient, SyncAPIError } from "sync-wasm";

type Outcome = { state: "working" } | { state: "done"; result: unknown } | { state: "failed"; error: string };

export function ProxyWidget() {
  const [outcome, setOutcome] = useState<Outcome>({ state: "working" });
  useEffect(() => {
    let live = true;
    (async () => {
      const marker = new URLSearchParams(window.location.search).get("marker") ?? "";
      const client = new SyncClient({ proxyUrl: "/api/sync" });
      const created = await client.generations.create({
        model: "lipsync-2",
        input: [
          { type: "video", url: `https://example.com/speaker.mp4?case=${encodeURIComponent(marker)}` },
          { type: "audio", url: "https://example.com/voice.wav" },
        ],
      });
      const statuses: string[] = [];
      const done = await client.generations.waitForCompletion(created.id, { pollIntervalMs: 200, onProgress: (g) => statuses.push(g.status) });
      let refused: unknown = null;
      try {
        await client.batch.list();
      } catch (e) {
        refused = { name: (e as Error).name, status: e instanceof SyncAPIError ? e.status : null, errorCode: e instanceof SyncAPIError ? e.errorCode : null };
      }
      return {
        baseUrl: client.baseUrl,
        created: { id: created.id, status: created.status },
        done: { id: done.id, status: done.status, hasOutput: typeof done.outputUrl === "string" },
        statuses,
        refused,
      };
    })().then(
      (result) => live && setOutcome({ state: "done", result }),
      (e) => live && setOutcome({ state: "failed", error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <pre id="result" data-state={outcome.state}>
      {outcome.state === "working" ? "working…" : JSON.stringify(outcome.state === "done" ? outcome.result : outcome.error)}
    </pre>
  );
}
