/**
 * The Redis the tests use (ZAQAR_TEST_REDIS_URI, default redis://127.0.0.1:6379),
 * shared with other test runs: every test works under its own key prefix and removes
 * its keys afterwards (never FLUSHDB).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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
    const probe = `const R=require('ioredis');const c=new R(process.argv[1],{lazyConnect:true,maxRetriesPerRequest:0,retryStrategy:()=>null,connectTimeout:2000});` +
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
