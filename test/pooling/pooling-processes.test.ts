/**
 * Two real `zaqar-server` processes with pooling on, sharing their catalogue
 * (one SQLite file, whose store has no cross-process channel) and three pools:
 * a Redis key prefix in two Redis databases (one pub/sub channel) and a
 * PostgreSQL schema. A websocket subscriber of process A hears what is posted
 * through process B to a queue of each pool, carried by that pool's own
 * channel (Redis pub/sub, PostgreSQL LISTEN/NOTIFY), once.
 * B has no webhook notifier (`subscriber_types = mailto`), so the pools'
 * channels are the only way a notice can reach A.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgSchema, type ScratchDatabase } from '../../plugins/store-sql/test/support/sql-servers';
import { describeWithRedis, dropPrefix, freePort, testPrefix, testUri, TEST_REDIS_URI } from '../../plugins/store-redis/test/redis-test-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { OTHER_CLIENT_ID, WsClient } from '../websocket/support/ws-client';

const CLIENT = '3381af92-2b9e-11e3-b191-71861300734c';
const project = 'pooled-procs';

async function startProcess(catalogDir: string, extra = ''): Promise<{ proc: ServerProcess; ws: string }> {
  const wsPort = await freePort();
  const db = `sqlite:///${catalogDir}/catalog.db`;
  const proc = await startServerProcess(
    (port) =>
      `[DEFAULT]\nadmin_mode = True\npooling = True\n[drivers]\ntransport = wsgi, websocket\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n` +
      `[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n` +
      `[drivers:transport:websocket]\nbind = 127.0.0.1\nport = ${wsPort}\nnotification_bind = 127.0.0.1\n${extra}`,
  );
  return { proc, ws: `ws://127.0.0.1:${wsPort}` };
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Client-ID': CLIENT, 'X-Project-ID': project, 'X-Roles': 'admin', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

describeWithRedis('websocket subscribers across two pooled zaqar-server processes (pool channels)', () => {
  const prefix = testPrefix('pooled-procs');
  const dir = mkdtempSync(join(tmpdir(), 'zaqar-pooled-procs-'));
  let schema: ScratchDatabase;
  let a: { proc: ServerProcess; ws: string };
  let b: { proc: ServerProcess; ws: string };

  beforeAll(async () => {
    schema = await createPgSchema();
    a = await startProcess(dir);
    b = await startProcess(dir, '[transport]\nsubscriber_types = mailto\n');
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.proc.stop(), b?.proc.stop()]);
    await dropPrefix(prefix);
    await dropPrefix(prefix, `${TEST_REDIS_URI.replace(/\?.*$/, '')}/1`);
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes to a subscriber of A what B posts to queues on two Redis pools sharing a channel and a PostgreSQL pool, once each', async () => {
    expect(await call(a.proc.url, 'PUT', '/v2/pools/redis', { uri: testUri(prefix), weight: 100 })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/pools/postgres', { uri: schema.uri, weight: 100 })).toBe(201);
    // Another Redis database, same key prefix: the same pub/sub channel (channels ignore databases) as pool redis.
    expect(await call(a.proc.url, 'PUT', '/v2/pools/redis-db1', { uri: testUri(prefix, '&dbid=1'), weight: 100 })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/flavors/on-redis-db1', { pool_list: ['redis-db1'] })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/queues/qr1', { _flavor: 'on-redis-db1' })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/flavors/on-redis', { pool_list: ['redis'] })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/flavors/on-postgres', { pool_list: ['postgres'] })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/queues/qr', { _flavor: 'on-redis' })).toBe(201);
    expect(await call(a.proc.url, 'PUT', '/v2/queues/qp', { _flavor: 'on-postgres' })).toBe(201);

    const subscriber = await WsClient.connect(a.ws, project);
    for (const queue of ['qr', 'qp', 'qr1']) expect((await subscriber.request('subscription_create', { queue_name: queue })).headers.status).toBe(201);
    const poster = await WsClient.connect(b.ws, project, OTHER_CLIENT_ID);
    const redisIds = (await poster.request('message_post', { queue_name: 'qr', messages: [{ body: 'on redis' }] })).body.message_ids;
    const res = await fetch(`${b.proc.url}/v2/queues/qp/messages`, {
      method: 'POST',
      headers: { 'Client-ID': OTHER_CLIENT_ID, 'X-Project-ID': project, 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ body: 'on postgres', ttl: 120 }] }),
    });
    expect(res.status).toBe(201);
    const db1Ids = (await poster.request('message_post', { queue_name: 'qr1', messages: [{ body: 'on redis db 1' }] })).body.message_ids;
    const frames = await subscriber.waitForNotifications(3);
    expect(frames.map((f) => f.document)).toEqual(
      expect.arrayContaining([
        { ttl: 3600, body: 'on redis', Message_Type: 'Notification', queue_name: 'qr', id: redisIds[0] },
        { ttl: 120, body: 'on postgres', Message_Type: 'Notification', queue_name: 'qp', id: expect.any(String) },
        { ttl: 3600, body: 'on redis db 1', Message_Type: 'Notification', queue_name: 'qr1', id: db1Ids[0] },
      ]),
    );
    // Nothing heard twice (a notice is passed on only from the channel of its queue's pool, though two pools share one).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscriber.notifications).toHaveLength(3);
    await poster.close();
    await subscriber.close();
  });
});

describe('a queue created through two pooled zaqar-server processes at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zaqar-pooled-race-'));
  let nodes: { proc: ServerProcess; ws: string }[] = [];

  beforeAll(async () => {
    nodes = await Promise.all([startProcess(dir), startProcess(dir)]);
    for (const name of ['left', 'right'])
      expect(await call(nodes[0].proc.url, 'PUT', `/v2/pools/${name}`, { uri: `sqlite:///${dir}/${name}.db`, weight: 100 })).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.proc.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('is placed on one pool: the messages posted through either node are all read through both', async () => {
    const queues = Array.from({ length: 20 }, (_, i) => `race${i}`);
    // Each queue created lazily by a post through both nodes at the same moment.
    const statuses = await Promise.all(
      queues.flatMap((q) => nodes.map((node) => call(node.proc.url, 'POST', `/v2/queues/${q}/messages`, { messages: [{ ttl: 300, body: q }] }))),
    );
    expect(statuses).toEqual(statuses.map(() => 201));
    for (const q of queues) {
      for (const node of nodes) {
        const res = await fetch(`${node.proc.url}/v2/queues/${q}/messages?echo=true`, { headers: { 'Client-ID': CLIENT, 'X-Project-ID': project } });
        expect([q, ((await res.json()) as { messages: unknown[] }).messages.length]).toEqual([q, 2]);
      }
    }
  });

  it('is found by a node that looked it up before another node placed it (a miss is not reused)', async () => {
    const [first, second] = nodes;
    // The second node asks its store about the queue while it is mapped nowhere…
    expect(await call(second.proc.url, 'DELETE', '/v2/queues/late/messages?ids=51db6f78c508f17ddc924357')).toBe(204);
    // …then the first node creates and places it…
    expect(await call(first.proc.url, 'POST', '/v2/queues/late/messages', { messages: [{ ttl: 300, body: 'first' }] })).toBe(201);
    // …and the second node's post goes to that pool, not to "no such queue".
    expect(await call(second.proc.url, 'POST', '/v2/queues/late/messages', { messages: [{ ttl: 300, body: 'second' }] })).toBe(201);
    for (const node of nodes) {
      const res = await fetch(`${node.proc.url}/v2/queues/late/messages?echo=true`, { headers: { 'Client-ID': CLIENT, 'X-Project-ID': project } });
      expect(((await res.json()) as { messages: { body: string }[] }).messages.map((m) => m.body)).toEqual(['first', 'second']);
    }
  });
});
