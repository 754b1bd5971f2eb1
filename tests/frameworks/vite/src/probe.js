// The same calls behind a dynamic import, so a page whose SDK fails to load says why in #result
// (a failed static import would only leave an uncaught error in the console).
import { exercise, report } from "./exercise.js";

let sdk;
let importError;
try {
  sdk = await import("sync-wasm");
} catch (e) {
  importError = `${e?.name}: ${e?.message}`;
}
report(importError ? Promise.resolve({ importError }) : exercise(sdk.SyncClient));
