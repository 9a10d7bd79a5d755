/**
 * `GET /metrics` ([drivers:transport:wsgi] metrics = true) on a real server:
 * scraped and parsed after a known sequence of posts, claims and deletes, the
 * counts are exactly those; queue depth for the largest queues only; off by
 * default (404). With two worker processes one scrape reports the sum over
 * both.
 */
import { waitFor } from '../support/wait-for';
import { logLines, startCli, tempDir, type CliServer } from './cli-process';

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

  it('with two workers, one scrape reports the sum over both', async () => {
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
    const posters = logLines(running.stdout()).filter((l) => l.path === '/v2/queues/spread/messages' && l.method === 'POST');
    expect(new Set(posters.map((l) => l.pid)).size).toBe(2);

    for (let scrape = 0; scrape < 2; scrape++) {
      // Whichever worker takes the scrape, it reports both workers' counts.
      const m = parse(await (await fetch(`${running.url()}/metrics`, { headers: { Connection: 'close' } })).text());
      expect(m.get('zaqar_http_requests_total{method="POST",route="/v2/queues/:queue_name/messages",status="201"}')).toBe(6);
      expect(m.get('zaqar_messages_total{event="posted"}')).toBe(12);
      expect(m.get('zaqar_queue_messages{project="metrics",queue="spread",state="total"}')).toBe(12);
    }
  }, 40_000);

  it('off by default: /metrics is an unknown path', async () => {
    const t = tempDir();
    server = await startCli(['--config-file', t.write('zaqar.conf', conf(t.dir, ''))]);
    expect((await fetch(`${server.url()}/metrics`, { headers: HEADERS })).status).toBe(404);
  });
});
