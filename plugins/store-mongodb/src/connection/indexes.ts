/**
 * Indexes created at open. They serve speed and space reclamation only:
 * uniqueness rests on derived `_id`s and every read filters expiry itself, so a server
 * that ignores unique or TTL indexes still gives correct answers.
 */
import type { Collection, CreateIndexesOptions, Document, IndexSpecification } from 'mongodb';
import type { Logger } from '@zaqarjs/core';

export interface IndexSpec {
  key: IndexSpecification;
  name: string;
  options?: CreateIndexesOptions;
}

/** Per message partition (`messages`). `fifo` makes the marker index unique, as the reference's FIFO driver. */
export function messageIndexes(fifo: boolean): IndexSpec[] {
  return [
    { key: { e: 1 }, name: 'ttl', options: { expireAfterSeconds: 0 } },
    { key: { p_q: 1, k: 1, 'c.e': 1 }, name: 'active' },
    { key: { p_q: 1, 'c.id': 1, k: 1, 'c.e': 1 }, name: 'claimed' },
    { key: { p_q: 1, 'c.e': 1 }, name: 'counting' },
    { key: { k: 1, p_q: 1 }, name: 'queue_marker', options: fifo ? { unique: true } : {} },
    { key: { tx: 1 }, name: 'transaction' },
  ];
}

export const SUBSCRIPTION_INDEXES: IndexSpec[] = [
  // Not unique: subscriber locks arbitrate, and an expired duplicate may linger until the TTL monitor runs.
  { key: { s: 1, u: 1, p: 1 }, name: 'uniqueness' },
  { key: { p: 1, s: 1, _id: 1 }, name: 'listing' },
  { key: { e: 1 }, name: 'ttl', options: { expireAfterSeconds: 0 } },
];

export const SUBSCRIBER_LOCK_INDEXES: IndexSpec[] = [{ key: { e: 1 }, name: 'ttl', options: { expireAfterSeconds: 0 } }];

/** Idempotency keys: `_id` (derived from project, queue and key) arbitrates; the TTL index drops expired records. */
export const IDEMPOTENCY_INDEXES: IndexSpec[] = [{ key: { e: 1 }, name: 'ttl', options: { expireAfterSeconds: 0 } }];

export const CATALOG_INDEXES: IndexSpec[] = [
  { key: { p_q: 1 }, name: 'p_q', options: { unique: true } },
  { key: { p: 1, nx: 1 }, name: 'listing' },
];

export const POOL_INDEXES: IndexSpec[] = [
  { key: { n: 1 }, name: 'n', options: { unique: true } },
  { key: { nx: 1 }, name: 'listing' },
  { key: { u: 1 }, name: 'u', options: { unique: true } },
  { key: { f: 1 }, name: 'flavor' },
];

export const FLAVOR_INDEXES: IndexSpec[] = [
  { key: { p: 1, n: 1 }, name: 'p_n', options: { unique: true } },
  { key: { p: 1, nx: 1 }, name: 'listing' },
];

export const CATALOGUE_INDEXES: IndexSpec[] = [
  { key: { p_q: 1 }, name: 'p_q', options: { unique: true } },
  { key: { p: 1, q: 1 }, name: 'listing' },
  { key: { s: 1 }, name: 'pool' },
];

/** Server codes for "an index of that name or key already exists with other options". */
const INDEX_CONFLICTS = new Set([85, 86]);

/**
 * Creates `specs` on `collection`. An index that a reference deployment created with other
 * options is left as it is (warned about), so the store opens on an existing database.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, specs: IndexSpec[], logger?: Logger): Promise<void> {
  for (const spec of specs) {
    try {
      await collection.createIndex(spec.key, { name: spec.name, background: true, ...spec.options });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'number' || !INDEX_CONFLICTS.has(code)) throw error;
      logger?.warn({ collection: collection.collectionName, index: spec.name, err: error }, 'MongoDB index exists with other options; kept as it is');
    }
  }
}
