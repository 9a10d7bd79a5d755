#!/usr/bin/env node
/**
 * `zaqar-bench`: the reference's load tool for any Zaqar v2 endpoint. Producers
 * post messages, consumers claim and delete them, observers list them, all for
 * `--time` seconds on keep-alive connections; then it prints each group's
 * throughput and latency under the reference's names (`reqs_per_sec`,
 * `ms_per_req`, `ms_per_claim`, `ms_per_delete`…), as text or (`--nodebug`)
 * one JSON document with `params`. Differences: the reference's processes ×
 * workers become processes × workers concurrent loops in this one process (a
 * Node process drives far more than one Python process); `--messages_per_post`
 * is ours (the reference posts one message per request); p50/p99 are added.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { firstLine } from '@zaqarjs/core';
import { parseCommand, runCommand } from './commands/command-line';

const USAGE = `Usage: zaqar-bench [options]

Drives a Zaqar v2 endpoint and prints throughput and latency per group (as the reference's zaqar-bench).

  -s, --server_url URL          Endpoint (default http://localhost:8888).
  -t, --time SECONDS            Duration (default 5).
  --producer_processes N (-pp)  \\  producers: processes x workers loops posting messages
  --producer_workers N (-pw)    /  (defaults 1 x 10)
  --consumer_processes N (-cp)  \\  consumers: loops claiming then deleting messages
  --consumer_workers N (-cw)    /  (defaults 1 x 0: off, as in the reference)
  --observer_processes N (-op)  \\  observers: loops listing messages
  --observer_workers N (-ow)    /  (defaults 1 x 5)
  --messages_per_post N         Messages in each post (default 1).
  --messages_per_claim N (-cno) Messages per claim (default 5).
  --messages_per_list N (-lno)  Messages per list (default 5).
  --queue_prefix NAME (-q)      Queue names are NAME-0, NAME-1... (default ogre-test-queue).
  --num_queues N (-qno)         Number of queues (default 4).
  --skip_queue_reset            Do not delete the queues first.
  --project_id ID               X-Project-ID (default zaqar-bench).
  --auth_token TOKEN            X-Auth-Token (default: $OS_AUTH_TOKEN).
  --nodebug                     Print one JSON document instead of text.
  -h, --help                    Show this help.
`;

/** The reference's short spellings (oslo accepts `-pp 2`). */
const SHORT: Record<string, string> = {
  '-pp': '--producer_processes',
  '-pw': '--producer_workers',
  '-cp': '--consumer_processes',
  '-cw': '--consumer_workers',
  '-op': '--observer_processes',
  '-ow': '--observer_workers',
  '-cno': '--messages_per_claim',
  '-lno': '--messages_per_list',
  '-qno': '--num_queues',
  '-q': '--queue_prefix',
  '-s': '--server_url',
  '-t': '--time',
};

const INTEGERS = [
  'producer_processes',
  'producer_workers',
  'consumer_processes',
  'consumer_workers',
  'observer_processes',
  'observer_workers',
  'messages_per_post',
  'messages_per_claim',
  'messages_per_list',
  'num_queues',
] as const;
const DEFAULTS: Record<(typeof INTEGERS)[number], number> = {
  producer_processes: 1,
  producer_workers: 10,
  consumer_processes: 1,
  consumer_workers: 0,
  observer_processes: 1,
  observer_workers: 5,
  messages_per_post: 1,
  messages_per_claim: 5,
  messages_per_list: 5,
  num_queues: 4,
};

type Settings = Record<(typeof INTEGERS)[number], number> & {
  server_url: string;
  time: number;
  queue_prefix: string;
  skip_queue_reset: boolean;
  project_id: string;
  auth_token?: string;
  json: boolean;
};

