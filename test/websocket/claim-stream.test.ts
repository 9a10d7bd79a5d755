/**
 * Over websocket on a real server (zaqar-server's composition in this process,
 * SQLite, wsgi + websocket): `claim_create` with `wait` long-polls, and
 * `claim_stream` pushes claimed messages as they are posted, never more
 * unacknowledged than its credit, takes `message_delete` with the claim id as
 * the acknowledgement, and releases its claims the moment the connection
 * closes. Latency at 1,000 msg/s is measured by `npm run bench` (test/bench/long-poll.js).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { REPO, tempDir } from '../server/cli-process';
import { recordingLogger } from '../support/server';
import { waitFor } from '../support/wait-for';
import { WsClient } from './support/ws-client';

let server: RunningServer;
let httpBase: string;
let wsUrl: string;
let projects = 0;

beforeAll(async () => {
  const t = tempDir('zaqar-claim-stream-');
  const db = `sqlite:///${t.dir}/zaqar.db`;
  const conf = t.write(
    'zaqar.conf',
    `[DEFAULT]\ndata_dir = ${t.dir}\n[drivers]\ntransport = wsgi, websocket\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = 0\n` +
      `[drivers:transport:websocket]\nbind = 127.0.0.1\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n`,
  );
  server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: recordingLogger([]) });
  const address = (name: string) => server.addresses.find((a) => a.transport === name)!;
  httpBase = `http://${address('wsgi').host}:${address('wsgi').port}`;
  wsUrl = `ws://${address('websocket').host}:${address('websocket').port}`;
});
afterAll(async () => {
  await server.stop(0);
});

/** A websocket client and an HTTP poster in a project of their own. */
async function session() {
  const project = `cs-${++projects}-${Date.now()}`;
  const client = await WsClient.connect(wsUrl, project);
  const headers = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': project, 'Content-Type': 'application/json' };
  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(httpBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const post = (queue: string, bodies: unknown[]) => http('POST', `/v2/queues/${queue}/messages`, { messages: bodies.map((body) => ({ body, ttl: 300 })) });
  return { client, http, post };
}

interface Pushed {
  claimId: string;
  messages: { id: string; body: unknown; claim_id: string }[];
}

/** The stream frames received so far, checked for shape. */
function pushes(client: WsClient): Pushed[] {
  return client.notifications.map(({ document }) => {
    expect(document.headers).toEqual({ status: 201, stream: 'claim_stream' });
    return { claimId: document.body.claim_id, messages: document.body.messages };
  });
}

describe('claim_create with wait', () => {
  it('waits for a message posted later and refuses a bad wait', async () => {
    const { client, post } = await session();
    const bad = await client.request('claim_create', { queue_name: 'q', wait: 30 });
    expect(bad.headers.status).toBe(400);
    expect(bad.body.exception).toBe('The "wait" parameter is invalid. The value must be a number of seconds greater than 0 and at most 20.');
    const claimed = client.request('claim_create', { queue_name: 'q', wait: 5, limit: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await post('q', ['later']);
    const answer = await claimed;
    expect(answer.headers.status).toBe(201);
    expect(answer.body.messages.map((m: { body: unknown }) => m.body)).toEqual(['later']);
    await client.close();
  });
});

describe('claim_stream', () => {
  it('refuses a bad credit, a bad ttl and a second stream of the same queue', async () => {
    const { client } = await session();
    for (const credit of [0, 1001]) {
      const answer = await client.request('claim_stream', { queue_name: 'q', credit });
      expect([answer.headers.status, answer.body.exception]).toEqual([400, 'The credit of a claim stream must be an integer from 1 to 1000.']);
    }
    expect((await client.request('claim_stream', { queue_name: 'q', ttl: 10 })).headers.status).toBe(400);
    expect((await client.request('claim_stream', { queue_name: 'q', credit: 2 })).body).toEqual({ queue_name: 'q', ttl: 300, grace: 60, credit: 2 });
    const again = await client.request('claim_stream', { queue_name: 'q', credit: 2 });
    expect([again.headers.status, again.body.exception]).toEqual([400, 'This connection streams the claims of queue q already.']);
    await client.close();
  });

  it('pushes messages as they are posted, never more unacknowledged than the credit; message_delete returns credit', async () => {
    const { client, post } = await session();
    const started = await client.request('claim_stream', { queue_name: 's', credit: 3, ttl: 60, grace: 60 });
    expect(started.headers.status).toBe(201);
    const posted = (
      await post(
        's',
        Array.from({ length: 10 }, (_, i) => i),
      )
    ).body.resources.map((href: string) => href.split('/').pop());
    const delivered: string[] = [];
    let acked = 0;
    let frames = 0;
    while (delivered.length < 10) {
      await client.waitForNotifications(++frames, 5000);
      const all = pushes(client).flatMap((p) => p.messages.map((m) => ({ ...m, claimId: p.claimId })));
      const fresh = all.slice(delivered.length);
      delivered.push(...fresh.map((m) => m.id));
      // Nothing more arrives while the credit is used up.
      expect(delivered.length - acked).toBeLessThanOrEqual(3);
      if (delivered.length - acked === 3) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(pushes(client).flatMap((p) => p.messages)).toHaveLength(delivered.length);
      }
      // Acknowledge the oldest unacknowledged message.
      const oldest = all[acked];
      const deleted = await client.request('message_delete', { queue_name: 's', message_id: oldest.id, claim_id: oldest.claimId });
      expect(deleted.headers.status).toBe(204);
      acked++;
    }
    expect(delivered).toEqual(posted);
    await client.close();
  });

  it('takes message_delete_many by ids as the acknowledgement of a batch', async () => {
    const { client, post } = await session();
    await client.request('claim_stream', { queue_name: 'm', credit: 4, ttl: 60, grace: 60 });
    await post('m', [1, 2, 3, 4, 5, 6, 7, 8]);
    const pushed = () => pushes(client).flatMap((p) => p.messages.map((m) => ({ ...m, claimId: p.claimId })));
    await waitFor(() => pushed().length === 4, { what: 'a credit of messages pushed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pushed()).toHaveLength(4);
    const batch = pushed();
    const deleted = await client.request('message_delete_many', {
      queue_name: 'm',
      message_ids: batch.map((m) => m.id),
      claim_ids: [...new Set(batch.map((m) => m.claimId))],
    });
    expect(deleted.headers.status).toBe(204);
    await waitFor(() => pushed().length === 8, { what: 'the next four pushed' });
    expect(pushed().map((m) => m.body)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await client.close();
  });

  it('releases its claims the moment the connection closes: another consumer claims the messages at once', async () => {
    const { client, post, http } = await session();
    await client.request('claim_stream', { queue_name: 'r', credit: 5, ttl: 300, grace: 60 });
    await post('r', [1, 2, 3, 4, 5]);
    await waitFor(() => pushes(client).flatMap((p) => p.messages).length === 5, { what: 'five messages pushed' });
    expect((await http('GET', '/v2/queues/r/stats')).body.messages).toMatchObject({ claimed: 5, free: 0 });
    await client.close();
    await waitFor(async () => (await http('GET', '/v2/queues/r/stats')).body.messages.free === 5, { timeoutMs: 1000, what: 'claims released' });
    const other = await http('POST', '/v2/queues/r/claims?limit=10', { ttl: 60, grace: 60 });
    expect(other.body.messages.map((m: { body: unknown }) => m.body)).toEqual([1, 2, 3, 4, 5]);
  });

  it('works as README shows it (examples/claim-stream.js): every message handled and deleted, even closing right after the last', async () => {
    const queue = `readme-${Date.now()}`;
    const example = promisify(execFile)(process.execPath, [path.resolve(__dirname, '../../examples/claim-stream.js'), wsUrl, queue, '3'], { timeout: 20_000 });
    const headers = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'demo-project', 'Content-Type': 'application/json' };
    const http = (method: string, path: string, body?: unknown) =>
      fetch(httpBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the stream has started
    const messages = [{ task: 'a' }, { task: 'b' }, { task: 'c' }].map((body) => ({ body, ttl: 300 }));
    expect((await http('POST', `/v2/queues/${queue}/messages`, { messages })).status).toBe(201);
    const { stdout } = await example;
    expect(stdout).toContain(`streaming 201 { queue_name: '${queue}', ttl: 120, grace: 60, credit: 10 }`);
    expect(stdout.match(/^got .*$/gm)).toEqual(["got { task: 'a' }", "got { task: 'b' }", "got { task: 'c' }"]);
    await waitFor(async () => ((await (await http('GET', `/v2/queues/${queue}/stats`)).json()) as { messages: { total: number } }).messages.total === 0, {
      what: 'the three messages deleted',
    });
  });
});
