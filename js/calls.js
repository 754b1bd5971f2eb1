// JS calls that may throw, made so that nothing throws through wasm (see src/js/mod.rs). Plain ES
// module with no imports (a wasm-bindgen snippet).
//
// `receive` reads a `fetch` result, for src/net/fetch.rs. It is JS because every step awaits or reads
// a value that may come from a caller's own `fetch` (a Response, a look-alike, a Proxy): in an async
// function whatever such a value throws becomes a rejection, which the SDK turns into a typed error.
//
// The rest are single calls. wasm-bindgen's `catch` imports are safe for wasm's stack, but one that
// returns a value leaks a slot of the externref table each time it throws (the `undefined` it returns
// instead is stored and never freed), so a trickle of hostile values would grow wasm memory for good.
// These never throw: each returns whether it succeeded, and leaves its value, or what was thrown, for
// `outcome()`.

const isJson = (type) => typeof type !== "string" || type === "" || /[/+]json\b/i.test(type);

/**
 * Awaits `pending` (what `fetch` returned) and reads it into
 * `{ status, redirected, headers, text }`. Error bodies, and success bodies that are not JSON, are
 * read up to `limit` bytes; the rest is not downloaded.
 */
export async function receive(pending, limit) {
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
export const fetchGlobal = (url, init) => run(() => fetch(url, init));
export const stringify = (value) => run(() => JSON.stringify(value));
export const parse = (text) => run(() => JSON.parse(text));
export const arrayFrom = (value) => run(() => Array.from(value));
export const keys = (value) => run(() => Object.keys(value));
export const assign = (target, source) => run(() => Object.assign(target, source));
// A copy of a real ArrayBuffer; throws for anything else, a detached one included.
export const copyBuffer = (buffer) => run(() => ArrayBuffer.prototype.slice.call(buffer, 0));
// A copy of a typed array, read through its internal slots; throws when its buffer is detached.
export const copyView = (view) => run(() => new Uint8Array(view));
export const headers = (init) => run(() => new Headers(init));
export const url = (href, base) => run(() => new URL(href, base));
