// Packaging tests: the built package is packed with `npm pack`, installed from the tarball into a fresh
// consumer project per runtime (under .tmp/packaging/), and the same scenario (scenario.mjs) runs in
// each against the mock server: Node ESM and CommonJS, TypeScript (bundler and node16 resolution),
// Deno, Bun, Cloudflare's workerd, Vercel's edge-runtime, a Vite app and a plain module page in
// headless Chromium. A runtime that cannot start fails its test.
//
// Each runtime also runs testing-kit.mjs against the shipped `sync-wasm/testing`, in-process (and over
// HTTP where the runtime can listen: Node, Deno, Bun), and reports it under `testing`
// (checkTestingScenario); the `sync-wasm mock` bin is started from an installed tarball with npx.
//
// `sync-wasm/proxy` is served by each runtime that serves requests (Node's http, Deno, Bun, workerd;
// proxy-scenario.mjs), with the key and the API from its environment pointing at a kit mock here,
// and the SDK in this process calls through it with `proxyUrl` and no key (checkProxyScenario).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

import { startMockServer, signWebhook, DEFAULT_KEY, DEFAULT_WEBHOOK_SECRET } from "../mock.mjs";
import * as referenceSdk from "../../pkg/node.js";
import * as referenceTesting from "../../pkg/testing/index.js";
import { testingScenario } from "./testing-kit.mjs";
import { proxyClientScenario } from "./proxy-scenario.mjs";
import { openBrowser } from "../www/browsers.mjs";
import { freePort } from "../free-port.mjs";
import { runToEnd as runCommand } from "../run-to-end.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const work = join(root, ".tmp", "packaging");
const require = createRequire(import.meta.url);

let mock;
let tarball;
let env;
/** testing-kit.mjs's result in this process (Node, from pkg/): every runtime must give the same ids. */
let reference;
const servers = [];

before(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work, join(root, "pkg")], { encoding: "utf8" }).trim().split("\n").pop();
  tarball = join(work, packed);
  mock = await startMockServer({ stepMs: 200 });
  const body = JSON.stringify({ id: "wh-gen-1", status: "COMPLETED", model: "lipsync-2", outputUrl: "https://example.com/out.mp4" });
  const webhook = { body, header: await signWebhook(body, DEFAULT_WEBHOOK_SECRET), secret: DEFAULT_WEBHOOK_SECRET };
  env = { ...process.env, SYNC_API_KEY: DEFAULT_KEY, SYNC_BASE_URL: mock.url, SCENARIO_WEBHOOK: JSON.stringify(webhook) };
  reference = await testingScenario(referenceSdk, referenceTesting);
});

after(async () => {
  for (const server of servers) server.close();
  await mock?.close();
});

const installed = new Map();

/**
 * A fresh consumer project: the template's files (if any), the scenarios, and sync-wasm installed from
 * the tarball. Once per run for each name (the proxy's tests use the runtimes' projects again).
 */
function consumer(name, { type = "module", extra = {} } = {}) {
  if (installed.has(name)) return installed.get(name);
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(here, name))) cpSync(join(here, name), dir, { recursive: true });
  cpSync(join(here, "scenario.mjs"), join(dir, "scenario.mjs"));
  cpSync(join(here, "testing-kit.mjs"), join(dir, "testing-kit.mjs"));
  cpSync(join(here, "proxy-scenario.mjs"), join(dir, "proxy-scenario.mjs"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type, dependencies: { "sync-wasm": `file:${tarball}` }, ...extra }, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
  assert.ok(existsSync(join(dir, "node_modules", "sync-wasm", "package.json")), "installed from the tarball");
  installed.set(name, dir);
  return dir;
}

/** What wrangler does with a Worker: bundle it with the workerd condition (`extra`: keep the .wasm
 * as a module beside it). */
function bundleAsWrangler(entry, outfile, extra = {}) {
  return build({ entryPoints: [entry], outfile, bundle: true, format: "esm", platform: "neutral", conditions: ["workerd", "worker", "browser"], logLevel: "error", ...extra });
}

/** A workerd config serving one Worker on 127.0.0.1:`port`: its modules (file → kind) embedded from
 * the config's folder, its text bindings, and outbound network access. */
function workerdConfig({ port, modules, bindings }) {
  const text = (s) => JSON.stringify(s);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${Object.entries(modules).map(([name, kind]) => `    (name = ${text(name)}, ${kind} = embed ${text(name)}),`).join("\n")}
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
${Object.entries(bindings).map(([name, value]) => `    (name = ${text(name)}, text = ${text(value)}),`).join("\n")}
  ],
  globalOutbound = "net",
);
`;
}

/** Run a command; resolve with stdout. Rejects (with its output) on a non-zero exit or a timeout. */
async function run(command, args, options) {
  const { code, out, err } = await runToEnd(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}\n${out}\n${err}`);
  return out;
}

/** Run a command to its end in this test's environment: `{ code, signal, out, err }`, whatever the exit. */
function runToEnd(command, args, { cwd, timeoutMs = 60_000, extraEnv = {} } = {}) {
  return runCommand(command, args, { cwd, timeoutMs, env: { ...env, ...extraEnv } });
}

