'use strict';
/**
 * Long-poll claims and claim streams (issue 16), on one zaqar-server (SQLite, wsgi + websocket,
 * workers = 1):
 * 1. long-poll latency: a claimer waits (`?wait=5`), one message is posted; ms from the post's
 *    answer to the claim's answer (p50/p99 over --tries, default 200);
 * 2. post1 throughput with 1,000 claimers waiting on another queue of the project (held by this
 *    process, 3 s to settle), as a share of the same workload on the same server without them,
 *    rounds interleaved (order alternating); and the server's CPU time per post in both;
 * 3. claim_stream: one websocket stream (credit 100, each message acknowledged with
 *    message_delete) while messages are posted one per request at --rate msg/s (default 1,000);
 *    ms from post sent and from post answered to the push arriving (p50/p99); again at a tenth of
 *    the rate.
 * Options: --seconds 5, --rounds 3, --connections 32, --waiters 1000, --tries 200, --rate 1000.
 * `npm run bench` runs it after run.js and notify.js (--no-long-poll skips it).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const WebSocket = require('ws');
const { arg, cpuMsOfTree, freePort, median, runLoad } = require('./common');

const ROOT = path.resolve(__dirname, '../..');
// The `zaqar-server` command itself: its shebang carries the node flags the server runs with.
const CLI = path.join(ROOT, 'packages/server/bin/zaqar-server.js');
const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${pct(sorted, 50).toFixed(2)} ms, p99 ${pct(sorted, 99).toFixed(2)} ms (n = ${sorted.length})`;
};

async function startServer(dir, children) {
  const [port, wsPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'zaqar.conf');
  const db = `sqlite:///${dir}/zaqar.db`;
  fs.writeFileSync(
    conf,
    `[DEFAULT]\nworkers = 1\n[drivers]\ntransport = wsgi, websocket\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n` +
      `[drivers:transport:websocket]\nbind = 127.0.0.1\nport = ${wsPort}\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n`,
  );
  const child = spawn(CLI, ['--config-file', conf], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    try {
      if ((await fetch(`${url}/v2/ping`, { headers: HEADERS })).status < 500) return { url, ws: `ws://127.0.0.1:${wsPort}`, pid: child.pid };
    } catch {
      /* not up yet */
    }
  }
  throw new Error(`${url} did not come up`);
}

/** One HTTP request on `agent`; resolves with status and parsed body. */
function request(base, agent, method, path, body) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: url.hostname, port: url.port, method, path, agent, headers: HEADERS }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** `count` claimers long-polling `queue` (re-asking after each 204) until stopped. */
function holdWaiters(base, queue, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  let stopped = false;
  const loop = async () => {
    while (!stopped) await request(base, agent, 'POST', `/v2/queues/${queue}/claims?wait=20`, { ttl: 60, grace: 60 }).catch(() => undefined);
  };
  for (let i = 0; i < count; i++) void loop();
  return () => {
    stopped = true;
    agent.destroy();
  };
}

async function longPollLatency(base, tries) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const latencies = [];
  for (let i = 0; i < tries; i++) {
    const claimed = request(base, agent, 'POST', '/v2/queues/bench-lp-latency/claims?wait=5&limit=1', { ttl: 60, grace: 60 }).then((r) => ({
      ...r,
      at: now(),
    }));
    await sleep(20); // the claim is waiting by then
    await request(base, agent, 'POST', '/v2/queues/bench-lp-latency/messages', { messages: [{ body: i, ttl: 300 }] });
    const posted = now();
    const answer = await claimed;
    if (answer.status !== 201) throw new Error(`long-poll claim answered ${answer.status}`);
    latencies.push(Math.max(0, answer.at - posted));
  }
  agent.destroy();
  return latencies;
}

