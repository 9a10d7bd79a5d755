import { apiErrors } from '../errors/api-error';
import { isApiError, isStorageError, isZaqarError } from '../errors/error-codes';

/**
 * Runs a storage call; a back-end failure (or any unexpected error) becomes the
 * operation's 503 (`<what> Please try again in a few seconds.`). ApiErrors and
 * typed storage errors other than StorageUnavailable pass through for the
 * handler to map.
 */
export async function guard<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isApiError(error)) throw error;
    if (isStorageError(error) && !isZaqarError(error, 'ZAQAR_STORAGE_UNAVAILABLE')) throw error;
    throw Object.assign(apiErrors.unavailable(what), { cause: error });
  }
}
