/**
 * With no configuration file at all, zaqar-server serves HTTP (wsgi) on the
 * embedded SQLite store under data/ in the working directory — the README's
 * quick start, including its curl session (done here with fetch).
 * Only the port comes from the environment, so parallel tests do not collide on 8888.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCli, tempDir, type CliServer } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'readme', 'Content-Type': 'application/json' };

describe('zaqar-server with no configuration file', () => {
  let server: CliServer;
  let cwd: string;

  beforeAll(async () => {
    cwd = tempDir('zaqar-embedded-').dir;
    server = await startCli([], { cwd, home: cwd, env: { 'OS_DRIVERS:TRANSPORT:WSGI__PORT': '0' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers GET /v2/ping with 204 and keeps its data in ./data/zaqar.db', async () => {
    expect(new URL(server.url('wsgi')).hostname).toBe('127.0.0.1');
    expect((await fetch(`${server.url('wsgi')}/v2/ping`, { headers: HEADERS })).status).toBe(204);
    expect(fs.existsSync(path.join(cwd, 'data', 'zaqar.db'))).toBe(true);
  });

  it('runs the README curl session: create a queue, post a message, claim it, delete it', async () => {
    const base = `${server.url('wsgi')}/v2/queues/demo`;
    const created = await fetch(base, { method: 'PUT', headers: HEADERS, body: '{"description": "README demo"}' });
    expect(created.status).toBe(201);

    const posted = await fetch(`${base}/messages`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ messages: [{ ttl: 300, body: { event: 'hello' } }] }),
    });
    expect(posted.status).toBe(201);
    const { resources } = (await posted.json()) as { resources: string[] };
    expect(resources).toHaveLength(1);

    const claimed = await fetch(`${base}/claims`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ ttl: 300, grace: 60 }) });
    expect(claimed.status).toBe(201);
    const { messages } = (await claimed.json()) as { messages: { body: unknown; href: string }[] };
    expect(messages.map((m) => m.body)).toEqual([{ event: 'hello' }]);

    const deleted = await fetch(`${server.url('wsgi')}${messages[0].href}`, { method: 'DELETE', headers: HEADERS });
    expect(deleted.status).toBe(204);
    const stats = (await (await fetch(`${base}/stats`, { headers: HEADERS })).json()) as { messages: { total: number } };
    expect(stats.messages.total).toBe(0);
  });

  it('exits 0 on SIGTERM', async () => {
    const result = await server.stop('SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
