// Reading a `fetch` result, for src/net/fetch.rs. Plain ES module with no imports (a wasm-bindgen
// snippet). It is JS because every step awaits or reads a value that may come from a caller's own
// `fetch` (a Response, a look-alike, a Proxy): in an async function whatever such a value throws
// becomes a rejection, which the SDK turns into a typed error, and never an exception through wasm.

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
