// ConcurrencyGate: a Durable Object that hands out a Sync account's generation slots.
//
// Sync counts the generations PENDING or PROCESSING per account (Hobbyist 1, Creator 3, Growth 6,
// Scale 15) and answers a create over that with 429 `concurrency_limit_reached`. A Worker runs in
// many isolates in many locations, so no in-memory counter can hold that limit; one Durable Object
// per account (`idFromName(account)`) is a single place every isolate asks, and its storage keeps
// the slots across restarts.
//
// A slot belongs to a holder (any stable id: here a job id), so every call is idempotent:
//   acquire(holderId)               a slot, or { acquired: false } when all are taken
//   attach(holderId, generationId)  the generation the slot now stands for
//   release(holderId)               free it (a second release is a no-op)
//   list()                          the limit and the slots, for a status page
// Slots must never leak, because Sync does not redeliver a missed webhook. So `alarm()`:
//   - polls `generations.get` for each attached slot in flight longer than the grace period
//     (WEBHOOK_GRACE_SECONDS, default 60) and, once the generation has ended, calls
//     `generationEnded(holderId, generation)` (override it) and frees the slot;
//   - frees a slot that was acquired but never attached within SLOT_TTL_SECONDS (default 300) of its
//     last acquire: its holder died between acquire and create. A holder that comes back
//     re-acquires idempotently.
// An alarm rather than a cron trigger: it runs where the slots are, only while there are slots, at
// the moment the next one is due, and `wrangler dev` runs it locally like any other event.
import { DurableObject } from "cloudflare:workers";
import { NotFoundError, SyncClient } from "sync-wasm";

export const FINAL_STATUSES = new Set(["COMPLETED", "FAILED", "REJECTED", "CANCELED", "TIMED_OUT"]);

/**
 * @typedef {object} Slot
 * @property {string} holderId
 * @property {number} acquiredAt       ms since the epoch
 * @property {string | null} generationId
 * @property {number | null} attachedAt
 * @property {number} checkAt          when the alarm looks at this slot next
 */

/** A whole number from an env var, or `fallback`. */
export function envInt(value, fallback, min = 1) {
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

export class ConcurrencyGate extends DurableObject {
  /** @param {DurableObjectState} ctx @param {Record<string, any>} env */
  constructor(ctx, env) {
    super(ctx, env);
    /** @type {Map<string, Slot>} */
    this.slots = new Map();
    // Load once before the first call; from then on memory is the truth and every change is written
    // through. Changes are made synchronously between awaits, so calls that interleave while the
    // alarm waits on the network cannot both take the last slot.
    ctx.blockConcurrencyWhile(async () => {
      for (const slot of (await ctx.storage.get("slots")) ?? []) this.slots.set(slot.holderId, slot);
    });
  }

  get limit() {
    return envInt(this.env.PLAN_CONCURRENCY, 1);
  }
  get graceMs() {
    return envInt(this.env.WEBHOOK_GRACE_SECONDS, 60) * 1000;
  }
  get ttlMs() {
    return envInt(this.env.SLOT_TTL_SECONDS, 300) * 1000;
  }

  /** @param {string} holderId */
  async acquire(holderId) {
    const now = Date.now();
    const held = this.slots.get(holderId);
    if (held) {
      if (!held.generationId) {
        // Its holder is alive (a redelivery after a failed create): the TTL counts from now.
        Object.assign(held, { acquiredAt: now, checkAt: now + this.ttlMs });
        await this.save();
      }
      return { acquired: true, slot: held, inUse: this.slots.size, limit: this.limit };
    }
    this.expire(now);
    if (this.slots.size >= this.limit) return { acquired: false, inUse: this.slots.size, limit: this.limit };
    /** @type {Slot} */
    const slot = { holderId, acquiredAt: now, generationId: null, attachedAt: null, checkAt: now + this.ttlMs };
    this.slots.set(holderId, slot);
    await this.save();
    return { acquired: true, slot, inUse: this.slots.size, limit: this.limit };
  }

  /** @param {string} holderId @param {string} generationId */
  async attach(holderId, generationId) {
    const slot = this.slots.get(holderId);
    // Released already (its webhook came first, or it expired): do not bring it back.
    if (!slot) return { attached: false };
    if (slot.generationId !== generationId) {
      const now = Date.now();
      Object.assign(slot, { generationId, attachedAt: now, checkAt: now + this.graceMs });
      await this.save();
    }
    return { attached: true, slot };
  }

  /** @param {string} holderId */
  async release(holderId) {
    if (!this.slots.delete(holderId)) return { released: false };
    await this.save();
    return { released: true };
  }

  async list() {
    return { limit: this.limit, inUse: this.slots.size, slots: [...this.slots.values()] };
  }

  /**
   * Called by the alarm when a slot's generation has ended without its holder having released it
   * (its webhook was lost), before the slot is freed. `generation` is null when Sync no longer
   * knows the id. Override it to record the result; a throw keeps the slot for the next alarm.
   * @param {string} holderId @param {import("sync-wasm").Generation | null} generation @param {string} generationId
   */
  async generationEnded(holderId, generation, generationId) {}

  async alarm() {
    const now = Date.now();
    this.expire(now);
    const due = [...this.slots.values()].filter((s) => s.generationId && s.checkAt <= now);
    // Not due again while this poll is under way (a save() meanwhile would re-arm the alarm now).
    for (const slot of due) slot.checkAt = now + this.graceMs;
    try {
      if (due.length) {
        const client = SyncClient.fromEnv(this.env);
        await Promise.all(due.map((slot) => this.check(client, slot)));
      }
    } finally {
      await this.save(); // and the next alarm, even when the client could not be made
    }
  }

  /** @param {SyncClient} client @param {Slot} slot */
  async check(client, slot) {
    const { holderId, generationId } = slot;
    let generation = null;
    try {
      generation = await client.generations.get(generationId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        console.warn(`gate: polling ${generationId} failed (${error?.name}: ${error?.message}); trying again later`);
        slot.checkAt = Date.now() + this.graceMs;
        return;
      }
    }
    if (generation && !FINAL_STATUSES.has(generation.status)) {
      slot.checkAt = Date.now() + this.graceMs; // still running: look again a grace period later
      return;
    }
    try {
      await this.generationEnded(holderId, generation, generationId);
    } catch (error) {
      console.error(`gate: generationEnded(${holderId}) failed: ${error?.message}`);
      slot.checkAt = Date.now() + this.graceMs;
      return;
    }
    // Released meanwhile (the webhook arrived while we polled) or not: either way it is free now.
    if (this.slots.get(holderId) === slot) this.slots.delete(holderId);
  }

  /** Free the slots acquired but never attached within the TTL. */
  expire(now) {
    for (const [holderId, slot] of this.slots) {
      if (!slot.generationId && slot.acquiredAt + this.ttlMs <= now) {
        console.warn(`gate: slot of ${holderId} expired unattached after ${this.ttlMs / 1000} s`);
        this.slots.delete(holderId);
      }
    }
  }

  /** Write the slots and set the alarm for the next one due (or none). */
  async save() {
    await this.ctx.storage.put("slots", [...this.slots.values()]);
    const next = Math.min(...[...this.slots.values()].map((s) => s.checkAt));
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
    else await this.ctx.storage.deleteAlarm();
  }
}
