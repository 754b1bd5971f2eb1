// The code examples of README.md's "Testing your integration: `sync-wasm/testing`" section, run as a
// user would run them: `npm pack` of pkg/, a fresh consumer project (under .tmp/readme-testing/) that
// installs the tarball with vitest and @playwright/test from npm, each block written to the file its
// first line names and run with the command that line gives, in a folder of its own (the runners'
// default globs would otherwise pick up each other's files). The result counts must equal the number
// of tests each block declares, with none failed or skipped.
//
// Every code block of the section must be one this file knows how to run: a block with a
// `// <file> — run with: <command>` line, the set-up fragment at the top, the "Over HTTP" fragment
// and the shell block. A block that disappears, or whose first line stops parsing, fails the
// extraction test, so an edit of the README cannot silently drop an example.
//
// The Playwright example opens "/" on the user's app, which the README leaves to the reader; this
// file supplies one (app/index.html: a button "Lip-sync" that creates a generation with the web
// build against the default base URL and shows the final status), a static server for it and a
// playwright.config.js with `webServer`, `use.baseURL` and Debian's Chromium (no browser download).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { freePort } from "../free-port.mjs";
import { runToEnd } from "../run-to-end.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const work = join(root, ".tmp", "readme-testing");
const project = join(work, "consumer");
// A copy of the README may be given (to see this test fail on a broken example).
const README = process.env.README_TESTING_README ?? join(root, "README.md");
const SECTION = "## Testing your integration: `sync-wasm/testing`";

// Exact versions, as the consumer's devDependencies. @playwright/test matches the repo's
// playwright-core; vitest 4 is the newest line that runs on Node 20 (5.x wants Node 22), and vite is
// pinned too so vitest's own dependency range does not float.
const VERSIONS = { vitest: "4.1.12", vite: "8.3.8", "@playwright/test": "1.65.1" };
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" };
delete env.NODE_TEST_CONTEXT; // a child `node --test` must report as TAP, not to this runner
const HEADER = /^\/\/ (\S+) — run with: (.+)$/;

// ---------------------------------------------------------------------------------------------
// Extraction

/** The section's fenced code blocks, in order: { lang, code, heading, line }. */
function sectionBlocks(markdown) {
  const start = markdown.indexOf(`\n${SECTION}\n`);
  assert.ok(start >= 0, `README has no "${SECTION}" section`);
  const next = markdown.indexOf("\n## ", start + SECTION.length + 2);
  const body = markdown.slice(start + 1, next < 0 ? undefined : next);
  const firstLine = markdown.slice(0, start + 1).split("\n").length;
  const blocks = [];
  let heading = SECTION;
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("### ")) heading = lines[i];
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === "```");
    assert.ok(end > i, `unclosed code block at README line ${firstLine + i}`);
    blocks.push({ lang: open[1], code: lines.slice(i + 1, end).join("\n") + "\n", heading, line: firstLine + i });
    i = end;
  }
  return Object.assign(blocks, { text: body });
}

