import { guardController, type StorageError, toStorageError as coreToStorageError } from '@zaqarjs/core';

/** Typed storage errors pass through; anything else (connection, timeout, script) becomes StorageUnavailable. */
export function toStorageError(error: unknown): StorageError {
  return coreToStorageError(error, 'Redis');
}

/** Wraps every method of `controller` so failures reach callers as storage errors: the controllers' error boundary. */
export function guarded<T extends object>(controller: T): T {
  return guardController(controller, 'Redis');
}
