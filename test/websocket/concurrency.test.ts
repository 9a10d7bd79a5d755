/**
 * 1,000 concurrent websocket connections, each posting a message and then
 * claiming until nothing is left: every posted message is claimed exactly
 * once, and every connection gets every answer.
 */
import { WsClient } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';

const CONNECTIONS = 1000;

async function connectAll(server: WsTestServer, count: number): Promise<WsClient[]> {
  const clients: WsClient[] = [];
  // In batches: a thousand simultaneous handshakes would only measure the accept backlog.
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) =>
      WsClient.connect(server.url, server.project, `${(i + j).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

/** Claims one message at a time until a claim comes back empty; returns the claimed message ids. */
async function claimUntilEmpty(client: WsClient, binary: boolean): Promise<string[]> {
  const claimed: string[] = [];
  for (;;) {
    const res = await client.request('claim_create', { queue_name: 'load', limit: 1, ttl: 300 }, { binary });
    if (res.headers.status === 204) return claimed;
    if (res.headers.status !== 201) throw new Error(`claim answered ${res.headers.status}: ${JSON.stringify(res.body)}`);
    // Claimed messages stay claimed (ttl 300 s): a second claim of one would show as a duplicate.
    for (const message of res.body.messages as { id: string }[]) claimed.push(message.id);
  }
}

describe(`${CONNECTIONS} concurrent websocket connections`, () => {
  let server: WsTestServer;
  let clients: WsClient[] = [];
  beforeAll(async () => {
    server = await startWsServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('post and claim with every message delivered exactly once', async () => {
    clients = await connectAll(server, CONNECTIONS);
    expect(server.transport.connectionCount).toBe(CONNECTIONS);
    const posts = await Promise.all(
      clients.map((client, i) => client.request('message_post', { queue_name: 'load', messages: [{ body: { n: i } }] }, { binary: i % 2 === 1 })),
    );
    expect(posts.every((p) => p.headers.status === 201)).toBe(true);
    const posted = posts.flatMap((p) => p.body.message_ids as string[]);
    expect(new Set(posted).size).toBe(CONNECTIONS);
    const claimed = (await Promise.all(clients.map((client, i) => claimUntilEmpty(client, i % 2 === 1)))).flat();
    expect(claimed).toHaveLength(CONNECTIONS);
    expect(new Set(claimed)).toEqual(new Set(posted));
    const stats = await clients[0].request('queue_get_stats', { queue_name: 'load' });
    expect(stats.body.messages).toMatchObject({ claimed: CONNECTIONS, free: 0, total: CONNECTIONS });
  }, 60_000);
});
