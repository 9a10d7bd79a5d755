/**
 * Long-poll claims (`POST /v2/queues/{q}/claims?wait=N`, an extension) on a
 * real server (zaqar-server's composition in this process, SQLite, HTTP only:
 * posts are announced by the post-announcer stage): bad waits are refused, an
 * empty wait ends in 204, a waiting claimer is woken by the post itself (not by
 * the slow re-check; the 50 ms p99 is measured by test/bench/long-poll.js,
 * since a timed bound here failed under CI's load), 1,000 waiters and 1,000 posts pair up exactly once, waiters are
 * served in arrival order, a client that leaves stops waiting, and a drain
 * answers waits at once. Cross-worker: test/server/long-poll-cluster.test.ts.
 */
import { resolveToken, TOKENS } from '@zaqarjs/core';
import { RECHECK_MS, type ClaimWaiters } from '@zaqarjs/core/api';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { REPO, tempDir } from '../server/cli-process';
import { recordingLogger } from '../support/server';
import { waitFor } from '../support/wait-for';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'Content-Type': 'application/json' };
const WAIT_TEXT = 'The "wait" parameter is invalid. The value must be a number of seconds greater than 0 and at most 20.';

interface Running {
  server: RunningServer;
  base: string;
  waiters: ClaimWaiters;
}

async function start(): Promise<Running> {
  const t = tempDir('zaqar-long-poll-');
  const db = `sqlite:///${t.dir}/zaqar.db`;
  const conf = t.write(
    'zaqar.conf',
    `[DEFAULT]\ndata_dir = ${t.dir}\n[drivers]\ntransport = wsgi\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = 0\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n`,
  );
  const server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: recordingLogger([]) });
  const { host, port } = server.addresses[0];
  return { server, base: `http://${host}:${port}`, waiters: resolveToken(server.container, TOKENS.REQUEST_API).claims.waiters };
}

let running: Running;
let project = 0;
beforeAll(async () => {
  running = await start();
});
afterAll(async () => {
  await running.server.stop(0);
});

/** A requester in a project of its own. */
function inProject(base = running.base) {
  const headers = { ...HEADERS, 'X-Project-ID': `lp-${++project}-${Date.now()}` };
  const call = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    post: (queue: string, bodies: unknown[]) => call('POST', `/v2/queues/${queue}/messages`, { messages: bodies.map((body) => ({ body, ttl: 300 })) }),
    claim: (queue: string, query: string, signal?: AbortSignal) => call('POST', `/v2/queues/${queue}/claims?${query}`, { ttl: 60, grace: 60 }, signal),
  };
}

const idsOf = (claim: { body: { messages: { id: string }[] } }) => claim.body.messages.map((m) => m.id);

