/**
 * Redis going away under a running server (semantics.md §21, http-api §2.5): a dedicated
 * redis-server on a free port (no persistence) backs both stores. While it is stopped,
 * or frozen, every request is answered at once with 503 and the Zaqar error body (no
 * hang, no 500, no crash); /v2/ping says 503. When it is back on the same port, the
 * server recovers by itself, pub/sub listeners included.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { PostedEvent } from '@zaqarjs/core';
import {
  describeWithRedisServer,
  freePort,
  startRedisServer as startRedis,
  stopRedisServer as stopRedis,
} from '../../plugins/store-redis/test/redis-test-server';
import { startServer, type TestServer } from '../support/server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithRedisServer('Redis outage', () => {
  let port: number;
  let redis: ChildProcess;
  let server: TestServer;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const uri = `redis://127.0.0.1:${port}?key_prefix=${encodeURIComponent(`outage-${randomUUID()}:`)}`;
    const section = { uri, reconnect_sleep: '0.05', max_reconnect_attempts: '3' };
    server = await startServer({
      store: 'redis',
      conf: { 'drivers:message_store:redis': section, 'drivers:management_store:redis': section },
    });
  });

  afterAll(async () => {
    await server?.close();
    if (redis) await stopRedis(redis);
  });

  /** Every request of the list answered 503 with a Zaqar error body. */
  async function expectUnavailable(): Promise<void> {
    const requests: [string, string, unknown?][] = [
      ['GET', '/v2/queues/jobs/messages'],
      ['POST', '/v2/queues/jobs/messages', { messages: [{ body: 1 }] }],
      ['POST', '/v2/queues/jobs/claims', {}],
      ['GET', '/v2/queues/jobs/stats'],
      ['PUT', '/v2/queues/other'],
      ['GET', '/v2/queues'],
    ];
    for (const [method, path, body] of requests) {
      const res = await server.request(method, path, { body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 503 });
      expect(res.body).toEqual({ title: 'Service temporarily unavailable', description: expect.stringMatching(/ Please try again in a few seconds\.$/) });
    }
    expect((await server.request('GET', '/v2/queues')).body.description).toBe('Queues could not be listed. Please try again in a few seconds.');
    expect((await server.request('GET', '/v2/ping')).status).toBe(503);
  }

  it('serves while Redis is up', async () => {
    expect((await server.request('PUT', '/v2/queues/jobs')).status).toBe(201);
    expect((await server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: 'before' }] } })).status).toBe(201);
    expect((await server.request('GET', '/v2/ping')).status).toBe(204);
  });

  it('answers 503 at once while Redis is frozen (command deadline), then serves again', async () => {
    redis.kill('SIGSTOP');
    try {
      const res = await server.request('GET', '/v2/queues/jobs/messages?echo=true');
      expect(res.status).toBe(503);
      expect((await server.request('GET', '/v2/ping')).status).toBe(503);
    } finally {
      redis.kill('SIGCONT');
    }
    await waitForPing(204);
    expect((await server.request('GET', '/v2/queues/jobs/messages?echo=true')).body.messages.map((m: { body: unknown }) => m.body)).toEqual(['before']);
  });

  it('answers every request with 503 while Redis is stopped, and recovers by itself when it is back', async () => {
    const heard: PostedEvent[] = [];
    const unsubscribe = await server.stores.data.events!.subscribe((event) => heard.push(event));
    await stopRedis(redis);
    await expectUnavailable();
    await expectUnavailable();

    redis = await startRedis(port);
    await waitForPing(204);
    // Nothing was persisted: the queue is gone, and comes back like any lazy queue.
    const posted = await server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: 'after' }] } });
    expect(posted.status).toBe(201);
    const listed = await server.request('GET', '/v2/queues/jobs/messages?echo=true');
    expect(listed.body.messages.map((m: { body: unknown }) => m.body)).toEqual(['after']);

    // The pub/sub listener re-subscribed on its own.
    const event = { project: 'p', queue: 'jobs', messageIds: ['x'] };
    for (let i = 0; i < 100 && heard.length === 0; i++) {
      await server.stores.data.events!.publish(event);
      await sleep(50);
    }
    expect(heard[0]).toEqual(event);
    await unsubscribe();
  });

  async function waitForPing(status: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await server.request('GET', '/v2/ping')).status === status) return;
      await sleep(50);
    }
    throw new Error(`/v2/ping never answered ${status}`);
  }
});
