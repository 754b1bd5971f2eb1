// Next.js, the way users deploy it: the packed tarball installed into an App Router project laid out
// like create-next-app's (tests/frameworks/nextjs/), with no next.config at all (the README asks for
// no framework configuration), `next build` with each bundler, `next start`, then HTTP requests and a
// headless Chromium visit, all against the mock server on loopback.
//
// Versions: the latest 16.x and 15.x on the npm registry when this was written, pinned exactly.
// Bundlers: Next 16 builds with Turbopack by default and with webpack on `--webpack`; Next 15 builds
// with webpack by default and with Turbopack on `--turbopack` (supported for builds since 15.5, where
// Next calls it beta). Each version is installed once; both of its builds use that project.
//
// Cases, in every build:
//   /api/edge  an Edge route handler (`runtime = "edge"`, the package's edge-light entry)
//   /api/node  a route handler in the Node.js runtime (the node entry)
//   /client    a server page rendering a "use client" component that uses the SDK in the browser
//   /proxy     a "use client" component with `new SyncClient({ proxyUrl: "/api/sync" })` and no key,
//              through /api/sync/[...path], the two-line sync-wasm/proxy route (key and API from
//              SYNC_API_KEY and SYNC_BASE_URL on the server)
// Each route creates a generation with `new SyncClient()` (key and base URL from SYNC_API_KEY and
// SYNC_BASE_URL), reads it back and catches NotFoundError for an id that does not exist; the test
// checks the JSON, that the mock really holds that generation, and the typed error's name and status.
//
// When the build of the whole app fails, each case is built again on its own (the app with only that
// case's files), so one broken case does not hide the state of the others; its test then reports its
// own build, or runs against its own server. When everything works this costs nothing.
//
// The projects sit under .tmp/frameworks/, inside this repository, which has its own lockfile: Next
// warns that it inferred the workspace root from it ("multiple lockfiles"). That is harmless for
// these builds (and what users see in a monorepo), so the project still has no next.config.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { project, run, start, startMock, freePort, fixtureFiles, root, DEFAULT_KEY } from "./support.mjs";
import { openBrowser } from "../www/browsers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "nextjs");

const REACT = "19.3.1";
const DEV = { typescript: "5.9.3", "@types/node": "20.19.43", "@types/react": "19.3.3", "@types/react-dom": "19.3.0" };
const VERSIONS = [
  { next: "16.4.6", builds: [{ bundler: "Turbopack (default)", args: [] }, { bundler: "webpack (--webpack)", args: ["--webpack"] }] },
  { next: "15.5.29", builds: [{ bundler: "webpack (default)", args: [] }, { bundler: "Turbopack (--turbopack)", args: ["--turbopack"] }] },
];

const INSTALL_MS = 300_000;
const BUILD_MS = 300_000;
const START_MS = 60_000;
const MISSING = { name: "NotFoundError", status: 404, isNotFoundError: true, isSyncError: true };

let mock;
let browser;

// The fixture's files each case needs, besides the layout, the home page and tsconfig.json.
const COMMON = ["app/layout.tsx", "app/page.tsx", "tsconfig.json"];
const CASES = {
  edge: ["app/api/edge/route.ts", "lib/scenario.ts"],
  node: ["app/api/node/route.ts", "lib/scenario.ts"],
  client: ["app/client/page.tsx", "app/client/widget.tsx"],
  proxy: ["app/api/sync/[...path]/route.ts", "app/proxy/page.tsx", "app/proxy/widget.tsx"],
  readme: [],
};

/**
 * The route handler of README.md's "Next.js (App Router)" section, verbatim, as an Edge route and,
 * without its `runtime` line (the README says the same code works), as a Node.js route.
 */
function readmeRoutes() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Next.js (App Router)"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code && code.includes('export const runtime = "edge"'), "README.md's Next.js section has its route handler");
  const node = code.replace(/^export const runtime = "edge";.*\n/m, "");
  assert.notEqual(node, code);
  return { "app/api/readme-edge/route.ts": code, "app/api/readme-node/route.ts": node };
}

