// JS calls that may throw, made so that nothing throws through wasm (see src/js/mod.rs), the JS half
// of one request attempt, and filling in a generation's renamed fields. Plain ES module with no
// imports (a wasm-bindgen snippet).
//
// `send` makes one attempt of a request, for src/net/fetch.rs, and `sleep` waits between attempts.
// They are JS because every step awaits or reads a value that may come from a caller's own `fetch`
// or signal (a Response, a look-alike, a Proxy): in an async function whatever such a value throws
// is caught, and the attempt resolves to what happened; and because one call per attempt is far
// cheaper than the dozen wasm↔JS crossings of setting it up from Rust.
//
// The rest are single calls. wasm-bindgen's `catch` imports are safe for wasm's stack, but one that
// returns a value leaks a slot of the externref table each time it throws (the `undefined` it returns
// instead is stored and never freed), so a trickle of hostile values would grow wasm memory for good.
// These never throw: each returns whether it succeeded, and leaves its value, or what was thrown, for
// `outcome()`.

const isJson = (type) => typeof type !== "string" || type === "" || /[/+]json\b/i.test(type);

// What `send` resolves to when there is no response: the caller's signal fired (with its reason),
// the attempt's timeout fired, or `fetch` (or reading the body) failed (with what it threw).
const ABORTED = 1;
const TIMED_OUT = 2;
const NETWORK = 3;
const BAD_HEADERS = 4;
const timeoutMarker = {};

// The caller's signal was checked to look like an AbortSignal; a getter of its own that throws
// still must not turn into a network error, so these reads never throw.
/** Whether `signal` has fired (false for anything that is not a readable signal); also runMany's check. */
export function isAborted(signal) {
  try {
    return signal !== undefined && signal.aborted === true;
  } catch {
    return false;
  }
}
function reasonOf(signal) {
  try {
    return signal.reason;
  } catch {
    return undefined;
  }
}
function listen(signal, method, handler) {
  try {
    signal?.[method]("abort", handler);
  } catch {
    // A look-alike signal that cannot be listened to still aborts through `aborted` checks.
  }
}

/**
 * One attempt, for src/net/fetch.rs: `fetch(url, init)` (the global one, or `fetcher` called with
 * `this` undefined) with a timeout covering headers and body and the caller's `signal`, then the
 * answer read by `receive`. Never rejects: resolves to the answer, or to `{ failed, cause }`.
 * Headers, in this order: the body's content type, `fixed` (the client's own, a flat name/value
 * array made once per client), `extra` (the call's), and the key, last so nothing can replace it.
 */
export async function send(fetcher, url, method, contentType, fixed, extra, key, body, api, timeoutMs, signal, limit) {
  if (isAborted(signal)) return { failed: ABORTED, cause: reasonOf(signal) };
  let headers;
  try {
    headers = headersOf(contentType, fixed, extra, key);
  } catch {
    // Not kept as the cause: its message can quote a header value.
    return { failed: BAD_HEADERS };
  }
  const controller = new AbortController();
  // The timeout and the caller's signal also settle the attempt themselves: an injected `fetch`, or
  // a body stream, that ignores its signal cannot hold the call past them.
  let stop;
  const stopped = new Promise((resolve) => (stop = resolve));
  const timer = setTimeout(() => {
    controller.abort(timeoutMarker);
    stop({ failed: TIMED_OUT });
  }, timeoutMs);
  const onAbort = () => {
    controller.abort();
    stop({ failed: ABORTED, cause: reasonOf(signal) });
  };
  listen(signal, "addEventListener", onAbort);
  try {
    const init = { method, headers, signal: controller.signal };
    if (api) init.redirect = "manual";
    if (body !== undefined) init.body = body;
    const pending = fetcher === undefined ? fetch(url, init) : fetcher(url, init);
    const answer = await Promise.race([receive(pending, limit), stopped]);
    if (answer.failed === undefined) answer.url = url;
    return answer;
  } catch (cause) {
    if (isAborted(signal)) return { failed: ABORTED, cause: reasonOf(signal) };
    if (controller.signal.reason === timeoutMarker) return { failed: TIMED_OUT };
    return { failed: NETWORK, cause };
  } finally {
    clearTimeout(timer);
    listen(signal, "removeEventListener", onAbort);
  }
}

/**
 * For `runMany`'s runners: a promise that resolves with true when `wake()` is called, or with false
 * after `ms` or when `signal` aborts (never rejects), and its `wake`. Waking clears the timer, so a
 * woken runner leaves nothing behind that would keep a process alive.
 */