describe('POST /v2/queues/{q}/claims?wait=N', () => {
  it.each(['0', '21', 'abc', '-1', '1e3'])('refuses wait=%s with 400 Invalid parameter', async (wait) => {
    const { claim } = inProject();
    expect(await claim('q', `wait=${wait}`)).toEqual({ status: 400, body: { title: 'Invalid parameter', description: WAIT_TEXT } });
  });

  it('answers 204 once the wait is over when nothing is posted, and claims at once when a message is free', async () => {
    const { claim, post } = inProject();
    const started = performance.now();
    expect((await claim('q', 'wait=1')).status).toBe(204);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(running.waiters.size).toBe(0);
    await post('q', ['ready']);
    const quick = performance.now();
    expect((await claim('q', 'wait=5')).status).toBe(201);
    expect(performance.now() - quick).toBeLessThan(500);
  });

  /** Ms from the post's answer (the message is stored) to the waiting claimer's answer; 0 when the claim came first. */
  async function postToClaim(req: ReturnType<typeof inProject>, queue: string, body: unknown, before: () => Promise<unknown>): Promise<number> {
    const claimed = req.claim(queue, 'wait=5').then((c) => ({ ...c, at: performance.now() }));
    await before();
    await req.post(queue, [body]);
    const posted = performance.now();
    const answer = await claimed;
    expect(answer.status).toBe(201);
    expect(answer.body.messages.map((m: { body: unknown }) => m.body)).toEqual([body]);
    return Math.max(0, answer.at - posted);
  }

  // Woken by the post's notice: far sooner than the re-check (RECHECK_MS) that would otherwise find the message.
  const WOKEN_BY_THE_POST_MS = RECHECK_MS / 5;

  it('hands a waiting claimer the message posted 1 s later as soon as it is posted', async () => {
    const req = inProject();
    await req.call('PUT', '/v2/queues/q', {});
    const latency = await postToClaim(req, 'q', 'late', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(running.waiters.size).toBe(1);
    });
    expect(latency).toBeLessThan(WOKEN_BY_THE_POST_MS);
  });

  it('over 100 tries, every waiting claimer is woken by the post', async () => {
    const req = inProject();
    await req.call('PUT', '/v2/queues/q', {});
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      latencies.push(await postToClaim(req, 'q', i, () => waitFor(() => running.waiters.size === 1, { intervalMs: 1, what: 'the claimer waiting' })));
    }
    expect(Math.max(...latencies)).toBeLessThan(WOKEN_BY_THE_POST_MS);
  });

  it('pairs 1,000 waiting claimers with 1,000 posted messages: each message claimed exactly once', async () => {
    const { claim, post, call } = inProject();
    const claims = Array.from({ length: 1000 }, () => claim('many', 'wait=20&limit=1'));
    await waitFor(() => running.waiters.size === 1000, { timeoutMs: 20_000, what: '1,000 claimers waiting' });
    const posted: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post('many', [batch * 50 + i])));
      for (const answer of answers) posted.push(...(answer.body.resources as string[]).map((href) => href.split('/').pop()!));
    }
    const answers = await Promise.all(claims);
    expect(answers.map((a) => a.status)).toEqual(Array(1000).fill(201));
    const claimedIds = answers.flatMap(idsOf);
    expect(claimedIds).toHaveLength(1000);
    expect(new Set(claimedIds)).toEqual(new Set(posted));
    expect((await call('GET', '/v2/queues/many/stats')).body.messages).toMatchObject({ claimed: 1000, free: 0 });
  }, 60_000);

  it('serves waiting claimers in arrival order, one per posted message', async () => {
    const { claim, post } = inProject();
    const order: number[] = [];
    const claims = [];
    for (let i = 0; i < 5; i++) {
      claims.push(claim('line', 'wait=10&limit=1').then((answer) => (order.push(i), answer)));
      await waitFor(() => running.waiters.size === i + 1, { what: `claimer ${i} waiting` });
    }
    for (let i = 0; i < 5; i++) {
      await post('line', [i]);
      await waitFor(() => order.length === i + 1, { what: `message ${i} claimed` });
    }
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect((await Promise.all(claims)).map((a) => a.body.messages[0].body)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops waiting for a client that disconnects: the message goes to the next claimer', async () => {
    const { claim, post } = inProject();
    const gone = new AbortController();
    const abandoned = claim('left', 'wait=20', gone.signal).catch((error: Error) => error.name);
    await waitFor(() => running.waiters.size === 1, { what: 'the claimer waiting' });
    gone.abort();
    expect(await abandoned).toBe('AbortError');
    await waitFor(() => running.waiters.size === 0, { what: 'the wait ended' });
    await post('left', ['kept']);
    const next = await claim('left', 'wait=1');
    expect(next.body.messages.map((m: { body: unknown }) => m.body)).toEqual(['kept']);
  });
});

describe('a draining server', () => {
  it('answers waiting claimers 204 at once instead of holding the drain for the wait', async () => {
    const own = await start();
    const { claim } = inProject(own.base);
    const claimed = claim('drain', 'wait=20').then((c) => ({ ...c, at: performance.now() }));
    await waitFor(() => own.waiters.size === 1, { what: 'the claimer waiting' });
    const stopping = performance.now();
    const stopped = own.server.stop(10_000);
    const answer = await claimed;
    expect(answer.status).toBe(204);
    expect(answer.at - stopping).toBeLessThan(1000);
    await stopped;
  });
});
