// The packed package in the tools users deploy with, run the way their docs and our README say, against
// the mock on 127.0.0.1:
//   wrangler 4   README.md's "Cloudflare Workers" snippet (extracted from README.md at test time),
//                `wrangler deploy --dry-run` and `wrangler dev --local` (on Node 22 from the registry)
//   webpack 5    a page with no sync-wasm configuration, built by webpack-cli, in headless Chromium
//   esbuild      README.md's esbuild recipe (sync-wasm/slim + the .wasm through --loader:.wasm=file)
//   Deno         package.json + node_modules, the README's `deno run` flags, and without SYNC_BASE_URL
//                in --allow-env (the SDK must refuse to start rather than call production)
// Each part makes a fresh project under .tmp/frameworks/ (tests/frameworks/support.mjs) from its fixture
// folder beside this file, with exact versions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { project, run, start, startMock, freePort, fixtureFiles, root, work, DEFAULT_KEY } from "./support.mjs";
import { signWebhook, DEFAULT_WEBHOOK_SECRET } from "../mock.mjs";
import { openBrowser } from "../www/browsers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name) => fixtureFiles(join(here, name));

const VERSIONS = {
  wrangler: "4.164.0",
  // wrangler 4 needs Node 22.12 or later; this Node binary comes from the npm registry.
  node22: { name: `node-${process.platform}-${process.arch}`, version: "22.23.5" },
  webpack: "5.113.0",
  webpackCli: "7.3.1",
  esbuild: "0.28.2",
};
const MOCK_MODELS = ["sync-3", "lipsync-2-pro", "lipsync-2", "lipsync-1.9.0-beta", "react-1"];

let mock;
const servers = []; // everything with a stop(): wrangler dev, static servers
const browsers = [];

before(async () => {
  mock = await startMock();
});

after(async () => {
  for (const browser of browsers) await browser.close().catch(() => {});
  for (const server of servers) await server.stop().catch(() => {});
  await mock?.close();
});

/** What the mock has seen on a path: `{ count, requests }`. */
async function seen(path) {
  return (await fetch(`${mock.url}/__mock/requests?path=${encodeURIComponent(path)}`)).json();
}

/** How many generations the mock holds whose input URLs contain `marker`. */
async function createdWith(marker) {
  return (await (await fetch(`${mock.url}/__mock/generations?contains=${encodeURIComponent(marker)}`)).json()).count;
}

/** A generation as the mock holds it. */
async function mockGeneration(id) {
  const response = await fetch(`${mock.url}/v2/generate/${encodeURIComponent(id)}`, { headers: { "x-api-key": DEFAULT_KEY } });
  assert.equal(response.status, 200, `the mock has no generation ${id}`);
  return response.json();
}

