import type { ControlDriver } from '@zaqarjs/core';
import type { FeatureGate, Harness } from '../harness';

/** Features a management store may lack. */
export type ControlStoreFeature =
  /** `name` and metadata `filters` in queue listings (the reference SQL store ignored them). */
  'queueFilters' | 'topics' | 'pools' | 'catalogue' | 'flavors';

export type ControlHarness = Harness<ControlDriver>;
export type ControlGate = FeatureGate<ControlStoreFeature>;

/** Byte-order sort (what "sorted by name" means in the contract). */
export function byteSorted(names: readonly string[]): string[] {
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
