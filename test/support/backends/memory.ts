import { MemoryControlDriver, MemoryDataDriver } from '../memory-store';
import type { TestBackend } from './types';

/** The in-memory fake stores (no persistence); raw data is the JSON of what they hold. */
export const memoryBackend: TestBackend = {
  optionGroups: () => [],
  async prepare() {
    let stores: { data: MemoryDataDriver; control: MemoryControlDriver } | undefined;
    return {
      sections: {},
      async open() {
        stores = { data: new MemoryDataDriver(), control: new MemoryControlDriver() };
        return stores;
      },
      rawDump: async () => Buffer.from(JSON.stringify(stores, (_k, v) => (v instanceof Map ? [...v.entries()] : v))),
      cleanup: async () => undefined,
    };
  },
};
