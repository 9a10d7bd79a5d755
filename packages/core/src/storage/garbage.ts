/**
 * What a message store's garbage collection removed, by kind. A store that
 * cannot tell answers a plain total (third-party stores written before the
 * split keep working); the collector then counts it as `unsplit`.
 */

/** Rows (or records) removed, by kind. */
export interface GarbageCounts {
  messages: number;
  claims: number;
  subscriptions: number;
}

/** What `MessageController.collectGarbage` resolves with. */
export type GarbageResult = number | GarbageCounts;

/** The kinds the collector counts: a store's, the idempotency keys, and `unsplit` for a plain total. */
export type GarbageKind = keyof GarbageCounts | 'idempotency_keys' | 'unsplit';

/** Counts by kind, as the collector adds them up. */
export type GarbageTally = Partial<Record<GarbageKind, number>>;

/** Adds `result` into `tally`. */
export function addGarbage(tally: GarbageTally, result: GarbageResult): GarbageTally {
  if (typeof result === 'number') tally.unsplit = (tally.unsplit ?? 0) + result;
  else for (const kind of ['messages', 'claims', 'subscriptions'] as const) tally[kind] = (tally[kind] ?? 0) + result[kind];
  return tally;
}

/** Everything in `tally` (or in one result). */
export function garbageTotal(tally: GarbageTally | GarbageResult): number {
  if (typeof tally === 'number') return tally;
  return Object.values(tally).reduce((sum: number, n) => sum + (n ?? 0), 0);
}
