// The `sync-wasm` command line as a user gets it: pkg/ is packed with `npm pack`, the tarball installed
// with `npm install` into a fresh consumer project (.tmp/packaging-cli/consumer), and the bin run from
// there the ways a user types it (`npx sync-wasm ...`, `bunx sync-wasm ...`, `bunx --bun sync-wasm ...`,
// `deno run -A npm:sync-wasm ...`) against the testing kit's mock (sync-wasm/testing from pkg/,
// listening on 127.0.0.1 in this process). tests/js/cli.test.mjs covers the commands in detail, run
// from pkg/ with Node; this file covers what packing, installing and the runtimes can break: the bin
// link, the files the tarball ships (bin/, cli/, the wasm), and the Node APIs the CLI uses under Bun
// and Deno (fs.openAsBlob for uploads, Readable.fromWeb and pipeline for the download).
//
// Nothing is downloaded: npx runs with npm_config_yes=false, and every child has the npm registry
// (npm_config_registry, NPM_CONFIG_REGISTRY, BUN_CONFIG_REGISTRY) pointed at a closed loopback port, so
// a runtime that tried to fetch the package would fail. Every run is checked for the API key (and the
// wrong key of the 401 case) in its stdout and stderr, and, as none is a TTY, for control characters.
// Bun and Deno are the devDependencies' binaries (node_modules/.bin); a missing one fails its test.
//
//   node --test tests/packaging/cli.test.mjs
//   (part of `scripts/test.sh packaging`; needs pkg/ built by scripts/build.sh)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMockSync } from "../../pkg/testing/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const rootBin = join(root, "node_modules", ".bin");
const work = join(root, ".tmp", "packaging-cli");
const dir = join(work, "consumer");
const denoDir = join(work, ".deno");
/** A `node` that fails: first on PATH for `bunx --bun`, so a run that passes ran under Bun itself. */
const noNodeDir = join(work, "no-node");

const KEY = "sk-pack-cli-7d3a91c0e5f24b68";
const WRONG_KEY = "sk-wrong-pack-cli-2c8e4f0a1b9d";
// C0 controls but the newline, DEL, C1 controls.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
// Nothing listens on port 9 (discard) on loopback: a registry request fails at once.
const NO_REGISTRY = "http://127.0.0.1:9/";
const TIMEOUT_MS = 60_000;

let mock; // the real clock: generations end after 2 × 150 ms
let tarball;
let baseEnv;
const video = { name: "talk.mp4", bytes: Buffer.alloc(64 * 1024) };
const audio = { name: "voice.wav", bytes: Buffer.alloc(12 * 1024) };

before(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // An absolute path: `npm pack pkg` would pack the registry's package named "pkg".
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work, join(root, "pkg")], { encoding: "utf8" }).trim().split("\n").pop();
  tarball = join(work, packed);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer-cli", private: true, type: "module", dependencies: { "sync-wasm": `file:${tarball}` } }, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
  assert.ok(existsSync(join(dir, "node_modules", "sync-wasm", "package.json")), "installed from the tarball");
  assert.ok(existsSync(join(dir, "node_modules", ".bin", "sync-wasm")), "npm linked the bin");

  for (let i = 0; i < video.bytes.length; i++) video.bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  for (let i = 0; i < audio.bytes.length; i++) audio.bytes[i] = (i * 7 + 3) & 0xff;
  writeFileSync(join(dir, video.name), video.bytes);
  writeFileSync(join(dir, audio.name), audio.bytes);
  mkdirSync(noNodeDir);
  writeFileSync(join(noNodeDir, "node"), "#!/bin/sh\necho 'this run used node, not bun' >&2\nexit 97\n");
  chmodSync(join(noNodeDir, "node"), 0o755);

  mock = createMockSync({ apiKey: KEY, clock: "real", stepMs: 150 });
  await mock.listen({ port: 0 });
  // The user's environment, less anything that would pick another key, API or registry.
  baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SYNC_|DENO_|BUN_CONFIG_)|registry$/i.test(k)));
  Object.assign(baseEnv, {
    SYNC_API_KEY: KEY,
    SYNC_BASE_URL: mock.url,
    npm_config_registry: NO_REGISTRY,
    NPM_CONFIG_REGISTRY: NO_REGISTRY,
    BUN_CONFIG_REGISTRY: NO_REGISTRY,
    // npx asks the registry about a package it does not find installed (even with yes=false): fail
    // at once rather than after npm's retries.
    npm_config_fetch_retries: "0",
    DENO_DIR: denoDir,
    DENO_NO_UPDATE_CHECK: "1",
  });
});

