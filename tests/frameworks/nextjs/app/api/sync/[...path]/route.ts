import { createSyncProxy } from "sync-wasm/proxy";
export const { GET, POST, OPTIONS } = createSyncProxy();
