import type { Conf, ControlDriver, DataDriver, Logger, OptionGroup } from '@zaqarjs/core';
import { type PreparedBackend, testBackends } from './backends';

/** Name of a back end in backends/index.ts. */
export type StoreKind = string;

/** Environment variable selecting the back end of the cross-package suites (default `sql`). */
export const TEST_STORE_ENV = 'ZAQAR_TEST_STORE';

export function selectedStore(): StoreKind {
  const chosen = (process.env[TEST_STORE_ENV] ?? 'sql').trim();
  if (!testBackends[chosen]) throw new Error(`${TEST_STORE_ENV} must be one of ${Object.keys(testBackends).join(', ')}, not ${JSON.stringify(chosen)}`);
  return chosen;
}

/** A pair of opened stores plus what the test may need to inspect them. */
export interface TestStores {
  kind: StoreKind;
  data: DataDriver;
  control: ControlDriver;
  /** Every byte stored for this server, for tests of data at rest. */
  rawDump(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Option groups the stores of `kind` declare (registered before the conf is coerced). */
export function storeOptionGroups(kind: StoreKind): OptionGroup[] {
  return testBackends[kind].optionGroups();
}

/** Prepares an isolated instance of back end `kind` (call before building the conf: it supplies sections). */
export function prepareStores(kind: StoreKind): Promise<PreparedBackend> {
  return testBackends[kind].prepare();
}

/** Opens the stores of a prepared back end for `conf`. */
export async function openStores(kind: StoreKind, conf: Conf, logger: Logger, prepared: PreparedBackend): Promise<TestStores> {
  const { data, control } = await prepared.open(conf, logger);
  return {
    kind,
    data,
    control,
    rawDump: () => prepared.rawDump(),
    close: async () => {
      await data.close();
      await control.close();
      await prepared.cleanup();
    },
  };
}
