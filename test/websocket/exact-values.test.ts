/**
 * Over websocket, bodies and metadata come back exactly (JSON text and
 * MessagePack int64), hostile nesting is a 400 answer, and data nested deeper
 * than a document may be (written around the API) gets an error answer instead
 * of breaking the connection or the server (README, "Reliability").
 */
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { CLIENT_ID } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';

/** A decoded answer frame; its body is whatever the test asserts on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { headers: { status: number }; body: any };

/** A raw client: frames in, frames out, nothing decoded for us. */
class RawClient {
  private readonly waiting: ((frame: { data: Buffer; binary: boolean }) => void)[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, binary: boolean) => this.waiting.shift()?.({ data, binary }));
  }
  static async connect(url: string): Promise<RawClient> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new RawClient(socket);
  }
  send(frame: string | Buffer | Uint8Array, binary: boolean): Promise<{ data: Buffer; binary: boolean }> {
    const next = new Promise<{ data: Buffer; binary: boolean }>((resolve) => this.waiting.push(resolve));
    this.socket.send(frame, { binary });
    return next;
  }
  async text(frame: string): Promise<string> {
    return (await this.send(frame, false)).data.toString('utf8');
  }
  /** Sends a MessagePack envelope; decodes the answer with int64 as bigint. */
  async binary(envelope: unknown): Promise<Answer> {
    const answer = await this.send(Buffer.from(encode(envelope, { useBigInt64: true })), true);
    return decode(answer.data, { useBigInt64: true }) as Answer;
  }
  close(): void {
    this.socket.close();
  }
}

const nest = (depth: number, leaf: unknown = 1): unknown => (depth === 0 ? leaf : [nest(depth - 1, leaf)]);

describe('websocket: exact values and bounded nesting', () => {
  let server: WsTestServer;
  let client: RawClient;
  const headers = () => ({ 'Client-ID': CLIENT_ID, 'X-Project-ID': server.project });
  const envelope = (action: string, body: unknown) => ({ action, headers: headers(), body });

  beforeAll(async () => {
    server = await startWsServer();
    client = await RawClient.connect(server.url);
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('returns JSON integers beyond 2^53 verbatim, to websocket and HTTP readers', async () => {
    const body = '{"big":9007199254740993,"max":9223372036854775807,"f":0.1,"u":"ü😀"}';
    const h = JSON.stringify(headers());
    const posted = JSON.parse(
      await client.text(`{"action":"message_post","headers":${h},"body":{"queue_name":"exact","messages":[{"ttl":300,"body":${body}}]}}`),
    );
    expect(posted.headers.status).toBe(201);
    const listed = await client.text(`{"action":"message_list","headers":${h},"body":{"queue_name":"exact","echo":true}}`);
    expect(listed).toContain(`"body":${body}`);
    const overHttp = await fetch(`${server.httpUrl}/v2/queues/exact/messages?echo=true`, { headers: headers() });
    expect(await overHttp.text()).toContain(`"body":${body}`);
  });

  it('keeps MessagePack int64 exact both ways, and small integers as integers', async () => {
    const body = { big: 9007199254740993n, min: -(2n ** 63n), wide: 5_000_000_000, small: 7 };
    const posted = await client.binary(envelope('message_post', { queue_name: 'packed', messages: [{ ttl: 300, body }] }));
    expect(posted.headers.status).toBe(201);
    const listed = await client.binary(envelope('message_list', { queue_name: 'packed', echo: true }));
    expect(listed.body.messages[0].body).toEqual({ big: 9007199254740993n, min: -(2n ** 63n), wide: 5_000_000_000n, small: 7 });
    const plain = decode((await client.send(Buffer.from(encode(envelope('message_list', { queue_name: 'packed', echo: true }))), true)).data) as Answer;
    expect(plain.body.messages[0].body.wide).toBe(5_000_000_000);
  });

  it('answers a JSON frame nested 4,500 levels and a 204-byte MessagePack frame nested 200 levels with 400', async () => {
    const deepJson = `{"action":"queue_list","headers":${JSON.stringify(headers())},"body":${'['.repeat(4500)}${']'.repeat(4500)}}`;
    const text = JSON.parse(await client.text(deepJson));
    expect(text.headers.status).toBe(400);
    expect(text.body.error).toBe("Can't decode text (JSON) request. JSON nests deeper than 100 levels of arrays and objects.");
    const deepPack = Buffer.from(encode(nest(200), { maxDepth: 1000 }));
    expect(deepPack.length).toBeLessThan(210);
    const binary = decode((await client.send(deepPack, true)).data) as Answer;
    expect(binary.headers.status).toBe(400);
    expect(binary.body.error).toBe("Can't decode binary (MessagePack) request. JSON nests deeper than 100 levels of arrays and objects.");
    const ok = await client.binary(envelope('queue_list', {}));
    expect(ok.headers.status).toBe(200);
  });

  it('answers an error for stored data nested deeper than a document may be, and keeps serving', async () => {
    // Written around the API (as another service sharing the store could): 150 levels.
    await server.stores.control.queues.create(server.project, 'poisoned', { deep: nest(150) as never });
    await server.stores.data.messages.post(server.project, 'poisoned', [{ ttl: 300, delay: 0, body: nest(150) }], CLIENT_ID);
    const meta = await client.binary(envelope('queue_get', { queue_name: 'poisoned' }));
    expect(meta.headers.status).toBe(500);
    expect(meta.body.error).toMatch(/could not be encoded/);
    const messages = await client.binary(envelope('message_list', { queue_name: 'poisoned', echo: true }));
    expect(messages.headers.status).toBe(500);
    const still = await client.binary(envelope('queue_list', {}));
    expect(still.headers.status).toBe(200);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });
});
