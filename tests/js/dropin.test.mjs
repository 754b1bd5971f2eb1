// The values a program written for @sync.so/sdk 0.3.0 reads at run time besides the client:
// `SyncEnvironment`, the enumeration objects and classes of the `Sync` namespace, and the
// `sync-wasm/api` subpath, compared with the official SDK's own (a devDependency), from the built
// package (pkg/) imported the way a user imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

import * as sdk from "../../pkg/node.js";
import * as api from "../../pkg/sync-api.js";

const require = createRequire(import.meta.url);
const official = require("@sync.so/sdk");
const officialApi = require("@sync.so/sdk/api");
const manifest = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));

// The official API error classes: ours have the same names and extend our SyncError.
const ERROR_CLASSES = ["BadRequestError", "InternalServerError", "NotFoundError", "UnauthorizedError", "TooManyRequestsError", "PaymentRequiredError"];
// In ours and not in the official `Sync`: `Sync.SyncError`, which sync-wasm's `Sync` has always held.
const EXTRAS = ["SyncError"];

const isPlainValueObject = (v) => v !== null && typeof v === "object" && Object.values(v).every((x) => typeof x === "string");

/** Compare one namespace of ours with the official one: the same names, the same enumeration values,
 * classes of the same names, recursing into nested namespaces. */
function sameNamespace(ours, theirs, path, extras = []) {
  assert.deepEqual(Object.keys(ours).sort(), [...Object.keys(theirs), ...extras].sort(), `${path}: the same names`);
  for (const [name, value] of Object.entries(theirs)) {
    const mine = ours[name];
    if (typeof value === "function") {
      assert.equal(typeof mine, "function", `${path}.${name} is a class`);
      assert.equal(mine.name, value.name, `${path}.${name}'s name`);
      assert.ok(ERROR_CLASSES.includes(name), `${path}.${name} is one of the known error classes`);
      assert.ok(mine.prototype instanceof sdk.SyncError, `${path}.${name} extends SyncError`);
      assert.equal(mine, sdk[name], `${path}.${name} is the package's own class`);
    } else if (isPlainValueObject(value) && Object.keys(value).length > 0) {
      assert.deepEqual({ ...mine }, { ...value }, `${path}.${name}: the official values`);
      assert.ok(Object.isFrozen(mine), `${path}.${name} is frozen`);
    } else {
      sameNamespace(mine, value, `${path}.${name}`);
      assert.ok(Object.isFrozen(mine), `${path}.${name} is frozen`);
    }
  }
}

test("SyncEnvironment has the official values, frozen", () => {
  assert.deepEqual({ ...sdk.SyncEnvironment }, { ...official.SyncEnvironment });
  assert.equal(sdk.SyncEnvironment.Default, "https://api.sync.so");
  assert.ok(Object.isFrozen(sdk.SyncEnvironment));
  // Usable as this SDK's baseUrl (it has no `environment` option).
  for (const baseUrl of Object.values(sdk.SyncEnvironment)) {
    assert.equal(new sdk.SyncClient({ apiKey: "sk-test-0123456789", baseUrl }).baseUrl, baseUrl);
  }
});

test("Sync.GenerationStatus, Sync.SyncMode and the other enumerations equal the official ones", () => {
  assert.deepEqual({ ...sdk.Sync.GenerationStatus }, { ...official.Sync.GenerationStatus });
  assert.deepEqual({ ...sdk.Sync.SyncMode }, { ...official.Sync.SyncMode });
  assert.equal(sdk.Sync.SyncMode.CutOff, "cut_off");
  assert.equal(sdk.Sync.GenerationStatus.Completed, "COMPLETED");
  assert.ok(Object.isFrozen(sdk.Sync));
  assert.throws(() => {
    sdk.Sync.GenerationStatus.Completed = "DONE";
  }, TypeError);
  sameNamespace(sdk.Sync, official.Sync, "Sync", EXTRAS);
});

test("sync-wasm/api exports what @sync.so/sdk/api does, with the same values", () => {
  sameNamespace(api, officialApi, "api", EXTRAS);
  // The same objects as the package entry's `Sync`.
  for (const name of Object.keys(api)) assert.equal(sdk.Sync[name], api[name], `Sync.${name} is api.${name}`);
  assert.equal(api.SyncError, sdk.SyncError);
});

test("sync-wasm/api resolves through the package's exports, for import and require", async () => {
  const entry = manifest.exports["./api"];
  assert.equal(entry.types, "./sync-api.d.ts");
  assert.equal(entry.default, "./sync-api.js");
  for (const file of ["sync-api.js", "sync-api.cjs", "sync-api.d.ts"]) assert.ok(manifest.files.includes(file), `${file} is published`);
  // As a user's project resolves it: through node_modules/sync-wasm (a link to pkg/, in tests/types).
  const viaPackage = await import(new URL("../types/node_modules/sync-wasm/sync-api.js", import.meta.url).href);
  const cjs = require("../types/node_modules/sync-wasm/sync-api.cjs");
  for (const name of Object.keys(officialApi)) {
    assert.ok(name in viaPackage, `import: ${name}`);
    assert.deepEqual(cjs[name], viaPackage[name], `require: ${name}`);
  }
  const requireTarget = require.resolve("sync-wasm/api", { paths: [new URL("../types/", import.meta.url).pathname] });
  assert.match(requireTarget, /sync-api\.cjs$/);
});

test("an API error carries statusCode and body, as @sync.so/sdk's SyncError does; other errors have neither", async () => {
  const client = new sdk.SyncClient({
    apiKey: "sk-test-0123456789",
    baseUrl: "http://127.0.0.1:9",
    maxRetries: 0,
    fetch: async () => new Response(JSON.stringify({ statusCode: 404, message: "Generation not found" }), { status: 404, headers: { "content-type": "application/json" } }),
  });
  const err = await client.generations.get("missing").then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.ok(err instanceof sdk.SyncError && err instanceof sdk.Sync.NotFoundError);
  assert.equal(err.statusCode, 404);
  assert.deepEqual(err.body, { statusCode: 404, message: "Generation not found" });
  assert.equal(err.rawResponse.status, 404);

  const refused = await client.generations.get("").then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.ok(refused instanceof sdk.SyncError && !(refused instanceof sdk.SyncAPIError));
  // What errors.d.ts declares optional on SyncError is indeed absent on the other classes.
  assert.equal(refused.statusCode, undefined);
  assert.equal(refused.body, undefined);
  assert.equal(refused.rawResponse, undefined);
});
