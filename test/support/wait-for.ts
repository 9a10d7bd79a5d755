/**
 * Waiting in tests. `waitFor` polls a condition instead of sleeping a fixed time and hoping
 * the thing happened; `quietPeriod` is the one fixed wait left, for tests that assert
 * something does NOT happen (there is no event to wait for), and says so by its name.
 */

export interface WaitOptions {
  /** Give up after this long (default 5000 ms); the error names `what`. */
  timeoutMs?: number;
  /** Poll interval (default 10 ms). */
  intervalMs?: number;
  /** What is being waited for, for the timeout message. */
  what?: string;
}

/** Resolves with the first truthy value of `condition` (sync or async); rejects after `timeoutMs`. */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 5000, intervalMs = 10, what = 'condition' } = options;
  const deadline = performance.now() + timeoutMs; // not Date.now(): some tests move the wall clock
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (performance.now() >= deadline) throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A short bounded wait before asserting that something did not happen. */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
