/**
 * The notifier's retry schedule (semantics §19.5–19.6): which `_retry_policy`
 * applies, and the delays (seconds) before each retry of a failed delivery.
 */
import { DEFAULT_RETRY_POLICY, type RetryBackoffFunction, type RetryPolicy } from '../api/retry-policy';

const STEP = 5;

/** `f(min, max, 5)` of the reference: the back-off part of the schedule, in seconds. */
export function backoffSequence(fn: RetryBackoffFunction, min: number, max: number): number[] {
  const n = Math.floor((max - min) / STEP);
  const out: number[] = [];
  if (fn === 'linear') {
    for (let delay = min; delay < max; delay += STEP) out.push(delay);
    return out;
  }
  if (n < 2) return out;
  if (fn === 'arithmetic') {
    const d = (2 * (max - min)) / (n * (n - 1));
    for (let a = 1; a <= n; a++) out.push(Math.trunc(min + ((a - 1) * a * d) / 2));
    return out;
  }
  const k = Math.pow(10, Math.log10(max / min) / (n - 1));
  if (fn === 'geometric') {
    for (let a = 1; a <= n; a++) out.push(Math.trunc(min * Math.pow(k, a - 1)));
    return out;
  }
  const p = min / k;
  for (let a = 1; a <= n; a++) out.push(Math.trunc(p * Math.pow(k, a)));
  return out;
}

type PolicyLike = Partial<RetryPolicy> | Record<string, unknown> | undefined | null;

function isNonEmptyDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
}

/**
 * The reference's selection: a truthy `ignore_subscription_override` in
 * either policy picks the queue's; else the subscription's when non-empty,
 * else the queue's; missing keys take the defaults.
 */
export function selectRetryPolicy(queuePolicy: PolicyLike, subscriptionPolicy: PolicyLike): RetryPolicy {
  const queue = isNonEmptyDict(queuePolicy) ? queuePolicy : {};
  const subscription = isNonEmptyDict(subscriptionPolicy) ? subscriptionPolicy : {};
  const ignore = queue.ignore_subscription_override === true || subscription.ignore_subscription_override === true;
  const chosen = !ignore && Object.keys(subscription).length > 0 ? subscription : queue;
  const policy: Record<string, unknown> = { ...DEFAULT_RETRY_POLICY };
  for (const [key, value] of Object.entries(chosen)) if (value !== null && value !== undefined && key in policy) policy[key] = value;
  return policy as unknown as RetryPolicy;
}

/**
 * Delays in seconds before retry 1, 2, …: `retries_with_no_delay` zeros,
 * `minimum_delay_retries` × `minimum_delay`, the back-off sequence, then
 * `maximum_delay_retries` × `maximum_delay`.
 */
export function retrySchedule(policy: RetryPolicy): number[] {
  const repeat = (count: number, delay: number) => Array.from({ length: Math.max(0, count) }, () => delay);
  return [
    ...repeat(policy.retries_with_no_delay, 0),
    ...repeat(policy.minimum_delay_retries, policy.minimum_delay),
    ...backoffSequence(policy.retry_backoff_function, policy.minimum_delay, policy.maximum_delay),
    ...repeat(policy.maximum_delay_retries, policy.maximum_delay),
  ];
}
