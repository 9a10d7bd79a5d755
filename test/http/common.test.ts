/**
 * Common request handling: check order, headers, Accept, content
 * types, route and method errors, request ids, OPTIONS, CORS and the
 * never-crash guarantee. Runs against a real server (see test/support/server.ts).
 */
import { MessageConflict } from '@zaqarjs/core';
import { injectOutage, type Outage } from '../support/outage';
import { CLIENT_ID, startServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ conf: { cors: { allowed_origin: 'https://dash.example.com' } } });
});
afterAll(async () => {
  await server.close();
});

const MISSING_CLIENT = { title: 'Missing header value', description: 'The "Client-Id" header is required.' };
const BAD_UUID = { title: 'Wrong UUID value', description: 'Malformed hexadecimal UUID.' };
const NO_PROJECT = { title: 'Project-Id Missing', description: 'The header X-PROJECT-ID was missing' };
const BAD_QUEUE = { title: 'Invalid queue identification', description: 'The format of the submitted queue name or project id is not valid.' };

describe('order of request checks', () => {
  it('answers an unknown path 404 before any header check', async () => {
    const res = await server.request('GET', '/v2/nothing-here', { headers: { 'Client-ID': null, 'X-Project-ID': null } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ title: '404 Not Found' });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('vary')).toBe('Accept');
  });

  it('does not fold trailing slashes: /v2 and /v2/queues/ are unknown', async () => {
    expect((await server.request('GET', '/v2')).status).toBe(404);
    expect((await server.request('GET', '/v2/queues/')).status).toBe(404);
  });

  it('rejects a form-encoded body before Accept and Client-ID', async () => {
    const res = await server.request('POST', '/v2/queues/q/messages', {
      headers: { 'Content-Type': 'Application/X-WWW-Form-Urlencoded', Accept: 'text/html', 'Client-ID': null },
      body: 'a=1',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      title: 'Invalid Content-Type',
      description:
        'Endpoint does not accept `application/x-www-form-urlencoded` content; currently supported media type is `application/json`; specify proper client-side media type with the "Content-Type" header.',
    });
  });

  it('answers 406 when Accept excludes JSON, before the Client-ID check', async () => {
    const res = await server.request('GET', '/v2/queues', { headers: { Accept: 'text/html', 'Client-ID': null } });
    expect(res.status).toBe(406);
    expect(res.text).toBe('');
  });

  it.each(['application/json', '*/*', 'application/*', 'text/html, application/json;q=0.1', 'application/json; charset=utf-8'])(
    'accepts Accept: %s',
    async (accept) => {
      expect((await server.request('GET', '/v2/queues', { headers: { Accept: accept } })).status).toBe(200);
    },
  );

  it('refuses application/json with q=0', async () => {
    expect((await server.request('GET', '/v2/queues', { headers: { Accept: 'application/json;q=0' } })).status).toBe(406);
  });

  it('checks Client-ID before the project, and the project before the queue name', async () => {
    expect((await server.request('GET', '/v2/queues/bad%20name', { headers: { 'Client-ID': null, 'X-Project-ID': null } })).body).toEqual(MISSING_CLIENT);
    expect((await server.request('GET', '/v2/queues/bad%20name', { headers: { 'X-Project-ID': null } })).body).toEqual(NO_PROJECT);
    expect((await server.request('GET', '/v2/queues/bad%20name')).body).toEqual(BAD_QUEUE);
  });

  it('runs the header checks before method dispatch: DELETE /v2/ping without Client-ID is 400, with it 405', async () => {
    const missing = await server.request('DELETE', '/v2/ping', { headers: { 'Client-ID': null } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(MISSING_CLIENT);
    const wrongMethod = await server.request('DELETE', '/v2/ping');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toEqual({ title: '405 Method Not Allowed' });
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('validates the queue name before answering 405', async () => {
    expect((await server.request('POST', '/v2/queues/caf%C3%A9')).body).toEqual(BAD_QUEUE);
    const res = await server.request('POST', '/v2/queues/fine');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, OPTIONS');
  });

  it('runs the policy check after dispatch and before the handler', async () => {
    const seen: string[] = [];
    const guarded = await startServer({
      authorize: (rule, ctx) => {
        seen.push(`${rule}:${ctx.project}`);
        return rule !== 'queues:delete';
      },
    });
    try {
      expect((await guarded.request('PUT', '/v2/queues/kept')).status).toBe(201);
      const denied = await guarded.request('DELETE', '/v2/queues/kept');
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({ title: 'Not authorized', description: 'You are not authorized to complete this action.' });
      expect((await guarded.request('GET', '/v2/queues')).body.queues.map((q: { name: string }) => q.name)).toEqual(['kept']);
      expect((await guarded.request('PATCH', '/v2/queues/x', { headers: { 'Client-ID': null } })).status).toBe(400);
      expect(seen).toEqual([`queues:create:${guarded.project}`, `queues:delete:${guarded.project}`, `queues:get_all:${guarded.project}`]);
    } finally {
      await guarded.close();
    }
  });
});

describe('headers', () => {
  it.each([
    ['canonical', '3381af92-2b9e-11e3-b191-71861300734c'],
    ['without dashes', '3381AF922B9E11E3B19171861300734C'],
    ['braced', '{3381af92-2b9e-11e3-b191-71861300734c}'],
    ['urn', 'urn:uuid:3381af92-2b9e-11e3-b191-71861300734c'],
  ])('accepts a %s UUID as Client-ID', async (_form, clientId) => {
    expect((await server.request('GET', '/v2/queues', { headers: { 'Client-ID': clientId } })).status).toBe(200);
  });

  it.each(['', 'not-a-uuid', '3381af92-2b9e-11e3-b191-71861300734'])('refuses Client-ID %j', async (clientId) => {
    const res = await server.request('GET', '/v2/queues', { headers: { 'Client-ID': clientId } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(BAD_UUID);
  });

  it('tells an empty project header from a missing one', async () => {
    expect((await server.request('GET', '/v2/queues', { headers: { 'X-Project-ID': '' } })).body).toEqual({
      title: 'Empty project header not allowed',
      description: 'X-PROJECT-ID cannot be an empty string. Specify the right header X-PROJECT-ID and retry.',
    });
    expect((await server.request('GET', '/v2/queues', { headers: { 'X-Project-ID': null } })).body).toEqual(NO_PROJECT);
  });

  it('accepts the legacy X-Tenant-Id alias when X-Project-ID is absent', async () => {
    await server.request('PUT', '/v2/queues/tenantq', { headers: { 'X-Project-ID': null, 'X-Tenant-Id': 'legacy-tenant' } });
    const res = await server.request('GET', '/v2/queues', { headers: { 'X-Project-ID': 'legacy-tenant' } });
    expect(res.body.queues).toEqual([{ name: 'tenantq', href: '/v2/queues/tenantq' }]);
  });

  it('rejects a project id over 256 characters only on queue routes', async () => {
    const long = 'p'.repeat(257);
    expect((await server.request('GET', '/v2/queues', { headers: { 'X-Project-ID': long } })).status).toBe(200);
    expect((await server.request('GET', '/v2/queues/q', { headers: { 'X-Project-ID': long } })).body).toEqual(BAD_QUEUE);
  });

  it('accepts queue names up to 64 characters with letters, digits, _ - and .', async () => {
    expect((await server.request('PUT', `/v2/queues/${'a'.repeat(64)}`)).status).toBe(201);
    expect((await server.request('PUT', '/v2/queues/a.b-c_D9')).status).toBe(201);
    expect((await server.request('PUT', `/v2/queues/${'a'.repeat(65)}`)).body).toEqual(BAD_QUEUE);
  });

  it('puts a fresh X-OpenStack-Request-Id on every response, errors included', async () => {
    const ok = await server.request('GET', '/v2/queues');
    const missing = await server.request('GET', '/nowhere');
    const ids = [ok, missing].map((r) => r.headers.get('x-openstack-request-id'));
    for (const id of ids) expect(id).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('query strings', () => {
  it('lets the last occurrence win and treats empty values as absent', async () => {
    for (const name of ['a1', 'a2', 'a3']) await server.request('PUT', `/v2/queues/${name}`);
    const res = await server.request('GET', '/v2/queues?limit=1&limit=2&marker=');
    expect(res.body.queues).toHaveLength(2);
  });

  it('names the bad parameter', async () => {
    expect((await server.request('GET', '/v2/queues?limit=ten')).body).toEqual({
      title: 'Invalid parameter',
      description: 'The "limit" parameter is invalid. The value must be an integer.',
    });
    expect((await server.request('GET', '/v2/queues?detailed=maybe')).body).toEqual({
      title: 'Invalid parameter',
      description: 'The "detailed" parameter is invalid. The value of the parameter must be "true" or "false".',
    });
  });
});

describe('OPTIONS and CORS', () => {
  it('answers OPTIONS 200 with Allow when the headers are valid, 200 without it otherwise', async () => {
    const res = await server.request('OPTIONS', '/v2/queues/q/messages');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE, OPTIONS');
    const bare = await server.request('OPTIONS', '/v2/queues/q/messages', { headers: { 'Client-ID': null } });
    expect(bare.status).toBe(200);
    expect(bare.headers.get('allow')).toBeNull();
    expect((await server.request('OPTIONS', '/unknown')).status).toBe(200);
  });

  it('answers a preflight from an allowed origin with the CORS headers', async () => {
    const res = await server.request('OPTIONS', '/v2/queues/q/messages', {
      headers: { Origin: 'https://dash.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'Client-ID, Content-Type' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Client-ID,Content-Type');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-max-age')).toBe('3600');
  });

  it('decorates actual requests from allowed origins only', async () => {
    const allowed = await server.request('GET', '/v2/queues', { headers: { Origin: 'https://dash.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('X-Auth-Token,X-Subject-Token,X-Service-Token,X-OpenStack-Request-ID');
    expect(allowed.headers.get('vary')).toBe('Origin');
    const other = await server.request('GET', '/v2/queues', { headers: { Origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await server.request('OPTIONS', '/v2/queues', {
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('bodies', () => {
  it.each([
    ['malformed JSON', '{"messages": [', 'Request body could not be parsed.'],
    ['a bare string', '"text"', 'Request body could not be parsed.'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'Request body could not be parsed.'],
    ['an integer beyond 64 bits', '{"messages": [{"body": 9223372036854775808}]}', 'JSON contains integer that is too large.'],
  ])('refuses %s with 400 Invalid request body', async (_what, body, description) => {
    const res = await server.request('POST', '/v2/queues/bodies/messages', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ title: 'Invalid request body', description });
  });

  it('accepts the largest signed 64-bit integers', async () => {
    const res = await server.request('POST', '/v2/queues/bodies/messages', { body: '{"messages": [{"body": -9223372036854775808}]}' });
    expect(res.status).toBe(201);
  });

  it('does not check Content-Type of JSON bodies', async () => {
    const res = await server.request('POST', '/v2/queues/bodies/messages', { body: { messages: [{ body: 1 }] }, headers: { 'Content-Type': 'text/plain' } });
    expect(res.status).toBe(201);
  });
});

describe('robustness', () => {
  it('answers a storage failure with the operation 503 and keeps serving', async () => {
    const broken = await startServer({ store: 'memory' });
    try {
      broken.stores.data.messages.list = async () => {
        throw new Error('disk on fire');
      };
      await broken.request('PUT', '/v2/queues/q');
      const res = await broken.request('GET', '/v2/queues/q/messages');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ title: 'Service temporarily unavailable', description: 'Messages could not be listed. Please try again in a few seconds.' });
      expect(res.text).not.toContain('disk on fire');
      expect((await broken.request('GET', '/v2/queues')).status).toBe(200);
    } finally {
      await broken.close();
    }
  });

  it('answers an unexpected handler crash with 500 and no stack trace', async () => {
    const broken = await startServer({ store: 'memory' });
    try {
      broken.api.queues.list = async () => {
        throw new TypeError('boom');
      };
      const res = await broken.request('GET', '/v2/queues');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ title: 'Internal server error', description: 'boom' });
      expect(res.text).not.toMatch(/at .*\.ts/);
      expect(broken.errors).toHaveLength(1);
      expect((await broken.request('GET', '/v2/queues/q')).status).toBe(200);
    } finally {
      await broken.close();
    }
  });

  it('uses the default Client-ID of the helpers', () => {
    expect(CLIENT_ID).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('pre-signed URLs in the pipeline', () => {
  let signed: TestServer;
  beforeAll(async () => {
    signed = await startServer({ conf: { signed_url: { secret_key: 'test-secret-key' } } });
  });
  afterAll(async () => {
    await signed.close();
  });

  async function share(): Promise<Record<string, string>> {
    const res = await signed.request('POST', '/v2/queues/shareq/share', { body: { methods: ['GET', 'POST'], expires: '2099-01-01T00:00:00' } });
    expect(res.status).toBe(200);
    return {
      'URL-Signature': res.body.signature,
      'URL-Expires': res.body.expires,
      'URL-Methods': res.body.methods.join(','),
      'URL-Paths': res.body.paths.join(','),
    };
  }

  it('lets a correctly signed request through, Client-ID still required', async () => {
    const headers = await share();
    expect((await signed.request('POST', '/v2/queues/shareq/messages', { headers, body: { messages: [{ body: 'hi' }] } })).status).toBe(201);
    const listed = await signed.request('GET', '/v2/queues/shareq/messages?echo=true', { headers });
    expect(listed.body.messages.map((m: { body: string }) => m.body)).toEqual(['hi']);
    expect((await signed.request('GET', '/v2/queues/shareq/messages', { headers: { ...headers, 'Client-ID': null } })).body).toEqual(MISSING_CLIENT);
  });

  it('answers 404 for a bad signature, method, path or project, before the header checks', async () => {
    const headers = await share();
    const notFound = { title: '404 Not Found' };
    const bad = [
      { ...headers, 'URL-Signature': '0'.repeat(64), 'Client-ID': null },
      { ...headers, 'Client-ID': null, 'X-Project-ID': 'someone-else' },
    ];
    for (const h of bad) expect((await signed.request('GET', '/v2/queues/shareq/messages', { headers: h })).body).toEqual(notFound);
    expect((await signed.request('DELETE', '/v2/queues/shareq/messages?pop=1', { headers })).body).toEqual(notFound);
    expect((await signed.request('GET', '/v2/queues/other/messages', { headers })).body).toEqual(notFound);
  });
});

describe('storage failures', () => {
  let broken: TestServer;
  let outage: Outage;
  beforeAll(async () => {
    broken = await startServer();
    outage = injectOutage(broken.stores);
  });
  afterAll(async () => {
    await broken.close();
  });

  const PATCH_TYPE = { 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' };
  it.each([
    ['GET', '/v2/queues', undefined, 'Queues could not be listed.'],
    ['PUT', '/v2/queues/q', undefined, 'Queue could not be created.'],
    ['GET', '/v2/queues/q', undefined, 'Queue metadata could not be retrieved.'],
    ['PATCH', '/v2/queues/q', { body: [], headers: PATCH_TYPE }, 'Queue could not be updated.'],
    ['DELETE', '/v2/queues/q', undefined, 'Queue could not be deleted.'],
    ['GET', '/v2/queues/q/stats', undefined, 'Queue stats could not be read.'],
    ['POST', '/v2/queues/q/purge', undefined, 'Queue could not be purged.'],
    ['POST', '/v2/queues/q/messages', { body: { messages: [{ body: 1 }] } }, 'Messages could not be enqueued.'],
    ['GET', '/v2/queues/q/messages', undefined, 'Messages could not be listed.'],
    ['GET', '/v2/queues/q/messages?ids=a', undefined, 'Message could not be retrieved.'],
    ['DELETE', '/v2/queues/q/messages?ids=a', undefined, 'Messages could not be deleted.'],
    ['DELETE', '/v2/queues/q/messages?pop=1', undefined, 'Messages could not be popped.'],
    ['GET', '/v2/queues/q/messages/a', undefined, 'Message could not be retrieved.'],
    ['DELETE', '/v2/queues/q/messages/a', undefined, 'Message could not be deleted.'],
    ['POST', '/v2/queues/q/claims', undefined, 'Claim could not be created.'],
    ['GET', '/v2/queues/q/claims/c', undefined, 'Claim could not be queried.'],
    ['PATCH', '/v2/queues/q/claims/c', { body: { ttl: 60 } }, 'Claim could not be updated.'],
    ['DELETE', '/v2/queues/q/claims/c', undefined, 'Claim could not be deleted.'],
  ])('%s %s answers 503 with its own text', async (method, path, init, what) => {
    outage.on = true;
    try {
      const res = await broken.request(method, path, init);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ title: 'Service temporarily unavailable', description: `${what} Please try again in a few seconds.` });
      expect(res.headers.get('vary')).toBe('Accept');
    } finally {
      outage.on = false;
    }
    expect((await broken.request('GET', '/v2/queues')).status).toBe(200);
  });

  it('answers a write conflict on post with 503 No messages could be enqueued.', async () => {
    const original = broken.stores.data.messages.post;
    broken.stores.data.messages.post = async () => {
      throw new MessageConflict('q', broken.project);
    };
    try {
      const res = await broken.request('POST', '/v2/queues/q/messages', { body: { messages: [{ body: 1 }] } });
      expect(res.body).toEqual({ title: 'Service temporarily unavailable', description: 'No messages could be enqueued. Please try again in a few seconds.' });
    } finally {
      broken.stores.data.messages.post = original;
    }
  });
});
