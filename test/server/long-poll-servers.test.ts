/**
 * Long-poll claims between two separate `zaqar-server` processes on one store
 * that carries cross-process notices (Redis pub/sub, PostgreSQL
 * LISTEN/NOTIFY), HTTP only (posts announced by the post-announcer stage): a
 * claimer waiting on A is answered soon after a post through B (well before
 * the 5 s re-check), and the other way round.
 */
import { describeWithRedis, dropPrefix, testPrefix, testUri } from '../../plugins/store-redis/test/redis-test-server';
import { createPgSchema, type ScratchDatabase } from '../../plugins/store-sql/test/support/sql-servers';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'lp-servers', 'Content-Type': 'application/json' };

/** zaqar.conf lines selecting one store (both kinds) at `uri`. */
const storeConf = (driver: string, uri: string) =>
  `[drivers]\ntransport = wsgi\nmessage_store = ${driver}\nmanagement_store = ${driver}\n` +
  `[drivers:message_store:${driver}]\nuri = ${uri}\n[drivers:management_store:${driver}]\nuri = ${uri}\n`;

async function call(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, at: performance.now() };
}

/** Claimers wait on one server while the other takes the post (alternating): only the store's channel can wake them. */
async function wakesAcross(a: ServerProcess, b: ServerProcess): Promise<void> {
  expect((await call(a.url, 'PUT', '/v2/queues/lp')).status).toBe(201);
  for (let i = 0; i < 6; i++) {
    const [waiting, posting] = i % 2 ? [b, a] : [a, b];
    const claimed = call(waiting.url, 'POST', '/v2/queues/lp/claims?wait=10&limit=1', { ttl: 60, grace: 60 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // waiting by then
    const posted = await call(posting.url, 'POST', '/v2/queues/lp/messages', { messages: [{ body: i, ttl: 300 }] });
    const answer = await claimed;
    expect(answer.status).toBe(201);
    expect(answer.body.messages.map((m: { id: string }) => m.id)).toEqual([posted.body.resources[0].split('/').pop()]);
    expect(answer.at - posted.at).toBeLessThan(1000);
  }
}

describeWithRedis('long-poll claims across two zaqar-server processes (Redis pub/sub)', () => {
  const prefix = testPrefix('lp-procs');
  let servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await dropPrefix(prefix);
  });

  it('answers a claimer waiting on one server soon after a post through the other, both ways', async () => {
    servers = await Promise.all([0, 1].map(() => startServerProcess(storeConf('redis', testUri(prefix)))));
    await wakesAcross(servers[0], servers[1]);
  }, 40_000);
});

describe('long-poll claims across two zaqar-server processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let schema: ScratchDatabase | undefined;
  let servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await schema?.drop();
  });

  it('answers a claimer waiting on one server soon after a post through the other, both ways', async () => {
    schema = await createPgSchema();
    servers = await Promise.all([0, 1].map(() => startServerProcess(storeConf('sqlalchemy', schema!.uri))));
    await wakesAcross(servers[0], servers[1]);
  }, 40_000);
});
