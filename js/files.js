// File inputs for multipart and upload calls, turned into Blobs on the JS side so their bytes never
// enter wasm memory. Plain ES module with no imports (a wasm-bindgen snippet).

const isBlob = (v) => typeof Blob !== "undefined" && v instanceof Blob;
const blobLike = (v) =>
  v !== null && typeof v === "object" && typeof v.arrayBuffer === "function" && typeof v.size === "number" && typeof v.type === "string";

function baseName(path) {
  const text = String(path);
  const cut = Math.max(text.lastIndexOf("/"), text.lastIndexOf("\\"));
  return text.slice(cut + 1) || undefined;
}

/**
 * Accepts a Blob or File, a ReadableStream, an ArrayBuffer or typed array, a string (for text files
 * such as JSONL), or an async iterable of chunks (Node's fs.ReadStream). Resolves to
 * `{ blob, name }`; rejects with a TypeError naming what was given.
 */
export async function toBlob(value, fallbackName, textType) {
  if (isBlob(value)) return { blob: value, name: typeof value.name === "string" && value.name ? value.name : fallbackName };
  if (blobLike(value)) {
    // A Blob from another realm (iframe, VM): copy it into one fetch here accepts.
    return { blob: new Blob([await value.arrayBuffer()], { type: value.type }), name: value.name || fallbackName };
  }
  if (typeof value === "string") return { blob: new Blob([value], { type: textType }), name: fallbackName };
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { blob: new Blob([value]), name: fallbackName };
  if (value !== null && typeof value === "object" && typeof value.getReader === "function") {
    return { blob: await new Response(value).blob(), name: fallbackName };
  }
  if (value !== null && typeof value === "object" && typeof value[Symbol.asyncIterator] === "function") {
    const chunks = [];
    for await (const chunk of value) chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
    const name = typeof value.path === "string" || value.path instanceof URL ? baseName(value.path) : undefined;
    return { blob: new Blob(chunks), name: name ?? fallbackName };
  }
  const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
  throw new TypeError(`expected a Blob, File, ReadableStream, ArrayBuffer or stream, got ${got}`);
}

/** True for anything `toBlob` accepts as a file (used to tell call styles apart). */
export function isFileLike(value) {
  return (
    isBlob(value) ||
    blobLike(value) ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (value !== null && typeof value === "object" && (typeof value.getReader === "function" || typeof value[Symbol.asyncIterator] === "function"))
  );
}

/**
 * The promise a method returns: resolves with the data, and has `withRawResponse()` resolving with
 * `{ data, rawResponse }` as in `@sync.so/sdk`.
 */
export function withRawResponse(raw) {
  const data = raw.then((r) => r.data);
  Object.defineProperty(data, "withRawResponse", {
    value: () => {
      // The caller now handles `raw`; keep the data promise from reporting the same rejection.
      data.catch(() => {});
      return raw;
    },
  });
  return data;
}