function resultOf(stdout) {
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  assert.ok(line, `no RESULT line in:\n${stdout}`);
  return JSON.parse(line.slice("RESULT ".length));
}

/** What every runtime must report. */
function checkScenario(result) {
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.created, "PENDING");
  assert.equal(result.done, "COMPLETED");
  assert.equal(result.progress.at(-1), "COMPLETED");
  assert.equal(result.sameId, true);
  assert.equal(result.hasOutput, true);
  assert.deepEqual(result.upload, { status: "PENDING", inputs: ["video", "audio"], bytes: 1000, intact: true });
  assert.deepEqual(result.unauthorized, {
    instanceOf: true,
    isSyncError: true,
    name: "UnauthorizedError",
    status: 401,
    remediation: true,
    keyInMessage: false,
  });
  assert.deepEqual(result.webhook, { id: "wh-gen-1", status: "COMPLETED", tampered: "signature_mismatch" });
}

const WEBHOOK_URL = "https://app.example/webhooks/sync";
const verificationFailed = { name: "WebhookVerificationError", isSyncError: true, reason: "signature_mismatch", instanceOf: true };

/** No step of testing-kit.mjs threw (`stepFailed`), and every `instanceOf` it recorded holds. */
function checkNoSurprises(value, path = "testing") {
  if (!value || typeof value !== "object") return;
  if (!Array.isArray(value)) {
    assert.equal(value.stepFailed, undefined, `${path}: ${value.stepFailed} ${value.stack ?? ""}`);
    if ("instanceOf" in value) assert.equal(value.instanceOf, true, `${path}: instanceof ${value.name}`);
  }
  for (const [key, inner] of Object.entries(value)) checkNoSurprises(inner, `${path}.${key}`);
}

/**
 * What testing-kit.mjs's in-process run must report in every runtime (`result.testing.inProcess`).
 * Timings are reported, not held to: workerd's clock stands still while a request runs.
 */
function checkTestingScenario(result) {
  assert.ok(result.testing, "the runtime reported no testing-kit result");
  const kit = result.testing.inProcess;
  assert.ok(kit, "no in-process testing-kit result");
  checkNoSurprises(kit);
  assert.deepEqual(kit.exports, {
    createMockSync: "function",
    signWebhook: "function",
    DEFAULT_API_KEY: "sync-test-key",
    DEFAULT_BASE_URL: "https://mock.sync.invalid",
    DEFAULT_WEBHOOK_SECRET: "whsec_mock_secret",
  });

  // create → waitForCompletion on the virtual clock; the webhook through onWebhook, verified.
  const { flow } = kit;
  assert.equal(flow.created, "PENDING");
  assert.deepEqual(flow.statuses, ["PENDING", "PROCESSING", "COMPLETED"]);
  assert.equal(flow.done, "COMPLETED");
  assert.equal(flow.outputUrl, true);
  assert.equal(flow.id, reference.flow.id, "the same generation id as in Node");
  assert.equal(flow.virtualMs, 120_000, "two minutes of virtual time (two steps of 60 s)");
  assert.ok(flow.wallMs >= 0 && flow.wallMs < 20_000, `the wait took ${flow.wallMs} ms of real time`);
  assert.deepEqual(flow.webhook, {
    received: 1,
    method: "POST",
    url: WEBHOOK_URL,
    signed: true,
    id: flow.id,
    sameId: true,
    status: "COMPLETED",
    tampered: verificationFailed,
    wrongSecret: verificationFailed,
    recorded: [{ status: 204, error: null, generationId: true }],
  });

  // mock.generations.fail → GenerationFailedError with its errorCode.
  assert.deepEqual(kit.failed.view, { status: "FAILED", errorCode: "lipsync_face_not_found" });
  assert.deepEqual(kit.failed.error, { name: "GenerationFailedError", isSyncError: true, status: "FAILED", errorCode: "lipsync_face_not_found", instanceOf: true });

  // concurrency: 2 → the third create is refused until one is completed.
  const { concurrency } = kit;
  assert.equal(concurrency.third.name, "TooManyRequestsError");
  assert.equal(concurrency.third.status, 429);
  assert.equal(concurrency.third.errorCode, "concurrency_limit_reached");
  assert.equal(concurrency.inFlight, 2);
  assert.equal(concurrency.completed, "COMPLETED");
  assert.equal(concurrency.after.resolved, true, JSON.stringify(concurrency.after));
  assert.equal(concurrency.after.value.status, "PENDING");
  assert.equal(concurrency.inFlightAfter, 2);

  // A scripted 500 (with a request id), a reset, and the client usable afterwards.
  const { faults } = kit;
  assert.equal(faults.serverError.name, "InternalServerError");
  assert.equal(faults.serverError.status, 500);
  assert.equal(faults.serverError.errorCode, "internal_error");
  assert.match(faults.serverError.requestId ?? "", /^req_[0-9a-f]{16}$/);
  assert.equal(faults.remaining, 0);
  assert.equal(faults.reset.name, "SyncConnectionError");
  assert.equal(faults.afterwards.resolved, true);
  assert.equal(faults.retried.resolved, true, "the default retries ride over one 500");

  // Idempotency: replayed with the same body, 409 with another.
  const { idempotency } = kit;
  assert.equal(idempotency.sameId, true);
  assert.equal(idempotency.generations, 1);
  assert.equal(idempotency.other.name, "ConflictError");
  assert.equal(idempotency.other.status, 409);
  assert.equal(idempotency.other.errorCode, "IDEMPOTENCY_KEY_REUSED");
  assert.deepEqual(idempotency.keysSent, ["packaging-idem-1", "packaging-idem-1", "packaging-idem-1"]);

  // assets.upload (the presigned PUT through mock.fetch) and createWithFiles, in mock.requests.
  const { uploads } = kit;
  assert.deepEqual(uploads.asset, { type: "VIDEO", inputType: "UPLOAD", size: 1234, name: "speaker.mp4", bytes: 1234, intact: true });
  assert.deepEqual(uploads.calls, ["POST /v2/assets/upload", "PUT /__upload/:id", "POST /v2/assets", "GET /files/:id", "POST /v2/generate"]);
  assert.deepEqual(uploads.put, { path: "/__upload/:token", hasKey: false, body: { size: 1234, type: "video/mp4" } });
  assert.deepEqual(uploads.multipart, { path: "/v2/generate", parts: ["video:file:1000:video/mp4", "audio:file:10:audio/wav", "model:field"] });
  assert.deepEqual(uploads.createWithFiles, { status: "PENDING", inputs: ["video", "audio"] });
  assert.equal(uploads.keyRedacted, true, "every API request's x-api-key is [redacted] in mock.requests");
  assert.equal(uploads.keyInRequests, false, "the API key is in mock.requests");

  // A revoked key → 401; an added key works.
  assert.equal(kit.revoked.before, true);
  assert.equal(kit.revoked.after.name, "UnauthorizedError");
  assert.equal(kit.revoked.after.status, 401);
  assert.equal(kit.revoked.second, true);

  // Determinism: twice the same, another seed other ids; and the same as in this Node process.
  const { determinism } = kit;
  for (const key of ["sameIds", "sameStatuses", "sameRequestIds", "sameClock", "otherSeedOtherIds", "otherSeedSameStatuses"]) {
    assert.equal(determinism[key], true, `determinism.${key}`);
  }
  assert.deepEqual(determinism.a, reference.determinism.a, "the same ids and statuses as in Node");
  const http = result.testing.http;
  return [
    `testing kit${result.testing.entry ? ` (${result.testing.entry})` : ""}: ${flow.statuses.join(" > ")},`,
    `virtual ${flow.virtualMs} ms in ${flow.wallMs} ms wall; generation ${flow.id};`,
    `seeded ids ${determinism.a.ids.map((id) => id.slice(0, 8)).join(" ")}, statuses ${determinism.a.statuses.map((st) => st.join(">")).join(" | ")}`,
    http ? `; over HTTP ${http.statuses.join(" > ")}, ${http.requests} API requests` : "",
  ].join(" ");
}

