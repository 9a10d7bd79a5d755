import { errorMessage, isApiError, isZaqarError } from '../errors/error-codes';
import { StorageUnavailable, type StorageError } from '../errors/storage-errors';

/**
 * Typed storage errors pass through (also those of another copy of @zaqarjs/core a plugin may
 * bundle, recognised by their `ZAQAR_` code); anything else (driver, I/O, network, closed
 * client) becomes StorageUnavailable naming the store.
 */
export function toStorageError(error: unknown, store: string): StorageError {
  if (isZaqarError(error) && !isApiError(error)) return error as StorageError;
  const detail = errorMessage(error);
  return new StorageUnavailable(`The ${store} store failed: ${detail}`, error);
}

/**
 * Wraps every method of `controller` (its prototype chain; `_`-prefixed helpers excluded) so
 * failures reach callers as storage errors: a store's error boundary. `run` wraps each call
 * (e.g. a retry policy); by default the call runs once.
 */
export function guardController<T extends object>(controller: T, store: string, run: <R>(call: () => Promise<R>) => Promise<R> = (call) => call()): T {
  const wrapped: Record<string, unknown> = {};
  for (let proto = Object.getPrototypeOf(controller); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (name === 'constructor' || name.startsWith('_') || name in wrapped || typeof method !== 'function') continue;
      wrapped[name] = async (...args: unknown[]) => {
        try {
          return await run(() => (method as (...a: unknown[]) => Promise<unknown>).apply(controller, args));
        } catch (error) {
          throw toStorageError(error, store);
        }
      };
    }
  }
  return wrapped as T;
}