function settings(argv: readonly string[]): Settings | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    server_url: { type: 'string' },
    time: { type: 'string' },
    queue_prefix: { type: 'string' },
    skip_queue_reset: { type: 'boolean' },
    project_id: { type: 'string' },
    auth_token: { type: 'string' },
    nodebug: { type: 'boolean' },
    debug: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of INTEGERS) options[name] = { type: 'string' };
  const command = parseCommand<Record<string, string | boolean | undefined>>(
    argv.map((arg) => SHORT[arg] ?? arg),
    options,
  );
  const v = command.values;
  if (v.help) return 'help';
  const integer = (name: string, fallback: number, min = 0): number => {
    const raw = v[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, not ${JSON.stringify(raw)}`);
    return n;
  };
  const result = {
    server_url: String(v.server_url ?? 'http://localhost:8888').replace(/\/+$/, ''),
    time: integer('time', 5, 1),
    queue_prefix: String(v.queue_prefix ?? 'ogre-test-queue'),
    skip_queue_reset: v.skip_queue_reset === true,
    project_id: String(v.project_id ?? 'zaqar-bench'),
    auth_token: (v.auth_token as string | undefined) ?? process.env.OS_AUTH_TOKEN,
    json: v.nodebug === true,
  } as Settings;
  for (const name of INTEGERS) result[name] = integer(name, DEFAULTS[name], name.startsWith('messages_per') || name === 'num_queues' ? 1 : 0);
  return result;
}

interface Reply {
  status: number;
  body: unknown;
}

function client(s: Settings): (method: string, path: string, body?: unknown) => Promise<Reply> {
  const url = new URL(s.server_url);
  const secure = url.protocol === 'https:';
  const agent = new (secure ? https : http).Agent({ keepAlive: true });
  const headers: Record<string, string> = {
    'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c',
    'X-Project-ID': s.project_id,
    'Content-Type': 'application/json',
    ...(s.auth_token ? { 'X-Auth-Token': s.auth_token } : {}),
  };
  const base = url.pathname.replace(/\/+$/, '');
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = (secure ? https : http).request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path: base + path,
          agent,
          headers: payload ? { ...headers, 'Content-Length': Buffer.byteLength(payload) } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

/** Latencies (ms) of one kind of request. */
class Timings {
  readonly ms: number[] = [];
  total = 0;
  add(ms: number): void {
    this.ms.push(ms);
  }
  mean(): number {
    return this.ms.length === 0 ? 0 : this.ms.reduce((a, b) => a + b, 0) / this.ms.length;
  }
  percentile(p: number): number {
    if (this.ms.length === 0) return 0;
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
}

type Request = ReturnType<typeof client>;

async function timed(timings: Timings, work: () => Promise<Reply>, ok: (status: number) => boolean): Promise<Reply | undefined> {
  const start = process.hrtime.bigint();
  timings.total++;
  try {
    const reply = await work();
    if (!ok(reply.status)) return undefined;
    timings.add(Number(process.hrtime.bigint() - start) / 1e6);
    return reply;
  } catch {
    return undefined;
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

async function loops(count: number, until: number, body: () => Promise<unknown>): Promise<number> {
  const start = Date.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (Date.now() < until) await body();
    }),
  );
  return (Date.now() - start) / 1000;
}

function producerStats(duration: number, t: Timings, messagesPerPost: number): Record<string, number> {
  return {
    duration_sec: duration,
    total_reqs: t.total,
    successful_reqs: t.ms.length,
    reqs_per_sec: duration ? t.ms.length / duration : 0,
    ...(messagesPerPost > 0 ? { messages_per_sec: duration ? (t.ms.length * messagesPerPost) / duration : 0 } : {}),
    ms_per_req: t.mean(),
    ms_p50: t.percentile(50),
    ms_p99: t.percentile(99),
  };
}

async function run(s: Settings): Promise<Record<string, Record<string, number>>> {
  const request: Request = client(s);
  const queues = Array.from({ length: s.num_queues }, (_, i) => `${s.queue_prefix}-${i}`);
  if (!s.skip_queue_reset) {
    for (const queue of queues) {
      const reply = await request('DELETE', `/v2/queues/${queue}`);
      if (reply.status >= 300) throw new Error(`resetting ${queue}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  }
  const until = Date.now() + s.time * 1000;
  const posts = new Timings();
  const claims = new Timings();
  const deletes = new Timings();
  const lists = new Timings();
  let processed = 0;
  const messages = Array.from({ length: s.messages_per_post }, (_, i) => ({
    ttl: 300,
    body: { id: i, event: 'BackupStarted', backup_id: 'c378813c-3f0b-11e2-ad92-7823d2b0f3ce' },
  }));
  const producer = loops(s.producer_processes * s.producer_workers, until, () =>
    timed(
      posts,
      () => request('POST', `/v2/queues/${pick(queues)}/messages`, { messages }),
      (st) => st === 201,
    ),
  );
  const consumer = loops(s.consumer_processes * s.consumer_workers, until, async () => {
    const claim = await timed(
      claims,
      () => request('POST', `/v2/queues/${pick(queues)}/claims?limit=${s.messages_per_claim}`, { ttl: 60, grace: 60 }),
      (st) => st === 201 || st === 204,
    );
    const claimed = (claim?.body as { messages?: { href: string }[] } | undefined)?.messages ?? [];
    for (const message of claimed) {
      const deleted = await timed(
        deletes,
        () => request('DELETE', message.href),
        (st) => st === 204,
      );
      if (deleted) processed++;
    }
    // An empty queue answers at once: pause a little rather than spin.
    if (claimed.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });
  const observer = loops(s.observer_processes * s.observer_workers, until, () =>
    timed(
      lists,
      () => request('GET', `/v2/queues/${pick(queues)}/messages?limit=${s.messages_per_list}&echo=true`),
      (st) => st === 200 || st === 204,
    ),
  );
  const [producerSec, consumerSec, observerSec] = await Promise.all([producer, consumer, observer]);
  const consumed = claims.ms.length + deletes.ms.length;
  return {
    producer: producerStats(s.producer_workers * s.producer_processes ? producerSec : 0, posts, s.messages_per_post),
    consumer: {
      duration_sec: s.consumer_workers * s.consumer_processes ? consumerSec : 0,
      total_reqs: claims.total + deletes.total,
      claim_total_requests: claims.ms.length,
      successful_reqs: consumed,
      messages_processed: processed,
      reqs_per_sec: consumerSec ? consumed / consumerSec : 0,
      messages_per_sec: consumerSec ? processed / consumerSec : 0,
      ms_per_claim: claims.mean(),
      ms_per_delete: deletes.mean(),
      ms_p99_claim: claims.percentile(99),
    },
    observer: producerStats(s.observer_workers * s.observer_processes ? observerSec : 0, lists, 0),
  };
}

runCommand('zaqar-bench', async () => {
  let s;
  try {
    s = settings(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`zaqar-bench: ${firstLine(error)}\n`);
    return 2;
  }
  if (s === 'help') return (void process.stdout.write(USAGE), 0);
  if (!s.json) {
    process.stdout.write(`Benchmarking ${s.server_url} for ${s.time} s (pp=${s.producer_processes}, pw=${s.producer_workers}, `);
    process.stdout.write(`cp=${s.consumer_processes}, cw=${s.consumer_workers}, op=${s.observer_processes}, ow=${s.observer_workers})...\n`);
  }
  const stats = await run(s);
  if (s.json) {
    const params = Object.fromEntries(
      (['producer', 'consumer', 'observer'] as const).map((g) => [g, { processes: s[`${g}_processes`], workers: s[`${g}_workers`] }]),
    );
    process.stdout.write(`${JSON.stringify({ ...stats, params })}\n`);
    return 0;
  }
  for (const name of ['producer', 'observer', 'consumer']) {
    const group = stats[name];
    if (!group.duration_sec) continue;
    const lines = Object.entries(group)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}: ${value.toFixed(1)}`);
    process.stdout.write(`\n${name[0].toUpperCase()}${name.slice(1)}\n${'='.repeat(name.length)}\n${lines.join('\n')}\n`);
  }
  return 0;
});
