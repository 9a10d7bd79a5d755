import type { CatalogueEntry } from './types';

/** Queue → pool mapping used by pooling. */
export interface CatalogueController {
  list(project: string): Promise<CatalogueEntry[]>;
  /** Throws QueueNotMapped. */
  get(project: string, queue: string): Promise<CatalogueEntry>;
  exists(project: string, queue: string): Promise<boolean>;
  /** Upsert. */
  insert(project: string, queue: string, pool: string): Promise<void>;
  /**
   * Maps the queue to `pool` unless it is mapped already, atomically; resolves with the pool it is
   * mapped to (of two API nodes placing one new queue at once, both get the first's choice).
   * Absent: placement falls back to `insert`, where the last writer wins.
   */
  insertIfAbsent?(project: string, queue: string, pool: string): Promise<string>;
  delete(project: string, queue: string): Promise<void>;
  /** Throws QueueNotMapped. */
  update(project: string, queue: string, pool: string): Promise<void>;
}
