/**
 * `zaqar-server` with `[DEFAULT] workers = 2` (node:cluster), as real processes
 * on the embedded SQLite store: websocket subscribers hear posts made through
 * either worker (relayed by the primary: SQLite has no cross-process channel),
 * concurrent claimers get disjoint messages, a killed worker is replaced, and
 * SIGTERM drains every worker and exits 0. Which worker served what is read
 * from the `pid` of the log lines (access lines, `ws_connected` at debug level).
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { WsClient } from '../websocket/support/ws-client';
import { waitFor } from '../support/wait-for';
import { logLines, runCli, startCli, tempDir, type CliServer } from './cli-process';
import { HEAP_FLAGS } from '../../packages/server/src/cluster/worker-flags';

const PROJECT = 'cluster-project';
const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': PROJECT, 'Content-Type': 'application/json' };
const CONF = `[DEFAULT]
debug = true
[drivers]
transport = wsgi, websocket
[drivers:transport:wsgi]
bind = 127.0.0.1
port = 0
[drivers:transport:websocket]
bind = 127.0.0.1
port = 0
`;

type Line = Record<string, unknown>;
const linesOf = (server: CliServer, where: (line: Line) => boolean): Line[] => logLines(server.stdout()).filter(where);
const readyWorkers = (server: CliServer) => linesOf(server, (l) => l.event === 'worker_ready');
const pidsOf = (lines: Line[]) => new Set(lines.map((l) => l.pid));

async function http(server: CliServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url('wsgi')}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('zaqar-server with two worker processes (SQLite)', () => {
  let server: CliServer;

  beforeAll(async () => {
    const dir = tempDir('zaqar-cluster-');
    const conf = dir.write('zaqar.conf', CONF);
    server = await startCli(['--config-file', conf], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '2' } }, 2);
    await waitFor(() => readyWorkers(server).length >= 2, { timeoutMs: 20_000, what: 'two workers ready' });
  }, 30_000);
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('pushes every post, through either worker, to subscribers on both workers', async () => {
    const subscribers: WsClient[] = [];
    // Round-robin hands connections to the workers in turn; keep connecting until both have subscribers.
    for (let i = 0; i < 12 && pidsOf(linesOf(server, (l) => l.event === 'ws_connected')).size < 2; i++) {
      const client = await WsClient.connect(server.url('websocket').replace('http', 'ws'), PROJECT);
      expect((await client.request('subscription_create', { queue_name: 'fan', ttl: 300 })).headers.status).toBe(201);
      subscribers.push(client);
      await waitFor(() => linesOf(server, (l) => l.event === 'ws_connected').length >= subscribers.length, { what: 'ws_connected logged' });
    }
    expect(pidsOf(linesOf(server, (l) => l.event === 'ws_connected')).size).toBe(2);

    const posted: string[] = [];
    for (let i = 0; i < 8; i++) {
      // Sequential posts over fresh connections: they alternate between the workers.
      const res = await fetch(`${server.url('wsgi')}/v2/queues/fan/messages`, {
        method: 'POST',
        headers: { ...HEADERS, Connection: 'close' },
        body: JSON.stringify({ messages: [{ body: { n: i }, ttl: 300 }] }),
      });
      expect(res.status).toBe(201);
      posted.push(...((await res.json()) as { resources: string[] }).resources.map((r) => r.split('/').pop()!));
    }
    await waitFor(() => pidsOf(linesOf(server, (l) => l.path === '/v2/queues/fan/messages' && l.method === 'POST')).size === 2, {
      what: 'both workers logged a post',
    });

    for (const subscriber of subscribers) {
      const frames = await subscriber.waitForNotifications(posted.length);
      expect(frames.map((f) => (f.document as { id: string }).id).sort()).toEqual([...posted].sort());
    }
    await Promise.all(subscribers.map((s) => s.close()));
  }, 30_000);

  it('gives concurrent claimers on both workers disjoint messages', async () => {
    expect((await http(server, 'PUT', '/v2/queues/jobs')).status).toBe(201);
    const messages = Array.from({ length: 100 }, (_, n) => ({ body: { n }, ttl: 300 }));
    for (let i = 0; i < 100; i += 10)
      expect((await http(server, 'POST', '/v2/queues/jobs/messages', { messages: messages.slice(i, i + 10) })).status).toBe(201);

    const claimer = async (): Promise<string[]> => {
      const got: string[] = [];
      for (;;) {
        const res = await http(server, 'POST', '/v2/queues/jobs/claims', { ttl: 300, grace: 60, limit: 3 });
        if (res.status === 204) return got;
        expect(res.status).toBe(201);
        got.push(...(res.json as { messages: { id: string }[] }).messages.map((m) => m.id));
      }
    };
    const claimed = (await Promise.all(Array.from({ length: 12 }, claimer))).flat();
    expect(claimed).toHaveLength(100);
    expect(new Set(claimed).size).toBe(100);
    await waitFor(() => pidsOf(linesOf(server, (l) => l.path === '/v2/queues/jobs/claims' && l.status === 201)).size === 2, {
      what: 'both workers logged a claim',
    });
  }, 30_000);

  it('makes every worker forget queue metadata changed through one of them', async () => {
    expect((await http(server, 'PUT', '/v2/queues/meta')).status).toBe(201);
    const post = (bytes: number) =>
      fetch(`${server.url('wsgi')}/v2/queues/meta/messages`, {
        method: 'POST',
        headers: { ...HEADERS, Connection: 'close' },
        body: JSON.stringify({ messages: [{ body: 'x'.repeat(bytes), ttl: 300 }] }),
      });
    // Both workers read (and memoise, [storage] queue_metadata_cache_ttl) the metadata on the post path.
    for (let i = 0; i < 4; i++) expect((await post(1000)).status).toBe(201);
    const patch = await fetch(`${server.url('wsgi')}/v2/queues/meta`, {
      method: 'PATCH',
      headers: { ...HEADERS, 'Content-Type': 'application/openstack-messaging-v2.0-json-patch', Connection: 'close' },
      body: JSON.stringify([{ op: 'add', path: '/metadata/_max_messages_post_size', value: 512 }]),
    });
    expect(patch.status).toBe(200);
    // At once, on whichever worker: the limit applies.
    for (let i = 0; i < 4; i++) expect((await post(1000)).status).toBe(400);
    // Access lines reach stdout within the log's flush interval (100 ms), not with the response.
    await waitFor(() => pidsOf(linesOf(server, (l) => l.path === '/v2/queues/meta/messages' && l.status === 400)).size === 2, {
      what: 'both workers logged a 400',
    });
  }, 30_000);

  it('starts every worker with the V8 heap flags (per-worker RSS under load)', () => {
    const workers = readyWorkers(server).slice(0, 2);
    for (const worker of workers) {
      const argv = readFileSync(`/proc/${Number(worker.workerPid)}/cmdline`, 'utf8').split('\0');
      expect(argv).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
    }
  });

  it('logs SIGHUP sent to the primary or to a worker and keeps serving on every worker (logrotate sends it)', async () => {
    const worker = readyWorkers(server)[0];
    server.child.kill('SIGHUP');
    process.kill(Number(worker.workerPid), 'SIGHUP');
    await waitFor(() => linesOf(server, (l) => l.event === 'signal' && l.signal === 'SIGHUP').length >= 2, { what: 'both SIGHUPs logged' });
    expect(pidsOf(linesOf(server, (l) => l.event === 'signal' && l.signal === 'SIGHUP'))).toEqual(new Set([server.child.pid, worker.workerPid]));
    expect(server.child.exitCode).toBeNull();
    for (let i = 0; i < 4; i++) expect((await http(server, 'GET', '/v2/ping')).status).toBe(204);
    expect(linesOf(server, (l) => l.event === 'worker_died')).toHaveLength(0);
  });

  it('replaces a worker that is killed, and keeps serving', async () => {
    const [victim] = readyWorkers(server).filter((l) => l.slot === 1);
    process.kill(Number(victim.workerPid), 'SIGKILL');
    await waitFor(() => linesOf(server, (l) => l.event === 'worker_died' && l.workerPid === victim.workerPid).length === 1, { what: 'worker_died logged' });
    const replacement = await waitFor(() => readyWorkers(server).find((l) => l.slot === 1 && l.workerPid !== victim.workerPid), {
      timeoutMs: 15_000,
      what: 'slot 1 restarted',
    });
    expect(replacement.workerPid).not.toBe(victim.workerPid);
    for (let i = 0; i < 4; i++) expect((await http(server, 'GET', '/v2/queues/jobs/stats')).status).toBe(200);
  }, 30_000);

  it('drains every worker on SIGTERM: requests in flight on each are answered, then the primary exits 0', async () => {
    const workers = new Set(readyWorkers(server).map((l) => l.workerPid));
    const inFlight = await postsInFlight(server, 4);
    server.child.kill('SIGTERM');
    await waitFor(() => linesOf(server, (l) => l.event === 'stopping').length >= 2, { what: 'both workers draining' });
    await inFlight.answered();
    const result = await server.exited;
    expect(result.code).toBe(0);
    const lines = logLines(result.stdout);
    expect(pidsOf(lines.filter((l) => l.path === '/v2/queues/drain/messages' && l.status === 201)).size).toBe(2);
    const live = [...workers].filter((pid) => !lines.some((l) => l.event === 'worker_died' && l.workerPid === pid));
    expect(
      lines
        .filter((l) => l.event === 'stopped')
        .map((l) => l.pid)
        .sort(),
    ).toEqual(live.sort());
    expect(lines.filter((l) => l.event === 'worker_stopped' && l.code === 0)).toHaveLength(2);
  }, 30_000);
});

describe('zaqar-server workers signalled along with the primary', () => {
  it("drains every worker when each gets SIGTERM itself after the primary's order (systemd's stop, a terminal's Ctrl-C)", async () => {
    const dir = tempDir('zaqar-cluster-signalled-');
    const conf = dir.write('zaqar.conf', CONF);
    const server = await startCli(['--config-file', conf], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '2' } }, 2);
    try {
      await waitFor(() => readyWorkers(server).length >= 2, { timeoutMs: 20_000, what: 'two workers ready' });
      const inFlight = await postsInFlight(server, 2);
      server.child.kill('SIGTERM');
      await waitFor(() => linesOf(server, (l) => l.event === 'stopping').length >= 2, { what: 'both workers draining' });
      // The signal every process of the service gets: a worker's first, after the primary's order.
      for (const line of readyWorkers(server)) process.kill(Number(line.workerPid), 'SIGTERM');
      await inFlight.answered();
      const result = await server.exited;
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/again, exiting without draining/);
      expect(logLines(result.stdout).filter((l) => l.event === 'worker_stopped' && l.code === 0)).toHaveLength(2);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 30_000);
});

/**
 * `count` connections (round-robin over the workers), each with a post to queue `drain` whose
 * body is half sent; `answered()` sends the rest and checks that each is answered 201 with
 * `connection: close` before its connection closes.
 */
