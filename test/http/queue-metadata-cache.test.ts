/**
 * Queue metadata on the post and claim paths ("short staleness is acceptable").
 * A post reuses the metadata a recent post to the same queue read, and a claim uses it too;
 * changes made through the same API node apply to the very next request, changes made through
 * another node within `[storage] queue_metadata_cache_ttl`.
 */
import { RequestApi } from '@zaqarjs/core/api';
import { createHttpServer, type HttpTransport } from '@zaqarjs/transport-wsgi';
import { CLIENT_ID, recordingLogger, sendRequest, startServer, type TestServer } from '../support/server';

const TTL_SECONDS = 0.3;
const big = { body: { messages: [{ body: 'z'.repeat(200) }] } };
const tooLarge = expect.stringContaining('The max size for current queue is 100');

let nodeA: TestServer;
/** A second API node: its own request layer and HTTP server over nodeA's stores. */
let nodeB: { transport: HttpTransport; request: TestServer['request'] };

beforeAll(async () => {
  nodeA = await startServer({ conf: { storage: { queue_metadata_cache_ttl: String(TTL_SECONDS) } } });
  const api = new RequestApi({ conf: nodeA.conf, control: nodeA.stores.control, data: nodeA.stores.data, logger: recordingLogger([]) });
  const transport = createHttpServer(api, nodeA.conf, recordingLogger([]), { host: '127.0.0.1', port: 0 });
  await transport.listen();
  nodeB = {
    transport,
    request: (method, path, init) => sendRequest(transport.url, method, path, { 'Client-ID': CLIENT_ID, 'X-Project-ID': nodeA.project }, init),
  };
});
afterAll(async () => {
  await nodeB.transport.close(1000);
  await nodeA.close();
});

/** PATCHes the queue's `_max_messages_post_size` down to 100 through `node`. */
const limitPostSize = (node: Pick<TestServer, 'request'>, queue: string) =>
  node.request('PATCH', `/v2/queues/${queue}`, {
    body: [{ op: 'add', path: '/metadata/_max_messages_post_size', value: 100 }],
    headers: { 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' },
  });

describe('queue metadata on the post path', () => {
  it('applies a metadata change made through the same node to the next post', async () => {
    expect((await nodeA.request('PUT', '/v2/queues/local')).status).toBe(201);
    expect((await nodeA.request('POST', '/v2/queues/local/messages', big)).status).toBe(201);
    expect((await limitPostSize(nodeA, 'local')).status).toBe(200);
    const refused = await nodeA.request('POST', '/v2/queues/local/messages', big);
    expect(refused.status).toBe(400);
    expect(refused.body.description).toEqual(tooLarge);
  });

  it('forgets a queue deleted and re-created through the same node', async () => {
    expect((await nodeA.request('PUT', '/v2/queues/again', { body: { _max_messages_post_size: 100 } })).status).toBe(201);
    expect((await nodeA.request('POST', '/v2/queues/again/messages', big)).status).toBe(400);
    expect((await nodeA.request('DELETE', '/v2/queues/again')).status).toBe(204);
    expect((await nodeA.request('POST', '/v2/queues/again/messages', big)).status).toBe(201);
    expect((await nodeA.request('DELETE', '/v2/queues/again')).status).toBe(204);
    expect((await nodeA.request('PUT', '/v2/queues/again', { body: { _max_messages_post_size: 100 } })).status).toBe(201);
    expect((await nodeA.request('POST', '/v2/queues/again/messages', big)).status).toBe(400);
  });

  it('sees a change made through another node once the ttl has passed', async () => {
    expect((await nodeB.request('PUT', '/v2/queues/shared')).status).toBe(201);
    expect((await nodeB.request('POST', '/v2/queues/shared/messages', big)).status).toBe(201);
    expect((await limitPostSize(nodeA, 'shared')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 100));
    const refused = await nodeB.request('POST', '/v2/queues/shared/messages', big);
    expect(refused.status).toBe(400);
    expect(refused.body.description).toEqual(tooLarge);
    // What was accepted before the change is all there, nothing else.
    const stats = await nodeA.request('GET', '/v2/queues/shared/stats');
    expect(stats.body.messages.total).toBe(1);
  });
});

describe('queue metadata on the claim path', () => {
  /** PATCHes a dead-letter policy (no claim allowed, to `<queue>-dlq`) through `node`. */
  const deadLetterAtOnce = (node: Pick<TestServer, 'request'>, queue: string) =>
    node.request('PATCH', `/v2/queues/${queue}`, {
      body: [
        { op: 'add', path: '/metadata/_max_claim_count', value: 0 },
        { op: 'add', path: '/metadata/_dead_letter_queue', value: `${queue}-dlq` },
      ],
      headers: { 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' },
    });
  const claimOne = (node: Pick<TestServer, 'request'>, queue: string) =>
    node.request('POST', `/v2/queues/${queue}/claims?limit=1`, { body: { ttl: 60, grace: 60 } });
  const postTwo = (node: Pick<TestServer, 'request'>, queue: string) =>
    node.request('POST', `/v2/queues/${queue}/messages`, { body: { messages: [{ body: 1 }, { body: 2 }] } });

  // In each: one message claimed (the node has read the queue's metadata), then the policy set; the
  // free message, claimed 0 times with a maximum of 0, moves to the dead-letter queue on the next claim.
  it('applies a dead-letter policy set through the same node to the next claim', async () => {
    expect((await postTwo(nodeA, 'claimed-local')).status).toBe(201);
    expect((await claimOne(nodeA, 'claimed-local')).status).toBe(201);
    expect((await deadLetterAtOnce(nodeA, 'claimed-local')).status).toBe(200);
    expect((await claimOne(nodeA, 'claimed-local')).status).toBe(204);
    expect((await nodeA.request('GET', '/v2/queues/claimed-local/stats')).body.messages.total).toBe(1);
  });

  it('sees a dead-letter policy set through another node once the ttl has passed', async () => {
    expect((await postTwo(nodeB, 'claimed-shared')).status).toBe(201);
    expect((await claimOne(nodeB, 'claimed-shared')).status).toBe(201);
    expect((await deadLetterAtOnce(nodeA, 'claimed-shared')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000 + 100));
    expect((await claimOne(nodeB, 'claimed-shared')).status).toBe(204);
    expect((await nodeA.request('GET', '/v2/queues/claimed-shared/stats')).body.messages.total).toBe(1);
  });
});
