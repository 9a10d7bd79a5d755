/**
 * Webhook notifications with pooling on (the reference sends none then): a
 * real server in process (`message_pipeline = zaqar.notification.notifier`,
 * the installed @zaqarjs/notifier-webhook) with a SQLite pool and a Redis pool,
 * queues pinned to each by flavors, and a topic placed on a pool, posting to a
 * real loopback receiver.
 */
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { startReceiver, type Receiver } from '../../plugins/notifier-webhook/test/receiver';
import { describeWithRedis, dropPrefix, testPrefix, testUri } from '../../plugins/store-redis/test/redis-test-server';
import { REPO, tempDir } from '../server/cli-process';
import { jsonClient } from '../notifications/support/notifying-server';
import { quietPeriod, waitFor } from '../support/wait-for';

const call = jsonClient('pooled-hooks');
const admin = { 'X-Roles': 'admin' };

describeWithRedis('webhook notifications with pooling', () => {
  const prefix = testPrefix('pooled-hooks');
  let receiver: Receiver;
  let server: RunningServer;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const t = tempDir('zaqar-pooled-hooks-');
    dir = t.dir;
    const db = `sqlite:///${dir}/catalog.db`;
    const conf =
      `[DEFAULT]\ndata_dir = ${dir}/data\nadmin_mode = True\npooling = True\n[drivers]\ntransport = wsgi\n[drivers:transport:wsgi]\nport = 0\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n` +
      `[storage]\nmessage_pipeline = zaqar.notification.notifier\n[notification:webhook]\ntimeout = 2\n`;
    server = await startServer({ appRoot: REPO, configFiles: [t.write('zaqar.conf', conf)], env: {}, home: dir, logger: createLogger({ level: 'silent' }) });
    const { host, port } = server.addresses[0];
    base = `http://${host}:${port}/v2`;
  });
  afterAll(async () => {
    await server?.stop(0);
    await receiver?.close();
    await dropPrefix(prefix);
  });

  it('a webhook subscriber of a queue on a SQLite pool, of one on a Redis pool and of a topic is notified with the reference body', async () => {
    expect((await call('PUT', `${base}/pools/sqlite`, { uri: `sqlite:///${dir}/pool.db`, weight: 100 }, admin)).status).toBe(201);
    expect((await call('PUT', `${base}/pools/redis`, { uri: testUri(prefix), weight: 100 }, admin)).status).toBe(201);
    expect((await call('PUT', `${base}/flavors/on-sqlite`, { pool_list: ['sqlite'] }, admin)).status).toBe(201);
    expect((await call('PUT', `${base}/flavors/on-redis`, { pool_list: ['redis'] }, admin)).status).toBe(201);
    expect((await call('PUT', `${base}/queues/qs`, { _flavor: 'on-sqlite' })).status).toBe(201);
    expect((await call('PUT', `${base}/queues/qr`, { _flavor: 'on-redis' })).status).toBe(201);
    expect((await call('PUT', `${base}/topics/news`, { _flavor: 'on-sqlite' })).status).toBe(201);
    for (const [path, hook] of [
      ['queues/qs', 'sqlite'],
      ['queues/qr', 'redis'],
      ['topics/news', 'topic'],
    ]) {
      expect((await call('POST', `${base}/${path}/subscriptions`, { subscriber: `${receiver.url}/${hook}`, ttl: 3600 })).status).toBe(201);
    }
    for (const path of ['queues/qs', 'queues/qr', 'topics/news']) {
      expect((await call('POST', `${base}/${path}/messages`, { messages: [{ ttl: 300, body: path }] })).status).toBe(201);
    }
    await waitFor(() => receiver.received.length >= 3, { timeoutMs: 10_000, what: 'three deliveries' });
    await quietPeriod(300);
    expect(receiver.received.map((r) => [r.path, r.body]).sort()).toEqual([
      ['/redis', '{"ttl": 300, "body": "queues/qr", "Message_Type": "Notification", "queue_name": "qr"}'],
      ['/sqlite', '{"ttl": 300, "body": "queues/qs", "Message_Type": "Notification", "queue_name": "qs"}'],
      ['/topic', '{"ttl": 300, "body": "topics/news", "Message_Type": "Notification", "queue_name": "news"}'],
    ]);
  });
});
