// End-to-end tests of the browser app (www/): the page is served on 127.0.0.1 with the built package
// and its API route (sync-wasm/proxy at /api/sync, holding the key), in front of the bundled mock API
// on another port, and driven in one browser engine: E2E_ENGINE=chromium (playwright-core, the
// default), firefox or webkit (WebDriver; see browsers.mjs). WebKit needs a display: run under
// `xvfb-run -a`. Needs `scripts/build.sh` first (pkg/). Screenshots go to www/test-output/.
//
// Every flow goes through the proxy, as the page does by default; one test covers the optional
// own-key mode, where the page calls the mock itself.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { startSite, DEMO_PERSONAL_KEY } from "../../www/serve.mjs";
import { DEFAULT_API_KEY } from "../../pkg/testing/index.js";
import { outputMp4 } from "../../pkg/testing/media.js";
import { openBrowser } from "./browsers.mjs";
import { freePort } from "../free-port.mjs";

const ENGINE = process.env.E2E_ENGINE ?? "chromium";

// The main site's server key: only serve.mjs's proxy (and this test) knows it, and its mock takes no
// other, so every answer the page gets through the proxy proves the server's key reached the mock.
const SERVER_KEY = `sync-server-only-${randomUUID()}`;
const OUTPUT_DIR = new URL("../../www/test-output/", import.meta.url);
// The kit's output clip: a real MP4 the page can upload as a video file.
const VIDEO = Buffer.from(outputMp4());

let browser;
let site; // generations finish after ~2.4 s; its mock takes SERVER_KEY only
let slowSite; // generations take ~20 s, to cancel one mid-way; the demo's defaults (the personal key too)

before(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await openBrowser(ENGINE);
  site = await startSite({ stepMs: 1200, apiKey: SERVER_KEY, personalKey: null });
  slowSite = await startSite({ stepMs: 10_000 });
});

after(async () => {
  if (browser) console.log(`# engine: ${browser.name} ${browser.version}`);
  await browser?.close();
  await site?.close();
  await slowSite?.close();
});

let lastPage; // closed by the next open() should its test have failed before closing it

/** A fresh page of `which` site, with page errors collected (every test asserts there were none). */
async function open(which = site, viewport = { width: 1000, height: 900 }) {
  // A WebDriver engine runs one session at a time: one failed test must not fail the rest.
  try {
    await lastPage?.close();
  } catch {
    // already gone
  }
  const { page, errors, clearCookies, close } = await browser.newPage(viewport);
  lastPage = { close };
  await load(page, which);
  return { page, errors, clearCookies, close };
}

async function load(page, which) {
  await page.goto(`${which.url}/`);
  await page.waitForSelector("body[data-ready=true]");
  // Record every status the progress section shows, in order.
  await page.evaluate(() => {
    window.__statuses = [];
    new MutationObserver(() => {
      const status = document.getElementById("progress-section").dataset.status;
      if (status && window.__statuses.at(-1) !== status) window.__statuses.push(status);
    }).observe(document.getElementById("progress-section"), { attributes: true, attributeFilter: ["data-status"] });
  });
}

async function waitForResult(page) {
  await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
  await page.waitForFunction(() => document.getElementById("output").readyState >= 2, null, { timeout: 15_000 });
}

/** What the finished page shows, for assertions. */
async function finishedState(page) {
  return page.evaluate(() => {
    const video = document.getElementById("output");
    return {
      progress: Number(document.getElementById("progress").value),
      status: document.getElementById("status").textContent,
      statuses: window.__statuses,
      videoSrc: video.currentSrc,
      readyState: video.readyState,
      duration: video.duration,
      videoWidth: video.videoWidth,
      download: document.getElementById("download").href,
      errorHidden: document.getElementById("error").hidden,
      recent: [...document.querySelectorAll("#recent li")].map((li) => li.textContent),
      storage: localStorage.length + sessionStorage.length,
      cookie: document.cookie,
      address: location.href,
      mode: document.getElementById("connection-mode").dataset.mode,
    };
  });
}

