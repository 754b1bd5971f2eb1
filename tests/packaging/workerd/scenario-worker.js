// The example Worker plus one test-only route that runs the shared scenario inside workerd.
import * as sdk from "sync-wasm";
import example from "./src/index.js";
import { scenario } from "./scenario.mjs";

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__scenario") {
      try {
        return Response.json(await scenario(sdk, { env, webhook: JSON.parse(env.SCENARIO_WEBHOOK) }));
      } catch (error) {
        return Response.json({ error: `${error.name}: ${error.message}` }, { status: 500 });
      }
    }
    return example.fetch(request, env, ctx);
  },
};
