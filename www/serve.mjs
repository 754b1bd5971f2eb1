// Serves the browser app (www/) and the built package (pkg/) on 127.0.0.1, and starts the package's
// testing kit (sync-wasm/testing) beside it on its own port, on the real clock, so the page talks to the API cross-origin, as it would to the
// real one. The page reads /config.json for its default base URL.
//
// Usage: node www/serve.mjs [--port 8080] [--mock-port 0] [--step-ms 1500] [--base-url URL]
//   --base-url  make the page default to another API (then no mock is started)
//
// Every answer carries a strict Content-Security-Policy, to show what the SDK needs from one: scripts
// from the page's own origin plus the import map's hash, and 'wasm-unsafe-eval' to compile the wasm.

import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMockSync } from "../pkg/testing/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The sha256 CSP source of each inline `<script>` in the page (the import map). */
function inlineScriptHashes(html) {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => m[1].trim() !== "")
    .map((m) => `'sha256-${createHash("sha256").update(m[1]).digest("base64")}'`);
}

/**
 * Start the site (and a mock API unless `baseUrl` is given). Resolves with
 * `{ url, apiUrl, mock, close() }`; `mock` is the mock server's handle, or null.
 */
export async function startSite({ port = 0, host = "127.0.0.1", mockPort = 0, stepMs = 1500, baseUrl, fallbackToFreePort = false } = {}) {
  const mock = baseUrl ? null : createMockSync({ clock: "real", stepMs, examples: true, corsAllowHeaders: ["x-test-*"] });
  const apiUrl = baseUrl ?? (await mock.listen({ port: mockPort, host }));
  const config = JSON.stringify({ baseUrl: apiUrl, mockKey: mock ? mock.apiKey : null });

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://site").pathname);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      return res.end();
    }
    if (path === "/config.json") {
      res.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" });
      return res.end(config);
    }
    // `/pkg/...` is the built package; everything else comes from www/.
    const relative = path === "/" ? "www/index.html" : path.startsWith("/pkg/") ? path.slice(1) : `www${path}`;
    const file = normalize(join(ROOT, relative));
    const allowed = [join(ROOT, "www") + sep, join(ROOT, "pkg") + sep].some((dir) => file.startsWith(dir));
    if (!allowed || file.includes(`${sep}tests${sep}`) || file.endsWith(".mjs")) return notFound(res);
    let bytes;
    try {
      bytes = await readFile(file);
    } catch {
      return notFound(res);
    }
    const headers = {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    };
    if (extname(file) === ".html") {
      headers["content-security-policy"] = [
        "default-src 'self'",
        `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes(bytes.toString("utf8")).join(" ")}`,
        // The API and its media may be on any origin the user types in.
        "connect-src 'self' http: https:",
        "media-src 'self' http: https: blob:",
        "img-src 'self' data:",
        "style-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join("; ");
    }
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : bytes);
  });
  await new Promise((resolve, reject) => {
    server.once("error", (error) => {
      // The default port is taken: any free one will do.
      if (error.code === "EADDRINUSE" && fallbackToFreePort) server.listen(0, host, resolve);
      else reject(error);
    });
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${server.address().port}`;
  return {
    url,
    apiUrl,
    mock,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await mock?.close();
    },
  };
}

function notFound(res) {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("Not found");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const site = await startSite({
    port: Number(option("port", "8080")),
    fallbackToFreePort: option("port", undefined) === undefined,
    mockPort: Number(option("mock-port", "0")),
    stepMs: Number(option("step-ms", "1500")),
    baseUrl: option("base-url", undefined),
  });
  console.log(`sync-wasm studio: ${site.url}/`);
  if (site.mock) console.log(`mock Sync API:    ${site.apiUrl} (API key: ${site.mock.apiKey})`);
  else console.log(`API: ${site.apiUrl}`);
  console.log("Ctrl-C stops both.");
  const stop = () => site.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
