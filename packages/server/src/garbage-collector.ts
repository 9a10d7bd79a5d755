import { addGarbage, garbageTotal, type DataDriver, type GarbageKind, type GarbageTally, type Logger, type ServiceCounters } from '@zaqarjs/core';

/** How a failed collection is counted (`zaqar_store_errors_total{transport="gc",operation="collect_garbage"}`). */
const GC_ERROR_KEY = 'gc collect_garbage';

/** Default pause between collections (the reference's zaqar-gc is run about this often). */
export const GC_INTERVAL_MS = 60_000;

/** What a collection removes from a message store: expired messages, claims and subscriptions, then expired idempotency keys. */
export function expiredRecords(data: DataDriver): ExpiredRecords {
  return {
    collectGarbage: async () => {
      const tally = addGarbage({}, await data.messages.collectGarbage());
      if (data.idempotency) tally.idempotency_keys = await data.idempotency.collectGarbage();
      return tally;
    },
  };
}

/** What the collector runs: one pass, resolving with the rows removed by kind (or a plain total). */
export interface ExpiredRecords {
  collectGarbage(): Promise<GarbageTally | number>;
}

/**
 * Periodically asks the message store to remove expired messages and claims.
 * Reads already hide expired data, so this only reclaims space; a run never
 * overlaps the previous one, and the timer does not keep the process alive.
 */
export class GarbageCollector {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly messages: ExpiredRecords,
    private readonly logger: Logger,
    private readonly intervalMs: number = GC_INTERVAL_MS,
    /** Where the removed rows are counted (`zaqar_expired_removed_total`). */
    private readonly counters?: Pick<ServiceCounters, 'expiredRemoved' | 'backgroundStoreErrors'>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.collect(), this.intervalMs);
    this.timer.unref();
  }

  /** One collection (skipped while another runs); failures are logged, never thrown. */
  collect(): Promise<void> {
    this.running ??= this.messages
      .collectGarbage()
      .then(
        (result) => {
          const tally: GarbageTally = typeof result === 'number' ? { unsplit: result } : result;
          const counted = this.counters?.expiredRemoved;
          if (counted) for (const [kind, n] of Object.entries(tally)) counted[kind as GarbageKind] = (counted[kind as GarbageKind] ?? 0) + (n ?? 0);
          this.logger.debug({ removed: garbageTotal(tally), ...tally }, 'Garbage collection done');
        },
        (error: unknown) => {
          const errors = this.counters?.backgroundStoreErrors;
          errors?.set(GC_ERROR_KEY, (errors.get(GC_ERROR_KEY) ?? 0) + 1);
          this.logger.warn({ err: error }, 'Garbage collection failed');
        },
      )
      .then(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
