import { guardController, type StorageError, toStorageError as coreToStorageError } from '@zaqarjs/core';

/** Typed storage errors pass through; anything else (driver, I/O, closed pool) becomes StorageUnavailable. */
export function toStorageError(error: unknown): StorageError {
  return coreToStorageError(error, 'SQL');
}

/**
 * Wraps every method of `controller` so failures reach callers as storage errors. This is the
 * controllers' error boundary: controller code throws typed errors and lets driver errors fly.
 */
export function guarded<T extends object>(controller: T): T {
  return guardController(controller, 'SQL');
}
