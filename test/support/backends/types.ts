import type { Conf, ControlDriver, DataDriver, Logger, OptionGroup, RawSections } from '@zaqarjs/core';

/** One isolated instance of a back end for one test server (its own file, database, key prefix...). */
export interface PreparedBackend {
  /** zaqar.conf sections that point the stores at this instance (`[drivers]` included). */
  sections: RawSections;
  /** Creates and opens both stores for `conf`. */
  open(conf: Conf, logger: Logger): Promise<{ data: DataDriver; control: ControlDriver }>;
  /** Every byte the back end stored for this instance, for tests that inspect data at rest. */
  rawDump(): Promise<Buffer>;
  /** Removes what `prepare` created (after the stores are closed). */
  cleanup(): Promise<void>;
}

/** A back end the cross-package suites can run on, selected by ZAQAR_TEST_STORE. */
export interface TestBackend {
  /** Option groups of the plugins this back end loads (registered before the conf is coerced). */
  optionGroups(): OptionGroup[];
  prepare(): Promise<PreparedBackend>;
}
