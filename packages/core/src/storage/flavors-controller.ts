import type { Flavor, Page } from './types';

/** Flavors: named sets of pools, per project. */
export interface FlavorsController {
  list(project: string, options: { marker?: string; limit: number }): Promise<Page<Flavor>>;
  /** Upsert. */
  create(flavor: Flavor): Promise<void>;
  /** Throws FlavorDoesNotExist. */
  get(project: string, name: string): Promise<Flavor>;
  exists(project: string, name: string): Promise<boolean>;
  /** Idempotent. */
  delete(project: string, name: string): Promise<void>;
}
