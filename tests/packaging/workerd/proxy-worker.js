// sync-wasm/proxy as a Cloudflare Worker: the key and the API from the Worker's env (its bindings
// SYNC_API_KEY and SYNC_BASE_URL), which workerd passes the handler as its second argument.
import * as proxyModule from "sync-wasm/proxy";
import { proxyApp } from "./proxy-scenario.mjs";

export default { fetch: proxyApp(proxyModule) };
