/** Messages over HTTP: post, list, get by ids, delete by ids, pop, get one, delete one, checksums, encryption. */
import { bodyChecksum } from '@zaqarjs/core/api';
import { inFreshProject, OTHER_CLIENT_ID, type ProjectRequest as Req, startServer, type TestServer } from '../support/server';
import { selectedStore } from '../support/stores';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** A requester bound to a project of its own. */
const fresh = (on: TestServer = server): Req => inFreshProject(on);

const api = (description: string) => ({ title: 'Invalid API request', description });
const invalidBody = (description: string) => ({ title: 'Invalid request body', description });
const idOf = (href: string) => href.split('/').pop()!.split('?')[0];

async function post(req: Req, queue: string, bodies: unknown[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const res = await req('POST', `/v2/queues/${queue}/messages`, { body: { messages: bodies.map((body) => ({ body, ...extra })) } });
  expect(res.status).toBe(201);
  return (res.body.resources as string[]).map(idOf);
}

async function listIds(req: Req, path: string): Promise<string[]> {
  return ((await req('GET', path)).body.messages as { id: string }[]).map((m) => m.id);
}

describe('POST /v2/queues/{q}/messages', () => {
  it('stores a batch in request order: 201, Location with the ids, resources', async () => {
    const req = fresh();
    const res = await req('POST', '/v2/queues/statq/messages', { body: { messages: [{ body: { a: 1 }, ttl: 300 }, { body: 'two' }] } });
    expect(res.status).toBe(201);
    const ids = (res.body.resources as string[]).map(idOf);
    expect(res.body).toEqual({ resources: ids.map((id) => `/v2/queues/statq/messages/${id}`) });
    expect(res.headers.get('location')).toBe(`/v2/queues/statq/messages?ids=${ids.join(',')}`);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const listed = await req('GET', '/v2/queues/statq/messages?echo=true');
    expect(listed.body.messages).toEqual([
      { id: ids[0], href: `/v2/queues/statq/messages/${ids[0]}`, ttl: 300, age: expect.any(Number), body: { a: 1 } },
      { id: ids[1], href: `/v2/queues/statq/messages/${ids[1]}`, ttl: 3600, age: expect.any(Number), body: 'two' },
    ]);
  });

  it('creates the queue lazily, even when the post is then rejected', async () => {
    const req = fresh();
    expect((await req('POST', '/v2/queues/lazy/messages', { body: { messages: [] } })).body).toEqual(api('No messages to enqueu.'));
    expect((await req('GET', '/v2/queues')).body.queues).toEqual([{ name: 'lazy', href: '/v2/queues/lazy' }]);
  });

  it('accepts any JSON body, null included, and many messages per request; unknown fields are dropped', async () => {
    const req = fresh();
    const bodies = [null, 0, false, [1, 'a'], 'é😀', { nested: { deep: [null] } }, ...Array.from({ length: 25 }, (_, i) => i)];
    const ids = await post(req, 'any', bodies, { extra: 'dropped' });
    expect(ids).toHaveLength(bodies.length);
    const got = await req('GET', `/v2/queues/any/messages/${ids[5]}`);
    expect(got.body).toEqual({ id: ids[5], href: `/v2/queues/any/messages/${ids[5]}`, ttl: 3600, age: expect.any(Number), body: { nested: { deep: [null] } } });
    expect((await req('GET', `/v2/queues/any/messages/${ids[0]}`)).body.body).toBeNull();
  });

  it('uses the queue _default_message_ttl when a message has no ttl', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/ttlq', { body: { _default_message_ttl: 120 } });
    const [id] = await post(req, 'ttlq', ['x']);
    expect((await req('GET', `/v2/queues/ttlq/messages/${id}`)).body.ttl).toBe(120);
  });

  it.each([
    // fetch sends `Content-Length: 0` without a body (no Content-Length at all: empty-bodies.test.ts).
    [undefined, invalidBody('Request body could not be parsed.')],
    ['{"messages": [', invalidBody('Request body could not be parsed.')],
    [{ msgs: [] }, api('No messages were found in the request body.')],
    [[{ body: 1 }], api('No messages were found in the request body.')],
    [{ messages: { body: 1 } }, invalidBody('Document type not supported.')],
    [{ messages: [1] }, invalidBody('Document type not supported.')],
    [{ messages: [{ ttl: 300 }] }, invalidBody('Missing "body" field.')],
    [{ messages: [{ body: 1, ttl: '300' }] }, invalidBody('The value of the "ttl" field must be a int.')],
    [{ messages: [{ ttl: 'x' }] }, invalidBody('The value of the "ttl" field must be a int.')],
    [{ messages: [] }, api('No messages to enqueu.')],
    [{ messages: [{ body: 1 }, { body: 2, ttl: 59 }] }, api('The TTL for a message may not exceed 1209600 seconds, and must be at least 60 seconds long.')],
    [{ messages: [{ body: 1, ttl: 1209601 }] }, api('The TTL for a message may not exceed 1209600 seconds, and must be at least 60 seconds long.')],
    // A bool is an int to the reference's type check (Python), so true is the TTL 1.
    [{ messages: [{ body: 1, ttl: true }] }, api('The TTL for a message may not exceed 1209600 seconds, and must be at least 60 seconds long.')],
  ])('refuses %j, storing nothing', async (body, error) => {
    const req = fresh();
    const res = await req('POST', '/v2/queues/badpost/messages', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(error);
    expect((await req('GET', '/v2/queues/badpost/stats')).body.messages.total).toBe(0);
  });

  it('refuses a body over max_messages_post_size (measured in raw bytes) and stores nothing', async () => {
    const req = fresh();
    const body = `{"messages": [{"body": "${'x'.repeat(262144)}"}]}`;
    const res = await req('POST', '/v2/queues/big/messages', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(api('Message collection size is too large. Max size 262144'));
    const padded = `{"messages": [{"body": 1}]}${' '.repeat(262144)}`;
    expect((await req('POST', '/v2/queues/big/messages', { body: padded })).status).toBe(400);
    expect((await req('GET', '/v2/queues/big/stats')).body.messages.total).toBe(0);
  });

  it('refuses a very large body without reading it all, and keeps serving', async () => {
    const req = fresh();
    const res = await req('POST', '/v2/queues/huge/messages', { body: Buffer.alloc(8 * 1024 * 1024, 0x20) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(api('Message collection size is too large. Max size 262144'));
    expect((await req('GET', '/v2/queues/huge/stats')).body.messages.total).toBe(0);
  });

  it('counts the bytes of a chunked body without Content-Length', async () => {
    const req = fresh();
    const chunk = Buffer.from(`{"messages": [{"body": "${'y'.repeat(300000)}"}]}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < chunk.length; at += 65536) controller.enqueue(chunk.subarray(at, at + 65536));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/v2/queues/chunked/messages`, {
      method: 'POST',
      headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': req.project },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(api('Message collection size is too large. Max size 262144'));
    expect((await req('GET', '/v2/queues/chunked/stats')).body.messages.total).toBe(0);
  });

  it('applies the queue _max_messages_post_size with its longer text', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/small', { body: { _max_messages_post_size: 100 } });
    const res = await req('POST', '/v2/queues/small/messages', { body: { messages: [{ body: 'z'.repeat(100) }] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      api(
        'Message collection size is too large. The max size for current queue is 100. It is calculated by max size = min(max_messages_post_size_config: 262144, max_messages_post_size_queue: 100).',
      ),
    );
  });

  it('counts _max_messages_post_size: true as 1 and prints it as Python does (True)', async () => {
    const req = fresh();
    expect((await req('PUT', '/v2/queues/tiny', { body: { _max_messages_post_size: true } })).status).toBe(201);
    const res = await req('POST', '/v2/queues/tiny/messages', { body: { messages: [{ body: 1 }] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      api(
        'Message collection size is too large. The max size for current queue is True. It is calculated by max size = min(max_messages_post_size_config: 262144, max_messages_post_size_queue: True).',
      ),
    );
    expect((await req('PUT', '/v2/queues/zero', { body: { _max_messages_post_size: false } })).body).toEqual(
      api('_max_messages_post_size can not exceed 262144,  and must be at least greater than 0.'),
    );
  });

  it('ignores per-message delay on a normal queue, even an out-of-range one', async () => {
    const req = fresh();
    const [id] = await post(req, 'normal', ['now'], { delay: 901 });
    expect(await listIds(req, '/v2/queues/normal/messages?echo=true')).toEqual([id]);
  });

  describe('delayed queues', () => {
    it('gives messages the queue delay unless they set their own, hiding them until it ends', async () => {
      const req = fresh();
      await req('PUT', '/v2/queues/later', { body: { _default_message_delay: 600 } });
      const [delayed] = await post(req, 'later', ['delayed']);
      const [immediate] = await post(req, 'later', ['immediate'], { delay: 0 });
      expect(await listIds(req, '/v2/queues/later/messages?echo=true')).toEqual([immediate]);
      expect(await listIds(req, '/v2/queues/later/messages?echo=true&include_delayed=true')).toEqual([delayed, immediate]);
      expect((await req('GET', `/v2/queues/later/messages/${delayed}`)).status).toBe(200);
      const claim = await req('POST', '/v2/queues/later/claims');
      expect(claim.body.messages.map((m: { id: string }) => m.id)).toEqual([immediate]);
      expect((await req('POST', '/v2/queues/later/claims')).status).toBe(204);
    });

    it('validates per-message delays there', async () => {
      const req = fresh();
      await req('PUT', '/v2/queues/later', { body: { _default_message_delay: 60 } });
      expect((await req('POST', '/v2/queues/later/messages', { body: { messages: [{ body: 1, delay: 'x' }] } })).body).toEqual(
        invalidBody('The value of the "delay" field must be a int.'),
      );
      expect((await req('POST', '/v2/queues/later/messages', { body: { messages: [{ body: 1, delay: 901 }] } })).body).toEqual(
        api('The Delay TTL for a message may not exceed 900 seconds,and must be at least 0 seconds long.'),
      );
    });

    it('does not force include_delayed into the next link', async () => {
      const req = fresh();
      await req('PUT', '/v2/queues/later', { body: { _default_message_delay: 60 } });
      await post(req, 'later', ['x'], { delay: 0 });
      const res = await req('GET', '/v2/queues/later/messages?echo=true');
      expect(res.body.links[0].href).toMatch(/^\/v2\/queues\/later\/messages\?echo=true&marker=[^&]+$/);
    });
  });
});

describe('GET /v2/queues/{q}/messages', () => {
  it('answers an empty page for a missing or empty queue', async () => {
    expect((await fresh()('GET', '/v2/queues/none/messages')).body).toEqual({ messages: [], links: [] });
  });

  it("hides the caller's own messages unless echo=true", async () => {
    const req = fresh();
    const [mine] = await post(req, 'echoq', ['mine']);
    const theirs = await req('POST', '/v2/queues/echoq/messages', { body: { messages: [{ body: 'theirs' }] }, headers: { 'Client-ID': OTHER_CLIENT_ID } });
    const theirId = idOf(theirs.body.resources[0]);
    expect(await listIds(req, '/v2/queues/echoq/messages')).toEqual([theirId]);
    expect(await listIds(req, '/v2/queues/echoq/messages?echo=true')).toEqual([mine, theirId]);
    expect(await listIds(req, '/v2/queues/echoq/messages?echo=false')).toEqual([theirId]);
  });

  it('pages 25 messages as 10, 10, 5 and an empty page, following next links', async () => {
    const req = fresh();
    const ids = await post(
      req,
      'manyq',
      Array.from({ length: 25 }, (_, i) => i),
    );
    const first = await req('GET', '/v2/queues/manyq/messages?echo=true&limit=3');
    expect(first.body.links).toEqual([
      { rel: 'next', href: expect.stringMatching(/^\/v2\/queues\/manyq\/messages\?limit=3&echo=true&include_delayed=true&marker=[^&]+$/) },
    ]);
    expect(first.body.messages.map((m: { body: number }) => m.body)).toEqual([0, 1, 2]);
    const seen: string[] = [];
    const sizes: number[] = [];
    let path = '/v2/queues/manyq/messages?echo=true&limit=10';
    for (;;) {
      const page = await req('GET', path);
      sizes.push(page.body.messages.length);
      if (page.body.messages.length === 0) {
        expect(page.body.links).toEqual([]);
        break;
      }
      seen.push(...page.body.messages.map((m: { id: string }) => m.id));
      path = page.body.links[0].href;
    }
    expect(sizes).toEqual([10, 10, 5, 0]);
    expect(seen).toEqual(ids);
  });

  it('answers an unknown marker with an empty page', async () => {
    const req = fresh();
    await post(req, 'mq', [1, 2]);
    expect((await req('GET', '/v2/queues/mq/messages?echo=true&marker=garbage')).body).toEqual({ messages: [], links: [] });
  });

  it('refuses limits outside 1..20 and bad booleans', async () => {
    const req = fresh();
    for (const limit of [0, 21]) {
      expect((await req('GET', `/v2/queues/mq/messages?limit=${limit}`)).body).toEqual(api('Limit must be at least 1 and may not be greater than 20.'));
    }
    expect((await req('GET', '/v2/queues/mq/messages?echo=perhaps')).body).toEqual({
      title: 'Invalid parameter',
      description: 'The "echo" parameter is invalid. The value of the parameter must be "true" or "false".',
    });
  });

  it('hides claimed messages unless include_claimed, which shows their claim in href', async () => {
    const req = fresh();
    const ids = await post(req, 'cq', [1, 2, 3]);
    const claim = await req('POST', '/v2/queues/cq/claims?limit=1');
    const claimId = idOf(claim.headers.get('location')!);
    expect(await listIds(req, '/v2/queues/cq/messages?echo=true')).toEqual(ids.slice(1));
    const all = await req('GET', '/v2/queues/cq/messages?echo=true&include_claimed=true');
    expect(all.body.messages.map((m: { href: string }) => m.href)).toEqual([
      `/v2/queues/cq/messages/${ids[0]}?claim_id=${claimId}`,
      `/v2/queues/cq/messages/${ids[1]}`,
      `/v2/queues/cq/messages/${ids[2]}`,
    ]);
  });
});

describe('GET /v2/queues/{q}/messages?ids=', () => {
  it('returns the listed messages that exist, whatever their state, skipping unknown ids', async () => {
    const req = fresh();
    const ids = await post(req, 'mq2', ['a', 'b', 'c']);
    await req('POST', '/v2/queues/mq2/claims?limit=1');
    const res = await req('GET', `/v2/queues/mq2/messages?ids=${ids[0]},zzz,${ids[2]}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['messages']);
    const found = res.body.messages as { id: string; href: string; body: string }[];
    expect(found.map((m) => m.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(found.find((m) => m.id === ids[0])!.href).toMatch(new RegExp(`^/v2/queues/mq2/messages/${ids[0]}\\?claim_id=`));
  });

  it('answers 404 with a Python list of the ids when none is found', async () => {
    const req = fresh();
    const res = await req('GET', '/v2/queues/mq2/messages?ids=nonexist1,nonexist2');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      title: 'Not found',
      description: `No messages with IDs: ['nonexist1', 'nonexist2'] found in the queue mq2 for project ${req.project}.`,
    });
  });

  it('scopes ids to the queue and project', async () => {
    const req = fresh();
    const [id] = await post(req, 'home', ['x']);
    expect((await req('GET', `/v2/queues/other/messages?ids=${id}`)).status).toBe(404);
    expect((await fresh()('GET', `/v2/queues/home/messages?ids=${id}`)).status).toBe(404);
    expect((await req('GET', `/v2/queues/other/messages/${id}`)).status).toBe(404);
  });

  it('refuses more than 20 ids and treats an empty ids as a listing', async () => {
    const req = fresh();
    const many = Array.from({ length: 21 }, (_, i) => `id${i}`).join(',');
    expect((await req('GET', `/v2/queues/q/messages?ids=${many}`)).body).toEqual(api('Limit must be at least 1 and may not be greater than 20.'));
    expect((await req('GET', '/v2/queues/q/messages?ids=')).body).toEqual({ messages: [], links: [] });
  });
});

describe('DELETE /v2/queues/{q}/messages', () => {
  it('deletes by ids, claimed messages too, ignoring unknown ids and missing queues', async () => {
    const req = fresh();
    const ids = await post(req, 'dq', [1, 2, 3]);
    await req('POST', '/v2/queues/dq/claims?limit=1');
    const res = await req('DELETE', `/v2/queues/dq/messages?ids=${ids[0]},${ids[1]},unknown`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await listIds(req, '/v2/queues/dq/messages?echo=true&include_claimed=true')).toEqual([ids[2]]);
    expect((await req('DELETE', '/v2/queues/ghost/messages?ids=a')).status).toBe(204);
  });

  it.each([
    ['', 'The request should have either "ids" or "pop" parameter in the request, to be able to delete.'],
    ['?pop=1&ids=a', 'pop and id params cannot be present together in the delete request.'],
    ['?pop=0', 'Pop value must be at least 1 and may not be greater than 20.'],
    ['?pop=21', 'Pop value must be at least 1 and may not be greater than 20.'],
    [`?ids=${Array.from({ length: 21 }, (_, i) => i).join(',')}`, 'ids parameter should have at least 1 and not greater than 20 values.'],
  ])('refuses the query %j', async (query, description) => {
    const res = await fresh()('DELETE', `/v2/queues/q/messages${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(api(description));
  });

  it('refuses a non-integer pop', async () => {
    expect((await fresh()('DELETE', '/v2/queues/q/messages?pop=two')).body).toEqual({
      title: 'Invalid parameter',
      description: 'The "pop" parameter is invalid. The value must be an integer.',
    });
  });

  it('pops the oldest free messages in pop form, skipping claimed ones', async () => {
    const req = fresh();
    const ids = await post(req, 'popq', [0, 1, 2, 3]);
    await req('POST', '/v2/queues/popq/claims?limit=1');
    const res = await req('DELETE', '/v2/queues/popq/messages?pop=2');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      messages: [
        { id: ids[1], age: expect.any(Number), ttl: 3600, body: 1, claim_id: null, claim_count: 0 },
        { id: ids[2], age: expect.any(Number), ttl: 3600, body: 2, claim_id: null, claim_count: 0 },
      ],
    });
    expect((await req('DELETE', '/v2/queues/popq/messages?pop=5')).body.messages.map((m: { id: string }) => m.id)).toEqual([ids[3]]);
    expect((await req('DELETE', '/v2/queues/popq/messages?pop=5')).body).toEqual({ messages: [] });
    expect((await req('DELETE', '/v2/queues/ghost/messages?pop=5')).body).toEqual({ messages: [] });
  });

  describe('with message_delete_with_claim_id = True', () => {
    let strict: TestServer;
    beforeAll(async () => {
      strict = await startServer({ conf: { transport: { message_delete_with_claim_id: 'True' } } });
    });
    afterAll(async () => {
      await strict.close();
    });

    it('needs both ids and claim_ids', async () => {
      const req = fresh(strict);
      const text = 'The request should have both "ids" and "claim_ids" parameter in the request when message_delete_with_claim_id is True.';
      expect((await req('DELETE', '/v2/queues/q/messages?ids=a')).body).toEqual(api(text));
      expect((await req('DELETE', '/v2/queues/q/messages?claim_ids=a&pop=1')).body).toEqual(api(text));
    });

    it('deletes when every message is held by a listed claim, else deletes nothing', async () => {
      const req = fresh(strict);
      const ids = await post(req, 'q', [1, 2, 3]);
      const claim = await req('POST', '/v2/queues/q/claims?limit=2');
      const claimId = idOf(claim.headers.get('location')!);
      const refused = await req('DELETE', `/v2/queues/q/messages?ids=${ids.join(',')}&claim_ids=${claimId}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ title: 'Unable to delete', description: 'A claim was specified, but the message is not currently claimed.' });
      expect((await req('GET', '/v2/queues/q/stats')).body.messages.total).toBe(3);
      expect((await req('DELETE', `/v2/queues/q/messages?ids=${ids[0]},${ids[1]}&claim_ids=${claimId}`)).status).toBe(204);
      expect((await req('GET', '/v2/queues/q/stats')).body.messages.total).toBe(1);
    });
  });
});

describe('GET /v2/queues/{q}/messages/{id}', () => {
  it('answers 404 naming the queue when it does not exist, else the message', async () => {
    const req = fresh();
    const missingQueue = await req('GET', '/v2/queues/noq/messages/abc');
    expect(missingQueue.status).toBe(404);
    expect(missingQueue.body).toEqual({ title: 'Not found', description: `Queue noq does not exist for project ${req.project}` });
    await req('PUT', '/v2/queues/mq2');
    const missing = await req('GET', '/v2/queues/mq2/messages/nonexist');
    expect(missing.body).toEqual({ title: 'Not found', description: `Message nonexist does not exist in queue mq2 for project ${req.project}` });
  });

  it('shows the live claim in href', async () => {
    const req = fresh();
    const [id] = await post(req, 'dq', [2]);
    const claim = await req('POST', '/v2/queues/dq/claims');
    const claimId = idOf(claim.headers.get('location')!);
    expect((await req('GET', `/v2/queues/dq/messages/${id}`)).body.href).toBe(`/v2/queues/dq/messages/${id}?claim_id=${claimId}`);
    await req('DELETE', `/v2/queues/dq/claims/${claimId}`);
    expect((await req('GET', `/v2/queues/dq/messages/${id}`)).body.href).toBe(`/v2/queues/dq/messages/${id}`);
  });
});

describe('DELETE /v2/queues/{q}/messages/{id}', () => {
  const claimedBy = 'This message is claimed; it cannot be deleted without a valid claim ID.';

  async function claimed(req: Req): Promise<{ ids: string[]; claimId: string }> {
    const ids = await post(req, 'q', ['a', 'b', 'c']);
    const claim = await req('POST', '/v2/queues/q/claims?limit=2');
    return { ids, claimId: idOf(claim.headers.get('location')!) };
  }

  it('answers 204 for a missing queue or message', async () => {
    const req = fresh();
    expect((await req('DELETE', '/v2/queues/ghost/messages/abc')).status).toBe(204);
    await post(req, 'q', ['x']);
    expect((await req('DELETE', '/v2/queues/q/messages/abc?claim_id=whatever')).status).toBe(204);
  });

  it('deletes a free message without claim_id', async () => {
    const req = fresh();
    const { ids } = await claimed(req);
    expect((await req('DELETE', `/v2/queues/q/messages/${ids[2]}`)).status).toBe(204);
    expect((await req('GET', `/v2/queues/q/messages/${ids[2]}`)).status).toBe(404);
  });

  it('refuses a claimed message without claim_id (403)', async () => {
    const req = fresh();
    const { ids } = await claimed(req);
    const res = await req('DELETE', `/v2/queues/q/messages/${ids[0]}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ title: 'Unable to delete', description: claimedBy });
    expect((await req('GET', `/v2/queues/q/messages/${ids[0]}`)).status).toBe(200);
  });

  it('refuses a claim_id on a free message, also after release (400)', async () => {
    const req = fresh();
    const { ids, claimId } = await claimed(req);
    const expected = { title: 'Unable to delete', description: 'A claim was specified, but the message is not currently claimed.' };
    expect((await req('DELETE', `/v2/queues/q/messages/${ids[2]}?claim_id=${claimId}`)).body).toEqual(expected);
    await req('DELETE', `/v2/queues/q/claims/${claimId}`);
    expect((await req('DELETE', `/v2/queues/q/messages/${ids[0]}?claim_id=${claimId}`)).body).toEqual(expected);
    expect((await req('GET', '/v2/queues/q/stats')).body.messages.total).toBe(3);
  });

  it('refuses a malformed claim_id on a free message with the unknown-claim text (400), the reference checking its form first', async () => {
    const req = fresh();
    const { ids } = await claimed(req);
    const res = await req('DELETE', `/v2/queues/q/messages/${ids[2]}?claim_id=not-a-uuid`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ title: 'Unable to delete', description: 'The specified claim does not exist or has expired.' });
    expect((await req('GET', `/v2/queues/q/messages/${ids[2]}`)).status).toBe(200);
    expect((await req('DELETE', '/v2/queues/q/messages/ffffffffffffffffffffffff?claim_id=not-a-uuid')).status).toBe(204);
  });

  it('refuses an unknown or malformed claim_id on a claimed message (400)', async () => {
    const req = fresh();
    const { ids } = await claimed(req);
    for (const claimId of ['not-a-claim', '5b3b1e4c-7777-4777-8777-999999999999']) {
      const res = await req('DELETE', `/v2/queues/q/messages/${ids[0]}?claim_id=${claimId}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ title: 'Unable to delete', description: 'The specified claim does not exist or has expired.' });
    }
  });

  it('refuses the id of another live claim (403)', async () => {
    const req = fresh();
    const { ids } = await claimed(req);
    const other = await req('POST', '/v2/queues/q/claims?limit=1');
    const otherId = idOf(other.headers.get('location')!);
    const res = await req('DELETE', `/v2/queues/q/messages/${ids[0]}?claim_id=${otherId}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ title: 'Unable to delete', description: claimedBy });
  });

  it('deletes with the holding claim id; the message leaves the claim', async () => {
    const req = fresh();
    const { ids, claimId } = await claimed(req);
    expect((await req('DELETE', `/v2/queues/q/messages/${ids[0]}?claim_id=${claimId}`)).status).toBe(204);
    const claim = await req('GET', `/v2/queues/q/claims/${claimId}`);
    expect(claim.body.messages.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
  });
});

describe('checksums', () => {
  let checked: TestServer;
  beforeAll(async () => {
    checked = await startServer({ conf: { DEFAULT: { enable_checksum: 'True' } } });
  });
  afterAll(async () => {
    await checked.close();
  });

  it('adds the reference MD5 checksum to every view, except for null bodies', async () => {
    const req = fresh(checked);
    const ids = await post(req, 'sum', [{ event: 'BackupStarted' }, 'x', { b: 'é', a: [1, 2.5, true] }, null]);
    const one = await req('GET', `/v2/queues/sum/messages/${ids[0]}`);
    expect(one.body.checksum).toBe('MD5:82eb2714b7c0237d373947c046cac78d');
    const listed = await req('GET', '/v2/queues/sum/messages?echo=true');
    expect(listed.body.messages.map((m: { checksum?: string }) => m.checksum)).toEqual([
      'MD5:82eb2714b7c0237d373947c046cac78d',
      'MD5:3fbf839fa0e778a20326ddc34f5cd588',
      'MD5:fb5fe2ae758d0225644416ed49809e04',
      undefined,
    ]);
    const popped = await req('DELETE', '/v2/queues/sum/messages?pop=1');
    expect(popped.body.messages[0].checksum).toBe('MD5:82eb2714b7c0237d373947c046cac78d');
  });

  it('has no checksum when disabled', async () => {
    const req = fresh();
    const [id] = await post(req, 'nosum', ['x']);
    expect((await req('GET', `/v2/queues/nosum/messages/${id}`)).body.checksum).toBeUndefined();
  });
});

describe('encrypted queues', () => {
  const SECRET_TEXT = 'PLAINTEXT-MARKER-7f3a9c';
  const SECRET_OBJECT = { card: 'PLAINTEXT-OBJECT-51e2d0', n: [1, 2] };
  let secure: TestServer;
  beforeAll(async () => {
    secure = await startServer({ conf: { transport: { message_encryption_key: 'a-real-key' }, DEFAULT: { enable_checksum: 'True' } } });
  });
  afterAll(async () => {
    await secure.close();
  });

  it('returns plaintext everywhere a body is shown: list, get, get by ids, claims and pop', async () => {
    const req = fresh(secure);
    await req('PUT', '/v2/queues/vault', { body: { _enable_encrypt_messages: true } });
    const ids = await post(req, 'vault', [SECRET_TEXT, SECRET_OBJECT, 'third']);
    const bodies = (res: { body: { messages: { body: unknown }[] } }) => res.body.messages.map((m) => m.body);
    expect(bodies(await req('GET', '/v2/queues/vault/messages?echo=true'))).toEqual([SECRET_TEXT, SECRET_OBJECT, 'third']);
    expect((await req('GET', `/v2/queues/vault/messages/${ids[1]}`)).body.body).toEqual(SECRET_OBJECT);
    expect(bodies(await req('GET', `/v2/queues/vault/messages?ids=${ids[0]}`))).toEqual([SECRET_TEXT]);
    const claim = await req('POST', '/v2/queues/vault/claims?limit=2');
    expect(bodies(claim)).toEqual([SECRET_TEXT, SECRET_OBJECT]);
    expect(bodies(await req('GET', claim.headers.get('location')!))).toEqual([SECRET_TEXT, SECRET_OBJECT]);
    expect(bodies(await req('DELETE', '/v2/queues/vault/messages?pop=1'))).toEqual(['third']);
  });

  it('stores only ciphertext, and checksums it', async () => {
    const req = fresh(secure);
    await req('PUT', '/v2/queues/vault', { body: { _enable_encrypt_messages: true } });
    const [id] = await post(req, 'vault', [SECRET_TEXT]);
    const shown = await req('GET', `/v2/queues/vault/messages/${id}`);
    const stored = await secure.stores.data.messages.get(req.project, 'vault', id);
    expect(typeof stored.body).toBe('string');
    expect(JSON.stringify(stored.body)).not.toContain(SECRET_TEXT);
    expect(shown.body.body).toBe(SECRET_TEXT);
    expect(shown.body.checksum).toBe(bodyChecksum(stored.body));
  });

  it(`keeps the plaintext out of the stored data (${selectedStore()})`, async () => {
    const req = fresh(secure);
    await req('PUT', '/v2/queues/vault', { body: { _enable_encrypt_messages: true } });
    await post(req, 'vault', [SECRET_TEXT, SECRET_OBJECT]);
    await post(req, 'open', ['VISIBLE-CONTROL-MARKER-0b1c']);
    const content = await secure.stores.rawDump();
    expect(content.includes('VISIBLE-CONTROL-MARKER-0b1c')).toBe(true);
    expect(content.includes(SECRET_TEXT)).toBe(false);
    expect(content.includes(SECRET_OBJECT.card)).toBe(false);
  });
});
