/**
 * Errors are recognised by code, so an error from another copy of core (a plugin's
 * nested install) is mapped the same as this copy's.
 */
import * as errors from '../../src/errors/storage-errors';
import { ApiError } from '../../src/errors/api-error';
import { ConfigError } from '../../src/config/errors';
import { ERROR_CODES, errorCode, errorMessage, isApiError, isStorageError, isZaqarError, storageErrorKind } from '../../src/errors/error-codes';

describe('error codes', () => {
  it('every error class carries the code ERROR_CODES lists for it', () => {
    const instances: Record<string, Error> = {
      ApiError: new ApiError(400, 'Invalid API request'),
      StorageUnavailable: new errors.StorageUnavailable(),
      QueueDoesNotExist: new errors.QueueDoesNotExist('q', 'p'),
      TopicDoesNotExist: new errors.TopicDoesNotExist('t', 'p'),
      MessageDoesNotExist: new errors.MessageDoesNotExist('m', 'q', 'p'),
      ClaimDoesNotExist: new errors.ClaimDoesNotExist('c', 'q', 'p'),
      SubscriptionDoesNotExist: new errors.SubscriptionDoesNotExist('s'),
      PoolDoesNotExist: new errors.PoolDoesNotExist('pool'),
      FlavorDoesNotExist: new errors.FlavorDoesNotExist('f'),
      QueueNotMapped: new errors.QueueNotMapped('q', 'p'),
      MessageIsClaimed: new errors.MessageIsClaimed('m'),
      MessageNotClaimed: new errors.MessageNotClaimed('m'),
      MessageNotClaimedBy: new errors.MessageNotClaimedBy('m', 'c'),
      PoolInUseByFlavor: new errors.PoolInUseByFlavor('pool', 'f'),
      SubscriptionAlreadyExists: new errors.SubscriptionAlreadyExists(),
      PoolAlreadyExists: new errors.PoolAlreadyExists(),
      MessageConflict: new errors.MessageConflict('q', 'p'),
      NoPoolFound: new errors.NoPoolFound(),
      PoolCapabilitiesMismatch: new errors.PoolCapabilitiesMismatch(),
      ConfigError: new ConfigError('bad'),
    };
    for (const [name, error] of Object.entries(instances)) expect([name, errorCode(error)]).toEqual([name, ERROR_CODES[name as keyof typeof ERROR_CODES]]);
  });

  it('recognises an error of another copy of core by its code alone', () => {
    class ForeignQueueDoesNotExist extends Error {
      readonly code = 'ZAQAR_QUEUE_DOES_NOT_EXIST';
    }
    const foreign = new ForeignQueueDoesNotExist('Queue q does not exist for project p');
    expect(foreign instanceof errors.QueueDoesNotExist).toBe(false);
    expect(isZaqarError(foreign, 'ZAQAR_QUEUE_DOES_NOT_EXIST')).toBe(true);
    expect(isZaqarError(foreign, ['ZAQAR_MESSAGE_DOES_NOT_EXIST', 'ZAQAR_QUEUE_DOES_NOT_EXIST'])).toBe(true);
    expect(storageErrorKind(foreign)).toBe('not-found');
    expect(isStorageError(foreign, 'not-found')).toBe(true);
    expect(isStorageError(foreign, 'conflict')).toBe(false);
    expect(isApiError({ code: 'ZAQAR_API_ERROR', status: 404, title: 'Not found' })).toBe(true);
  });

  it('maps each storage family to its kind', () => {
    expect(storageErrorKind(new errors.MessageIsClaimed('m'))).toBe('not-permitted');
    expect(storageErrorKind(new errors.PoolAlreadyExists())).toBe('conflict');
    expect(storageErrorKind(new errors.StorageUnavailable())).toBe('unavailable');
    expect(storageErrorKind(new ApiError(404, 'Not found'))).toBeUndefined();
  });

  it('ignores codes that are not ours and values that are not errors', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeUndefined();
    expect(isZaqarError(undefined)).toBe(false);
    expect(isZaqarError('ZAQAR_API_ERROR')).toBe(false);
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(42)).toBe('42');
  });
});