after(async () => {
  await mock?.close();
});

/**
 * Runs `command args` in the consumer project, in a process group of its own (npx and bunx start the
 * bin as a grandchild; a timeout kills them all). Resolves with `{ code, signal, out, err }` once the
 * output is checked: no key, no control characters.
 */
function cli(command, args, { env = {}, path = [] } = {}) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...baseEnv, ...env, PATH: [...path, baseEnv.PATH].join(":") };
    const child = spawn(command, args, { cwd: dir, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const shown = `${command} ${args.join(" ")}`;
      try {
        assert.ok(!timedOut, `${shown} did not end within ${TIMEOUT_MS} ms\n${out}\n${err}`);
        for (const [name, text] of [["stdout", out], ["stderr", err]]) {
          for (const key of [KEY, WRONG_KEY]) assert.ok(!text.includes(key), `${shown}: the key ${key.slice(0, 12)}... is in ${name}: ${text}`);
          assert.ok(!CONTROL.test(text), `${shown}: control characters in ${name} (not a TTY): ${JSON.stringify(text)}`);
        }
      } catch (e) {
        return reject(e);
      }
      resolve({ code, signal, out, err });
    });
  });
}

const npx = (args, options = {}) => cli("npx", ["sync-wasm", ...args], { ...options, env: { npm_config_yes: "false", ...options.env } });
// bunx and deno as a user with them installed has them: on PATH (here the devDependencies' binaries).
const bunx = (args, options = {}) => cli("bunx", args, { ...options, path: [...(options.path ?? []), rootBin] });
const deno = (args, options = {}) => cli("deno", args, { ...options, path: [rootBin] });

/** The API requests (not storage's) the mock saw since `from`. */
const apiRequests = (from) => mock.requests.slice(from).filter((r) => r.path.startsWith("/v2/"));

/** The mock's generation named in a run's stderr ("generation <id> created"). */
function generationOf(run) {
  const id = /^generation (\S+) created$/m.exec(run.err)?.[1];
  assert.ok(id, `no "generation <id> created" line in:\n${run.err}`);
  const g = mock.generations.get(id);
  assert.ok(g, `the mock has no generation ${id}`);
  return g;
}

/** The output saved by a run: the path on stdout, next to `expectedPath`, the mock's output byte for byte. */
async function checkOutput(run, g, expectedPath) {
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.equal(run.out, `${expectedPath}\n`, "stdout is the output path, nothing else");
  assert.equal(g.status, "COMPLETED");
  const response = await fetch(g.outputUrl);
  assert.equal(response.status, 200);
  const expected = Buffer.from(await response.arrayBuffer());
  assert.ok(expected.length > 1000, `the mock's output has ${expected.length} bytes`);
  assert.ok(readFileSync(expectedPath).equals(expected), `${expectedPath} is the mock's output byte for byte`);
  assert.ok(!existsSync(`${expectedPath}.part`), "no .part file left");
  assert.match(run.err, /PENDING/);
  assert.match(run.err, /COMPLETED/);
}

/** Local files: both uploaded (the presigned PUTs carry their bytes, no key), the generation takes assetIds. */
function checkUploads(from, g) {
  const puts = mock.requests.slice(from).filter((r) => r.method === "PUT" && r.path.startsWith("/__upload/"));
  assert.deepEqual(
    puts.map((r) => r.body).sort((a, b) => b.size - a.size),
    [
      { size: video.bytes.length, type: "video/mp4" },
      { size: audio.bytes.length, type: "audio/wav" },
    ],
  );
  for (const put of puts) assert.equal(put.headers["x-api-key"], undefined, "a presigned PUT carries no key");
  assert.deepEqual(g.input.map((i) => i.type), ["video", "audio"]);
  assert.ok(g.input.every((i) => typeof i.assetId === "string" && i.assetId && !i.url), JSON.stringify(g.input));
}

