/**
 * Connection behaviour: order per connection, independence between
 * connections, back-pressure, keepalive, idle timeout and the graceful drain.
 */
import WebSocket from 'ws';
import { WsClient } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';
import { waitFor } from '../support/wait-for';

/** Makes `control.queues.get` of one queue name wait until released (a slow store call). */
function slowQueueGet(server: WsTestServer, name: string): { release(): void; readonly entered: boolean } {
  const queues = server.stores.control.queues as unknown as { get: (project: string, queue: string) => Promise<unknown> };
  const original = queues.get.bind(queues);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered = false;
  queues.get = async (project, queue) => {
    if (queue === name) {
      entered = true;
      await gate;
    }
    return original(project, queue);
  };
  return {
    release: () => release(),
    get entered() {
      return entered;
    },
  };
}

describe('websocket connections', () => {
  let server: WsTestServer;
  beforeAll(async () => {
    server = await startWsServer({ conf: { 'drivers:transport:websocket': { max_pending_requests: '4', max_buffered_bytes: '65536' } } });
  });
  afterAll(async () => server.close());

  it('answers pipelined requests in order, also beyond max_pending_requests', async () => {
    const client = await WsClient.connect(server.url, server.project);
    const names = Array.from({ length: 60 }, (_, i) => `order-${i}`);
    const answers = await Promise.all(
      names.map((name, i) => client.request(i % 2 ? 'queue_create' : 'queue_get', { queue_name: name }, { binary: i % 3 === 0 })),
    );
    expect(answers.map((a) => (a.request.body as { queue_name: string }).queue_name)).toEqual(names);
    expect(answers.map((a) => a.headers.status)).toEqual(names.map((_, i) => (i % 2 ? 201 : 200)));
    await client.close();
  });

  it('keeps serving other connections while one waits on a slow store call', async () => {
    const slow = slowQueueGet(server, 'slow-queue');
    const waiting = await WsClient.connect(server.url, server.project);
    const other = await WsClient.connect(server.url, server.project);
    let slowAnswered = false;
    const pending = waiting.request('queue_get', { queue_name: 'slow-queue' }).then((r) => ((slowAnswered = true), r));
    const queued = waiting.request('queue_list', {});
    expect((await other.request('queue_list', {})).headers.status).toBe(200);
    expect(slowAnswered).toBe(false);
    slow.release();
    expect((await pending).headers.status).toBe(200);
    expect((await queued).headers.status).toBe(200);
    await waiting.close();
    await other.close();
  });

  it('closes a client that does not read its answers (1008) instead of buffering without bound', async () => {
    const lazy = await WsClient.connect(server.url, server.project);
    const messages = Array.from({ length: 20 }, () => ({ body: 'x'.repeat(10_000) }));
    expect((await lazy.request('message_post', { queue_name: 'flood', messages })).headers.status).toBe(201);
    lazy.socket.pause();
    // ~200 KB per answer; the client reads none of them.
    for (let i = 0; i < 400; i++) void lazy.request('message_list', { queue_name: 'flood', echo: true, limit: 20 });
    while (server.transport.openConnectionCount > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    lazy.socket.resume();
    const closed = await lazy.whenClosed();
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/does not read/);
  });
});

describe('websocket keepalive and idle timeout', () => {
  let server: WsTestServer;
  beforeAll(async () => {
    server = await startWsServer({ conf: { 'drivers:transport:websocket': { ping_interval: '1', idle_timeout: '3' } } });
  });
  afterAll(async () => server.close());

  it('drops a peer that stops answering pings', async () => {
    const silent = new WebSocket(server.url, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    const pinged = new Promise<void>((resolve) => silent.once('ping', () => resolve()));
    await pinged;
    expect(await closed).toBe(1006);
  });

  it('closes an idle connection with 1000 "Idle timeout"', async () => {
    const idle = await WsClient.connect(server.url, server.project);
    const closed = await idle.whenClosed();
    expect(closed).toEqual({ code: 1000, reason: 'Idle timeout' });
  });
});

describe('websocket graceful drain', () => {
  it('answers requests already received, closes with 1001, and deletes the subscriptions', async () => {
    const server = await startWsServer();
    const slow = slowQueueGet(server, 'drain-queue');
    const client = await WsClient.connect(server.url, server.project);
    await client.request('subscription_create', { queue_name: 'drained' });
    const inFlight = client.request('queue_get', { queue_name: 'drain-queue' });
    await waitFor(() => slow.entered, { what: 'the request in the store' });
    const closing = server.transport.close(5000);
    setTimeout(() => slow.release(), 100);
    expect((await inFlight).headers.status).toBe(200);
    expect(await client.whenClosed()).toEqual({ code: 1001, reason: 'Server shutting down' });
    await closing;
    expect(await server.stores.data.subscriptions.listAll(server.project, 'drained')).toEqual([]);
    await server.close();
  });

  it('refuses new connections once draining', async () => {
    const server = await startWsServer();
    const url = server.url;
    await server.close(100);
    await expect(WsClient.connect(url, 'p')).rejects.toThrow();
  });
});
