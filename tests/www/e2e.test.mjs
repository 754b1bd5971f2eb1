// End-to-end tests of the browser app (www/): the page is served on 127.0.0.1 with the built package,
// against the bundled mock API on another port, and driven in one browser engine: E2E_ENGINE=chromium
// (playwright-core, the default), firefox or webkit (WebDriver; see browsers.mjs). WebKit needs a
// display: run under `xvfb-run -a`. Needs `scripts/build.sh` first (pkg/). Screenshots go to
// www/test-output/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { startSite } from "../../www/serve.mjs";
import { outputMp4 } from "../../pkg/testing/media.js";
import { openBrowser } from "./browsers.mjs";
import { freePort } from "../free-port.mjs";

const ENGINE = process.env.E2E_ENGINE ?? "chromium";

const KEY = "sync-test-key";
const OUTPUT_DIR = new URL("../../www/test-output/", import.meta.url);
// The kit's output clip: a real MP4 the page can upload as a video file.
const VIDEO = Buffer.from(outputMp4());

let browser;
let site; // generations finish after ~2.4 s
let slowSite; // generations take ~20 s, to cancel one mid-way

before(async () => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await openBrowser(ENGINE);
  site = await startSite({ stepMs: 1200 });
  slowSite = await startSite({ stepMs: 10_000 });
});

after(async () => {
  if (browser) console.log(`# engine: ${browser.name} ${browser.version}`);
  await browser?.close();
  await site?.close();
  await slowSite?.close();
});

/** A fresh page of `which` site, with page errors collected (every test asserts there were none). */
async function open(which = site, viewport = { width: 1000, height: 900 }) {
  const { page, errors, close } = await browser.newPage(viewport);
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
  return { page, errors, close };
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
    };
  });
}

function assertPlayed(state, keyTyped = KEY) {
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
  // The key stays in memory: not stored, not in the address.
  assert.equal(state.storage, 0);
  assert.equal(state.cookie, "");
  assert.ok(!state.address.includes(keyTyped));
  return id;
}

/** A generation as the mock holds it (the API needs the key). */
async function mockGeneration(id) {
  return (await fetch(`${site.apiUrl}/v2/generate/${id}`, { headers: { "x-api-key": KEY } })).json();
}

async function mockJson(which, path) {
  return (await fetch(`${which.apiUrl}${path}`)).json();
}

