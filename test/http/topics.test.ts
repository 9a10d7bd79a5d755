/** `/v2/topics…` over HTTP (http-api-v2 §11): the topic resource, its messages and subscriptions, apart from queues. */
import { inFreshProject, type ProjectRequest as Request, startServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const fresh = (): Request => inFreshProject(server);

describe('/v2/topics/{name}', () => {
  it('PUT creates (201, Location), again 204; GET shows metadata with the three topic defaults; DELETE removes it', async () => {
    const req = fresh();
    const created = await req('PUT', '/v2/topics/t1', { body: { description: 'news' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v2/topics/t1');
    expect((await req('PUT', '/v2/topics/t1', { body: {} })).status).toBe(204);
    const got = await req('GET', '/v2/topics/t1');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ description: 'news', _max_messages_post_size: 262144, _default_message_ttl: 3600, _default_message_delay: 0 });
    expect((await req('GET', '/v2/queues')).body.queues).toEqual([]); // topics are not queues
    expect((await req('DELETE', '/v2/topics/t1')).status).toBe(204);
    expect((await req('GET', '/v2/topics')).body.topics).toEqual([]);
  });

  it('lists topics with hrefs under /v2/topics and a next link', async () => {
    const req = fresh();
    for (const name of ['a', 'b']) await req('PUT', `/v2/topics/${name}`);
    const listed = await req('GET', '/v2/topics?limit=1');
    expect(listed.status).toBe(200);
    expect(listed.body.topics).toEqual([{ name: 'a', href: '/v2/topics/a' }]);
    expect(listed.body.links[0].href).toMatch(/^\/v2\/topics\?/);
    expect(listed.body.queues).toBeUndefined();
  });

  it('PATCH applies a JSON patch', async () => {
    const req = fresh();
    await req('PUT', '/v2/topics/pt', { body: { a: 1 } });
    const patched = await req('PATCH', '/v2/topics/pt', {
      body: [{ op: 'replace', path: '/metadata/a', value: 2 }],
      headers: { 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ a: 2 });
  });

  it('an invalid name is refused with the topic texts', async () => {
    const res = await fresh()('PUT', '/v2/topics/bad%20name');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ title: 'Invalid topic identification', description: 'The format of the submitted topic name or project id is not valid.' });
  });
});

describe('topic messages, stats, purge and subscriptions', () => {
  it('messages posted to a topic are read back under /v2/topics hrefs, counted in stats (total only), and purged', async () => {
    const req = fresh();
    await req('PUT', '/v2/topics/news');
    const posted = await req('POST', '/v2/topics/news/messages', { body: { messages: [{ ttl: 300, body: { href: '/v2/queues/kept' } }, { body: 2 }] } });
    expect(posted.status).toBe(201);
    expect(posted.body.resources).toHaveLength(2);
    expect(posted.body.resources[0]).toMatch(/^\/v2\/topics\/news\/messages\//);
    const one = await req('GET', posted.body.resources[0]);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ body: { href: '/v2/queues/kept' }, href: posted.body.resources[0] }); // client data untouched

    const queueSide = await req('GET', '/v2/queues/news/messages?echo=true');
    expect(queueSide.body?.messages ?? []).toEqual([]); // a queue of the same name sees none of them

    const stats = await req('GET', '/v2/topics/news/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.messages.total).toBe(2);
    expect(stats.body.messages.claimed).toBeUndefined();
    expect(stats.body.messages.oldest.href).toMatch(/^\/v2\/topics\/news\/messages\//);

    expect((await req('POST', '/v2/topics/news/purge', { body: { resource_types: ['messages'] } })).status).toBe(204);
    expect((await req('GET', '/v2/topics/news/stats')).body).toEqual({ messages: { claimed: 0, free: 0, total: 0 } });
  });

  it('a missing topic has zero stats', async () => {
    expect((await fresh()('GET', '/v2/topics/none/stats')).body).toEqual({ messages: { claimed: 0, free: 0, total: 0 } });
  });

  it('subscriptions of a topic: create, list, get (source is the topic name), confirm, delete', async () => {
    const req = fresh();
    const created = await req('POST', '/v2/topics/alerts/subscriptions', { body: { subscriber: 'http://127.0.0.1:9/hook', ttl: 3600 } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v2/topics/alerts/subscriptions');
    const id = created.body.subscription_id;
    const got = await req('GET', `/v2/topics/alerts/subscriptions/${id}`);
    expect(got.body).toMatchObject({ id, source: 'alerts', subscriber: 'http://127.0.0.1:9/hook', confirmed: false });
    const listed = await req('GET', '/v2/topics/alerts/subscriptions');
    expect(listed.body.subscriptions.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(listed.body.links[0].href).toMatch(/^\/v2\/topics\/alerts\/subscriptions\?/);
    expect((await req('GET', '/v2/queues/alerts/subscriptions')).body.subscriptions).toEqual([]);
    expect((await req('PUT', `/v2/topics/alerts/subscriptions/${id}/confirm`, { body: { confirmed: true } })).status).toBe(204);
    expect((await req('GET', `/v2/topics/alerts/subscriptions/${id}`)).body.confirmed).toBe(true);
    expect((await req('DELETE', `/v2/topics/alerts/subscriptions/${id}`)).status).toBe(204);
    expect((await req('GET', `/v2/topics/alerts/subscriptions/${id}`)).status).toBe(404);
  });

  it('policy: topic rules guard the topic resource', async () => {
    const denied = await startServer({ authorize: (rule) => rule !== 'topics:create' });
    try {
      expect((await denied.request('PUT', '/v2/topics/x')).status).toBe(403);
      expect((await denied.request('PUT', '/v2/queues/x')).status).toBe(201);
    } finally {
      await denied.close();
    }
  });
});
