/**
 * Websocket subscriptions: a connection that creates a
 * subscription without subscriber receives every message posted afterwards
 * to the queue (from either transport), until the subscription ends or the
 * connection closes (the subscription is then deleted).
 */
import { OTHER_CLIENT_ID, WsClient } from './support/ws-client';
import { FakeEventBus, startWsServer, type WsTestServer } from './support/ws-server';
import { quietPeriod, waitFor } from '../support/wait-for';

const H = (project: string) => ({ 'Client-ID': OTHER_CLIENT_ID, 'X-Project-ID': project, 'Content-Type': 'application/json' });

async function httpPost(server: WsTestServer, queue: string, messages: unknown[]): Promise<string[]> {
  const res = await fetch(`${server.httpUrl}/v2/queues/${queue}/messages`, { method: 'POST', headers: H(server.project), body: JSON.stringify({ messages }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { resources: string[] }).resources.map((href) => href.split('/').pop() as string);
}

describe('websocket subscriptions on one server', () => {
  let server: WsTestServer;
  beforeAll(async () => {
    server = await startWsServer();
  });
  afterAll(async () => server.close());

  it('pushes every message posted afterwards, over websocket and HTTP, as the reference notification frame', async () => {
    const subscriber = await WsClient.connect(server.url, server.project);
    const poster = await WsClient.connect(server.url, server.project, OTHER_CLIENT_ID);
    const created = await subscriber.request('subscription_create', { queue_name: 'n1', ttl: 3600 });
    expect(created.headers.status).toBe(201);
    const listed = (await subscriber.request('subscription_list', { queue_name: 'n1' })).body.subscriptions;
    expect(listed).toEqual([
      expect.objectContaining({
        id: created.body.subscription_id,
        subscriber: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/zaqar-ws-[0-9a-f-]{36}$/),
        confirmed: false,
      }),
    ]);
    const wsIds = (await poster.request('message_post', { queue_name: 'n1', messages: [{ body: { event: 'BackupFinished' }, ttl: 300 }] })).body.message_ids;
    const httpIds = await httpPost(server, 'n1', [{ body: 'via http', ttl: 120 }]);
    const frames = await subscriber.waitForNotifications(2);
    expect(frames.map((f) => f.binary)).toEqual([false, false]);
    expect(frames.map((f) => f.document)).toEqual([
      { ttl: 300, body: { event: 'BackupFinished' }, Message_Type: 'Notification', queue_name: 'n1', id: wsIds[0] },
      { ttl: 120, body: 'via http', Message_Type: 'Notification', queue_name: 'n1', id: httpIds[0] },
    ]);
    await httpPost(server, 'other-queue', [{ body: 'elsewhere' }]);
    await subscriber.close();
    await poster.close();
    expect(subscriber.notifications).toHaveLength(2);
  });

  it('notifies in MessagePack when the subscription request was binary; the posting connection hears itself', async () => {
    const client = await WsClient.connect(server.url, server.project);
    expect((await client.request('subscription_create', { queue_name: 'n2' }, { binary: true })).headers.status).toBe(201);
    await client.request('message_post', { queue_name: 'n2', messages: [{ body: [1, 2] }] });
    const [frame] = await client.waitForNotifications(1);
    expect(frame.binary).toBe(true);
    expect(frame.document).toMatchObject({ body: [1, 2], Message_Type: 'Notification', queue_name: 'n2' });
    await client.close();
  });

  it('deletes the subscription when the connection closes, and stops pushing', async () => {
    const client = await WsClient.connect(server.url, server.project);
    await client.request('subscription_create', { queue_name: 'n3' });
    expect(server.push.size).toBeGreaterThan(0);
    const before = server.push.size;
    await client.close();
    // The server deletes it asynchronously after the close.
    await waitFor(async () => (await server.stores.data.subscriptions.listAll(server.project, 'n3')).length === 0, { what: 'the subscription deleted' });
    expect(server.push.size).toBe(before - 1);
  });

  it('stops pushing once the subscription is deleted explicitly', async () => {
    const client = await WsClient.connect(server.url, server.project);
    const sid = (await client.request('subscription_create', { queue_name: 'n4' })).body.subscription_id;
    await client.request('subscription_delete', { queue_name: 'n4', subscription_id: sid });
    await httpPost(server, 'n4', [{ body: 'unheard' }]);
    const marker = await WsClient.connect(server.url, server.project);
    await marker.request('subscription_create', { queue_name: 'n4' });
    await httpPost(server, 'n4', [{ body: 'heard' }]);
    await marker.waitForNotifications(1);
    expect(client.notifications).toHaveLength(0);
    await client.close();
    await marker.close();
  });

  it('stops pushing when the subscription ttl ends', async () => {
    const client = await WsClient.connect(server.url, server.project);
    await client.request('subscription_create', { queue_name: 'n5', ttl: 60 });
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 61_000;
      await httpPost(server, 'n5', [{ body: 'too late' }]);
      await quietPeriod(200); // asserting NO notification arrives: nothing to wait for
    } finally {
      Date.now = realNow;
    }
    expect(client.notifications).toHaveLength(0);
    await client.close();
  });

  it('relays a webhook POST to the connection through the notification listener', async () => {
    const client = await WsClient.connect(server.url, server.project);
    await client.request('subscription_create', { queue_name: 'n6' });
    const uri: string = (await client.request('subscription_list', { queue_name: 'n6' })).body.subscriptions[0].subscriber;
    const body = JSON.stringify({ ttl: 60, body: 'relayed', Message_Type: 'Notification', queue_name: 'n6' });
    expect((await fetch(uri, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    expect((await client.waitForNotifications(1))[0].document).toEqual(JSON.parse(body));
    expect((await fetch(uri)).status).toBe(405);
    expect((await fetch(uri.replace(/zaqar-ws-.*$/, 'zaqar-ws-unknown'), { method: 'POST', body: '{}' })).status).toBe(200);
    await client.close();
  });
});

describe('websocket subscriptions across processes (two servers, one store, a shared events bus)', () => {
  let a: WsTestServer;
  let b: WsTestServer;
  beforeAll(async () => {
    const bus = new FakeEventBus();
    a = await startWsServer({ events: bus });
    b = await startWsServer({ events: bus, shareStoresOf: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('pushes to a subscriber of A what is posted through B, exactly once', async () => {
    const subscriber = await WsClient.connect(a.url, a.project);
    await subscriber.request('subscription_create', { queue_name: 'x1' });
    const poster = await WsClient.connect(b.url, a.project, OTHER_CLIENT_ID);
    const ids = (await poster.request('message_post', { queue_name: 'x1', messages: [{ body: 1 }, { body: 2 }] })).body.message_ids;
    await httpPost({ ...b, project: a.project }, 'x1', [{ body: 3 }]);
    const frames = await subscriber.waitForNotifications(3);
    expect(frames.slice(0, 2).map((f) => f.document.id)).toEqual(ids);
    expect(frames.map((f) => f.document.body)).toEqual([1, 2, 3]);
    await quietPeriod(100); // asserting NO duplicate arrives: nothing to wait for
    expect(subscriber.notifications).toHaveLength(3);
    expect(poster.notifications).toHaveLength(0);
    await subscriber.close();
    await poster.close();
  });
});
