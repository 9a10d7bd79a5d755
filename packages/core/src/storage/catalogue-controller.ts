import type { CatalogueEntry } from './types';

/** Queue → pool mapping used by pooling. */
export interface CatalogueController {
  list(project: string): Promise<CatalogueEntry[]>;
  /** Throws QueueNotMapped. */
  get(project: string, queue: string): Promise<CatalogueEntry>;
  exists(project: string, queue: string): Promise<boolean>;
  /** Upsert. */
  insert(project: string, queue: string, pool: string): Promise<void>;
  delete(project: string, queue: string): Promise<void>;
  /** Throws QueueNotMapped. */
  update(project: string, queue: string, pool: string): Promise<void>;
}
