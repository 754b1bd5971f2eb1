// The lip-sync studio: one page that drives sync-wasm as a user's app would. Plain DOM, no framework.
//
// By default the page holds no key: its client talks to this app's own route (`proxyUrl`, served by
// sync-wasm/proxy in serve.mjs), which adds the server's key. Only with the optional own key (a
// personal tool) does the page call the API itself; that key lives in the password field and in the
// `SyncClient` made for each action, nowhere else: not in localStorage, sessionStorage, cookies or the
// address.

import {
  SyncClient,
  isSyncError,
  SyncAPIError,
  UnauthorizedError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  TooManyRequestsError,
  InternalServerError,
  SyncConnectionError,
  SyncTimeoutError,
  SyncAbortError,
  SyncConfigurationError,
  SyncValidationError,
  GenerationFailedError,
} from "sync-wasm";

const $ = (id) => document.getElementById(id);

/** Where each status puts the progress bar: the API reports stages, not percentages. */
const STAGES = { UPLOADING: 5, CREATING: 10, PENDING: 25, PROCESSING: 60, COMPLETED: 100 };
const STAGE_TEXT = {
  UPLOADING: "Uploading files",
  CREATING: "Creating the generation",
  PENDING: "PENDING: queued",
  PROCESSING: "PROCESSING: lip-syncing",
  COMPLETED: "COMPLETED",
};

/** Assets already uploaded for a File (by the cost estimate), so create does not upload it again. */
const uploadedAssets = new WeakMap();
let running = null; // { controller, startedAt, timer } while a generation is being made
let config = {}; // /config.json: { proxyUrl, baseUrl, personalKey }

// ----- the client -----

/** The route of this app's server that holds the key. */
function proxyUrl() {
  return config.proxyUrl ?? "/api/sync";
}

function usingOwnKey() {
  return $("api-key").value.trim() !== "";
}

/**
 * How one action connects (kept for the error hints): through this app's server by default,
 * directly with the user's own key when they typed one.
 */
function connection() {
  return usingOwnKey() ? { proxy: false, where: $("base-url").value.trim() } : { proxy: true, where: proxyUrl() };
}

/** The client for `via`; it may throw (a bad base URL), so call it inside the action's try. */
function clientFor(via) {
  if (via.proxy) return new SyncClient({ proxyUrl: via.where });
  return new SyncClient({
    apiKey: $("api-key").value,
    baseUrl: via.where,
    // The user's own tool: they typed their own key into it (see the help text).
    dangerouslyAllowBrowser: true,
  });
}

/** Says how the page connects; only when that changes, so a screen reader hears it once. */
function showMode() {
  const mode = $("connection-mode");
  const now = usingOwnKey() ? "own-key" : "proxy";
  if (mode.dataset.mode === now) return;
  mode.dataset.mode = now;
  if (now === "own-key") {
    mode.textContent = "Directly to the API base URL below, with your own key: this page holds the key.";
  } else {
    const where = document.createElement("code");
    where.textContent = proxyUrl();
    mode.replaceChildren("Through this app's server (", where, "), which holds the API key: this page needs none.");
  }
}

// ----- form state -----

function source(kind) {
  return document.querySelector(`input[name="${kind}-source"]:checked`).value;
}

function chosenFile(kind) {
  return $(`${kind}-file`).files[0];
}

function updateSources() {
  for (const kind of ["video", "audio"]) {
    const byFile = source(kind) === "file";
    document.querySelector(`[data-source="${kind}-url"]`).hidden = byFile;
    document.querySelector(`[data-source="${kind}-file"]`).hidden = !byFile;
  }
  $("upload-method-field").hidden = source("video") !== "file" && source("audio") !== "file";
}

function generationFields() {
  return { model: $("model").value, options: { sync_mode: $("sync-mode").value } };
}

/** A form problem found before anything is sent; shown like the SDK's own validation errors. */
class FormProblem extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

function requireFile(kind) {
  const file = chosenFile(kind);
  if (!file) throw new FormProblem(`${kind}-file`, `Choose a ${kind} file, or switch to a URL.`);
  return file;
}

/** Upload a file as an asset once, and reuse the asset's URL afterwards. */
function assetUrl(sync, file, signal) {
  let pending = uploadedAssets.get(file);
  if (!pending) {
    pending = sync.assets.upload(file, { fileName: file.name, signal }).then((asset) => asset.url);
    uploadedAssets.set(file, pending);
    pending.catch(() => uploadedAssets.delete(file));
  }
  return pending;
}

