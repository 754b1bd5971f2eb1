// sync-wasm/proxy in Bun: Bun.serve on PROXY_PORT (the key and the API from SYNC_API_KEY and
// SYNC_BASE_URL in process.env).
import * as proxyModule from "sync-wasm/proxy";
import { proxyApp } from "./proxy-scenario.mjs";

Bun.serve({ port: Number(process.env.PROXY_PORT), hostname: "127.0.0.1", fetch: proxyApp(proxyModule) });
console.log("READY");
