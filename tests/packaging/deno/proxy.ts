// sync-wasm/proxy in Deno: Deno.serve on PROXY_PORT (the key and the API from SYNC_API_KEY and
// SYNC_BASE_URL, which Deno.env gives with --allow-env).
import * as proxyModule from "sync-wasm/proxy";
import { proxyApp } from "./proxy-scenario.mjs";

Deno.serve({ port: Number(Deno.env.get("PROXY_PORT")), hostname: "127.0.0.1", onListen: () => console.log("READY") }, proxyApp(proxyModule));
