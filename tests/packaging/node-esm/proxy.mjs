// sync-wasm/proxy in Node.js: node:http through toNodeHandler, on PROXY_PORT (the key and the API from
// SYNC_API_KEY and SYNC_BASE_URL). Prints READY with the entry the package resolved.
import { createServer } from "node:http";
import * as proxyModule from "sync-wasm/proxy";
import { proxyApp } from "./proxy-scenario.mjs";

const server = createServer(proxyModule.toNodeHandler(proxyApp(proxyModule)));
server.listen(Number(process.env.PROXY_PORT), "127.0.0.1", () => {
  console.log(`READY ${import.meta.resolve("sync-wasm/proxy").split("/").slice(-2).join("/")}`);
});
