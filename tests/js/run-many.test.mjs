// generations.runMany against the testing kit on loopback, with the kit enforcing a plan's limit of
// generations in flight (`concurrency: 3`, the Creator plan), on the real clock: every run's
// creates, 429s, waits and results are real HTTP. Each test checks, from the kit's own records,
// how many generations were in flight at most, and that no request created two generations.
//
//   node --test tests/js/run-many.test.mjs   (pkg/ built by scripts/build.sh)
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { SyncClient, GenerationFailedError, SyncAbortError, SyncValidationError, SyncConfigurationError } from "../../pkg/node.js";
import { createMockSync } from "../../pkg/testing/index.js";

const KEY = "sk-run-many-3f9a2c7e1b";
const STEP_MS = 60; // a generation: PENDING 60 ms, PROCESSING 60 ms, then it ends
const LIMIT = 3;

/** A fresh kit with the plan's limit, listening; `outcome` fails videos whose URL says "fail". */
async function kit(options = {}) {
  const mock = createMockSync({
    apiKey: KEY,
    clock: "real",
    stepMs: STEP_MS,
    concurrency: LIMIT,
    outcome: (dto) => (dto.input?.[0]?.url?.includes("fail") ? { status: "FAILED", errorCode: "generation_pipeline_failed", error: "The pipeline failed." } : undefined),
    ...options,
  });
  await mock.listen({ port: 0 });
  return mock;
}

/** Runs `body(mock, client)` against a fresh kit (see `kit`), closing it after. */
async function withKit(options, body) {
  const mock = await kit(options);
  try {
    return await body(mock, new SyncClient({ apiKey: KEY, baseUrl: mock.url }));
  } finally {
    await mock.close();
  }
}

const request = (i, tag = "v") => ({
  model: "lipsync-2",
  input: [
    { type: "video", url: `https://example.com/${tag}${i}.mp4` },
    { type: "audio", url: "https://example.com/voice.wav" },
  ],
});
const requests = (n, tag) => Array.from({ length: n }, (_, i) => request(i, tag));

/** The creates the kit saw (POST /v2/generate), refused ones included. */
function creates(mock) {
  return mock.requests.filter((r) => r.method === "POST" && r.path === "/v2/generate");
}

/** The most generations in flight at once, from the kit's records: each one is in flight from its
 * creation for two steps (the kit's timeline on the real clock), unless settled earlier by hand. */
