/** Per-queue marker counters (the reference's `c.v`), kept in the partition's `messages.stats`. */
import { keyId } from '../util/ids';
import type { MessageStoreContext } from './message-store-context';
import { scopeKey } from './documents';

/**
 * Reserves `count` consecutive markers at the queue's tail and returns the first one.
 * One atomic `$inc` (upserting the counter on first use): concurrent posters get
 * disjoint blocks. The counter lives next to the messages rather than in the queue
 * document so that it works with any management store (the reference does the same
 * when the management store is not mongodb). Counters never go back, not even after
 * a purge, so an old marker never hides new messages.
 */
export async function reserveMarkers(ctx: MessageStoreContext, project: string, queue: string, count: number): Promise<number> {
  const p_q = scopeKey(project, queue);
  const counter = await ctx
    .counters(project, queue)
    .findOneAndUpdate(
      { _id: keyId('counter', p_q) },
      { $inc: { 'c.v': count }, $set: { 'c.t': ctx.now(), p_q } },
      { upsert: true, returnDocument: 'after', projection: { c: 1 } },
    );
  if (!counter) throw new Error(`marker counter of ${p_q} was not returned`);
  return counter.c.v - count + 1;
}
