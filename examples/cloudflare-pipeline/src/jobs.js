// JobStore: a Durable Object holding every job's record, and the index from generation id to job.
//
// Durable Object storage rather than KV: the consumer decides "create, or already created?" from
// the job record, so it must read what the last write said, and KV is eventually consistent (a
// write can take a minute to be seen elsewhere) and allows one write per second per key. A
// Durable Object is strongly consistent, and its calls run one at a time, so "find the job by
// generation id and finish it once" needs no locking. One object serves a pipeline that the plan
// holds to a few generations at a time; shard by job id if you ever need more.
//
// A job: QUEUED → (the generation's status) PENDING / PROCESSING → COMPLETED, or FAILED, REJECTED,
// CANCELED, TIMED_OUT. A job whose create Sync refused outright is FAILED with no generation.
import { DurableObject } from "cloudflare:workers";
import { FINAL_STATUSES } from "./gate.js";

// A webhook can arrive before the consumer has recorded the generation id (the create's answer was
// lost and the message is redelivered later). Such a notification is kept this long for that job.
const EARLY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * @typedef {object} Job
 * @property {string} id
 * @property {string} status
 * @property {Record<string, unknown>} body   the create body, as submitted
 * @property {string} createdAt
 * @property {string | null} generationId
 * @property {string | null} submittedAt
 * @property {string | null} outputUrl
 * @property {string | null} errorCode
 * @property {string | null} error
 * @property {string | null} finishedAt
 * @property {"webhook" | "poll" | "create" | null} finishedBy   how the result was learnt
 */

export class JobStore extends DurableObject {
  /** @param {{ id: string, body: Record<string, unknown> }[]} jobs */
  async add(jobs) {
    const createdAt = new Date().toISOString();
    const entries = {};
    for (const { id, body } of jobs) {
      /** @type {Job} */
      const job = { id, status: "QUEUED", body, createdAt, generationId: null, submittedAt: null, outputUrl: null, errorCode: null, error: null, finishedAt: null, finishedBy: null };
      entries[`job:${id}`] = job;
    }
    await this.ctx.storage.put(entries); // one write, up to 128 keys
  }

  /** @param {string} id @returns {Promise<Job | undefined>} */
  async get(id) {
    return this.ctx.storage.get(`job:${id}`);
  }

  /**
   * The consumer created the job's generation. Returns `ended: true` when the job is already over
   * (an early webhook, or a replayed create of a finished generation): the slot can go at once.
   * @param {string} id @param {import("sync-wasm").Generation} generation
   */
  async submitted(id, generation) {
    const job = await this.get(id);
    if (!job) return { ended: false, job: null };
    if (job.generationId && job.generationId !== generation.id) {
      // Cannot happen with one idempotency key per job; say so loudly if it ever does.
      console.error(`jobs: ${id} already has generation ${job.generationId}, got ${generation.id}`);
      return { ended: FINAL_STATUSES.has(job.status), job };
    }
    if (!job.generationId) {
      Object.assign(job, { generationId: generation.id, submittedAt: new Date().toISOString() });
      // A final status is recorded below, with its output or error.
      if (!FINAL_STATUSES.has(job.status) && !FINAL_STATUSES.has(generation.status)) job.status = generation.status;
      await this.ctx.storage.put(`gen:${generation.id}`, id);
    }
    const early = await this.ctx.storage.get(`early:${generation.id}`);
    if (early) {
      if (!FINAL_STATUSES.has(job.status)) finish(job, early.generation, "webhook");
      await this.ctx.storage.delete(`early:${generation.id}`);
    } else if (FINAL_STATUSES.has(generation.status) && !FINAL_STATUSES.has(job.status)) {
      finish(job, generation, "create");
    }
    await this.ctx.storage.put(`job:${id}`, job);
    return { ended: FINAL_STATUSES.has(job.status), job };
  }

  /**
   * A generation's news (a webhook, or the gate's poll). Idempotent: a job that has ended keeps
   * its first result. Returns the job id (null when no job has this generation yet).
   * @param {import("sync-wasm").Generation | import("sync-wasm").GenerationNotification} generation
   * @param {"webhook" | "poll"} by
   */
  async update(generation, by) {
    const id = await this.ctx.storage.get(`gen:${generation.id}`);
    if (!id) {
      if (FINAL_STATUSES.has(generation.status)) {
        await this.ctx.storage.put(`early:${generation.id}`, { generation, at: Date.now() });
        if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + EARLY_TTL_MS);
      }
      return { jobId: null, ended: false };
    }
    const job = await this.get(id);
    if (!job) return { jobId: id, ended: false };
    if (!FINAL_STATUSES.has(job.status)) {
      if (FINAL_STATUSES.has(generation.status)) finish(job, generation, by);
      else job.status = generation.status;
      await this.ctx.storage.put(`job:${id}`, job);
    }
    return { jobId: id, ended: FINAL_STATUSES.has(job.status), job };
  }

  /** Sync refused the create for good (validation, 4xx): the job fails without a generation. */
  async fail(id, { errorCode = null, error }) {
    const job = await this.get(id);
    if (!job || FINAL_STATUSES.has(job.status) || job.generationId) return job;
    Object.assign(job, { status: "FAILED", errorCode, error, finishedAt: new Date().toISOString(), finishedBy: "create" });
    await this.ctx.storage.put(`job:${id}`, job);
    return job;
  }

  /** Drop early notifications that no job claimed within a day (another app's generations). */
  async alarm() {
    const now = Date.now();
    let oldest = Infinity;
    for (const [key, { at }] of await this.ctx.storage.list({ prefix: "early:" })) {
      if (at + EARLY_TTL_MS <= now) await this.ctx.storage.delete(key);
      else oldest = Math.min(oldest, at);
    }
    if (Number.isFinite(oldest)) await this.ctx.storage.setAlarm(oldest + EARLY_TTL_MS);
  }
}

/** @param {Job} job */
function finish(job, generation, by) {
  Object.assign(job, {
    status: generation.status,
    outputUrl: generation.outputUrl ?? null,
    errorCode: generation.errorCode ?? generation.error_code ?? null,
    error: generation.error ?? null,
    finishedAt: new Date().toISOString(),
    finishedBy: by,
  });
}
