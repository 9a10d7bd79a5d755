import { createHmac } from 'node:crypto';
import { computeSignature, createSignedUrl, parseExpires, pathAuthorises, signaturesEqual } from '../../src/api/signed-url';
import { formatUtcDateTime } from '../../src/api/iso-date';

/** A clock before every expiry used below (2026-01-01T00:00:00Z). */
const NOW = Date.UTC(2026, 0, 1);

function errorOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if ((error as { code?: string }).code === 'ZAQAR_SIGNED_URL_INVALID') return (error as Error).message;
    throw error;
  }
  throw new Error('expected a SignedUrlError');
}

describe('signature algorithm (verified against the reference)', () => {
  it('reproduces the reference signature for one path and GET', () => {
    const signed = createSignedUrl('test-secret-key', ['/v2/queues/shareq/messages'], { project: 'specproj', expires: '2030-09-01T00:00:00', nowMs: NOW });
    expect(signed).toEqual({
      paths: ['/v2/queues/shareq/messages'],
      methods: ['GET'],
      project: 'specproj',
      expires: '2030-09-01T00:00:00',
      signature: '77f4ce96f6b1581b1c4970ee9a9552f4d75f6c1ac5bab5f54d80251cc087ba42',
    });
  });

  it('sorts paths and methods before signing (3-path example)', () => {
    const paths = ['/v2/queues/shareq/messages', '/v2/queues/shareq/claims', '/v2/queues/shareq/subscriptions'];
    const signed = createSignedUrl('test-secret-key', paths, {
      project: 'specproj',
      expires: '2030-09-01T00:00:00',
      methods: ['GET', 'POST', 'PUT', 'PATCH'],
      nowMs: NOW,
    });
    expect(signed.paths).toEqual(['/v2/queues/shareq/claims', '/v2/queues/shareq/messages', '/v2/queues/shareq/subscriptions']);
    expect(signed.methods).toEqual(['GET', 'PATCH', 'POST', 'PUT']);
    expect(signed.signature).toBe('060b9d06940c8eca68b21457d9a6c1b2dee4b02bfa78ff4e3b49246347c246ba');
  });

  it('reproduces a second signature of the reference', () => {
    const signed = createSignedUrl('test-secret', ['/v2/queues/q1/messages'], {
      project: 'proj1',
      expires: '2030-01-01T00:00:00',
      methods: ['POST', 'GET'],
      nowMs: NOW,
    });
    expect(signed.signature).toBe('3a422145a2276d7b2a2fd1f99b05104a8f3b3b056bce6204a6308262cc9bdac4');
  });

  it('uses backslash-n separators, not newlines', () => {
    const signed = computeSignature('test-secret-key', ['/v2/queues/shareq/messages'], ['GET'], 'specproj', '2030-09-01T00:00:00');
    const withNewlines = createHmac('sha256', 'test-secret-key').update('/v2/queues/shareq/messages\nGET\nspecproj\n2030-09-01T00:00:00').digest('hex');
    expect(signed).toBe('77f4ce96f6b1581b1c4970ee9a9552f4d75f6c1ac5bab5f54d80251cc087ba42');
    expect(withNewlines).not.toBe(signed);
  });

  it('renders a missing project as None and normalises offsets to UTC', () => {
    const signed = createSignedUrl('test-secret', ['/v2/queues/q1/messages'], { expires: '2030-01-01T00:00:00+02:00', nowMs: NOW });
    expect(signed).toMatchObject({
      project: null,
      expires: '2029-12-31T22:00:00',
      signature: '7d426945586f4e78d0000bd6b6a5dccd96577f938bd728b2f538e158984642f1',
    });
  });

  it('sorts by code point and accepts the other ISO forms the reference accepts', () => {
    const signed = createSignedUrl('k', ['/b', '/a', '/é', '/z'], {
      project: 'p',
      expires: '2030-01-01 10:20:30.5Z',
      methods: ['PUT', 'GET', 'DELETE'],
      nowMs: NOW,
    });
    expect(signed).toMatchObject({ paths: ['/a', '/b', '/z', '/é'], methods: ['DELETE', 'GET', 'PUT'], expires: '2030-01-01T10:20:30' });
    expect(signed.signature).toBe('febe1ec8c1849396dfdf995dd7c9d3fa9ce067e30ef4b703abd548f57c33de98');
    expect(createSignedUrl('k', ['/a'], { project: 'p', expires: '20300101T102030-0130', nowMs: NOW })).toMatchObject({
      expires: '2030-01-01T11:50:30',
      signature: 'f7ff3307689607c745f013c461b7fb764d64b77c1701d792802a8e78ad060049',
    });
    expect(createSignedUrl('k', ['/a'], { project: 'p', expires: '2030-01', nowMs: NOW }).signature).toBe(
      '1d0d5c737e34f58374105c4347323d9442d4b7ac110b1603054fb6af5e762b0d',
    );
  });

  it('defaults methods to GET for falsy values and expires to now + 1 day', () => {
    const signed = createSignedUrl('k', ['/a'], { project: 'p', methods: [], nowMs: Date.UTC(2030, 0, 1, 12, 0, 0, 250) });
    expect(signed.methods).toEqual(['GET']);
    expect(signed.expires).toBe('2030-01-02T12:00:00');
  });
});

