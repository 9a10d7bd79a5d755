/**
 * Webhook deliveries run in the delivery thread: their counts still reach
 * `/metrics` and the subscription GET, and a stopping server delivers what
 * is queued within the shutdown grace, logging how many it gave up on.
 */
import { createLogger } from '@zaqarjs/core';
import type { RunningServer } from '@zaqarjs/server';
import { startReceiver, type Receiver } from '../../plugins/notifier-webhook/test/receiver';
import { startServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait-for';
import { jsonClient, startNotifyingServer, type NotifyingServerOptions } from './support/notifying-server';

const call = jsonClient('thread');

async function start(notification: string, options: NotifyingServerOptions = {}): Promise<{ server: RunningServer; base: string }> {
  const started = await startNotifyingServer('zaqar-delivery-thread-', `[notification:webhook]\ntimeout = 2\n[notification]\n${notification}`, options);
  return { server: started.server, base: started.base };
}

/** A logger whose JSON lines the test reads. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: createLogger({ level: 'info', destination }), lines };
}

async function postMessages(base: string, queue: string, count: number): Promise<void> {
  const messages = Array.from({ length: count }, (_, n) => ({ ttl: 300, body: { n } }));
  expect((await call('POST', `${base}/v2/queues/${queue}/messages`, { messages })).status).toBe(201);
}

describe('the delivery thread', () => {
  let receiver: Receiver;
  let server: RunningServer | undefined;
  beforeEach(async () => (receiver = await startReceiver()));
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
    await receiver.close();
  });

  it('counts deliveries, retries and failures made in the thread in /metrics and in the subscription GET', async () => {
    const { logger, lines } = capturingLogger();
    const started = await start('', { wsgi: 'metrics = true', logger });
    server = started.server;
    const { base } = started;
    receiver.plan([500, 404], '/flaky');
    const created = await call('POST', `${base}/v2/queues/counted/subscriptions`, { subscriber: `${receiver.url}/flaky`, ttl: 3600 });
    const id = (created.body as { subscription_id: string }).subscription_id;
    await postMessages(base, 'counted', 3);
    // The first POST answers 500 (retried at once), the next 404 (final); the other two 204.
    await waitFor(() => receiver.received.length === 4, { what: 'four POSTs' });
    await waitFor(async () => (await metricsOf(base)).includes('zaqar_notifications_total{outcome="delivered"} 2'), { what: 'the counts in /metrics' });
    const metrics = await metricsOf(base);
    expect(metrics).toContain('zaqar_notifications_total{outcome="failed"} 1');
    expect(metrics).toContain('zaqar_notifications_total{outcome="retried"} 1');
    const got = await call('GET', `${base}/v2/queues/counted/subscriptions/${id}`);
    expect(got.body).toMatchObject({ delivery: { delivered: 2, failed: 1, last_error: expect.stringContaining('HTTP 404') } });
    // Made by the thread, logged through the server's logger.
    expect(lines.find((line) => line.event === 'notification_undelivered')).toMatchObject({ thread: 'delivery', subscription_id: id });
  });

  it('on stop, deliveries still queued are made within the grace', async () => {
    const started = await start('max_notifier_workers = 1');
    server = started.server;
    const { base } = started;
    receiver.plan(Array.from({ length: 10 }, () => ({ slow: 100, status: 204 })));
    await call('POST', `${base}/v2/queues/draining/subscriptions`, { subscriber: `${receiver.url}/d`, ttl: 3600 });
    await postMessages(base, 'draining', 10);
    await waitFor(() => receiver.received.length >= 1, { what: 'the first delivery' });
    await server.stop(10_000);
    server = undefined;
    // One worker, 100 ms each: most were still queued when stop was called.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(10);
  });

  it('on stop, deliveries that do not fit in the grace are given up on and counted in the log', async () => {
    const { logger, lines } = capturingLogger();
    const started = await start('max_notifier_workers = 1', { logger });
    server = started.server;
    const { base } = started;
    receiver.plan(Array.from({ length: 10 }, () => 'hang' as const));
    await call('POST', `${base}/v2/queues/abandoned/subscriptions`, { subscriber: `${receiver.url}/h`, ttl: 3600 });
    await postMessages(base, 'abandoned', 5);
    await waitFor(() => receiver.received.length >= 1, { what: 'the first (hanging) delivery' });
    const stopping = Date.now();
    await server.stop(300);
    server = undefined;
    expect(Date.now() - stopping).toBeLessThan(2000);
    // The hanging one plus the four queued behind it.
    expect(lines.find((line) => line.event === 'notifications_abandoned')).toMatchObject({ abandoned: 5 });
  });

  it('a zaqar-server process on SIGTERM delivers what fits in graceful_shutdown_timeout, logs the count of the rest and exits 0', async () => {
    const proc = await startServerProcess(
      '[DEFAULT]\ngraceful_shutdown_timeout = 3\n[storage]\nmessage_pipeline = zaqar.notification.notifier\n[notification]\nmax_notifier_workers = 1\n[notification:webhook]\ntimeout = 30\n',
    );
    try {
      // Three answer after 200 ms each, then one hangs past the grace with two queued behind it.
      receiver.plan([...Array.from({ length: 3 }, () => ({ slow: 200, status: 204 })), 'hang', 'hang', 'hang']);
      await call('POST', `${proc.url}/v2/queues/sigterm/subscriptions`, { subscriber: `${receiver.url}/t`, ttl: 3600 });
      await postMessages(proc.url, 'sigterm', 6);
      await waitFor(() => receiver.received.length >= 1, { what: 'the first delivery' });
      const exited = new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
      proc.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(receiver.received).toHaveLength(4);
      const abandoned = proc
        .output()
        .split('\n')
        .filter((line) => line.includes('notifications_abandoned'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(abandoned).toEqual([expect.objectContaining({ abandoned: 3 })]);
    } finally {
      await proc.stop();
    }
  }, 30_000);
});

async function metricsOf(base: string): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}