async function streamLatency(base, wsUrl, rate, seconds) {
  const socket = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  const sent = new Map();
  const answered = new Map();
  const fromSent = [];
  const fromAnswered = [];
  const pendingAnswered = new Map();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.headers?.stream !== 'claim_stream') return;
    const at = now();
    for (const m of frame.body.messages) {
      fromSent.push(at - sent.get(m.body));
      if (answered.has(m.body)) fromAnswered.push(Math.max(0, at - answered.get(m.body)));
      else pendingAnswered.set(m.body, at);
      const ack = { queue_name: 'bench-stream', message_id: m.id, claim_id: frame.body.claim_id };
      socket.send(JSON.stringify({ action: 'message_delete', headers: HEADERS, body: ack }));
    }
  });
  socket.send(JSON.stringify({ action: 'claim_stream', headers: HEADERS, body: { queue_name: 'bench-stream', credit: 100, ttl: 60, grace: 60 } }));
  await sleep(200);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = rate * seconds;
  const started = now();
  const posts = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    if (due > now()) await sleep(due - now());
    sent.set(i, now());
    posts.push(
      request(base, agent, 'POST', '/v2/queues/bench-stream/messages', { messages: [{ body: i, ttl: 300 }] }).then(() => {
        const at = now();
        answered.set(i, at);
        // Delivered before the post's answer came back: 0 ms after it.
        if (pendingAnswered.has(i)) fromAnswered.push(0);
      }),
    );
  }
  await Promise.all(posts);
  const achieved = total / ((now() - started) / 1000);
  for (const deadline = now() + 10_000; fromSent.length < total && now() < deadline;) await sleep(50);
  socket.close();
  agent.destroy();
  return { fromSent, fromAnswered, achieved, delivered: fromSent.length, total };
}

async function main() {
  const seconds = Number(arg('seconds', '5'));
  const rounds = Math.max(1, Number(arg('rounds', '3')));
  const connections = Number(arg('connections', '32'));
  const waiters = Number(arg('waiters', '1000'));
  const tries = Number(arg('tries', '200'));
  const rate = Number(arg('rate', '1000'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-bench-long-poll-'));
  const children = [];
  const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  process.on('exit', stopAll);
  try {
    const { url, ws, pid } = await startServer(dir, children);
    console.log(`long-poll and claim stream, SQLite, workers = 1, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
    console.log(`long-poll latency, post answered → claim answered: ${fmt(await longPollLatency(url, tries))}`);

    const spec = { url, workload: 'post1', queue: 'bench-lp-post', connections };
    await runLoad({ ...spec, seconds: 2 });
    console.log(`post1, ${connections} connections, with ${waiters} claimers waiting on another queue vs without, ${rounds} rounds of ${seconds} s`);
    console.log('round  without req/s  with req/s  ratio   server CPU ms/post without  with  ratio');
    const ratios = [];
    const cpuRatios = [];
    // Server CPU time per post moves far less than req/s on a machine shared with other work.
    const run = async () => {
      const before = cpuMsOfTree(pid);
      const result = await runLoad({ ...spec, seconds });
      return { ...result, cpuPerPost: (cpuMsOfTree(pid) - before) / result.requests };
    };
    const measure = async (withWaiters) => {
      if (!withWaiters) return run();
      const stop = holdWaiters(url, 'bench-lp-idle', waiters);
      await sleep(3000); // every claimer has made its first attempt and is waiting by then
      try {
        return await run();
      } finally {
        stop();
        await sleep(1000); // the server has seen them all leave
      }
    };
    for (let round = 1; round <= rounds; round++) {
      // Alternate which goes first, so drift over the run favours neither.
      const [first, second] = round % 2 ? [await measure(false), await measure(true)] : [await measure(true), await measure(false)];
      const [without, withWaiters] = round % 2 ? [first, second] : [second, first];
      ratios.push((100 * withWaiters.rps) / without.rps);
      cpuRatios.push((100 * withWaiters.cpuPerPost) / without.cpuPerPost);
      console.log(
        `${String(round).padStart(5)}  ${without.rps.toFixed(0).padStart(13)}  ${withWaiters.rps.toFixed(0).padStart(10)}  ${ratios.at(-1).toFixed(0).padStart(4)}%` +
          `   ${without.cpuPerPost.toFixed(3).padStart(25)}  ${withWaiters.cpuPerPost.toFixed(3).padStart(4)}  ${cpuRatios.at(-1).toFixed(0).padStart(4)}%`,
      );
    }
    console.log(`median CPU per post with waiters: ${median(cpuRatios).toFixed(0)}% of without`);
    console.log(`median req/s ratio: ${median(ratios).toFixed(0)}%`);

    // At --rate, then at a tenth of it (below saturation on a busy machine, where posts queue in the client).
    for (const asked of [rate, Math.max(1, Math.round(rate / 10))]) {
      const stream = await streamLatency(url, ws, asked, Math.min(seconds, 3));
      console.log(`claim_stream at ${stream.achieved.toFixed(0)} posts/s (asked ${asked}), credit 100, ${stream.delivered}/${stream.total} delivered`);
      console.log(`  post sent → push: ${fmt(stream.fromSent)}`);
      console.log(`  post answered → push: ${fmt(stream.fromAnswered)}`);
    }
  } finally {
    stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
