// The packed package in Vite, as README.md's "Browsers and bundlers" says to use it, in headless
// Chromium against the mock on 127.0.0.1:
//   Vite 8   `vite` (dev) and `vite build` + `vite preview`, with no vite.config at all
//   Vite 7   `vite` (dev) without configuration must fail to load the SDK in the page (the README's
//            `Incorrect response MIME type`), and work with the one optimizeDeps line the README gives
//            (extracted from README.md at test time); `vite build` + `vite preview` need nothing
// Both projects are made from tests/frameworks/vite/ (tests/frameworks/support.mjs), with exact versions,
// and installed at once. index.html imports sync-wasm statically (the README's way); probe.html imports
// it dynamically inside try/catch, so a page whose SDK does not load reports why in #result.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { project, run, start, startMock, freePort, fixtureFiles, root, DEFAULT_KEY } from "./support.mjs";
import { openBrowser } from "../www/browsers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const VITE = { 8: "8.4.0", 7: "7.3.8" };
const MOCK_MODELS = ["sync-3", "lipsync-2-pro", "lipsync-2", "lipsync-1.9.0-beta", "react-1"];

let mock;
let browser;
const installs = {}; // major → Promise of the project directory
const servers = [];

before(async () => {
  mock = await startMock();
  for (const [major, version] of Object.entries(VITE)) {
    installs[major] = project(`vite-${major}`, { files: fixtureFiles(join(here, "vite")), devDependencies: { vite: version } });
    installs[major].catch(() => {}); // awaited (and reported) by the tests that use it
  }
  browser = await openBrowser("chromium");
});

after(async () => {
  for (const server of servers) await server.stop().catch(() => {});
  await browser?.close().catch(() => {});
  await mock?.close();
  // Let an install that no test awaited finish before the process ends.
  await Promise.allSettled(Object.values(installs));
});

/** The README's "Vite 7 and earlier" bullet: the config line it gives and the error it promises. */
function readmeVite7() {
  const text = readFileSync(join(root, "README.md"), "utf8");
  const bullet = /^- \*\*Vite 7 and earlier\*\*[\s\S]*?(?=\n- |\n\n)/m.exec(text)?.[0];
  assert.ok(bullet, 'README.md has a "- **Vite 7 and earlier**" bullet');
  const line = /`(optimizeDeps:[^`]*)`/.exec(bullet)?.[1];
  assert.ok(line, `the bullet gives an optimizeDeps line in backticks:\n${bullet}`);
  const failure = /fails with `([^`]+)`/.exec(bullet)?.[1];
  assert.ok(failure, `the bullet says how the page fails:\n${bullet}`);
  return { line, failure };
}

/** `vite` with `args` (dev, or preview) in `dir`, on a free loopback port; stopped in `after` too. */
async function vite(dir, args = []) {
  const port = await freePort();
  const server = await start(join(dir, "node_modules", ".bin", "vite"), [...args, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: dir, port, timeoutMs: 60_000 });
  servers.push(server);
  return server;
}

/**
 * Open `path` of `server` with the mock's URL, the key and `marker` in the query string, and wait for
 * #result. Resolves with the page's result, its console and failed responses (`notes`), and the .wasm
 * responses it received.
 */
async function openPage(server, path, marker) {
  const { page, close } = await browser.newPage();
  const notes = [];
  const wasm = [];
  page.on("console", (m) => notes.push(`console.${m.type()}: ${m.text()}`));
  // Both pages catch their own errors, so an uncaught one means no result is coming: fail at once.
  let uncaught;
  const crashed = new Promise((_, reject) => (uncaught = reject));
  crashed.catch(() => {});
  page.on("pageerror", (e) => {
    notes.push(`pageerror: ${e.message}`);
    setTimeout(() => uncaught(new Error("uncaught page error")), 500); // the console lines first
  });
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] });
    else if (r.status() >= 400) notes.push(`${r.status()} ${r.url()}`);
  });
  try {
    const query = new URLSearchParams({ key: DEFAULT_KEY, base: mock.url, marker });
    await page.goto(`${server.url.replace(/\/$/, "")}${path}?${query}`);
    const written = page.waitForFunction(() => document.getElementById("result")?.textContent, undefined, { timeout: 30_000 });
    const text = await Promise.race([written, crashed])
      .then((handle) => handle.jsonValue())
      .catch((e) => assert.fail(`${path} wrote no result (${e.message.split("\n")[0]}):\n${notes.join("\n")}\n${server.output()}`));
    return { result: JSON.parse(text), notes, wasm };
  } finally {
    await close();
  }
}