/** The `input` list, uploading local files as assets first. */
async function inputsByUrl(sync, signal) {
  const input = [];
  for (const kind of ["video", "audio"]) {
    if (source(kind) === "url") input.push({ type: kind, url: $(`${kind}-url`).value.trim() });
    else input.push({ type: kind, url: await assetUrl(sync, requireFile(kind), signal) });
  }
  return input;
}

// ----- cost estimate -----

async function estimate() {
  hideError();
  const cost = $("cost");
  const files = source("video") === "file" || source("audio") === "file";
  if (files && $("upload-method").value === "multipart") {
    cost.textContent =
      "A cost estimate needs the media by URL. Choose “Upload as assets first” to see the cost of local files.";
    return;
  }
  cost.textContent = files ? "Uploading files to estimate…" : "Estimating…";
  const via = connection();
  try {
    const sync = clientFor(via);
    const [first] = await sync.generations.estimateCost({ ...generationFields(), input: await inputsByUrl(sync) });
    cost.textContent = first
      ? `Estimated cost: $${first.estimatedGenerationCost.toFixed(2)} (${first.estimatedFrameCount} frames).`
      : "The API returned no estimate.";
  } catch (error) {
    cost.textContent = "";
    showError(error, via);
  }
}

// ----- create and wait -----

async function create(event) {
  event.preventDefault();
  if (running) return;
  hideError();
  $("result").hidden = true;
  const controller = new AbortController();
  const signal = controller.signal;
  startProgress(controller);
  let generation;
  const via = connection();
  try {
    const sync = clientFor(via);
    const files = source("video") === "file" || source("audio") === "file";
    if (files && $("upload-method").value === "multipart") {
      const fields = { ...generationFields(), input: [] };
      for (const kind of ["video", "audio"]) {
        if (source(kind) === "file") fields[kind] = requireFile(kind);
        else fields.input.push({ type: kind, url: $(`${kind}-url`).value.trim() });
      }
      setStage("UPLOADING");
      generation = await sync.generations.createWithFiles(fields, { signal });
    } else {
      if (files) setStage("UPLOADING");
      const input = await inputsByUrl(sync, signal);
      setStage("CREATING");
      generation = await sync.generations.create({ ...generationFields(), input }, { signal });
    }
    $("generation-id").textContent = `Generation ${generation.id}`;
    setStage(generation.status);
    const done = await sync.generations.waitForCompletion(generation.id, {
      signal,
      timeoutMs: 15 * 60 * 1000,
      // The server answers a held request only at the end: short holds let PROCESSING show up.
      longPollSeconds: 1,
      onProgress: (g) => setStage(g.status),
    });
    setStage(done.status);
    showResult(done);
    refreshRecent();
  } catch (error) {
    if (error instanceof SyncAbortError) {
      setStatusText(
        generation
          ? `Cancelled: stopped waiting. Generation ${generation.id} keeps running on the server; it will show in Recent generations.`
          : "Cancelled before the generation was created.",
      );
    } else {
      setStatusText(`Stopped: ${error?.name ?? "error"}`);
      showError(error, via);
    }
  } finally {
    stopProgress();
  }
}

function startProgress(controller) {
  $("progress-section").hidden = false;
  $("generation-id").textContent = "";
  $("create").disabled = true;
  $("estimate").disabled = true;
  $("cancel").disabled = false;
  $("progress").value = 0;
  const startedAt = performance.now();
  const timer = setInterval(showElapsed, 100);
  running = { controller, startedAt, timer };
  delete $("progress-section").dataset.status;
  setStatusText("Starting");
  showElapsed();
}

function stopProgress() {
  showElapsed();
  clearInterval(running.timer);
  running = null;
  $("create").disabled = false;
  $("estimate").disabled = false;
  $("cancel").disabled = true;
}

function showElapsed() {
  if (running) $("elapsed").textContent = `${((performance.now() - running.startedAt) / 1000).toFixed(1)} s`;
}

function setStage(status) {
  const value = STAGES[status];
  if (value !== undefined) $("progress").value = value;
  $("progress").setAttribute("aria-valuetext", `${value ?? 0}%: ${status}`);
  setStatusText(STAGE_TEXT[status] ?? status);
  $("progress-section").dataset.status = status;
}

function setStatusText(text) {
  $("status").textContent = text;
}

function cancel() {
  running?.controller.abort(new DOMException("Cancelled by the user.", "AbortError"));
}

function showResult(generation) {
  const url = generation.outputUrl;
  $("result").hidden = false;
  $("output").src = url;
  $("download").href = url;
  $("download").setAttribute("download", `${generation.id}.mp4`);
  $("result-heading").textContent = `Result: ${generation.id}`;
  $("result-heading").focus();
}

