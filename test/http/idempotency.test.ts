/**
 * Idempotency-Key on POST /v2/queues/{q}/messages, on real stores, with two API nodes
 * (each its own store connections and HTTP server) sharing one store, as two processes would.
 */
import { randomUUID } from 'node:crypto';
import { type RawSections, StorageUnavailable } from '@zaqarjs/core';
import { postOnce, RequestApi } from '@zaqarjs/core/api';
import { createHttpServer, type HttpTransport } from '@zaqarjs/transport-wsgi';
import { MemoryIdempotency } from '../support/memory-store/memory-idempotency';
import { buildConf, CLIENT_ID, recordingLogger, sendRequest, type TestResponse } from '../support/server';
import { prepareStores, storeOptionGroups } from '../support/stores';
import { describeWithMongo } from '../mongo-server';

/** Seconds; the stores count it in whole seconds, so a record lasts between WINDOW - 1 and WINDOW seconds. */
const WINDOW = 3;

interface Nodes {
  post(node: number, queue: string, messages: unknown, key?: string, project?: string): Promise<TestResponse>;
  list(queue: string): Promise<TestResponse>;
  createQueue(queue: string): Promise<TestResponse>;
  errors: unknown[];
  close(): Promise<void>;
}

async function startNodes(kind: string, count: number, extra: RawSections): Promise<Nodes> {
  expect(storeOptionGroups(kind).length).toBeGreaterThan(0);
  const prepared = await prepareStores(kind);
  const conf = buildConf({ ...prepared.sections, ...extra }, kind);
  const errors: unknown[] = [];
  const logger = recordingLogger(errors);
  const opened: { close(): Promise<void> }[] = [];
  const transports: HttpTransport[] = [];
  for (let i = 0; i < count; i++) {
    const { data, control } = await prepared.open(conf, logger);
    opened.push(data, control);
    const transport = createHttpServer(new RequestApi({ conf, control, data, logger }), conf, logger, { host: '127.0.0.1', port: 0 });
    await transport.listen();
    transports.push(transport);
  }
  const project = `proj-${randomUUID().slice(0, 8)}`;
  const headers = { 'Client-ID': CLIENT_ID, 'X-Project-ID': project };
  return {
    post: (node, queue, messages, key, otherProject) =>
      sendRequest(transports[node].url, 'POST', `/v2/queues/${queue}/messages`, headers, {
        body: { messages },
        headers: { ...(key === undefined ? {} : { 'Idempotency-Key': key }), ...(otherProject ? { 'X-Project-ID': otherProject } : {}) },
      }),
    list: (queue) => sendRequest(transports[0].url, 'GET', `/v2/queues/${queue}/messages?echo=true&limit=20`, headers),
    createQueue: (queue) => sendRequest(transports[0].url, 'PUT', `/v2/queues/${queue}`, headers),
    errors,
    close: async () => {
      for (const transport of transports) await transport.close(1000);
      for (const store of opened) await store.close();
      await prepared.cleanup();
    },
  };
}

const batch = (tag: string) => [{ body: { tag, n: 1 }, ttl: 300 }, { body: { tag, n: 2 } }];

/** Kinds with a MongoDB store: outside CI, skipped with the reason when none is available (like every MongoDB suite). */
const NEEDS_MONGODB = new Set(['mongodb', 'pooled-mixed']);

