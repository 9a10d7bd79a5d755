/**
 * Long-poll claims between two separate `zaqar-server` processes on one Redis
 * store, HTTP only (posts announced by the post-announcer stage, carried by
 * Redis pub/sub): a claimer waiting on A is answered soon after a post through
 * B (well before the 5 s re-check), and the other way round.
 */
import { describeWithRedis, dropPrefix, testPrefix, testUri } from '../../plugins/store-redis/test/redis-test-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'lp-redis', 'Content-Type': 'application/json' };

function startProcess(uri: string): Promise<ServerProcess> {
  return startServerProcess(
    `[drivers]\ntransport = wsgi\nmessage_store = redis\nmanagement_store = redis\n` +
      `[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n`,
  );
}

async function call(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, at: performance.now() };
}

describeWithRedis('long-poll claims across two zaqar-server processes (Redis events)', () => {
  const prefix = testPrefix('lp-procs');
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    [a, b] = await Promise.all([startProcess(testUri(prefix)), startProcess(testUri(prefix))]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropPrefix(prefix);
  });

  it('answers a claimer waiting on one server soon after a post through the other, both ways', async () => {
    expect((await call(a.url, 'PUT', '/v2/queues/lp')).status).toBe(201);
    for (let i = 0; i < 6; i++) {
      // Waiting on one server, posting through the other (alternating): only the store's pub/sub can wake it.
      const [waiting, posting] = i % 2 ? [b, a] : [a, b];
      const claimed = call(waiting.url, 'POST', '/v2/queues/lp/claims?wait=10&limit=1', { ttl: 60, grace: 60 });
      await new Promise((resolve) => setTimeout(resolve, 300)); // waiting by then
      const posted = await call(posting.url, 'POST', '/v2/queues/lp/messages', { messages: [{ body: i, ttl: 300 }] });
      const answer = await claimed;
      expect(answer.status).toBe(201);
      expect(answer.body.messages.map((m: { id: string }) => m.id)).toEqual([posted.body.resources[0].split('/').pop()]);
      expect(answer.at - posted.at).toBeLessThan(1000);
    }
  }, 30_000);
});
