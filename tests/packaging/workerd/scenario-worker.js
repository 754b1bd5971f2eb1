// The example Worker plus test-only routes: the shared scenario (and the testing kit's), and a load
// of 1000 concurrent requests from one client inside workerd.
import * as sdk from "sync-wasm";
import example from "./src/index.js";
import * as testing from "sync-wasm/testing";
import { scenario } from "./scenario.mjs";
import { testingScenario } from "./testing-kit.mjs";

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__scenario") {
      try {
        const result = await scenario(sdk, { env, webhook: JSON.parse(env.SCENARIO_WEBHOOK) });
        // The shipped testing kit, in-process inside the Worker.
        return Response.json({ ...result, testing: { inProcess: await testingScenario(sdk, testing) } });
      } catch (error) {
        return Response.json({ error: `${error.name}: ${error.message}` }, { status: 500 });
      }
    }
    if (new URL(request.url).pathname === "/__load") {
      const client = sdk.SyncClient.fromEnv(env);
      const created = await client.generations.create({
        model: "lipsync-2",
        input: [{ type: "video", url: "https://example.com/load.mp4" }, { type: "audio", url: "https://example.com/a.wav" }],
      });
      const all = await Promise.all(Array.from({ length: 1000 }, () => client.generations.get(created.id)));
      return Response.json({ requests: all.length, correct: all.filter((g) => g.id === created.id).length });
    }
    return example.fetch(request, env, ctx);
  },
};