for (const kind of ['sql', 'redis', 'postgres', 'mariadb', 'mongodb', 'pooled-mixed'])
  (NEEDS_MONGODB.has(kind) ? describeWithMongo : describe)(`Idempotency-Key on message posts (${kind}, two API nodes)`, () => {
    let nodes: Nodes;
    beforeAll(async () => {
      nodes = await startNodes(kind, 2, { storage: { idempotency_window: String(WINDOW) } });
    }, 60_000);
    afterAll(() => nodes?.close());
    afterEach(() => expect(nodes.errors).toEqual([]));

    it('stores one copy for 8 concurrent clients repeating one key across both nodes; every answer is the first 201', async () => {
      // Created first: with pooling, two nodes lazily creating one new queue at the same moment may place it on
      // two pools (a race of queue placement, not of idempotency keys; README "Not done yet").
      expect((await nodes.createQueue('q8')).status).toBe(201);
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => nodes.post(i % 2, 'q8', batch('once'), 'key-8-clients')));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      const resources = answers[0].body.resources as string[];
      expect(resources).toHaveLength(2);
      for (const answer of answers) {
        expect(answer.body).toEqual({ resources });
        expect(answer.headers.get('location')).toBe(answers[0].headers.get('location'));
      }
      const stored = (await nodes.list('q8')).body.messages as { href: string; body: unknown }[];
      expect(stored.map((m) => m.href)).toEqual(resources);
      expect(stored.map((m) => m.body)).toEqual([
        { tag: 'once', n: 1 },
        { tag: 'once', n: 2 },
      ]);
    }, 30_000);

    it('answers a repeat whose messages differ with 422, storing nothing; the same messages in another key order are the same post', async () => {
      const first = await nodes.post(0, 'q422', [{ body: { a: 1, b: 2 } }], 'key-422');
      expect(first.status).toBe(201);
      const reordered = await nodes.post(1, 'q422', [{ body: { b: 2, a: 1 } }], 'key-422');
      expect([reordered.status, reordered.body]).toEqual([201, first.body]);
      const other = await nodes.post(1, 'q422', [{ body: { a: 1, b: 3 } }], 'key-422');
      expect(other.status).toBe(422);
      expect(other.body).toEqual({
        title: 'Idempotency key reused',
        description: `Idempotency-Key key-422 was used for a post with other messages to queue q422 within the last ${WINDOW} seconds. Use a new key for a new post.`,
      });
      expect((await nodes.list('q422')).body.messages).toHaveLength(1);
    });

    it('scopes a key by queue and project, and stores anew once the window has passed', async () => {
      const first = await nodes.post(0, 'qw', batch('w'), 'key-window');
      const otherQueue = await nodes.post(0, 'qw2', batch('w'), 'key-window');
      const otherProject = await nodes.post(0, 'qw', batch('w'), 'key-window', `proj-${randomUUID().slice(0, 8)}`);
      for (const answer of [first, otherQueue, otherProject]) expect(answer.status).toBe(201);
      expect(otherQueue.body.resources).not.toEqual(first.body.resources);
      expect(otherProject.body.resources).not.toEqual(first.body.resources);
      await new Promise((resolve) => setTimeout(resolve, WINDOW * 1000 + 200));
      const later = await nodes.post(1, 'qw', batch('w'), 'key-window');
      expect(later.status).toBe(201);
      expect(later.body.resources).not.toEqual(first.body.resources);
      expect((await nodes.list('qw')).body.messages).toHaveLength(4);
    }, 30_000);

    it('refuses a malformed key with 400 and stores without a key as before', async () => {
      const description = 'The Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces, quotes or backslashes (a UUID, for example).';
      for (const key of ['', 'has space', 'x'.repeat(256), 'qu"ote', 'é']) {
        const res = await nodes.post(0, 'qbad', batch('bad'), key);
        expect([res.status, res.body]).toEqual([400, { title: 'Invalid API request', description }]);
      }
      const quoted = await nodes.post(0, 'qbad', batch('q'), '"8e03978e-40d5-43e8-bc93-6894a57f9324"');
      const bare = await nodes.post(1, 'qbad', batch('q'), '8e03978e-40d5-43e8-bc93-6894a57f9324');
      expect([bare.status, bare.body]).toEqual([201, quoted.body]);
      expect((await nodes.post(0, 'qbad', batch('n'))).status).toBe(201);
      expect((await nodes.post(0, 'qbad', batch('n'))).status).toBe(201);
      expect((await nodes.list('qbad')).body.messages).toHaveLength(6);
    });
  });

describe('a keyed post while the first with that key is in flight', () => {
  const post = { project: 'p', queue: 'q', key: 'k', fingerprint: 'f' };
  // Tests that expect an answer wait long enough for a loaded CI machine; those that expect 409 wait briefly.
  const wait = { pollMs: 5, maxWaitMs: 10_000, leaseSeconds: 60 };
  const brief = { ...wait, maxWaitMs: 300 };
  const gate = () => {
    let open!: (ids: string[]) => void;
    let fail!: (error: Error) => void;
    const written = new Promise<string[]>((resolve, reject) => ((open = resolve), (fail = reject)));
    return { write: () => written, open, fail };
  };

  it('waits for the first and answers its ids without writing', async () => {
    const keys = new MemoryIdempotency(() => Math.floor(Date.now() / 1000));
    const first = gate();
    const answer = postOnce(keys, post, 300, first.write, wait);
    let writes = 0;
    const repeat = postOnce(keys, post, 300, async () => (writes++, ['other']), wait);
    setTimeout(() => first.open(['a', 'b']), 50);
    expect(await answer).toEqual(['a', 'b']);
    expect(await repeat).toEqual(['a', 'b']);
    expect(writes).toBe(0);
  });

  it('answers 409 when the first is still in flight after the longest wait', async () => {
    const keys = new MemoryIdempotency(() => Math.floor(Date.now() / 1000));
    const first = gate();
    void postOnce(keys, post, 300, first.write, wait);
    await expect(postOnce(keys, post, 300, async () => ['x'], brief)).rejects.toMatchObject({
      status: 409,
      title: 'Resource conflict',
      description: 'A post with Idempotency-Key k to queue q is still in progress. Repeat the request in a few seconds.',
    });
    first.open(['a']);
  });

  it('takes the key over and writes when the first failed', async () => {
    const keys = new MemoryIdempotency(() => Math.floor(Date.now() / 1000));
    const first = gate();
    const failed = postOnce(keys, post, 300, first.write, wait);
    const repeat = postOnce(keys, post, 300, async () => ['retried'], wait);
    first.fail(new Error('store down'));
    await expect(failed).rejects.toThrow('store down');
    expect(await repeat).toEqual(['retried']);
    expect(await keys.reserve('p', 'q', 'k', { fingerprint: 'f', token: 't', leaseSeconds: 60 })).toEqual({ fingerprint: 'f', ids: ['retried'] });
  });

  it('keeps the key taken when the store cannot tell whether the first was stored: the repeat gets 409, not a second copy', async () => {
    const keys = new MemoryIdempotency(() => Math.floor(Date.now() / 1000));
    const unknown = new StorageUnavailable('The Redis store failed: command timed out', undefined, { outcomeUnknown: true });
    await expect(postOnce(keys, post, 300, () => Promise.reject(unknown), wait)).rejects.toBe(unknown);
    let writes = 0;
    await expect(postOnce(keys, post, 300, async () => (writes++, ['again']), brief)).rejects.toMatchObject({ status: 409 });
    expect(writes).toBe(0);
  });
});
