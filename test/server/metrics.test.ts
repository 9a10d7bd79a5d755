/**
 * `GET /metrics` ([drivers:transport:wsgi] metrics = true) on a real server:
 * scraped and parsed after a known sequence of posts, claims and deletes, the
 * counts are exactly those; queue depth for the largest queues only; off by
 * default (404). With two worker processes one scrape reports the sum over
 * both. In process (to run the garbage collector every 100 ms): websocket
 * connections, requests and their latency histogram, notification outcomes
 * and attempt latency, expired rows collected and store errors, each after a
 * known sequence.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { WsClient } from '../websocket/support/ws-client';
import { waitFor } from '../support/wait-for';
import { logLines, REPO, startCli, tempDir, type CliServer } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'metrics', 'Content-Type': 'application/json' };

function conf(dir: string, extra: string, workers = 1): string {
  const uri = `sqlite:///${dir}/zaqar.db`;
  return `[DEFAULT]\nworkers = ${workers}\n[drivers:transport:wsgi]\nport = 0\n${extra}\n[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`;
}

/** Prometheus text format: `name{labels} value` samples, keyed by `name{labels}` as printed. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('Prometheus metrics', () => {
  let server: CliServer | undefined;
  afterEach(async () => void (await server?.stop()));

  it('counts requests, messages and claims exactly; latency histograms; depth of the largest queues', async () => {
    const t = tempDir();
    server = await startCli(['--config-file', t.write('zaqar.conf', conf(t.dir, 'metrics = true\nmetrics_top_queues = 2'))]);
    const base = server.url();
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
    const post = (queue: string, n: number) =>
      call('POST', `/v2/queues/${queue}/messages`, { messages: Array.from({ length: n }, (_, i) => ({ ttl: 300, body: i })) });
    expect((await post('big', 5)).status).toBe(201);
    expect((await post('big', 3)).status).toBe(201);
    expect((await post('mid', 4)).status).toBe(201);
    expect((await post('small', 1)).status).toBe(201);
    const claim = await call('POST', '/v2/queues/big/claims?limit=3', { ttl: 60, grace: 60 });
    const claimed = (await claim.json()) as { messages: { href: string }[] };
    expect(claimed.messages).toHaveLength(3);
    expect((await call('DELETE', claimed.messages[0].href)).status).toBe(204);
    expect((await call('POST', '/v2/queues/empty/claims', { ttl: 60, grace: 60 })).status).toBe(204);
    expect((await call('GET', '/v2/queues/nosuch/nothing')).status).toBe(404);

    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parse(await scrape.text());
    expect(m.get('zaqar_http_requests_total{method="POST",route="/v2/queues/:queue_name/messages",status="201"}')).toBe(4);
    expect(m.get('zaqar_http_requests_total{method="POST",route="/v2/queues/:queue_name/claims",status="201"}')).toBe(1);
    expect(m.get('zaqar_http_requests_total{method="POST",route="/v2/queues/:queue_name/claims",status="204"}')).toBe(1);
    expect(m.get('zaqar_http_requests_total{method="DELETE",route="/v2/queues/:queue_name/messages/:message_id",status="204"}')).toBe(1);
    expect(m.get('zaqar_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(m.get('zaqar_messages_total{event="posted"}')).toBe(13);
    expect(m.get('zaqar_messages_total{event="claimed"}')).toBe(3);
    expect(m.get('zaqar_messages_total{event="deleted"}')).toBe(1);
    expect(m.get('zaqar_claims_total{outcome="messages"}')).toBe(1);
    expect(m.get('zaqar_claims_total{outcome="empty"}')).toBe(1);
    expect(m.get('zaqar_http_request_duration_seconds_count{method="POST",route="/v2/queues/:queue_name/messages"}')).toBe(4);
    expect(m.get('zaqar_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/v2/queues/:queue_name/messages"}')).toBe(4);
    // Depth: the two largest queues only (big: 7 left, 2 of them claimed; mid: 4).
    expect(m.get('zaqar_queue_messages{project="metrics",queue="big",state="total"}')).toBe(7);
    expect(m.get('zaqar_queue_messages{project="metrics",queue="big",state="claimed"}')).toBe(2);
    expect(m.get('zaqar_queue_messages{project="metrics",queue="big",state="free"}')).toBe(5);
    expect(m.get('zaqar_queue_messages{project="metrics",queue="mid",state="total"}')).toBe(4);
    expect([...m.keys()].some((k) => k.includes('queue="small"'))).toBe(false);
    expect(m.has('zaqar_process_resident_memory_bytes')).toBe(true);
  });

  it('with two workers, one scrape reports the sum over both; a worker that does not answer is left out after 2 s', async () => {
    const t = tempDir();
    const file = t.write('zaqar.conf', conf(t.dir, 'metrics = true', 2));
    server = await startCli(['--config-file', file], { cwd: t.dir, env: { OS_DEFAULT__WORKERS: '2' } });
    const running = server;
    const ready = () => logLines(running.stdout()).filter((l) => l.event === 'worker_ready').length;
    await waitFor(() => ready() >= 2, { timeoutMs: 20_000, what: 'two workers ready' });
    for (let i = 0; i < 6; i++) {
      // Fresh connections alternate between the workers.
      const res = await fetch(`${running.url()}/v2/queues/spread/messages`, {
        method: 'POST',
        headers: { ...HEADERS, Connection: 'close' },
        body: JSON.stringify({
          messages: [
            { ttl: 300, body: i },
            { ttl: 300, body: -i },
          ],
        }),
      });
      expect(res.status).toBe(201);
    }
    // Access lines are written in batches (up to 100 ms late): wait until both workers' have come.
    const posterPids = () =>
      new Set(
        logLines(running.stdout())
          .filter((l) => l.path === '/v2/queues/spread/messages' && l.method === 'POST')
          .map((l) => l.pid),
      );
    await waitFor(() => posterPids().size === 2, { what: 'access lines from both workers' }).catch(() => undefined);
    expect(posterPids().size).toBe(2);

    for (let scrape = 0; scrape < 2; scrape++) {
      // Whichever worker takes the scrape, it reports both workers' counts.
      const m = parse(await (await fetch(`${running.url()}/metrics`, { headers: { Connection: 'close' } })).text());
      expect(m.get('zaqar_http_requests_total{method="POST",route="/v2/queues/:queue_name/messages",status="201"}')).toBe(6);
      expect(m.get('zaqar_messages_total{event="posted"}')).toBe(12);
      expect(m.get('zaqar_queue_messages{project="metrics",queue="spread",state="total"}')).toBe(12);
    }

    // A worker that does not answer (stopped with SIGSTOP): a scrape through the other one waits
    // GATHER_TIMEOUT_MS (2 s), then reports what answered; it does not hang.
    const postLines = () => logLines(running.stdout()).filter((l) => l.path === '/v2/queues/spread/messages' && l.method === 'POST');
    await waitFor(() => postLines().length === 6, { what: 'the six access lines written' });
    const [stopped, live] = [...new Set(postLines().map((l) => Number(l.pid)))];
    const liveCount = postLines().filter((l) => Number(l.pid) === live).length;
    process.kill(stopped, 'SIGSTOP');
    try {
      let text: string | undefined;
      const started = Date.now();
      // A connection handed to the stopped worker is never answered: give up on it and open another.
      for (let attempt = 0; attempt < 4 && text === undefined; attempt++) {
        try {
          const res = await fetch(`${running.url()}/metrics`, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(6000) });
          text = await res.text();
        } catch {
          /* handed to the stopped worker */
        }
      }
      expect(text).toBeDefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      const m = parse(text!);
      expect(m.get('zaqar_http_requests_total{method="POST",route="/v2/queues/:queue_name/messages",status="201"}')).toBe(liveCount);
      expect(m.get('zaqar_messages_total{event="posted"}')).toBe(2 * liveCount);
    } finally {
      process.kill(stopped, 'SIGCONT');
    }
  }, 60_000);

  it('off by default: /metrics is an unknown path', async () => {
    const t = tempDir();
    server = await startCli(['--config-file', t.write('zaqar.conf', conf(t.dir, ''))]);
    expect((await fetch(`${server.url()}/metrics`, { headers: HEADERS })).status).toBe(404);
  });
});

