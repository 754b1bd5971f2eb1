// Bundled with the `edge-light` condition, as Vercel bundles an Edge Function, then run in Vercel's
// edge-runtime VM.
import * as sdk from "sync-wasm";
import { scenario } from "./scenario.mjs";

globalThis.__SCENARIO__ = scenario(sdk, { webhook: JSON.parse(process.env.SCENARIO_WEBHOOK) });
