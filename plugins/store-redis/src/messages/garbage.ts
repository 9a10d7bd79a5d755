import type { GarbageCounts } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';

/** Expired messages (and claims) one script call removes per queue. */
const GC_BATCH = 1000;

/**
 * Garbage collection: walks every queue base of the data index
 * and removes expired messages, expired claims (releasing what they still mark) and
 * expired subscriptions; queues left with nothing drop out of the index. Reads never
 * depend on it: this only reclaims memory. Returns how many records of each kind went.
 */
export async function collectGarbage(ctx: StoreContext): Promise<GarbageCounts> {
  const index = ctx.keys.dataIndex;
  const now = ctx.now();
  const removed: GarbageCounts = { messages: 0, claims: 0, subscriptions: 0 };
  let cursor = '0';
  do {
    const [next, bases] = await ctx.client.sscan(index, cursor, 'COUNT', 100);
    cursor = next;
    for (const base of bases) await collectQueueGarbage(ctx, base, now, removed);
  } while (cursor !== '0');
  return removed;
}

/** Garbage collection of one queue (its base key) at `now`; adds what went to `removed`. */
export async function collectQueueGarbage(
  ctx: StoreContext,
  base: string,
  now: number,
  removed: GarbageCounts = { messages: 0, claims: 0, subscriptions: 0 },
): Promise<GarbageCounts> {
  for (;;) {
    const [messages, claims, subscriptions, more] = await ctx.run<[number, number, number, number]>('collectGarbage', [
      base,
      now,
      GC_BATCH,
      ctx.keys.dataIndex,
    ]);
    removed.messages += messages;
    removed.claims += claims;
    removed.subscriptions += subscriptions;
    if (more !== 1) return removed;
  }
}
