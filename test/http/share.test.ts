/** Pre-signed URLs over HTTP: creating them and using them. */
import { createHmac } from 'node:crypto';
import { startServer, type TestServer } from '../support/server';

const KEY = 'test-secret-key';
const PROJECT = 'specproj';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ project: PROJECT, conf: { signed_url: { secret_key: KEY } } });
});
afterAll(async () => {
  await server.close();
});

const invalid = (description: string) => ({ title: 'Invalid API request', description });
const routeNotFound = { title: '404 Not Found' };

/** The signature algorithm, written out independently of the server's code. */
function sign(paths: string[], methods: string[], project: string, expires: string): string {
  const text = `${[...paths].sort().join(',')}\\n${[...methods].sort().join(',')}\\n${project}\\n${expires}`;
  return createHmac('sha256', KEY).update(text).digest('hex');
}

/** URL-* headers of a descriptor the share endpoint returned. */
function signedHeaders(signed: { paths: string[]; methods: string[]; expires: string; signature: string }): Record<string, string> {
  return { 'URL-Signature': signed.signature, 'URL-Expires': signed.expires, 'URL-Methods': signed.methods.join(','), 'URL-Paths': signed.paths.join(',') };
}

describe('POST /v2/queues/{q}/share', () => {
  it('signs the reference example bit-exactly', async () => {
    const res = await server.request('POST', '/v2/queues/shareq/share', {
      body: { paths: ['messages', 'claims', 'subscriptions'], methods: ['GET', 'POST', 'PUT', 'PATCH'], expires: '2030-09-01T00:00:00' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      paths: ['/v2/queues/shareq/claims', '/v2/queues/shareq/messages', '/v2/queues/shareq/subscriptions'],
      methods: ['GET', 'PATCH', 'POST', 'PUT'],
      project: 'specproj',
      expires: '2030-09-01T00:00:00',
      signature: '060b9d06940c8eca68b21457d9a6c1b2dee4b02bfa78ff4e3b49246347c246ba',
    });
  });

  it('defaults to GET on messages for one day, in UTC without a zone', async () => {
    const res = await server.request('POST', '/v2/queues/shareq/share', { body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ paths: ['/v2/queues/shareq/messages'], methods: ['GET'], project: PROJECT });
    expect(res.body.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const hoursAhead = (Date.parse(`${res.body.expires}Z`) - Date.now()) / 3600000;
    expect(hoursAhead).toBeGreaterThan(23.9);
    expect(hoursAhead).toBeLessThanOrEqual(24);
    expect(res.body.signature).toBe(sign(['/v2/queues/shareq/messages'], ['GET'], PROJECT, res.body.expires));
  });

  it('normalises an offset to UTC', async () => {
    const res = await server.request('POST', '/v2/queues/shareq/share', { body: { expires: '2030-09-01T00:00:00+02:00' } });
    expect(res.body.expires).toBe('2030-08-31T22:00:00');
  });

  it.each([
    [{ bar: 1 }, "Unknown keys: {'bar'}"],
    [{ paths: ['foo'] }, "Invalid paths: {'foo'}"],
    [{ methods: 'GET' }, '`methods` should be a list'],
    [{ expires: '1234' }, '`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1234'],
    [{ expires: 'garbage' }, "Unable to parse date string 'garbage'"],
    [{ expires: '2001-01-01T00:00:00' }, '`expires` is lower than the current time'],
  ])('refuses %j', async (body, description) => {
    const res = await server.request('POST', '/v2/queues/shareq/share', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(description));
  });

  it('needs an object body', async () => {
    // fetch sends `Content-Length: 0` without a body, which the reference reads, and fails to parse, here.
    expect((await server.request('POST', '/v2/queues/shareq/share')).body).toEqual({
      title: 'Invalid request body',
      description: 'Request body could not be parsed.',
    });
    expect((await server.request('POST', '/v2/queues/shareq/share', { body: [] })).body).toEqual({
      title: 'Invalid request body',
      description: 'Document type not supported.',
    });
  });

  it('fails without [signed_url] secret_key', async () => {
    const keyless = await startServer();
    try {
      const res = await keyless.request('POST', '/v2/queues/q/share', { body: {} });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid("The `key` can't be None"));
    } finally {
      await keyless.close();
    }
  });
});

describe('signed requests', () => {
  let messageId: string;
  let signed: { paths: string[]; methods: string[]; expires: string; signature: string };

  beforeAll(async () => {
    const posted = await server.request('POST', '/v2/queues/shareq/messages', { body: { messages: [{ body: { n: 1 }, ttl: 300 }] } });
    messageId = posted.body.resources[0].split('/').pop();
    signed = (await server.request('POST', '/v2/queues/shareq/share', { body: { expires: '2030-09-01T00:00:00' } })).body;
  });

  it('reproduces the verified signature and serves the signed path', async () => {
    expect(signed.signature).toBe('77f4ce96f6b1581b1c4970ee9a9552f4d75f6c1ac5bab5f54d80251cc087ba42');
    const res = await server.request('GET', '/v2/queues/shareq/messages?echo=true', { headers: signedHeaders(signed) });
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { body: unknown }) => m.body)).toEqual([{ n: 1 }]);
  });

  it('authorises sub-paths of a signed path', async () => {
    const res = await server.request('GET', `/v2/queues/shareq/messages/${messageId}`, { headers: signedHeaders(signed) });
    expect(res.status).toBe(200);
    expect(res.body.body).toEqual({ n: 1 });
  });

  it.each([
    ['another project', 'GET', '/v2/queues/shareq/messages', { 'X-Project-ID': 'other' }],
    ['a method that was not signed', 'DELETE', '/v2/queues/shareq/messages?ids=x', {}],
    ['a path that was not signed', 'GET', '/v2/queues/shareq/subscriptions', {}],
    ['another queue', 'GET', '/v2/queues/other/messages', {}],
    ['a tampered signature', 'GET', '/v2/queues/shareq/messages', { 'URL-Signature': `${'0'.repeat(63)}1` }],
    ['a later expiry', 'GET', '/v2/queues/shareq/messages', { 'URL-Expires': '2031-09-01T00:00:00' }],
    ['an extra signed path', 'GET', '/v2/queues/shareq/messages', { 'URL-Paths': '/v2/queues/shareq/messages,/v2/queues/shareq/claims' }],
  ])('answers 404 to %s', async (_what, method, path, headers) => {
    const res = await server.request(method, path, { headers: { ...signedHeaders(signed), ...headers } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(routeNotFound);
  });

  it('answers 404 to an expired signature even when it is genuine', async () => {
    const expires = '2001-01-01T00:00:00';
    const headers = { ...signedHeaders(signed), 'URL-Expires': expires, 'URL-Signature': sign(signed.paths, signed.methods, PROJECT, expires) };
    const res = await server.request('GET', '/v2/queues/shareq/messages', { headers });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(routeNotFound);
  });

  it('checks the signature before the Client-ID, which is still required afterwards', async () => {
    const bad = await server.request('GET', '/v2/queues/shareq/messages', { headers: { ...signedHeaders(signed), 'URL-Signature': 'bad', 'Client-ID': null } });
    expect(bad.status).toBe(404);
    const good = await server.request('GET', '/v2/queues/shareq/messages', { headers: { ...signedHeaders(signed), 'Client-ID': null } });
    expect(good.status).toBe(400);
    expect(good.body).toEqual({ title: 'Missing header value', description: 'The "Client-Id" header is required.' });
  });

  it('treats an empty URL-Signature as an ordinary unsigned request', async () => {
    const res = await server.request('GET', '/v2/queues/shareq/messages?echo=true', { headers: { ...signedHeaders(signed), 'URL-Signature': '' } });
    expect(res.status).toBe(200);
  });

  it('lets a subscriber confirm with a PUT signed for the confirm path', async () => {
    const id = (await server.request('POST', '/v2/queues/shareq/subscriptions', { body: { subscriber: 'http://hook.example' } })).body.subscription_id;
    const path = `/v2/queues/shareq/subscriptions/${id}/confirm`;
    const expires = '2030-01-01T00:00:00';
    const headers = { 'URL-Signature': sign([path], ['PUT'], PROJECT, expires), 'URL-Expires': expires, 'URL-Methods': 'PUT', 'URL-Paths': path };
    expect((await server.request('PUT', path, { headers, body: { confirmed: true } })).status).toBe(204);
    expect((await server.request('GET', `/v2/queues/shareq/subscriptions/${id}`)).body.confirmed).toBe(true);
  });
});
