// Bundled with the `edge-light` condition, as Vercel bundles an Edge Function, then run in Vercel's
// edge-runtime VM.
import * as sdk from "sync-wasm";
import * as testing from "sync-wasm/testing";
import { scenario } from "./scenario.mjs";
import { testingScenario } from "./testing-kit.mjs";

globalThis.__SCENARIO__ = scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) }).then(async (result) => ({
  ...result,
  testing: { inProcess: await testingScenario(sdk, testing) },
}));
