/**
 * A real `zaqar-server` (HTTP and websocket) against hostile input: frames that
 * once ended the process (deep JSON, deep MessagePack), then a bounded fuzz of
 * random and mutated frames and bodies on both transports. The process must stay
 * up, answer every request, and answer no 5xx but a 503 (README, "Reliability").
 * Frames are decoded before the authentication gate, so this holds whatever
 * `auth_strategy` is.
 */
import { encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const CLIENT_ID = '3381af92-2b9e-11e3-b191-71861300734c';
const PROJECT = 'fuzz-project';
/** Seeded, so a failure can be replayed: set ZAQAR_FUZZ_SEED to the seed a failure printed. */
const SEED = Number(process.env.ZAQAR_FUZZ_SEED ?? Date.now() % 1_000_000);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  'queue_list',
  'queue_create',
  'queue_get',
  'queue_delete',
  'queue_update',
  'queue_get_stats',
  'queue_purge',
  'message_list',
  'message_get',
  'message_get_many',
  'message_post',
  'message_delete',
  'message_delete_many',
  'claim_create',
  'claim_get',
  'claim_update',
  'claim_delete',
  'subscription_create',
  'subscription_list',
  'subscription_get',
  'subscription_delete',
  'get_home_doc',
  'check_node_health',
  'ping',
  'authenticate',
  'nope',
];

class Fuzzer {
  constructor(private readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  scalar(): unknown {
    return this.pick<() => unknown>([
      () => this.int(1000) - 500,
      () => this.pick([0, -1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324, 0.5, Number.MAX_SAFE_INTEGER]),
      () => this.pick(['', 'q', 'a'.repeat(70), 'fuzz-q', '../x', '😀', '\u0000', 'null', CLIENT_ID]),
      () => this.pick([true, false, null]),
    ])();
  }
  value(depth: number): unknown {
    if (depth <= 0 || this.random() < 0.45) return this.scalar();
    if (this.random() < 0.5) return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
    const keys = [
      'queue_name',
      'messages',
      'body',
      'ttl',
      'grace',
      'limit',
      'claim_id',
      'message_id',
      'message_ids',
      'metadata',
      'subscriber',
      'options',
      'marker',
      'echo',
      'x',
    ];
    return Object.fromEntries(Array.from({ length: this.int(5) }, () => [this.pick(keys), this.value(depth - 1)]));
  }
  envelope(): unknown {
    const headers =
      this.random() < 0.8
        ? { 'Client-ID': this.random() < 0.9 ? CLIENT_ID : this.scalar(), 'X-Project-ID': this.random() < 0.9 ? PROJECT : this.scalar() }
        : this.value(2);
    const body = this.random() < 0.7 ? { queue_name: this.random() < 0.7 ? 'fuzz-q' : this.scalar(), ...(this.value(3) as object) } : this.value(3);
    return { action: this.random() < 0.95 ? this.pick(ACTIONS) : this.scalar(), headers, body };
  }
  /** A frame: a well-formed envelope, a mangled one, or noise. */
  frame(): { data: string | Buffer; binary: boolean } {
    const binary = this.random() < 0.4;
    const roll = this.random();
    if (roll < 0.7) return { data: binary ? Buffer.from(encode(this.envelope())) : JSON.stringify(this.envelope()), binary };
    if (roll < 0.8) return { data: binary ? Buffer.from(encode('['.repeat(1))) : '['.repeat(this.int(6000)) + ']'.repeat(this.int(6000)), binary };
    const text = JSON.stringify(this.envelope());
    const cut = text.slice(0, this.int(text.length));
    if (binary) return { data: Buffer.from(Array.from({ length: this.int(64) + 1 }, () => this.int(256))), binary };
    return { data: this.random() < 0.5 ? cut : cut + '\\ud800"}', binary };
  }
  /** A method, path and body for the HTTP API. */
  httpRequest(): { method: string; path: string; body?: string } {
    const method = this.pick(['GET', 'PUT', 'POST', 'PATCH', 'DELETE']);
    const path = this.pick([
      '/v2/queues/fuzz-q',
      '/v2/queues/fuzz-q/messages',
      '/v2/queues/fuzz-q/claims',
      '/v2/queues/fuzz-q/stats',
      '/v2/queues/fuzz-q/subscriptions',
      '/v2/queues?limit=' + String(this.scalar()),
      '/v2/queues/fuzz-q/messages?ids=a,b&claim_id=x',
      '/v2/queues/fuzz-q/messages?pop=' + String(this.scalar()),
      '/v2/queues/%ZZ',
      '/v2/health',
      '/v2',
    ]);
    const roll = this.random();
    const body =
      roll < 0.6
        ? JSON.stringify(this.value(4))
        : roll < 0.75
          ? '{"a":'.repeat(this.int(8000)) + '1'
          : roll < 0.9
            ? ''
            : JSON.stringify({ messages: [{ body: this.value(5), ttl: this.scalar() }] });
    return { method, path, body: method === 'GET' || method === 'DELETE' ? undefined : body };
  }
}

/** A websocket client that reconnects when the server closes it (an oversized or invalid UTF-8 frame closes with 1009/1007). */
class FuzzClient {
  private socket!: WebSocket;
  private waiting?: (answer: { data: Buffer; binary: boolean } | { closed: number }) => void;
  readonly closeCodes: number[] = [];
  constructor(private readonly url: string) {}
  async connect(): Promise<void> {
    this.socket = new WebSocket(this.url);
    this.socket.on('error', () => undefined);
    this.socket.on('message', (data: Buffer, binary: boolean) => this.waiting?.({ data, binary }));
    this.socket.on('close', (code) => {
      this.closeCodes.push(code);
      this.waiting?.({ closed: code });
    });
    await new Promise((resolve, reject) => this.socket.once('open', resolve).once('error', reject));
  }
  async send(frame: { data: string | Buffer; binary: boolean }): Promise<{ data: Buffer; binary: boolean } | { closed: number }> {
    if (this.socket.readyState !== WebSocket.OPEN) await this.connect();
    const answer = new Promise<{ data: Buffer; binary: boolean } | { closed: number }>((resolve) => (this.waiting = resolve));
    this.socket.send(frame.data, { binary: frame.binary });
    return answer;
  }
  close(): void {
    this.socket?.close();
  }
}

/** The status of a websocket answer frame (JSON or MessagePack). */
function statusOf(answer: { data: Buffer; binary: boolean }): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const document = answer.binary ? require('@msgpack/msgpack').decode(answer.data) : JSON.parse(answer.data.toString('utf8'));
  return (document as { headers: { status: number } }).headers.status;
}

