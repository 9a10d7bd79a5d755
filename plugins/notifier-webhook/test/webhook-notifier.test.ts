import { NOTIFICATION_FAILED, type Notification, type Subscription } from '@zaqarjs/core';
import { WebhookNotifier } from '../src/webhook-notifier';
import { startReceiver, type Receiver } from './receiver';

const notification = (body: unknown, queue = 'myq'): Notification => ({ id: 'a-b-c', ttl: 300, body, Message_Type: 'Notification', queue_name: queue });
const subscription = (subscriber: string, options: Record<string, unknown> = {}): Subscription => ({
  id: 's1',
  source: 'myq',
  subscriber,
  ttl: 3600,
  age: 0,
  options,
  confirmed: false,
});

describe('webhook notifier (semantics §19.4) against a real receiver', () => {
  let receiver: Receiver;
  const notifier = new WebhookNotifier({ timeoutMs: 300 });
  beforeEach(async () => (receiver = await startReceiver()));
  afterEach(() => receiver.close());

  it('POSTs the notification byte for byte as the reference does, Content-Type first', async () => {
    await notifier.notify(subscription(`${receiver.url}/hook`), notification({ event: 'BackupStarted' }));
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.path).toBe('/hook');
    expect(request.body).toBe('{"ttl": 300, "body": {"event": "BackupStarted"}, "Message_Type": "Notification", "queue_name": "myq"}');
    expect(request.rawHeaders.slice(0, 2)).toEqual(['Content-Type', 'application/json']);
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers.accept).toBe('*/*');
  });

  it('writes bodies as Python json.dumps does: non-ASCII escaped, nested separators, long integers exact', async () => {
    await notifier.notify(subscription(`${receiver.url}/`), notification({ name: 'café ☕', list: [1, 2.5, null, true], big: 9007199254740993n }));
    expect(receiver.received[0].body).toBe(
      '{"ttl": 300, "body": {"name": "caf\\u00e9 \\u2615", "list": [1, 2.5, null, true], "big": 9007199254740993}, "Message_Type": "Notification", "queue_name": "myq"}',
    );
  });

  it('post_data templating and post_headers, as observed from the reference', async () => {
    const options = { post_data: '{"text": "$zaqar_message$", "channel": "#ops"}', post_headers: { 'X-Custom': 'abc' } };
    await notifier.notify(subscription(`${receiver.url}/slack`, options), notification({ event: 'BackupStarted' }, 'wq'));
    const [request] = receiver.received;
    expect(request.headers['x-custom']).toBe('abc');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe(
      '{"text": {"ttl": 300, "body": {"event": "BackupStarted"}, "Message_Type": "Notification", "queue_name": "wq"}, "channel": "#ops"}',
    );
  });

  it('post_headers may override Content-Type; every occurrence of the placeholder is replaced, a bare $zaqar_message$ is not', async () => {
    const options = { post_data: '["$zaqar_message$", $zaqar_message$, "$zaqar_message$"]', post_headers: { 'Content-Type': 'text/plain' } };
    await notifier.notify(subscription(`${receiver.url}/`, options), notification(1));
    const m = '{"ttl": 300, "body": 1, "Message_Type": "Notification", "queue_name": "myq"}';
    expect(receiver.received[0].body).toBe(`[${m}, $zaqar_message$, ${m}]`);
    expect(receiver.received[0].headers['content-type']).toBe('text/plain');
  });

  it.each([
    [500, true],
    [503, true],
    [404, false],
    [400, false],
  ])('an answer %i fails with retryable=%s', async (status, retryable) => {
    receiver.plan([status]);
    await expect(notifier.notify(subscription(`${receiver.url}/`), notification(1))).rejects.toMatchObject({
      code: NOTIFICATION_FAILED,
      retryable,
      message: expect.stringContaining(`HTTP ${status}`),
    });
  });

  it('2xx and 3xx answers count as delivered', async () => {
    receiver.plan([200, 302]);
    await notifier.notify(subscription(`${receiver.url}/`), notification(1));
    await notifier.notify(subscription(`${receiver.url}/`), notification(2));
    expect(receiver.received).toHaveLength(2);
  });

  it('a receiver hanging past the timeout fails retryably; a slow one within it is delivered', async () => {
    receiver.plan(['hang', { slow: 100 }]);
    const started = Date.now();
    await expect(notifier.notify(subscription(`${receiver.url}/`), notification(1))).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('timed out'),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await notifier.notify(subscription(`${receiver.url}/`), notification(2));
  });

  it('a reset connection and a refused connection fail retryably', async () => {
    receiver.plan(['reset']);
    await expect(notifier.notify(subscription(`${receiver.url}/`), notification(1))).rejects.toMatchObject({ retryable: true });
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    await expect(notifier.notify(subscription(`${url}/`), notification(1))).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('an invalid post_headers name fails for good (retrying cannot help)', async () => {
    await expect(notifier.notify(subscription(`${receiver.url}/`, { post_headers: { 'Bad Header': 'x' } }), notification(1))).rejects.toMatchObject({
      retryable: false,
    });
  });

  it('trust+ is stripped from the URL and the auth headers come before post_headers', async () => {
    const trusted = new WebhookNotifier({ timeoutMs: 300, authHeaders: async () => ({ 'X-Auth-Token': 'tok' }) });
    await trusted.notify(subscription(`trust+${receiver.url}/t`, { post_headers: { 'X-Extra': '1' } }), notification(1));
    const [request] = receiver.received;
    expect(request.path).toBe('/t');
    expect(request.rawHeaders.slice(0, 6)).toEqual(['Content-Type', 'application/json', 'X-Auth-Token', 'tok', 'X-Extra', '1']);
  });
});
