'use strict';
/**
 * `npm run bench:notify`: post1 throughput with 10 webhook subscribers on
 * a fast local receiver, as a share of the same run without subscribers, and deliveries/s.
 * Starts two zaqar-servers on SQLite (one with `message_pipeline = zaqar.notification.notifier`
 * and 10 http subscriptions on the posted queue), a receiver process answering 204, and drives
 * post1 on each from load-client.js, interleaved per round. Reports per round: both req/s, the
 * ratio, deliveries/s during the run, and after the queue drained (up to 30 s) how many of the
 * expected notifications (posts × 10) arrived; the rest were dropped by the bounded delivery
 * queue (logged and counted by the server). Options: --seconds 5, --rounds 3, --connections 32,
 * --workers 10 ([notification] max_notifier_workers).
 */
const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { arg, freePort, median, runLoad } = require('./common');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'packages/server/dist/cli.js');
const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' };
const SUBSCRIBERS = 10;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(dir, extra, children) {
  const port = await freePort();
  const conf = path.join(dir, 'zaqar.conf');
  const db = `sqlite:///${dir}/zaqar.db`;
  fs.writeFileSync(
    conf,
    `[DEFAULT]\nworkers = 1\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n${extra}`,
  );
  children.push(spawn(process.execPath, [CLI, '--config-file', conf], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] }));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    try {
      if ((await fetch(`${url}/v2/ping`, { headers: HEADERS })).status < 500) return url;
    } catch {
      /* not up yet */
    }
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  const seconds = Number(arg('seconds', '5'));
  const rounds = Math.max(1, Number(arg('rounds', '3')));
  const connections = Number(arg('connections', '32'));
  const workers = Number(arg('workers', '10'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-bench-notify-'));
  const children = [];
  const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  process.on('exit', stopAll);
  try {
    const receiver = fork(path.join(__dirname, 'webhook-receiver.js'), [], { stdio: 'ignore' });
    children.push(receiver);
    const receiverPort = await new Promise((resolve) => receiver.once('message', (m) => resolve(m.port)));
    const received = () =>
      new Promise((resolve) => {
        receiver.once('message', (m) => resolve(m.count));
        receiver.send('count');
      });
    fs.mkdirSync(path.join(dir, 'plain'));
    fs.mkdirSync(path.join(dir, 'notify'));
    const plain = await startServer(path.join(dir, 'plain'), '', children);
    const notify = await startServer(
      path.join(dir, 'notify'),
      `[storage]\nmessage_pipeline = zaqar.notification.notifier\n[notification]\nmax_notifier_workers = ${workers}\n`,
      children,
    );
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const res = await fetch(`${notify}/v2/queues/bench-post1/subscriptions`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ subscriber: `http://127.0.0.1:${receiverPort}/s${i}`, ttl: 86400 }),
      });
      if (res.status !== 201) throw new Error(`subscription failed: ${res.status} ${await res.text()}`);
    }
    const spec = (url) => ({ url, workload: 'post1', queue: 'bench-post1', connections });
    await runLoad({ ...spec(plain), seconds: 2 });
    await runLoad({ ...spec(notify), seconds: 2 });
    await sleep(3000);
    console.log(
      `post1, ${connections} connections, ${SUBSCRIBERS} webhook subscribers, max_notifier_workers = ${workers}, ${rounds} rounds of ${seconds} s, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log('round  plain req/s  notify req/s  ratio  deliveries/s (during)  delivered/expected (after drain)');
    const ratios = [];
    for (let round = 1; round <= rounds; round++) {
      const a = await runLoad({ ...spec(plain), seconds });
      const before = await received();
      const b = await runLoad({ ...spec(notify), seconds });
      const during = (await received()) - before;
      const expected = Math.round(b.mps * seconds) * SUBSCRIBERS;
      let after = during;
      for (let waited = 0, last = -1; waited < 30_000 && after !== last && after < expected; waited += 1000) {
        last = after;
        await sleep(1000);
        after = (await received()) - before;
      }
      ratios.push((100 * b.rps) / a.rps);
      console.log(
        `${String(round).padStart(5)}  ${a.rps.toFixed(0).padStart(11)}  ${b.rps.toFixed(0).padStart(12)}  ${ratios.at(-1).toFixed(0).padStart(4)}%  ${(during / seconds).toFixed(0).padStart(21)}  ${after}/${expected}`,
      );
    }
    console.log(`median ratio: ${median(ratios).toFixed(0)}%`);
  } finally {
    stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
