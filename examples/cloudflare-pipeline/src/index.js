// A pipeline that runs many Sync generations, never more at once than the account's plan allows,
// however many isolates and locations the Worker runs in.
//
//   POST /jobs             a JSON array (or JSONL) of `generations.create` bodies → 202 { jobs: [ids] }
//   GET  /jobs/:id         the job's record (404 when unknown)
//   POST /jobs/:id/retry   send a job that has not ended to the queue again (e.g. its message was
//                          dropped after too many retries); harmless for a job already submitted
//   POST /webhook          Sync's delivery: verified, recorded on the job, the slot freed
//   GET  /gate             the plan's limit and the slots in use
//
// The flow: POST /jobs stores each job (JobStore) and queues `{ jobId }`. The queue consumer takes
// a slot from the account's ConcurrencyGate, creates the generation with the idempotency key
// `job-<jobId>` and records its id. Sync's webhook finishes the job and frees the slot; when a
// webhook is lost, the gate's alarm polls the generation and does the same.
//
// Every route but /webhook needs `Authorization: Bearer <PIPELINE_TOKEN>`.
//
// Env: SYNC_API_KEY, SYNC_WEBHOOK_SECRET, PIPELINE_TOKEN (secrets); PUBLIC_URL (this Worker's https
// origin, for the webhook); PLAN_CONCURRENCY; optional SYNC_BASE_URL, SYNC_ACCOUNT, WEBHOOK_GRACE_SECONDS,
// SLOT_TTL_SECONDS, SLOT_WAIT_SECONDS.
import {
  SyncAPIError,
  SyncClient,
  SyncConfigurationError,
  SyncValidationError,
  TooManyRequestsError,
  WebhookVerificationError,
  verifyWebhook,
} from "sync-wasm";
import { ConcurrencyGate, FINAL_STATUSES, envInt } from "./gate.js";
import { JobStore } from "./jobs.js";

export { JobStore };

