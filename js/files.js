// File inputs for multipart and upload calls, turned into Blobs on the JS side so their bytes never
// enter wasm memory. Plain ES module with no imports (a wasm-bindgen snippet). Every read of the
// caller's value happens inside `toBlob`, an async function, so whatever it throws (a getter, a
// revoked Proxy, a detached buffer) rejects the promise instead of unwinding through wasm.

// The Blob brand check: the `size` getter throws for anything that is not a real Blob (a Proxy of
// one included), unlike `instanceof`, which a Proxy can fool.
const blobSize = typeof Blob === "undefined" ? undefined : Object.getOwnPropertyDescriptor(Blob.prototype, "size")?.get;
function realBlobSize(value) {
  if (blobSize === undefined || value === null || typeof value !== "object") return undefined;
  try {
    return blobSize.call(value);
  } catch {
    return undefined;
  }
}
const blobLike = (v) =>
  v !== null && typeof v === "object" && typeof v.arrayBuffer === "function" && typeof v.size === "number" && typeof v.type === "string";

function baseName(path) {
  const text = String(path);
  const cut = Math.max(text.lastIndexOf("/"), text.lastIndexOf("\\"));
  return text.slice(cut + 1) || undefined;
}

// A transferred (detached) buffer reads as empty and would silently upload nothing. Only an empty
// buffer can be detached, and copying an empty one is free: the copy throws when it is detached.
function assertAttached(buffer) {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== 0) return;
  try {
    ArrayBuffer.prototype.slice.call(buffer, 0);
  } catch {
    throw new TypeError("the buffer is detached (it was transferred, e.g. to a worker)");
  }
}

const describe = (v) => (v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`);

async function blobOf(value, textType) {
  if (realBlobSize(value) !== undefined) return value;
  if (typeof value === "string") return new Blob([value], { type: textType });
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    assertAttached(value instanceof ArrayBuffer ? value : value.buffer);
    return new Blob([value]);
  }
  if (blobLike(value)) {
    // A Blob from another realm (iframe, VM): copy it into one fetch here accepts.
    return new Blob([await value.arrayBuffer()], { type: value.type });
  }
  if (value !== null && typeof value === "object" && typeof value.getReader === "function") return new Response(value).blob();
  if (value !== null && typeof value === "object" && typeof value[Symbol.asyncIterator] === "function") {
    const chunks = [];
    for await (const chunk of value) chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
    return new Blob(chunks);
  }
  throw new TypeError(`expected a Blob, File, ReadableStream, ArrayBuffer or stream, got ${describe(value)}`);
}

/**
 * Accepts a Blob or File, a ReadableStream, an ArrayBuffer or typed array, a string (for text files
 * such as JSONL), or an async iterable of chunks (Node's fs.ReadStream). Resolves to
 * `{ blob, name, type, size }` read from the Blob itself; rejects with what went wrong.
 */
export async function toBlob(value, fallbackName, textType) {
  const blob = await blobOf(value, textType);
  let name;
  if (blob === value || blobLike(value)) name = value.name;
  else if (value !== null && typeof value === "object" && (typeof value.path === "string" || value.path instanceof URL)) name = baseName(value.path);
  return { blob, name: typeof name === "string" && name ? name : fallbackName, type: blob.type, size: blob.size };
}

/** True for anything `toBlob` accepts as a file (used to tell call styles apart). */
export function isFileLike(value) {
  return (
    realBlobSize(value) !== undefined ||
    blobLike(value) ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    (value !== null && typeof value === "object" && (typeof value.getReader === "function" || typeof value[Symbol.asyncIterator] === "function"))
  );
}

/**
 * The promise a method returns: resolves with the data, and has `withRawResponse()` resolving with
 * `{ data, rawResponse }` as in `@sync.so/sdk`. `rawResponse` is made from what `holdResponse` left
 * in `held` when the call succeeded, and only if it is asked for.
 */
export function withRawResponse(data, held) {
  Object.defineProperty(data, "withRawResponse", {
    value: () =>
      data.then((value) => {
        const { status, headers, url } = held.answer;
        return { data: value, rawResponse: { status, statusText: held.statusText, headers, url } };
      }),
  });
  return data;
}

export function holdResponse(held, answer, statusText) {
  held.answer = answer;
  held.statusText = statusText;
}
