/**
 * Webhook notifications end to end: a real zaqar-server (in process: wsgi,
 * SQLite, `message_pipeline = zaqar.notification.notifier`, the installed
 * @zaqarjs/notifier-webhook) posting to real loopback receivers.
 */
import type { RunningServer } from '@zaqarjs/server';
import { startReceiver, type Receiver } from '../../plugins/notifier-webhook/test/receiver';
import { quietPeriod, waitFor } from '../support/wait-for';
import { jsonClient, startNotifyingServer } from './support/notifying-server';

const call = jsonClient('hooks');

async function start(notification = ''): Promise<{ server: RunningServer; base: string }> {
  const started = await startNotifyingServer('zaqar-webhook-', `[notification:webhook]\ntimeout = 2\n[notification]\n${notification}`);
  return { server: started.server, base: `${started.base}/v2` };
}

async function postMessages(base: string, queue: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    const messages = Array.from({ length: Math.min(10, count - i) }, (_, j) => ({ ttl: 300, body: { n: i + j } }));
    expect((await call('POST', `${base}/queues/${queue}/messages`, { messages })).status).toBe(201);
  }
}

describe('webhook notifications through a real server', () => {
  let receiver: Receiver;
  let server: RunningServer | undefined;
  beforeEach(async () => (receiver = await startReceiver()));
  afterEach(async () => {
    await server?.stop(0);
    server = undefined;
    await receiver.close();
  });

  it('a posted message reaches an http subscriber with the reference body; the post does not wait for it', async () => {
    const started = await start();
    server = started.server;
    receiver.plan(['hang']); // the first delivery hangs past the timeout: the post must not notice
    expect((await call('POST', `${started.base}/queues/wq/subscriptions`, { subscriber: `${receiver.url}/hook`, ttl: 3600 })).status).toBe(201);
    const before = Date.now();
    await postMessages(started.base, 'wq', 1);
    expect(Date.now() - before).toBeLessThan(1000);
    await waitFor(() => receiver.received.length >= 2, { timeoutMs: 10_000, what: 'the retried delivery' });
    expect(receiver.received[1].body).toBe('{"ttl": 300, "body": {"n": 0}, "Message_Type": "Notification", "queue_name": "wq"}');
  });

  it('a message posted to a topic reaches the subscribers of the topic (queue_name is the topic), not those of a queue of the same name', async () => {
    const started = await start();
    server = started.server;
    expect((await call('POST', `${started.base}/topics/news/subscriptions`, { subscriber: `${receiver.url}/topic`, ttl: 3600 })).status).toBe(201);
    expect((await call('POST', `${started.base}/queues/news/subscriptions`, { subscriber: `${receiver.url}/queue`, ttl: 3600 })).status).toBe(201);
    expect((await call('POST', `${started.base}/topics/news/messages`, { messages: [{ ttl: 300, body: 'hi' }] })).status).toBe(201);
    await waitFor(() => receiver.received.length >= 1, { what: 'the topic delivery' });
    await quietPeriod(200);
    expect(receiver.received.map((r) => [r.path, r.body])).toEqual([
      ['/topic', '{"ttl": 300, "body": "hi", "Message_Type": "Notification", "queue_name": "news"}'],
    ]);
  });

  it('a 4xx answer is not retried, the next message still goes; GET shows the delivery counts and the last error', async () => {
    const started = await start();
    server = started.server;
    receiver.plan([404], '/gone');
    const created = await call('POST', `${started.base}/queues/q4/subscriptions`, { subscriber: `${receiver.url}/gone`, ttl: 3600 });
    const id = (created.body as { subscription_id: string }).subscription_id;
    await postMessages(started.base, 'q4', 2);
    await waitFor(() => receiver.received.length === 2, { what: 'the 404 and the next message' });
    await quietPeriod(300);
    expect(receiver.received).toHaveLength(2);
    // The delivery state, as an extra field of the subscription GET.
    const got = await call('GET', `${started.base}/queues/q4/subscriptions/${id}`);
    expect(got.body).toMatchObject({ id, confirmed: false, delivery: { delivered: 1, failed: 1, last_error: expect.stringContaining('HTTP 404') } });
  });

  it('1,000 messages to 10 subscribers: exactly 10,000 deliveries; again with every first two attempts failing, every message delivered', async () => {
    const started = await start('max_notifier_workers = 20');
    server = started.server;
    for (let s = 0; s < 10; s++) {
      expect((await call('POST', `${started.base}/queues/big/subscriptions`, { subscriber: `${receiver.url}/s${s}`, ttl: 3600 })).status).toBe(201);
    }
    await postMessages(started.base, 'big', 1000);
    await waitFor(() => receiver.received.length >= 10_000, { timeoutMs: 30_000, what: '10,000 deliveries' });
    await quietPeriod(200);
    expect(receiver.received).toHaveLength(10_000);
    const distinct = new Set(receiver.received.map((r) => `${r.path} ${r.body}`));
    expect(distinct.size).toBe(10_000);

    receiver.received.length = 0;
    receiver.failFirstAttempts(2);
    await call('PUT', `${started.base}/queues/flaky`, {});
    for (let s = 0; s < 10; s++) await call('POST', `${started.base}/queues/flaky/subscriptions`, { subscriber: `${receiver.url}/f${s}`, ttl: 3600 });
    await postMessages(started.base, 'flaky', 300);
    await waitFor(() => receiver.received.length >= 9_000, { timeoutMs: 30_000, what: '3 attempts of 3,000 notifications' });
    await quietPeriod(200);
    expect(receiver.received).toHaveLength(9_000);
    expect(new Set(receiver.received.map((r) => `${r.path} ${r.body}`)).size).toBe(3_000);
  }, 60_000);
});
