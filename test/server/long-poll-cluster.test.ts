/**
 * Long-poll claims across worker processes (`[DEFAULT] workers = 2`, SQLite,
 * HTTP only): a post made through either worker wakes claimers waiting on the
 * other (the notice is relayed by the primary), well before the 5 s re-check,
 * and every message is claimed exactly once. Which worker holds a wait is read
 * from the `pid` of its `claim_waiting` debug line.
 */
import { waitFor } from '../support/wait-for';
import { logLines, startCli, tempDir, type CliServer } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'lp-cluster', 'Content-Type': 'application/json' };
const CLAIMERS = 10;

describe('long-poll claims with two worker processes', () => {
  let server: CliServer;
  afterAll(async () => void (await server?.stop()));

  it('wakes claimers on both workers from posts through either, each message claimed once', async () => {
    const t = tempDir('zaqar-lp-cluster-');
    const uri = `sqlite:///${t.dir}/zaqar.db`;
    const conf = t.write(
      'zaqar.conf',
      `[DEFAULT]\ndebug = true\n[drivers]\ntransport = wsgi\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = 0\n` +
        `[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`,
    );
    server = await startCli(['--config-file', conf], { cwd: t.dir, env: { OS_DEFAULT__WORKERS: '2' } });
    await waitFor(() => logLines(server.stdout()).filter((l) => l.event === 'worker_ready').length >= 2, { timeoutMs: 20_000, what: 'two workers' });
    const call = (method: string, path: string, body: unknown) =>
      fetch(server.url() + path, { method, headers: HEADERS, body: JSON.stringify(body) }).then(async (res) => ({
        status: res.status,
        body: await res.text().then((text) => (text ? JSON.parse(text) : undefined)),
        at: performance.now(),
      }));
    expect((await call('PUT', '/v2/queues/lp', {})).status).toBe(201);

    const claims = Array.from({ length: CLAIMERS }, () => call('POST', '/v2/queues/lp/claims?wait=20&limit=1', { ttl: 60, grace: 60 }));
    const waiting = () => logLines(server.stdout()).filter((l) => l.event === 'claim_waiting');
    await waitFor(() => waiting().length >= CLAIMERS, { timeoutMs: 10_000, what: 'every claimer waiting' });
    expect(new Set(waiting().map((l) => l.pid)).size).toBe(2);

    const answered: { at: number; id: string }[] = [];
    for (const claim of claims) void claim.then((c) => answered.push({ at: c.at, id: c.body.messages[0].id }));
    const posted: string[] = [];
    for (let i = 0; i < CLAIMERS; i++) {
      const res = await call('POST', '/v2/queues/lp/messages', { messages: [{ body: i, ttl: 300 }] });
      posted.push(res.body.resources[0].split('/').pop());
      // Well under the 5 s re-check: woken by the relayed notice, whichever worker took the post.
      await waitFor(() => answered.length === i + 1, { timeoutMs: 1500, what: `message ${i} claimed` });
    }
    expect((await Promise.all(claims)).map((c) => c.status)).toEqual(Array(CLAIMERS).fill(201));
    expect(answered.map((a) => a.id).sort()).toEqual([...posted].sort());
  }, 40_000);
});