async function queueFaults(which, match, faults) {
  const [method, path] = match.split(" ");
  const res = await fetch(`${which.apiUrl}/__mock/faults`, { method: "POST", body: JSON.stringify(faults.map((f) => ({ method, path, ...f }))) });
  assert.equal(res.status, 200);
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

test(`${ENGINE}: by URL: cost estimate, create, progress to 100 %, the output video plays, listed as recent`, async () => {
  const { page, errors, close } = await open();
  await page.fill("#api-key", KEY);
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

test(`${ENGINE}: by file, sent with the create request (createWithFiles): the mock receives both files`, async () => {
  const { page, errors, close } = await open();
  await page.fill("#api-key", KEY);
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
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: by file, uploaded as assets first: the estimate uploads once, create reuses the uploads`, async () => {
  const { page, errors, close } = await open();
  const uploadsBefore = (await mockJson(site, "/__mock/requests?path=/v2/assets/upload")).count;
  await page.fill("#api-key", KEY);
  await page.check('input[name="video-source"][value="file"]');
  await page.setInputFiles("#video-file", { name: "face.mp4", mimeType: "video/mp4", buffer: VIDEO });
  await page.selectOption("#upload-method", "assets");
  await page.click("#estimate");
  await page.waitForFunction(() => document.getElementById("cost").textContent.startsWith("Estimated cost"));
  await page.click("#create");
  await waitForResult(page);
  const id = assertPlayed(await finishedState(page));
  const uploadsAfter = (await mockJson(site, "/__mock/requests?path=/v2/assets/upload")).count;
  assert.equal(uploadsAfter - uploadsBefore, 1, "one upload for the one file");
  const generation = await mockGeneration(id);
  const video = generation.input.find((i) => i.type === "video");
  assert.match(video.url, /\/files\/[0-9a-f-]{36}$/);
  // The uploaded bytes are what the mock stored.
  assert.deepEqual(Buffer.from(await (await fetch(video.url)).arrayBuffer()), VIDEO);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: a wrong key shows the 401 remediation hints, marks the key field, and never shows the key`, async () => {
  const { page, errors, close } = await open();
  const wrong = "sk-wrong-key-4242";
  await page.fill("#api-key", wrong);
  await page.click("#create");
  await page.waitForSelector("#error:not([hidden])");
  const shown = await page.evaluate(() => ({
    kind: document.getElementById("error").dataset.kind,
    title: document.getElementById("error-title").textContent,
    text: document.getElementById("error").textContent,
    hints: [...document.querySelectorAll("#error-hints li")].map((li) => li.textContent),
    invalid: document.getElementById("api-key").getAttribute("aria-invalid"),
    focused: document.activeElement.id,
    resultHidden: document.getElementById("result").hidden,
    createEnabled: !document.getElementById("create").disabled,
  }));
  assert.equal(shown.kind, "UnauthorizedError");
  assert.equal(shown.title, "The API did not accept the key");
  assert.ok(shown.hints.some((h) => h.includes("API keys page")), shown.hints.join(" | "));
  assert.ok(shown.hints.some((h) => h.includes(KEY)), "points to the mock's key");
  assert.match(shown.text, /HTTP 401/);
  assert.ok(!shown.text.includes(wrong), "the typed key is not echoed");
  assert.equal(shown.invalid, "true");
  assert.equal(shown.focused, "error", "focus moves to the error for screen readers and keyboards");
  assert.equal(shown.resultHidden, true);
  assert.equal(shown.createEnabled, true);
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: cancel mid-way stops waiting, says the generation goes on, and re-enables the form`, async () => {
  const { page, errors, close } = await open(slowSite);
  await page.fill("#api-key", KEY);
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

test(`${ENGINE}: a server that is down: the page says it cannot be reached and marks the base URL`, async () => {
  const port = await freePort();
  const { page, errors, close } = await open();
  await page.fill("#api-key", KEY);
  await page.fill("#base-url", `http://127.0.0.1:${port}`);
  await page.click("#create");
  await page.waitForSelector("#error:not([hidden])", { timeout: 30_000 });
  const shown = await page.evaluate(() => ({
    kind: document.getElementById("error").dataset.kind,
    title: document.getElementById("error-title").textContent,
    message: document.getElementById("error-message").textContent,
    invalid: document.getElementById("base-url").getAttribute("aria-invalid"),
  }));
  assert.equal(shown.kind, "SyncConnectionError");
  assert.equal(shown.title, "Cannot reach the server");
  assert.ok(shown.message.startsWith(`No answer from http://127.0.0.1:${port}.`), shown.message);
  assert.equal(shown.invalid, "true");
  assert.deepEqual(await errors(), []);
  await close();
});

test(`${ENGINE}: 402 explains billing; 429 says when to retry, from Retry-After`, async () => {
  const { page, errors, close } = await open();
  await page.fill("#api-key", KEY);
  await queueFaults(site, "POST /v2/generate", [
    { status: 402, body: { statusCode: 402, message: "Free tier used up.", error: "Payment Required" } },
  ]);
  await page.click("#create");
  await page.waitForSelector("#error:not([hidden])");
  assert.equal(await page.getAttribute("#error", "data-kind"), "PaymentRequiredError");
  assert.equal(await page.textContent("#error-title"), "Billing: this account cannot pay for the generation");
  assert.match(await page.textContent("#error-hints"), /Check billing in the Sync dashboard/);

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
  // Tab to the key field and type it, Tab on to Create and press Enter: no mouse at all.
  const tabTo = async (id) => {
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement.id)) !== id; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), id, `Tab reaches #${id}`);
  };
  await tabTo("api-key");
  await page.keyboard.type(KEY);
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
  await page.fill("#api-key", KEY);
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
