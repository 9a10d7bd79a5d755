import { StorageError, StorageUnavailable } from '@zaqarjs/core';

/** Typed storage errors pass through; anything else (connection, timeout, script) becomes StorageUnavailable. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (isForeignStorageError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageUnavailable(`The Redis store failed: ${detail}`, error);
}

/** A StorageError from another copy of @zaqarjs/core (plugins may bundle their own). */
function isForeignStorageError(error: unknown): error is StorageError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ZAQAR_');
}

/**
 * Wraps every method of `controller` (own prototype chain) so failures reach callers
 * as storage errors: the controllers' error boundary.
 */
export function guarded<T extends object>(controller: T): T {
  const wrapped: Record<string, unknown> = {};
  for (let proto = Object.getPrototypeOf(controller); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name === 'constructor' || name.startsWith('_') || name in wrapped || typeof method !== 'function') continue;
      wrapped[name] = async (...args: unknown[]) => {
        try {
          return await (method as (...a: unknown[]) => Promise<unknown>).apply(controller, args);
        } catch (error) {
          throw toStorageError(error);
        }
      };
    }
  }
  return wrapped as T;
}
