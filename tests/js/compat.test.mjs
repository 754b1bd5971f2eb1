// The usage examples of the official @sync.so/sdk 0.3.0 (its README.md and reference.md, read from the
// installed package) run against sync-wasm with only the import changed.
//
// Mechanical changes (official-examples.mjs, shared with testing-fidelity.test.mjs): the import of
// "@sync.so/sdk" is replaced by ours; "/path/to/your/file" points at a real temporary file; the
// README's `...` argument placeholders are filled with the README's own create request. Blocks that
// are not runnable code (type-only snippets, `fetcher: // provide your implementation here`) are
// type-checked in tests/types instead and listed here as such, not counted as passing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import * as sdk from "../../pkg/node.js";
import { startMockServer, DEFAULT_KEY } from "../mock.mjs";
import { officialExamples, officialVersion, isTypeOnly, isFetcherPlaceholder } from "./official-examples.mjs";

/** Not runnable as code: pure type usage, or a comment standing for user code. */
function whyNotRunnable(code) {
  if (isTypeOnly(code)) return "type-only (checked by tests/types)";
  if (isFetcherPlaceholder(code)) return "placeholder for user code";
  return null;
}

let mock;
let dir;
let examples = [];

before(async () => {
  mock = await startMockServer({ stepMs: 50 });
  dir = mkdtempSync(join(tmpdir(), "sync-compat-"));
  const media = join(dir, "file");
  writeFileSync(media, "0123456789");
  // A JSONL batch file (20 lines, the API's minimum) for the batch example's path.
  const payload = { model: "lipsync-2", input: [{ type: "video", url: "https://example.com/v.mp4" }, { type: "audio", url: "https://example.com/a.wav" }] };
  const jsonl = join(dir, "batch.jsonl");
  writeFileSync(jsonl, Array.from({ length: 20 }, (_, i) => JSON.stringify({ request_id: `r${i}`, endpoint: "/v2/generate", payload })).join("\n"));
  process.env.SYNC_API_KEY = DEFAULT_KEY;
  process.env.SYNC_BASE_URL = mock.url;
  examples = officialExamples({ media, jsonl }).map((example) => ({ ...example, skip: whyNotRunnable(example.code) }));
});

after(async () => {
  delete process.env.SYNC_API_KEY;
  delete process.env.SYNC_BASE_URL;
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`every runnable example of @sync.so/sdk runs against sync-wasm`, async () => {
  assert.equal(officialVersion, "0.3.0");
  const AsyncFunction = (async () => {}).constructor;
  const runnable = examples.filter((e) => !e.skip);
  assert.ok(runnable.length >= 15, `found ${runnable.length} runnable examples`);
  const logs = [];
  const exampleConsole = { log: (...args) => logs.push(args) };
  for (const example of runnable) {
    const client = new sdk.SyncClient();
    const run = new AsyncFunction("SyncClient", "SyncError", "Sync", "client", "fs", "console", example.runnable);
    try {
      await run(sdk.SyncClient, sdk.SyncError, sdk.Sync, client, fs, exampleConsole);
    } catch (error) {
      assert.fail(`${example.file} example failed: ${error}\n--- example ---\n${example.code}`);
    }
  }
  console.log(`ran ${runnable.length} of ${examples.length} examples`);
  for (const example of examples.filter((e) => e.skip)) {
    console.log(`not run (${example.skip}): ${example.code.split("\n")[0]}`);
  }
  // The withRawResponse example logged the data and a header lookup.
  assert.ok(logs.some(([value]) => value && typeof value === "object" && typeof value.id === "string"));
});
