// examples/cloudflare-pipeline in workerd, through `wrangler dev --local` (wrangler 4 on Node 22 from
// the registry, as in bundlers.test.mjs), with wrangler's local Queue and Durable Objects, the Worker
// depending on the packed tarball, against the testing kit's mock on 127.0.0.1 (real clock, plan
// limit 3). The mock's webhooks go to the Worker's /webhook, so the whole loop runs:
//   POST /jobs → queue → gate → create → webhook → job ended, slot freed.
//
// Between the Worker and the mock sits a small recording proxy: `mock.requests` keeps what was asked
// but not what was answered, and the test counts the 429s and the dropped connections it caused.
//
// Scenario:
//   0. Every route but /webhook needs the pipeline's token; bad input and forged webhooks get a 400.
//   1. 50 jobs: most complete, some fail (the mock's `outcome`), one is invalid (refused by the SDK
//      before any request), one's webhook is lost (the mock's `webhookFetch` drops it; that job goes
//      first, alone, so its slot is held until the poll while the rest wait), the next create's
//      answer is lost after the mock made the generation (a scripted reset), five jobs get a second
//      queue message (POST /jobs/:id/retry) while still queued, and one while its generation runs.
//   2. Checks: at most 3 generations in flight at any moment (exact, from the mock's records), no
//      429 at all (the gate kept the pipeline under the limit), one generation per job, every job
//      ended through its webhook except the lost one, which the gate's alarm finished by polling.
//   3. The account busy elsewhere: the test keeps 2 of the 3 slots busy with its own generations; 6
//      more jobs meet 429 `concurrency_limit_reached`, give their slot back, wait and complete.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { project, run, start, startMock, freePort, fixtureFiles, root, DEFAULT_KEY } from "./support.mjs";
import { signWebhook } from "../mock.mjs";

// The same versions as bundlers.test.mjs (wrangler 4 needs Node 22.12+; this Node comes from npm).
const VERSIONS = {
  wrangler: "4.164.0",
  node22: { name: `node-${process.platform}-${process.arch}`, version: "22.23.5" },
};
const STEP_MS = 500; // a generation is PENDING, then PROCESSING, then over: 2 steps
const LIMIT = 3;
const GRACE_SECONDS = 3;
const FINAL = new Set(["COMPLETED", "FAILED", "REJECTED", "CANCELED", "TIMED_OUT"]);
const FAIL_CODE = "pipeline_test_failure";
const TOKEN = "pipeline-test-token-0123456789";

let mock;
let proxy;
const servers = [];
const dropped = []; // generation ids whose webhook the "network" lost

before(async () => {
  mock = await startMock({
    stepMs: STEP_MS,
    concurrency: LIMIT,
    // Inputs marked "-fail" end FAILED with our code.
    outcome: (dto) => (dto.input.some((i) => String(i.url).includes("-fail.")) ? { status: "FAILED", errorCode: FAIL_CODE, error: "The test made this one fail." } : undefined),
    // The webhook of an input marked "-drop" is lost on the way, as Sync warns can happen.
    webhookFetch: async (url, init) => {
      const payload = JSON.parse(init.body);
      if (payload.input?.some((i) => String(i.url).includes("-drop."))) {
        dropped.push(payload.id);
        throw new TypeError("the test lost this delivery");
      }
      return fetch(url, init);
    },
  });
  proxy = await recordingProxy(mock.url);
});

after(async () => {
  for (const server of servers) await server.stop().catch(() => {});
  await proxy?.close();
  await mock?.close();
});

/**
 * An HTTP proxy to `target` that records each answer: `{ method, path, key, status, errorCode, at }`,
 * where `key` is the Idempotency-Key and `status` is "reset" when the mock dropped the connection
 * (then so does the proxy, so the Worker sees what it would have seen).
 */