/** Time the phases of a test and report them as diagnostics (visible in the test output). */
function stopwatch(t) {
  let last = Date.now();
  const first = last;
  return {
    lap(what) {
      const now = Date.now();
      t.diagnostic(`${what}: ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    },
    total() {
      t.diagnostic(`total: ${((Date.now() - first) / 1000).toFixed(1)} s`);
    },
  };
}

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json" };

/** A static server for `dir` on a free loopback port, with the right MIME type for .wasm. */
async function serveStatic(dir) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    let path = resolve(join(base, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (path !== base && !path.startsWith(base + sep)) return res.writeHead(403).end();
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (!existsSync(path)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": MIME[extname(path)] ?? "application/octet-stream" });
    res.end(readFileSync(path));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const handle = { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
  servers.push(handle);
  return handle;
}

/**
 * Open `url` in headless Chromium and read the JSON the page writes to #result. Fails with the page's
 * errors if it writes nothing within 30 s (for instance when the wasm did not load).
 */
async function pageResult(url) {
  const browser = await openBrowser("chromium");
  browsers.push(browser);
  try {
    const { page, errors, close } = await browser.newPage();
    const failed = [];
    page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await page.goto(url);
    await page
      .waitForFunction(() => document.getElementById("result")?.textContent, undefined, { timeout: 30_000 })
      .catch(async () => assert.fail(`the page wrote no result; page errors: ${(await errors()).join("; ") || "none"}; failed responses: ${failed.join(", ") || "none"}`));
    const result = JSON.parse(await page.evaluate(() => document.getElementById("result").textContent));
    await close();
    return result;
  } finally {
    await browser.close();
    browsers.splice(browsers.indexOf(browser), 1);
  }
}

/** What a page must report, and what the mock must hold afterwards. */
async function checkPage(result, marker) {
  assert.equal(result.error, undefined, result.error);
  assert.deepEqual(result.models, MOCK_MODELS, "the models the mock serves");
  assert.equal(result.status, "PENDING");
  assert.equal(result.fetchedId, result.id);
  const held = await mockGeneration(result.id);
  assert.deepEqual(held.input.map((i) => i.url), [`https://example.com/${marker}.mp4`, `https://example.com/${marker}.wav`]);
  assert.equal(await createdWith(marker), 1, "created once on the mock");
}

function pageQuery(marker) {
  return `?key=${encodeURIComponent(DEFAULT_KEY)}&base=${encodeURIComponent(mock.url)}&marker=${encodeURIComponent(marker)}`;
}

const readme = () => readFileSync(join(root, "README.md"), "utf8");

/**
 * The fenced code blocks of README.md, in order: `{ heading, lang, code, after }`, where `heading` is
 * the nearest heading above, `code` is dedented (blocks inside list items are indented) and `after` is
 * the README's text from the end of the block on.
 */
function readmeBlocks() {
  const text = readme();
  const lines = text.split("\n");
  const blocks = [];
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,6} /.test(lines[i])) heading = lines[i].trim();
    const open = /^( *)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const end = lines.findIndex((l, j) => j > i && /^ *```\s*$/.test(l));
    assert.notEqual(end, -1, `unclosed code block at README.md line ${i + 1}`);
    const code = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join("\n") + "\n";
    blocks.push({ heading, lang: open[2], code, after: lines.slice(end + 1).join("\n") });
    i = end;
  }
  return blocks;
}

test("wrangler 4: README's Worker snippet, deploy --dry-run and dev --local", { timeout: 300_000 }, async (t) => {
  const time = stopwatch(t);
  // The first code block under the heading is the Worker.
  const block = readmeBlocks().find((b) => b.heading === "### Cloudflare Workers");
  assert.ok(block, 'README.md has a code block under "### Cloudflare Workers"');
  const { lang, code } = block;
  assert.match(lang, /^(js|ts|javascript|typescript)$/, `the Workers block is marked ${lang}`);
  assert.match(code, /export default/, "the block is a Worker module");
  const ext = /^t/.test(lang) ? "ts" : "js";
  // The secret variable the snippet reads (env.SYNC_WEBHOOK_SECRET today).
  const secretName = /env\.(\w*WEBHOOK\w*)/.exec(code)?.[1];
  assert.ok(secretName, "the snippet reads a webhook secret from env");
  const webhookPath = /pathname === "([^"]+)"/.exec(code)?.[1];
  assert.ok(webhookPath, "the snippet has a webhook route");

  const files = fixture("wrangler");
  const dir = await project("bundlers-wrangler", {
    files: {
      ...files,
      [`src/index.${ext}`]: code,
      ".dev.vars": `SYNC_API_KEY=${DEFAULT_KEY}\nSYNC_BASE_URL=${mock.url}\n${secretName}=${DEFAULT_WEBHOOK_SECRET}\n`,
    },
    devDependencies: { wrangler: VERSIONS.wrangler, [VERSIONS.node22.name]: VERSIONS.node22.version },
  });
  if (ext === "ts") {
    const toml = join(dir, "wrangler.toml");
    writeFileSync(toml, readFileSync(toml, "utf8").replace('main = "src/index.js"', 'main = "src/index.ts"'));
  }
  assert.doesNotMatch(readFileSync(join(dir, "wrangler.toml"), "utf8"), /^\s*\[\[rules\]\]/m, "no [[rules]] in wrangler.toml");
  time.lap("npm install (wrangler, node 22)");

  const node22 = join(dir, "node_modules", ".bin", "node");
  const nodeVersion = (await run(node22, ["--version"])).stdout.trim();
  assert.match(nodeVersion, /^v22\./, `Node 22 from the registry, got ${nodeVersion}`);
  const wrangler = [join(dir, "node_modules", "wrangler", "bin", "wrangler.js")];
  // No telemetry, no prompts, wrangler's own files inside the project.
  const env = { CI: "1", WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: join(dir, ".config"), WRANGLER_LOG_PATH: join(dir, ".wrangler-logs") };

  const deploy = await run(node22, [...wrangler, "deploy", "--dry-run", "--outdir", "dist"], { cwd: dir, env, timeoutMs: 120_000 });
  assert.match(deploy.output, /Total Upload/, deploy.output);
  assert.match(deploy.output, /--dry-run: exiting now/, deploy.output);
  const out = readdirSync(join(dir, "dist"));
  const wasm = out.find((f) => f.endsWith(".wasm"));
  assert.ok(wasm, `the .wasm is a separate module in dist/: ${out.join(", ")}`);
  assert.deepEqual(readFileSync(join(dir, "dist", wasm)), readFileSync(join(dir, "node_modules", "sync-wasm", "sync_wasm_bg.wasm")), "the package's .wasm, unchanged");
  const bundle = readFileSync(join(dir, "dist", `index.js`), "utf8");
  assert.ok(bundle.includes(`from "./${wasm}"`), "the bundle imports the .wasm module");
  assert.match(bundle, /node_modules\/sync-wasm\/workerd\.js/, "bundled through the workerd entry");
  time.lap("wrangler deploy --dry-run");

  const port = await freePort();
  const inspector = await freePort();
  const modelsBefore = (await seen("/v2/models")).count;
  const dev = await start(node22, [...wrangler, "dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector)], {
    cwd: dir,
    env,
    port,
    path: "/__ready",
    timeoutMs: 90_000,
  });
  servers.push(dev);
  time.lap("wrangler dev: ready");
  try {
    const origin = `http://127.0.0.1:${port}`;
    // `start` waited with one request that the snippet answered by listing models: count from here.
    const modelsAtStart = (await seen("/v2/models")).count;
    assert.ok(modelsAtStart > modelsBefore, `the Worker reached the mock at ${mock.url} (SYNC_BASE_URL from .dev.vars)`);
    const models = await fetch(`${origin}/`);
    const modelsText = await models.text();
    assert.equal(models.status, 200, `GET / → ${models.status} ${modelsText}\n${dev.output()}`);
    assert.deepEqual(JSON.parse(modelsText).map((m) => m.id), MOCK_MODELS);
    assert.equal((await seen("/v2/models")).count, modelsAtStart + 1, "one models request on the mock");

    // A delivery signed as Sync signs it, then the same with a wrong signature.
    const body = JSON.stringify({ id: "wrangler-gen-1", status: "COMPLETED", model: "lipsync-2", outputUrl: "https://example.com/out.mp4" });
    const good = await signWebhook(body, DEFAULT_WEBHOOK_SECRET);
    const signed = await fetch(`${origin}${webhookPath}`, { method: "POST", headers: { "content-type": "application/json", "sync-signature": good }, body });
    const signedText = await signed.text();
    assert.ok(signed.status >= 200 && signed.status < 300, `signed webhook → ${signed.status} ${signedText}\n${dev.output()}`);
    assert.match(signedText, /wrangler-gen-1/);
    const bad = good.replace(/v1=([0-9a-f])/, (_, c) => `v1=${c === "0" ? "1" : "0"}`);
    assert.notEqual(bad, good);
    const forged = await fetch(`${origin}${webhookPath}`, { method: "POST", headers: { "content-type": "application/json", "sync-signature": bad }, body });
    const forgedText = await forged.text();
    assert.equal(forged.status, 400, `badly signed webhook → ${forged.status} ${forgedText}`);
    time.lap("wrangler dev: models, signed and forged webhooks");
  } finally {
    await dev.stop();
  }
  time.total();
});

