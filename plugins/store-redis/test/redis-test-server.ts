/**
 * The Redis the tests use (ZAQAR_TEST_REDIS_URI, default redis://127.0.0.1:6379),
 * shared with other test runs: every test works under its own key prefix and removes
 * its keys afterwards (never FLUSHDB).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import Redis from 'ioredis';

export const TEST_REDIS_URI = process.env.ZAQAR_TEST_REDIS_URI ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix (no glob characters, so SCAN MATCH can use it as is). */
export function testPrefix(label = 'test'): string {
  return `zaqar-${label}-${randomUUID()}:`;
}

/** The store uri for a prefix (and optional extra query options). */
export function testUri(prefix: string, extra = ''): string {
  const separator = TEST_REDIS_URI.includes('?') ? '&' : '?';
  return `${TEST_REDIS_URI}${separator}key_prefix=${encodeURIComponent(prefix)}${extra}`;
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string, uri = TEST_REDIS_URI): Promise<number> {
  const client = new Redis(uri.replace(/\?.*$/, ''), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await client.del(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    client.disconnect();
  }
}

/** Every key under `prefix` with its stored values, one line per key (for tests of data at rest). */
export async function dumpPrefix(prefix: string, uri = TEST_REDIS_URI): Promise<Buffer> {
  const client = new Redis(uri.replace(/\?.*$/, ''), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const lines: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) lines.push(`${key}\t${(await readValues(client, key)).join('\t')}`);
    } while (cursor !== '0');
    return Buffer.from(lines.sort().join('\n'));
  } finally {
    client.disconnect();
  }
}

async function readValues(client: Redis, key: string): Promise<string[]> {
  switch (await client.type(key)) {
    case 'string':
      return [(await client.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await client.hgetall(key)).flat();
    case 'zset':
      return client.zrange(key, 0, -1, 'WITHSCORES');
    case 'set':
      return client.smembers(key);
    case 'list':
      return client.lrange(key, 0, -1);
    default:
      return [];
  }
}

let available: boolean | undefined;

/**
 * Whether the test Redis answers PING (checked once, synchronously, so that test
 * registration can depend on it).
 */
export function redisAvailable(): boolean {
  if (available === undefined) {
    const probe =
      `const R=require('ioredis');const c=new R(process.argv[1],{lazyConnect:true,maxRetriesPerRequest:0,retryStrategy:()=>null,connectTimeout:2000});` +
      `c.connect().then(()=>c.ping()).then(()=>process.exit(0),()=>process.exit(1));`;
    const result = spawnSync(process.execPath, ['-e', probe, TEST_REDIS_URI], { cwd: __dirname, timeout: 5000 });
    available = result.status === 0;
  }
  return available;
}

/**
 * `describe` that needs the test Redis. Outside CI, a missing Redis skips the block with
 * the reason in its title; under CI=true the block always runs (and fails without Redis).
 */
export function describeWithRedis(title: string, body: () => void): void {
  if (process.env.CI === 'true' || redisAvailable()) describe(title, body);
  else describe.skip(`${title} [skipped: no Redis at ${TEST_REDIS_URI}]`, body);
}

/** The redis-server binary for tests that start their own (ZAQAR_REDIS_SERVER_BIN). */
export const REDIS_SERVER_BIN = process.env.ZAQAR_REDIS_SERVER_BIN ?? 'redis-server';

/** Whether REDIS_SERVER_BIN runs. */
export function haveRedisServer(): boolean {
  return spawnSync(REDIS_SERVER_BIN, ['--version']).status === 0;
}

/**
 * `describe` that starts its own redis-server. Outside CI, a missing binary skips the
 * block with the reason in its title; under CI=true the block always runs.
 */
export function describeWithRedisServer(title: string, body: () => void): void {
  if (process.env.CI === 'true' || haveRedisServer()) describe(title, body);
  else describe.skip(`${title} [skipped: no ${REDIS_SERVER_BIN} binary]`, body);
}

export { freePort } from '../../../test/support/free-port';

/**
 * A throw-away redis-server (or sentinel, with `--sentinel` in `args`) in the foreground
 * on `port`, without persistence; resolves once it answers on that port.
 */
export async function startRedisServer(port: number, args: string[] = [], auth?: string): Promise<ChildProcess> {
  const argv = [...args, '--port', String(port), '--bind', '127.0.0.1'];
  if (!args.includes('--sentinel')) argv.push('--save', '', '--appendonly', 'no');
  const child = spawn(REDIS_SERVER_BIN, argv, { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await answers(port, auth)) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port}`);
}

/** Whether something on `port` answers PING (after AUTH when given) with a Redis reply. */
function answers(port: number, auth?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write(`${auth ? `AUTH ${auth}\r\n` : ''}PING\r\n`));
    socket.on('data', (data) => {
      resolve(/\+PONG/.test(data.toString()));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** Kills a server started by startRedisServer and waits for it to exit. */
export function stopRedisServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
