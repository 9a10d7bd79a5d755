#!/usr/bin/env node
'use strict';
/**
 * Deletes every key under a prefix: `node drop-prefix.js <prefix> [redis uri]`.
 * Used by the benchmark to clean up its run on a shared Redis (never FLUSHDB).
 */
const Redis = require('ioredis');

async function main() {
  const [prefix, uri = 'redis://127.0.0.1:6379'] = process.argv.slice(2);
  if (!prefix) throw new Error('usage: drop-prefix.js <prefix> [redis uri]');
  const pattern = prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`) + '*';
  const client = new Redis(uri, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await client.unlink(...keys);
  } while (cursor !== '0');
  client.disconnect();
  console.log(`${removed} keys removed under ${prefix}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