test("webpack 5 (target web, production): a page importing sync-wasm, in Chromium", { timeout: 300_000 }, async (t) => {
  const time = stopwatch(t);
  const dir = await project("bundlers-webpack", {
    files: { ...fixture("webpack"), "src/scenario.js": { from: join(here, "page-scenario.js") } },
    devDependencies: { webpack: VERSIONS.webpack, "webpack-cli": VERSIONS.webpackCli },
  });
  time.lap("npm install (webpack, webpack-cli)");
  const build = await run(join(dir, "node_modules", ".bin", "webpack"), [], { cwd: dir, timeoutMs: 120_000 });
  const out = readdirSync(join(dir, "dist"));
  assert.ok(out.includes("main.js"), `main.js in dist/: ${out.join(", ")}\n${build.output}`);
  const wasm = out.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm emitted: ${out.join(", ")}`);
  assert.deepEqual(readFileSync(join(dir, "dist", wasm[0])), readFileSync(join(dir, "node_modules", "sync-wasm", "sync_wasm_bg.wasm")));
  copyFileSync(join(dir, "index.html"), join(dir, "dist", "index.html"));
  time.lap("webpack build");
  const site = await serveStatic(join(dir, "dist"));
  const marker = `webpack-${Date.now()}`;
  await checkPage(await pageResult(`${site.url}/${pageQuery(marker)}`), marker);
  time.lap("Chromium");
  time.total();
});

test("esbuild (browser, ESM): README's recipe with sync-wasm/slim and --loader:.wasm=file, in Chromium", { timeout: 300_000 }, async (t) => {
  const time = stopwatch(t);
  // The README's recipe is the fixture's first lines, and its build command is the one run here.
  const recipe = readmeBlocks().find((b) => b.code.includes('from "sync-wasm/slim"') && b.code.includes("sync_wasm_bg.wasm") && /esbuild/.test(b.after.slice(0, 400)));
  assert.ok(recipe, "README.md has the esbuild recipe (a code block importing sync-wasm/slim and the .wasm, then the esbuild command)");
  const app = readFileSync(join(here, "esbuild", "app.js"), "utf8");
  assert.ok(app.includes(recipe.code), `tests/frameworks/esbuild/app.js contains README's recipe verbatim:\n${recipe.code}`);
  const command = /`(esbuild [^`]+)`/.exec(recipe.after)?.[1];
  assert.ok(command, "README.md gives the esbuild command after the recipe");
  const [, ...args] = command.split(/\s+/);
  assert.ok(args.includes("app.js") && args.includes("--outdir=dist"), `the command builds app.js into dist/: ${command}`);
  t.diagnostic(`README: ${command}`);

  const dir = await project("bundlers-esbuild", { files: { ...fixture("esbuild"), "scenario.js": { from: join(here, "page-scenario.js") } }, devDependencies: { esbuild: VERSIONS.esbuild } });
  time.lap("npm install (esbuild)");
  const built = await run(join(dir, "node_modules", ".bin", "esbuild"), args, { cwd: dir, timeoutMs: 60_000 });
  // A user's build log stays clean: esbuild warns about nothing in the package.
  assert.doesNotMatch(built.output, /warning/i, `esbuild warns about the package:\n${built.output}`);
  const out = readdirSync(join(dir, "dist"));
  const wasm = out.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm emitted: ${out.join(", ")}`);
  assert.ok(out.includes("app.js"), out.join(", "));
  assert.match(readFileSync(join(dir, "dist", "app.js"), "utf8"), /node_modules\/sync-wasm\/slim\.js/, "bundled through sync-wasm/slim");
  copyFileSync(join(dir, "index.html"), join(dir, "dist", "index.html"));
  time.lap("esbuild build");
  const site = await serveStatic(join(dir, "dist"));
  const marker = `esbuild-${Date.now()}`;
  await checkPage(await pageResult(`${site.url}/${pageQuery(marker)}`), marker);
  time.lap("Chromium");
  time.total();
});

