import { ApiError, apiErrors } from '../errors/api-error';
import { isApiError, isStorageError, isZaqarError } from '../errors/error-codes';
import { isOutcomeUnknown } from '../errors/storage-errors';

const NO_ANSWER = 'the storage back end did not answer in time.';

/**
 * What a write's 503 says when the store cannot tell whether it was applied (a command sent,
 * then a timeout or a lost connection: a stalled Redis runs it when it resumes). "Could not be
 * enqueued" would then be false, and a client trusting it would post twice or lose popped
 * messages; so the text says the outcome is unknown and whether repeating the call is safe.
 * Keyed by the operation's usual description; other writes (queues, subscriptions) are
 * idempotent and keep their "please try again".
 */
const OUTCOME_UNKNOWN: Readonly<Record<string, string>> = {
  'Messages could not be enqueued.': `Messages may or may not have been enqueued: ${NO_ANSWER} Posting them again may store them twice.`,
  'Messages could not be popped.': `Messages may or may not have been popped: ${NO_ANSWER} Popped messages are deleted; popping again takes further ones.`,
  'Claim could not be created.': `Messages may or may not have been claimed: ${NO_ANSWER} Claiming again is safe; messages of a lost claim are released when its ttl expires.`,
  'Claim could not be updated.': `The claim may or may not have been updated: ${NO_ANSWER} Updating it again is safe.`,
  'Claim could not be deleted.': `The claim may or may not have been released: ${NO_ANSWER} Deleting it again is safe.`,
  'Message could not be deleted.': `The message may or may not have been deleted: ${NO_ANSWER} Deleting it again is safe.`,
  'Messages could not be deleted.': `Messages may or may not have been deleted: ${NO_ANSWER} Deleting them again is safe.`,
};

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
    const unknown = isOutcomeUnknown(error) ? OUTCOME_UNKNOWN[what] : undefined;
    if (unknown) throw Object.assign(new ApiError(503, 'Service temporarily unavailable', unknown), { cause: error });
    throw Object.assign(apiErrors.unavailable(what), { cause: error });
  }
}

/**
 * Runs a storage call; anything but an ApiError (typed storage errors included)
 * becomes the operation's 503 (`<what> Please try again in a few seconds.`).
 * For operations that map no storage error of their own after the call.
 */
export async function orUnavailable<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isApiError(error)) throw error;
    throw Object.assign(apiErrors.unavailable(what), { cause: error });
  }
}