async function postsInFlight(server: CliServer, count: number): Promise<{ answered(): Promise<void> }> {
  const { port } = new URL(server.url('wsgi'));
  const body = JSON.stringify({ messages: [{ body: 'in flight', ttl: 300 }] });
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
        }),
    ),
  );
  const received = sockets.map(() => '');
  sockets.forEach((socket, i) => socket.on('data', (chunk) => (received[i] += chunk)));
  const closed = sockets.map((socket) => new Promise<void>((resolve) => socket.on('close', () => resolve())));
  const request = (method: string, path: string, extra: Record<string, string>) =>
    `${method} ${path} HTTP/1.1\r\nHost: x\r\n${Object.entries({ ...HEADERS, ...extra })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n`;
  // A first request answered on each connection: it is a worker's by then, not waiting in the primary.
  sockets.forEach((socket) => socket.write(request('GET', '/v2/ping', {})));
  await waitFor(() => received.every((text) => text.startsWith('HTTP/1.1 204')), { what: 'pings answered' });
  received.fill('');
  sockets.forEach((socket) =>
    socket.write(request('POST', '/v2/queues/drain/messages', { 'Content-Length': String(Buffer.byteLength(body)) }) + body.slice(0, 10)),
  );
  return {
    async answered() {
      for (const socket of sockets) socket.write(body.slice(10));
      await Promise.all(closed);
      for (const text of received) {
        expect(text).toMatch(/^HTTP\/1\.1 201 /);
        expect(text).toMatch(/\r\nconnection: close\r\n/i);
      }
    },
  };
}

describe('zaqar-server workers at startup', () => {
  it('exits 1 with the one line of a worker that could not start, starting no other', async () => {
    const dir = tempDir('zaqar-cluster-bad-');
    const conf = dir.write('zaqar.conf', '[drivers]\nmessage_store = nosuch\n');
    const result = await runCli(['--config-file', conf], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '2' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-server: Unknown \[drivers\] message_store "nosuch"; available: .*\n$/);
    expect(logLines(result.stdout).filter((l) => l.event === 'primary')).toEqual([expect.objectContaining({ workers: 2 })]);
  });
});