/** Declared tests: `test(`, `it(` and their `.skip`/`.only`/`.todo` forms, at the start of a line. */
const declaredTests = (code) => code.split("\n").filter((l) => /^\s*(?:test|it)(?:\.\w+)?\(/.test(l)).length;

/** The README's blocks, each classified; throws if one is missing, unknown or unparsable. */
function classify(blocks) {
  const files = [];
  let setup;
  let overHttp;
  let shell;
  for (const block of blocks) {
    const where = `README line ${block.line} (${block.heading})`;
    const first = block.code.split("\n")[0];
    if (block.lang === "js" && first.startsWith("//")) {
      const m = HEADER.exec(first);
      assert.ok(m, `${where}: the first line must be "// <file> — run with: <command>", not ${JSON.stringify(first)}`);
      const [, file, command] = m;
      const starts = (prefix) => command === prefix || command.startsWith(`${prefix} `);
      const runner = starts("node --test") ? "node" : starts("npx vitest run") ? "vitest" : starts("npx playwright test") ? "playwright" : null;
      assert.doesNotMatch(command, /["'`$|;&<>\\]/, `${where}: the command must be plain words`);
      assert.ok(runner, `${where}: no way to run ${JSON.stringify(command)} (known: node --test, npx vitest run, npx playwright test)`);
      assert.ok(!file.startsWith("/") && !file.includes(".."), `${where}: ${file} must be a relative path inside the project`);
      const tests = declaredTests(block.code);
      assert.ok(tests > 0, `${where}: ${file} declares no test`);
      files.push({ ...block, file, command, runner, tests });
    } else if (block.lang === "js" && /\bmock\.listen\(/.test(block.code)) {
      assert.equal(overHttp, undefined, `${where}: a second mock.listen() fragment`);
      overHttp = block;
    } else if (block.lang === "js" && /^import \{ createMockSync \}/.test(first)) {
      assert.equal(setup, undefined, `${where}: a second set-up fragment`);
      setup = block;
    } else if (block.lang === "sh" && /^npx sync-wasm mock\b/.test(first)) {
      assert.equal(shell, undefined, `${where}: a second shell block`);
      shell = block;
    } else {
      assert.fail(`${where}: a ${block.lang || "plain"} code block this test does not know how to run:\n${block.code}`);
    }
  }
  for (const runner of ["node", "vitest", "playwright"]) {
    assert.ok(files.some((f) => f.runner === runner), `the section lost its ${runner} example (a block whose first line is "// <file> — run with: …")`);
  }
  assert.ok(setup, 'the section lost its set-up fragment (import { createMockSync } …)');
  assert.ok(overHttp, "the section lost its mock.listen() fragment");
  assert.ok(shell, "the section lost its `npx sync-wasm mock` shell block");
  return { files, setup, overHttp, shell, text: blocks.text };
}

// ---------------------------------------------------------------------------------------------
// Running

/** Run a command; resolves with { code, out, err } (never rejects on a non-zero exit). */
async function run(command, args, { cwd, timeoutMs = 120_000, extraEnv = {} } = {}) {
  const { code, signal, out, err } = await runToEnd(command, args, { cwd, timeoutMs, env: { ...env, ...extraEnv } });
  return { code: signal ? `killed by ${signal}` : code, out, err };
}

/** "listening" or the error code of a fresh TCP connection to a loopback port. */
function portState(port) {
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    socket.on("connect", () => (socket.destroy(), resolve("listening")));
    socket.on("error", (e) => resolve(e.code));
  });
}

const shown = ({ out, err }) => `--- stdout\n${out}\n--- stderr\n${err}`;
// The command lines of the README are plain words (no quotes, no shell syntax).
const words = (command) => command.trim().split(/\s+/);

const children = [];
let tarball;
let sections;
let installSeconds;

before(async () => {
  // Parse first: a broken README fails in a second, before any install.
  sections = classify(sectionBlocks(readFileSync(README, "utf8")));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work, join(root, "pkg")], { encoding: "utf8" }).trim().split("\n").pop();
  tarball = join(work, packed);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "readme-testing-consumer", private: true, type: "module", dependencies: { "sync-wasm": `file:${tarball}` }, devDependencies: VERSIONS }, null, 2));
  const browsersBefore = playwrightBrowsers();
  const started = Date.now();
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, env, stdio: "pipe" });
  installSeconds = (Date.now() - started) / 1000;
  assert.ok(existsSync(join(project, "node_modules", "sync-wasm", "testing", "index.js")), "sync-wasm installed from the tarball");
  for (const [name, version] of Object.entries(VERSIONS)) {
    assert.equal(JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version, version, name);
  }
  assert.deepEqual(playwrightBrowsers(), browsersBefore, "no Playwright browser downloaded");
});

