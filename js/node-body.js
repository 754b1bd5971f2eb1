// Writes a WHATWG body to a node:http ServerResponse, for the two servers the package ships that
// answer with Responses over node:http: `toNodeHandler` (sync-wasm/proxy) and `mock.listen()`
// (sync-wasm/testing). Plain ES module with no imports, so both can load it in any runtime.

/**
 * Streams `body` into `res` with backpressure, then ends it. If the client goes away, the body is
 * cancelled (nothing more is read from it); if the body fails, the connection is destroyed, so the
 * client sees a cut answer rather than a complete-looking one.
 * @param {import("node:http").ServerResponse} res
 * @param {ReadableStream<Uint8Array>} body
 */
export async function writeBody(res, body) {
  const reader = body.getReader();
  res.on("close", () => reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
    }
    res.end();
  } catch {
    res.destroy();
  }
}