function assertPlayed(state, keyTyped) {
  assert.equal(state.progress, 100);
  assert.equal(state.status, "COMPLETED");
  assert.deepEqual(state.statuses.filter((s) => ["PENDING", "PROCESSING", "COMPLETED"].includes(s)), ["PENDING", "PROCESSING", "COMPLETED"]);
  // The bar only moves forward: uploading, creating, then the API's statuses.
  const order = ["UPLOADING", "CREATING", "PENDING", "PROCESSING", "COMPLETED"];
  const steps = state.statuses.map((s) => order.indexOf(s));
  assert.ok(steps.every((step, i) => step >= 0 && (i === 0 || step > steps[i - 1])), state.statuses.join(" → "));
  assert.match(state.videoSrc, /\/outputs\/[0-9a-f-]{36}\.mp4$/);
  assert.ok(state.readyState >= 2, `video readyState ${state.readyState}`);
  assert.ok(state.videoWidth > 0 && Math.abs(state.duration - 2) < 0.2, `decoded ${state.videoWidth}px, ${state.duration} s`);
  assert.equal(state.download, state.videoSrc);
  assert.equal(state.errorHidden, true);
  const id = state.videoSrc.match(/([0-9a-f-]{36})\.mp4$/)[1];
  assert.ok(state.recent.some((text) => text.includes(id) && text.includes("COMPLETED")), "the new generation is listed");
  assert.equal(state.mode, keyTyped ? "own-key" : "proxy");
  // Nothing stored, nothing in the address (the session cookie is HttpOnly: not the page's to read).
  assert.equal(state.storage, 0);
  assert.equal(state.cookie, "");
  for (const key of [SERVER_KEY, keyTyped].filter(Boolean)) assert.ok(!state.address.includes(key));
  return id;
}

/** A generation as the mock holds it (the API needs the key: the server's, which this test knows). */
async function mockGeneration(id) {
  return (await fetch(`${site.apiUrl}/v2/generate/${id}`, { headers: { "x-api-key": SERVER_KEY } })).json();
}

async function mockJson(which, path) {
  return (await fetch(`${which.apiUrl}${path}`)).json();
}

/** The requests the mock has recorded so far (each with the key as "[redacted]"). */
async function mockRequests(which) {
  return (await mockJson(which, "/__mock/requests")).requests;
}

async function queueFaults(which, match, faults) {
  const [method, path] = match.split(" ");
  const res = await fetch(`${which.apiUrl}/__mock/faults`, { method: "POST", body: JSON.stringify(faults.map((f) => ({ method, path, ...f }))) });
  assert.equal(res.status, 200);
}

async function shownError(page) {
  return page.evaluate(() => ({
    kind: document.getElementById("error").dataset.kind,
    via: document.getElementById("error").dataset.via,
    title: document.getElementById("error-title").textContent,
    message: document.getElementById("error-message").textContent,
    text: document.getElementById("error").textContent,
    hints: [...document.querySelectorAll("#error-hints li")].map((li) => li.textContent),
    meta: document.getElementById("error-meta").textContent,
    invalid: [...document.querySelectorAll("[aria-invalid=true]")].map((el) => el.id),
    focused: document.activeElement.id,
    resultHidden: document.getElementById("result").hidden,
    createEnabled: !document.getElementById("create").disabled,
  }));
}

/** 0.5 s of a 440 Hz tone as a 16-bit mono WAV. */
function wav(seconds = 0.5, rate = 8000) {
  const samples = Math.round(seconds * rate);
  const bytes = Buffer.alloc(44 + samples * 2);
  bytes.write("RIFF", 0);
  bytes.writeUInt32LE(36 + samples * 2, 4);
  bytes.write("WAVEfmt ", 8);
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(rate * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36);
  bytes.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return bytes;
}