describe('input errors (reference texts)', () => {
  const create =
    (expires: unknown, extra: object = {}) =>
    () =>
      createSignedUrl('k', ['/a'], { project: 'p', expires, nowMs: NOW, ...extra });

  it.each([
    ['garbage', "Unable to parse date string 'garbage'"],
    ['0', "Unable to parse date string '0'"],
    ['2030-13-01T00:00:00', 'month must be in 1..12'],
    ['2030-02-30', 'day is out of range for month'],
    ['2030-01-01T24:00:00', 'hour must be in 0..23'],
    ['2030-01-01T00:00:60', 'second must be in 0..59'],
    ['2030-01-01T00:00:00+24:00', 'offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1).'],
    ['1234', '`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1234'],
    [' 12 ', '`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 12'],
    [12.7, '`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 12'],
    [true, '`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1'],
    ['2020-01-01T00:00:00', '`expires` is lower than the current time'],
  ])('expires %p → %s', (expires, message) => {
    expect(errorOf(create(expires))).toBe(message);
  });

  it('refuses a missing key, bad paths and bad methods', () => {
    expect(errorOf(() => createSignedUrl(undefined, ['/a']))).toBe("The `key` can't be None");
    expect(errorOf(() => createSignedUrl('k', []))).toBe('`paths` must be a non-empty list');
    expect(errorOf(create(undefined, { methods: 'GET' }))).toBe('`methods` should be a list');
    expect(errorOf(create(undefined, { methods: ['GET', 1] }))).toBe('`methods` should be a list');
  });

  it('parses expiry with the same rules as creation', () => {
    expect(formatUtcDateTime(parseExpires('2030-09-01T00:00:00Z'))).toBe('2030-09-01T00:00:00');
    expect(() => parseExpires('2030')).toThrow(expect.objectContaining({ code: 'ZAQAR_SIGNED_URL_INVALID' }));
  });
});

describe('path and signature matching', () => {
  it('matches literally at a segment boundary', () => {
    expect(pathAuthorises('/v2/queues/q/messages', '/v2/queues/q/messages')).toBe(true);
    expect(pathAuthorises('/v2/queues/q/messages', '/v2/queues/q/messages/abc')).toBe(true);
    expect(pathAuthorises('/v2/queues/q/messages', '/v2/queues/q/messagesX')).toBe(false);
    expect(pathAuthorises('/v2/queues/q/messages', '/v2/queues/other/messages')).toBe(false);
    expect(pathAuthorises('/v2/queues/q.*', '/v2/queues/qq/messages')).toBe(false);
    expect(pathAuthorises('', '/v2/queues/q/messages')).toBe(false);
  });

  it('compares signatures exactly', () => {
    expect(signaturesEqual('abc', 'abc')).toBe(true);
    expect(signaturesEqual('abc', 'abd')).toBe(false);
    expect(signaturesEqual('abc', 'ab')).toBe(false);
    expect(signaturesEqual('abc', 'ABC')).toBe(false);
  });
});
