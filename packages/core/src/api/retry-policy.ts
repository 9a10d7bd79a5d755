/**
 * `_retry_policy` validation, shared by queue metadata
 * (PUT/PATCH queue) and subscription `options._retry_policy`.
 *
 * Departure from the reference, on purpose: it skips type checks for "falsy"
 * values (`0`, `""`, `false`, `[]`), which lets e.g. `"minimum_delay": ""`
 * through and then crashes with a 500. Here only `null`/absent is skipped; any
 * other value of the wrong type gets the reference's type error text.
 */

/** Throws the caller's error (e.g. 400 Invalid API request / Invalid request body) with `message`. */
export type ValidationFail = (message: string) => never;

/** Delays and counts of the notifier's retry schedule. */
export interface RetryPolicy {
  retries_with_no_delay: number;
  minimum_delay_retries: number;
  minimum_delay: number;
  maximum_delay: number;
  maximum_delay_retries: number;
  retry_backoff_function: RetryBackoffFunction;
  ignore_subscription_override: boolean;
}

export type RetryBackoffFunction = 'linear' | 'arithmetic' | 'exponential' | 'geometric';

/** What the notifier uses for keys a policy leaves out. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries_with_no_delay: 3,
  minimum_delay_retries: 3,
  minimum_delay: 5,
  maximum_delay: 30,
  maximum_delay_retries: 3,
  retry_backoff_function: 'linear',
  ignore_subscription_override: false,
});

/** Step of the back-off sequence; max - min must leave room for two steps. */
const BACKOFF_STEP = 5;
const BACKOFF_FUNCTIONS: ReadonlySet<string> = new Set(['linear', 'arithmetic', 'exponential', 'geometric']);
/** Checked in the reference's key order, so the first failing key is the one reported. */
const INTEGER_KEYS = ['retries_with_no_delay', 'minimum_delay_retries', 'minimum_delay', 'maximum_delay', 'maximum_delay_retries'] as const;

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Validates the value of a `_retry_policy` key; `undefined`/`null` is "no
 * policy". Calls `fail` with the reference's text at the first problem.
 */
export function validateRetryPolicy(value: unknown, fail: ValidationFail): void {
  if (!isSet(value)) return;
  if (!isDict(value)) fail('retry_policy must be a dict.');
  const policy = value as Record<string, unknown>;
  for (const key of INTEGER_KEYS) {
    const entry = policy[key];
    if (isSet(entry) && !(typeof entry === 'number' && Number.isInteger(entry))) fail(`Retry policy: ${key} must be a integer.`);
  }
  const backoff = policy.retry_backoff_function;
  if (isSet(backoff) && typeof backoff !== 'string') fail('retry_backoff_function must be a string.');
  if (isSet(backoff) && !BACKOFF_FUNCTIONS.has(backoff as string)) fail('invalid retry_backoff_function.');
  const override = policy.ignore_subscription_override;
  if (isSet(override) && typeof override !== 'boolean') fail('ignore_subscription_override must be a boolean.');
  const min = (policy.minimum_delay as number | null | undefined) ?? DEFAULT_RETRY_POLICY.minimum_delay;
  const max = (policy.maximum_delay as number | null | undefined) ?? DEFAULT_RETRY_POLICY.maximum_delay;
  if (max < min) fail('minimum_delay must less than maximum_delay.');
  if (max - min < 2 * BACKOFF_STEP) fail('invalid minimum_delay and maximum_delay.');
}