/** A webhook receiver: `/ok` answers 200, anything else 400 (not retried: the delivery fails). */
async function receiver(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => req.resume().on('end', () => res.writeHead(req.url === '/ok' ? 200 : 400).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Prometheus metrics beyond HTTP requests', () => {
  let server: RunningServer | undefined;
  let hooks: Server | undefined;
  afterEach(async () => {
    await server?.stop(0);
    hooks?.close();
  });

  it('counts websocket connections, requests and latency, notification outcomes, expired rows and store errors', async () => {
    const t = tempDir();
    const db = path.join(t.dir, 'zaqar.db');
    const text = `[DEFAULT]\ndata_dir = ${t.dir}/data\n[drivers]\ntransport = wsgi, websocket\n[drivers:transport:wsgi]\nport = 0\nmetrics = true
[drivers:transport:websocket]\nport = 0\nnotification_port = 0\n[drivers:message_store:sqlalchemy]\nuri = sqlite:///${db}
[drivers:management_store:sqlalchemy]\nuri = sqlite:///${db}\n[storage]\nmessage_pipeline = zaqar.notification.notifier\n`;
    server = await startServer({
      appRoot: REPO,
      configFiles: [t.write('zaqar.conf', text)],
      env: {},
      home: t.dir,
      logger: createLogger({ level: 'silent' }),
      gcIntervalMs: 100,
    });
    const address = (name: string) => server!.addresses.find((a) => a.transport === name)!;
    const base = `http://127.0.0.1:${address('wsgi').port}`;
    const call = (method: string, p: string, body?: unknown) =>
      fetch(`${base}${p}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
    const scrape = async () => parse(await (await fetch(`${base}/metrics`)).text());

    // Websocket: two connections, one closed; two posts, one unknown action.
    const ws = `ws://127.0.0.1:${address('websocket').port}`;
    const [stays, leaves] = [await WsClient.connect(ws, 'metrics'), await WsClient.connect(ws, 'metrics')];
    for (let i = 0; i < 2; i++) {
      const posted = await stays.request('message_post', { queue_name: 'wsq', messages: [{ ttl: 300, body: i }] });
      expect(posted.headers.status).toBe(201);
    }
    expect((await leaves.request('no_such_action', {})).headers.status).toBe(400);
    await leaves.close();

    // Notifications: one subscriber accepts, one refuses; one post reaches both.
    const hook = await receiver();
    hooks = hook.server;
    expect((await call('POST', '/v2/queues/nq/subscriptions', { subscriber: `${hook.url}/ok`, ttl: 3600 })).status).toBe(201);
    expect((await call('POST', '/v2/queues/nq/subscriptions', { subscriber: `${hook.url}/refuse`, ttl: 3600 })).status).toBe(201);
    expect((await call('POST', '/v2/queues/nq/messages', { messages: [{ ttl: 300, body: 'hello' }] })).status).toBe(201);

    // Expiry: three messages made expired in the database; the collector (every 100 ms) removes them.
    expect((await call('POST', '/v2/queues/old/messages', { messages: [1, 2, 3].map((body) => ({ ttl: 60, body })) })).status).toBe(201);
    const sqlite = new Database(db);
    try {
      sqlite.prepare('update messages set expires = 1 where ttl = 60').run();
    } finally {
      sqlite.close();
    }
    await waitFor(async () => (await scrape()).get('zaqar_expired_removed_total{kind="messages"}') === 3, { what: 'three expired messages collected' });
    await waitFor(async () => (await scrape()).get('zaqar_notifications_total{outcome="failed"}') === 1, { what: 'the refused delivery counted' });

    // A store failure: the messages table is gone, so listing answers 503.
    const broken = new Database(db);
    try {
      broken.prepare('alter table messages rename to messages_gone').run();
    } finally {
      broken.close();
    }
    expect((await call('GET', '/v2/queues/wsq/messages?echo=true')).status).toBe(503);
    expect((await stays.request('message_list', { queue_name: 'wsq', echo: true })).headers.status).toBe(503);

    await waitFor(async () => (await scrape()).get('zaqar_websocket_connections') === 1, { what: 'the closed connection uncounted' });
    const m = await scrape();
    expect(m.get('zaqar_websocket_connections')).toBe(1);
    expect(m.get('zaqar_websocket_requests_total{action="message_post",status="201"}')).toBe(2);
    expect(m.get('zaqar_websocket_requests_total{action="invalid",status="400"}')).toBe(1);
    // Latency by action family and status: every answered frame observed once, buckets cumulative.
    const wsLatency = (family: string, status: number, sample: string) =>
      m.get(`zaqar_websocket_request_duration_seconds_${sample}{family="${family}",status="${status}"}`);
    expect(wsLatency('message', 201, 'count')).toBe(2);
    expect(wsLatency('message', 503, 'count')).toBe(1);
    expect(wsLatency('invalid', 400, 'count')).toBe(1);
    expect(wsLatency('message', 201, 'sum')).toBeGreaterThan(0);
    const buckets = [...m].filter(
      ([key]) => key.startsWith('zaqar_websocket_request_duration_seconds_bucket{') && key.includes('family="message",status="201"'),
    );
    expect(buckets.map(([key]) => key.match(/le="([^"]+)"/)![1]).slice(-2)).toEqual(['2.5', '+Inf']);
    expect(buckets.map(([, n]) => n)).toEqual([...buckets.map(([, n]) => n)].sort((a, b) => a - b));
    expect(buckets[buckets.length - 1][1]).toBe(2);
    expect(m.get('zaqar_notifications_total{outcome="delivered"}')).toBe(1);
    expect(m.get('zaqar_notifications_total{outcome="failed"}')).toBe(1);
    expect(m.get('zaqar_notifications_total{outcome="dropped"}')).toBe(0);
    // One attempt each (the refusal is a 4xx: not retried), timed from hand-off to answer.
    expect(m.get('zaqar_notification_attempt_duration_seconds_count{outcome="delivered"}')).toBe(1);
    expect(m.get('zaqar_notification_attempt_duration_seconds_count{outcome="failed"}')).toBe(1);
    expect(m.get('zaqar_notification_attempt_duration_seconds_bucket{le="+Inf",outcome="delivered"}')).toBe(1);
    expect(m.get('zaqar_notification_attempt_duration_seconds_sum{outcome="delivered"}')).toBeGreaterThan(0);
    expect(m.get('zaqar_expired_removed_total{kind="messages"}')).toBe(3);
    expect(m.get('zaqar_expired_removed_total{kind="claims"}') ?? 0).toBe(0);
    expect(m.get('zaqar_store_errors_total{transport="wsgi",operation="GET /v2/queues/:queue_name/messages"}')).toBe(1);
    expect(m.get('zaqar_store_errors_total{transport="websocket",operation="message_list"}')).toBe(1);
    // The collector (every 100 ms) fails too without its table: counted, not only logged.
    await waitFor(async () => ((await scrape()).get('zaqar_store_errors_total{transport="gc",operation="collect_garbage"}') ?? 0) >= 1, {
      what: 'a failed garbage collection counted',
    });
    await stays.close();
  });
});