async function recordingProxy(target) {
  const answers = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const entry = { method: req.method, path: new URL(req.url, target).pathname, key: req.headers["idempotency-key"] ?? null, status: null, errorCode: null, at: Date.now() };
    answers.push(entry);
    const headers = { ...req.headers };
    for (const name of ["host", "connection", "content-length", "transfer-encoding", "keep-alive"]) delete headers[name];
    try {
      const response = await fetch(new URL(req.url, target), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, redirect: "manual" });
      const body = Buffer.from(await response.arrayBuffer());
      entry.status = response.status;
      if (response.status >= 400) {
        try {
          entry.errorCode = JSON.parse(body.toString()).errorCode ?? null;
        } catch {}
      }
      const out = {};
      response.headers.forEach((value, name) => {
        if (!["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(name)) out[name] = value;
      });
      res.writeHead(response.status, out).end(body);
    } catch {
      entry.status = "reset";
      req.socket.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    answers,
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(resolve))),
  };
}

/**
 * The most generations in flight at once among `generations` (the mock's records): each is in flight
 * from its createdAt until createdAt + 2 steps, when the mock ends it (no test settles one by hand).
 * At equal times an end comes before a start, as in the mock (a generation ending at t is not counted
 * at t). Returns `{ max, maxSince(t) }`.
 */
