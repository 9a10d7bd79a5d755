'use strict';
/**
 * `npm run bench:ws`: starts zaqar-server (wsgi + websocket, SQLite in a temp
 * folder) in a child process on loopback, then from this process measures
 *   1. messages/s posted and claimed (claim + delete) over 1 and over 100 connections,
 *   2. the server's RSS per idle connection with 10,000 idle connections,
 * prints the numbers and stops everything. Options: --store sqlite|redis
 * (default sqlite; redis uses 127.0.0.1:6379 or ZAQAR_BENCH_REDIS_URI under a key
 * prefix deleted at exit), --seconds 5 (per phase), --idle 10000, --window 8
 * (requests in flight per connection), --batch 10 (messages per post), --workers N
 * ([DEFAULT] workers; default 0: one per core, one process on SQLite). RSS is the sum over the server's processes.
 * 10,000 idle connections need about 10,100 file descriptors in each process;
 * Node cannot raise its own limit, so run it from a shell with `ulimit -n 20000`
 * (or lower --idle) when `ulimit -n` says less.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const WebSocket = require('ws');
const { rssOfTree } = require('./common');

const ROOT = path.resolve(__dirname, '../..');
// The `zaqar-server` command itself: its shebang carries the node flags the server runs with.
const CLI = path.join(ROOT, 'packages/server/bin/zaqar-server.js');
const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench' };

function arg(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  return typeof fallback === 'number' ? Number(process.argv[at + 1]) : process.argv[at + 1];
}
const STORE = arg('store', 'sqlite');
const SECONDS = arg('seconds', 5);
const IDLE = arg('idle', 10000);
const WINDOW = arg('window', 8);
const BATCH = arg('batch', 10);
const WORKERS = arg('workers', undefined);

const freePort = () =>
  new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/** The store sections for --store (`dir`: the run's temp folder). */
function storeConf(dir) {
  if (STORE === 'redis') {
    const base = process.env.ZAQAR_BENCH_REDIS_URI || 'redis://127.0.0.1:6379';
    const prefix = `zaqar-${path.basename(dir)}:`;
    const drop = path.join(ROOT, 'plugins/store-redis/scripts/drop-prefix.js');
    process.on('exit', () => require('node:child_process').execFileSync(process.execPath, [drop, prefix, base], { stdio: 'ignore' }));
    const uri = `${base}${base.includes('?') ? '&' : '?'}key_prefix=${prefix}`;
    return `message_store = redis\nmanagement_store = redis\n[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n`;
  }
  const uri = `sqlite:///${dir}/zaqar.db`;
  return `message_store = sqlalchemy\nmanagement_store = sqlalchemy\n[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`;
}

async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-bench-ws-'));
  const [http, ws] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'zaqar.conf');
  fs.writeFileSync(
    conf,
    `[drivers]\ntransport = wsgi, websocket\n${storeConf(dir)}` +
      `[drivers:transport:wsgi]\nport = ${http}\n[drivers:transport:websocket]\nport = ${ws}\nnotification_bind = 127.0.0.1\nping_interval = 0\n`,
  );
  const env = WORKERS ? { ...process.env, OS_DEFAULT__WORKERS: WORKERS } : process.env;
  const child = spawn(CLI, ['--config-file', conf], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `ws://127.0.0.1:${ws}`;
  for (let i = 0; i < 200; i++) {
    try {
      const socket = await connect(url);
      socket.close();
      return { child, url, dir };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error('zaqar-server did not start');
}

function connect(url, localAddress) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress, perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A connection that keeps up to WINDOW requests in flight; answers come back in order. */
function pipe(socket) {
  const waiting = [];
  socket.on('message', (data) => {
    const doc = JSON.parse(data);
    if (doc.request) waiting.shift()(doc);
  });
  return (action, body) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      socket.send(JSON.stringify({ action, headers: HEADERS, body }));
    });
}

/** Runs `step` on every connection with WINDOW in flight until the deadline; returns messages moved. */
async function drive(requesters, step) {
  const deadline = Date.now() + SECONDS * 1000;
  let moved = 0;
  const worker = async (request) => {
    while (Date.now() < deadline) {
      const n = await step(request); // read `moved` after the await: workers interleave
      moved += n;
    }
  };
  await Promise.all(requesters.flatMap((request) => Array.from({ length: WINDOW }, () => worker(request))));
  return moved;
}

const post = (queue) => async (request) => {
  const res = await request('message_post', { queue_name: queue, messages: Array.from({ length: BATCH }, (_, i) => ({ body: { i }, ttl: 3600 })) });
  return res.headers.status === 201 ? BATCH : 0;
};

const claim = (queue) => async (request) => {
  const res = await request('claim_create', { queue_name: queue, limit: BATCH });
  if (res.headers.status !== 201) return 0;
  const ids = res.body.messages.map((m) => m.id);
  await request('message_delete_many', { queue_name: queue, message_ids: ids });
  return ids.length;
};

/** RSS (bytes) of the server: the process and, with workers, every worker (they hold the connections). */
function rssOf(pid) {
  let total = 0;
  for (const kib of rssOfTree(pid).values()) total += kib * 1024;
  return total;
}

async function throughput(url, connections) {
  const sockets = await Promise.all(Array.from({ length: connections }, () => connect(url)));
  const requesters = sockets.map(pipe);
  const queue = `bench-${connections}`;
  const posted = await drive(requesters, post(queue));
  const claimed = await drive(requesters, claim(queue));
  sockets.forEach((s) => s.close());
  return { posted: Math.round(posted / SECONDS), claimed: Math.round(claimed / SECONDS) };
}

async function idleMemory(url, pid) {
  const before = rssOf(pid);
  const sockets = [];
  // Spread over loopback source addresses so ephemeral ports never run out.
  for (let i = 0; i < IDLE; i += 500) {
    const batch = Array.from({ length: Math.min(500, IDLE - i) }, (_, j) => connect(url, `127.0.0.${2 + ((i + j) % 200)}`));
    sockets.push(...(await Promise.all(batch)));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssOf(pid);
  sockets.forEach((s) => s.terminate());
  return { connections: sockets.length, rssBefore: before, rssAfter: after, perConnection: Math.round((after - before) / sockets.length) };
}

async function main() {
  const server = await startServer();
  try {
    const mb = (n) => `${(n / 1048576).toFixed(1)} MiB`;
    for (const connections of [1, 100]) {
      const { posted, claimed } = await throughput(server.url, connections);
      console.log(
        `${STORE}, ${String(connections).padStart(3)} connection(s), window ${WINDOW}, batch ${BATCH}: ${posted} messages/s posted, ${claimed} messages/s claimed+deleted`,
      );
    }
    const idle = await idleMemory(server.url, server.child.pid);
    console.log(
      `${idle.connections} idle connections (workers ${WORKERS ?? '0, automatic'}): server RSS ${mb(idle.rssBefore)} -> ${mb(idle.rssAfter)}, ${(idle.perConnection / 1024).toFixed(1)} KiB per connection`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
