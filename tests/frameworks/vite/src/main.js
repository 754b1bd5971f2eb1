// The README's way: a static import, with no Vite configuration for sync-wasm (or, on Vite 7, only
// README's optimizeDeps line).
import { SyncClient } from "sync-wasm";
import { exercise, report } from "./exercise.js";

report(exercise(SyncClient));