/** What Playwright's own browser cache holds (it must not grow: the tests use Debian's Chromium). */
function playwrightBrowsers() {
  const cache = env.PLAYWRIGHT_BROWSERS_PATH ?? join(env.HOME ?? "/root", ".cache", "ms-playwright");
  return existsSync(cache) ? readdirSync(cache).sort() : [];
}

after(() => {
  // A mock a failed test left running: its whole process group (npx, sh, node).
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {} // already gone
  }
});

/** A folder of the consumer for one example; the project's node_modules is found from its parent. */
function blockDir(name) {
  const dir = join(project, "examples", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeInto(dir, file, text) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}

test("the README section's code blocks are all accounted for", (t) => {
  const { files } = sections;
  t.diagnostic(`installed in ${installSeconds.toFixed(1)} s: sync-wasm (${tarball.split("/").pop()}), ${Object.entries(VERSIONS).map(([n, v]) => `${n}@${v}`).join(", ")}`);
  for (const f of files) t.diagnostic(`${f.file}: ${f.tests} test(s), ${f.command}`);
  assert.deepEqual(files.map((f) => f.runner).sort(), ["node", "playwright", "vitest"]);
});

test("the set-up fragment runs as a module", async () => {
  const dir = blockDir("setup");
  // As written, then one call to show the client is wired to the mock.
  writeInto(dir, "setup.mjs", `${sections.setup.code}\nconsole.log("RESULT " + JSON.stringify({ models: (await client.models.list()).length, requests: mock.requests.length }));\n`);
  const result = await run(process.execPath, ["setup.mjs"], { cwd: dir });
  assert.equal(result.code, 0, shown(result));
  const line = result.out.split("\n").find((l) => l.startsWith("RESULT "));
  assert.ok(line, shown(result));
  const { models, requests } = JSON.parse(line.slice(7));
  assert.ok(models > 0, "models listed");
  assert.equal(requests, 1);
});

for (const runner of ["node", "vitest", "playwright"]) {
  test(`the ${runner} example passes with every test it declares`, { timeout: 180_000 }, async (t) => {
    const examples = sections.files.filter((f) => f.runner === runner);
    for (const example of examples) {
      const dir = blockDir(`${runner}-${example.file.replace(/[^\w.-]+/g, "_")}`);
      writeInto(dir, example.file, example.code);
      if (runner === "playwright") await playwrightFixture(dir, example.file);
      const [command, ...args] = words(example.command);
      const result = await run(command === "node" ? process.execPath : command, args, { cwd: dir, extraEnv: runner === "playwright" ? { APP_PORT: String(await freePort()) } : {} });
      t.diagnostic(`${example.file}: ${example.command} exited ${result.code}`);
      assert.equal(result.code, 0, `${example.command} in ${dir} failed\n${shown(result)}`);
      const counts = runner === "node" ? nodeCounts(result.out) : runner === "vitest" ? vitestCounts(result.out) : playwrightCounts(dir, result.out);
      t.diagnostic(`${example.file}: ${JSON.stringify(counts)}`);
      assert.deepEqual(counts, { passed: example.tests, failed: 0, skipped: 0 }, `${example.file} declares ${example.tests} test(s)\n${shown(result)}`);
    }
  });
}

/** node --test's TAP summary. */
function nodeCounts(out) {
  const n = (name) => {
    const m = new RegExp(`^# ${name} (\\d+)$`, "m").exec(out);
    assert.ok(m, `no "# ${name}" line in node --test's output:\n${out}`);
    return Number(m[1]);
  };
  return { passed: n("pass"), failed: n("fail") + n("cancelled"), skipped: n("skipped") + n("todo") };
}

/** Vitest's default reporter: " Tests  3 passed (3)", or "2 passed | 1 skipped (3)". */
function vitestCounts(out) {
  const line = out.split("\n").find((l) => /^\s*Tests\s+\d/.test(l));
  assert.ok(line, `no "Tests" summary in vitest's output:\n${out}`);
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  const files = out.split("\n").find((l) => /^\s*Test Files\s+\d/.test(l));
  assert.match(files ?? "", /^\s*Test Files\s+1 passed \(1\)\s*$/, `vitest ran other files than the example:\n${out}`);
  return { passed: count("passed"), failed: count("failed"), skipped: count("skipped") + count("todo") };
}

/** Playwright's JSON report (the fixture's config writes it), checked against its list summary. */
function playwrightCounts(dir, out) {
  const report = JSON.parse(readFileSync(join(dir, "test-results.json"), "utf8"));
  const { expected, unexpected, skipped, flaky } = report.stats;
  assert.match(out, new RegExp(`^\\s*${expected} passed\\b`, "m"), `playwright's summary disagrees with its report:\n${out}`);
  return { passed: expected, failed: unexpected + flaky, skipped };
}

/**
 * The user's app for the Playwright example: a static page with the web build of the SDK, its
 * server and the Playwright config. The page uses the mock's default key ("sync-test-key"): the
 * example's `createMockSync` accepts only its own key and answers any other with 401, as the API
 * would. Any key is fine to put in a page here: it is a test fixture, and the only server it ever
 * reaches is the mock behind `page.route` (a request to api.sync.so that the route did not catch
 * would fail the test, not leak anything: there is no network).
 */
async function playwrightFixture(dir, specFile) {
  const testDir = dirname(specFile);
  writeInto(dir, "app/index.html", `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Studio</title>
    <script type="importmap">{ "imports": { "sync-wasm": "/node_modules/sync-wasm/web.js" } }</script>
  </head>
  <body>
    <button type="button" id="go" disabled>Lip-sync</button>
    <p data-testid="status">idle</p>
    <script type="module">
      import { SyncClient } from "sync-wasm";

      // Default base URL (https://api.sync.so): the test's page.route hands those requests to the mock.
      const client = new SyncClient({ apiKey: "sync-test-key", dangerouslyAllowBrowser: true });
      const button = document.getElementById("go");
      const status = document.querySelector('[data-testid="status"]');
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const created = await client.generations.create({
            model: "lipsync-2",
            input: [
              { type: "video", url: "https://example.com/speaker.mp4" },
              { type: "audio", url: "https://example.com/voice.wav" },
            ],
          });
          status.textContent = created.status;
          const done = await client.generations.waitForCompletion(created.id);
          status.textContent = done.status;
        } catch (err) {
          status.textContent = "error: " + err.name + ": " + err.message;
        } finally {
          button.disabled = false;
        }
      });
      button.disabled = false; // ready once the wasm has loaded
    </script>
  </body>
</html>
`);
  writeInto(dir, "server.js", `// The app under test as static files: / is app/index.html, /node_modules/ the project's packages.
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
let modules = here;
while (!existsSync(join(modules, "node_modules")) && dirname(modules) !== modules) modules = dirname(modules);
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  const base = path.startsWith("/node_modules/") ? modules : join(here, "app");
  const file = join(base, path === "/" ? "index.html" : path);
  if (!file.startsWith(base + sep)) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
}).listen(Number(process.env.APP_PORT), "127.0.0.1");
`);
  writeInto(dir, "playwright.config.js", `import { defineConfig } from "@playwright/test";

const port = Number(process.env.APP_PORT);
export default defineConfig({
  testDir: ${JSON.stringify(testDir)},
  reporter: [["list"], ["json", { outputFile: "test-results.json" }]],
  forbidOnly: true,
  retries: 0,
  webServer: { command: "node server.js", url: \`http://127.0.0.1:\${port}/\`, reuseExistingServer: false, timeout: 30_000 },
  use: {
    baseURL: \`http://127.0.0.1:\${port}\`,
    browserName: "chromium",
    launchOptions: { executablePath: ${JSON.stringify(CHROMIUM)}, args: ${JSON.stringify(CHROMIUM_ARGS)} },
  },
});
`);
}

test("the Over HTTP fragment serves the mock on a free port and closes", async () => {
  const dir = blockDir("over-http");
  const { code } = sections.overHttp;
  const close = code.split("\n").filter((l) => l.trim() === "await mock.close();");
  assert.equal(close.length, 1, `the fragment must end with one "await mock.close();" line:\n${code}`);
  // The fragment as written, with its imports, and one API call through its client before close.
  const proof = `const created = await client.generations.create({ model: "lipsync-2", input: [{ type: "video", url: "https://example.com/v.mp4" }, { type: "audio", url: "https://example.com/a.wav" }] });
const done = await client.generations.waitForCompletion(created.id);
const seen = mock.requests.map((r) => r.method + " " + r.path);
const served = await fetch(done.outputUrl, { headers: { range: "bytes=0-7" } });
globalThis.__result = { url, mockUrl: mock.url, id: created.id, created: created.status, done: done.status, seen, output: served.status, bytes: (await served.arrayBuffer()).byteLength };
`;
  const source = `import { SyncClient } from "sync-wasm";
import { createMockSync } from "sync-wasm/testing";

${code.replace("await mock.close();", `${proof}await mock.close();`)}
// Closed: a new connection is refused (fetch's pool may still hold a socket the server dropped).
const { connect } = await import("node:net");
const closed = await new Promise((resolve) => {
  const socket = connect(Number(new URL(url).port), "127.0.0.1");
  socket.on("connect", () => (socket.destroy(), resolve("still listening")));
  socket.on("error", (e) => resolve(e.code));
});
console.log("RESULT " + JSON.stringify({ ...globalThis.__result, closed }));
`;
  writeInto(dir, "over-http.mjs", source);
  const result = await run(process.execPath, ["over-http.mjs"], { cwd: dir, timeoutMs: 30_000 });
  assert.equal(result.code, 0, shown(result));
  const line = result.out.split("\n").find((l) => l.startsWith("RESULT "));
  assert.ok(line, shown(result));
  const r = JSON.parse(line.slice(7));
  assert.match(r.url, /^http:\/\/127\.0\.0\.1:\d+$/, "the shape the fragment's comment shows");
  assert.notEqual(r.url, "http://127.0.0.1:0");
  assert.equal(r.mockUrl, r.url, "mock.url");
  assert.equal(r.created, "PENDING");
  assert.equal(r.done, "COMPLETED");
  assert.deepEqual(r.seen.slice(0, 2), ["POST /v2/generate", `GET /v2/generate/${r.id}`], "the mock's record of what reached it over HTTP");
  assert.equal(r.output, 206, "the output served with byte ranges");
  assert.equal(r.bytes, 8);
  assert.equal(r.closed, "ECONNREFUSED", "mock.close() stopped the server");
});

test("the shell block: npx sync-wasm mock prints the line shown and answers the env vars shown", { timeout: 60_000 }, async (t) => {
  const dir = blockDir("shell");
  const lines = sections.shell.code.trim().split("\n");
  assert.equal(lines.length, 3, `the shell block: a command, its output as a comment, a client run:\n${sections.shell.code}`);
  const [command, printed, client] = lines;
  const portMatch = /--port (\d+)/.exec(command);
  assert.ok(portMatch, `no --port in ${command}`);
  const readmePort = portMatch[1];
  assert.ok(printed.startsWith("# "), `the second line shows the output as a comment: ${printed}`);
  const clientMatch = /^((?:[A-Z_]+=\S+ )+)(.+)$/.exec(client);
  assert.ok(clientMatch, `the third line sets environment variables for a client: ${client}`);

  const port = String(await freePort());
  const withPort = (s) => s.replaceAll(`127.0.0.1:${readmePort}`, `127.0.0.1:${port}`).replace(`--port ${readmePort}`, `--port ${port}`);
  const [npx, ...args] = words(withPort(command));
  // Its own process group: SIGTERM goes to npx and the mock under it, as Ctrl-C in a terminal does.
  const child = spawn(npx, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const firstLine = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output in 20 s\n${out}\n${err}`)), 20_000);
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(out.split("\n")[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before printing\n${out}\n${err}`)));
  });
  assert.equal(firstLine, withPort(printed.slice(2)), "the first line, as the README shows it (with this run's port)");

  const vars = Object.fromEntries(clientMatch[1].trim().split(/\s+/).map((kv) => kv.split(/=(.*)/s).slice(0, 2).map(withPort)));
  assert.deepEqual(Object.keys(vars).sort(), ["SYNC_API_KEY", "SYNC_BASE_URL"]);
  t.diagnostic(`client run with ${JSON.stringify(vars)} (the README's "${clientMatch[2]}", here curl and a Node script)`);
  // curl, as any language's HTTP client would use those two variables.
  const curl = await run("sh", ["-c", 'curl -sS --fail-with-body -H "x-api-key: $SYNC_API_KEY" "$SYNC_BASE_URL/v2/models"'], { cwd: dir, extraEnv: vars, timeoutMs: 10_000 });
  assert.equal(curl.code, 0, shown(curl));
  assert.ok(JSON.parse(curl.out).some((m) => m.name === "lipsync-2"), curl.out);
  // A script with plain fetch, standing in for my_script.py: the options given on the command line hold.
  writeInto(dir, "my_script.mjs", `const base = process.env.SYNC_BASE_URL;
const headers = { "x-api-key": process.env.SYNC_API_KEY, "content-type": "application/json" };
const create = (n) => fetch(base + "/v2/generate", { method: "POST", headers, body: JSON.stringify({ model: "lipsync-2", input: [{ type: "video", url: "https://example.com/" + n + ".mp4" }, { type: "audio", url: "https://example.com/a.wav" }] }) });
const statuses = [];
let fourth;
for (let n = 1; n <= 4; n++) {
  const res = await create(n);
  const body = await res.json();
  if (n < 4) statuses.push(res.status + " " + body.status);
  else fourth = res.status + " " + body.errorCode;
}
const wrongKey = (await fetch(base + "/v2/models", { headers: { "x-api-key": "not-the-key" } })).status;
const examples = (await (await fetch(base + "/__mock/generations")).json()).count;
console.log("RESULT " + JSON.stringify({ statuses, fourth, wrongKey, examples }));
`);
  const script = await run(process.execPath, ["my_script.mjs"], { cwd: dir, extraEnv: vars, timeoutMs: 10_000 });
  assert.equal(script.code, 0, shown(script));
  const r = JSON.parse(script.out.split("\n").find((l) => l.startsWith("RESULT ")).slice(7));
  assert.deepEqual(r.statuses, ["201 PENDING", "201 PENDING", "201 PENDING"]);
  assert.equal(r.fourth, "429 concurrency_limit_reached", "--concurrency 3");
  assert.equal(r.wrongKey, 401);
  assert.ok(r.examples > 3, "starts with the docs' example records (and the three created)");

  // The options the prose lists are the ones `--help` lists.
  const help = await run("npx", ["sync-wasm", "mock", "--help"], { cwd: dir, timeoutMs: 20_000 });
  assert.equal(help.code, 0, shown(help));
  const listed = /The command's options are ([\s\S]*?); `--help` lists them\./.exec(sections.text);
  assert.ok(listed, 'the section no longer lists the command\'s options ("The command\'s options are …; `--help` lists them.")');
  const inReadme = [...listed[1].matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]).sort();
  const inHelp = [...help.out.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]).filter((o) => o !== "--help").sort();
  assert.deepEqual(inReadme, inHelp, "the README's list of `sync-wasm mock` options");

  process.kill(-child.pid, "SIGTERM");
  const { code, signal } = await exited;
  t.diagnostic(`npx sync-wasm mock after SIGTERM: code ${code}, signal ${signal}`);
  // npx is gone; the mock under it stops on the same signal (allow it a moment to close).
  let state;
  for (let i = 0; i < 50 && (state = await portState(port)) !== "ECONNREFUSED"; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(state, "ECONNREFUSED", "the mock stopped");
});
