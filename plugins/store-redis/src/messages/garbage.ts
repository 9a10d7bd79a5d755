import type { StoreContext } from '../store-context';

/** Expired messages (and claims) one script call removes per queue. */
const GC_BATCH = 1000;

/**
 * Garbage collection: walks every queue base of the data index
 * and removes expired messages, expired claims (releasing what they still mark) and
 * expired subscriptions; queues left with nothing drop out of the index. Reads never
 * depend on it: this only reclaims memory. Returns how many records went.
 */
export async function collectGarbage(ctx: StoreContext): Promise<number> {
  const index = ctx.keys.dataIndex;
  const now = ctx.now();
  let removed = 0;
  let cursor = '0';
  do {
    const [next, bases] = await ctx.client.sscan(index, cursor, 'COUNT', 100);
    cursor = next;
    for (const base of bases) removed += await collectQueue(ctx, base, now);
  } while (cursor !== '0');
  return removed;
}

async function collectQueue(ctx: StoreContext, base: string, now: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const [count, more] = await ctx.run<[number, number]>('collectGarbage', [base, now, GC_BATCH, ctx.keys.dataIndex]);
    removed += count;
    if (more !== 1) return removed;
  }
}
