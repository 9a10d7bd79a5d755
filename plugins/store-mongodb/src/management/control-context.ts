/** Collections of the management store and the clock. */
import type { Collection, Document } from 'mongodb';
import type { MongoConnection } from '../connection/mongo-connection';

/** Collection options that read BSON int64 as bigint instead of a rounded double. */
export const EXACT_INTEGERS = { useBigInt64: true } as const;

export class ControlStoreContext {
  constructor(
    private readonly connection: () => MongoConnection,
    readonly database: string,
  ) {}

  /**
   * `<database>_queues.queues` or `<database>_topics.topics`. Int64 values read
   * as bigint so metadata integers beyond 2^53 stay exact (normalized on read).
   */
  catalog<T extends Document>(kind: 'queues' | 'topics'): Collection<T> {
    return this.connection().db(`${this.database}_${kind}`).collection<T>(kind, EXACT_INTEGERS);
  }

  /** `pools`, `flavors` or `catalogue` in `<database>`. */
  control<T extends Document>(name: 'pools' | 'flavors' | 'catalogue'): Collection<T> {
    return this.connection().db(this.database).collection<T>(name);
  }
}

export const DUPLICATE_KEY = 11000;

/** Whether `error` is a duplicate-key error (of `_id`, or of a unique index where the server has them). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