/** Every API request of a run: the key sent (redacted in the record), by the runtime `agent` names. */
function checkRequests(from, agent) {
  const requests = apiRequests(from);
  assert.ok(requests.length >= 1, "no API request");
  for (const r of requests) {
    assert.equal(r.headers["x-api-key"], "[redacted]", `${r.method} ${r.path} carried the key`);
    if (agent) assert.match(r.headers["user-agent"] ?? "", agent, `${r.method} ${r.path} from the expected runtime`);
  }
  return [...new Set(requests.map((r) => r.headers["user-agent"]))].join(", ");
}

test("npx sync-wasm generate with local files: uploads, waits, saves <video>.synced.mp4 beside the video", async (t) => {
  const from = mock.requests.length;
  const run = await npx(["generate", "--video", video.name, "--audio", audio.name]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const g = generationOf(run);
  await checkOutput(run, g, join(dir, "talk.synced.mp4"));
  checkUploads(from, g);
  assert.match(run.err, /^uploaded talk\.mp4 \(64\.0 KiB\) as asset /m);
  t.diagnostic(`user agents: ${checkRequests(from, /^node$/)}; ${apiRequests(from).length} API requests`);
});

test("npx sync-wasm generate --no-wait prints the id; npx sync-wasm status <id> --wait --json follows it", async () => {
  const created = await npx(["generate", "--video", "https://example.com/x.mp4", "--audio", "https://example.com/y.wav", "--no-wait"]);
  assert.equal(created.code, 0, created.err);
  const id = created.out.trim();
  assert.equal(created.out, `${id}\n`, "stdout is the id alone");
  const g = mock.generations.get(id);
  assert.ok(g, `the mock has no generation ${id}`);
  assert.deepEqual(g.input, [
    { type: "video", url: "https://example.com/x.mp4" },
    { type: "audio", url: "https://example.com/y.wav" },
  ]);
  assert.ok(!existsSync(join(dir, "x.synced.mp4")), "--no-wait downloads nothing");

  const status = await npx(["status", id, "--wait", "--json"]);
  assert.equal(status.code, 0, status.err);
  assert.equal(status.err, "", "--json prints nothing but the JSON");
  const shown = JSON.parse(status.out);
  assert.equal(shown.id, id);
  assert.equal(shown.status, "COMPLETED");
  assert.equal(shown.outputUrl, mock.generations.get(id).outputUrl);
});

test("a wrong key: npx sync-wasm models exits 3 with one line naming SYNC_API_KEY, no key printed", async () => {
  const from = mock.requests.length;
  const run = await npx(["models"], { env: { SYNC_API_KEY: WRONG_KEY } });
  assert.equal(run.code, 3, `${run.out}\n${run.err}`);
  assert.equal(run.out, "");
  const lines = run.err.trimEnd().split("\n");
  assert.equal(lines.length, 1, run.err);
  assert.match(lines[0], /^sync-wasm models: the API refused the key \(401\)/);
  assert.match(lines[0], /SYNC_API_KEY/);
  const requests = apiRequests(from);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ["GET /v2/models"], "one request, a 401 is not retried");
  assert.equal(requests[0].headers["x-api-key"], "[redacted]");
});

