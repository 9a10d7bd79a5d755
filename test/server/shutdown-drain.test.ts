/**
 * SIGTERM under load (issue 9, part 6), on the real `zaqar-server` process: keep-alive
 * clients post in a loop; the server must stop accepting at once, answer what it accepted
 * (with `Connection: close` from the signal on), close idle connections without a reset,
 * and exit as soon as the in-flight requests are answered, well before
 * graceful_shutdown_timeout. "Accepted" is checked against the store: after a restart on
 * the same database, the stored messages are exactly those whose post was answered 201.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { logLines, startCli, tempDir, type CliServer } from './cli-process';

const CLIENTS = 12;
const POSTS_PER_CLIENT = 40;
const GRACE_S = 20;
const HEADERS = { 'client-id': '3381af92-2b9e-11e3-b191-71861300734c', 'x-project-id': 'drain', 'content-type': 'application/json' };

/** What one post came to, from the client's side. */
interface Attempt {
  body: string;
  status?: number;
  connection?: string;
  requestId?: string;
  complete?: boolean;
  /** `hang-up`: closed before any answer (a FIN); `reset`: ECONNRESET/EPIPE on the wire; `refused`: no listener. */
  failure?: 'hang-up' | 'reset' | 'refused' | string;
}

function conf(dir: string): string {
  const db = `sqlite:///${dir}/zaqar.db`;
  return (
    `[DEFAULT]\ngraceful_shutdown_timeout = ${GRACE_S}\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = 0\n` +
    `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n`
  );
}

function failureOf(error: NodeJS.ErrnoException): Attempt['failure'] {
  if (error.code === 'ECONNREFUSED') return 'refused';
  if (error.code === 'ECONNRESET' && error.message === 'socket hang up') return 'hang-up';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return 'reset';
  return `${error.code}: ${error.message}`;
}

function post(url: string, agent: http.Agent, queue: string, body: string): Promise<Attempt> {
  const payload = JSON.stringify({ messages: [{ ttl: 300, body }] });
  return new Promise((resolve) => {
    const req = http.request(`${url}/v2/queues/${queue}/messages`, { method: 'POST', agent, headers: HEADERS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('error', (error) => resolve({ body, status: res.statusCode, failure: failureOf(error) }));
      res.on('end', () => {
        let complete = Buffer.byteLength(text) === Number(res.headers['content-length']);
        try {
          complete &&= Array.isArray(JSON.parse(text).resources);
        } catch {
          complete = false;
        }
        resolve({ body, status: res.statusCode, connection: res.headers.connection, requestId: res.headers['x-openstack-request-id'] as string, complete });
      });
    });
    req.on('error', (error) => resolve({ body, failure: failureOf(error) }));
    req.end(payload);
  });
}

/** One keep-alive client posting to its own queue until refused or done. */
async function client(url: string, index: number, attempts: Attempt[], answered: () => void): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let n = 0; n < POSTS_PER_CLIENT; n++) {
      const attempt = await post(url, agent, `drain-${index}`, `c${index}-${n}`);
      attempts.push(attempt);
      if (attempt.status) answered();
      if (attempt.failure === 'refused') return;
    }
  } finally {
    agent.destroy();
  }
}

/** A raw connection: what it received, whether it saw a reset, and when the server closed it. */
function rawConnection(url: string): Promise<{ socket: net.Socket; received: () => string; ended: Promise<'end' | string> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => resolve({ socket, received: () => received, ended }));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (received += chunk));
    const ended = new Promise<'end' | string>((done) => {
      socket.on('end', () => done('end'));
      socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    });
    socket.once('error', reject);
  });
}

