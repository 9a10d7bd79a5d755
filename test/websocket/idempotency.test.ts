/**
 * The websocket `Idempotency-Key` request header on message_post: a repeat gets the first
 * answer, also across transports (HTTP and websocket share the key), and one with other
 * messages is refused.
 */
import { sendRequest } from '../support/server';
import { CLIENT_ID, WsClient } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';

describe('websocket message_post with an Idempotency-Key header', () => {
  let server: WsTestServer;
  let client: WsClient;
  const headers = (key: string) => ({ 'Client-ID': CLIENT_ID, 'X-Project-ID': server.project, 'Idempotency-Key': key });
  const post = (key: string, messages: unknown, binary = false) =>
    client.request('message_post', { queue_name: 'wsq', messages }, { binary, headers: headers(key) });

  beforeAll(async () => {
    server = await startWsServer();
    client = await WsClient.connect(server.url, server.project);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('answers a repeat (JSON or MessagePack frame, or HTTP) with the first ids, storing once', async () => {
    const messages = [{ body: { n: 1 }, ttl: 300 }, { body: 'two' }];
    const first = await post('ws-key-1', messages);
    expect(first.headers.status).toBe(201);
    const ids = first.body.message_ids as string[];
    expect(ids).toHaveLength(2);
    const again = await post('ws-key-1', messages, true);
    expect([again.headers.status, again.body]).toEqual([201, { message_ids: ids }]);
    const overHttp = await sendRequest(server.httpUrl, 'POST', '/v2/queues/wsq/messages', headers('ws-key-1'), { body: { messages } });
    expect([overHttp.status, overHttp.body]).toEqual([201, { resources: ids.map((id) => `/v2/queues/wsq/messages/${id}`) }]);
    const listed = await client.request('message_list', { queue_name: 'wsq', echo: true });
    expect(listed.body.messages.map((m: { id: string }) => m.id)).toEqual(ids);
  });

  it('refuses a repeat with other messages (422) and a malformed key (400)', async () => {
    expect((await post('ws-key-2', [{ body: 1 }])).headers.status).toBe(201);
    const other = await post('ws-key-2', [{ body: 2 }]);
    expect(other.headers.status).toBe(422);
    expect(other.body).toEqual({
      exception: 'Idempotency-Key ws-key-2 was used for a post with other messages to queue wsq within the last 300 seconds. Use a new key for a new post.',
      error: null,
    });
    const bad = await post('has space', [{ body: 3 }]);
    expect(bad.headers.status).toBe(400);
    expect(bad.body.exception).toContain('The Idempotency-Key header must be 1 to 255 printable ASCII characters');
    expect((await client.request('message_list', { queue_name: 'wsq', echo: true })).body.messages).toHaveLength(3);
  });
});
