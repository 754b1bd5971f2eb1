// The JS↔wasm boundary through the built package, as a user imports it (pkg/node.js, which applies
// js/harden.js): hostile values get typed errors, nothing reaches the event loop, free() is gone,
// and a long run of refused calls leaves the process working. The full matrix is tests/wasm/boundary.rs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import * as sdk from "../../pkg/node.js";
import { startMockServer, DEFAULT_KEY } from "../mock.mjs";

const { SyncClient, SyncConfigurationError, SyncValidationError, isSyncError } = sdk;
let mock;
const escaped = [];
const record = (e) => escaped.push(String(e));

before(async () => {
  mock = await startMockServer({ stepMs: 100 });
  process.on("uncaughtException", record);
  process.on("unhandledRejection", record);
});
after(async () => {
  process.off("uncaughtException", record);
  process.off("unhandledRejection", record);
  await mock.close();
});

const client = () => new SyncClient({ apiKey: DEFAULT_KEY, baseUrl: mock.url });
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const detached = () => {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
};
const throwing = (field) => ({ get [field]() { throw new RangeError("from a getter"); } });

test("free() and [Symbol.dispose] are gone from every class, and in the types", () => {
  const c = client();
  for (const object of [c, c.generations, c.assets, c.batch, c.models, c.webhooks, c.generations.listAll()]) {
    assert.equal(object.free, undefined);
    assert.equal(object[Symbol.dispose], undefined);
  }
});

test("a method called on another object is refused without entering wasm", async () => {
  const c = client();
  const { get } = c.generations;
  await assert.rejects(get("x"), SyncConfigurationError);
  await assert.rejects(get.call(c.assets, "x"), SyncConfigurationError);
  assert.throws(() => Reflect.get(Object.getPrototypeOf(c), "baseUrl", {}), SyncConfigurationError);
  assert.throws(() => c.generations.listAll.call(revoked()), SyncConfigurationError);
});

test("hostile arguments and options are typed errors, with what the caller threw as the cause", async () => {
  const c = client();
  assert.throws(() => new SyncClient(revoked()), SyncConfigurationError);
  assert.throws(
    () => SyncClient.fromEnv({ SYNC_API_KEY: DEFAULT_KEY }, throwing("baseUrl")),
    (e) => e instanceof SyncConfigurationError && e.cause instanceof RangeError,
  );
  assert.throws(() => c.webhooks.verify(detached(), "t=1,v1=00", "whsec_x"), SyncValidationError);
  assert.throws(() => sdk.verifyWebhook(revoked(), "t=1,v1=00", "whsec_x"), SyncValidationError);
  await assert.rejects(c.generations.list(throwing("status")), (e) => e instanceof SyncValidationError && e.cause instanceof RangeError);
  await assert.rejects(c.generations.get("x", throwing("signal")), (e) => e instanceof SyncConfigurationError && e.cause instanceof RangeError);
  await assert.rejects(c.generations.create(revoked()), SyncValidationError);
  await assert.rejects(c.generations.createWithFiles({ video: detached(), model: "lipsync-2" }), SyncValidationError);
  await assert.rejects(c.assets.upload(revoked()), SyncValidationError);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(escaped, []);
});

test("overlapping next() and return() on listAll", async () => {
  const c = client();
  const it = c.generations.listAll({ limit: 1 });
  const [a, b] = await Promise.allSettled([it.next(), it.next()]);
  assert.equal(a.status, "fulfilled");
  assert.equal(b.status, "rejected");
  assert.ok(isSyncError(b.reason));
  const pending = it.next();
  assert.deepEqual(await it.return(), { value: undefined, done: true });
  await pending;
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

test("20,000 refused calls leave the package working", async () => {
  const c = client();
  const p = revoked();
  const b = detached();
  const calls = [
    () => new SyncClient(p),
    () => c.webhooks.verify(b, "t=1,v1=00", "whsec_x"),
    () => SyncClient.fromEnv({ SYNC_API_KEY: DEFAULT_KEY }, throwing("baseUrl")),
  ];
  for (let i = 0; i < 20_000; i++) {
    assert.throws(calls[i % calls.length], (e) => isSyncError(e));
  }
  const models = await c.models.list();
  assert.ok(Array.isArray(models) && models.length > 0);
  assert.ok(Array.isArray(await client().models.list()));
  assert.deepEqual(escaped, []);
});