test("bunx sync-wasm generate (the bin's node shebang) and bunx --bun sync-wasm (Bun itself)", async (t) => {
  let from = mock.requests.length;
  const viaNode = await bunx(["sync-wasm", "generate", "--video", "https://example.com/bunx.mp4", "--audio", "https://example.com/bunx.wav"]);
  assert.equal(viaNode.code, 0, `${viaNode.out}\n${viaNode.err}`);
  await checkOutput(viaNode, generationOf(viaNode), join(dir, "bunx.synced.mp4"));
  checkRequests(from, /^node$/);

  // Under Bun: a `node` that fails is first on PATH, and every request says Bun.
  const bun = { path: [noNodeDir] };
  from = mock.requests.length;
  const models = await bunx(["--bun", "sync-wasm", "models", "--json"], bun);
  assert.equal(models.code, 0, `${models.out}\n${models.err}`);
  assert.equal(models.err, "");
  assert.ok(JSON.parse(models.out).some((m) => m.id === "lipsync-2"), models.out);
  assert.deepEqual(apiRequests(from).map((r) => `${r.method} ${r.path}`), ["GET /v2/models"]);
  assert.match(apiRequests(from)[0].headers["user-agent"] ?? "", /^Bun\//, "the request came from Bun");

  from = mock.requests.length;
  const urls = await bunx(["--bun", "sync-wasm", "generate", "--video", "https://example.com/bun-url.mp4", "--audio", "https://example.com/bun-url.wav"], bun);
  await checkOutput(urls, generationOf(urls), join(dir, "bun-url.synced.mp4"));
  checkRequests(from, /^Bun\//);

  // Local files under Bun: fs.openAsBlob for the uploads.
  mkdirSync(join(dir, "bun"), { recursive: true });
  writeFileSync(join(dir, "bun", video.name), video.bytes);
  from = mock.requests.length;
  const files = await bunx(["--bun", "sync-wasm", "generate", "--video", join("bun", video.name), "--audio", audio.name], bun);
  assert.equal(files.code, 0, `${files.out}\n${files.err}`);
  const g = generationOf(files);
  await checkOutput(files, g, join(dir, "bun", "talk.synced.mp4"));
  checkUploads(from, g);
  t.diagnostic(`bunx --bun user agents: ${checkRequests(from, /^Bun\//)}`);
});

// Deno 2 resolves `npm:sync-wasm` through the project's package.json and the node_modules npm installed
// (a package.json makes nodeModulesDir "manual" the default): no deno.json, no --node-modules-dir, no
// download (the registry is a closed port and DENO_DIR starts empty). The bin's code runs in Deno.
test("deno run -A npm:sync-wasm generate and models --json, from the npm-installed node_modules", async (t) => {
  let from = mock.requests.length;
  const urls = await deno(["run", "-A", "npm:sync-wasm", "generate", "--video", "https://example.com/deno.mp4", "--audio", "https://example.com/deno.wav"]);
  await checkOutput(urls, generationOf(urls), join(dir, "deno.synced.mp4"));
  const agents = checkRequests(from, /^Deno\//);

  from = mock.requests.length;
  const models = await deno(["run", "-A", "npm:sync-wasm", "models", "--json"]);
  assert.equal(models.code, 0, `${models.out}\n${models.err}`);
  assert.equal(models.err, "");
  assert.ok(JSON.parse(models.out).some((m) => m.id === "lipsync-2"), models.out);
  checkRequests(from, /^Deno\//);

  // Local files under Deno: fs.openAsBlob for the uploads.
  mkdirSync(join(dir, "deno"), { recursive: true });
  writeFileSync(join(dir, "deno", video.name), video.bytes);
  from = mock.requests.length;
  const files = await deno(["run", "-A", "npm:sync-wasm", "generate", "--video", join("deno", video.name), "--audio", audio.name]);
  assert.equal(files.code, 0, `${files.out}\n${files.err}`);
  const g = generationOf(files);
  await checkOutput(files, g, join(dir, "deno", "talk.synced.mp4"));
  checkUploads(from, g);
  checkRequests(from, /^Deno\//);

  // The exit code of an error comes through Deno too.
  const wrong = await deno(["run", "-A", "npm:sync-wasm", "models"], { env: { SYNC_API_KEY: WRONG_KEY } });
  assert.equal(wrong.code, 3, `${wrong.out}\n${wrong.err}`);
  assert.match(wrong.err, /SYNC_API_KEY/);

  const cached = existsSync(join(denoDir, "npm")) ? readdirSync(join(denoDir, "npm"), { recursive: true }) : [];
  assert.deepEqual(cached, [], "Deno downloaded no npm package");
  t.diagnostic(`deno user agents: ${agents}`);
});
