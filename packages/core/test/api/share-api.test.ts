import { ShareApi, type SignedRequest } from '../../src/api/share-api';
import { computeSignature } from '../../src/api/signed-url';
import { ctx, jsonBody, makeDeps } from './fake-deps';

const KEY = 'test-secret-key';
const withKey = () => new ShareApi(makeDeps({ signed_url: { secret_key: KEY } }));
const specCtx = { ...ctx, project: 'specproj' };
const badRequest = (description: string) => ({ status: 400, title: 'Invalid API request', description });

describe('share', () => {
  it('signs the reference example (3 paths, 4 methods)', () => {
    const body = { paths: ['messages', 'claims', 'subscriptions'], methods: ['GET', 'POST', 'PUT', 'PATCH'], expires: '2030-09-01T00:00:00' };
    expect(withKey().create(specCtx, 'shareq', jsonBody(body))).toEqual({
      paths: ['/v2/queues/shareq/claims', '/v2/queues/shareq/messages', '/v2/queues/shareq/subscriptions'],
      methods: ['GET', 'PATCH', 'POST', 'PUT'],
      project: 'specproj',
      expires: '2030-09-01T00:00:00',
      signature: '060b9d06940c8eca68b21457d9a6c1b2dee4b02bfa78ff4e3b49246347c246ba',
    });
  });

  it('defaults to messages, GET and one day from now', () => {
    const before = Date.now();
    const signed = withKey().create(specCtx, 'shareq', jsonBody({}));
    expect(signed).toMatchObject({ paths: ['/v2/queues/shareq/messages'], methods: ['GET'], project: 'specproj' });
    const expiresMs = Date.parse(`${signed.expires}Z`);
    expect(expiresMs).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 86400000);
    expect(expiresMs).toBeLessThanOrEqual(Date.now() + 86400000);
    expect(signed.signature).toBe(computeSignature(KEY, signed.paths, ['GET'], 'specproj', signed.expires));
  });

  it.each([
    [{ bar: 1, paths: [] }, "Unknown keys: {'bar'}"],
    [{ paths: ['foo', 'messages'] }, "Invalid paths: {'foo'}"],
    [{ paths: 'messages' }, '`paths` must be a non-empty list'],
    [{ methods: 'GET' }, '`methods` should be a list'],
    [{ expires: '1234' }, '`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1234'],
    [{ expires: 'garbage' }, "Unable to parse date string 'garbage'"],
    [{ expires: '2001-01-01T00:00:00' }, '`expires` is lower than the current time'],
  ])('refuses %j', (body, description) => {
    expect(() => withKey().create(specCtx, 'q', jsonBody(body))).toThrow(expect.objectContaining(badRequest(description)));
  });

  it('needs a body that is an object', () => {
    expect(() => withKey().create(specCtx, 'q', jsonBody())).toThrow(
      expect.objectContaining({ title: 'Invalid request body', description: 'Request body can not be empty' }),
    );
    expect(() => withKey().create(specCtx, 'q', jsonBody([]))).toThrow(
      expect.objectContaining({ title: 'Invalid request body', description: 'Document type not supported.' }),
    );
  });

  it('fails without [signed_url] secret_key', () => {
    const api = new ShareApi(makeDeps());
    expect(() => api.create(specCtx, 'q', jsonBody({}))).toThrow(expect.objectContaining(badRequest("The `key` can't be None")));
  });
});

describe('verifySignedRequest', () => {
  const signedHeaders = {
    'x-project-id': 'specproj',
    'url-signature': '77f4ce96f6b1581b1c4970ee9a9552f4d75f6c1ac5bab5f54d80251cc087ba42',
    'url-expires': '2030-09-01T00:00:00',
    'url-methods': 'GET',
    'url-paths': '/v2/queues/shareq/messages',
  };
  const request = (changes: Partial<SignedRequest> = {}, headers: Record<string, string | undefined> = {}): SignedRequest => ({
    method: 'GET',
    path: '/v2/queues/shareq/messages',
    ...changes,
    headers: { ...signedHeaders, ...headers },
  });
  const notFound = expect.objectContaining({ status: 404, title: '404 Not Found', description: undefined });

  it('tells unsigned requests apart: no header, or an empty one', () => {
    expect(withKey().verifySignedRequest({ method: 'GET', path: '/v2/queues/q/messages', headers: {} })).toBe('unsigned');
    expect(withKey().verifySignedRequest(request({}, { 'url-signature': '' }))).toBe('unsigned');
  });

  it('accepts the verified example, sub-paths and another spelling of the same expiry', () => {
    expect(withKey().verifySignedRequest(request())).toBe('valid');
    expect(withKey().verifySignedRequest(request({ path: '/v2/queues/shareq/messages/abc' }))).toBe('valid');
    expect(withKey().verifySignedRequest(request({}, { 'url-expires': '2030-09-01T02:00:00+02:00' }))).toBe('valid');
  });

  it.each([
    ['another project', {}, { 'x-project-id': 'other' }],
    ['no project header', {}, { 'x-project-id': undefined }],
    ['a method not signed', { method: 'DELETE' }, {}],
    ['a path outside the signed one', { path: '/v2/queues/shareq/claims' }, {}],
    ['a path that only starts with the signed one', { path: '/v2/queues/shareq/messagesX' }, {}],
    ['another queue', { path: '/v2/queues/other/messages' }, { 'url-paths': '/v2/queues/shareq/messages' }],
    ['dot segments', { path: '/v2/queues/shareq/messages/../../other/messages' }, {}],
    ['a changed signature', {}, { 'url-signature': '77f4ce96f6b1581b1c4970ee9a9552f4d75f6c1ac5bab5f54d80251cc087ba43' }],
    ['an upper-case signature', {}, { 'url-signature': signedHeaders['url-signature'].toUpperCase() }],
    ['a different expiry', {}, { 'url-expires': '2030-09-01T00:00:01' }],
    ['no expiry', {}, { 'url-expires': undefined }],
    ['an integer expiry', {}, { 'url-expires': '1234' }],
    ['an unparsable expiry', {}, { 'url-expires': 'soon' }],
    ['added paths', {}, { 'url-paths': '/v2/queues/shareq/messages,/v2/queues/x/messages' }],
  ])('refuses %s with 404', (_what, changes, headers) => {
    expect(() => withKey().verifySignedRequest(request(changes as Partial<SignedRequest>, headers))).toThrow(notFound);
  });

  it('refuses an expired signature even when it is correct', () => {
    const expires = '2001-01-01T00:00:00';
    const signature = computeSignature(KEY, ['/v2/queues/shareq/messages'], ['GET'], 'specproj', expires);
    expect(() => withKey().verifySignedRequest(request({}, { 'url-expires': expires, 'url-signature': signature }))).toThrow(notFound);
  });

  it('refuses every signed request when no secret key is configured', () => {
    expect(() => new ShareApi(makeDeps()).verifySignedRequest(request())).toThrow(notFound);
  });
});
