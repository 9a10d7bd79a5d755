/**
 * Plumbing shared by the contract suites: the injectable clock, driver life cycle per
 * describe block, the skip-with-a-reason mechanism and the environment filter.
 */
import { randomUUID } from 'node:crypto';
import type { StoreLifecycle } from '@zaqarjs/core';

/** What a store factory receives: the clock the store must use for every time decision. */
export interface ContractContext {
  /** Current time in integer UNIX seconds (advanced by the suite, never by real time). */
  now: () => number;
}

/** Options common to both suites. `F` names the features a back end may lack. */
export interface ContractOptions<F extends string> {
  /** Features the back end lacks, each with the reason shown in the skipped tests' titles. */
  skip?: Partial<Record<F, string>>;
  /**
   * `'skip'` (default) registers the tests of a lacking feature as skipped, with the reason in
   * their titles; `'omit'` leaves them out, for a store that deliberately never offers the
   * feature and whose CI must report no skipped test (it should then test its refusal itself).
   */
  lacking?: 'skip' | 'omit';
}

/** Environment variable naming the suites to run (comma-separated substrings); unset = all. */
export const CONTRACT_FILTER_ENV = 'ZAQAR_STORE_CONTRACT';

/**
 * A manual clock. Starts at the real current second so stores that also see real time
 * (e.g. server-side TTLs) are not thrown off; moves only when told.
 */
export class TestClock {
  #now: number;

  constructor(start: number = Math.floor(Date.now() / 1000)) {
    this.#now = start;
  }

  /** Integer UNIX seconds; a bound function, safe to pass around. */
  readonly now = (): number => this.#now;

  advance(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`TestClock.advance needs a non-negative integer, got ${seconds}`);
    this.#now += seconds;
  }
}

/** How a gate registers tests (jest's `it` / `it.skip` in suites). */
export interface TestRegistrar {
  it(title: string, fn: () => Promise<void>, timeoutMs?: number): void;
  skip(title: string, fn: () => Promise<void>): void;
}

/** Test registration helpers bound to one suite's skip list. */
export class FeatureGate<F extends string> {
  /** `registrar` defaults to jest's globals; the gate's own test passes a recorder. */
  constructor(
    private readonly skip: Partial<Record<F, string>> = {},
    private readonly registrar: TestRegistrar = { it: (...a) => it(...a), skip: (t, fn) => it.skip(t, fn) },
    private readonly lacking: 'skip' | 'omit' = 'skip',
  ) {}

  /** Why `feature` is skipped, or undefined when the back end has it. */
  reason(feature: F): string | undefined {
    return this.skip[feature];
  }

  /** `it` that needs every listed feature; skipped visibly (reason in the title) otherwise. */
  it(features: F | readonly F[], title: string, fn: () => Promise<void>, timeoutMs?: number): void {
    const missing = ([] as F[])
      .concat(features)
      .map((f) => this.reason(f) && `${f}: ${this.reason(f)}`)
      .filter(Boolean);
    if (missing.length === 0) this.registrar.it(title, fn, timeoutMs);
    else if (this.lacking === 'skip') this.registrar.skip(`${title} [skipped: ${missing.join('; ')}]`, fn);
  }

  /** `describe` whose tests all need `feature`. */
  describe(feature: F, title: string, body: () => void): void {
    const reason = this.reason(feature);
    if (!reason) describe(title, body);
    else if (this.lacking === 'skip') describe.skip(`${title} [skipped: ${feature}: ${reason}]`, body);
  }
}

/** `describe` for a whole suite, or a visibly skipped one when the environment filter excludes it. */
export function describeSuite(name: string, body: () => void): void {
  const filter = process.env[CONTRACT_FILTER_ENV]?.trim();
  const selected = !filter || filter.split(',').some((part) => part.trim() !== '' && name.includes(part.trim()));
  if (selected) describe(name, body);
  else describe.skip(`${name} [skipped: not selected by ${CONTRACT_FILTER_ENV}=${filter}]`, body);
}

/** Lazily-available driver plus the clock and a fresh-project generator for one describe block. */
export interface Harness<D> {
  readonly driver: D;
  readonly clock: TestClock;
  /** A project id no other test uses, so tests never see each other's data. */
  project(): string;
}

/** Creates and opens the driver before the block's tests and closes it afterwards. */
export function useDriver<D extends StoreLifecycle>(factory: (ctx: ContractContext) => D | Promise<D>): Harness<D> {
  const clock = new TestClock();
  let driver: D | undefined;
  beforeAll(async () => {
    driver = await factory({ now: clock.now });
    await driver.open();
  });
  afterAll(async () => {
    await driver?.close();
  });
  return {
    get driver(): D {
      if (!driver) throw new Error('The driver is only available inside tests (beforeAll did not run or failed).');
      return driver;
    },
    clock,
    project: () => `p-${randomUUID()}`,
  };
}

/** Asserts that `promise` rejects with a storage error carrying `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}