function maxInFlight(mock) {
  const events = [];
  for (const g of mock.generations.list()) {
    const start = Date.parse(g.createdAt);
    events.push([start, 1], [start + 2 * STEP_MS, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}

/** Generations per input video URL: 1 each means no request made two. */
function duplicates(mock) {
  const seen = new Map();
  for (const g of mock.generations.list()) seen.set(g.input[0].url, (seen.get(g.input[0].url) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}

/** Samples the kit's own in-flight count while `work` runs. */
async function sampled(mock, work) {
  let max = 0;
  const timer = setInterval(() => (max = Math.max(max, mock.generations.inFlight())), 2);
  try {
    return { result: await work, sampledMax: () => max };
  } finally {
    clearInterval(timer);
  }
}

describe("runMany within the plan's limit", () => {
  test("50 requests with concurrency 3: all complete, in input order, never more than 3 in flight, no 429, no duplicates", async (t) => {
    await withKit({}, async (mock, client) => {
      const started = Date.now();
      const progress = [];
      const settled = [];
      const { result: results, sampledMax } = await sampled(
        mock,
        client.generations.runMany(requests(50, "a"), {
          concurrency: 3,
          longPollSeconds: 1,
          onProgress: (p) => progress.push(p),
          onSettled: (r) => settled.push(r.index),
        }),
      );
      const ms = Date.now() - started;
      assert.equal(results.length, 50);
      results.forEach((r, i) => {
        assert.equal(r.index, i);
        assert.equal(r.status, "fulfilled", r.error?.message);
        assert.equal(r.generation.status, "COMPLETED");
        assert.equal(r.generation.input[0].url, `https://example.com/a${i}.mp4`, "each result is its own request's");
      });
      assert.deepEqual([...settled].sort((a, b) => a - b), [...Array(50).keys()], "onSettled once per request");
      assert.ok(progress.every((p) => p.inFlight <= 3), "the run's own count stays within 3");
      assert.deepEqual(progress.at(-1), { queued: 0, inFlight: 0, completed: 50, failed: 0 });
      const max = maxInFlight(mock);
      t.diagnostic(`50 generations, concurrency 3: ${ms} ms; in flight at most ${max} (sampled ${sampledMax()}); ${creates(mock).length} creates; ${duplicates(mock)} duplicates`);
      assert.ok(max <= 3, `in flight at most ${max}`);
      assert.ok(sampledMax() <= 3);
      assert.equal(duplicates(mock), 0);
      assert.equal(mock.generations.list().length, 50);
      assert.equal(creates(mock).length, 50, "one create each: the limit was never hit");
      assert.ok(creates(mock).every((r) => r.answer?.status === 201));
    });
  });
});

describe("runMany past the limit, and failures", () => {
  test("concurrency 5 against a limit of 3: the 429s are absorbed, the same key is sent again, no duplicates", async (t) => {
    await withKit({}, async (mock, client) => {
      const started = Date.now();
      const results = await client.generations.runMany(requests(50, "b"), { concurrency: 5, longPollSeconds: 1, idempotencyKeyPrefix: "run-b-" });
      const ms = Date.now() - started;
      assert.ok(results.every((r, i) => r.index === i && r.status === "fulfilled"), JSON.stringify(results.filter((r) => r.status !== "fulfilled").map((r) => r.error?.message)));
      const posts = creates(mock);
      const keys = posts.map((r) => r.headers["idempotency-key"]);
      const refused = posts.filter((r) => r.answer?.errorCode === "concurrency_limit_reached").length;
      assert.equal(posts.length, 50 + refused, "every create was either accepted once or refused with the limit");
      assert.equal(posts.filter((r) => r.answer?.status === 201).length, 50);
      t.diagnostic(`concurrency 5 vs limit 3: ${ms} ms; ${posts.length} creates (${refused} refused with 429); in flight at most ${maxInFlight(mock)}; ${duplicates(mock)} duplicates`);
      assert.ok(refused > 0, "the limit was hit");
      assert.deepEqual(new Set(keys), new Set(Array.from({ length: 50 }, (_, i) => `run-b-${i}`)), "every key is prefix + index");
      assert.equal(mock.generations.list().length, 50);
      assert.equal(duplicates(mock), 0);
      assert.ok(maxInFlight(mock) <= 3);
    });
  });

  test("requests the API fails settle as GenerationFailedError; the others complete", async () => {
    await withKit({}, async (mock, client) => {
      const list = requests(12, "c").map((r, i) => (i % 4 === 1 ? request(i, "fail-c") : r));
      let last;
      const results = await client.generations.runMany(list, { concurrency: 3, longPollSeconds: 1, onProgress: (p) => (last = p) });
      for (const [i, r] of results.entries()) {
        if (i % 4 === 1) {
          assert.equal(r.status, "rejected");
          assert.ok(r.error instanceof GenerationFailedError, r.error?.name);
          assert.equal(r.error.errorCode, "generation_pipeline_failed");
          assert.equal(r.error.status, "FAILED");
        } else {
          assert.equal(r.status, "fulfilled");
        }
      }
      assert.deepEqual(last, { queued: 0, inFlight: 0, completed: 9, failed: 3 });
    });
  });

  test("abort mid-run: nothing is created after it, the rest settle as SyncAbortError", async () => {
    await withKit({}, async (mock, client) => {
      const controller = new AbortController();
      // What had settled when the signal fired (generations end in any order, so not simply 0–5).
      const settledBefore = new Set();
      const results = await client.generations.runMany(requests(30, "d"), {
        concurrency: 3,
        longPollSeconds: 1,
        idempotencyKeyPrefix: "abort-",
        signal: controller.signal,
        onSettled: (r) => {
          if (controller.signal.aborted) return;
          settledBefore.add(r.index);
          if (r.index === 5) controller.abort();
        },
      });
      assert.equal(results.length, 30);
      for (const i of settledBefore) assert.equal(results[i].status, "fulfilled", `request ${i} ended before the abort`);
      // When the signal fired, the runner that settled request 5 had no request of its own, and each
      // of the other two at most one (on the wire, or a generation being waited for). Nothing else
      // may reach the API afterwards.
      const created = new Set(creates(mock).map((r) => r.headers["idempotency-key"]));
      assert.ok(created.size <= settledBefore.size + 2, `${created.size} created, ${settledBefore.size} settled before the abort`);
      const neverCreated = results.filter((r) => !created.has(`abort-${r.index}`));
      assert.ok(neverCreated.length >= 30 - settledBefore.size - 2, `${neverCreated.length} never created`);
      for (const r of neverCreated) {
        assert.equal(r.status, "rejected", `request ${r.index}`);
        assert.ok(r.error instanceof SyncAbortError, r.error?.name);
        assert.match(r.error.message, new RegExp(`requests\\[${r.index}\\] was not created`));
      }
      // Those in flight when it fired end either way, each with a result.
      for (const r of results) if (r.status === "rejected") assert.ok(r.error instanceof SyncAbortError, `request ${r.index}: ${r.error?.name}`);
    });
  });

  test("a lost create answer (created, the connection reset) is retried with its key: no duplicate", async () => {
    await withKit({}, async (mock, client) => {
      mock.fail({ method: "POST", path: "/v2/generate", reset: true, afterRoute: true, times: 3 });
      const results = await client.generations.runMany(requests(8, "e"), { concurrency: 2, longPollSeconds: 1 });
      assert.ok(results.every((r) => r.status === "fulfilled"), JSON.stringify(results.map((r) => r.error?.message)));
      assert.ok(creates(mock).length >= 11, "the lost ones were sent again");
      assert.equal(mock.generations.list().length, 8);
      assert.equal(duplicates(mock), 0);
    });
  });

  test("the same run again with the same prefix creates nothing twice", async () => {
    await withKit({}, async (mock, client) => {
      const first = await client.generations.runMany(requests(6, "f"), { concurrency: 3, idempotencyKeyPrefix: "batch-2026-12-02-", longPollSeconds: 1 });
      const again = await client.generations.runMany(requests(6, "f"), { concurrency: 3, idempotencyKeyPrefix: "batch-2026-12-02-", longPollSeconds: 1 });
      assert.deepEqual(again.map((r) => r.generation.id), first.map((r) => r.generation.id));
      assert.equal(mock.generations.list().length, 6);
    });
  });

  test("the account busy elsewhere (none of the run's in flight): backs off and gets through", async () => {
    await withKit({ concurrency: 1, stepMs: 400 }, async (mock, client) => {
      const other = await client.generations.create(request(0, "elsewhere"));
      const started = Date.now();
      const results = await client.generations.runMany(requests(2, "g"), { concurrency: 1, longPollSeconds: 1 });
      assert.ok(results.every((r) => r.status === "fulfilled"), JSON.stringify(results.map((r) => r.error?.message)));
      const refused = creates(mock).length - 3;
      assert.ok(refused >= 1, "the first create met the limit");
      assert.ok(Date.now() - started >= 800, "it waited for the other generation");
      assert.equal(mock.generations.get(other.id).status, "COMPLETED");
    });
  });

  test("a rate limit (429 rate_limit_exceeded, Retry-After) pauses the run instead of failing it", async () => {
    await withKit({}, async (mock, client) => {
      mock.fail({ method: "POST", path: "/v2/generate", status: 429, times: 2, headers: { "retry-after": "1" }, body: { statusCode: 429, message: "Rate limit exceeded", errorCode: "rate_limit_exceeded" } });
      const started = Date.now();
      const results = await client.generations.runMany(requests(4, "h"), { concurrency: 2, longPollSeconds: 1 });
      assert.ok(results.every((r) => r.status === "fulfilled"), JSON.stringify(results.map((r) => r.error?.message)));
      assert.ok(Date.now() - started >= 1000, "it waited out Retry-After");
      assert.equal(mock.generations.list().length, 4);
    });
  });
});

describe("runMany's arguments", () => {
  let mock;
  let client;
  before(async () => {
    mock = await kit();
    client = new SyncClient({ apiKey: KEY, baseUrl: mock.url });
  });
  after(() => mock.close());

  test("a bad request refuses the whole run, naming it, before anything is sent", async () => {
    mock.clearRequests();
    const list = requests(4, "x");
    list[2] = { model: "lipsync-2", input: [{ type: "video", url: "not a url" }, list[2].input[1]] };
    await assert.rejects(client.generations.runMany(list), (e) => e instanceof SyncValidationError && /^requests\[2\]/.test(e.field) && /requests\[2\]/.test(e.message));
    await assert.rejects(client.generations.runMany([request(0), 7]), (e) => e instanceof SyncValidationError && e.field === "requests[1]");
    assert.equal(mock.requests.length, 0);
  });

  test("not a list, a throwing iterable, bad options: typed errors", async () => {
    for (const bad of [undefined, null, 5, "requests", { model: "lipsync-2" }]) {
      await assert.rejects(client.generations.runMany(bad), SyncValidationError, String(bad));
    }
    const throwing = { [Symbol.iterator]: () => { throw new Error("no"); } };
    await assert.rejects(client.generations.runMany(throwing), SyncValidationError);
    for (const options of [{ concurrency: 0 }, { concurrency: 1.5 }, { concurrency: 101 }, { idempotencyKeyPrefix: "" }, { idempotencyKeyPrefix: "has space" }, { onSettled: 3 }, { onProgress: "x" }, { timeoutMs: -1 }]) {
      await assert.rejects(client.generations.runMany([request(0)], options), SyncConfigurationError, JSON.stringify(options));
    }
  });

  test("an empty list resolves to []; an array with a throwing iterator is read as data; a Set works", async () => {
    assert.deepEqual(await client.generations.runMany([]), []);
    const list = [request(0, "iter")];
    list[Symbol.iterator] = () => { throw new Error("not used"); };
    const [r] = await client.generations.runMany(list, { longPollSeconds: 1 });
    assert.equal(r.status, "fulfilled");
    const fromSet = await client.generations.runMany(new Set([request(0, "set")]), { longPollSeconds: 1 });
    assert.equal(fromSet[0].status, "fulfilled");
  });

  test("callbacks that throw do not stop the run", async () => {
    const results = await client.generations.runMany(requests(3, "cb"), {
      concurrency: 3,
      longPollSeconds: 1,
      onSettled: () => { throw new Error("settled"); },
      onProgress: () => { throw new Error("progress"); },
    });
    assert.ok(results.every((r) => r.status === "fulfilled"));
  });
});