test("Deno 2 (package.json + node_modules): SYNC_BASE_URL is used, or the client refuses to start", { timeout: 180_000 }, async (t) => {
  const time = stopwatch(t);
  const dir = await project("bundlers-deno", { files: fixture("deno") });
  time.lap("npm install");
  const deno = join(root, "node_modules", ".bin", "deno");
  const env = { SYNC_API_KEY: DEFAULT_KEY, SYNC_BASE_URL: mock.url, DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  const result = (stdout) => {
    const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
    assert.ok(line, `no RESULT line in:\n${stdout}`);
    return JSON.parse(line.slice("RESULT ".length));
  };

  const check = await run(deno, ["check", "main.ts"], { cwd: dir, env, timeoutMs: 60_000 });
  assert.doesNotMatch(check.output, /error/i, check.output);
  time.lap("deno check");

  // The README's command: both variables may be read, so the calls go to the mock.
  const command = /`(deno run [^`]*main\.ts)`/.exec(readme())?.[1];
  assert.ok(command, "README.md gives a `deno run ... main.ts` command");
  t.diagnostic(`README: ${command}`);
  const modelsBefore = (await seen("/v2/models")).count;
  const allowed = result((await run(deno, command.split(/\s+/).slice(1), { cwd: dir, env, timeoutMs: 60_000 })).stdout);
  assert.deepEqual(allowed, { stage: "done", models: MOCK_MODELS, id: allowed.id, status: "PENDING" });
  assert.equal((await seen("/v2/models")).count, modelsBefore + 1, "the models request reached the mock");
  assert.equal(await createdWith("deno-fixture"), 1, "the generation was created on the mock");
  assert.equal((await mockGeneration(allowed.id)).id, allowed.id);
  time.lap(command);

  // Only SYNC_API_KEY may be read (the README's old flags): SYNC_BASE_URL is set but unreadable, so the
  // client must refuse to start instead of sending the key to production.
  const denied = result((await run(deno, ["run", "--allow-net", "--allow-env=SYNC_API_KEY", "main.ts"], { cwd: dir, env, timeoutMs: 90_000 })).stdout);
  assert.equal(denied.stage, "constructor", `new SyncClient() must throw; it went on to: ${JSON.stringify(denied)}`);
  assert.equal(denied.name, "SyncConfigurationError", JSON.stringify(denied));
  assert.equal(denied.configurationError, true, "instanceof SyncConfigurationError");
  assert.match(denied.message, /SYNC_BASE_URL/, denied.message);
  assert.match(denied.message, /--allow-env/, denied.message);
  assert.doesNotMatch(denied.message, new RegExp(DEFAULT_KEY), "no key in the message");
  assert.equal((await seen("/v2/models")).count, modelsBefore + 1, "nothing more reached the mock");
  time.lap("deno run --allow-env=SYNC_API_KEY");
  time.total();
});