function rawPost(queue: string, body: string): string {
  const payload = JSON.stringify({ messages: [{ ttl: 300, body }] });
  const head = Object.entries(HEADERS)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `POST /v2/queues/${queue}/messages HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}content-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
}

/** Resolves when the server's stdout has logged `event`. */
function logged(server: CliServer, event: string): Promise<void> {
  let out = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      out += chunk;
      if (!logLines(out).some((line) => line.event === event)) return;
      server.child.stdout?.off('data', onData);
      resolve();
    };
    server.child.stdout?.on('data', onData);
  });
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Every message body stored in `queue` (all pages). */
async function storedBodies(url: string, queue: string): Promise<string[]> {
  const bodies: string[] = [];
  let next: string | undefined = `/v2/queues/${queue}/messages?echo=true&limit=20`;
  while (next) {
    const res = await fetch(`${url}${next}`, { headers: HEADERS });
    if (res.status === 204) break;
    const page = (await res.json()) as { messages: { body: string }[]; links: { rel: string; href: string }[] };
    bodies.push(...page.messages.map((m) => m.body));
    next = page.messages.length > 0 ? page.links.find((l) => l.rel === 'next')?.href : undefined;
  }
  return bodies;
}

describe('zaqar-server SIGTERM under load', () => {
  it('answers every accepted request with Connection: close, resets nothing and exits once they are answered', async () => {
    const t = tempDir('zaqar-drain-');
    const confFile = t.write('zaqar.conf', conf(t.dir));
    const server = await startCli(['--config-file', confFile]);
    const url = server.url('wsgi');
    const attempts: Attempt[] = [];
    let responses = 0;

    // A connection that finished a request and sits idle: it must get a FIN, not a reset.
    const idle = await rawConnection(url);
    idle.socket.write(rawPost('drain-raw', 'idle-first'));
    await until(() => idle.received().includes('\r\n\r\n{'), "the idle connection's first answer");
    // Requests whose bytes arrived before the signal but are incomplete: one cut in its
    // headers (no request yet for Node), one cut in its body (a request in flight).
    const inHeaders = await rawConnection(url);
    const inBody = await rawConnection(url);
    const headersCut = rawPost('drain-raw', 'cut-in-headers');
    const bodyCut = rawPost('drain-raw', 'cut-in-body');
    inHeaders.socket.write(headersCut.slice(0, 60));
    inBody.socket.write(bodyCut.slice(0, -10));

    const clients = Array.from({ length: CLIENTS }, (_, i) => client(url, i, attempts, () => responses++));
    await until(() => responses >= 100, '100 answered posts');
    const stopping = logged(server, 'stopping');
    const signalled = Date.now();
    const exited = server.stop('SIGTERM');
    await stopping;
    inHeaders.socket.write(headersCut.slice(60));
    inBody.socket.write(bodyCut.slice(-10));
    await Promise.all(clients);
    const result = await exited;
    const exitMs = Date.now() - signalled;

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(exitMs).toBeLessThan(5_000);
    // The idle connection got a FIN; the two cut requests were completed and answered with Connection: close.
    expect(await idle.ended).toBe('end');
    for (const cut of [inHeaders, inBody]) {
      expect(await cut.ended).toBe('end');
      expect(cut.received()).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
      expect(cut.received().toLowerCase()).toContain('\r\nconnection: close\r\n');
    }

    // Every answer is whole; nobody saw a reset; answers logged after `stopping` say Connection: close.
    const answered = attempts.filter((a) => a.status !== undefined);
    expect(answered.filter((a) => a.status !== 201 || !a.complete)).toEqual([]);
    expect(attempts.filter((a) => a.failure !== undefined && a.failure !== 'hang-up' && a.failure !== 'refused')).toEqual([]);
    const lines = logLines(result.stdout);
    const stopAt = lines.findIndex((line) => line.event === 'stopping');
    const afterStop = new Set(
      lines
        .slice(stopAt)
        .filter((line) => line.msg === 'request')
        .map((line) => line.requestId),
    );
    expect(afterStop.size).toBeGreaterThanOrEqual(2);
    expect(answered.filter((a) => afterStop.has(a.requestId) && a.connection !== 'close')).toEqual([]);

    // Restart on the same database: stored = answered 201, for every client.
    const again = await startCli(['--config-file', confFile]);
    try {
      for (let i = 0; i < CLIENTS; i++) {
        const mine = attempts.filter((a) => a.body.startsWith(`c${i}-`));
        const stored = await storedBodies(again.url('wsgi'), `drain-${i}`);
        expect(stored.sort()).toEqual(
          mine
            .filter((a) => a.status === 201)
            .map((a) => a.body)
            .sort(),
        );
      }
      expect((await storedBodies(again.url('wsgi'), 'drain-raw')).sort()).toEqual(['cut-in-body', 'cut-in-headers', 'idle-first']);
    } finally {
      await again.stop();
    }
  });

  it('exits at once, without draining, on a second signal', async () => {
    const t = tempDir('zaqar-drain-');
    const server = await startCli(['--config-file', t.write('zaqar.conf', conf(t.dir))]);
    const stuck = await rawConnection(server.url('wsgi'));
    stuck.socket.write(rawPost('stuck', 'never-finished').slice(0, -5));
    const stopping = logged(server, 'stopping');
    const exited = server.stop('SIGTERM');
    await stopping;
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const result = await exited;
    expect(Date.now() - signalled).toBeLessThan(2_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('zaqar-server: SIGTERM again, exiting without draining\n');
    stuck.socket.destroy();
  });
});
