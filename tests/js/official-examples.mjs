// The usage examples of the official @sync.so/sdk 0.3.0: the typescript code blocks of its README.md
// and reference.md, read from the installed package, made runnable by mechanical changes only: the
// import of "@sync.so/sdk" is dropped (the runner passes the names in); "/path/to/your/file" points
// at a real file (the JSONL batch file for `batch.create`, a media file elsewhere); the README's `...`
// argument placeholders are filled with the README's own create request. Used by compat.test.mjs
// (the examples against sync-wasm) and testing-fidelity.test.mjs (against the official SDK itself).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const officialDir = join(require.resolve("@sync.so/sdk/package.json"), "..");
export const officialVersion = JSON.parse(readFileSync(join(officialDir, "package.json"), "utf8")).version;

export const README_CREATE = `{
    input: [
        { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
        { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
    ],
    model: "lipsync-2",
    options: { sync_mode: "loop" },
}`;

function codeBlocks(file) {
  const text = readFileSync(join(officialDir, file), "utf8");
  return [...text.matchAll(/```typescript\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Type-only snippets (`const request: Sync.X = ...`), checked by tests/types rather than run. */
export const isTypeOnly = (code) => /:\s*Sync\.\w+\s*=/.test(code);

/** The README's "Customizing Fetch Client" block, whose `fetcher:` is a comment standing for user code. */
export const isFetcherPlaceholder = (code) => /fetcher:\s*\/\//.test(code);

/**
 * Every example, in document order: `{ file, code, runnable }`.
 * @param {{ media: string, jsonl: string }} files  a media file, and a JSONL batch file of 20 lines
 */
export function officialExamples({ media, jsonl }) {
  const blocks = [...codeBlocks("README.md").map((c) => ["README.md", c]), ...codeBlocks("reference.md").map((c) => ["reference.md", c])];
  return blocks.map(([file, code]) => {
    let runnable = code
      .replace(/^import .* from "@sync\.so\/sdk";\n/gm, "")
      .replaceAll("(...)", `(${README_CREATE})`)
      .replaceAll("(..., {", `(${README_CREATE}, {`);
    runnable = /batch\.create/.test(runnable) ? runnable.replaceAll("/path/to/your/file", jsonl) : runnable.replaceAll("/path/to/your/file", media);
    return { file, code, runnable };
  });
}
