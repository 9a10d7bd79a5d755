/**
 * Back-end outage over HTTP: with the MongoDB server stopped, requests answer 503 with the
 * operation's text after the server selection timeout instead of hanging, ping says the
 * store is down, and everything works again once the server is back. Stops and restarts
 * the CongoDB child, so it needs that child (not ZAQAR_TEST_MONGODB_URI).
 */
// The server support first: it loads @zaqarjs/core, which installs the reflect polyfill tsyringe needs.
import { startServer, type TestServer } from '../../../test/support/server';
import { mongoTarget } from '../../../test/mongo-server';
import { sharedMongoServer } from '../../../test/support/backends/mongodb';

const target = mongoTarget();
const describeOutage = target.kind === 'congodb' || (target.kind === 'missing' && process.env.CI === 'true') ? describe : describe.skip;
const reason =
  target.kind === 'external'
    ? ' [skipped: stops and restarts the CongoDB child; ZAQAR_TEST_MONGODB_URI is set]'
    : target.kind === 'missing'
      ? ` [skipped: ${target.reason}]`
      : '';

describeOutage(`MongoDB outage and recovery over HTTP${reason}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ store: 'mongodb' });
  });
  afterAll(async () => {
    await (await sharedMongoServer())?.start();
    await server?.close();
  });

  /** Repeats `request` until it answers `status` (the driver rediscovers a returning server on its own). */
  async function eventually(request: () => Promise<{ status: number }>, status: number): Promise<number> {
    let last = 0;
    for (let attempt = 0; attempt < 40 && last !== status; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      last = (await request()).status;
    }
    return last;
  }

  it('answers 503 while the server is down and serves again when it returns', async () => {
    const post = () => server.request('POST', '/v2/queues/jobs/messages', { body: { messages: [{ body: { n: 1 } }] } });
    expect((await post()).status).toBe(201);
    expect((await server.request('GET', '/v2/ping')).status).toBe(204);

    const mongo = (await sharedMongoServer())!;
    await mongo.stop();
    const down = await server.request('GET', '/v2/queues/jobs/messages');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ title: 'Service temporarily unavailable', description: 'Messages could not be listed. Please try again in a few seconds.' });
    const posted = await post();
    expect(posted.status).toBe(503);
    expect(posted.body.description).toBe('Messages could not be enqueued. Please try again in a few seconds.');
    expect((await server.request('POST', '/v2/queues/jobs/claims', { body: { ttl: 60 } })).status).toBe(503);
    expect((await server.request('GET', '/v2/ping')).status).toBe(503);

    // CongoDB keeps its data in memory: the restarted server is empty, the store must simply work again.
    await mongo.start();
    expect(await eventually(post, 201)).toBe(201);
    expect((await server.request('GET', '/v2/ping')).status).toBe(204);
    const listed = await server.request('GET', '/v2/queues/jobs/messages?echo=true');
    expect(listed.status).toBe(200);
    expect(listed.body.messages.map((m: { body: unknown }) => m.body)).toContainEqual({ n: 1 });
  });
});
