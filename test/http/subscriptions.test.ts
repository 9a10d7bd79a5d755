/** Subscriptions over HTTP. */
import { inFreshProject, type ProjectRequest as Request, startServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** A project of its own per test, so listings only see that test's subscriptions. */
const fresh = (): Request => inFreshProject(server);

const TYPES = "['http', 'https', 'mailto', 'trust+http', 'trust+https']";
const invalid = (description: string) => ({ title: 'Invalid API request', description });

describe('POST /v2/queues/{q}/subscriptions', () => {
  it('creates a subscription: 201, collection Location, the id; GET shows it unconfirmed', async () => {
    const req = fresh();
    const res = await req('POST', '/v2/queues/subq/subscriptions', {
      body: { subscriber: 'mailto:test@example.com', options: { from: 'Jack', subject: 'Hello' } },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v2/queues/subq/subscriptions');
    expect(res.body).toEqual({ subscription_id: expect.any(String) });
    const got = await req('GET', `/v2/queues/subq/subscriptions/${res.body.subscription_id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      id: res.body.subscription_id,
      source: 'subq',
      subscriber: 'mailto:test@example.com',
      ttl: 3600,
      age: expect.any(Number),
      options: { from: 'Jack', subject: 'Hello' },
      confirmed: false,
    });
  });

  it('creates the queue even when the body is then refused', async () => {
    const req = fresh();
    const res = await req('POST', '/v2/queues/lazyq/subscriptions');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid('Missing parameter subscriber in body.'));
    expect((await req('GET', '/v2/queues')).body.queues).toEqual([{ name: 'lazyq', href: '/v2/queues/lazyq' }]);
  });

  it.each([
    [{ subscriber: 'ftp://example.com' }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ subscriber: '' }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ subscriber: 'http://a', options: 'x' }, 'Options must be a dict.'],
    [{ subscriber: 'http://a', options: { _retry_policy: { retry_backoff_function: 'cubic' } } }, 'invalid retry_backoff_function.'],
    [{ subscriber: 'http://a', ttl: 'long' }, 'TTL must be an integer.'],
    [{ subscriber: 'http://a', ttl: 0 }, 'The TTL for a subscription must be at least 60 seconds long.'],
    [{ subscriber: 'http://a', ttl: 9000000000000 }, 'The TTL seconds for a subscription plus current time must be less than 9999-12-31 23:59:59.999999.'],
  ])('refuses %j with 400', async (body, description) => {
    const res = await fresh()('POST', '/v2/queues/q/subscriptions', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(description));
  });

  it('refuses an array body as a document type', async () => {
    const res = await fresh()('POST', '/v2/queues/q/subscriptions', { body: [{ subscriber: 'http://a' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ title: 'Invalid request body', description: 'Document type not supported.' });
  });

  it('answers 201 with the same id for an unconfirmed duplicate and 409 once confirmed', async () => {
    const req = fresh();
    const body = { subscriber: 'http://10.229.49.117:5679' };
    const first = await req('POST', '/v2/queues/dup/subscriptions', { body });
    const again = await req('POST', '/v2/queues/dup/subscriptions', { body });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const id = first.body.subscription_id;
    expect((await req('PUT', `/v2/queues/dup/subscriptions/${id}/confirm`, { body: { confirmed: true } })).status).toBe(204);
    const conflict = await req('POST', '/v2/queues/dup/subscriptions', { body });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('location')).toBe('/v2/queues/dup/subscriptions');
    expect(conflict.body).toEqual({
      title: 'Resource conflict',
      description: 'Such subscription already exists.Subscriptions are unique by project + queue + subscriber URI.',
    });
  });

  it('cannot create a trust subscription without Keystone (503)', async () => {
    const res = await fresh()('POST', '/v2/queues/q/subscriptions', { body: { subscriber: 'trust+http://example.com' } });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      title: 'Service temporarily unavailable',
      description: 'Subscription could not be created. Please try again in a few seconds.',
    });
  });
});

describe('GET /v2/queues/{q}/subscriptions', () => {
  it('pages through every subscription by following the next links', async () => {
    const req = fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await req('POST', '/v2/queues/pq/subscriptions', { body: { subscriber: `http://h${i}.example` } })).body.subscription_id);
    const seen: string[] = [];
    let href = '/v2/queues/pq/subscriptions?limit=2';
    for (;;) {
      const page = await req('GET', href);
      expect(page.status).toBe(200);
      if (page.body.subscriptions.length === 0) {
        expect(page.body.links).toEqual([]);
        break;
      }
      expect(page.body.subscriptions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.subscriptions.map((s: { id: string }) => s.id));
      const last = seen[seen.length - 1];
      expect(page.body.links).toEqual([{ rel: 'next', href: expect.stringMatching(/^\/v2\/queues\/pq\/subscriptions\?/) }]);
      href = page.body.links[0].href;
      expect(new URLSearchParams(href.split('?')[1]).get('marker')).toBe(last);
      expect(new URLSearchParams(href.split('?')[1]).get('limit')).toBe('2');
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen).toEqual([...seen].sort());
  });

  it('answers an empty page for a queue without subscriptions or that does not exist', async () => {
    const res = await fresh()('GET', '/v2/queues/none/subscriptions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ subscriptions: [], links: [] });
  });

  it('validates limit', async () => {
    const res = await fresh()('GET', '/v2/queues/q/subscriptions?limit=21');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid('Limit must be at least 1 and may not be greater than 20.'));
  });

  it('keeps projects apart', async () => {
    await fresh()('POST', '/v2/queues/shared/subscriptions', { body: { subscriber: 'http://a.example' } });
    expect((await fresh()('GET', '/v2/queues/shared/subscriptions')).body.subscriptions).toEqual([]);
  });
});

describe('one subscription: get, update, delete, confirm', () => {
  let req: Request;
  let id: string;
  let path: string;
  beforeEach(async () => {
    req = fresh();
    id = (await req('POST', '/v2/queues/one/subscriptions', { body: { subscriber: 'http://a.example', options: { a: 1 } } })).body.subscription_id;
    path = `/v2/queues/one/subscriptions/${id}`;
  });

  it('answers 404 for an unknown id', async () => {
    const res = await req('GET', '/v2/queues/one/subscriptions/00000000-0000-0000-0000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ title: 'Not found', description: 'Subscription 00000000-0000-0000-0000-000000000000 does not exist' });
  });

  it('updates subscriber, ttl and options (options replaced); 204 with Location', async () => {
    const res = await req('PATCH', path, { body: { subscriber: 'https://b.example', ttl: 120, options: { b: 2 } } });
    expect(res.status).toBe(204);
    expect(res.headers.get('location')).toBe(path);
    expect((await req('GET', path)).body).toMatchObject({ subscriber: 'https://b.example', ttl: 120, options: { b: 2 }, confirmed: false });
  });

  it('reports update problems with the reference texts', async () => {
    expect((await req('PATCH', path)).body).toEqual(invalid('No subscription to create.'));
    expect((await req('PATCH', path, { body: {} })).body).toEqual(invalid('No subscription to create.'));
    expect((await req('PATCH', path, { body: [1] })).body).toEqual(invalid('Subscriptions must be a dict.'));
    expect((await req('PATCH', path, { body: { ttl: 10 } })).body).toEqual(invalid('The TTL for a subscription must be at least 60 seconds long.'));
    const unknown = await req('PATCH', path, { body: { foo: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ title: 'Unable to update subscription', description: `Subscription ${id} could not be updated.` });
    const missing = await req('PATCH', '/v2/queues/one/subscriptions/nope', { body: { ttl: 100 } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ title: 'Not found', description: 'Subscription nope does not exist' });
  });

  it('refuses to move onto a subscriber the queue already has (409)', async () => {
    await req('POST', '/v2/queues/one/subscriptions', { body: { subscriber: 'http://taken.example' } });
    const res = await req('PATCH', path, { body: { subscriber: 'http://taken.example' } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      title: 'Resource conflict',
      description: 'Such subscription already exists. Subscriptions are unique by project + queue + subscriber URI.',
    });
  });

  it('deletes with 204, also when already gone', async () => {
    expect((await req('DELETE', path)).status).toBe(204);
    expect((await req('DELETE', path)).status).toBe(204);
    expect((await req('GET', path)).status).toBe(404);
  });

  it('confirms and unconfirms with PUT …/confirm (204 + Location); POST is 405', async () => {
    const confirmed = await req('PUT', `${path}/confirm`, { body: { confirmed: true } });
    expect(confirmed.status).toBe(204);
    expect(confirmed.headers.get('location')).toBe(`${path}/confirm`);
    expect((await req('GET', path)).body.confirmed).toBe(true);
    expect((await req('PUT', `${path}/confirm`, { body: { confirmed: false } })).status).toBe(204);
    expect((await req('GET', path)).body.confirmed).toBe(false);
    expect((await req('POST', `${path}/confirm`, { body: { confirmed: true } })).status).toBe(405);
  });

  it('refuses a confirmation that is not a boolean, and unknown ids', async () => {
    for (const body of [undefined, { confirmed: 'yes' }]) {
      const res = await req('PUT', `${path}/confirm`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid("The 'confirmed' should be boolean."));
    }
    const missing = await req('PUT', '/v2/queues/one/subscriptions/nope/confirm', { body: { confirmed: true } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ title: 'Not found', description: 'Subscription nope does not exist' });
  });
});
