// File bytes on the way up and down: local files as file-backed Blobs, the bytes of an upload counted
// as they are sent, and the output streamed to disk. None of it passes through wasm memory.
import { createWriteStream, linkSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import * as fs from "node:fs";
import { extname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CliError, EXIT, UsageError } from "./errors.js";

const CONTENT_TYPES = {
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".mkv": "video/x-matroska",
  ".wav": "audio/wav",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".aac": "audio/aac",
  ".ogg": "audio/ogg",
  ".flac": "audio/flac",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
};

/** A Blob of a local file: file-backed where Node has fs.openAsBlob (19.8+), so it is not read into memory. */
export async function fileBlob(path) {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  if (typeof fs.openAsBlob === "function") return fs.openAsBlob(path, { type });
  return new Blob([readFileSync(path)], { type });
}

/**
 * A `fetch` for the SDK that reports each upload's bytes (a `PUT` of a Blob to a presigned URL) as
 * they are handed to the socket, or undefined where that cannot be done safely. Presigned storage
 * URLs refuse chunked uploads, so the counted stream must go out with its Content-Length: Node's
 * fetch sends the length given for a stream body; Deno's and Bun's are not known to, so there the
 * SDK sends the Blob itself (and the upload shows no byte count).
 */
export function countingFetch(onBytes) {
  const isNode = typeof globalThis.Deno === "undefined" && !globalThis.process?.versions?.bun;
  if (!isNode || typeof TransformStream !== "function") return undefined;
  return (url, init) => {
    const body = init?.body;
    if (init?.method !== "PUT" || !(body instanceof Blob) || body.size === 0) return fetch(url, init);
    const total = body.size;
    let sent = 0;
    const counted = body.stream().pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          sent += chunk.byteLength;
          onBytes(sent, total);
          controller.enqueue(chunk);
        },
      }),
    );
    const headers = new Headers(init.headers);
    headers.set("content-length", String(total));
    return fetch(url, { ...init, headers, body: counted, duplex: "half" });
  };
}

/** The refusal to replace an output file that exists (before any work, or when one appears meanwhile). */
export const outputExists = (dest) => new UsageError(`${dest} exists; pass --force to overwrite it, or --out <file>`);

/**
 * Streams `url` to `dest`: into `<dest>.part`, then moved in place, refusing to replace a file that
 * appeared meanwhile unless `force`. Sends no API key (output URLs are presigned). Gives up when no
 * byte arrives for `idleMs`; `signal` stops it (the part file is removed). Resolves with the size.
 */
export async function download(url, dest, { force, signal, onBytes, onCleanup, idleMs = 60_000 }) {
  const controller = new AbortController();
  const stopOnSignal = () => controller.abort();
  signal?.addEventListener("abort", stopOnSignal, { once: true });
  let stalled = false;
  let idle;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleMs);
  };
  const part = `${dest}.part`;
  const removePart = () => {
    try {
      unlinkSync(part);
    } catch {}
  };
  const forgetCleanup = onCleanup?.(removePart);
  arm();
  try {
    const res = await fetch(url, { redirect: "follow", signal: controller.signal });
    if (!res.ok || !res.body) throw new CliError(`the download of the output failed: HTTP ${res.status}`, EXIT.network);
    const total = Number(res.headers.get("content-length")) || undefined;
    let got = 0;
    const counted = Readable.fromWeb(res.body).on("data", (chunk) => {
      arm();
      got += chunk.length;
      onBytes?.(got, total);
    });
    await pipeline(counted, createWriteStream(part, { flags: "w" }));
    if (force) renameSync(part, dest);
    else {
      linkSync(part, dest); // EEXIST instead of replacing a file that appeared meanwhile
      unlinkSync(part);
    }
    return got;
  } catch (e) {
    removePart();
    if (signal?.aborted) throw e;
    if (stalled) throw new CliError(`the download of the output stalled (no data for ${Math.round(idleMs / 1000)} s)`, EXIT.network);
    if (e?.code === "EEXIST") throw outputExists(dest);
    if (e instanceof CliError) throw e;
    const reason = e?.cause?.code ?? e?.code ?? e?.message;
    throw new CliError(`the download of the output failed: ${reason}`, ["EACCES", "ENOSPC", "EROFS", "ENOENT", "EISDIR"].includes(e?.code) ? EXIT.other : EXIT.network);
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener("abort", stopOnSignal);
    forgetCleanup?.();
  }
}
