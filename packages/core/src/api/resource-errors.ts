import { ApiError, apiErrors } from '../errors/api-error';
import { isStorageError, isZaqarError } from '../errors/error-codes';
import { guard } from './storage-guard';

/** `guard`, plus "does not exist" storage errors rendered as `404 Not found` with the store's text. */
export async function guardFound<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await guard(what, call);
  } catch (error) {
    if (isStorageError(error, 'not-found')) throw Object.assign(apiErrors.notFound(error.message), { cause: error });
    throw error;
  }
}

const UNABLE_TO_DELETE = 'Unable to delete';

/** The reference's responses for a refused message delete (the store's error as `cause`), or undefined for other errors. */
export function messageDeleteError(error: unknown): ApiError | undefined {
  const refused = (status: number, description: string) => Object.assign(new ApiError(status, UNABLE_TO_DELETE, description), { cause: error });
  if (isZaqarError(error, 'ZAQAR_MESSAGE_NOT_CLAIMED')) return refused(400, 'A claim was specified, but the message is not currently claimed.');
  if (isZaqarError(error, 'ZAQAR_CLAIM_DOES_NOT_EXIST')) return refused(400, 'The specified claim does not exist or has expired.');
  if (isStorageError(error, 'not-permitted')) return refused(403, 'This message is claimed; it cannot be deleted without a valid claim ID.');
  return undefined;
}

/**
 * Runs a message delete: refusals become the reference's errors, failures the operation's
 * 503, and a missing queue or message is success (deletes are idempotent).
 */
export async function guardDelete(what: string, call: () => Promise<void>): Promise<void> {
  try {
    await guard(what, call);
  } catch (error) {
    const refused = messageDeleteError(error);
    if (refused) throw refused;
    if (isZaqarError(error, ['ZAQAR_QUEUE_DOES_NOT_EXIST', 'ZAQAR_MESSAGE_DOES_NOT_EXIST'])) return;
    throw error;
  }
}
