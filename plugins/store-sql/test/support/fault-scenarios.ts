/**
 * Connection faults on a real database server, through the real HTTP server:
 * the database becomes unreachable, or kills the store's connections. Requests
 * must answer at once with 503 and the Zaqar error body (never 500, never hang),
 * and the server must recover by itself (the pools reconnect).
 * Registered by test/faults/sql-*.test.ts, once per dialect.
 */
import { randomBytes } from 'node:crypto';
import { startServer, type TestServer } from '../../../../test/support/server';
import { createScratch, describeWithServer, SERVER_URIS, withMysql, withPg, type ScratchDatabase, type ServerKind } from './sql-servers';
import { TcpProxy } from './tcp-proxy';

const TEST_STORE: Record<ServerKind, string> = { postgresql: 'postgres', mysql: 'mariadb' };
const unavailable = (what: string) => ({ title: 'Service temporarily unavailable', description: `${what} Please try again in a few seconds.` });

/** `uri` with its host and port replaced by the proxy's, tagged so its connections can be found. */
function proxiedUri(kind: ServerKind, uri: string, port: number, tag: string): string {
  const moved = uri.replace(/@[^/@]+\//, `@127.0.0.1:${port}/`);
  return kind === 'postgresql' ? `${moved}&application_name=${tag}` : moved;
}

/** Kills every connection the server under test holds; returns how many. */
async function killConnections(kind: ServerKind, scratch: ScratchDatabase, tag: string): Promise<number> {
  if (kind === 'postgresql') {
    const { rowCount } = await withPg((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [tag]));
    return rowCount ?? 0;
  }
  return withMysql(async (c) => {
    const [rows] = await c.query('select id from information_schema.processlist where db = ? and id <> connection_id()', [scratch.name]);
    for (const { id } of rows as { id: number }[]) await c.query(`kill ${Number(id)}`).catch(() => undefined);
    return (rows as unknown[]).length;
  });
}

/** Repeats `request` until it answers `status` (at most `attempts` times, a little apart); returns the statuses seen. */
async function until(status: number, request: () => Promise<{ status: number }>, attempts = 50): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const res = await request();
    seen.push(res.status);
    if (res.status === status) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

/** Registers the fault tests of one dialect (skipped with the reason when its server is down outside CI). */
export function runConnectionFaults(kind: ServerKind, label: string): void {
  describeWithServer(kind, `${label}: connection faults over HTTP`, () => {
    const tag = `zaqar-faults-${randomBytes(4).toString('hex')}`;
    const target = new URL(SERVER_URIS[kind].replace(/^[a-z+]+:/, 'http:'));
    const proxy = new TcpProxy(target.hostname, Number(target.port || (kind === 'postgresql' ? 5432 : 3306)));
    let scratch: ScratchDatabase;
    let server: TestServer;
    const post = (queue: string, body: unknown) => server.request('POST', `/v2/queues/${queue}/messages`, { body: { messages: [{ body, ttl: 300 }] } });

    beforeAll(async () => {
      scratch = await createScratch(kind);
      const uri = proxiedUri(kind, `${scratch.uri}${scratch.uri.includes('?') ? '&' : '?'}connect_timeout=2`, await proxy.start(), tag);
      const stores = { 'drivers:message_store:sqlalchemy': { uri }, 'drivers:management_store:sqlalchemy': { uri } };
      server = await startServer({ store: TEST_STORE[kind], conf: stores });
    });
    afterAll(async () => {
      await server?.close();
      await proxy.stop();
      await scratch?.drop();
    });

    it('answers 503 with the Zaqar error body while the database is unreachable, and recovers by itself', async () => {
      expect((await post('down', 'before')).status).toBe(201);
      await proxy.stop();
      try {
        const answers = [
          [await server.request('PUT', '/v2/queues/other'), 'Queue could not be created.'],
          [await post('down', 'lost'), 'Messages could not be enqueued.'],
          [await server.request('GET', '/v2/queues/down/messages?echo=true'), 'Messages could not be listed.'],
          [await server.request('POST', '/v2/queues/down/claims'), 'Claim could not be created.'],
          [await server.request('GET', '/v2/queues/down/stats'), 'Queue stats could not be read.'],
        ] as const;
        for (const [res, what] of answers) {
          expect(res.status).toBe(503);
          expect(res.body).toEqual(unavailable(what));
        }
      } finally {
        await proxy.start();
      }
      const seen = await until(201, () => post('down', 'after'));
      expect(seen[seen.length - 1]).toBe(201);
      expect(seen.every((s) => s === 201 || s === 503)).toBe(true);
      const listed = await server.request('GET', '/v2/queues/down/messages?echo=true');
      expect(listed.body.messages.map((m: { body: string }) => m.body)).toEqual(['before', 'after']);
    });

    it('answers 503 (never 500) after its connections are killed, then serves again without a restart', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => post('killed', `warm-${i}`)));
      expect(await killConnections(kind, scratch, tag)).toBeGreaterThan(0);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post('killed', `after-${i}`)).status);
      statuses.push(...(await until(201, () => post('killed', 'last'))));
      expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
      expect(statuses[statuses.length - 1]).toBe(201);
      expect((await server.request('GET', '/v2/queues/killed/stats')).status).toBe(200);
    });

    it('loses no acknowledged message when connections are killed in the middle of concurrent posts and claims', async () => {
      const acked: string[] = [];
      const statuses: number[] = [];
      for (let wave = 0; wave < 3; wave++) {
        const inflight = Promise.all([
          ...Array.from({ length: 20 }, async (_, i) => {
            const res = await post('busy', `w${wave}-${i}`);
            statuses.push(res.status);
            if (res.status === 201) acked.push(`w${wave}-${i}`);
          }),
          ...Array.from({ length: 5 }, async () =>
            statuses.push((await server.request('POST', '/v2/queues/busy/claims?limit=2', { body: { ttl: 60, grace: 60 } })).status),
          ),
        ]);
        await killConnections(kind, scratch, tag);
        await inflight;
      }
      expect(statuses.filter((s) => ![201, 204, 503].includes(s))).toEqual([]);
      expect((await until(200, () => server.request('GET', '/v2/queues/busy/stats'))).pop()).toBe(200);
      const stored: string[] = [];
      let path: string | undefined = '/v2/queues/busy/messages?echo=true&include_claimed=true&limit=20';
      while (path) {
        const page: { status: number; body: { messages: { body: string }[]; links: { rel: string; href: string }[] } } = await server.request('GET', path);
        expect(page.status).toBe(200);
        stored.push(...page.body.messages.map((m) => m.body));
        path = page.body.messages.length > 0 ? page.body.links.find((l) => l.rel === 'next')?.href : undefined;
      }
      expect(stored).toEqual(expect.arrayContaining(acked));
      expect(new Set(stored).size).toBe(stored.length);
    });
  });
}
