// Serves the browser app (www/) and the built package (pkg/) on 127.0.0.1, with the app's own API
// route at /api/sync: `sync-wasm/proxy`, which holds the API key on this server, so the page asks for
// none. By default it also starts the package's testing kit (sync-wasm/testing) on its own port, on
// the real clock, as the API behind the proxy. The page reads /config.json for the proxy's URL (and,
// for its optional own-key mode, the API's URL).
//
// Usage: node www/serve.mjs [--port 8080] [--mock-port 0] [--step-ms 1500] [--base-url URL]
//   --base-url  the API behind the proxy (then no mock is started); the proxy's key is SYNC_API_KEY
//               from the environment, read at each request
// With the bundled mock the proxy's key is the mock's (SYNC_API_KEY is not read: a real key is never
// sent to the mock). The mock also accepts a second, personal key, shown on the page, for trying the
// page's own-key mode (the page then calls the mock itself, cross-origin, as a personal tool would).
//
// Every answer carries a strict Content-Security-Policy, to show what the SDK needs from one: scripts
// from the page's own origin plus the import map's hash, and 'wasm-unsafe-eval' to compile the wasm.

import { createServer } from "node:http";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMockSync } from "../pkg/testing/index.js";
import { createSyncProxy, toNodeHandler } from "../pkg/proxy/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROXY_PATH = "/api/sync";
/** The bundled mock's second key, for the page's own-key mode (the proxy's key is the mock's own). */
export const DEMO_PERSONAL_KEY = "sync-personal-demo-key";
const SESSION_COOKIE = "studio_session";
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
 * The demo's sessions. Every visitor who loads the page gets one (an HttpOnly cookie, signed with a
 * secret of this process), and the proxy serves only requests that carry a valid one. That proves
 * the caller loaded the page from this server, not that it is a known user: a real app checks its
 * own signed-in session here (its login cookie, a JWT) and refuses the rest, since whoever passes
 * this check spends the server's credits.
 */
function demoSessions() {
  const secret = randomBytes(32);
  const sign = (id) => createHmac("sha256", secret).update(id).digest("base64url");
  return {
    /** A Set-Cookie value for a new session. */
    issue() {
      const id = randomBytes(16).toString("base64url");
      // Path=/ so that WebDriver's and Playwright's cookie calls (a test's "sign out") see it; no
      // Secure, as the demo is plain http on 127.0.0.1.
      return `${SESSION_COOKIE}=${id}.${sign(id)}; Path=/; HttpOnly; SameSite=Strict`;
    },
    /** The proxy's authorize: true for a request with a session this server issued, else a 401. */
    authorize(request) {
      const cookies = (request.headers.get("cookie") ?? "").split(";").map((c) => c.trim());
      const value = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1) ?? "";
      const [id, mac, extra] = value.split(".");
      if (!id || !mac || extra !== undefined) return false;
      const want = Buffer.from(sign(id));
      const got = Buffer.from(mac);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}

/**
 * Start the site (and a mock API unless `baseUrl` is given). Resolves with
 * `{ url, apiUrl, proxyUrl, mock, proxyRequests, close() }`: `mock` is the mock server's handle, or
 * null; `proxyRequests` what the page sent to the proxy route (`{ method, path, headers, status }`,
 * the cookie redacted, as is an x-api-key should a page send one).
 *
 * `apiKey` is the proxy's key: with the bundled mock, the key that mock accepts (default the mock's
 * own); with `baseUrl`, default SYNC_API_KEY from the environment. `personalKey` is the bundled
 * mock's second key, for the page's own-key mode (null: none, so the proxy's key is the only one).
 */
export async function startSite({
  port = 0, host = "127.0.0.1", mockPort = 0, stepMs = 1500, baseUrl, apiKey, personalKey = DEMO_PERSONAL_KEY, fallbackToFreePort = false,
} = {}) {
  const mock = baseUrl
    ? null
    : createMockSync({
        clock: "real", stepMs, examples: true, corsAllowHeaders: ["x-test-*"],
        ...(apiKey ? { apiKey } : {}),
        keys: personalKey ? [personalKey] : [],
      });
  const apiUrl = baseUrl ?? (await mock.listen({ port: mockPort, host }));
  const sessions = demoSessions();
  // Without a key here, the proxy reads SYNC_API_KEY at each request (and says so when it is unset).
  const serverKey = mock ? mock.apiKey : apiKey;
  const proxy = createSyncProxy({ baseUrl: apiUrl, path: PROXY_PATH, authorize: sessions.authorize, ...(serverKey ? { apiKey: serverKey } : {}) });
  // Note for a real multi-user app: DEFAULT_ALLOW lets the page list the account's generations, so
  // every user sees everyone's; such an app narrows `allow` or checks ownership in `onRequest`.
  const proxyHandler = toNodeHandler(proxy);
  const proxyRequests = [];
  const config = JSON.stringify({ proxyUrl: PROXY_PATH, baseUrl: apiUrl, personalKey: mock && personalKey ? personalKey : null });
  const apiOrigin = new URL(apiUrl).origin;

  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://site");
    if (pathname === PROXY_PATH || pathname.startsWith(`${PROXY_PATH}/`)) return serveProxy(req, res, pathname);
    let path;
    try {
      path = decodeURIComponent(pathname);
    } catch {
      return notFound(res);
    }
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
      // Loading the page signs the visitor in (see demoSessions).
      headers["set-cookie"] = sessions.issue();
      headers["content-security-policy"] = [
        "default-src 'self'",
        `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes(bytes.toString("utf8")).join(" ")}`,
        // 'self': the proxy. The API's origin: its presigned uploads (storage, not the API, so
        // straight from the page) and the own-key mode. https: for the real API's storage and CDN
        // hosts, and for an API the user types in the own-key mode.
        `connect-src 'self' ${apiOrigin} https:`,
        `media-src 'self' ${apiOrigin} https: blob:`,
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

  function serveProxy(req, res, path) {
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = ["cookie", "x-api-key", "authorization"].includes(name) ? "[redacted]" : value;
    }
    const record = { method: req.method, path, headers, status: null };
    proxyRequests.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    return proxyHandler(req, res);
  }

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
    proxyUrl: `${url}${PROXY_PATH}`,
    mock,
    proxyRequests,
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
  console.log(`its API route:    ${site.proxyUrl} (sync-wasm/proxy, holding the key)`);
  if (site.mock) {
    console.log(`mock Sync API:    ${site.apiUrl} (the proxy's key: ${site.mock.apiKey}; a personal key for the page's own-key mode: ${DEMO_PERSONAL_KEY})`);
  } else {
    console.log(`API:              ${site.apiUrl}`);
    if (!process.env.SYNC_API_KEY?.trim()) console.log("SYNC_API_KEY is not set: the proxy will answer 500 until it is (restart with it set).");
  }
  console.log("Ctrl-C stops it.");
  const stop = () => site.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
