/**
 * Two real `zaqar-server` processes serving `wsgi, websocket` on one Redis
 * store: a websocket subscriber connected to process A receives what is
 * posted through process B (HTTP or websocket), carried by the store's
 * pub/sub events; SIGTERM drains A's connections with 1001 and deletes its
 * websocket subscriptions.
 */
import { describeWithRedis, dropPrefix, freePort, testPrefix, testUri } from '../../plugins/store-redis/test/redis-test-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { OTHER_CLIENT_ID, WsClient } from './support/ws-client';

async function startProcess(uri: string): Promise<{ proc: ServerProcess; ws: string }> {
  const port = await freePort();
  const conf =
    `[drivers]\ntransport = wsgi, websocket\nmessage_store = redis\nmanagement_store = redis\n` +
    `[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n` +
    `[drivers:transport:websocket]\nbind = 127.0.0.1\nport = ${port}\nnotification_bind = 127.0.0.1\n`;
  return { proc: await startServerProcess(conf), ws: `ws://127.0.0.1:${port}` };
}

describeWithRedis('websocket subscriptions across two zaqar-server processes (Redis events)', () => {
  const prefix = testPrefix('ws-procs');
  const project = 'procs-project';
  let a: { proc: ServerProcess; ws: string };
  let b: { proc: ServerProcess; ws: string };

  beforeAll(async () => {
    [a, b] = await Promise.all([startProcess(testUri(prefix)), startProcess(testUri(prefix))]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([a?.proc.stop(), b?.proc.stop()]);
    await dropPrefix(prefix);
  });

  it('pushes to a subscriber of A every message posted through B, once', async () => {
    const subscriber = await WsClient.connect(a.ws, project);
    expect((await subscriber.request('subscription_create', { queue_name: 'procs' })).headers.status).toBe(201);
    const poster = await WsClient.connect(b.ws, project, OTHER_CLIENT_ID);
    const wsIds = (await poster.request('message_post', { queue_name: 'procs', messages: [{ body: 'over ws' }] })).body.message_ids;
    const res = await fetch(`${b.proc.url}/v2/queues/procs/messages`, {
      method: 'POST',
      headers: { 'Client-ID': OTHER_CLIENT_ID, 'X-Project-ID': project, 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ body: 'over http', ttl: 120 }] }),
    });
    expect(res.status).toBe(201);
    const frames = await subscriber.waitForNotifications(2);
    expect(frames.map((f) => f.document)).toEqual([
      { ttl: 3600, body: 'over ws', Message_Type: 'Notification', queue_name: 'procs', id: wsIds[0] },
      { ttl: 120, body: 'over http', Message_Type: 'Notification', queue_name: 'procs', id: expect.any(String) },
    ]);
    await poster.close();
    expect(subscriber.notifications).toHaveLength(2);

    // SIGTERM on A: its connection is closed as going away and its subscription deleted.
    const closed = subscriber.whenClosed();
    await a.proc.stop();
    expect((await closed).code).toBe(1001);
    const listed = await fetch(`${b.proc.url}/v2/queues/procs/subscriptions`, { headers: { 'Client-ID': OTHER_CLIENT_ID, 'X-Project-ID': project } });
    expect(((await listed.json()) as { subscriptions: unknown[] }).subscriptions).toEqual([]);
  });
});
