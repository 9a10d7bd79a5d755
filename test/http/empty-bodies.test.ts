/**
 * Requests without a body and with a body declared empty (`Content-Length: 0`), per
 * resource, as the reference answers them: where it reads a body whatever
 * the length, "no Content-Length" is "Request body can not be empty" and a declared
 * empty body fails to parse; where the body is optional, an empty one is no body.
 */
import { CLIENT_ID, startServer, type TestServer } from '../support/server';
import { rawRequest } from '../support/raw-request';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const invalidBody = (description: string) => ({ title: 'Invalid request body', description });
const NOT_PARSED = invalidBody('Request body could not be parsed.');
const EMPTY = invalidBody('Request body can not be empty');

/** A request with exactly these framing headers, in a project of its own. */
function sender(): (method: string, path: string, framing: Record<string, string>) => ReturnType<typeof rawRequest> {
  const project = `p-${Math.random().toString(36).slice(2)}`;
  return (method, path, framing) => rawRequest(server.url, method, path, { 'Client-ID': CLIENT_ID, 'X-Project-ID': project, ...framing });
}

const NO_BODY = {};
const DECLARED_EMPTY = { 'Content-Length': '0', 'Content-Type': 'application/json' };

describe('a body the resource always reads', () => {
  it('POST messages: 400 "can not be empty" without Content-Length, "could not be parsed." with Content-Length: 0', async () => {
    const send = sender();
    expect(await send('POST', '/v2/queues/q/messages', NO_BODY)).toEqual({ status: 400, body: EMPTY });
    expect(await send('POST', '/v2/queues/q/messages', DECLARED_EMPTY)).toEqual({ status: 400, body: NOT_PARSED });
  });

  it('PATCH claim: the same two answers', async () => {
    const send = sender();
    await send('PUT', '/v2/queues/q', NO_BODY);
    const path = '/v2/queues/q/claims/5b3b1e4c-7777-4777-8777-999999999999';
    expect(await send('PATCH', path, NO_BODY)).toEqual({ status: 400, body: EMPTY });
    expect(await send('PATCH', path, DECLARED_EMPTY)).toEqual({ status: 400, body: NOT_PARSED });
  });
});

describe('a body the resource reads only when Content-Length is not 0', () => {
  it('PUT queue creates the queue without metadata; POST claims uses the defaults; purge purges everything', async () => {
    const send = sender();
    expect((await send('PUT', '/v2/queues/q', DECLARED_EMPTY)).status).toBe(201);
    expect((await send('POST', '/v2/queues/q/claims', DECLARED_EMPTY)).status).toBe(204);
    expect((await send('POST', '/v2/queues/q/purge', DECLARED_EMPTY)).status).toBe(204);
  });

  it('PATCH queue: "PATCH body could not be empty for update."', async () => {
    const send = sender();
    await send('PUT', '/v2/queues/q', NO_BODY);
    const res = await send('PATCH', '/v2/queues/q', { 'Content-Length': '0', 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' });
    expect(res).toEqual({ status: 400, body: invalidBody('PATCH body could not be empty for update.') });
  });
});
