/** The controllers' error boundary: typed errors pass, driver failures become StorageUnavailable, network blips are retried. */
import { guardController, type StorageError, toStorageError as coreToStorageError } from '@zaqarjs/core';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';

/** Retry policy after a network error on an established connection (`max_reconnect_attempts`, `reconnect_sleep`). */
export interface RetryPolicy {
  attempts: number;
  /** Seconds before the first retry; doubles each time. */
  sleep: number;
}

/** Typed storage errors pass through; anything else (driver, network, closed client) becomes StorageUnavailable. */
export function toStorageError(error: unknown): StorageError {
  return coreToStorageError(error, 'MongoDB');
}

/**
 * Whether a failed call is worth running again: a network error on a connection the
 * driver already had (failover, a dropped socket). A server selection timeout is not:
 * no server answered for the whole timeout, so the request fails at once (503).
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof MongoNetworkError && !(error instanceof MongoServerSelectionError);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `call`, retrying it per `policy` after retryable errors (the reference's AutoReconnect decorator). */
export async function withRetries<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw toStorageError(error);
      await sleep(policy.sleep * 1000 * 2 ** attempt);
    }
  }
}

/**
 * Wraps every method of `controller` (own prototype chain) in withRetries, so failures
 * reach callers as storage errors. Controller code throws typed errors and lets driver errors fly.
 */
export function guarded<T extends object>(controller: T, policy: RetryPolicy): T {
  return guardController(controller, 'MongoDB', (call) => withRetries(policy, call));
}
