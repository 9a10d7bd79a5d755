/**
 * Message bodies and queue metadata come back exactly as posted (README,
 * "Reliability"): integers of the whole signed 64-bit range, floats at the
 * limits of a double, unicode; and hostile nesting is a 400, never a 500.
 * Runs on every store (the store suites re-run test/http).
 */
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

type Req = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<TestServer['request']>;

function fresh(): Req {
  const project = `exact-${Math.random().toString(36).slice(2)}`;
  return (method, path, body, headers) => server.request(method, path, { body, headers: { 'X-Project-ID': project, ...headers } });
}

/** A body as JSON text in the form the server writes (compact, keys in order), so it must reappear verbatim. */
const EXACT_BODY =
  '{"above2^53":9007199254740993,"int64max":9223372036854775807,"int64min":-9223372036854775808,"negative":-9007199254740995,' +
  '"list":[9007199254740993,1,-1,0],"tenth":0.1,"tiny":5e-324,"huge":1.7976931348623157e+308,"pi":3.141592653589793,' +
  '"text":"ünï \u2028 😀 \\"q\\"","nested":{"n":1234567890123456789}}';

const nest = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);

describe('integers, floats and unicode round-trip verbatim', () => {
  it('in a message body: list, get, claim and pop return the posted text', async () => {
    const req = fresh();
    const posted = await req('POST', '/v2/queues/exact/messages', `{"messages":[{"ttl":300,"body":${EXACT_BODY}},{"body":9007199254740993}]}`);
    expect(posted.status).toBe(201);
    const [first, second] = (posted.body.resources as string[]).map((href) => href.split('/').pop());

    const one = await req('GET', `/v2/queues/exact/messages/${first}`);
    expect(one.text).toContain(`"body":${EXACT_BODY}`);
    const scalar = await req('GET', `/v2/queues/exact/messages/${second}`);
    expect(scalar.text).toContain('"body":9007199254740993');

    const listed = await req('GET', '/v2/queues/exact/messages?echo=true');
    expect(listed.text).toContain(`"body":${EXACT_BODY}`);
    const byIds = await req('GET', `/v2/queues/exact/messages?ids=${first},${second}`);
    expect(byIds.text).toContain(`"body":${EXACT_BODY}`);

    const claimed = await req('POST', '/v2/queues/exact/claims?limit=1', { ttl: 60, grace: 60 });
    expect(claimed.status).toBe(201);
    expect(claimed.text).toContain(`"body":${EXACT_BODY}`);
    const popped = await req('DELETE', '/v2/queues/exact/messages?pop=1');
    expect(popped.text).toContain('"body":9007199254740993');
  });

  it('in queue metadata: PUT, PATCH and GET keep every digit', async () => {
    const req = fresh();
    expect((await req('PUT', '/v2/queues/meta', `{"big":9223372036854775807,"list":[-9007199254740993]}`)).status).toBe(201);
    const read = await req('GET', '/v2/queues/meta');
    expect(read.text).toContain('"big":9223372036854775807');
    expect(read.text).toContain('"list":[-9007199254740993]');
    const patch = '[{"op":"add","path":"/metadata/other","value":1234567890123456789}]';
    const patched = await req('PATCH', '/v2/queues/meta', patch, { 'Content-Type': 'application/openstack-messaging-v2.0-json-patch' });
    expect(patched.status).toBe(200);
    expect(patched.text).toContain('"big":9223372036854775807');
    expect(patched.text).toContain('"other":1234567890123456789');
    const listed = await req('GET', '/v2/queues?detailed=true');
    expect(listed.text).toContain('"big":9223372036854775807');
  });

  it('refuses integers beyond 64 bits and numbers beyond a double, losing nothing', async () => {
    const req = fresh();
    const tooBig = await req('POST', '/v2/queues/exact/messages', '{"messages":[{"body":9223372036854775808}]}');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toEqual({ title: 'Invalid request body', description: 'JSON contains integer that is too large.' });
    const overflow = await req('POST', '/v2/queues/exact/messages', '{"messages":[{"body":1e400}]}');
    expect(overflow.status).toBe(400);
    expect(overflow.body).toEqual({ title: 'Invalid request body', description: 'JSON contains a number that is too large.' });
    const listed = await req('GET', '/v2/queues/exact/messages?echo=true');
    expect(listed.status).toBe(200);
    expect(listed.body?.messages ?? []).toEqual([]);
  });
});

describe('nesting is bounded (100 levels)', () => {
  const tooDeep = { title: 'Invalid request body', description: 'JSON nests deeper than 100 levels of arrays and objects.' };

  it('accepts a body at the limit and returns it verbatim', async () => {
    const req = fresh();
    // {"messages":[{"body": …}]} takes 3 levels.
    const body = nest(97);
    const posted = await req('POST', '/v2/queues/deep/messages', `{"messages":[{"body":${body}}]}`);
    expect(posted.status).toBe(201);
    expect((await req('GET', '/v2/queues/deep/messages?echo=true')).text).toContain(`"body":${body}`);
  });

  it.each([101, 150, 5000, 100_000])('refuses %i levels with a 400, on every JSON resource', async (depth) => {
    const req = fresh();
    const deepMessages = await req('POST', '/v2/queues/deep/messages', `{"messages":[{"body":${nest(depth)}}]}`);
    expect(deepMessages.status).toBe(400);
    expect(deepMessages.body).toEqual(tooDeep);
    const deepMetadata = await req('PUT', '/v2/queues/deep', `{"m":${nest(depth)}}`);
    expect(deepMetadata.status).toBe(400);
    // Metadata beyond 64 KiB is refused for its size first, as the reference does.
    if (depth < 10_000) expect(deepMetadata.body).toEqual(tooDeep);
    const deepClaim = await req('POST', '/v2/queues/deep/claims', nest(depth, '{}'));
    expect(deepClaim.status).toBe(400);
  });

  it('answers nothing with a 500 and logs no error for hostile nesting', async () => {
    const req = fresh();
    const res = await req('POST', '/v2/queues/deep/messages', '{"messages":' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_001));
    expect(res.status).toBe(400);
    expect(server.errors).toEqual([]);
  });
});
