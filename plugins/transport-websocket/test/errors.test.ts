import { ApiError, apiErrors, MessageIsClaimed, StorageUnavailable } from '@zaqarjs/core';
import { badDocument } from '@zaqarjs/core/api';
import { errorResult } from '../src/errors';

describe('errorResult', () => {
  it('words validation errors as the reference validator, document errors with "Bad request. "', () => {
    expect(errorResult(apiErrors.badRequest('Limit must be at least 1 and no greater than 20.'))).toEqual({
      status: 400,
      body: { exception: 'Limit must be at least 1 and no greater than 20.', error: null },
    });
    expect(errorResult(badDocument('Missing "body" field.')).body).toEqual({ exception: 'Bad request. Missing "body" field.', error: null });
  });

  it("puts the store's text in exception and the action summary (or the request layer's wording) in error", () => {
    const outage = Object.assign(apiErrors.unavailable('Queue could not be created.'), { cause: new StorageUnavailable('redis down') });
    expect(errorResult(outage, { 503: 'Queue q could not be created.' })).toEqual({
      status: 503,
      body: { exception: 'redis down', error: 'Queue q could not be created.' },
    });
    const refused = Object.assign(new ApiError(403, 'Unable to delete', 'This message is claimed; it cannot be deleted without a valid claim ID.'), {
      cause: new MessageIsClaimed('m1'),
    });
    expect(errorResult(refused).body).toEqual({
      exception: new MessageIsClaimed('m1').message,
      error: 'This message is claimed; it cannot be deleted without a valid claim ID.',
    });
  });

  it('turns anything else into 500 Unexpected error.', () => {
    expect(errorResult(new TypeError('boom'))).toEqual({ status: 500, body: { exception: 'boom', error: 'Unexpected error.' } });
  });
});