// The proxy route file is the README's, to the letter (its first line names the file).
test("the sync-wasm/proxy route file is README.md's Next.js proxy route", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Browser apps: keep the key on your server"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block?.startsWith("// app/api/sync/[...path]/route.ts\n"), "README.md's proxy section starts with the route file");
  const route = readFileSync(join(here, "nextjs", "app", "api", "sync", "[...path]", "route.ts"), "utf8");
  assert.equal(route, block.slice(block.indexOf("\n") + 1));
});

before(async () => {
  mock = await startMock();
});

after(async () => {
  await browser?.close();
  await mock?.close();
});

/** Resolves with the value, or with `{ error }`, so a later test can report what an earlier step did. */
async function settle(promise) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** A command's output without Next's note about the repository's lockfile (see the top). */
function trimmed(message) {
  return message
    .replace(/^.*Warning: Next\.js inferred your workspace root[\s\S]*?Detected additional lockfiles: *\n.*\n/m, "")
    .replace(/\n{3,}/g, "\n\n");
}

/** The step's value, or a failure that names the step and carries its error (with its output). */
function need(step, what) {
  if (!step) throw new Error(`${what} did not run`);
  if (step.error) throw new Error(`${what} failed:\n${trimmed(step.error.message)}`);
  return step.value;
}

function env() {
  return { SYNC_API_KEY: DEFAULT_KEY, SYNC_BASE_URL: mock.url, NEXT_TELEMETRY_DISABLED: "1" };
}

/** Lay the project's app out with the given cases' files only (all of them by default). */
function layout(dir, cases = Object.keys(CASES)) {
  rmSync(join(dir, "app"), { recursive: true, force: true });
  rmSync(join(dir, "lib"), { recursive: true, force: true });
  rmSync(join(dir, ".next"), { recursive: true, force: true });
  for (const file of new Set([...COMMON, ...cases.flatMap((c) => CASES[c])])) cpSync(join(fixture, file), join(dir, file));
  if (cases.includes("readme")) {
    for (const [file, text] of Object.entries(readmeRoutes())) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  }
}

/**
 * README's route: a POST creates a generation (201, and the mock holds it), and an API error comes
 * back with its status and body (the mock answers the next create 402).
 */
