'use strict';
/**
 * `npm run bench:idempotency`: the cost of an Idempotency-Key. Starts one zaqar-server
 * (one worker) on SQLite, or on Redis with `--store redis` (ZAQAR_TEST_REDIS_URI, default
 * 127.0.0.1:6379, under a key prefix of its own, deleted afterwards), and posts one-message
 * bodies from `--clients` concurrent fetch loops: per round `--posts` plain posts, then as many
 * with a fresh key each, after three warm-up rounds. Prints per round both rates and their ratio,
 * and the median ratio: on a shared machine only the ratio means anything. Options: --rounds 9,
 * --posts 1000, --clients 8, --store sqlite|redis.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { arg, freePort, median } = require('./common');

// The `zaqar-server` command itself: its shebang carries the node flags the server runs with.
const CLI = path.resolve(__dirname, '../../packages/server/bin/zaqar-server.js');
const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' };
const BODY = JSON.stringify({ messages: [{ body: { event: 'bench', n: 1 } }] });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function storeSections(store, dir, prefix) {
  if (store === 'redis') {
    const base = (process.env.ZAQAR_TEST_REDIS_URI ?? 'redis://127.0.0.1:6379').replace(/\?.*$/, '');
    const uri = `${base}?prefix=${prefix}`;
    return `[drivers]\nmessage_store = redis\nmanagement_store = redis\n[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n`;
  }
  const db = `sqlite:///${dir}/zaqar.db`;
  return `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n`;
}

async function startServer(dir, sections) {
  const port = await freePort();
  const conf = path.join(dir, 'zaqar.conf');
  fs.writeFileSync(conf, `[DEFAULT]\nworkers = 1\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n${sections}`);
  const child = spawn(CLI, ['--config-file', conf], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    try {
      if ((await fetch(`${url}/v2/ping`, { headers: HEADERS })).status < 500) return { url, child };
    } catch {
      /* not up yet */
    }
  }
  child.kill();
  throw new Error(`${url} did not come up`);
}

/** Posts per second of `posts` posts from `clients` loops; `key` makes each request's key (or none). */
async function round(url, posts, clients, key) {
  let left = posts;
  const started = performance.now();
  const loop = async () => {
    while (left-- > 0) {
      const headers = key ? { ...HEADERS, 'Idempotency-Key': key() } : HEADERS;
      const res = await fetch(`${url}/v2/queues/bench/messages`, { method: 'POST', headers, body: BODY });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return posts / ((performance.now() - started) / 1000);
}

async function main() {
  const rounds = Math.max(1, Number(arg('rounds', '9')));
  const posts = Number(arg('posts', '1000'));
  const clients = Number(arg('clients', '8'));
  const store = arg('store', 'sqlite');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-bench-idem-'));
  const prefix = `bench-idem-${process.pid}:`;
  const { url, child } = await startServer(dir, storeSections(store, dir, prefix));
  let n = 0;
  const fresh = () => `bench-${process.pid}-${n++}`;
  try {
    for (let i = 0; i < 3; i++) await round(url, posts, clients, fresh).then(() => round(url, posts, clients));
    const ratios = [];
    console.log(`store ${store}, 1 worker, ${clients} clients, ${posts} posts per run (os.loadavg ${os.loadavg()[0].toFixed(1)})`);
    for (let i = 0; i < rounds; i++) {
      const plain = await round(url, posts, clients);
      const keyed = await round(url, posts, clients, fresh);
      ratios.push(keyed / plain);
      console.log(`round ${i + 1}: plain ${plain.toFixed(0)}/s, keyed ${keyed.toFixed(0)}/s, keyed/plain ${(100 * (keyed / plain)).toFixed(0)} %`);
    }
    console.log(`median keyed/plain: ${(100 * median(ratios)).toFixed(0)} % (load average now ${os.loadavg()[0].toFixed(1)})`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
    if (store === 'redis') await dropPrefix(prefix);
  }
}

/** Deletes the bench's Redis keys (ioredis, from the Redis store's workspace). */
async function dropPrefix(prefix) {
  const Redis = require(require.resolve('ioredis', { paths: [path.resolve(__dirname, '../../plugins/store-redis')] }));
  const client = new Redis(process.env.ZAQAR_TEST_REDIS_URI ?? 'redis://127.0.0.1:6379');
  try {
    for (let cursor = '0'; ;) {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await client.del(...keys);
      if ((cursor = next) === '0') break;
    }
  } finally {
    client.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
