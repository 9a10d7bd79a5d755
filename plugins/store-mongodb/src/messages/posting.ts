/** How a batch of messages is written: `mongodb` (counter block) and `mongodb.fifo` (queue lock). */
import { MessageConflict, type NewMessage } from '@zaqarjs/core';
import type { ObjectId } from 'mongodb';
import { keyId, newId } from '../util/ids';
import { toDate } from '../util/values';
import { scopeKey, type MessageDoc } from './documents';
import { reserveMarkers } from './counters';
import type { MessageStoreContext } from './message-store-context';

/**
 * Hands out markers at a queue's tail. `write(first)` stores the messages that get
 * markers first … first + count − 1 (a post, or messages moved to a dead-letter queue).
 */
export interface MessagePoster {
  append(project: string, queue: string, count: number, write: (first: number) => Promise<void>): Promise<void>;
}

/** Writes one batch through `poster`; returns the ids in request order. */
export async function postMessages(
  ctx: MessageStoreContext,
  poster: MessagePoster,
  project: string,
  queue: string,
  messages: NewMessage[],
  clientId: string,
): Promise<string[]> {
  let ids: string[] = [];
  await poster.append(project, queue, messages.length, async (first) => {
    const now = ctx.now();
    // A single insert is atomic by itself: only batches pay for the hide-and-reveal round trip.
    const tx = messages.length > 1 ? newId(now) : null;
    const docs = buildDocs(now, scopeKey(project, queue), messages, clientId, first, tx);
    if (tx) await insertHidden(ctx, project, queue, docs, tx);
    else await ctx.messages(project, queue).insertOne(docs[0]);
    ids = docs.map((d) => d._id.toHexString());
  });
  return ids;
}

function buildDocs(now: number, p_q: string, messages: NewMessage[], clientId: string, firstMarker: number, tx: ObjectId | null): MessageDoc[] {
  return messages.map((m, i) => {
    const doc: MessageDoc = {
      _id: newId(now),
      p_q,
      t: m.ttl,
      e: toDate(now + m.ttl),
      u: clientId,
      c: { id: null, e: now, c: 0, t: 0 },
      d: now + Math.max(0, m.delay || 0),
      b: m.body === undefined ? null : m.body,
      k: firstMarker + i,
      tx,
    };
    if (m.checksum !== undefined) doc.cs = m.checksum;
    return doc;
  });
}

/**
 * Inserts a batch invisible (`tx` set), runs `beforeReveal` (e.g. removing the originals of
 * moved messages), then reveals the batch at once; on failure removes what was written.
 */
export async function insertHidden(
  ctx: MessageStoreContext,
  project: string,
  queue: string,
  docs: MessageDoc[],
  tx: ObjectId,
  beforeReveal?: () => Promise<void>,
): Promise<void> {
  const collection = ctx.messages(project, queue);
  try {
    await collection.insertMany(docs, { ordered: true });
    await beforeReveal?.();
  } catch (error) {
    await collection.deleteMany({ tx }).catch(() => undefined);
    throw error;
  }
  await collection.updateMany({ p_q: docs[0].p_q, tx }, { $set: { tx: null } });
}

/**
 * `mongodb`: reserve a block of markers with one atomic `$inc`, then insert. Batches are
 * contiguous and all-or-nothing (a multi-message batch stays hidden until complete), but a
 * batch that reserved earlier may become visible after a later one, so a
 * reader paging by marker at that instant can miss it.
 */
export class CounterPoster implements MessagePoster {
  constructor(private readonly ctx: MessageStoreContext) {}

  async append(project: string, queue: string, count: number, write: (first: number) => Promise<void>): Promise<void> {
    await write(await reserveMarkers(this.ctx, project, queue, count));
  }
}

/** Retry settings of `mongodb.fifo` (`max_attempts`, `max_retry_sleep`, `max_retry_jitter`, seconds). */
export interface FifoRetry {
  maxAttempts: number;
  maxSleep: number;
  maxJitter: number;
}

/** The reference gives up after 45 s whatever max_attempts says. */
const MAX_POST_SECONDS = 45;
/** A lock not refreshed for this long belongs to a poster that died. */
const STALE_LOCK_SECONDS = 5;

/**
 * `mongodb.fifo`: a poster takes the queue's counter document as a lock (compare-and-set on
 * one document, which every server makes atomic), writes its batch (hidden, then revealed),
 * then advances the counter and releases the lock. Markers are therefore handed out in commit order
 * and a larger marker never becomes visible before a smaller one. Contention is retried with
 * the reference's linear back-off; a lock older than 5 s is taken over and its batch removed.
 */
export class LockingPoster implements MessagePoster {
  constructor(
    private readonly ctx: MessageStoreContext,
    private readonly retry: FifoRetry,
  ) {}

  async append(project: string, queue: string, count: number, write: (first: number) => Promise<void>): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; attempt <= this.retry.maxAttempts; attempt++) {
      const lock = await this.acquire(project, queue);
      if (lock) return this.appendLocked(project, queue, count, write, lock);
      if (Date.now() - started > MAX_POST_SECONDS * 1000) break;
      const seconds = (this.retry.maxSleep * attempt) / Math.max(1, this.retry.maxAttempts) + Math.random() * this.retry.maxJitter;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
    throw new MessageConflict(queue, project);
  }

  private async appendLocked(
    project: string,
    queue: string,
    count: number,
    write: (first: number) => Promise<void>,
    lock: { id: ObjectId; next: number },
  ): Promise<void> {
    const counters = this.ctx.counters(project, queue);
    const _id = keyId('counter', scopeKey(project, queue));
    try {
      await write(lock.next);
      await counters.updateOne({ _id, lock: lock.id }, { $set: { 'c.v': lock.next + count - 1, 'c.t': this.ctx.now(), lock: null } });
    } catch (error) {
      await counters.updateOne({ _id, lock: lock.id }, { $set: { lock: null } }).catch(() => undefined);
      throw error;
    }
  }

  /** Takes the queue's lock (creating the counter on first use); undefined while another poster holds it. */
  private async acquire(project: string, queue: string): Promise<{ id: ObjectId; next: number } | undefined> {
    const now = this.ctx.now();
    const p_q = scopeKey(project, queue);
    const counters = this.ctx.counters(project, queue);
    const _id = keyId('counter', p_q);
    const id = newId(now);
    await counters.updateOne({ _id }, { $setOnInsert: { p_q, c: { v: 0, t: now }, lock: null } }, { upsert: true });
    const taken = await counters.findOneAndUpdate({ _id, lock: null }, { $set: { lock: id, 'c.t': now } }, { returnDocument: 'after' });
    if (taken) return { id, next: taken.c.v + 1 };
    const stale = await counters.findOneAndUpdate(
      { _id, 'c.t': { $lte: now - STALE_LOCK_SECONDS }, lock: { $ne: null } },
      { $set: { lock: id, 'c.t': now } },
      { returnDocument: 'before' },
    );
    if (!stale) return undefined;
    // The previous holder died mid-post: its hidden batch is dropped, its markers never used.
    if (stale.lock) await this.ctx.messages(project, queue).deleteMany({ p_q, tx: { $ne: null } });
    return { id, next: stale.c.v + 1 };
  }
}