describe('zaqar-server under hostile input', () => {
  let proc: ServerProcess;
  let wsUrl: string;

  beforeAll(async () => {
    const wsPort = await freePort();
    proc = await startServerProcess(
      `[drivers]\ntransport = wsgi, websocket\n[drivers:transport:websocket]\nbind = 127.0.0.1\nport = ${wsPort}\nnotification_bind = 127.0.0.1\n`,
    );
    wsUrl = `ws://127.0.0.1:${wsPort}`;
  }, 30_000);
  afterAll(async () => {
    await proc?.stop();
  });

  const alive = async () => {
    expect(proc.child.exitCode).toBeNull();
    const ping = await fetch(`${proc.url}/v2/ping`, { headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': PROJECT } });
    expect(ping.status).toBe(204);
  };

  it('answers the frames that used to end the process with 400 and stays up', async () => {
    const client = new FuzzClient(wsUrl);
    await client.connect();
    const deepJson = `{"action":"queue_list","headers":{"Client-ID":"${CLIENT_ID}","X-Project-ID":"${PROJECT}"},"body":${'['.repeat(4500)}${']'.repeat(4500)}}`;
    const deepPack = Buffer.from(encode(JSON.parse('['.repeat(99) + ']'.repeat(99)), { maxDepth: 500 }));
    for (const frame of [
      { data: deepJson, binary: false },
      { data: deepPack, binary: true },
    ]) {
      const answer = await client.send(frame);
      expect('data' in answer && statusOf(answer)).toBe(400);
    }
    client.close();
    await alive();
  });

  it(`survives a bounded websocket fuzz with no 5xx but 503 (seed ${SEED})`, async () => {
    const fuzz = new Fuzzer(prng(SEED));
    const client = new FuzzClient(wsUrl);
    await client.connect();
    const statuses = new Map<number, number>();
    const deadline = Date.now() + 12_000;
    for (let i = 0; i < 1500 && Date.now() < deadline; i++) {
      const frame = fuzz.frame();
      const answer = await client.send(frame);
      if ('closed' in answer) {
        expect([1007, 1009, 1008, 1002]).toContain(answer.closed);
        continue;
      }
      const status = statusOf(answer);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 && status !== 503)
        throw new Error(`answered ${status}: ${String(frame.data).slice(0, 300)} -> ${answer.data.toString('utf8').slice(0, 500)}`);
    }
    client.close();
    expect(statuses.get(400)).toBeGreaterThan(0);
    await alive();
  }, 30_000);

  it(`survives a bounded HTTP fuzz with no 5xx but 503 (seed ${SEED})`, async () => {
    const fuzz = new Fuzzer(prng(SEED + 1));
    const deadline = Date.now() + 10_000;
    let answered = 0;
    for (let i = 0; i < 1500 && Date.now() < deadline; i++) {
      const { method, path, body } = fuzz.httpRequest();
      const res = await fetch(proc.url + path, {
        method,
        body,
        headers: { 'Client-ID': CLIENT_ID, 'X-Project-ID': PROJECT, 'Content-Type': 'application/json' },
      });
      const text = await res.text();
      if (res.status >= 500 && res.status !== 503) throw new Error(`${method} ${path} ${body?.slice(0, 200)} answered ${res.status}: ${text}`);
      if (res.status >= 400 && res.status !== 405) expect(Object.keys(JSON.parse(text)).sort()).toEqual(expect.arrayContaining(['title']));
      answered++;
    }
    expect(answered).toBeGreaterThan(100);
    await alive();
  }, 30_000);
});