export function wakeable(ms, signal) {
  let wake;
  const promise = new Promise((resolve) => {
    const done = (woken) => {
      clearTimeout(timer);
      listen(signal, "removeEventListener", onAbort);
      resolve(woken);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    listen(signal, "addEventListener", onAbort);
    wake = () => done(true);
  });
  return { promise, wake };
}

function headersOf(contentType, fixed, extra, key) {
  const headers = new Headers();
  if (contentType !== undefined) headers.set("content-type", contentType);
  if (fixed !== undefined) for (let i = 0; i < fixed.length; i += 2) headers.set(fixed[i], fixed[i + 1]);
  if (extra !== undefined) for (let i = 0; i < extra.length; i += 2) headers.set(extra[i], extra[i + 1]);
  if (key !== undefined) headers.set("x-api-key", key);
  return headers;
}

/** Resolves after `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms, signal) {
  if (isAborted(signal)) return Promise.reject(reasonOf(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(reasonOf(signal));
    };
    const timer = setTimeout(() => {
      listen(signal, "removeEventListener", onAbort);
      resolve();
    }, ms);
    listen(signal, "addEventListener", onAbort);
  });
}

/**
 * Awaits `pending` (what `fetch` returned) and reads it into
 * `{ status, redirected, headers, text }`. Error bodies, and success bodies that are not JSON, are
 * read up to `limit` bytes; the rest is not downloaded.
 */
async function receive(pending, limit) {
  const response = await pending;
  if (response === null || typeof response !== "object") throw new TypeError("fetch returned something that is not a Response");
  const status = response.status;
  // `redirect: "manual"` in a browser gives an opaque response with status 0.
  const redirected = status === 0 && response.type === "opaqueredirect";
  if (!redirected && !(Number.isInteger(status) && status >= 100 && status <= 999)) {
    throw new TypeError("fetch returned something that is not a Response");
  }
  const headers = response.headers;
  const ok = status >= 200 && status < 300;
  let type;
  try {
    type = headers.get("content-type");
  } catch {
    type = undefined;
  }
  const text = redirected ? "" : ok && isJson(type) ? await response.text() : await readTextLimited(response, limit);
  return { status, redirected, headers, text: typeof text === "string" ? text : "" };
}

/** The body as text, at most `limit` bytes of it; the rest is not downloaded. */
async function readTextLimited(response, limit) {
  const body = response.body;
  if (!body || typeof body.getReader !== "function") {
    const text = await response.text();
    return typeof text === "string" && text.length > limit ? text.slice(0, limit) : text;
  }
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.byteLength, bytes.length - offset);
    bytes.set(chunk.subarray(0, take), offset);
    offset += take;
    if (offset >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}

let last;

function run(f) {
  try {
    last = f();
    return true;
  } catch (e) {
    last = e;
    return false;
  }
}

/** The value, or what was thrown, of the last call. */
export function outcome() {
  const value = last;
  last = undefined;
  return value;
}

export const get = (target, key) => run(() => Reflect.get(target, key));
export const apply = (f, self, args) => run(() => Reflect.apply(f, self, args));
export const stringify = (value) => run(() => JSON.stringify(value));
export const parse = (text) => run(() => JSON.parse(text));
export const arrayFrom = (value) => run(() => Array.from(value));
// Array.from of an iterable; null for anything else (Array.from would read it as an array-like).
export const iterableFrom = (value) => run(() => (typeof value[Symbol.iterator] === "function" ? Array.from(value) : null));
export const keys = (value) => run(() => Object.keys(value));
export const assign = (target, source) => run(() => Object.assign(target, source));
// A copy of a real ArrayBuffer; throws for anything else, a detached one included.
export const copyBuffer = (buffer) => run(() => ArrayBuffer.prototype.slice.call(buffer, 0));
// A copy of a typed array, read through its internal slots; throws when its buffer is detached.
export const copyView = (view) => run(() => new Uint8Array(view));
export const headers = (init) => run(() => new Headers(init));
export const url = (href, base) => run(() => new URL(href, base));

// A generation's fields the API has renamed, both spellings filled in (src/wasm/generation.rs). Only
// for values the SDK parsed itself: plain data, whose reads run no caller code.
const ALIASES = [
  ["outputUrl", "outputMediaUrl"],
  ["errorCode", "error_code"],
];
function normalizeOne(generation) {
  if (generation === null || typeof generation !== "object") return;
  for (const [a, b] of ALIASES) {
    const hasA = typeof generation[a] === "string";
    const hasB = typeof generation[b] === "string";
    if (hasA && !hasB) generation[b] = generation[a];
    else if (hasB && !hasA) generation[a] = generation[b];
  }
}
export function normalizeGenerations(value) {
  if (Array.isArray(value)) value.forEach(normalizeOne);
  else normalizeOne(value);
}
