import { guardController, type StorageError, StorageUnavailable, toStorageError as coreToStorageError } from '@zaqarjs/core';

/**
 * ioredis failures raised before a command was written: Redis never saw it. Every other
 * failure of a sent command (the command deadline, a connection lost before the answer)
 * leaves its outcome unknown: a stalled Redis still runs the queued script when it resumes.
 */
const NOT_SENT = /^Stream isn't writeable/;

/** Typed storage errors pass through; anything else (connection, timeout, script) becomes StorageUnavailable. */
export function toStorageError(error: unknown): StorageError {
  const converted = coreToStorageError(error, 'Redis');
  if (converted === error || !mayHaveRun(error)) return converted;
  return new StorageUnavailable(converted.message, error, { outcomeUnknown: true });
}

/** Whether Redis may have run the command that failed with `error` (Redis's own error replies say it did not). */
function mayHaveRun(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  return error.name !== 'ReplyError' && !NOT_SENT.test(error.message);
}

/** Wraps every method of `controller` so failures reach callers as storage errors: the controllers' error boundary. */
export function guarded<T extends object>(controller: T): T {
  return guardController(controller, 'Redis', (call) => call().catch((error: unknown) => Promise.reject(toStorageError(error))));
}