test(`${ENGINE}: by URL, through the proxy: no key asked, cost estimate, create, progress to 100 %, the output video plays, listed as recent`, async () => {
  const { page, errors, close } = await open();
  assert.equal(await page.getAttribute("#connection-mode", "data-mode"), "proxy");
  assert.equal(await page.getAttribute("#api-key", "required"), null, "the key field is optional");
  await page.selectOption("#model", "lipsync-2-pro");
  await page.selectOption("#sync-mode", "loop");
  await page.click("#estimate");
  await page.waitForFunction(() => document.getElementById("cost").textContent.startsWith("Estimated cost"));
  assert.equal(await page.textContent("#cost"), "Estimated cost: $1.20 (240 frames).");
  await page.click("#create");
  await waitForResult(page);
  const state = await finishedState(page);
  const id = assertPlayed(state);
  const created = await mockGeneration(id);
  assert.equal(created.model, "lipsync-2-pro");
  assert.equal(created.options.sync_mode, "loop");
  await page.screenshot({ path: new URL(`finished-${ENGINE}.png`, OUTPUT_DIR).pathname, fullPage: true });
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: the page holds no key: it never sends x-api-key, and the mock answers the server's key, which only the server holds`, async () => {
  const pageBefore = site.proxyRequests.length;
  const mockBefore = (await mockRequests(site)).length;
  const { page, errors, close } = await open();
  // In Chromium, also every request the page makes, to anywhere, with all its headers.
  const heard = [];
  if (ENGINE === "chromium") page.on("request", (r) => heard.push(r.allHeaders().then((headers) => ({ url: r.url(), headers }))));
  await page.click("#estimate");
  await page.waitForFunction(() => document.getElementById("cost").textContent.startsWith("Estimated cost"));
  await page.click("#create");
  await waitForResult(page);
  const id = assertPlayed(await finishedState(page));
  if (ENGINE === "chromium") {
    const requests = await Promise.all(heard);
    assert.ok(requests.some((r) => r.url.startsWith(`${site.url}/api/sync/v2/generate`)), "the page's requests were heard");
    for (const r of requests) assert.equal(r.headers["x-api-key"], undefined, `the page sent no key to ${r.url}`);
  }

  // What the page sent to the proxy route on its own origin: no key, the session cookie, all answered.
  const sent = site.proxyRequests.slice(pageBefore);
  const routes = sent.map((r) => `${r.method} ${r.path}`);
  for (const route of ["POST /api/sync/v2/analyze/cost", "POST /api/sync/v2/generate", `GET /api/sync/v2/generate/${id}`, "GET /api/sync/v2/generations"]) {
    assert.ok(routes.includes(route), `${route} in ${routes.join(", ")}`);
  }
  for (const r of sent) {
    assert.equal(r.headers["x-api-key"], undefined, `${r.method} ${r.path} carried no x-api-key`);
    assert.equal(r.headers.authorization, undefined);
    assert.equal(r.headers.cookie, "[redacted]", "the session cookie went along");
    assert.ok(r.status >= 200 && r.status < 300, `${r.method} ${r.path} answered ${r.status}`);
  }

  // What reached the mock's API routes: each with a key (recorded as "[redacted]"), none from the
  // browser (no Origin: the proxy forwards none), and the mock answered them all (the page got 2xx).
  const reached = (await mockRequests(site)).slice(mockBefore).filter((r) => r.path.startsWith("/v2/"));
  assert.ok(reached.length >= sent.length, `${reached.length} API requests for ${sent.length} proxied`);
  for (const r of reached) {
    assert.equal(r.headers["x-api-key"], "[redacted]", `${r.method} ${r.path} had a key`);
    assert.equal(r.headers.origin, undefined, `${r.method} ${r.path} came from the proxy, not the page`);
  }
  // What the page fetched from the mock itself (the output video): no key.
  const fromPage = (await mockRequests(site)).slice(mockBefore).filter((r) => !r.path.startsWith("/v2/"));
  assert.ok(fromPage.some((r) => r.path.startsWith("/outputs/")), "the page loaded the output from the mock");
  for (const r of fromPage) assert.equal(r.headers["x-api-key"], undefined, `${r.method} ${r.path} from the page carried no key`);
  // ...and the one key this mock takes is the server's: not the mock's default, not a personal key.
  const status = async (key) => (await fetch(`${site.apiUrl}/v2/generations`, { headers: key ? { "x-api-key": key } : {} })).status;
  assert.equal(await status(SERVER_KEY), 200);
  for (const key of [undefined, DEFAULT_API_KEY, DEMO_PERSONAL_KEY]) assert.equal(await status(key), 401, `the mock refuses ${key}`);
  // The page was never told it: not in its config, not in what it shows.
  const config = await (await fetch(`${site.url}/config.json`)).text();
  assert.ok(!config.includes(SERVER_KEY));
  assert.equal(JSON.parse(config).proxyUrl, "/api/sync");
  assert.ok(!(await page.evaluate(() => document.documentElement.outerHTML)).includes(SERVER_KEY));
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: by file, sent with the create request (createWithFiles) through the proxy: the mock receives both files`, async () => {
  const pageBefore = site.proxyRequests.length;
  const { page, errors, close } = await open();
  await page.check('input[name="video-source"][value="file"]');
  await page.check('input[name="audio-source"][value="file"]');
  assert.equal(await page.isVisible("#video-url"), false);
  await page.setInputFiles("#video-file", { name: "speaker.mp4", mimeType: "video/mp4", buffer: VIDEO });
  await page.setInputFiles("#audio-file", { name: "voice.wav", mimeType: "audio/wav", buffer: wav() });
  await page.selectOption("#upload-method", "multipart");
  // A cost estimate needs URLs: the page says so instead of failing.
  await page.click("#estimate");
  assert.match(await page.textContent("#cost"), /needs the media by URL/);
  await page.click("#create");
  await waitForResult(page);
  assertPlayed(await finishedState(page));
  const parts = await mockJson(site, "/__mock/last-multipart");
  const files = Object.fromEntries(parts.filter((p) => p.kind === "file").map((p) => [p.name, p]));
  assert.equal(files.video.filename, "speaker.mp4");
  assert.equal(files.video.size, VIDEO.length);
  assert.equal(files.audio.filename, "voice.wav");
  assert.equal(files.audio.size, wav().length);
  assert.equal(parts.find((p) => p.name === "model").value, "lipsync-2");
  // The multipart body went through the proxy (streamed on to the mock).
  const createdVia = site.proxyRequests.slice(pageBefore).find((r) => r.method === "POST" && r.path === "/api/sync/v2/generate");
  assert.match(createdVia?.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/);
  assert.equal(createdVia.status, 201);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: by file, uploaded as assets first: through the proxy, but the bytes go straight to the mock's storage; the estimate uploads once, create reuses the upload`, async () => {
  const pageBefore = site.proxyRequests.length;
  const mockBefore = (await mockRequests(site)).length;
  const { page, errors, close } = await open();
  await page.check('input[name="video-source"][value="file"]');
  await page.setInputFiles("#video-file", { name: "face.mp4", mimeType: "video/mp4", buffer: VIDEO });
  await page.selectOption("#upload-method", "assets");
  await page.click("#estimate");
  await page.waitForFunction(() => document.getElementById("cost").textContent.startsWith("Estimated cost"));
  await page.click("#create");
  await waitForResult(page);
  const id = assertPlayed(await finishedState(page));
  const mockSaw = (await mockRequests(site)).slice(mockBefore);
  const uploads = mockSaw.filter((r) => r.path === "/v2/assets/upload");
  assert.equal(uploads.length, 1, "one upload for the one file");
  assert.equal(uploads[0].headers.origin, undefined, "the upload request came through the proxy");
  // The presigned PUT: from the browser (its Origin), to the mock's own storage URL, with no key.
  const puts = mockSaw.filter((r) => r.method === "PUT");
  assert.equal(puts.length, 1);
  assert.match(puts[0].path, /^\/__upload\//);
  assert.equal(puts[0].headers.origin, site.url);
  assert.equal(puts[0].headers["x-api-key"], undefined);
  const proxied = site.proxyRequests.slice(pageBefore);
  assert.ok(proxied.some((r) => r.method === "POST" && r.path === "/api/sync/v2/assets/upload"));
  assert.ok(!proxied.some((r) => r.method === "PUT" || r.path.includes("__upload")), "the bytes skipped the proxy");
  const generation = await mockGeneration(id);
  const video = generation.input.find((i) => i.type === "video");
  assert.match(video.url, /\/files\/[0-9a-f-]{36}$/);
  assert.ok(video.url.startsWith(site.apiUrl), video.url);
  // The uploaded bytes are what the mock stored.
  assert.deepEqual(Buffer.from(await (await fetch(video.url)).arrayBuffer()), VIDEO);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: signed out: the app's authorize answers 401, shown as UnauthorizedError with sign-in hints (not key hints); nothing reaches the API; a new session works`, async () => {
  const { page, errors, clearCookies, close } = await open();
  const mockBefore = (await mockRequests(site)).length;
  const pageBefore = site.proxyRequests.length;
  await clearCookies(); // the session cookie goes: signed out
  await page.click("#create");
  await page.waitForSelector("#error:not([hidden])");
  const shown = await shownError(page);
  assert.equal(shown.kind, "UnauthorizedError");
  assert.equal(shown.via, "proxy");
  assert.equal(shown.title, "This app refused the request: you are not signed in");
  assert.ok(shown.hints.some((h) => /sign in again/i.test(h)), shown.hints.join(" | "));
  assert.ok(!shown.hints.some((h) => /API keys page|check (the|your) key/i.test(h)), shown.hints.join(" | "));
  // The SDK's message: the proxy's own words, and its note that the proxy (not a key of the page's) refused.
  assert.match(shown.message, /This app did not authorize the request\./);
  assert.match(shown.message, /went through your proxy \(proxyUrl\)/);
  assert.equal(shown.meta, "HTTP 401 · errorCode proxy_unauthorized");
  assert.deepEqual(shown.invalid, [], "no field is to blame");
  assert.equal(shown.focused, "error");
  assert.equal(shown.resultHidden, true);
  assert.equal(shown.createEnabled, true);
  const refused = site.proxyRequests.slice(pageBefore);
  assert.deepEqual(refused.map((r) => `${r.method} ${r.path} ${r.status}`), ["POST /api/sync/v2/generate 401"]);
  assert.equal(refused[0].headers.cookie, undefined, "no session cookie was sent");
  assert.equal((await mockRequests(site)).length, mockBefore, "nothing reached the API");
  // Signing in again (in the demo: loading the page) makes the proxy serve the page again.
  await load(page, site);
  await page.click("#estimate");
  await page.waitForFunction(() => document.getElementById("cost").textContent.startsWith("Estimated cost"));
  assert.equal(await page.evaluate(() => document.getElementById("error").hidden), true);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: own key (personal tools only): a wrong key shows the 401 key hints, marks the field, never shows the key; the right one calls the mock directly`, async () => {
  const { page, errors, close } = await open(slowSite);
  const wrong = "sk-wrong-key-4242";
  const pageBefore = slowSite.proxyRequests.length;
  const mockBefore = (await mockRequests(slowSite)).length;
  await page.fill("#api-key", wrong);
  assert.equal(await page.getAttribute("#connection-mode", "data-mode"), "own-key");
  await page.click("#create");
  await page.waitForSelector("#error:not([hidden])");
  const shown = await shownError(page);
  assert.equal(shown.kind, "UnauthorizedError");
  assert.equal(shown.via, "own-key");
  assert.equal(shown.title, "The API did not accept the key");
  assert.ok(shown.hints.some((h) => h.includes("API keys page")), shown.hints.join(" | "));
  assert.ok(shown.hints.some((h) => h.includes(DEMO_PERSONAL_KEY)), "points to the mock's personal key");
  assert.match(shown.text, /HTTP 401/);
  assert.ok(!shown.text.includes(wrong), "the typed key is not echoed");
  assert.deepEqual(shown.invalid, ["api-key"]);
  assert.equal(shown.focused, "error", "focus moves to the error for screen readers and keyboards");
  assert.equal(shown.resultHidden, true);
  assert.equal(shown.createEnabled, true);

  await page.fill("#api-key", DEMO_PERSONAL_KEY);
  await page.click("#estimate");
  await page.waitForFunction(() => document.getElementById("cost").textContent.startsWith("Estimated cost"));
  assert.equal(slowSite.proxyRequests.length, pageBefore, "nothing went through the proxy");
  const direct = (await mockRequests(slowSite)).slice(mockBefore).filter((r) => r.path.startsWith("/v2/"));
  assert.deepEqual(direct.map((r) => `${r.method} ${r.path}`), ["POST /v2/generate", "POST /v2/analyze/cost"]);
  for (const r of direct) assert.equal(r.headers.origin, slowSite.url, "straight from the page");
  // Emptying the field goes back through the app's server.
  await page.fill("#api-key", "");
  assert.equal(await page.getAttribute("#connection-mode", "data-mode"), "proxy");
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: cancel mid-way stops waiting, says the generation goes on, and re-enables the form`, async () => {
  const { page, errors, close } = await open(slowSite);
  await page.click("#create");
  await page.waitForFunction(() => window.__statuses.includes("PENDING"));
  assert.equal(await page.isEnabled("#create"), false);
  await page.click("#cancel");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Cancelled"));
  const state = await page.evaluate(() => ({
    status: document.getElementById("status").textContent,
    progress: Number(document.getElementById("progress").value),
    resultHidden: document.getElementById("result").hidden,
    errorHidden: document.getElementById("error").hidden,
    createEnabled: !document.getElementById("create").disabled,
    cancelEnabled: !document.getElementById("cancel").disabled,
  }));
  assert.match(state.status, /^Cancelled: stopped waiting\. Generation [0-9a-f-]{36} keeps running on the server/);
  assert.ok(state.progress < 100);
  assert.equal(state.resultHidden, true);
  assert.equal(state.errorHidden, true, "a cancel is not an error");
  assert.equal(state.createEnabled, true);
  assert.equal(state.cancelEnabled, false);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: servers down: the API behind the proxy (502 from the proxy), then the app's server itself (no answer)`, async () => {
  const deadApi = `http://127.0.0.1:${await freePort()}`;
  const lonely = await startSite({ baseUrl: deadApi, apiKey: "sync-key-of-nowhere" });
  try {
    const { page, errors, close } = await open(lonely);
    await page.click("#create");
    await page.waitForSelector("#error:not([hidden])", { timeout: 30_000 });
    let shown = await shownError(page);
    assert.equal(shown.kind, "InternalServerError");
    assert.equal(shown.title, "This app's server cannot reach the Sync API");
    assert.match(shown.meta, /^HTTP 502 · errorCode proxy_upstream_unreachable/);
    assert.deepEqual(shown.invalid, []);
    assert.ok(!shown.text.includes("sync-key-of-nowhere"));

    await lonely.close();
    await page.click("#create");
    await page.waitForFunction(() => document.getElementById("error").dataset.kind === "SyncConnectionError", null, { timeout: 30_000 });
    shown = await shownError(page);
    assert.equal(shown.title, "Cannot reach this app's server");
    assert.ok(shown.message.startsWith(`No answer from ${lonely.url}/api/sync.`), shown.message);
    assert.deepEqual(shown.invalid, [], "no field to fix: the base URL is not used through the proxy");
    assert.deepEqual(await errors(), []);
    await close();
  } finally {
    await lonely.close();
  }
});

test(`${ENGINE}: 402 and 429 from the API pass through the proxy typed: billing explained, Retry-After honoured`, async () => {
  const { page, errors, close } = await open();
  await queueFaults(site, "POST /v2/generate", [
    { status: 402, body: { statusCode: 402, message: "Free tier used up.", error: "Payment Required" } },
  ]);
  await page.click("#create");
  await page.waitForSelector("#error:not([hidden])");
  assert.equal(await page.getAttribute("#error", "data-kind"), "PaymentRequiredError");
  assert.equal(await page.textContent("#error-title"), "Billing: this app's Sync account cannot pay for the generation");
  assert.match(await page.textContent("#error-hints"), /checks billing in the Sync dashboard/);
  assert.match(await page.textContent("#error-message"), /Free tier used up\./);

  // x-should-retry: false makes the SDK give up at once, so the page shows the server's wait.
  await queueFaults(site, "POST /v2/generate", [
    {
      status: 429,
      headers: { "retry-after": "30", "x-should-retry": "false" },
      body: { statusCode: 429, message: "Rate limit exceeded.", errorCode: "rate_limit_exceeded" },
    },
  ]);
  await page.click("#create");
  await page.waitForFunction(() => document.getElementById("error").dataset.kind === "TooManyRequestsError");
  assert.equal(await page.textContent("#error-title"), "Too many requests");
  assert.match(await page.textContent("#error-hints"), /The server asks to wait 30 s: try again after /);
  assert.match(await page.textContent("#error-meta"), /HTTP 429 · errorCode rate_limit_exceeded/);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: keyboard and labels: every control has a label, and the whole flow runs from the keyboard`, async () => {
  const { page, errors, close } = await open();
  const unlabeled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, button, progress")]
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent.trim())))
      .map((el) => el.id || el.outerHTML),
  );
  assert.deepEqual(unlabeled, []);
  // Tab to Create (past the optional key field, left empty) and press Enter: no mouse at all.
  const tabTo = async (id) => {
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement.id)) !== id; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), id, `Tab reaches #${id}`);
  };
  await tabTo("api-key");
  await tabTo("create");
  await page.keyboard.press("Enter");
  await waitForResult(page);
  assertPlayed(await finishedState(page));
  assert.equal(await page.evaluate(() => document.activeElement.id), "result-heading", "focus moves to the result");
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: phone width (375 px, or the engine's narrowest window): no sideways scrolling, and the flow works`, async () => {
  const { page, errors, close } = await open(site, { width: 375, height: 740 });
  await page.click("#create");
  await waitForResult(page);
  assertPlayed(await finishedState(page));
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: innerWidth }));
  console.log(`# ${ENGINE}: viewport ${widths.viewport} px, page ${widths.page} px`);
  // Chromium gets exactly 375 px; the WebDriver engines' windows stop at their minimum width
  // (Firefox 500 px, WebKitGTK about 450 px), still a narrow single column.
  assert.ok(widths.viewport <= (ENGINE === "chromium" ? 375 : 500), `viewport ${widths.viewport}px`);
  assert.ok(widths.page <= widths.viewport, `page ${widths.page}px wide in a ${widths.viewport}px viewport`);
  await page.screenshot({ path: new URL(`phone-${ENGINE}.png`, OUTPUT_DIR).pathname, fullPage: true });
  assert.deepEqual(await errors(), []);
  await close();
});
