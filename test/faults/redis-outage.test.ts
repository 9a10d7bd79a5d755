/**
 * Redis going away under a running server: a dedicated
 * redis-server on a free port (no persistence) backs both stores. While it is stopped,
 * or frozen, every request is answered at once with 503 and the Zaqar error body (no
 * hang, no 500, no crash); /v2/ping says 503. When it is back on the same port, the
 * server recovers by itself, pub/sub listeners included, within about a second of Redis
 * answering again. A write that was sent to a frozen Redis may be applied when it resumes, so
 * its 503 says the outcome is unknown instead of "could not be enqueued".
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

    // The pub/sub listener re-subscribed on its own (it may also have heard the post's own notice).
    const event = { project: 'p', queue: 'jobs', messageIds: ['x'] };
    for (let i = 0; i < 100 && !heard.some((e) => e.project === 'p'); i++) {
      await server.stores.data.events!.publish(event);
      await sleep(50);
    }
    expect(heard).toContainEqual(event);
    await unsubscribe();
  });

  it('says "may or may not have been enqueued" when a post timed out on a frozen Redis, which then stores it', async () => {
    // A post just before the freeze leaves the queue metadata cached: the frozen post sends its script at once.
    expect((await server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: 'warm' }] } })).status).toBe(201);
    redis.kill('SIGSTOP');
    let res;
    try {
      res = await server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: 'frozen' }] } });
    } finally {
      redis.kill('SIGCONT');
    }
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      title: 'Service temporarily unavailable',
      description: 'Messages may or may not have been enqueued: the storage back end did not answer in time. Posting them again may store them twice.',
    });
    await waitForPing(204);
    const bodies = (await server.request('GET', '/v2/queues/jobs/messages?echo=true&limit=20')).body.messages.map((m: { body: unknown }) => m.body);
    expect(bodies).toContain('frozen');
  });

  it('says "may or may not have been claimed" and "deleted" when a claim or a delete timed out on a frozen Redis', async () => {
    await server.request('PUT', '/v2/queues/frozen-claims');
    const posted = await server.request('POST', '/v2/queues/frozen-claims/messages', { body: { messages: [{ body: 'a' }, { body: 'b' }] } });
    const [, id] = posted.body.resources.map((r: string) => r.split('/').pop());
    redis.kill('SIGSTOP');
    let claim;
    let deleted;
    try {
      [claim, deleted] = await Promise.all([
        server.request('POST', '/v2/queues/frozen-claims/claims?limit=1', { body: { ttl: 60, grace: 60 } }),
        server.request('DELETE', `/v2/queues/frozen-claims/messages/${id}`),
      ]);
    } finally {
      redis.kill('SIGCONT');
    }
    expect([claim.status, claim.body.description]).toEqual([
      503,
      expect.stringMatching(/^Messages may or may not have been claimed: .* Claiming again is safe;/),
    ]);
    expect([deleted.status, deleted.body.description]).toEqual([
      503,
      expect.stringMatching(/^The message may or may not have been deleted: .* Deleting it again is safe\.$/),
    ]);
    await waitForPing(204);
    // The delete's script was sent, and applied when Redis resumed. (The claim's first command
    // may be a metadata read, so whether it claimed anything is, as its answer says, unknown.)
    const stats = (await server.request('GET', '/v2/queues/frozen-claims/stats')).body.messages;
    expect(stats.claimed + stats.free).toBe(1);
  });

  async function waitForPing(status: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await server.request('GET', '/v2/ping')).status === status) return;
      await sleep(50);
    }
    throw new Error(`/v2/ping never answered ${status}`);
  }
});

describeWithRedisServer('Redis outage with the default reconnection back-off', () => {
  it('answers 503 at once while Redis is stopped and serves again within about a second of its return', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const section = { uri: `redis://127.0.0.1:${port}?key_prefix=${encodeURIComponent(`recovery-${randomUUID()}:`)}` };
    const server = await startServer({ store: 'redis', conf: { 'drivers:message_store:redis': section, 'drivers:management_store:redis': section } });
    try {
      expect((await server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: 1 }] } })).status).toBe(201);
      await stopRedis(redis);
      // Long enough an outage for the old back-off (1, 2, 4, 8 s…) to have grown past 2 s.
      const outageEnds = Date.now() + 3_500;
      while (Date.now() < outageEnds) {
        const started = Date.now();
        const res = await server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: 2 }] } });
        expect([res.status, res.body.description]).toEqual([503, 'Messages could not be enqueued. Please try again in a few seconds.']);
        expect(Date.now() - started).toBeLessThan(500);
      }
      redis = await startRedis(port);
      const back = Date.now();
      while ((await server.request('GET', '/v2/ping')).status !== 204) {
        if (Date.now() - back > 5_000) throw new Error('not recovered within 5 s');
        await new Promise((r) => setImmediate(r));
      }
      expect(Date.now() - back).toBeLessThan(2_000);
    } finally {
      await server.close();
      await stopRedis(redis);
    }
  });
});