/** The page used the SDK: its result matches the mock, the mock holds the generation, the wasm was the package's. */
async function assertWorked({ result, notes, wasm }, dir, marker) {
  assert.equal(result.error, undefined, `${result.error}\n${notes.join("\n")}`);
  assert.equal(result.importError, undefined, `${result.importError}\n${notes.join("\n")}`);
  assert.deepEqual(result.models, MOCK_MODELS, "the models the mock serves");
  assert.equal(result.status, "PENDING");
  assert.deepEqual(result.fetched, { id: result.id, model: "lipsync-2-pro" });
  const held = await fetch(`${mock.url}/v2/generate/${encodeURIComponent(result.id)}`, { headers: { "x-api-key": DEFAULT_KEY } });
  assert.equal(held.status, 200, `the mock has no generation ${result.id}`);
  const generation = await held.json();
  assert.equal(generation.model, "lipsync-2-pro");
  assert.deepEqual(generation.input.map((i) => i.url), ["mp4", "wav"].map((ext) => `https://example.com/${marker}.${ext}`));
  const created = await (await fetch(`${mock.url}/__mock/generations?contains=${encodeURIComponent(marker)}`)).json();
  assert.equal(created.count, 1, "created once on the mock");
  assert.equal(wasm.length, 1, `one .wasm fetched: ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0].status, 200);
  assert.match(wasm[0].type ?? "", /^application\/wasm/, `served as application/wasm: ${JSON.stringify(wasm[0])}`);
  const bytes = Buffer.from(await (await fetch(wasm[0].url)).arrayBuffer());
  assert.ok(bytes.equals(readFileSync(join(dir, "node_modules", "sync-wasm", "sync_wasm_bg.wasm"))), `${wasm[0].url} is the package's .wasm`);
  return new URL(wasm[0].url).pathname;
}

/** `vite build` with whatever config `dir` has, then the README's pages through `vite preview`. */
async function buildAndPreview(t, dir, label) {
  const built = await run(join(dir, "node_modules", ".bin", "vite"), ["build"], { cwd: dir, timeoutMs: 120_000 });
  const assets = readdirSync(join(dir, "dist", "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm emitted: ${assets.join(", ")}\n${built.output}`);
  assert.ok(readFileSync(join(dir, "dist", "assets", wasm[0])).equals(readFileSync(join(dir, "node_modules", "sync-wasm", "sync_wasm_bg.wasm"))), "the package's .wasm, unchanged");
  lap(t, "vite build");
  const preview = await vite(dir, ["preview"]);
  try {
    const marker = `${label}-preview-${Date.now()}`;
    t.diagnostic(`wasm: ${await assertWorked(await openPage(preview, "/", marker), dir, marker)}`);
  } finally {
    await preview.stop();
  }
  lap(t, "vite preview in Chromium");
}

const started = new WeakMap();
/** Report the time since the last lap of `t` (or its start) as a diagnostic. */
function lap(t, what) {
  const now = Date.now();
  t.diagnostic(`${what}: ${((now - (started.get(t) ?? now)) / 1000).toFixed(1)} s`);
  started.set(t, now);
}

function noConfig(dir) {
  const configs = readdirSync(dir).filter((f) => /^vite\.config\./.test(f));
  assert.deepEqual(configs, [], "no vite.config in the project");
}

test(`Vite ${VITE[8]} dev, no vite.config: the page imports sync-wasm and calls the mock`, { timeout: 240_000 }, async (t) => {
  started.set(t, Date.now());
  assert.match(readFileSync(join(root, "README.md"), "utf8"), /\*\*Vite 8\*\* \(`vite build` and `vite dev`\): work as they are/, "README.md still says Vite 8 needs nothing");
  const dir = await installs[8];
  noConfig(dir);
  lap(t, `npm install (vite ${VITE[8]})`);
  const dev = await vite(dir);
  try {
    const marker = `vite8-dev-${Date.now()}`;
    t.diagnostic(`wasm: ${await assertWorked(await openPage(dev, "/", marker), dir, marker)}`);
  } finally {
    await dev.stop();
  }
  lap(t, "vite dev in Chromium");
});

test(`Vite ${VITE[8]} build + preview, no vite.config`, { timeout: 180_000 }, async (t) => {
  started.set(t, Date.now());
  const dir = await installs[8];
  noConfig(dir);
  await buildAndPreview(t, dir, "vite8");
});

test(`Vite ${VITE[7]} dev without README's line: the page cannot load sync-wasm`, { timeout: 240_000 }, async (t) => {
  started.set(t, Date.now());
  const { failure } = readmeVite7();
  const dir = await installs[7];
  noConfig(dir);
  lap(t, `npm install (vite ${VITE[7]})`);
  const dev = await vite(dir);
  try {
    const { result, notes, wasm } = await openPage(dev, "/probe.html", `vite7-bare-${Date.now()}`);
    assert.ok(result.importError, `import("sync-wasm") succeeded without optimizeDeps.exclude (README.md says it fails): ${JSON.stringify(result)}`);
    t.diagnostic(`import error: ${result.importError}; wasm: ${wasm.map((w) => `${w.status} ${w.type} ${new URL(w.url).pathname}`).join(", ")}`);
    assert.match(result.importError, /WebAssembly|magic word/, "the import failed compiling the wasm");
    assert.ok(notes.some((n) => n.includes(failure)), `the page reports README's \`${failure}\`:\n${notes.join("\n")}`);
    assert.ok(wasm.length > 0 && wasm.every((w) => !/^application\/wasm/.test(w.type ?? "")), `the .wasm URL the pre-bundled glue asks for is not a wasm: ${JSON.stringify(wasm)}`);
  } finally {
    await dev.stop();
  }
  lap(t, "vite dev in Chromium");
});

test(`Vite ${VITE[7]} build + preview, no vite.config (README: vite build needs nothing)`, { timeout: 180_000 }, async (t) => {
  started.set(t, Date.now());
  const dir = await installs[7];
  noConfig(dir);
  await buildAndPreview(t, dir, "vite7");
});

test(`Vite ${VITE[7]} dev with README's one line in vite.config.js: both pages work`, { timeout: 240_000 }, async (t) => {
  started.set(t, Date.now());
  const { line } = readmeVite7();
  t.diagnostic(`README: ${line}`);
  const dir = await installs[7];
  // The project the previous tests ran in, as a user adds the line to it (Vite re-optimizes when the
  // configuration changes).
  assert.ok(existsSync(join(dir, "node_modules", "vite", "package.json")));
  writeFileSync(join(dir, "vite.config.js"), `export default { ${line} };\n`);
  const dev = await vite(dir);
  try {
    for (const page of ["/", "/probe.html"]) {
      const marker = `vite7-config${page.replace(/\W/g, "-")}-${Date.now()}`;
      t.diagnostic(`${page} wasm: ${await assertWorked(await openPage(dev, page, marker), dir, marker)}`);
    }
  } finally {
    await dev.stop();
  }
  lap(t, "vite dev in Chromium (two pages)");
});
