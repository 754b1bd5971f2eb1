// Reading a response body with a size limit, for error responses: a misbehaving server or proxy can
// answer with a huge page, and only its beginning is useful in an error. Plain ES module with no
// imports (a wasm-bindgen snippet).

/** The body as text, at most `limit` bytes of it; the rest is not downloaded. */
export async function readTextLimited(response, limit) {
  const body = response.body;
  if (!body || typeof body.getReader !== "function") {
    const text = await response.text();
    return text.length > limit ? text.slice(0, limit) : text;
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
