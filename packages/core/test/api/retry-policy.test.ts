import { validateRetryPolicy } from '../../src/api/retry-policy';

const REFUSED = 'TEST_RETRY_POLICY_REFUSED';
const fail = (message: string): never => {
  throw Object.assign(new Error(message), { code: REFUSED });
};
const problem = (value: unknown): string | undefined => {
  try {
    validateRetryPolicy(value, fail);
    return undefined;
  } catch (error) {
    if ((error as { code?: string }).code === REFUSED) return (error as Error).message;
    throw error;
  }
};

describe('validateRetryPolicy', () => {
  it('accepts no policy, an empty policy and a complete valid one', () => {
    expect(problem(undefined)).toBeUndefined();
    expect(problem(null)).toBeUndefined();
    expect(problem({})).toBeUndefined();
    expect(
      problem({
        retries_with_no_delay: 1,
        minimum_delay_retries: 2,
        minimum_delay: 3,
        maximum_delay: 13,
        maximum_delay_retries: 4,
        retry_backoff_function: 'geometric',
        ignore_subscription_override: true,
      }),
    ).toBeUndefined();
  });

  it.each([
    ['x', 'retry_policy must be a dict.'],
    [[1], 'retry_policy must be a dict.'],
    [{ retries_with_no_delay: 'x' }, 'Retry policy: retries_with_no_delay must be a integer.'],
    [{ minimum_delay_retries: 1.5 }, 'Retry policy: minimum_delay_retries must be a integer.'],
    [{ minimum_delay: true }, 'Retry policy: minimum_delay must be a integer.'],
    [{ maximum_delay: '30' }, 'Retry policy: maximum_delay must be a integer.'],
    [{ maximum_delay_retries: [] }, 'Retry policy: maximum_delay_retries must be a integer.'],
    [{ retry_backoff_function: 1 }, 'retry_backoff_function must be a string.'],
    [{ retry_backoff_function: 'cubic' }, 'invalid retry_backoff_function.'],
    [{ ignore_subscription_override: 'yes' }, 'ignore_subscription_override must be a boolean.'],
    [{ minimum_delay: 40 }, 'minimum_delay must less than maximum_delay.'],
    [{ minimum_delay: 5, maximum_delay: 10 }, 'invalid minimum_delay and maximum_delay.'],
    [{ maximum_delay: 14 }, 'invalid minimum_delay and maximum_delay.'],
  ])('refuses %j', (policy, message) => {
    expect(problem(policy)).toBe(message);
  });

  it('reports the first bad key in the reference order', () => {
    expect(problem({ ignore_subscription_override: 1, maximum_delay_retries: 'x', retries_with_no_delay: 'y' })).toBe(
      'Retry policy: retries_with_no_delay must be a integer.',
    );
  });

  it('uses the defaults (5, 30) for the delay bounds that are absent', () => {
    expect(problem({ minimum_delay: 20 })).toBeUndefined();
    expect(problem({ maximum_delay: 15 })).toBeUndefined();
  });
});
