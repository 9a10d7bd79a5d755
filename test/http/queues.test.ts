/** Queues over HTTP: list, create, get, patch, delete, stats, purge. */
import { inFreshProject, startServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** A project of its own, so listings only see this test's queues. */
const fresh = () => inFreshProject(server);

const DEFAULTS = {
  _max_messages_post_size: 262144,
  _default_message_ttl: 3600,
  _default_message_delay: 0,
  _dead_letter_queue: null,
  _dead_letter_queue_messages_ttl: null,
  _max_claim_count: null,
  _enable_encrypt_messages: false,
};
const PATCH_TYPE = { 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' };
const api = (description: string) => ({ title: 'Invalid API request', description });
const invalidBody = (description: string) => ({ title: 'Invalid request body', description });

describe('PUT /v2/queues/{name}', () => {
  it('creates with 201 and Location, then answers 204 and leaves the metadata alone', async () => {
    const req = fresh();
    const created = await req('PUT', '/v2/queues/fizbit', { body: { description: 'billing', _default_message_ttl: 3600, _max_claim_count: 10 } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v2/queues/fizbit');
    expect(created.text).toBe('');
    const again = await req('PUT', '/v2/queues/fizbit', { body: { description: 'changed' } });
    expect(again.status).toBe(204);
    expect(again.headers.get('location')).toBe('/v2/queues/fizbit');
    expect((await req('GET', '/v2/queues/fizbit')).body).toEqual({ ...DEFAULTS, description: 'billing', _default_message_ttl: 3600, _max_claim_count: 10 });
  });

  it('creates with empty metadata when there is no body', async () => {
    const req = fresh();
    expect((await req('PUT', '/v2/queues/bare')).status).toBe(201);
    expect((await req('GET', '/v2/queues/bare')).body).toEqual(DEFAULTS);
  });

  it('refuses metadata over max_queue_metadata before parsing it, storing nothing', async () => {
    const req = fresh();
    const res = await req('PUT', '/v2/queues/big', { body: `{"x": "${'a'.repeat(70000)}"` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(api('Queue metadata is too large. Max size: 65536'));
    expect((await req('GET', '/v2/queues')).body.queues).toEqual([]);
  });

  it('refuses an array and malformed JSON', async () => {
    const req = fresh();
    expect((await req('PUT', '/v2/queues/q', { body: [1] })).body).toEqual(invalidBody('Document type not supported.'));
    expect((await req('PUT', '/v2/queues/q', { body: '{"a":' })).body).toEqual(invalidBody('Request body could not be parsed.'));
  });

  it.each([
    [{ _default_message_ttl: 'x' }, '_default_message_ttl must be integer.'],
    [{ _default_message_ttl: 3600.5 }, '_default_message_ttl must be integer.'],
    [{ _default_message_ttl: 0 }, '_default_message_ttl can not exceed 1209600 seconds, and must be at least 60 seconds long.'],
    [{ _default_message_ttl: true }, '_default_message_ttl can not exceed 1209600 seconds, and must be at least 60 seconds long.'],
    [{ _max_messages_post_size: 'big' }, '_max_messages_post_size must be integer.'],
    [{ _max_messages_post_size: 262145 }, '_max_messages_post_size can not exceed 262144,  and must be at least greater than 0.'],
    [{ _max_claim_count: 'ten' }, '_max_claim_count must be integer.'],
    [{ _dead_letter_queue_messages_ttl: 'x' }, '_dead_letter_queue_messages_ttl must be integer.'],
    [{ _dead_letter_queue_messages_ttl: 59 }, 'The TTL for a message may not exceed 1209600 seconds, and must be at least 60 seconds long.'],
    [{ _default_message_delay: 'x' }, '_default_message_delay must be integer.'],
    [{ _default_message_delay: 901 }, 'The TTL can not exceed 900 seconds, and must be at least 0 seconds long.'],
    [{ _enable_encrypt_messages: 1 }, '_enable_encrypt_messages must be boolean.'],
    [{ _retry_policy: 'fast' }, 'retry_policy must be a dict.'],
    [{ _retry_policy: { minimum_delay: 5, maximum_delay: 10 } }, 'invalid minimum_delay and maximum_delay.'],
    [{ _default_message_ttl: 10, _max_messages_post_size: 0 }, '_default_message_ttl can not exceed 1209600 seconds, and must be at least 60 seconds long.'],
  ])('refuses reserved metadata %j', async (metadata, description) => {
    const req = fresh();
    const res = await req('PUT', '/v2/queues/bad', { body: metadata });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(api(description));
    expect((await req('GET', '/v2/queues')).body.queues).toEqual([]);
  });

  it('accepts a negative _max_claim_count, a zero delay and other _keys verbatim', async () => {
    const req = fresh();
    const metadata = { _max_claim_count: -5, _default_message_delay: 0, _custom: { a: [1] }, _dead_letter_queue: 'anything' };
    expect((await req('PUT', '/v2/queues/valq', { body: metadata })).status).toBe(201);
    expect((await req('GET', '/v2/queues/valq')).body).toEqual({ ...DEFAULTS, ...metadata });
  });
});

describe('GET /v2/queues/{name}', () => {
  it('answers 200 with only the defaults for a queue that does not exist', async () => {
    const res = await fresh()('GET', '/v2/queues/nonexist');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULTS);
  });

  it('fills in defaults for stored falsy reserved values', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q', { body: { _enable_encrypt_messages: false, _max_claim_count: 0, _dead_letter_queue: '' } });
    expect((await req('GET', '/v2/queues/q')).body).toEqual(DEFAULTS);
  });
});

describe('GET /v2/queues', () => {
  it('answers 200 with empty lists when the project has no queues', async () => {
    const res = await fresh()('GET', '/v2/queues');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ queues: [], links: [] });
  });

  it('lists in byte order with a next link on every non-empty page', async () => {
    const req = fresh();
    for (const name of ['b', 'a.b-c_D9', 'C', 'fizbit', 'plain']) await req('PUT', `/v2/queues/${name}`);
    const first = await req('GET', '/v2/queues?limit=2');
    expect(first.body).toEqual({
      queues: [
        { name: 'C', href: '/v2/queues/C' },
        { name: 'a.b-c_D9', href: '/v2/queues/a.b-c_D9' },
      ],
      links: [{ rel: 'next', href: '/v2/queues?limit=2&marker=a.b-c_D9' }],
    });
    const second = await req('GET', first.body.links[0].href);
    expect(second.body.queues.map((q: { name: string }) => q.name)).toEqual(['b', 'fizbit']);
    const third = await req('GET', second.body.links[0].href);
    expect(third.body.queues.map((q: { name: string }) => q.name)).toEqual(['plain']);
    expect(third.body.links).toHaveLength(1);
    expect((await req('GET', third.body.links[0].href)).body).toEqual({ queues: [], links: [] });
  });

  it('defaults to 10 per page and refuses limits outside 1..20', async () => {
    const req = fresh();
    for (let i = 0; i < 12; i++) await req('PUT', `/v2/queues/q${String(i).padStart(2, '0')}`);
    expect((await req('GET', '/v2/queues')).body.queues).toHaveLength(10);
    for (const limit of [0, 21, -1]) {
      const res = await req('GET', `/v2/queues?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(api('Limit must be at least 1 and no greater than 20.'));
    }
  });

  it('reads query parameters as falcon does: blank values dropped, the last of repeated or comma-separated values kept', async () => {
    const req = fresh();
    for (const name of ['qa', 'qb', 'qc']) await req('PUT', `/v2/queues/${name}`);
    const names = async (query: string) => (await req('GET', `/v2/queues?${query}`)).body.queues.map((q: { name: string }) => q.name);
    expect(await names('limit=1&limit=')).toEqual(['qa']);
    expect(await names('limit=&limit=1')).toEqual(['qa']);
    expect(await names('limit=3,1')).toEqual(['qa']);
    expect(await names('limit=1&limit=2')).toEqual(['qa', 'qb']);
    expect(await names('limit=')).toEqual(['qa', 'qb', 'qc']);
    expect((await req('GET', '/v2/queues?limit=1&limit=x')).body).toEqual({
      title: 'Invalid parameter',
      description: 'The "limit" parameter is invalid. The value must be an integer.',
    });
  });

  it('includes metadata with reserved defaults when detailed, and keeps detailed in the next link', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/valq', { body: { _max_claim_count: -5, note: 'x' } });
    const res = await req('GET', '/v2/queues?detailed=true');
    expect(res.body.queues).toEqual([{ name: 'valq', href: '/v2/queues/valq', metadata: { ...DEFAULTS, _max_claim_count: -5, note: 'x' } }]);
    expect(res.body.links[0].href).toBe('/v2/queues?detailed=true&marker=valq');
  });

  it('filters by name substring and by metadata values, integers compared as numbers', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/red-one', { body: { color: 'red', n: 1 } });
    await req('PUT', '/v2/queues/red-two', { body: { color: 'red', n: '1' } });
    await req('PUT', '/v2/queues/blue', { body: { color: 'blue', n: 1 } });
    const names = async (query: string) => (await req('GET', `/v2/queues?${query}`)).body.queues.map((q: { name: string }) => q.name);
    expect(await names('name=red')).toEqual(['red-one', 'red-two']);
    expect(await names('color=red')).toEqual(['red-one', 'red-two']);
    expect(await names('n=1')).toEqual(['blue', 'red-one']);
    expect(await names('color=red&n=1')).toEqual(['red-one']);
    expect(await names('name=two&color=red')).toEqual(['red-two']);
    const paged = await req('GET', '/v2/queues?color=red&limit=1');
    expect(paged.body.links[0].href).toBe('/v2/queues?color=red&limit=1&marker=red-one');
    expect((await req('GET', paged.body.links[0].href)).body.queues.map((q: { name: string }) => q.name)).toEqual(['red-two']);
  });

  it('adds count only with with_count=true and a non-zero count', async () => {
    const req = fresh();
    expect((await req('GET', '/v2/queues?with_count=true')).body).toEqual({ queues: [], links: [] });
    for (const name of ['x', 'y', 'z']) await req('PUT', `/v2/queues/${name}`);
    const res = await req('GET', '/v2/queues?with_count=true&limit=1');
    expect(res.body.count).toBe(3);
    expect(res.body.queues).toHaveLength(1);
    expect((await req('GET', '/v2/queues')).body.count).toBeUndefined();
  });
});

describe('PATCH /v2/queues/{name}', () => {
  const patch = (req: ReturnType<typeof fresh>, name: string, ops: unknown, headers: Record<string, string> = PATCH_TYPE) =>
    req('PATCH', `/v2/queues/${name}`, { body: ops, headers });

  it('applies add, replace and remove and returns the metadata with defaults', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/fizbit', { body: { description: 'old', _max_claim_count: 10 } });
    const res = await patch(req, 'fizbit', [
      { op: 'add', path: '/metadata/max_timeout', value: 100 },
      { op: 'replace', path: '/metadata/description', value: 'new desc' },
      { op: 'remove', path: '/metadata/_max_claim_count' },
      { op: 'replace', path: '/metadata/_default_message_ttl', value: 300 },
      { op: 'add', path: '/Metadata/a~1b', value: 'slash' },
      { op: 'add', path: '/metadata/ spaced ', value: 'trimmed' },
    ]);
    expect(res.status).toBe(200);
    const expected = { ...DEFAULTS, description: 'new desc', max_timeout: 100, _default_message_ttl: 300, 'a/b': 'slash', spaced: 'trimmed' };
    expect(res.body).toEqual(expected);
    expect((await req('GET', '/v2/queues/fizbit')).body).toEqual(expected);
  });

  it('returns the current metadata for an empty list of operations', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q', { body: { a: 1 } });
    expect((await patch(req, 'q', [])).body).toEqual({ ...DEFAULTS, a: 1 });
  });

  it('removes a key whatever the root of a remove path, and no-ops on an absent reserved key', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q', { body: { a: 1 } });
    const res = await patch(req, 'q', [
      { op: 'remove', path: '/foo/a' },
      { op: 'remove', path: '/metadata/_dead_letter_queue' },
    ]);
    expect(res.body).toEqual(DEFAULTS);
  });

  it('answers 409 for replace or remove of a missing non-reserved key, saving nothing', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q', { body: { a: 1 } });
    const replace = await patch(req, 'q', [
      { op: 'add', path: '/metadata/b', value: 2 },
      { op: 'replace', path: '/metadata/nokey', value: 1 },
    ]);
    expect(replace.status).toBe(409);
    expect(replace.body).toEqual({ title: 'Resource conflict', description: "Can't replace non-existent object nokey." });
    const remove = await patch(req, 'q', [{ op: 'remove', path: '/metadata/nokey' }]);
    expect(remove.body).toEqual({ title: 'Resource conflict', description: "Can't remove non-existent object nokey." });
    expect(replace.headers.get('vary')).toBe('Accept');
    expect((await req('GET', '/v2/queues/q')).body).toEqual({ ...DEFAULTS, a: 1 });
  });

  it('lets replace set a reserved key that is not stored', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q');
    expect((await patch(req, 'q', [{ op: 'replace', path: '/metadata/_default_message_delay', value: 30 }])).body._default_message_delay).toBe(30);
    expect((await patch(req, 'q', [{ op: 'replace', path: '/metadata/_flavor', value: 'x' }])).status).toBe(409);
  });

  it('validates the resulting metadata with the title Invalid request body', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q');
    const res = await patch(req, 'q', [{ op: 'add', path: '/metadata/_default_message_ttl', value: 1209601 }]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalidBody('_default_message_ttl can not exceed 1209600 seconds, and must be at least 60 seconds long.'));
  });

  it('answers 404 for a queue that does not exist', async () => {
    const res = await patch(fresh(), 'ghost', [{ op: 'add', path: '/metadata/a', value: 1 }]);
    expect(res.status).toBe(404);
    expect(res.body.title).toBe('Not found');
    expect(res.body.description).toMatch(/^Queue ghost does not exist for project p-/);
  });

  it('answers 415 without the exact JSON-patch media type', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/q');
    const expected = {
      title: '415 Unsupported Media Type',
      description: "Accepted media type for PATCH: {'Accept-Patch': 'application/openstack-messaging-v2.0-json-patch'}.",
    };
    for (const type of ['application/json', 'application/openstack-messaging-v2.0-json-patch; charset=utf-8']) {
      const res = await patch(req, 'q', [], { 'Content-Type': type });
      expect(res.status).toBe(415);
      expect(res.body).toEqual(expected);
    }
  });

  it('checks the size before the media type', async () => {
    const res = await patch(fresh(), 'q', `[${' '.repeat(70000)}]`, { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalidBody('Queue metadata is too large. Max size: 65536'));
  });

  it.each([
    [undefined, 'PATCH body could not be empty for update.'],
    ['[{', 'Request body could not be parsed.'],
    [{ op: 'add' }, 'Request body must be a JSON array of operation objects.'],
    [[1], 'Operations must be JSON objects.'],
    [[{ path: '/metadata/a' }], 'Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace.'],
    [[{ op: 'move', path: '/metadata/a' }], 'Invalid operation: `move`. It must be one of the following: add, remove, replace.'],
    [[{ op: 'add', value: 1 }], "Unable to find 'path' in JSON Schema change"],
    [[{ op: 'add', path: 'metadata/a', value: 1 }], 'Pointer `metadata/a` does not start with "/".'],
    [[{ op: 'add', path: '/metadata//a', value: 1 }], 'Pointer `/metadata//a` contains adjacent "/".'],
    [[{ op: 'add', path: '/metadata/a/', value: 1 }], 'Pointer `/metadata/a/` end with "/".'],
    [[{ op: 'add', path: '/metadata/a~2', value: 1 }], 'Pointer `/metadata/a~2` contains "~" not part of a recognized escape sequence.'],
    [[{ op: 'add', path: '/metadata/a/b', value: 1 }], "Invalid JSON pointer for this resource: '/metadata/a/b, e.g /metadata/key'"],
    [[{ op: 'add', path: '/metadata/a' }], 'Operation "add" requires a member named "value".'],
    [[{ op: 'add', path: '/other/a', value: 1 }], 'The root of path must be metadata, e.g /metadata/key.'],
  ])('refuses %j with 400 Invalid request body', async (ops, description) => {
    const req = fresh();
    await req('PUT', '/v2/queues/q', { body: { a: 1 } });
    const res = await req('PATCH', '/v2/queues/q', { body: ops, headers: PATCH_TYPE });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalidBody(description));
    expect((await req('GET', '/v2/queues/q')).body).toEqual({ ...DEFAULTS, a: 1 });
  });
});

describe('DELETE /v2/queues/{name}', () => {
  it('answers 204 whether or not the queue exists, and removes its messages', async () => {
    const req = fresh();
    await req('POST', '/v2/queues/q/messages', { body: { messages: [{ body: 1 }, { body: 2 }] } });
    expect((await req('DELETE', '/v2/queues/q')).status).toBe(204);
    expect((await req('DELETE', '/v2/queues/q')).status).toBe(204);
    expect((await req('GET', '/v2/queues')).body.queues).toEqual([]);
    expect((await req('GET', '/v2/queues/q/stats')).body).toEqual({ messages: { claimed: 0, free: 0, total: 0 } });
  });
});

describe('GET /v2/queues/{name}/stats', () => {
  it('is all zero for a missing or empty queue', async () => {
    const req = fresh();
    expect((await req('GET', '/v2/queues/nothing/stats')).body).toEqual({ messages: { claimed: 0, free: 0, total: 0 } });
    await req('PUT', '/v2/queues/empty');
    expect((await req('GET', '/v2/queues/empty/stats')).body).toEqual({ messages: { claimed: 0, free: 0, total: 0 } });
  });

  it('counts claimed and free messages and describes the oldest and newest', async () => {
    const req = fresh();
    const posted = await req('POST', '/v2/queues/statq/messages', { body: { messages: [{ body: { a: 1 }, ttl: 300 }, { body: 'two' }] } });
    const [oldest, newest] = posted.body.resources as string[];
    await req('POST', '/v2/queues/statq/claims?limit=1');
    const res = await req('GET', '/v2/queues/statq/stats');
    expect(res.status).toBe(200);
    expect(res.body.messages).toMatchObject({ claimed: 1, free: 1, total: 2 });
    expect(res.body.messages.oldest).toEqual({ href: oldest, age: expect.any(Number), created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(res.body.messages.newest.href).toBe(newest);
    const created = Date.parse(res.body.messages.oldest.created);
    expect(Math.abs(created - Date.now())).toBeLessThan(60_000);
  });
});

describe('POST /v2/queues/{name}/purge', () => {
  async function setUp(req: ReturnType<typeof fresh>) {
    await req('POST', '/v2/queues/pq/messages', { body: { messages: [{ body: 1 }, { body: 2 }, { body: 3 }] } });
    await req('POST', '/v2/queues/pq/claims?limit=1');
    await req('POST', '/v2/queues/pq/subscriptions', { body: { subscriber: 'http://example.com/hook', ttl: 3600 } });
  }
  const subscriptions = async (req: ReturnType<typeof fresh>) => (await req('GET', '/v2/queues/pq/subscriptions')).body.subscriptions;

  it('without a body purges every message (claimed ones too) and every subscription, keeping the queue', async () => {
    const req = fresh();
    await req('PUT', '/v2/queues/pq', { body: { keep: true } });
    await setUp(req);
    expect(await subscriptions(req)).toHaveLength(1);
    expect((await req('POST', '/v2/queues/pq/purge')).status).toBe(204);
    expect((await req('GET', '/v2/queues/pq/stats')).body.messages.total).toBe(0);
    expect(await subscriptions(req)).toEqual([]);
    expect((await req('GET', '/v2/queues/pq')).body.keep).toBe(true);
  });

  it('purges only the listed resource types', async () => {
    const req = fresh();
    await setUp(req);
    expect((await req('POST', '/v2/queues/pq/purge', { body: { resource_types: ['messages'] } })).status).toBe(204);
    expect((await req('GET', '/v2/queues/pq/stats')).body.messages.total).toBe(0);
    expect(await subscriptions(req)).toHaveLength(1);
    await req('POST', '/v2/queues/pq/messages', { body: { messages: [{ body: 4 }] } });
    expect((await req('POST', '/v2/queues/pq/purge', { body: { resource_types: ['subscriptions'] } })).status).toBe(204);
    expect(await subscriptions(req)).toEqual([]);
    expect((await req('GET', '/v2/queues/pq/stats')).body.messages.total).toBe(1);
  });

  it('answers 204 for a queue that does not exist', async () => {
    expect((await fresh()('POST', '/v2/queues/ghost/purge')).status).toBe(204);
  });

  it.each([
    [{}, 'Post body must contain key "resource_types".'],
    [[], 'Post body must contain key "resource_types".'],
    [{ resource_types: ['messages', 'claims'] }, "Resource types must be a sub set of {'subscriptions', 'messages'}."],
    [{ resource_types: 'messages' }, "Resource types must be a sub set of {'subscriptions', 'messages'}."],
  ])('refuses %j', async (body, description) => {
    const req = fresh();
    await setUp(req);
    const res = await req('POST', '/v2/queues/pq/purge', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(api(description));
    expect((await req('GET', '/v2/queues/pq/stats')).body.messages.total).toBe(3);
  });
});