function overlap(generations) {
  const events = [];
  for (const g of generations) {
    const from = Date.parse(g.createdAt);
    events.push([from, 1], [from + 2 * STEP_MS, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  const peaks = [];
  for (const [at, delta] of events) {
    now += delta;
    max = Math.max(max, now);
    peaks.push([at, now]);
  }
  return { max, maxSince: (t) => Math.max(0, ...peaks.filter(([at]) => at >= t).map(([, n]) => n)) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The job's marker in its video URL: `pipeline-<phase>-<n>-<kind>`. */
const markerOf = (g) => /pipeline-[a-z0-9]+-\d+-[a-z]+/.exec(g.input?.[0]?.url ?? "")?.[0];

function createBody(marker, { audio = true } = {}) {
  return {
    model: "lipsync-2",
    input: [{ type: "video", url: `https://example.com/${marker}.mp4` }, ...(audio ? [{ type: "audio", url: `https://example.com/${marker}.wav` }] : [])],
  };
}

test("wrangler dev --local: examples/cloudflare-pipeline keeps 50 jobs within the plan's 3 slots", { timeout: 420_000 }, async (t) => {
  const started = Date.now();
  const lap = (() => {
    let last = started;
    return (what) => {
      const now = Date.now();
      t.diagnostic(`${what}: ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    };
  })();

  const example = join(root, "examples", "cloudflare-pipeline");
  const files = Object.fromEntries(Object.entries(fixtureFiles(example)).filter(([path]) => !/^(node_modules|\.wrangler|\.dev\.vars|package(-lock)?\.json)/.test(path)));
  const port = await freePort();
  const inspector = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const vars = {
    SYNC_API_KEY: DEFAULT_KEY,
    SYNC_BASE_URL: proxy.url,
    SYNC_WEBHOOK_SECRET: mock.webhookSecret,
    PUBLIC_URL: origin,
    PLAN_CONCURRENCY: String(LIMIT),
    WEBHOOK_GRACE_SECONDS: String(GRACE_SECONDS),
    PIPELINE_TOKEN: TOKEN,
  };
  const dir = await project("pipeline", {
    files: { ...files, ".dev.vars": Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join("") },
    devDependencies: { wrangler: VERSIONS.wrangler, [VERSIONS.node22.name]: VERSIONS.node22.version },
  });
  assert.match(readFileSync(join(dir, "wrangler.toml"), "utf8"), /max_batch_size = (\d+)/);
  const batchSize = Number(/max_batch_size = (\d+)/.exec(readFileSync(join(dir, "wrangler.toml"), "utf8"))[1]);
  assert.ok(batchSize > LIMIT, `the consumer takes more messages at once (${batchSize}) than the limit (${LIMIT})`);
  lap("npm install (wrangler, node 22)");

  const node22 = join(dir, "node_modules", ".bin", "node");
  assert.ok(existsSync(node22), "Node 22 from the registry is installed");
  const nodeVersion = (await run(node22, ["--version"])).stdout.trim();
  assert.match(nodeVersion, /^v22\./, `Node 22 from the registry, got ${nodeVersion}`);
  const env = { CI: "1", WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: join(dir, ".config"), WRANGLER_LOG_PATH: join(dir, ".wrangler-logs") };
  const wrangler = join(dir, "node_modules", "wrangler", "bin", "wrangler.js");
  // What `wrangler deploy` would upload: the config (Queue consumer, Durable Objects, migrations)
  // is valid, and the .wasm is a module of its own.
  const deploy = await run(node22, [wrangler, "deploy", "--dry-run", "--outdir", "dist"], { cwd: dir, env, timeoutMs: 120_000 });
  assert.match(deploy.output, /--dry-run: exiting now/, deploy.output);
  assert.match(deploy.output, /env\.QUEUE \(sync-pipeline-jobs\)/, deploy.output);
  assert.ok(readdirSync(join(dir, "dist")).some((f) => f.endsWith(".wasm")), "the .wasm is uploaded as a module");
  lap("wrangler deploy --dry-run");
  const dev = await start(node22, [wrangler, "dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector)], {
    cwd: dir,
    env,
    port,
    path: "/gate",
    timeoutMs: 90_000,
  });
  servers.push(dev);
  const log = () => `\n--- wrangler dev output (last 6000 chars) ---\n${dev.output().slice(-6000)}`;
  lap("wrangler dev: ready");

  const api = async (path, init = {}, token = TOKEN) => {
    const headers = { ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(15_000), ...init, headers });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body, text };
  };
  const post = (path, body, headers = { "content-type": "application/json" }) => api(path, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const gate = async () => (await api("/gate")).body;

  /** Poll the jobs until each has ended, or fail after `ms`. Calls `onRound(jobs)` each round. */
  async function untilEnded(ids, ms, onRound = () => {}) {
    const jobs = new Map();
    const deadline = Date.now() + ms;
    for (;;) {
      const open = ids.filter((id) => !FINAL.has(jobs.get(id)?.status));
      if (!open.length) return jobs;
      if (Date.now() > deadline) {
        const states = open.map((id) => `${id}: ${jobs.get(id)?.status ?? "?"}`).join(", ");
        assert.fail(`${open.length} of ${ids.length} jobs had not ended after ${ms / 1000} s: ${states}\ngate: ${JSON.stringify(await gate())}${log()}`);
      }
      await Promise.all(
        open.map(async (id) => {
          const { status, body } = await api(`/jobs/${id}`);
          assert.equal(status, 200, `GET /jobs/${id} → ${status} ${JSON.stringify(body)}${log()}`);
          jobs.set(id, body);
        }),
      );
      await onRound(jobs);
      await sleep(400);
    }
  }

  await t.test("every route but /webhook needs the token", async () => {
    for (const token of [null, "wrong-token"]) {
      for (const [method, path] of [["POST", "/jobs"], ["GET", "/jobs/x"], ["POST", "/jobs/x/retry"], ["GET", "/gate"]]) {
        const answer = await api(path, { method, ...(method === "POST" ? { body: JSON.stringify([createBody("x")]) } : {}) }, token);
        assert.equal(answer.status, 401, `${method} ${path} with ${token ?? "no token"} → ${answer.status} ${answer.text}`);
      }
    }
  });

  await t.test("POST /jobs refuses bad input with 400/413 and a clear message", async () => {
    const cases = [
      ["not json", "{nope", /not valid JSON|not JSON/],
      ["an object", JSON.stringify(createBody("x")), /must be a JSON array/],
      ["an empty array", "[]", /empty/],
      ["not objects", "[1, 2]", /job 0 is not an object/],
      ["a webhookUrl", JSON.stringify([{ ...createBody("x"), webhookUrl: "https://evil.example/hook" }]), /webhookUrl/],
      ["bad JSONL", `${JSON.stringify(createBody("x"))}\n{nope`, /line 2 is not JSON/, "application/x-ndjson"],
    ];
    for (const [what, body, message, type = "application/json"] of cases) {
      const answer = await post("/jobs", body, { "content-type": type });
      assert.equal(answer.status, 400, `${what} → ${answer.status} ${answer.text}`);
      assert.match(answer.body.error, message, `${what}: ${answer.body.error}`);
    }
    const many = await post("/jobs", Array.from({ length: 101 }, (_, i) => createBody(`many-${i}`)));
    assert.equal(many.status, 413, `101 jobs → ${many.status} ${many.text}`);
    const huge = await post("/jobs", JSON.stringify([{ ...createBody("big"), padding: "x".repeat(1024 * 1024) }]));
    assert.equal(huge.status, 413, `a body over 1 MiB → ${huge.status} ${huge.text}`);
    assert.equal((await api("/jobs/no-such-job")).status, 404);
    assert.equal((await post("/jobs/no-such-job/retry", "")).status, 404);
    // Anyone can post to the webhook: a forged signature is a 400, never a 500.
    const payload = JSON.stringify({ id: "forged", status: "COMPLETED" });
    const good = await signWebhook(payload, mock.webhookSecret);
    const forged = await post("/webhook", payload, { "content-type": "application/json", "sync-signature": good.replace(/v1=([0-9a-f])/, (_, c) => `v1=${c === "0" ? "1" : "0"}`) });
    assert.equal(forged.status, 400, `forged webhook → ${forged.status} ${forged.text}`);
    const unsigned = await post("/webhook", payload);
    assert.equal(unsigned.status, 400, `unsigned webhook → ${unsigned.status} ${unsigned.text}`);
    // A valid delivery for a generation no job has is accepted and changes nothing.
    const stranger = await post("/webhook", payload, { "content-type": "application/json", "sync-signature": good });
    assert.equal(stranger.status, 200, `signed webhook of an unknown generation → ${stranger.status} ${stranger.text}${log()}`);
    assert.equal(stranger.body.job, null);
    assert.equal(proxy.answers.length, 0, "nothing reached Sync");
  });

  // --- 1. fifty jobs -------------------------------------------------------------------------------
  const kinds = Array.from({ length: 50 }, (_, i) => (i === 0 ? "drop" : i === 49 ? "invalid" : i % 7 === 3 ? "fail" : "ok"));
  const markers = kinds.map((kind, i) => `pipeline-a-${i}-${kind}`);
  const bodies = markers.map((m, i) => createBody(m, { audio: kinds[i] !== "invalid" }));
  // The job whose webhook is lost goes first, alone, so that its slot is held (until the gate's
  // poll) while the other 49 wait, and many of them run after the poll has freed it.
  const t0 = Date.now();
  const lone = await post("/jobs", [bodies[0]]);
  assert.equal(lone.status, 202, `POST /jobs → ${lone.status} ${lone.text}${log()}`);
  for (const deadline = Date.now() + 30_000; !(await api(`/jobs/${lone.body.jobs[0]}`)).body.generationId; await sleep(50)) {
    assert.ok(Date.now() < deadline, `the first job got no generation within 30 s${log()}`);
  }
  // The next create the mock answers is made, then its connection dropped: the consumer sees a
  // network error after Sync created the generation, and the queue redelivers the message.
  mock.fail({ method: "POST", path: "/v2/generate", reset: true, afterRoute: true, times: 1 });
  const submitted = await post("/jobs", bodies.slice(1));
  assert.equal(submitted.status, 202, `POST /jobs → ${submitted.status} ${submitted.text}${log()}`);
  const ids = [...lone.body.jobs, ...submitted.body.jobs];
  assert.equal(ids.length, 50);
  assert.equal(new Set(ids).size, 50, "distinct job ids");
  const first = await api(`/jobs/${ids[1]}`);
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.body, bodies[1], "the job keeps its create body");
  assert.ok(["QUEUED", "PENDING", "PROCESSING"].includes(first.body.status), first.text);

  // Redelivery: a second message for five jobs still queued (a user's POST /jobs/:id/retry).
  const doubled = ids.slice(40, 45);
  for (const id of doubled) {
    const again = await post(`/jobs/${id}/retry`, "");
    assert.equal(again.status, 202, `retry ${id} → ${again.status} ${again.text}`);
  }

  // Sample the mock's own in-flight count as well, as a cross-check of the computed overlap.
  let sampledMax = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      sampledMax = Math.max(sampledMax, mock.generations.inFlight());
      await sleep(10);
    }
  })();
  let retriedInFlight = null;
  let jobs;
  try {
    jobs = await untilEnded(ids, 150_000, async (seen) => {
      // And once for a job whose generation is under way: the consumer must see it has one.
      if (retriedInFlight) return;
      const busy = [...seen.values()].find((j) => j.generationId && !FINAL.has(j.status) && !doubled.includes(j.id));
      if (!busy) return;
      const again = await post(`/jobs/${busy.id}/retry`, "");
      // It may have ended since this round looked (409): then try another one next round.
      if (again.status === 202) retriedInFlight = busy.id;
      else assert.equal(again.status, 409, `retry in flight → ${again.status} ${again.text}`);
    });
  } finally {
    sampling = false;
    await sampler;
  }
  const elapsed = Date.now() - t0;
  lap("50 jobs");

  await t.test("never more than 3 generations in flight, and no 429 from Sync", () => {
    const ours = mock.generations.list().filter((g) => markerOf(g)?.startsWith("pipeline-a-"));
    const { max } = overlap(ours);
    const all = overlap(mock.generations.list().filter((g) => Date.parse(g.createdAt) >= started - 60_000));
    t.diagnostic(`in flight at once: at most ${max} (from the mock's records; the whole account: ${all.max}; sampled every 10 ms: ${sampledMax})`);
    assert.ok(max <= LIMIT, `${max} generations were in flight at once (limit ${LIMIT})`);
    assert.ok(all.max <= LIMIT, `${all.max} generations of the account at once`);
    assert.ok(sampledMax <= max, `sampled ${sampledMax} > computed ${max}`);
    assert.equal(max, LIMIT, "the pipeline used all the plan's slots");
    const refused = proxy.answers.filter((a) => a.status === 429);
    assert.deepEqual(refused, [], "the gate kept every create under the limit: Sync refused none");
  });

  await t.test("one generation per job, even for redelivered messages", () => {
    const byMarker = new Map();
    for (const g of mock.generations.list()) {
      const m = markerOf(g);
      if (m?.startsWith("pipeline-a-")) byMarker.set(m, [...(byMarker.get(m) ?? []), g]);
    }
    const duplicates = [...byMarker.values()].reduce((n, list) => n + list.length - 1, 0);
    t.diagnostic(`duplicate generations: ${duplicates}`);
    assert.equal(duplicates, 0, `duplicates: ${JSON.stringify([...byMarker].filter(([, l]) => l.length > 1).map(([m, l]) => [m, l.map((g) => g.id)]))}`);
    ids.forEach((id, i) => {
      const job = jobs.get(id);
      const made = byMarker.get(markers[i]) ?? [];
      if (kinds[i] === "invalid") {
        assert.equal(made.length, 0, `job ${i} (invalid) made no generation`);
        assert.equal(job.generationId, null);
      } else {
        assert.equal(made.length, 1, `job ${i} (${kinds[i]}) made ${made.length} generations`);
        assert.equal(job.generationId, made[0].id, `job ${i} records its generation`);
      }
    });
    // Creates per idempotency key: one key per job, and only the reset one was sent twice (the five
    // doubled messages and the in-flight retry found their job's generation, or replayed it).
    const creates = proxy.answers.filter((a) => a.method === "POST" && a.path === "/v2/generate");
    const perKey = new Map();
    for (const a of creates) perKey.set(a.key, [...(perKey.get(a.key) ?? []), a]);
    assert.ok(creates.every((a) => /^job-[0-9a-f-]{36}$/.test(a.key ?? "")), "every create carries job-<id> as its Idempotency-Key");
    const resets = creates.filter((a) => a.status === "reset");
    assert.equal(resets.length, 1, "one create lost its answer");
    const resetKey = resets[0].key;
    const resetJob = jobs.get(resetKey.slice(4));
    assert.ok(resetJob, "the reset create was for one of the jobs");
    const resetCreates = perKey.get(resetKey);
    assert.ok(resetCreates.length >= 2 && resetCreates.at(-1).status === 201, `the lost create was sent again with the same key and answered: ${JSON.stringify(resetCreates)}`);
    t.diagnostic(`redelivered after a lost answer: job ${ids.indexOf(resetJob.id)} (${resetCreates.length} creates, one generation ${resetJob.generationId})`);
    for (const [key, list] of perKey) {
      if (key === resetKey) continue;
      const id = key.slice(4);
      // Two messages for one job can both find it without a generation and both create: the second
      // is the key's replay (201, the same generation), never a second generation.
      const limit = doubled.includes(id) ? 2 : 1;
      assert.ok(list.length <= limit, `job ${ids.indexOf(id)} was created ${list.length} times: ${JSON.stringify(list)}`);
      assert.ok(list.every((a) => a.status === 201), JSON.stringify(list));
    }
    assert.equal(perKey.has(`job-${ids[49]}`), false, "the invalid job sent nothing");
    assert.ok(retriedInFlight, "a job in flight was sent to the queue again (its second message created nothing: checked above)");
  });

  await t.test("jobs end through their webhook; failures carry Sync's errorCode; the lost webhook is polled", async () => {
    const deliveries = mock.webhooks.deliveries;
    ids.forEach((id, i) => {
      const job = jobs.get(id);
      const what = `job ${i} (${kinds[i]}): ${JSON.stringify(job)}`;
      if (kinds[i] === "invalid") {
        assert.equal(job.status, "FAILED", what);
        assert.equal(job.finishedBy, "create", what);
        assert.equal(job.errorCode, "SyncValidationError", what);
        assert.match(job.error, /audio/i, what);
        return;
      }
      const sent = deliveries.filter((d) => d.generationId === job.generationId);
      assert.equal(sent.length, 1, `one delivery for ${what}`);
      if (kinds[i] === "drop") {
        assert.ok(dropped.includes(job.generationId), `its delivery was lost: ${what}`);
        assert.equal(job.status, "COMPLETED", what);
        assert.equal(job.finishedBy, "poll", `the gate's alarm finished it: ${what}`);
        assert.equal(job.outputUrl, mock.generations.get(job.generationId).outputUrl, what);
        return;
      }
      assert.equal(sent[0].status, 200, `the Worker took the webhook: ${JSON.stringify(sent[0])}`);
      assert.equal(job.finishedBy, "webhook", what);
      if (kinds[i] === "fail") {
        assert.equal(job.status, "FAILED", what);
        assert.equal(job.errorCode, FAIL_CODE, what);
        assert.equal(job.error, "The test made this one fail.", what);
        assert.equal(job.outputUrl, null, what);
      } else {
        assert.equal(job.status, "COMPLETED", what);
        assert.match(job.outputUrl ?? "", /\/outputs\/.+\.mp4$/, what);
      }
    });
    // The lost webhook's slot came back: the pipeline ran 3 at once again after the poll.
    const drop = jobs.get(ids[kinds.indexOf("drop")]);
    const polledAt = Date.parse(drop.finishedAt);
    const ours = mock.generations.list().filter((g) => markerOf(g)?.startsWith("pipeline-a-"));
    const later = ours.filter((g) => Date.parse(g.createdAt) > polledAt);
    t.diagnostic(`lost webhook: job finished by the poll ${((polledAt - Date.parse(drop.submittedAt)) / 1000).toFixed(1)} s after submission; ${later.length} generations started after it`);
    assert.ok(later.length >= LIMIT, `generations went on after the poll freed the slot (${later.length} started after)`);
    assert.equal(overlap(ours).maxSince(polledAt), LIMIT, "all 3 slots in use again after the poll");
    // Repeated delivery of a webhook is harmless.
    const delivery = deliveries.find((d) => d.generationId === jobs.get(ids[1]).generationId);
    const again = await post("/webhook", delivery.body, { "content-type": "application/json", "sync-signature": await signWebhook(delivery.body, mock.webhookSecret) });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.job, ids[1]);
    const unchanged = await api(`/jobs/${ids[1]}`);
    assert.deepEqual(unchanged.body, jobs.get(ids[1]), "a repeated webhook changes nothing");
    // An ended job is not sent again.
    assert.equal((await post(`/jobs/${ids[1]}/retry`, "")).status, 409);
    // No record shows the API key.
    for (const job of jobs.values()) assert.doesNotMatch(JSON.stringify(job), new RegExp(DEFAULT_KEY));
    assert.doesNotMatch(JSON.stringify(await gate()), new RegExp(DEFAULT_KEY));
  });

  await t.test("every slot is free once the jobs have ended", async () => {
    const deadline = Date.now() + 10_000;
    let state = await gate();
    while (state.inUse !== 0 && Date.now() < deadline) {
      await sleep(200);
      state = await gate();
    }
    assert.equal(state.limit, LIMIT);
    assert.deepEqual(state.slots, [], `slots left: ${JSON.stringify(state)}`);
  });
  t.diagnostic(`50 jobs: ${(elapsed / 1000).toFixed(1)} s from POST /jobs until all had ended (${kinds.filter((k) => k === "fail").length} failing, 1 invalid, 1 lost webhook)`);

  // --- 3. the account busy elsewhere ---------------------------------------------------------------
  await t.test("another client holds 2 of the 3 slots: 429 concurrency_limit_reached, the slot goes back, the jobs complete", async () => {
    const outside = [];
    let busy = true;
    // Another app on the same account keeps (up to) 2 generations going, straight to the mock.
    const other = (async () => {
      let n = 0;
      while (busy) {
        const running = mock.generations.list().filter((g) => outside.includes(g.id) && !FINAL.has(g.status)).length;
        if (running < 2) {
          const response = await fetch(`${mock.url}/v2/generate`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": DEFAULT_KEY }, body: JSON.stringify(createBody(`other-app-${n++}`)) });
          const body = await response.json();
          if (response.status === 201) outside.push(body.id);
          // The first two half a generation apart, so that they never both end at once.
          if (outside.length === 1) await sleep(STEP_MS);
          continue;
        }
        await sleep(20);
      }
    })();
    const deadline = Date.now() + 10_000;
    while (mock.generations.list().filter((g) => outside.includes(g.id) && !FINAL.has(g.status)).length < 2) {
      assert.ok(Date.now() < deadline, "the other app got its 2 generations going");
      await sleep(20);
    }
    const before = proxy.answers.length;
    const phase = Array.from({ length: 6 }, (_, i) => `pipeline-b-${i}-ok`);
    // As JSONL this time.
    const sent = await post("/jobs", phase.map((m) => JSON.stringify(createBody(m))).join("\n") + "\n", { "content-type": "application/x-ndjson" });
    assert.equal(sent.status, 202, `POST /jobs (JSONL) → ${sent.status} ${sent.text}`);
    const phaseIds = sent.body.jobs;
    const t1 = Date.now();
    let ended;
    try {
      ended = await untilEnded(phaseIds, 90_000);
    } finally {
      busy = false;
      await other;
    }
    const answers = proxy.answers.slice(before).filter((a) => a.method === "POST" && a.path === "/v2/generate");
    const refused = answers.filter((a) => a.status === 429);
    t.diagnostic(`busy account: 6 jobs in ${((Date.now() - t1) / 1000).toFixed(1)} s, ${refused.length} creates refused with 429, the other app ran ${outside.length} generations`);
    assert.ok(refused.length >= 1, `some creates met the account's limit: ${JSON.stringify(answers)}`);
    assert.ok(refused.every((a) => a.errorCode === "concurrency_limit_reached"), JSON.stringify(refused));
    for (const id of phaseIds) {
      const job = ended.get(id);
      assert.equal(job.status, "COMPLETED", JSON.stringify(job));
      assert.equal(job.finishedBy, "webhook", JSON.stringify(job));
      const keyed = answers.filter((a) => a.key === `job-${id}`);
      assert.equal(keyed.filter((a) => a.status === 201).length, 1, `one create succeeded for ${id}: ${JSON.stringify(keyed)}`);
    }
    const made = mock.generations.list().filter((g) => markerOf(g)?.startsWith("pipeline-b-"));
    assert.equal(made.length, 6, "one generation per job");
    const account = overlap(mock.generations.list().filter((g) => Date.parse(g.createdAt) >= started - 60_000));
    assert.ok(account.max <= LIMIT, `the account never ran more than ${LIMIT} (${account.max})`);
    const state = await gate();
    assert.equal(state.inUse, 0, JSON.stringify(state));
  });

  // wrangler logs each batch as "QUEUE <name> <acked>/<delivered>": how much waiting cost.
  const batches = [...dev.output().matchAll(/QUEUE sync-pipeline-jobs (\d+)\/(\d+)/g)];
  const delivered = batches.reduce((n, m) => n + Number(m[2]), 0);
  const acked = batches.reduce((n, m) => n + Number(m[1]), 0);
  t.diagnostic(`queue: ${batches.length} batches, ${delivered} deliveries, ${delivered - acked} of them retried (waiting for a slot, or a 429, or the lost answer)`);
  await dev.stop();
  // Kept for a look after the run (the output is in the failure messages too).
  writeFileSync(join(dir, "wrangler-dev.log"), dev.output());
  lap("the rest");
  t.diagnostic(`total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
