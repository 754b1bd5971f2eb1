"use client";
// The SDK in the browser: list the models, create a generation, read it back, and a typed error for
// an id that does not exist; the outcome is shown in the page for the test to read. `?marker=` goes
// into the video URL, so the test can find this generation in the mock.
import { useEffect, useState } from "react";
import { SyncClient, NotFoundError } from "sync-wasm";

type Outcome = { state: "working" } | { state: "done"; result: unknown } | { state: "failed"; error: string };

export function Widget({ apiKey, baseUrl }: { apiKey: string; baseUrl: string }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: "working" });
  useEffect(() => {
    let live = true;
    (async () => {
      const marker = new URLSearchParams(window.location.search).get("marker") ?? "";
      const client = new SyncClient({ apiKey, baseUrl, dangerouslyAllowBrowser: true });
      const models = await client.models.list();
      const created = await client.generations.create({
        model: "lipsync-2",
        input: [
          { type: "video", url: `https://example.com/speaker.mp4?case=${encodeURIComponent(marker)}` },
          { type: "audio", url: "https://example.com/voice.wav" },
        ],
      });
      const fetched = await client.generations.get(created.id);
      let missing: unknown = null;
      try {
        await client.generations.get("no-such-generation-id");
      } catch (e) {
        missing = { name: (e as Error).name, status: e instanceof NotFoundError ? e.status : null, isNotFoundError: e instanceof NotFoundError };
      }
      return {
        models: models.map((m) => m.id),
        created: { id: created.id, status: created.status },
        fetched: { id: fetched.id, status: fetched.status, video: fetched.input.flatMap((i) => (i.type === "video" ? [i.url] : []))[0] ?? null },
        missing,
      };
    })().then(
      (result) => live && setOutcome({ state: "done", result }),
      (e) => live && setOutcome({ state: "failed", error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [apiKey, baseUrl]);
  return (
    <pre id="result" data-state={outcome.state}>
      {outcome.state === "working" ? "working…" : JSON.stringify(outcome.state === "done" ? outcome.result : outcome.error)}
    </pre>
  );
}