/** The account's gate, whose alarm records what it learns by polling on the job. */
export class PipelineGate extends ConcurrencyGate {
  async generationEnded(holderId, generation, generationId) {
    const found = generation ?? { id: generationId, status: "FAILED", errorCode: "generation_not_found", error: "Sync no longer knows this generation." };
    await jobStore(this.env).update(found, "poll");
  }
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_JOBS = 100; // one Queue sendBatch, one storage write
// Waiting for a slot is not a failure, so it should not use up the message's retries
// (max_retries in wrangler.toml): past this many attempts the message is sent again afresh.
const REQUEUE_AFTER_ATTEMPTS = 50;

/** @param {Record<string, any>} env */
const jobStore = (env) => env.JOBS.get(env.JOBS.idFromName("jobs"));
/** @param {Record<string, any>} env */
const gateFor = (env) => env.GATE.get(env.GATE.idFromName(env.SYNC_ACCOUNT || "default"));

export default {
  /** @param {Request} request @param {Record<string, any>} env */
  async fetch(request, env) {
    const url = new URL(request.url);
    const { method } = request;
    try {
      // Sync's deliveries prove themselves with their signature; everything else needs the token,
      // or anyone who finds the URL could spend the account's credits.
      if (url.pathname === "/webhook" && method === "POST") return await webhook(request, env);
      const refused = await unauthorized(request, env);
      if (refused) return refused;
      if (url.pathname === "/jobs" && method === "POST") return await submit(request, env);
      if (url.pathname === "/gate" && method === "GET") return Response.json(await gateFor(env).list());
      const match = /^\/jobs\/([^/]+)(\/retry)?$/.exec(url.pathname);
      if (match && method === (match[2] ? "POST" : "GET")) {
        const job = await jobStore(env).get(decodeURIComponent(match[1]));
        if (!job) return problem(404, "no such job");
        if (!match[2]) return Response.json(job);
        if (FINAL_STATUSES.has(job.status)) return problem(409, `job ${job.id} has ended (${job.status})`);
        await env.QUEUE.send({ jobId: job.id });
        return Response.json({ requeued: job.id }, { status: 202 });
      }
      return problem(404, `no route ${method} ${url.pathname}`);
    } catch (error) {
      console.error(`${method} ${url.pathname}: ${error?.stack ?? error}`);
      return problem(500, "internal error"); // no details: they could hold configuration
    }
  },

  /** @param {MessageBatch<{ jobId: string }>} batch @param {Record<string, any>} env */
  async queue(batch, env) {
    // Messages of a batch are independent: each takes its own slot, or waits.
    await Promise.all(batch.messages.map((message) => consume(message, env)));
  },
};

/** POST /jobs */
async function submit(request, env) {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return problem(413, `the body is over ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return problem(413, `the body is over ${MAX_BODY_BYTES} bytes`);
  const parsed = parseJobs(text, request.headers.get("content-type") ?? "");
  if (typeof parsed === "string") return problem(400, parsed);
  if (parsed.length > MAX_JOBS) return problem(413, `at most ${MAX_JOBS} jobs per request, got ${parsed.length}`);
  const jobs = parsed.map((body) => ({ id: crypto.randomUUID(), body }));
  await jobStore(env).add(jobs);
  await env.QUEUE.sendBatch(jobs.map((job) => ({ body: { jobId: job.id } })));
  return Response.json({ jobs: jobs.map((job) => job.id) }, { status: 202 });
}

/**
 * The create bodies in a JSON array, or in JSONL (one object per line, any content type but
 * application/json), or what is wrong with them.
 */
function parseJobs(text, contentType) {
  const trimmed = text.trim();
  if (!trimmed) return "the body is empty: send a JSON array, or JSONL, of generation create bodies";
  let items;
  if (trimmed.startsWith("[") || /^application\/json\b/i.test(contentType)) {
    try {
      items = JSON.parse(trimmed);
    } catch (error) {
      return `the body is not valid JSON: ${error.message}`;
    }
  } else {
    items = [];
    const lines = trimmed.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      try {
        items.push(JSON.parse(lines[i]));
      } catch {
        return `line ${i + 1} is not JSON: send a JSON array, or one JSON object per line`;
      }
    }
  }
  if (!Array.isArray(items)) return "the body must be a JSON array of generation create bodies (or JSONL, sent as application/x-ndjson)";
  if (items.length === 0) return "no jobs: the list is empty";
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return `job ${i} is not an object (a generations.create body)`;
    if ("webhookUrl" in item) return `job ${i} sets webhookUrl: the pipeline sets it to its own /webhook`;
  }
  return items;
}

/** One queue message: create its job's generation once, within the plan's limit. */
async function consume(message, env) {
  const { jobId } = message.body ?? {};
  try {
    const jobs = jobStore(env);
    const job = typeof jobId === "string" ? await jobs.get(jobId) : undefined;
    // Unknown or over: nothing to do.
    if (!job || FINAL_STATUSES.has(job.status)) return message.ack();
    const gate = gateFor(env);
    if (job.generationId) {
      // Already created (a redelivery). If the last attempt stopped before the gate heard of the
      // generation, tell it now (a no-op otherwise), so its alarm can poll it.
      await gate.attach(jobId, job.generationId);
      return message.ack();
    }
    if (!env.PUBLIC_URL) throw new Error("PUBLIC_URL is not set: Sync needs it to send the webhook");
    const { acquired } = await gate.acquire(jobId);
    if (!acquired) return await waitForSlot(message, env);
    let generation;
    try {
      const client = SyncClient.fromEnv(env);
      // The same key on every attempt: a redelivered message (even after a crash between this call
      // and recording the id) gets the generation already made instead of a second one. Retries are
      // the queue's, so the SDK makes one attempt.
      generation = await client.generations.create(
        { ...job.body, webhookUrl: `${env.PUBLIC_URL.replace(/\/+$/, "")}/webhook` },
        { idempotencyKey: `job-${jobId}`, maxRetries: 0 },
      );
    } catch (error) {
      return await createFailed(message, env, jobId, error);
    }
    // The job first, so that the webhook can find it; then the slot, unless the job has ended.
    const { ended } = await jobs.submitted(jobId, generation);
    if (ended) await gate.release(jobId);
    else await gate.attach(jobId, generation.id);
    message.ack();
  } catch (error) {
    // Our own trouble (storage, configuration): try again later; the slot, if any, is kept.
    console.error(`job ${jobId}: ${error?.stack ?? error}`);
    message.retry({ delaySeconds: backoff(message.attempts) });
  }
}

async function createFailed(message, env, jobId, error) {
  const gate = gateFor(env);
  if (error instanceof TooManyRequestsError) {
    // `concurrency_limit_reached`: the account is busy elsewhere (another app, the dashboard), or
    // a rate limit. No generation was made, so the slot goes back; try after Retry-After.
    await gate.release(jobId);
    const wait = retryAfter(error.headers) ?? (error.errorCode === "concurrency_limit_reached" ? 5 : 10);
    console.log(`job ${jobId}: ${error.errorCode ?? "429"}, again in ~${wait} s`);
    return message.retry({ delaySeconds: jitter(wait) });
  }
  if (error instanceof SyncConfigurationError) {
    // No or bad SYNC_API_KEY: the deployment's fault, not the job's. Keep it for when it is fixed.
    await gate.release(jobId);
    console.error(`job ${jobId}: ${error.message}`);
    return message.retry({ delaySeconds: jitter(30) });
  }
  const refused = error instanceof SyncValidationError || (error instanceof SyncAPIError && error.status >= 400 && error.status < 500 && error.status !== 408);
  if (refused) {
    // The request itself is wrong (or the account may not run it): retrying cannot help.
    await jobStore(env).fail(jobId, { errorCode: error.errorCode ?? error.name, error: error.message });
    await gate.release(jobId);
    return message.ack();
  }
  // 5xx, a timeout, a lost connection: the generation may exist. Keep the slot (it may be in use)
  // and retry with the same key, which finds it if it does.
  console.log(`job ${jobId}: ${error?.name}: ${error?.message}; retrying`);
  message.retry({ delaySeconds: backoff(message.attempts) });
}

/** No free slot: look again in a few seconds, spread out so waiting messages do not come in step. */
async function waitForSlot(message, env) {
  const delaySeconds = jitter(envInt(env.SLOT_WAIT_SECONDS, 2));
  if (message.attempts >= REQUEUE_AFTER_ATTEMPTS) {
    await env.QUEUE.send(message.body, { delaySeconds });
    return message.ack();
  }
  message.retry({ delaySeconds });
}

/** Seconds from a Retry-After header (seconds or an HTTP date), or undefined. */
function retryAfter(headers) {
  const value = headers?.get?.("retry-after");
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.min(Math.max(Math.ceil(seconds), 1), 600) : undefined;
}

/** `seconds` to twice that, whole (Queues take whole seconds). */
const jitter = (seconds) => seconds + Math.floor(Math.random() * (seconds + 1));
const backoff = (attempts) => jitter(Math.min(2 ** Math.max(0, attempts - 1), 60));

/** POST /webhook */
async function webhook(request, env) {
  let generation;
  try {
    generation = verifyWebhook(await request.text(), request.headers, env.SYNC_WEBHOOK_SECRET);
  } catch (error) {
    // Anyone can post here: a bad, stale or missing signature is the sender's fault, not a 500.
    if (error instanceof WebhookVerificationError && error.reason !== "missing_secret") return problem(400, `webhook refused: ${error.reason}`);
    throw error;
  }
  const { jobId, ended, job } = await jobStore(env).update(generation, "webhook");
  // Freed once the job has ended; a repeated delivery finds it released already.
  if (ended) await gateFor(env).release(jobId);
  return Response.json({ generation: generation.id, job: jobId, status: job?.status ?? null });
}

/** A 401 unless the request carries `Authorization: Bearer <PIPELINE_TOKEN>` (compared in constant time). */
async function unauthorized(request, env) {
  if (!env.PIPELINE_TOKEN) return problem(503, "PIPELINE_TOKEN is not set: set it as a secret to use this pipeline");
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const digest = async (text) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const same = crypto.subtle.timingSafeEqual(await digest(given), await digest(env.PIPELINE_TOKEN));
  return same ? null : problem(401, "send Authorization: Bearer <PIPELINE_TOKEN>");
}

function problem(status, message) {
  return Response.json({ error: message }, { status });
}