// ----- recent generations -----

async function refreshRecent() {
  const list = $("recent");
  const via = connection();
  try {
    const generations = await clientFor(via).generations.list({ limit: 10 });
    list.replaceChildren(...generations.map(recentItem));
    $("recent-empty").hidden = generations.length > 0;
    $("recent-empty").textContent = "No generations yet.";
  } catch (error) {
    showError(error, via);
  }
}

function recentItem(generation) {
  const item = document.createElement("li");
  item.dataset.status = generation.status;
  const status = document.createElement("span");
  status.className = "status";
  status.textContent = generation.status;
  const when = new Date(generation.createdAt);
  const text = document.createTextNode(
    ` ${generation.model ?? ""} · ${Number.isNaN(when.getTime()) ? "" : when.toLocaleString()} · `,
  );
  const id = document.createElement("code");
  id.textContent = generation.id;
  item.append(status, text, id);
  if (generation.status === "COMPLETED" && generation.outputUrl) {
    const show = document.createElement("button");
    show.type = "button";
    show.textContent = "Show";
    show.setAttribute("aria-label", `Show the result of ${generation.id}`);
    show.addEventListener("click", () => showResult(generation));
    item.append(" ", show);
  }
  return item;
}

// ----- errors, as a person needs them -----

/** Seconds the server asked to wait, from `retry-after-ms` or `Retry-After` (seconds or a date). */
function retryAfterSeconds(headers) {
  const ms = Number(headers?.get?.("retry-after-ms"));
  if (headers?.get?.("retry-after-ms") && Number.isFinite(ms)) return Math.ceil(ms / 1000);
  const value = headers?.get?.("retry-after");
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** `{ title, message, hints, field }` for any error the page can meet; `via` is how the page connected. */
function explain(error, via) {
  const message = error?.message ?? String(error);
  if (error instanceof FormProblem) return { title: "Check the form", message, hints: [], field: error.field };
  // This app's server route, not the API, answered: its code says so (errorCode proxy_...).
  const fromProxy = via.proxy && typeof error?.errorCode === "string" && error.errorCode.startsWith("proxy_");
  if (error instanceof UnauthorizedError && fromProxy) {
    return {
      title: "This app refused the request: you are not signed in",
      message,
      hints: [
        "This app's server checks that you are signed in before it uses its API key for you, and found no valid session (it may have ended).",
        "Sign in again, then try again: in this demo, reloading the page starts a new session.",
      ],
    };
  }
  if (error instanceof UnauthorizedError && via.proxy) {
    return {
      title: "The API did not accept this app's key",
      message,
      hints: [
        "The key is this app's, on its server (SYNC_API_KEY where it runs), not yours: whoever runs the app must replace it.",
        "For a personal tool you can use your own key below instead.",
      ],
    };
  }
  if (error instanceof UnauthorizedError) {
    return {
      title: "The API did not accept the key",
      message,
      hints: [
        "Copy the key again from the API keys page of the Sync dashboard; it may have been revoked.",
        "Check that the base URL belongs to the same environment as the key.",
        ...(config.personalKey ? [`On the bundled mock server a personal key is ${config.personalKey}.`] : []),
        "Or empty the field to go through this app's server, which holds its own key.",
      ],
      field: "api-key",
    };
  }
  if (error instanceof PaymentRequiredError) {
    return {
      title: via.proxy ? "Billing: this app's Sync account cannot pay for the generation" : "Billing: this account cannot pay for the generation",
      message,
      hints: [
        "The free tier may be used up, the plan may not cover this model, or an invoice may be unpaid.",
        via.proxy
          ? "Whoever runs this app checks billing in the Sync dashboard. Nothing was charged for this request."
          : "Check billing in the Sync dashboard, then try again. Nothing was charged for this request.",
      ],
    };
  }
  if (error instanceof TooManyRequestsError) {
    const seconds = retryAfterSeconds(error.headers);
    return {
      title: "Too many requests",
      message,
      hints: [
        seconds !== undefined
          ? `The server asks to wait ${seconds} s: try again after ${new Date(Date.now() + seconds * 1000).toLocaleTimeString()}.`
          : "Wait a minute before trying again.",
        error.errorCode === "concurrency_limit_reached"
          ? `${via.proxy ? "This app's" : "Your"} plan's limit of generations running at once is reached: wait for one to finish.`
          : "The SDK already retried with back-off before giving up.",
      ],
    };
  }
  if (error instanceof SyncConnectionError && via.proxy) {
    return {
      title: "Cannot reach this app's server",
      message: `No answer from ${new URL(via.where, location.href).href}. ${message}`,
      hints: ["Check your network connection, then reload the page.", "The app's server may be down or restarting: try again in a moment."],
    };
  }
  if (error instanceof SyncConnectionError) {
    return {
      title: "Cannot reach the server",
      message: `No answer from ${via.where}. ${message}`,
      hints: [
        "Check your network connection and the API base URL.",
        "In a browser this also happens when the server does not allow this page's origin (CORS).",
      ],
      field: "base-url",
    };
  }
  if (fromProxy && error.errorCode === "proxy_upstream_unreachable") {
    return {
      title: "This app's server cannot reach the Sync API",
      message,
      hints: ["The Sync API, or the server's way to it, is down: try again later.", "Nothing was created."],
    };
  }
  if (fromProxy && error.errorCode === "proxy_upstream_timeout") {
    return { title: "The Sync API took too long to answer this app's server", message, hints: ["Try again in a moment."] };
  }
  if (fromProxy && error.errorCode === "proxy_misconfigured") {
    return {
      title: "This app's server has no API key",
      message,
      hints: ["Whoever runs it sets SYNC_API_KEY where it runs and restarts it.", "For a personal tool you can use your own key below instead."],
    };
  }
  if (fromProxy && error.errorCode === "proxy_body_too_large") {
    return {
      title: "The files are larger than this app's server takes",
      message,
      hints: ["Choose “Upload as assets first”: the files then go straight to storage, not through this app's server."],
    };
  }
  if (error instanceof SyncTimeoutError) {
    return { title: "The server took too long to answer", message, hints: ["Try again in a moment."] };
  }
  if (error instanceof SyncConfigurationError) {
    const field = via.proxy ? undefined : /base ?url/i.test(message) ? "base-url" : "api-key";
    return { title: "Check the connection settings", message, hints: [], field };
  }
  if (error instanceof SyncValidationError) {
    const field = { video: "video-url", audio: "audio-url" }[error.field] ?? undefined;
    return { title: "Check the form", message, hints: [], field };
  }
  if (error instanceof GenerationFailedError) {
    return {
      title: `The generation ended ${error.status}`,
      message,
      hints: [
        error.errorCode ? `Error code: ${error.errorCode}.` : "The API gave no error code.",
        "Check that the video shows a face and that both media files play, then try again.",
      ],
    };
  }
  if (fromProxy) return { title: `This app's server answered ${error.status}`, message, hints: [] };
  if (error instanceof PermissionDeniedError) return { title: "Not allowed", message, hints: [] };
  if (error instanceof NotFoundError) return { title: "Not found", message, hints: [] };
  if (error instanceof InternalServerError) {
    return { title: "The Sync API failed on its side", message, hints: ["Try again later."] };
  }
  if (error instanceof SyncAPIError) return { title: `The API answered ${error.status}`, message, hints: [] };
  if (isSyncError(error)) return { title: error.name, message, hints: [] };
  return { title: "Something went wrong", message, hints: [] };
}

function showError(error, via) {
  const { title, message, hints, field } = explain(error, via);
  const box = $("error");
  box.dataset.kind = error?.name ?? "Error";
  box.dataset.via = via.proxy ? "proxy" : "own-key";
  $("error-title").textContent = title;
  $("error-message").textContent = message;
  $("error-hints").replaceChildren(
    ...hints.map((hint) => {
      const li = document.createElement("li");
      li.textContent = hint;
      return li;
    }),
  );
  const meta = [];
  if (error?.status) meta.push(`HTTP ${error.status}`);
  if (error?.errorCode) meta.push(`errorCode ${error.errorCode}`);
  if (error?.requestId) meta.push(`request id ${error.requestId}`);
  $("error-meta").textContent = meta.join(" · ");
  box.hidden = false;
  if (field && $(field)) $(field).setAttribute("aria-invalid", "true");
  box.focus();
}

function hideError() {
  $("error").hidden = true;
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

// ----- start -----

async function start() {
  config = await fetch("/config.json")
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  $("base-url").value = config.baseUrl ?? "https://api.sync.so";
  if (config.personalKey) {
    $("personal-key").textContent = config.personalKey;
    $("personal-key-help").hidden = false;
  }
  showMode();
  for (const type of ["input", "change"]) $("api-key").addEventListener(type, showMode);
  for (const radio of document.querySelectorAll('input[type="radio"]')) radio.addEventListener("change", updateSources);
  $("create-form").addEventListener("submit", create);
  $("estimate").addEventListener("click", estimate);
  $("cancel").addEventListener("click", cancel);
  $("refresh").addEventListener("click", refreshRecent);
  updateSources();
  document.body.dataset.ready = "true";
}

start();
