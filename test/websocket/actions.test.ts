/**
 * Every websocket action's success and error answers,
 * in JSON text frames and in MessagePack binary frames.
 */
import { CLIENT_ID, OTHER_CLIENT_ID, WsClient, type WsResponse } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';

describe.each([
  ['JSON text', false],
  ['MessagePack binary', true],
])('websocket actions in %s frames', (_name, binary) => {
  let server: WsTestServer;
  let client: WsClient;
  let other: WsClient;
  const call = (action: string, body?: unknown, headers?: Record<string, unknown>): Promise<WsResponse> => client.request(action, body, { binary, headers });

  beforeAll(async () => {
    server = await startWsServer({ conf: { DEFAULT: { admin_mode: 'true' } } });
    client = await WsClient.connect(server.url, server.project);
    other = await WsClient.connect(server.url, server.project, OTHER_CLIENT_ID);
  });
  afterAll(async () => {
    await client.close();
    await other.close();
    await server.close();
  });

  it('answers in the frame type of the request, echoing the request', async () => {
    const res = await call('queue_list', { limit: 2 });
    expect(res.binary).toBe(binary);
    expect(res.request).toEqual({ action: 'queue_list', body: { limit: 2 }, headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': server.project }, api: 'v2' });
    expect(res.headers).toEqual({ status: 200 });
  });

  describe('queues', () => {
    it('creates (201, then 204 with metadata untouched), gets raw metadata, lists, deletes', async () => {
      const created = await call('queue_create', { queue_name: 'q1', metadata: { description: 'first' } });
      expect([created.headers.status, created.body]).toEqual([201, 'Queue q1 created.']);
      const again = await call('queue_create', { queue_name: 'q1', metadata: { description: 'second' } });
      expect([again.headers.status, again.body]).toEqual([204, 'Queue q1 created.']);
      expect((await call('queue_get', { queue_name: 'q1' })).body).toEqual({ description: 'first' });
      expect((await call('queue_get', { queue_name: 'missing' })).body).toEqual({});
      await call('queue_create', { queue_name: 'q2' });
      expect((await call('queue_list', {})).body).toEqual({ queues: [{ name: 'q1' }, { name: 'q2' }] });
      expect((await call('queue_list', { limit: 1, marker: 'q1', detailed: true })).body).toEqual({ queues: [{ name: 'q2', metadata: {} }] });
      const deleted = await call('queue_delete', { queue_name: 'q2' });
      expect([deleted.headers.status, deleted.body]).toEqual([204, 'Queue q2 removed.']);
      expect((await call('queue_delete', { queue_name: 'never' })).headers.status).toBe(204);
    });

    it('refuses bad names, limits and metadata with the validator texts', async () => {
      expect((await call('queue_create', { queue_name: 'bad name' })).body).toEqual({
        exception: 'Queue names may only contain ASCII letters, digits, underscores, and dashes.',
        error: null,
      });
      expect((await call('queue_create', { queue_name: 'x'.repeat(65) })).body.exception).toBe('Queue names may not be more than 64 characters long.');
      expect((await call('queue_list', { limit: 0 })).body).toEqual({ exception: 'Limit must be at least 1 and no greater than 20.', error: null });
      const ttl = await call('queue_create', { queue_name: 'q3', metadata: { _default_message_ttl: 'x' } });
      expect([ttl.headers.status, ttl.body.exception]).toEqual([400, '_default_message_ttl must be integer.']);
      const big = await call('queue_create', { queue_name: 'q3', metadata: { blob: 'x'.repeat(70000) } });
      expect([big.headers.status, big.body.exception]).toEqual([400, 'Queue metadata is too large. Max size: 65536']);
    });

    it('reports stats (404 with zero counts for a missing queue) and purges', async () => {
      expect(await call('queue_get_stats', { queue_name: 'nostats' })).toMatchObject({
        headers: { status: 404 },
        body: { messages: { claimed: 0, free: 0, total: 0 } },
      });
      await call('message_post', { queue_name: 'st', messages: [{ body: 1 }, { body: 2 }] });
      const stats = (await call('queue_get_stats', { queue_name: 'st' })).body.messages;
      expect(stats).toMatchObject({ claimed: 0, free: 2, total: 2, oldest: { id: expect.any(String), age: expect.any(Number) } });
      expect(stats.newest.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const purged = await call('queue_purge', { queue_name: 'st', resource_types: ['messages', 'unknown'] });
      expect([purged.headers.status, purged.body]).toEqual([204, {}]);
      expect((await call('queue_get_stats', { queue_name: 'st' })).body.messages.total).toBe(0);
    });
  });

  describe('messages', () => {
    it('posts, lists (echo, marker), gets one and many', async () => {
      const posted = await call('message_post', { queue_name: 'm1', messages: [{ body: { event: 'A' }, ttl: 300 }, { body: 'plain' }] });
      expect(posted.headers.status).toBe(201);
      const ids: string[] = posted.body.message_ids;
      expect(ids).toHaveLength(2);
      expect((await call('message_list', { queue_name: 'm1' })).body).toEqual({ messages: [] });
      const listed = (await call('message_list', { queue_name: 'm1', echo: true, limit: 1 })).body;
      expect(listed.messages).toEqual([{ id: ids[0], claim_id: null, ttl: 300, age: expect.any(Number), body: { event: 'A' } }]);
      const next = (await call('message_list', { queue_name: 'm1', echo: true, marker: listed.marker })).body;
      expect(next.messages.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
      expect((await other.request('message_list', { queue_name: 'm1' }, { binary })).body.messages).toHaveLength(2);
      const one = await call('message_get', { queue_name: 'm1', message_id: ids[1] });
      expect(one.body).toEqual({ messages: { id: ids[1], claim_id: null, ttl: 3600, age: expect.any(Number), body: 'plain' } });
      const many = await call('message_get_many', { queue_name: 'm1', message_ids: [ids[0], 'nosuch'] });
      expect(many.body.messages.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
      expect((await call('message_get_many', { queue_name: 'nosuchqueue', message_ids: [ids[0]] })).body).toEqual({ messages: [] });
    });

    it('refuses bad posts with the reference texts', async () => {
      expect((await call('message_post', { queue_name: 'm2', messages: [{ ttl: 300 }] })).body).toEqual({
        exception: 'Bad request. Missing "body" field.',
        error: null,
      });
      expect((await call('message_post', { queue_name: 'm2', messages: [{ body: 1, ttl: '60' }] })).body.exception).toBe(
        'Bad request. The value of the "ttl" field must be a int.',
      );
      expect((await call('message_post', { queue_name: 'm2', messages: [] })).body.exception).toBe('No messages to enqueu.');
      expect((await call('message_post', { queue_name: 'm2', messages: [{ body: 1, ttl: 10 }] })).body.exception).toBe(
        'The TTL for a message may not exceed 1209600 seconds, and must be at least 60 seconds long.',
      );
      expect((await call('message_post', { queue_name: 'm2', messages: [{ body: 'x'.repeat(262200) }] })).body.exception).toBe(
        'Message collection size is too large. Max size 262144',
      );
      const badClient = { 'Client-ID': 'not-a-uuid', 'X-Project-ID': server.project };
      expect((await call('message_post', { queue_name: 'm2', messages: [{ body: 1 }] }, badClient)).body).toEqual({
        exception: 'badly formed hexadecimal UUID string',
        error: null,
      });
      expect((await call('message_list', { queue_name: 'm2' }, badClient)).headers.status).toBe(400);
      expect((await call('message_list', { queue_name: 'm2', limit: 21 })).body.exception).toBe('Limit must be at least 1 and may not be greater than 20.');
    });

    it('answers 404 for a listing of a missing queue', async () => {
      const res = await call('message_list', { queue_name: 'nosuchq' });
      expect([res.headers.status, res.body]).toEqual([404, { exception: `Queue nosuchq does not exist for project ${server.project}`, error: null }]);
    });

    it('answers 404 with the store text for a missing message', async () => {
      await call('queue_create', { queue_name: 'm3' });
      const res = await call('message_get', { queue_name: 'm3', message_id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
      expect(res.headers.status).toBe(404);
      expect(res.body).toEqual({ exception: expect.stringContaining('does not exist'), error: null });
    });

    it('deletes per the claim rules, by ids and by pop', async () => {
      const ids: string[] = (await call('message_post', { queue_name: 'm4', messages: [{ body: 1 }, { body: 2 }, { body: 3 }, { body: 4 }] })).body.message_ids;
      const claim = (await call('claim_create', { queue_name: 'm4', limit: 1 })).body;
      const claimed = await call('message_delete', { queue_name: 'm4', message_id: ids[0] });
      expect(claimed.headers.status).toBe(403);
      expect(claimed.body).toEqual({
        exception: expect.stringContaining(ids[0]),
        error: 'This message is claimed; it cannot be deleted without a valid claim ID.',
      });
      const notClaimed = await call('message_delete', { queue_name: 'm4', message_id: ids[1], claim_id: claim.claim_id });
      expect([notClaimed.headers.status, notClaimed.body.error]).toEqual([400, 'A claim was specified, but the message is not currently claimed.']);
      const malformed = await call('message_delete', { queue_name: 'm4', message_id: ids[1], claim_id: 'not-a-uuid' });
      expect([malformed.headers.status, malformed.body.error]).toEqual([400, 'The specified claim does not exist or has expired.']);
      expect(await call('message_delete', { queue_name: 'm4', message_id: ids[0], claim_id: claim.claim_id })).toMatchObject({
        headers: { status: 204 },
        body: {},
      });
      expect(await call('message_delete_many', { queue_name: 'm4', message_ids: [ids[1]] })).toMatchObject({ headers: { status: 204 }, body: {} });
      const popped = await call('message_delete_many', { queue_name: 'm4', pop: 1 });
      expect(popped.headers.status).toBe(200);
      expect(popped.body.messages).toEqual([{ id: ids[2], age: expect.any(Number), ttl: 3600, body: 3, claim_id: null, claim_count: 0 }]);
      expect((await call('message_delete_many', { queue_name: 'm4' })).body.exception).toBe(
        'The request should have either "ids" or "pop" parameter in the request, to be able to delete.',
      );
      expect((await call('message_delete_many', { queue_name: 'm4', pop: 1, message_ids: [ids[3]] })).body.exception).toBe(
        'pop and id params cannot be present together in the delete request.',
      );
      expect((await call('message_delete_many', { queue_name: 'm4', pop: 50 })).body.exception).toBe(
        'Pop value must be at least 1 and may not be greater than 20.',
      );
    });
  });

  describe('claims', () => {
    it('creates (201, then 204 when empty), gets, updates and deletes', async () => {
      const ids: string[] = (await call('message_post', { queue_name: 'c1', messages: [{ body: 'a' }] })).body.message_ids;
      const created = await call('claim_create', { queue_name: 'c1', ttl: 60, grace: 60 });
      expect(created.headers.status).toBe(201);
      const cid: string = created.body.claim_id;
      expect(created.body.messages).toEqual([{ id: ids[0], claim_id: cid, ttl: expect.any(Number), age: expect.any(Number), body: 'a' }]);
      expect(await call('claim_create', { queue_name: 'c1' })).toMatchObject({ headers: { status: 204 }, body: { claim_id: null } });
      const got = await call('claim_get', { queue_name: 'c1', claim_id: cid });
      expect(got.body).toEqual({ age: expect.any(Number), ttl: 60, messages: [expect.objectContaining({ id: ids[0], claim_id: cid })] });
      expect((await call('message_list', { queue_name: 'c1', echo: true, include_claimed: true })).body.messages[0].claim_id).toBe(cid);
      expect(await call('claim_update', { queue_name: 'c1', claim_id: cid, ttl: 120 })).toMatchObject({
        headers: { status: 204 },
        body: `Claim ${cid} updated.`,
      });
      expect((await call('claim_get', { queue_name: 'c1', claim_id: cid })).body.ttl).toBe(120);
      expect(await call('claim_delete', { queue_name: 'c1', claim_id: cid })).toMatchObject({ headers: { status: 204 }, body: `Claim ${cid} deleted.` });
      const gone = await call('claim_get', { queue_name: 'c1', claim_id: cid });
      expect(gone.headers.status).toBe(404);
      expect(gone.body).toEqual({ exception: expect.stringContaining(cid), error: `Claim ${cid} does not exist.` });
      expect((await call('claim_update', { queue_name: 'c1', claim_id: cid })).body.error).toBe(`Claim ${cid} does not exist.`);
    });

    it('refuses out-of-range ttl, grace and limit', async () => {
      expect((await call('claim_create', { queue_name: 'c2', ttl: 10 })).body.exception).toBe(
        'The TTL for a claim may not exceed 43200 seconds, and must be at least 60 seconds long.',
      );
      expect((await call('claim_create', { queue_name: 'c2', grace: 10 })).body.exception).toBe(
        'The grace for a claim may not exceed 43200 seconds, and must be at least 60 seconds long.',
      );
      expect((await call('claim_create', { queue_name: 'c2', limit: 21 })).body.exception).toBe('Limit must be at least 1 and may not be greater than 20.');
      // Unlike HTTP (a bool is a Python int there), the action schema's JSON-Schema "integer" refuses a boolean first.
      expect(await call('claim_create', { queue_name: 'c2', ttl: true })).toMatchObject({
        headers: { status: 400 },
        body: { error: 'Schema validation failed.' },
      });
    });

    it('moves to a dead-letter queue without creating it: its listing is 404 until the queue is created', async () => {
      await call('queue_create', { queue_name: 'c3', metadata: { _max_claim_count: 0, _dead_letter_queue: 'c3dlq' } });
      const ids: string[] = (await call('message_post', { queue_name: 'c3', messages: [{ body: 'poison' }] })).body.message_ids;
      expect(await call('claim_create', { queue_name: 'c3' })).toMatchObject({ headers: { status: 204 }, body: { claim_id: null } });
      expect((await call('message_list', { queue_name: 'c3dlq', echo: true })).headers.status).toBe(404);
      await call('queue_create', { queue_name: 'c3dlq' });
      expect((await call('message_list', { queue_name: 'c3dlq', echo: true })).body.messages.map((m: { id: string }) => m.id)).toEqual(ids);
    });
  });

  describe('subscriptions', () => {
    it('creates (409 on a duplicate), lists, gets and deletes a webhook subscription', async () => {
      const created = await call('subscription_create', { queue_name: 's1', subscriber: 'http://example.test/hook', ttl: 600, options: { a: 1 } });
      expect(created.headers.status).toBe(201);
      const sid: string = created.body.subscription_id;
      expect(created.body.message).toBe('Subscription s1 created.');
      expect(await call('subscription_create', { queue_name: 's1', subscriber: 'http://example.test/hook' })).toMatchObject({
        headers: { status: 409 },
        body: 'Subscription s1 not created.',
      });
      const expected = {
        id: sid,
        source: 's1',
        subscriber: 'http://example.test/hook',
        ttl: 600,
        age: expect.any(Number),
        options: { a: 1 },
        confirmed: false,
      };
      expect((await call('subscription_list', { queue_name: 's1' })).body).toEqual({ subscriptions: [expected] });
      expect((await call('subscription_get', { queue_name: 's1', subscription_id: sid })).body).toEqual(expected);
      expect(await call('subscription_delete', { queue_name: 's1', subscription_id: sid })).toMatchObject({
        headers: { status: 204 },
        body: `Subscription ${sid} removed.`,
      });
      const gone = await call('subscription_get', { queue_name: 's1', subscription_id: sid });
      expect(gone.headers.status).toBe(404);
      expect(gone.body.error).toBe(`Subscription ${sid} for queue s1 does not exist.`);
    });

    it('refuses bad subscribers, options and ttl', async () => {
      expect((await call('subscription_create', { queue_name: 's2', subscriber: 'ftp://x' })).body.exception).toBe(
        "The subscriber type of subscription must be supported in the list ['http', 'https', 'mailto', 'trust+http', 'trust+https'].",
      );
      expect((await call('subscription_create', { queue_name: 's2', subscriber: 'http://x', ttl: 10 })).body.exception).toBe(
        'The TTL for a subscription must be at least 60 seconds long.',
      );
      expect((await call('subscription_list', { queue_name: 's2', limit: 30 })).body.exception).toBe(
        'Limit must be at least 1 and may not be greater than 20.',
      );
    });
  });

  describe('base actions', () => {
    it('serves the home document, ping and (admin_mode) health', async () => {
      expect((await call('get_home_doc', undefined, {})).body.resources['rel/queues']).toBeDefined();
      expect(await call('ping_node', undefined, {})).toMatchObject({ headers: { status: 204 }, body: {} });
      expect((await call('check_node_health', undefined, {})).headers.status).toBe(200);
    });

    it('answers authenticate without an auth strategy, without echoing the token', async () => {
      const res = await call('authenticate', undefined, { 'X-Project-ID': server.project, 'X-Auth-Token': 'secret-token' });
      expect(res.request).toEqual({ action: 'authenticate', body: {}, headers: {}, api: 'v2' });
      expect([res.headers.status, res.body]).toEqual([200, { message: 'Authentified.' }]);
    });

    it('answers 404 for pool and flavor actions without pooling (test/pooling/pooling-surfaces.test.ts serves them)', async () => {
      expect(await call('pool_list', { pool_name: 'p' })).toMatchObject({
        headers: { status: 404 },
        body: { error: 'pool_list is only available with [DEFAULT] admin_mode and pooling.' },
      });
      expect(await call('flavor_get', { flavor_name: 'f' })).toMatchObject({
        headers: { status: 404 },
        body: { error: 'flavor_get is only available with [DEFAULT] admin_mode and pooling.' },
      });
    });
  });
});
