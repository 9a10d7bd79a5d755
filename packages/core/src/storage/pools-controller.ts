import type { Page, Pool } from './types';

/** Registered storage pools (management store). */
export interface PoolsController {
  /** Sorted by name after `marker`; `limit` 0 means all. */
  list(options: { marker?: string; limit: number; detailed: boolean }): Promise<Page<Pool>>;
  /** Upsert. Throws PoolAlreadyExists when another pool has the same uri. */
  create(pool: Pool): Promise<void>;
  /** Throws PoolDoesNotExist. */
  get(name: string): Promise<Pool>;
  exists(name: string): Promise<boolean>;
  /** Pools whose flavor equals `flavor` (null: pools without flavor). */
  getByFlavor(flavor: string | null): Promise<Pool[]>;
  /** Throws PoolDoesNotExist. */
  update(name: string, changes: Partial<Omit<Pool, 'name'>>): Promise<void>;
  /** Throws PoolInUseByFlavor when it is the only pool of an existing flavor; missing is a no-op. */
  delete(name: string): Promise<void>;
}
