import { backoffSequence, retrySchedule, selectRetryPolicy } from '../../src/notifier/backoff';
import { DEFAULT_RETRY_POLICY } from '../../src/api/retry-policy';

describe('back-off sequences (semantics §19.5, defaults 5..30)', () => {
  it.each([
    ['linear', [5, 10, 15, 20, 25]],
    ['arithmetic', [5, 7, 12, 20, 30]],
    ['geometric', [5, 7, 12, 19, 30]],
    ['exponential', [5, 7, 12, 19, 30]],
  ] as const)('%s', (fn, expected) => {
    expect(backoffSequence(fn, 5, 30)).toEqual(expected);
  });

  it('other bounds follow the same formulas', () => {
    expect(backoffSequence('linear', 2, 14)).toEqual([2, 7, 12]);
    // Computed with the reference's Python functions.
    expect(backoffSequence('arithmetic', 10, 60)).toEqual([10, 11, 13, 16, 21, 26, 33, 41, 50, 60]);
    expect(backoffSequence('geometric', 10, 60)).toEqual([10, 12, 14, 18, 22, 27, 33, 40, 49, 60]);
    expect(backoffSequence('exponential', 10, 60)).toEqual([10, 12, 14, 18, 22, 27, 33, 40, 49, 60]);
  });
});

describe('retry schedule', () => {
  it('defaults: 3 immediate, 3 after minimum_delay, the back-off, 3 after maximum_delay', () => {
    expect(retrySchedule(DEFAULT_RETRY_POLICY)).toEqual([0, 0, 0, 5, 5, 5, 5, 10, 15, 20, 25, 30, 30, 30]);
  });

  it('a policy with no retries gives an empty schedule (linear with max - min < 5 too)', () => {
    expect(
      retrySchedule({
        ...DEFAULT_RETRY_POLICY,
        retries_with_no_delay: 0,
        minimum_delay_retries: 0,
        maximum_delay_retries: 0,
        minimum_delay: 5,
        maximum_delay: 5,
      }),
    ).toEqual([]);
  });
});

describe('policy selection (semantics §19.6)', () => {
  const queue = { retries_with_no_delay: 1 };
  const subscription = { retries_with_no_delay: 2, retry_backoff_function: 'geometric' };

  it('the subscription policy wins when non-empty', () => {
    expect(selectRetryPolicy(queue, subscription)).toMatchObject({ retries_with_no_delay: 2, retry_backoff_function: 'geometric', minimum_delay: 5 });
  });

  it('else the queue policy, else the defaults', () => {
    expect(selectRetryPolicy(queue, {})).toMatchObject({ retries_with_no_delay: 1, retry_backoff_function: 'linear' });
    expect(selectRetryPolicy(undefined, undefined)).toEqual(DEFAULT_RETRY_POLICY);
  });

  it('ignore_subscription_override in either policy picks the queue policy', () => {
    expect(selectRetryPolicy({ ...queue, ignore_subscription_override: true }, subscription).retries_with_no_delay).toBe(1);
    expect(selectRetryPolicy(queue, { ...subscription, ignore_subscription_override: true }).retries_with_no_delay).toBe(1);
  });
});