async function checkReadmeRoute(server, path, marker) {
  const video = `https://example.com/speaker.mp4?case=${marker}`;
  const body = JSON.stringify({ model: "lipsync-2", input: [{ type: "video", url: video }, { type: "audio", url: "https://example.com/voice.wav" }] });
  const post = () => fetch(`${server.url}${path.slice(1)}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const created = await post();
  const text = await created.text();
  assert.equal(created.status, 201, `${path} answered ${created.status}: ${text.slice(0, 2000)}\n--- next start output:\n${trimmed(server.output()).slice(-4000)}`);
  const generation = JSON.parse(text);
  assert.equal(generation.status, "PENDING");
  const held = await inMock(generation.id, marker);
  assert.equal(held.count, 1, "the mock created exactly one generation for this request");
  assert.equal(held.generation.input[0].url, video);

  const fault = { status: 402, body: { statusCode: 402, message: "Out of credits", error: "Payment Required" } };
  mock.fail({ method: "POST", path: "/v2/generate", ...fault });
  const refused = await post();
  assert.equal(refused.status, 402, "the SyncAPIError's status");
  assert.deepEqual(await refused.json(), fault.body, "the SyncAPIError's body, as the API sent it");
}

const nextBin = (dir) => join(dir, "node_modules", "next", "dist", "bin", "next");

/** `next build` with the bundler's flags; `{ value: { output }, ms }` or `{ error, ms }`. */
async function build(dir, args) {
  const t0 = Date.now();
  const built = await settle(run(process.execPath, [nextBin(dir), "build", ...args], { cwd: dir, env: env(), timeoutMs: BUILD_MS }));
  built.ms = Date.now() - t0;
  return built;
}

/** `next start` on a free port, waiting until / answers; `{ value: server, ms }` or `{ error, ms }`. */
async function serve(dir) {
  const port = await freePort();
  const t0 = Date.now();
  const started = await settle(
    start(process.execPath, [nextBin(dir), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env: env(), port, path: "/", timeoutMs: START_MS }),
  );
  started.ms = Date.now() - t0;
  return started;
}

/** The generation as the mock holds it, read with the key, and how many generations carry `marker`. */
async function inMock(id, marker) {
  const response = await fetch(`${mock.url}/v2/generate/${encodeURIComponent(id)}`, { headers: { "x-api-key": DEFAULT_KEY } });
  assert.equal(response.status, 200, `the mock does not know generation ${id}`);
  const generation = await response.json();
  const { count } = await (await fetch(`${mock.url}/__mock/generations?contains=${encodeURIComponent(marker)}`)).json();
  return { generation, count };
}

/** What a route handler answered: the mock's generation, created and read back, and the typed error. */
async function checkRoute(server, path, runtime, marker) {
  const response = await fetch(`${server.url}${path}?marker=${encodeURIComponent(marker)}`);
  const text = await response.text();
  assert.equal(response.status, 200, `${path} answered ${response.status}: ${text.slice(0, 2000)}\n--- next start output:\n${trimmed(server.output()).slice(-4000)}`);
  const body = JSON.parse(text);
  assert.equal(body.runtime, runtime, `${path} ran in the ${runtime} runtime`);
  assert.equal(body.baseUrl, mock.url, "SYNC_BASE_URL was read from process.env");
  assert.equal(body.created.status, "PENDING");
  assert.equal(body.created.model, "lipsync-2");
  assert.match(body.created.id, /^[0-9a-f-]{36}$/);
  assert.equal(body.fetched.id, body.created.id, "generations.get read the created generation back");
  assert.match(body.fetched.status, /^(PENDING|PROCESSING|COMPLETED)$/);
  assert.equal(body.fetched.video, `https://example.com/speaker.mp4?case=${marker}`);
  assert.deepEqual(body.missing, MISSING, "a bogus id is a NotFoundError with status 404");
  const reads = await (await fetch(`${mock.url}/__mock/requests?path=${encodeURIComponent(`/v2/generate/${body.created.id}`)}`)).json();
  assert.equal(reads.count, 1, "the route read the generation back from the mock once");
  const { generation, count } = await inMock(body.created.id, marker);
  assert.equal(generation.id, body.created.id);
  assert.equal(count, 1, "the mock created exactly one generation for this request");
}

/** The client page: server-rendered by `next start`, then the SDK at work in headless Chromium. */
async function checkClientPage(server, marker) {
  const url = `${server.url}client?marker=${encodeURIComponent(marker)}`;
  const ssr = await fetch(url);
  const html = await ssr.text();
  assert.equal(ssr.status, 200, `server render of /client answered ${ssr.status}\n--- next start output:\n${trimmed(server.output()).slice(-4000)}`);
  assert.match(html, /<pre id="result" data-state="working">/, "the widget was server-rendered in its initial state");

  browser ??= await openBrowser("chromium");
  const { page, errors, close } = await browser.newPage({ width: 800, height: 600 });
  try {
    await page.goto(url);
    const result = page.locator('#result:not([data-state="working"])');
    await result.waitFor({ timeout: 30_000 });
    const state = await result.getAttribute("data-state");
    const text = await result.textContent();
    assert.equal(state, "done", `the page showed: ${text}\n${(await errors()).join("\n")}`);
    const shown = JSON.parse(text);
    assert.ok(shown.models.includes("lipsync-2"), `models listed: ${shown.models}`);
    assert.equal(shown.created.status, "PENDING");
    assert.equal(shown.fetched.id, shown.created.id);
    assert.equal(shown.fetched.video, `https://example.com/speaker.mp4?case=${marker}`);
    assert.deepEqual(shown.missing, { name: "NotFoundError", status: 404, isNotFoundError: true });
    const { generation, count } = await inMock(shown.created.id, marker);
    assert.equal(generation.id, shown.created.id);
    assert.equal(count, 1, "the page created exactly one generation in the mock");
    assert.deepEqual((await errors()).filter((e) => e.startsWith("pageerror")), [], "no uncaught errors in the page");
  } finally {
    await close();
  }
}

/**
 * The proxy route and the page that uses it: from Node, a refused route (404) and a foreign page's
 * request (403) without the mock seeing either; in Chromium, the page creates a generation and waits
 * for it through /api/sync, sending no key and never calling the mock itself.
 */
async function checkProxyPage(server, marker) {
  const proxyUrl = `${server.url}api/sync`;
  const requestsBefore = (await (await fetch(`${mock.url}/__mock/requests`)).json()).count;
  const refused = await fetch(`${proxyUrl}/v2/batch`);
  assert.equal(refused.status, 404, `${await refused.clone().text()}\n--- next start output:\n${trimmed(server.output()).slice(-4000)}`);
  assert.equal((await refused.json()).errorCode, "proxy_route_not_allowed");
  const foreign = await fetch(`${proxyUrl}/v2/models`, { headers: { origin: "https://evil.example" } });
  assert.equal(foreign.status, 403);
  assert.equal((await foreign.json()).errorCode, "proxy_origin_refused");
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
  assert.equal((await (await fetch(`${mock.url}/__mock/requests`)).json()).count, requestsBefore, "the refused requests never reached the API");

  browser ??= await openBrowser("chromium");
  const { page, errors, close } = await browser.newPage({ width: 800, height: 600 });
  const sent = [];
  page.on("request", (request) => sent.push({ url: request.url(), method: request.method(), headers: request.headers() }));
  try {
    await page.goto(`${server.url}proxy?marker=${encodeURIComponent(marker)}`);
    const result = page.locator('#result:not([data-state="working"])');
    await result.waitFor({ timeout: 30_000 });
    const state = await result.getAttribute("data-state");
    const text = await result.textContent();
    assert.equal(state, "done", `the page showed: ${text}\n${(await errors()).join("\n")}\n--- next start output:\n${trimmed(server.output()).slice(-4000)}`);
    const shown = JSON.parse(text);
    assert.equal(shown.baseUrl, proxyUrl, "proxyUrl resolved against the page");
    assert.equal(shown.created.status, "PENDING");
    assert.equal(shown.done.id, shown.created.id);
    assert.equal(shown.done.status, "COMPLETED");
    assert.equal(shown.done.hasOutput, true);
    assert.deepEqual(shown.refused, { name: "NotFoundError", status: 404, errorCode: "proxy_route_not_allowed" });
    const { generation, count } = await inMock(shown.created.id, marker);
    assert.equal(generation.status, "COMPLETED");
    assert.equal(count, 1, "the page created exactly one generation in the mock");
    const api = sent.filter((r) => r.url.startsWith(proxyUrl));
    assert.ok(api.some((r) => r.method === "POST") && api.some((r) => r.url.includes(shown.created.id)), `the page's API calls: ${api.map((r) => `${r.method} ${r.url}`).join(", ")}`);
    assert.deepEqual(api.filter((r) => "x-api-key" in r.headers || "authorization" in r.headers), [], "the page sent no key");
    assert.deepEqual(sent.filter((r) => r.url.startsWith(mock.url)), [], "the page never called the API itself");
    assert.deepEqual((await errors()).filter((e) => e.startsWith("pageerror")), [], "no uncaught errors in the page");
  } finally {
    await close();
  }
}

for (const { next, builds } of VERSIONS) {
  describe(`Next.js ${next}`, () => {
    let installed;

    before(async () => {
      const t0 = Date.now();
      installed = await settle(
        project(`next-${next}`, {
          files: fixtureFiles(fixture),
          scripts: { build: "next build", start: "next start" },
          dependencies: { next, react: REACT, "react-dom": REACT },
          devDependencies: DEV,
          timeoutMs: INSTALL_MS,
        }),
      );
      installed.ms = Date.now() - t0;
    });

    test("installs from the tarball, with no next.config", (t) => {
      const dir = need(installed, `npm install of next@${next}`);
      t.diagnostic(`npm install: ${(installed.ms / 1000).toFixed(1)} s`);
      const configs = readdirSync(dir).filter((f) => f.startsWith("next.config"));
      assert.deepEqual(configs, [], "the project is configured only as the README says: no next.config");
      assert.ok(existsSync(join(dir, "node_modules", "next", "package.json")));
    });

    for (const { bundler, args } of builds) {
      describe(bundler, () => {
        const tag = `${next}-${args.join("") || "default"}`;
        let built;
        let started;

        before(async () => {
          const dir = installed?.value;
          if (!dir) return;
          layout(dir);
          built = await build(dir, args);
          if (!built.error) started = await serve(dir);
        });

        after(async () => {
          await started?.value?.stop();
        });

        /**
         * Run `check(server)` against the whole app's server, or, when the whole app did not build,
         * against a build of this case alone (its failure then is this case's own).
         */
        async function withServer(name, check) {
          const dir = need(installed, `npm install of next@${next}`);
          if (!built) throw new Error("next build did not run");
          if (!built.error) return check(need(started, "next start"));
          layout(dir, [name]);
          const alone = await build(dir, args);
          need(alone, `next build of the app with only the ${name} case (the whole app did not build)`);
          const server = need(await serve(dir), `next start of the app with only the ${name} case`);
          try {
            await check(server);
          } finally {
            await server.stop();
          }
        }

        test("next build succeeds", (t) => {
          need(installed, `npm install of next@${next}`);
          const { output } = need(built, `next build ${args.join(" ")}`.trim());
          t.diagnostic(`next build: ${(built.ms / 1000).toFixed(1)} s`);
          assert.match(output, /\/api\/edge/);
          assert.match(output, /\/api\/node/);
          assert.match(output, /\/client/);
          assert.match(output, /\/api\/readme-edge/);
          assert.match(output, /\/api\/sync\/\[\.\.\.path\]/);
          assert.match(output, /\/proxy/);
        });

        test("next start serves the app", async (t) => {
          need(installed, `npm install of next@${next}`);
          if (built?.error) throw new Error("next build failed (see above), so there is no app to start");
          const server = need(started, "next start");
          t.diagnostic(`next start until / answered: ${(started.ms / 1000).toFixed(1)} s`);
          const home = await fetch(server.url);
          assert.equal(home.status, 200);
          assert.match(await home.text(), /sync-wasm in Next\.js/);
        });

        test("Edge route handler: create, get, NotFoundError", { timeout: BUILD_MS + START_MS + 60_000 }, () =>
          withServer("edge", (server) => checkRoute(server, "/api/edge", "edge", `edge-${tag}`)),
        );

        test("Node.js route handler: create, get, NotFoundError", { timeout: BUILD_MS + START_MS + 60_000 }, () =>
          withServer("node", (server) => checkRoute(server, "/api/node", "nodejs", `node-${tag}`)),
        );

        test("README's route handler, as an Edge and as a Node.js route: 201, and an API error's status and body", { timeout: BUILD_MS + START_MS + 60_000 }, () =>
          withServer("readme", async (server) => {
            await checkReadmeRoute(server, "/api/readme-edge", `readme-edge-${tag}`);
            await checkReadmeRoute(server, "/api/readme-node", `readme-node-${tag}`);
          }),
        );

        test("client component page: server-rendered, then the SDK works in Chromium", { timeout: BUILD_MS + START_MS + 120_000 }, () =>
          withServer("client", (server) => checkClientPage(server, `client-${tag}`)),
        );

        test("sync-wasm/proxy route (README's two lines): a page with proxyUrl creates and waits in Chromium, no key in the page", { timeout: BUILD_MS + START_MS + 120_000 }, () =>
          withServer("proxy", (server) => checkProxyPage(server, `proxy-${tag}`)),
        );
      });
    }
  });
}