/** What testing-kit.mjs's run over HTTP (`mock.listen()`, the runtime's fetch) must report. */
function checkTestingHttp(http) {
  assert.ok(http, "no testing-kit result over HTTP");
  checkNoSurprises(http, "testing.http");
  assert.equal(http.url, true, "listen() resolved with mock.url, on 127.0.0.1");
  assert.equal(http.created, "PENDING");
  assert.equal(http.statuses[0], "PENDING");
  assert.equal(http.statuses.at(-1), "COMPLETED");
  assert.equal(http.done, "COMPLETED");
  assert.deepEqual(http.output, { status: 200, type: "video/mp4", bytes: 9791 });
  assert.deepEqual(http.webhook, { sameId: true, status: "COMPLETED", received: 1 });
  assert.equal(http.wrongKey.name, "UnauthorizedError");
  assert.equal(http.wrongKey.status, 401);
  assert.deepEqual(http.control, { baseUrl: true, inFlight: 0 });
  assert.ok(http.requests >= 3, `${http.requests} API requests`);
}


async function waitForHttp(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const MIME = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css" };

/** A static file server for a directory, on a free loopback port. */
function serve(dir) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
      const file = existsSync(path) && !path.endsWith("/") ? path : join(path, "index.html");
      if (!file.startsWith(dir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    });
    servers.push(server);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

test("entries for non-Node runtimes use no Node built-ins and no eval", () => {
  const pkg = join(root, "pkg");
  for (const file of ["web.js", "workerd.js", "edge-light.js", "deno.js", "slim.js", "api.js", "harden.js", "calls.js", "sync_wasm.js", "errors.js", "files.js"]) {
    // Code only: doc comments may mention process.env in examples.
    const source = readFileSync(join(pkg, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const pattern of [/\bprocess\b/, /\bBuffer\b/, /["']node:/, /\brequire\(/, /\beval\(/, /new Function\b/]) {
      assert.doesNotMatch(source, pattern, `${file} contains ${pattern}`);
    }
  }
  // The testing-kit and proxy scenarios run in browsers and Workers too: web APIs only.
  for (const file of ["testing-kit.mjs", "proxy-scenario.mjs"]) {
    const kit = readFileSync(join(here, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const pattern of [/\bprocess\b/, /\bBuffer\b/, /["']node:/, /\brequire\(/, /\bDeno\b/, /\bBun\b/]) {
      assert.doesNotMatch(kit, pattern, `${file} contains ${pattern}`);
    }
  }
  // sync-wasm/proxy is bundled for Workers and edge functions: no Node module imported (its env reads
  // of process and Deno are guarded), nothing evaluated.
  const proxySource = readFileSync(join(pkg, "proxy", "index.js"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const pattern of [/["']node:/, /\brequire\(/, /\bimport\(/, /\beval\(/, /new Function\b/]) {
    assert.doesNotMatch(proxySource, pattern, `proxy/index.js contains ${pattern}`);
  }
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === "object") assert.equal(Object.keys(target)[0], "types", `types first in ${subpath}`);
  }
});

/** What `sync-wasm/api` must give, as `@sync.so/sdk/api` does, and the same objects as `Sync`. */
const API_VALUES = { completed: "COMPLETED", cutOff: "cut_off", sameAsSync: true };

test("Node.js ESM (import)", async (t) => {
  const dir = consumer("node-esm");
  const result = resultOf(await run(process.execPath, ["main.mjs"], { cwd: dir }));
  checkScenario(result);
  assert.equal(result.entry, "node.js");
  assert.deepEqual(result.apiValues, API_VALUES, "sync-wasm/api from the tarball");
  assert.equal(result.environment, "https://api.sync.so");
  assert.equal(result.testing.entry, "testing/index.js");
  checkTestingHttp(result.testing.http);
  t.diagnostic(checkTestingScenario(result));
});

test("Node.js CommonJS (require)", async (t) => {
  const dir = consumer("node-cjs", { type: "commonjs" });
  const result = resultOf(await run(process.execPath, ["main.cjs"], { cwd: dir }));
  checkScenario(result);
  assert.deepEqual(result.apiValues, API_VALUES, "require('sync-wasm/api') from the tarball");
  assert.equal(result.entry, "node.cjs");
  assert.equal(result.sameClassesAsImport, true, "require(esm) shares the ESM instance");
  // `require("sync-wasm/testing")` is the kit's CommonJS bundle, a copy of its own.
  assert.equal(result.testing.entry, "testing/index.cjs");
  assert.equal(result.testing.sameAsImport, false);
  t.diagnostic(checkTestingScenario(result));
  // Node versions that cannot require ES modules get the CommonJS build; instanceof still holds.
  const old = resultOf(await run(process.execPath, ["--no-experimental-require-module", "main.cjs"], { cwd: dir }));
  checkScenario(old);
  assert.deepEqual(old.apiValues, API_VALUES, "require('sync-wasm/api') through the CommonJS build");
  assert.equal(old.sameClassesAsImport, false, "a separate CommonJS copy");
  assert.equal(old.testing.entry, "testing/index.cjs");
  t.diagnostic(`without require(esm): ${checkTestingScenario(old)}`);
});

test("TypeScript --strict, bundler and node16 resolution", async () => {
  const dir = consumer("typescript");
  for (const config of ["tsconfig.bundler.json", "tsconfig.node16.json"]) {
    const out = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", config], { cwd: dir });
    assert.equal(out.trim(), "", `${config}: ${out}`);
  }
});

test("Deno", async (t) => {
  const dir = consumer("deno");
  const out = await run(bin("deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env=SYNC_API_KEY,SYNC_BASE_URL,SCENARIO_WEBHOOK", "main.ts"], {
    cwd: dir,
    extraEnv: { DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1" },
  });
  const result = resultOf(out);
  checkScenario(result);
  assert.equal(result.entry, "deno.js");
  assert.equal(result.testing.entry, "testing/index.js");
  checkTestingHttp(result.testing.http);
  t.diagnostic(checkTestingScenario(result));
});

test("Bun", async (t) => {
  const dir = consumer("bun");
  const result = resultOf(await run(bin("bun"), ["run", "main.js"], { cwd: dir }));
  checkScenario(result);
  assert.equal(result.entry, "node.js");
  assert.equal(result.testing.entry, "testing/index.js");
  checkTestingHttp(result.testing.http);
  t.diagnostic(checkTestingScenario(result));
});

// ---- sync-wasm/proxy, served by each runtime ------------------------------------------------------

/** The key the proxies hold: the only one their upstream mock takes, and one no client here sends. */
const PROXY_KEY = "sk-proxy-server-3b8e1d0c9a7f4e26";

/**
 * Serve the proxy in a runtime (`command args`) on a free port, with SYNC_API_KEY and SYNC_BASE_URL
 * naming `upstream`, a kit mock listening here; resolves once `/__ready` answers. `stop()` ends it.
 */
async function startProxy(command, args, { cwd, upstream, extraEnv = {}, port }) {
  port ??= await freePort();
  const child = spawn(command, args, {
    cwd,
    env: { ...env, SYNC_API_KEY: PROXY_KEY, SYNC_BASE_URL: upstream.url, PROXY_PORT: String(port), ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logs = "";
  child.stdout.on("data", (d) => (logs += d));
  child.stderr.on("data", (d) => (logs += d));
  const exited = new Promise((resolve) => child.on("close", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/__ready`);
  } catch (e) {
    await stop();
    assert.fail(`${e.message}\n${logs}`);
  }
  return { origin, logs: () => logs, stop };
}

/** The kit mock the proxies call: only PROXY_KEY accepted, the real clock (another process waits on it). */
function proxyUpstream() {
  return startMockServer({ apiKey: PROXY_KEY, stepMs: 100, examples: false });
}

/** What proxy-scenario.mjs must report from every runtime's proxy. */
function checkProxyScenario(result, logs = "") {
  const context = `\n${JSON.stringify(result)}\n--- proxy logs:\n${logs.slice(-3000)}`;
  checkNoSurprises(result, "proxy");
  const { flow } = result;
  assert.equal(flow.created, "PENDING", context);
  assert.equal(flow.done, "COMPLETED", context);
  assert.equal(flow.statuses.at(-1), "COMPLETED");
  assert.equal(flow.sameId, true);
  assert.equal(flow.inMock, true, "the generation is in the mock the proxy was pointed at (SYNC_BASE_URL)");
  assert.equal(flow.longPoll, true, "waitForCompletion's ?wait=true went through");
  assert.equal(result.models, true);
  const refused = { status: 404, errorCode: "proxy_route_not_allowed", allowOrigin: null };
  assert.deepEqual(result.refused, { ...refused, sdk: { name: "NotFoundError", status: 404, errorCode: "proxy_route_not_allowed" }, upstream: 0 }, context);
  const foreign = { status: 403, errorCode: "proxy_origin_refused", allowOrigin: null };
  assert.deepEqual(result.foreign, { get: foreign, preflight: foreign, upstream: 0 }, context);
  // A 200 from a mock that takes only PROXY_KEY: the runtime's proxy read SYNC_API_KEY and sent it.
  assert.equal(result.upstream.keyRedacted, true);
  assert.equal(result.upstream.cookies, 0);
  assert.deepEqual(result.upstream.routes, ["GET /v2/generate/:id", "GET /v2/models", "POST /v2/generate"]);
  return `proxy: ${flow.statuses.join(" > ")}, ${result.upstream.count} API requests (${result.upstream.routes.join(", ")}); /v2/batch ${result.refused.status}, foreign origin ${result.foreign.get.status}`;
}

/** Serve the proxy with `command args`, run the client scenario through it, check it; resolves with the runtime's output. */
async function proxyInRuntime(t, name, command, args, { cwd, extraEnv } = {}) {
  const upstream = await proxyUpstream();
  try {
    const served = await startProxy(command, args, { cwd, upstream, extraEnv });
    try {
      const result = await proxyClientScenario(referenceSdk, { origin: served.origin, mock: upstream, marker: name });
      t.diagnostic(checkProxyScenario(result, served.logs()));
      return served.logs();
    } finally {
      await served.stop();
    }
  } finally {
    await upstream.close();
  }
}

test("Proxy in Node.js: node:http through toNodeHandler", async (t) => {
  const dir = consumer("node-esm");
  const logs = await proxyInRuntime(t, "node", process.execPath, ["proxy.mjs"], { cwd: dir });
  assert.match(logs, /^READY proxy\/index\.js$/m, "sync-wasm/proxy resolved to its ES module");
});

test("Proxy in Deno: Deno.serve", async (t) => {
  const dir = consumer("deno");
  const denoEnv = { DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1" };
  const allowNet = "--allow-net=127.0.0.1";
  await proxyInRuntime(t, "deno", bin("deno"), ["run", "--no-prompt", allowNet, "--allow-env=SYNC_API_KEY,SYNC_BASE_URL,PROXY_PORT", "proxy.ts"], { cwd: dir, extraEnv: denoEnv });

  // Without the permission to read SYNC_BASE_URL the proxy does not guess the API with the key.
  const upstream = await proxyUpstream();
  const served = await startProxy(bin("deno"), ["run", "--no-prompt", allowNet, "--allow-env=SYNC_API_KEY,PROXY_PORT", "proxy.ts"], { cwd: dir, upstream, extraEnv: denoEnv });
  try {
    const answer = await fetch(`${served.origin}/api/sync/v2/models`);
    const body = await answer.json();
    assert.equal(answer.status, 500, JSON.stringify(body));
    assert.equal(body.errorCode, "proxy_misconfigured");
    assert.match(body.message, /Reading SYNC_BASE_URL was refused/);
    assert.equal(upstream.requests.length, 0);
    t.diagnostic(`without --allow-env=SYNC_BASE_URL: ${answer.status} ${body.errorCode}`);
  } finally {
    await served.stop();
    await upstream.close();
  }
});

test("Proxy in Bun: Bun.serve", async (t) => {
  const dir = consumer("bun");
  await proxyInRuntime(t, "bun", bin("bun"), ["run", "proxy.js"], { cwd: dir });
});

test("Proxy in Cloudflare Workers (workerd): the key and the API from the Worker's env", async (t) => {
  const dir = consumer("workerd");
  // sync-wasm/proxy imports no Node module, and no .wasm.
  await bundleAsWrangler(join(dir, "proxy-worker.js"), join(dir, "dist-proxy", "worker.js"));
  const port = await freePort();
  // The config names the mock's URL as a binding: written once the mock listens.
  const upstream = await proxyUpstream();
  try {
    const config = join(dir, "dist-proxy", "config.capnp");
    writeFileSync(config, workerdConfig({ port, modules: { "worker.js": "esModule" }, bindings: { SYNC_API_KEY: PROXY_KEY, SYNC_BASE_URL: upstream.url } }));
    // workerd's own environment has no SYNC_*: the Worker has them only from its bindings.
    const served = await startProxy(bin("workerd"), ["serve", config], { cwd: dir, upstream, port, extraEnv: { SYNC_API_KEY: "", SYNC_BASE_URL: "" } });
    try {
      const result = await proxyClientScenario(referenceSdk, { origin: served.origin, mock: upstream, marker: "workerd" });
      t.diagnostic(checkProxyScenario(result, served.logs()));
    } finally {
      await served.stop();
    }
  } finally {
    await upstream.close();
  }
});

/** Start `sync-wasm mock` with `args`; resolves once it has written its port file. */
async function startBin(command, args, { cwd, portFile, detached = false, extraEnv = {} }) {
  rmSync(portFile, { force: true });
  const child = spawn(command, [...args, "--port", "0", "--port-file", portFile], { cwd, env: { ...env, ...extraEnv }, detached, stdio: ["ignore", "pipe", "pipe"] });
  const output = { out: "", err: "" };
  child.stdout.on("data", (d) => (output.out += d));
  child.stderr.on("data", (d) => (output.err += d));
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  for (let i = 0; !(existsSync(portFile) && readFileSync(portFile, "utf8")); i++) {
    if (child.exitCode !== null || child.signalCode !== null || i > 300) {
      child.kill("SIGKILL");
      assert.fail(`sync-wasm mock did not start: ${output.out}${output.err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output, exited, url: `http://127.0.0.1:${readFileSync(portFile, "utf8").trim()}` };
}

test("The sync-wasm bin from the tarball: npx sync-wasm mock", async (t) => {
  const dir = consumer("bin-mock");
  const link = join(dir, "node_modules", ".bin", "sync-wasm");
  assert.ok(existsSync(link), "npm linked the bin");
  // As a user types it; `yes=false`: npx must find the bin installed, never fetch a package.
  const npxEnv = { npm_config_yes: "false" };
  const npx = (args) => runToEnd("npx", ["sync-wasm", ...args], { cwd: dir, extraEnv: npxEnv });
  const version = JSON.parse(readFileSync(join(root, "pkg", "package.json"), "utf8")).version;

  const help = await npx(["--help"]);
  assert.equal(help.code, 0, help.err);
  assert.match(help.out, /^Usage: sync-wasm <command>/);
  assert.match(help.out, /\bmock\b/);
  const mockHelp = await npx(["mock", "--help"]);
  assert.equal(mockHelp.code, 0, mockHelp.err);
  assert.match(mockHelp.out, /^Usage: sync-wasm mock \[options\]/);
  for (const flag of ["--port", "--port-file", "--key", "--step-ms", "--concurrency", "--webhook-secret"]) assert.ok(mockHelp.out.includes(flag), `mock --help lists ${flag}`);
  const shownVersion = await npx(["--version"]);
  assert.equal(shownVersion.code, 0, shownVersion.err);
  assert.equal(shownVersion.out.trim(), version);
  const unknownFlag = await npx(["mock", "--no-such-flag"]);
  assert.equal(unknownFlag.code, 2, `${unknownFlag.out}${unknownFlag.err}`);
  assert.match(unknownFlag.err, /no-such-flag/);
  assert.match(unknownFlag.err, /Usage: sync-wasm mock/);
  const badNumber = await npx(["mock", "--step-ms", "soon"]);
  assert.equal(badNumber.code, 2, `${badNumber.out}${badNumber.err}`);
  const unknownCommand = await npx(["serve"]);
  assert.equal(unknownCommand.code, 2, `${unknownCommand.out}${unknownCommand.err}`);
  assert.match(unknownCommand.err, /unknown command "serve"/);

  // A receiver for the mock's webhook deliveries (the real clock, the real network).
  const deliveries = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      deliveries.push({ body, signature: req.headers["sync-signature"] });
      res.writeHead(200).end();
    });
  });
  servers.push(receiver);
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
  const webhookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

  // In its own process group: npx runs the bin through `sh -c`, which does not pass a SIGTERM on.
  const portFile = join(dir, "mock.port");
  const flags = ["--key", "k1", "--step-ms", "50", "--concurrency", "1", "--webhook-secret", "whsec_x"];
  const viaNpx = await startBin("npx", ["sync-wasm", "mock", ...flags], { cwd: dir, portFile, detached: true, extraEnv: npxEnv });
  try {
    const { url } = viaNpx;
    const call = (path, init = {}, key = "k1") => fetch(`${url}${path}`, { ...init, headers: { "x-api-key": key, "content-type": "application/json", ...init.headers } });
    const models = await call("/v2/models");
    assert.equal(models.status, 200);
    assert.ok((await models.json()).some((m) => m.id === "lipsync-2"));
    const otherKey = await call("/v2/models", {}, "sync-test-key");
    assert.equal(otherKey.status, 401, "--key k1 replaces the default key");
    const body = (n) => JSON.stringify({ model: "lipsync-2", input: [{ type: "video", url: `https://example.com/v${n}.mp4` }, { type: "audio", url: "https://example.com/a.wav" }], webhookUrl });
    const created = await call("/v2/generate", { method: "POST", body: body(1) });
    assert.equal(created.status, 201);
    const generation = await created.json();
    assert.equal(generation.status, "PENDING");
    const second = await call("/v2/generate", { method: "POST", body: body(2) });
    assert.equal(second.status, 429, "--concurrency 1");
    assert.equal((await second.json()).errorCode, "concurrency_limit_reached");
    const started = Date.now();
    const held = await call(`/v2/generate/${generation.id}?wait=true&timeout=5`);
    assert.equal(held.status, 200);
    assert.equal(held.headers.get("x-sync-wait-mode"), "long_poll");
    assert.equal((await held.json()).status, "COMPLETED");
    const heldMs = Date.now() - started;
    t.diagnostic(`a long poll with --step-ms 50 held ${heldMs} ms`);
    assert.ok(heldMs < 4000, `the long poll answered at the end (after ${heldMs} ms), not at its timeout`);
    const third = await call("/v2/generate", { method: "POST", body: body(3) });
    assert.equal(third.status, 201, "a create after the first ended");
    for (let i = 0; i < 100 && !deliveries.length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(deliveries.length >= 1, "a webhook was delivered");
    const notification = referenceSdk.verifyWebhook(deliveries[0].body, deliveries[0].signature, "whsec_x");
    assert.equal(notification.id, generation.id);
    assert.equal(notification.status, "COMPLETED");
    assert.throws(() => referenceSdk.verifyWebhook(deliveries[0].body, deliveries[0].signature, DEFAULT_WEBHOOK_SECRET), { reason: "signature_mismatch" }, "signed with --webhook-secret");
    assert.match(viaNpx.output.out, /Sync mock listening on http:\/\/127\.0\.0\.1:\d+ \(key k1, webhook secret whsec_x\)/);
  } finally {
    process.kill(-viaNpx.child.pid, "SIGTERM");
  }
  const npxEnd = await viaNpx.exited;
  t.diagnostic(`npx after SIGTERM to its process group: ${JSON.stringify(npxEnd)}`);
  await assert.rejects(fetch(`${viaNpx.url}/v2/healthcheck`), "the server stopped with its process group");

  // The installed bin itself (what npx runs): SIGTERM → a clean exit 0.
  const direct = await startBin(link, ["mock", ...flags], { cwd: dir, portFile });
  assert.equal((await fetch(`${direct.url}/v2/healthcheck`)).status, 200);
  direct.child.kill("SIGTERM");
  const directEnd = await direct.exited;
  assert.deepEqual(directEnd, { code: 0, signal: null }, direct.output.err);
  t.diagnostic(`node_modules/.bin/sync-wasm after SIGTERM: ${JSON.stringify(directEnd)}`);
  await assert.rejects(fetch(`${direct.url}/v2/healthcheck`));
});

test("Cloudflare Workers (workerd): the example Worker, fromEnv, and a webhook delivered to it", async (t) => {
  const dir = consumer("workerd");
  cpSync(join(root, "examples", "cloudflare-worker", "src"), join(dir, "src"), { recursive: true });
  await bundleAsWrangler(join(dir, "scenario-worker.js"), join(dir, "dist", "worker.js"), { loader: { ".wasm": "copy" }, assetNames: "[name]" });
  assert.match(readFileSync(join(dir, "dist", "worker.js"), "utf8"), /sync-wasm\/workerd\.js/, "bundled through the workerd entry");
  const wasm = readdirSync(join(dir, "dist")).find((f) => f.endsWith(".wasm"));
  assert.ok(wasm, "the .wasm module is next to the bundle");
  const port = await freePort();
  const webhook = JSON.parse(env.SCENARIO_WEBHOOK);
  writeFileSync(
    join(dir, "dist", "config.capnp"),
    workerdConfig({
      port,
      modules: { "worker.js": "esModule", [wasm]: "wasm" },
      bindings: { SYNC_API_KEY: DEFAULT_KEY, SYNC_BASE_URL: mock.url, SYNC_WEBHOOK_SECRET: webhook.secret, SCENARIO_WEBHOOK: env.SCENARIO_WEBHOOK },
    }),
  );
  const child = spawn(bin("workerd"), ["serve", join(dir, "dist", "config.capnp")], { stdio: ["ignore", "pipe", "pipe"] });
  let logs = "";
  child.stdout.on("data", (d) => (logs += d));
  child.stderr.on("data", (d) => (logs += d));
  const exited = new Promise((r) => child.on("close", r));
  try {
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/nothing`).catch((e) => assert.fail(`${e.message}\n${logs}`));
    const scenarioResponse = await fetch(`${origin}/__scenario`);
    const scenarioResult = await scenarioResponse.json();
    checkScenario(scenarioResult);
    t.diagnostic(checkTestingScenario(scenarioResult));

    // The example's own routes: start a generation whose webhook comes back to the Worker.
    const created = await (await fetch(`${origin}/generate`, { method: "POST", body: JSON.stringify({ video: "https://example.com/v.mp4", audio: "https://example.com/a.wav" }) })).json();
    assert.equal(created.webhookUrl, `${origin}/webhooks/sync`);
    let delivered = [];
    for (let i = 0; i < 100 && !delivered.some((d) => d.id === created.id); i++) {
      await new Promise((r) => setTimeout(r, 50));
      delivered = await (await fetch(`${origin}/webhooks/recent`)).json();
    }
    const delivery = delivered.find((d) => d.id === created.id);
    assert.ok(delivery, `no verified webhook for ${created.id}; worker logs:\n${logs}`);
    assert.equal(delivery.status, "COMPLETED");
    const fetched = await (await fetch(`${origin}/generations/${created.id}`)).json();
    assert.equal(fetched.id, created.id);
    // One client, 1000 concurrent requests inside workerd.
    const load = await (await fetch(`${origin}/__load`)).json();
    assert.deepEqual(load, { requests: 1000, correct: 1000 });
    // A forged delivery is refused.
    const forged = await fetch(`${origin}/webhooks/sync`, { method: "POST", headers: { "sync-signature": "t=1,v1=00" }, body: "{}" });
    assert.equal(forged.status, 400);
  } finally {
    child.kill();
    await exited;
  }
});

test("Vercel Edge (edge-runtime, edge-light condition)", async (t) => {
  const dir = consumer("edge");
  const wasmBytes = readFileSync(join(dir, "node_modules", "sync-wasm", "sync_wasm_bg.wasm"));
  // Vercel's bundler turns `import x from "./a.wasm?module"` into a precompiled WebAssembly.Module.
  const bundled = await build({
    entryPoints: [join(dir, "main.js")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    conditions: ["edge-light", "worker", "browser"],
    logLevel: "error",
    plugins: [
      {
        name: "wasm-module",
        setup(b) {
          b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: "wasm-module" }));
          b.onLoad({ filter: /.*/, namespace: "wasm-module" }, () => ({ contents: "export default new WebAssembly.Module(globalThis.__SYNC_WASM_BYTES__);", loader: "js" }));
        },
      },
    ],
  });
  const code = bundled.outputFiles[0].text;
  assert.match(code, /edge-light\.js/, "bundled through the edge-light entry");
  const { EdgeRuntime } = require("edge-runtime");
  const runtime = new EdgeRuntime({
    extend: (context) =>
      Object.assign(context, {
        process: { env: { SYNC_API_KEY: env.SYNC_API_KEY, SYNC_BASE_URL: env.SYNC_BASE_URL, SCENARIO_WEBHOOK: env.SCENARIO_WEBHOOK } },
        __SYNC_WASM_BYTES__: new Uint8Array(wasmBytes),
      }),
  });
  runtime.evaluate(code);
  // The result lives in the VM's realm: bring it out as JSON.
  const result = JSON.parse(await runtime.evaluate("__SCENARIO__.then(JSON.stringify)"));
  checkScenario(result);
  t.diagnostic(checkTestingScenario(result));
});

/** Open `url` in one engine and wait for the scenario's result on the page (see tests/www/browsers.mjs). */
async function inBrowser(engine, url) {
  const browser = await openBrowser(engine);
  try {
    const { page, errors, close } = await browser.newPage();
    await page.goto(url);
    await page
      .waitForFunction(() => document.body.dataset.result, undefined, { timeout: 30_000 })
      .catch(async () => assert.fail(`no result in ${engine}; page errors: ${(await errors()).join("; ")}`));
    const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
    await close();
    return result;
  } finally {
    await browser.close();
  }
}

function pageQuery() {
  return `?key=${encodeURIComponent(DEFAULT_KEY)}&base=${encodeURIComponent(mock.url)}&webhook=${encodeURIComponent(env.SCENARIO_WEBHOOK)}`;
}

// Built once, then loaded in each engine.
let viteBuild;
function buildViteApp() {
  viteBuild ??= (async () => {
    const dir = consumer("vite-app");
    await run(bin("vite"), ["build", "--logLevel", "error"], { cwd: dir });
    const assets = readdirSync(join(dir, "dist", "assets"));
    assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite emitted the .wasm asset: ${assets.join(", ")}`);
    return serve(join(dir, "dist"));
  })();
  return viteBuild;
}

let plainPage;
function servePlainPage() {
  plainPage ??= serve(consumer("plain-page"));
  return plainPage;
}

// Chromium through playwright-core; Firefox and WebKitGTK through WebDriver (WebKit needs a display:
// run under xvfb-run).
for (const engine of ["chromium", "firefox", "webkit"]) {
  test(`Browser (${engine}): a Vite 7 build`, async () => {
    checkScenario(await inBrowser(engine, `${await buildViteApp()}/${pageQuery()}`));
  });

  test(`Browser (${engine}): a plain <script type=module> page`, async (t) => {
    const result = await inBrowser(engine, `${await servePlainPage()}/${pageQuery()}`);
    checkScenario(result);
    assert.equal(result.testing?.secureContext, true, "served from 127.0.0.1, a secure context");
    t.diagnostic(checkTestingScenario(result));
  });
}
